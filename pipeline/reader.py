"""Plain text as copied from history.state.gov → the document model. No XML here.

The format: a heading line (``1. Letter From …`` or, before 1950, a file line such as
``740.0011 Pacific War/815: Telegram`` followed by ``The X (Name) to the Y``), blocks
separated by blank lines, ``[Page N]`` markers inline or on a line of their own,
footnote markers glued to the text (``Brezhnev1``, ``Tula,3``, ``(Daniels)9``), and the
notes list at the end (``  1. Source: …``, or ``- text↩`` in older page layouts).

Every ambiguity is settled by a rule stated where it is applied, and reported as a
warning where the reader had to guess. No character of the source is dropped: the
reader checks that the model gives back the input (``source_text``) before returning.
The only changes, each with a warning: a byte-order mark, CR line ends and blank lines
before the heading. Characters XML cannot hold are refused with their position.

Numbers are read in ASCII digits, and every pattern over the text runs in linear time
(none is searched with ``$`` from every start of a long line; see issue #10).
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from teipipe import frus
from teipipe.diagnostics import Diagnostic, InputError
from teipipe.model import (
    Block,
    Document,
    Inline,
    LineBreak,
    Note,
    NoteRef,
    PageBreak,
    Pos,
    SourceInfo,
    Span,
    Text,
)

PAGE_MARKER = re.compile(r"\[Page ([^\]\s]+)\]")
NOTE_LINE = re.compile(r"^  ([0-9]+)\. (.*)$")
ARROW_NOTE = re.compile(r"^- (.*)\u21a9$")
BULLET = "  \u2022 "

# A footnote number glued to the end of a word, possibly before closing punctuation:
# "Brezhnev1", "Tula,3", "(Daniels)9", "p.m.,10", "NSDM–158.3".
GLUED = re.compile(r"(?<=[^0-9\s])([0-9]{1,3})(?=[,.;:\u2019\u201d\"')\]]{0,2}$)")
# Characters after which a glued number is most likely a marker (cost 0); after a dash
# or a slash it is more likely part of an identifier ("CNA–78", "H–209"), cost 2.
MARKER_FRIENDLY = set(".,;:)]\u201d\u2019\"'") | {"?", "!"}

FILE_LINE = re.compile(r"^[0-9]{3}\.[\w.]*(?: [\w. ]+?)?/[\w.\u2013-]+: \S.*$")
NUMBERED_HEADING = re.compile(r"^[0-9]+[A-Za-z]?\. \S")
RECEIVED = re.compile(r"^\[Received [^\]]*\]$")
MONTHS = "|".join(frus.MONTHS)
DATELINE = re.compile(
    rf"^(?:[A-Z][\w.’' -]{{1,40}}, )?(?:{MONTHS}) [0-9]{{1,2}}, [0-9]{{4}}"
    r"(?:[—–,] ?(?:[0-9]{1,2}(?::[0-9][0-9])? ?[ap]\.\s?m\.|[0-9]{4}Z|noon|midnight|"
    r"[0-9]{1,2}(?=$)))?\.?$"
)
SALUTE = re.compile(r"^(?:To|Dear|My [Dd]ear)\b.{0,60}$")
CLOSING = re.compile(
    r"^(?:(?:Very )?(?:Sincerely|Respectfully|Faithfully|Cordially|Truly)(?: yours)?|"
    r"Yours(?: (?:sincerely|faithfully|truly|ever))?|As ever|"
    r"(?:With )?(?:[Bb]est|[Ww]arm|[Ww]armest|[Kk]ind|[Kk]indest)[\w ]{0,30}"
    r"(?:regards?|wishes|assurances))[,.]?$"
)
NAME_WORD = r"(?:[A-Z][\w’'\u2019-]*\.?|[A-Z]\.|de|van|von|da|di)"
SIGNATURE = re.compile(rf"^{NAME_WORD}(?: {NAME_WORD}){{0,4}}$")
REGISTRY_ID = re.compile(r"(frus[\w-]+?)[-_]d([0-9]+[a-z]?)$")
# Numbers are read in ASCII digits only: ``\d`` and ``str.isdigit`` also accept "²" and "١".
DIGITS = "0123456789"
CLOSING_AFTER_DAY = frozenset(",.;:\u2019\u201d\"')]")  # may follow "Jul 143"
MARKER_NUMBER = re.compile(r"0|[1-9][0-9]{0,2}")
PAGE_NUMBER = re.compile(r"[0-9]+")
_TOKEN = re.compile(r"\S+")


@dataclass
class _Line:
    number: int  # 1-based
    text: str
    newlines_before: int


@dataclass
class _Candidate:
    line: int  # index into body lines
    start: int
    end: int
    value: int
    cost: int


def read_file(
    path: str | Path, source: SourceInfo | None = None
) -> tuple[Document, list[Diagnostic]]:
    """Read a FRUS text file; raise InputError with file:line:col findings if it cannot be read."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(
            [Diagnostic(name, 0, 0, "error", f"cannot read file: {exc.strerror}")]
        ) from exc
    text, warnings = decode(data, name)
    document, more = read_text(text, name, source)
    return document, warnings + more


def decode(data: bytes, path: str) -> tuple[str, list[Diagnostic]]:
    """Bytes → text, refusing what is not a UTF-8 text file and saying what was normalised."""
    if not data.strip():
        raise InputError([Diagnostic(path, 1, 1, "error", "the file is empty")])
    if b"\0" in data:
        _refuse(path, data, data.index(b"\0"), "this is a binary file (it contains NUL bytes), "
                "not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        _refuse(path, data, exc.start, f"not UTF-8 (byte 0x{data[exc.start]:02x}); save the "
                "file as UTF-8 and try again", exc)
    return normalise(text, path)


# Characters XML 1.0 does not allow (controls other than tab and newline, surrogates,
# U+FFFE, U+FFFF), and DEL, which it allows but no document means.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def normalise(text: str, path: str) -> tuple[str, list[Diagnostic]]:
    """Text as the reader takes it: no byte-order mark, LF line ends, only XML characters.

    Done for text from a file and for text handed over in memory alike; what is changed
    is said in a warning, what cannot be written as XML is refused with its position.
    """
    warnings = []
    if text.startswith("\ufeff"):
        text = text[1:]
        warnings.append(Diagnostic(path, 1, 1, "warning", "byte-order mark removed"))
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        warnings.append(Diagnostic(path, line, 1, "warning",
                                   "CRLF/CR line ends read as LF (the output uses LF)"))
    bad = NOT_XML.search(text)
    if bad:
        char = ord(bad.group())
        if char < 0x20 or char == 0x7F:
            what = f"control character U+{char:04X} is not allowed in XML; remove it"
        elif 0xD800 <= char <= 0xDFFF:
            what = f"lone surrogate U+{char:04X} is not a character; remove it"
        else:
            what = f"U+{char:04X} is not a character (XML forbids it); remove it"
        _refuse(path, text, bad.start(), what)
    return text, warnings  # no Unicode normalisation: every character stays as it was


def _refuse(path: str, content: bytes | str, offset: int, message: str,
            cause: Exception | None = None) -> NoReturn:
    """Raise InputError for the character at ``offset`` of ``content``, by line and column."""
    if isinstance(content, bytes):
        line, last = content.count(b"\n", 0, offset) + 1, content.rfind(b"\n", 0, offset)
    else:
        line, last = content.count("\n", 0, offset) + 1, content.rfind("\n", 0, offset)
    col = offset - (last + 1) + 1
    raise InputError([Diagnostic(path, line, col, "error", message)]) from cause


def source_info_from_name(path: str) -> SourceInfo:
    """``frus1977-80v06-d1.txt`` → volume frus1977-80v06, document 1, its title and address."""
    match = REGISTRY_ID.search(Path(path).stem)
    if not match:
        return SourceInfo()
    volume, number = match.groups()
    return SourceInfo(
        volume_id=volume,
        doc_number=number,
        volume_title=volume_title(volume),
        url=frus.document_url(volume, frus.document_id(number)),
    )


def volume_title(volume_id: str) -> str:
    """``frus1977-80v06`` → "Foreign Relations of the United States, 1977–1980, Volume VI"."""
    match = re.fullmatch(r"frus([0-9]{4})(?:-([0-9]{2,4}))?(?:v([0-9]{1,9}))?(?:p([0-9]{1,9}))?"
                         r"(\w*)", volume_id)
    if not match:
        return "Foreign Relations of the United States"
    start, end, volume, part, _ = match.groups()
    years = start
    if end:
        years += "\u2013" + (start[: 4 - len(end)] + end)
    title = f"Foreign Relations of the United States, {years}"
    if volume:
        title += f", Volume {frus.to_roman(int(volume))}"
    if part:
        title += f", Part {int(part)}"
    return title


def read_text(
    text: str, path: str, source: SourceInfo | None = None
) -> tuple[Document, list[Diagnostic]]:
    """Parse the text of one document. Raises InputError for errors; returns warnings."""
    text, findings = normalise(text, path)
    leading = len(text) - len(text.lstrip("\n"))
    if leading and leading < len(text):
        # Rule: blank lines before the heading (a paste artefact) are left out, with a
        # warning; the lines keep their numbers, so every message still points right.
        findings.append(Diagnostic(path, 1, 1, "warning",
                                   f"{_plural(leading, 'blank line')} before the heading left out"))
    trailing = len(text) - len(text.rstrip("\n"))
    lines = text[: len(text) - trailing].split("\n")
    body_end, notes, newlines_before_notes, note_errors = _split_notes(lines, path)
    findings += note_errors
    body_lines = _body_lines(lines[:body_end])
    if not body_lines:
        raise InputError([Diagnostic(path, 1, 1, "error", "no text before the notes list")])
    markers, marker_findings = _find_markers(body_lines, notes, path)
    findings += marker_findings
    _raise_errors(findings)
    blocks, page_findings = _blocks(body_lines, markers, path)
    findings += page_findings
    _classify(blocks)
    for note, marker in zip(notes, markers, strict=True):
        note.n = str(marker.value)  # the number printed at the marker, not in the list
        if note.plain.startswith("Source:"):
            note.kind = "source"
    _raise_errors(findings)
    segments: list[Block | Note] = [*blocks, *notes]
    for segment in segments:
        segment.spans += editorial_spans(segment.plain)
    findings += _quotations(blocks, path)
    document = Document(
        path=path,
        blocks=blocks,
        notes=notes,
        source=source or source_info_from_name(path),
        title=_title(blocks[0]),
        newlines_before_notes=newlines_before_notes,
        trailing_newlines=trailing,
    )
    if source_text(document) != text[leading:]:  # a reader bug, never the user's
        raise AssertionError(f"{path}: the reader lost text")
    return document, findings


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _raise_errors(findings: list[Diagnostic]) -> None:
    if any(f.severity == "error" for f in findings):
        raise InputError(findings)


# ---------------------------------------------------------------- notes list


def _split_notes(lines: list[str], path: str) -> tuple[int, list[Note], int, list[Diagnostic]]:
    """The notes list at the end: (first list line, notes, newlines before it, findings)."""
    start, pattern = _notes_start(lines)
    findings = []
    notes: list[Note] = []
    for offset, line in enumerate(lines[start:]):
        number = start + offset + 1
        match = pattern.match(line)
        if match is None:
            # Rule: a line of the list that does not start a note continues the one
            # before (a note with a quoted paragraph); it is kept with a line break.
            notes[-1].inlines += [LineBreak(Pos(number, 1)),
                                  *_split_pages(line, number, 1)]
            continue
        expected = len(notes) + 1
        if pattern is NOTE_LINE:
            printed = match.group(1)  # compared as digits: no int() of a thousand of them
            if printed != str(expected):
                if printed.startswith("0"):
                    what = "has a leading zero"
                elif (len(printed), printed) < (len(str(expected)), str(expected)):
                    what = "repeats an earlier number"
                else:
                    what = "skips a number"
                findings.append(Diagnostic(
                    path, number, 3, "error",
                    f"notes list: note {printed} {what} (expected {expected}); "
                    "the list must count 1, 2, 3… in order"))
            text_col, note_text = len(match.group(1)) + 5, match.group(2)
        else:
            text_col, note_text = 3, match.group(1)
        notes.append(Note(n=str(expected), list_number=expected,
                          inlines=_split_pages(note_text, number, text_col),
                          pos=Pos(number, 1)))
    if pattern is ARROW_NOTE:
        for note in notes:
            note.rend = "arrow-list"  # kept, so that the source layout can be given back
    blank = 0
    while start - blank > 0 and lines[start - blank - 1] == "" and notes:
        blank += 1
    return start - blank, notes, blank + 1, findings


def _notes_start(lines: list[str]) -> tuple[int, re.Pattern[str]]:
    """Where the notes list begins, and in which layout.

    Rule: the list is the end of the last run of non-blank lines, from its first
    ``  N. `` line on, if the run has a ``  1. `` line (lines that do not start a note
    continue the one before). Otherwise a trailing run of ``  N. `` lines is still a
    list (so that wrong numbering gets a message), else a trailing run of ``- text↩``.
    """
    last_blank = max((i for i, line in enumerate(lines) if line == ""), default=-1)
    block = range(last_blank + 1, len(lines))
    numbered = [i for i in block if NOTE_LINE.match(lines[i])]
    if any((m := NOTE_LINE.match(lines[i])) and m.group(1) == "1" for i in numbered):
        return numbered[0], NOTE_LINE
    for pattern in (NOTE_LINE, ARROW_NOTE):
        start = len(lines)
        while start > 0 and pattern.match(lines[start - 1]):
            start -= 1
        if start < len(lines):
            return start, pattern
    return len(lines), NOTE_LINE


def _body_lines(lines: list[str]) -> list[_Line]:
    """Non-blank lines with the number of newlines before each (blank lines fold into that)."""
    out: list[_Line] = []
    newlines = 0
    for index, line in enumerate(lines):
        if line == "":
            newlines += 1
            continue
        out.append(_Line(index + 1, line, newlines if out else 0))
        newlines = 1
    return out


# ---------------------------------------------------------------- markers


def _candidates(lines: list[_Line]) -> list[_Candidate]:
    """Every number in the body that could be a footnote marker, with a cost (lower = likelier).

    Rule: a marker is written in ASCII digits without a leading zero ("Brezhnev01" is not
    marker 1 printed as "01", which could not be given back), so that the text at a
    marker is always the number the note carries.
    """
    found: list[_Candidate] = []
    for index, line in enumerate(lines):
        text = PAGE_MARKER.sub(lambda m: " " * len(m.group()), line.text)
        tokens = list(_TOKEN.finditer(text))  # page markers are blanked: no token starts in one
        for position, token in enumerate(tokens):
            word = token.group()
            glued = GLUED.search(word)
            if glued and not _marker_number(glued.group(1)):
                glued = None  # "Brezhnev01": read below as a run of digits ending the word
            if glued:
                before = word[glued.start() - 1]
                cost = 0 if (before.isalpha() or before in MARKER_FRIENDLY) else 2
                if glued.end() != len(word):
                    cost += 1  # "letter2," — a marker before punctuation is rarer
                if before in ".," and glued.start() >= 2 and word[glued.start() - 2] in DIGITS:
                    cost += 1  # "3.5 percent", "1,200": a decimal before a marker after a year
                if before == ":" and glued.start() >= 2 and word[glued.start() - 2] in DIGITS:
                    cost += 3  # "2:30 p.m.": the minutes of a time, not a marker
                found.append(
                    _Candidate(
                        index,
                        token.start() + glued.start(),
                        token.end() - len(word) + glued.end(),
                        int(glued.group(1)),
                        cost,
                    )
                )
            last = position == len(tokens) - 1
            if last and len(word) <= 3 and _marker_number(word):
                # "Rogers 1" at the end of a heading, or a marker alone on its line
                cost = 0 if (position == 0 or index == 0) else 1
                found.append(_Candidate(index, token.start(), token.end(), int(word), cost))
            # "April 62", "Jul 143)": a day with the marker glued, maybe before punctuation
            body = word[:len(word) - _closing_run(word)]
            run = len(body) - len(body.rstrip(DIGITS))  # the digits ending it (linear)
            if run >= 2 and not glued:
                # "April 62": April 6 with marker 2 (only when no cheaper reading exists)
                end = token.start() + len(body)
                for width in (1, 2):
                    digits = body[len(body) - width:]
                    if width < run and _marker_number(digits):
                        found.append(_Candidate(index, end - width, end, int(digits), 3))
    return sorted(found, key=lambda c: (c.line, c.start, -c.end))


def _marker_number(digits: str) -> bool:
    """Could ``digits`` be printed as a footnote number: ASCII, no leading zero?"""
    return bool(MARKER_NUMBER.fullmatch(digits))


def _closing_run(word: str) -> int:
    """How many of the last two characters of ``word`` close a phrase (``143),`` → 2)."""
    n = 0
    while n < 2 and n < len(word) and word[len(word) - 1 - n] in CLOSING_AFTER_DAY:
        n += 1
    return n


def _by_value(cands: list[_Candidate]) -> dict[int, list[int]]:
    """Indices of the candidates of each number, in reading order."""
    by_value: dict[int, list[int]] = {}
    for i, cand in enumerate(cands):
        by_value.setdefault(cand.value, []).append(i)
    return by_value


def _chains(
    cands: list[_Candidate], by_value: dict[int, list[int]], first: int, count: int
) -> tuple[dict[int, int], dict[int, int]]:
    """Cheapest chains first, first+1, … (at most ``count`` long), one sweep in reading order.

    Returns (cost of the cheapest chain ending at candidate i, the candidate before i in
    it). A candidate may follow one that ends before it starts; among equally cheap
    predecessors the earliest wins. Each candidate is looked at once (heap of those not
    yet ended), so the sweep is O(n log n), not O(n²) over the candidates of a number.
    """
    cost: dict[int, int] = {}
    previous: dict[int, int] = {}
    ready: dict[int, tuple[int, int]] = {}  # value → (cost, index) of the best ended chain
    pending: list[tuple[int, int, int]] = []  # (line, end, index) of chains not yet ended
    last = first + count - 1
    wanted = range(first, min(last, max(by_value, default=first)) + 1)
    for i in heapq.merge(*(by_value.get(value, []) for value in wanted)):
        cand = cands[i]
        while pending and pending[0][:2] <= (cand.line, cand.start):
            _, _, j = heapq.heappop(pending)
            value = cands[j].value
            if value not in ready or (cost[j], j) < ready[value]:
                ready[value] = (cost[j], j)
        if cand.value == first:
            cost[i] = cand.cost
        elif cand.value - 1 in ready:
            before_cost, j = ready[cand.value - 1]
            cost[i], previous[i] = before_cost + cand.cost, j
        else:
            continue
        heapq.heappush(pending, (cand.line, cand.end, i))
    return cost, previous


def _best_sequence(
    cands: list[_Candidate], by_value: dict[int, list[int]], first: int, count: int
) -> tuple[int, list[_Candidate]] | None:
    """Cheapest left-to-right choice of markers first, first+1, …, first+count-1."""
    cost, previous = _chains(cands, by_value, first, count)
    ends = [i for i in cost if cands[i].value == first + count - 1]
    if not ends:
        return None
    best = min(ends, key=lambda i: (cost[i], i))
    chain = [best]
    while chain[-1] in previous:
        chain.append(previous[chain[-1]])
    return cost[best], [cands[i] for i in reversed(chain)]


def _longest_chain(
    cands: list[_Candidate], by_value: dict[int, list[int]], first: int, count: int
) -> int:
    """How many of the markers first, first+1, … (up to ``count``) can be found in order."""
    cost, _ = _chains(cands, by_value, first, count)
    return max((cands[i].value - first + 1 for i in cost), default=0)


def _find_markers(
    lines: list[_Line], notes: list[Note], path: str
) -> tuple[list[_Candidate], list[Diagnostic]]:
    """Locate one marker per note: consecutive numbers s, s+1, … in reading order.

    Rule: the list restarts at 1, but markers may start at 0 (1958–63 volumes) or at a
    volume-wide number (pre-1950), so every candidate value is tried as the start; the
    cheapest chain wins, ties going to 1, then 0, then the lowest start.
    """
    cands = _candidates(lines)
    findings: list[Diagnostic] = []
    if not notes:
        stray = [c for c in cands if c.cost == 0 and c.value in (0, 1) and _on_word(lines, c)]
        findings += [_at(path, lines, cand, "warning",
                         "'{near}' looks like footnote marker {value}, but the document has "
                         "no notes list; kept as text") for cand in stray[:1]]
        return [], findings
    by_value = _by_value(cands)
    starts = sorted(by_value, key=lambda v: (v not in (1, 0), v != 1, v))
    # Over the numbers 0…top: how many are in the text, and the sum of the cheapest
    # candidate of each, both as prefix sums, so that a start whose run misses a number,
    # or cannot beat the best chain so far, is passed over without a search.
    count, top = len(notes), max(by_value, default=0) + len(notes) + 1
    present, cheapest = [0] * (top + 1), [0] * (top + 1)
    for value in range(top):
        costs = [cands[i].cost for i in by_value.get(value, [])]
        present[value + 1] = present[value] + bool(costs)
        cheapest[value + 1] = cheapest[value] + min(costs, default=0)
    results: list[tuple[int, int, list[_Candidate]]] = []
    for rank, first in enumerate(starts):
        if present[first + count] - present[first] < count:
            continue  # some number of the run is nowhere in the text
        if results and cheapest[first + count] - cheapest[first] >= results[0][0]:
            continue  # cannot be cheaper, and ties go to the earlier start
        best = _best_sequence(cands, by_value, first, count)
        if best:
            if not results or best[0] < results[0][0]:
                results = [(best[0], rank, best[1])]
            if best[0] == 0:
                break  # no later start can be cheaper, and ties go to the earlier one
    if not results:
        # Say which note has no marker: the longest chain from 1 (or 0) shows where it breaks.
        for first in (1, 0):
            found = min(_longest_chain(cands, by_value, first, len(notes)), len(notes) - 1)
            if found:
                note = notes[found]
                findings.append(Diagnostic(
                    path, note.pos.line, 3, "error",
                    f"note {note.list_number} of the list has no marker {first + found} in "
                    "the text (a note with no marker, or markers out of order)"))
                return [], findings
        findings.append(Diagnostic(
            path, notes[0].pos.line, 3, "error",
            f"the notes list has {len(notes)} notes, but no footnote markers were found in the "
            "text (expected numbers glued to words, e.g. 'Brezhnev1')"))
        return [], findings
    cost, _, chain = min(results, key=lambda r: (r[0], r[1]))
    if cost > 0:
        worst = max(chain, key=lambda c: c.cost)
        findings.append(_at(path, lines, worst, "warning",
                            "footnote marker {value} read from '{near}' (ambiguous: check it)"))
    last = chain[-1]
    findings += [
        _at(path, lines, cand, "error",
            "marker {value} in '{near}' has no note: the notes list ends with note "
            f"{len(notes)}")
        for cand in cands
        if (cand.line, cand.start) > (last.line, last.start) and cand.value == last.value + 1
        and cand.cost <= 1 and _on_word(lines, cand)
    ]
    return chain, findings


def _on_word(lines: list[_Line], cand: _Candidate) -> bool:
    """Is the number glued to a letter ("marker2"), the surest sign of a footnote marker?"""
    return lines[cand.line].text[cand.start - 1 : cand.start].isalpha()


def _at(path: str, lines: list[_Line], cand: _Candidate, severity: str, message: str
        ) -> Diagnostic:
    """A finding at a marker candidate: ``{near}`` is the text up to it, ``{value}`` its number."""
    line = lines[cand.line]
    near = line.text[max(0, cand.start - 12) : cand.end]
    return Diagnostic(path, line.number, cand.start + 1, severity,
                      message.format(near=near, value=cand.value))


# ---------------------------------------------------------------- blocks


def _split_pages(text: str, line: int, col: int) -> list[Inline]:
    """Text with ``[Page N]`` markers → Text and PageBreak pieces."""
    pieces: list[Inline] = []
    cursor = 0
    for match in PAGE_MARKER.finditer(text):
        if match.start() > cursor:
            pieces.append(Text(text[cursor : match.start()], Pos(line, col + cursor)))
        pieces.append(PageBreak(match.group(1), Pos(line, col + match.start())))
        cursor = match.end()
    if cursor < len(text):
        pieces.append(Text(text[cursor:], Pos(line, col + cursor)))
    return pieces


def _inlines(line: _Line, markers: list[tuple[int, _Candidate]]) -> list[Inline]:
    """One line's text, page breaks and note references (each knowing which note it is).

    ``markers`` are the (note index, marker) pairs on this line.
    """
    pieces: list[Inline] = []
    cursor = 0
    for note_index, marker in markers:
        pieces += _split_pages(line.text[cursor : marker.start], line.number, cursor + 1)
        pieces.append(NoteRef(str(marker.value), Pos(line.number, marker.start + 1), note_index))
        cursor = marker.end
    pieces += _split_pages(line.text[cursor:], line.number, cursor + 1)
    return pieces


def _blocks(
    lines: list[_Line], markers: list[_Candidate], path: str
) -> tuple[list[Block], list[Diagnostic]]:
    blocks: list[Block] = []
    findings: list[Diagnostic] = []
    last_page: tuple[tuple[int, str], str] | None = None
    on_line: dict[int, list[tuple[int, _Candidate]]] = {}
    for note_index, marker in enumerate(markers):  # markers are in reading order
        on_line.setdefault(marker.line, []).append((note_index, marker))
    for index, line in enumerate(lines):
        pieces = _inlines(line, on_line.get(index, []))
        for piece in pieces:
            if isinstance(piece, PageBreak):
                number = _page_number(piece.n)
                if last_page and number and number <= last_page[0]:
                    findings.append(
                        Diagnostic(
                            path,
                            piece.pos.line,
                            piece.pos.col,
                            "error",
                            f"[Page {piece.n}] follows [Page {last_page[1]}]: page numbers must "
                            "increase",
                        )
                    )
                if number:
                    last_page = (number, piece.n)
        only = [p for p in pieces if not (isinstance(p, Text) and not p.text)]
        if blocks and blocks[-1].kind != "pb" and len(only) == 1 and isinstance(only[0], NoteRef):
            # Rule: a marker alone on its line belongs to the block above (a signature
            # followed by its note number); the newline becomes a line break. Not after a
            # page break on a line of its own: that stays a bare ``pb``.
            blocks[-1].inlines += [LineBreak(only[0].pos)] * line.newlines_before + only
            continue
        if len(only) == 1 and isinstance(only[0], PageBreak) and line.text.strip() == line.text:
            blocks.append(
                Block("pb", only, Pos(line.number, 1), newlines_before=line.newlines_before)
            )
            continue
        blocks.append(Block("p", pieces, Pos(line.number, 1), newlines_before=line.newlines_before))
    return blocks, findings


def _page_number(n: str) -> tuple[int, str] | None:
    """A page number's order key if ``n`` is one in ASCII digits (``"²"`` is not), else None.

    Compared as (length, digits) without leading zeros, so that no integer is built from
    a run of a million digits.
    """
    if not PAGE_NUMBER.fullmatch(n):
        return None
    digits = n.lstrip("0") or "0"
    return len(digits), digits


def _merge(target: Block, extra: Block) -> None:
    """Fold a following block into ``target``, its separating newlines becoming line breaks."""
    target.inlines += [LineBreak(extra.pos)] * extra.newlines_before + extra.inlines


def _classify(blocks: list[Block]) -> None:
    """Give each block its TEI kind and container, by rules on its text and position."""
    head = blocks[0]
    head.kind = "head"
    # Rule: before 1950 a file line ("893.00/13964: Telegram") precedes the heading
    # proper ("The Secretary of State to …"); both are the heading.
    if FILE_LINE.match(head.plain) and len(blocks) > 1 and blocks[1].plain.startswith("The "):
        _merge(head, blocks.pop(1))
        file_number = head.plain.split(": ", 1)[0]
        head.spans.append(Span(0, len(file_number), "idno", {"type": "file"}, source="reader"))
    # Opener: right after the heading, in this order if present.
    index = 1
    while index < len(blocks):
        block = blocks[index]
        text = block.plain.strip()
        if RECEIVED.match(text) or DATELINE.match(text):
            block.kind, block.group = "dateline", "opener"
            follower = blocks[index + 1] if index + 1 < len(blocks) else None
            # Rule: a dateline whose time ran onto the next line ("1937—8" / "p.m.").
            if follower and re.fullmatch(r"[ap]\.m\.", follower.plain.strip()):
                _merge(block, blocks.pop(index + 1))
        elif re.fullmatch(r"No\. [0-9]+", text):
            block.kind, block.group = "seg", "opener"
        elif SALUTE.match(text) and not text.endswith("."):
            block.kind, block.group = "salute", "opener"
        else:
            break
        index += 1
    # Closer: a signature line at the end, with closing formulas just before it.
    last = blocks[-1]
    if (
        len(blocks) > 2
        and last.kind == "p"
        and SIGNATURE.match(last.plain.strip())
        and not last.plain.strip().endswith(".")  # "Hull", "Dwight D. Eisenhower"; not "Done."
        and len(last.plain) <= 40
    ):
        last.kind, last.group = "signed", "closer"
        position = len(blocks) - 2
        while (
            position > 0
            and blocks[position].kind == "p"
            and CLOSING.match(blocks[position].plain.strip())
        ):
            blocks[position].kind, blocks[position].group = "salute", "closer"
            position -= 1
    # Lists: bullet lines, and runs of one-line questions.
    previous: Block | None = None
    for block in blocks:
        if block.kind == "p" and block.plain.startswith(BULLET):
            block.kind, block.group = "item", "list"
            block.starts_group = previous is None or previous.group != "list"
        previous = block
    # Rule: two or more one-line questions on consecutive lines are a list of questions.
    runs: list[list[Block]] = []
    for index, block in enumerate(blocks):
        if not _is_question(block):
            continue
        if runs and block.newlines_before == 1 and runs[-1][-1] is blocks[index - 1]:
            runs[-1].append(block)
        else:
            runs.append([block])
    for run in runs:
        if len(run) >= 2:
            for item in run:
                item.kind, item.group = "item", "list"
            run[0].starts_group = True


def _is_question(block: Block) -> bool:
    return block.kind == "p" and block.plain.rstrip().endswith("?") and len(block.plain) < 300


def _title(head: Block) -> str:
    """The document's title: the heading without its number and markers."""
    text = " ".join(
        piece.text if isinstance(piece, Text) else " "
        for piece in head.inlines
        if not isinstance(piece, NoteRef)
    )
    text = re.sub(r"\s+", " ", text).strip()
    if any(span.tag == "idno" for span in head.spans):
        text = re.sub(r"^\S+(?: [\w. ]+?)?/\S+: \S+\s*", "", text)
    return re.sub(r"^[0-9]+[A-Za-z]?\.\s+", "", text).strip()


# ---------------------------------------------------------------- editorial marks

# At most 1,000 characters up to the closing bracket: unbounded, a text of many "[Omitted"
# without one was scanned to its end from each of them (quadratic).
EDITORIAL_GAP = re.compile(
    r"\[(?:Here follows|Omitted here|Omitted|Less than|Text not|Not declassified|Facsimile|"
    r"Page not|Tab |Attachment|Enclosure|Footnote|Document)[^\]]{0,1000}\]|\[etc\.\]"
)
SUPPLIED = re.compile(r"\[([A-Za-z][\w .’'-]{0,30})\]")
CLASSIFICATION = re.compile(r"(?<!\S)\((?:TS|S|C|U|LOU)(?:/[A-Z]+)?\)(?=\s|$)")


def editorial_spans(text: str) -> list[Span]:
    """Editors' brackets and classification marks, as spans over the plain text.

    Rules: ``[Here follows …]``, ``[Omitted …]``, ``[etc.]`` describe left-out text → ``gap``
    with the bracketed words kept as its ``desc``; other short bracketed words
    (``cit[izen]s``, ``Cy [Vance]``) were supplied by the editors → ``supplied``; a
    parenthesised classification mark at a word boundary (``(S)``, ``(U)``) → ``seg``.
    Bracketed numbers (``PD–08 [4]``, a folder number) are left as they are.
    """
    spans: list[Span] = []
    for match in EDITORIAL_GAP.finditer(text):
        spans.append(
            Span(
                match.start(),
                match.end(),
                "gap",
                {"reason": "omitted"},
                priority=5,
                source="reader",
            )
        )
        spans.append(Span(match.start(), match.end(), "desc", {}, priority=4, source="reader"))
    taken = [(s.start, s.end) for s in spans]
    for match in SUPPLIED.finditer(text):
        if PAGE_MARKER.fullmatch(match.group()) or any(a <= match.start() < b for a, b in taken):
            continue
        spans.append(
            Span(
                match.start(),
                match.end(),
                "supplied",
                {"reason": "editorial"},
                priority=5,
                source="reader",
            )
        )
    for match in CLASSIFICATION.finditer(text):
        spans.append(
            Span(
                match.start(),
                match.end(),
                "seg",
                {"type": "classification"},
                priority=5,
                source="reader",
            )
        )
    return spans


BEGIN_TEXT = re.compile(r"^Begin (?:text|verbatim text|summary)\b", re.IGNORECASE)
END_TEXT = re.compile(r"\bEnd (?:text|verbatim text|summary)\b", re.IGNORECASE)


def _quotations(blocks: list[Block], path: str) -> list[Diagnostic]:
    """Quoted messages and memoranda → a ``quote`` holding their paragraphs.

    Rules: in telegrams, the paragraphs from "Begin text:" to the one holding "End text."
    are the quoted message. Elsewhere a paragraph that opens with a quotation mark starts
    a quotation, which runs on through the following paragraphs that also open with one
    (the printed convention: only the last quoted paragraph closes the quotation) until
    the marks balance; if they never do, the quotation ends with the last such paragraph
    and an ``info`` says so. Shorter quotations inside a sentence stay running text.
    """
    findings = []
    # Found once, so that many "Begin text" paragraphs without an end do not each scan on
    # to the end of the document (blocks ahead of ``index`` are not changed by the loop).
    ends = [j for j, b in enumerate(blocks) if _plain_paragraph(b) and END_TEXT.search(b.plain)]
    others = [j for j, b in enumerate(blocks) if not _plain_paragraph(b)]
    index = 0
    while index < len(blocks):
        block = blocks[index]
        run: list[Block] = []
        if _plain_paragraph(block) and BEGIN_TEXT.match(block.plain):
            after = bisect.bisect_left(ends, index)
            end = ends[after] if after < len(ends) else None
            other = bisect.bisect_left(others, index)
            if end is not None and (other == len(others) or others[other] > end):
                run = blocks[index: end + 1]
        elif _plain_paragraph(block) and block.plain.startswith("\u201c"):
            depth = 0
            for candidate in itertools.islice(blocks, index, None):
                if not (_plain_paragraph(candidate) and candidate.plain.startswith("\u201c")):
                    break
                # a continued paragraph's opening mark re-opens the same quotation
                depth += _quote_depth(candidate.plain) - (1 if run else 0)
                run.append(candidate)
                if depth <= 0:
                    break
            if depth > 0:
                findings.append(Diagnostic(
                    path, run[-1].pos.line, run[-1].pos.col, "info",
                    "a quotation opened with “ is not closed; encoded as ending with this "
                    "paragraph"))
        for member in run:
            member.group = "quote"
        if run:
            run[0].starts_group = True
        index += max(1, len(run))
    return findings


def _plain_paragraph(block: Block) -> bool:
    return block.kind == "p" and block.group is None


def _quote_depth(text: str) -> int:
    """How many “ the text leaves open (nested quotation marks counted)."""
    return text.count("\u201c") - text.count("\u201d")


# ---------------------------------------------------------------- giving it back


def source_text(document: Document) -> str:
    """The model back as history.state.gov text: the reader's proof that nothing was lost.

    (The stylesheet ``xslt/tei-to-text.xsl`` does the same from TEI, for users.)
    """
    out: list[str] = []
    for index, block in enumerate(document.blocks):
        if index:
            out.append("\n" * block.newlines_before)
        out.append(_inline_text(block.inlines, document))
    if document.notes:
        out.append("\n" * document.newlines_before_notes)
        out.append("\n".join(_note_line(note, document) for note in document.notes))
    out.append("\n" * document.trailing_newlines)
    return "".join(out)


def _note_line(note: Note, document: Document) -> str:
    text = _inline_text(note.inlines, document)
    if note.rend == "arrow-list":
        return f"- {text}\u21a9"
    return f"  {note.list_number}. {text}"


def _inline_text(pieces: list[Inline], document: Document) -> str:
    out = []
    for piece in pieces:
        if isinstance(piece, Text):
            out.append(piece.text)
        elif isinstance(piece, NoteRef):
            out.append(piece.n)
        elif isinstance(piece, PageBreak):
            out.append(f"[Page {piece.n}]")
        else:
            out.append("\n")
    return "".join(out)
