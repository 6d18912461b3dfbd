"""RELAX NG simplification of ``notAllowed`` and ``empty`` (spec section 4.19), and the
removal of defines that ``start`` no longer reaches.

Both grammars teipipe derives need it: :mod:`teipipe.validation.prune` turns the patterns for
names a document does not use into ``notAllowed``, :mod:`teipipe.validation.odd` does the same for
the elements a customization leaves out; what can then never match (or only match
nothing) is propagated up through the groups, choices and defines here.
"""

from __future__ import annotations

from lxml import etree

from teipipe.validation.names import is_rng, local, rng

NOT_ALLOWED, EMPTY, OTHER = "notAllowed", "empty", "other"  # what a pattern can match
_LEAVES = {"text", "value", "data", "parentRef", "externalRef", "grammar"}
_GROUPS = {"element", "attribute", "define", "start", "group", "interleave", "mixed", "list",
           "oneOrMore", "zeroOrMore", "optional"}  # their pattern children form a group


def simplify(root: etree._Element, tidy: bool = True) -> etree._Element:
    """The grammar ``root`` (changed in place) with ``notAllowed`` and ``empty`` propagated,
    and the defines no longer reachable from ``start`` dropped.

    A define's status (matches nothing / only the empty sequence / more) depends on the
    defines it refers to, so statuses are recomputed until none changes; they only ever
    move from "more" to a stronger claim, so this ends. Claims are made only when the
    rules prove them, so the language of every pattern stays the same. ``empty``
    children of a group are dropped rather than kept: libxml2 mis-validates groups that
    hold several ``empty`` siblings next to attributes.
    """
    defines: dict[str, list[etree._Element]] = {}
    for d in root.iterchildren(rng("define")):
        defines.setdefault(d.get("name", ""), []).append(d)
    status: dict[str, str] = {}
    changed = True
    while changed:
        changed = False
        for name, nodes in defines.items():
            found = _choice_status([_simplify(d, status, tidy) for d in nodes])
            if status.get(name, OTHER) != found:
                status[name] = found
                changed = True
    for start in root.iterchildren(rng("start")):
        _simplify(start, status, tidy)
    drop_unreachable(root)
    return root


def drop_unreachable(root: etree._Element) -> None:
    """Remove the defines that no ``ref`` reachable from ``start`` names."""
    defines: dict[str, list[etree._Element]] = {}
    for d in root.iterchildren(rng("define")):
        defines.setdefault(d.get("name", ""), []).append(d)
    seen: set[str] = set()
    todo = [ref.get("name", "") for start in root.iterchildren(rng("start"))
            for ref in start.iter(rng("ref"))]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for d in defines.get(name, []):
            todo.extend(r.get("name", "") for r in d.iter(rng("ref")))
    for name, nodes in defines.items():
        if name not in seen:
            for d in nodes:
                root.remove(d)


def patterns(node: etree._Element) -> list[etree._Element]:
    """The pattern children of ``node`` (not the name class of an element or attribute)."""
    kids = [c for c in node if is_rng(c)]
    if local(node) in ("element", "attribute") and node.get("name") is None:
        return kids[1:]
    return kids


def _group_status(statuses: list[str]) -> str:
    if NOT_ALLOWED in statuses:
        return NOT_ALLOWED
    return OTHER if OTHER in statuses else EMPTY


def _choice_status(statuses: list[str]) -> str:
    alive = [s for s in statuses if s != NOT_ALLOWED]
    if not alive:
        return NOT_ALLOWED
    return OTHER if OTHER in alive else EMPTY


def _become(node: etree._Element, what: str) -> str:
    """Replace ``node`` by ``<notAllowed/>`` or ``<empty/>``; return ``what``."""
    new = etree.Element(rng(what))
    new.tail = node.tail
    _parent(node).replace(node, new)
    return what


def _parent(node: etree._Element) -> etree._Element:
    parent = node.getparent()
    assert parent is not None  # only called below a define or start
    return parent


def _simplify(node: etree._Element, status: dict[str, str], tidy: bool) -> str:
    """Simplify below ``node`` and return its status (replacing it when it is not OTHER)."""
    kind = local(node)
    if kind in (NOT_ALLOWED, EMPTY):
        return kind
    if kind == "ref":
        found = status.get(node.get("name", ""), OTHER)
        return found if found == OTHER else _become(node, found)
    if kind in _LEAVES:
        return OTHER
    statuses = [_simplify(c, status, tidy) for c in patterns(node)]
    top = kind in ("define", "start")
    if kind == "choice":
        found = _choice_status(statuses)
        if found != OTHER:
            return _become(node, found)
        _tidy(node, NOT_ALLOWED)
        if not tidy:
            return OTHER
        empties = [c for c in patterns(node) if local(c) == EMPTY]
        for extra in empties[1:]:
            node.remove(extra)
        return _unwrap(node)
    if kind not in _GROUPS:
        return OTHER  # unknown: claim nothing
    found = _group_status(statuses)
    if kind in ("element", "attribute", "mixed", "list") and found == EMPTY:
        found = OTHER  # they match an element, an attribute, text: never nothing at all
    if kind in ("zeroOrMore", "optional") and found == NOT_ALLOWED:
        found = EMPTY
    if found != OTHER:
        return found if top else _become(node, found)
    _tidy(node, EMPTY)
    return _unwrap(node) if tidy and kind in ("group", "interleave") else OTHER


def _tidy(node: etree._Element, drop: str) -> None:
    """Remove ``drop`` children that do not matter (keeping at least one pattern)."""
    for child in patterns(node):
        if local(child) == drop and len(patterns(node)) > 1:
            node.remove(child)


def _unwrap(node: etree._Element) -> str:
    """A group or choice of one pattern is that pattern."""
    kids = patterns(node)
    parent = node.getparent()
    if len(kids) == 1 and parent is not None:
        kids[0].tail = node.tail
        parent.replace(node, kids[0])
    return OTHER
