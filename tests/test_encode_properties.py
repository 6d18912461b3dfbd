"""Property-based tests: on generated FRUS-style documents the encoding loses nothing.

The generator writes random paragraphs with footnote markers glued to words, page
markers inline and on lines of their own, a notes list, and the layout variations the
format allows (extra blank lines, a trailing newline or none). For each, the TEI holds
the source text without its markers, every page break and note is where its marker was,
and the model gives the input back byte for byte.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teipipe.encode import encode_text
from teipipe.reader import read_text, source_text
from teipipe.xmlio import tei

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéü’", min_size=1,
               max_size=9)
PUNCT = st.sampled_from(["", "", "", ",", ".", ";", ":", "?", ")"])


@st.composite
def documents(draw):
    """(source text, the blocks' text without markers, note count, page numbers)."""
    paragraphs = draw(st.lists(st.lists(st.tuples(WORD, PUNCT), min_size=1, max_size=12),
                               min_size=1, max_size=6))
    note_count = 0
    page = draw(st.integers(min_value=1, max_value=500))
    pages: list[str] = []
    heading = f"{draw(st.integers(1, 999))}. Telegram From Someone to Someone Else"
    plain_blocks = [heading]
    if draw(st.booleans()):
        note_count += 1
        heading += "1"
    lines = [heading]
    for words in paragraphs:
        separator = "\n" * draw(st.sampled_from([2, 2, 2, 1, 3]))
        if draw(st.integers(0, 6)) == 0:
            page += 1
            pages.append(str(page))
            lines.append(separator + f"[Page {page}]")
            plain_blocks.append("")
            separator = "\n\n"
        source, plain = [], []
        for word, punct in words:
            token = word + punct
            plain_token = token
            if draw(st.integers(0, 5)) == 0:
                note_count += 1
                token += str(note_count)
            if draw(st.integers(0, 8)) == 0:
                page += 1
                pages.append(str(page))
                token += f" [Page {page}]"
                plain_token += " "
            source.append(token)
            plain.append(plain_token)
        lines.append(separator + " ".join(source))
        plain_blocks.append(" ".join(plain))
    text = "".join(lines)
    if note_count:
        text += "\n" * draw(st.sampled_from([1, 2]))
        text += "\n".join(f"  {n}. Note {n} text, see p. {n}." for n in range(1, note_count + 1))
    text += "\n" * draw(st.sampled_from([0, 1, 2]))
    return text, plain_blocks, note_count, pages


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_are_encoded_losslessly(case):
    text, plain_blocks, note_count, pages = case
    document, _ = read_text(text, "generated.txt")
    assert source_text(document) == text
    tree, _ = encode_text(text, "generated.txt")
    root = tree.getroot()
    notes = root.findall(f".//{tei('body')}//{tei('note')}")
    assert [n.get("n") for n in notes] == [str(i) for i in range(1, note_count + 1)]
    assert ["".join(n.itertext()) for n in notes] == [
        f"Note {i} text, see p. {i}." for i in range(1, note_count + 1)]
    assert [pb.get("n") for pb in root.iter(tei("pb"))] == pages
    div = root.find(f".//{tei('div')}")
    blocks = []
    for child in div:
        members = list(child) if child.tag in CONTAINERS else [child]
        blocks += [_text(m) for m in members if m.tag != tei("space")]
    assert blocks == plain_blocks


CONTAINERS = {tei("opener"), tei("closer"), tei("list")}


def _text(element) -> str:
    """Text content without notes: the source text of a block without its markers."""
    out = [element.text or ""]
    for child in element:
        if child.tag != tei("note"):
            out.append(_text(child))
        out.append(child.tail or "")
    return "".join(out)
