"""Infinity and NaN in the ledger: repaired by migration 0003, refused on write, never a 500 or invalid JSON."""
from __future__ import annotations

import json
import math
import re
import sqlite3

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from csrledger.cli import main
from csrledger.model import Analysis, Document, Evidence, Record
from csrledger.store.ledger import Ledger, _alembic_config
from csrledger.web.app import create_app

NOT_A_NUMBER = re.compile(r"\b(?:inf|infinity|nan)\b", re.IGNORECASE)
TEXT = "ТОО «Тихая Гавань» передало 7 млн тенге приюту для животных. Об этом сообщила пресс-служба."


def strict_json(body: str):
    """Parse as a strict JSON parser would: Infinity and NaN are not JSON."""
    def refuse(name):
        raise ValueError(f"not JSON: {name}")
    return json.loads(body, parse_constant=refuse)


def old_ledger(path) -> str:
    """A ledger at schema 0002 holding Infinity where an earlier version let it in."""
    engine = create_engine(f"sqlite:///{path}")
    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
    engine.dispose()
    con = sqlite3.connect(path)
    con.execute("INSERT INTO documents VALUES ('d1', 'Приют', NULL, '2024-05-01', 'ru', ?, 'old', 'h', "
                "'2024-05-01 00:00:00')", (TEXT,))
    con.execute("INSERT INTO records (key, doc_id, seq, sponsor, sponsor_kind, sector, object, amount, currency, "
                "amount_kzt, status, aggregate, lang, evidence, quantities, origin, review) VALUES "
                "('k1', 'd1', 0, 'Тихая Гавань', 'company', 'social', 'animal shelter', 9e999, 'KZT', 9e999, "
                "'completed', 0, 'ru', '[{\"start\": 0, \"end\": 60}]', '[]', 'machine', 'edited')")
    con.execute("INSERT INTO curations VALUES ('k1', 'd1', 'edited', '{\"amount\": Infinity, \"object\": "
                "\"animal shelter\"}', 'aigerim', '2024-05-02 00:00:00')")
    con.execute("INSERT INTO audit_log (at, user, action, record_key, doc_id, before, after) VALUES "
                "('2024-05-02 00:00:00', 'aigerim', 'edit', 'k1', 'd1', '{\"amount\": 7000000.0}', "
                "'{\"amount\": Infinity}')")
    con.execute("INSERT INTO documents_fts VALUES ('d1', 'Приют', ?)", (TEXT,))
    con.commit()
    con.close()
    return str(path)


ENDPOINTS = ("/api/summary", "/api/records", "/api/sponsors", "/api/audit", "/api/records/1",
             "/api/documents/d1", "/api/sponsors/Тихая Гавань", "/api/export/json", "/api/export/jsonl")


def check_everything_answers(db: str, capsys, tmp_path) -> None:
    with TestClient(create_app(db)) as client:
        for path in ENDPOINTS:
            response = client.get(path)
            assert response.status_code == 200, path
            if path.endswith("jsonl"):
                [strict_json(line) for line in response.text.splitlines()]
            else:
                strict_json(response.text)
        for page in ("/", "/records", "/records/1", "/sponsors", "/audit"):
            response = client.get(page)
            assert response.status_code == 200 and not NOT_A_NUMBER.search(response.text.split("<main>")[1]), page
    assert main(["report", "--db", db]) == 0
    assert not NOT_A_NUMBER.search(capsys.readouterr().out)
    out = tmp_path / "records.json"
    assert main(["export", "--db", db, "--format", "json", "-o", str(out)]) == 0
    strict_json(out.read_text(encoding="utf-8"))


def test_an_old_ledger_with_infinity_is_repaired(tmp_path, capsys):
    db = old_ledger(tmp_path / "old.db")
    led = Ledger(db)
    with led.engine.connect() as conn:
        assert conn.execute(text("SELECT amount, amount_kzt FROM records")).one() == (None, None)
        fields = conn.execute(text("SELECT fields FROM curations")).scalar()
        after = conn.execute(text("SELECT after FROM audit_log")).scalar()
    led.close()
    assert "Infinity" not in fields and "Infinity" not in after
    check_everything_answers(db, capsys, tmp_path)


def test_infinity_from_another_writer_is_never_a_500(tmp_path, capsys):
    """A writer that bypasses csrledger (here: triggers dropped first, as on a database without them)."""
    db = str(tmp_path / "ledger.db")
    led = Ledger(db)
    with led.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER records_finite_insert"))
        conn.execute(text("DROP TRIGGER records_finite_update"))
    doc = Document(id="d1", text=TEXT, lang="ru", source="test")
    record = Record(sponsor="Тихая Гавань", sponsor_kind="company", sector="social", object="animal shelter",
                    amount=7e6, currency="KZT", evidence=[Evidence(0, 60)])
    led.store(doc, Analysis(id="d1", lang="ru", records=[record]))
    with led.engine.begin() as conn:
        conn.execute(text("UPDATE records SET amount = 9e999, amount_kzt = 9e999"))
    with led.engine.connect() as conn:
        assert math.isinf(conn.execute(text("SELECT amount FROM records")).scalar())
    led.close()
    check_everything_answers(db, capsys, tmp_path)


def test_the_ledger_refuses_a_non_finite_amount(ledger_db):
    led = Ledger(ledger_db)
    doc = Document(id="d1", text=TEXT, lang="ru", source="test")
    for bad in (math.inf, -5.0, 1e17):
        record = Record(sponsor="X", sponsor_kind="company", sector="social", object="shelter", amount=bad,
                        currency="KZT", evidence=[Evidence(0, 60)])
        with pytest.raises(Exception, match="finite number from 0 to 1e16"):
            led.store(doc, Analysis(id="d1", lang="ru", records=[record]))
    with led.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM documents")).scalar() == 0
    led.close()
