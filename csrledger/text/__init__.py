"""Text stage: normalisation that keeps offsets, language identification, sentences, tokens, lemmas."""
