"""The conventions of FRUS and of the Office of the Historian, written down once.

Where history.state.gov keeps a document, how its volumes are named (``frus1977-80v06``,
volume numbers in Roman numerals), the identifiers an encoded document uses (``d1``,
``d1fn3``, ``pg_2``; persons keep the volume's own ``p_…``) and the month names of a
dateline: the reader, the encoder, the enrichers and the exchange formats must agree on
all of these, so they read them from here.
"""

from __future__ import annotations

import calendar

# Where history.state.gov publishes the volumes: + "frus1969-76v32/d317".
HSG = "https://history.state.gov/historicaldocuments/"

# The month names a dateline spells out, January first; and every spelling found in the
# text (full and abbreviated) with its number.
MONTHS: tuple[str, ...] = tuple(calendar.month_name[1:])
MONTH_NUMBERS: dict[str, int] = {name: number for number, name in enumerate(MONTHS, start=1)}
MONTH_NUMBERS.update({"Jan.": 1, "Feb.": 2, "Mar.": 3, "Apr.": 4, "Aug.": 8, "Sept.": 9,
                      "Sep.": 9, "Oct.": 10, "Nov.": 11, "Dec.": 12})

_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
_ROMAN_DIGITS = {letters: value for value, letters in _ROMAN if len(letters) == 1}


def document_url(volume_id: str, doc_id: str) -> str:
    """``("frus1977-80v06", "d1")`` → the document's address on history.state.gov."""
    return f"{HSG}{volume_id}/{doc_id}"


def document_id(number: str) -> str:
    """The document's id in its volume: number ``"1"`` → ``"d1"``."""
    return f"d{number}"


def note_id(doc_id: str, n: str) -> str:
    """A footnote's xml:id: the document's id, ``fn`` and the number printed at the marker."""
    return f"{doc_id}fn{n}"


def page_id(n: str) -> str:
    """A page break's xml:id: ``[Page 2]`` → ``pg_2``."""
    return f"pg_{n}"


def to_roman(number: int) -> str:
    """``32`` → ``"XXXII"``: FRUS numbers its volumes in Roman numerals. Numbers outside
    1–3999 stay digits (a file name can hold any number)."""
    if not 0 < number < 4000:
        return str(number)
    out = ""
    for value, letters in _ROMAN:
        while number >= value:
            out += letters
            number -= value
    return out


def from_roman(text: str) -> int:
    """``"XXXII"`` → 32 (arabic digits are accepted as they are); ``KeyError`` for other
    letters."""
    if text.isascii() and text.isdigit():
        return int(text)
    total = 0
    for here, after in zip(text, [*text[1:], ""], strict=True):
        value = _ROMAN_DIGITS[here]
        total += -value if after and _ROMAN_DIGITS[after] > value else value
    return total
