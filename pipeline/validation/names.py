"""Names in a RELAX NG grammar: which element and attribute names a pattern stands for.

Pruning (:mod:`teipipe.validation.prune`), the explanations (:mod:`.explain`) and streaming
validation (:mod:`.stream`) all ask this of a grammar, so they ask it here.
"""

from __future__ import annotations

from lxml import etree

from teipipe.namespaces import RNG_NS, XML_NS

Name = tuple[str, str]  # (namespace URI, local name)


def rng(tag: str) -> str:
    """Clark name of a RELAX NG element: ``rng("define")``."""
    return f"{{{RNG_NS}}}{tag}"


def local(node: etree._Element) -> str:
    """The local name of a RELAX NG element (``define`` for ``{…structure/1.0}define``)."""
    return node.tag[len(RNG_NS) + 2:]


def is_rng(node: etree._Element) -> bool:
    """Is ``node`` a RELAX NG element (not a comment, an annotation or embedded Schematron)?"""
    return isinstance(node.tag, str) and node.tag.startswith(f"{{{RNG_NS}}}")


def split(clark: str) -> Name:
    """``{ns}local`` → ``(ns, local)``; a name without namespace → ``("", name)``."""
    if clark.startswith("{"):
        ns, _, name = clark[1:].partition("}")
        return ns, name
    return "", clark


def inherited_ns(node: etree._Element) -> str:
    """The ``ns`` in force at a node (RELAX NG inherits it from ancestors)."""
    for anc in node.iterancestors() if node.get("ns") is None else ():
        if anc.get("ns") is not None:
            return anc.get("ns", "")
    return node.get("ns", "")


def qname(text: str, node: etree._Element, default_ns: str) -> Name:
    """The name a ``name`` element or ``@name`` spells, with prefixes resolved at ``node``."""
    text = text.strip()
    if ":" in text:
        prefix, name = text.split(":", 1)
        ns = XML_NS if prefix == "xml" else node.nsmap.get(prefix) or ""
        return ns, name
    return default_ns, text


def matches(nc: etree._Element, name: Name) -> bool:
    """Does the name class ``nc`` (name, anyName, nsName, choice) match ``name``?"""
    tag = etree.QName(nc).localname
    if tag == "name":
        return qname(nc.text or "", nc, inherited_ns(nc)) == name
    if tag == "choice":
        return any(matches(c, name) for c in nc if is_rng(c))
    if tag in ("anyName", "nsName"):
        if tag == "nsName" and name[0] != inherited_ns(nc):
            return False
        exc = nc.find(rng("except"))
        return exc is None or not any(matches(c, name) for c in exc if is_rng(c))
    return True  # unknown: keep the pattern (never prune on doubt)


def pattern_name(pattern: etree._Element, is_attribute: bool) -> Name | None:
    """The single name of ``<element name=…>`` / ``<attribute name=…>``, or None."""
    written = pattern.get("name")
    if written is None:
        return None
    # attributes do not inherit ns
    ns = pattern.get("ns", "") if is_attribute else inherited_ns(pattern)
    return qname(written, pattern, ns)
