"""RELAX NG validation with lxml, on a grammar pruned to the names in use, in plain words.

Compiling the whole of ``tei_all.rng`` costs lxml 7-13 s; compiling it pruned to the
names of the documents at hand (see :mod:`teipipe.rng_prune`) costs milliseconds and
gives the same verdict. Pruned grammars are kept in the user's cache directory, keyed
by the grammar's content and the names, so a second run does not even prune.
libxml2's messages are then rewritten: the offending element is found in the tree, and
what the grammar *does* allow there is added.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from pathlib import Path

from lxml import etree

from teipipe import rng_prune
from teipipe.diagnostics import Diagnostic
from teipipe.namespaces import XML_NS
from teipipe.validation.cache import cache_dir, grammar_key
from teipipe.validation.explain import ANY, Grammar, readable
from teipipe.validation.simplify import simplify
from teipipe.xmlio import atomic_write, safe_parser

Name = rng_prune.Name
KEEP_COMPILED = 8  # grammars kept compiled (one per name set)


class RelaxNG:
    """One RELAX NG grammar file, compiled per set of names on demand."""

    def __init__(self, path: Path, use_cache: bool = True):
        self.path = path
        self.digest = _digest(path)  # the 8 MB of tei_all are not kept: only their hash
        self.use_cache = use_cache
        self._tree: etree._ElementTree | None = None
        self._grammar: Grammar | None = None
        self._compiled: dict[tuple, etree.RelaxNG] = {}

    @property
    def tree(self) -> etree._ElementTree:
        if self._tree is None:
            self._tree = etree.parse(str(self.path), safe_parser())
        return self._tree

    @property
    def grammar(self) -> Grammar:
        if self._grammar is None:
            self._grammar = Grammar(self.tree)
        return self._grammar

    def compiled(self, elements: set[Name], attributes: set[Name],
                 exact: bool = False) -> etree.RelaxNG:
        """The grammar pruned to these names and compiled (from memory, disk, or fresh).

        By default the pruned grammar is also simplified (:func:`.simplify.simplify`),
        which validates far faster; ``exact`` gives the merely pruned one, whose libxml2
        error log the explanations were written against.
        """
        names = (frozenset(elements), frozenset(attributes), exact)
        if names not in self._compiled:
            while len(self._compiled) >= KEEP_COMPILED:  # the oldest goes (a dict's order)
                del self._compiled[next(iter(self._compiled))]
            key = grammar_key(self.digest, elements, attributes)
            key += "" if exact else "-simple"
            self._compiled[names] = etree.RelaxNG(self._pruned(key, elements, attributes, exact))
        return self._compiled[names]

    def embedded_schematron(self) -> etree._Element:
        """The Schematron rules the grammar carries, kept in the cache beside the pruned
        grammars, so that a warm run does not parse the whole grammar for them."""
        from teipipe import schematron

        cached = cache_dir() / f"{self.digest}.sch"
        if self.use_cache and cached.is_file():
            with contextlib.suppress(etree.XMLSyntaxError):
                return etree.parse(str(cached), safe_parser()).getroot()
        embedded = schematron.extract_embedded(self.tree.getroot())
        if self.use_cache:
            with contextlib.suppress(OSError):
                atomic_write(cached, etree.tostring(embedded, encoding="UTF-8"))
        return embedded

    def simplified(self, elements: set[Name], attributes: set[Name]) -> etree._ElementTree:
        """The pruned and simplified grammar as a tree (for :mod:`.stream`)."""
        key = grammar_key(self.digest, elements, attributes) + "-simple"
        return self._pruned(key, elements, attributes, exact=False)

    def _pruned(self, key: str, elements: set[Name], attributes: set[Name],
                exact: bool) -> etree._ElementTree:
        cached = cache_dir() / f"{key}.rng"
        if self.use_cache and cached.is_file():
            try:
                return etree.parse(str(cached), safe_parser())
            except etree.XMLSyntaxError:
                pass  # a damaged cache entry: prune again
        pruned = rng_prune.prune(self.tree, elements, attributes)
        if not exact:
            simplify(pruned.getroot())
        if self.use_cache:
            with contextlib.suppress(OSError):  # a read-only home: no cache
                atomic_write(cached, etree.tostring(pruned, xml_declaration=True,
                                                    encoding="UTF-8"))
        return pruned

    def validate(self, root: etree._Element, name: str, lines: list[str],
                 names: tuple[set[Name], set[Name]] | None = None) -> list[Diagnostic]:
        """Findings for one document; ``names`` are a superset of its names (or None)."""
        names = names or rng_prune.document_names(root)
        tree = root.getroottree()
        if self.compiled(*names).validate(tree):
            return []
        explainer = Explainer(self.grammar, root, name, lines)
        local = explainer.local_findings()
        if local:
            return local
        # the log we explain: from the grammar pruned to this document's own names, so
        # that the messages do not depend on which other files came in the same batch
        exact = self.compiled(*rng_prune.document_names(root), exact=True)
        if exact.validate(tree):
            return []
        return explainer.from_log(exact.error_log)


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


_ELEMWRONG = re.compile(r"Did not expect element (\S+) there")
_EXTRA = re.compile(r"Element (\S+) has extra content: (\S+)")
_INVALIDATTR = re.compile(r"Invalid attribute (\S+) for element (\S+)")
_CONTENT = re.compile(r"Element (\S+) failed to validate content")
_ATTRS = re.compile(r"Element (\S+) failed to validate attributes")
_NOELEM = re.compile(r"Expecting an element (\S+), got nothing")
_ELEMNAME = re.compile(r"Expecting element (\S+), got (\S+)")
_TEXT = re.compile(r"(?:Did not expect text in element|Element) (\S+) (?:content|has extra "
                   r"content: text)")
_TYPE = re.compile(r"Type (\S+) doesn't allow value '(.*)'")
_VALUE = re.compile(r"Error validating value ?'?(\S*?)'?$")


class Explainer:
    """Turns libxml2's RELAX NG error log into findings about one document."""

    def __init__(self, grammar: Grammar, root: etree._Element, name: str, lines: list[str]):
        self.grammar = grammar
        self.root = root
        self.name = name
        self.lines = lines
        # elements by start line, for the lines libxml2's log names only: an index of every
        # element would hold a Python object per element (100 MiB for a 50 MB document)
        self.by_line: dict[int, list[etree._Element]] = {}

    def local_findings(self) -> list[Diagnostic]:
        """Each element checked on its own: its name against its parent's allowed children,
        its attributes, its required children. libxml2 often blames a neighbour (a bad
        attribute on ``p`` is reported as "did not expect element gap there"), so these
        come first; the verdict stays libxml2's, this only finds the words and the place."""
        out = []
        g = self.grammar
        for el in self.root.iter(etree.Element):
            name = rng_prune.split(el.tag)
            if name not in g.elements:
                parent = el.getparent()
                if parent is None or rng_prune.split(parent.tag) not in g.elements:
                    continue  # inside an unknown element or the root: libxml2 says it
                allowed = g.children(rng_prune.split(parent.tag))
                if ANY in allowed and name[0] != rng_prune.split(parent.tag)[0]:
                    continue
                message, _ = self._not_allowed(el, etree.QName(el).localname)
                out.append(self._diag(el, message))
                continue
            parent = el.getparent()
            if parent is not None and rng_prune.split(parent.tag) in g.elements:
                allowed = g.children(rng_prune.split(parent.tag))
                if name not in allowed and not (ANY in allowed and name[0] != parent_ns(el)):
                    out.append(self._diag(el, self._not_allowed(el, name[1])[0]))
            attributes = g.attributes(name)
            for key, value in el.attrib.items():
                label = etree.QName(key).localname
                if key.startswith(f"{{{XML_NS}}}"):
                    label = f"xml:{label}"
                if ANY not in attributes and rng_prune.split(key) not in attributes:
                    out.append(self._diag(el, (
                        f"attribute @{label} is not allowed on <{name[1]}>; "
                        f"allowed there: {self._attributes_of(el)}")))
                elif not g.value_allowed(name, rng_prune.split(key), value):
                    out.append(self._diag(el, (
                        f"@{label}=\"{value}\" on <{name[1]}> is not a value the schema "
                        f"allows there{self._value_hint(label)}")))
            present = {rng_prune.split(c.tag) for c in el if isinstance(c.tag, str)}
            missing = g.required_children(name) - present
            if missing:
                names = ", ".join(f"<{local}>" for _, local in sorted(missing))
                word = "element" if len(missing) == 1 else "elements"
                out.append(self._diag(el, f"<{name[1]}> is incomplete: missing required "
                                          f"{word} {names}"))
        return out

    @staticmethod
    def _value_hint(label: str) -> str:
        """A word on what is expected, for the attributes editors meet most."""
        if label in ("when", "notBefore", "notAfter", "from", "to"):
            return " (an ISO date: YYYY, YYYY-MM or YYYY-MM-DD, or an ISO date and time)"
        if label in ("ref", "target", "corresp", "facs", "source"):
            return " (one or more URIs, separated by spaces)"
        return ""

    def _diag(self, el: etree._Element, message: str) -> Diagnostic:
        return Diagnostic(self.name, el.sourceline or 1, self._column(el), "error", message,
                          "relaxng")

    def from_log(self, log) -> list[Diagnostic]:
        lines = {entry.line for entry in log}
        for el in self.root.iter(etree.Element):
            if (el.sourceline or 0) in lines:
                self.by_line.setdefault(el.sourceline or 0, []).append(el)
        specific: list[tuple[etree._Element | None, Diagnostic]] = []
        generic: list[tuple[etree._Element | None, Diagnostic]] = []
        seen: set[tuple[int, str]] = set()
        for entry in log:
            el, message, is_generic = self._message(entry)
            key = (entry.line, message)
            if key in seen:
                continue
            seen.add(key)
            line = (el.sourceline if el is not None else None) or entry.line or 1
            diag = Diagnostic(self.name, line, self._column(el), "error", message, "relaxng")
            (generic if is_generic else specific).append((el, diag))
        out = list(dict.fromkeys(d for _, d in specific))
        flagged = [el for el, _ in specific if el is not None]
        for el, diag in generic:  # "X failed to validate": only if nothing inside X said why
            if el is None or not any(_within(f, el) for f in flagged):
                out.append(diag)
                flagged.append(el) if el is not None else None
        return out or [Diagnostic(self.name, 1, 1, "error", "the document does not match the "
                                  "grammar", "relaxng")]

    def _find(self, line: int, local: str | None,
              parent: str | None = None) -> etree._Element | None:
        """The element libxml2 means: named ``local``, starting on ``line`` or spanning it."""
        candidates = self.by_line.get(line, [])
        for el in candidates:
            if local is None or etree.QName(el).localname == local:
                up = el.getparent()
                if parent is None or (up is not None and etree.QName(up).localname == parent):
                    return el
        if local is None:
            return candidates[0] if candidates else None
        spanning = None  # libxml2 may report the line where it noticed the error
        for el in self.root.iter(etree.Element):
            if (el.sourceline or 0) > line:
                break
            if etree.QName(el).localname == local and _last_line(el) >= line:
                spanning = el  # the innermost such element comes last
        return spanning

    def _message(self, entry) -> tuple[etree._Element | None, str, bool]:
        msg = entry.message.strip()
        if m := _ELEMWRONG.search(msg):
            el = self._find(entry.line, m.group(1))
            return el, *self._not_allowed(el, m.group(1))
        if m := _EXTRA.search(msg):
            if m.group(2) == "text":
                el = self._find(entry.line, m.group(1))
                return el, f"text is not allowed directly inside <{m.group(1)}>; " \
                           f"allowed there: {self._children_of(el)}", False
            el = self._find(entry.line, m.group(2), parent=m.group(1))
            return el, *self._not_allowed(el, m.group(2))
        if m := _INVALIDATTR.search(msg):
            el = self._find(entry.line, m.group(2))
            allowed = self._attributes_of(el)
            return el, (f"attribute @{m.group(1)} is not allowed on <{m.group(2)}>; "
                        f"allowed there: {allowed}"), False
        if m := _NOELEM.search(msg):
            el = self._find(entry.line, None)
            required = el is not None and any(
                local == m.group(1)
                for _, local in self.grammar.required_children(rng_prune.split(el.tag)))
            where = f" inside <{etree.QName(el).localname}>" if el is not None else ""
            # libxml2 also names elements of alternatives it tried: only sure ones are specific
            return el, f"a required element <{m.group(1)}> is missing{where}", not required
        if m := _ELEMNAME.search(msg):
            el = self._find(entry.line, m.group(2))
            message, cascade = self._not_allowed(el, m.group(2))
            if cascade:
                return el, message, True
            return el, (f"<{m.group(2)}> is not allowed here; the grammar expects "
                        f"<{m.group(1)}> at this point"), False
        if m := _CONTENT.search(msg):
            el = self._find(entry.line, m.group(1))
            return el, self._bad_content(el, m.group(1)), True
        if m := _ATTRS.search(msg):
            el = self._find(entry.line, m.group(1))
            return el, (f"the attributes of <{m.group(1)}> are not valid (a required attribute "
                        f"is missing or a value is not allowed); allowed there: "
                        f"{self._attributes_of(el)}"), True
        if m := _TYPE.search(msg):
            el = self._find(entry.line, None)
            return el, f"the value {m.group(2)!r} is not a valid {m.group(1)}", False
        if "Did not expect text" in msg:
            el = self._find(entry.line, None)
            return el, f"text is not allowed here: {msg}", False
        return self._find(entry.line, None), msg, False

    def _not_allowed(self, el: etree._Element | None, local: str) -> tuple[str, bool]:
        """The message, and whether it is a cascade (the element is allowed in its parent)."""
        parent = el.getparent() if el is not None else None
        if el is None or parent is None:
            return f"<{local}> is not allowed here", False
        plocal = etree.QName(parent).localname
        allowed = self._children_of(parent)
        if rng_prune.split(el.tag) in self.grammar.children(rng_prune.split(parent.tag)):
            return (f"<{local}> does not fit here inside <{plocal}>: its attributes or content "
                    f"are not valid, or it is in the wrong order or repeated; allowed inside "
                    f"<{plocal}>: {allowed}"), True
        return (f"<{local}> is not allowed here, inside <{plocal}>; allowed inside <{plocal}>: "
                f"{allowed}"), False

    def _children_of(self, el: etree._Element | None) -> str:
        if el is None:
            return "(unknown)"
        ns = etree.QName(el).namespace or ""
        return readable(self.grammar.children(rng_prune.split(el.tag)), ns)

    def _attributes_of(self, el: etree._Element | None) -> str:
        if el is None:
            return "(unknown)"
        ns = etree.QName(el).namespace or ""
        return readable(self.grammar.attributes(rng_prune.split(el.tag)), ns, attribute=True)

    def _bad_content(self, el: etree._Element | None, local: str) -> str:
        if el is None:
            return f"the content of <{local}> is not valid"
        present = {rng_prune.split(c.tag) for c in el if isinstance(c.tag, str)}
        missing = self.grammar.required_children(rng_prune.split(el.tag)) - present
        if missing:
            names = ", ".join(f"<{local_name}>" for _, local_name in sorted(missing))
            word = "element" if len(missing) == 1 else "elements"
            return f"<{local}> is incomplete: missing required {word} {names}"
        return (f"the content of <{local}> is not valid: an element is in the wrong order, "
                f"repeated, or missing; allowed inside <{local}>: {self._children_of(el)}")

    def _column(self, el: etree._Element | None) -> int:
        return element_column(el, self.lines)


def parent_ns(el: etree._Element) -> str:
    return etree.QName(el.getparent()).namespace or ""


def _last_line(el: etree._Element) -> int:
    last = el
    while len(last):
        last = last[-1]
    return (last.sourceline or 0) + (last.tail or "").count("\n") + 1


def _within(node: etree._Element, ancestor: etree._Element) -> bool:
    return node is ancestor or any(a is ancestor for a in node.iterancestors())


def element_column(el: etree._Element | None, lines: list[str]) -> int:
    """1-based column of ``el``'s start tag, found in its source line (lxml keeps only lines)."""
    if el is None or not el.sourceline or el.sourceline > len(lines):
        return 1
    qname = f"{el.prefix}:{etree.QName(el).localname}" if el.prefix else etree.QName(el).localname
    same_line = [e for e in el.getroottree().iter(el.tag) if e.sourceline == el.sourceline]
    nth = next((i for i, e in enumerate(same_line) if e is el), 0)
    text = lines[el.sourceline - 1]
    for i, match in enumerate(re.finditer(rf"<{re.escape(qname)}(?=[\s/>]|$)", text)):
        if i == nth:
            return match.start() + 1
    return 1
