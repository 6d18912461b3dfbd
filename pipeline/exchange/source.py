"""Reading the TEI files the exchange commands are given, with messages that point at the fault."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from teipipe import untrusted


def parse_tei(path: str | Path) -> etree._ElementTree:
    """Parse ``path`` through the one door; InputError (file:line:col) if it is refused."""
    return untrusted.read_tree(Path(path)).getroottree()


def tei_files(paths: list[str]) -> list[str]:
    """The files named, each folder standing for the ``*.xml`` files under it, by the one
    folder rule every command uses (:func:`teipipe.batch.expand`)."""
    from teipipe.batch import expand

    return [str(path) for path in expand(paths)]
