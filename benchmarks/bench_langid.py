"""Language identification: accuracy of the project's detector against py3langid alone.

Measured on the project's own sentences (benchmarks/data/lang_sentences.tsv),
and, when ../shared/refdata is present, on public sentences in each language
(UNER-PUD en/ru, KazNERD kk): measurement only, nothing is tuned to them.
"""
from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from csrledger.text.lang import detect

HERE = Path(__file__).resolve().parent
REFDATA = HERE.parent.parent / "shared" / "refdata"
LIMIT = 500  # sentences per public set


def own_sentences():
    for line in (HERE / "data" / "lang_sentences.tsv").read_text(encoding="utf-8").splitlines():
        lang, text = line.split("\t", 1)
        yield lang, text


def uner_sentences(lang: str):
    path = REFDATA / "UNER-PUD" / f"{lang}_pud-ud-test.iob2"
    if not path.exists():
        return
    n = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# text = ") and n < LIMIT:
            n += 1
            yield lang, line[len("# text = "):]


def kaznerd_sentences():
    path = REFDATA / "KazNERD" / "IOB2_test.txt"
    if not path.exists():
        return
    words, n = [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if words and n < LIMIT:
                n += 1
                yield "kk", " ".join(words)
            words = []
        else:
            words.append(line.rsplit(" ", 1)[0])


def measure(name, data, classify):
    started = time.perf_counter()
    right, per_lang = 0, Counter()
    totals = Counter(lang for lang, _ in data)
    for lang, text in data:
        if classify(text) == lang:
            right += 1
            per_lang[lang] += 1
    elapsed = time.perf_counter() - started
    parts = "  ".join(f"{lang} {per_lang[lang] / totals[lang]:.3f}" for lang in sorted(totals))
    print(f"  {name:<34} accuracy {right / len(data):.3f}   ({parts})   {len(data) / elapsed:,.0f} sentences/s")


def main():
    detect("Прогрев модели перед замером")
    unrestricted = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    restricted = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    restricted.set_languages(["ru", "en", "kk"])
    sets = {"own sentences": list(own_sentences()),
            "public: UNER-PUD en+ru, KazNERD kk": [*uner_sentences("en"), *uner_sentences("ru"), *kaznerd_sentences()]}
    for title, data in sets.items():
        if not data:
            print(f"{title}: not available")
            continue
        print(f"{title} ({len(data)} sentences)")
        measure("py3langid, all languages", data, lambda t: unrestricted.classify(t)[0])
        measure("py3langid, ru/en/kk only", data, lambda t: restricted.classify(t)[0])
        measure("csrledger.text.lang.detect", data, detect)


if __name__ == "__main__":
    main()
