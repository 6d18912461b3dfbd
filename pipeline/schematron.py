"""ISO Schematron with XPath 2/3, compiled to XSLT 3.0 and run offline by saxonche.

lxml's ``isoschematron`` only speaks XSLT 1, and TEI's rules (and ours) use XPath 2
(``eq``, ``castable as``, sequences). The compiler here covers the part of ISO
Schematron that rule sets actually use: ``ns``, ``let`` (schema, pattern, rule),
``pattern``/``rule``/``assert``/``report`` with ``role``, ``name``, ``value-of``,
abstract rules with ``extends``, and ``diagnostics`` are read as plain text.
Each pattern becomes one XSLT mode, so a node is checked by the first rule of a pattern
that matches it, as the standard requires. The result names each failing node by its
``path()``, which :func:`locate` turns back into the lxml element (for line and column).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from lxml import etree

SCH_NS = "http://purl.oclc.org/dsdl/schematron"
OUT_NS = "urn:teipipe:schematron-result"


def sch(tag: str) -> str:
    return f"{{{SCH_NS}}}{tag}"


@dataclass(frozen=True)
class Failure:
    """One failed assert or successful report."""

    path: str  # XPath 3.0 path() of the context node, e.g. /Q{…}TEI[1]/Q{…}text[1]
    role: str  # "error" (default), "warning", "info", …
    message: str
    test: str
    pattern: str  # the pattern's @id, or its position


class SchematronError(Exception):
    """The Schematron itself cannot be compiled (a bad XPath, an unknown rule)."""


def _text(node: etree._Element) -> str:
    """Message content as an XSLT sequence constructor (value-of and name evaluated)."""
    parts: list[str] = [_esc(node.text or "")]
    for child in node:
        if child.tag == sch("value-of"):
            parts.append(f'<xsl:value-of select={quoteattr(child.get("select", "."))}/>')
        elif child.tag == sch("name"):
            path = child.get("path", ".")
            parts.append(f"<xsl:value-of select={quoteattr(f'name({path})')}/>")
        elif isinstance(child.tag, str):
            parts.append(_text(child))  # emph, dir, span, foreign markup: its text
        parts.append(_esc(child.tail or ""))
    return "".join(parts)


def _esc(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _lets(parent: etree._Element) -> str:
    out = []
    for let in parent.iterchildren(sch("let")):
        value = let.get("value")
        if value is None:
            raise SchematronError(f"let {let.get('name')!r} without @value is not supported")
        out.append(f'<xsl:variable name="{let.get("name")}" select={quoteattr(value)}/>')
    return "".join(out)


def compile_schematron(schema: etree._Element, narrow: bool = True) -> str:
    """The XSLT 3.0 stylesheet (as text) that checks documents against ``schema``.

    A pattern whose rules can only match elements walks the elements only (``narrow``),
    not every text node and attribute as well: the same nodes fire, in the same order.
    """
    if schema.tag != sch("schema"):
        raise SchematronError(f"not an ISO Schematron schema: <{schema.tag}>")
    prefixes = {"xsl": "http://www.w3.org/1999/XSL/Transform", "svrl": OUT_NS,
                "xs": "http://www.w3.org/2001/XMLSchema"}  # xs: rule writers expect it bound
    for ns in schema.iter(sch("ns")):
        prefixes[ns.get("prefix")] = ns.get("uri")
    nsdecl = [f"xmlns:{prefix}={quoteattr(uri)}" for prefix, uri in prefixes.items()]
    abstract = {r.get("id"): r for r in schema.iter(sch("rule")) if r.get("abstract") == "true"}
    patterns = [p for p in schema.iter(sch("pattern")) if p.get("abstract") != "true"]
    body: list[str] = [_lets(schema)]
    apply: list[str] = []
    for i, pattern in enumerate(patterns):
        mode = f"p{i}"
        pid = pattern.get("id") or str(i + 1)
        body.append(f'<xsl:mode name="{mode}" on-no-match="deep-skip"/>')
        body.append(_lets(pattern))  # pattern variables: global, evaluated on the document
        # each mode walks the tree afresh: a variable holding every node would keep
        # millions of items alive at once in a large document
        rules = [r for r in pattern.iterchildren(sch("rule")) if r.get("abstract") != "true"]
        nodes = "//*" if narrow and all(_matches_elements_only(r.get("context", "/"))
                                        for r in rules) else "/, //node(), //@*"
        apply.append(f'<xsl:apply-templates select="{nodes}" mode="{mode}"/>')
        for j, rule in enumerate(rules):
            checks = list(_checks(rule, abstract))
            tests = "".join(_check(c, pid) for c in checks)
            body.append(
                f'<xsl:template match={quoteattr(rule.get("context", "/"))} mode="{mode}" '
                f'priority="{len(rules) - j}">{_lets(rule)}{tests}</xsl:template>'
            )
    return (
        f'<xsl:stylesheet version="3.0" {" ".join(dict.fromkeys(nsdecl))}>'
        '<xsl:output method="xml" indent="no"/>'
        '<xsl:template match="/">'
        f'<svrl:report>{"".join(apply)}</svrl:report></xsl:template>'
        f'{"".join(body)}</xsl:stylesheet>'
    )


def _checks(rule: etree._Element, abstract: dict[str, etree._Element]):
    for child in rule:
        if child.tag in (sch("assert"), sch("report")):
            yield child
        elif child.tag == sch("extends"):
            base = abstract.get(child.get("rule"))
            if base is None:
                raise SchematronError(f"rule extends unknown abstract rule {child.get('rule')!r}")
            yield from _checks(base, abstract)


def _check(check: etree._Element, pid: str) -> str:
    test = check.get("test", "true()")
    cond = f"not({test})" if check.tag == sch("assert") else f"({test})"
    role = check.get("role") or check.getparent().get("role") or "error"
    return (
        f"<xsl:if test={quoteattr(cond)}><svrl:failed path=\"{{path()}}\" "
        f"role={quoteattr(role)} pattern={quoteattr(pid)} test={quoteattr(test)}>"
        f"{_text(check)}</svrl:failed></xsl:if>"
    )


class Checker:
    """A compiled Schematron, ready to check many documents (one saxonche processor)."""

    def __init__(self, xslt_text: str):
        from saxonche import PySaxonApiError, PySaxonProcessor

        self._proc = PySaxonProcessor(license=False)
        compiler = self._proc.new_xslt30_processor()
        try:
            self._exe = compiler.compile_stylesheet(stylesheet_text=xslt_text)
        except PySaxonApiError as exc:
            raise SchematronError(f"the Schematron does not compile: {exc}") from exc

    def check(self, root: etree._Element) -> list[Failure]:
        """Run the rules on a document already parsed (safely) by lxml."""
        xml = etree.tostring(root, encoding="unicode")  # no DOCTYPE: nothing to resolve
        return self._run(self._proc.parse_xml(xml_text=xml))

    def check_file(self, path: str) -> list[Failure]:
        """Run the rules on a file Saxon parses itself: only for a file without DOCTYPE
        or XInclude (nothing to expand or fetch), and cheaper than lxml's tree plus a copy."""
        return self._run(self._proc.parse_xml(xml_file_name=path))

    def _run(self, node) -> list[Failure]:
        out = self._exe.transform_to_string(xdm_node=node)
        report = etree.fromstring(out.encode("utf-8"))
        return [
            Failure(f.get("path"), f.get("role"), " ".join((f.text or "").split()), f.get("test"),
                    f.get("pattern"))
            for f in report
        ]


def extract_embedded(rng_root: etree._Element) -> etree._Element:
    """An ISO Schematron schema holding the rules a RELAX NG grammar carries (as TEI's do)."""
    schema = etree.Element(sch("schema"), nsmap={"sch": SCH_NS})
    schema.set("queryBinding", "xslt2")
    seen: set[tuple[str, str]] = set()
    for ns in rng_root.iter(sch("ns")):
        key = (ns.get("prefix"), ns.get("uri"))
        if key not in seen:
            seen.add(key)
            schema.append(_clean_copy(ns))
    for pattern in rng_root.iter(sch("pattern")):
        schema.append(_clean_copy(pattern))
    return schema


def _clean_copy(node: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(node))


def locate(root: etree._Element, path: str) -> etree._Element | None:
    """The element an XPath 3.0 ``path()`` names (for an attribute: its element)."""
    node = root.getroottree()
    current: etree._Element | None = None
    for step in _steps(path):
        if step.startswith("@"):
            break
        name, _, index = step.partition("[")
        position = int(index.rstrip("]") or "1")
        if name.startswith(("text()", "comment()", "processing-instruction(")):
            break
        tag = _clark(name)
        if current is None:
            candidate = node.getroot()
            if candidate.tag != tag:
                return None
            current = candidate
            continue
        matches = [c for c in current if c.tag == tag]
        if position > len(matches):
            return current
        current = matches[position - 1]
    return current if current is not None else root


def _steps(path: str) -> list[str]:
    steps, depth, buf = [], 0, ""
    for ch in path:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == "/" and depth == 0:
            if buf:
                steps.append(buf)
            buf = ""
        else:
            buf += ch
    if buf:
        steps.append(buf)
    return steps


def _clark(eqname: str) -> str:
    if eqname.startswith("Q{}"):
        return eqname[3:]
    if eqname.startswith("Q{"):
        return "{" + eqname[2:]
    return eqname


def parse_schema(path) -> etree._Element:
    """Read a Schematron file with the hardened parser."""
    from pipeline.xmlio import safe_parser

    return etree.parse(str(path), safe_parser()).getroot()


_NAME = re.compile(r"(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")


def _split_top(text: str, separator: str) -> list[str]:
    """``text`` split at ``separator`` where it is outside brackets and quotes."""
    out, depth, buf, quote, i = [], 0, "", "", 0
    while i < len(text):
        ch = text[i]
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0 and text.startswith(separator, i):
            out.append(buf)
            buf = ""
            i += len(separator)
            continue
        buf += ch
        i += 1
    out.append(buf)
    return out


def _needs(branch: str) -> tuple[set[str], set[str]]:
    """Element and attribute local names that must occur for a match-pattern branch to match.

    In ``tei:l//tei:p`` every step names an element the matched node or its ancestors
    must be, so ``l`` and ``p`` must both occur; ``tei:rt/@from`` needs ``rt`` and an
    attribute ``from``; a predicate that is (or is a conjunct ``and`` of) a bare
    ``@minOccurs`` needs that attribute. Anything else (``*``, ``(a|b)/c``, functions,
    axes, other predicates) needs nothing, so the answer is never more than the truth.
    """
    elements: set[str] = set()
    attributes: set[str] = set()
    for step in _split_top(branch.strip(), "/"):
        head, predicates = _predicates(step.strip())
        target = attributes if head.startswith("@") else elements
        m = _NAME.fullmatch(head.removeprefix("@"))
        if m and "::" not in head:
            target.add(m.group(1))
        for predicate in predicates:
            for conjunct in _split_top(predicate, " and "):
                m = _NAME.fullmatch(conjunct.strip().removeprefix("@"))
                if m and conjunct.strip().startswith("@"):
                    attributes.add(m.group(1))
    return elements, attributes


def _predicates(step: str) -> tuple[str, list[str]]:
    """``tei:p[@a][b]`` → (``tei:p``, [``@a``, ``b``])."""
    head, _, rest = step.partition("[")
    predicates, depth, buf, quote = [], 1, "", ""
    for ch in rest:
        if depth == 0:
            depth = 1 if ch == "[" else 0
            continue
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
            if depth == 0:
                predicates.append(buf)
                buf = ""
                continue
        buf += ch
    return head.strip(), predicates


def _matches_elements_only(context: str) -> bool:
    """Does every branch end in an element name test (``tei:p``, ``*``, ``tei:*[@n]``)?"""
    for branch in _split_top(context, "|"):
        head, _ = _predicates(_split_top(branch.strip(), "/")[-1].strip())
        if "::" in head or not (head == "*" or _NAME.fullmatch(head.removesuffix(":*"))):
            return False
    return True


def _can_fire(context: str, elements: set[str], attributes: set[str] | None) -> bool:
    for branch in _split_top(context, "|"):
        need_elements, need_attributes = _needs(branch)
        if need_elements <= elements and (attributes is None or need_attributes <= attributes):
            return True
    return False


def prune_patterns(schema: etree._Element, elements: set[str],
                   attributes: set[str] | None = None) -> list[etree._Element]:
    """The patterns that can fire on a document with these element and attribute local names.

    A pattern is kept when one of its rules has a context branch whose needed names
    (:func:`_needs`) all occur; ``attributes`` None means "do not judge by attributes".
    """
    keep = []
    for pattern in schema.iter(sch("pattern")):
        if pattern.get("abstract") == "true":
            continue
        rules = [r for r in pattern.iter(sch("rule")) if r.get("abstract") != "true"]
        if any(_can_fire(r.get("context", "/"), elements, attributes) for r in rules):
            keep.append(pattern)
    return keep


def with_patterns(schema: etree._Element, patterns: list[etree._Element]) -> etree._Element:
    """A copy of ``schema`` keeping only ``patterns`` (and everything that is not a pattern)."""
    keep = {id(p) for p in patterns}
    copy = etree.Element(schema.tag, schema.attrib, nsmap=schema.nsmap)
    for child in schema:
        if child.tag != sch("pattern") or id(child) in keep:
            copy.append(_clean_copy(child) if isinstance(child.tag, str) else child.__copy__())
    return copy
