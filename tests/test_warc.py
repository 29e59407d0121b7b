"""WARC corpora: archives written here by warcio are read, filtered by domain and language, and analysed."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from csrledger.cli import main
from csrledger.corpus import ReadError, read_corpus
from csrledger.corpus.warc import WarcFilter, page_language
from csrledger.model import Document

RU = ("ТОО «Темир Строй» отремонтировало школу в Темиртау за 40 млн тенге. "
      "Ремонт закончили к началу учебного года, сообщили в компании.")
EN = ("Altyn Dala LLP donated 12 million tenge to the district hospital in Kostanay. "
      "The company said the new equipment was delivered in March.")
KK = ("«Дала Құс» ЖШС Талдықорған қаласында балалар алаңын салды. "
      "Алаң құрылысына 15 миллион теңге жұмсалды, деп хабарлады серіктестік.")
DE = ("Die Stadtwerke haben im Sommer eine neue Sporthalle für die Grundschule gebaut. "
      "Die Kinder der Gemeinde freuen sich sehr über die moderne Ausstattung und den neuen Spielplatz.")


def page(title: str, text: str, lang: str = "ru") -> bytes:
    return (f'<html lang="{lang}"><head><title>{title}</title></head><body><nav>Главная | Новости</nav>'
            f"<article><h1>{title}</h1><p>{text}</p></article><footer>© Редакция</footer></body></html>"
            ).encode()


def response(writer: WARCWriter, url: str, body: bytes, status: str = "200 OK",
             content_type: str = "text/html; charset=utf-8") -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))


def write_archive(path: Path, compress: bool = True) -> None:
    """A small crawl: pages in our three languages, one in German, one on another domain, and records no pages."""
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=compress)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        writer.write_record(writer.create_warc_record("https://news.example.kz/ru/school", "request",
                                                      payload=io.BytesIO(b"GET /ru/school HTTP/1.1\r\n\r\n")))
        response(writer, "https://news.example.kz/ru/school", page("Школа после ремонта", RU))
        response(writer, "https://www.example.kz/en/hospital", page("Hospital equipment", EN, "en"))
        response(writer, "https://news.example.kz/kk/park", page("Балалар алаңы", KK, "kk"))
        response(writer, "https://news.example.kz/de/halle", page("Sporthalle", DE, "de"))
        response(writer, "https://elsewhere.example.com/ru/school", page("Перепечатка", RU))
        response(writer, "https://news.example.kz/old", b"", status="301 Moved Permanently")
        response(writer, "https://news.example.kz/logo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
        writer.write_record(writer.create_warc_record("https://news.example.kz/note.txt", "resource",
                                                      payload=io.BytesIO(EN.encode("utf-8")),
                                                      warc_content_type="text/plain"))


def split(items):
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, ReadError)]


@pytest.mark.parametrize("compress", [True, False])
def test_pages_of_an_archive_are_documents_with_their_urls(tmp_path, compress):
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    write_archive(path, compress)
    docs, errors = split(list(read_corpus(path)))
    assert [d.id for d in docs] == ["https://news.example.kz/ru/school", "https://www.example.kz/en/hospital",
                                    "https://news.example.kz/kk/park", "https://elsewhere.example.com/ru/school",
                                    "https://news.example.kz/note.txt"]
    assert docs[0].title == "Школа после ремонта" and "Темиртау" in docs[0].text and "Главная" not in docs[0].text
    assert docs[0].url == docs[0].id and docs[-1].text == EN
    [summary] = errors
    assert summary.severity == "warning"
    assert "5 pages read; skipped" in summary.message and "1 in other languages" in summary.message
    assert "1 not HTML or text" in summary.message and "1 request records" in summary.message


def test_domain_and_language_filters(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_archive(path)
    docs, errors = split(list(read_corpus(path, WarcFilter(domains=("example.kz",), langs=("kk", "en")))))
    assert [d.id for d in docs] == ["https://www.example.kz/en/hospital", "https://news.example.kz/kk/park",
                                    "https://news.example.kz/note.txt"]
    assert "1 on other domains" in errors[0].message and "2 in other languages" in errors[0].message


def test_page_language_knows_more_than_three_languages():
    assert [page_language(t) for t in (RU, EN, KK, DE)] == ["ru", "en", "kk", "de"]


def test_a_bad_record_names_its_offset_and_the_run_goes_on(tmp_path, capsys):
    folder = tmp_path / "archives"
    folder.mkdir()
    broken = folder / "a.warc.gz"
    write_archive(broken)
    good_size = broken.stat().st_size
    with open(broken, "ab") as fh:
        fh.write(b"\xff\xfe\x00\x01garbage" * 10)
    write_archive(folder / "b.warc.gz")
    items = list(read_corpus(folder))
    errors = [i for i in items if isinstance(i, ReadError) and i.severity == "error"]
    assert len(errors) == 1 + 5      # the bad record; then b.warc.gz's pages repeat a.warc.gz's URLs
    assert str(errors[0]).startswith(f"{broken}: bad record at byte {good_size:,}: ")
    assert "the rest of the file is skipped" in errors[0].message
    assert all("duplicate id" in e.message for e in errors[1:])
    assert sum(isinstance(i, Document) for i in items) == 5

    out = tmp_path / "out.jsonl"
    assert main(["extract", str(broken), "-o", str(out), "--workers", "1"]) == 1
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5
    assert f"error: {broken}: bad record at byte {good_size:,}" in capsys.readouterr().err


def test_extract_and_run_read_an_archive(tmp_path, capsys):
    path = tmp_path / "crawl.warc.gz"
    write_archive(path)
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(path), "-o", str(out), "--warc-domain", "kz", "--warc-lang", "ru,kk"]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["https://news.example.kz/ru/school", "https://news.example.kz/kk/park"]
    assert rows[0]["records"][0]["place"] == "Temirtau" and rows[0]["records"][0]["amount"] == 40_000_000
    db = tmp_path / "ledger.db"
    assert main(["run", str(path), "--db", str(db), "--warc-domain", "kz"]) == 0
    assert "4 added, 0 updated, 0 unchanged, 0 failed" in capsys.readouterr().err
