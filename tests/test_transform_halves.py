"""A large page rendered by two processes is byte for byte the page one process renders.

The stylesheet shares a page out in units (top-level divisions, the persons list, the
endnotes) and the "head" and "tail" halves are joined at a mark; these tests join the halves
of real and generated documents and compare them with the whole page, and check that the
cut fell in each kind of place at least once: in the body, in the persons list, and
among the notes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from teipipe import transform
from teipipe.transform import Options, Transformer, _join, transform_paths

from testdata import GOLD, files

ROOT = Path(__file__).resolve().parents[1]
LETTER = ROOT / "tei" / "frus1977-80v06-d1.xml"
TEI_NS = "http://www.tei-c.org/ns/1.0"
MARK = "teipipe-join-test"


def copies_of_the_letter(n: int) -> str:
    """The letter's document n times over in one body, ids made unique (as the benchmark)."""
    text = LETTER.read_text(encoding="utf-8")
    start = text.index('<div type="document"')
    end = text.rindex("</div>") + len("</div>")
    div = text[start:end]
    parts = [re.sub(r'(xml:id|target)="(#?)([^"]+)"', rf'\1="\2\3-{k}"', div)
             for k in range(n)]
    return text[:start] + "\n".join(parts) + text[end:]


def chapters_without_notes(n: int) -> str:
    body = "".join(f"<div><head>Chapter {k}</head><p>Text of <persName>P{k % 3}</persName> "
                   f"chapter {k}.</p></div>\n" for k in range(n))
    return (f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>Chapters</title>'
            "</titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc>"
            f"</fileDesc></teiHeader><text><body>\n{body}</body></text></TEI>")


def notes_only(n: int) -> str:
    notes = "".join(f'<p>Point {k}.<note n="{k}">Note {k} on <title>Book {k}</title>.</note></p>'
                    for k in range(n))
    return f'<TEI xmlns="{TEI_NS}"><text><body>{notes}</body></text></TEI>'


@pytest.fixture(scope="module")
def transformer() -> Transformer:
    return Transformer(Options())


def where_the_cut_fell(head: bytes) -> str:
    before = head[:head.index(MARK.encode())]
    if b'class="notes"' in before:
        return "notes"
    if b'class="persons"' in before:
        return "persons"
    return "body"


DOCUMENTS = {
    "letter": lambda: LETTER.read_text(encoding="utf-8"),
    "letter x 12": lambda: copies_of_the_letter(12),
    "chapters": lambda: chapters_without_notes(9),
    "notes only": lambda: notes_only(7),
    "no body": lambda: f'<TEI xmlns="{TEI_NS}"><text><group><text><body><p>a</p></body>'
                       "</text></group></text></TEI>",
}


def test_halves_joined_are_the_whole_page(tmp_path, transformer):
    cuts = set()
    sources = [(name, make()) for name, make in DOCUMENTS.items()]
    sources += [(p.name, p.read_text(encoding="utf-8"))
                for p in files(GOLD, "*.xml")]
    assert len(sources) == len(DOCUMENTS) + 16
    for name, text in sources:
        source = tmp_path / "doc.xml"
        source.write_text(text, encoding="utf-8")
        whole = transformer.render(source).encode("utf-8")
        head, tail, joined = (tmp_path / n for n in ("head.html", "tail.html", "joined.html"))
        transformer.render_part(source, head, "head", MARK)
        transformer.render_part(source, tail, "tail", MARK)
        _join(head, tail, f"<!--{MARK}-->".encode(), joined)
        assert joined.read_bytes() == whole, name
        if MARK.encode() in head.read_bytes():
            cuts.add(where_the_cut_fell(head.read_bytes()))
        # and the transformer is back to whole pages afterwards
        assert transformer.render(source).encode("utf-8") == whole
    assert cuts == {"body", "persons", "notes"}


def test_a_large_file_goes_to_two_processes_and_comes_out_whole(tmp_path, monkeypatch):
    source = tmp_path / "volume.xml"
    source.write_text(copies_of_the_letter(30), encoding="utf-8")
    small = tmp_path / "small.xml"
    small.write_text(f'<TEI xmlns="{TEI_NS}"><text><body><p>small</p></body></text></TEI>',
                     encoding="utf-8")
    whole = Transformer(Options()).render(source).encode("utf-8")
    monkeypatch.setattr(transform, "SPLIT_FROM", source.stat().st_size)
    parts = []
    monkeypatch.setattr(transform, "_join", lambda *args: (parts.append(args),
                                                           _join(*args))[1])
    broken = tmp_path / "broken.xml"  # as large, cut off before its end
    broken.write_text(copies_of_the_letter(31)[:-30], encoding="utf-8")
    written, problems = transform_paths([source, broken, small], tmp_path / "out", Options(),
                                        workers=2)
    assert [p.path for p in problems] == [str(broken)]
    assert "not well-formed" in problems[0].message
    assert sorted(p.name for p in written) == ["small.html", "volume.html"]
    assert len(parts) == 1  # only the large file was rendered in halves
    assert (tmp_path / "out" / "volume.html").read_bytes() == whole
    assert [p.name for p in (tmp_path / "out").iterdir() if p.name.startswith(".")] == []
