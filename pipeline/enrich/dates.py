"""Dates in running text, as ``date when`` spans with ISO values.

FRUS prose mostly writes "January 18" without a year; the year then comes from the
document (see ``document_year``) and the span says ``cert="medium"`` (or ``"low"`` when
only the volume's span of years was left to go on).
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from teipipe.frus import MONTH_NUMBERS
from teipipe.model import Span

MONTHS = MONTH_NUMBERS  # every spelling of a month, with its number
_MONTH = "|".join(re.escape(m) for m in sorted(MONTHS, key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th)?"
FULL = re.compile(rf"(?<![\w])({_MONTH})\s+([0-9]{{1,2}}){_ORD},\s+([0-9]{{4}})(?![0-9])")
DAY_FIRST = re.compile(rf"(?<![\w])([0-9]{{1,2}})\s+({_MONTH})\s+([0-9]{{4}})(?![0-9])")
MONTH_YEAR = re.compile(rf"(?<![\w])({_MONTH})\s+([0-9]{{4}})(?![0-9])")
MONTH_DAY = re.compile(rf"(?<![\w])({_MONTH})\s+([0-9]{{1,2}}){_ORD}(?![\w])(?!,?\s+[0-9]{{4}})")
# Numbers in ASCII digits ([0-9]; \\d also takes "١", which int() reads as 1).
# Archival folder dates in a source note: "1/77", "1–2/77", "10–1155" is not one.
FOLDER_DATE = re.compile(r"(?<![\w/])([0-9]{1,2})(?:[–-]([0-9]{1,2}))?/([0-9]{2})(?![\w/])")
YEAR = re.compile(r"(?<![\w–-])(1[89][0-9][0-9]|20[0-9][0-9])(?![\w–-])")
VOLUME_YEARS = re.compile(r"frus([0-9]{4})(?:-([0-9]{2}))?")


@dataclass(frozen=True)
class DocYear:
    """The year a document's partial dates most likely belong to, and why."""

    year: int | None
    cert: str  # "medium" | "low"
    rule: str


def volume_years(volume_id: str) -> tuple[int, int] | None:
    """``frus1977-80v06`` → (1977, 1980); ``frus1934v04`` → (1934, 1934)."""
    m = VOLUME_YEARS.match(volume_id or "")
    if not m:
        return None
    first = int(m.group(1))
    last = int(m.group(1)[:2] + m.group(2)) if m.group(2) else first
    return first, last


def document_year(texts: Iterable[tuple[str, str]], volume_id: str = "") -> DocYear:
    """Pick the year for dates written without one, by the first rule that gives an answer.

    (1) the dateline's full date; (2) archival folder dates in the source note ("1–2/77");
    (3) the commonest year of the full dates in the document that falls within the
    volume's years; (4) the commonest year written anywhere within the volume's years;
    (5) the volume's only year, or else its first year (``cert="low"``).
    """
    texts = list(texts)
    span = volume_years(volume_id)

    def in_volume(year: int) -> bool:
        return span is None or span[0] <= year <= span[1]

    for text, kind in texts:
        if kind == "dateline":
            for m in FULL.finditer(text):
                return DocYear(int(m.group(3)), "medium", "dateline")
    for text, kind in texts:
        if kind == "source":
            years = [1900 + int(m.group(3)) for m in FOLDER_DATE.finditer(text)
                     if 1 <= int(m.group(1)) <= 12]
            years = [y for y in years if in_volume(y)]
            if years:
                return DocYear(Counter(years).most_common(1)[0][0], "medium", "archival folder")
    full = [int(m.group(3)) for text, _ in texts for m in FULL.finditer(text)]
    full += [int(m.group(3)) for text, _ in texts for m in DAY_FIRST.finditer(text)]
    full = [y for y in full if in_volume(y)]
    if full and span:
        return DocYear(_commonest(full), "medium", "full dates")
    written = [int(m.group(1)) for text, _ in texts for m in YEAR.finditer(text)]
    written = [y for y in written if in_volume(y)]
    if written and span:
        return DocYear(_commonest(written), "medium", "years written")
    if span:
        return DocYear(span[0], "medium" if span[0] == span[1] else "low", "volume")
    if full:
        return DocYear(_commonest(full), "low", "full dates")
    return DocYear(None, "low", "none")


def _commonest(years: list[int]) -> int:
    counts = Counter(years)
    return min(counts, key=lambda y: (-counts[y], y))


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= day <= calendar.monthrange(year or 2000, month)[1]


def find_dates(text: str, default: DocYear | None = None) -> list[Span]:
    """``date`` spans over ``text``; a date without a year takes the year of the nearest
    full date in the same text, else ``default``'s (``@cert`` says it was inferred)."""
    spans: list[Span] = []
    full_years: list[tuple[int, int]] = []
    for m in FULL.finditer(text):
        month, day, year = MONTHS[m.group(1)], int(m.group(2)), int(m.group(3))
        if _valid(year, month, day):
            spans.append(_span(m, f"{year:04d}-{month:02d}-{day:02d}"))
            full_years.append((m.start(), year))
    for m in DAY_FIRST.finditer(text):
        day, month, year = int(m.group(1)), MONTHS[m.group(2)], int(m.group(3))
        if _valid(year, month, day):
            spans.append(_span(m, f"{year:04d}-{month:02d}-{day:02d}"))
            full_years.append((m.start(), year))
    taken = [(s.start, s.end) for s in spans]
    for m in MONTH_YEAR.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            spans.append(_span(m, f"{int(m.group(2)):04d}-{MONTHS[m.group(1)]:02d}"))
    taken = [(s.start, s.end) for s in spans]
    for m in MONTH_DAY.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        month, day = MONTHS[m.group(1)], int(m.group(2))
        if full_years:  # rule: the nearest full date in the same paragraph or note
            year = min(full_years, key=lambda p: abs(p[0] - m.start()))[1]
            cert = "medium"
        elif default and default.year:
            year, cert = default.year, default.cert
        else:
            year, cert = 0, ""
        if not _valid(year, month, day):
            continue
        when = f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
        spans.append(_span(m, when, cert))
    return sorted(spans, key=lambda s: s.start)


def folder_dates(text: str) -> list[Span]:
    """Archival folder dates ("1/77", "1–2/77") as ``date`` spans with ISO months."""
    spans = []
    for m in FOLDER_DATE.finditer(text):
        first, last, yy = int(m.group(1)), m.group(2), int(m.group(3))
        if not 1 <= first <= 12 or (last and not 1 <= int(last) <= 12):
            continue
        year = 1900 + yy
        if last:
            attrs = {"from": f"{year}-{first:02d}", "to": f"{year}-{int(last):02d}"}
        else:
            attrs = {"when": f"{year}-{first:02d}"}
        spans.append(Span(m.start(), m.end(), "date", attrs, priority=10, source="dates"))
    return spans


def _span(m: re.Match[str], when: str, cert: str = "") -> Span:
    attrs = {"when": when}
    if cert:
        attrs["cert"] = cert
    return Span(m.start(), m.end(), "date", attrs, priority=10, source="dates")
