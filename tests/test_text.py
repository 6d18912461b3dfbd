"""Plain-text editions: the source text given back byte for byte, and the reading text."""

from __future__ import annotations

from pathlib import Path

import pytest

from teipipe.transform import Options, Transformer

ROOT = Path(__file__).resolve().parents[1]
LETTER = ROOT / "tests" / "fixtures" / "transform-letter.xml"
LETTER_SOURCE = ROOT / "sources" / "frus1977-80v06-d1.txt"


@pytest.fixture(scope="module")
def source_style() -> Transformer:
    return Transformer(Options(to="text", style="source"))


@pytest.fixture(scope="module")
def reading() -> str:
    return Transformer(Options(to="text")).render(LETTER)


def test_source_style_gives_back_the_letter_byte_for_byte(source_style):
    expected = LETTER_SOURCE.read_bytes()
    assert source_style.render(LETTER).encode("utf-8") == expected


def test_source_style_newline_runs_and_notes_list(source_style, tmp_path):
    # two paragraphs, one run of 4 newlines, a page on its own line, notes list, final newline
    tei = tmp_path / "runs.xml"
    tei.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>'
        '<div type="document" n="7" xml:id="d7"><head>7. Telegram<note n="0" xml:id="d7fn0" '
        'type="source">Source: file.</note></head>\n  <p>One <pb n="9" xml:id="pg_9"/> two'
        '<note n="1" xml:id="d7fn1">A note.</note></p>\n  <space dim="vertical" '
        'unit="newlines" quantity="4"/><p>Three</p><pb n="10" xml:id="pg_10"/><p>Four</p>'
        '<space dim="vertical" unit="newlines" quantity="2"/></div>'
        '<space dim="vertical" unit="newlines" quantity="1"/></body></text></TEI>',
        encoding="utf-8")
    assert source_style.render(tei) == (
        "7. Telegram0\n\nOne [Page 9] two1\n\n\n\nThree\n\n[Page 10]\n\nFour\n\n"
        "  1. Source: file.\n  2. A note.\n")


def test_reading_text_has_clean_paragraphs_and_notes_at_the_end(reading):
    paragraphs = reading.split("\n\n")
    assert paragraphs[0] == ("1. Letter From President Carter to Soviet General Secretary "
                             "Brezhnev[1]")
    assert paragraphs[1] == "To General Secretary Leonid Brezhnev"
    assert "speech at Tula,[3] the Soviet Union" in reading
    assert "oppose the concept, and\n[Page 2]\nwill require only" in reading
    assert "\n\n[Page 3]\n\nI look forward" in reading
    assert "With best personal regards.\n\nJimmy Carter\n\nNotes\n\n[1] Source: Carter" in reading
    assert "\n\n[3] In his January 18 speech in Tula, Brezhnev addressed détente" in reading
    assert reading.endswith("Box 4, PD–08 [4].\n")
    assert "<" not in reading and "  " not in reading


def test_reading_text_can_leave_pages_out():
    text = Transformer(Options(to="text", pages=False)).render(LETTER)
    assert "[Page" not in text
    assert "oppose the concept, and will require only" in text


def test_reading_text_keeps_a_word_whole_around_a_page_break(tmp_path):
    tei = tmp_path / "midword.xml"
    tei.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>President '
                   'Eisen<pb n="5"/>hower said so.</p></body></text></TEI>', encoding="utf-8")
    text = Transformer(Options(to="text")).render(tei)
    assert "President Eisenhower\n[Page 5]\nsaid so." in text


def test_the_committed_edition_gives_back_its_source(source_style):
    tei = ROOT / "tei" / "frus1977-80v06-d1.xml"
    assert source_style.render(tei).encode("utf-8") == LETTER_SOURCE.read_bytes()
