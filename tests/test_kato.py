"""Import of the official KATO classifier and its use by the gazetteer."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from csrledger.extract import places as places_mod
from csrledger.geo import gazetteer as gazetteer_mod
from csrledger.geo.gazetteer import build_gazetteer
from csrledger.geo.kato import clean_name, import_kato, kato_path, read_kato
from csrledger.model import Document
from csrledger.pipeline import prepare

KATO_CSV = Path(__file__).resolve().parent.parent.parent / "shared" / "refdata" / "KATO" / "kato.csv"
needs_kato = pytest.mark.skipif(not KATO_CSV.exists(), reason="../shared/refdata/KATO not present")

# A made-up classifier in the KATO layout: one region, one district, villages.
SAMPLE_ROWS = [
    ("350000000", "Карагандинская область", "Қарағанды облысы"),
    ("354000000", "Бухар-Жырауский район", "Бұқар жырау ауданы"),
    ("354030000", "Тестовский с.о.", "Тестов а.о."),
    ("354030100", "с.Тестовка", "Тестовка а."),
    ("354030200", "с.Жаңаауыл", "Жаңаауыл а."),
    ("155030200", "с.Жаңаауыл", "Жаңаауыл а."),
    ("354050100", "п.Ботакара", "Ботақара к."),
]


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("CSRLEDGER_HOME", str(tmp_path))
    gazetteer_mod.default_gazetteer.cache_clear()
    yield tmp_path
    gazetteer_mod.default_gazetteer.cache_clear()


def _write_csv(path: Path) -> Path:
    lines = ["kato,kato_version,level,type_code,name_ru,name_kk"]
    lines += [f"{code},X,settlement,2,{ru},{kk}" for code, ru, kk in SAMPLE_ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("raw, clean", [
    ("г.Семей", "Семей"), ("Семей Г.А.", "Семей"), ("с.Тестовка", "Тестовка"),
    ("Тестовка а.", "Тестовка"), ("Абай с.о.", "Абай"), ("Лагерь", "Лагерь"),
])
def test_clean_name(raw, clean):
    assert clean_name(raw) == clean


def test_kato_path_follows_csrledger_home(home):
    assert kato_path() == home / "gazetteer" / "kato.json"


def test_import_csv_and_default_gazetteer_picks_it_up(home, tmp_path):
    count = import_kato(_write_csv(tmp_path / "k.csv"))
    assert count == 4   # settlements only: region, district and rural administration rows dropped
    stored = json.loads(kato_path().read_text(encoding="utf-8"))
    assert {u["region"] for u in stored} == {"KZ-35", "KZ-15"}
    gaz = gazetteer_mod.default_gazetteer()
    assert any(e.id == "354030100" for e in gaz.entries.values())


def test_villages_need_a_head_or_known_region(home, tmp_path):
    import_kato(_write_csv(tmp_path / "k.csv"))

    def found(text):
        view = prepare(Document(id="t", text=text, published=dt.date(2024, 1, 1)))
        return [(p.text, p.region) for p in places_mod.extract_places(view)]

    assert found("Жители села Тестовка получили уголь.") == [("Тестовка", "KZ-35")]
    assert found("Тестовка победила в конкурсе.") == []
    # one name in two regions: resolved by the region named nearby, else left open
    assert found("В селе Жаңаауыл Карагандинской области открыли клуб.") == [
        ("Жаңаауыл", "KZ-35"), ("Карагандинской области", "KZ-35")]
    assert found("В селе Жаңаауыл открыли клуб.") == [("Жаңаауыл", None)]


def test_import_xlsx(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["КАТО (классификатор)"])
    ws.append(["te", "ab", "cd", "ef", "hij", "k", "kaz_name", "rus_name", "nn"])
    for code, ru, kk in SAMPLE_ROWS:
        ws.append([code, code[:2], code[2:4], code[4:6], code[6:], 2, kk, ru, ""])
    path = tmp_path / "kato.xlsx"
    wb.save(path)
    target = tmp_path / "out" / "kato.json"
    assert import_kato(path, target) == 4
    gaz = build_gazetteer(target)
    assert gaz.entries["354030100"].region == "KZ-35"


@needs_kato
def test_official_csv_covers_all_regions(tmp_path):
    units = read_kato(KATO_CSV)
    assert len(units) > 13_000
    assert {u["region"] for u in units} >= {"KZ-10", "KZ-33", "KZ-62"}
    target = tmp_path / "kato.json"
    import_kato(KATO_CSV, target)
    gaz = build_gazetteer(target)
    assert len(gaz.entries) > 10_000
