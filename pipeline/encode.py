"""One way through for a text file: read → enrich → TEI → bytes on disk.

This module only wires the stages together; each stage lives in its own module
(``reader``, ``enrich``, ``tei``). Output is written atomically and never over the source.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lxml import etree

from teipipe.diagnostics import Diagnostic, InputError
from teipipe.model import Document, Entity, SourceInfo
from teipipe.personography import Personography
from teipipe.reader import read_file, read_text
from teipipe.tei import PROFILES, build_tei, personography, serialize
from teipipe.xmlio import Sources, atomic_write, locked, output_target, tei


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
        if persons.exists() and not _ours(persons):
            raise InputError([Diagnostic(str(persons), 0, 0, "error",
                                         "--update-persons writes only a teipipe personography "
                                         "(TEI with standOff); this list is read, never "
                                         "rewritten")])
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


def _ours(path: Path) -> bool:
    """Is ``path`` a teipipe personography (a TEI file whose lists sit in standOff)?"""
    from teipipe import untrusted

    try:
        root = untrusted.read_tree(path)
    except InputError:
        return False
    return root.find(tei("standOff")) is not None
