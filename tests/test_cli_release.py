"""Release plumbing and output options: --version, the installed version, extract --with-text."""
from __future__ import annotations

import json
import tomllib
from importlib import metadata

import pytest

from csrledger.cli import main
from tests.conftest import ROOT, SAMPLE_CORPUS, read_jsonl


def test_version_is_the_installed_one_and_semantic(capsys):
    import csrledger

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" in project["project"]["dynamic"]       # read from csrledger.__version__ at build time
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "csrledger.__version__"}
    declared = csrledger.__version__
    assert metadata.version("csrledger") == declared
    major, minor, patch = (int(p) for p in declared.split("."))
    assert (major, minor) >= (0, 2)
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"csrledger {declared}"


def test_license_file_matches_pyproject():
    import csrledger

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert "## [" + csrledger.__version__ + "]" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_extract_with_text_carries_the_analysed_text(tmp_path):
    out = tmp_path / "analysis.jsonl"
    assert main(["extract", str(SAMPLE_CORPUS), "-o", str(out), "--with-text"]) == 0
    lines = read_jsonl(out)
    corpus = {d["id"]: d["text"] for d in read_jsonl(SAMPLE_CORPUS)}
    assert [line["id"] for line in lines] == list(corpus)
    checked = 0
    for line in lines:
        text = line["text"]
        assert text == corpus[line["id"]]
        for kind in ("money", "quantities", "dates", "companies", "persons", "places"):
            for mention in line[kind]:
                assert text[mention["start"]:mention["end"]] == mention["text"]
                checked += 1
    assert checked > 100


def test_extract_without_the_flag_has_no_text(tmp_path):
    out = tmp_path / "analysis.jsonl"
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "x", "text": "ТОО «Алтын Дала» подарило школе 5 компьютеров."},
                                 ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["extract", str(corpus), "-o", str(out)]) == 0
    assert "text" not in read_jsonl(out)[0]
    assert main(["extract", str(corpus), "-o", "-", "--with-text"]) == 0
