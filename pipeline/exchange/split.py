"""A FRUS volume (one TEI file, hundreds of documents) to one standalone TEI file per document.

The Office of the Historian keeps each volume as one file; other tools (ours included) want
one document per file. Each output gets a header built from the volume's and the document's,
the persons and terms the document points to (in ``standOff``, ids kept, so ``#p_…`` and
``#t_…`` resolve inside the file), and the document's ``div`` unchanged but for two things:
the ``frus:doc-dateTime-min/max`` attributes, which tei_all rejects, move to
``profileDesc/creation/date``; and pointers to other parts of the volume (``#d131``) become
history.state.gov addresses. Pointers with no target anywhere are reported, not changed.

Volumes can be large, so the file is read twice with ``iterparse``, never held whole: the
first pass keeps only the header, the persons and terms lists and where each id lives (those
lists may come before or after the documents); the second writes each document as soon as
its ``div`` ends, then drops it.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from teipipe import untrusted
from teipipe.diagnostics import Diagnostic, InputError
from teipipe.frus import HSG
from teipipe.namespaces import FRUS_NS, TEI_NS, XML_NS
from teipipe.xmlio import (
    XML_ID,
    Sources,
    atomic_write,
    output_target,
    prepare_folder,
    tei,
    tei_maker,
)

NS = {"tei": TEI_NS}
XML_LANG = f"{{{XML_NS}}}lang"
POINTER_ATTRS = ("ref", "corresp", "target", "sameAs", "ana", "who", "next", "prev")
LISTS = {"persons", "terms"}  # div/@xml:id of the volume's lists of names and terms


@dataclass
class Volume:
    """What the first pass keeps: small, whatever the size of the volume."""

    id: str
    title: str
    header: etree._Element
    entries: dict[str, etree._Element] = field(default_factory=dict)  # p_…/t_… → list item
    kinds: dict[str, str] = field(default_factory=dict)  # p_…/t_… → "persons" | "terms"
    places: dict[str, str] = field(default_factory=dict)  # any xml:id → addressable div id
    lang: str | None = None


@dataclass
class Result:
    written: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    rewritten: int = 0  # pointers turned into history.state.gov addresses


def _events(path: Path) -> Iterator[tuple[str, etree._Element]]:
    """iterparse through the one door (refused documents and syntax errors become
    InputError, file:line:col)."""
    try:
        yield from untrusted.iterparse(path, ("start", "end"))
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (0, 0)
        raise InputError([Diagnostic(str(path), line, col, "error", exc.msg, "well-formed")]) \
            from exc
    except OSError as exc:
        raise InputError([Diagnostic(str(path), 0, 0, "error", f"cannot read: {exc}", "read")]) \
            from exc


def _drop(el: etree._Element) -> None:
    """Free a finished element and the finished siblings before it."""
    el.clear(keep_tail=False)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def _is_document(el: etree._Element) -> bool:
    return el.tag == tei("div") and el.get("type") == "document"


def scan(path: Path) -> Volume:
    """Pass 1: the volume's header, its lists of persons and terms, and where ids live."""
    header, kept, places = None, 0, {}
    addresses: list[tuple[str, etree._Element]] = []  # (xml:id, div) of the divs open here
    entries: dict[str, etree._Element] = {}
    kinds: dict[str, str] = {}
    root, lang, ident_root = None, None, None
    for event, el in _events(path):
        ident = el.get(XML_ID)
        keep = el.tag == tei("teiHeader") or (el.tag == tei("div") and ident in LISTS)
        if event == "start":
            if root is None:  # read now: finished elements are cleared below
                root, lang, ident_root = el, el.get(XML_LANG), el.get(XML_ID)
            if el.tag == tei("div") and ident and (not addresses or not _is_document(
                    addresses[-1][1])):
                addresses.append((ident, el))
            if ident and addresses:
                places[ident] = addresses[-1][0]
            kept += keep
            continue
        if addresses and addresses[-1][1] is el:
            addresses.pop()
        if el.tag == tei("teiHeader"):
            header = copy.deepcopy(el)
        elif keep:
            for item in el.iter(tei("item")):
                named = item.xpath("descendant-or-self::*[@xml:id][1]")
                if named:
                    entries[named[0].get(XML_ID)] = copy.deepcopy(item)
                    kinds[named[0].get(XML_ID)] = ident
        kept -= keep
        if not kept:
            _drop(el)
    if root is None or root.tag != tei("TEI"):
        raise InputError([Diagnostic(str(path), 1, 1, "error", "not a TEI file", "split")])
    if header is None:
        raise InputError([Diagnostic(str(path), 1, 1, "error", "no teiHeader", "split")])
    ident = ident_root or header.findtext(".//tei:publicationStmt/tei:idno[@type='frus']",
                                                namespaces=NS) or path.stem
    title = header.xpath("string((.//tei:titleStmt/tei:title[@type='complete'] | "
                         ".//tei:titleStmt/tei:title)[1])", namespaces=NS)
    return Volume(ident.strip(), " ".join(title.split()), header, entries, kinds, places,
                  lang)


def _text(el: etree._Element) -> str:
    return " ".join("".join(el.xpath(".//text()[not(ancestor::tei:note)]",
                                     namespaces=NS)).split())


def _remove(el: etree._Element) -> None:
    """Remove ``el`` but keep the text that follows it."""
    parent, previous = el.getparent(), el.getprevious()
    if el.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _person(item: etree._Element, ident: str) -> etree._Element:
    """``item`` of a FRUS list of persons → ``person``: the name, then the rest as a note."""
    E = tei_maker()  # noqa: N806
    item = copy.deepcopy(item)
    (named,) = item.xpath("descendant-or-self::*[@xml:id=$id]", id=ident)
    if named is item:  # no separate name element: the name is what precedes the first comma
        return E.person(E.persName(_text(item).split(",")[0]), E.note(*_content(item)),
                        {XML_ID: ident})
    name = E.persName(*_content(named))
    wrapper = named.getparent()
    _remove(named)
    while wrapper is not item and len(wrapper) == 0 and not re.sub(r"[\s,;:.]", "",
                                                                   wrapper.text or ""):
        parent = wrapper.getparent()
        wrapper.text = None
        _remove(wrapper)
        wrapper = parent
    item.text = re.sub(r"^[\s,;:]+", "", item.text or "") or None
    note = [E.note(*_content(item))] if _text(item) else []
    return E.person(name, *note, {XML_ID: ident})


def _content(el: etree._Element) -> list:
    """Text and children of ``el`` as ElementMaker arguments."""
    return [part for part in [el.text, *list(el)] if part is not None]


def _pointers(el: etree._Element, local: set[str], volume: Volume, doc_id: str,
              result: Result, path: str) -> set[str]:
    """Point ``#id`` pointers in ``el`` where they resolve; return the list entries needed."""
    needed: set[str] = set()
    for node in el.iter():
        if not isinstance(node.tag, str):
            continue
        for attr in POINTER_ATTRS:
            value = node.get(attr)
            if not value or "#" not in value:
                continue
            tokens = []
            for token in value.split():
                target = token[1:] if token.startswith("#") else None
                if target is None or target in local:
                    tokens.append(token)
                elif target in volume.entries:
                    needed.add(target)
                    tokens.append(token)
                elif target in volume.places:
                    where = volume.places[target]
                    fragment = "" if target == where else f"#{target}"
                    tokens.append(f"{HSG}{volume.id}/{where}{fragment}")
                    result.rewritten += 1
                else:
                    tokens.append(token)
                    result.diagnostics.append(Diagnostic(
                        path, node.sourceline or 0, 0, "warning",
                        f"{doc_id}: @{attr} points to #{target}, which is nowhere in the volume",
                        "split-pointer"))
            node.set(attr, " ".join(tokens))
    return needed


def _header(volume: Volume, doc: etree._Element, url: str) -> etree._Element:
    E = tei_maker()  # noqa: N806
    old = volume.header
    head = doc.find("tei:head", NS)
    title = re.sub(r"^\d+\.\s+", "", _text(head)) if head is not None else doc.get(XML_ID)
    editors = [copy.deepcopy(e) for e in old.iterfind(".//tei:titleStmt/tei:editor", NS)]
    publication = [copy.deepcopy(e) for e in old.find(".//tei:publicationStmt", NS)
                   if isinstance(e.tag, str)] if old.find(".//tei:publicationStmt", NS) \
        is not None else [E.publisher("Office of the Historian, U.S. Department of State")]
    number = doc.get("n", "")
    frus = {k: doc.attrib.pop(f"{{{FRUS_NS}}}doc-dateTime-{k}", None) for k in ("min", "max")}
    dating = ({"when": frus["min"]} if frus["min"] == frus["max"] else
              {k: v for k, v in (("notBefore", frus["min"]), ("notAfter", frus["max"])) if v})
    profile = [E.profileDesc(E.creation(E.date(**dating)))] if any(frus.values()) else []
    return E.teiHeader(
        E.fileDesc(
            E.titleStmt(E.title(title), *editors),
            E.publicationStmt(*publication, E.idno(url, type="url")),
            E.sourceDesc(E.bibl(
                E.title(volume.title, level="m"), ", ",
                E.biblScope(f"Document {number}", unit="document", n=number), ", ",
                E.ref(url, target=url))),
        ),
        E.encodingDesc(E.p(
            f"Split from the volume {volume.id} by teipipe split: the document's div is "
            "unchanged except that frus:doc-dateTime-min/max moved to profileDesc/creation/date "
            "and pointers to other parts of the volume became history.state.gov addresses; "
            "the persons and terms it points to are copied into standOff.")),
        *profile,
    )


def _standoff(volume: Volume, needed: set[str], result: Result, path: str,
              doc_id: str) -> etree._Element | None:
    """The list entries the document needs, and those their own descriptions point to."""
    E = tei_maker()  # noqa: N806
    done: dict[str, etree._Element] = {}
    todo = sorted(needed)
    while todo:
        ident = todo.pop()
        if ident in done:
            continue
        entry = (_person(volume.entries[ident], ident) if volume.kinds[ident] == "persons"
                 else copy.deepcopy(volume.entries[ident]))
        done[ident] = entry
        todo += sorted(_pointers(entry, set(volume.entries) & set(done), volume, doc_id,
                                 result, path) - set(done))
    persons = [done[i] for i in sorted(done) if volume.kinds[i] == "persons"]
    terms = [done[i] for i in sorted(done) if volume.kinds[i] == "terms"]
    parts = ([E.listPerson(*persons)] if persons else []) + (
        [E.list(*terms, type="terms")] if terms else [])
    return E.standOff(*parts) if parts else None


def write_document(volume: Volume, doc: etree._Element, outdir: Path, result: Result,
                   path: str, sources: Sources | None = None) -> None:
    """One standalone TEI file for ``doc`` (a finished ``div``, changed in place)."""
    E = tei_maker()  # noqa: N806
    doc_id = doc.get(XML_ID) or f"n{doc.get('n', len(result.written) + 1)}"
    url = f"{HSG}{volume.id}/{doc_id}"
    local = {e.get(XML_ID) for e in doc.iter() if isinstance(e.tag, str) and e.get(XML_ID)}
    needed = _pointers(doc, local, volume, doc_id, result, path)
    header = _header(volume, doc, url)
    standoff = _standoff(volume, needed, result, path, doc_id)
    for node in doc.iter():
        foreign = [k for k in node.attrib
                   if k.startswith("{") and not k.startswith(f"{{{XML_NS}}}")]
        for name in foreign:
            result.diagnostics.append(Diagnostic(
                path, node.sourceline or 0, 0, "warning",
                f"{doc_id}: kept attribute {name}, which tei_all does not allow", "split-foreign"))
    body = copy.deepcopy(doc)
    body.tail = None
    etree.indent(header)
    parts = [header] + ([standoff] if standoff is not None else [])
    if standoff is not None:
        etree.indent(standoff)
    root = E.TEI(*parts, E.text(E.body(body)))
    if volume.lang:
        root.set(XML_LANG, volume.lang)
    etree.cleanup_namespaces(root)
    target = outdir / f"{volume.id}-{doc_id}.xml"
    atomic_write(target, etree.tostring(root, xml_declaration=True, encoding="UTF-8"),
                 sources=sources or Sources([path]))
    result.written.append(target)


def split(path: str | Path, outdir: str | Path) -> Result:
    """Pass 2: write each document of the volume at ``path`` into ``outdir``."""
    path, outdir = Path(path), Path(outdir)
    volume = scan(path)
    sources = Sources([path])
    _check_outputs(path, outdir, volume, sources)
    result = Result()
    depth = 0  # inside a document div
    for event, el in _events(path):
        if event == "start":
            depth += _is_document(el)
            continue
        if _is_document(el):
            depth -= 1
            if depth == 0:
                write_document(volume, el, outdir, result, str(path), sources)
        if depth == 0:
            _drop(el)
    if not result.written:
        result.diagnostics.append(Diagnostic(str(path), 0, 0, "warning",
                                             "no div[@type='document'] in the volume", "split"))
    return result


def _check_outputs(path: Path, outdir: Path, volume: Volume, sources: Sources) -> None:
    """Before the first document is written: the folder can be written to, and the volume
    is not named like one of its documents (``<id>-d5.xml`` split into its own folder would
    be replaced by document d5 while it is being read)."""
    real = prepare_folder(outdir)
    name = re.fullmatch(re.escape(volume.id) + r"-(.+)\.xml", path.name)
    if name and (name[1] in volume.places or re.fullmatch(r"n\d+", name[1])):
        output_target(outdir / path.name, sources, real)  # refuses the volume itself
