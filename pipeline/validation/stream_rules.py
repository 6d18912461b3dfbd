"""Schematron rules checked during the streaming pass over a large file (no tree of it).

For a large file, running the rules needs a tree of the whole document: Saxon's parse of
a 200 MB file takes some 1.5 GiB, more than jing needs for the whole job. Many rules
(all of TEI's that can fire on a FRUS document) only look *up* from the element they
check: its name and attributes, its parent's and ancestors' names and attributes. Such
a rule gives the same answer on the partial tree the streaming pass holds, as long as it
is checked before the element's subtree is emptied: the element and everything inside it
is complete then, and its ancestors, though incomplete, keep their names and attributes.

So each element is checked exactly once: when the subtree it lies in is complete (a
subtree root's own end, or the end of the document for the skeleton), skipping subtrees
already checked and emptied. Only patterns that lxml runs (:class:`NativePattern`)
whose contexts are single steps and whose tests, predicates and messages use only the
axes ``self``, ``parent``, ``ancestor(-or-self)`` and ``attribute`` qualify
(:func:`upward_only`, a conservative reading); when any pattern does not, the caller
keeps Saxon, as before.
"""

from __future__ import annotations

import re

from lxml import etree

from teipipe.validation import schematron
from teipipe.validation.schematron import (
    Failure,
    NativePattern,
    Rules,
    _path,
    _render,
    _split_top,
    sch,
)

UP_AXES = {"ancestor", "ancestor-or-self", "parent", "self", "attribute"}
FUNCTIONS = {"not", "true", "false", "boolean", "count", "exists", "empty", "string",
             "normalize-space", "string-length", "contains", "starts-with", "concat", "name",
             "local-name", "namespace-uri", "number"}
OF_CONTEXT = {"string", "normalize-space", "string-length", "number"}  # f() reads content
OF_NODE = {"name", "local-name", "namespace-uri"}  # f(.) reads only the name
_TOKEN = re.compile(r"""\s*(?:"[^"]*"|'[^']*'|(\d+(?:\.\d*)?)
                        |(\.\.|::|//|!=|<=|>=|[/@()\[\],|=<>+.$*-])
                        |([A-Za-z_][\w.-]*(?::(?:[A-Za-z_][\w.-]*|\*))?))""", re.X)


def upward_only(expr: str) -> bool:
    """True when ``expr`` (XPath 1.0) reads nothing but the context element, its
    attributes, and its ancestors' names and attributes (conservative: False if unsure)."""
    tokens: list[str] = []
    pos = 0
    expr = expr.strip()
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if m is None or m.end() == pos:
            return False
        pos = m.end()
        text = m.group(0).strip()
        if text[:1] in "\"'":
            tokens.append('""')
        elif text:
            tokens.append(text)
    for i, token in enumerate(tokens):
        before = tokens[i - 1] if i else ""
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token == "." and before == "(" and after == ")" and i > 1 and tokens[i - 2] in OF_NODE:
            continue  # name(.)
        if token in ("//", ".", "$"):
            return False  # descendants, the string value, variables
        if token == "*" or re.match(r"[A-Za-z_]", token):
            if before in ("::", "@"):
                continue  # a name test on an allowed axis (checked below) or an attribute
            if after == "::":
                if token not in UP_AXES:
                    return False
                continue
            if after == "(":
                if token not in FUNCTIONS or (
                        token in OF_CONTEXT and tokens[i + 2: i + 3] == [")"]):
                    return False
                continue
            if token in ("and", "or") and before not in ("", "(", "[", ",", "and", "or"):
                continue
            return False  # a bare name: the child axis
    return True


def _single_steps(select: str) -> list[str] | None:
    """The steps of ``//a | //b[x]`` (what :class:`NativePattern` selects), or None when
    a branch is longer than one step."""
    steps = []
    for branch in _split_top(select, "|"):
        branch = branch.strip()
        if not branch.startswith("//") or len(_split_top(branch[2:], "/")) != 1:
            return None
        steps.append(branch[2:])
    return steps


_NAME_TEST = re.compile(r"\*|[A-Za-z_][\w.-]*(?::(?:[A-Za-z_][\w.-]*|\*))?")


def _step_up(step: str) -> bool:
    """A match-pattern step (``tei:*[@when]``) whose predicates only look up."""
    step = step.strip()
    m = _NAME_TEST.match(step)
    rest = step[m.end():].strip() if m else "x"
    return not rest or rest.startswith("[") and upward_only(rest)


class StreamRules:
    """The rule sets of one validation, checked a completed subtree at a time."""

    def __init__(self, patterns: list[tuple[NativePattern, list[tuple[etree.XPath, list]]]]):
        self.patterns = patterns
        self.failures: list[list[tuple[etree._Element, Failure]]] = [[] for _ in patterns]
        self._checked: set[etree._Element] = set()  # subtree roots done (now emptied)

    @classmethod
    def build(cls, checkers: list[Rules]) -> StreamRules | None:
        """The patterns of ``checkers`` ready for streaming, or None if any is not."""
        patterns = []
        for rules in checkers:
            prefixes = {ns.get("prefix"): ns.get("uri") for ns in rules.schema.iter(sch("ns"))}
            for native in rules.native:
                if native is None:
                    return None
                compiled = []
                for select, checks in native.rules:
                    steps = _single_steps(select.path)
                    if steps is None or not all(_step_up(s) for s in steps):
                        return None
                    for _, _, _, test, parts in checks:
                        if not upward_only(test) or not all(
                                isinstance(p, str) or upward_only(p.path) for p in parts):
                            return None
                    here = " | ".join(f"descendant-or-self::{s}" for s in steps)
                    compiled.append((etree.XPath(here, namespaces=prefixes), checks))
                patterns.append((native, compiled))
        return cls(patterns)

    def check(self, top: etree._Element) -> None:
        """Check the elements of the completed subtree ``top``, but not those of subtrees
        inside it already checked (emptied stubs now)."""
        for (native, rules), out in zip(self.patterns, self.failures, strict=True):
            owner: dict[etree._Element, list] = {}
            for select, checks in rules:  # the first rule matching a node is its rule
                for node in select(top):
                    if node not in self._checked:
                        owner.setdefault(node, checks)
            ordered = [n for n in top.iter() if n in owner] if len(rules) > 1 else list(owner)
            for node in ordered:
                for xpath, is_assert, role, test, parts in owner[node]:
                    if xpath(node) != is_assert:
                        out.append((node, Failure(_path(node), role, _render(parts, node),
                                                  test, native.label)))
        self._checked.add(top)

    @property
    def failed(self) -> bool:
        return any(self.failures)


__all__ = ["StreamRules", "upward_only", "schematron"]
