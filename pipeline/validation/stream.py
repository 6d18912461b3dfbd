"""RELAX NG validation of a very large file without holding its whole tree in memory.

lxml's tree of a 50 MB TEI file takes about 600 MiB, more than jing needs for the whole
job. Here the file is read twice with ``iterparse``: once for its names (the grammar is
pruned to them), once to validate it one subtree at a time, each subtree cut down to an
empty stub once it has been checked.

Why that is exact: in a grammar where a name N has exactly one element pattern and no
wildcard can match N, whether an N element fits its parent depends only on whether it
matches that one pattern. So each completed N element is checked against its own pattern
(with the N elements inside it already stubs), then emptied, and the parent's grammar
sees ``element N { empty }`` in place of N's pattern. The document is valid exactly when
every subtree and the remaining skeleton are.

An invalid file gets its messages from the same pass: a subtree libxml2 rejects is
explained from the elements in hand (each element against what its parent allows, its
attributes, its required children: the checks the ordinary route makes first), and a
file that is not well-formed is refused with libxml2's first error, with no tree built
up to it. Only when a rejected part has nothing to say locally (libxml2's own log is
then needed) does the caller validate the file the ordinary way, a whole tree of it.
"""

from __future__ import annotations

import copy
import re
from array import array
from collections.abc import Callable, Iterable

from lxml import etree

from teipipe import untrusted
from teipipe.diagnostics import Diagnostic
from teipipe.validation.names import Name, is_rng, matches, pattern_name, rng, split
from teipipe.validation.relaxng import SURE_FROM
from teipipe.validation.simplify import drop_unreachable
from teipipe.validation.stream_rules import StreamRules
from teipipe.xmlio import XML_NS

STREAM_FROM = 16 * 2**20  # files at least this large are validated a subtree at a time
MIN_SUBTREE = 32  # only names whose elements hold this many descendants on average


def streamable(data: bytes) -> bool:
    """Large, and checked by the one door without a tree (well-formed, within its limits,
    no DOCTYPE: no entities) and without XInclude: the file is its own infoset. Decided on
    the decoded document, so a UTF-16 or EBCDIC file is judged like any other."""
    if len(data) < STREAM_FROM:
        return False
    facts = untrusted.scan(data)
    return facts.checked and not facts.xinclude


_START_TAG = re.compile(rb"<([^\s/>!?]+)")
_ATTRIBUTE = re.compile(rb"\s([^\s=<>/\"']+)\s*=\s*[\"']")
_XMLNS = re.compile(rb"\sxmlns(?::([^\s=]+))?\s*=\s*([\"'])(.*?)\2")


def names(data: bytes) -> tuple[set[Name], set[Name]]:
    """A superset of the element and attribute names in ``data``, read from the bytes.

    Every start tag and attribute of well-formed XML matches these patterns (text that
    only looks like markup adds names, which is harmless); each prefix is given every
    namespace it is bound to anywhere in the file.
    """
    uris: dict[str, set[str]] = {"xml": {XML_NS}}
    for prefix, _, uri in _XMLNS.findall(data):
        uris.setdefault((prefix or b"").decode("utf-8", "replace"), set()).add(
            uri.decode("utf-8", "replace"))

    def resolve(qnames: set[bytes], unprefixed: set[str]) -> set[Name]:
        out: set[Name] = set()
        for qname in qnames:
            prefix, _, local = qname.decode("utf-8", "replace").rpartition(":")
            for ns in (uris.get(prefix, set()) if prefix else unprefixed):
                out.add((ns, local))
        return out

    # sets filled match by match: a list of every tag of a 200 MB file would take 250 MB
    tags = {m.group(1) for m in _START_TAG.finditer(data)}
    names = {m.group(1) for m in _ATTRIBUTE.finditer(data)}
    elements = resolve(tags, uris.get("", set()) | {""})
    attributes = resolve({a for a in names if a != b"xmlns" and not a.startswith(b"xmlns:")},
                         {""})
    return elements, attributes


def subtree_tags(data: bytes, sample: int = 4 * 2**20) -> set[str]:
    """Tags whose elements hold many descendants, judged on the start of the file.

    Only speed depends on this choice, never the verdict.
    """
    parser = untrusted.checked_pull_parser(("start", "end"))
    stats: dict[str, list[int]] = {}  # tag -> [count, descendants]
    sizes = [0]
    try:
        parser.feed(data[:sample])
    except etree.XMLSyntaxError:
        return set()
    for event, el in parser.read_events():
        if event == "start":
            sizes.append(0)
            continue
        inside = sizes.pop()
        sizes[-1] += inside + 1
        seen = stats.setdefault(el.tag, [0, 0])
        seen[0] += 1
        seen[1] += inside
    return {tag for tag, (count, inside) in stats.items()
            if count > 1 and inside >= MIN_SUBTREE * count}


def stubbed(grammar: etree._ElementTree,
            tags: set[str]) -> tuple[etree._ElementTree, dict[str, str]]:
    """A copy of ``grammar`` where each of ``tags`` that qualifies is ``element N { empty }``,
    and the defines (by tag) that keep the real patterns."""
    tree = copy.deepcopy(grammar)
    root = tree.getroot()
    patterns: dict[Name, list[etree._Element]] = {}
    wildcards = []
    for el in root.iter(rng("element")):
        name = pattern_name(el, is_attribute=False)
        if name is None:
            wildcards.append(next(c for c in el if is_rng(c)))
        else:
            patterns.setdefault(name, []).append(el)
    used: dict[str, str] = {}  # tag -> the define holding its real pattern
    for tag in sorted(tags):
        name = split(tag)
        found = patterns.get(name, [])
        if len(found) != 1 or any(matches(w, name) for w in wildcards):
            continue
        used[tag] = f"teipipe.real.{len(used)}"
        real = etree.SubElement(root, rng("define"), name=used[tag])
        real.append(copy.deepcopy(found[0]))
        stub = found[0]
        for child in list(stub):
            stub.remove(child)
        stub.text = None
        etree.SubElement(stub, rng("empty"))
    return tree, used


def _starting_at(tree: etree._ElementTree, define: str) -> etree.RelaxNG:
    """The grammar with ``start`` replaced by a reference to ``define``."""
    copied = copy.deepcopy(tree)
    root = copied.getroot()
    for start in root.findall(rng("start")):
        root.remove(start)
    start = etree.SubElement(root, rng("start"))
    etree.SubElement(start, rng("ref"), name=define)
    drop_unreachable(root)
    return etree.RelaxNG(copied)


def valid_by_subtrees(data: bytes, pruned: etree._ElementTree, tags: set[str],
                      rules: StreamRules | None = None) -> bool:
    """True when ``data`` is valid against ``pruned`` (a pruned, simplified grammar) and,
    if given, the streamable Schematron ``rules`` find nothing."""
    return findings_by_subtrees(data, pruned, tags, rules) == []


Explain = Callable[[etree._Element, Iterable[etree._Element], set[etree._Element]],
                   list[Diagnostic]]


def findings_by_subtrees(data: bytes, pruned: etree._ElementTree, tags: set[str],
                         rules: StreamRules | None = None,
                         explain: Explain | None = None,
                         surely: Callable[[etree._Element], bool] | None = None,
                         ) -> list[Diagnostic] | None:
    """The RELAX NG findings for ``data`` from the streaming pass: [] when it is valid
    (and ``rules``, if given, found nothing: their failures stay in ``rules``).

    Without ``explain`` the pass stops at the first fault and says None. With it, each
    subtree libxml2 rejects is explained on the spot, from the elements in hand
    (``explain(top, elements, stubs)``: the elements to check and the emptied subtrees
    among them), and the pass goes on: an invalid file gets its messages without a tree
    of it. None when a rejected part has nothing to say locally (the caller then
    validates the ordinary way, for libxml2's own log). ``surely`` (a sound "invalid",
    :meth:`Grammar.surely_invalid`) spares libxml2 parts of many elements with a sure
    fault, on which its time grows with the square of its errors.
    """

    def rejects(schema: etree.RelaxNG, top: etree._Element) -> bool:
        if surely is not None and sum(1 for _ in top.iter(etree.Element)) >= SURE_FROM \
                and surely(top):
            return True
        return not schema.validate(top)

    tree, used = stubbed(pruned, tags)
    skeleton = etree.RelaxNG(tree)
    real = {tag: _starting_at(tree, define) for tag, define in used.items()}
    events = untrusted.checked_iterparse(data, ("end",), tag=list(used) or None)
    found: list[Diagnostic] = []
    done: set[etree._Element] = set()  # subtrees checked, then emptied
    try:
        for _, el in events:
            if el.tag not in real:
                continue  # no subtree tags: every element comes by, the tree is whole
            if rejects(real[el.tag], el):
                said = explain(el, el.iter(etree.Element), done) if explain else []
                if not said:
                    return None
                found += said
            if rules is not None:
                rules.check(el)  # before the subtree is emptied
                if rules.failed and explain is None:
                    return None
            el.clear(keep_tail=True)
            if explain is not None:
                done.add(el)
    except etree.XMLSyntaxError as exc:
        log = events.error_log if len(events.error_log) else exc.error_log
        if all(e.type_name in untrusted.XML_ID_ERRORS for e in log):
            return None  # a repeated xml:id: a validity error, reported the ordinary way
        raise NotWellFormed(log) from None
    if events.root is None:
        return None
    if rejects(skeleton, events.root):
        said = explain(events.root, events.root.iter(etree.Element), done) if explain else []
        if not said:
            return None
        found += said
    if rules is not None:
        rules.check(events.root)
        if rules.failed and explain is None:
            return None
    return found


class ByteLines:
    """Line ``n`` (1-based) of a document's bytes, as text: for the columns of findings
    in a file no list of lines is made for. The index of line starts is built on the
    first call (8 bytes a line), so a valid file never pays for it."""

    def __init__(self, data: bytes):
        self.data = data
        self._starts: array | None = None

    def __call__(self, n: int) -> str | None:
        if self._starts is None:
            self._starts = array("q", [0])
            self._starts.extend(m.end() for m in re.finditer(b"\n", self.data))
        if not 0 < n <= len(self._starts):
            return None
        end = self._starts[n] if n < len(self._starts) else len(self.data)
        return self.data[self._starts[n - 1]:end].decode("utf-8", "replace").rstrip("\r\n")


class NotWellFormed(Exception):
    """The streaming pass met a syntax error: it is reported from libxml2's log as the
    ordinary parse would report it, without building the tree up to it first."""

    def __init__(self, error_log):
        super().__init__("not well-formed")
        self.error_log = error_log
