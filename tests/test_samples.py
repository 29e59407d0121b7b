"""The bundled sample corpus is valid format 1, its expected annotations valid format 3."""
import datetime as dt
import json
from collections import Counter

import pytest

from csrledger.corpus import ReadError, read_corpus
from csrledger.taxonomy import REGIONS, SECTORS, STATUSES
from tests.conftest import ROOT, SAMPLE_CORPUS, read_jsonl

EXPECTED = ROOT / "samples" / "expected.jsonl"
DOCS = ROOT / "samples" / "docs"
ROWS = read_jsonl(SAMPLE_CORPUS)
GOLD = read_jsonl(EXPECTED)


def test_corpus_rows_are_format_1():
    for row in ROWS:
        assert set(row) <= {"id", "text", "title", "url", "published", "lang"}, row["id"]
        assert isinstance(row["id"], str) and row["id"]
        assert isinstance(row["text"], str) and row["text"].strip()
        assert row["lang"] in ("ru", "en", "kk")
        dt.date.fromisoformat(row["published"])
        assert row["url"].startswith("https://") and ".example.kz/" in row["url"]   # fictional sites only


def test_corpus_size_languages_ids_and_dates():
    assert len(ROWS) >= 36
    langs = Counter(row["lang"] for row in ROWS)
    assert langs["ru"] >= 12 and langs["en"] >= 10 and langs["kk"] >= 10
    assert len({row["id"] for row in ROWS}) == len(ROWS)
    years = {int(row["published"][:4]) for row in ROWS}
    assert min(years) <= 2017 and max(years) >= 2025
    assert all(len(row["text"]) <= 2500 for row in ROWS)


def test_the_reader_reads_the_whole_sample_corpus():
    items = list(read_corpus(SAMPLE_CORPUS))
    assert not [i for i in items if isinstance(i, ReadError)]
    assert [d.id for d in items] == [row["id"] for row in ROWS]


def test_expected_is_format_3_for_every_item():
    assert [g["id"] for g in GOLD] == [row["id"] for row in ROWS]
    for gold in GOLD:
        assert set(gold) <= {"id", "money", "regions", "regions_allowed", "companies", "companies_allowed",
                             "persons", "persons_allowed", "records"}, gold["id"]
        for money in gold["money"]:
            assert money["value"] > 0 and money["currency"] in ("KZT", "USD", "EUR", "RUB")
        for item in gold["regions"] + gold.get("regions_allowed", []):
            assert set(item if isinstance(item, list) else [item]) <= set(REGIONS), gold["id"]
        for record in gold["records"]:
            _check_record(gold["id"], record)


def _as_list(value):
    return value if isinstance(value, list) else [value]


def _check_record(doc_id, record):
    assert record["note"], doc_id
    if record.get("sector") is not None:
        assert set(_as_list(record["sector"])) <= set(SECTORS), (doc_id, record["note"])
    if record.get("region") is not None:
        assert set(_as_list(record["region"])) <= set(REGIONS), (doc_id, record["note"])
    assert set(_as_list(record["status"])) <= set(STATUSES), (doc_id, record["note"])


def test_expected_amounts_and_names_come_from_the_texts():
    texts = {row["id"]: row["text"] for row in ROWS}
    for gold in GOLD:
        amounts = {m["value"] for m in gold["money"]}
        for record in gold["records"]:
            assert record.get("amount") is None or record["amount"] in amounts, (gold["id"], record["note"])
        for person in gold["persons"]:
            surname = _as_list(person)[0].split()[-1]
            assert surname[:-2] in texts[gold["id"]], (gold["id"], person)


def test_the_sample_corpus_covers_every_region_sector_status_and_non_investment_news():
    regions = {code for g in GOLD for r in g["regions"] for code in _as_list(r)}
    assert regions == set(REGIONS)
    sectors = {s for g in GOLD for r in g["records"] if r.get("sector") for s in _as_list(r["sector"])}
    assert {"education", "health", "housing", "sport", "environment", "infrastructure",
            "social_support", "emergency", "culture", "employment"} <= sectors
    statuses = {s for g in GOLD for r in g["records"] for s in _as_list(r["status"])}
    assert statuses == set(STATUSES)
    assert sum(1 for g in GOLD if not g["records"]) >= 5
    assert any(r.get("amount") and r["amount"] < 10_000_000 for g in GOLD for r in g["records"])


@pytest.mark.parametrize("name, lang, title", [
    ("karaganda-greening", "kk", "Қарағандыда жаңа саябақ ашылды"),
    ("kyzylorda-scholarship", None, "Kyzylorda students receive scholarships from an oil service company"),
    ("pavlodar-bus-cp1251", None, "Меценат подарил сельской школе автобус"),
    ("semey-hospital", "ru", "Медицинский центр Семея получил новое оборудование"),
])
def test_sample_docs_folder(name, lang, title):
    docs = {d.id: d for d in read_corpus(DOCS)}
    assert set(docs) == {"karaganda-greening", "kyzylorda-scholarship", "pavlodar-bus-cp1251", "semey-hospital"}
    assert docs[name].lang == lang and docs[name].title == title


def test_sample_docs_have_one_cp1251_file():
    raw = (DOCS / "pavlodar-bus-cp1251.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "26 млн тенге" in next(read_corpus(DOCS / "pavlodar-bus-cp1251.txt")).text


def test_expected_file_is_plain_json_lines():
    for line in EXPECTED.read_text(encoding="utf-8").splitlines():
        assert isinstance(json.loads(line), dict)
