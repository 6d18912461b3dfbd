"""Prune a RELAX NG grammar to the names a document uses, so that lxml compiles it fast.

lxml needs about 7-13 s to compile the whole of ``tei_all.rng`` (588 elements), but a
document uses a few dozen names. An ``element`` or ``attribute`` pattern whose name
class matches no name in the document can never match anything in it, so replacing
it with ``notAllowed`` cannot change the verdict: a branch that needed it fails
either way, and a required element that never occurs is still missing. Wildcards
(``anyName``, ``nsName``) are judged by the same rule, against the document's names.
Defines no longer reachable from ``start`` are dropped, and so is the annotation
(documentation, embedded Schematron) that the validator does not read.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

RNG_NS = "http://relaxng.org/ns/structure/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"

Name = tuple[str, str]  # (namespace URI, local name)


def rng(tag: str) -> str:
    return f"{{{RNG_NS}}}{tag}"


def document_names(root: etree._Element) -> tuple[set[Name], set[Name]]:
    """Every element name and attribute name used in a parsed document."""
    elements: set[Name] = set()
    attributes: set[Name] = set()
    for el in root.iter(etree.Element):
        elements.add(split(el.tag))
        for key in el.attrib:
            attributes.add(split(key))
    return elements, attributes


def split(clark: str) -> Name:
    if clark.startswith("{"):
        ns, _, local = clark[1:].partition("}")
        return ns, local
    return "", clark


def _inherited_ns(node: etree._Element) -> str:
    """The ``ns`` in force at a node (RELAX NG inherits it from ancestors)."""
    for anc in node.iterancestors() if node.get("ns") is None else ():
        if anc.get("ns") is not None:
            return anc.get("ns")
    return node.get("ns", "")


def _qname(text: str, node: etree._Element, default_ns: str) -> Name:
    text = text.strip()
    if ":" in text:
        prefix, local = text.split(":", 1)
        ns = XML_NS if prefix == "xml" else node.nsmap.get(prefix, "")
        return ns, local
    return default_ns, text


def _matches(nc: etree._Element, name: Name) -> bool:
    """Does the name class ``nc`` (name, anyName, nsName, choice) match ``name``?"""
    tag = etree.QName(nc).localname
    if tag == "name":
        return _qname(nc.text or "", nc, _inherited_ns(nc)) == name
    if tag == "choice":
        return any(_matches(c, name) for c in nc if _is_rng(c))
    if tag in ("anyName", "nsName"):
        if tag == "nsName" and name[0] != _inherited_ns(nc):
            return False
        exc = nc.find(rng("except"))
        return exc is None or not any(_matches(c, name) for c in exc if _is_rng(c))
    return True  # unknown: keep the pattern (never prune on doubt)


def _is_rng(node: etree._Element) -> bool:
    return isinstance(node.tag, str) and node.tag.startswith(f"{{{RNG_NS}}}")


def _pattern_name(pattern: etree._Element, is_attribute: bool) -> Name | None:
    """The single name of ``<element name=…>`` / ``<attribute name=…>``, or None."""
    if pattern.get("name") is None:
        return None
    # attributes do not inherit ns
    ns = pattern.get("ns", "") if is_attribute else _inherited_ns(pattern)
    return _qname(pattern.get("name"), pattern, ns)


def _used(pattern: etree._Element, names: set[Name], is_attribute: bool) -> bool:
    single = _pattern_name(pattern, is_attribute)
    if single is not None:
        return single in names
    nc = next((c for c in pattern if _is_rng(c)), None)
    if nc is None:
        return True
    return any(_matches(nc, n) for n in names)


def prune(grammar: etree._ElementTree, elements: Iterable[Name],
          attributes: Iterable[Name]) -> etree._ElementTree:
    """A copy of ``grammar`` where patterns for names not in the sets are ``notAllowed``."""
    elements, attributes = set(elements), set(attributes)
    tree = etree.ElementTree(_copy(grammar.getroot()))
    root = tree.getroot()
    for node in list(root.iter(etree.Element)):
        if not _is_rng(node):
            parent = node.getparent()
            if parent is not None:
                _remove_keep_tail(node)
    for kind, names in (("element", elements), ("attribute", attributes)):
        for pattern in list(root.iter(rng(kind))):
            if pattern.getparent() is None or not _attached(pattern, root):
                continue
            if not _used(pattern, names, kind == "attribute"):
                replacement = etree.Element(rng("notAllowed"))
                replacement.tail = pattern.tail
                pattern.getparent().replace(pattern, replacement)
    _drop_unreachable(root)
    return tree


def _attached(node: etree._Element, root: etree._Element) -> bool:
    return any(anc is root for anc in node.iterancestors())


def _copy(root: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(root))


def _remove_keep_tail(node: etree._Element) -> None:
    parent = node.getparent()
    parent.remove(node)  # tails in a grammar are whitespace only


def _drop_unreachable(root: etree._Element) -> None:
    defines: dict[str, list[etree._Element]] = {}
    for d in root.iterchildren(rng("define")):
        defines.setdefault(d.get("name"), []).append(d)
    seen: set[str] = set()
    todo = [ref.get("name") for start in root.iterchildren(rng("start"))
            for ref in start.iter(rng("ref"))]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for d in defines.get(name, []):
            todo.extend(r.get("name") for r in d.iter(rng("ref")))
    for name, nodes in defines.items():
        if name not in seen:
            for d in nodes:
                root.remove(d)


def cache_dir() -> Path:
    """Where pruned grammars are kept between runs (never inside the repository)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "teipipe" / "rng"


def cache_key(schema_bytes: bytes, elements: set[Name], attributes: set[Name]) -> str:
    h = hashlib.sha256(schema_bytes)
    for label, names in (("E", elements), ("A", attributes)):
        for ns, local in sorted(names):
            h.update(f"{label}{{{ns}}}{local}\n".encode())
    return h.hexdigest()
