"""Reading and writing XML files safely: one hardened parser, atomic writes.

Untrusted XML never loads a DTD, expands an entity, or touches the network; output
files are written to a temporary file beside the target and renamed into place, so a
crash never leaves a half-written file and never truncates what was there.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from teipipe.namespaces import TEI_NS, XML_NS

if TYPE_CHECKING:
    from lxml import etree

XML_ID = f"{{{XML_NS}}}id"
NSMAP = {"tei": TEI_NS}


# The one configuration for input we did not write: no DTD, no entities, no network.
# Also for ``etree.iterparse``, which takes these options rather than a parser.
SAFE_OPTIONS: dict[str, bool] = {
    "resolve_entities": False,
    "load_dtd": False,
    "no_network": True,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_blank_text": False,
}


def safe_parser(**overrides: object) -> etree.XMLParser:
    """A parser with ``SAFE_OPTIONS`` (and any overrides the caller states)."""
    from lxml import etree  # here, so that commands that never parse XML start light

    return etree.XMLParser(**{**SAFE_OPTIONS, **overrides})


@contextmanager
def atomic_target(path: str | Path, *, durable: bool = True) -> Iterator[Path]:
    """A temporary file beside ``path`` that replaces it only when the block succeeds.

    For writers that want a file name rather than the data (Saxon serialising a page):
    readers see the old file or the new, never half of one; on an error the old file
    stays and the temporary one is removed. ``durable=False`` skips the ``fsync`` (the
    rename still makes the switch atomic); a caller writing many files then calls
    ``flush_to_disk`` once at the end.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    partial = Path(name)
    try:
        try:  # mkstemp makes the file private (0600); give it the permissions the file
            # it replaces has, or those a plain open() would (0666 less the umask), so
            # pages and schemas stay readable by a web server or a colleague
            os.fchmod(fd, _mode_for(path))
        finally:
            os.close(fd)
        yield partial
        if durable:
            with partial.open("rb") as handle:
                os.fsync(handle.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _mode_for(path: Path) -> int:
    """The permissions a new version of ``path`` should have."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0o022)  # the only way to read it; put back at once
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write(path: str | Path, data: bytes | str, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new, never half."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    with atomic_target(path, durable=durable) as partial:
        partial.write_bytes(data)


def flush_to_disk() -> None:
    """After a batch of ``atomic_write(..., durable=False)``: put everything on disk."""
    os.sync()


def tei(tag: str) -> str:
    """Clark name of a TEI element: ``tei("p")`` → ``{http://www.tei-c.org/ns/1.0}p``."""
    return f"{{{TEI_NS}}}{tag}"


def tei_maker():  # -> lxml.builder.ElementMaker
    """An element builder for TEI in the default namespace (``E.p("text")``)."""
    from lxml.builder import ElementMaker

    return ElementMaker(namespace=TEI_NS, nsmap={None: TEI_NS})
