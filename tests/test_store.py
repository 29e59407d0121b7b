"""The ledger: idempotent, transactional writes; curation that survives re-analysis; queries."""
import datetime as dt

import pytest
from sqlalchemy import func, select, text

from csrledger.model import Analysis, Document, Evidence, Money, Record
from csrledger.store import queries as q
from csrledger.store.curation import CurationError, add_record, add_user, audit_entries, curate, verify_user
from csrledger.store.ledger import Ledger
from csrledger.store.schema import documents, mentions, records

TEXT = "ТОО «Алтын Дала» построило детский сад на 50 мест в Павлодаре за 120 млн тенге. Работы завершены."


def make(doc_id="d1", text=TEXT, published=dt.date(2021, 5, 4), amount=120e6, sector="education",
         currency="KZT", region="KZ-55", sponsor="Алтын Дала"):
    doc = Document(id=doc_id, text=text, published=published, lang="ru", source="test.jsonl")
    record = Record(sponsor=sponsor, sponsor_kind="company", sector=sector, object="kindergarten for 50 places",
                    region=region, place="Pavlodar", amount=amount, currency=currency, status="completed",
                    evidence=[Evidence(0, 79)])
    analysis = Analysis(id=doc_id, lang="ru", money=[Money("120 млн тенге", 65, 78, 120e6, "KZT")], records=[record])
    return doc, analysis


@pytest.fixture
def ledger(ledger_db):
    led = Ledger(ledger_db)
    yield led
    led.close()


def count(ledger, table):
    with ledger.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar()


def test_store_is_idempotent(ledger):
    doc, analysis = make()
    assert ledger.store(doc, analysis).outcome == "added"
    assert ledger.is_current(doc)
    assert ledger.store(doc, analysis).outcome == "unchanged"
    assert (count(ledger, documents), count(ledger, records), count(ledger, mentions)) == (1, 1, 1)


def test_changed_document_replaces_its_analysis(ledger):
    doc, analysis = make()
    ledger.store(doc, analysis)
    doc2, analysis2 = make(text=TEXT + " Ещё одно предложение.", amount=130e6)
    assert ledger.store(doc2, analysis2).outcome == "updated"
    with ledger.engine.connect() as conn:
        rows, total = q.list_records(conn, q.RecordFilter())
    assert total == 1 and rows[0]["amount_kzt"] == 130e6


def test_failed_write_leaves_previous_analysis_intact(ledger):
    doc, analysis = make()
    ledger.store(doc, analysis)
    doc2, analysis2 = make(text=TEXT + " Изменено.")
    analysis2.records[0].sector = None  # violates NOT NULL: the whole replacement must roll back
    with pytest.raises(Exception):
        ledger.store(doc2, analysis2)
    with ledger.engine.connect() as conn:
        stored = conn.execute(select(documents.c.text)).scalar()
    assert stored == TEXT and count(ledger, records) == 1 and count(ledger, mentions) == 1


def test_amount_kzt_only_for_tenge_and_year_from_publication(ledger):
    ledger.store(*make("a"))
    ledger.store(*make("b", amount=3e6, currency="USD"))
    with ledger.engine.connect() as conn:
        rows = {r["doc_id"]: r for r in q.iter_records(conn, q.RecordFilter())}
        summary = q.summary(conn)
    assert rows["a"]["amount_kzt"] == 120e6 and rows["b"]["amount_kzt"] is None
    assert rows["a"]["year"] == 2021
    assert summary["kzt_completed"] == 120e6 and summary["records_other_currency"] == 1


def test_filters_and_errors(ledger):
    ledger.store(*make("a", region="KZ-55", sector="education"))
    ledger.store(*make("b", region="KZ-35", sector="sport", text=TEXT + " b"))
    with ledger.engine.connect() as conn:
        assert q.list_records(conn, q.RecordFilter.from_params({"region": "KZ-35"}))[1] == 1
        assert q.list_records(conn, q.RecordFilter.from_params({"sector": "education", "year": "2021"}))[1] == 1
        assert q.list_records(conn, q.RecordFilter.from_params({"year": "2020"}))[1] == 0
    for bad, word in (({"region": "KZ-99"}, "region"), ({"sector": "space"}, "sector"),
                      ({"year": "last"}, "year"), ({"status": "done"}, "status"), ({"lang": "de"}, "lang")):
        with pytest.raises(q.FilterError, match=word):
            q.RecordFilter.from_params(bad)


def test_curation_survives_reanalysis_and_is_audited(ledger):
    doc, analysis = make()
    ledger.store(doc, analysis)
    with ledger.engine.connect() as conn:
        record_id = q.list_records(conn, q.RecordFilter())[0][0]["id"]
    curate(ledger.engine, record_id, "aigerim", "edit", {"amount": "125 000 000", "sponsor": "Altyn Dala"})
    # a new analyser version (different hash) re-analyses the same document
    doc2 = Document(id=doc.id, text=doc.text, published=doc.published, lang="ru", title="new title")
    assert ledger.store(doc2, analysis).outcome == "updated"
    with ledger.engine.connect() as conn:
        row = q.list_records(conn, q.RecordFilter())[0][0]
    assert (row["sponsor"], row["amount_kzt"], row["review"]) == ("Altyn Dala", 125e6, "edited")
    entry = audit_entries(ledger.engine)[0]
    assert entry["user"] == "aigerim" and entry["before"]["amount"] == 120e6 and entry["after"]["amount"] == 125e6


def test_rejected_record_leaves_totals_and_stays_rejected(ledger):
    doc, analysis = make()
    ledger.store(doc, analysis)
    with ledger.engine.connect() as conn:
        record_id = q.list_records(conn, q.RecordFilter())[0][0]["id"]
    curate(ledger.engine, record_id, "aigerim", "reject")
    ledger.store(Document(id=doc.id, text=doc.text, lang="ru", title="re-run"), analysis)
    with ledger.engine.connect() as conn:
        assert q.summary(conn)["records"] == 0
        assert q.list_records(conn, q.RecordFilter(include_rejected=True))[1] == 1


def test_added_record_survives_reanalysis(ledger):
    doc, analysis = make()
    ledger.store(doc, analysis)
    add_record(ledger.engine, doc.id, "aigerim", {"sector": "sport", "object": "football field",
                                                 "status": "completed", "amount": "5000000", "currency": "KZT"})
    ledger.store(Document(id=doc.id, text=doc.text, lang="ru", title="re-run"), analysis)
    with ledger.engine.connect() as conn:
        rows = {r["object"]: r for r in q.iter_records(conn, q.RecordFilter())}
    assert rows["football field"]["origin"] == "curator" and rows["football field"]["amount_kzt"] == 5e6


@pytest.mark.parametrize("fields, word", [({"sector": "space"}, "sector"), ({"amount": "lots"}, "amount"),
                                          ({"region": "Karaganda"}, "region"), ({"colour": "red"}, "unknown")])
def test_curation_rejects_bad_values(ledger, fields, word):
    ledger.store(*make())
    with ledger.engine.connect() as conn:
        record_id = q.list_records(conn, q.RecordFilter())[0][0]["id"]
    with pytest.raises(CurationError, match=word):
        curate(ledger.engine, record_id, "x", "edit", fields)


def test_users_are_stored_hashed(ledger):
    add_user(ledger.engine, "curator", "long-enough-password")
    with ledger.engine.connect() as conn:
        stored = conn.execute(text("SELECT password_hash FROM users")).scalar()
    assert "long-enough-password" not in stored and stored.startswith("$argon2")
    assert verify_user(ledger.engine, "curator", "long-enough-password")
    assert not verify_user(ledger.engine, "curator", "wrong-password")
    assert not verify_user(ledger.engine, "nobody", "long-enough-password")


def test_full_text_search(ledger):
    ledger.store(*make())
    with ledger.engine.connect() as conn:
        hits = q.search_documents(conn, "детский")
        assert [h["id"] for h in hits] == ["d1"] and "[детский]" in hits[0]["snippet"]
        assert q.search_documents(conn, "ракета") == []
        assert q.search_documents(conn, 'sad" OR "') == []  # quotes cannot break the query


def test_sponsor_profile(ledger):
    ledger.store(*make("a"))
    ledger.store(*make("b", text=TEXT + " b", published=dt.date(2023, 1, 1), amount=10e6))
    with ledger.engine.connect() as conn:
        profile = q.sponsor_profile(conn, "Алтын Дала")
        assert profile["kzt_completed"] == 130e6 and profile["documents"] == 2   # 120 and 10 mn: two investments
        assert [r["key"] for r in profile["by_year"]] == [2021, 2023]
        assert q.sponsor_profile(conn, "nobody") is None


def test_editing_only_the_amount_keeps_the_tenge_total(ledger):
    ledger.store(*make())
    with ledger.engine.connect() as conn:
        record_id = q.list_records(conn, q.RecordFilter())[0][0]["id"]
    curate(ledger.engine, record_id, "aigerim", "edit", {"amount": "99000000"})
    with ledger.engine.connect() as conn:
        assert q.get_record(conn, record_id)["amount_kzt"] == 99e6


def test_other_currencies_are_summed_apart(ledger):
    ledger.store(*make("a"))
    ledger.store(*make("b", amount=3e6, currency="USD", text=TEXT + " b"))
    with ledger.engine.connect() as conn:
        summary = q.summary(conn)
    assert summary["kzt_completed"] == 120e6
    assert summary["other_currencies"] == [{"currency": "USD", "amount": 3e6, "events": 1}]
