"""Property-based fuzzing (hypothesis) of the corpus readers and the whole pipeline.

Whatever the bytes of a corpus file, reading yields documents or one error
each, never an exception; whatever the text of a document — control and
zero-width characters, RTL marks, huge numbers, money and scale words
repeated, Cyrillic, Kazakh and Latin mixed — the analysis does not crash,
every mention's offsets point at its text, every evidence span lies in the
text, every amount is finite, and no document takes over 2 seconds.
``CSRLEDGER_FUZZ_EXAMPLES`` sets the examples (``make bench``: the long run).

The huge documents (a 5 MB line, money words repeated 100,000 times) are a
fixed list, checked the same way but against a budget linear in their size
(``HUGE_SECONDS_PER_MB``): the pipeline reads 0.2-3 MB/s of such text (a name every two words
the slowest), so a 5 MB line takes seconds on one core, past the 2 s of the small documents; a cost
that grew with the square of the length would take hours.  Among them are the shapes
that once cost the square or the cube of their length: a run of names, a sentence of a thousand
actions and objects.
"""
from __future__ import annotations

import json
import math
import os
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csrledger.corpus import ReadError, read_corpus
from csrledger.model import Document
from csrledger.pipeline import analyse

EXAMPLES = int(os.environ.get("CSRLEDGER_FUZZ_EXAMPLES", "100"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))
MAX_SECONDS = 2.0
HUGE_SECONDS_PER_MB = 8.0

# Pieces that exercise the extractors: money, scales, numbers, names, legal forms, places, dates, odd characters.
PIECES = [
    "ТОО «Ақ Жол»", "АО \"Северный Путь\"", "компания", "Фонд", "передала", "построило", "выделил", "салды",
    "млн", "млрд", "тысяч", "тенге", "теңге", "KZT", "USD", "$", "₸", "миллиардов", "billion", "million",
    "школу", "детский сад", "балабақша", "мектеп", "hospital", "school", "в Павлодаре", "Алматы", "Shymkent",
    "в 2023 году", "2024–2026", "следующем году", "9999-12-31", "10 000.000.000", "1e400", "999999999999999999999",
    "120", "2,5", "1 200 500", "50%", "«", "»", "\"", "(", ")", ".", ",", "—", "-", "\n", "\n\n", " ", "  ",
    "\u200b", "\u200f", "\u202e", "\u00a0", "\ufeff", "\x00", "\x07", "\ufffd", "İ", "ё", "Әлем", "Ұлттық",
]
TEXTS = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=80).map(" ".join),
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
    st.text(max_size=300),
    st.tuples(st.sampled_from(["млн тенге ", "тенге ", "Ақ Жол ", "« ", "9", "1 000 "]),
              st.integers(1, 400)).map(lambda p: p[0] * p[1]),
)


def check(doc: Document, max_seconds: float = MAX_SECONDS) -> float:
    started = time.perf_counter()
    analysis = analyse(doc)
    took = time.perf_counter() - started
    assert took < max_seconds, f"{took:.1f} s"
    for mention in analysis.mentions():
        assert 0 <= mention.start < mention.end <= len(doc.text), mention
        assert doc.text[mention.start:mention.end] == mention.text, mention
        for name in ("value", "value_to", "alt"):
            value = getattr(mention, name, None)
            assert value is None or math.isfinite(value), mention
    for record in analysis.records:
        assert record.amount is None or (math.isfinite(record.amount) and record.amount >= 0), record
        for span in record.evidence:
            assert 0 <= span.start < span.end <= len(doc.text), record
    json.dumps(analysis.to_json(), allow_nan=False)
    return took


@SETTINGS
@given(text=TEXTS, lang=st.sampled_from([None, "ru", "kk", "en"]))
def test_the_pipeline_never_crashes_and_offsets_point_at_their_text(text, lang):
    check(Document(id="fuzz", text=text, lang=lang, source="fuzz"))


@SETTINGS
@given(data=st.binary(max_size=2000), kind=st.sampled_from([".jsonl", ".txt", ".html", ".json"]))
def test_the_readers_never_raise_on_any_bytes(tmp_path_factory, data, kind):
    path = tmp_path_factory.mktemp("bytes") / f"corpus{kind}"
    path.write_bytes(data)
    for item in read_corpus(path):
        assert isinstance(item, (Document, ReadError))
        if isinstance(item, Document):
            item.text.encode("utf-8")          # no lone surrogates left
            item.id.encode("utf-8")


LINE = st.fixed_dictionaries({"id": st.one_of(st.text(max_size=30), st.integers(), st.none()),
                              "text": st.one_of(TEXTS, st.integers(), st.none()),
                              "published": st.one_of(st.none(), st.text(max_size=12), st.sampled_from(["9999-12-31", "2024-02-30", "0001-01-01"])),
                              "lang": st.one_of(st.none(), st.sampled_from(["ru", "kk", "en", "xx", ""]))})


@SETTINGS
@given(lines=st.lists(LINE, min_size=1, max_size=4), flips=st.lists(st.integers(0, 10_000), max_size=3))
def test_jsonl_lines_with_byte_flips_then_the_pipeline(tmp_path_factory, lines, flips):
    data = bytearray("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode("utf-8"))
    for at in flips:
        if data:
            data[at % len(data)] ^= 0x5A
    path = tmp_path_factory.mktemp("jsonl") / "corpus.jsonl"
    path.write_bytes(bytes(data))
    for item in read_corpus(path):
        if isinstance(item, Document):
            check(item)


MB = 5 * 1024 * 1024


def _line(unit: str, size: int = MB) -> str:
    """One line of ``unit`` repeated to ``size`` bytes of UTF-8 (5 MB: the largest document a corpus
    file may hold)."""
    return unit * (size // len(unit.encode("utf-8")))


HUGE = {
    "млн тенге x100,000": "млн тенге " * 100_000,
    "миллиардов тенге x100,000": "миллиардов тенге " * 100_000,
    "$ x100,000": "$ " * 100_000,
    "тенге zero-width RTL x100,000": "тенге\u200b\u200f " * 100_000,
    "5 MB line of one letter": _line("а"),
    "5 MB line of digits": _line("9"),
    "5 MB line of quote marks": _line("« "),
    "1 MB line of straight quotes": _line('" ', MB // 5),     # each one may end a sentence, for razdel
    "1 MB run of one name": _line("Иван Иванов ", MB // 5),
    "1 MB run of capitalised Kazakh words": _line("Ақ Жол ", MB // 5),
    "1 MB sentence of actions and objects": _line("компания передала школу ", MB // 5),
    "1 MB list of givers": _line("ТОО «Альфа» и ", MB // 5),
}


@pytest.mark.parametrize("name", list(HUGE))
def test_huge_documents_in_time_linear_in_their_size(name):
    text = HUGE[name]
    megabytes = len(text.encode("utf-8")) / 2**20
    took = check(Document(id="huge", text=text, lang=None, source="fuzz"),
                 max_seconds=max(MAX_SECONDS, HUGE_SECONDS_PER_MB * megabytes))
    print(f"{name}: {megabytes:.1f} MB in {took:.2f} s")
