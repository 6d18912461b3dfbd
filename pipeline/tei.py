"""The document model → TEI P5. The only place that builds TEI elements for the edition.

Markers become elements at exactly their character position, spans become elements
around exactly their characters, and every other character is kept (see
docs/encoding.md). Before a tree leaves this module, ``check_lossless`` proves that
each block and note of the TEI holds the same text as the model; if not, encoding
fails loudly rather than writing a lossy edition.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from teipipe import RELEASE_DATE, __version__
from teipipe.diagnostics import Diagnostic
from teipipe.frus import note_id, page_id
from teipipe.model import (
    Block,
    Document,
    Entity,
    Inline,
    LineBreak,
    Note,
    NoteRef,
    PageBreak,
    Span,
    SpanIndex,
    Text,
)
from teipipe.namespaces import RNG_NS, SCH_NS, TEI_NS, XML_NS
from teipipe.xmlio import XML_ID, tei

TEI_ALL_URL = "https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng"
PROJECT_SCHEMA_HREF = "../schema/teipipe"  # + .rng / .sch
DEFAULT_NEWLINES = 2
PUBLIC_DOMAIN = (
    "The source text is a work of the United States Government and is in the public domain "
    "in the United States (17 U.S.C. § 105). The encoding is dedicated to the public domain "
    "under CC0 1.0."
)
ENCODING_PRINCIPLES = [
    "Encoded automatically by teipipe from the plain text of the document as published on "
    "history.state.gov. Every character of that text is kept: markers were replaced by "
    "elements at exactly their position and nothing else was changed or added to the text.",
    "Page markers '[Page N]' became pb n='N' xml:id='pg_N' where they stood, also mid-word. "
    "Footnote markers glued to words became note elements holding the note's text from the "
    "list at the end; note/@n is the number printed at the marker, and the note's position "
    "among the document's notes is its number in the printed list. The source note is "
    "type='source'.",
    "Runs of newlines other than one blank line between blocks are recorded as "
    "space dim='vertical' unit='newlines' quantity='K', so that the source text can be given "
    "back byte for byte (xslt/tei-to-text.xsl, style 'source').",
    "Names of persons, places and organisations were found by rules (titles and offices before "
    "names, signatures, the project personography) and point with @ref to the entries in "
    "the header (particDesc, settingDesc), copied from the project personography "
    "(tei/persons.xml). Entries with "
    "resp='#teipipe' were added by the encoder and await an editor's review. Dates carry "
    "@when; a year inferred from context is marked cert='medium'. Citations in the notes are "
    "bibl elements.",
    "Identifiers: the document is dN (N its number in the volume), notes dNfnM (M = note/@n), "
    "pages pg_N; persons surname-forename, places place-…, organisations org-….",
]
# Elements whose content is only other elements: safe to indent, never mixed content.
ELEMENT_ONLY = {
    "TEI",
    "teiHeader",
    "fileDesc",
    "titleStmt",
    "respStmt",
    "editionStmt",
    "publicationStmt",
    "availability",
    "sourceDesc",
    "encodingDesc",
    "projectDesc",
    "editorialDecl",
    "appInfo",
    "application",
    "profileDesc",
    "correspDesc",
    "correspAction",
    "langUsage",
    "particDesc",
    "settingDesc",
    "revisionDesc",
    "standOff",
    "listPerson",
    "person",
    "listPlace",
    "place",
    "listOrg",
    "org",
    "text",
    "body",
    "div",
    "opener",
    "closer",
    "list",
    "quote",
}


PROFILES = ("teipipe", "frus")


def build_tei(
    document: Document,
    entities: Iterable[Entity],
    profile: str = "teipipe",
) -> tuple[etree._ElementTree, list[Diagnostic]]:
    """The TEI tree for ``document``; ``entities`` are the personography entries it may cite.

    ``profile="frus"`` follows the Office of the Historian's conventions closely enough to
    merge the ``div`` into one of their volumes: ``persName/@corresp`` to the ``p_…`` ids of
    their persons list (names not on it stay untagged by id), no ``placeName``/``orgName``/
    ``date``/``bibl`` outside datelines, no layout ``space`` (so the source text can no
    longer be given back byte for byte).
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")
    findings: list[Diagnostic] = []
    builder = _Builder(document, findings, profile)
    root = etree.Element(tei("TEI"), nsmap={None: TEI_NS})
    root.set(f"{{{XML_NS}}}lang", "en")
    body = builder.body()
    cited = _cited_ids(body)
    by_id = {entity.id: entity for entity in entities}
    missing = sorted(cited - by_id.keys())
    if missing:  # an annotator pointed at an entity nobody registered: a bug (encode.py says so)
        raise AssertionError(f"annotations point to unknown entities: {', '.join(missing)}")
    used = [by_id[i] for i in sorted(cited)]
    root.append(header(document, body, by_id, used))
    text = etree.SubElement(root, tei("text"))
    text.append(body)
    check_lossless(document, body)
    for pi in _model_pis():
        root.addprevious(pi)
    _indent(root)
    return etree.ElementTree(root), findings


def serialize(tree: etree._ElementTree) -> bytes:
    """UTF-8 bytes: the XML declaration, each processing instruction on a line, the root."""
    root = tree.getroot()
    lines = [b'<?xml version="1.0" encoding="UTF-8"?>']
    lines += [
        etree.tostring(pi, encoding="UTF-8")
        for pi in reversed(list(root.itersiblings(preceding=True)))
    ]
    lines.append(etree.tostring(root, encoding="UTF-8"))
    return b"\n".join(lines) + b"\n"


# ---------------------------------------------------------------- header


def header(document: Document, body: etree._Element, entities: dict[str, Entity],
           cited: list[Entity]) -> etree._Element:
    """The teiHeader: what the document is, where it comes from, how it was encoded.

    The persons and organisations the text names go in ``particDesc``, the places in
    ``settingDesc``: the header is where TEI keeps a text's participants, and tools that
    read the text leave the header alone.
    """
    source = document.source
    hdr = etree.Element(tei("teiHeader"))
    file_desc = _sub(hdr, "fileDesc")
    title_stmt = _sub(file_desc, "titleStmt")
    _sub(title_stmt, "title", document.title, type="main")
    if source.volume_title:
        number = f", Document {source.doc_number}" if source.doc_number else ""
        _sub(
            title_stmt,
            "title",
            f"An electronic edition of {source.volume_title}{number}",
            type="sub",
        )
    resp = _sub(title_stmt, "respStmt")
    _sub(resp, "resp", "TEI encoding, by rule, from the plain text")
    _sub(resp, "name", f"teipipe {__version__}", **{XML_ID: "teipipe"})
    publication = _publication(file_desc, PUBLIC_DOMAIN)
    if source.volume_id:
        _sub(publication, "idno", f"{source.volume_id}/{source.doc_id}", type="frus")
    source_desc = _sub(file_desc, "sourceDesc")
    bibl = _sub(source_desc, "bibl", type="frus")
    _sub(bibl, "title", source.volume_title or "Foreign Relations of the United States", level="m")
    if source.doc_number:
        _sub(
            bibl, "biblScope", f"Document {source.doc_number}", unit="document", n=source.doc_number
        )
    _sub(bibl, "publisher", "Office of the Historian, U.S. Department of State")
    if source.url:
        _sub(bibl, "ref", source.url, target=source.url)
    encoding = _sub(hdr, "encodingDesc")
    project = _sub(encoding, "projectDesc")
    _sub(project, "p", "teipipe turns plain-text historical documents into TEI P5.")
    editorial = _sub(encoding, "editorialDecl")
    for principle in ENCODING_PRINCIPLES:
        _sub(editorial, "p", principle)
    app_info = _sub(encoding, "appInfo")
    application = _sub(app_info, "application", ident="teipipe", version=__version__)
    _sub(application, "label", "teipipe")
    profile = _sub(hdr, "profileDesc")
    corresp = correspondence(document, body, entities)
    if corresp is not None:
        profile.append(corresp)
    lists = entity_lists(cited)
    if "listPerson" in lists or "listOrg" in lists:
        partic = _sub(profile, "particDesc")
        for tag in ("listPerson", "listOrg"):
            if tag in lists:
                partic.append(lists[tag])
    if "listPlace" in lists:
        _sub(profile, "settingDesc").append(lists["listPlace"])
    lang_usage = _sub(profile, "langUsage")
    _sub(lang_usage, "language", "English", ident="en")
    revision = _sub(hdr, "revisionDesc")
    _sub(
        revision,
        "change",
        f"Encoded from the plain text by teipipe {__version__}.",
        when=RELEASE_DATE,
        who="#teipipe",
    )
    return hdr


HEADING_PARTIES = re.compile(
    r"(?:^|\s)From (?P<sender>.+?) to (?P<addressee>.+)$|"
    r"^(?P<old_sender>The .+?) to (?P<old_addressee>the .+)$"
)
_FROM = re.compile(r"(?:^|\s)From ")


def heading_parties(head: Block) -> re.Match[str] | None:
    """Sender and addressee in the heading's last line ("… From A to B", "The A to the B")."""
    start = offset = 0  # the heading proper starts after the file line of pre-1950 headings
    for piece in head.inlines:
        if isinstance(piece, Text):
            offset += len(piece.text)
        elif isinstance(piece, LineBreak):
            start = offset
    text = head.plain
    first_from = _FROM.search(text, start)
    if first_from and text.rfind(" to ") < first_from.end():
        # No " to " after any "From ": a search would scan from each "From " to the end of
        # a long heading and fail (quadratic). Only "The A to the B" is left, at the start.
        return HEADING_PARTIES.match(text) if start == 0 else None
    return HEADING_PARTIES.search(text, start)


def correspondence(
    document: Document, body: etree._Element, entities: dict[str, Entity]
) -> etree._Element | None:
    """``correspDesc`` from a heading "X From A to B": the names tagged in A and in B."""
    head = body.find(f".//{tei('head')}")
    match = heading_parties(document.blocks[0])
    if not match:
        return None
    desc = etree.Element(tei("correspDesc"))
    for role, groups in (
        ("sent", ("sender", "old_sender")),
        ("received", ("addressee", "old_addressee")),
    ):
        group = next((g for g in groups if match.group(g) is not None), None)
        if group is None:
            continue
        start, end = match.span(group)
        action = _sub(desc, "correspAction", type=role)
        names = _names_between(head, start, end)
        for element in names:
            ref = element.get("ref", "")
            entity = entities.get(ref.lstrip("#"))
            display = entity.name if entity else "".join(element.itertext())
            named = _sub(action, etree.QName(element).localname, display)
            if ref:
                named.set("ref", ref)
        if not names:
            _sub(action, "name", match.group(group).strip(" ,"))
    return desc


def _names_between(head: etree._Element, start: int, end: int) -> list[etree._Element]:
    """Person (else organisation) names of the heading starting within [start, end) of its text."""
    found: list[etree._Element] = []
    position = 0

    def walk(element: etree._Element) -> None:
        nonlocal position
        if element.tag in (tei("persName"), tei("orgName")) and start <= position < end:
            found.append(element)
        position += len(element.text or "")
        for child in element:
            if child.tag != tei("note"):
                walk(child)
            position += len(child.tail or "")

    walk(head)
    persons = [element for element in found if element.tag == tei("persName")]
    return persons or found


def entity_lists(entities: list[Entity]) -> dict[str, etree._Element]:
    """``listPerson``, ``listPlace``, ``listOrg`` (those not empty), by tag."""
    lists = {}
    for kind, list_tag, item_tag, name_tag in (
        ("person", "listPerson", "person", "persName"),
        ("place", "listPlace", "place", "placeName"),
        ("org", "listOrg", "org", "orgName"),
    ):
        chosen = [entity for entity in entities if entity.kind == kind]
        if chosen:
            container = etree.Element(tei(list_tag))
            for entity in chosen:
                container.append(entity_element(entity, item_tag, name_tag))
            lists[list_tag] = container
    return lists


def standoff(entities: list[Entity]) -> etree._Element:
    """``standOff`` with persons, places and organisations (the project personography)."""
    stand = etree.Element(tei("standOff"))
    for container in entity_lists(entities).values():
        stand.append(container)
    return stand


def entity_element(entity: Entity, item_tag: str, name_tag: str) -> etree._Element:
    """One ``person``/``place``/``org``: full name, the forms used, role, verified ids."""
    item = etree.Element(tei(item_tag), {XML_ID: entity.id})
    if not entity.curated:
        item.set("resp", "#teipipe")
        item.set("cert", "medium")
    _sub(item, name_tag, entity.name)
    for form in entity.forms:
        if form != entity.name:
            _sub(item, name_tag, form, type="form")
    if entity.note:
        _sub(item, "note", entity.note)
    for authority, value in sorted(entity.idnos.items()):
        idno = _sub(item, "idno", value, type=authority)
        if entity.idno_source:
            idno.set("source", entity.idno_source)
    return item


def personography(entities: Iterable[Entity]) -> etree._ElementTree:
    """``tei/persons.xml``: the project personography as a TEI file with a ``standOff``."""
    root = etree.Element(tei("TEI"), nsmap={None: TEI_NS})
    root.set(f"{{{XML_NS}}}lang", "en")
    hdr = _sub(root, "teiHeader")
    file_desc = _sub(hdr, "fileDesc")
    title_stmt = _sub(file_desc, "titleStmt")
    _sub(title_stmt, "title", "teipipe personography: persons, places and organisations")
    _publication(file_desc, "CC0 1.0")
    source_desc = _sub(file_desc, "sourceDesc")
    _sub(
        source_desc,
        "p",
        "Curated by the editors; entries with resp='#teipipe' were added by "
        "the encoder and await review. Authority identifiers (idno) only where verified, "
        "with their source in @source.",
    )
    root.append(standoff(sorted(entities, key=lambda e: (e.kind, e.id))))
    _indent(root)
    return etree.ElementTree(root)


# ---------------------------------------------------------------- body


class _Builder:
    """Builds the ``body`` for one document; holds only that document's state."""

    def __init__(self, document: Document, findings: list[Diagnostic], profile: str):
        self.document = document
        self.findings = findings
        self.profile = profile
        self.page_ids: set[str] = set()

    def body(self) -> etree._Element:
        doc = self.document
        body = etree.Element(tei("body"))
        div = _sub(body, "div", type="document")
        if doc.source.doc_number:
            div.set("n", doc.source.doc_number)
        div.set(XML_ID, xml_id(doc.source.doc_id))
        container: etree._Element = div
        for index, block in enumerate(doc.blocks):
            _, group = self.placement(block)
            if group is None:
                container = div
            elif container is div or container.tag != tei(group) or block.starts_group:
                container = _sub(div, group, **self.container_attributes(group))
            if index and block.newlines_before != DEFAULT_NEWLINES and self.keeps_layout:
                _space(container, block.newlines_before)
            container.append(self.block(block))
        end_default = 1 if doc.notes else 0
        last_run = doc.newlines_before_notes if doc.notes else doc.trailing_newlines
        if last_run != end_default and self.keeps_layout:
            _space(div, last_run)
        if doc.notes and doc.trailing_newlines and self.keeps_layout:
            _space(body, doc.trailing_newlines)
        return body

    @staticmethod
    def container_attributes(group: str) -> dict[str, str]:
        """A quoted message is ``quote type="block"``."""
        return {"type": "block"} if group == "quote" else {}

    def placement(self, block: Block) -> tuple[str, str | None]:
        """(element, container) for a block in this profile."""
        if self.profile == "frus" and block.kind == "salute" and block.group == "closer":
            return "p", None  # the Office of the Historian keeps closing formulas as paragraphs
        if self.profile == "frus" and block.group == "quote":
            return "p", None  # they nest quotations in the paragraph that introduces them
        return block.kind, block.group

    @property
    def keeps_layout(self) -> bool:
        return self.profile == "teipipe"

    def block(self, block: Block) -> etree._Element:
        if block.kind == "pb":
            (page,) = block.inlines
            return self.page_break(page)  # type: ignore[arg-type]  # a pb block holds one
        kind, _ = self.placement(block)
        element = etree.Element(tei(kind))
        spans = _with_parties(block) if block.kind == "head" else block.spans
        self.fill(element, block.inlines, self.profiled(spans, block.kind == "dateline"))
        return element

    def profiled(self, spans: list[Span], in_dateline: bool = False) -> list[Span]:
        """The spans this profile writes (all of them, for the project's own profile)."""
        if self.profile == "teipipe":
            return spans
        kept = []
        for span in spans:
            if span.tag == "persName":
                ref = span.attrs.get("ref", "")
                attrs = {k: v for k, v in span.attrs.items() if k != "ref"}
                if ref.startswith("#p_"):  # an id of the volume's persons list
                    attrs["corresp"] = ref
                kept.append(Span(span.start, span.end, span.tag, attrs, span.priority,
                                 span.source))
            elif span.tag in ("placeName", "date") and in_dateline:
                kept.append(Span(span.start, span.end, span.tag,
                                 {k: v for k, v in span.attrs.items() if k != "ref"},
                                 span.priority, span.source))
            elif span.tag == "ref" and "history.state.gov" in span.attrs.get("target", ""):
                kept.append(Span(span.start, span.end, "ref",
                                 {"target": self.frus_target(span.attrs["target"])},
                                 span.priority, span.source))
            elif span.tag in ("gap", "desc", "supplied", "seg", "idno"):
                kept.append(span)
        return kept

    def frus_target(self, url: str) -> str:
        """A history.state.gov address as the Office of the Historian's own pointer.

        ``…/frus1969-76v32/d317`` → ``frus1969-76v32#d317``, or ``#d317`` within the
        document's own volume.
        """
        volume, document = url.rstrip("/").rsplit("/", 2)[-2:]
        if volume == self.document.source.volume_id:
            return f"#{document}"
        return f"{volume}#{document}"

    def page_break(self, page: PageBreak) -> etree._Element:
        base = xml_id(page_id(page.n))  # "[Page 3,4]" → pg_3_4, "[Page ²]" → pg__
        ident, suffix = base, 2
        while ident in self.page_ids:
            ident, suffix = f"{base}_{suffix}", suffix + 1
        self.page_ids.add(ident)
        return etree.Element(tei("pb"), {"n": page.n, XML_ID: ident})

    def note(self, ref: NoteRef) -> etree._Element:
        note: Note = self.document.notes[ref.note_index]
        element = etree.Element(
            tei("note"), {"n": note.n, XML_ID: xml_id(note_id(self.document.source.doc_id, note.n))}
        )
        if note.kind != "note":
            element.set("type", note.kind)
        if note.rend:
            element.set("rend", note.rend)
        self.fill(element, note.inlines, self.profiled(note.spans))
        return element

    def fill(self, parent: etree._Element, pieces: list[Inline], spans: list[Span]) -> None:
        """Put text, markers and spans into ``parent``, each at its exact offset."""
        plain = "".join(p.text for p in pieces if isinstance(p, Text))
        points: list[tuple[int, Inline]] = []
        offset = 0
        for piece in pieces:
            if isinstance(piece, Text):
                offset += len(piece.text)
            else:
                points.append((offset, piece))
        kept = self.nestable(spans, len(plain), pieces)
        opens = sorted(kept, key=lambda s: (s.start, -s.end, -s.priority))
        bounds = sorted(
            {
                0,
                len(plain),
                *(s.start for s in kept),
                *(s.end for s in kept),
                *(o for o, _ in points),
            }
        )
        stack: list[tuple[etree._Element, Span | None]] = [(parent, None)]
        next_open = 0
        next_point = 0
        for index, at in enumerate(bounds):
            while stack[-1][1] is not None and stack[-1][1].end == at:
                stack.pop()
            while next_point < len(points) and points[next_point][0] == at:
                stack[-1][0].append(self.point(points[next_point][1]))
                next_point += 1
            while next_open < len(opens) and opens[next_open].start == at:
                span = opens[next_open]
                element = etree.SubElement(
                    stack[-1][0], tei(span.tag), {k: v for k, v in span.attrs.items()}
                )
                stack.append((element, span))
                next_open += 1
            if index + 1 < len(bounds):
                _append_text(stack[-1][0], plain[at : bounds[index + 1]])

    def point(self, piece: Inline) -> etree._Element:
        if isinstance(piece, NoteRef):
            return self.note(piece)
        if isinstance(piece, PageBreak):
            return self.page_break(piece)
        assert isinstance(piece, LineBreak)
        return etree.Element(tei("lb"))

    def nestable(self, spans: list[Span], length: int, pieces: list[Inline]) -> list[Span]:
        """Drop empty, out-of-range and crossing spans (the lower priority one), saying so."""
        kept: list[Span] = []
        index = SpanIndex()
        for span in sorted(spans, key=lambda s: (-s.priority, s.start, -s.end)):
            if not 0 <= span.start < span.end <= length:
                continue
            clash = index.crossing(span)
            if clash:
                pos = next((p.pos for p in pieces if hasattr(p, "pos")), None)
                self.findings.append(
                    Diagnostic(
                        self.document.path,
                        pos.line if pos else 0,
                        pos.col if pos else 0,
                        "warning",
                        f"<{span.tag}> over characters {span.start}–{span.end} crosses "
                        f"<{clash.tag}> ({span.source or 'rule'} vs {clash.source or 'rule'}); "
                        f"kept <{clash.tag}>",
                    )
                )
                continue
            kept.append(span)
            index.add(span)
        return kept


# ---------------------------------------------------------------- proof of losslessness


def check_lossless(document: Document, body: etree._Element) -> None:
    """Each block and note of the TEI holds exactly the model's text, or encoding stops."""
    div = body.find(tei("div"))
    elements = []
    for child in div:
        if child.tag in (tei("opener"), tei("closer"), tei("list"), tei("quote")):
            elements += [item for item in child if item.tag != tei("space")]
        elif child.tag != tei("space"):
            elements.append(child)
    produced = [_text_without_notes(element) for element in elements]
    wanted = [block.plain for block in document.blocks]
    if produced != wanted:
        first = next(
            i
            for i, (a, b) in enumerate(zip(produced + [None], wanted + [None], strict=False))
            if a != b
        )
        raise AssertionError(
            f"{document.path}: TEI block {first + 1} does not hold the source "
            f"text: {wanted[first]!r} became {produced[first]!r}"
        )
    notes = body.findall(f".//{tei('note')}")
    if ["".join(note.itertext()) for note in notes] != [note.plain for note in document.notes]:
        raise AssertionError(f"{document.path}: a note's text changed on its way into TEI")


def _text_without_notes(element: etree._Element) -> str:
    """Text content of ``element`` without notes; ``lb`` counts as the newline it stands for."""
    out = [element.text or ""]
    for child in element:
        if child.tag == tei("lb"):
            out.append("")
        elif child.tag != tei("note"):
            out.append(_text_without_notes(child))
        out.append(child.tail or "")
    return "".join(out)


# ---------------------------------------------------------------- small helpers


NOT_IN_ID = re.compile(r"[^A-Za-z0-9._-]")


def xml_id(text: str) -> str:
    """``text`` as an ``xml:id`` (an NCName): each other character becomes ``_``.

    ASCII only, so that the id is a name under every edition of XML and every validator;
    the value as printed stays in ``@n``. Callers give a prefix that starts with a letter.
    """
    return NOT_IN_ID.sub("_", text)


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tei(tag), {k: v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _publication(file_desc: etree._Element, licence: str) -> etree._Element:
    """``publicationStmt``: published by teipipe, free, under CC0 (with ``licence`` as words)."""
    publication = _sub(file_desc, "publicationStmt")
    _sub(publication, "publisher", "teipipe")
    availability = _sub(publication, "availability", status="free")
    _sub(availability, "licence", licence,
         target="https://creativecommons.org/publicdomain/zero/1.0/")
    return publication


def _space(parent: etree._Element, newlines: int) -> None:
    _sub(parent, "space", dim="vertical", unit="newlines", quantity=str(newlines))


def _append_text(element: etree._Element, text: str) -> None:
    if not text:
        return
    try:
        last = element[-1]  # lxml finds the last child at once; len() counts all of them
    except IndexError:
        element.text = (element.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def _cited_ids(body: etree._Element) -> set[str]:
    """Ids of entities the body's names point to (``@ref``, or ``@corresp`` in the FRUS profile)."""
    cited = set()
    for element in body.iter(tei("persName"), tei("placeName"), tei("orgName")):
        for attribute in ("ref", "corresp"):
            value = element.get(attribute) or ""
            if value.startswith("#"):
                cited.add(value[1:])
    return cited


def _with_parties(head: Block) -> list[Span]:
    """The heading's spans, with ``type="from"``/``"to"`` on the names of sender and addressee.

    Rule (as the Office of the Historian marks them): in "X From A to B" (or, before 1950,
    "The A to the B"), a person named within A is the sender, within B the addressee.
    """
    match = heading_parties(head)
    if not match:
        return head.spans
    ranges = [(match.span(group), kind) for group, kind in (
        ("sender", "from"), ("old_sender", "from"), ("addressee", "to"), ("old_addressee", "to"))
        if match.group(group) is not None]
    spans = []
    for span in head.spans:
        kind = next((kind for (a, b), kind in ranges if a <= span.start < b), None)
        if span.tag == "persName" and kind:
            span = Span(span.start, span.end, span.tag, {**span.attrs, "type": kind},
                        span.priority, span.source)
        spans.append(span)
    return spans


def _model_pis() -> list[etree._ProcessingInstruction]:
    """``xml-model`` PIs: the official tei_all, and the project schema with its rules.

    The hrefs are the same wherever teipipe is installed, so the same text always gives
    the same bytes: tei_all by its tei-c.org address, the project schema relative to the
    edition's layout (``tei/`` beside ``schema/``, as in this repository).
    """
    rng = f'type="application/xml" schematypens="{RNG_NS}"'
    sch = f'type="application/xml" schematypens="{SCH_NS}"'
    return [
        etree.ProcessingInstruction("xml-model", f'href="{TEI_ALL_URL}" {rng}'),
        etree.ProcessingInstruction("xml-model", f'href="{PROJECT_SCHEMA_HREF}.rng" {rng}'),
        etree.ProcessingInstruction("xml-model", f'href="{PROJECT_SCHEMA_HREF}.sch" {sch}'),
    ]


def _indent(element: etree._Element, level: int = 0) -> None:
    """Indent element-only containers; mixed content (paragraphs, notes) is left untouched."""
    name = etree.QName(element).localname
    if name not in ELEMENT_ONLY or not len(element) or (element.text or "").strip():
        return
    pad = "\n" + "  " * (level + 1)
    element.text = pad
    for child in element:
        _indent(child, level + 1)
        child.tail = pad
    element[-1].tail = "\n" + "  " * level
