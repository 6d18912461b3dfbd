"""The reader: plain FRUS text → document model.

Expectations were read off the source texts by hand (quoted in the tests), not taken
from the program's output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from teipipe.diagnostics import InputError
from teipipe.model import LineBreak, NoteRef, PageBreak, Text
from teipipe.reader import decode, read_file, read_text, source_text, volume_title

from testdata import FRUS_DEV, files

ROOT = Path(__file__).resolve().parents[1]
LETTER = ROOT / "sources" / "frus1977-80v06-d1.txt"
DEV = FRUS_DEV / "input"


def pieces_around(block, kind):
    """(text before, marker, text after) for each marker of ``kind`` in a block."""
    out = []
    for index, piece in enumerate(block.inlines):
        if isinstance(piece, kind):
            before = block.inlines[index - 1].text if index and isinstance(
                block.inlines[index - 1], Text) else ""
            after = block.inlines[index + 1].text if index + 1 < len(block.inlines) and \
                isinstance(block.inlines[index + 1], Text) else ""
            out.append((before, piece, after))
    return out


@pytest.fixture(scope="module")
def letter():
    document, warnings = read_file(LETTER)
    assert warnings == []
    return document


def test_letter_structure(letter):
    kinds = [(block.kind, block.group) for block in letter.blocks]
    # heading, "To General Secretary Leonid Brezhnev", 10 paragraphs with "[Page 3]" on its
    # own line after the 8th, "With best personal regards.", "Jimmy Carter".
    assert kinds[0] == ("head", None)
    assert kinds[1] == ("salute", "opener")
    assert kinds[-2:] == [("salute", "closer"), ("signed", "closer")]
    assert [k for k, _ in kinds].count("p") == 11
    assert letter.blocks[-1].plain == "Jimmy Carter"
    assert letter.blocks[-1].newlines_before == 3  # two blank lines before the signature
    assert letter.title == "Letter From President Carter to Soviet General Secretary Brezhnev"


def test_letter_source_info(letter):
    assert letter.source.volume_id == "frus1977-80v06"
    assert letter.source.doc_number == "1"
    assert letter.source.volume_title == (
        "Foreign Relations of the United States, 1977\u20131980, Volume VI")
    assert letter.source.url == "https://history.state.gov/historicaldocuments/frus1977-80v06/d1"


def test_letter_notes_sit_at_their_markers(letter):
    markers = [(before, ref.n, after) for block in letter.blocks
               for before, ref, after in pieces_around(block, NoteRef)]
    expected = [
        ("General Secretary Brezhnev", "1", ""),  # "…General Secretary Brezhnev1" (heading)
        ("received from you", "2", " and in"),  # "received from you2 and in this connection"
        ("speech at Tula,", "3", " the Soviet"),  # "speech at Tula,3 the Soviet Union"
        ("strategic weapons.", "4", " Moreover"),  # "strategic weapons.4 Moreover"
    ]
    assert len(markers) == len(expected)
    for (before, n, after), (want_before, want_n, want_after) in zip(markers, expected,
                                                                     strict=True):
        assert before.endswith(want_before) and n == want_n and after.startswith(want_after)
    assert [note.n for note in letter.notes] == ["1", "2", "3", "4"]
    assert letter.notes[0].kind == "source"
    assert letter.notes[0].plain.startswith("Source: Carter Library, National Security Affairs")
    assert letter.notes[3].plain.endswith("NSC Institutional Files, Box 4, PD\u201308 [4].")


def test_letter_page_breaks(letter):
    inline = [(before, page.n, after) for block in letter.blocks if block.kind != "pb"
              for before, page, after in pieces_around(block, PageBreak)]
    # "will oppose the concept, and [Page 2] will require only a defense"
    assert len(inline) == 1
    before, n, after = inline[0]
    assert before.endswith("oppose the concept, and ") and n == "2"
    assert after.startswith(" will require only")
    standalone = [i for i, block in enumerate(letter.blocks) if block.kind == "pb"]
    assert len(standalone) == 1
    position = standalone[0]
    assert letter.blocks[position - 1].plain.endswith("less fortunate portions of mankind.")
    assert letter.blocks[position + 1].plain.startswith("I look forward to meeting you")


def test_letter_round_trips(letter):
    assert source_text(letter) == LETTER.read_text(encoding="utf-8")
    assert letter.trailing_newlines == 0  # the file ends without a newline


@pytest.mark.parametrize("name", [p.name for p in files(DEV, "*.txt")])
def test_every_dev_document_round_trips(name):
    text = (DEV / name).read_text(encoding="utf-8")
    document, _ = read_text(text, name)
    assert source_text(document) == text


def dev(name):
    return read_file(DEV / name)[0]


def test_volume_wide_marker_numbers():
    # "…receiving prompt attention and careful study.31" with the list restarting at "1."
    document = dev("frus1941v04_d564.txt")
    assert [note.n for note in document.notes] == ["31"]
    (before, ref, _), = pieces_around(document.blocks[-1], NoteRef)
    assert before.endswith("careful study.") and ref.n == "31"


def test_zero_based_markers_and_spaced_heading_marker():
    # "96. Telegram From the Embassy in the Soviet Union to the Department of State 0"
    document = dev("frus1958-60v10p1_d96.txt")
    assert [note.n for note in document.notes] == ["0", "1", "2", "3", "4"]
    (before, ref, _), = pieces_around(document.blocks[0], NoteRef)
    assert before.endswith("Department of State ") and ref.n == "0"


def test_marker_after_time_and_comma():
    # "my telegram number 127 of September 25, 4 p.m.,10 in regard to"
    document = dev("frus1934v04_d579.txt")
    found = [(b, r.n) for block in document.blocks for b, r, _ in pieces_around(block, NoteRef)]
    assert len(found) == 1
    assert found[0][0].endswith("September 25, 4 p.m.,") and found[0][1] == "10"


def test_marker_alone_on_a_line_joins_the_signature():
    # "Dwight D. Eisenhower" then a line "3"
    document = dev("frus1955-57v26_d125.txt")
    signed = document.blocks[-1]
    assert signed.kind == "signed" and signed.plain == "Dwight D. Eisenhower"
    assert isinstance(signed.inlines[1], LineBreak) and isinstance(signed.inlines[2], NoteRef)


def test_pre_1950_heading_with_file_line_and_received_line():
    # "124.93/377: Telegram" / "The Ambassador in China (Johnson) to the Secretary of State"
    # / "[Received November 16—12:21 p.m.]"
    document = dev("frus1937v03_d748.txt")
    head = document.blocks[0]
    assert head.kind == "head"
    assert head.plain.startswith("124.93/377: Telegram")
    assert any(span.tag == "idno" and head.plain[span.start:span.end] == "124.93/377"
               for span in head.spans)
    assert document.title == "The Ambassador in China (Johnson) to the Secretary of State"
    assert (document.blocks[1].kind, document.blocks[1].group) == ("dateline", "opener")


def test_dateline_split_over_two_lines():
    # "Washington, November 16, 1937—8" / blank / "p.m."
    document = dev("frus1937v03_d750.txt")
    dateline = document.blocks[1]
    assert dateline.kind == "dateline"
    assert dateline.plain == "Washington, November 16, 1937\u20148p.m."
    assert sum(isinstance(p, LineBreak) for p in dateline.inlines) == 2


def test_bullets_and_question_lists():
    document = dev("frus1977-80v04_d129.txt")
    items = [block.plain for block in document.blocks if block.kind == "item"]
    assert items[0] == "  \u2022 CNA\u201378 (U)"
    assert items[1].startswith("What are the requirements of stable deterrence")
    assert len(items) == 4


def test_editorial_brackets_become_spans():
    # "[Here follows report based upon memorandum by the Counselor …]"
    document = dev("frus1941v04_d286.txt")
    gap = next(block for block in document.blocks if block.plain.startswith("[Here follows"))
    assert [(s.tag, s.start, s.end) for s in gap.spans if s.tag == "gap"] == [
        ("gap", 0, len(gap.plain))]


def test_supplied_name_in_note():
    # note 1: "It seems to Cy [Vance] and to me"
    document = dev("frus1977-80v06_d15.txt")
    note = document.notes[0]
    spans = [note.plain[s.start:s.end] for s in note.spans if s.tag == "supplied"]
    assert spans == ["[Vance]"]


def test_volume_title():
    assert volume_title("frus1958-60v10p1") == (
        "Foreign Relations of the United States, 1958\u20131960, Volume X, Part 1")
    assert volume_title("frus1934v04") == "Foreign Relations of the United States, 1934, Volume IV"


# ---------------------------------------------------------------- bad input


def message(text):
    with pytest.raises(InputError) as error:
        read_text(text, "bad.txt")
    return [str(d) for d in error.value.diagnostics if d.severity == "error"]


def test_marker_with_no_note():
    found = message("1. Heading1\n\nText with a marker2 here.\n  1. Source: x.")
    # "Text with a marker" is 18 characters: the stray "2" is column 19
    assert found == ["bad.txt:3:19: error: marker 2 in 'ith a marker2' has no note: the notes "
                     "list ends with note 1"]


def test_note_with_no_marker():
    found = message("1. Heading1\n\nText without markers.\n  1. Source: x.\n  2. Orphan.")
    assert found and "bad.txt:5:3: error: note 2 of the list has no marker 2" in found[0]


def test_duplicate_and_out_of_order_note_numbers():
    found = message("1. Heading1\n\nText2 and more3.\n  1. Source.\n  1. Again.\n  3. Three.")
    assert "bad.txt:5:3: error: notes list: note 1 repeats an earlier number (expected 2)" in \
        found[0]
    found = message("1. Heading1\n\nText2.\n  2. Two.\n  1. One.")
    assert "skips a number (expected 1)" in found[0]


def test_decreasing_page_numbers():
    found = message("1. Heading\n\nOne [Page 5] two.\n\n[Page 4]\n\nThree.")
    assert found == ["bad.txt:5:1: error: [Page 4] follows [Page 5]: page numbers must increase"]


@pytest.mark.parametrize("data, expected", [
    (b"", "bad.txt:1:1: error: the file is empty"),
    (b"  \n\n", "bad.txt:1:1: error: the file is empty"),
    (b"abc\n\x00\x01\x02", "bad.txt:2:1: error: this is a binary file (it contains NUL bytes)"),
    (b"caf\xe9\n", "bad.txt:1:4: error: not UTF-8 (byte 0xe9)"),
    (b"one\ntwo \x0b three", "bad.txt:2:5: error: control character U+000B"),
])
def test_undecodable_input(data, expected):
    with pytest.raises(InputError) as error:
        decode(data, "bad.txt")
    assert str(error.value).startswith(expected)


def test_crlf_and_bom_are_read_with_warnings():
    text, warnings = decode(b"\xef\xbb\xbf1. Heading\r\n\r\nText.\r\n", "w.txt")
    assert text == "1. Heading\n\nText.\n"
    assert [str(w) for w in warnings] == [
        "w.txt:1:1: warning: byte-order mark removed",
        "w.txt:1:1: warning: CRLF/CR line ends read as LF (the output uses LF)",
    ]


def test_missing_file():
    with pytest.raises(InputError) as error:
        read_file(ROOT / "no-such-file.txt")
    assert "cannot read file" in str(error.value)


def test_quoted_paragraphs_become_quotes():
    # frus1955-57v14_d334: "“We then spoke of the Soviet arms deal for Egypt. …" has no
    # closing mark; the next paragraph "“I then showed the President …” (Eisenhower
    # Library …)" closes it: one quotation of two paragraphs. The letter quoted later runs
    # from "“Dear Mr. Chairman:" to "“Sincerely,Dwight D. Eisenhower”".
    document, findings = read_file(DEV / "frus1955-57v14_d334.txt")
    quoted = [b for b in document.blocks if b.group == "quote"]
    starts = [b.plain[:20] for b in quoted if b.starts_group]
    assert starts == ["\u201cWe then spoke of th", "\u201cDear Mr. Chairman:"]
    assert len(quoted) == 7
    assert quoted[-1].plain == "\u201cSincerely,Dwight D. Eisenhower\u201d"
    assert not [f for f in findings if "not closed" in f.message]
    # a paragraph that merely contains a quotation is not a quote
    assert all(b.group is None for b in document.blocks if b.plain.startswith("It was"))


def test_telegram_begin_and_end_text_quote_the_message():
    # frus1955-57v24_d132: "Begin text:" … "…Monday afternoon. End text."
    document, _ = read_file(DEV / "frus1955-57v24_d132.txt")
    quoted = [b.plain for b in document.blocks if b.group == "quote"]
    assert quoted[0] == "Begin text:" and quoted[-1].endswith("End text.")
    assert len(quoted) == 3


def test_an_unclosed_quotation_ends_with_its_last_quoted_paragraph():
    text = "1. Editorial Note\n\n\u201cFirst part.\n\n\u201cSecond part.\n\nAfter."
    document, findings = read_text(text, "x.txt")
    assert [b.group for b in document.blocks] == [None, "quote", "quote", None]
    assert any("not closed" in f.message for f in findings)


def test_arrow_style_notes_and_single_line_paragraphs():
    # input-raw/frus1977-80v06_d15.txt: notes as "- Source: Carter Library, …↩" and
    # "- See Document 14.↩"; paragraphs on consecutive lines
    raw = DEV.parent / "input-raw" / "frus1977-80v06_d15.txt"
    text = raw.read_text(encoding="utf-8")
    document, _ = read_text(text, raw.name)
    assert [note.rend for note in document.notes] == ["arrow-list", "arrow-list"]
    assert document.notes[1].plain == "See Document 14."
    assert [b.newlines_before for b in document.blocks[1:]] == [1, 1, 1]
    assert source_text(document) == text


def test_a_note_running_over_several_lines():
    # A footnote that quotes a paragraph: its second line does not start a note.
    text = ("5. Telegram From the Embassy1\n\nText with a marker2 here.\n"
            "  1. Source: files.\n  2. The cable read:\n“Please advise.”\n  3. Extra.")
    with pytest.raises(InputError):  # three notes, two markers: still an error
        read_text(text, "x.txt")
    text = text.rsplit("\n", 1)[0]
    document, _ = read_text(text, "x.txt")
    assert [note.plain for note in document.notes] == [
        "Source: files.", "The cable read:\u201cPlease advise.\u201d"]
    assert isinstance(document.notes[1].inlines[1], LineBreak)
    assert source_text(document) == text


@pytest.mark.parametrize("line, is_dateline", [
    ("Washington, November 16, 1937\u20148", True),  # frus1937v03_d750 (time runs on)
    ("Washington, May 5, 1962, 4 p.m.", True),
    ("Moscow, May 25, 1978, 2315Z.", True),
    ("Washington, February 7, 1977.", True),
    ("Washington, May 5, 1962, and then we talked about the treaty.", False),
])
def test_datelines(line, is_dateline):
    document, _ = read_text(f"1. Telegram From A to B\n\n{line}\n\nText.", "x.txt")
    assert (document.blocks[1].kind == "dateline") is is_dateline


def test_a_decimal_is_not_taken_for_a_marker():
    # "3.5" could be "3." + marker 5; the real marker 5 comes later ("agreed.5").
    text = ("12. Memorandum From A to B4\n\nGrowth was 3.5 percent, and they agreed.5\n"
            "  1. Source: x.\n  2. Second.")
    document, _ = read_text(text, "x.txt")
    (block,) = [b for b in document.blocks if b.kind == "p"]
    found = [(b, r.n) for b, r, _ in pieces_around(block, NoteRef)]
    assert len(found) == 1 and found[0][0].endswith("they agreed.") and found[0][1] == "5"


def test_marker_before_closing_quote_or_parenthesis():
    text = ("3. Letter From A to B1\n\nHe said “we agree2” and left (see the file3).\n"
            "  1. Source: x.\n  2. Two.\n  3. Three.")
    document, _ = read_text(text, "x.txt")
    found = [(b, r.n) for block in document.blocks for b, r, _ in pieces_around(block, NoteRef)]
    assert [n for _, n in found] == ["1", "2", "3"]
    assert found[1][0].endswith("we agree") and found[2][0].endswith("see the file")


# ---------------------------------------------------------------- found by fuzzing (issue #10)


def test_blank_lines_before_the_heading_are_left_out_with_a_warning():
    # E1: a paste artefact; once "AssertionError: reader lost text"
    document, findings = read_text("\n\n1. Letter From A to B1\n\nText.\n  1. Source: x.\n",
                                   "x.txt")
    assert document.blocks[0].plain == "1. Letter From A to B"
    assert document.blocks[0].pos.line == 3  # lines keep their numbers
    assert document.blocks[1].pos.line == 5
    assert "x.txt:1:1: warning: 2 blank lines before the heading left out" in map(str, findings)
    assert source_text(document) == "1. Letter From A to B1\n\nText.\n  1. Source: x.\n"


def test_a_number_with_a_leading_zero_is_not_a_marker_as_printed():
    # E1: "Brezhnev01" was marker 1 read from "01", given back as "1" (text lost)
    text = "1. Letter From A to B\n\nBrezhnev01 said.\n  1. Source: x."
    document, findings = read_text(text, "x.txt")
    assert source_text(document) == text
    (found,) = [(b, r.n) for block in document.blocks for b, r, _ in pieces_around(block, NoteRef)]
    assert found == ("Brezhnev0", "1")  # the cheaper reading left, flagged as a guess
    assert any("ambiguous" in f.message for f in findings)
    text = "1. Letter From A to B\n\nBrezhnev01 said.\n\nNo marker 1 here\n  1. Source: x."
    assert source_text(read_text(text, "x.txt")[0]) == text


@pytest.mark.parametrize("char", ["\ufffe", "\uffff", "\ud800", "\x0b", "\x7f", "\x00"])
def test_characters_xml_forbids_are_refused_with_their_position(char):
    # E2: once lxml's "ValueError: All strings must be XML compatible" from encode_text
    with pytest.raises(InputError) as error:
        read_text(f"1. Letter\n\nText {char}here.\n", "x.txt")
    (finding,) = error.value.diagnostics
    assert str(finding).startswith("x.txt:3:6: error: ") and f"U+{ord(char):04X}" in str(finding)


def test_text_in_memory_is_normalised_like_a_file():
    document, findings = read_text("\ufeff1. Letter\r\n\r\nText.\r\n", "x.txt")
    assert source_text(document) == "1. Letter\n\nText.\n"
    assert [f.message for f in findings][:2] == [
        "byte-order mark removed", "CRLF/CR line ends read as LF (the output uses LF)"]


@pytest.mark.parametrize("page", ["²", "١", "3,4", "0x10"])
def test_page_numbers_are_read_in_ascii_digits_only(page):
    # E3: "[Page ²]" gave "ValueError: invalid literal for int()" (str.isdigit accepts "²")
    document, _ = read_text(f"1. Letter\n\n[Page 5]\n\nOne.\n\n[Page {page}]\n\nTwo.", "x.txt")
    assert [p.n for b in document.blocks for p in b.inlines if isinstance(p, PageBreak)] == [
        "5", page]


def test_page_numbers_compare_without_building_huge_integers():
    big = "9" * 5000  # int() refuses strings over 4,300 digits
    text = f"1. Letter\n\n[Page {big}]\n\nOne.\n\n[Page 1{big}]\n\nTwo [Page 5]."
    with pytest.raises(InputError, match=r"\[Page 5\] follows"):
        read_text(text, "x.txt")


def test_unicode_digits_are_not_markers():
    # int("١") == 1: an Arabic-Indic digit would have become marker 1, given back as "1"
    text = "1. Letter\n\nWord\u0661 and word1.\n  1. Note."
    document, _ = read_text(text, "x.txt")
    assert source_text(document) == text
    (found,) = [(b, r.n) for block in document.blocks for b, r, _ in pieces_around(block, NoteRef)]
    assert found[0].endswith("and word")


def test_a_marker_alone_after_a_page_break_line_is_a_paragraph():
    # E4: "[Page 2]" then a line "1": the marker joined the page break's block, and the
    # TEI writer's "one page break" unpacking failed ("too many values to unpack")
    text = "1. Letter\n\n[Page 2]\n1\n\nText.\n\n  1. Note."
    document, _ = read_text(text, "x.txt")
    assert [(b.kind, len(b.inlines)) for b in document.blocks][1:3] == [("pb", 1), ("p", 1)]
    assert source_text(document) == text


def test_a_note_number_with_a_leading_zero_is_refused():
    # found by test_fuzz_encode: "  01. Note" was note 1, given back as "  1. Note"
    found = message("1. Heading\n\nText1 and more2.\n  01. One.\n  2. Two.")
    assert found == ["bad.txt:4:3: error: notes list: note 01 has a leading zero (expected 1); "
                     "the list must count 1, 2, 3… in order"]
    found = message("1. Heading\n\nText1.\n  1. One.\n  " + "9" * 5000 + ". Two.")
    assert "skips a number (expected 2)" in found[0]


def test_volume_titles_from_odd_file_names():
    # a volume number from a file name was turned into M after M (1e13 of them: a hang)
    assert volume_title("frus1977v99999999") == (
        "Foreign Relations of the United States, 1977, Volume 99999999")
    assert volume_title("frus1977v" + "9" * 200).startswith(
        "Foreign Relations of the United States, 1977")
