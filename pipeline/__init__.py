"""teipipe: plain-text historical documents to validated TEI P5, and TEI to reading editions.

The public API is the names in ``__all__`` (see docs/api.md). They are imported on first
use (PEP 562), so that ``import teipipe`` and ``teipipe --help`` do not load lxml or
saxonche.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what the lazy names below are, for type checkers and editors
    from teipipe.diagnostics import (
        Diagnostic,
        InputError,
        SchemaError,
        TeipipeError,
        UsageError,
    )
    from teipipe.encode import encode_file, encode_text
    from teipipe.transform import Options, Transformer, transform_paths
    from teipipe.validate import FileReport, Validator, validate_paths

    __version__: str

__all__ = [
    "encode_file", "encode_text",  # plain text → TEI
    "validate_paths", "Validator", "FileReport",  # TEI → a report of findings
    "transform_paths", "Transformer", "Options",  # TEI → HTML and text
    "Diagnostic", "TeipipeError", "InputError", "UsageError", "SchemaError",
    "__version__", "SCHEMA_DIR", "XSLT_DIR",
]


def _version() -> str:
    """The installed version (written once, in pyproject.toml), read from the METADATA
    file of teipipe's dist-info: ``importlib.metadata`` costs 25-45 ms of imports at every
    start, most of a ``teipipe --help``; it is the fallback."""
    import os
    import sys

    for entry in sys.path:
        try:
            names = [n for n in os.listdir(entry or ".")
                     if n.startswith("teipipe-") and n.endswith(".dist-info")]
        except OSError:
            continue
        for name in names:
            try:
                with open(os.path.join(entry or ".", name, "METADATA"), encoding="utf-8") as f:
                    for line in f:
                        if line.startswith("Version:"):
                            return line.split(":", 1)[1].strip()
                        if not line.strip():
                            break
            except OSError:
                continue
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("teipipe")
    except PackageNotFoundError:  # pragma: no cover - a tree that was never installed
        return "0.0.0+unknown"

# The date this version was released: the revisionDesc of every file it encodes names it,
# so that encoding the same text with the same version gives the same bytes.
RELEASE_DATE = "2026-11-27"


def _data_dir(name: str) -> Path:
    """Where the package data folder ``name`` is: inside the package in an installed wheel
    (pyproject maps ``xslt/`` and ``schema/`` there), beside ``pipeline/`` in a checkout
    installed for development."""
    here = Path(__file__).resolve().parent
    inside = here / name
    return inside if inside.is_dir() else here.parent / name


# The official TEI schemas and the project's customization (see schema/README.md).
SCHEMA_DIR = _data_dir("schema")
# The stylesheets: HTML and text renderings, importable by a project's own.
XSLT_DIR = _data_dir("xslt")


# Public name → the module that defines it (imported when the name is first used).
_PUBLIC = {
    "encode_file": "teipipe.encode",
    "encode_text": "teipipe.encode",
    "validate_paths": "teipipe.validate",
    "Validator": "teipipe.validate",
    "FileReport": "teipipe.validate",
    "Transformer": "teipipe.transform",
    "Options": "teipipe.transform",
    "transform_paths": "teipipe.transform",
    "Diagnostic": "teipipe.diagnostics",
    "TeipipeError": "teipipe.diagnostics",
    "InputError": "teipipe.diagnostics",
    "UsageError": "teipipe.diagnostics",
    "SchemaError": "teipipe.diagnostics",
}


def __getattr__(name: str) -> Any:
    """Import a public name's module when the name is first used."""
    if name == "__version__":
        globals()[name] = value = _version()
        return value
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'teipipe' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once is enough
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC, "__version__"})
