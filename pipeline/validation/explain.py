"""What a RELAX NG grammar allows inside an element: for messages a scholar can act on.

libxml2 says "Did not expect element X there" or "Element fileDesc failed to validate
content". This module reads the (unpruned) grammar to add what *is* allowed there:
the child elements and attributes an element may have, and the children it must have.
"""

from __future__ import annotations

from lxml import etree

from teipipe.namespaces import RNG_NS, XML_NS
from teipipe.validation.names import (
    Name,
    is_rng,
    matches,
    pattern_name,
    rng,
    split,
)

ANY = ("*", "*")  # a wildcard: "any element" / "any attribute"
XML_ID_NAME = (XML_NS, "id")


class Grammar:
    """Index of a RELAX NG grammar's element patterns and defines."""

    def __init__(self, tree: etree._ElementTree):
        root = tree.getroot()
        self.defines: dict[str, list[etree._Element]] = {}
        for d in root.iter(rng("define")):
            self.defines.setdefault(d.get("name"), []).append(d)
        self.elements: dict[Name, list[etree._Element]] = {}
        self.wildcards: list[etree._Element] = []  # name classes of unnamed element patterns
        for el in root.iter(rng("element")):
            name = pattern_name(el, is_attribute=False)
            if name is not None:
                self.elements.setdefault(name, []).append(el)
            else:
                self.wildcards.append(next((c for c in el if is_rng(c)), el))
        # a grammar that reaches into others: the indexes here would not be complete
        self.self_contained = not any(
            True for _ in root.iter(rng("include"), rng("externalRef"), rng("parentRef")))
        self._quick: dict[str, tuple[frozenset[str] | None, frozenset[str] | None]] = {}
        self._children: dict[Name, set[Name]] = {}
        self._attributes: dict[Name, set[Name]] = {}
        self._required_children: dict[Name, set[Name]] = {}
        self._value_checks: dict[tuple[Name, Name], etree.RelaxNG | None] = {}
        self._values: dict[tuple[Name, Name, str], bool] = {}
        self._datatype_library = root.get("datatypeLibrary", "")

    def children(self, element: Name) -> set[Name]:
        """Names of the elements allowed as children of ``element``."""
        if element in self._children:
            return self._children[element]
        out: set[Name] = set()
        self._children[element] = out
        for pattern in self.elements.get(element, []):
            self._collect(pattern, "element", out, set(), top=True)
        return out

    def attributes(self, element: Name) -> set[Name]:
        if element in self._attributes:
            return self._attributes[element]
        out: set[Name] = set()
        self._attributes[element] = out
        for pattern in self.elements.get(element, []):
            self._collect(pattern, "attribute", out, set(), top=True)
        return out

    def _collect(self, node, kind, out, seen, top=False):
        for child in node if top else [node]:
            if not is_rng(child):
                continue
            tag = etree.QName(child).localname
            if tag == kind:
                name = pattern_name(child, is_attribute=kind == "attribute")
                out.add(name if name is not None else ANY)
                continue
            if tag in ("element", "attribute"):
                continue  # another element's content, or an attribute's value
            if tag == "ref":
                ref = child.get("name")
                if ref not in seen:
                    seen.add(ref)
                    for d in self.defines.get(ref, []):
                        self._collect(d, kind, out, seen, top=True)
                continue
            self._collect(child, kind, out, seen, top=True)

    def surely_invalid(self, root: etree._Element) -> bool:
        """True when some element has an attribute or a child element that no pattern for
        its name allows (a sound "invalid", in C-speed steps per element).

        For names that a wildcard pattern could also match, or in a grammar that is not
        self-contained, it says nothing (False). libxml2 takes time quadratic in the
        number of its errors on some invalid documents (40,000 ``<p bogus="">``: 20 s,
        and 100,000: 120 s, for what this finds in milliseconds).
        """
        if not self.self_contained:
            return False
        for el in root.iter(etree.Element):
            attributes, children = self._quick.get(el.tag) or self._quick_sets(el.tag)
            if attributes is not None and any(key not in attributes for key in el.attrib):
                return True
            if children is not None and any(child.tag not in children for child in
                                            el.iterchildren(etree.Element)):
                return True
        return False

    def _quick_sets(self, tag: str) -> tuple[frozenset[str] | None, frozenset[str] | None]:
        """The attributes and child tags (Clark names) allowed on ``tag``, None if any."""
        name = split(tag)
        sets: tuple[frozenset[str] | None, frozenset[str] | None] = (None, None)
        if name in self.elements and not any(matches(w, name) for w in self.wildcards):
            attributes, children = self.attributes(name), self.children(name)
            sets = (None if ANY in attributes else frozenset(map(_clark, attributes)),
                    None if ANY in children else frozenset(map(_clark, children)))
        self._quick[tag] = sets
        return sets

    def value_allowed(self, element: Name, attribute: Name, value: str) -> bool:
        """Does ``value`` fit what the grammar allows for ``attribute`` on ``element``?

        libxml2 reports a bad value ("yesterday" for ``@when``) as a misplaced neighbour;
        checking the one attribute against its own patterns names the real fault. The
        check is a tiny grammar (the attribute's patterns and the defines they use),
        compiled once per element and attribute name.
        """
        if attribute == XML_ID_NAME:
            return True  # any NCName; its uniqueness is the Schematron's business
        known = self._values.get((element, attribute, value))
        if known is not None:
            return known
        key = (element, attribute)
        if key not in self._value_checks:
            self._value_checks[key] = self._value_grammar(element, attribute)
        check = self._value_checks[key]
        allowed = True  # no single pattern to check against: say nothing
        if check is not None:
            probe = etree.Element("probe")
            probe.set(attribute[1] if not attribute[0] else f"{{{attribute[0]}}}{attribute[1]}",
                      value)
            allowed = bool(check.validate(probe))
        self._values[(element, attribute, value)] = allowed
        return allowed

    def _value_grammar(self, element: Name, attribute: Name) -> etree.RelaxNG | None:
        patterns: list[etree._Element] = []
        for pattern in self.elements.get(element, []):
            self._attribute_patterns(pattern, attribute, patterns, set(), top=True)
        if not patterns:
            return None
        grammar = etree.Element(rng("grammar"), nsmap={None: RNG_NS})
        if self._datatype_library:
            grammar.set("datatypeLibrary", self._datatype_library)
        probe = etree.SubElement(etree.SubElement(grammar, rng("start")), rng("element"),
                                 name="probe")
        choice = etree.SubElement(probe, rng("choice"))
        refs: set[str] = set()
        for pattern in patterns:
            copy = etree.fromstring(etree.tostring(pattern))
            copy.attrib.pop("ns", None)
            if attribute[0]:
                copy.set("ns", attribute[0])
            choice.append(copy)
            refs |= {r.get("name") for r in pattern.iter(rng("ref"))}
        done: set[str] = set()
        while refs - done:
            name = (refs - done).pop()
            done.add(name)
            for define in self.defines.get(name, []):
                grammar.append(etree.fromstring(etree.tostring(define)))
                refs |= {r.get("name") for r in define.iter(rng("ref"))}
        try:
            return etree.RelaxNG(grammar)
        except etree.RelaxNGParseError:
            return None

    def _attribute_patterns(self, node, attribute, out, seen, top=False):
        for child in node if top else [node]:
            if not is_rng(child):
                continue
            tag = etree.QName(child).localname
            if tag == "attribute":
                if pattern_name(child, is_attribute=True) == attribute:
                    out.append(child)
                continue
            if tag == "element":
                continue
            if tag == "ref":
                ref = child.get("name")
                if ref not in seen:
                    seen.add(ref)
                    for d in self.defines.get(ref, []):
                        self._attribute_patterns(d, attribute, out, seen, top=True)
                continue
            self._attribute_patterns(child, attribute, out, seen, top=True)

    def required_children(self, element: Name) -> set[Name]:
        """Children every valid ``element`` must contain (when there is one pattern)."""
        if element not in self._required_children:  # asked once per element of a document
            patterns = self.elements.get(element, [])
            req = self._required(patterns[0], set(), top=True) if len(patterns) == 1 else None
            self._required_children[element] = req if req is not None else set()
        return self._required_children[element]

    def _required(self, node, seen, top=False):
        """Names required in every match; None means the pattern cannot match (notAllowed)."""
        items = [c for c in node if is_rng(c)] if top else [node]
        result: set[Name] = set()
        for child in items:
            tag = etree.QName(child).localname
            if tag == "element":
                name = pattern_name(child, is_attribute=False)
                part = {name} if name else set()
            elif tag in ("optional", "zeroOrMore", "attribute", "text", "empty", "data",
                         "value", "list"):
                part = set()
            elif tag == "notAllowed":
                return None
            elif tag == "choice":
                options = [self._required(c, seen) for c in child if is_rng(c)]
                options = [o for o in options if o is not None]
                part = set.intersection(*options) if options else set()
            elif tag == "ref":
                ref = child.get("name")
                if ref in seen:
                    part = set()
                else:
                    defs = self.defines.get(ref, [])
                    parts = [self._required(d, seen | {ref}, top=True) for d in defs]
                    part = set().union(*[p for p in parts if p]) if parts else set()
            else:  # group, interleave, oneOrMore, mixed, define
                part = self._required(child, seen, top=True) or set()
            result |= part
        return result


def _clark(name: Name) -> str:
    return f"{{{name[0]}}}{name[1]}" if name[0] else name[1]


def readable(names: set[Name], element_ns: str, attribute: bool = False, limit: int = 14) -> str:
    """``abbr, add, … and 120 more`` with prefixes only where the namespace is not TEI's."""
    wildcard = ANY in names
    shown = sorted(_label(n, element_ns, attribute) for n in names if n != ANY)
    if not shown:
        return "any attribute" if wildcard and attribute else "any element" if wildcard else (
            "no attributes" if attribute else "no child elements (text only, or empty)")
    text = ", ".join(shown[:limit])
    if len(shown) > limit:
        text += f" and {len(shown) - limit} more"
    if wildcard:
        text += " (and elements from other namespaces)" if not attribute else ""
    return text


def _label(name: Name, element_ns: str, attribute: bool) -> str:
    ns, local = name
    prefix = "@" if attribute else ""
    if ns in ("", element_ns) or (attribute and ns == ""):
        return f"{prefix}{local}"
    if ns == XML_NS:
        return f"{prefix}xml:{local}"
    return f"{prefix}{{{ns}}}{local}"


__all__ = ["ANY", "Grammar", "readable"]
