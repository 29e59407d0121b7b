"""The HTML pages: they render, keep filters in links, show evidence, and let a curator work.

Also the chart helpers (colour classes, tile map, year columns) and the
boundary-file matching, table-driven.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("itsdangerous")
from fastapi.testclient import TestClient  # noqa: E402

from csrledger.web.app import create_app  # noqa: E402
from csrledger.web.charts import region_map, scale_for, year_columns  # noqa: E402
from csrledger.web.geojson import BoundaryError, load_boundaries, match_region  # noqa: E402
from csrledger.web.pages import highlight  # noqa: E402
from tests.test_web_api import CURATOR, build_ledger, csrf_of, record_id, sign_in  # noqa: E402

GEOKZ = Path(__file__).resolve().parents[2] / "shared" / "refdata" / "geokz-boundaries" / "kaz_adm1_2024.geojson"


@pytest.fixture
def client(ledger_db):
    with TestClient(create_app(build_ledger(ledger_db))) as c:
        yield c


def form_token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


@pytest.mark.parametrize("path, expected", [
    ("/", "Social investments in Kazakhstan"),
    ("/?region=KZ-55&year=2023", "region: Pavlodar ×"),
    ("/records", "school for 600 places"),
    ("/records?sector=health&sort=year&desc=false", "polyclinic repair"),
    ("/sponsors", "Богатырь Комир"),
    ("/sponsors/%D0%91%D0%BE%D0%B3%D0%B0%D1%82%D1%8B%D1%80%D1%8C%20%D0%9A%D0%BE%D0%BC%D0%B8%D1%80", "10 apartments"),
    ("/documents", "Поликлиника в Темиртау"),
    ("/documents?q=спорт", "Шымкентте спорт кешені салынды"),
    ("/documents/atr-park", "Caspian Oil Services"),
    ("/audit", "No curation yet"),
    ("/api", "/api/records/{record_id}"),
    ("/login", "Curator sign-in"),
])
def test_pages_render(client, path, expected):
    response = client.get(path)
    assert response.status_code == 200, response.text[:300]
    assert expected in response.text


@pytest.mark.parametrize("path, status, message", [
    ("/records?region=Pavlodar", 400, "region must be an ISO 3166-2:KZ code"),
    ("/?year=soon", 400, "year must be a whole number"),
    ("/records?sort=colour", 400, "sort must be"),
    ("/records/424242", 404, "no record 424242"),
    ("/documents/nothing-here", 404, "no document"),
    ("/sponsors/Nobody", 404, "no records of sponsor"),
    ("/no/such/page", 404, "Not Found"),
])
def test_page_errors_are_html_with_message(client, path, status, message):
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html") and message in response.text


def test_filters_are_kept_in_links(client):
    html = client.get("/records", params={"region": "KZ-55", "status": "completed"}).text
    assert "/api/export/csv?region=KZ-55&amp;status=completed" in html
    assert "sort=sponsor" in html and "region=KZ-55" in html.split("sort=sponsor")[0].rsplit("href", 1)[1]
    dashboard = client.get("/", params={"sector": "education"}).text
    assert '/?sector=education&amp;region=KZ-55' in dashboard          # map tile keeps the sector


def test_record_page_shows_fields_evidence_source_and_other_records(client):
    rid = record_id(client, "school for 600 places")
    html = client.get(f"/records/{rid}").text
    assert "<mark>ТОО «Богатырь Комир» построило школу за 2,4 млрд тенге.</mark>" in html
    assert 'href="https://example.kz/news/pvl-school"' in html
    assert "2\u202f400\u202f000\u202f000 ₸" in html
    assert "10 apartments for large families" in html                 # the sponsor's other records
    foreign = client.get(f"/records/{record_id(client, 'city park')}").text
    assert "3\u202f000\u202f000 USD" in foreign and "not converted" in foreign


def test_reading_needs_no_sign_in_but_writing_does(client):
    assert "Sign in as a curator" in client.get(f"/records/{record_id(client, 'city park')}").text
    assert client.get("/add", follow_redirects=False).headers["location"].startswith("/login")
    token = csrf_of(client)
    response = client.post("/add", data={"text": "Текст.", "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 401


def test_curator_edits_through_the_form(client):
    assert sign_in(client).status_code == 303
    rid = record_id(client, "sports complex")
    page = client.get(f"/records/{rid}").text
    assert CURATOR in page and 'data-testid="edit-form"' in page
    form = {"csrf_token": form_token(page), "action": "edit", "sponsor": "Оңтүстік Құрылыс", "sponsor_kind": "company",
            "sector": "sport", "object": "sports complex for 300 children", "region": "KZ-79", "place": "Shymkent",
            "amount": "125000000", "currency": "KZT", "status": "completed", "year_from": "2023", "year_to": "",
            "beneficiaries": "300 children"}
    done = client.post(f"/records/{rid}/curate", data=form)
    assert done.status_code == 200 and "Record saved." in done.text
    assert "sports complex for 300 children" in done.text and "125\u202f000\u202f000 ₸" in done.text
    assert "<ins>sports complex for 300 children</ins>" in done.text        # audit entry: before → after
    bad = client.post(f"/records/{rid}/curate", data={**form, "amount": "lots"})
    assert bad.status_code == 400 and "amount must be a number" in bad.text


def test_curator_adds_a_record_and_a_document(client):
    sign_in(client)
    page = client.get("/records/new", params={"doc_id": "krg-clinic"}).text
    response = client.post("/records/new", data={
        "csrf_token": form_token(page), "doc_id": "krg-clinic", "sponsor": "Темиртау Металл", "sector": "health",
        "object": "medical equipment", "status": "planned", "sponsor_kind": "company", "region": "KZ-35"})
    assert response.status_code == 200 and "Record added." in response.text and "medical equipment" in response.text
    text = "Ақтөбеде «Батыс Мұнай» ЖШС 50 млн теңгеге балалар алаңын салды."
    added = client.post("/add", data={"csrf_token": form_token(page), "text": text, "doc_id": "akt-playground",
                                      "published": "2024-08-01"})
    assert added.status_code == 200 and "Document added" in added.text
    upload = client.post("/add", data={"csrf_token": form_token(page)},
                         files={"file": ("kst-news.txt", "Қостанайда мектеп жөнделді.".encode(), "text/plain")})
    assert upload.status_code == 200 and "kst-news" in client.get("/documents").text
    wrong = client.post("/add", data={"csrf_token": form_token(page)},
                        files={"file": ("table.pdf", b"%PDF-1.4", "application/pdf")})
    assert wrong.status_code == 400 and "upload a" in wrong.text


def test_logout_ends_the_session(client):
    sign_in(client)
    token = csrf_of(client)
    assert client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    assert client.get("/api/session").json()["user"] is None


# --- chart helpers ---------------------------------------------------------------------------------------------

def test_highlight_splits_text_around_spans():
    assert highlight("abcdef", [(1, 3, "x"), (2, 4, "y"), (5, 9, "z")]) == [
        ("a", None), ("bc", "x"), ("d", "y"), ("e", None), ("f", "z")]
    assert highlight("abc", []) == [("abc", None)]


@pytest.mark.parametrize("values, classes", [
    ([0, 0, 0], 1),
    ([5, 0, 0], 1),
    ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5),
    ([7, 7, 7], 1),
    ([1, 100], 2),
])
def test_colour_scale_classes(values, classes):
    scale = scale_for(values, "records")
    assert len(scale.colours) == classes
    assert scale.colour(0) == scale.empty
    ordered = [scale.colour(v) for v in sorted(v for v in values if v)]
    palette = list(scale.colours)
    assert [palette.index(c) for c in ordered] == sorted(palette.index(c) for c in ordered)
    assert len(scale.legend()) == classes + 1


def test_tile_map_covers_the_20_regions_and_links():
    rows = [{"key": "KZ-55", "records": 3, "kzt_completed": 2.6e9}, {"key": None, "records": 2, "kzt_completed": 0.0}]
    m = region_map(rows, "KZ-55", lambda code: f"/?region={code}")
    assert len(m.shapes) == 20 and len({(s.x, s.y) for s in m.shapes}) == 20
    pavlodar = next(s for s in m.shapes if s.code == "KZ-55")
    assert pavlodar.selected and pavlodar.fill != next(s for s in m.shapes if s.code == "KZ-35").fill
    assert m.metric == "kzt" and m.unlocated == {"records": 2, "kzt": 0.0}


def test_year_columns_in_order_scaled_to_the_largest():
    cols = year_columns([{"key": 2024, "records": 1, "kzt_completed": 50.0}, {"key": 2022, "records": 2, "kzt_completed": 100.0},
                         {"key": None, "records": 9, "kzt_completed": 1.0}], lambda y: f"?year={y}")
    assert [c.label for c in cols] == ["2022", "2024"] and cols[0].height == 120.0 and cols[1].height == 60.0


@pytest.mark.parametrize("properties, code", [
    ({"ISO": "KZ-35"}, "KZ-35"),
    ({"KATO": "550000000"}, "KZ-55"),
    ({"ADM1_PCODE": "KZ62", "ISO_3166_2": "KZ-ULT"}, "KZ-62"),
    ({"name": "Karaganda Region"}, "KZ-35"),
    ({"name_ru": "Павлодарская область"}, "KZ-55"),
    ({"name": "Almaty (city)"}, "KZ-75"),
    ({"name": "Almaty"}, "KZ-19"),
    ({"name": "Shymkent"}, "KZ-79"),
    ({"name": "Nowhere"}, None),
])
def test_boundary_features_match_regions(properties, code):
    assert match_region(properties) == code


def test_boundary_file_errors(tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(BoundaryError):
        load_boundaries(bad)
    with pytest.raises(BoundaryError):
        load_boundaries(tmp_path / "missing.geojson")


@pytest.mark.skipif(not GEOKZ.exists(), reason="../shared/refdata/geokz-boundaries not present")
def test_choropleth_from_the_geokz_boundaries(tmp_path):
    boundaries = load_boundaries(GEOKZ)
    assert len(boundaries["paths"]) == 20
    with TestClient(create_app(build_ledger(tmp_path / "ledger.db"), GEOKZ)) as client:
        html = client.get("/").text
    assert html.count('<path d="M') == 20 and 'data-region="KZ-62"' in html


def test_unsafe_urls_and_redirects_are_neutralised(client):
    from csrledger.web.pages import _safe_next
    from csrledger.web.render import web_url

    assert [web_url(u) for u in ("https://kz.kz/a", "javascript:alert(1)", None)] == ["https://kz.kz/a", "", ""]
    assert [_safe_next(t) for t in ("/records/3", "//evil.example", "/\\evil.example", "https://evil")] == [
        "/records/3", "/", "/", "/"]
    sign_in(client)
    page = client.get("/add").text
    client.post("/add", data={"csrf_token": form_token(page), "text": "Текст <script>alert(1)</script>.",
                              "url": "javascript:alert(1)", "doc_id": "xss"})
    html = client.get("/documents/xss").text
    assert "<script>alert(1)</script>" not in html and "javascript:alert" not in html


def test_sponsor_page_shows_other_currencies_apart(client):
    html = client.get("/sponsors/Caspian Oil Services").text
    assert "delivered (+ 3\u202f000\u202f000 USD reported, not converted)" in html


def test_serve_stops_with_a_message_on_a_bad_boundary_file(tmp_path):
    from csrledger.web.app import serve

    bad = tmp_path / "regions.geojson"
    bad.write_text("not json")
    with pytest.raises(SystemExit, match="cannot read boundaries"):
        serve(str(tmp_path / "ledger.db"), regions_geojson=bad)
