"""ISO Schematron with XPath 2/3, compiled to XSLT 3.0 and run offline by saxonche.

lxml's ``isoschematron`` only speaks XSLT 1, and TEI's rules (and ours) use XPath 2
(``eq``, ``castable as``, sequences). The compiler here covers the part of ISO
Schematron that rule sets actually use: ``ns``, ``let`` (schema, pattern, rule),
``pattern``/``rule``/``assert``/``report`` with ``role``, ``name``, ``value-of``,
abstract rules with ``extends``, and ``diagnostics`` are read as plain text.
Each pattern becomes one XSLT mode, so a node is checked by the first rule of a pattern
that matches it, as the standard requires. The result names each failing node by its
``path()``, which :func:`locate` turns back into the lxml element (for line and column).

:class:`Rules` is what the validator uses: a pattern whose every expression lies in a
subset that XPath 1.0 and 2.0 read alike (:func:`xpath1_safe`) is evaluated by lxml with
the same failures, messages and order, and Saxon (~50 MiB, ~0.2 s to start) is loaded
only for the others: TEI's rules that can fire on a FRUS letter never need it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from teipipe.diagnostics import SchemaError
from teipipe.namespaces import SCH15_NS, SCH_NS, XSD_NS, XSL_NS

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


class SchematronError(SchemaError):
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


def quoteattr(value: str) -> str:
    """``value`` as a quoted XML attribute value (xml.sax.saxutils imports urllib: 40 ms)."""
    for char, ref in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"),
                      ("\n", "&#10;"), ("\r", "&#13;"), ("\t", "&#9;")):
        value = value.replace(char, ref)
    return f'"{value}"'


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
    prefixes = {"xsl": XSL_NS, "svrl": OUT_NS, "xs": XSD_NS}  # xs: rule writers expect it bound
    for ns in schema.iter(sch("ns")):
        prefixes[ns.get("prefix")] = ns.get("uri")
    nsdecl = [f"xmlns:{prefix}={quoteattr(uri)}" for prefix, uri in prefixes.items()]
    abstract = {r.get("id"): r for r in schema.iter(sch("rule")) if r.get("abstract") == "true"}
    patterns = [p for p in schema.iter(sch("pattern")) if p.get("abstract") != "true"]
    # an XSLT 1 binding named: its rules read with XPath 1.0's conversions (the first node of
    # a sequence, numbers compared as numbers), XSLT's backwards-compatible mode
    compat = ' version="1.0"' if (schema.get("queryBinding") or "").strip().lower() in XSLT1 \
        else ""
    body: list[str] = [etree.tostring(e, encoding="unicode", with_tail=False)
                       for e in schema if isinstance(e.tag, str)
                       and e.tag in (f"{{{XSL_NS}}}key", f"{{{XSL_NS}}}function")]
    body.append(_lets(schema))
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
                f'priority="{len(rules) - j}"{compat}>{_lets(rule)}{tests}</xsl:template>'
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
        from saxonche import PySaxonApiError

        from teipipe import untrusted

        self._error = PySaxonApiError
        self._proc = untrusted.saxon_processor()
        compiler = self._proc.new_xslt30_processor()
        try:
            self._exe = compiler.compile_stylesheet(stylesheet_text=xslt_text)
        except PySaxonApiError as exc:
            raise SchematronError(f"the Schematron does not compile: {exc}") from exc

    def check(self, root: etree._Element) -> list[Failure]:
        """Run the rules on a document already parsed (safely) by lxml."""
        from teipipe import untrusted
        from teipipe.diagnostics import InputError

        try:
            node = untrusted.saxon_tree(self._proc, root, "document")  # no DOCTYPE
        except InputError as exc:
            return [_unrunnable(exc.diagnostics[0].message)]
        return self._run(node)

    def check_file(self, path) -> list[Failure]:
        """Run the rules on a file Saxon parses itself: only for a file the one door found
        plain (no DOCTYPE, no XInclude), and cheaper than lxml's tree plus a copy."""
        from teipipe import untrusted
        from teipipe.diagnostics import InputError

        try:
            node = untrusted.saxon_document(self._proc, path)
        except InputError as exc:
            return [_unrunnable(exc.diagnostics[0].message)]
        return self._run(node)

    def _run(self, node) -> list[Failure]:
        from teipipe import untrusted

        try:
            out = self._exe.transform_to_string(xdm_node=node)
        except self._error as exc:  # a rule that fails at run time on this document
            return [_unrunnable(untrusted.saxon_message(exc))]
        report = etree.fromstring(out.encode("utf-8"))
        return [
            Failure(f.get("path"), f.get("role"), " ".join((f.text or "").split()), f.get("test"),
                    f.get("pattern"))
            for f in report
        ]


def _unrunnable(message: str) -> Failure:
    """A failure for the whole document: the rules could not be run on it."""
    return Failure("/", "error", f"the Schematron rules could not be run on this document: "
                   f"{message}", "", "saxon")


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
    """Read a Schematron file with the hardened parser; a file that cannot be read or is
    not well-formed is a :class:`SchematronError` naming the file and line."""
    from teipipe.xmlio import safe_parser

    try:
        return etree.parse(str(path), safe_parser()).getroot()
    except OSError as exc:
        raise SchematronError(f"{path}: the Schematron cannot be read: "
                              f"{exc.strerror or exc}") from exc
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (0, 0)
        raise SchematronError(f"{path}:{line}:{col}: the Schematron is not well-formed XML: "
                              f"{exc.msg}") from exc


# --- Schematron as projects write it: 1.5, include, abstract patterns, phases -------------

# Saxon runs them all (XSLT 3.0; an XSLT 1 or 2 rule set reads the same in nearly all cases)
QUERY_BINDINGS = {"", "xslt", "xslt1", "xslt1.0", "xslt2", "xslt2.0", "xslt3", "xslt3.0",
                  "xslt3.1", "xpath", "xpath2", "xpath3", "xpath31", "exslt"}
MAX_INCLUDE_DEPTH = 16
XSLT1 = {"xslt", "xslt1", "xslt1.0", "exslt"}


def load(path, phase: str | None = None) -> etree._Element:
    """A Schematron file as one plain ISO schema, ready for :func:`compile_schematron`:
    Schematron 1.5 renamed to ISO, ``include`` and ``extends/@href`` resolved (relative to
    the file that names them), abstract patterns instantiated, and only the patterns of
    ``phase`` kept (default: the schema's ``defaultPhase``, else all).

    A file that is not Schematron, an unknown query binding or phase, or a missing include
    is a :class:`SchematronError` naming the file and line (exit 2, never ``valid``)."""
    from pathlib import Path

    path = Path(path)
    root = parse_schema(path)
    if root.tag == f"{{{SCH15_NS}}}schema":
        root = from_schematron_15(root)
    if root.tag != sch("schema"):
        raise SchematronError(f"{path}:{root.sourceline}: not a Schematron schema: root "
                              f"<{etree.QName(root).localname}> in namespace "
                              f"{etree.QName(root).namespace or 'none'}")
    binding = (root.get("queryBinding") or "").strip().lower()
    if binding not in QUERY_BINDINGS:
        raise SchematronError(f"{path}:{root.sourceline}: queryBinding {binding!r} is not one "
                              "teipipe can run (it runs xslt, xslt2, xslt3 and xpath bindings)")
    resolve_includes(root, path, depth=0)
    instantiate_abstract_patterns(root, path)
    # an unnamed pattern is known by its place in the whole schema, whatever is left out later
    for i, pattern in enumerate(p for p in root.iter(sch("pattern"))
                                if p.get("abstract") != "true"):
        if not pattern.get("id"):
            pattern.set("id", str(i + 1))
    return select_phase(root, phase, path)


def from_schematron_15(root: etree._Element) -> etree._Element:
    """A Schematron 1.5 schema (namespace ``http://www.ascc.net/xml/schematron``) as ISO:
    the same elements in the ISO namespace; a ``key`` becomes the ``xsl:key`` it stands for."""
    for el in list(root.iter(f"{{{SCH15_NS}}}*")):
        local = etree.QName(el).localname
        if local == "key":
            key = etree.Element(f"{{{XSL_NS}}}key", name=el.get("name", ""),
                                match=el.get("match", ""), use=el.get("path", ""))
            key.tail = el.tail
            parent = el.getparent()
            parent.replace(el, key)
            if parent is not root:  # an xsl:key is top-level in the stylesheet
                root.insert(0, key)
            continue
        el.tag = sch(local)
    return root


def _fetch_ref(href: str, base, where: etree._Element):
    """The element an include's ``href`` names: a file's root, or the element with that id."""
    from pathlib import Path

    file, _, fragment = href.partition("#")
    target = (Path(base).parent / file) if file else Path(base)
    if "://" in file:
        raise SchematronError(f"{base}:{where.sourceline}: include of {href!r}: not a local "
                              "file (teipipe does not use the network for schemas)")
    doc = parse_schema(target) if file else where.getroottree().getroot()
    if doc.tag == f"{{{SCH15_NS}}}schema":
        doc = from_schematron_15(doc)
    if fragment:
        found = [e for e in doc.iter() if e.get("id") == fragment
                 or e.get("{http://www.w3.org/XML/1998/namespace}id") == fragment]
        if not found:
            raise SchematronError(f"{base}:{where.sourceline}: include of {href!r}: no element "
                                  f"with id {fragment!r} there")
        doc = found[0]
    return doc, target


def resolve_includes(root: etree._Element, path, depth: int) -> None:
    """Replace ``include`` by what it names and ``extends/@href`` by its children, in place."""
    if depth > MAX_INCLUDE_DEPTH:
        raise SchematronError(f"{path}: includes nested more than {MAX_INCLUDE_DEPTH} deep "
                              "(a cycle?)")
    for inc in list(root.iter(sch("include"), sch("extends"))):
        href = inc.get("href")
        if href is None:
            continue  # extends/@rule: an abstract rule, handled by the compiler
        found, target = _fetch_ref(href, path, inc)
        copy = etree.fromstring(etree.tostring(found))
        resolve_includes(copy, target, depth + 1)
        parent = inc.getparent()
        if parent is None:
            continue
        index = parent.index(inc)
        parent.remove(inc)
        parts = list(copy) if inc.tag == sch("extends") else [copy]
        for offset, part in enumerate(parts):
            parent.insert(index + offset, part)


def instantiate_abstract_patterns(root: etree._Element, path) -> None:
    """Each ``pattern is-a="x"`` becomes a copy of abstract pattern ``x`` with its
    ``param`` values substituted for ``$name`` in every attribute (as ISO says: text)."""
    abstract = {p.get("id"): p for p in root.iter(sch("pattern")) if p.get("abstract") == "true"}
    for instance in list(root.iter(sch("pattern"))):
        name = instance.get("is-a")
        if not name:
            continue
        model = abstract.get(name)
        if model is None:
            raise SchematronError(f"{path}:{instance.sourceline}: pattern is-a={name!r}: no "
                                  "abstract pattern has that id")
        params = {p.get("name"): p.get("value", "") for p in instance.iter(sch("param"))}
        names = sorted(params, key=len, reverse=True)
        pattern_re = re.compile(r"\$(" + "|".join(map(re.escape, names)) + r")(?![\w.-])") \
            if names else None
        for child in list(instance):
            if child.tag == sch("param"):
                instance.remove(child)
        for child in model:
            if not isinstance(child.tag, str):
                continue
            copy = etree.fromstring(etree.tostring(child))
            if pattern_re is not None:
                _substitute(copy, pattern_re, params)
            instance.append(copy)
        del instance.attrib["is-a"]


def _substitute(tree: etree._Element, pattern: re.Pattern, params: dict[str, str]) -> None:
    for el in tree.iter():
        for attr, value in el.attrib.items():
            el.set(attr, pattern.sub(lambda m: params[m.group(1)], value))


def select_phase(root: etree._Element, phase: str | None, path) -> etree._Element:
    """``root`` with only the active patterns of ``phase`` (its ``let``s made global)."""
    phases = {p.get("id"): p for p in root.iter(sch("phase"))}
    chosen = phase if phase not in (None, "#DEFAULT") else root.get("defaultPhase")
    if phase is not None and phase not in ("#ALL", "#DEFAULT") and not phases:
        chosen = None  # a schema without phases runs whole whatever phase is asked
    if chosen in (None, "#ALL"):
        return root
    if chosen not in phases:
        known = ", ".join(sorted(k for k in phases if k)) or "none"
        raise SchematronError(f"{path}:{root.sourceline}: no phase {chosen!r} (phases: {known})")
    active = {a.get("pattern") for a in phases[chosen].iter(sch("active"))}
    for pattern in list(root.iter(sch("pattern"))):
        if pattern.get("abstract") != "true" and pattern.get("id") not in active:
            pattern.getparent().remove(pattern)
    lets = list(phases[chosen].iterchildren(sch("let")))
    for let in reversed(lets):
        root.insert(0, let)
    return root


_NAME = re.compile(r"(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")


def _scan(text: str) -> list[tuple[int, bool]]:
    """For each character: the bracket depth before it, and whether it is inside quotes."""
    out, depth, quote = [], 0, ""
    for ch in text:
        out.append((depth, bool(quote)))
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
    return out


def _split_top(text: str, separator: str) -> list[str]:
    """``text`` split at ``separator`` where it is outside brackets and quotes."""
    out, start, i = [], 0, 0
    state = _scan(text)
    while i < len(text):
        depth, quoted = state[i]
        if depth == 0 and not quoted and text[i] not in "'\"([)]" \
                and text.startswith(separator, i):
            out.append(text[start:i])
            i += len(separator)
            start = i
            continue
        i += 1
    out.append(text[start:])
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
                conjunct = " ".join(conjunct.split())
                if m := _NEEDS_ATTRIBUTE.fullmatch(conjunct):
                    attributes.add(m.group(1) or m.group(2) or m.group(3))
                elif m := _NEEDS_ELEMENT.fullmatch(conjunct):
                    elements.add(m.group(1))
    return elements, attributes


_LITERAL = r"(?:'[^']*'|\"[^\"]*\"|-?\d+(?:\.\d+)?)"
_ATTR = r"@(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)"
# A conjunct that is false without the attribute: ``@a``, ``starts-with(@a, 'x')`` (a
# non-empty prefix), ``@a = 'x'`` (any comparison with an empty sequence is false).
_NEEDS_ATTRIBUTE = re.compile(
    rf"{_ATTR}|starts-with\( ?{_ATTR} ?, ?(?:'[^']+'|\"[^\"]+\") ?\)"
    rf"|{_ATTR} ?(?:!?=|[<>]=?|eq|ne|lt|le|gt|ge) ?{_LITERAL}")
# ``count(//tei:x) gt 1``: false unless an element x occurs somewhere.
_NEEDS_ELEMENT = re.compile(r"count\( ?//(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*) ?\) ?"
                            r"(?:(?:>|gt) ?\d+|(?:>=|ge) ?[1-9]\d*)")


def _predicates(step: str) -> tuple[str, list[str]]:
    """``tei:p[@a][b]`` → (``tei:p``, [``@a``, ``b``])."""
    head = step.partition("[")[0]
    predicates, buf = [], ""
    for ch, (depth, quoted) in zip(step[len(head):], _scan(step)[len(head):], strict=True):
        if depth == 0:
            continue  # the opening "[" of a predicate, or text between predicates
        if depth == 1 and not quoted and ch in ")]":
            predicates.append(buf)  # the closing "]"
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


# --- Patterns evaluated by lxml (XPath 1.0) --------------------------------------------------
#
# Loading Saxon costs ~50 MiB and ~0.2 s; most of TEI's patterns that can fire on a
# document are plain paths, booleans and string equality, which mean the same in XPath
# 1.0 and 2.0. Such a pattern is evaluated with lxml; anything else goes to Saxon.

_AXES = ("ancestor-or-self", "ancestor", "parent", "child", "self", "descendant-or-self",
         "descendant", "following-sibling", "preceding-sibling", "following", "preceding",
         "attribute")
_XP_TOKEN = re.compile(
    r"\s*(?:(?P<literal>'[^']*'|\"[^\"]*\")"
    rf"|(?P<axis>(?:{'|'.join(_AXES)})\s*::)"
    r"|(?P<leaf>(?:text|true|false)\s*\(\s*\))"
    r"|(?P<open>not\s*\(|\(|\[)"
    r"|(?P<name>(?:[A-Za-z_][\w.-]*:)?(?:[A-Za-z_][\w.-]*|\*)|\*)"
    r"|(?P<op>//|/|\||\)|\]|\.\.|\.|@|!=|=))\s*")


def xpath1_safe(expr: str, prefixes: dict[str, str]) -> bool:
    """Does ``expr`` mean the same in XPath 1.0 and 2.0 (as a boolean)?

    Only a small subset is accepted: location paths (any axis, name tests with declared
    prefixes, ``*``, ``text()``, predicates in the subset), ``|``, ``and``, ``or``,
    ``not()``, ``true()``, ``false()``, brackets, and ``path = 'string'`` or ``!=``. No
    numbers (in a predicate a number is a position), variables, other functions or
    operators: their meaning differs between the versions, so such an expression goes
    to Saxon. Tokens are read as XPath reads them: a name right after an operand is an
    operator.
    """
    pos, operand, last, stack = 0, False, "", []
    while pos < len(expr):
        m = _XP_TOKEN.match(expr, pos)
        if not m or m.end() == pos:
            return False
        pos, kind, text = m.end(), m.lastgroup or "", m.group(m.lastgroup or 0).replace(" ", "")
        if last in ("=", "!=") and kind != "literal":
            return False
        if kind == "literal":
            if last not in ("=", "!="):
                return False
            operand = True
        elif kind == "name" and operand:
            if text not in ("and", "or"):
                return False
            operand = False
        elif kind in ("name", "leaf"):
            if operand or expr[pos:].startswith("(") and kind == "name":
                return False  # two operands in a row, or a function call
            if ":" in text and text.split(":")[0] not in prefixes:
                return False
            operand = True
        elif kind == "axis" or text == "@":
            if operand:
                return False
        elif kind == "open":
            if operand != (text == "["):  # a predicate follows a step, a bracket does not
                return False
            stack.append("]" if text == "[" else ")")
            operand = False
        elif text in (")", "]"):
            if not operand or not stack or stack.pop() != text:
                return False
        elif text in (".", ".."):
            if operand:
                return False
            operand = True
        elif text in ("=", "!="):
            if not operand or last not in ("name", ".", "..", "]"):
                return False  # a node-set compared, not a boolean or text()
            operand = False
        else:  # / // |
            if text == "|" and not operand:
                return False
            operand = False
        last = text if kind in ("op", "open") else kind
    return not stack and operand and last not in ("=", "!=")


class _Unsupported(Exception):
    """A pattern needs more than the XPath 1.0 subset: Saxon runs it."""


class NativePattern:
    """One pattern evaluated with lxml: every expression in it is :func:`xpath1_safe`.

    A node is checked by the first rule whose context matches it (as in Schematron);
    failures come in document order, then in the order of the checks, as from Saxon.
    """

    def __init__(self, rules: list[tuple[etree.XPath, list[tuple]]], label: str):
        self.rules = rules
        self.label = label

    @classmethod
    def build(cls, pattern: etree._Element, prefixes: dict[str, str],
              abstract: dict[str, etree._Element], label: str) -> NativePattern | None:
        """The pattern ready for lxml, or None when part of it needs XPath 2 (Saxon)."""
        if pattern.find(sch("let")) is not None:
            return None
        try:
            return cls(cls._rules(pattern, prefixes, abstract), label)
        except (_Unsupported, SchematronError, etree.XPathSyntaxError):
            return None  # Saxon compiles it, or says clearly what is wrong with it

    @staticmethod
    def _rules(pattern: etree._Element, prefixes: dict[str, str],
               abstract: dict[str, etree._Element]) -> list[tuple[etree.XPath, list[tuple]]]:
        rules = []
        for rule in pattern.iterchildren(sch("rule")):
            if rule.get("abstract") == "true":
                continue
            select = _select_for(rule.get("context", ""), prefixes)
            if select is None or rule.find(sch("let")) is not None:
                raise _Unsupported
            checks = []
            for check in _checks(rule, abstract):
                test = check.get("test", "true()")
                parts = _native_message(check, prefixes)
                if not xpath1_safe(test, prefixes) or parts is None:
                    raise _Unsupported
                role = check.get("role") or check.getparent().get("role") or "error"
                xpath = etree.XPath(f"boolean({test})", namespaces=prefixes)
                checks.append((xpath, check.tag == sch("assert"), role, test, parts))
            rules.append((etree.XPath(select, namespaces=prefixes), checks))
        return rules

    def check(self, root: etree._Element) -> list[Failure]:
        if len(self.rules) == 1:
            matched = [(node, self.rules[0][1]) for node in self.rules[0][0](root)]
        else:  # the first rule matching a node is its rule
            owner: dict[etree._Element, list[tuple]] = {}
            for select, checks in self.rules:
                for node in select(root):
                    owner.setdefault(node, checks)
            matched = [(n, owner[n]) for n in root.getroottree().iter() if n in owner]
        out = []
        for node, checks in matched:
            for xpath, is_assert, role, test, parts in checks:
                if xpath(node) != is_assert:
                    out.append(Failure(_path(node), role, _render(parts, node), test,
                                       self.label))
        return out


def _select_for(context: str, prefixes: dict[str, str]) -> str | None:
    """An XPath 1.0 selecting what a match pattern of elements matches, or None.

    A relative pattern ``tei:l//tei:p[x]`` matches an element exactly when the element
    is among ``//tei:l//tei:p[x]`` (its predicates have no positions: no numbers).
    """
    if not context or not xpath1_safe(context, prefixes) or not _matches_elements_only(context):
        return None
    branches = []
    for branch in _split_top(context, "|"):
        branch = branch.strip()
        steps = _split_top(branch, "/")
        if branch.startswith(("/", "(", ".")) or any(
                "::" in _predicates(step.strip())[0] or not step.strip() and i == 0
                for i, step in enumerate(steps)):
            return None
        branches.append(f"//{branch}")
    return " | ".join(branches)


def _native_message(check: etree._Element, prefixes: dict[str, str]) -> list | None:
    """The message as literal text and XPaths (value-of ``@name`` or ``.``, ``name``), with
    the whitespace-only text between two of them dropped, as XSLT strips it; None when the
    message needs more."""
    parts: list = []

    def walk(node: etree._Element) -> bool:
        parts.append(_esc(node.text or ""))
        for child in node:
            if child.tag == sch("value-of"):
                select = child.get("select", ".").strip()
                if select != "." and not re.fullmatch(r"@[A-Za-z_][\w.-]*", select):
                    return False
                parts.append(etree.XPath(f"string({select})", namespaces=prefixes))
            elif child.tag == sch("name"):
                if child.get("path", ".").strip() != ".":
                    return False
                parts.append(etree.XPath("name(.)"))
            elif isinstance(child.tag, str) and not walk(child):
                return False
            parts.append(_esc(child.tail or ""))
        return True

    if not walk(check):
        return None
    merged: list = []
    for part in parts:  # adjacent literal text is one text node in the stylesheet
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    return [p for p in merged if not isinstance(p, str) or p.strip(" \t\r\n")]


def _render(parts: list, node: etree._Element) -> str:
    text = "".join(p if isinstance(p, str) else str(p(node)) for p in parts)
    return " ".join(text.split())


def _path(node: etree._Element) -> str:
    """XPath 3.0 ``path()`` of an element, as Saxon writes it."""
    steps = []
    while node is not None:
        q = etree.QName(node)
        n = 1 + sum(1 for _ in node.itersiblings(node.tag, preceding=True))
        steps.append(f"Q{{{q.namespace or ''}}}{q.localname}[{n}]")
        node = node.getparent()
    return "/" + "/".join(reversed(steps))


class Rules:
    """A Schematron schema's patterns: the XPath 1.0 ones run by lxml, the rest by Saxon,
    which is only loaded (and compiled for those patterns alone) when any are left."""

    def __init__(self, schema: etree._Element):
        self.schema = schema
        prefixes = {ns.get("prefix"): ns.get("uri") for ns in schema.iter(sch("ns"))}
        abstract = {r.get("id"): r for r in schema.iter(sch("rule"))
                    if r.get("abstract") == "true"}
        patterns = [p for p in schema.iter(sch("pattern")) if p.get("abstract") != "true"]
        # an unnamed pattern is known by its position, as in compile_schematron
        self.labels = [p.get("id") or str(i + 1) for i, p in enumerate(patterns)]
        self.native = [NativePattern.build(p, prefixes, abstract, label)
                       for p, label in zip(patterns, self.labels, strict=True)]
        self._patterns = patterns
        self._rest: Checker | None = None
        self._whole: Checker | None = None

    @property
    def needs_saxon(self) -> bool:
        return any(n is None for n in self.native)

    def check(self, root: etree._Element) -> list[Failure]:
        """Failures pattern by pattern, in the schema's order (as one Saxon run gives)."""
        by_pattern: dict[str, list[Failure]] = {}
        if self.needs_saxon:
            for failure in self._saxon_rest().check(root):
                by_pattern.setdefault(failure.pattern, []).append(failure)
        out: list[Failure] = []
        for label, native in zip(self.labels, self.native, strict=True):
            out += native.check(root) if native else by_pattern.pop(label, [])
        # what belongs to no pattern: the rules could not be run on this document (it would
        # be silently dropped, and the document called valid)
        return out + [f for rest in by_pattern.values() for f in rest]

    def check_file(self, path: str) -> list[Failure]:
        """Every pattern on a file Saxon parses itself (see :meth:`Checker.check_file`)."""
        if self._whole is None:
            self._whole = Checker(compile_schematron(self.schema))
        return self._whole.check_file(path)

    def _saxon_rest(self) -> Checker:
        if self._rest is None:
            keep = [p for p, n in zip(self._patterns, self.native, strict=True) if n is None]
            rest = with_patterns(self.schema, keep)
            labels = [label for label, n in zip(self.labels, self.native, strict=True)
                      if n is None]
            for pattern, label in zip(rest.iterchildren(sch("pattern")), labels, strict=True):
                pattern.set("id", label)
            self._rest = Checker(compile_schematron(rest))
        return self._rest


def explain_compile_error(schema: etree._Element, path, exc: Exception) -> str:
    """``exc`` (Saxon refusing the compiled rules) as the schema's file, line and message:
    each rule is compiled alone until the one Saxon refuses is found."""
    from saxonche import PySaxonApiError

    from teipipe import untrusted

    proc = untrusted.saxon_processor()
    compiler = proc.new_xslt30_processor()
    lets = [e for e in schema if e.tag in (sch("ns"), sch("let"))
            or e.tag in (f"{{{XSL_NS}}}key", f"{{{XSL_NS}}}function")]
    for pattern in schema.iter(sch("pattern")):
        if pattern.get("abstract") == "true":
            continue
        for rule in pattern.iterchildren(sch("rule")):
            if rule.get("abstract") == "true":
                continue
            alone = etree.Element(schema.tag, schema.attrib, nsmap=schema.nsmap)
            alone.extend(_clean_copy(e) for e in lets)
            holder = etree.SubElement(alone, sch("pattern"))
            holder.extend(_clean_copy(e) for e in pattern.iterchildren(sch("let")))
            holder.append(_clean_copy(rule))
            try:
                compiler.compile_stylesheet(stylesheet_text=compile_schematron(alone))
            except PySaxonApiError as error:
                where = f"{path}:{rule.sourceline}" if rule.sourceline else str(path)
                return (f"{where}: the Schematron rule for {rule.get('context')!r} does not "
                        f"compile: {untrusted.saxon_message(error)}")
            except SchematronError as error:
                where = f"{path}:{rule.sourceline}" if rule.sourceline else str(path)
                return f"{where}: {error}"
    message = " ".join(str(exc).split())
    return message if message.startswith(str(path)) else f"{path}: {message}"
