"""Property-based tests: on generated FRUS-style documents the encoding loses nothing.

The generator writes random paragraphs with footnote markers glued to words, page
markers inline and on lines of their own, a notes list, and the layout variations the
format allows (extra blank lines, a trailing newline or none). For each, the TEI holds
the source text without its markers, every page break and note is where its marker was,
and the model gives the input back byte for byte.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from strategies import frus_documents

from teipipe.encode import encode_text
from teipipe.reader import read_text, source_text
from teipipe.xmlio import tei


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frus_documents())
def test_generated_documents_are_encoded_losslessly(case):
    text, plain_blocks, pages = case.text, case.blocks, case.pages
    note_count = len(case.notes)
    document, _ = read_text(text, "generated.txt")
    assert source_text(document) == text
    tree, _ = encode_text(text, "generated.txt")
    root = tree.getroot()
    notes = root.findall(f".//{tei('body')}//{tei('note')}")
    assert [n.get("n") for n in notes] == [str(i) for i in range(1, note_count + 1)]
    assert ["".join(n.itertext()) for n in notes] == case.notes
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
