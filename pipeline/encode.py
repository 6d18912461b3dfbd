"""One way through for a text file: read → enrich → TEI → bytes on disk.

This module only wires the stages together; each stage lives in its own module
(``reader``, ``enrich``, ``tei``). Output is written atomically and never over the source.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from teipipe.diagnostics import Diagnostic, InputError
from teipipe.model import Document, Entity, SourceInfo
from teipipe.personography import Personography
from teipipe.reader import read_file, read_text
from teipipe.tei import build_tei, personography, serialize
from teipipe.xmlio import atomic_write, tei


def encode_text(
    text: str,
    path: str,
    people: Personography | None = None,
    source: SourceInfo | None = None,
    profile: str = "teipipe",
) -> tuple[etree._ElementTree, list[Diagnostic]]:
    """The TEI tree for a document's text (for tests and callers holding text in memory)."""
    people = people if people is not None else Personography()
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
    source, out = Path(source), Path(out)
    if out.exists() and source.exists() and out.resolve() == source.resolve():
        raise InputError([Diagnostic(str(out), 0, 0, "error",
                                     "the output would overwrite the source text; choose -o")])
    if update_persons and persons is not None and persons.exists() and not _ours(persons):
        raise InputError([Diagnostic(str(persons), 0, 0, "error",
                                     "--update-persons writes only a teipipe personography "
                                     "(TEI with standOff); this list is read, never rewritten")])
    people = Personography.load(persons) if persons and persons.exists() else Personography()
    document, findings = read_file(source, info)
    tree, findings = _encode(document, findings, people, profile)
    atomic_write(out, serialize(tree))
    if update_persons and persons is not None:
        atomic_write(persons, serialize(personography(entities(people))))
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


def _ours(path: Path) -> bool:
    """Is ``path`` a teipipe personography (a TEI file whose lists sit in standOff)?"""
    from teipipe import untrusted

    try:
        root = untrusted.read_tree(path)
    except InputError:
        return False
    return root.find(tei("standOff")) is not None
