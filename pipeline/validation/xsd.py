"""XSD validation with xmlschema: precise messages, at a price (tei_all.xsd loads in ~22 s).

A loaded schema is pickled into the user's cache (:mod:`.cache`), keyed by the content of
the schema files, so that only the first run pays for building it.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from pathlib import Path

from teipipe.diagnostics import Diagnostic, SchemaError
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
    schema = _build(path)
    with contextlib.suppress(OSError, pickle.PicklingError, TypeError, AttributeError):
        atomic_write(cached, pickle.dumps(schema))
    return schema


def _build(path: Path):
    """The schema loaded offline (imports and includes from local files only); a schema
    that does not load is a :class:`SchemaError` naming its file and line (exit 2)."""
    import warnings

    import xmlschema

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            return xmlschema.XMLSchema(str(path), allow="local")
        except (xmlschema.XMLSchemaException, OSError, ValueError) as exc:
            imports = [str(w.message) for w in caught
                       if "Import" in type(w.message).__name__ or "Include" in
                       type(w.message).__name__]
            raise SchemaError(_explain(path, exc, imports)) from exc


def _explain(path: Path, exc: Exception, imports: list[str]) -> str:
    """Where and why an XSD does not load: a failed import or include first (it is the
    cause of the unknown types that follow), else the component xmlschema names."""
    from lxml import etree

    from teipipe.xmlio import safe_parser

    url = getattr(exc, "url", None) or ""
    file = Path(url.removeprefix("file://")) if url.startswith("file://") else path
    try:
        tree = etree.parse(str(file), safe_parser())
    except (OSError, etree.XMLSyntaxError):
        tree = None
    if imports:
        message = " ".join(imports[0].split())
        line = 0
        if tree is not None:
            for el in tree.iter("{http://www.w3.org/2001/XMLSchema}import",
                                "{http://www.w3.org/2001/XMLSchema}include"):
                location = el.get("schemaLocation") or ""
                if location and location in message:
                    line = el.sourceline or 0
                    break
        return f"{file}:{line}: the XSD does not load: {message}"
    reason = getattr(exc, "reason", None) or str(exc).split("\n")[0]
    elem, line = getattr(exc, "elem", None), 0
    if tree is not None and elem is not None and hasattr(elem, "tag"):
        for el in tree.iter(elem.tag):
            if dict(el.attrib) == dict(elem.attrib):
                line = el.sourceline or 0
                break
    return f"{file}:{line}: the XSD does not load: {' '.join(str(reason).split())}"


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
