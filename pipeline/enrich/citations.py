"""Citations in notes: archival sources, FRUS volumes, books and journals, as ``bibl`` spans.

Titles lost their italics in the plain text, so a title is found by its shape: a run of
capitalised words (with the small words of English titles between them) directly before
the locator that follows it — ", p. 147", ", pp. 1–5", ", vol. XXIX, no. 3".
FRUS references ("Foreign Relations, 1969–1976, vol. XXXII, …, Documents 317 and 318")
get ``ref`` spans to the documents on history.state.gov.
"""

from __future__ import annotations

import bisect
import heapq
import re

from teipipe.frus import document_url, from_roman
from teipipe.model import Span

_DASH = "[–—-]"

FRUS = re.compile(
    rf"Foreign Relations(?: of the United States)?,\s+([0-9]{{4}})(?:{_DASH}([0-9]{{2,4}}))?,\s+"
    r"(?:vol\.|volume|Volume)\s+([IVXLC]+|[0-9]{1,6}(?![0-9]))(?:,\s+[Pp]art\s+([0-9]+))?"
)
_FRUS_END = re.compile(r"[;)]|\.(?=\s|$)")
DOCUMENTS = re.compile(
    rf"\bDocuments?\s+([0-9]+(?:\s*(?:{_DASH}|,\s*and|,|and)\s*[0-9]+)*)"
)
_NUMBER = re.compile(r"[0-9]+")
PAGES = re.compile(rf"\b(?:pp?\.|pages?)\s+([0-9]+)(?:\s*{_DASH}\s*([0-9]+))?")

_SMALL = r"(?:of|the|and|in|on|for|to|a|an|at|by|with|from|de|la|le|du|des|der|und|et|&)"
_CAP = r"(?:[A-Z][\w’'.-]*:?|[0-9]{4}:?)"
TITLE_RUN = re.compile(rf"(?<![\w’']){_CAP}(?:\s+(?:{_CAP}|{_SMALL}))*$")
# A title is looked for in this many characters before its locator: "…$" searched over all
# the text before each locator tried every start (a note of 1,600 words: 7 s).
TITLE_REACH = 300
_LEADING = re.compile(r"^(?:(?:See|In|Printed|Cf\.|Also|See also|Quoted|Cited)\s+)+")
JOURNAL_TAIL = re.compile(
    r",\s+(vol\.\s+[IVXLC0-9]+),\s+(no\.\s+[0-9]+)(?:\s+\(([^)]*)\))?"
    rf"(?:,\s+((?:pp?\.)\s+[0-9]+(?:{_DASH}[0-9]+)?))?"
)
BOOK_TAIL = re.compile(rf"(?:,\s+([0-9]{{4}}))?,\s+((?:pp?\.|pages?)\s+[0-9]+(?:{_DASH}[0-9]+)?)")

# Up to eight words of up to 40 characters before "Library"/"University": unbounded, the
# run of capitalised words was rescanned from each of its words (quadratic).
REPOSITORY = re.compile(
    r"(?:(?:[A-Z][\w.’'-]{0,40}\s){1,8}Library(?:\s+of\s+Congress)?|"
    r"National Archives(?: and Records Administration)?|Department of State|"
    r"Washington National Records Center|Library of Congress|Central Intelligence Agency|"
    r"Public Record Office|National Security Council|Hoover Institution|Naval War College|"
    r"(?:[A-Z][\w.’'-]{0,40}\s){1,8}University(?:\s+Library)?)(?=,)"
)
_ARCHIVAL_START = re.compile(r"(?:^|Source:\s+|\(|\bin\s+(?:the\s+)?|;\s+)$")
_ARCHIVAL_REACH = 40  # searched in the characters just before (spaces beyond: no start)
_SENTENCE_END = re.compile(r"\.(?:\s+[A-Z“\"]|$)")
BOX = re.compile(r"Box\s+(?:[A-Z]{1,2}[–-])?[0-9]+[A-Za-z]?")  # "Box 69", "Box H–209"
FOLDER = re.compile(r"Folder\s+[\w–-]+")
VOLUME_WORD = re.compile(r"vol\.|volume|Volume")


def frus_volume_id(first: str, last: str | None, volume: str, part: str | None) -> str:
    """The volume id history.state.gov uses: 1969–1976 vol. XXXII → ``frus1969-76v32``,
    1941 vol. IV → ``frus1941v04``, vol. X part 1 → ``…v10p1``."""
    years = first if not last else f"{first}-{last[-2:]}"
    vid = f"frus{years}v{from_roman(volume):02d}"
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
        if len(digits) > 8:
            continue  # no range of document numbers is that long
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
                           target=document_url(volume_id, f"d{number}")))
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
    covered = _Reach()
    next_end, next_docs, next_pages = (_Ahead(p, text) for p in (_FRUS_END, DOCUMENTS, PAGES))
    for m in FRUS.finditer(text):
        end_match = next_end(m.end(), len(text))
        end = end_match.start() if end_match else len(text)
        vid = frus_volume_id(m.group(1), m.group(2), m.group(3), m.group(4))
        years_end = m.end(2) if m.group(2) else m.end(1)
        volume_word = VOLUME_WORD.search(text, years_end)
        vol_start = volume_word.start() if volume_word else years_end
        inner: list[Span] = [
            _span(m.start(), years_end, "title", 20, level="s"),
            _span(vol_start, m.end(), "biblScope", 20, unit="volume"),
        ]
        rest_end = end
        docs = next_docs(m.end(), end)
        pages = next_pages(m.end(), end)
        if docs:
            inner += _doc_refs(text, docs, vid)
            rest_end = docs.start()
            end = docs.end()
        elif pages:
            inner.append(_pages(pages))
            rest_end = pages.start()
            end = pages.end()
        t_start, t_end = _strip(text, m.end(), rest_end, " ,")  # no copy of a long rest
        if t_start < t_end:
            inner.append(_span(t_start, t_end, "title", 20, level="m"))
        spans.append(_span(m.start(), end, "bibl", 30, type="frus"))
        spans += inner
        covered.add(m.start(), end)
    if volume_id:
        for d in DOCUMENTS.finditer(text):
            if not covered(d.start()):
                for offset, number in _document_numbers(d.group(1)):
                    start = d.start(1) + offset
                    spans.append(_span(start, start + len(number), "ref", 15,
                                       target=document_url(volume_id, f"d{number}")))
    return spans


def _strip(text: str, start: int, end: int, chars: str) -> tuple[int, int]:
    """Bounds of ``text[start:end].strip(chars)``, without copying the slice."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


class _Ahead:
    """``pattern.search(text, pos, endpos)`` for positions that only grow.

    The last answer is kept while it still lies ahead of ``pos`` (with the same
    ``endpos``): it is then the answer again. So many citations that share one distant
    end (a note without full stops) scan the text once, not once each.
    """

    def __init__(self, pattern: re.Pattern[str], text: str):
        self.pattern, self.text = pattern, text
        self.last: tuple[int, int, re.Match[str] | None] | None = None

    def __call__(self, pos: int, endpos: int) -> re.Match[str] | None:
        if self.last is not None:
            since, until, found = self.last
            if since <= pos and until == endpos and (found is None or found.start() >= pos):
                return found
        found = self.pattern.search(self.text, pos, endpos)
        self.last = (pos, endpos, found)
        return found


class _Reach:
    """Does a position fall inside an interval added so far, for positions that only grow
    and intervals that start at or before the position asked next? (Constant time per
    question, where a scan of every interval made many citations quadratic.)"""

    def __init__(self) -> None:
        self.waiting: list[tuple[int, int]] = []  # (start, end), a heap by start
        self.reach = 0  # the furthest end of the intervals started so far

    def add(self, start: int, end: int) -> None:
        heapq.heappush(self.waiting, (start, end))

    def __call__(self, position: int) -> bool:
        while self.waiting and self.waiting[0][0] <= position:
            self.reach = max(self.reach, heapq.heappop(self.waiting)[1])
        return position < self.reach


class _Intervals:
    """Fixed intervals, asked whether one overlaps or contains a range, by bisection over
    their starts and the running maximum of their ends (not by a scan of all of them)."""

    def __init__(self, intervals: list[tuple[int, int]]):
        intervals = sorted(intervals)
        self.starts = [start for start, _ in intervals]
        self.furthest: list[int] = []  # furthest end among the first k+1 intervals
        for _, end in intervals:
            self.furthest.append(max(end, self.furthest[-1]) if self.furthest else end)

    def _furthest_end(self, count: int) -> int:
        return self.furthest[count - 1] if count else -1

    def overlaps(self, start: int, end: int) -> bool:
        """Some interval shares a character with [start, end)."""
        return self._furthest_end(bisect.bisect_left(self.starts, end)) > start

    def contains(self, start: int, end: int) -> bool:
        """Some interval holds all of [start, end)."""
        return self._furthest_end(bisect.bisect_right(self.starts, start)) >= end


def _title_before(text: str, end: int) -> int | None:
    """Start of the title that ends at ``end`` (a run of capitalised words), or None."""
    m = TITLE_RUN.search(text, max(0, end - TITLE_REACH), end)
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
    inside = _Reach()
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
        inside.add(start, m.end())
    for m in BOOK_TAIL.finditer(text):
        if inside(m.start()):
            continue
        start = _title_before(text, m.start())
        if start is None or re.fullmatch(r"[0-9\s:]+", text[start:m.start()]):
            continue
        pages = PAGES.match(m.group(2))
        spans += [_span(start, m.end(), "bibl", 30, type="book"),
                  _span(start, m.start(), "title", 20, level="m")]
        if pages:
            spans.append(_pages(pages, m.start(2)))
        inside.add(start, m.end())
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
        elif depth == 0 and (ch == ";" or (ch == "." and _SENTENCE_END.match(text, i))):
            return i
    return len(text)


def archival_citations(text: str) -> list[Span]:
    """``bibl type="archival"``: repository (``orgName``), collection and series (``title
    level="s"``), ``Box``, and the folder after it (``biblScope unit="folder"``)."""
    spans: list[Span] = []
    reach = 0  # end of the citations so far: a repository inside one starts no other
    for m in REPOSITORY.finditer(text):
        if not _ARCHIVAL_START.search(text, max(0, m.start() - _ARCHIVAL_REACH), m.start()):
            continue
        if m.start() < reach:
            continue
        opened = text[m.start() - 1:m.start()] == "("
        if opened:
            close = text.find(")", m.end())
            end = close if close >= 0 else len(text)
        else:
            end = _archival_end(text, m.end())
        reach = max(reach, end)
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
        outer = _Intervals([(s.start, s.end) for s in spans if s.tag == "bibl"])
        clashing = _Intervals([(s.start, s.end) for s in extra
                               if s.tag == "bibl" and outer.overlaps(s.start, s.end)])
        spans += [s for s in extra if not clashing.contains(s.start, s.end)]
    return sorted(spans, key=lambda s: (s.start, -s.end, -s.priority))
