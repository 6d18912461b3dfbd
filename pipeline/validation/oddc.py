"""Compile a TEI ODD customisation to RELAX NG and Schematron, as TEI's own processor does.

TEI's reference is the Stylesheets' ``odd2odd.xsl`` (select and customise the specs)
followed by ``odd2relax.xsl`` (write the grammar). This module does the same in Python
on the same source, ``p5subset.xml``, and copies the reference's rules where they decide
which documents are valid, quirks included (a ``ref`` to an element that is not in the
schema is removed and leaves ``empty`` behind, as ``odd2relax`` does; ``(X+)?`` written
in RELAX NG inside a spec loses its ``?`` as in ``odd2odd``), so that a document gets the
same verdict from both. The steps:

1. :func:`load_odd` parses the ODD (ids inside ``egXML`` examples may repeat, so ids are
   not enforced), expands ``specGrpRef``, and finds the source: ``p5subset.xml`` for a
   TEI pin (``tei:4.12.0``, a Vault URL; a warning names the version difference) or
   another ODD, compiled first (chaining, recursively).
2. :func:`select` takes the specs of the ``moduleRef``/``elementRef``s and applies the
   customisation's ``elementSpec``/``classSpec``/``macroSpec``/``dataSpec`` in the modes
   add, replace, delete and change.
3. :func:`to_relaxng` writes one ``define`` per element, model class (with the
   ``_alternation``/``_sequence…`` variants), attribute class (``att.X.attributes``),
   macro and data spec, then cleans up as ``odd2relax`` does.

Unsupported constructs are refused with file:line:col and a message naming them.
"""

from __future__ import annotations

import contextlib
import copy
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from lxml import etree

from teipipe.diagnostics import Diagnostic, InputError
from teipipe.namespaces import ANN_NS, RNG_NS, SCH15_NS, SCH_NS, TEI_NS, XML_NS

SPEC_KINDS = ("elementSpec", "classSpec", "macroSpec", "dataSpec")
TEI_PIN = re.compile(r"^tei:|/Vault/P5/|p5subset\.xml$|^https?://www\.tei-c\.org/")
OCCURS = {(1, 1): None, (0, 1): "optional", (1, -1): "oneOrMore", (0, -1): "zeroOrMore"}


def t(tag: str) -> str:
    return f"{{{TEI_NS}}}{tag}"


def r(tag: str) -> str:
    return f"{{{RNG_NS}}}{tag}"


def _local(node: etree._Element) -> str:
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


def _parser() -> etree.XMLParser:
    # collect_ids=False: ODDs repeat ids inside their egXML examples.
    return etree.XMLParser(collect_ids=False, huge_tree=True, resolve_entities=False,
                           no_network=True, remove_comments=False)


class OddError(InputError):
    """An ODD that cannot be compiled (exit 2: it is a schema problem)."""

    exit_code = 2


def fail(node: etree._Element | None, path: Path, message: str) -> NoReturn:
    """Stop with ``path:line:col`` of ``node`` (the column of its start tag on that line)."""
    line = (node.sourceline or 0) if node is not None else 0
    col = 0
    if line:
        try:
            text = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            text = []
        here = text[line - 1] if line <= len(text) else ""
        col = here.find(f"<{_local(node)}") + 1 or 1 if node is not None else 1
    raise OddError([Diagnostic(str(path), line, col, "error", message, "odd")])


@dataclass
class Specs:
    """The specs of a compiled ODD (or of p5subset): ident → spec element, per kind."""

    elements: dict[str, etree._Element] = field(default_factory=dict)
    classes: dict[str, etree._Element] = field(default_factory=dict)
    macros: dict[str, etree._Element] = field(default_factory=dict)
    datas: dict[str, etree._Element] = field(default_factory=dict)
    version: str = ""
    deleted: set[str] = field(default_factory=set)  # mode="delete": references vanish
    custom: set[str] = field(default_factory=set)  # specs whose content the ODD wrote
    external: list[etree._Element] = field(default_factory=list)  # moduleRef/@url grammars

    def table(self, kind: str) -> dict[str, etree._Element]:
        return {"elementSpec": self.elements, "classSpec": self.classes,
                "macroSpec": self.macros, "dataSpec": self.datas}[kind]

    def all(self) -> Iterable[etree._Element]:
        for kind in SPEC_KINDS:
            yield from self.table(kind).values()

    def module(self, key: str) -> list[etree._Element]:
        return [s for s in self.all() if s.get("module") == key]


@dataclass
class Compiled:
    """What an ODD compiles to."""

    specs: Specs
    schema: etree._Element  # the schemaSpec
    path: Path
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- sources

def load_specs(path: Path) -> Specs:
    """Every spec of a TEI source (p5subset.xml or a compiled ODD), by ident."""
    root = etree.parse(str(path), _parser()).getroot()
    specs = Specs()
    for kind in SPEC_KINDS:
        for spec in root.iter(t(kind)):
            specs.table(kind).setdefault(spec.get("ident"), spec)
    edition = root.find(f"{t('teiHeader')}/{t('fileDesc')}/{t('editionStmt')}/{t('edition')}")
    if edition is not None:
        found = re.search(r"\d+\.\d+\.\d+\w*", " ".join(edition.itertext()))
        specs.version = found.group(0) if found else ""
    return specs


def compile_odd(path: Path, p5subset: Path, depth: int = 0,
                cache: dict[Path, Specs] | None = None) -> Compiled:
    """Select and customise the specs of the ODD at ``path`` (steps 1 and 2)."""
    path = Path(path)  # as the user gave it: the diagnostics name it so
    cache = {} if cache is None else cache
    try:
        tree = etree.parse(str(path), _parser())
    except OSError as exc:
        raise OddError([Diagnostic(str(path), 0, 0, "error", f"cannot read the ODD: {exc}",
                                   "odd")]) from None
    except etree.XMLSyntaxError as exc:
        line, col = exc.position
        raise OddError([Diagnostic(str(path), line, col + 1, "error",
                                   f"not well-formed XML: {exc.msg}", "odd")]) from None
    with contextlib.suppress(etree.XIncludeError):
        tree.xinclude()  # documentation only (ELTeC's eltec-body.xml): never fatal
    root = tree.getroot()
    specs_found = list(root.iter(t("schemaSpec")))
    if not specs_found:
        fail(root, path, "the ODD has no schemaSpec")
    schema = specs_found[0]
    warnings: list[str] = []
    source = schema.get("source")
    base = _source_specs(path, schema, source, p5subset, depth, cache, warnings)

    def source_of(node: etree._Element) -> Specs:
        """Where a reference takes its specs: its own @source, else the schemaSpec's."""
        own = node.get("source")
        if not own:
            return base
        return _source_specs(path, node, own, p5subset, depth, cache, warnings)

    specs = select(path, root, schema, source_of, warnings)
    return Compiled(specs, schema, path, warnings)


def _source_specs(path: Path, node: etree._Element, source: str | None, p5subset: Path,
                  depth: int, cache: dict[Path, Specs], warnings: list[str]) -> Specs:
    if not source or TEI_PIN.search(source):
        key = Path(p5subset).resolve()
        if key not in cache:
            cache[key] = load_specs(key)
        pinned = re.search(r"(\d+\.\d+\.\d+\w*)", source or "")
        if pinned and cache[key].version and pinned.group(1) != cache[key].version:
            warnings.append(f"{path}: source {source!r} asks for TEI {pinned.group(1)}; "
                            f"compiled against {key.name} {cache[key].version}")
        return cache[key]
    if depth >= 8:
        fail(node, path, f"ODD chain deeper than 8 levels at source {source!r}")
    target = _chained_file(path.resolve(), source)
    if target is None:
        fail(node, path, f"source {source!r}: no such local file (a chained ODD must be a "
                         "file next to this one; teipipe never fetches a URL)")
    if target not in cache:
        raw = etree.parse(str(target), _parser()).getroot()
        compiled_already = any(isinstance(n, etree._ProcessingInstruction)
                               and n.target == "TEIVERSION" for n in raw.iter())
        if compiled_already:
            cache[target] = load_specs(target)
        else:
            inner = compile_odd(target, p5subset, depth + 1, cache)
            warnings.extend(inner.warnings)
            cache[target] = inner.specs
    return cache[target]


def _chained_file(path: Path, source: str) -> Path | None:
    """The local file a chained ``@source`` names (a URL maps to a file next to the ODD)."""
    text = source.removeprefix("file://")
    tail = text.split("/")
    candidates = [path.parent / text] if "://" not in text else []
    for i in range(len(tail)):
        candidates.append(path.parent / "/".join(tail[i:]))
    for cand in list(candidates):
        for a, b in ((".xml", ".odd"), (".odd", ".xml")):
            if cand.suffix == a:
                candidates.append(cand.with_suffix(b))
    return next((c.resolve() for c in candidates if c.is_file()), None)


# ---------------------------------------------------------------- external grammars

def _external_grammar(path: Path, ref: etree._Element, depth: int = 0) -> etree._Element:
    """A ``moduleRef/@url`` grammar as odd2relax imports it: its defines (names given the
    moduleRef's ``@prefix``) in a ``div``, its ``start`` left out, its includes expanded,
    then the moduleRef's own ``content``. Only a local file is read (a relative path or a
    ``file:`` URI); teipipe never fetches a URL."""
    url = ref.get("url", "")
    if re.match(r"^[a-z][a-z0-9+.-]*://", url) and not url.startswith("file://"):
        fail(ref, path, f"moduleRef/@url {url!r}: teipipe reads only local grammars "
                        "(give a path relative to the ODD)")
    target = (path.parent / url.removeprefix("file://")).resolve()
    if not target.is_file():
        fail(ref, path, f"moduleRef/@url {url!r}: no such file")
    prefix = ref.get("prefix", "")
    div = etree.Element(r("div"))
    div.append(etree.Comment(f" Start of import of {url} "))
    div.append(_expand_rng(target, prefix, ref, path, depth))
    content = ref.find(t("content"))
    for child in (content if content is not None else ()):
        if isinstance(child.tag, str) and child.tag.startswith(f"{{{RNG_NS}}}"):
            div.append(copy.deepcopy(child))
    return div


def _expand_rng(target: Path, prefix: str, ref: etree._Element, path: Path,
                depth: int) -> etree._Element:
    if depth > 8:
        fail(ref, path, f"moduleRef/@url: includes nested deeper than 8 at {target.name}")
    try:
        grammar = etree.parse(str(target), _parser()).getroot()
    except etree.XMLSyntaxError as exc:
        fail(ref, path, f"moduleRef/@url: {target.name} is not well-formed: {exc.msg}")
    if grammar.tag != r("grammar"):
        fail(ref, path, f"moduleRef/@url: {target.name} is not a RELAX NG grammar (XML syntax)")
    out = etree.Element(r("div"))
    for name in ("ns", "datatypeLibrary"):
        if grammar.get(name) is not None:
            out.set(name, grammar.get(name))
    for child in grammar:
        if not isinstance(child.tag, str) or child.tag == r("start"):
            continue
        if child.tag == r("include"):
            inner = (target.parent / child.get("href", "")).resolve()
            if not inner.is_file():
                fail(ref, path, f"moduleRef/@url: {target.name} includes {child.get('href')!r}, "
                                "which is not a local file")
            out.append(_expand_rng(inner, prefix, ref, path, depth + 1))
            for override in child:
                if isinstance(override.tag, str) and override.tag != r("start"):
                    out.append(_prefixed(copy.deepcopy(override), prefix))
            continue
        out.append(_prefixed(copy.deepcopy(child), prefix))
    return out


def _prefixed(node: etree._Element, prefix: str) -> etree._Element:
    for n in node.iter(r("define"), r("ref")):
        n.set("name", prefix + n.get("name", ""))
    return node


# ---------------------------------------------------------------- selection

def _members_of(root: etree._Element, container: etree._Element, path: Path,
                warnings: list[str], seen: set[str] | None = None) -> list[etree._Element]:
    """The customisation's children, ``specGrpRef`` expanded (in document order; a
    reference to no specGrp is skipped with a warning, as odd2odd skips it)."""
    seen = set() if seen is None else seen
    out: list[etree._Element] = []
    for child in container:
        name = _local(child)
        if child.tag == t("specGrpRef"):
            target = (child.get("target") or "").lstrip("#")
            if target in seen:
                continue
            seen.add(target)
            group = next((g for g in root.iter(t("specGrp"))
                          if g.get(f"{{{XML_NS}}}id") == target), None)
            if group is None:
                warnings.append(f"{path}:{child.sourceline}: specGrpRef: no specGrp with "
                                f"xml:id {target!r}; skipped")
                continue
            out += _members_of(root, group, path, warnings, seen)
        elif child.tag == t("specGrp"):
            continue  # only used through specGrpRef
        elif name in SPEC_KINDS or child.tag in (t("moduleRef"), t("elementRef"),
                                                  t("classRef"), t("macroRef"),
                                                  t("dataRef"), t("constraintSpec")):
            out.append(child)
    return out


def select(path: Path, root: etree._Element, schema: etree._Element,
           source_of: Callable[[etree._Element], Specs], warnings: list[str]) -> Specs:
    """The specs the schemaSpec selects from its sources, customised."""
    out = Specs(version=source_of(schema).version)
    members = _members_of(root, schema, path, warnings)
    for ref in (m for m in members if m.tag == t("moduleRef")):
        if ref.get("url"):
            out.external.append(_external_grammar(path, ref))
            continue
        key = ref.get("key")
        base = source_of(ref)
        picked = base.module(key)
        if not picked and not any(s.get("module") == key for s in base.all()):
            fail(ref, path, f'moduleRef key="{key}": no such module in the source')
        include = set((ref.get("include") or "").split())
        exclude = set((ref.get("except") or "").split())
        for spec in picked:
            kind = _local(spec)
            ident = spec.get("ident")
            listed = ref.get("include") is not None  # include="" selects no element
            if kind == "elementSpec" and ((listed and ident not in include)
                                          or ident in exclude):
                continue
            out.table(kind)[ident] = spec
    for ref in members:
        wanted = {"elementRef": "elementSpec", "classRef": "classSpec",
                  "macroRef": "macroSpec", "dataRef": "dataSpec"}.get(_local(ref))
        if wanted:
            kind = wanted
            spec = source_of(ref).table(kind).get(ref.get("key"))
            if spec is None:
                fail(ref, path, f"{_local(ref)} key={ref.get('key')!r}: not found in source")
            out.table(kind)[ref.get("key")] = spec
    for spec in (m for m in members if _local(m) in SPEC_KINDS):
        kind, ident = _local(spec), spec.get("ident")
        table = out.table(kind)
        mode = spec.get("mode", "add")
        if mode == "delete":
            table.pop(ident, None)
            out.deleted.add(ident)
        elif mode in ("add", "replace"):
            new = copy.deepcopy(spec)
            if new.get("module") is None and ident in table:
                new.set("module", table[ident].get("module", ""))
            table[ident] = new
            out.custom.add(ident)
        elif mode == "change":
            if ident not in table:
                continue  # odd2odd: a change to a spec not selected is ignored
            table[ident] = change_spec(path, table[ident], spec)
            if spec.find(t("content")) is not None:
                out.custom.add(ident)
        else:
            fail(spec, path, f'{kind} mode="{mode}" is not a mode of ODD')
    return out


def change_spec(path: Path, old: etree._Element, change: etree._Element) -> etree._Element:
    """``old`` with the mode="change" spec ``change`` merged in (odd2odd's change)."""
    new = copy.deepcopy(old)
    for name, value in change.attrib.items():
        if name not in ("mode",):
            new.set(name, value)
    for child in change:
        name = _local(child)
        if name in ("content", "altIdent", "desc", "gloss", "equiv", "datatype"):
            for same in new.findall(t(name)):
                new.remove(same)
            if name != "content" or len(child):
                new.append(copy.deepcopy(child))
        elif name == "classes":
            _change_classes(new, child)
        elif name == "attList":
            _change_attlist(path, new, child)
        elif name == "constraintSpec":
            _change_constraint(new, child)
        elif name == "valList":  # a dataSpec/macroSpec's own
            for same in new.findall(t("valList")):
                new.remove(same)
            new.append(copy.deepcopy(child))
    return new


def _change_classes(spec: etree._Element, classes: etree._Element) -> None:
    """``classes`` in a change: mode="change" merges; any other mode (TEI's default is
    replace) puts the customisation's list in place of the original's."""
    have = spec.find(t("classes"))
    if have is None:
        have = etree.SubElement(spec, t("classes"))
    if classes.get("mode") != "change":
        for m in list(have):
            have.remove(m)
        have.extend(copy.deepcopy(m) for m in classes.iterchildren(t("memberOf")))
        return
    for member in classes.iterchildren(t("memberOf")):
        key = member.get("key")
        for m in have.findall(t("memberOf")):
            if m.get("key") == key:
                have.remove(m)
        if member.get("mode", "add") != "delete":
            have.append(copy.deepcopy(member))


def _change_constraint(spec: etree._Element, cons: etree._Element) -> None:
    ident = cons.get("ident")
    for c in spec.iter(t("constraintSpec")):
        if c.get("ident") == ident:
            c.getparent().remove(c)
            break
    if cons.get("mode", "add") != "delete":
        spec.append(copy.deepcopy(cons))


def _change_attlist(path: Path, spec: etree._Element, change: etree._Element) -> None:
    attlist = spec.find(t("attList"))
    if attlist is None:
        attlist = etree.SubElement(spec, t("attList"))
    if change.get("org"):
        attlist.set("org", change.get("org"))
    for att in change.iter(t("attDef")):
        ident = att.get("ident")
        mode = att.get("mode", "add")
        have = next((a for a in attlist.iter(t("attDef")) if a.get("ident") == ident), None)
        if mode == "delete":  # a marker stays: a class may define the attribute too
            if have is not None:
                have.getparent().replace(have, copy.deepcopy(att))
            else:  # inherited from a class: remembered, applied when writing the element
                attlist.append(copy.deepcopy(att))
        elif mode in ("add", "replace") or (mode == "change" and have is None
                                            and spec.tag == t("classSpec")):
            new = copy.deepcopy(att)
            if have is not None:
                have.getparent().replace(have, new)
            else:
                attlist.append(new)
        elif mode == "change":
            if have is None:  # inherited: kept as a change, applied when writing
                attlist.append(copy.deepcopy(att))
            else:
                have.getparent().replace(have, merge_attdef(have, att))
        else:
            fail(att, path, f'attDef mode="{mode}" is not a mode of ODD')


def merge_attdef(old: etree._Element, change: etree._Element) -> etree._Element:
    """An attDef with a mode="change" attDef merged in."""
    new = copy.deepcopy(old)
    for name, value in change.attrib.items():
        if name != "mode":
            new.set(name, value)
    if new.get("mode") == "change" and old.get("mode") != "change":
        del new.attrib["mode"]
    for child in change:
        name = _local(child)
        if name == "valList":  # the result keeps the old list's @mode, not the change's
            have = new.find(t("valList"))
            vmode = child.get("mode", "add")
            fresh = copy.deepcopy(child)
            fresh.attrib.pop("mode", None)
            if have is not None and have.get("mode"):
                fresh.set("mode", have.get("mode"))
            if have is None:
                new.append(fresh)
            elif vmode == "replace":
                new.replace(have, fresh)
            else:  # add or change: merge the items
                if child.get("type"):
                    have.set("type", child.get("type"))
                for item in child.iterchildren(t("valItem")):
                    same = next((v for v in have.iterchildren(t("valItem"))
                                 if v.get("ident") == item.get("ident")), None)
                    if item.get("mode") == "delete":
                        if same is not None:
                            have.remove(same)
                    elif same is None:
                        have.append(copy.deepcopy(item))
        elif isinstance(child.tag, str):
            for same in new.findall(child.tag):
                new.remove(same)
            new.append(copy.deepcopy(child))
    return new


def merge_class_attribute(old: etree._Element, new: etree._Element) -> etree._Element:
    """A class's attDef as an element changes it (classatts.xsl's mergeClassAttribute):
    usage and datatype from the change if it has them; the values from the change only
    when its valList says how (mode add, replace or change), else the class's."""
    out = etree.Element(t("attDef"), ident=old.get("ident"))
    usage = new.get("usage") or old.get("usage")
    if usage:
        out.set("usage", usage)
    for part in ("altIdent", "datatype"):
        found = new.find(t(part)) if new.find(t(part)) is not None else old.find(t(part))
        if found is not None:
            out.append(copy.deepcopy(found))
    theirs, ours = new.find(t("valList")), old.find(t("valList"))
    vmode = theirs.get("mode") if theirs is not None else None
    if vmode in ("add", "replace") or (vmode == "change" and ours is None):
        out.append(copy.deepcopy(theirs))
    elif vmode == "change":
        merged = copy.deepcopy(theirs)
        for item in list(merged):
            merged.remove(item)
        gone = {v.get("ident") for v in theirs.iterchildren(t("valItem"))
                if v.get("mode") in ("delete", "replace")}
        merged.extend(copy.deepcopy(v) for v in ours.iterchildren(t("valItem"))
                      if v.get("ident") not in gone)
        merged.extend(copy.deepcopy(v) for v in theirs.iterchildren(t("valItem"))
                      if v.get("mode") in ("add", "replace"))
        out.append(merged)
    elif vmode != "delete" and ours is not None:
        out.append(copy.deepcopy(ours))
    return out


# ---------------------------------------------------------------- RELAX NG

class Writer:
    """Writes the grammar of a compiled ODD the way odd2relax does."""

    def __init__(self, compiled: Compiled):
        self.c = compiled
        self.specs = compiled.specs
        self.schema = compiled.schema
        self.prefix = self.schema.get("prefix", "")
        self.ns = self.schema.get("ns", TEI_NS)
        self.deleted = self.specs.deleted
        self.custom = False
        self.extra: list[etree._Element] = []
        self.members: dict[str, list[etree._Element]] = {}
        for spec in self.specs.all():
            if _local(spec) not in ("elementSpec", "classSpec"):
                continue
            for m in spec.iterfind(f"{t('classes')}/{t('memberOf')}"):
                if m.get("key") in self.specs.classes:
                    self.members.setdefault(m.get("key"), []).append(spec)

    def ename(self, ident: str) -> str:
        spec = self.specs.elements.get(ident)
        prefix = spec.get("prefix") if spec is not None and spec.get("prefix") else self.prefix
        return prefix + ident

    def grammar(self) -> etree._Element:
        g = etree.Element(r("grammar"), nsmap={None: RNG_NS, "a": ANN_NS, "tei": TEI_NS},
                          ns=self.ns,
                          datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes")
        for ident, spec in sorted(self.specs.macros.items()):
            self.define(g, ident, self.content(spec, spec.find(t("content"))))
        for ident, spec in sorted(self.specs.datas.items()):
            self.define(g, ident, self.content(spec, spec.find(t("content"))))
        for ident, spec in sorted(self.specs.classes.items()):
            if spec.get("type") == "model":
                self.model_class(g, ident)
            else:
                self.att_class(g, ident, spec)
        for ident, spec in sorted(self.specs.elements.items()):
            self.element(g, ident, spec)
        g.extend(self.extra)
        g.extend(copy.deepcopy(div) for div in self.specs.external)
        start = etree.SubElement(g, r("start"))
        choice = etree.SubElement(start, r("choice"))
        for name in (self.schema.get("start") or "TEI teiCorpus").split():
            if name in self.specs.elements:
                etree.SubElement(choice, r("ref"), name=self.ename(name))
        cleanup(g)
        return g

    @staticmethod
    def define(g: etree._Element, name: str, parts: list[etree._Element]) -> None:
        d = etree.SubElement(g, r("define"), name=name)
        d.extend(parts or [etree.Element(r("empty"))])

    # classes ------------------------------------------------------------
    def model_class(self, g: etree._Element, ident: str) -> None:
        members = self.members.get(ident, [])
        refs = []
        for m in members:
            name = self.ename(m.get("ident")) if _local(m) == "elementSpec" else m.get("ident")
            refs.append(name)
        if refs:
            choice = etree.Element(r("choice"))
            for name in refs:
                etree.SubElement(choice, r("ref"), name=name)
            self.define(g, ident, [choice])
            self.define(g, f"{ident}_alternation", [copy.deepcopy(choice)])
        else:
            self.define(g, ident, [etree.Element(r("notAllowed"))])
            self.define(g, f"{ident}_alternation", [etree.Element(r("notAllowed"))])
        for suffix, wrap in (("sequence", None), ("sequenceOptional", "optional"),
                             ("sequenceOptionalRepeatable", "zeroOrMore"),
                             ("sequenceRepeatable", "oneOrMore")):
            parts = []
            for m in members:
                name = (self.ename(m.get("ident")) if _local(m) == "elementSpec"
                        else f"{m.get('ident')}_{suffix}")
                ref = etree.Element(r("ref"), name=name)
                if wrap:
                    w = etree.Element(r(wrap))
                    w.append(ref)
                    ref = w
                parts.append(ref)
            if not parts and suffix == "sequenceRepeatable":
                parts = [etree.Element(r("notAllowed"))]
            self.define(g, f"{ident}_{suffix}", parts)

    def att_class(self, g: etree._Element, ident: str, spec: etree._Element) -> None:
        parts = self.attributes(spec, {}, set())
        self.define(g, f"{ident}.attributes", parts)

    def attributes(self, spec: etree._Element, changes: dict[str, etree._Element],
                   deleted: set[str]) -> list[etree._Element]:
        """The attribute patterns of a class or element; ``changes``/``deleted``: attDefs
        an element changes or deletes in its classes (such classes are written inline)."""
        parts: list[etree._Element] = []
        for m in spec.iterfind(f"{t('classes')}/{t('memberOf')}"):
            cls = self.specs.classes.get(m.get("key"))
            if cls is None or cls.get("type") != "atts":
                continue
            if (changes or deleted) and self._touches(cls, set(changes) | deleted, set()):
                parts += self.attributes(cls, changes, deleted)
            else:
                parts.append(etree.Element(r("ref"), name=f"{cls.get('ident')}.attributes"))
        attlist = spec.find(t("attList"))
        if attlist is not None:
            if spec.tag == t("elementSpec"):  # its own attributes: all of them
                parts += self.attlist(attlist, {}, set())
            else:
                parts += self.attlist(attlist, changes, deleted)
        return parts

    def _touches(self, cls: etree._Element, names: set[str], seen: set[str]) -> bool:
        ident = cls.get("ident")
        if ident in seen:
            return False
        seen.add(ident)
        if any(a.get("ident") in names for a in cls.iter(t("attDef"))):
            return True
        subs = [self.specs.classes.get(m.get("key"))
                for m in cls.iterfind(f"{t('classes')}/{t('memberOf')}")]
        return any(s is not None and s.get("type") == "atts" and self._touches(s, names, seen)
                   for s in subs)

    def attlist(self, attlist: etree._Element, changes: dict[str, etree._Element],
                deleted: set[str]) -> list[etree._Element]:
        parts: list[etree._Element] = []
        for child in attlist:
            if child.tag == t("attList"):
                parts += self.attlist(child, changes, deleted)
            elif child.tag == t("attDef"):
                if child.get("mode") in ("delete", "change"):
                    continue  # an element's change to an inherited attribute
                ident = child.get("ident")
                if ident in deleted:
                    continue
                att = merge_class_attribute(child, changes[ident]) if ident in changes \
                    else child
                parts.append(self.attribute(att))
        if attlist.get("org") == "choice" and parts:
            choice = etree.Element(r("choice"))
            choice.extend(parts)
            return [choice]
        return parts

    def attribute(self, att: etree._Element) -> etree._Element:
        ident = att.get("ident")
        a = etree.Element(r("attribute"), name=ident)
        if att.get("ns"):
            a.set("ns", att.get("ns"))
        elif ":" not in ident:
            a.set("ns", "")
        alt = att.find(t("altIdent"))
        if alt is not None and alt.text:
            a.set("name", alt.text.strip())
        datatype = att.find(t("datatype"))
        values = att.find(t("valList"))
        lo, hi = 1, 1
        if datatype is not None:
            lo, hi = _occurs(datatype)
        if values is not None and values.get("type") == "closed":
            body = [self.values(values)]
        elif values is not None and values.get("type") == "semi":
            choice = self.values(values)
            if choice.tag != r("choice"):
                choice = etree.Element(r("choice"))
            choice.extend(self.content(att, datatype) if datatype is not None
                          else [etree.Element(r("data"), type="Name")])
            body = [choice]
        elif datatype is not None:
            body = self.content(att, datatype)
        else:
            body = [etree.Element(r("text"))]
        if hi != 1:
            lst = etree.SubElement(a, r("list"))
            lst.extend(_repeat(body, lo, hi))
        else:
            a.extend(body)
        if att.get("usage") == "req":
            return a
        opt = etree.Element(r("optional"))
        opt.append(a)
        return opt

    @staticmethod
    def values(values: etree._Element) -> etree._Element:
        choice = etree.Element(r("choice"))
        for item in values.iterchildren(t("valItem")):
            etree.SubElement(choice, r("value")).text = item.get("ident")
        if not len(choice):
            return etree.Element(r("notAllowed"))
        return choice

    # elements -----------------------------------------------------------
    def element(self, g: etree._Element, ident: str, spec: etree._Element) -> None:
        el = etree.Element(r("element"))
        alt = spec.find(t("altIdent"))
        el.set("name", alt.text.strip() if alt is not None and alt.text else ident)
        ns = spec.get("ns")
        if ns is not None:
            el.set("ns", ns)
        content = spec.find(t("content"))
        parts = self.content(spec, content) if content is not None else []
        el.extend(parts or [etree.Element(r("empty"))])
        changes, deleted = {}, set()
        attlist = spec.find(t("attList"))
        for a in (attlist.iter(t("attDef")) if attlist is not None else ()):
            if a.get("mode") == "change":
                changes[a.get("ident")] = a
            else:  # deleted, or defined here: a class's definition gives way
                deleted.add(a.get("ident"))
        el.extend(self.attributes(spec, changes, deleted))
        etree.SubElement(el, r("empty"))
        d = etree.SubElement(g, r("define"), name=self.ename(ident))
        d.append(el)

    # content ------------------------------------------------------------
    def content(self, spec: etree._Element, content: etree._Element | None
                ) -> list[etree._Element]:
        if content is None:
            return []
        self.custom = spec.get("ident") in self.specs.custom and spec.tag != t("attDef")
        out: list[etree._Element] = []
        for child in content:
            if self.custom and child.tag in (t("sequence"), t("alternate")):
                for simpler in simplify_odd(child, self.deleted):
                    out += self.tangle(simpler)
            elif self.custom and child.get("key") in self.deleted and child.tag in REFS:
                continue
            else:
                out += self.tangle(child)
        return out

    def tangle(self, node: etree._Element) -> list[etree._Element]:
        name = _local(node)
        if not isinstance(node.tag, str) or node.tag.startswith(f"{{{ANN_NS}}}"):
            return []
        if node.tag.startswith(f"{{{RNG_NS}}}"):
            return [self.rng_copy(node)]
        if node.tag == t("textNode"):
            return [etree.Element(r("text"))]
        if node.tag == t("empty"):
            return [etree.Element(r("empty"))]
        if node.tag == t("valList"):
            return [self.values(node)]
        if node.tag == t("anyElement"):
            return _repeat([self.any_element(node)], *_occurs(node))
        if node.tag in (t("sequence"), t("interleave")):
            kids: list[etree._Element] = []
            for c in node:
                kids += self.tangle(c)
            if not kids:
                return []
            only_data = all(c.tag == t("dataRef") for c in node if isinstance(c.tag, str))
            wrap = etree.Element(r("list" if only_data else "group"))
            if node.get("preserveOrder") == "false" or name == "interleave":
                inter = etree.SubElement(wrap, r("interleave"))
                inter.extend(kids)
            else:
                wrap.extend(kids)
            return _repeat([wrap], *_occurs(node))
        if node.tag == t("alternate"):
            choice = etree.Element(r("choice"))
            for c in node:
                choice.extend(self.tangle(c))
            if not len(choice):
                return []
            return _repeat([choice], *_occurs(node))
        if node.tag in (t("elementRef"), t("classRef"), t("macroRef")):
            return _repeat(self.reference(node), *_occurs(node))
        if node.tag == t("dataRef"):
            return self.data_ref(node)
        if node.tag in (t("desc"), t("gloss"), t("remarks"), t("equiv"), t("altIdent")):
            return []
        raise _Unsupported(node)

    def reference(self, node: etree._Element) -> list[etree._Element]:
        key = node.get("key")
        if node.tag == t("elementRef"):
            return [etree.Element(r("ref"), name=self.ename(key))]
        if node.tag == t("macroRef"):
            return [etree.Element(r("ref"), name=key)]
        expand = node.get("expand")
        include = set((node.get("include") or "").split())
        exclude = set((node.get("except") or "").split())
        if not expand and not include and not exclude:
            return [etree.Element(r("ref"), name=key)]
        members = [m for m in self._flat_members(key, set())
                   if (not include or m in include) and m not in exclude]
        refs = [etree.Element(r("ref"), name=self.ename(m)) for m in members]
        if expand in (None, "alternation"):
            if not refs:
                return []
            choice = etree.Element(r("choice"))
            choice.extend(refs)
            return [choice]
        wrap = {"sequence": None, "sequenceOptional": "optional",
                "sequenceRepeatable": "oneOrMore",
                "sequenceOptionalRepeatable": "zeroOrMore"}[expand]
        out = []
        for ref in refs:
            if wrap:
                w = etree.Element(r(wrap))
                w.append(ref)
                ref = w
            out.append(ref)
        return out

    def _flat_members(self, cls: str, seen: set[str]) -> list[str]:
        out: list[str] = []
        if cls in seen:
            return out
        seen.add(cls)
        for m in self.members.get(cls, []):
            if _local(m) == "elementSpec":
                out.append(m.get("ident"))
            else:
                out += self._flat_members(m.get("ident"), seen)
        return out

    def data_ref(self, node: etree._Element, restriction: str | None = None
                 ) -> list[etree._Element]:
        """A datatype: a data spec's content written in place (as odd2relax does; an
        unknown key gives nothing), or an XML Schema type with its facets."""
        key = node.get("key")
        if key:
            spec = self.specs.datas.get(key)
            content = spec.find(t("content")) if spec is not None else None
            if content is None:
                return []
            custom, self.custom = self.custom, False
            parts: list[etree._Element] = []
            for child in content:
                if child.tag == t("dataRef"):
                    parts += self.data_ref(child, node.get("restriction"))
                else:
                    parts += self.tangle(child)
            self.custom = custom
            return parts
        data = etree.Element(r("data"), type=node.get("name", "string"))
        facets = list(node.iterchildren(t("dataFacet")))
        for facet in facets:
            etree.SubElement(data, r("param"), name=facet.get("name")).text = facet.get("value")
        pattern = node.get("restriction") or restriction
        if not facets and pattern:
            etree.SubElement(data, r("param"), name="pattern").text = pattern
        return [data]

    def any_element(self, node: etree._Element) -> etree._Element:
        """A reference to a define for any element outside the excluded namespaces
        (default: TEI's and teix:egXML), with any attributes and content, as
        odd2relax writes it; ``@require`` is a Schematron matter and is not checked."""
        owner = node
        while owner is not None and owner.tag not in (t("elementSpec"), t("macroSpec")):
            owner = owner.getparent()
        name = f"anyElement_{owner.get('ident') if owner is not None else ''}{len(self.extra)}"
        el = etree.Element(r("element"))
        except_ = etree.SubElement(etree.SubElement(el, r("anyName")), r("except"))
        exclude = (node.get("exclude") or self.schema.get("defaultExceptions")
                   or f"{TEI_NS} teix:egXML").split()
        for item in dict.fromkeys(exclude):
            if item == "teix:egXML":
                etree.SubElement(except_, r("name"),
                                 ns="http://www.tei-c.org/ns/Examples").text = "egXML"
            elif re.fullmatch(r"\w+:\w+", item) and node.nsmap.get(item.split(":")[0]):
                etree.SubElement(except_, r("name"),
                                 ns=node.nsmap[item.split(":")[0]]).text = item.split(":")[1]
            else:
                etree.SubElement(except_, r("nsName"), ns=item)
        attrs = etree.SubElement(etree.SubElement(el, r("zeroOrMore")), r("attribute"))
        etree.SubElement(attrs, r("anyName"))
        choice = etree.SubElement(etree.SubElement(el, r("zeroOrMore")), r("choice"))
        etree.SubElement(choice, r("text"))
        etree.SubElement(choice, r("ref"), name=name)
        define = etree.Element(r("define"), name=name)
        define.append(el)
        self.extra.append(define)
        return etree.Element(r("ref"), name=name)

    def rng_copy(self, node: etree._Element) -> etree._Element:
        """Embedded RELAX NG, simplified as odd2odd does (odd2odd-simplifyRelax)."""
        name = _local(node)
        if name in ("element", "attribute", "data", "text", "name", "value", "param",
                    "anyName", "nsName", "except", "empty", "notAllowed"):
            new = etree.Element(node.tag, dict(node.attrib))
            new.text = node.text
            for c in node:
                if isinstance(c.tag, str) and c.tag.startswith(f"{{{RNG_NS}}}"):
                    new.append(self.rng_copy(c))
            return new
        if name == "ref":
            return etree.Element(r("ref"), name=node.get("name"))
        kids = [self.rng_copy(c) for c in node
                if isinstance(c.tag, str) and c.tag.startswith(f"{{{RNG_NS}}}")
                and not (c.tag == r("ref") and c.get("name") in self.deleted)]
        if not self.custom:
            new = etree.Element(node.tag, dict(node.attrib))
            new.extend(kids)
            return new
        if len(kids) == 1 and _local(kids[0]) == name:
            return kids[0]
        if name == "optional" and len(kids) == 1 and _local(kids[0]) in ("zeroOrMore",
                                                                         "oneOrMore"):
            return kids[0]
        if name == "oneOrMore" and len(kids) == 1 and _local(kids[0]) == "zeroOrMore":
            new = etree.Element(r("oneOrMore"))
            new.extend(list(kids[0]))
            return new
        new = etree.Element(node.tag, dict(node.attrib))
        new.extend(kids)
        return new


REFS = (t("elementRef"), t("classRef"), t("macroRef"), t("dataRef"))


def simplify_odd(node: etree._Element, deleted: set[str]) -> list[etree._Element]:
    """odd2odd-simplifyODD on content the customisation wrote: references to deleted
    specs vanish, emptied containers too, and some nestings are flattened (dropping the
    outer occurrence counts, as the reference does)."""
    name = _local(node)
    lo, hi = _occurs(node)
    kids: list[etree._Element] = []
    for c in node:
        if not isinstance(c.tag, str):
            continue
        if c.tag in (t("sequence"), t("alternate")):
            kids += simplify_odd(c, deleted)
        elif c.tag in REFS and c.get("key") in deleted:
            continue
        else:
            kids.append(copy.deepcopy(c))
    if not kids:
        return []
    if len(kids) == 1 and _local(kids[0]) == name:
        return kids
    if len(kids) == 1 and kids[0].tag in (t("sequence"), t("alternate")):
        inner = _occurs(kids[0])
        if (lo, hi) == (0, 1) and inner in ((0, -1), (1, -1)):
            return kids
        if (lo, hi) == (1, -1) and inner == (0, -1):
            new = etree.Element(node.tag, dict(node.attrib))
            new.extend(list(kids[0]))
            return [new]
    new = etree.Element(node.tag, dict(node.attrib))
    new.extend(kids)
    return [new]


class _Unsupported(Exception):
    def __init__(self, node: etree._Element):
        super().__init__(node)
        self.node = node


def _occurs(node: etree._Element) -> tuple[int, int]:
    lo = node.get("minOccurs", "1")
    hi = node.get("maxOccurs", "1")
    return int(lo), -1 if hi == "unbounded" else int(hi)


def _repeat(parts: list[etree._Element], lo: int, hi: int) -> list[etree._Element]:
    """``parts`` occurring lo..hi times (hi -1: unbounded), as odd2relax writes it."""
    if not parts:
        return []
    wrap = OCCURS.get((lo, hi), "")
    if wrap is None:
        return parts
    if wrap:
        w = etree.Element(r(wrap))
        w.extend(parts)
        return [w]
    group = etree.Element(r("group"))
    for _ in range(lo):
        group.extend(copy.deepcopy(p) for p in parts)
    if lo == 0:
        opt = etree.SubElement(group, r("optional"))
        opt.extend(copy.deepcopy(p) for p in parts)
        lo = 1
    if hi == -1:
        z = etree.SubElement(group, r("zeroOrMore"))
        z.extend(copy.deepcopy(p) for p in parts)
    else:
        for _ in range(hi - lo):
            opt = etree.SubElement(group, r("optional"))
            opt.extend(copy.deepcopy(p) for p in parts)
    return [group]


# ---------------------------------------------------------------- odd2relax clean-up

def cleanup(g: etree._Element) -> None:
    """odd2relax's passes 2 to 4: references to undefined patterns are removed (leaving
    ``empty`` when they were alone), and emptied containers go as the reference's do."""
    defined = {d.get("name") for d in g.iter(r("define"))}
    for ref in list(g.iter(r("ref"))):
        if ref.get("name") in defined:
            continue
        parent = ref.getparent()
        if parent.tag == r("choice") and parent.getparent().tag == r("start"):
            parent.remove(ref)
        elif len([c for c in parent if isinstance(c.tag, str)]) == 1:
            parent.replace(ref, etree.Element(r("empty")))
        else:
            parent.remove(ref)
    for d in list(g.iterchildren(r("define"), r("start"))):
        new = _pass4(d)
        g.replace(d, new[0])


_MEANINGFUL = ("text", "ref", "anyName", "attribute", "data", "name", "value")


def _has(node: etree._Element, names: tuple[str, ...]) -> bool:
    return any(_local(d) in names for d in node.iter() if d is not node
               and isinstance(d.tag, str) and d.tag.startswith(f"{{{RNG_NS}}}"))


def _pass4(node: etree._Element) -> list[etree._Element]:
    if not isinstance(node.tag, str) or not node.tag.startswith(f"{{{RNG_NS}}}"):
        return [copy.deepcopy(node)]
    name = _local(node)
    kids = [c for c in node if isinstance(c.tag, str)]

    def rebuilt() -> etree._Element:
        new = etree.Element(node.tag, dict(node.attrib))
        new.text = node.text
        for c in node:
            new.extend(_pass4(c))
        return new

    if name in ("list", "element"):
        new = rebuilt()
        if not _has(new, _MEANINGFUL):
            for c in list(new):
                if not (isinstance(c.tag, str) and c.tag.startswith(f"{{{ANN_NS}}}")):
                    new.remove(c)
            etree.SubElement(new, r("empty"))
        return [new]
    if name == "group" and len(kids) == 1:
        return _pass4(kids[0])
    if name in ("choice", "group"):
        direct = any(_local(c) in ("value", "name") for c in kids)
        if direct or _has(node, ("ref", "text", "data")):
            return [rebuilt()]
        return [etree.Element(r("empty"))]
    if name in ("optional", "zeroOrMore", "oneOrMore"):
        if not kids or (len(kids) == 1 and kids[0].tag == r("empty")):
            return []
        if len(kids) == 1:
            what = kids[0].get("name") if kids[0].tag == r("ref") else None
            nxt = node.getnext()
            while nxt is not None and not isinstance(nxt.tag, str):
                nxt = nxt.getnext()
            if what is not None and nxt is not None:
                nk = [c for c in nxt if isinstance(c.tag, str)]
                if len(nk) == 1:
                    inner = [c for c in nk[0] if isinstance(c.tag, str)]
                    if any(c.tag == r("ref") and c.get("name") == what for c in inner):
                        return []
                    if nk[0].tag == r("group"):
                        gk = [c for c in nk[0] if isinstance(c.tag, str)]
                        if len(gk) == 1 and any(c.tag == r("ref") and c.get("name") == what
                                                for c in gk[0]):
                            return []
            if kids[0].tag == r("zeroOrMore"):
                return _pass4(kids[0])
            if kids[0].tag == r("group"):
                gk = [c for c in kids[0] if isinstance(c.tag, str)]
                if len(gk) == 1 and gk[0].tag == r("zeroOrMore"):
                    return _pass4(kids[0])
        return [rebuilt()]
    return [rebuilt()]


# ---------------------------------------------------------------- Schematron

def schematron(compiled: Compiled) -> etree._Element | None:
    """The ISO Schematron of the compiled ODD's constraintSpecs (None if it has none).

    As ``extract-isosch.xsl``: ``sch:ns`` for ``tei`` and every declared prefix, one
    pattern per constraint (a bare rule or assert gets a pattern, a bare assert the
    context of its element); Schematron 1.5 constraints are carried over in ISO form.
    """
    schema = etree.Element(f"{{{SCH_NS}}}schema", nsmap={None: SCH_NS}, queryBinding="xslt2")
    etree.SubElement(schema, f"{{{SCH_NS}}}ns", prefix="tei", uri=TEI_NS)
    seen_ns = {"tei"}
    patterns: list[etree._Element] = []
    for spec in compiled.specs.all():
        for cs in spec.iter(t("constraintSpec")):
            if cs.get("scheme") not in ("schematron", "isoschematron"):
                continue
            constraint = cs.find(t("constraint"))
            if constraint is None:
                continue
            parts = [_iso(copy.deepcopy(c)) for c in constraint if isinstance(c.tag, str)
                     and c.tag.split("}")[0][1:] in (SCH_NS, SCH15_NS)]
            for ns in [p for p in parts if _local(p) == "ns"]:
                if ns.get("prefix") not in seen_ns:
                    seen_ns.add(ns.get("prefix"))
                    schema.append(ns)
            parts = [p for p in parts if _local(p) != "ns"]
            if not parts:
                continue
            ident = f"{compiled.schema.get('ident', 'odd')}-{spec.get('ident')}-{cs.get('ident')}"
            if all(_local(p) == "pattern" for p in parts):
                patterns += parts
                continue
            pattern = etree.Element(f"{{{SCH_NS}}}pattern", id=ident)
            if any(_local(p) in ("assert", "report") for p in parts):
                owner = cs.getparent()
                while owner is not None and owner.tag not in (t("elementSpec"),
                                                              t("classSpec")):
                    owner = owner.getparent()
                context = (f"tei:{owner.get('ident')}" if owner is not None
                           and owner.tag == t("elementSpec") else "*")
                rule = etree.SubElement(pattern, f"{{{SCH_NS}}}rule", context=context)
                rule.extend(parts)
            else:
                pattern.extend(parts)
            patterns.append(pattern)
    if not patterns:
        return None
    schema.extend(patterns)
    etree.cleanup_namespaces(schema)
    return schema


def _iso(node: etree._Element) -> etree._Element:
    """Schematron 1.5 elements renamed into ISO Schematron's namespace."""
    for n in node.iter():
        if isinstance(n.tag, str) and n.tag.startswith(f"{{{SCH15_NS}}}"):
            n.tag = f"{{{SCH_NS}}}{_local(n)}"
    return node


# ---------------------------------------------------------------- entry points

@dataclass
class Output:
    """The compiled schemas as bytes, and warnings (version differences)."""

    rng: bytes
    sch: bytes | None
    ident: str
    warnings: list[str]


def compile_schemas(odd: Path, p5subset: Path) -> Output:
    """Compile ``odd`` (against ``p5subset`` for TEI pins) to RELAX NG and Schematron."""
    compiled = compile_odd(Path(odd), Path(p5subset))
    writer = Writer(compiled)
    try:
        grammar = writer.grammar()
    except _Unsupported as exc:
        node = exc.node
        fail(node, Path(node.base or odd) if node.base else Path(odd),
             f"{_local(node)} in a content model is not supported yet")
    if not [c for c in grammar.iter(r("ref")) if c.getparent().getparent().tag == r("start")]:
        fail(compiled.schema, compiled.path,
             "the schema has no start element: none of "
             f"{compiled.schema.get('start') or 'TEI teiCorpus'} is in the customisation")
    grammar.insert(0, etree.Comment(
        f" Compiled from {Path(odd).name} by teipipe (pipeline/validation/oddc.py) against TEI "
        f"{compiled.specs.version or '?'}. Do not edit; edit the ODD and recompile. "))
    sch = schematron(compiled)
    rng_bytes = etree.tostring(grammar, xml_declaration=True, encoding="UTF-8",
                               pretty_print=True)
    sch_bytes = (etree.tostring(sch, xml_declaration=True, encoding="UTF-8",
                                pretty_print=True) if sch is not None else None)
    return Output(rng_bytes, sch_bytes, compiled.schema.get("ident", Path(odd).stem),
                  compiled.warnings)


P5SUBSET_NAME = "p5subset.xml"
FORMAT = "1"  # part of the cache key: raise it when the compiler writes differently


def cached_schemas(odd: Path, p5subset: Path | None = None) -> list[Path]:
    """The RELAX NG (and Schematron, if any) compiled from ``odd``, from the cache when the
    same ODD (by content, with the files it chains to and the TEI source) was compiled
    before; for ``teipipe validate --schema PROJECT.odd``."""
    import hashlib

    from teipipe import SCHEMA_DIR
    from teipipe.validation.cache import cache_dir
    from teipipe.xmlio import atomic_write

    source = Path(p5subset or SCHEMA_DIR / P5SUBSET_NAME)
    h = hashlib.sha256(f"{FORMAT}\n".encode())
    for file in [Path(odd), *_chain_files(Path(odd))]:
        h.update(file.read_bytes())
    stat = source.stat()
    h.update(f"{source.resolve()}\n{stat.st_size}\n{stat.st_mtime_ns}".encode())
    folder = cache_dir("odd")
    rng_path, sch_path = folder / f"{h.hexdigest()}.rng", folder / f"{h.hexdigest()}.sch"
    if not rng_path.is_file():
        out = compile_schemas(Path(odd), source)
        folder.mkdir(parents=True, exist_ok=True)
        if out.sch is not None:
            atomic_write(sch_path, out.sch)
        atomic_write(rng_path, out.rng)
    return [rng_path] + ([sch_path] if sch_path.is_file() else [])


def _chain_files(odd: Path, depth: int = 0) -> list[Path]:
    """The local ODDs ``odd`` chains to (their content is part of the cache key)."""
    try:
        root = etree.parse(str(odd), _parser()).getroot()
    except (OSError, etree.XMLSyntaxError):
        return []
    spec = next(root.iter(t("schemaSpec")), None)
    source = spec.get("source") if spec is not None else None
    if depth >= 8 or not source or TEI_PIN.search(source):
        return []
    target = _chained_file(odd.resolve(), source)
    return [target, *_chain_files(target, depth + 1)] if target else []
