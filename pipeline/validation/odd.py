"""Derive the project schemas from a TEI ODD: RELAX NG cut out of tei_all, Schematron, XSD.

TEI's own ODD processor is a large XSLT suite (and Java for the XSD); teipipe uses no
Java at run time and needs only the part of ODD its customization is written in, so
that part is implemented here, on the compiled ``tei_all.rng`` rather than on the TEI
source. Supported:

- ``schemaSpec/@start`` (element names, default ``TEI``);
- ``moduleRef/@include`` and ``elementRef/@key``: the elements kept, every other
  element of the grammar becomes ``notAllowed`` (``moduleRef key="tei"``, which holds
  no elements, may stand alone);
- ``elementSpec mode="delete"``; ``classSpec mode="delete"`` (an attribute class's
  attributes disappear, a model class becomes empty);
- ``elementSpec mode="change"`` with ``attDef mode="change"`` (``@usage`` req/opt,
  ``valList type="closed"`` replacing the values) or ``attDef mode="delete"``; an
  attribute inherited from a class is first copied into the element, as TEI does, so
  the class stays unchanged for the other elements;
- ``constraintSpec scheme="schematron"`` holding ``sch:pattern``, ``sch:rule``,
  ``sch:let``, ``sch:ns`` or (inside an ``elementSpec``) bare ``sch:assert``/``report``.

Anything else (``moduleRef`` without ``@include`` or with ``@except``: the compiled
grammar does not say which module an element comes from; element, class or macro
additions and content changes; ``dataSpec``, ``specGrp``) is refused with the ODD's
file:line:col rather than ignored. ``notAllowed`` is then simplified away as the
RELAX NG specification does (section 4.19, :mod:`teipipe.validation.simplify`, shared
with the validator's pruning), and defines no longer reachable from the start are
dropped. TEI's Schematron embedded in the kept definitions stays in the grammar.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from lxml import etree

from teipipe import SCHEMA_DIR
from teipipe.diagnostics import Diagnostic, InputError
from teipipe.namespaces import ANN_NS, RNG_NS, SCH_NS, TEI_NS
from teipipe.validation.names import rng
from teipipe.validation.simplify import simplify
from teipipe.xmlio import atomic_write, safe_parser, tei

ODD = SCHEMA_DIR / "teipipe.odd"
TEI_ALL = SCHEMA_DIR / "tei_all.rng"
ELEMENTLESS_MODULES = {"tei"}  # classes, macros and datatypes only


def sch(tag: str) -> str:
    return f"{{{SCH_NS}}}{tag}"


@dataclass
class Derived:
    """The schemas an ODD stands for, as bytes ready to write."""

    rng: bytes
    sch: bytes


class Odd:
    """A parsed ODD file; ``fail`` turns a spec element into a file:line:col error."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            problem = f"cannot read the ODD: {exc.strerror or exc}"
            raise InputError([Diagnostic(str(path), 0, 0, "error", problem, "odd")]) from None
        self.lines = data.decode("utf-8", errors="replace").splitlines()
        try:
            self.root = etree.fromstring(data, safe_parser(), base_url=str(self.path))
        except etree.XMLSyntaxError as exc:
            line, col = exc.position
            raise InputError([Diagnostic(str(path), line, col + 1, "error",
                                         f"not well-formed XML: {exc.msg}", "odd")]) from None
        specs = self.root.findall(f".//{tei('schemaSpec')}")
        if len(specs) != 1:
            self.fail(self.root, f"expected one schemaSpec, found {len(specs)}")
        self.spec = specs[0]

    def fail(self, node: etree._Element, message: str) -> NoReturn:
        line = node.sourceline or 0
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        name = etree.QName(node).localname
        col = text.find(f"<{name}") + 1 or 1
        raise InputError([Diagnostic(str(self.path), line, col, "error", message, "odd")])


def derive(odd_path: Path = ODD, source: Path = TEI_ALL) -> Derived:
    """The RELAX NG grammar and the Schematron that ``odd_path`` specifies."""
    odd = Odd(odd_path)
    grammar = etree.parse(str(source), safe_parser())
    root = cut_grammar(odd, grammar.getroot(), odd_path.name)
    return Derived(_serialize(root), _serialize(assemble_schematron(odd)))


def cut_grammar(odd: Odd, root: etree._Element, odd_name: str) -> etree._Element:
    """A copy of the grammar ``root`` restricted as the ODD says."""
    root = copy.deepcopy(root)
    defines = {d.get("name"): d for d in root.iterchildren(rng("define"))}
    elements = _element_defines(defines)
    kept = _kept_elements(odd, elements)
    for ident, define in elements.items():
        if ident not in kept:
            _set_content(define, "notAllowed")
    for spec in odd.spec.iterchildren(tei("classSpec")):
        _delete_class(odd, spec, defines)
    for spec in odd.spec.iterchildren(tei("elementSpec")):
        if spec.get("mode") == "change":
            _change_element(odd, spec, elements[spec.get("ident")], defines)
    for spec in odd.spec.iterchildren(tei("macroSpec"), tei("dataSpec"), tei("specGrp"),
                                      tei("specGrpRef"), tei("moduleSpec")):
        odd.fail(spec, f"{etree.QName(spec).localname} is not supported by teipipe schema")
    _set_start(odd, root, elements, kept)
    # Not tidied: the derived schema is read by people and by trang, so a closed value
    # keeps its documentation and the grammar keeps TEI's shape.
    simplify(root, tidy=False)
    if [p.tag for p in _patterns(root.find(rng("start")))] == [rng("notAllowed")]:
        odd.fail(odd.spec, "this customization allows no document at all: the start element "
                           "needs something it deletes")
    _keep_live_patterns(root)
    ident = odd.spec.get("ident", "teipipe")
    for pattern in root.iter(sch("pattern")):
        if (pattern.get("id") or "").startswith("tei_all-"):
            pattern.set("id", ident + pattern.get("id")[len("tei_all"):])
    etree.cleanup_namespaces(root)
    root.insert(0, etree.Comment(
        f" Derived from {odd_name} by 'teipipe schema' (pipeline/validation/odd.py): "
        "TEI P5 tei_all restricted to the teipipe customization. Do not edit; edit the ODD "
        "and re-derive. "))
    return root


def _element_defines(defines: dict[str, etree._Element]) -> dict[str, etree._Element]:
    """Element name → the define that holds its ``element`` pattern (TEI's layout)."""
    out: dict[str, etree._Element] = {}
    for define in defines.values():
        kids = _patterns(define)
        if len(kids) == 1 and kids[0].tag == rng("element") and kids[0].get("name"):
            out.setdefault(kids[0].get("name"), define)
    return out


def _kept_elements(odd: Odd, elements: dict[str, etree._Element]) -> set[str]:
    kept: set[str] = set()
    for ref in odd.spec.iterchildren(tei("moduleRef")):
        if ref.get("except") is not None or ref.get("url") is not None:
            odd.fail(ref, "moduleRef/@except and @url are not supported: list the elements "
                          "to keep with @include")
        if ref.get("include") is None:
            if ref.get("key") not in ELEMENTLESS_MODULES:
                odd.fail(ref, f'moduleRef key="{ref.get("key")}" without @include is not '
                              "supported: list the elements to keep with @include")
            continue
        names = ref.get("include").split()
        unknown = [n for n in names if n not in elements]
        if unknown:
            odd.fail(ref, f"no such element in the source grammar: {', '.join(unknown)}")
        kept.update(names)
    for ref in odd.spec.iterchildren(tei("elementRef")):
        if ref.get("key") not in elements:
            odd.fail(ref, f"no such element in the source grammar: {ref.get('key')}")
        kept.add(ref.get("key"))
    for spec in odd.spec.iterchildren(tei("elementSpec")):
        mode = spec.get("mode", "add")
        ident = spec.get("ident")
        if mode not in ("delete", "change"):
            odd.fail(spec, f'elementSpec mode="{mode}" is not supported (only delete, change)')
        if ident not in kept:
            odd.fail(spec, f"elementSpec {ident!r}: the element is not included by any moduleRef")
        if mode == "delete":
            kept.discard(ident)
    return kept


def _delete_class(odd: Odd, spec: etree._Element, defines: dict[str, etree._Element]) -> None:
    ident = spec.get("ident", "")
    if spec.get("mode") != "delete":
        odd.fail(spec, f'classSpec mode="{spec.get("mode")}" is not supported (only delete)')
    if ident.startswith("att."):
        names = [n for n in defines if n == f"tei_{ident}.attributes"
                 or n.startswith(f"tei_{ident}.attribute.")]
        content = "empty"
    else:
        names = [n for n in defines if n == f"tei_{ident}" or n.startswith(f"tei_{ident}_")]
        content = "notAllowed"
    if not names:
        odd.fail(spec, f"no such class in the source grammar: {ident}")
    for name in names:
        _set_content(defines[name], content)


def _change_element(odd: Odd, spec: etree._Element, define: etree._Element,
                    defines: dict[str, etree._Element]) -> None:
    element = _patterns(define)[0]
    for att in spec.iter(tei("attDef")):
        name = att.get("ident")
        decl = _localize(element, name, defines)
        if decl is None:
            odd.fail(att, f"<{spec.get('ident')}> has no attribute {name!r}")
        holder = decl.getparent()
        optional = holder.tag == rng("optional") and len(_patterns(holder)) == 1
        mode = att.get("mode", "add")
        if mode == "delete":
            (holder if optional else decl).getparent().remove(holder if optional else decl)
            continue
        if mode != "change":
            odd.fail(att, f'attDef mode="{mode}" is not supported (only change, delete)')
        values = att.find(tei("valList"))
        if values is not None:
            if values.get("type") != "closed":
                odd.fail(values, 'only valList type="closed" is supported')
            _close_values(decl, values)
        usage = att.get("usage")
        if usage == "req" and optional:
            holder.getparent().replace(holder, decl)
        elif usage == "opt" and not optional:
            wrapper = etree.Element(rng("optional"))
            decl.addprevious(wrapper)
            wrapper.append(decl)


def _localize(element: etree._Element, name: str,
              defines: dict[str, etree._Element]) -> etree._Element | None:
    """The ``attribute`` pattern for ``name`` among ``element``'s own children.

    An attribute inherited through class references is copied in: each reference on
    the way is replaced by the patterns of its define (as TEI's ODD processor does).
    """
    memo: dict[str, bool] = {}
    while True:
        for child in _patterns(element):
            found = _own_attribute(child, name)
            if found is not None:
                return found
        via = next((c for c in _patterns(element) if c.tag == rng("ref")
                    and _declares(c.get("name"), name, defines, memo)), None)
        if via is None:
            return None
        parts = [copy.deepcopy(p) for p in _patterns(defines[via.get("name")])]
        for part in parts:
            via.addprevious(part)
        element.remove(via)


def _own_attribute(node: etree._Element, name: str) -> etree._Element | None:
    if node.tag == rng("attribute") and node.get("name") == name:
        return node
    if node.tag == rng("optional"):
        return next((a for a in _patterns(node) if a.tag == rng("attribute")
                     and a.get("name") == name), None)
    return None


def _declares(define: str, name: str, defines: dict[str, etree._Element],
              memo: dict[str, bool]) -> bool:
    """Does ``define`` (following refs, not entering elements) declare attribute ``name``?"""
    if define in memo:
        return memo[define]
    memo[define] = False  # cycles: not through here
    found = False
    for node in _walk(defines[define]):
        if node.tag == rng("attribute") and node.get("name") == name:
            found = True
        elif node.tag == rng("ref") and node.get("name") in defines:
            found = _declares(node.get("name"), name, defines, memo)
        if found:
            break
    memo[define] = found
    return found


def _walk(node: etree._Element) -> Iterator[etree._Element]:
    """RELAX NG patterns below ``node``, not descending into element patterns."""
    for child in _patterns(node):
        yield child
        if child.tag not in (rng("element"), rng("attribute")):
            yield from _walk(child)


def _close_values(decl: etree._Element, values: etree._Element) -> None:
    """Replace the attribute's datatype by a choice of the listed values."""
    choice = etree.Element(rng("choice"))
    for item in values.iterchildren(tei("valItem")):
        etree.SubElement(choice, rng("value")).text = item.get("ident")
        gloss = item.find(tei("desc"))
        if gloss is not None:
            doc = etree.SubElement(choice, f"{{{ANN_NS}}}documentation", nsmap={"a": ANN_NS})
            doc.text = " ".join("".join(gloss.itertext()).split())
    old = [p for p in _patterns(decl) if p.tag != rng("name")]
    is_list = any(p.tag == rng("list") for p in old)
    for p in old:
        decl.remove(p)
    if is_list:  # several values, space-separated
        listed = etree.SubElement(decl, rng("list"))
        etree.SubElement(listed, rng("oneOrMore")).append(choice)
    else:
        decl.append(choice)


def _set_start(odd: Odd, root: etree._Element, elements: dict[str, etree._Element],
               kept: set[str]) -> None:
    names = (odd.spec.get("start") or "TEI").split()
    missing = [n for n in names if n not in kept]
    if missing:
        odd.fail(odd.spec, f"start element not in the customization: {', '.join(missing)}")
    start = root.find(rng("start"))
    for child in list(start):
        start.remove(child)
    parent = etree.SubElement(start, rng("choice")) if len(names) > 1 else start
    for name in names:
        etree.SubElement(parent, rng("ref"), name=elements[name].get("name"))


def _set_content(define: etree._Element, tag: str) -> None:
    for child in list(define):
        define.remove(child)
    etree.SubElement(define, rng(tag))


def _patterns(node: etree._Element) -> list[etree._Element]:
    """The RELAX NG children of ``node`` that are patterns (not annotations or name classes)."""
    kids = [c for c in node if isinstance(c.tag, str) and c.tag.startswith(f"{{{RNG_NS}}}")
            and c.tag != rng("param")]
    if node.tag in (rng("element"), rng("attribute")) and node.get("name") is None and kids:
        kids = kids[1:]  # the name class
    return kids


def _keep_live_patterns(root: etree._Element) -> None:
    """Grammar-level Schematron (class rules) stays only while its class does."""
    live = {d.get("name") for d in root.iterchildren(rng("define"))}
    for pattern in list(root.iterchildren(sch("pattern"))):
        ident = (pattern.get("id") or "").removeprefix("tei_all-")
        prefixes = (f"tei_{ident[:i]}.attribute" for i in range(len(ident), 0, -1)
                    if ident[i - 1] != "-" and (i == len(ident) or ident[i] == "-"))
        if not any(name.startswith(prefix) for prefix in prefixes for name in live):
            root.remove(pattern)


def assemble_schematron(odd: Odd) -> etree._Element:
    """An ISO Schematron schema from the ODD's ``constraintSpec``s, one pattern each."""
    schema = etree.Element(sch("schema"), nsmap={None: SCH_NS}, queryBinding="xslt3")
    schema.append(etree.Comment(
        f" Derived from {odd.path.name} by 'teipipe schema' (pipeline/validation/odd.py): the "
        "project rules, one pattern per constraintSpec. Do not edit. "))
    etree.SubElement(schema, sch("title")).text = (
        f"{odd.spec.get('ident', 'teipipe')}: project rules")
    namespaces = {"tei": TEI_NS}
    patterns = []
    for spec in odd.spec.iter(tei("constraintSpec")):
        if spec.get("scheme") != "schematron":
            odd.fail(spec, f'constraintSpec scheme="{spec.get("scheme")}" is not supported '
                           '(only schematron)')
        constraint = spec.find(tei("constraint"))
        parts = [c for c in (constraint if constraint is not None else ())
                 if isinstance(c.tag, str)]
        if not parts or any(not c.tag.startswith(f"{{{SCH_NS}}}") for c in parts):
            odd.fail(spec, "a constraint must hold Schematron (sch:pattern, sch:rule, …)")
        for ns in (c for c in parts if c.tag == sch("ns")):
            if namespaces.setdefault(ns.get("prefix"), ns.get("uri")) != ns.get("uri"):
                odd.fail(ns, f"prefix {ns.get('prefix')!r} bound to two namespaces")
        patterns += _patterns_of(odd, spec, [c for c in parts if c.tag != sch("ns")])
    for prefix, uri in namespaces.items():
        etree.SubElement(schema, sch("ns"), prefix=prefix, uri=uri)
    schema.extend(patterns)
    values = _closed_values_pattern(odd)
    if len(values) > 1:
        schema.append(values)
    return schema


def _closed_values_pattern(odd: Odd) -> etree._Element:
    """The closed value lists again, as Schematron: the grammar enforces them, but libxml2
    reports a wrong value as a misplaced element; this names the value and the choices."""
    pattern = etree.Element(sch("pattern"), id="closed-values")
    etree.SubElement(pattern, sch("title")).text = (
        "Attributes with a closed list of values (from the elementSpecs)")
    for spec in odd.spec.iterchildren(tei("elementSpec")):
        rule = etree.Element(sch("rule"), context=f"tei:{spec.get('ident')}")
        for att in spec.iter(tei("attDef")):
            name = att.get("ident")
            idents = [v.get("ident") for v in att.iterfind(f"{tei('valList')}/{tei('valItem')}")]
            allowed = ", ".join(idents)
            if idents:
                choices = ", ".join(f"'{v}'" for v in idents)
                check = etree.SubElement(rule, sch("assert"), test=(
                    f"not(@{name}) or (every $v in tokenize(normalize-space(@{name}), ' ') "
                    f"satisfies $v = ({choices}))"))
                check.text = f'@{name}="'
                value = etree.SubElement(check, sch("value-of"), select=f"@{name}")
                value.tail = f'" on <{spec.get("ident")}> is not one of the values teipipe ' \
                    f"allows: {allowed}."
            if att.get("usage") == "req":
                need = etree.SubElement(rule, sch("assert"), test=f"@{name}")
                need.text = f"<{spec.get('ident')}> needs @{name}" + (
                    f" (one of: {allowed})." if idents else ".")
        if len(rule):
            pattern.append(rule)
    return pattern


def _patterns_of(odd: Odd, spec: etree._Element,
                 parts: list[etree._Element]) -> list[etree._Element]:
    ident = spec.get("ident")
    parts = [_plain_copy(p) for p in parts]
    if all(p.tag == sch("pattern") for p in parts):
        for p in parts:
            p.set("id", p.get("id") or ident)
        return parts
    pattern = etree.Element(sch("pattern"), id=ident)
    gloss = spec.find(tei("desc"))
    if gloss is not None:
        etree.SubElement(pattern, sch("title")).text = " ".join(
            "".join(gloss.itertext()).split())
    if any(p.tag in (sch("assert"), sch("report")) for p in parts):
        owner = spec.getparent()
        if owner.tag != tei("elementSpec"):
            odd.fail(spec, "a bare sch:assert/report needs an elementSpec for its context")
        rule = etree.SubElement(pattern, sch("rule"), context=f"tei:{owner.get('ident')}")
        rule.extend(parts)
    else:
        pattern.extend(parts)
    return [pattern]


def _plain_copy(node: etree._Element) -> etree._Element:
    """A copy without the ODD's namespace declarations (TEI, rng) cluttering it."""
    copied = copy.deepcopy(node)
    etree.cleanup_namespaces(copied, top_nsmap={None: SCH_NS})
    return copied


def _serialize(root: etree._Element) -> bytes:
    _indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _indent(node: etree._Element, level: int = 0) -> None:
    """Indent element-only content; text content (values, documentation) is left alone."""
    kids = [c for c in node]
    if not kids or (node.text or "").strip() or any((c.tail or "").strip() for c in kids):
        return
    pad = "\n" + "   " * (level + 1)
    node.text = pad
    for child in kids:
        child.tail = pad
        if isinstance(child.tag, str):
            _indent(child, level + 1)
    kids[-1].tail = "\n" + "   " * level


def write_schemas(odd_path: Path = ODD, source: Path = TEI_ALL,
                  out_dir: Path | None = None, xsd: bool = True) -> list[Path]:
    """Derive and write ``<ident>.rng``, ``.sch`` (and ``.xsd`` by trang); the paths written."""
    out_dir = Path(out_dir or Path(odd_path).parent)
    derived = derive(Path(odd_path), Path(source))
    ident = Odd(Path(odd_path)).spec.get("ident", "teipipe")
    written = [out_dir / f"{ident}.rng", out_dir / f"{ident}.sch"]
    for path, data in zip(written, (derived.rng, derived.sch), strict=True):
        atomic_write(path, data)
    if xsd:
        written += trang_xsd(written[0], out_dir / f"{ident}.xsd")
    return written


def trang_xsd(rng_path: Path, xsd_path: Path) -> list[Path]:
    """W3C XML Schema from the grammar with trang, as TEI's release build makes it.

    trang writes the schema for the ``xml:`` attributes as ``xml.xsd`` beside it; that file
    is renamed ``<name>_xml.xsd`` (as ``tei_all_xml.xsd``) so that schemas do not collide.
    """
    if shutil.which("trang") is None:
        raise FileNotFoundError("trang is not installed (Debian package trang)")
    stem = xsd_path.stem
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / xsd_path.name
        subprocess.run(["trang", "-o", "disable-abstract-elements", str(rng_path), str(out)],
                       check=True, capture_output=True, text=True)
        written = []
        for made in sorted(Path(tmp).glob("*.xsd")):
            name = made.name if made == out else f"{stem}_{made.name}"
            data = made.read_text(encoding="utf-8")
            for other in Path(tmp).glob("*.xsd"):
                if other != out:
                    data = data.replace(f'schemaLocation="{other.name}"',
                                        f'schemaLocation="{stem}_{other.name}"')
            target = xsd_path.parent / name
            atomic_write(target, data.encode("utf-8"))
            written.append(target)
    return written
