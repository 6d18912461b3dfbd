"""One way through for a text file: read → enrich → TEI → bytes on disk.

This module only wires the stages together; each stage lives in its own module
(``reader``, ``enrich``, ``tei``). Output is written atomically and never over the source.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, cast

from lxml import etree

from teipipe.diagnostics import Diagnostic, InputError
from teipipe.model import Document, Entity, SourceInfo
from teipipe.personography import Personography
from teipipe.reader import read_file, read_text
from teipipe.tei import PROFILES, build_tei, personography, serialize
from teipipe.xmlio import Sources, atomic_write, flush_to_disk, locked, output_target, tei

if TYPE_CHECKING:
    from teipipe.executors import Executor


def encode_text(
    text: str,
    path: str,
    people: Personography | None = None,
    source: SourceInfo | None = None,
    profile: str = "teipipe",
) -> tuple[etree._ElementTree, list[Diagnostic]]:
    """The TEI tree for a document's text (for tests and callers holding text in memory)."""
    _check_profile(profile)
    people = people if people is not None else Personography()
    with _bug_report(path):
        document, findings = read_text(text, path, source)
        return _encode(document, findings, people, profile)


def encode_file(
    source: Path,
    out: Path,
    persons: Path | None = None,
    *,
    update_persons: bool = False,
    info: SourceInfo | None = None,
    profile: str = "teipipe",
) -> list[Diagnostic]:
    """Encode ``source`` into ``out``; with ``update_persons``, add new names to ``persons``.

    Raises InputError (with file:line:col findings) when the text cannot be encoded;
    in that case nothing is written.
    """
    _check_profile(profile)
    source, out = Path(source), Path(out)
    sources = Sources([source] if persons is None else [source, persons])
    output_target(out, sources)  # before anything is read or written: never the source
    if update_persons and persons is not None:
        output_target(persons, Sources([source]))
        _check_ours(persons)
        # read, add to and replace the personography under a lock: two runs at once (two
        # builds) each add their names, neither loses the other's
        with locked(persons):
            return _encode_file(source, out, persons, sources, info, profile, update=True)
    return _encode_file(source, out, persons, sources, info, profile, update=False)


def _encode_file(source: Path, out: Path, persons: Path | None, sources: Sources,
                 info: SourceInfo | None, profile: str, *, update: bool) -> list[Diagnostic]:
    people = Personography.load(persons) if persons and persons.exists() else Personography()
    with _bug_report(str(source)):
        document, findings = read_file(source, info)
        tree, findings = _encode(document, findings, people, profile)
    atomic_write(out, serialize(tree), sources=sources)
    if update and persons is not None:
        atomic_write(persons, serialize(personography(entities(people))),
                     sources=Sources([source]))
    return findings


@dataclass
class Share:
    """What encoding a run of files did: per file its findings and whether it was written
    (an InputError's findings otherwise); with ``learn``, the personography entries the
    run added or extended, in the order they were added."""

    outcomes: list[tuple[bool, list[Diagnostic]]] = field(default_factory=list)
    added: list[Entity] = field(default_factory=list)
    answers: list[Answers | None] = field(default_factory=list)  # with ``learn``, per file


@dataclass
class Answers:
    """What the personography told one document's encoder. Encoding is a function of the
    text and of these answers, so against another personography that gives the same ones
    (a build's merged personography) the document is encoded to the same bytes."""

    lookups: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    curated: dict[str | None, str] = field(default_factory=dict)  # kind -> digest
    touched: dict[str, Entity] = field(default_factory=dict)  # as they were at the end
    made: bool = False  # a new entry: its id in the merged personography may be another
    other: bool = False  # asked something not noted here: assume it differs

    def same_in(self, people: Personography) -> bool:
        """Would ``people`` answer every question as this document was answered?"""
        if self.made or self.other:
            return False
        if any(tuple(e.id for e in people.lookup_all(kind, surface)) != ids
               for kind, surface, ids in self.lookups):
            return False
        if any(_curated(people, kind) != digest for kind, digest in self.curated.items()):
            return False
        return all(people.get(i) == entity for i, entity in self.touched.items())


class _Noting:
    """A personography that notes its answers (:class:`Answers`) while it gives them."""

    def __init__(self, people: Personography):
        self._people = people
        self.answers = Answers()
        self._seen: dict[str, Entity] = {}

    def lookup_all(self, kind: str, surface: str) -> list[Entity]:
        found = self._people.lookup_all(kind, surface)
        self.answers.lookups.append((kind, surface, tuple(e.id for e in found)))
        self._seen.update((e.id, e) for e in found)
        return found

    def lookup(self, kind: str, surface: str) -> Entity | None:
        found = self.lookup_all(kind, surface)
        return found[0] if found else None

    def get(self, entity_id: str) -> Entity | None:
        self.answers.other = True  # not compared: encode again
        return self._people.get(entity_id)

    def entities(self, kind: str | None = None) -> list[Entity]:
        self.answers.curated[kind] = _curated(self._people, kind)
        return self._people.entities(kind)

    def new_id(self, kind: str, name: str) -> str:
        self.answers.made = True
        return self._people.new_id(kind, name)

    def add(self, entity: Entity) -> None:
        self._people.add(entity)
        self._seen[entity.id] = entity

    def __getattr__(self, name: str):
        self.answers.other = True
        return getattr(self._people, name)

    def done(self) -> Answers:
        """The answers, with the entries the document saw as they are now (copies)."""
        self.answers.touched = {i: replace(e, forms=list(e.forms)) for i, e in self._seen.items()}
        return self.answers


def _curated(people: Personography, kind: str | None) -> str:
    """A digest of the curated entries of ``kind`` (what the name finder learns from)."""
    import hashlib

    digest = hashlib.sha1(usedforsecurity=False)
    for entity in people.entities(kind):
        if entity.curated:
            digest.update(repr((entity.id, entity.name, entity.forms)).encode())
    return digest.hexdigest()


def encode_share(pairs: list[tuple[Path, Path]], persons: Path | None, *, learn: bool = False,
                 profile: str = "teipipe", volume: str | None = None,
                 durable: bool = False) -> Share:
    """Encode each (source, target) of a share, in order, in this process (a worker's part
    of ``teipipe encode SRC… -o DIR`` and of ``build``): the personography is read once.

    Without ``learn`` every file sees the personography as it is on disk, as
    :func:`encode_file` would; with ``learn`` the names each file adds are seen by the
    files after it (a build), and reported in :attr:`Share.added` for the caller to merge.
    ``durable=False`` leaves the syncing to the caller (:func:`teipipe.xmlio.flush_to_disk`).
    """
    _check_profile(profile)
    base = Personography.load(persons) if persons and persons.exists() else Personography()
    before = {e.id: len(e.forms) for e in entities(base)}
    snapshot = pickle.dumps(base) if not learn else b""
    share = Share()
    for source, out in pairs:
        people = base if learn else pickle.loads(snapshot)  # a copy: faster than parsing
        if not learn:
            before = {e.id: len(e.forms) for e in entities(people)}
        sources = Sources([source] if persons is None else [source, persons])
        noting = _Noting(people) if learn else None
        share.answers.append(None)
        try:
            output_target(out, sources)
            with _bug_report(str(source)):
                document, findings = read_file(source, source_info(source, volume))
                tree, findings = _encode(document, findings,
                                         cast(Personography, noting or people), profile)
            atomic_write(out, serialize(tree), durable=durable, sources=sources)
        except InputError as error:
            share.outcomes.append((False, error.diagnostics))
            continue
        share.outcomes.append((True, findings))
        if noting is not None:
            share.answers[-1] = noting.done()
        if not learn:  # a name the personography lacks: the caller may want to know
            share.added += [e for e in entities(people) if before.get(e.id) != len(e.forms)]
    if learn:
        share.added = [e for e in entities(base) if before.get(e.id) != len(e.forms)]
    return share


# A worker is given at least this many files: fewer are encoded faster than a process forks
# and reads the personography (encoding takes a few milliseconds a file).
PER_WORKER = 8


def encode_batch(pairs: list[tuple[Path, Path]], persons: Path | None, *,
                 update_persons: bool = False, profile: str = "teipipe",
                 volume: str | None = None, executor: Executor | None = None
                 ) -> list[tuple[bool, list[Diagnostic]]]:
    """Encode many (source, target) pairs with ``executor`` (default: local workers); for
    each pair, whether it was written and its findings, in order.

    With ``update_persons`` the names found are added to ``persons`` (under its lock), in
    source order, and every document is encoded against the personography as it is at the
    end, whatever the order or the sharding (what tests/test_edition.py checks of the
    committed edition; a document's header lists the forms of the names it cites, which
    later documents may add to): shares run at once against the personography as it was;
    when names were added, the documents the merged personography would answer otherwise
    (:class:`Answers`) are encoded again against it.
    """
    from teipipe import enrich  # noqa: F401 - compiled here once, before workers fork
    from teipipe.executors import LocalExecutor, located, shares

    _check_profile(profile)
    executor = executor or LocalExecutor()
    pairs = [(located(executor, source), located(executor, out)) for source, out in pairs]
    persons = located(executor, persons) if persons is not None else None
    parts = shares(pairs, executor.width, least=PER_WORKER)
    if not (update_persons and persons is not None):
        done = executor.map(_share, [(part, persons, False, profile, volume) for part in parts])
        flush_to_disk()
        return [outcome for share in done for outcome in share.outcomes]
    sources = Sources([source for source, _ in pairs])
    output_target(persons, sources)
    _check_ours(persons)
    with locked(persons):
        done = executor.map(_share, [(part, persons, True, profile, volume) for part in parts])
        outcomes = [outcome for share in done for outcome in share.outcomes]
        people = Personography.load(persons) if persons.exists() else Personography()
        if sum(merge_added(people, share.added) for share in done):
            atomic_write(persons, serialize(personography(entities(people))), sources=sources)
            # a document answered otherwise than the merged personography would answer now
            # (it named a name added since, or added one): encoded again, against that one
            answers = [answer for share in done for answer in share.answers]
            again = [i for i, answer in enumerate(answers)
                     if answer is not None and not answer.same_in(people)]
            redone = executor.map(_share, [(part, persons, False, profile, volume) for part in
                                           shares([pairs[i] for i in again], executor.width,
                                                  least=PER_WORKER)])
            for i, outcome in zip(again, [o for share in redone for o in share.outcomes],
                                  strict=True):
                outcomes[i] = outcome
            if sum(merge_added(people, share.added) for share in redone):
                atomic_write(persons, serialize(personography(entities(people))),
                             sources=sources)
    flush_to_disk()
    return outcomes


def _share(pairs: list[tuple[Path, Path]], persons: Path | None, learn: bool, profile: str,
           volume: str | None) -> Share:
    """:func:`encode_share` with its arguments in order (how executors call it); the files
    are on disk when it returns (on a cluster, the caller cannot sync a worker's disk)."""
    share = encode_share(pairs, persons, learn=learn, profile=profile, volume=volume)
    flush_to_disk()
    return share


def source_info(source: Path, volume: str | None = None,
                document: str | None = None) -> SourceInfo:
    """What a source's name says (``frus1977-80v06-d1.txt``), with the volume or document
    number given on the command line instead when there is one."""
    from teipipe.frus import document_url
    from teipipe.reader import source_info_from_name, volume_title

    info = source_info_from_name(str(source))
    if volume:
        info.volume_id, info.volume_title = volume, volume_title(volume)
    if document:
        info.doc_number = document
    if info.volume_id and info.doc_number:
        info.url = document_url(info.volume_id, info.doc_id)
    return info


def merge_added(people: Personography, added: list[Entity]) -> int:
    """Add the entries another process added to its copy of ``people`` (a build's share):
    one of the same kind and name takes the new forms, an id taken by another name gets a
    fresh one. How many entries were new or changed."""
    changed = 0
    for entity in added:
        same = people.get(entity.id)
        if same is None or (same.kind, same.name) != (entity.kind, entity.name):
            same = next((e for e in people.lookup_all(entity.kind, entity.name)
                         if e.name == entity.name), None)
        if same is None:
            fresh = replace(entity, forms=list(entity.forms))
            if people.get(fresh.id) is not None:
                fresh.id = people.new_id(fresh.kind, fresh.name)
            people.add(fresh)
            changed += 1
        elif any(form not in same.forms for form in entity.forms):
            people.add(replace(entity, id=same.id, forms=list(entity.forms)))
            changed += 1
    return changed


def entities(people: Personography) -> list[Entity]:
    """Every person, place and organisation of a personography."""
    return [entity for kind in ("person", "place", "org") for entity in people.entities(kind)]


def _encode(document: Document, findings: list[Diagnostic], people: Personography,
            profile: str) -> tuple[etree._ElementTree, list[Diagnostic]]:
    from teipipe.enrich import annotate

    findings = findings + annotate(document, people)
    tree, more = build_tei(document, entities(people), profile)
    return tree, findings + more


def _check_profile(profile: str) -> None:
    """A caller's mistake, said as such before any input is read (not as a bug report)."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")


@contextmanager
def _bug_report(path: str) -> Iterator[None]:
    """Turn a failed invariant of the encoder into one line naming the file, not a traceback.

    Input errors are InputError already; anything else raised while reading, annotating or
    building the tree is teipipe's fault, so the message asks for a report. The check
    ``internal`` marks it (the fuzz tests look for it).
    """
    try:
        yield
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - every other exception is a bug of ours
        what = str(exc).removeprefix(f"{path}: ")[:200] or type(exc).__name__
        raise InputError([Diagnostic(
            path, 0, 0, "error",
            f"internal error ({type(exc).__name__}: {what}); this is a bug in teipipe, please "
            "report it with this file", "internal")]) from exc


def _check_ours(persons: Path) -> None:
    """``--update-persons`` rewrites only a teipipe personography, never another list."""
    if persons.exists() and not _ours(persons):
        raise InputError([Diagnostic(str(persons), 0, 0, "error",
                                     "--update-persons writes only a teipipe personography "
                                     "(TEI with standOff); this list is read, never "
                                     "rewritten")])


def _ours(path: Path) -> bool:
    """Is ``path`` a teipipe personography (a TEI file whose lists sit in standOff)?"""
    from teipipe import untrusted

    try:
        root = untrusted.read_tree(path)
    except InputError:
        return False
    return root.find(tei("standOff")) is not None
