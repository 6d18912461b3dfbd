"""Hypothesis strategies shared by the tests: FRUS-style documents, and hostile ones.

``frus_documents`` writes random paragraphs with footnote markers glued to words, page
markers inline and on lines of their own, a closing and signature now and then, a notes
list, and the layout variations the format allows (extra blank lines, a trailing newline
or none); it also returns what the TEI must hold. ``hostile_texts`` takes such a document
and damages it the ways pasted and fuzzed files were seen to be damaged (issue #10).
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéü’", min_size=1,
               max_size=9)
PUNCT = st.sampled_from(["", "", "", ",", ".", ";", ":", "?", ")"])
BREAK = st.sampled_from(["\n\n", "\n\n", "\n\n", "\n", "\n\n\n"])


@dataclass(frozen=True)
class Generated:
    """A generated document and what its encoding must hold."""

    text: str
    blocks: list[str]  # each block's text without markers, in order (a page-break line: "")
    notes: list[str]  # each note's text
    pages: list[str]  # the page numbers, in order


@st.composite
def frus_documents(draw: st.DrawFn) -> Generated:
    """A well-formed FRUS-style document (see the module docstring)."""
    paragraphs = draw(st.lists(st.lists(st.tuples(WORD, PUNCT), min_size=1, max_size=12),
                               min_size=1, max_size=6))
    notes: list[str] = []
    page = draw(st.integers(min_value=1, max_value=500))
    pages: list[str] = []
    heading = f"{draw(st.integers(1, 999))}. Telegram From Someone to Someone Else"
    plain_blocks = [heading]
    if draw(st.booleans()):
        notes.append("Source: Department of State, Central Files. Secret.")
        heading += "1"
    lines = [heading]
    for words in paragraphs:
        separator = draw(BREAK)
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
                notes.append(f"Note {len(notes) + 1} about {word}, see p. {len(notes) + 1}.")
                token += str(len(notes))
            if draw(st.integers(0, 8)) == 0:
                page += 1
                pages.append(str(page))
                token += f" [Page {page}]"
                plain_token += " "
            source.append(token)
            plain.append(plain_token)
        lines.append(separator + " ".join(source))
        plain_blocks.append(" ".join(plain))
    if draw(st.booleans()):
        lines.append("\n\nSincerely," + draw(st.sampled_from(["\n\n", "\n\n\n"])) + "John Doe")
        plain_blocks += ["Sincerely,", "John Doe"]
    text = "".join(lines)
    if notes:
        text += "\n" * draw(st.sampled_from([1, 2]))
        text += "\n".join(f"  {n}. {note}" for n, note in enumerate(notes, 1))
    text += "\n" * draw(st.sampled_from([0, 1, 2]))
    return Generated(text, plain_blocks, notes, pages)


# Characters and pieces that broke the encoder once, or could: noncharacters and controls
# (XML forbids them), superscript and other non-ASCII digits (str.isdigit accepts them),
# BOMs, CRs, odd page markers, markers with leading zeros.
HOSTILE_PIECES = [
    "\ufffe", "\uffff", "\ufdd0", "\x0b", "\x7f", "\x01", "\ud800", "\ufeff", "\r", "\r\n",
    "\u00b2", "\u0661", "\u2079", "01", "007", "0", "1", "99", "\u00a0", "\u2028", "\t",
    "[Page \u00b2]", "[Page 3,4]", "[Page 0]", "[Page 007]", "[Page x<y&z]", "[Page 2]\n1",
    "[Page", "]", "[", "\n\n", "\n", "\n  1. ", "\n  2. ", "\n- x\u21a9", "  \u2022 ",
    "\u201c", "\u201d", "(S)", "[Omitted here]", "Secretary ", "Ambassador in Mexico (",
    "Foreign Relations, 1977\u20131980, vol. VI, Document ", "Box H\u2013", "Sincerely,\n\n",
    "January 18, 1977", "1/77", "in Tula", "Carter Library", "1. ", "a\u0301",
]


@st.composite
def hostile_texts(draw: st.DrawFn) -> str:
    """A generated document with one to four hostile edits."""
    text = draw(frus_documents()).text
    for _ in range(draw(st.integers(1, 4))):
        edit = draw(st.sampled_from(["insert", "insert", "delete-line", "repeat-line",
                                     "blank-start", "bom", "crlf", "long-line", "drop-note",
                                     "leading-zero", "digits"]))
        at = draw(st.integers(0, len(text)))
        if edit == "insert":
            piece = draw(st.sampled_from(HOSTILE_PIECES) | st.text(max_size=3))
            text = text[:at] + piece + text[at:]
        elif edit in ("delete-line", "repeat-line", "drop-note"):
            lines = text.split("\n")
            if edit == "drop-note":  # a notes list with a gap
                numbered = [i for i, line in enumerate(lines) if line.startswith("  ")]
                if not numbered:
                    continue
                index = draw(st.sampled_from(numbered))
            else:
                index = draw(st.integers(0, len(lines) - 1))
            if edit == "repeat-line":
                lines.insert(index, lines[index])
            else:
                del lines[index]
            text = "\n".join(lines)
        elif edit == "blank-start":
            text = "\n" * draw(st.integers(1, 3)) + text
        elif edit == "bom":
            text = "\ufeff" + text
        elif edit == "crlf":
            text = text.replace("\n", draw(st.sampled_from(["\r\n", "\r"])), draw(
                st.integers(1, 5)))
        elif edit == "long-line":
            word = draw(st.sampled_from(["Aaron", "7", "Secretary", "in Tula", "(S)", "x1"]))
            text = text[:at] + " ".join([word] * draw(st.integers(100, 600))) + text[at:]
        elif edit == "leading-zero":
            text = text[:at] + "0" + draw(st.sampled_from(["1", "2", "01"])) + text[at:]
        else:
            text = text[:at] + draw(st.text(alphabet="0123456789\u00b2\u0661", min_size=1,
                                            max_size=40)) + text[at:]
    return text
