"""teipipe: plain-text historical documents to validated TEI P5, and TEI to reading editions.

The public API is the names in ``__all__`` (see docs/api.md). They are imported on first
use (PEP 562), so that ``import teipipe`` and ``teipipe --help`` do not load lxml or
saxonche.
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
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

__all__ = [
    "encode_file", "encode_text",  # plain text → TEI
    "validate_paths", "Validator", "FileReport",  # TEI → a report of findings
    "transform_paths", "Transformer", "Options",  # TEI → HTML and text
    "Diagnostic", "TeipipeError", "InputError", "UsageError", "SchemaError",
    "__version__", "SCHEMA_DIR", "XSLT_DIR",
]

try:  # the version is written once, in pyproject.toml
    __version__ = version("teipipe")
except PackageNotFoundError:  # pragma: no cover - running from a tree that was never installed
    __version__ = "0.0.0+unknown"

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
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'teipipe' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once is enough
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC})
