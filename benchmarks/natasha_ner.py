"""natasha's NER pipeline over a JSONL corpus, for bench_pipeline.py's side-by-side figure.

Run in natasha's own environment (bench_pipeline.py sets one up): segmentation,
morphology, NER, normalisation of every span and the parts of every person's
name — what natasha's README shows as its pipeline.  Prints one JSON line:
documents, CPU seconds (after a warm-up, start-up excluded) and peak RSS.
"""
from __future__ import annotations

import json
import resource
import sys
import time

from natasha import Doc, MorphVocab, NamesExtractor, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

WARM_UP = 20


def main(path: str) -> None:
    texts = [json.loads(line)["text"] for line in open(path, encoding="utf-8") if line.strip()]
    segmenter, vocab, embedding = Segmenter(), MorphVocab(), NewsEmbedding()
    morph, ner, names = NewsMorphTagger(embedding), NewsNERTagger(embedding), NamesExtractor(vocab)

    def analyse(text: str) -> int:
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_morph(morph)
        doc.tag_ner(ner)
        for span in doc.spans:
            span.normalize(vocab)
            if span.type == "PER":
                span.extract_fact(names)
        return len(doc.spans)

    for text in texts[:WARM_UP]:
        analyse(text)
    start = time.process_time()
    spans = sum(analyse(text) for text in texts)
    seconds = time.process_time() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"documents": len(texts), "seconds": seconds, "spans": spans, "peak_mb": peak}))


if __name__ == "__main__":
    main(sys.argv[1])
