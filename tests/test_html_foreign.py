"""TEI we did not write: FRUS gold files, other projects' files, TEI Lite.

Every page must parse as HTML5 without a single parse error, and no text may be lost:
each non-whitespace text node under the TEI ``text`` must appear in the page (compared
with whitespace removed, after taking out the page markers the edition adds).
"""

from __future__ import annotations

import re
from pathlib import Path

import html5lib
import pytest
from lxml import etree

from teipipe.transform import Options, Transformer
from teipipe.xmlio import safe_parser

import testdata
from testdata import files

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
TEI = "{http://www.tei-c.org/ns/1.0}"
GOLD = files(testdata.GOLD, "*.xml")
FOREIGN = files(testdata.FOREIGN, "*.xml")
LITE = FIXTURES / "transform-teilite.xml"


@pytest.fixture(scope="module")
def transformer() -> Transformer:
    return Transformer(Options(to="html"))


def parse_html(html: str):
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("lxml"), strict=True,
                                 namespaceHTMLElements=False)
    return parser.parse(html).getroot()


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def lost_text(tei_path: Path, page) -> list[str]:
    """The TEI text nodes (whitespace removed) that the page does not contain."""
    for marker in page.xpath("//*[contains(concat(' ', @class, ' '), ' pb ')]"):
        marker.getparent().remove(marker) if marker.tail is None else _drop(marker)
    # unclear letters carry an underdot (U+0323) in the page, as Leiden prints them
    body = squeeze("".join(page.find("body").itertext())).replace("\u0323", "")
    tree = etree.parse(str(tei_path), safe_parser())
    lost, cursor = [], 0
    for node in tree.xpath("//tei:text//text()", namespaces={"tei": TEI[1:-1]}):
        piece = squeeze(node)
        if not piece:
            continue
        at = body.find(piece, cursor)
        if at < 0:
            at = body.find(piece)  # notes are moved to the end; look everywhere
        if at < 0:
            lost.append(piece)
        else:
            cursor = at + len(piece)
    return lost


def _drop(element) -> None:
    """Remove an element but keep its tail text."""
    parent, tail = element.getparent(), element.tail
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


@pytest.mark.parametrize("path", [*GOLD, *FOREIGN, LITE], ids=lambda p: p.name)
def test_every_text_node_survives_and_html_parses(transformer, path):
    page = parse_html(transformer.render(path))
    assert page.get("lang")
    assert lost_text(path, page) == []


def test_frus_gold_conventions(transformer):
    gold = testdata.GOLD
    page = parse_html(transformer.render(gold / "frus1955-57v13_d89.xml"))
    marker = page.xpath("//*[@id='pg_132']")[0]
    assert marker.text == "[Page 132]"
    before, after = "".join(marker.getparent().itertext()).split("[Page 132]")
    assert before.endswith("these plotters are committing ") and after.startswith("illegal")
    assert page.xpath("//h1")
    page = parse_html(transformer.render(gold / "frus1955-57v13_d387.xml"))
    dateline = page.xpath("//*[contains(@class, 'dateline')]")[0]
    italic = dateline.xpath(".//span[contains(@class, 'rend-italic')]")[0]
    assert "".join(italic.itertext()).split() == ["Washington,", "September", "6,",
                                                  "1957—4:47", "p.m."]
    assert italic.xpath(".//span[@class='place']")[0].text == "Washington"
    page = parse_html(transformer.render(gold / "frus1955-57v24_d132.xml"))
    assert not page.xpath("//a[@href='#d131']")  # d131 is not in this file: no dead link
    assert page.xpath("//span[@class='ref'][@data-target='#d131']")


def test_unknown_elements_keep_their_text_and_are_marked(transformer, tmp_path):
    doc = tmp_path / "unknown.xml"
    doc.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:x="urn:x"><text><body>'
                   '<p>Before <frob>inside frob</frob> and <x:thing>other ns</x:thing>.</p>'
                   '<widget><p>a block</p></widget></body></text></TEI>', encoding="utf-8")
    page = parse_html(transformer.render(doc))
    frob = page.xpath("//*[@data-tei='frob']")[0]
    assert frob.tag == "span" and "tei-unknown" in frob.get("class")
    assert frob.text == "inside frob"
    assert page.xpath("//*[@data-tei='x:thing']")[0].text == "other ns"
    widget = page.xpath("//*[@data-tei='widget']")[0]
    assert widget.tag == "div" and widget.find("p").text == "a block"


def test_mid_word_page_break_keeps_the_word_whole(transformer, tmp_path):
    doc = tmp_path / "midword.xml"
    doc.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>President '
                   'Eisen<pb n="5" xml:id="pg_5"/>hower said so.</p></body></text></TEI>',
                   encoding="utf-8")
    page = parse_html(transformer.render(doc))
    paragraph = page.xpath("//p[@class='p']")[0]
    assert "".join(paragraph.itertext()) == "President Eisenhower[Page 5] said so."
    assert page.xpath("//*[@id='pg_5']")[0].text == "[Page 5]"


def test_tei_lite_behaviours(transformer):
    page = parse_html(transformer.render(LITE))
    assert [li.text for li in page.xpath("(//ul)[1]/li")] == [
        "first item", "second item"]
    assert [td.text for td in page.xpath("//table//td")] == ["a1", "b1", "a2", "b2"]
    assert page.xpath("//table/caption")[0].text == "A small table"
    lines = page.xpath("//div[contains(@class, 'lg')]/div[@class='l']")
    assert ["".join(line.itertext()) for line in lines] == ["Shall I compare thee",
                                                            "to a summer's day?"]
    assert page.xpath("//br")  # lb
    assert page.xpath("//span[@class='gap']")[0].text == "[…]"
    unclear = page.xpath("//span[contains(@class, 'unclear')]")[0].text
    assert unclear == "".join(c + "\u0323" if c != " " else c for c in "hard to read")  # underdots
    corr = page.xpath("//span[@class='choice']")[0]
    assert "".join(corr.itertext()) == "receive [recieve]"
    assert page.xpath("//a[@href='https://example.org/']")[0].text == "a link"
    assert page.xpath("//figure/img")[0].get("src") == "plate1.png"
    assert page.xpath("//figure/img")[0].get("alt") == "An engraved plate"
    assert page.xpath("//span[contains(@class, 'foreign')]")[0].get("lang") == "la"
    assert page.xpath("//span[contains(@class, 'term')]")[0].text == "catalectic"
