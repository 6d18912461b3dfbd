"""TEI to stand-off JSON: plain text plus every element as character offsets into it.

Tools that cannot read TEI (NLP pipelines, annotation tools, search indexes) want text and
spans. Notes would break the reading text in the middle of sentences, so the text comes in
two layers: ``body`` (everything outside notes) and ``notes`` (the notes' text, one after
another, each followed by a newline). A note is a span in the ``notes`` layer with an
``anchor``: the offset in its parent's layer where it stands. Each annotation names its
``parent``, so that elements covering the same characters (``hi`` in ``persName``) keep their
nesting, and the TEI can be rebuilt exactly from the JSON (the tests do that).
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Any

from lxml import etree

from teipipe.xmlio import TEI_NS, XML_ID, XML_NS, tei

SCHEMA_PATH = Path(__file__).with_name("standoff.schema.json")

# What kind of thing an element is, for consumers that only want names, dates, pages…
CATEGORIES = {
    "pb": "page",
    "note": "note",
    "persName": "person",
    "placeName": "place",
    "geogName": "place",
    "orgName": "org",
    "date": "date",
    "time": "date",
    "bibl": "bibl",
    "biblStruct": "bibl",
    "ref": "reference",
}


def _qname(name: str, prefixes: dict[str, str]) -> str:
    """``{ns}local`` as TEI-local name, ``xml:id``, or ``prefix:local`` (prefix recorded)."""
    if not name.startswith("{"):
        return name
    ns, local = name[1:].split("}", 1)
    if ns == TEI_NS:
        return local
    if ns == XML_NS:
        return f"xml:{local}"
    prefix = next((p for p, uri in prefixes.items() if uri == ns), None)
    if prefix is None:
        prefix = f"ns{len(prefixes)}"
        prefixes[prefix] = ns
    return f"{prefix}:{local}"


class _Collector:
    """Walks one document element, filling the two text layers and the annotation list."""

    def __init__(self, nsmap: dict[str | None, str]):
        self.prefixes = {p: uri for p, uri in nsmap.items() if p and uri not in (TEI_NS, XML_NS)}
        self.layers: dict[str, list[str]] = {"body": [], "notes": []}
        self.length = {"body": 0, "notes": 0}
        self.annotations: list[dict[str, Any]] = []
        self.pending: deque[tuple[etree._Element, int]] = deque()

    def emit(self, layer: str, text: str | None) -> None:
        if text:
            self.layers[layer].append(text)
            self.length[layer] += len(text)

    def annotation(self, el: etree._Element, layer: str, parent: int | None) -> int:
        local = etree.QName(el).localname if etree.QName(el).namespace == TEI_NS else None
        ann: dict[str, Any] = {
            "element": _qname(el.tag, self.prefixes),
            "category": CATEGORIES.get(local or "", "markup"),
            "layer": layer,
            "start": self.length[layer],
            "end": self.length[layer],
            "parent": parent,
            "id": el.get(XML_ID),
            "attributes": {_qname(k, self.prefixes): v for k, v in el.attrib.items()},
        }
        self.annotations.append(ann)
        return len(self.annotations) - 1

    def children(self, el: etree._Element, layer: str, index: int) -> None:
        """Text and children of ``el``; notes are set aside for the notes layer."""
        self.emit(layer, el.text)
        for child in el:
            if isinstance(child.tag, str):
                if child.tag == tei("note"):
                    note = self.annotation(child, "notes", index)
                    self.annotations[note]["anchor"] = self.length[layer]
                    self.pending.append((child, note))
                else:
                    self.walk(child, layer, index)
            self.emit(layer, child.tail)  # comments and PIs give only their tail

    def walk(self, el: etree._Element, layer: str, parent: int | None) -> None:
        index = self.annotation(el, layer, parent)
        self.children(el, layer, index)
        self.annotations[index]["end"] = self.length[layer]

    def walk_note(self, el: etree._Element, index: int) -> None:
        """A note's content goes to the notes layer, after the notes before it."""
        self.annotations[index]["start"] = self.length["notes"]
        self.children(el, "notes", index)
        self.annotations[index]["end"] = self.length["notes"]
        self.emit("notes", "\n")

    def run(self, root: etree._Element) -> None:
        self.walk(root, "body", None)
        while self.pending:
            self.walk_note(*self.pending.popleft())


def documents(tree: etree._ElementTree) -> list[etree._Element]:
    """The units to export: each ``div[@type='document']``, else the whole ``text``."""
    divs = tree.xpath("//tei:text//tei:div[@type='document']", namespaces={"tei": TEI_NS})
    if divs:
        return [d for d in divs if not d.xpath("ancestor::tei:div[@type='document']",
                                                 namespaces={"tei": TEI_NS})]
    return tree.xpath("//tei:text[not(ancestor::tei:text)]", namespaces={"tei": TEI_NS})


def _entities(tree: etree._ElementTree) -> dict[str, dict[str, Any]]:
    """The file's own persons, places and organisations (header lists or ``standOff``), by id."""
    from teipipe.exchange.authority import authority_uris

    found: dict[str, dict[str, Any]] = {}
    for el in tree.xpath("//*[self::tei:person or self::tei:place or self::tei:org][@xml:id]",
                         namespaces={"tei": TEI_NS}):
        name = el.xpath("string((tei:persName|tei:placeName|tei:orgName)[1])",
                        namespaces={"tei": TEI_NS})
        found[el.get(XML_ID)] = {
            "element": etree.QName(el).localname,
            "name": " ".join(name.split()),
            "authority": authority_uris(el),
        }
    return found


def export_document(root: etree._Element, source: str, entities: dict | None = None) -> dict:
    """One document element as a stand-off JSON object (see ``standoff.schema.json``)."""
    collector = _Collector(dict(root.nsmap))
    collector.run(root)
    return {
        "source": source,
        "document": root.get(XML_ID),
        "namespaces": {"tei": TEI_NS, "xml": XML_NS, **collector.prefixes},
        "text": {name: "".join(parts) for name, parts in collector.layers.items()},
        "annotations": collector.annotations,
        "entities": entities or {},
    }


def export_file(path: str | Path, tree: etree._ElementTree) -> list[tuple[str, dict]]:
    """Every document in a parsed file, with the output name each gets (``stem`` or
    ``stem_id`` when the file holds several)."""
    path = Path(path)
    units = documents(tree)
    entities = _entities(tree)
    results = []
    for number, root in enumerate(units, 1):
        name = path.stem if len(units) == 1 else f"{path.stem}_{root.get(XML_ID) or number}"
        results.append((name, export_document(root, str(path), entities)))
    return results
