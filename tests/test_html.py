"""The HTML reading edition of the letter: structure, notes, pages, names, citations.

Expectations are read off ``sources/frus1977-80v06-d1.txt`` and the hand-written TEI
fixture ``tests/fixtures/transform-letter.xml`` (whose header lists give the full names).
"""

from __future__ import annotations

from pathlib import Path

import html5lib
import pytest

from teipipe.transform import Options, Transformer

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
LETTER = FIXTURES / "transform-letter.xml"
ENCODED_LETTER = ROOT / "tei" / "frus1977-80v06-d1.xml"


def parse_html(html: str):
    """Parse as a browser would, failing on any HTML5 parse error."""
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("lxml"), strict=True,
                                 namespaceHTMLElements=False)
    return parser.parse(html).getroot()


def text_of(element) -> str:
    return "".join(element.itertext())


def by_id(doc, ident: str):
    found = doc.findall(f".//*[@id='{ident}']")
    assert len(found) == 1, f"id {ident!r} occurs {len(found)} times"
    return found[0]


@pytest.fixture(scope="module")
def html_transformer() -> Transformer:
    return Transformer(Options(to="html"))


@pytest.fixture(scope="module")
def letter(html_transformer):
    return parse_html(html_transformer.render(LETTER))


def test_page_has_title_language_and_citation_metadata(letter):
    assert letter.get("lang") == "en"
    title = "Letter From President Carter to Soviet General Secretary Brezhnev"
    assert letter.find("head/title").text == title
    meta = {(m.get("name"), m.get("content")) for m in letter.iter("meta") if m.get("name")}
    assert ("citation_title", title) in meta
    assert ("DC.title", title) in meta
    assert ("citation_language", "en") in meta
    assert ("citation_public_url",
            "https://history.state.gov/historicaldocuments/frus1977-80v06/d1") in meta
    assert ("DC.publisher", "teipipe") in meta
    assert letter.find("head/meta[@name='viewport']") is not None


def test_page_is_standalone_accessible_and_needs_no_script(letter):
    assert not list(letter.iter("script"))
    style = letter.find("head/style")
    assert style is not None and "@media print" in style.text  # CSS inlined, print rules
    assert letter.find(".//main[@id='main']") is not None
    assert letter.find(".//a[@class='skip']").get("href") == "#main"
    assert letter.find(".//footer") is not None
    headings = [h.tag for h in letter.iter() if h.tag in ("h1", "h2", "h3")]
    assert headings[0] == "h1" and headings.count("h1") == 1


def test_document_heading_opener_paragraphs_closer(letter):
    h1 = letter.find(".//h1")
    assert text_of(h1).startswith("1. Letter From President Carter to Soviet General")
    assert text_of(letter.find(".//div[@class='opener']")) == (
        "To General Secretary Leonid Brezhnev")
    paragraphs = letter.findall(".//article//p[@class='p']")
    assert len(paragraphs) == 11  # the source's body paragraphs
    assert text_of(paragraphs[0]).startswith("As I take up my duties")
    closer = letter.find(".//div[@class='closer']")
    assert text_of(closer.find("div[@class='salute']")) == "With best personal regards."
    assert text_of(closer.find("div[@class='signed']")) == "Jimmy Carter"


def test_note_references_link_to_notes_and_back(letter):
    refs = [a for a in letter.iter("a") if a.get("role") == "doc-noteref"]
    assert [a.text for a in refs] == ["1", "2", "3", "4"]
    section = letter.find(".//section[@role='doc-endnotes']")
    assert section is not None
    items = section.findall(".//li")
    assert [li.get("id") for li in items] == ["d1fn1", "d1fn2", "d1fn3", "d1fn4"]
    for ref, item in zip(refs, items, strict=True):
        assert ref.get("href") == "#" + item.get("id")
        assert ref.getparent().tag == "sup"
        back = item.find(".//a[@role='doc-backlink']")
        assert back.get("href") == "#" + ref.get("id")
        by_id(letter, ref.get("id"))
    assert text_of(items[2]).startswith("3. In his January 18 speech in Tula, Brezhnev")
    assert "note-source" in items[0].get("class")  # the source note is set apart
    assert "note-source" not in items[1].get("class")


def test_note_markers_sit_where_the_source_had_them(letter):
    paragraph = [p for p in letter.iter("p") if text_of(p).startswith("As I understood")][0]
    assert text_of(paragraph).startswith("As I understood your very important speech at "
                                         "Tula,3 the Soviet Union")


def test_page_breaks_are_visible_linkable_and_in_place(letter):
    page2 = by_id(letter, "pg_2")
    assert page2.text == "[Page 2]"
    assert page2.getparent().tag == "p"
    paragraph = text_of(page2.getparent())
    assert "oppose the concept, and [Page 2] will require only" in paragraph
    page3 = by_id(letter, "pg_3")
    assert page3.text == "[Page 3]" and page3.tag == "p"  # a marker on a line of its own


def test_names_are_marked_with_full_name_from_personography(letter):
    persons = [s for s in letter.iter("span") if s.get("class") == "person"]
    head_names = [(text_of(s), s.get("title")) for s in letter.find(".//h1").iter("span")
                  if s.get("class") == "person"]
    assert head_names == [("Carter", "Jimmy Carter"), ("Brezhnev", "Leonid Ilyich Brezhnev")]
    assert {s.get("title") for s in persons} == {
        "Jimmy Carter", "Leonid Ilyich Brezhnev", "Cyrus R. Vance", "Zbigniew Brzezinski",
        "Nikolai V. Podgorny", "Gerald R. Ford"}
    places = [s for s in letter.iter("span") if s.get("class") == "place"]
    assert text_of(places[0]) == "Tula" and places[0].get("title") == "Tula"
    orgs = [s for s in letter.iter("span") if s.get("class") == "org"]
    assert orgs[0].get("title") == "Jimmy Carter Presidential Library"


def test_persons_list_links_to_every_mention(letter):
    aside = letter.find(".//aside[@class='persons']")
    assert text_of(aside.find("h2")) == "Persons in this document"
    entries = {text_of(li.find("span[@class='person-name']")): li for li in aside.iter("li")}
    assert set(entries) == {"Jimmy Carter", "Leonid Ilyich Brezhnev", "Cyrus R. Vance",
                            "Zbigniew Brzezinski", "Nikolai V. Podgorny", "Gerald R. Ford"}
    # Carter: heading, note 1 twice, note 2, note 4, signature
    carter_links = entries["Jimmy Carter"].findall(".//a")
    assert len(carter_links) == 6
    for link in carter_links:
        target = by_id(letter, link.get("href")[1:])
        assert target.get("title") == "Jimmy Carter"
    assert len(entries["Cyrus R. Vance"].findall(".//a")) == 2


def test_citations_have_italic_titles_and_frus_links(letter):
    titles = [text_of(c) for c in letter.iter("cite")]
    assert "Power and Principle" in titles
    assert "The Current Digest of the Soviet Press" in titles
    hrefs = {a.get("href"): text_of(a) for a in letter.iter("a")}
    assert hrefs["https://history.state.gov/historicaldocuments/frus1969-76v32/d317"] == "317"
    assert hrefs["https://history.state.gov/historicaldocuments/frus1969-76v33/d91"] == (
        "Document 91")


def test_external_css_link_instead_of_inline():
    transformer = Transformer(Options(to="html", css="edition.css"))
    doc = parse_html(transformer.render(LETTER))
    assert doc.find("head/style") is None
    assert doc.find("head/link[@rel='stylesheet']").get("href") == "edition.css"


def test_the_committed_edition_renders_cleanly(html_transformer):
    doc = parse_html(html_transformer.render(ENCODED_LETTER))
    assert by_id(doc, "pg_2").text == "[Page 2]"
    assert len([a for a in doc.iter("a") if a.get("role") == "doc-noteref"]) == 4
    brezhnev = [s for s in doc.find(".//h1").iter("span") if text_of(s) == "Brezhnev"]
    assert brezhnev[0].get("title")  # the header's person list gives the full name
