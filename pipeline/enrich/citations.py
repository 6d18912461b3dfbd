"""Citations in notes: archival sources, FRUS volumes, books and journals, as ``bibl`` spans.

Titles lost their italics in the plain text, so a title is found by its shape: a run of
capitalised words (with the small words of English titles between them) directly before
the locator that follows it — ", p. 147", ", pp. 1–5", ", vol. XXIX, no. 3".
FRUS references ("Foreign Relations, 1969–1976, vol. XXXII, …, Documents 317 and 318")
get ``ref`` spans to the documents on history.state.gov.
"""

from __future__ import annotations

import re

from teipipe.model import Span

HSG = "https://history.state.gov/historicaldocuments/"
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_DASH = "[–—-]"

FRUS = re.compile(
    rf"Foreign Relations(?: of the United States)?,\s+(\d{{4}})(?:{_DASH}(\d{{2,4}}))?,\s+"
    r"(?:vol\.|volume|Volume)\s+([IVXLC]+|\d+)(?:,\s+[Pp]art\s+(\d+))?"
)
_FRUS_END = re.compile(r"[;)]|\.(?=\s|$)")
DOCUMENTS = re.compile(
    rf"\bDocuments?\s+(\d+(?:\s*(?:{_DASH}|,\s*and|,|and)\s*\d+)*)"
)
_NUMBER = re.compile(r"\d+")
PAGES = re.compile(rf"\b(?:pp?\.|pages?)\s+(\d+)(?:\s*{_DASH}\s*(\d+))?")

_SMALL = r"(?:of|the|and|in|on|for|to|a|an|at|by|with|from|de|la|le|du|des|der|und|et|&)"
_CAP = r"(?:[A-Z][\w’'.-]*:?|\d{4}:?)"
TITLE_RUN = re.compile(rf"(?<![\w’']){_CAP}(?:\s+(?:{_CAP}|{_SMALL}))*$")
_LEADING = re.compile(r"^(?:(?:See|In|Printed|Cf\.|Also|See also|Quoted|Cited)\s+)+")
JOURNAL_TAIL = re.compile(
    r",\s+(vol\.\s+[IVXLC\d]+),\s+(no\.\s+\d+)(?:\s+\(([^)]*)\))?"
    rf"(?:,\s+((?:pp?\.)\s+\d+(?:{_DASH}\d+)?))?"
)
BOOK_TAIL = re.compile(rf"(?:,\s+(\d{{4}}))?,\s+((?:pp?\.|pages?)\s+\d+(?:{_DASH}\d+)?)")

REPOSITORY = re.compile(
    r"(?:(?:[A-Z][\w.’'-]*\s)+Library(?:\s+of\s+Congress)?|"
    r"National Archives(?: and Records Administration)?|Department of State|"
    r"Washington National Records Center|Library of Congress|Central Intelligence Agency|"
    r"Public Record Office|National Security Council|Hoover Institution|Naval War College|"
    r"(?:[A-Z][\w.’'-]*\s)+University(?:\s+Library)?)(?=,)"
)
_ARCHIVAL_START = re.compile(r"(?:^|Source:\s+|\(|\bin\s+(?:the\s+)?|;\s+)$")
BOX = re.compile(r"Box\s+(?:[A-Z]{1,2}[–-])?\d+[A-Za-z]?")  # "Box 69", "Box H–209"
FOLDER = re.compile(r"Folder\s+[\w–-]+")


def roman_to_int(text: str) -> int:
    """``XXXII`` → 32 (also accepts arabic digits)."""
    if text.isdigit():
        return int(text)
    total = 0
    for here, after in zip(text, [*text[1:], ""], strict=True):
        value = _ROMAN[here]
        total += -value if after and _ROMAN[after] > value else value
    return total


def frus_volume_id(first: str, last: str | None, volume: str, part: str | None) -> str:
    """The volume id history.state.gov uses: 1969–1976 vol. XXXII → ``frus1969-76v32``,
    1941 vol. IV → ``frus1941v04``, vol. X part 1 → ``…v10p1``."""
    years = first if not last else f"{first}-{last[-2:]}"
    vid = f"frus{years}v{roman_to_int(volume):02d}"
    return f"{vid}p{part}" if part else vid


def _span(start: int, end: int, tag: str, priority: int, **attrs: str) -> Span:
    return Span(start, end, tag, attrs, priority=priority, source="citations")


def _document_numbers(listing: str) -> list[tuple[int, str]]:
    """(offset, number) of each document number in "317 and 318", "106–108", "10, 11".

    A number of five or more digits is a range whose dash the page lost ("106108" for
    106–108): it is split in two when its halves ascend, and dropped otherwise.
    """
    out: list[tuple[int, str]] = []
    for n in _NUMBER.finditer(listing):
        digits = n.group()
        if len(digits) <= 4:
            out.append((n.start(), digits))
            continue
        half = len(digits) // 2
        first, last = digits[:half], digits[half:]
        if len(digits) % 2 == 0 and int(first) < int(last):
            out += [(n.start(), first), (n.start() + half, last)]
    return out


def _doc_refs(text: str, m: re.Match[str], volume_id: str) -> list[Span]:
    """``biblScope unit="document"`` with a ``ref`` per number (endpoints of a range)."""
    numbers = _document_numbers(m.group(1))
    attrs: dict[str, str] = {"unit": "document"}
    if len(numbers) == 2 and (re.search(_DASH, m.group(1)) or len(_NUMBER.findall(m.group(1)))
                              == 1):
        attrs.update({"from": numbers[0][1], "to": numbers[1][1]})
    spans = [_span(m.start(), m.end(), "biblScope", 20, **attrs)]
    for offset, number in numbers:
        start = m.start(1) + offset
        spans.append(_span(start, start + len(number), "ref", 15,
                           target=f"{HSG}{volume_id}/d{number}"))
    return spans


def _pages(m: re.Match[str], offset: int = 0) -> Span:
    attrs = {"unit": "page"}
    if m.group(2):
        attrs.update({"from": m.group(1), "to": m.group(2)})
    return _span(offset + m.start(), offset + m.end(), "biblScope", 20, **attrs)


def frus_citations(text: str, volume_id: str = "") -> list[Span]:
    """``bibl type="frus"`` for "Foreign Relations, …, vol. …" and ``ref`` for bare
    "Document 174" (a document of the same volume, when the volume is known)."""
    spans: list[Span] = []
    covered: list[tuple[int, int]] = []
    for m in FRUS.finditer(text):
        end_match = _FRUS_END.search(text, m.end())
        end = end_match.start() if end_match else len(text)
        vid = frus_volume_id(m.group(1), m.group(2), m.group(3), m.group(4))
        years_end = m.end(2) if m.group(2) else m.end(1)
        vol_start = re.compile(r"vol\.|volume|Volume").search(text, years_end).start()
        inner: list[Span] = [
            _span(m.start(), years_end, "title", 20, level="s"),
            _span(vol_start, m.end(), "biblScope", 20, unit="volume"),
        ]
        rest_end = end
        docs = DOCUMENTS.search(text, m.end(), end)
        pages = PAGES.search(text, m.end(), end)
        if docs:
            inner += _doc_refs(text, docs, vid)
            rest_end = docs.start()
            end = docs.end()
        elif pages:
            inner.append(_pages(pages))
            rest_end = pages.start()
            end = pages.end()
        title = text[m.end():rest_end].strip(" ,")
        if title:
            t_start = text.index(title, m.end())
            inner.append(_span(t_start, t_start + len(title), "title", 20, level="m"))
        spans.append(_span(m.start(), end, "bibl", 30, type="frus"))
        spans += inner
        covered.append((m.start(), end))
    if volume_id:
        for d in DOCUMENTS.finditer(text):
            if not any(a <= d.start() < b for a, b in covered):
                for offset, number in _document_numbers(d.group(1)):
                    start = d.start(1) + offset
                    spans.append(_span(start, start + len(number), "ref", 15,
                                       target=f"{HSG}{volume_id}/d{number}"))
    return spans


def _title_before(text: str, end: int) -> int | None:
    """Start of the title that ends at ``end`` (a run of capitalised words), or None."""
    m = TITLE_RUN.search(text[:end])
    if not m:
        return None
    lead = _LEADING.match(m.group())
    start = m.start() + (lead.end() if lead else 0)
    if start >= end or text[start:end].startswith("Foreign Relations"):
        return None
    return start


def book_citations(text: str) -> list[Span]:
    """``bibl type="journal"`` (title, volume, issue, date, pages) and ``bibl type="book"``
    (title, pages) where a title-shaped run stands before the locator."""
    spans: list[Span] = []
    taken: list[tuple[int, int]] = []
    for m in JOURNAL_TAIL.finditer(text):
        start = _title_before(text, m.start())
        if start is None:
            continue
        spans += [_span(start, m.end(), "bibl", 30, type="journal"),
                  _span(start, m.start(), "title", 20, level="j"),
                  _span(m.start(1), m.end(1), "biblScope", 20, unit="volume"),
                  _span(m.start(2), m.end(2), "biblScope", 20, unit="issue")]
        if m.group(4):
            pages = PAGES.match(m.group(4))
            if pages:
                spans.append(_pages(pages, m.start(4)))
        taken.append((start, m.end()))
    for m in BOOK_TAIL.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        start = _title_before(text, m.start())
        if start is None or re.fullmatch(r"[\d\s:]+", text[start:m.start()]):
            continue
        pages = PAGES.match(m.group(2))
        spans += [_span(start, m.end(), "bibl", 30, type="book"),
                  _span(start, m.start(), "title", 20, level="m")]
        if pages:
            spans.append(_pages(pages, m.start(2)))
        taken.append((start, m.end()))
    return spans


def _archival_end(text: str, start: int) -> int:
    """Where a citation that did not open with "(" ends: at a sentence end, a ";", or a
    ")" that closes a parenthesis opened before it ("(telegram 12; Department …, 7–2459)")."""
    depth = 0
    for i in range(start, len(text)):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                return i
            depth -= 1
        elif depth == 0 and (ch == ";" or (ch == "." and re.match(r"\.(?:\s+[A-Z“\"]|$)",
                                                                   text[i:]))):
            return i
    return len(text)


def archival_citations(text: str) -> list[Span]:
    """``bibl type="archival"``: repository (``orgName``), collection and series (``title
    level="s"``), ``Box``, and the folder after it (``biblScope unit="folder"``)."""
    spans: list[Span] = []
    for m in REPOSITORY.finditer(text):
        if not _ARCHIVAL_START.search(text[:m.start()]):
            continue
        opened = text[m.start() - 1:m.start()] == "("
        if opened:
            close = text.find(")", m.end())
            end = close if close >= 0 else len(text)
        else:
            end = _archival_end(text, m.end())
        if any(s.tag == "bibl" and s.start <= m.start() < s.end for s in spans):
            continue
        spans.append(_span(m.start(), end, "bibl", 30, type="archival"))
        spans.append(_span(m.start(), m.end(), "orgName", 20))
        box = BOX.search(text, m.end(), end)
        series_end = box.start() if box else end
        series = text[m.end():series_end].strip(" ,")
        if series:
            s_start = text.index(series, m.end())
            spans.append(_span(s_start, s_start + len(series), "title", 20, level="s"))
        if box:
            spans.append(_span(box.start(), box.end(), "biblScope", 20, unit="box"))
            folder = text[box.end():end].strip(" ,")
            if folder:
                f_start = text.index(folder, box.end())
                spans.append(_span(f_start, f_start + len(folder), "biblScope", 20,
                                   unit="folder"))
    return spans


def find_citations(text: str, volume_id: str = "") -> list[Span]:
    """All citation spans in one note's text; the outer ``bibl``s never overlap."""
    spans = frus_citations(text, volume_id)
    for extra in (archival_citations(text), book_citations(text)):
        outer = [s for s in spans if s.tag == "bibl"]
        for bibl in (s for s in extra if s.tag == "bibl"):
            if any(o.start < bibl.end and bibl.start < o.end for o in outer):
                extra = [s for s in extra if not (bibl.start <= s.start and s.end <= bibl.end)]
        spans += extra
    return sorted(spans, key=lambda s: (s.start, -s.end, -s.priority))
