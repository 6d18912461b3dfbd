"""teipipe: plain-text historical documents to validated TEI P5, and TEI to reading editions."""

from pathlib import Path

__version__ = "0.1.0"

# The date this version was released: the revisionDesc of every file it encodes names it,
# so that encoding the same text with the same version gives the same bytes.
RELEASE_DATE = "2026-11-27"

# The official TEI schemas and the project's customization (see schema/README.md).
SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schema"
