"""Splitting a FRUS volume: headers, standOff lists, unchanged bodies, reported pointers."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from lxml import etree

from teipipe.cli import main
from teipipe.exchange.cmif import Header, build_cmif, check_cmif
from teipipe.exchange.split import FRUS_NS, split
from teipipe.xmlio import TEI_NS, XML_ID, safe_parser

from testdata import GOLD, TEI_ALL

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
DOCS = ["d118", "d132", "d139", "d140", "d195"]
NS = {"t": TEI_NS}
HSG = "https://history.state.gov/historicaldocuments/frus1955-57v24/"


def fragment(path: Path, xpath: str) -> str:
    tree = etree.parse(str(path), safe_parser())
    (el,) = tree.xpath(xpath, namespaces=NS)
    el.tail = None
    return etree.tostring(el, encoding="unicode")


def gold_div(doc: str) -> etree._Element:
    tree = etree.parse(str(GOLD / f"frus1955-57v24_{doc}.xml"), safe_parser())
    return tree.find(".//t:div", NS)


@pytest.fixture(scope="module")
def volume(tmp_path_factory) -> Path:
    """frus1955-57v24 as the Office of the Historian keeps it, cut to the 5 gold documents."""
    header = fragment(FIXTURES / "exchange-volume-header.xml", "/t:teiHeader")
    persons = fragment(GOLD / "persons" / "frus1955-57v24.xml", "//t:div[@xml:id='persons']")
    terms = fragment(FIXTURES / "exchange-volume-terms.xml", "/t:div")
    docs = "\n".join(fragment(GOLD / f"frus1955-57v24_{d}.xml", "//t:div") for d in DOCS)
    path = tmp_path_factory.mktemp("volume") / "frus1955-57v24.xml"
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="{TEI_NS}" xmlns:frus="{FRUS_NS}" '
        f'xml:id="frus1955-57v24" xml:lang="en">\n{header}\n<text><front>\n{persons}\n{terms}\n'
        f'</front><body><div type="chapter" xml:id="ch1"><head>Cyprus</head>\n{docs}\n'
        '</div></body></text></TEI>\n', encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def result(volume: Path, tmp_path_factory):
    return split(volume, tmp_path_factory.mktemp("out"))


def load(result, doc: str) -> etree._ElementTree:
    (path,) = [p for p in result.written if p.name == f"frus1955-57v24-{doc}.xml"]
    return etree.parse(str(path), safe_parser())


def shape(el: etree._Element) -> tuple:
    return (el.tag, dict(el.attrib), el.text or "", el.tail or "", [shape(c) for c in el])


def test_one_file_per_document(result) -> None:
    assert sorted(p.name for p in result.written) == [f"frus1955-57v24-{d}.xml" for d in DOCS]


@pytest.mark.jing
def test_valid_tei(result) -> None:
    run = subprocess.run(["jing", str(TEI_ALL), *map(str, result.written)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout


@pytest.mark.parametrize("doc", DOCS)
def test_body_unchanged_but_frus_dates(result, doc: str) -> None:
    expected = gold_div(doc)
    for k in ("min", "max"):
        del expected.attrib[f"{{{FRUS_NS}}}doc-dateTime-{k}"]
    expected.tail = None
    (div,) = load(result, doc).getroot().findall("t:text/t:body/t:div", NS)
    if doc == "d132":  # its pointer to d131 has no target in this volume: reported, kept
        assert div.find(".//t:ref", NS).get("target") == "#d131"
    assert shape(div) == shape(expected)


def test_header(result) -> None:
    tree = load(result, "d139")
    header = tree.getroot().find("t:teiHeader", NS)
    assert header.findtext(".//t:titleStmt/t:title", namespaces=NS) == (
        "Message From President Eisenhower to King Paul")
    assert [e.text for e in header.iterfind(".//t:titleStmt/t:editor", NS)] == [
        "Ronald D. Landa", "John P. Glennon"]
    assert header.findtext(".//t:publicationStmt/t:idno[@type='url']", namespaces=NS) == (
        HSG + "d139")
    bibl = header.find(".//t:sourceDesc/t:bibl", NS)
    assert bibl.findtext("t:title[@level='m']", namespaces=NS) == (
        "Foreign Relations of the United States, 1955–1957, Soviet Union, Eastern "
        "Mediterranean, Volume XXIV")
    assert bibl.find("t:biblScope", NS).attrib == {"unit": "document", "n": "139"}
    assert bibl.find("t:ref", NS).get("target") == HSG + "d139"
    assert tree.getroot().get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_creation_dates_from_frus_attributes(result) -> None:
    def dating(doc: str) -> dict:
        return dict(load(result, doc).find(".//t:profileDesc/t:creation/t:date", NS).attrib)

    assert dating("d132") == {"when": "1955-09-17T19:18:00-05:00"}  # min == max in the gold
    assert dating("d118") == {"notBefore": "1955-01-05T00:00:00-05:00",
                              "notAfter": "1957-12-21T23:59:59-05:00"}
    assert dating("d139") == {"notBefore": "1955-09-21T00:00:00-05:00",
                              "notAfter": "1955-09-21T23:59:59-05:00"}


def test_persons_and_terms_copied_and_resolving(result) -> None:
    tree = load(result, "d139")
    persons = tree.getroot().findall("t:standOff/t:listPerson/t:person", NS)
    assert {p.get(XML_ID) for p in persons} == {"p_EDD1", "p_PI1", "p_CCW1"}
    paul = next(p for p in persons if p.get(XML_ID) == "p_PI1")
    assert paul.findtext("t:persName", namespaces=NS) == "Paul I"
    assert paul.findtext("t:note", namespaces=NS) == "King of\n                        the Hellenes"
    # every pointer of every output resolves inside its file, except those reported
    for path in result.written:
        tree = etree.parse(str(path), safe_parser())
        ids = set(tree.xpath("//@xml:id"))
        for target in tree.xpath("//@corresp | //@target"):
            if target.startswith("#"):
                assert target[1:] in ids or target in ("#d131", "#t_IDEA1"), (path, target)
    terms = load(result, "d132").getroot().find("t:standOff/t:list[@type='terms']", NS)
    assert sorted(terms.xpath(".//t:term/@xml:id", namespaces=NS)) == ["t_GA1", "t_NATO1"]
    assert load(result, "d140").getroot().xpath(
        "//t:person/@xml:id", namespaces=NS) == ["p_DJF1", "p_MH1"]


def test_unresolved_pointers_reported(result) -> None:
    found = sorted(d.message for d in result.diagnostics if d.check == "split-pointer")
    assert found == ["d132: @target points to #d131, which is nowhere in the volume",
                     "d195: @target points to #t_IDEA1, which is nowhere in the volume"]
    assert all(d.line > 0 for d in result.diagnostics if d.check == "split-pointer")


def test_split_files_feed_cmif(result) -> None:
    document, diagnostics = build_cmif(
        [(str(p), etree.parse(str(p), safe_parser())) for p in result.written],
        Header(url="https://example.org/cmif.xml", editor="Jane Doe"))
    assert check_cmif(document) == []
    (_, message) = document.findall(".//t:correspDesc", NS)
    assert message.get("ref") == HSG + "d139"
    names = message.xpath(".//t:persName/text()", namespaces=NS)
    assert names == ["Eisenhower, Dwight David", "Paul I"]  # full names from the persons list
    assert sum(d.check == "cmif-authority" for d in diagnostics) == 2


def test_cross_document_pointers_become_addresses(tmp_path: Path) -> None:
    volume = tmp_path / "v.xml"
    volume.write_text(
        f'<TEI xmlns="{TEI_NS}" xml:id="frusX"><teiHeader><fileDesc><titleStmt><title>X</title>'
        '</titleStmt><publicationStmt><publisher>P</publisher></publicationStmt><sourceDesc><p/>'
        '</sourceDesc></fileDesc></teiHeader><text><body><div type="chapter" xml:id="ch1">'
        '<div type="document" xml:id="d1" n="1"><head>1. A</head><p>See <ref target="#d2">2</ref>'
        ' and <ref target="#d2fn1">its note</ref> and <ref target="#ch1">the chapter</ref>.</p>'
        '</div><div type="document" xml:id="d2" n="2"><head>2. B</head><p>x<note n="1" '
        'xml:id="d2fn1">y</note></p></div></div></body></text></TEI>')
    result = split(volume, tmp_path / "out")
    assert result.rewritten == 3 and not result.diagnostics
    tree = etree.parse(str(tmp_path / "out" / "frusX-d1.xml"), safe_parser())
    assert tree.xpath("//t:p/t:ref/@target", namespaces=NS) == [
        "https://history.state.gov/historicaldocuments/frusX/d2",
        "https://history.state.gov/historicaldocuments/frusX/d2#d2fn1",
        "https://history.state.gov/historicaldocuments/frusX/ch1"]


def test_cli(volume: Path, tmp_path: Path, capsys) -> None:
    assert main(["split", str(volume), "-o", str(tmp_path / "o")]) == 0
    err = capsys.readouterr().err
    assert "wrote 5 document(s)" in err and "2 pointer(s) with no target" in err
    bad = tmp_path / "bad.xml"
    bad.write_text(f'<TEI xmlns="{TEI_NS}">\n<teiHeader/>\n<text><body>\n<div></body></TEI>')
    assert main(["split", str(bad), "-o", str(tmp_path / "o2")]) == 1
    assert f"{bad}:4:" in capsys.readouterr().err
    assert not (tmp_path / "o2").exists()


def test_entities_are_not_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    hostile = tmp_path / "h.xml"
    hostile.write_text(
        f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "file://{secret}">]>\n<TEI xmlns="{TEI_NS}" '
        'xml:id="frusH"><teiHeader><fileDesc><titleStmt><title>H</title></titleStmt>'
        '<publicationStmt><publisher>P</publisher></publicationStmt><sourceDesc><p/></sourceDesc>'
        '</fileDesc></teiHeader><text><body><div type="document" xml:id="d1" n="1"><head>1. H'
        '</head><p>&x;</p></div></body></text></TEI>')
    try:
        result = split(hostile, tmp_path / "out")
    except Exception as exc:  # refusing the file is as good as not expanding the entity
        assert "SECRET" not in str(exc)
        return
    assert "SECRET" not in result.written[0].read_text()
