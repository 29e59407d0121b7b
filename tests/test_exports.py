"""Exports open in their own tools: Parquet in pyarrow, FtM entities in followthemoney, XLSX in openpyxl,
CSV in Excel-compatible UTF-8; spreadsheet cells never become formulas; state records on request."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from csrledger.cli import main
from csrledger.model import Analysis, Document, Evidence, Record
from csrledger.store.export import COLUMNS, export_records, write_rows
from csrledger.store.ledger import Ledger
from csrledger.store.queries import RecordFilter

# Invented documents. One starts with text a spreadsheet would run as a formula.
DOCS = [
    ("a1", "ТОО «Жасыл Орман» построило детский сад в Экибастузе за 1,8 млрд тенге. Сад открыт.",
     dt.date(2024, 9, 2), "https://news.example.kz/a1",
     [Record("Жасыл Орман", "company", "education", "kindergarten", region="KZ-55", place="Ekibastuz",
             amount=1.8e9, currency="KZT", status="completed", year_from=2024, evidence=[Evidence(0, 73)]),
      Record("Акимат", "state", "infrastructure", "road repair", region="KZ-55", amount=5e8, currency="KZT",
             status="planned", evidence=[Evidence(74, 85)])]),
    ("b2", "=HYPERLINK(\"http://evil.example\",\"x\") Иван Петров подарил школе 10 компьютеров на 24 370,6 тыс. тенге.",
     None, None,
     [Record("Иван Петров", "person", "education", "-10 computers", amount=24370600.5, currency="KZT",
             status="completed", evidence=[Evidence(0, 105)])]),
    ("c3", "Steppe Copper gave 2 million US dollars for a clinic in Satpayev.", dt.date(2023, 1, 15), None,
     [Record("@Steppe Copper", "company", "health", "clinic", region="KZ-62", place="Satpayev", amount=2e6,
             currency="USD", status="planned", year_from=2025, year_to=2026, evidence=[Evidence(0, 65)])]),
]


@pytest.fixture(scope="module")
def db(module_ledger_db):
    path = module_ledger_db
    ledger = Ledger(path)
    for doc_id, text, published, url, recs in DOCS:
        ledger.store(Document(id=doc_id, text=text, published=published, url=url, lang="ru", title=f"Title {doc_id}"),
                     Analysis(id=doc_id, lang="ru", records=recs))
    ledger.close()
    return path


def export(db, fmt, tmp_path, *extra):
    out = tmp_path / f"records.{fmt}"
    assert main(["export", "--db", db, "--format", fmt, "-o", str(out), *extra]) == 0
    return out


# --- CSV ---------------------------------------------------------------------------------------------------

def test_csv_amounts_are_numbers_and_state_is_left_out(db, tmp_path):
    raw = export(db, "csv", tmp_path).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = {r["doc_id"] + r["sector"]: r for r in csv.DictReader(io.StringIO(raw.decode("utf-8")))}
    assert set(rows) == {"a1education", "b2education", "c3health"}   # the state record is not exported
    assert rows["a1education"]["amount"] == "1800000000" and rows["a1education"]["amount_kzt"] == "1800000000"
    assert rows["b2education"]["amount"] == "24370600.5"
    assert rows["c3health"]["amount_kzt"] == ""


def test_csv_bom_and_include_state(db, tmp_path):
    raw = export(db, "csv", tmp_path, "--bom", "--include-state").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == list(COLUMNS)                      # the BOM does not stick to the first header
    assert {r["sponsor_kind"] for r in rows} == {"company", "person", "state"} and len(rows) == 4


def test_csv_cells_that_spreadsheets_would_run_are_neutralised(db, tmp_path):
    rows = {r["doc_id"]: r for r in csv.DictReader(open(export(db, "csv", tmp_path), encoding="utf-8"))}
    assert rows["b2"]["evidence"].startswith("'=HYPERLINK(")
    assert rows["b2"]["object"] == "'-10 computers"
    assert rows["c3"]["sponsor"] == "'@Steppe Copper"
    assert rows["a1"]["sponsor"] == "Жасыл Орман"               # ordinary text untouched


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised_in_csv_and_xlsx(start):
    row = {c: None for c in COLUMNS} | {"record_id": 1, "doc_id": "d", "object": f"{start}1+2", "amount": -5}
    text = io.StringIO()
    write_rows([row], "csv", text)
    parsed = next(csv.DictReader(io.StringIO(text.getvalue())))
    assert parsed["object"] == f"'{start}1+2" and parsed["amount"] == "-5"   # a negative number stays a number
    binary = io.BytesIO()
    write_rows([row], "xlsx", binary)
    sheet = load_workbook(io.BytesIO(binary.getvalue()))["records"]
    cell = sheet.cell(row=2, column=COLUMNS.index("object") + 1)
    assert cell.value == f"'{start}1+2" and cell.data_type == "s"
    assert sheet.cell(row=2, column=COLUMNS.index("amount") + 1).value == -5


def test_json_keeps_exact_text_and_numbers(db, tmp_path):
    rows = {r["doc_id"]: r for r in json.loads(export(db, "json", tmp_path).read_text(encoding="utf-8"))}
    assert rows["b2"]["evidence"].startswith("=HYPERLINK(")
    assert rows["a1"]["amount"] == 1800000000 and isinstance(rows["a1"]["amount"], int)


# --- XLSX --------------------------------------------------------------------------------------------------

def test_xlsx_dates_numbers_frozen_header_and_documents_sheet(db, tmp_path):
    book = load_workbook(export(db, "xlsx", tmp_path, "--include-state"))
    sheet = book["records"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:V5"   # 22 columns: event_id and part_of last
    header = [c.value for c in sheet[1]]
    assert header == list(COLUMNS) and all(c.font.bold for c in sheet[1])
    rows = {(r[header.index("doc_id")].value, r[header.index("sector")].value): {h: c for h, c in zip(header, r)}
            for r in sheet.iter_rows(min_row=2)}
    kg = rows[("a1", "education")]
    assert isinstance(kg["published"].value, dt.datetime) and kg["published"].value.date() == dt.date(2024, 9, 2)
    assert kg["published"].is_date and kg["published"].number_format == "yyyy-mm-dd"
    assert kg["amount"].value == 1_800_000_000 and kg["amount"].data_type == "n" and kg["amount"].number_format == "#,##0"
    assert kg["year_from"].value == 2024 and kg["record_id"].data_type == "n"
    assert kg["aggregate"].value is False
    assert rows[("b2", "education")]["amount"].number_format == "#,##0.00"
    assert rows[("b2", "education")]["published"].value is None
    assert rows[("b2", "education")]["evidence"].data_type == "s"       # not a formula
    docs = [[c.value for c in r] for r in book["documents"].iter_rows()]
    assert docs[0] == ["doc_id", "url", "published", "records"]
    assert {d[0]: d[3] for d in docs[1:]} == {"a1": 2, "b2": 1, "c3": 1}


# --- Parquet -----------------------------------------------------------------------------------------------

def test_parquet_reads_back_with_the_right_dtypes(db, tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(export(db, "parquet", tmp_path))
    types = {f.name: f.type for f in table.schema}
    assert list(types) == list(COLUMNS)
    assert types["amount"] == pa.float64() and types["amount_kzt"] == pa.float64()
    assert types["record_id"] == pa.int64() and types["year_from"] == pa.int32()
    assert types["published"] == pa.date32() and types["aggregate"] == pa.bool_()
    assert pa.types.is_dictionary(types["sector"]) and types["evidence"] == pa.string()
    rows = {(r["doc_id"], r["sector"]): r for r in table.to_pylist()}
    assert len(rows) == 3
    assert rows[("a1", "education")]["amount"] == 1.8e9 and rows[("a1", "education")]["published"] == dt.date(2024, 9, 2)
    assert rows[("c3", "health")]["amount_kzt"] is None and rows[("c3", "health")]["year_to"] == 2026
    assert rows[("b2", "education")]["evidence"].startswith("=HYPERLINK(")   # exact text, not a spreadsheet
    assert b"producer" in table.schema.metadata


def test_parquet_types_hold_when_no_row_has_a_value(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    out = io.BytesIO()
    assert write_rows([], "parquet", out) == 0
    table = pq.read_table(io.BytesIO(out.getvalue()))
    assert table.num_rows == 0 and table.schema.field("amount").type == pa.float64()


# --- FollowTheMoney ----------------------------------------------------------------------------------------

def _entities(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_ftm_entities_are_valid_and_linked(db, tmp_path):
    ftm = pytest.importorskip("followthemoney")
    from followthemoney.exc import InvalidData

    entities = _entities(export(db, "ftm", tmp_path, "--include-state"))
    by_id = {e["id"]: e for e in entities}
    assert len(by_id) == len(entities)                          # each entity once
    for data in entities:
        proxy = ftm.model.get_proxy(data, cleaned=False)        # cleans every value: invalid ones are dropped
        assert proxy.to_dict()["properties"] == data["properties"], data
        proxy.schema.validate(data)
        assert all(data["properties"].get(p) for p in proxy.schema.required)
    schemata = sorted(e["schema"] for e in entities)
    assert schemata.count("Project") == 4 and schemata.count("Article") == 3
    assert {"Company", "Person", "PublicBody", "ProjectParticipant"} <= set(schemata)

    kg = next(e for e in entities if e["schema"] == "Project" and e["properties"]["name"] == ["kindergarten"])
    props = kg["properties"]
    assert props["amount"] == ["1800000000"] and props["currency"] == ["KZT"]
    assert props["date"] == ["2024-09-02"] and props["startDate"] == ["2024"] and props["status"] == ["completed"]
    assert props["address"] == ["Ekibastuz, Pavlodar"] and props["country"] == ["kz"]
    assert props["summary"][0].startswith("ТОО «Жасыл Орман» построило")
    article = by_id[props["proof"][0]]
    assert article["schema"] == "Article" and article["properties"]["sourceUrl"] == ["https://news.example.kz/a1"]
    assert article["properties"]["language"] == ["rus"] and article["properties"]["publishedAt"] == ["2024-09-02"]
    link = next(e for e in entities if e["schema"] == "ProjectParticipant" and e["properties"]["project"] == [kg["id"]])
    sponsor = by_id[link["properties"]["participant"][0]]
    assert sponsor["schema"] == "Company" and sponsor["properties"]["name"] == ["Жасыл Орман"]

    with pytest.raises(InvalidData):                          # the check used by the writer does fail on bad data
        ftm.model.get("Project").validate({"properties": {"startDate": ["not a date"]}})


def test_ftm_loads_in_the_ftm_tools(db, tmp_path):
    pytest.importorskip("followthemoney")
    path = export(db, "ftm", tmp_path)
    ftm_cli = Path(sys.executable).with_name("ftm")
    if not ftm_cli.exists():
        pytest.skip("the ftm command is not installed")
    out = tmp_path / "validated.ftm.json"
    subprocess.run([str(ftm_cli), "validate", "-i", str(path), "-o", str(out)], check=True, timeout=120)
    before = {e["id"]: e["properties"] for e in _entities(path)}
    after = {e["id"]: e["properties"] for e in _entities(out)}
    assert after == before and len(after) >= 9


def test_ftm_sponsor_is_one_entity_across_documents(tmp_path):
    pytest.importorskip("followthemoney")
    ledger = Ledger(str(tmp_path / "l.db"))
    for doc_id in ("x", "y"):
        text = "Компания Altyn Su подарила школе автобус."
        ledger.store(Document(id=doc_id, text=text, lang="ru"),
                     Analysis(id=doc_id, lang="ru", records=[Record("Altyn Su", "company", "education", "bus",
                                                                    evidence=[Evidence(0, len(text))])]))
    out = io.StringIO()
    with ledger.engine.connect() as conn:
        assert export_records(conn, RecordFilter(), "ftm", out) == 2
    ledger.close()
    entities = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [e["schema"] for e in entities].count("Company") == 1
    assert [e["schema"] for e in entities].count("Project") == 2


# --- optional packages -------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt, module", [("parquet", "pyarrow"), ("ftm", "followthemoney")])
def test_missing_extra_is_a_clear_error_and_writes_nothing(db, tmp_path, monkeypatch, fmt, module):
    for name in list(sys.modules):
        if name == module or name.startswith(module + "."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, module, None)             # import now raises ImportError
    out = tmp_path / f"records.{fmt}"
    with pytest.raises(SystemExit, match=r"csrledger\[exports\]"):
        main(["export", "--db", db, "--format", fmt, "-o", str(out)])
    assert not out.exists() and not list(tmp_path.glob(".*partial"))


def test_import_csrledger_does_not_load_the_heavy_packages():
    code = ("import sys, csrledger, csrledger.store.export, csrledger.cli; "
            "print(sorted(m for m in ('pyarrow', 'followthemoney', 'sqlalchemy', 'csrledger.pipeline') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
