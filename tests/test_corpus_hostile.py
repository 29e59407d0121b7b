"""Hostile corpus input: each bad line or folder is one message and the rest is read, never a traceback."""
from __future__ import annotations

import gzip
import json
import os
import random

import pytest

from csrledger.corpus import ReadError, read_corpus
from csrledger.corpus import readers
from csrledger.corpus.jsonl import MAX_ID_CHARS, MAX_INT_DIGITS, MAX_JSON_DEPTH
from csrledger.model import Document

GOOD = '{"id": "ok", "text": "ТОО «Дала Строй» построило школу."}\n'


def read(tmp_path, lines: str, name: str = "c.jsonl"):
    path = tmp_path / name
    path.write_text(lines, encoding="utf-8")
    items = list(read_corpus(path))
    return path, [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, ReadError)]


@pytest.mark.parametrize("bad, severity, message", [
    ("[" * 100_000 + "]" * 100_000, "error", "JSON nested 100,000 deep (limit 64)"),
    ('{"id": "n", "text": "t", "meta": ' + "{\"a\": " * 5000 + "1" + "}" * 5000 + "}", "error",
     "JSON nested 5,001 deep"),
    ("[" * 100_000, "error", "JSON nested 100,000 deep"),
    ('{"id": ' + "9" * 5000 + ', "text": "t"}', "error", "'id' is an integer of 5,000 digits (limit 64)"),
    ('{"id": -' + "9" * 65 + ', "text": "t"}', "error", "'id' is an integer of 65 digits"),
    ('{"id": "n", "text": ' + "7" * 400 + "}", "error", "'text' must be a string, not int"),
    ('{"id": "' + "x" * (MAX_ID_CHARS + 1) + '", "text": "t"}', "error", f"characters long (limit {MAX_ID_CHARS})"),
    ('{"id": "\\ud800", "text": "t"}', "error", "lone UTF-16 surrogate"),
    ('{"id": "a\\udfffb", "text": "t"}', "error", "lone UTF-16 surrogate"),
])
def test_hostile_line_is_one_message_and_the_rest_is_read(tmp_path, bad, severity, message):
    path, docs, errors = read(tmp_path, GOOD + bad + "\n" + GOOD.replace('"ok"', '"ok2"'))
    assert [d.id for d in docs] == ["ok", "ok2"]
    assert len(errors) == 1 and errors[0].severity == severity
    assert str(errors[0]).startswith(f"{path}:2: ") and message in errors[0].message
    assert len(str(errors[0])) < 200                  # one readable line, not the input echoed


def test_nesting_up_to_the_limit_and_brackets_inside_strings_are_fine(tmp_path):
    meta = "[" * (MAX_JSON_DEPTH - 1) + "]" * (MAX_JSON_DEPTH - 1)
    text = "Сноски [" + "[" * 500 + " и {" * 300
    line = json.dumps({"id": "n", "text": text, "meta": json.loads(meta)}, ensure_ascii=False)
    _, docs, errors = read(tmp_path, line + "\n")
    assert errors == [] and docs[0].text == text


@pytest.mark.parametrize("digits, kept", [(MAX_INT_DIGITS, True), (MAX_INT_DIGITS + 1, False)])
def test_integer_id_limit(tmp_path, digits, kept):
    _, docs, errors = read(tmp_path, '{"id": ' + "1" * digits + ', "text": "Текст."}\n')
    assert ([d.id for d in docs] == ["1" * digits]) is kept and (errors == []) is kept


def test_huge_integer_in_another_field_does_not_cost_the_document(tmp_path):
    _, docs, errors = read(tmp_path, '{"id": "n", "text": "Текст.", "views": ' + "9" * 5000 + "}\n")
    assert [d.id for d in docs] == ["n"] and errors == []


@pytest.mark.parametrize("field", ["text", "title", "url"])
def test_lone_surrogate_in_a_field_is_replaced_with_a_warning(tmp_path, field):
    row = {"id": "n", "text": "Компания построила школу.", field: "до \\ud800 после \\udc00!"}
    line = json.dumps(row, ensure_ascii=False).replace("\\\\u", "\\u")
    _, [doc], [warning] = read(tmp_path, line + "\n")
    value = getattr(doc, field)
    assert value == "до \ufffd после \ufffd!" and len(value) == len("до x после x!")   # offsets stay
    assert warning.severity == "warning" and repr(field) in warning.message and "U+FFFD" in warning.message
    json.dumps(doc.text, ensure_ascii=False).encode("utf-8")          # writable as UTF-8 now


def test_surrogate_pair_is_a_real_character_not_a_lone_surrogate(tmp_path):
    _, [doc], errors = read(tmp_path, '{"id": "n", "text": "smile \\ud83d\\ude00"}\n')
    assert doc.text == "smile \U0001F600" and errors == []


# --- folders ---------------------------------------------------------------------------------------------

def test_symlink_loops_and_dangling_links_are_warnings_and_the_rest_is_read(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Компания построила школу.", encoding="utf-8")
    (tmp_path / "z.txt").write_text("Компания отремонтировала больницу.", encoding="utf-8")
    os.symlink("..", tmp_path / "sub" / "up")                      # a loop back to the root folder
    os.symlink("self.txt", tmp_path / "self.txt")                  # a link to itself
    os.symlink(tmp_path / "missing.txt", tmp_path / "gone.txt")    # points nowhere
    os.symlink(tmp_path / "z.txt", tmp_path / "link.txt")          # a link to a file is read
    items = list(read_corpus(tmp_path))
    docs = [i.id for i in items if isinstance(i, Document)]
    problems = {os.path.relpath(i.source, tmp_path): (i.severity, i.message) for i in items
                if isinstance(i, ReadError)}
    assert docs == ["link", "sub/a", "z"]
    assert problems == {
        "gone.txt": ("warning", "symbolic link that points nowhere; ignored"),
        "self.txt": ("warning", "symbolic link that loops; ignored"),
        "sub/up": ("warning", "symbolic link to a folder; not followed"),
    }


def test_unreadable_subfolder_is_one_error_and_the_rest_is_read(tmp_path, monkeypatch):
    for folder in ("a", "b", "c"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "doc.txt").write_text(f"Документ {folder}.", encoding="utf-8")
    real = os.scandir

    def scandir(path):
        if os.path.basename(path) == "b":
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(readers.os, "scandir", scandir)
    items = list(read_corpus(tmp_path))
    assert [i.id for i in items if isinstance(i, Document)] == ["a/doc", "c/doc"]
    [error] = [i for i in items if isinstance(i, ReadError)]
    assert str(error) == f"{tmp_path / 'b'}: cannot read folder: Permission denied; skipped"
    assert error.severity == "error"


def test_deep_folders_do_not_exhaust_the_stack(tmp_path):
    folder = tmp_path
    for _ in range(300):
        folder = folder / "d"
    folder.mkdir(parents=True)
    (folder / "deep.txt").write_text("Глубокий документ.", encoding="utf-8")
    [doc] = [i for i in read_corpus(tmp_path) if isinstance(i, Document)]
    assert doc.id == "d/" * 300 + "deep"


def test_file_name_that_is_not_utf8_gets_a_printable_id(tmp_path):
    raw = os.fsencode(tmp_path) + b"/bad\xff.txt"
    with open(raw, "wb") as fh:
        fh.write("Компания построила школу.".encode())
    items = list(read_corpus(tmp_path))
    [doc] = [i for i in items if isinstance(i, Document)]
    assert doc.id == "bad\ufffd" and doc.source.encode("utf-8")
    [warning] = [i for i in items if isinstance(i, ReadError)]
    assert warning.severity == "warning" and "not valid UTF-8" in warning.message


def test_gzip_with_a_corrupt_body_is_one_error(tmp_path):
    data = bytearray(gzip.compress((GOOD * 2000).encode()))
    data[len(data) // 2:len(data) // 2 + 64] = b"\x00" * 64
    path = tmp_path / "c.jsonl.gz"
    path.write_bytes(bytes(data))
    items = list(read_corpus(path))
    assert isinstance(items[-1], ReadError) and items[-1].message.startswith("cannot read")


def test_byte_flips_and_truncations_never_raise(tmp_path):
    """A small seeded fuzz: whatever the bytes, reading yields Documents and ReadErrors only."""
    rng = random.Random(11)
    base = (GOOD + '{"id": 7, "text": "Жол \\u0441алынды", "published": "2024-01-02", "title": "T"}\n').encode()
    specials = [b"\\ud800", b"[" * 200, b"9" * 200, b"\x00", b"\xff", b'"', b"\\", b"\n", b"{"]
    for trial in range(300):
        data = bytearray(base * 3)
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(data))
            if rng.random() < 0.5:
                data[at] = rng.randrange(256)
            else:
                data[at:at] = rng.choice(specials)
        path = tmp_path / f"f{trial}.jsonl"
        path.write_bytes(bytes(data[:rng.randint(0, len(data))]) if trial % 5 == 0 else bytes(data))
        for item in read_corpus(path):
            assert isinstance(item, (Document, ReadError))
            if isinstance(item, Document):
                (item.id + item.text).encode("utf-8")       # always writable
