"""teipipe: plain-text historical documents to validated TEI P5, and TEI to reading editions."""

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

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
