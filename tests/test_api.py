"""The public Python API: csrledger.analyse and csrledger.Ledger, and the README examples as doctests."""
from __future__ import annotations

import datetime as dt
import doctest
import subprocess
import sys

import pytest

import csrledger
from tests.conftest import ROOT

KG = "ТОО «Жасыл Орман» построило детский сад на 120 мест в Экибастузе за 350 млн тенге."


@pytest.mark.parametrize("doc", ["README.md", "docs/exports.md"])
def test_documented_examples_run(doc):
    """Every ``>>>`` example in the docs runs and prints what the docs say."""
    result = doctest.testfile(str(ROOT / doc), module_relative=False, encoding="utf-8",
                              optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 5 and result.failed == 0, result


def test_import_is_cheap_and_the_api_is_lazy():
    code = ("import sys, csrledger; before = 'csrledger.pipeline' in sys.modules; "
            "csrledger.analyse; print(before, 'csrledger.api' in sys.modules, sorted(csrledger.__all__)[:2])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False True ['Analysis', 'Document']"
    with pytest.raises(AttributeError):
        csrledger.no_such_thing  # noqa: B018


def test_analyse_matches_the_pipeline_and_takes_dates_as_strings_or_dates():
    from csrledger.model import Document
    from csrledger.pipeline import analyse

    by_api = csrledger.analyse(KG, published=dt.date(2024, 9, 2), url="https://news.example.kz/1", doc_id="n1")
    by_pipeline = analyse(Document(id="n1", text=KG, published=dt.date(2024, 9, 2), url="https://news.example.kz/1"))
    assert by_api.to_json() == by_pipeline.to_json()
    assert csrledger.analyse(KG, published="2024-09-02", doc_id="n1").to_json() == by_api.to_json()
    assert isinstance(by_api, csrledger.Analysis) and by_api.records[0].region == "KZ-55"


def test_analyse_respects_the_given_language_and_rejects_bad_arguments():
    assert csrledger.analyse("Ekibastuz", lang="kk").lang == "kk"
    with pytest.raises(ValueError, match="lang must be one of"):
        csrledger.analyse(KG, lang="russian")
    with pytest.raises(ValueError, match="published must be a date"):
        csrledger.analyse(KG, published="02.09.2024")
    with pytest.raises(TypeError, match="text must be a str"):
        csrledger.analyse(KG.encode())  # type: ignore[arg-type]


def test_places_resolve_as_of_the_publication_date():
    text = "ТОО «Медь Плюс» отремонтировало школу в Жезказгане."
    assert csrledger.analyse(text, published="2021-05-01").records[0].region == "KZ-35"   # Karaganda then
    assert csrledger.analyse(text, published="2023-05-01").records[0].region == "KZ-62"   # Ulytau since June 2022


def test_ledger_add_records_totals_on_a_file(ledger_db):
    path = ledger_db
    with csrledger.Ledger(path) as ledger:
        assert ledger.add(KG, doc_id="a", published="2024-09-02") == "added"
        assert ledger.add(KG, doc_id="a", published="2024-09-02") == "unchanged"
        assert ledger.add(KG + " Сад открыт.", doc_id="a", published="2024-09-02") == "updated"
        assert ledger.add("Steppe Copper LLP donated 2 million US dollars to a clinic in Satpayev.",
                          doc_id="b", published="2024-06-01") == "added"
    with csrledger.Ledger(str(path)) as ledger:                 # reopened: nothing lost
        records = ledger.records()
        assert [r.doc_id for r in records] == ["a", "b"]
        first = records[0]
        assert isinstance(first, csrledger.LedgerRecord) and isinstance(first.amount, float)
        assert first.published == dt.date(2024, 9, 2) and first.evidence == KG and first.region_name == "Pavlodar"
        assert [r.doc_id for r in ledger.records(sector="health")] == ["b"]
        assert ledger.records(year=2019) == []
        totals = ledger.totals()
        assert isinstance(totals, csrledger.Totals)
        assert (totals.records, totals.events, totals.documents) == (2, 2, 2)
        assert totals.kzt == {"completed": 350e6, "ongoing": 0.0, "planned": 0.0}
        assert totals.other_currencies == {"USD": 2e6}                 # never converted into tenge
        assert {k: v["completed"] for k, v in totals.by_sector.items()} == {"education": 350e6, "health": 0.0}
        assert ledger.totals(region="KZ-62").kzt["completed"] == 0.0
        with pytest.raises(ValueError, match="sector must be one of"):
            ledger.totals(sector="schools")


def test_ledger_ids_default_to_the_text_and_documents_can_be_added():
    from csrledger.model import Document

    with csrledger.Ledger(":memory:") as ledger:
        assert ledger.add(KG) == "added" and ledger.add(KG) == "unchanged"
        assert ledger.add(Document(id="given", text=KG, lang="ru")) == "added"
        assert len({r.doc_id for r in ledger.records()}) == 2


def test_state_records_only_on_request():
    from csrledger.model import Analysis, Document, Evidence, Record

    with csrledger.Ledger(":memory:") as ledger:
        text = "Акимат отремонтировал дорогу за 500 млн тенге."
        ledger._store.store(Document(id="s", text=text, lang="ru"),
                            Analysis(id="s", lang="ru", records=[Record("Акимат", "state", "infrastructure", "road",
                                                                        amount=5e8, currency="KZT",
                                                                        evidence=[Evidence(0, len(text))])]))
        assert ledger.records() == [] and ledger.totals().kzt["completed"] == 0.0
        assert [r.sponsor_kind for r in ledger.records(include_state=True)] == ["state"]
        assert ledger.totals(include_state=True).kzt["completed"] == 5e8


def test_ledger_export_guesses_the_format_and_checks_filters(ledger_db, tmp_path):
    import json

    with csrledger.Ledger(ledger_db) as ledger:
        ledger.add(KG, doc_id="a", published="2024-09-02")
        assert ledger.export(tmp_path / "r.jsonl") == 1
        assert json.loads((tmp_path / "r.jsonl").read_text(encoding="utf-8"))["amount"] == 350000000
        assert ledger.export(tmp_path / "r.data", format="json", region="KZ-62") == 0
        assert json.loads((tmp_path / "r.data").read_text(encoding="utf-8")) == []
        with pytest.raises(ValueError, match="cannot tell the export format"):
            ledger.export(tmp_path / "r.txt")
        with pytest.raises(TypeError, match="unknown filter colour"):
            ledger.records(colour="red")  # type: ignore[call-arg]
