"""A varied corpus of real-news documents that no cache can flatter.

Sentences of ``../shared/train`` and ``dev2`` are shuffled across documents of
the same language, every digit is redrawn, and capitalised words inside a
sentence are swapped for other capitalised words of that language, so names
and numbers are new to the per-word caches; each document gets a fresh id.
Documents are built to a target size (1-2 KB by default), the size of a news
article.  The texts are generated at benchmark time and never stored.
"""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

from csrledger.model import Document
from csrledger.text.lang import detect
from csrledger.text.sentences import split_sentences

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SOURCES = (SHARED / "train" / "corpus.jsonl", SHARED / "corpus" / "dev2.jsonl")
_CAPITALISED = re.compile(r"(?<=[\w,;:] )([A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][a-zа-яёәғқңөұүһі]{2,})\b")
_DIGIT = re.compile(r"\d")


def available() -> bool:
    return all(path.exists() for path in SOURCES)


def sentence_pools() -> dict[str, list[str]]:
    """Sentences of the real articles by language (the language of their document)."""
    pools: dict[str, list[str]] = {}
    for path in SOURCES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            text = json.loads(line)["text"]
            lang = detect(text)
            pools.setdefault(lang, []).extend(text[s.start:s.end] for s in split_sentences(text, lang))
    return pools


def _renamed(sentence: str, names: list[str], rng: random.Random) -> str:
    sentence = _DIGIT.sub(lambda _: str(rng.randrange(10)), sentence)
    return _CAPITALISED.sub(lambda m: rng.choice(names) if rng.random() < 0.5 else m.group(), sentence)


def varied_documents(count: int, min_bytes: int = 1024, max_bytes: int = 2048, seed: int = 13,
                     pools: dict[str, list[str]] | None = None) -> list[Document]:
    """``count`` documents of ``min_bytes``-``max_bytes`` in the languages' shares of the sources."""
    rng = random.Random(seed)
    pools = pools or sentence_pools()
    langs = sorted(pools)
    weights = [len(pools[lang]) for lang in langs]
    names = {lang: sorted({m.group(1) for s in pools[lang] for m in _CAPITALISED.finditer(s)}) for lang in langs}
    docs = []
    for n in range(count):
        lang = rng.choices(langs, weights)[0]
        target = rng.randint(min_bytes, max_bytes)
        parts: list[str] = []
        size = 0
        while size < target:
            sentence = _renamed(rng.choice(pools[lang]), names[lang], rng)
            parts.append(sentence)
            size += len(sentence.encode("utf-8")) + 1
        text = parts[0] + "\n" + " ".join(parts[1:]) if len(parts) > 1 else parts[0]
        docs.append(Document(id=f"varied-{seed}-{n:06d}", text=text))
    return docs


def write_jsonl(docs: list[Document], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for doc in docs:
            out.write(json.dumps({"id": doc.id, "text": doc.text}, ensure_ascii=False) + "\n")
