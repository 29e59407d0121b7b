"""The prepared document and the lookups that keep every stage linear in a document's length:
each gives what the plain, quadratic or character-by-character version gives."""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csrledger import workers
from csrledger.model import Document, TextView
from csrledger.pipeline import prepare
from csrledger.text.lang import detect
from csrledger.text.morph import KK_ENDINGS, kk_endings_pattern, kk_inflects
from csrledger.text.normalize import _fold_char, _twins_folded, fold
from csrledger.text.spans import SpanIndex
from csrledger.text.words import words_of


@dataclass(frozen=True)
class Span:
    start: int
    end: int


spans = st.lists(st.tuples(st.integers(0, 200), st.integers(1, 30)).map(lambda p: Span(p[0], p[0] + p[1])),
                 max_size=40)


@settings(max_examples=300, deadline=None)
@given(items=spans, start=st.integers(0, 240), length=st.integers(0, 60))
def test_span_index_answers_as_a_scan_of_every_span(items, start, length):
    index, end = SpanIndex(items), start + length
    in_order = sorted(items, key=lambda s: s.start)
    assert index.inside(start, end) == [s for s in in_order if start <= s.start and s.end <= end]
    assert index.overlapping(start, end) == [s for s in in_order if s.start < end and start < s.end]
    assert index.covering(start, end) == [s for s in in_order if s.start <= start and end <= s.end]


@pytest.mark.parametrize("base", ["мектеп", "бала", "әкім", "облыс", "ұлытау", "иванов", "қор", "кітап",
                                  "үй", "сайын", "ақтөбе", "тәрбие", "жол"])
def test_kazakh_endings_pattern_takes_exactly_the_endings_the_grammar_allows(base):
    pattern = re.compile(f"(?:{kk_endings_pattern(base)})")
    pieces = {e[:n] for e in KK_ENDINGS for n in range(len(e) + 1)} | {e + "лар" for e in KK_ENDINGS}
    for ending in pieces | set(KK_ENDINGS):
        assert bool(pattern.fullmatch(ending)) == (bool(ending) and kk_inflects(base + ending, base)), ending


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("aZяЁё İ\u00a0\u2013«»\u2019ΣσßǅﬁӘқ\t1.")))
def test_fold_is_the_character_by_character_fold(text):
    folded = fold(text)
    assert len(folded) == len(text)
    by_char = _twins_folded("".join(_fold_char(ch) for ch in text))
    assert folded.replace("ς", "σ") == by_char.replace("ς", "σ")


def test_a_sentence_in_its_documents_script_takes_the_documents_language():
    assert detect("Фонд передал компьютеры в школу.", document="ru") == "ru"
    assert detect("Компания Kazakhmys Copper передала автобус.", document="ru") == "ru"
    assert detect("The Kazakhmys Copper компания donated a bus.", document="en") == "en"
    assert detect("Қор мектепке компьютерлер берді.", document="ru") == "kk"      # its own letters decide


def test_the_view_tokenises_the_document_once_and_every_span_reads_its_words():
    text = "Фонд «Қазына» построил школу.\nВ Алматы открыли детский сад на 120 мест."
    view = prepare(Document(id="d", text=text))
    assert isinstance(view, TextView) and view.folded == fold(text)
    for s in view.sentences:
        assert view.words_in(s.start, s.end) == words_of(text, fold(text), s.start, s.end)
    assert [view.sentence_index(s.start) for s in view.sentences] == list(range(len(view.sentences)))
    assert view.words is view.words     # computed once


def test_a_corpus_of_one_chunk_starts_no_worker_process(monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a worker pool was started")

    monkeypatch.setattr(workers, "ProcessPoolExecutor", no_pool)
    docs = [Document(id=str(n), text="Компания построила школу в Астане.") for n in range(3)]
    results = list(workers.analyse_in_order(docs, workers.AnalysisJob(), workers=2))
    assert [doc.id for doc, _ in results] == ["0", "1", "2"]
    assert all(result is not None and result.analysis is not None for _, result in results)
