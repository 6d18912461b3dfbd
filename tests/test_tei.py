"""The TEI writer and the encode command, on the letter and on bad input.

Positions are checked against the source by hand: "[Page 2]" stands in paragraph 4
between "and" and "will require"; "[Page 3]" on a line of its own before "I look
forward"; note 1 on the heading, 2 after "from you", 3 after "Tula,", 4 after
"strategic weapons.".
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from teipipe.diagnostics import InputError
from teipipe.encode import encode_file, encode_text
from teipipe.model import Block, Document, Pos, SourceInfo, Span, Text
from teipipe.tei import build_tei
from teipipe.xmlio import XML_ID, tei

ROOT = Path(__file__).resolve().parents[1]
LETTER = ROOT / "sources" / "frus1977-80v06-d1.txt"
TEI_ALL = ROOT / "schema" / "tei_all.rng"


@pytest.fixture(scope="module")
def letter_tei(tmp_path_factory):
    out = tmp_path_factory.mktemp("tei") / "letter.xml"
    encode_file(LETTER, out, ROOT / "tei" / "persons.xml")
    return out


@pytest.fixture(scope="module")
def root(letter_tei):
    return etree.parse(str(letter_tei)).getroot()


def text_before(element):
    """The text immediately before ``element`` in its parent."""
    previous = element.getprevious()
    if previous is not None:
        return previous.tail or ""
    return element.getparent().text or ""


def block_text(element):
    out = [element.text or ""]
    for child in element:
        if child.tag != tei("note"):
            out.append(block_text(child))
        out.append(child.tail or "")
    return "".join(out)


def test_page_breaks_stand_where_the_markers_stood(root):
    pbs = root.findall(f".//{tei('pb')}")
    assert [(pb.get("n"), pb.get(XML_ID)) for pb in pbs] == [("2", "pg_2"), ("3", "pg_3")]
    inline, standalone = pbs
    paragraph = inline.getparent()
    assert paragraph.tag == tei("p")
    text = block_text(paragraph)
    before = text_before(inline)
    assert before.endswith("will oppose the concept, and ")
    assert (inline.tail or "").startswith(" will require only a defense")
    assert "and  will require" in text  # both spaces around the marker are kept
    assert standalone.getparent().tag == tei("div")
    assert block_text(standalone.getprevious()).endswith("less fortunate portions of mankind.")
    assert block_text(standalone.getnext()).startswith("I look forward to meeting you")


def test_notes_are_anchored_at_their_markers(root):
    notes = root.findall(f".//{tei('body')}//{tei('note')}")
    assert [(n.get("n"), n.get(XML_ID), n.get("type")) for n in notes] == [
        ("1", "d1fn1", "source"), ("2", "d1fn2", None), ("3", "d1fn3", None),
        ("4", "d1fn4", None)]
    assert notes[0].getparent().tag == tei("head")
    assert block_text(notes[0].getparent()).endswith("Soviet General Secretary Brezhnev")
    expectations = ["received from you", "speech at Tula,", "reductions in strategic weapons."]
    for note, before in zip(notes[1:], expectations, strict=True):
        preceding = note.getparent()
        # the text before the note, within its paragraph, ends with the word the marker was on
        head = block_text(preceding)
        position = _offset_of(preceding, note)
        assert head[:position].endswith(before)
    assert "".join(notes[2].itertext()).startswith("In his January 18 speech in Tula, Brezhnev")


def _offset_of(parent, target):
    """Characters of text (notes excluded) before ``target`` inside ``parent``."""
    count = len(parent.text or "")
    for child in parent:
        if child is target:
            return count
        if child.tag != tei("note"):
            count += len(block_text(child))
        count += len(child.tail or "")
    raise AssertionError("not a child")


def test_structure_of_the_letter(root):
    div = root.find(f".//{tei('div')}")
    assert (div.get("type"), div.get("n"), div.get(XML_ID)) == ("document", "1", "d1")
    children = [etree.QName(c).localname for c in div]
    assert children[:2] == ["head", "opener"] and children[-1] == "closer"
    opener = div.find(tei("opener"))
    assert block_text(opener.find(tei("salute"))) == "To General Secretary Leonid Brezhnev"
    closer = div.find(tei("closer"))
    assert block_text(closer.find(tei("salute"))) == "With best personal regards."
    assert block_text(closer.find(tei("signed"))) == "Jimmy Carter"
    space = closer.find(tei("space"))
    assert space.get("quantity") == "3"  # two blank lines before the signature


def test_header(root):
    header = root.find(tei("teiHeader"))
    title = header.find(f".//{tei('titleStmt')}/{tei('title')}")
    assert title.text == "Letter From President Carter to Soviet General Secretary Brezhnev"
    assert "public domain" in "".join(header.find(f".//{tei('availability')}").itertext())
    bibl = header.find(f".//{tei('sourceDesc')}/{tei('bibl')}")
    assert bibl.find(tei("biblScope")).get("n") == "1"
    assert bibl.find(tei("ref")).get("target") == \
        "https://history.state.gov/historicaldocuments/frus1977-80v06/d1"
    assert header.find(f".//{tei('encodingDesc')}/{tei('editorialDecl')}") is not None
    assert header.find(f".//{tei('revisionDesc')}/{tei('change')}").get("when")
    pis = [pi.text for pi in root.itersiblings(preceding=True)]
    assert any("tei_all.rng" in text for text in pis)


@pytest.mark.jing
def test_letter_is_valid_tei_all(letter_tei):
    result = subprocess.run(["jing", str(TEI_ALL), str(letter_tei)], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout


def test_crossing_spans_are_reported_not_written():
    block = Block("head", [Text("1. Alpha Beta Gamma", Pos(1, 1))], Pos(1, 1))
    block.spans = [Span(3, 13, "persName", priority=2), Span(9, 19, "placeName", priority=1)]
    document = Document("x.txt", [block], [], SourceInfo(doc_number="1"))
    tree, findings = build_tei(document, [])
    head = tree.getroot().find(f".//{tei('head')}")
    assert [etree.QName(c).localname for c in head] == ["persName"]
    assert "crosses <persName>" in findings[0].message


def test_losslessness_is_enforced(monkeypatch):
    """If a block's text were changed on its way into TEI, encoding stops."""
    import teipipe.tei as writer

    original = writer._append_text
    monkeypatch.setattr(writer, "_append_text",
                        lambda element, text: original(element, text.replace("e", "")))
    with pytest.raises(InputError, match="does not hold the source text") as error:
        encode_text("1. Heading\n\nSome text here.", "x.txt")
    # one line naming the file, marked as our bug; the failed invariant is kept as the cause
    (finding,) = error.value.diagnostics
    assert (finding.path, finding.check) == ("x.txt", "internal")
    assert "please report it" in finding.message
    assert isinstance(error.value.__cause__, AssertionError)


def run_cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "teipipe", *args], capture_output=True,
                          text=True, cwd=cwd, check=False)


def test_cli_reports_bad_input_and_keeps_existing_output(tmp_path):
    out = tmp_path / "out.xml"
    out.write_text("precious")
    bad = tmp_path / "bad.txt"
    bad.write_text("1. Heading1\n\nText2.\n  1. One.\n")
    result = run_cli("encode", str(bad), "-o", str(out))
    assert result.returncode == 1
    assert f"{bad}:3:5: error: marker 2" in result.stderr
    assert out.read_text() == "precious"
    assert list(tmp_path.iterdir()) == sorted([bad, out]) or set(tmp_path.iterdir()) == {bad, out}


def test_cli_missing_file_and_overwriting_the_source(tmp_path):
    result = run_cli("encode", str(tmp_path / "none.txt"), "-o", str(tmp_path / "x.xml"))
    assert result.returncode == 1 and "cannot read file" in result.stderr
    source = tmp_path / "frus1977-80v06-d1.txt"
    shutil.copy(LETTER, source)
    result = run_cli("encode", str(source), "-o", str(source))
    assert result.returncode == 1 and "never writes over its sources" in result.stderr
    assert source.read_bytes() == LETTER.read_bytes()


def test_cli_encodes(tmp_path):
    out = tmp_path / "letter.xml"
    result = run_cli("encode", str(LETTER), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert etree.parse(str(out)).getroot().tag == tei("TEI")


# ---------------------------------------------------------------- found by fuzzing (issue #10)

NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*")


def ids(tree) -> list[str]:
    return [e.get(XML_ID) for e in tree.iter() if e.get(XML_ID) is not None]


@pytest.mark.parametrize("page, expected", [
    ("3,4", "pg_3_4"), ("²", "pg__"), ("12a", "pg_12a"), ("xii", "pg_xii"), ("<&>", "pg____")])
def test_page_ids_are_ncnames(page, expected):
    # E5: "[Page 3,4]" wrote xml:id="pg_3,4", which our own validation rejected
    tree, _ = encode_text(f"1. Letter\n\n[Page {page}]\n\nText.", "x.txt")
    (pb,) = tree.getroot().iter(tei("pb"))
    assert (pb.get("n"), pb.get(XML_ID)) == (page, expected)


def test_ids_stay_unique_when_cleaning_makes_them_equal():
    tree, _ = encode_text("1. Letter\n\n[Page 3,4] One [Page 3;4] two [Page 3_4].", "x.txt")
    assert [pb.get(XML_ID) for pb in tree.getroot().iter(tei("pb"))] == [
        "pg_3_4", "pg_3_4_2", "pg_3_4_3"]


def test_document_and_note_ids_are_ncnames():
    tree, _ = encode_text("1. Letter1\n\nText.\n  1. Note.", "x.txt",
                          source=SourceInfo(volume_id="frusX", doc_number="1 b/2"))
    assert ids(tree) == ["teipipe", "d1_b_2", "d1_b_2fn1"]
    assert all(NCNAME.fullmatch(i) for i in ids(tree))


def test_a_page_break_line_followed_by_a_lone_marker_is_encoded():
    # E4: once "ValueError: too many values to unpack" in tei.py
    tree, _ = encode_text("1. Letter\n\n[Page 2]\n1\n\nText.\n\n  1. Note.", "x.txt")
    div = tree.getroot().find(f".//{tei('div')}")
    assert [etree.QName(c).localname for c in div] == ["head", "pb", "space", "p", "p", "space"]


def test_cli_shows_no_traceback_for_an_internal_error(tmp_path, monkeypatch, capsys):
    """A failed encoder invariant is one line naming the file, exit 1."""
    import teipipe.tei as writer
    from teipipe.cli import main

    monkeypatch.setattr(writer, "check_lossless",
                        lambda document, body: (_ for _ in ()).throw(AssertionError("boom")))
    source = tmp_path / "doc.txt"
    source.write_text("1. Letter\n\nText.\n")
    assert main(["encode", str(source), "-o", str(tmp_path / "doc.xml")]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"{source}: error [internal]: internal error (AssertionError: boom)")
    assert not (tmp_path / "doc.xml").exists()
