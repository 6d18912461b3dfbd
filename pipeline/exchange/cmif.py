"""Letters to CMIF, the Correspondence Metadata Interchange Format that correspSearch harvests.

One TEI file whose ``profileDesc`` holds a ``correspDesc`` per letter: who sent it, from
where, when, and to whom, with authority URIs where the personography has them (never
guessed: a person without one gets a warning and a bare name). Two kinds of input:
our encoded files (``profileDesc/correspDesc`` pointing into the header's ``particDesc``
lists, or into ``standOff`` as ``teipipe split`` writes them) and FRUS files
as the Office of the Historian encodes them (``head`` with ``persName type="from"/"to"``),
whole or split by ``teipipe split``. ``check_cmif`` holds the CMIF v1 rules we export to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from lxml import etree

from teipipe.diagnostics import Diagnostic
from teipipe.exchange.authority import authority_uris
from teipipe.frus import HSG
from teipipe.xmlio import TEI_NS, XML_ID, tei, tei_maker

NS = {"tei": TEI_NS}
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
DATE_ATTRS = ("when", "from", "to", "notBefore", "notAfter")
CMIF_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclass
class Header:
    """What the CMIF file says about itself."""

    url: str
    editor: str
    title: str = ""
    email: str = ""
    publisher: str = ""


@dataclass
class Party:
    element: str  # "persName" | "orgName" | "placeName"
    name: str
    uri: str | None = None


@dataclass
class Action:
    parties: list[Party] = field(default_factory=list)
    place: Party | None = None
    date: dict[str, str] = field(default_factory=dict)


@dataclass
class Letter:
    ref: str  # the letter's address
    edition_id: str
    edition_title: str
    sent: Action
    received: Action


def _text(el: etree._Element) -> str:
    """Text content without notes, whitespace normalised."""
    parts = [t for t in el.xpath(".//text()[not(ancestor::tei:note)]", namespaces=NS)]
    return " ".join("".join(parts).split())


def _cmif_date(value: str) -> str:
    """An ISO date or dateTime cut to the ``YYYY-MM-DD`` CMIF accepts."""
    return value[:10] if re.match(r"\d{4}-\d{2}-\d{2}T", value) else value


class _Resolver:
    """Pointers ``#id`` to the entity records of one file, with warnings for what lacks an URI."""

    def __init__(self, path: str, tree: etree._ElementTree):
        self.path = path
        self.records = {el.get(XML_ID): el for el in tree.xpath(
            "//tei:teiHeader//*[@xml:id] | //tei:standOff//*[@xml:id]", namespaces=NS)}
        self.diagnostics: list[Diagnostic] = []

    def party(self, el: etree._Element, element: str) -> Party:
        pointer = (el.get("ref") or el.get("corresp") or "").split()
        record = self.records.get(pointer[0][1:]) if pointer and pointer[0][:1] == "#" else None
        name, uri = _text(el), None
        if record is not None:
            uris = authority_uris(record)
            uri = uris[0] if uris else None
            full = record.find(tei(element))
            name = _text(full) if full is not None and _text(full) else name
        if uri is None and element == "persName":
            why = "its record has no authority idno" if record is not None else "no record found"
            self.diagnostics.append(Diagnostic(
                self.path, el.sourceline or 0, 0, "warning",
                f"person '{name}' has no authority identifier ({why}); exported without @ref",
                "cmif-authority"))
        return Party(element, name, uri)


def _edition(path: str, tree: etree._ElementTree, div: etree._Element | None) -> tuple[str, str]:
    """The letter's address and its edition (volume) id; from the header, else the file name."""
    targets = tree.xpath("//tei:sourceDesc//tei:ref/@target | //tei:sourceDesc//tei:idno"
                         "[@type='url']/text()", namespaces=NS)
    for target in targets:
        if target.startswith(HSG):
            return target, target[len(HSG):].split("/")[0]
    stem = re.split(r"[/\\]", path)[-1].rsplit(".", 1)[0]
    match = re.fullmatch(r"(frus[\w-]+?)[_-](d\d+)", stem)
    doc = div.get(XML_ID) if div is not None else None
    if match:
        return f"{HSG}{match[1]}/{doc or match[2]}", match[1]
    return "", ""


def _from_correspdesc(desc: etree._Element, resolver: _Resolver) -> tuple[Action, Action]:
    actions = {"sent": Action(), "received": Action()}
    for el in desc.iterfind(tei("correspAction")):
        action = actions.get(el.get("type", ""))
        if action is None:
            continue
        for child in el:
            name = etree.QName(child).localname if isinstance(child.tag, str) else ""
            if name in ("persName", "orgName", "name", "rs"):  # name/rs: not yet typed
                kind = "orgName" if name == "orgName" or child.get("type") == "org" else "persName"
                action.parties.append(resolver.party(child, kind))
            elif name == "placeName" and action.place is None:
                action.place = resolver.party(child, name)
            elif name == "date":
                action.date = {k: _cmif_date(child.get(k)) for k in DATE_ATTRS if child.get(k)}
    return actions["sent"], actions["received"]


def _from_frus_head(div: etree._Element, resolver: _Resolver) -> tuple[Action, Action]:
    sent, received = Action(), Action()
    for el in div.xpath("tei:head//*[@type='from' or @type='to'][not(ancestor::tei:note)]",
                        namespaces=NS):
        element = "persName" if el.tag == tei("persName") else "orgName"
        (sent if el.get("type") == "from" else received).parties.append(
            resolver.party(el, element))
    place = div.find("tei:dateline//tei:placeName", NS)
    if place is not None:
        sent.place = resolver.party(place, "placeName")
    date = div.find("tei:dateline//tei:date", NS)
    if date is not None:
        sent.date = {k: _cmif_date(date.get(k)) for k in DATE_ATTRS if date.get(k)}
    return sent, received


def letters_in(path: str, tree: etree._ElementTree) -> tuple[list[Letter], list[Diagnostic]]:
    """The letters a TEI file describes, and what could not be said about them."""
    resolver = _Resolver(path, tree)
    title = " ".join(tree.xpath("string(//tei:sourceDesc//tei:title[1])", namespaces=NS).split())
    found: list[tuple[etree._Element | None, Action, Action]] = []
    root = tree.getroot()
    desc = root.find(".//tei:profileDesc/tei:correspDesc", NS)
    if desc is not None:
        div = root.find(".//tei:div[@type='document']", NS)
        found.append((div, *_from_correspdesc(desc, resolver)))
    else:
        for div in root.iterfind(".//tei:div[@type='document']", NS):
            sent, received = _from_frus_head(div, resolver)
            if sent.parties or received.parties:
                found.append((div, sent, received))
    letters, diagnostics = [], resolver.diagnostics
    for div, sent, received in found:
        ref, edition = _edition(path, tree, div)
        line = div.sourceline if div is not None else 0
        if not ref:
            diagnostics.append(Diagnostic(path, line or 0, 0, "error",
                                          "no history.state.gov address for the letter",
                                          "cmif-ref"))
            continue
        if not sent.parties:
            diagnostics.append(Diagnostic(path, line or 0, 0, "error",
                                          "letter without a sender", "cmif-sender"))
            continue
        if not received.parties:
            received.parties.append(Party("persName", "Unknown"))  # what CMIF asks for
        letters.append(Letter(ref, edition, title or edition, sent, received))
    if not found:
        diagnostics.append(Diagnostic(path, 0, 0, "info", "no letter (no sender or addressee)",
                                      "cmif"))
    return letters, diagnostics


def _action(E, kind: str, action: Action) -> etree._Element:  # noqa: N803 (ElementMaker)
    el = E.correspAction(type=kind)
    for party in [*action.parties, *([action.place] if action.place else [])]:
        el.append(E(party.element, party.name, **({"ref": party.uri} if party.uri else {})))
    if action.date:
        el.append(E.date(**action.date))
    return el


def build_cmif(inputs: list[tuple[str, etree._ElementTree]],
               header: Header) -> tuple[etree._Element, list[Diagnostic]]:
    """The CMIF document for all letters in ``inputs`` (path, parsed tree)."""
    E = tei_maker()  # noqa: N806
    letters, diagnostics = [], []
    for path, tree in inputs:
        found, notes = letters_in(path, tree)
        letters += found
        diagnostics += notes
    editions = {letter.edition_id: letter.edition_title for letter in letters}
    editor = E.editor(header.editor, *([E.email(header.email)] if header.email else []))
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    document = E.TEI(
        E.teiHeader(
            E.fileDesc(
                E.titleStmt(E.title(header.title or "Letters from the teipipe edition"), editor),
                E.publicationStmt(
                    E.publisher(header.publisher or header.editor),
                    E.idno(header.url, type="url"),
                    E.date(when=now),
                    E.availability(E.licence(
                        "This file is licensed under the terms of the Creative Commons"
                        " License CC-BY 4.0", target=LICENCE)),
                ),
                E.sourceDesc(*[
                    E.bibl(title, " ", E.ref(HSG + ident, target=HSG + ident),
                           {XML_ID: ident}, type="online")
                    for ident, title in editions.items()]),
            ),
            E.profileDesc(*[
                E.correspDesc(_action(E, "sent", letter.sent),
                              _action(E, "received", letter.received),
                              ref=letter.ref, source=f"#{letter.edition_id}")
                for letter in letters]),
        ),
        E.text(E.body(E.p())),
    )
    return document, diagnostics


def _rules(root: etree._Element) -> list[tuple[bool, str]]:
    """CMIF v1, written out: (holds?, what the rule says)."""
    def one(path: str) -> str:
        return " ".join(root.xpath(f"string({path})", namespaces=NS).split())

    bibl_ids = root.xpath("tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:bibl/@xml:id",
                          namespaces=NS)
    rules = [
        (root.tag == tei("TEI"), "the root is TEI in the TEI namespace"),
        (bool(one("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title")), "titleStmt has a title"),
        (bool(one("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:editor")),
         "titleStmt has an editor"),
        (bool(one("//tei:publicationStmt/tei:publisher")), "publicationStmt has a publisher"),
        (one("//tei:publicationStmt/tei:availability/tei:licence/@target") == LICENCE,
         f"availability/licence/@target is {LICENCE}"),
        (bool(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)?",
                           one("//tei:publicationStmt/tei:date/@when"))),
         "publicationStmt/date/@when is an xsd:dateTime"),
        (bool(re.fullmatch(r"https?://\S+", one("//tei:publicationStmt/tei:idno[@type='url']"))),
         "publicationStmt/idno[@type='url'] holds the file's URL"),
        (bool(bibl_ids) and len(bibl_ids) == len(root.xpath("//tei:sourceDesc/tei:bibl",
                                                             namespaces=NS)),
         "sourceDesc has one bibl per edition, each with an xml:id"),
        (len(set(bibl_ids)) == len(bibl_ids), "sourceDesc/bibl/@xml:id values are unique"),
        (all(b.get("type") in ("print", "online")
             for b in root.iterfind(".//tei:sourceDesc/tei:bibl", NS)),
         "sourceDesc/bibl/@type is print or online"),
        (root.find("tei:text/tei:body/tei:p", NS) is not None, "text/body holds an empty p"),
    ]
    for number, desc in enumerate(root.iterfind(".//tei:profileDesc/tei:correspDesc", NS), 1):
        at = f"correspDesc {number}"
        actions = desc.findall("tei:correspAction", NS)
        types = [a.get("type") for a in actions]
        rules += [
            (bool(re.fullmatch(r"https?://\S+", desc.get("ref", ""))), f"{at}: @ref is a URL"),
            (desc.get("source", "")[1:] in bibl_ids and desc.get("source", "")[:1] == "#",
             f"{at}: @source points to a sourceDesc/bibl (#id)"),
            (types.count("sent") == 1, f"{at}: one correspAction type='sent'"),
            (types.count("received") == 1, f"{at}: one correspAction type='received'"),
            (set(types) <= {"sent", "received"}, f"{at}: correspAction/@type is sent|received"),
        ]
        for action in actions:
            kind = f"{at} {action.get('type')}"
            names = [etree.QName(c).localname for c in action if isinstance(c.tag, str)]
            rules += [
                (set(names) <= {"persName", "orgName", "placeName", "date"},
                 f"{kind}: only persName, orgName, placeName, date inside correspAction"),
                (not (action.text or "").strip() and not any((c.tail or "").strip()
                                                             for c in action),
                 f"{kind}: no text directly in correspAction"),
                (action.get("type") != "sent" or bool({"persName", "orgName"} & set(names)),
                 f"{kind}: the sender is a persName or orgName"),
            ]
            for child in action:
                if not isinstance(child.tag, str):
                    continue
                local = etree.QName(child).localname
                if local == "date":
                    values = [child.get(k) for k in DATE_ATTRS if child.get(k) is not None]
                    rules += [
                        (bool(values), f"{kind}: date has @when, @from, @to, @notBefore or "
                                       "@notAfter"),
                        (all(CMIF_DATE.fullmatch(v) for v in values),
                         f"{kind}: dates are YYYY-MM-DD, YYYY-MM or YYYY"),
                    ]
                else:
                    rules.append((bool((child.text or "").strip()), f"{kind}: {local} has text"))
                    if child.get("ref") is not None:
                        rules.append((bool(re.fullmatch(r"https?://\S+", child.get("ref"))),
                                      f"{kind}: {local}/@ref is an authority URI"))
    return rules


def check_cmif(root: etree._Element) -> list[str]:
    """The CMIF rules ``root`` breaks (empty when it conforms)."""
    return [rule for holds, rule in _rules(root) if not holds]
