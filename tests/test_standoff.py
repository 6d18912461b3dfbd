"""Stand-off JSON export: schema, hand-checked offsets, an exact rebuild of the TEI from the
raw text, and the normalised text with entity categories and authority ids."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import jsonschema
import pytest
from lxml import etree

from teipipe.cli import main
from teipipe.exchange.standoff import SCHEMA_PATH, export_file
from teipipe.xmlio import TEI_NS, XML_NS, safe_parser

import testdata
from testdata import files

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "exchange"
FIXTURE = ROOT / "tests" / "fixtures" / "exchange-letter.xml"
GOLD = files(testdata.GOLD, "frus1955-57v24_*.xml")
OURS = [FIXTURE, *sorted((ROOT / "tei").glob("frus*.xml"))]
FOREIGN = [testdata.FOREIGN / "rusdracor__pushkin-mocart-i-saleri.xml",
           *sorted((DATA / "letters").glob("*.xml"))]
DRACOR = FOREIGN[0]
AMP = DATA / "letters" / "amp-transcript__0004.xml"


def export(path: Path, raw: bool = False) -> list[dict]:
    tree = etree.parse(str(path), safe_parser())
    return [data for _, data in export_file(path, tree, raw=raw)]


def rebuild(data: dict) -> etree._Element:
    """TEI from the JSON alone: an independent reading of the format the schema describes."""
    spaces = data["namespaces"]
    anns = data["annotations"]
    children: dict[int | None, list[int]] = defaultdict(list)
    for index, ann in enumerate(anns):
        children[ann["parent"]].append(index)

    def clark(name: str) -> str:
        prefix, _, local = name.rpartition(":")
        return f"{{{spaces[prefix] if prefix else TEI_NS}}}{local}"

    def build(index: int) -> etree._Element:
        ann = anns[index]
        text = data["text"][ann["layer"]]
        el = etree.Element(clark(ann["element"]), {clark(k) if ":" in k else k: v
                                                   for k, v in ann["attributes"].items()})
        pos, last = ann["start"], None
        for child_index in children[index]:
            child = anns[child_index]
            at = child["anchor"] if "anchor" in child else child["start"]
            piece = text[pos:at]
            if last is None:
                el.text = piece or None
            else:
                last.tail = piece or None
            last = build(child_index)
            el.append(last)
            pos = at if "anchor" in child else child["end"]
        piece = text[pos:ann["end"]]
        if last is None:
            el.text = piece or None
        else:
            last.tail = piece or None
        return el

    (root,) = children[None]
    return build(root)


def shape(el: etree._Element) -> tuple:
    """What must survive: names, attributes, text and tails, in order."""
    return (el.tag, dict(el.attrib), el.text or "", el.tail or "",
            [shape(child) for child in el])


def original(path: Path) -> list[etree._Element]:
    tree = etree.parse(str(path), safe_parser())
    etree.strip_tags(tree, etree.Comment, etree.ProcessingInstruction)
    divs = tree.xpath("//tei:div[@type='document']", namespaces={"tei": TEI_NS})
    for div in divs:
        div.tail = None
    return divs


@pytest.mark.parametrize("raw", [False, True], ids=["normalised", "raw"])
@pytest.mark.parametrize("path", OURS + GOLD + FOREIGN, ids=lambda p: p.name)
def test_valid_against_schema(path: Path, raw: bool) -> None:
    schema = json.loads(SCHEMA_PATH.read_text())
    for data in export(path, raw):
        jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("path", OURS + GOLD, ids=lambda p: p.name)
def test_rebuild_reproduces_tei(path: Path) -> None:
    exported = export(path, raw=True)
    divs = original(path)
    assert len(exported) == len(divs) == 1
    assert shape(rebuild(exported[0])) == shape(divs[0])


def spans(data: dict, element: str) -> list[tuple[str, dict]]:
    return [(data["text"][a["layer"]][a["start"]:a["end"]], a)
            for a in data["annotations"] if a["element"] == element]


def test_fixture_offsets_checked_by_hand() -> None:
    (data,) = export(FIXTURE, raw=True)
    body, notes = data["text"]["body"], data["text"]["notes"]
    assert body.startswith("1. Letter From President Carter to Soviet General Secretary Brezhnev"
                           "To General Secretary Leonid Brezhnev")
    names = [(text, a["attributes"]["ref"]) for text, a in spans(data, "persName")]
    assert names == [("Carter", "#carter-jimmy"), ("Brezhnev", "#brezhnev-leonid"),
                     ("Leonid Brezhnev", "#brezhnev-leonid"), ("Vance", "#vance-cyrus"),
                     ("Jimmy Carter", "#carter-jimmy")]
    (tula,) = spans(data, "placeName")
    assert tula[0] == "Tula" and tula[1]["category"] == "place"
    (pb,) = [a for _, a in spans(data, "pb")]
    assert pb["start"] == pb["end"] and pb["id"] == "pg_2" and pb["category"] == "page"
    assert body[:pb["start"]].endswith("oppose the concept, and ")
    assert body[pb["start"]:].startswith(" will require only")
    source, second = [a for _, a in spans(data, "note")]
    assert notes[source["start"]:source["end"]].startswith("Source: Carter Library, National")
    assert body[:source["anchor"]].endswith("General Secretary Brezhnev")
    assert notes[second["start"]:second["end"]] == "No messages were found."
    assert body[:second["anchor"]].endswith("I have received from you")
    assert body[second["anchor"]:].startswith(" and in this connection")
    (org,) = spans(data, "orgName")
    assert org[0] == "Carter Library" and org[1]["layer"] == "notes"
    (bibl,) = spans(data, "bibl")
    assert bibl[0].startswith("Carter Library,") and bibl[0].endswith("Box 69")
    assert data["entities"]["carter-jimmy"] == {
        "element": "person", "name": "Jimmy Carter",
        "authority": ["http://www.wikidata.org/entity/Q23685"]}
    assert data["entities"]["brezhnev-leonid"]["authority"] == []


def test_gold_offsets_checked_by_hand() -> None:
    (data,) = export(testdata.GOLD / "frus1955-57v24_d118.xml", raw=True)
    body = data["text"]["body"]
    names = [(text, a["attributes"].get("corresp")) for text, a in spans(data, "persName")]
    assert names == [("Dulles", "#p_DJF1"), ("Macmillan", "#p_MH1"), ("Dulles", None),
                     ("Macmillan", "#p_MH1")]
    (pb,) = [a for _, a in spans(data, "pb")]
    assert pb["attributes"] == {"n": "273", "xml:id": "pg_273", "facs": "0303"}
    assert body[pb["start"]:].startswith("he had a plan")
    assert body[:pb["start"]].rstrip().endswith("According to Macmillan,")
    root = data["annotations"][0]
    assert root["attributes"]["frus:doc-dateTime-min"] == "1955-01-05T00:00:00-05:00"
    assert data["namespaces"]["frus"] == "http://history.state.gov/frus/ns/1.0"
    assert data["text"]["notes"] == ""


def test_nested_notes_and_several_documents(tmp_path: Path) -> None:
    path = tmp_path / "vol.xml"
    path.write_text(
        f'<TEI xmlns="{TEI_NS}"><text><body>'
        '<div type="document" xml:id="d1"><p>A<note n="1">B<note n="2">C</note>D</note>E</p></div>'
        '<div type="document" xml:id="d2"><p>F</p></div></body></text></TEI>')
    results = export_file(path, etree.parse(str(path), safe_parser()), raw=True)
    assert [name for name, _ in results] == ["vol_d1", "vol_d2"]
    data = results[0][1]
    assert data["text"] == {"body": "AE", "notes": "BD\nC\n"}
    outer, inner = [a for _, a in spans(data, "note")]
    assert (outer["anchor"], outer["start"], outer["end"]) == (1, 0, 2)
    assert (inner["anchor"], inner["start"], inner["end"], inner["layer"]) == (1, 3, 4, "notes")
    assert shape(rebuild(data)) == shape(original(path)[0])
    assert f"{{{XML_NS}}}id" not in data["annotations"][0]["attributes"]


def test_cli_writes_json_and_refuses_bad_input(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert main(["export", "--standoff", str(FIXTURE), "-o", str(out)]) == 0
    written = json.loads((out / "exchange-letter.json").read_text())
    assert written["document"] == "d1" and written["whitespace"] == "normalised"
    assert main(["export", "--standoff", "--raw-text", str(FIXTURE), "-o", str(out)]) == 0
    assert json.loads((out / "exchange-letter.json").read_text())["whitespace"] == "raw"
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI>\n  <text></TEI>\n")
    out2 = tmp_path / "out2"
    assert main(["export", "--standoff", str(FIXTURE), str(bad), "-o", str(out2)]) == 1
    assert f"{bad}:2:" in capsys.readouterr().err
    assert not out2.exists()


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("path", OURS + GOLD + FOREIGN, ids=lambda p: p.name)
def test_normalised_offsets_match_raw_spans(path: Path) -> None:
    """Raw and normalised exports list the same elements in the same order; each span holds
    the same words in both (bar ``lb break="no"``, which joins a word), and no span of the
    normalised text starts or ends with the space between words."""
    tree = etree.parse(str(path), safe_parser())
    joined = {id(el) for el in tree.iter() if el.tag == f"{{{TEI_NS}}}lb"
              and el.get("break") == "no"}
    assert joined is not None
    for raw, norm in zip(export(path, raw=True), export(path), strict=True):
        assert len(raw["annotations"]) == len(norm["annotations"])
        for a, b in zip(raw["annotations"], norm["annotations"], strict=True):
            assert (a["element"], a["attributes"]) == (b["element"], b["attributes"])
            span = norm["text"][b["layer"]][b["start"]:b["end"]]
            assert span == span.strip(" "), (b["element"], span)
            if b["category"] in ("person", "place", "org", "date", "work", "name"):
                raw_span = raw["text"][a["layer"]][a["start"]:a["end"]]
                if "break" not in str(a) and not any(
                        c["parent"] == raw["annotations"].index(a) and c["element"] == "lb"
                        for c in raw["annotations"]):
                    assert words(span) == words(raw_span), (b["element"], span, raw_span)


def test_normalised_text_has_no_file_indentation() -> None:
    """The Auden–Musulin file is indented: the text must not keep "\\n      \\n         …"."""
    (data,) = export(AMP)
    body = data["text"]["body"]
    assert "  " not in body and "\n " not in body and " \n" not in body
    assert body.startswith("W.H.Auden\n\n77 St Mark's Place New York City 3 New York IOOO3 U.S.A.")
    (raw,) = export(AMP, raw=True)
    assert "\n      " in raw["text"]["body"]


def test_categories_from_rs_and_name_types() -> None:
    (data,) = export(AMP)
    found = {(text, a["category"]) for text, a in spans(data, "rs")}
    assert {("W.H.Auden", "person"), ("Kirchstetten", "place"),
            ("Die Baronin Stella Musulin", "person")} <= found
    kinds = {a["attributes"]["type"]: a["category"] for _, a in spans(data, "rs")}
    assert kinds["person"] == "person" and kinds["place"] == "place"
    assert all(a["category"] == "name" for _, a in spans(data, "rs")
               if a["attributes"]["type"] not in ("person", "place", "org", "lit_work"))


def test_dracor_speakers_carry_wikidata_from_ana() -> None:
    (data,) = export(DRACOR)
    assert data["entities"]["mocart"] == {"element": "person", "name": "Моцарт",
                                          "authority": ["http://www.wikidata.org/entity/Q254"]}
    assert data["entities"]["saleri"]["authority"] == ["http://www.wikidata.org/entity/Q51088"]
    speeches = [a for _, a in spans(data, "sp")]
    assert speeches and all(a["category"] == "speech" for a in speeches)
    wikidata = {"mocart": "http://www.wikidata.org/entity/Q254",
                "saleri": "http://www.wikidata.org/entity/Q51088"}
    for speech in speeches:
        (who,) = speech["refs"]
        assert speech["authority"] == [wikidata[who]] and speech["attributes"]["who"] == f"#{who}"
    text, first = spans(data, "sp")[0]
    assert text.startswith("Сальери\n\nВсе говорят: нет правды на земле.\nНо правды нет")


def test_authority_from_pointing_attributes(tmp_path: Path) -> None:
    path = tmp_path / "t.xml"
    path.write_text(
        f'<TEI xmlns="{TEI_NS}"><text><body><p><persName key="gnd:118650963">Auden</persName>'
        ' met <rs type="person" sameAs="http://www.wikidata.org/entity/Q254">Mozart</rs> in'
        ' <placeName ref="geonames:2761369 #vienna">Wien</placeName>, <name type="org"'
        ' ana="#unknown">the Post</name>.</p></body></text></TEI>')
    (data,) = [d for _, d in export_file(path, etree.parse(str(path), safe_parser()))]
    got = [(t, a["category"], a.get("authority"), a.get("refs")) for t, a in
           [(data["text"]["body"][a["start"]:a["end"]], a) for a in data["annotations"]]
           if a["category"] != "markup"]
    assert got == [("Auden", "person", ["https://d-nb.info/gnd/118650963"], None),
                   ("Mozart", "person", ["http://www.wikidata.org/entity/Q254"], None),
                   ("Wien", "place", ["http://www.geonames.org/2761369"], None),
                   ("the Post", "org", None, None)]
    assert data["text"]["body"] == "Auden met Mozart in Wien, the Post."


def test_normalised_blocks_and_notes(tmp_path: Path) -> None:
    path = tmp_path / "t.xml"
    path.write_text(
        f'<TEI xmlns="{TEI_NS}"><text><body>\n  <head> A  head </head>\n  <p>One\n    '
        'line<lb/>two<lb break="no"/>\n   three<note><p>N1</p>\n<p> N2 </p></note> end.</p>'
        '\n  <lg><l>x</l><l> y</l></lg>\n<p>last<note>M</note></p>\n</body></text></TEI>')
    (data,) = [d for _, d in export_file(path, etree.parse(str(path), safe_parser()))]
    assert data["text"] == {"body": "A head\n\nOne line twothree end.\n\nx\ny\n\nlast",
                            "notes": "N1\n\nN2\nM\n"}
    first, second = [a for _, a in spans(data, "note")]
    assert (first["start"], first["end"], first["anchor"]) == (0, 6, 25)
    assert (second["start"], second["end"], second["anchor"]) == (7, 8, 41)
