"""teipipe: plain-text historical documents to validated TEI P5, and TEI to reading editions."""

__version__ = "0.1.0"
