"""Curations anchored to what a record is: they survive edits of their document and re-analysis.

The documents are our own invented news items; the analyses are made by hand
(records located by their sentence), so the tests do not depend on the
extractors and each edit changes exactly what the test says.
"""
import datetime as dt
import random

import pytest
from sqlalchemy import func, select

from csrledger.model import Analysis, Document, Evidence, Record
from csrledger.store import queries as q
from csrledger.store.curation import CurationError, audit_entries, curations_needing_review, match_score, rejected_records
from csrledger.store import curation
from csrledger.store.events import after_curation
from csrledger.store.ledger import Ledger
from csrledger.store.schema import curations, records

S1 = "Компания «Северный Ветер» передала 50 млн тенге на ремонт школы в Кокшетау."
S2 = "Кроме того, ТОО «Жасыл Бақ» построило спортивную площадку за 30 млн тенге."
S3 = "Фонд «Добрый Путь» закупил оборудование для районной больницы на 12 млн тенге."
FILLER = "Жители района давно ждали этих перемен, говорится в сообщении акимата."

R1 = dict(sponsor="Северный Ветер", sector="education", object="school repair", amount=50e6)
R2 = dict(sponsor="Жасыл Бақ", sector="sport", object="sports ground", amount=30e6)
R3 = dict(sponsor="Добрый Путь", sector="health", object="hospital equipment", amount=12e6)


def analysed(text: str, found: list[tuple[str, dict]], doc_id: str = "news-1", version: str = "a"):
    """The document and a hand-made analysis: one record per (sentence, fields) that is in the text."""
    doc = Document(id=doc_id, text=text, title=f"Новости {version}", published=dt.date(2024, 3, 1), lang="ru",
                   source="test")
    rows = []
    for sentence, fields in found:
        start = text.find(sentence)
        if start < 0:
            continue
        rows.append(Record(sponsor_kind="company", currency="KZT", status="completed",
                           evidence=[Evidence(start, start + len(sentence))], **fields))
    return doc, Analysis(id=doc_id, lang="ru", records=rows)


def curate(engine, record_id, user, action, fields=None):
    """As the web app does it: the curation, then the events it changes (store/events.py)."""
    out = curation.curate(engine, record_id, user, action, fields)
    after_curation(engine, record_id)
    return out


def add_record(engine, doc_id, user, fields):
    record_id = curation.add_record(engine, doc_id, user, fields)
    after_curation(engine, record_id)
    return record_id


def resolve(engine, first_key, user, action, record_id=None):
    result = curation.resolve(engine, first_key, user, action, record_id)
    if result.get("record_id"):
        after_curation(engine, result["record_id"])
    return result


@pytest.fixture
def ledger(ledger_db):
    led = Ledger(ledger_db)
    yield led
    led.close()


def by_object(ledger, **flt):
    with ledger.engine.connect() as conn:
        return {r["object"]: r for r in q.iter_records(conn, q.RecordFilter(include_rejected=True, **flt))}


def total(ledger) -> float:
    with ledger.engine.connect() as conn:
        s = q.summary(conn)
    counted = s["kzt_completed"] + s["kzt_ongoing"] + s["kzt_planned"]   # each investment (event) once
    assert counted == s["reported_kzt"], (counted, s["reported_kzt"])
    return s["reported_kzt"]


def curated(ledger):
    """The three machine records curated (amount corrected, rejected, confirmed) plus one record added."""
    ledger.store(*analysed(" ".join([S1, S2, S3]), [(S1, R1), (S2, R2), (S3, R3)]))
    rows = by_object(ledger)
    curate(ledger.engine, rows["school repair"]["id"], "aigerim", "edit", {"amount": "55 000 000"})
    curate(ledger.engine, rows["sports ground"]["id"], "aigerim", "reject")
    curate(ledger.engine, rows["hospital equipment"]["id"], "aigerim", "confirm")
    add_record(ledger.engine, "news-1", "aigerim", {"sector": "sport", "object": "football field", "status": "completed",
                                                   "sponsor": "Жасыл Бақ", "amount": "5000000", "currency": "KZT"})
    assert total(ledger) == 55e6 + 12e6 + 5e6


def states(ledger):
    with ledger.engine.connect() as conn:
        return sorted((r.review, r.state) for r in conn.execute(select(curations)))


def assert_nothing_lost_or_doubled(ledger):
    """Four curations, each attached or flagged; no two records for one curation."""
    with ledger.engine.connect() as conn:
        rows = conn.execute(select(curations)).all()
        assert len(rows) == 4
        assert {r.state for r in rows} <= {"attached", "needs_review"}
        for r in rows:
            if r.state == "attached":
                assert conn.execute(select(func.count()).select_from(records)
                                    .where(records.c.key == r.record_key)).scalar() == 1
        objects = [r.object for r in conn.execute(select(records.c.object))]
    assert len(objects) == len(set(objects)), objects


def test_a_line_added_at_the_top_keeps_every_curation(ledger):
    curated(ledger)
    ledger.store(*analysed("Новости региона.\n" + " ".join([S1, S2, S3]), [(S1, R1), (S2, R2), (S3, R3)], version="b"))
    rows = by_object(ledger)
    assert rows["school repair"]["amount_kzt"] == 55e6 and rows["school repair"]["review"] == "edited"
    assert rows["sports ground"]["review"] == "rejected"
    assert rows["hospital equipment"]["review"] == "confirmed"
    assert rows["football field"]["origin"] == "curator"
    assert total(ledger) == 72e6                          # the corrected amount is not doubled
    assert_nothing_lost_or_doubled(ledger)
    assert all(state == "attached" for _, state in states(ledger))


def test_a_paragraph_changed_elsewhere_and_the_sentence_reworded(ledger):
    curated(ledger)
    s1 = "Компания «Северный Ветер» выделила 50 млн тенге на ремонт школы в городе Кокшетау."
    text = "\n\n".join([FILLER, s1, S2, "Фонд «Добрый Путь» также закупил оборудование для больницы."])
    r3 = {**R3, "amount": None}
    ledger.store(*analysed(text, [(s1, R1), (S2, R2), ("Фонд «Добрый Путь» также закупил оборудование для больницы.", r3)],
                           version="c"))
    rows = by_object(ledger)
    assert rows["school repair"]["amount_kzt"] == 55e6 and rows["school repair"]["review"] == "edited"
    assert rows["sports ground"]["review"] == "rejected"
    assert rows["hospital equipment"]["review"] == "confirmed"
    assert total(ledger) == 55e6 + 5e6
    assert_nothing_lost_or_doubled(ledger)
    moves = [e for e in audit_entries(ledger.engine) if e["action"] == "reattach"]
    assert moves and all(e["user"] == "csrledger" and e["before"]["key"] != e["after"]["key"] for e in moves)
    # the record's history follows it across the re-attachment
    history = audit_entries(ledger.engine, rows["school repair"]["key"])
    assert [e["action"] for e in history][-1] == "edit" and history[-1]["before"]["amount"] == 50e6


def test_a_deleted_sentence_leaves_its_curation_needing_review(ledger):
    curated(ledger)
    ledger.store(*analysed(" ".join([FILLER, S2, S3]), [(S2, R2), (S3, R3)], version="d"))
    rows = by_object(ledger)
    assert "school repair" not in rows                     # not brought back as a curator's record
    assert total(ledger) == 12e6 + 5e6
    assert_nothing_lost_or_doubled(ledger)
    with ledger.engine.connect() as conn:
        flagged = curations_needing_review(conn, "news-1")
    assert len(flagged) == 1 and flagged[0]["review"] == "edited" and flagged[0]["fields"]["amount"] == 55e6
    assert flagged[0]["anchor"]["evidence"] == S1 and "no record matches" in flagged[0]["note"]
    assert any(e["action"] == "needs_review" for e in audit_entries(ledger.engine))
    # the sentence comes back: the curation re-attaches by itself
    ledger.store(*analysed(" ".join([S1, S2, S3]), [(S1, R1), (S2, R2), (S3, R3)], version="e"))
    assert by_object(ledger)["school repair"]["amount_kzt"] == 55e6
    assert all(state == "attached" for _, state in states(ledger))


def test_a_new_extractor_reading_a_rejected_record_differently_keeps_it_rejected(ledger):
    curated(ledger)
    misread = {**R2, "amount": 3e6, "object": "sports ground"}
    ledger.store(*analysed(" ".join([S1, S2, S3]), [(S1, R1), (S2, misread), (S3, R3)], version="f"))
    assert by_object(ledger)["sports ground"]["review"] == "rejected"
    assert total(ledger) == 72e6


def test_a_record_the_machine_now_finds_is_not_counted_twice(ledger):
    curated(ledger)
    s4 = "Также «Жасыл Бақ» открыл футбольное поле стоимостью 5 млн тенге."
    found = {**R2, "object": "football field", "amount": 5e6}
    ledger.store(*analysed(" ".join([S1, S2, S3, s4]), [(S1, R1), (S2, R2), (S3, R3), (s4, found)], version="g"))
    rows = [r for r in by_object(ledger).values() if r["object"] == "football field"]
    assert len(rows) == 1 and rows[0]["origin"] == "machine" and rows[0]["review"] == "edited"
    assert total(ledger) == 72e6
    assert_nothing_lost_or_doubled(ledger)


def test_resolving_a_curation_that_needs_review(ledger):
    curated(ledger)
    ledger.store(*analysed(" ".join([FILLER, S2, S3]), [(S2, R2), (S3, R3)], version="d"))
    with ledger.engine.connect() as conn:
        key = curations_needing_review(conn)[0]["first_key"]
    with pytest.raises(CurationError, match="already has a curation"):
        resolve(ledger.engine, key, "aigerim", "attach", by_object(ledger)["hospital equipment"]["id"])
    result = resolve(ledger.engine, key, "aigerim", "keep")
    assert by_object(ledger)["school repair"]["origin"] == "curator"
    assert total(ledger) == 55e6 + 12e6 + 5e6 and result["record_id"]
    with ledger.engine.connect() as conn:
        assert curations_needing_review(conn) == []
    with pytest.raises(LookupError):
        resolve(ledger.engine, key, "aigerim", "dismiss")
    entry = audit_entries(ledger.engine)[0]
    assert entry["action"] == "keep" and entry["record"]["object"] == "school repair"


def test_rejected_records_can_be_found_and_restored(ledger):
    curated(ledger)
    with ledger.engine.connect() as conn:
        rejected = rejected_records(conn)
    assert [r["object"] for r in rejected] == ["sports ground"] and rejected[0]["user"] == "aigerim"
    curate(ledger.engine, rejected[0]["id"], "aigerim", "restore")
    assert by_object(ledger)["sports ground"]["review"] == "unreviewed"
    assert total(ledger) == 72e6 + 30e6
    entry = audit_entries(ledger.engine)[0]
    assert entry["action"] == "restore" and entry["record"]["sponsor"] == "Жасыл Бақ"
    with pytest.raises(CurationError, match="only a rejected"):
        curate(ledger.engine, rejected[0]["id"], "aigerim", "restore")


def test_audit_entries_name_the_record(ledger):
    curated(ledger)
    entries = audit_entries(ledger.engine)
    confirm = next(e for e in entries if e["action"] == "confirm")
    assert confirm["record"]["sponsor"] == "Добрый Путь" and confirm["record"]["object"] == "hospital equipment"
    assert confirm["record"]["key"] == confirm["record_key"]


def test_the_matcher_tells_two_records_of_one_sentence_apart():
    sentence = "Компания построила школу за 40 млн тенге и больницу за 90 млн тенге."
    anchor = {"evidence": sentence, "sponsor": "Компания", "object": "school", "amount": 40e6,
              "currency": "KZT", "sector": "education"}
    school = {**anchor}
    hospital = {**anchor, "object": "hospital", "amount": 90e6, "sector": "health"}
    assert match_score(anchor, {}, school).accepted
    assert not match_score(anchor, {}, hospital).accepted
    unrelated = {**hospital, "evidence": "Совсем другое предложение о погоде в горах."}
    assert not match_score(anchor, {}, unrelated).accepted


EDITS = ("top", "bottom", "reword", "delete", "filler", "swap")


@pytest.mark.parametrize("seed", range(6))
def test_random_edits_lose_and_double_nothing(ledger, seed):
    """Random sequences of edits: every curation attached or flagged, none doubled, rejections kept."""
    rng = random.Random(seed)
    curated(ledger)
    sentences = {"s1": (S1, R1), "s2": (S2, R2), "s3": (S3, R3)}
    for step in range(5):
        edit = rng.choice(EDITS)
        if edit == "top":
            order = [(FILLER, None)] + list(sentences.values())
        elif edit == "bottom":
            order = list(sentences.values()) + [(FILLER, None)]
        elif edit == "reword":
            name = rng.choice(sorted(sentences))
            s, f = sentences[name]
            sentences[name] = (s.replace(" на ", " для ", 1).replace("тенге", "тг"), f)
            order = list(sentences.values())
        elif edit == "delete" and len(sentences) > 1:
            sentences.pop(rng.choice(sorted(sentences)))
            order = list(sentences.values())
        elif edit == "swap":
            order = list(sentences.values())[::-1]
        else:
            order = list(sentences.values()) + [(FILLER, None)]
        text = " ".join(s for s, _ in order)
        ledger.store(*analysed(text, [(s, f) for s, f in order if f], version=f"{seed}-{step}-{edit}"))
        assert_nothing_lost_or_doubled(ledger)
        rows = by_object(ledger)
        if "sports ground" in rows:
            assert rows["sports ground"]["review"] == "rejected"
        if "school repair" in rows:
            assert rows["school repair"]["amount_kzt"] == 55e6
        assert total(ledger) == sum(v for k, v in (("school repair", 55e6), ("hospital equipment", 12e6),
                                                   ("football field", 5e6)) if k in rows)
