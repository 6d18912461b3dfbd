"""Annotators: spans for names, dates and citations over a document's text.

``annotate`` runs them all over every segment (body blocks and notes) and links each
name to an entity of the personography, adding the ones it does not know yet
(``curated=False``, for an editor to review). Each annotator lives in its own module
and works on plain strings; this module only wires them to the document model.
"""

from __future__ import annotations

from teipipe.diagnostics import Diagnostic
from teipipe.enrich import citations, dates, names
from teipipe.model import Block, Document, Entity, Note, Span, SpanIndex
from teipipe.personography import Personography, person_forms

TAGS = {"person": "persName", "place": "placeName", "org": "orgName"}


def _kind(segment: Block | Note) -> str:
    if isinstance(segment, Note):
        return "source" if segment.kind == "source" else "note"
    return segment.kind


class _Linker:
    """Turns mentions into entity ids, for one document (so "Dulles" after "Allen
    Dulles" means Allen Dulles, and "Harold" in "Dear Harold" the Harold named there)."""

    def __init__(self, people: Personography, known: names.Known):
        self.people = people
        self.known = known
        self.by_first_name: dict[str, Entity] = {}  # the first person seen with that name
        self.latest: dict[str, int] = {}  # entity id → when it was last named (a counter)
        self.clock = 0
        self.forenames: dict[str, list[Entity]] | None = None

    def ref(self, mention: names.Mention) -> str:
        if mention.kind == "person":
            entity = self._person(mention.surface)
        else:
            entity = self._named(mention.kind, mention.canonical or mention.surface,
                                 mention.surface)
        if entity.id not in self.latest and entity.kind == "person" and entity.name.split():
            self.by_first_name.setdefault(entity.name.split()[0], entity)
        self.clock += 1
        self.latest[entity.id] = self.clock
        return "#" + entity.id

    def _person(self, surface: str) -> Entity:
        found = self._listed(surface)
        if found:
            return found
        return self._new_person(surface)

    def _listed(self, surface: str) -> Entity | None:
        """The persons-list entry a mention means: "Sir Roger" is the one Sir Roger listed,
        a bare family name first the person already named in this document, then the
        one whose office the title used names, then the most senior office."""
        words = [w for w in surface.split() if w not in names.NAME_TITLES] or surface.split()
        bare = " ".join(words)
        if bare != surface:
            found = self.people.lookup_all("person", bare)
            if not found and len(words) == 1:
                found = self._listed_forenames().get(words[0], [])
            if len(found) == 1:
                return found[0]
        if len(words) != 1:
            return None
        found = [e for e in self.people.lookup_all("person", bare) if e.curated]
        if len(found) < 2:
            return None
        named = [e for e in found if e.id in self.latest]
        if named:
            return max(named, key=lambda e: self.latest[e.id])  # the one named last
        titles = self.known.titles.get(bare, set())
        for entity in found:
            if any(t.rstrip(".") in entity.note for t in titles):
                return entity
        return max(found, key=lambda e: _seniority(e.note))

    def _listed_forenames(self) -> dict[str, list[Entity]]:
        """Listed persons by first forename ("Roger" → Sir Roger Makins), built once."""
        if self.forenames is None:
            self.forenames = {}
            for e in self.people.entities("person"):
                if e.curated and len(e.name.split()) > 1:
                    self.forenames.setdefault(e.name.split()[0], []).append(e)
        return self.forenames

    def _new_person(self, surface: str) -> Entity:
        words = surface.split()
        full = surface
        if len(words) == 1:
            full = self.known.surnames.get(surface) or surface
            if surface not in self.known.surnames and surface in self.by_first_name:
                return self.by_first_name[surface]  # a first name: "Dear Harold"
        found = self.people.lookup_all("person", full) or self.people.lookup_all(
            "person", surface)
        full_words = [w for w in full.split() if not w.endswith(".")]
        if not found and len(full_words) > 1:  # "Dwight D. Eisenhower" → "Dwight Eisenhower"
            found = self.people.lookup_all("person", f"{full_words[0]} {full_words[-1]}")
        if len(found) > 1:  # "Dulles": prefer the one whose office matches the title used
            titles = self.known.titles.get(words[-1], set())
            for entity in found:
                if any(t.rstrip(".") in entity.note for t in titles):
                    return entity
        if found:
            return found[0]
        entity = Entity(id=self.people.new_id("person", full), kind="person", name=full,
                        forms=list(dict.fromkeys([*person_forms(full), surface])),
                        curated=False)
        self.people.add(entity)
        return entity

    def _named(self, kind: str, canonical: str, surface: str) -> Entity:
        entity = self.people.lookup(kind, canonical) or self.people.lookup(kind, surface)
        if entity is None:
            entity = Entity(id=self.people.new_id(kind, canonical), kind=kind, name=canonical,
                            forms=[canonical], curated=False)
            self.people.add(entity)
        if not entity.curated and surface not in entity.forms:
            entity.forms.append(surface)
            self.people.add(entity)
        return entity


_SENIOR = ("President of", "Prime Minister", "Premier", "Chairman of", "King", "Queen",
           "Secretary of State", "Foreign Minister", "Minister of Foreign Affairs",
           "Secretary-General", "First Secretary")


def _seniority(note: str) -> int:
    """How senior the office a persons-list entry starts with is (a bare "Chiang" in a
    volume listing Chiang Kai-shek and Chiang Ching-kuo is usually the President)."""
    head = note.split(";")[0]
    return next((len(_SENIOR) - i for i, office in enumerate(_SENIOR) if office in head), 0)


def annotate(doc: Document, people: Personography) -> list[Diagnostic]:
    """Add name, date and citation spans to every segment of ``doc``; link names to ``people``.

    Spans already on a segment (the reader's) are kept; a new span that would cross one
    is left out, with an ``info`` finding.
    """
    segments = doc.segments()
    texts = [(segment.plain, _kind(segment)) for segment in segments]
    persons_forms = [form for entity in people.entities("person") if entity.curated
                     for form in entity.forms]
    known = names.learn(texts, persons_forms)
    year = dates.document_year(texts, doc.source.volume_id)
    linker = _Linker(people, known)
    findings: list[Diagnostic] = []
    for segment, (text, kind) in zip(segments, texts, strict=True):
        new = [Span(m.start, m.end, TAGS[m.kind], {"ref": linker.ref(m)}, priority=10,
                    source="names") for m in names.find_names(text, known, kind)]
        new += dates.find_dates(text, year)
        if isinstance(segment, Note):
            new += citations.find_citations(text, doc.source.volume_id)
            new += dates.folder_dates(text)
        kept, dropped = nest(segment.spans, new)
        segment.spans = segment.spans + kept
        for span in dropped:
            findings.append(Diagnostic(doc.path, segment.pos.line, segment.pos.col, "info",
                                       f"{span.tag} over {text[span.start:span.end]!r} left "
                                       "out: it would cross another annotation", "enrich"))
    return findings


def nest(existing: list[Span], new: list[Span]) -> tuple[list[Span], list[Span]]:
    """The new spans that nest with the existing ones and each other (higher priority first);
    two spans over the same text with the same tag become one, attributes merged."""
    merged: dict[tuple[int, int, str], Span] = {}
    for span in new:
        key = (span.start, span.end, span.tag)
        if key in merged:
            merged[key].attrs = {**span.attrs, **merged[key].attrs}
        else:
            merged[key] = Span(span.start, span.end, span.tag, dict(span.attrs),
                               span.priority, span.source)
    kept: list[Span] = []
    dropped: list[Span] = []
    present = {(s.start, s.end, s.tag) for s in existing}
    index = SpanIndex()
    for span in existing:
        index.add(span)
    for span in sorted(merged.values(), key=lambda s: (-s.priority, s.start, -s.end)):
        if (span.start, span.end, span.tag) in present:
            continue
        if span.end <= span.start or index.crossing(span) is not None:
            dropped.append(span)
        else:
            kept.append(span)
            index.add(span)
    return sorted(kept, key=lambda s: (s.start, -s.end)), dropped
