"""Where teipipe keeps what is slow to build (pruned grammars, loaded XSDs) between runs,
and the keys it files them under.

The cache lives in the user's cache folder (``$XDG_CACHE_HOME`` or ``~/.cache``), never
inside the repository or beside an input. An entry is named by a digest of everything it
was built from, so a changed schema or a changed builder can never be served an old one.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from teipipe.validation.names import Name

# Part of every pruned grammar's key: raise it when the pruning or the simplification
# changes what they write, so that grammars built by an older teipipe are not reused.
GRAMMAR_FORMAT = "2"


def cache_dir(kind: str = "rng") -> Path:
    """The folder for one kind of entry: ``rng`` (pruned grammars, the embedded
    Schematron) or ``xsd`` (loaded XML Schemas)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "teipipe" / kind


def grammar_key(schema_digest: str, elements: Iterable[Name],
                attributes: Iterable[Name]) -> str:
    """A file name for the grammar (known by its SHA-256) pruned to these names."""
    h = hashlib.sha256(f"{schema_digest}\n{GRAMMAR_FORMAT}".encode())
    for label, names in (("E", elements), ("A", attributes)):
        for ns, name in sorted(names):
            h.update(f"{label}{{{ns}}}{name}\n".encode())
    return h.hexdigest()
