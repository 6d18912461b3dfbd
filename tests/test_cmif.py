"""CMIF export: the letters it finds, the rules it keeps, the warnings it gives."""

from __future__ import annotations

import copy
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from teipipe.cli import main
from teipipe.exchange.authority import authority_uri
from teipipe.exchange.cmif import Header, build_cmif, check_cmif
from teipipe.xmlio import TEI_NS, safe_parser

from testdata import GOLD, TEI_ALL, files

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "exchange-letter.xml"
NS = {"t": TEI_NS}
HEADER = Header(url="https://example.org/letters/cmif.xml", editor="Jane Doe",
                email="jane@example.org")


def cmif(*paths: Path):
    return build_cmif([(str(p), etree.parse(str(p), safe_parser())) for p in paths], HEADER)


def action(desc: etree._Element, kind: str) -> list[tuple[str, str, dict]]:
    (el,) = desc.findall(f"t:correspAction[@type='{kind}']", NS)
    return [(etree.QName(c).localname, c.text, dict(c.attrib)) for c in el]


def test_our_letter() -> None:
    document, diagnostics = cmif(FIXTURE)
    assert check_cmif(document) == []
    (desc,) = document.findall(".//t:correspDesc", NS)
    assert desc.get("ref") == "https://history.state.gov/historicaldocuments/frus1977-80v06/d1"
    assert desc.get("source") == "#frus1977-80v06"
    assert action(desc, "sent") == [
        ("persName", "Jimmy Carter", {"ref": "http://www.wikidata.org/entity/Q23685"}),
        ("placeName", "Washington", {}),
        ("date", None, {"when": "1977-01-26"}),
    ]
    assert action(desc, "received") == [("persName", "Leonid Brezhnev", {})]
    (bibl,) = document.findall(".//t:sourceDesc/t:bibl", NS)
    assert bibl.get("{http://www.w3.org/XML/1998/namespace}id") == "frus1977-80v06"
    assert bibl.text.startswith("Foreign Relations of the United States, 1977–1980, Volume VI")
    # Brezhnev has a record but no idno: a warning pointing at the persName, never an invented id
    (warning,) = [d for d in diagnostics if d.severity == "warning"]
    assert (warning.path, warning.line, warning.check) == (str(FIXTURE), 21, "cmif-authority")
    assert "Leonid Brezhnev" in warning.message
    assert not [d for d in diagnostics if d.severity == "error"]


def test_committed_edition_exports_verified_identifiers() -> None:
    # tei/persons.xml records Wikidata Q23685 (Carter) and Q765165 (Brezhnev), each with
    # the source it was verified in; the letter's header lists copy them.
    document, diagnostics = cmif(ROOT / "tei" / "frus1977-80v06-d1.xml")
    assert check_cmif(document) == []
    (desc,) = document.findall(".//t:correspDesc", NS)
    assert action(desc, "sent") == [
        ("persName", "Jimmy Carter", {"ref": "http://www.wikidata.org/entity/Q23685"})]
    assert action(desc, "received") == [
        ("persName", "Leonid I. Brezhnev", {"ref": "http://www.wikidata.org/entity/Q765165"})]
    assert not [d for d in diagnostics if d.check == "cmif-authority"]


def test_header() -> None:
    document, _ = cmif(FIXTURE)
    pub = document.find(".//t:publicationStmt", NS)
    assert pub.findtext("t:idno[@type='url']", namespaces=NS) == HEADER.url
    assert pub.find("t:availability/t:licence", NS).get("target") == (
        "https://creativecommons.org/licenses/by/4.0/")
    assert document.findtext(".//t:titleStmt/t:editor/t:email", namespaces=NS) == HEADER.email


def test_gold_letters_and_editorial_notes() -> None:
    paths = [GOLD / f"frus1955-57v24_{d}.xml" for d in ("d118", "d132", "d139", "d140", "d195")]
    document, diagnostics = cmif(*paths)
    assert check_cmif(document) == []
    descs = document.findall(".//t:correspDesc", NS)
    # d118, d140, d195 are editorial notes: no sender, no addressee, no letter
    assert [d.get("ref").rsplit("/", 1)[1] for d in descs] == ["d132", "d139"]
    telegram, message = descs
    assert action(telegram, "sent") == [("orgName", "Department of State", {}),
                                        ("placeName", "Washington", {}),
                                        ("date", None, {"when": "1955-09-17"})]
    assert action(telegram, "received") == [("orgName", "Embassy in the United Kingdom", {})]
    assert action(message, "sent") == [("persName", "Eisenhower", {}),
                                       ("placeName", "Washington", {}),
                                       ("date", None, {"when": "1955-09-21"})]
    assert action(message, "received") == [("persName", "Paul", {})]
    assert {d.get("source") for d in descs} == {"#frus1955-57v24"}
    warned = sorted(d.message.split("'")[1] for d in diagnostics if d.severity == "warning")
    assert warned == ["Eisenhower", "Paul"]


def test_whole_gold_sample_conforms() -> None:
    document, diagnostics = cmif(FIXTURE, *files(GOLD, "*.xml"))
    assert check_cmif(document) == []
    assert not [d for d in diagnostics if d.severity == "error"]
    for ref in document.xpath("//t:persName/@ref | //t:placeName/@ref", namespaces=NS):
        assert ref == "http://www.wikidata.org/entity/Q23685"  # the only idno in the inputs


@pytest.mark.parametrize("breakage, rule", [
    (lambda d: d.find(".//t:correspDesc", NS).attrib.pop("source"), "@source points"),
    (lambda d: d.find(".//t:correspDesc", NS).set("source", "#nowhere"), "@source points"),
    (lambda d: d.find(".//t:correspDesc", NS).attrib.pop("ref"), "@ref is a URL"),
    (lambda d: d.find(".//t:correspAction[@type='sent']/t:date", NS).set("when", "26 Jan 1977"),
     "dates are YYYY-MM-DD"),
    (lambda d: d.find(".//t:correspAction[@type='sent']/t:date", NS).attrib.pop("when"),
     "date has @when"),
    (lambda d: d.find(".//t:correspAction[@type='sent']/t:persName", NS).set("ref", "#carter"),
     "persName/@ref is an authority URI"),
    (lambda d: d.find(".//t:correspAction[@type='received']", NS).getparent().remove(
        d.find(".//t:correspAction[@type='received']", NS)), "one correspAction type='received'"),
    (lambda d: d.find(".//t:correspAction[@type='sent']/t:persName", NS).getparent().remove(
        d.find(".//t:correspAction[@type='sent']/t:persName", NS)), "sender is a persName"),
    (lambda d: d.find(".//t:sourceDesc/t:bibl", NS).attrib.pop(
        "{http://www.w3.org/XML/1998/namespace}id"), "each with an xml:id"),
    (lambda d: d.find(".//t:licence", NS).set("target", "https://example.org/"), "licence"),
    (lambda d: d.find(".//t:publicationStmt/t:idno", NS).set("type", "uri"), "idno[@type='url']"),
    (lambda d: d.find(".//t:correspAction", NS).append(etree.Element(f"{{{TEI_NS}}}note")),
     "only persName, orgName"),
])
def test_rules_catch_breakage(breakage, rule: str) -> None:
    document, _ = cmif(FIXTURE)
    broken = copy.deepcopy(document)
    breakage(broken)
    problems = check_cmif(broken)
    assert any(rule in p for p in problems), problems


def test_authority_uris_from_identifiers() -> None:
    assert authority_uri("wikidata", "Q23685") == "http://www.wikidata.org/entity/Q23685"
    assert authority_uri("VIAF", " 12345 ") == "http://viaf.org/viaf/12345"
    assert authority_uri("viaf", "http://viaf.org/viaf/12345") == "http://viaf.org/viaf/12345"
    assert authority_uri("wikidata", "Carter") is None  # not an identifier: nothing invented
    assert authority_uri("local", "42") is None


@pytest.mark.jing
def test_output_is_valid_tei(tmp_path: Path) -> None:
    out = tmp_path / "cmif.xml"
    args = ["export", "--cmif", str(FIXTURE), *map(str, files(GOLD, "*.xml")),
            "-o", str(out), "--url", HEADER.url, "--editor", HEADER.editor]
    assert main(args) == 0
    result = subprocess.run(["jing", str(TEI_ALL), str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_cli_refuses_bad_input_and_missing_header(tmp_path: Path, capsys) -> None:
    out = tmp_path / "cmif.xml"
    assert main(["export", "--cmif", str(FIXTURE), "-o", str(out)]) == 2
    assert "--url" in capsys.readouterr().err
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'>\n<teiHeader>\n</TEI>")
    args = ["export", "--cmif", str(FIXTURE), str(bad), "-o", str(out), "--url", HEADER.url,
            "--editor", "x"]
    assert main(args) == 1
    assert f"{bad}:3:" in capsys.readouterr().err
    assert not out.exists()


def test_our_encoded_letter() -> None:
    """tei/frus1977-80v06-d1.xml, encoded from the heading 'Letter From President Carter to
    Soviet General Secretary Brezhnev' (names still untyped while the annotators are built)."""
    document, diagnostics = cmif(ROOT / "tei" / "frus1977-80v06-d1.xml")
    assert check_cmif(document) == []
    (desc,) = document.findall(".//t:correspDesc", NS)
    assert desc.get("ref") == "https://history.state.gov/historicaldocuments/frus1977-80v06/d1"
    (sender,) = desc.xpath("t:correspAction[@type='sent']/t:persName/text()", namespaces=NS)
    (addressee,) = desc.xpath("t:correspAction[@type='received']/t:persName/text()",
                              namespaces=NS)
    assert "Carter" in sender and "Brezhnev" in addressee
    assert not [d for d in diagnostics if d.severity == "error"]


def test_no_letters_is_an_error(tmp_path: Path, capsys) -> None:
    args = ["export", "--cmif", str(GOLD / "frus1955-57v24_d118.xml"), "-o",
            str(tmp_path / "c.xml"), "--url", HEADER.url, "--editor", "x"]
    assert main(args) == 1
    assert "no letters" in capsys.readouterr().err
