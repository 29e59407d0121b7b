"""Corpus readers: every input kind, every bad-input case, input order and laziness."""
import datetime as dt
import gzip
import json
import tracemalloc

import pytest

from csrledger.corpus import MAX_DOCUMENT_BYTES, ReadError, read_corpus
from csrledger.corpus import jsonl as jsonl_module
from csrledger.corpus.decode import DecodeError, decode
from csrledger.model import Document
from tests.conftest import DEV_CORPUS, needs_dev, read_jsonl

ROWS = [
    {"id": "a1", "lang": "ru", "published": "2019-05-14", "title": "Школа в Сатпаеве", "url": "https://news.example.kz/a1",
     "text": "ТОО «Дала Строй» построило в Сатпаеве школу на 300 мест за 1,2 млрд тенге."},
    {"id": "a2", "lang": "en", "text": "Steppe Copper LLP planted 2,000 trees in Balkhash."},
    {"id": "a3", "lang": "kk", "published": "2024-06-10",
     "text": "«Береке» шаруа қожалығы ауыл мектебіне 15 миллион теңге бөлді."},
]

HTML_PAGE = """<!DOCTYPE html><html lang="ru-RU"><head><meta charset="utf-8">
<title>Компания подарила детскому саду автобус</title>
<meta property="article:published_time" content="2021-05-14T09:30:00+05:00">
<link rel="canonical" href="https://www.example-mining.kz/news/bus-for-kindergarten"></head>
<body><nav><a href="/">Главная</a> | <a href="/contacts">Контакты</a></nav>
<article><h1>Компания подарила детскому саду автобус</h1>
<p>ТОО «Сарыарка Майнинг» передало детскому саду «Балапан» в поселке Жайрем новый автобус на 30 мест.
Стоимость подарка составила 28 млн тенге.</p>
<p>По словам директора сада, автобус будет возить детей из соседних сел. В прошлом году компания
также отремонтировала спортивный зал сельской школы.</p></article>
<footer>Все права защищены. Перепечатка запрещена.</footer></body></html>"""


def jsonl_lines(rows):
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def write(path, content, encoding="utf-8"):
    data = content if isinstance(content, bytes) else content.encode(encoding)
    if path.name.endswith(".gz"):
        with gzip.open(path, "wb") as fh:
            fh.write(data)
    else:
        path.write_bytes(data)
    return path


def split(items):
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, ReadError)]
    return docs, errors


# --- good input -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["c.jsonl", "c.jsonl.gz", "c.ndjson"])
def test_jsonl_plain_and_gzip(tmp_path, name):
    path = write(tmp_path / name, jsonl_lines(ROWS))
    docs, errors = split(list(read_corpus(path)))
    assert errors == []
    assert [d.id for d in docs] == ["a1", "a2", "a3"]
    first = docs[0]
    assert first == Document(id="a1", text=ROWS[0]["text"], title="Школа в Сатпаеве", url="https://news.example.kz/a1",
                             published=dt.date(2019, 5, 14), lang="ru", source=str(path), line=1)
    assert docs[1].published is None and docs[1].title is None and docs[1].line == 2


def test_jsonl_skips_blank_lines_but_counts_them(tmp_path):
    path = write(tmp_path / "c.jsonl", jsonl_lines(ROWS[:1]) + "\n   \n" + jsonl_lines(ROWS[1:2]))
    assert [d.line for d in read_corpus(path)] == [1, 4]


def test_jsonl_utf8_bom_and_crlf(tmp_path):
    path = write(tmp_path / "c.jsonl", "\ufeff" + jsonl_lines(ROWS).replace("\n", "\r\n"))
    docs, errors = split(list(read_corpus(path)))
    assert errors == [] and [d.id for d in docs] == ["a1", "a2", "a3"]


def test_unknown_lang_is_kept_as_given(tmp_path):
    path = write(tmp_path / "c.jsonl", jsonl_lines([dict(ROWS[1], lang="de")]))
    assert next(read_corpus(path)).lang == "de"


def test_numeric_id_becomes_a_string(tmp_path):
    path = write(tmp_path / "c.jsonl", jsonl_lines([dict(ROWS[1], id=17)]))
    assert next(read_corpus(path)).id == "17"


@pytest.mark.parametrize("name", ["note.txt", "note.txt.gz"])
def test_txt_file_id_is_the_name_and_text_is_the_whole_file(tmp_path, name):
    text = "Аким области вручил ключи.\r\n\r\nКомпания построила 20 домов для многодетных семей.\r\n"
    path = write(tmp_path / name, text)
    [doc] = list(read_corpus(path))
    assert doc.id == "note" and doc.text == text.replace("\r\n", "\n")
    assert doc.source == str(path) and doc.line is None and doc.published is None
    assert doc.title is None                     # the first line ends with a full stop: not a headline


@pytest.mark.parametrize("text, title", [
    ("Школа открылась\n\nВ селе открылась школа.", "Школа открылась"),
    ("\nNew school opens in Kulsary\n\nA new school has opened.", "New school opens in Kulsary"),
    ("Школа открылась.\n\nВ селе открылась школа.", None),
    ("Одна строка без абзацев", None),
    ("Первая строка\nвторая строка\n\nТекст.", None),
])
def test_txt_headline(tmp_path, text, title):
    assert next(read_corpus(write(tmp_path / "n.txt", text))).title == title


def test_cp1251_fallback(tmp_path):
    text = "ТОО «Жайык Агро» выделило 12 млн тенге на ремонт сельской школы в Уральске."
    [doc] = list(read_corpus(write(tmp_path / "old.txt", text, encoding="cp1251")))
    assert doc.text == text


@pytest.mark.parametrize("data, expected", [
    ("Школа".encode("utf-8"), "Школа"),
    ("\ufeffSchool".encode("utf-8"), "School"),
    ("Детский сад на 90 мест".encode("cp1251"), "Детский сад на 90 мест"),
])
def test_decode(data, expected):
    assert decode(data) == expected


@pytest.mark.parametrize("data", [b"caf\xe9 cr\xe8me br\xfbl\xe9e", b"PK\x03\x04\x00\x00binary", b"\xd0\xd1 \x98\x98 text"])
def test_decode_refuses_what_is_not_utf8_or_cyrillic(data):
    with pytest.raises(DecodeError):
        decode(data)


@pytest.mark.parametrize("name", ["page.html", "page.htm", "page.html.gz"])
def test_html_main_text_and_metadata(tmp_path, name):
    path = write(tmp_path / name, HTML_PAGE)
    [doc] = list(read_corpus(path))
    assert doc.id == "page"
    assert doc.title == "Компания подарила детскому саду автобус"
    assert doc.published == dt.date(2021, 5, 14)
    assert doc.url == "https://www.example-mining.kz/news/bus-for-kindergarten"
    assert doc.lang == "ru"
    assert "28 млн тенге" in doc.text and doc.text.startswith("Компания подарила")
    assert "Перепечатка" not in doc.text and "Контакты" not in doc.text


def test_html_date_found_by_htmldate_in_the_page(tmp_path):
    page = ("<html><head><title>Саженцы для парка</title></head><body><div class='news'>"
            "<p>Опубликовано: 12.03.2019</p><p>Фонд «Мейірім» высадил 500 саженцев в парке Кокшетау. "
            "Волонтеры компании ухаживают за деревьями весь сезон.</p></div></body></html>")
    [doc] = list(read_corpus(write(tmp_path / "trees.html", page)))
    assert doc.published == dt.date(2019, 3, 12)
    assert doc.title == "Саженцы для парка" and "500 саженцев" in doc.text


def test_html_windows_1251_page(tmp_path):
    page = HTML_PAGE.replace('charset="utf-8"', 'charset="windows-1251"')
    [doc] = list(read_corpus(write(tmp_path / "p.html", page, encoding="cp1251")))
    assert "28 млн тенге" in doc.text


def test_folder_is_read_recursively_in_sorted_order(tmp_path):
    write(tmp_path / "b.jsonl", jsonl_lines(ROWS[1:]))
    write(tmp_path / "a.txt", "Компания подарила школе 40 компьютеров.")
    (tmp_path / "c").mkdir()
    write(tmp_path / "c" / "x.html", HTML_PAGE)
    write(tmp_path / "c" / "y.txt.gz", "Фермер построил спортивную площадку.")
    write(tmp_path / ".hidden.txt", "Скрытый файл.")
    write(tmp_path / "notes.md", "# not a corpus file")
    docs, errors = split(list(read_corpus(tmp_path)))
    assert [d.id for d in docs] == ["a", "a2", "a3", "c/x", "c/y"]
    assert [(e.source, e.severity) for e in errors] == [(str(tmp_path / "notes.md"), "warning")]


def test_explicit_file_with_unknown_extension_is_sniffed(tmp_path):
    write(tmp_path / "dump.json", jsonl_lines(ROWS))
    write(tmp_path / "page.php", HTML_PAGE)
    assert [d.id for d in read_corpus(tmp_path / "dump.json")] == ["a1", "a2", "a3"]
    assert next(read_corpus(tmp_path / "page.php")).title == "Компания подарила детскому саду автобус"


def test_missing_path_raises_at_once(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere.jsonl"):
        read_corpus(tmp_path / "nowhere.jsonl")


# --- bad input: one ReadError naming file and line, the rest goes on ------------------------

BAD_LINES = [
    ('{"id": "broken", "text": ', "malformed JSON"),
    ('[1, 2, 3]', "not a JSON object"),
    ('{"text": "Компания построила школу."}', "missing 'id'"),
    ('{"id": "", "text": "Компания построила школу."}', "missing 'id'"),
    ('{"id": "n1"}', "missing 'text'"),
    ('{"id": "n2", "text": ""}', "empty document"),
    ('{"id": "n3", "text": "  \\n "}', "empty document"),
    ('{"id": "n4", "text": 42}', "'text' must be a string"),
    ('{"id": ["x"], "text": "Школа."}', "'id' must be a string"),
    ('{"id": "a1", "text": "Повтор."}', "duplicate id 'a1'"),
]


@pytest.mark.parametrize("bad, message", BAD_LINES)
def test_each_bad_line_is_one_error_with_file_and_line(tmp_path, bad, message):
    path = write(tmp_path / "c.jsonl", jsonl_lines(ROWS[:1]) + bad + "\n" + jsonl_lines(ROWS[1:]))
    docs, errors = split(list(read_corpus(path)))
    assert [d.id for d in docs] == ["a1", "a2", "a3"]
    [error] = errors
    assert error.severity == "error" and message in error.message
    assert str(error).startswith(f"{path}:2: ")


def test_duplicate_id_across_files_names_the_first(tmp_path):
    write(tmp_path / "a.jsonl", jsonl_lines(ROWS))
    write(tmp_path / "a2.txt", "Компания построила школу.")
    docs, errors = split(list(read_corpus(tmp_path)))
    assert [d.id for d in docs] == ["a1", "a2", "a3"]
    assert str(errors[0]) == f"{tmp_path / 'a2.txt'}: duplicate id 'a2' (first at {tmp_path / 'a.jsonl'}:2); skipped"


def test_bad_published_is_a_warning_and_the_document_is_kept(tmp_path):
    rows = [dict(ROWS[0], published="14.05.2019"), dict(ROWS[1], published="2021-09-01T10:00:00"), dict(ROWS[2], published=2024)]
    items = list(read_corpus(write(tmp_path / "c.jsonl", jsonl_lines(rows))))
    docs, errors = split(items)
    assert [d.published for d in docs] == [None, dt.date(2021, 9, 1), None]
    assert [(e.line, e.severity) for e in errors] == [(1, "warning"), (3, "warning")]
    assert "'14.05.2019' is not a YYYY-MM-DD date" in errors[0].message


def test_non_string_title_is_dropped_with_a_warning(tmp_path):
    items = list(read_corpus(write(tmp_path / "c.jsonl", jsonl_lines([dict(ROWS[0], title=["x"])]))))
    docs, errors = split(items)
    assert docs[0].title is None and errors[0].severity == "warning"


def test_undecodable_line_is_one_error(tmp_path):
    data = jsonl_lines(ROWS[:1]).encode() + b'{"id": "x", "text": "caf\xe9"}\n' + jsonl_lines(ROWS[1:]).encode()
    docs, errors = split(list(read_corpus(write(tmp_path / "c.jsonl", data))))
    assert len(docs) == 3 and errors[0].line == 2 and "undecodable" in errors[0].message


def test_cp1251_jsonl_line_is_read(tmp_path):
    data = json.dumps(ROWS[0], ensure_ascii=False).encode("cp1251") + b"\n"
    [doc] = list(read_corpus(write(tmp_path / "c.jsonl", data)))
    assert doc.text == ROWS[0]["text"]


@pytest.mark.parametrize("name", ["blob.txt", "blob.html", "blob.bin"])
def test_binary_file_is_one_error_and_the_folder_goes_on(tmp_path, name):
    write(tmp_path / name, bytes(range(256)) * 40)
    write(tmp_path / "z.txt", "Компания построила школу.")
    target = tmp_path / name if name.endswith(".bin") else tmp_path
    items = list(read_corpus(target))
    errors = [i for i in items if isinstance(i, ReadError)]
    assert len(errors) == 1 and errors[0].source == str(tmp_path / name) and "binary" in errors[0].message


@pytest.mark.parametrize("name, content, message", [
    ("empty.txt", "\n  \n", "empty document"),
    ("empty.html", "<html></html>", "empty document"),
    ("empty.jsonl", "", "empty file (no documents)"),
    ("blank.jsonl", "\n \n\n", "empty file (no documents)"),
    ("empty.jsonl.gz", "", "empty file (no documents)"),
])
def test_empty_file_is_one_error(tmp_path, name, content, message):
    write(tmp_path / name, content)
    items = list(read_corpus(tmp_path / name))
    assert [(str(i), i.severity) for i in items] == [(f"{tmp_path / name}: {message}", "error")]


def test_50_mb_file_is_skipped_without_reading_it(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)            # sparse: never read, refused by its size
    write(tmp_path / "small.txt", "Компания построила школу.")
    docs, errors = split(list(read_corpus(tmp_path)))
    assert [d.id for d in docs] == ["small"]
    assert errors[0].source == str(big) and "too large" in errors[0].message


def test_50_mb_jsonl_line_is_skipped_in_constant_memory(tmp_path):
    path = tmp_path / "c.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(jsonl_lines(ROWS[:1]))
        fh.write('{"id": "huge", "text": "' + "x" * (50 * 1024 * 1024) + '"}\n')
        fh.write(jsonl_lines(ROWS[1:]))
    tracemalloc.start()
    try:
        items = list(read_corpus(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    docs, errors = split(items)
    assert [d.id for d in docs] == ["a1", "a2", "a3"]
    assert errors[0].line == 2 and "too large" in errors[0].message
    assert peak < 3 * MAX_DOCUMENT_BYTES         # at most a limit-sized buffer, never the 50 MB line


def test_gzip_file_larger_than_the_limit_when_unpacked(tmp_path):
    path = write(tmp_path / "big.txt.gz", b"a" * (MAX_DOCUMENT_BYTES + 10))
    assert "too large" in next(read_corpus(path)).message


def test_corrupt_gzip_is_one_error(tmp_path):
    path = tmp_path / "c.jsonl.gz"
    path.write_bytes(gzip.compress(jsonl_lines(ROWS).encode())[:40])
    items = list(read_corpus(path))
    assert isinstance(items[-1], ReadError) and items[-1].source == str(path)


# --- streaming ------------------------------------------------------------------------------

def test_read_corpus_is_lazy(tmp_path, monkeypatch):
    path = write(tmp_path / "c.jsonl", jsonl_lines(dict(ROWS[0], id=f"d{i}") for i in range(5000)))
    parsed = []
    original = jsonl_module.parse_line
    monkeypatch.setattr(jsonl_module, "parse_line", lambda raw, src, n: parsed.append(n) or original(raw, src, n))
    items = read_corpus(path)
    assert parsed == []
    assert next(items).id == "d0"
    assert parsed == [1]


def test_input_order_is_kept(tmp_path):
    rows = [dict(ROWS[i % 3], id=f"d{i:03d}") for i in range(300)]
    assert [d.id for d in read_corpus(write(tmp_path / "c.jsonl", jsonl_lines(rows)))] == [r["id"] for r in rows]


def test_html_parser_crash_costs_one_page(tmp_path, monkeypatch):
    from csrledger.corpus import readers

    def crash(page, doc_id, source):
        raise ValueError("broken markup")

    monkeypatch.setattr(readers, "html_document", crash)
    write(tmp_path / "a.html", HTML_PAGE)
    write(tmp_path / "b.txt", "Компания построила школу.")
    items = list(read_corpus(tmp_path))
    assert str(items[0]) == f"{tmp_path / 'a.html'}: HTML could not be parsed: ValueError: broken markup"
    assert items[1].id == "b"


def test_unreadable_file_is_one_error(tmp_path):
    import os
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    path = write(tmp_path / "locked.txt", "Текст.")
    path.chmod(0)
    [error] = list(read_corpus(path))
    assert error.source == str(path) and "cannot read" in error.message


@needs_dev
def test_the_dev_corpus_reads_without_problems():
    items = list(read_corpus(DEV_CORPUS))
    assert not [i for i in items if isinstance(i, ReadError)]
    assert [d.id for d in items] == [row["id"] for row in read_jsonl(DEV_CORPUS)]
