"""TEI to stand-off JSON: plain text plus every element as character offsets into it.

Tools that cannot read TEI (NLP pipelines, annotation tools, search indexes) want text and
spans. Notes would break the reading text in the middle of sentences, so the text comes in
two layers: ``body`` (everything outside notes) and ``notes`` (the notes' text, one after
another, each followed by a newline). A note is a span in the ``notes`` layer with an
``anchor``: the offset in its parent's layer where it stands. Each annotation names its
``parent``, so that elements covering the same characters (``hi`` in ``persName``) keep their
nesting.

The text is normalised by default the way the reading text (``teipipe transform --text``)
treats whitespace: a run of spaces, tabs and line ends is one space, a block (``p``, ``head``,
``l``, ``sp``…) starts on a line of its own, ``lb`` is a space, and no span starts or ends
with the space between words. One difference: ``lb break="no"`` joins the word across the
line end even when the file has whitespace around it (the reading text keeps one space
there). ``raw=True`` keeps the file's characters instead, and the TEI can then be rebuilt
exactly from the JSON (the tests do that). Either way the offsets are exact for the text given.

Each name, date and speech says what it is (``category``, also from ``rs/@type`` and
``name/@type``), which of the file's entity records it points to (``refs``), and the authority
URIs it has (``authority``): from ``@ref``, ``@key``, ``@sameAs``, ``@corresp``, ``@ana`` (and a
speech's ``@who``) where they hold URIs or known prefixes, or from the record pointed to.
"""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path
from typing import Any

from lxml import etree

from teipipe.exchange.authority import authority_uris, reference_uris
from teipipe.xmlio import TEI_NS, XML_ID, XML_NS, tei

SCHEMA_PATH = Path(__file__).with_name("standoff.schema.json")

# What kind of thing an element is, for consumers that only want names, dates, pages…
CATEGORIES = {
    "pb": "page",
    "note": "note",
    "persName": "person",
    "placeName": "place",
    "geogName": "place",
    "settlement": "place",
    "country": "place",
    "orgName": "org",
    "date": "date",
    "time": "date",
    "bibl": "bibl",
    "biblStruct": "bibl",
    "ref": "reference",
    "sp": "speech",
}
# rs/@type and name/@type as editions write them (lower case) → category
TYPED = {
    "person": "person", "persname": "person", "people": "person", "character": "person",
    "place": "place", "placename": "place", "settlement": "place", "country": "place",
    "org": "org", "organisation": "org", "organization": "org", "orgname": "org",
    "date": "date", "time": "date",
    "work": "work", "lit_work": "work", "title": "work", "bibl": "work",
}
ENTITY_CATEGORIES = {"person", "place", "org", "date", "work", "name", "speech"}
# blocks start on a line of their own; the number is how many line ends separate them
BLOCKS = {
    **dict.fromkeys(("l", "item", "row", "castItem", "fw"), 1),
    **dict.fromkeys((
        "p", "ab", "head", "lg", "sp", "speaker", "stage", "list", "div", "div1", "div2",
        "div3", "div4", "opener", "closer", "salute", "dateline", "signed", "postscript",
        "table", "castList", "castGroup", "front", "body", "back", "docTitle", "titlePart",
        "byline", "docAuthor", "docDate", "trailer", "epigraph", "argument", "address",
        "text", "group", "floatingText", "figure", "figDesc", "set"), 2),
}
SPACE = " \t\n\r"  # XML whitespace: what normalize-space() collapses (not U+00A0)
PIECES = re.compile(r"[ \t\n\r]+|[^ \t\n\r]+")


def category(el: etree._Element) -> str:
    """What an element names: by its name, or by ``@type`` for ``rs`` and ``name``."""
    qname = etree.QName(el)
    if qname.namespace != TEI_NS:
        return "markup"
    if qname.localname in ("rs", "name"):
        return TYPED.get((el.get("type") or "").lower(), "name")
    return CATEGORIES.get(qname.localname, "markup")


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

    def __init__(self, nsmap: dict[str | None, str], entities: dict[str, dict[str, Any]],
                 raw: bool):
        self.prefixes = {p: uri for p, uri in nsmap.items() if p and uri not in (TEI_NS, XML_NS)}
        self.entities = entities
        self.raw = raw
        self.layers: dict[str, list[str]] = {"body": [], "notes": []}
        self.length = {"body": 0, "notes": 0}
        self.last = {"body": "\n", "notes": "\n"}  # last character written ("\n": line start)
        self.trailing = {"body": 0, "notes": 0}  # line ends at the end of the layer
        self.owed = {"body": 0, "notes": 0}  # line ends owed before the next word (blocks)
        self.floor = {"body": 0, "notes": 0}  # where the current note starts
        self.join = {"body": False, "notes": False}  # after lb break="no": the word goes on
        self.space = {"body": False, "notes": False}  # a space is owed before the next word
        self.annotations: list[dict[str, Any]] = []
        self.pending: deque[tuple[etree._Element, int]] = deque()

    def write(self, layer: str, text: str) -> None:
        if text:
            self.layers[layer].append(text)
            self.length[layer] += len(text)
            self.last[layer] = text[-1]
            ends = len(text) - len(text.rstrip("\n"))
            self.trailing[layer] = self.trailing[layer] + ends if ends == len(text) else ends

    def emit(self, layer: str, text: str | None) -> None:
        """Text as it is (raw), or with whitespace runs as one owed space (normalised)."""
        if not text:
            return
        if self.raw:
            self.write(layer, text)
            return
        for piece in PIECES.findall(text):
            if piece[0] not in SPACE:
                self.pay(layer)
                self.write(layer, piece)
                self.join[layer] = False
            elif not self.join[layer]:
                self.space[layer] = True

    def pay(self, layer: str) -> None:
        """Before a word or a span: the owed line ends (block boundary) or else the owed
        space, unless at a line start or after a space. Owing rather than writing keeps
        spaces and line ends out of the spans before them, and off the end of the text."""
        if self.owed[layer]:
            self.write(layer, "\n" * max(0, self.owed[layer] - self.trailing[layer]))
        elif self.space[layer] and self.last[layer] not in SPACE:
            self.write(layer, " ")
        self.space[layer] = False
        self.owed[layer] = 0

    def block(self, layer: str, newlines: int) -> None:
        """A block boundary: owed spaces dropped, line ends owed."""
        if self.raw:
            return
        self.space[layer] = False
        if self.length[layer] > self.floor[layer]:  # not at the start of the layer or note
            self.owed[layer] = max(self.owed[layer], newlines)

    def annotation(self, el: etree._Element, layer: str, parent: int | None) -> int:
        if not self.raw and el.tag != tei("lb"):
            self.pay(layer)  # a span starts at its first word, after the space before it
        ann: dict[str, Any] = {
            "element": _qname(el.tag, self.prefixes),
            "category": category(el),
            "layer": layer,
            "start": self.length[layer],
            "end": self.length[layer],
            "parent": parent,
            "id": el.get(XML_ID),
            "attributes": {_qname(k, self.prefixes): v for k, v in el.attrib.items()},
        }
        pointers = reference_uris(el) + (el.get("who") or "").split()
        refs = [p[1:] for p in pointers if p[:1] == "#" and p[1:] in self.entities]
        authority = [p for p in pointers if p[:1] != "#"]
        for ref in refs:
            authority += [u for u in self.entities[ref]["authority"] if u not in authority]
        if refs:
            ann["refs"] = refs
        if authority:
            ann["authority"] = authority
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
        local = etree.QName(el).localname if etree.QName(el).namespace == TEI_NS else ""
        newlines = BLOCKS.get(local, 0)
        if newlines:
            self.block(layer, newlines)
        if local == "lb" and not self.raw:
            self.join[layer] = el.get("break") == "no"
            self.space[layer] = not self.join[layer]
        index = self.annotation(el, layer, parent)
        self.children(el, layer, index)
        self.annotations[index]["end"] = self.length[layer]
        if newlines:
            self.block(layer, newlines)

    def walk_note(self, el: etree._Element, index: int) -> None:
        """A note's content goes to the notes layer, after the notes before it."""
        self.space["notes"], self.owed["notes"] = False, 0
        self.floor["notes"] = self.length["notes"]
        self.annotations[index]["start"] = self.length["notes"]
        self.children(el, "notes", index)
        self.annotations[index]["end"] = self.length["notes"]
        self.write("notes", "\n")
        self.space["notes"], self.owed["notes"] = False, 0

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
    """The file's own persons, places and organisations (header lists or ``standOff``), by id,
    with the authority URIs the record holds (``idno``, or a URI in ``@ana``, ``@ref``,
    ``@sameAs``… as DraCor writes Wikidata ids)."""
    found: dict[str, dict[str, Any]] = {}
    for el in tree.xpath("//*[self::tei:person or self::tei:personGrp or self::tei:place or "
                         "self::tei:org][@xml:id]", namespaces={"tei": TEI_NS}):
        name = el.xpath("string((tei:persName|tei:placeName|tei:orgName|tei:name)[1])",
                        namespaces={"tei": TEI_NS})
        uris = reference_uris(el, pointers=False)
        found[el.get(XML_ID)] = {
            "element": etree.QName(el).localname,
            "name": " ".join(name.split()),
            "authority": uris + [u for u in authority_uris(el) if u not in uris],
        }
    return found


def export_document(root: etree._Element, source: str, entities: dict | None = None,
                    raw: bool = False) -> dict:
    """One document element as a stand-off JSON object (see ``standoff.schema.json``)."""
    collector = _Collector(dict(root.nsmap), entities or {}, raw)
    collector.run(root)
    return {
        "source": source,
        "document": root.get(XML_ID),
        "whitespace": "raw" if raw else "normalised",
        "namespaces": {"tei": TEI_NS, "xml": XML_NS, **collector.prefixes},
        "text": {name: "".join(parts) for name, parts in collector.layers.items()},
        "annotations": collector.annotations,
        "entities": entities or {},
    }


def export_file(path: str | Path, tree: etree._ElementTree,
                raw: bool = False) -> list[tuple[str, dict]]:
    """Every document in a parsed file, with the output name each gets (``stem`` or
    ``stem_id`` when the file holds several)."""
    path = Path(path)
    units = documents(tree)
    entities = _entities(tree)
    results = []
    for number, root in enumerate(units, 1):
        name = path.stem if len(units) == 1 else f"{path.stem}_{root.get(XML_ID) or number}"
        results.append((name, export_document(root, str(path), entities, raw)))
    return results
