"""Stand-off JSON export: schema, hand-checked offsets, and an exact rebuild of the TEI."""

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
FIXTURE = ROOT / "tests" / "fixtures" / "exchange-letter.xml"
GOLD = files(testdata.GOLD, "*.xml")
OURS = [FIXTURE, *files(ROOT / "tei", "frus*.xml")]


def export(path: Path) -> list[dict]:
    return [data for _, data in export_file(path, etree.parse(str(path), safe_parser()))]


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


@pytest.mark.parametrize("path", OURS + GOLD, ids=lambda p: p.name)
def test_valid_against_schema(path: Path) -> None:
    schema = json.loads(SCHEMA_PATH.read_text())
    for data in export(path):
        jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("path", OURS + GOLD, ids=lambda p: p.name)
def test_rebuild_reproduces_tei(path: Path) -> None:
    exported = export(path)
    divs = original(path)
    assert len(exported) == len(divs) == 1
    assert shape(rebuild(exported[0])) == shape(divs[0])


def spans(data: dict, element: str) -> list[tuple[str, dict]]:
    return [(data["text"][a["layer"]][a["start"]:a["end"]], a)
            for a in data["annotations"] if a["element"] == element]


def test_fixture_offsets_checked_by_hand() -> None:
    (data,) = export(FIXTURE)
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
    (data,) = export(testdata.GOLD / "frus1955-57v24_d118.xml")
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
    results = export_file(path, etree.parse(str(path), safe_parser()))
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
    assert written["document"] == "d1"
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI>\n  <text></TEI>\n")
    out2 = tmp_path / "out2"
    assert main(["export", "--standoff", str(FIXTURE), str(bad), "-o", str(out2)]) == 1
    assert f"{bad}:2:" in capsys.readouterr().err
    assert not out2.exists()
