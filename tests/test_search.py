"""Search that understands inflection in Russian, Kazakh and English, case-folded, with prefixes and pages.

Our own invented news items; each query below is in a form none of its
documents uses, so only the base forms indexed beside the words find them.
"""
from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from csrledger.model import Analysis, Document
from csrledger.store import queries as q
from csrledger.store.ledger import Ledger
from csrledger.store.search import fts_query
from csrledger.web.app import create_app

DOCS = {
    "ru-1": ("ru", "Ремонт школы в Аксу", "Компания отремонтировала здание школы и передала ей новые парты."),
    "ru-2": ("ru", "Подарок ученикам", "В школе села Жанаталап открылся компьютерный класс."),
    "ru-3": ("ru", "Новые школы", "Фонд построит две школы в Таразе к осени."),
    "ru-4": ("ru", "Детский сад", "Строительство детского сада на 120 мест завершено в микрорайоне."),
    "ru-5": ("ru", "Праздник", "Малыши из детских садов получили подарки от предприятия."),
    "ru-6": ("ru", "Парк", "Жители благодарят за новый парк и сад у реки."),
    "kk-1": ("kk", "Балабақша ашылды", "Компания ауылда жаңа балабақшаны салып берді."),
    "kk-2": ("kk", "Сыйлық", "Балабақшаға жиһаз бен ойыншықтар сыйға тартылды."),
    "kk-3": ("kk", "Мектеп", "Ауыл мектебіне компьютерлер берілді."),
    "en-1": ("en", "Schools renovated", "The company renovated three schools in the region."),
    "en-2": ("en", "Kindergarten", "A kindergarten for 90 children opened with the company's support."),
}


@pytest.fixture(scope="module")
def ledger(module_ledger_db):
    led = Ledger(module_ledger_db)
    for doc_id, (lang, title, body) in DOCS.items():
        doc = Document(id=doc_id, text=body, title=title, lang=lang, published=dt.date(2024, 1, 1), source="test")
        led.store(doc, Analysis(id=doc_id, lang=lang))
    yield led
    led.close()


def found(ledger, query: str) -> set[str]:
    with ledger.engine.connect() as conn:
        return {row["id"] for row in q.search_documents(conn, query, limit=100)}


@pytest.mark.parametrize("query, expected", [
    ("школа", {"ru-1", "ru-2", "ru-3"}),
    ("школу", {"ru-1", "ru-2", "ru-3"}),
    ("Школа", {"ru-1", "ru-2", "ru-3"}),
    ("ШКОЛАМИ", {"ru-1", "ru-2", "ru-3"}),
    ("детский сад", {"ru-4", "ru-5"}),
    ("детских садах", {"ru-4", "ru-5"}),
    ("балабақша", {"kk-1", "kk-2"}),
    ("балабақшалар", {"kk-1", "kk-2"}),
    ("мектеп", {"kk-3"}),
    ("school", {"en-1"}),
    ("kindergartens", {"en-2"}),
    ("компьютерный класс", {"ru-2"}),
])
def test_any_inflection_finds_the_documents(ledger, query, expected):
    assert found(ledger, query) == expected


def test_prefix_search(ledger):
    assert found(ledger, "школ*") == {"ru-1", "ru-2", "ru-3"}
    assert found(ledger, "балаба*") == {"kk-1", "kk-2"}
    assert found(ledger, "kinder*") == {"en-2"}


def test_nothing_matches_and_operators_are_plain_text(ledger):
    assert found(ledger, "ракета") == set()
    assert found(ledger, 'сад" OR "') == found(ledger, "сад OR")
    assert found(ledger, "* ( ) : ^ - NEAR") == set()
    assert fts_query("  ") == ""


def test_snippet_marks_the_inflected_word(ledger):
    with ledger.engine.connect() as conn:
        hits = {h["id"]: h["snippet"] for h in q.search_documents(conn, "балабақша")}
    assert "[балабақшаны]" in hits["kk-1"] and "[Балабақшаға]" in hits["kk-2"]


def test_the_api_pages_search_results(ledger, module_ledger_db):
    with TestClient(create_app(module_ledger_db)) as client:
        first = client.get("/api/documents", params={"q": "школа", "per_page": 2}).json()
        second = client.get("/api/documents", params={"q": "школа", "per_page": 2, "page": 2}).json()
        assert first["total"] == second["total"] == 3 and (first["page"], second["page"]) == (1, 2)
        assert len(first["documents"]) == 2 and len(second["documents"]) == 1
        assert not {d["id"] for d in first["documents"]} & {d["id"] for d in second["documents"]}
        page = client.get("/documents", params={"q": "детский сад"}).text
        assert "2 documents match" in page and "[детского] [сада]" in page


def test_lower_case_cyrillic_in_the_records_filter(ledger):
    """The records filter (q) uses SQL lower(): Unicode-aware in the ledger's SQLite connections."""
    with ledger.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT lower('ШКОЛА Әже')").scalar() == "школа әже"


def test_the_index_is_rebuilt_by_its_migration(ledger_db):
    """Migration 0006 builds PostgreSQL's index of the documents already stored (a no-op on SQLite)."""
    from alembic import command

    from csrledger.store.ledger import _alembic_config

    led = Ledger(ledger_db)
    for doc_id, (lang, title, body) in DOCS.items():
        led.store(Document(id=doc_id, text=body, title=title, lang=lang, source="test"), Analysis(id=doc_id, lang=lang))
    config = _alembic_config()
    with led.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0005")
    if led.engine.dialect.name == "postgresql":
        with led.engine.connect() as conn, pytest.raises(Exception, match="documents_fts"):
            q.search_documents(conn, "школа")
    with led.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    assert found(led, "школами") == {"ru-1", "ru-2", "ru-3"} and found(led, "балабақшалар") == {"kk-1", "kk-2"}
    led.close()
