"""XSD validation with xmlschema: precise messages, at a price (tei_all.xsd loads in ~22 s).

A loaded schema is pickled into the user's cache (:mod:`.cache`), keyed by the content of
the schema files, so that only the first run pays for building it.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from pathlib import Path

from teipipe.diagnostics import Diagnostic
from teipipe.validation.cache import cache_dir
from teipipe.validation.load import Loaded
from teipipe.xmlio import atomic_write


def load_xsd(path: Path):
    import xmlschema

    digest = hashlib.sha256(xmlschema.__version__.encode())
    for file in sorted(path.parent.glob("*.xsd")):
        digest.update(file.read_bytes())
    cached = cache_dir("xsd") / f"{digest.hexdigest()}.pickle"
    if cached.is_file():
        try:
            return pickle.loads(cached.read_bytes())  # our own cache file, written below
        except Exception:  # noqa: BLE001 - a stale or damaged cache: rebuild
            pass
    schema = xmlschema.XMLSchema(str(path))
    with contextlib.suppress(OSError, pickle.PicklingError, TypeError, AttributeError):
        atomic_write(cached, pickle.dumps(schema))
    return schema


def xsd_findings(schema, doc: Loaded) -> list[Diagnostic]:
    from teipipe.validation.relaxng import element_column

    out: list[Diagnostic] = []
    if doc.root is None:  # not well-formed: nothing for the schema to check
        return out
    for error in schema.iter_errors(doc.root.getroottree()):
        el = error.elem if hasattr(error.elem, "sourceline") else None
        line = getattr(error, "sourceline", None) or (el.sourceline if el is not None else 1)
        reason = error.reason or str(error.message)
        out.append(Diagnostic(doc.name, line or 1, element_column(el, doc.source_lines),
                              "error", reason, "xsd"))
    return out
