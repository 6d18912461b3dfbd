"""``teipipe build``: sources → TEI → validation → HTML, text and an index, in one command."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import html5lib
import pytest

from teipipe.build import build
from teipipe.cli import main

ROOT = Path(__file__).resolve().parents[1]
LETTER = ROOT / "sources" / "frus1977-80v06-d1.txt"
PERSONS = ROOT / "tei" / "persons.xml"


@pytest.fixture()
def project(tmp_path, monkeypatch) -> Path:
    (tmp_path / "sources").mkdir()
    (tmp_path / "tei").mkdir()
    shutil.copy(LETTER, tmp_path / "sources")
    shutil.copy(PERSONS, tmp_path / "tei")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_build_makes_the_whole_edition(project, capsys):
    assert main(["build"]) == 0
    assert (project / "tei" / "frus1977-80v06-d1.xml").is_file()
    html = (project / "out" / "html" / "frus1977-80v06-d1.html").read_text(encoding="utf-8")
    assert 'id="pg_2">[Page 2]</span>' in html
    text = (project / "out" / "text" / "frus1977-80v06-d1.txt").read_text(encoding="utf-8")
    assert text.startswith("1. Letter From President Carter to Soviet General Secretary "
                           "Brezhnev[1]\n\n")
    index = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("lxml"), strict=True,
                                namespaceHTMLElements=False).parse(
        (project / "out" / "index.html").read_text(encoding="utf-8")).getroot()
    links = [(a.get("href"), a.text) for a in index.iter("a")]
    assert links == [("html/frus1977-80v06-d1.html",
                      "Letter From President Carter to Soviet General Secretary Brezhnev"),
                     ("text/frus1977-80v06-d1.txt", "text")]
    assert "1 source: 1 encoded, 1 valid, 2 pages and texts rendered" in (
        capsys.readouterr().err)


def test_a_bad_source_fails_the_build_but_not_the_others(project, capsys):
    (project / "sources" / "frus1977-80v06-d2.txt").write_text(
        "2. Memorandum\n\n[Page 9]\n\nText.\n\n[Page 8]\n\nMore text.", encoding="utf-8")
    assert main(["build", "--out", "site"]) == 1
    err = capsys.readouterr().err
    assert "frus1977-80v06-d2.txt:7:1: error" in err and "[Page 8] follows [Page 9]" in err
    assert "2 sources: 1 encoded, 1 valid, 2 pages and texts rendered" in err
    assert (project / "site" / "html" / "frus1977-80v06-d1.html").exists()
    assert not (project / "tei" / "frus1977-80v06-d2.xml").exists()


def test_no_sources(tmp_path, capsys):
    assert main(["build", "--sources", str(tmp_path)]) == 1
    assert f"{tmp_path}: error [build]: no *.txt source files here" in capsys.readouterr().err


def test_a_broken_validator_is_not_hidden(project, monkeypatch, capsys):
    """A stage that cannot be imported is a broken installation, not a finding about the
    sources: the build stops, and the command line says so in one line (exit 70)."""
    monkeypatch.setitem(sys.modules, "teipipe.validate", None)  # import fails
    with pytest.raises(ImportError):
        build(project / "sources", project / "tei", project / "out")
    assert main(["build"]) == 70
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("teipipe: internal error: ModuleNotFoundError: ")
    assert err[0].endswith("please report it with the input")


def test_build_validates_against_the_project_schema_too(tmp_path):
    """A document TEI P5 allows but the project's customization does not fails the build."""
    from teipipe.build import BuildResult, _validate

    letter = (ROOT / "tei" / "frus1977-80v06-d1.xml").read_text(encoding="utf-8")
    odd = tmp_path / "odd.xml"
    odd.write_text(letter.replace('<div type="document"', '<div type="chapter"'),
                   encoding="utf-8")
    result = BuildResult(encoded=[odd])
    _validate(result, ("tei_all",))
    assert result.valid == [odd]
    result = BuildResult(encoded=[odd])
    _validate(result, ("tei_all", "teipipe"))
    assert result.valid == [] and result.failed
