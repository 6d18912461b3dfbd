"""Reading a document to validate: hardened parsing, refused entities, confined XInclude.

The input is untrusted. It is parsed by :mod:`teipipe.untrusted`, the one door for XML
(no DTD loading, no entity expansion, no network, one set of limits; a document that
declares entities is refused: that is how billion-laughs, quadratic blowup and XXE
arrive), and XInclude is resolved here, not by libxml2, so that it only ever reads
files inside the document's own folder tree and never the network. Like jing (through
Xerces), a failed include falls back to its ``xi:fallback``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from lxml import etree

from teipipe import untrusted
from teipipe.diagnostics import Diagnostic, InputError
from teipipe.namespaces import XI_NS
from teipipe.xmlio import XML_ID

XI_INCLUDE = f"{{{XI_NS}}}include"
XI_FALLBACK = f"{{{XI_NS}}}fallback"
MAX_INCLUDE_DEPTH = 8
MAX_INCLUDE_BYTES = 50 * 1024 * 1024


@dataclass
class Loaded:
    """A parsed document (or None when it is not well-formed) and what was found on the way."""

    name: str
    root: etree._Element | None
    findings: list[Diagnostic] = field(default_factory=list)
    source_lines: list[str] = field(default_factory=list)
    pending: Path | None = None  # a large file the validator reads itself, later


def parse(data: bytes, name: str, base: Path | None) -> Loaded:
    """Parse ``data`` (the bytes of ``name``); ``base`` is its folder, None for stdin."""
    lines = data.decode("utf-8", errors="replace").splitlines()
    url = str(base / "x") if base else None
    try:
        # an xml:id repeated or not a name is a validity error, as in jing: reported below
        root, id_errors = untrusted.parse_tolerant(data, name, url)
    except untrusted.NotWellFormed as exc:
        return Loaded(name, None, exc.diagnostics, lines)
    findings = [Diagnostic(name, e.line, e.column or 1, "error", _xml_id_message(e.message),
                           "xml:id") for e in id_errors]
    if root.find(f".//{XI_INCLUDE}") is not None or root.tag == XI_INCLUDE:
        findings += _xinclude(root, name, base, base, depth=0, chain=())
    return Loaded(name, root, findings, lines)


def _xml_id_message(message: str) -> str:
    if "already defined" in message:
        ident = message.split("ID ", 1)[-1].split(" already")[0]
        return f"xml:id {ident!r} is used more than once; each xml:id must be unique"
    return (f"{message.strip()}: an xml:id must be an XML name (start with a letter or _, "
            "no spaces or colons)")


def _xinclude(root: etree._Element, name: str, base: Path | None, fence: Path | None,
              depth: int, chain: tuple[Path, ...]) -> list[Diagnostic]:
    """Resolve the includes under ``root`` in place; files must lie under ``fence``."""
    findings: list[Diagnostic] = []
    for inc in list(root.iter(XI_INCLUDE)):
        if inc.getparent() is None and inc is not root:
            continue
        content, problem = _fetch(inc, base, fence, depth, chain, name, findings)
        if content is None:
            fallback = inc.find(XI_FALLBACK)
            if fallback is None:
                findings.append(Diagnostic(name, inc.sourceline or 0, 1, "error",
                                           f"XInclude failed and has no xi:fallback: {problem}",
                                           "xinclude"))
                continue
            findings.append(Diagnostic(name, inc.sourceline or 0, 1, "info",
                                       f"XInclude not resolved ({problem}); its xi:fallback "
                                       "is used, as jing does", "xinclude"))
            content = [fallback.text or "", *[_copy(c) for c in fallback]]
        _replace(inc, content)
    return findings


def _fetch(inc, base, fence, depth, chain, name, findings):
    """The nodes an include stands for, or (None, why not)."""
    href = inc.get("href", "")
    if depth >= MAX_INCLUDE_DEPTH:
        return None, f"includes nested more than {MAX_INCLUDE_DEPTH} deep"
    url = urlparse(href)
    if url.scheme not in ("", "file") or url.netloc:
        return None, f"{href!r} is not a local file (teipipe never uses the network)"
    if not href:
        return None, "include without href (same-document includes are not supported)"
    if base is None or fence is None:
        return None, f"{href!r}: a document read from stdin may not include files"
    target = (base / unquote(url.path)).resolve()
    if not target.is_relative_to(fence.resolve()):
        return None, f"{href!r} lies outside the document's folder, which teipipe does not read"
    if target in chain:
        return None, f"{href!r} includes itself (a cycle)"
    if not target.is_file():
        return None, f"{href!r} does not exist"
    if target.stat().st_size > MAX_INCLUDE_BYTES:
        return None, f"{href!r} is larger than {MAX_INCLUDE_BYTES // 2**20} MB"
    data = target.read_bytes()
    if inc.get("parse", "xml") == "text":
        return [data.decode(inc.get("encoding") or "utf-8", errors="replace")], ""
    loaded = parse_included(data, target, fence, depth, (*chain, target), name, findings)
    if loaded is None:
        return None, f"{href!r} is not well-formed XML or declares entities"
    pointer = inc.get("xpointer")
    if pointer:
        ident = pointer[4:-2] if pointer.startswith("id('") else pointer
        found = [e for e in loaded.iter(etree.Element) if e.get(XML_ID) == ident]
        if not found:
            return None, f"xpointer {pointer!r} not found in {href!r}"
        loaded = found[0]
    return [_copy(loaded)], ""


def parse_included(data, target, fence, depth, chain, name, findings):
    try:
        root = untrusted.parse(data, str(target), str(target))
    except InputError:
        return None
    findings.extend(_xinclude(root, name, target.parent, fence, depth + 1, chain))
    return root


def _copy(node):
    from copy import deepcopy

    return deepcopy(node)


def _replace(inc: etree._Element, content: list) -> None:
    """Put ``content`` (a string then nodes) where ``inc`` stood, keeping text order."""
    parent = inc.getparent()
    tail = inc.tail or ""
    if parent is None:
        return
    index = parent.index(inc)
    previous = parent[index - 1] if index else None
    texts = [c for c in content if isinstance(c, str)]
    nodes = [c for c in content if not isinstance(c, str)]
    lead = "".join(texts[:1])
    if previous is not None:
        previous.tail = (previous.tail or "") + lead
    else:
        parent.text = (parent.text or "") + lead
    parent.remove(inc)
    for offset, node in enumerate(nodes):
        node.tail = (node.tail or "") if offset < len(nodes) - 1 else (node.tail or "") + tail
        parent.insert(index + offset, node)
    if not nodes:
        if index:
            parent[index - 1].tail = (parent[index - 1].tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
