"""W3C Web Annotation export: the model's JSON-LD terms, our JSON Schema, exact selectors,
and every entity of a DraCor play and of the FRUS letter, with category and authority id.

The W3C context is a hand-written subset in tests/data/exchange/webannotation/anno.jsonld
(no network in tests); see that file's note.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from lxml import etree

from teipipe.cli import main
from teipipe.exchange.annotations import CONTEXT, SCHEMA_PATH, annotation_page, text_name
from teipipe.exchange.standoff import ENTITY_CATEGORIES, export_file
from teipipe.xmlio import TEI_NS, safe_parser

import testdata
from testdata import files

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "exchange"
W3C_CONTEXT = json.loads((DATA / "webannotation" / "anno.jsonld").read_text())["@context"]
DRACOR = testdata.FOREIGN / "rusdracor__pushkin-mocart-i-saleri.xml"
FRUS = ROOT / "tei" / "frus1977-80v06-d1.xml"
FIXTURE = ROOT / "tests" / "fixtures" / "exchange-letter.xml"
PATHS = [DRACOR, FRUS, FIXTURE, *sorted((DATA / "letters").glob("*.xml")),
         *files(testdata.GOLD, "frus1955-57v24_*.xml")]
NS = {"t": TEI_NS}
KEYWORDS = {"@context", "@id", "@type"}


def pages(path: Path) -> list[tuple[dict, dict]]:
    """(stand-off export, Web Annotation page) for each document in ``path``."""
    tree = etree.parse(str(path), safe_parser())
    return [(data, annotation_page(data, name)) for name, data in export_file(path, tree)]


def terms_used(node, found: set[str], values: set[str]) -> None:
    """Every key, and every value of type/motivation/purpose (they are vocabulary terms)."""
    if isinstance(node, dict):
        for key, value in node.items():
            found.add(key)
            if key in ("type", "motivation", "purpose"):
                values.add(value)
            terms_used(value, found, values)
    elif isinstance(node, list):
        for item in node:
            terms_used(item, found, values)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_valid_against_schema_and_w3c_context(path: Path) -> None:
    schema = json.loads(SCHEMA_PATH.read_text())
    for _, page in pages(path):
        jsonschema.validate(page, schema, format_checker=jsonschema.FormatChecker())
        assert page["@context"] == CONTEXT
        keys, values = set(), set()
        terms_used(page, keys, values)
        # a key the context does not define would be dropped by a JSON-LD processor
        assert keys - KEYWORDS <= set(W3C_CONTEXT), keys - KEYWORDS - set(W3C_CONTEXT)
        assert values <= set(W3C_CONTEXT) - {"id", "type"}, values - set(W3C_CONTEXT)
        # the @vocab-typed terms must map into the oa: vocabulary
        assert all(W3C_CONTEXT[v].startswith(("oa:", "as:")) for v in values)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_selectors_are_exact(path: Path) -> None:
    for data, page in pages(path):
        ids = [item["id"] for item in page["items"]]
        assert len(set(ids)) == len(ids)
        for item in page["items"]:
            layer = item["target"]["source"].rsplit(".", 2)[-2]
            text = data["text"][layer]
            quote, position = item["target"]["selector"]
            start, end = position["start"], position["end"]
            assert quote["exact"] == text[start:end] != ""
            assert text[:start].endswith(quote["prefix"]) and len(quote["prefix"]) <= 32
            assert text[end:].startswith(quote["suffix"]) and len(quote["suffix"]) <= 32


@pytest.mark.parametrize("path", [DRACOR, FRUS, FIXTURE], ids=lambda p: p.name)
def test_every_entity_with_category_and_authority(path: Path) -> None:
    """Each name, date and speech of the stand-off export is one annotation, tagged with its
    category and identified by exactly the authority URIs the stand-off gives it."""
    for data, page in pages(path):
        expected = [(data["text"][a["layer"]][a["start"]:a["end"]], a["category"],
                     a.get("authority", []))
                    for a in data["annotations"]
                    if a["category"] in ENTITY_CATEGORIES and a["end"] > a["start"]]
        got = [(item["target"]["selector"][0]["exact"], item["body"][0]["value"],
                [b["source"] for b in item["body"] if b["type"] == "SpecificResource"])
               for item in page["items"] if item["motivation"] != "commenting"]
        assert got == expected
        assert expected  # the files do have entities


def test_dracor_speeches_identify_the_speakers() -> None:
    ((data, page),) = pages(DRACOR)
    tree = etree.parse(str(DRACOR), safe_parser())
    speeches = tree.xpath("//t:body//t:sp", namespaces=NS)
    wikidata = {"#mocart": "http://www.wikidata.org/entity/Q254",
                "#saleri": "http://www.wikidata.org/entity/Q51088"}
    items = [i for i in page["items"] if i["body"][0]["value"] == "speech"]
    assert len(items) == len(speeches) == 42
    for sp, item in zip(speeches, items, strict=True):
        (identified,) = [b["source"] for b in item["body"] if b["purpose"] == "identifying"]
        assert identified == wikidata[sp.get("who")] and item["motivation"] == "identifying"
        speaker = sp.findtext("t:speaker", namespaces=NS)
        assert item["target"]["selector"][0]["exact"].startswith(speaker)
        assert {"type": "TextualBody", "purpose": "describing",
                "value": speaker} in item["body"]  # the particDesc name is the speaker label


def test_frus_letter_names_and_notes() -> None:
    ((data, page),) = pages(FIXTURE)
    carter = [i for i in page["items"] if i["target"]["selector"][0]["exact"] == "Carter"]
    (item,) = carter
    assert item["motivation"] == "identifying"
    assert item["body"] == [
        {"type": "TextualBody", "purpose": "tagging", "value": "person"},
        {"type": "TextualBody", "purpose": "describing", "value": "Jimmy Carter"},
        {"type": "SpecificResource", "purpose": "identifying",
         "source": "http://www.wikidata.org/entity/Q23685"}]
    assert item["target"]["source"] == text_name("exchange-letter", "body")
    # Brezhnev's record has no idno: tagged and described, never identified
    brezhnev = [i for i in page["items"] if i["target"]["selector"][0]["exact"] == "Brezhnev"
                and i["motivation"] != "commenting"]
    assert [b["purpose"] for b in brezhnev[0]["body"]] == ["tagging", "describing"]
    notes = [i for i in page["items"] if i["motivation"] == "commenting"]
    assert [(n["target"]["selector"][0]["exact"], n["body"][1]["value"][:22]) for n in notes] == [
        ("Brezhnev", "Source: Carter Library"), ("you", "No messages were found")]
    # the Carter Library in the source note: an entity in the notes layer
    (library,) = [i for i in page["items"] if i["target"]["selector"][0]["exact"]
                  == "Carter Library"]
    assert library["target"]["source"] == text_name("exchange-letter", "notes")


def test_ids_are_stable() -> None:
    assert pages(FIXTURE)[0][1] == pages(FIXTURE)[0][1]


def test_cli_writes_annotations_and_texts(tmp_path: Path) -> None:
    out = tmp_path / "wa"
    assert main(["export", "--web-annotation", str(FIXTURE), str(DRACOR), "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "exchange-letter.body.txt", "exchange-letter.jsonld", "exchange-letter.notes.txt",
        "rusdracor__pushkin-mocart-i-saleri.body.txt",
        "rusdracor__pushkin-mocart-i-saleri.jsonld"]
    page = json.loads((out / "exchange-letter.jsonld").read_text())
    for item in page["items"]:
        text = (out / item["target"]["source"]).read_text()
        position = item["target"]["selector"][1]
        assert text[position["start"]:position["end"]] == item["target"]["selector"][0]["exact"]
