"""CMIF export: the letters it finds, the rules it keeps, the warnings it gives.

The real letters (Auden–Musulin, DTA soldiers' letters, FRUS) and the CMIF schema and
Schematron are copies in tests/data/exchange (origins in tests/data/README.md).
"""

from __future__ import annotations

import copy
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from teipipe.cli import main
from teipipe.exchange.authority import authority_uri
from teipipe.exchange.cmif import Header, build_cmif, check_cmif, edition_id
from teipipe.validation.schematron import Checker, compile_schematron, parse_schema
from teipipe.xmlio import TEI_NS, XML_ID, safe_parser

import testdata
from testdata import files

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "exchange"
LETTERS = DATA / "letters"
GOLD = files(testdata.GOLD, "frus1955-57v24_*.xml")
AMP = LETTERS / "amp-transcript__0004.xml"
DTA = LETTERS / "dta-letter-063.xml"
ESCHER = LETTERS / "escher-like-K_0900.xml"
CMIF_RNG = DATA / "cmif" / "cmi-customization.rng"
CMIF_SCH = DATA / "cmif" / "cmif.sch"
FIXTURE = ROOT / "tests" / "fixtures" / "exchange-letter.xml"
NS = {"t": TEI_NS}
HEADER = Header(url="https://example.org/letters/cmif.xml", editor="Jane Doe",
                email="jane@example.org")
ESCHER_URL = "https://www.briefedition.alfred-escher.ch/briefe/{id}"
FRUS_V06 = "#" + edition_id(
    "https://history.state.gov/historicaldocuments/frus1977-80v06")


def cmif(*paths: Path, header: Header = HEADER):
    return build_cmif([(str(p), etree.parse(str(p), safe_parser())) for p in paths], header)


def schema_problems(path: Path) -> list[str]:
    """What the CMIF RELAX NG (jing) and the CMIF Schematron say against a written file."""
    result = subprocess.run(["jing", str(CMIF_RNG), str(path)], capture_output=True, text=True)
    problems = result.stdout.splitlines() if result.returncode else []
    checker = Checker(compile_schematron(parse_schema(CMIF_SCH)))
    return problems + [f"{f.role}: {f.message}" for f in checker.check_file(str(path))]


def action(desc: etree._Element, kind: str) -> list[tuple[str, str, dict]]:
    (el,) = desc.findall(f"t:correspAction[@type='{kind}']", NS)
    return [(etree.QName(c).localname, c.text, dict(c.attrib)) for c in el]


def test_our_letter() -> None:
    document, diagnostics = cmif(FIXTURE)
    assert check_cmif(document) == []
    (desc,) = document.findall(".//t:correspDesc", NS)
    assert desc.get("ref") == "https://history.state.gov/historicaldocuments/frus1977-80v06/d1"
    assert desc.get("source") == FRUS_V06
    assert action(desc, "sent") == [
        ("persName", "Jimmy Carter", {"ref": "http://www.wikidata.org/entity/Q23685"}),
        ("placeName", "Washington", {}),
        ("date", None, {"when": "1977-01-26"}),
    ]
    assert action(desc, "received") == [("persName", "Leonid Brezhnev", {})]
    (bibl,) = document.findall(".//t:sourceDesc/t:bibl", NS)
    assert "#" + bibl.get(XML_ID) == FRUS_V06
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
    paths = [testdata.GOLD / f"frus1955-57v24_{d}.xml"
             for d in ("d118", "d132", "d139", "d140", "d195")]
    document, diagnostics = cmif(*paths)
    assert check_cmif(document) == []
    descs = document.findall(".//t:correspDesc", NS)
    # d118, d140, d195 are editorial notes: no sender, no addressee, no letter
    assert [d.get("ref").rsplit("/", 1)[1] for d in descs] == ["d132", "d139"]
    telegram, message = descs
    assert action(telegram, "sent") == [("orgName", "Department of State", {}),
                                        ("placeName", "Washington", {}),
                                        ("date", "September 17, 1955—7:18 p.m.",
                                         {"when": "1955-09-17"})]
    assert action(telegram, "received") == [("orgName", "Embassy in the United Kingdom", {})]
    assert action(message, "sent") == [("persName", "Eisenhower", {}),
                                       ("placeName", "Washington", {}),
                                       ("date", "September 21, 1955",
                                        {"when": "1955-09-21"})]
    assert action(message, "received") == [("persName", "Paul", {})]
    (bibl,) = document.findall(".//t:sourceDesc/t:bibl", NS)
    assert {d.get("source") for d in descs} == {"#" + bibl.get(XML_ID)}
    warned = sorted(d.message.split("'")[1] for d in diagnostics if d.check == "cmif-authority")
    assert warned == ["Eisenhower", "Paul"]
    skipped = sorted(Path(d.path).name for d in diagnostics if d.check == "cmif")
    assert skipped == [f"frus1955-57v24_{d}.xml" for d in ("d118", "d140", "d195")]


def test_whole_gold_sample_conforms() -> None:
    document, diagnostics = cmif(FIXTURE, *GOLD)
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
def test_output_is_valid_cmif(tmp_path: Path) -> None:
    out = tmp_path / "cmif.xml"
    args = ["export", "--cmif", str(FIXTURE), str(ROOT / "tei" / "frus1977-80v06-d1.xml"),
            *map(str, GOLD), "-o", str(out), "--url", HEADER.url,
            "--editor", HEADER.editor]
    assert main(args) == 0
    assert schema_problems(out) == []
    assert len(etree.parse(str(out), safe_parser()).findall(".//t:correspDesc", NS)) == 4


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
    args = ["export", "--cmif", str(testdata.GOLD / "frus1955-57v24_d118.xml"), "-o",
            str(tmp_path / "c.xml"), "--url", HEADER.url, "--editor", "x"]
    assert main(args) == 1
    assert "no letters" in capsys.readouterr().err


def test_auden_musulin_letter_address_date_and_roles() -> None:
    document, diagnostics = cmif(AMP)
    assert check_cmif(document) == []
    (desc,) = document.findall(".//t:correspDesc", NS)
    # no correspDesc/@ref: the letter's handle in publicationStmt/idno is its address
    assert desc.get("ref") == "https://hdl.handle.net/21.11115/0000-000E-C309-C"
    # the date is in notBefore-iso/notAfter-iso dateTimes: kept, cut to the day
    assert action(desc, "sent") == [
        ("orgName", "United States General Post Office", {}),
        ("placeName", "New York City", {}),
        ("date", "1966-02-03T12:00:00-05:00/1966-02-03T23:59:59-05:00",
         {"notBefore": "1966-02-03", "notAfter": "1966-02-03"})]
    assert action(desc, "received") == [("persName", "Musulin, Stella", {}),
                                        ("placeName", "Fridau", {})]
    (bibl,) = document.findall(".//t:sourceDesc/t:bibl", NS)
    assert bibl.text.startswith("Auden Musulin Papers: A Digital Edition")
    # its correspContext points into the edition (#amp-transcript__0003.xml): not CMIF-able
    assert desc.find("t:correspContext", NS) is None
    assert [d.check for d in diagnostics if d.severity == "info"] == ["cmif-context"]
    assert not [d for d in diagnostics if d.severity == "error"]


def test_escher_addressee_stays_addressee() -> None:
    """Escher's edition files sender and addressee in one correspAction type='sent', told
    apart by persName/@type; the addressee must not become a co-sender."""
    document, diagnostics = cmif(ESCHER, header=Header(HEADER.url, HEADER.editor,
                                                       url_template=ESCHER_URL))
    assert check_cmif(document) == []
    (desc,) = document.findall(".//t:correspDesc", NS)
    assert desc.get("ref") == "https://www.briefedition.alfred-escher.ch/briefe/K_0900"
    assert action(desc, "sent") == [("persName", "Alfred Escher", {}),
                                    ("placeName", "Zürich", {}),
                                    ("date", "14. Mai 1866", {"when": "1866-05-14"})]
    assert action(desc, "received") == [("persName", "Jakob Dubs", {})]
    # @key holds a register name, not an authority id: nothing made of it
    assert sorted(d.message.split("'")[1] for d in diagnostics
                  if d.check == "cmif-authority") == ["Alfred Escher", "Jakob Dubs"]


def test_escher_without_template_is_named() -> None:
    document, diagnostics = cmif(ESCHER)
    assert document.findall(".//t:correspDesc", NS) == []
    (error,) = [d for d in diagnostics if d.severity == "error"]
    assert (Path(error.path).name, error.check) == (ESCHER.name, "cmif-ref")
    assert "--url-template" in error.message and error.line == 17  # the correspDesc


def test_file_without_correspdesc_is_skipped_not_fatal() -> None:
    document, diagnostics = cmif(DTA, AMP)
    assert len(document.findall(".//t:correspDesc", NS)) == 1
    (skipped,) = [d for d in diagnostics if d.check == "cmif"]
    assert (skipped.path, skipped.severity) == (str(DTA), "warning")
    assert "no correspDesc" in skipped.message


@pytest.mark.jing
def test_folder_of_real_letters_is_valid_cmif(tmp_path: Path, capsys) -> None:
    """The whole letters folder (Auden–Musulin, DTA, Escher-like) plus the FRUS letters:
    one CMIF file, valid against the CMIF RELAX NG and Schematron."""
    out = tmp_path / "cmif.xml"
    args = ["export", "--cmif", str(LETTERS), str(FIXTURE), *map(str, GOLD), "-o", str(out),
            "--url", HEADER.url, "--editor", HEADER.editor, "--url-template", ESCHER_URL]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert f"{DTA}: warning [cmif]:" in err and "wrote" in err
    assert schema_problems(out) == []
    root = etree.parse(str(out), safe_parser()).getroot()
    refs = root.xpath("//t:correspDesc/@ref", namespaces=NS)
    assert [r.rsplit("/", 1)[1] for r in refs] == [
        "0000-000E-C309-C", "K_0900", "d1", "d132", "d139"]
    assert len(root.findall(".//t:sourceDesc/t:bibl", NS)) == 4  # AMP, Escher, two FRUS volumes


@pytest.mark.jing
def test_schema_and_schematron_catch_breakage(tmp_path: Path) -> None:
    """The validation the tests rely on can fail: a correspDesc without its received action
    and a date without dating attributes are reported."""
    document, _ = cmif(FIXTURE)
    document.find(".//t:correspAction[@type='received']", NS).getparent().remove(
        document.find(".//t:correspAction[@type='received']", NS))
    document.find(".//t:correspAction/t:date", NS).attrib.pop("when")
    document.find(".//t:correspAction/t:persName", NS).set("cert", "medium")
    out = tmp_path / "broken.xml"
    out.write_bytes(etree.tostring(document))
    problems = schema_problems(out)
    assert any("E0002" in p for p in problems) and any("E0004" in p for p in problems)
    assert any('"cert" is invalid' in p for p in problems)  # jing, against the RELAX NG


def test_authority_uris_from_attributes(tmp_path: Path) -> None:
    """@ref, @key and @sameAs give URIs where they hold URIs or known prefixes (gnd:, wd:,
    viaf:, geonames:); unknown prefixes and register names give nothing."""
    path = tmp_path / "letter.xml"
    path.write_text(
        f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
        '<publicationStmt><idno type="URI">https://example.org/l/1</idno></publicationStmt>'
        '<sourceDesc><p/></sourceDesc></fileDesc><profileDesc><correspDesc>'
        '<correspAction type="sending"><persName key="gnd:118650963">Auden</persName>'
        '<persName sameAs="https://viaf.org/viaf/24603765">Kallman</persName>'
        '<placeName ref="geonames:5128581">New York</placeName>'
        '<date from="1966-02" to="1966-03"/></correspAction>'
        '<correspAction type="receiving"><persName ref="acdh:index.xml#p2">Musulin</persName>'
        '<persName key="Musulin Stella">S. M.</persName></correspAction>'
        '<correspAction type="forwarded"><persName>Someone</persName></correspAction>'
        '</correspDesc></profileDesc></teiHeader><text><body><p/></body></text></TEI>')
    document, diagnostics = cmif(path)
    assert check_cmif(document) == []
    (desc,) = document.findall(".//t:correspDesc", NS)
    assert desc.get("ref") == "https://example.org/l/1"
    assert action(desc, "sent") == [
        ("persName", "Auden", {"ref": "https://d-nb.info/gnd/118650963"}),
        ("persName", "Kallman", {"ref": "https://viaf.org/viaf/24603765"}),
        ("placeName", "New York", {"ref": "http://www.geonames.org/5128581"}),
        ("date", None, {"from": "1966-02", "to": "1966-03"})]
    assert action(desc, "received") == [("persName", "Musulin", {}), ("persName", "S. M.", {})]
    assert any("forwarded" in d.message for d in diagnostics if d.severity == "info")


def test_missing_sender_and_date_exported_with_warnings(tmp_path: Path) -> None:
    path = tmp_path / "letter.xml"
    path.write_text(
        f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
        '<publicationStmt><p>P</p></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>'
        '<profileDesc><correspDesc ref="https://example.org/l/2">'
        '<correspAction type="received"><persName>Musulin</persName>'
        '<date when="unknown"/></correspAction>'
        '</correspDesc></profileDesc></teiHeader><text><body><p/></body></text></TEI>')
    document, diagnostics = cmif(path)
    assert check_cmif(document) == []
    (desc,) = document.findall(".//t:correspDesc", NS)
    assert action(desc, "sent") == [("persName", "Unknown", {})]
    assert action(desc, "received") == [("persName", "Musulin", {})]
    checks = sorted(d.check for d in diagnostics if d.severity == "warning")
    assert checks == ["cmif-authority", "cmif-date", "cmif-date", "cmif-sender"]
    assert not [d for d in diagnostics if d.severity == "error"]


@pytest.mark.jing
def test_correspcontext_with_absolute_addresses_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "letter.xml"
    path.write_text(
        f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
        '<publicationStmt><p>P</p></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>'
        '<profileDesc><correspDesc ref="https://example.org/l/3">'
        '<correspAction type="sent"><persName>A</persName><date when="1900"/></correspAction>'
        '<correspAction type="received"><persName>B</persName></correspAction>'
        '<correspContext><ref type="prev" target="https://example.org/l/2">earlier</ref>'
        '<ref type="next" target="#l4"/></correspContext>'
        '</correspDesc></profileDesc></teiHeader><text><body><p/></body></text></TEI>')
    document, _ = cmif(path)
    (ref,) = document.findall(".//t:correspContext/t:ref", NS)
    assert (ref.text, dict(ref.attrib)) == ("earlier", {"type": "prev",
                                                        "target": "https://example.org/l/2"})
    out = tmp_path / "cmif.xml"
    out.write_bytes(etree.tostring(document))
    assert schema_problems(out) == []


@pytest.mark.jing
def test_dta_letter_from_header_matches_what_the_dta_publishes(tmp_path: Path) -> None:
    """DTA letters have no correspDesc. With --from-header the author and the original's
    date come from the header; the DTA's own CMIF (scripts/CMIF.xml, made from a table)
    says for letter 63: sent by Julius Schulze, Stendal, 1863-10-05, to 'Vater'. Sender and
    date agree; place and addressee are not in the TEI file and are not made up."""
    template = "https://github.com/deutschestextarchiv/soldatenbriefe/blob/main/data/{stem}.xml"
    header = Header(HEADER.url, HEADER.editor, url_template=template, from_header=True)
    document, diagnostics = cmif(DTA, header=header)
    assert check_cmif(document) == []
    (desc,) = document.findall(".//t:correspDesc", NS)
    assert desc.get("ref") == (  # {stem}: our copy's file name
        "https://github.com/deutschestextarchiv/soldatenbriefe/blob/main/data/dta-letter-063.xml")
    assert action(desc, "sent") == [("persName", "Schulze, Julius", {}),
                                    ("date", None, {"when": "1863-10-05"})]
    assert action(desc, "received") == [("persName", "Unknown", {})]
    assert {d.check for d in diagnostics} == {"cmif-header", "cmif-addressee",
                                              "cmif-authority"}
    out = tmp_path / "cmif.xml"
    args = ["export", "--cmif", str(LETTERS), "-o", str(out), "--url", HEADER.url,
            "--editor", HEADER.editor, "--url-template", ESCHER_URL, "--from-header"]
    assert main(args) == 0
    assert schema_problems(out) == []
    assert len(etree.parse(str(out), safe_parser()).findall(".//t:correspDesc", NS)) == 3


def test_from_header_needs_the_header_to_say_letter(tmp_path: Path) -> None:
    path = tmp_path / "novel.xml"
    path.write_text(
        f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>T</title><author>'
        '<persName>A</persName></author></titleStmt><publicationStmt><idno type="URI">'
        'https://example.org/n</idno></publicationStmt><sourceDesc><p/></sourceDesc>'
        '</fileDesc></teiHeader><text><body><p/></body></text></TEI>')
    header = Header(HEADER.url, HEADER.editor, from_header=True)
    document, diagnostics = cmif(path, header=header)
    assert document.findall(".//t:correspDesc", NS) == []
    assert [d.check for d in diagnostics] == ["cmif"]


def test_folder_reads_its_xml_files_not_links(tmp_path: Path) -> None:
    from teipipe.exchange.source import tei_files

    folder = tmp_path / "letters"
    (folder / "sub").mkdir(parents=True)
    for name in ("b.xml", "a.xml", "notes.txt", "sub/c.xml"):
        (folder / name).write_text("<x/>")
    (folder / "link.xml").symlink_to(tmp_path / "elsewhere.xml")
    (tmp_path / "elsewhere.xml").write_text("<x/>")
    # the one folder rule of every command: *.xml at any depth, links inside not followed
    assert tei_files([str(folder), "one.xml"]) == [
        str(folder / "a.xml"), str(folder / "b.xml"), str(folder / "sub" / "c.xml"), "one.xml"]
