"""Where the tests' committed material lives (tests/data/), and globs that cannot come back empty.

Everything a test reads is in the repository: a clone with nothing beside it runs the whole
suite. A glob that matches nothing raises here, so a test parametrized over it fails instead
of silently running no case (pyproject also sets ``empty_parameter_set_mark``).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
FRUS_DEV = DATA / "frus-dev"
GOLD = FRUS_DEV / "gold"
FOREIGN = DATA / "tei-foreign"
TEI_P5 = DATA / "tei-p5"
LETTER_TXT = ROOT / "sources" / "frus1977-80v06-d1.txt"
TEI_ALL = ROOT / "schema" / "tei_all.rng"


def files(folder: Path, pattern: str, *, recursive: bool = False) -> list[Path]:
    """The sorted matches of ``pattern`` in ``folder``; at least one, or an error naming both."""
    found = sorted(folder.rglob(pattern) if recursive else folder.glob(pattern))
    if not found:
        raise FileNotFoundError(f"{folder}: nothing matches {pattern!r}; the test material "
                                "under tests/data/ is part of the repository (see its README)")
    return found
