"""Hostile XML is refused or neutralized: no other file read, no network, no hang."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from teipipe.validate import validate_paths

SECRET = "TOP-SECRET-CANARY-7f3a"
HEADER = ("<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>P</p>"
          "</publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>")


def tei(body: str, doctype: str = "") -> str:
    return (f'<?xml version="1.0"?>\n{doctype}<TEI xmlns="http://www.tei-c.org/ns/1.0" '
            f'xmlns:xi="http://www.w3.org/2001/XInclude">{HEADER}<text><body>{body}</body>'
            f"</text></TEI>")


@pytest.fixture(params=["ordinary", "large-file"], autouse=True)
def route(request, monkeypatch):
    """Every attack also on the route for large files (validated without a tree, then by
    Saxon reading the file itself), by treating every file as large."""
    if request.param == "large-file":
        from teipipe.validation import stream

        monkeypatch.setattr(stream, "STREAM_FROM", 0)
    return request.param


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A document folder inside a tree that also holds a secret file next to it."""
    (tmp_path / "secret.xml").write_text(f"<p xmlns='http://www.tei-c.org/ns/1.0'>{SECRET}</p>")
    (tmp_path / "secret.txt").write_text(SECRET)
    docs = tmp_path / "docs"
    docs.mkdir()
    return docs


def check(folder: Path, text: str, seconds: float = 10.0):
    path = folder / "doc.xml"
    path.write_text(text, encoding="utf-8")
    start = time.monotonic()
    report = validate_paths([path])[0]
    assert time.monotonic() - start < seconds
    assert all(SECRET not in f.message for f in report.findings)
    return report


def test_billion_laughs_is_refused(folder):
    lol = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    report = check(folder, tei("<p>&l9;</p>", f'<!DOCTYPE TEI [<!ENTITY l0 "lol">{lol}]>'))
    assert not report.valid
    assert "entit" in report.findings[0].message and "refuses" in report.findings[0].message


def test_quadratic_blowup_is_refused(folder):
    big = "x" * 100_000
    report = check(folder, tei("<p>" + "&a;" * 20_000 + "</p>",
                               f'<!DOCTYPE TEI [<!ENTITY a "{big}">]>'))
    assert not report.valid
    assert "entit" in report.findings[0].message and "refuses" in report.findings[0].message


@pytest.mark.parametrize("system", ["../secret.txt", "file:///etc/passwd",
                                    "http://127.0.0.1:9/x.txt"])
def test_external_entities_xxe_are_refused(folder, system):
    report = check(folder, tei("<p>&x;</p>", f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "{system}">]>'))
    assert not report.valid and "declares entities" in report.findings[0].message


def test_parameter_entity_is_refused(folder):
    report = check(folder, tei("<p>x</p>", '<!DOCTYPE TEI [<!ENTITY % p SYSTEM "../secret.txt"> '
                                           "%p;]>"))
    assert not report.valid


def test_external_dtd_is_not_loaded(folder):
    (folder / "evil.dtd").write_text('<!ENTITY x SYSTEM "../secret.txt">')
    report = check(folder, tei("<p>&x;</p>", '<!DOCTYPE TEI SYSTEM "evil.dtd">'))
    assert not report.valid  # &x; is undefined: the DTD was never read
    assert report.findings[0].check == "well-formed"


def test_network_dtd_is_not_fetched(folder):
    report = check(folder, tei("<p>x</p>", '<!DOCTYPE TEI SYSTEM "http://10.255.255.1/x.dtd">'),
                   seconds=5)
    assert report.valid


@pytest.mark.parametrize("href", ["../secret.xml", "/etc/passwd", "file:///etc/hostname",
                                  "http://10.255.255.1/x.xml", "sub/../../secret.xml"])
def test_xinclude_escaping_the_folder_or_to_the_network_is_not_followed(folder, href):
    report = check(folder, tei(f'<xi:include href="{href}" parse="text"/><p>x</p>'), seconds=5)
    assert not report.valid
    assert any(f.check == "xinclude" for f in report.findings)


def test_xinclude_cycle_is_stopped(folder):
    (folder / "a.xml").write_text('<div xmlns="http://www.tei-c.org/ns/1.0" '
                                  'xmlns:xi="http://www.w3.org/2001/XInclude">'
                                  '<xi:include href="a.xml"/></div>')
    report = check(folder, tei('<xi:include href="a.xml"/>'))
    assert not report.valid
    assert any("cycle" in f.message for f in report.findings)


def test_very_deep_nesting_is_refused_without_recursion_error(folder):
    report = check(folder, tei("<p>" + "<hi>" * 100_000 + "</hi>" * 100_000 + "</p>"))
    assert not report.valid
    assert "element nesting deeper than 256 levels" in report.findings[0].message


def test_undefined_entity_is_not_well_formed(folder):
    report = check(folder, tei("<p>&nbsp;</p>"))
    assert report.findings[0].check == "well-formed" and "nbsp" in report.findings[0].message


@pytest.mark.parametrize("entity", ['SYSTEM "../secret.txt"', 'SYSTEM "file:///etc/passwd"',
                                    '"harmless text"'])
def test_a_doctype_after_a_long_comment_is_still_refused(folder, entity):
    comment = "<!--" + "padding " * 1000 + "-->\n"
    text = tei("<p>&x;</p>", f"<!DOCTYPE TEI [<!ENTITY x {entity}>]>")
    report = check(folder, text.replace("\n", "\n" + comment, 1))
    assert not report.valid and "declares entities" in report.findings[0].message
