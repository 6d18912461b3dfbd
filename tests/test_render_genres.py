"""Issue #14: every TEI genre rendered as its readers expect, nothing dropped, a stylesheet a
project can customise.

The word checks run on every real file the tests hold (FRUS gold, other projects' files,
the copies in tests/data/render): every text node of ``text``, ``sourceDoc`` and ``msDesc``
reaches the HTML page; the reading text keeps every word of the reading it chose (deletions
not restored, apparatus readings other than the lemma and header words aside).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from test_html_foreign import parse_html, squeeze

from teipipe import XSLT_DIR
from teipipe.transform import Options, Transformer
from teipipe.xmlio import safe_parser

import testdata
from testdata import files

RENDER = testdata.DATA / "render"
TEI_NS = {"tei": "http://www.tei-c.org/ns/1.0"}
REAL = [*files(testdata.GOLD, "*.xml"), *files(testdata.FOREIGN, "*.xml"),
        *files(RENDER, "*.xml")]
LETTER = testdata.FOREIGN / "amp__amp-transcript__0004.xml"

# what the page must hold, and what the reading text must hold
PAGE_WORDS = "//tei:text//text() | //tei:sourceDoc//text() | //tei:msDesc//text()"
READING_WORDS = ("(//tei:text//text() | //tei:sourceDoc//text())[not(ancestor::tei:del"
                 "[not(ancestor::tei:restore)] | ancestor::tei:rdg | ancestor::tei:figDesc"
                 " | ancestor::tei:app[@from or @to] | ancestor::tei:listApp)]")


@pytest.fixture(scope="module")
def html() -> Transformer:
    return Transformer(Options(to="html"))


@pytest.fixture(scope="module")
def text() -> Transformer:
    return Transformer(Options(to="text"))


def page_text(page) -> str:
    """The page's words without the markers the edition adds (underdots, page markers)."""
    for marker in page.xpath("//*[contains(concat(' ', @class, ' '), ' pb ')]"):
        marker.text = ""
    return squeeze("".join(page.find("body").itertext())).replace("\u0323", "")


def missing(path: Path, xpath: str, rendered: str) -> list[str]:
    tree = etree.parse(str(path), safe_parser())
    pieces = (squeeze(node) for node in tree.xpath(xpath, namespaces=TEI_NS))
    return [piece for piece in pieces if piece and piece not in rendered]


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_no_word_is_lost_in_the_page(html, path):
    assert missing(path, PAGE_WORDS, page_text(parse_html(html.render(path)))) == []


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_the_reading_text_keeps_every_word_of_its_reading(text, path):
    assert missing(path, READING_WORDS, squeeze(text.render(path))) == []


def test_the_reading_text_gives_the_final_state_of_del_and_add(text):
    reading = " ".join(text.render(LETTER).split())
    assert "the political history of Europe,with the same horrors" in reading
    assert "plotical" not in reading and "Euriope" not in reading


def test_html_strikes_deletions_and_raises_additions(html):
    page = parse_html(html.render(LETTER))
    assert page.xpath("//del[.='plotical']")
    assert page.xpath("//ins[contains(@class, 'place-above')][.='the same']")


def test_every_page_takes_its_title_from_its_own_title_statement(html):
    title = parse_html(html.render(LETTER)).findtext(".//title")
    assert title == "Typed Letter Signed W. H. Auden to Stella Musulin 1966-02-03"


def test_apparatus_lemma_in_text_readings_in_a_numbered_apparatus_linked_both_ways(html, text):
    path = RENDER / "apparatus-methods.xml"
    page = parse_html(html.render(path))
    entries = page.xpath("//li[contains(@class, 'app-entry')]")
    assert len(entries) == 4  # parallel (2), double end-point, location-referenced
    linked = [e for e in entries if page.xpath(f"//a[@href='#{e.get('id')}']")]
    assert len(linked) == 3  # the location-referenced entry names its line instead
    for entry in linked:
        marker = page.xpath(f"//a[@href='#{entry.get('id')}']")[0]
        assert entry.xpath(f".//a[@href='#{marker.get('id')}']")  # and back
    one = page.xpath("//sup[@class='appref']/a[.='1']/@href")[0][1:]
    first = squeeze("".join(page.xpath(f"//li[@id='{one}']")[0].itertext()))
    assert first.startswith("1.Ἰωβάβ") and "]Ἰώβ" in first and first.endswith("BC↩\ufe0e")
    assert "l. 2" in "".join(entries[1].itertext())
    reading = text.render(path)
    assert "ὄνομα Ἰωβάβ, καὶ" in reading and "Ἰώβ" not in reading


def test_epidoc_divisions_have_headings_and_line_numbers_show(html):
    page = parse_html(html.render(testdata.FOREIGN / "isicily__ISic000093.xml"))
    headings = [" ".join(h.itertext()) for h in page.xpath("//*[@class='div-label']")]
    assert {"Edition (primary)", "Apparatus", "Translation (en)", "Commentary"} <= set(headings)
    assert [n.text for n in page.xpath("//span[@class='lineno']")] == ["5"]
    assert page.xpath("//span[@class='ex'][.='(larissimo)']")  # c(larissimo)
    assert page.xpath("//li[contains(@class,'app-entry')]//*[@class='app-line'][.='l. 2']")


def test_leiden_conventions(html, text):
    path = RENDER / "epidoc-leiden.xml"
    page = parse_html(html.render(path))
    edition = page.xpath("//section[contains(@class, 'div-edition')]")[0]
    lines = "".join(edition.itertext()).split("\n")
    words = " ".join(" ".join(lines).split())
    assert "[Lucius Apronius Lucii] filius" in words  # one bracket, not one per word
    assert "co(n)s(ul) [- - -]" in words and "[. . .]" in words
    assert "proc\u0323o\u0323nsul" in words  # underdots
    assert [n.text for n in page.xpath("//span[@class='lineno']")] == ["5", "10"]
    entry = "".join(page.xpath("//li[contains(@class, 'app-entry')]")[0].itertext())
    assert entry.startswith("1. l. 4 dedit] dedicavit")  # the entry names its line
    assert "Lucius Apronius Lucii filius co(n)s(ul)" in text.render(path)


def test_manuscript_description_in_the_header_is_a_catalogue_record(html, text):
    path = RENDER / "bodleian-msdesc.xml"
    page = parse_html(html.render(path))
    assert page.xpath("string(//h2[@class='ms-id'])") == "Oxford, Bodleian Library, MS. Liturg. 198"
    items = page.xpath("//div[contains(@class, 'ms-msItem')]")
    assert len(items) == 2 and "fols. 13r–40v" in "".join(items[1].itertext())
    assert len(text.render(path)) > 600  # was 16 bytes


def test_documentary_transcription_line_by_line_with_facsimile(html, text):
    path = RENDER / "faust-sourcedoc.xml"
    page = parse_html(html.render(path))
    assert len(page.xpath("//div[@class='line']")) == 10
    assert page.xpath("//a[@class='facsimile']/@href") == ["https://example.org/faust/leaf-1r.jpg"]
    reading = text.render(path)
    assert "ich armer Thor!" in reading and "Mann" not in reading
    assert "an die zehen Jahr" in reading  # restored


def test_drama_cast_list_keeps_groups_and_role_descriptions(html):
    play = RENDER / "rusdracor__prutkov-spor-drevnih-grecheskih-filosofov.xml"
    page = parse_html(html.render(play))
    assert page.xpath("//ul[@class='cast']/li")


def test_poem_titles_are_headings_and_lines_are_numbered(html):
    page = parse_html(html.render(testdata.FOREIGN / "disco__disco578n.xml"))
    assert page.xpath("//*[contains(@class, 'lg-head')][starts-with(local-name(), 'h')]")
    numbers = page.xpath("//div[@class='l']/span[@class='lineno']/text()")
    assert numbers[:2] == ["5", "10"]


def test_dictionary_homographs_are_numbered(html):
    page = parse_html(html.render(testdata.FOREIGN / "freedict__san-deu.xml"))
    assert page.xpath("//div[@class='hom']/span[@class='hom-n'][.='2']")


CUSTOM = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0" exclude-result-prefixes="#all">
  <xsl:import href="{main}"/>
  <!-- persons in small capitals, everything else as teipipe renders it -->
  <xsl:template match="tei:persName">
    <span class="person-custom" style="font-variant: small-caps">
      <xsl:apply-templates/>
    </span>
  </xsl:template>
</xsl:stylesheet>
"""


def test_a_ten_line_customisation_changes_how_persname_renders(tmp_path):
    custom = tmp_path / "my-edition.xsl"
    custom.write_text(CUSTOM.format(main=(XSLT_DIR / "tei-to-html.xsl").as_uri()))
    assert len(custom.read_text().splitlines()) == 10
    letter = testdata.ROOT / "tei" / "frus1977-80v06-d1.xml"
    run = subprocess.run([sys.executable, "-m", "teipipe", "transform", "--xslt", str(custom),
                          "-j", "1", str(letter)], capture_output=True, text=True, check=True)
    page = parse_html(run.stdout)
    assert page.xpath("//span[@class='person-custom']")
    assert not page.xpath("//span[@class='person']")
    assert page.findtext(".//title").startswith("Letter From President Carter")
    assert re.search(r"role=\"doc-noteref\"", run.stdout)  # the rest as before


def test_a_corpus_keeps_its_header_words_and_titles_its_members(html, tmp_path):
    corpus = testdata.FOREIGN / "rusdracor__corpus.xml"
    page = page_text(parse_html(html.render(corpus)))
    assert missing(corpus, "/tei:teiCorpus/tei:teiHeader//text()", page) == []
    member = (RENDER / "faust-sourcedoc.xml").read_text(encoding="utf-8").split("?>", 1)[1]
    both = tmp_path / "corpus.xml"
    both.write_text(corpus.read_text(encoding="utf-8").replace("</teiCorpus>", member.replace(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0">', "<TEI>") + "</teiCorpus>"), encoding="utf-8")
    titles = parse_html(html.render(both)).xpath("//section[@class='corpus-member']/h2/text()")
    assert titles == ["Faust: a sample leaf, documentary transcription"]
    reading = Transformer(Options(to="text")).render(both)
    assert "Faust: a sample leaf, documentary transcription\n\n[Surface 1r]" in reading
