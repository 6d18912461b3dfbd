"""One way through for a text file: read → enrich → TEI → bytes on disk.

This module only wires the stages together; each stage lives in its own module
(``reader``, ``enrich``, ``tei``). Output is written atomically and never over the source.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from pipeline.diagnostics import Diagnostic, InputError
from pipeline.model import SourceInfo
from pipeline.personography import Personography
from pipeline.reader import read_file, read_text
from pipeline.tei import build_tei, personography, serialize
from pipeline.xmlio import atomic_write


def encode_text(text: str, path: str, people: Personography | None = None,
                out_path: Path | None = None, source: SourceInfo | None = None
                ) -> tuple[etree._ElementTree, list[Diagnostic]]:
    """The TEI tree for a document's text (for tests and callers holding text in memory)."""
    from pipeline.enrich import annotate

    people = people if people is not None else Personography()
    document, findings = read_text(text, path, source)
    findings += annotate(document, people)
    tree, more = build_tei(document, _entities(people), out_path)
    return tree, findings + more


def encode_file(source: Path, out: Path, persons: Path | None = None, *,
                update_persons: bool = False, info: SourceInfo | None = None) -> list[Diagnostic]:
    """Encode ``source`` into ``out``; with ``update_persons``, add new names to ``persons``.

    Raises InputError (with file:line:col findings) when the text cannot be encoded;
    in that case nothing is written.
    """
    from pipeline.enrich import annotate

    source, out = Path(source), Path(out)
    if out.exists() and source.exists() and out.resolve() == source.resolve():
        raise InputError([Diagnostic(str(out), 0, 0, "error",
                                     "the output would overwrite the source text; choose -o")])
    people = Personography.load(persons) if persons and persons.exists() else Personography()
    document, findings = read_file(source, info)
    findings += annotate(document, people)
    tree, more = build_tei(document, _entities(people), out)
    atomic_write(out, serialize(tree))
    if update_persons and persons is not None:
        atomic_write(persons, serialize(personography(_entities(people))))
    return findings + more


def _entities(people: Personography) -> list:
    return [entity for kind in ("person", "place", "org") for entity in people.entities(kind)]
