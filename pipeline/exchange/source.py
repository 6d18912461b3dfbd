"""Reading the TEI files the exchange commands are given, with messages that point at the fault."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from teipipe.diagnostics import Diagnostic, InputError
from teipipe.xmlio import safe_parser


def parse_tei(path: str | Path) -> etree._ElementTree:
    """Parse ``path`` with the hardened parser; InputError (file:line:col) if it cannot be read."""
    try:
        return etree.parse(str(path), safe_parser())
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (0, 0)
        found = Diagnostic(str(path), line, col, "error", exc.msg, "well-formed")
        raise InputError([found]) from exc
    except OSError as exc:
        found = Diagnostic(str(path), 0, 0, "error", f"cannot read: {exc.strerror or exc}", "read")
        raise InputError([found]) from exc


def tei_files(paths: list[str]) -> list[str]:
    """The files named, with each folder replaced by its ``*.xml`` files in name order
    (an edition's letters: ``teipipe export --cmif letters/``); nothing below is searched,
    and a symbolic link in the folder is not followed (it may lead to a file not named)."""
    found: list[str] = []
    for path in paths:
        folder = Path(path)
        if folder.is_dir():
            found += [str(p) for p in sorted(folder.glob("*.xml"))
                      if p.is_file() and not p.is_symlink()]
        else:
            found.append(path)
    return found
