"""RELAX NG validation with lxml, on a grammar pruned to the names in use, in plain words.

Compiling the whole of ``tei_all.rng`` costs lxml 7-13 s; compiling it pruned to the
names of the documents at hand (see :mod:`teipipe.validation.prune`) costs milliseconds and
gives the same verdict. Pruned grammars are kept in the user's cache directory, keyed
by the grammar's content and the names, so a second run does not even prune.
libxml2's messages are then rewritten: the offending element is found in the tree, and
what the grammar *does* allow there is added.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import re
from collections.abc import Callable, Container, Iterable, Iterator
from pathlib import Path

from lxml import etree

from teipipe.diagnostics import Diagnostic
from teipipe.namespaces import XML_NS
from teipipe.validation import prune
from teipipe.validation.cache import cache_dir, grammar_key
from teipipe.validation.explain import ANY, Grammar, readable
from teipipe.validation.names import rng
from teipipe.validation.simplify import simplify
from teipipe.xmlio import atomic_write, safe_parser

Name = prune.Name
KEEP_COMPILED = 8  # grammars kept compiled (one per name set)
# Documents with this many elements are first looked at for a sure fault (an attribute or
# a child no pattern allows), found in ~1 µs an element: libxml2's time grows with the
# square of its errors (10,000 errors: ~1 s), and on smaller documents the 8 MB grammar
# that this look needs is not loaded.
SURE_FROM = 20_000


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
        from teipipe.validation import schematron

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

    @property
    def modular(self) -> bool:
        """Does the grammar include or refer to other files? Its pruned copy would lose
        the place they are found from (and pruning sees only this file's defines)."""
        return any(True for _ in self.tree.iter(rng("include"), rng("externalRef")))

    def _pruned(self, key: str, elements: set[Name], attributes: set[Name],
                exact: bool) -> etree._ElementTree:
        if self.modular:  # used whole, from where it lies: libxml2 follows its hrefs
            return self.tree
        cached = cache_dir() / f"{key}.rng"
        if self.use_cache and cached.is_file():
            try:
                return etree.parse(str(cached), safe_parser())
            except etree.XMLSyntaxError:
                pass  # a damaged cache entry: prune again
        pruned = prune.prune(self.tree, elements, attributes)
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
        names = names or prune.document_names(root)
        tree = root.getroottree()
        # libxml2 is quadratic in its errors on some documents: many elements and a sure
        # fault found without it, and the messages are written without its verdict
        # (not for a grammar in several files: this file alone does not know every element)
        surely = (not self.modular and sum(1 for _ in root.iter(etree.Element)) >= SURE_FROM
                  and self.grammar.surely_invalid(root))
        if not surely and self.compiled(*names).validate(tree):
            return []
        explainer = Explainer(self.grammar, root, name, lines, complete=not self.modular)
        local = [] if self.modular else explainer.local_findings()
        if local:
            return local
        # the log we explain: from the grammar pruned to this document's own names, so
        # that the messages do not depend on which other files came in the same batch
        exact = self.compiled(*prune.document_names(root), exact=True)
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

    def __init__(self, grammar: Grammar, root: etree._Element, name: str,
                 lines: list[str] | LineSource, complete: bool = True):
        """``complete`` is False for a grammar in several files, of which ``grammar`` is
        only the main one: what it allows is then not listed, and nothing is called a
        cascade on its word."""
        self.grammar = grammar
        self.complete = complete
        self.root = root
        self.name = name
        self._column = Columns(lines)
        self._allowed: dict[tuple[Name, str, bool], str] = {}  # "allowed there: …" by name
        self._named: dict[str, tuple[list[int], list[etree._Element]]] = {}
        # elements by start line, for the lines libxml2's log names only: an index of every
        # element would hold a Python object per element (100 MiB for a 50 MB document)
        self.by_line: dict[int, list[etree._Element]] = {}

    def local_findings(self, elements: Iterable[etree._Element] | None = None,
                       stubs: Container[etree._Element] = frozenset()) -> list[Diagnostic]:
        """Each element checked on its own: its name against its parent's allowed children,
        its attributes, its required children. libxml2 often blames a neighbour (a bad
        attribute on ``p`` is reported as "did not expect element gap there"), so these
        come first; the verdict stays libxml2's, this only finds the words and the place.

        ``elements`` (default: the whole document) are those checked; of ``stubs``
        (subtrees checked earlier and emptied, see :mod:`.stream`) only the place."""
        out = []
        g = self.grammar
        for el in self.root.iter(etree.Element) if elements is None else elements:
            name = prune.split(el.tag)
            if name not in g.elements:
                parent = el.getparent()
                if parent is None or prune.split(parent.tag) not in g.elements:
                    continue  # inside an unknown element or the root: libxml2 says it
                allowed = g.children(prune.split(parent.tag))
                if ANY in allowed and name[0] != prune.split(parent.tag)[0]:
                    continue
                message, _ = self._not_allowed(el, etree.QName(el).localname)
                out.append(self._diag(el, message))
                continue
            parent = el.getparent()
            if parent is not None and prune.split(parent.tag) in g.elements:
                allowed = g.children(prune.split(parent.tag))
                if name not in allowed and not (ANY in allowed and name[0] != parent_ns(el)):
                    out.append(self._diag(el, self._not_allowed(el, name[1])[0]))
            if el in stubs:
                continue
            attributes = g.attributes(name)
            for key, value in el.attrib.items():
                label = etree.QName(key).localname
                if key.startswith(f"{{{XML_NS}}}"):
                    label = f"xml:{label}"
                if ANY not in attributes and prune.split(key) not in attributes:
                    out.append(self._diag(el, (
                        f"attribute @{label} is not allowed on <{name[1]}>; "
                        f"allowed there: {self._attributes_of(el)}")))
                elif not g.value_allowed(name, prune.split(key), value):
                    out.append(self._diag(el, (
                        f"@{label}=\"{value}\" on <{name[1]}> is not a value the schema "
                        f"allows there{self._value_hint(label)}")))
            present = {prune.split(c.tag) for c in el if isinstance(c.tag, str)}
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
        within: set[etree._Element] = set()  # flagged elements and their ancestors
        for el, _ in specific:
            _mark(el, within)
        for el, diag in generic:  # "X failed to validate": only if nothing inside X said why
            if el is None or el not in within:
                out.append(diag)
                _mark(el, within)
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
        # libxml2 may report the line where it noticed the error: the innermost element
        # named ``local`` that starts before that line and reaches it, i.e. the last one
        # starting before it or one of that one's ancestors
        starts, named = self._by_name(local)
        last = bisect.bisect_right(starts, line) - 1
        if last < 0:
            return None
        for el in (named[last], *named[last].iterancestors()):
            if etree.QName(el).localname == local and _last_line(el) >= line:
                return el
        return None

    def _by_name(self, local: str) -> tuple[list[int], list[etree._Element]]:
        """The elements named ``local`` and their lines, in document order; found in one
        pass per name asked about, not one per message."""
        if local not in self._named:
            named = [el for el in self.root.iter(etree.Element)
                     if etree.QName(el).localname == local]
            self._named[local] = ([el.sourceline or 0 for el in named], named)
        return self._named[local]

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
                for _, local in self.grammar.required_children(prune.split(el.tag)))
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
        if self.complete and prune.split(el.tag) in self.grammar.children(
                prune.split(parent.tag)):
            return (f"<{local}> does not fit here inside <{plocal}>: its attributes or content "
                    f"are not valid, or it is in the wrong order or repeated; allowed inside "
                    f"<{plocal}>: {allowed}"), True
        return (f"<{local}> is not allowed here, inside <{plocal}>; allowed inside <{plocal}>: "
                f"{allowed}"), False

    def _children_of(self, el: etree._Element | None) -> str:
        return self._allowed_text(el, attribute=False)

    def _attributes_of(self, el: etree._Element | None) -> str:
        return self._allowed_text(el, attribute=True)

    def _allowed_text(self, el: etree._Element | None, attribute: bool) -> str:
        """What the grammar allows inside or on ``el``, written once per element name."""
        if el is None:
            return "(unknown)"
        if not self.complete:
            return "not listed (the grammar is in several files; see its parts)"
        name = prune.split(el.tag)
        ns = etree.QName(el).namespace or ""
        key = (name, ns, attribute)
        if key not in self._allowed:
            allowed = self.grammar.attributes(name) if attribute else self.grammar.children(name)
            self._allowed[key] = readable(allowed, ns, attribute=attribute)
        return self._allowed[key]

    def _bad_content(self, el: etree._Element | None, local: str) -> str:
        if el is None:
            return f"the content of <{local}> is not valid"
        present = {prune.split(c.tag) for c in el if isinstance(c.tag, str)}
        missing = self.grammar.required_children(prune.split(el.tag)) - present
        if missing:
            names = ", ".join(f"<{local_name}>" for _, local_name in sorted(missing))
            word = "element" if len(missing) == 1 else "elements"
            return f"<{local}> is incomplete: missing required {word} {names}"
        return (f"the content of <{local}> is not valid: an element is in the wrong order, "
                f"repeated, or missing; allowed inside <{local}>: {self._children_of(el)}")


def parent_ns(el: etree._Element) -> str:
    return etree.QName(el.getparent()).namespace or ""


def _last_line(el: etree._Element) -> int:
    last = el
    while len(last):
        last = last[-1]
    return (last.sourceline or 0) + (last.tail or "").count("\n") + 1


def _mark(el: etree._Element | None, within: set[etree._Element]) -> None:
    """Add ``el`` and its ancestors to ``within``, stopping at one already there (so that
    marking every flagged element costs each element of the tree at most once)."""
    while el is not None and el not in within:
        within.add(el)
        el = el.getparent()


def element_column(el: etree._Element | None, lines: list[str]) -> int:
    """1-based column of ``el``'s start tag, found in its source line (lxml keeps only lines).

    For one finding; many findings in one document share a :class:`Columns`."""
    return Columns(lines)(el)


LineSource = Callable[[int], "str | None"]


def line_source(lines: list[str] | LineSource) -> LineSource:
    """The text of a 1-based line (None past the end), from a list of lines or a function."""
    if callable(lines):
        return lines
    return lambda n: lines[n - 1] if 0 < n <= len(lines) else None


class Columns:
    """Columns of start tags in one document, at amortised O(1) per finding.

    lxml keeps only the line an element starts on. Its column is that of the n-th start
    tag of its name on that line, n being the number of same-tag elements before it on the
    line. That count is carried on from the previous element asked about when the next one
    follows it on the same line (findings come in document order), and otherwise counted
    back to the line's start: either walk stays on the element's own line (source lines
    never decrease in document order), so no finding costs more than its line, and a line
    of a million elements is walked once, not once per finding.
    """

    def __init__(self, lines: list[str] | LineSource):
        self._line = line_source(lines)
        self._cursor: tuple[etree._Element, int] | None = None  # the last element, its n
        self._starts: dict[tuple[int, str], list[int]] = {}  # tag offsets on one line

    def __call__(self, el: etree._Element | None) -> int:
        if el is None or not el.sourceline:
            return 1
        text = self._line(el.sourceline)
        if text is None:
            return 1
        nth = self._nth(el)
        qname = f"{el.prefix}:{etree.QName(el).localname}" if el.prefix else \
            etree.QName(el).localname
        key = (el.sourceline, qname)
        if key not in self._starts:
            if any(line != el.sourceline for line, _ in self._starts):
                self._starts.clear()  # only the current line's offsets are kept
            self._starts[key] = [m.start() for m in
                                 re.finditer(rf"<{re.escape(qname)}(?=[\s/>]|$)", text)]
        starts = self._starts[key]
        return starts[nth] + 1 if nth < len(starts) else 1

    def _nth(self, el: etree._Element) -> int:
        """How many elements with ``el``'s tag start before it on its line."""
        line, tag = el.sourceline, el.tag
        if self._cursor is not None:
            last, count = self._cursor
            if last is el:
                return count
            if last.sourceline == line and last.tag == tag:
                for node in _following(last):
                    if node.sourceline != line:
                        break  # el is not after the cursor: count back instead
                    if node.tag == tag:
                        count += 1
                        if node is el:
                            self._cursor = (el, count)
                            return count
        count = 0
        for node in _preceding(el):
            if node.sourceline != line:
                break
            count += node.tag == tag
        self._cursor = (el, count)
        return count


def _following(node: etree._Element) -> Iterator[etree._Element]:
    """The nodes after ``node`` in document order (its descendants first)."""
    yield from node.iterdescendants()
    current: etree._Element | None = node
    while current is not None:
        for sibling in current.itersiblings():
            yield sibling
            yield from sibling.iterdescendants()
        current = current.getparent()


def _preceding(node: etree._Element) -> Iterator[etree._Element]:
    """The nodes before ``node`` in reverse document order (its ancestors included)."""
    while True:
        previous = node.getprevious()
        if previous is None:
            parent = node.getparent()
            if parent is None:
                return
            node = parent
        else:
            while len(previous):
                previous = previous[-1]
            node = previous
        yield node
