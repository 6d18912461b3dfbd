"""How closely one TEI encoding of a document agrees with another, element by element.

Both ``div[@type='document']``s are read as a stream of words; each element becomes a
mark: its name, its parent's name, the attributes that carry meaning (``type``, ``n``,
``xml:id``, ``corresp``, ``when``) and the word it starts at. The words of the two
encodings are aligned (the texts may differ: the Office of the Historian's files hold
datelines and signatures the web page does not show), and a mark of one agrees with a
mark of the other when all of that is equal at aligned words. Used to measure the
``--profile frus`` output against the Office of the Historian's own encoding.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field

from lxml import etree

from teipipe.xmlio import TEI_NS, XML_ID

COMPARED_ATTRIBUTES = ("type", "n", XML_ID, "when")
# Links to a persons list are scored on their own line ("persName@corresp"): an encoder
# given no persons list cannot have them, and should not lose the name's place for it.
LINK = "corresp"
# Elements that break words apart in the flow of text.
BREAKING = {"p", "head", "note", "salute", "signed", "dateline", "item", "closer", "opener",
            "list", "quote", "lb", "pb", "label", "seg"}
# Typography the plain text does not carry (italics, small caps, line layout): listed, but
# left out of the overall agreement, since no encoder of the plain text can recover it.
TYPOGRAPHY = {"hi", "lb"}


@dataclass(frozen=True)
class Mark:
    element: str
    parent: str
    attributes: tuple[tuple[str, str], ...]
    word: int
    link: str | None = field(default=None, compare=False)


@dataclass
class Agreement:
    """Counts per element name: in the reference, in the candidate, and agreeing."""

    reference: Counter = field(default_factory=Counter)
    candidate: Counter = field(default_factory=Counter)
    matched: Counter = field(default_factory=Counter)

    def add(self, other: Agreement) -> None:
        self.reference.update(other.reference)
        self.candidate.update(other.candidate)
        self.matched.update(other.matched)

    def scores(self, names: set[str] | None = None) -> tuple[float, float, float]:
        """(precision, recall, F1) over the given element names (default: all but typography)."""
        keep = names or {n for n in set(self.reference) | set(self.candidate)
                         if n not in TYPOGRAPHY and "@" not in n}
        ref = sum(self.reference[n] for n in keep)
        cand = sum(self.candidate[n] for n in keep)
        hit = sum(self.matched[n] for n in keep)
        precision = hit / cand if cand else 1.0
        recall = hit / ref if ref else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


def document_div(root: etree._Element) -> etree._Element:
    """The first ``div[@type='document']`` of a TEI tree."""
    found = root.find(f".//{{{TEI_NS}}}div[@type='document']")
    if found is None:
        raise ValueError("no div[@type='document'] in this file")
    return found


def marks(div: etree._Element) -> tuple[list[str], list[Mark]]:
    """The words of ``div`` and a mark for each element below it."""
    words: list[str] = []
    found: list[Mark] = []
    pending = [""]  # characters of the word being read

    def flush() -> None:
        if pending[0]:
            words.append(pending[0])
            pending[0] = ""

    def feed(text: str | None) -> None:
        for piece in re.split(r"(\s+)", text or ""):
            if not piece:
                continue
            if piece.isspace():
                flush()
            else:
                pending[0] += piece

    def walk(element: etree._Element) -> None:
        name = etree.QName(element).localname
        if name in BREAKING:
            flush()
        parent = etree.QName(element.getparent()).localname
        attributes = tuple(sorted(
            ("xml:id" if key == XML_ID else key, element.get(key))
            for key in COMPARED_ATTRIBUTES if element.get(key) is not None))
        found.append(Mark(name, parent, attributes, len(words), element.get(LINK)))
        feed(element.text)
        for child in element:
            if isinstance(child.tag, str):
                walk(child)
            feed(child.tail)
        if name in BREAKING:
            flush()

    feed(div.text)
    for child in div:
        if isinstance(child.tag, str):
            walk(child)
        feed(child.tail)
    flush()
    return words, found


def _key(word: str) -> str:
    word = word.replace("\u2019", "'").replace("\u2018", "'").lower()
    return re.sub(r"^\W+|\W+$", "", word) or word


def compare(reference: etree._Element, candidate: etree._Element) -> Agreement:
    """Element-by-element agreement of two document ``div``s."""
    ref_words, ref_marks = marks(reference)
    cand_words, cand_marks = marks(candidate)
    matcher = difflib.SequenceMatcher(None, [_key(w) for w in ref_words],
                                      [_key(w) for w in cand_words], autojunk=False)
    mapping: dict[int, int] = {}
    for start, other, size in matcher.get_matching_blocks():
        for offset in range(size + 1):
            mapping.setdefault(start + offset, other + offset)
    available: dict[Mark, list[Mark]] = {}
    result = Agreement()
    for mark in cand_marks:
        available.setdefault(mark, []).append(mark)
        result.candidate[mark.element] += 1
        if mark.link:
            result.candidate[f"{mark.element}@{LINK}"] += 1
    for mark in ref_marks:
        result.reference[mark.element] += 1
        if mark.link:
            result.reference[f"{mark.element}@{LINK}"] += 1
        word = mapping.get(mark.word)
        if word is None:
            continue
        same = available.get(Mark(mark.element, mark.parent, mark.attributes, word))
        if same:
            theirs = same.pop(0)
            result.matched[mark.element] += 1
            if mark.link and theirs.link == mark.link:
                result.matched[f"{mark.element}@{LINK}"] += 1
    return result
