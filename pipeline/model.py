"""The document model: what a plain-text FRUS document says, with no XML in sight.

The reader fills it, annotators add spans over its text, and the TEI writer turns it
into markup. Every piece keeps the line and column where it stood in the source, so
that any message about it can point there.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from teipipe.frus import document_id


@dataclass(frozen=True)
class Pos:
    """1-based line and column in the source file."""

    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.line}:{self.col}"


@dataclass
class Text:
    """A run of source text, kept character for character."""

    text: str
    pos: Pos


@dataclass
class NoteRef:
    """A footnote marker (``Brezhnev1``): the note ``n`` as printed stands here."""

    n: str
    pos: Pos
    note_index: int = -1  # position of the note in Document.notes, set by the reader


@dataclass
class PageBreak:
    """A ``[Page N]`` marker: page ``n`` begins exactly here."""

    n: str
    pos: Pos


@dataclass
class LineBreak:
    """A newline inside a block (a dateline split over lines, a marker on a line of its own)."""

    pos: Pos


Inline = Text | NoteRef | PageBreak | LineBreak


@dataclass
class Span:
    """An annotation over a segment's plain text: ``text[start:end]`` is a ``tag``.

    Offsets count characters of the segment's plain text (markers excluded). Spans may
    nest (a ``title`` inside a ``bibl``) but never cross; ``priority`` decides which of
    two crossing spans is kept. ``children`` is not used: nesting follows from offsets.
    """

    start: int
    end: int
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    priority: int = 0
    source: str = ""  # which annotator made it (for messages and tests)


@dataclass
class Block:
    """A unit of the document's body, in reading order.

    ``kind`` is the TEI element it becomes (``head``, ``p``, ``salute``, ``signed``,
    ``dateline``, ``item``, ``seg``, ``pb``) and ``group`` the container it sits in
    (``opener``, ``closer``, ``list``, ``quote``) or ``None``.
    ``newlines_before`` is how many newline characters separated it from the block
    before (2 = one blank line), so that the source layout can be given back.
    """

    kind: str
    inlines: list[Inline]
    pos: Pos
    group: str | None = None
    newlines_before: int = 2
    attrs: dict[str, str] = field(default_factory=dict)
    spans: list[Span] = field(default_factory=list)
    starts_group: bool = False  # opens a new container even after one of the same kind

    @property
    def plain(self) -> str:
        return "".join(piece.text for piece in self.inlines if isinstance(piece, Text))


@dataclass
class Note:
    """A footnote from the list at the end of the document.

    ``n`` is the number printed at the marker in the text (volume-wide in old
    volumes, 0-based in some); ``list_number`` is the number printed in the list.
    """

    n: str
    list_number: int
    inlines: list[Inline]
    pos: Pos
    kind: str = "note"  # "source" for the source note on the heading
    spans: list[Span] = field(default_factory=list)
    rend: str = ""  # "arrow-list" when the source listed it as "- text↩"

    @property
    def plain(self) -> str:
        return "".join(piece.text for piece in self.inlines if isinstance(piece, Text))


@dataclass
class SourceInfo:
    """Where the document comes from: the FRUS volume and document number."""

    volume_id: str = ""  # "frus1977-80v06"
    doc_number: str = ""  # "1"
    volume_title: str = ""  # "Foreign Relations of the United States, 1977–1980, Volume VI…"
    url: str = ""  # https://history.state.gov/historicaldocuments/frus1977-80v06/d1

    @property
    def doc_id(self) -> str:
        return document_id(self.doc_number) if self.doc_number else "d"


@dataclass
class Document:
    """A whole source document: body blocks, notes, and the layout needed to give it back."""

    path: str
    blocks: list[Block]
    notes: list[Note]
    source: SourceInfo
    title: str = ""
    newlines_before_notes: int = 1
    trailing_newlines: int = 0

    def segments(self) -> list[Block | Note]:
        """Every piece of text an annotator may look at, in reading order."""
        return [*self.blocks, *self.notes]


@dataclass
class Entity:
    """A person, place or organisation in the personography (``tei/persons.xml``).

    ``forms`` are the ways the documents write the name ("Carter", "Jimmy Carter");
    ``name`` is the full display name ("Jimmy Carter"); ``note`` the role or office.
    ``idnos`` maps an authority (``wikidata``, ``viaf``) to an identifier that was
    verified in ``idno_source``; never guessed. ``curated`` is False for entries the
    encoder added on its own, which an editor should review.
    """

    id: str
    kind: str  # "person" | "place" | "org"
    name: str
    forms: list[str] = field(default_factory=list)
    note: str = ""
    idnos: dict[str, str] = field(default_factory=dict)
    idno_source: str = ""
    curated: bool = True


class SpanIndex:
    """Spans kept so far (none crossing another), to find one that a new span would cross.

    Only the kept spans that start or end strictly inside the new one can cross it, so a
    query looks at those (found by bisection), not at every span kept: checking each new
    span against all the others made a paragraph of 4,000 dates quadratic.
    """

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self.by_start: list[tuple[int, int]] = []  # (start, index into spans)
        self.by_end: list[tuple[int, int]] = []  # (end, index into spans)

    def add(self, span: Span) -> None:
        index = len(self.spans)
        self.spans.append(span)
        bisect.insort(self.by_start, (span.start, index))
        bisect.insort(self.by_end, (span.end, index))

    def crossing(self, span: Span) -> Span | None:
        """The earliest added span that ``span`` would cross, or None."""
        found = [index for _, index in self._inside(self.by_start, span)
                 if self.spans[index].end > span.end]
        found += [index for _, index in self._inside(self.by_end, span)
                  if self.spans[index].start < span.start]
        return self.spans[min(found)] if found else None

    @staticmethod
    def _inside(keys: list[tuple[int, int]], span: Span) -> list[tuple[int, int]]:
        """Entries whose key lies strictly between the span's start and end."""
        low = bisect.bisect_left(keys, (span.start + 1, -1))
        high = bisect.bisect_left(keys, (span.end, -1))
        return keys[low:high]
