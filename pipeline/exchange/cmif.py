"""Letters to CMIF, the Correspondence Metadata Interchange Format that correspSearch harvests.

One TEI file whose ``profileDesc`` holds a ``correspDesc`` per letter: who sent it, from
where, when, and to whom, with authority URIs where the source has them (never guessed: a
person without one gets a warning and a bare name). Any TEI letter with a ``correspDesc``
is read: its address comes from the letter's own header (``correspDesc/@ref``, a URL or
DOI ``idno`` in ``publicationStmt``, a history.state.gov link in ``sourceDesc``) or from a
URL template; persons keep the role the markup gives them (``correspAction/@type``, or
``persName/@type`` "sender"/"addressee" inside one action, as the Escher letters write it).
FRUS files as the Office of the Historian encodes them (``head`` with
``persName type="from"/"to"``, no ``correspDesc``) are read from the heading.
``check_cmif`` holds the CMIF v1 rules we export to.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from lxml import etree

from teipipe.diagnostics import Diagnostic
from teipipe.exchange.authority import authority_uris, reference_uris
from teipipe.frus import HSG
from teipipe.xmlio import TEI_NS, XML_ID, tei, tei_maker

NS = {"tei": TEI_NS}
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
DATE_ATTRS = ("when", "from", "to", "notBefore", "notAfter")
CMIF_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
URL = re.compile(r"https?://\S+")
DOI = re.compile(r"(?:doi:)?(10\.\d{4,9}/\S+)", re.IGNORECASE)

# correspAction/@type as editions write it → the two roles CMIF knows
ACTION_ROLES = {"sent": "sent", "sending": "sent", "sender": "sent",
                "received": "received", "receiving": "received", "addressee": "received"}
# persName/@type or @role inside an action, where an edition files both parties in one action
PARTY_ROLES = {"sender": "sent", "author": "sent", "addressee": "received",
               "recipient": "received", "receiver": "received"}
NAME_KINDS = {"persName": "persName", "orgName": "orgName", "placeName": "placeName",
              "settlement": "placeName", "geogName": "placeName", "country": "placeName"}
TYPE_KINDS = {"person": "persName", "persname": "persName", "org": "orgName",
              "organisation": "orgName", "organization": "orgName", "orgname": "orgName",
              "place": "placeName", "placename": "placeName"}
LETTER_WORDS = {"brief", "letter", "lettre", "correspondence", "korrespondenz"}
UNKNOWN = "Unknown"  # the name CMIF files give a party the letter does not name


@dataclass
class Header:
    """What the CMIF file says about itself."""

    url: str
    editor: str
    title: str = ""
    email: str = ""
    publisher: str = ""
    url_template: str = ""  # "https://example.org/letters/{id}": {id} (root xml:id, else
    # the file name without extension) and {stem} (the file name without extension)
    from_header: bool = False  # letters without correspDesc: sender and date from the header


@dataclass
class Party:
    element: str  # "persName" | "orgName" | "placeName"
    name: str
    uris: list[str] = field(default_factory=list)
    cert: str | None = None

    @property
    def uri(self) -> str | None:
        return self.uris[0] if self.uris else None


@dataclass
class Action:
    parties: list[Party] = field(default_factory=list)
    places: list[Party] = field(default_factory=list)
    date: dict[str, str] = field(default_factory=dict)
    date_text: str = ""


@dataclass
class Edition:
    """The edition a letter belongs to: one ``sourceDesc/bibl`` in the CMIF file."""

    ident: str  # the bibl's xml:id
    title: str
    url: str = ""


@dataclass
class Letter:
    ref: str  # the letter's address
    edition: Edition
    sent: Action
    received: Action
    context: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # ref text, attrs


def _text(el: etree._Element) -> str:
    """Text content without notes, whitespace normalised."""
    parts = [t for t in el.xpath(".//text()[not(ancestor::tei:note)]", namespaces=NS)]
    return " ".join("".join(parts).split())


def _cmif_date(value: str) -> str:
    """An ISO date or dateTime cut to the ``YYYY-MM-DD`` CMIF accepts."""
    value = value.strip()
    return value[:10] if re.match(r"\d{4}-\d{2}-\d{2}T", value) else value


def edition_id(key: str) -> str:
    """A stable UUID for an edition (CMIF's Schematron recommends one), as an xml:id.

    An xml:id cannot start with a digit, so the first name-based UUID that starts with a
    letter is taken: the same edition always gets the same id.
    """
    for attempt in range(64):
        ident = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{key}#{attempt}" if attempt else key))
        if ident[0].isalpha():
            return ident
    raise AssertionError("unreachable: 64 UUIDs all starting with a digit")


class _Reader:
    """One file's letters: pointers ``#id`` resolved to its own records, and what it lacks."""

    def __init__(self, path: str, tree: etree._ElementTree):
        self.path = path
        self.tree = tree
        self.records = {el.get(XML_ID): el for el in tree.xpath(
            "//tei:teiHeader//*[@xml:id] | //tei:standOff//*[@xml:id]", namespaces=NS)}
        self.diagnostics: list[Diagnostic] = []

    def note(self, el: etree._Element | None, severity: str, message: str, check: str) -> None:
        line = el.sourceline if el is not None and el.sourceline else 0
        self.diagnostics.append(Diagnostic(self.path, line, 0, severity, message, check))

    def uris(self, el: etree._Element) -> tuple[list[str], etree._Element | None]:
        """Authority URIs of a name (its own attributes, or its record's), and the record."""
        found: list[str] = []
        record = None
        for holder in [el, *el.iterdescendants()]:
            if not isinstance(holder.tag, str):
                continue
            for value in reference_uris(holder):
                if value.startswith("#"):
                    target = self.records.get(value[1:])
                    if target is not None:
                        record = record if record is not None else target
                        found += [u for u in [*reference_uris(target, pointers=False),
                                              *authority_uris(target)] if u not in found]
                elif value not in found:
                    found.append(value)
            if found or record is not None:
                break
        return found, record

    def party(self, el: etree._Element, element: str, name: str = "") -> Party:
        name = name or _text(el)
        uris, record = self.uris(el)
        if record is not None and (full := record.find(tei(element))) is not None and _text(full):
            name = _text(full)
        if not uris and element == "persName":
            why = "its record has no authority idno" if record is not None else "no record found"
            self.note(el, "warning", f"person '{name}' has no authority identifier ({why}); "
                      "exported without @ref", "cmif-authority")
        # CMIF has one degree of doubt, cert="low"; "unknown" is no better, "medium"/"high" go
        cert = "low" if el.get("cert") in ("low", "unknown") else None
        return Party(element, name or UNKNOWN, uris, cert)

    def date(self, el: etree._Element, action: Action) -> None:
        for attr in DATE_ATTRS:
            value = el.get(attr) or el.get(f"{attr}-iso")
            if not value:
                continue
            value = _cmif_date(value)
            if CMIF_DATE.fullmatch(value):
                action.date[attr] = value
            else:
                self.note(el, "warning", f"date {attr}='{value}' is not a CMIF date "
                          "(YYYY-MM-DD, YYYY-MM or YYYY); left out", "cmif-date")
        action.date_text = _text(el) if action.date else ""

    def correspdesc(self, desc: etree._Element) -> tuple[Action, Action]:
        actions = {"sent": Action(), "received": Action()}
        for el in desc.iterfind(tei("correspAction")):
            kind = el.get("type", "")
            role = ACTION_ROLES.get(kind)
            if role is None:
                self.note(el, "info", f"correspAction type='{kind}' is not in CMIF (only sent "
                          "and received are); left out", "cmif")
                continue
            for child in el:
                if not isinstance(child.tag, str) or etree.QName(child).namespace != TEI_NS:
                    continue
                self.child(child, role, actions)
        return actions["sent"], actions["received"]

    def child(self, child: etree._Element, role: str, actions: dict[str, Action]) -> None:
        local = etree.QName(child).localname
        if local == "date":
            if not actions[role].date:
                self.date(child, actions[role])
            return
        kind = NAME_KINDS.get(local)
        if local in ("name", "rs"):  # typed, or else (as before) a person
            kind = TYPE_KINDS.get((child.get("type") or "person").lower())
        if kind is None:
            return
        if kind == "persName" and local == "persName" and not _text(child):
            return  # an empty persName (a pointer only) names nobody
        party_role = PARTY_ROLES.get((child.get("type") or child.get("role") or "").lower(), role)
        target = actions[party_role]
        if kind == "placeName":
            target.places.append(self.party(child, kind))
        else:
            target.parties.append(self.party(child, kind))

    def context(self, desc: etree._Element) -> list[tuple[str, dict[str, str]]]:
        """``correspContext`` pointers CMIF can carry: those with an absolute address."""
        kept, dropped = [], 0
        for ref in desc.xpath("tei:correspContext/tei:ref | tei:correspContext/tei:ptr",
                              namespaces=NS):
            targets = (ref.get("target") or "").split()
            if targets and all(URL.fullmatch(t) for t in targets):
                attrs = {k: ref.get(k) for k in ("type", "subtype", "target") if ref.get(k)}
                kept.append((_text(ref), attrs))
            else:
                dropped += 1
        if dropped:
            self.note(desc.find(tei("correspContext")), "info",
                      f"{dropped} correspContext pointer(s) without an absolute URL left out "
                      "(in CMIF they would point into the CMIF file)", "cmif-context")
        return kept

    def frus_head(self, div: etree._Element) -> tuple[Action, Action]:
        sent, received = Action(), Action()
        for el in div.xpath("tei:head//*[@type='from' or @type='to'][not(ancestor::tei:note)]",
                            namespaces=NS):
            element = "persName" if el.tag == tei("persName") else "orgName"
            (sent if el.get("type") == "from" else received).parties.append(
                self.party(el, element))
        place = div.find("tei:dateline//tei:placeName", NS)
        if place is not None:
            sent.places.append(self.party(place, "placeName"))
        date = div.find("tei:dateline//tei:date", NS)
        if date is not None:
            self.date(date, sent)
        return sent, received


def _one(tree: etree._ElementTree, path: str) -> str:
    return " ".join(tree.xpath(f"string(({path})[1])", namespaces=NS).split())


def _address(path: str, tree: etree._ElementTree, desc: etree._Element | None,
             div: etree._Element | None, template: str) -> tuple[str, str]:
    """The letter's address, and where it came from (for the docs and the messages)."""
    if desc is not None:
        for token in (desc.get("ref") or "").split():
            if URL.fullmatch(token):
                return token, "correspDesc/@ref"
    for idno in tree.xpath("//tei:fileDesc/tei:publicationStmt/tei:idno", namespaces=NS):
        value = (idno.text or "").strip()
        if URL.fullmatch(value):
            return value, f"publicationStmt/idno[@type='{idno.get('type', '')}']"
        doi = DOI.fullmatch(value)
        if doi and idno.get("type", "").lower() == "doi":
            return f"https://doi.org/{doi[1]}", "publicationStmt/idno[@type='DOI']"
    for target in tree.xpath("//tei:sourceDesc//tei:ref/@target | //tei:sourceDesc//tei:idno"
                             "[@type='url']/text()", namespaces=NS):
        if target.startswith(HSG):
            return target, "sourceDesc"
    stem = re.split(r"[/\\]", path)[-1].rsplit(".", 1)[0]
    match = re.fullmatch(r"(frus[\w-]+?)[_-](d\d+)", stem)
    if match:
        doc = div.get(XML_ID) if div is not None else None
        return f"{HSG}{match[1]}/{doc or match[2]}", "file name"
    if template:
        ident = tree.getroot().get(XML_ID) or stem
        return template.replace("{id}", ident).replace("{stem}", stem), "--url-template"
    return "", ""


def _edition(tree: etree._ElementTree, ref: str) -> Edition:
    """The edition: a FRUS volume, or the series/publisher the letter's header names."""
    if ref.startswith(HSG):
        volume = ref[len(HSG):].split("/")[0]
        title = _one(tree, "//tei:sourceDesc//tei:title") or volume
        return Edition(edition_id(HSG + volume), title, HSG + volume)
    title = (_one(tree, "//tei:fileDesc/tei:titleStmt/tei:title[@level='s']")
             or _one(tree, "//tei:fileDesc/tei:seriesStmt/tei:title")
             or _one(tree, "//tei:fileDesc/tei:publicationStmt/tei:publisher/tei:orgName"
                     " | //tei:fileDesc/tei:publicationStmt/tei:publisher/tei:name")
             or _one(tree, "//tei:fileDesc/tei:publicationStmt/tei:publisher")
             or _one(tree, "//tei:fileDesc/tei:publicationStmt/tei:p")
             or "Unnamed edition")
    return Edition(edition_id(title), title)


def _is_letter(tree: etree._ElementTree) -> bool:
    """Does the header itself say the file is a letter (DTABf ``classCode`` "Brief", a
    ``term``, or ``TEI/@type``)?"""
    said = tree.xpath("//tei:profileDesc/tei:textClass//*[self::tei:classCode or "
                      "self::tei:term]/text() | /tei:TEI/@type", namespaces=NS)
    return any(" ".join(v.split()).lower() in LETTER_WORDS for v in said)


def _person_name(el: etree._Element) -> str:
    """"Surname, Forename" where the name is split into parts (as CMIF's examples write
    names), else the name's text."""
    surname = _text(el.find(tei("surname"))) if el.find(tei("surname")) is not None else ""
    forename = " ".join(_text(f) for f in el.iterfind(tei("forename")))
    if surname and forename:
        return f"{surname}, {forename}"
    return _text(el)


def _from_header(reader: _Reader, tree: etree._ElementTree) -> tuple[Action, Action] | None:
    """A letter without ``correspDesc`` read from its header (``--from-header``): the
    author is the sender; the date is the original's (``sourceDesc//biblFull`` date, as the
    DTA base format records it). Nothing else is taken: no place, no addressee."""
    if not _is_letter(tree):
        return None
    sent = Action()
    for author in tree.xpath("//tei:fileDesc/tei:titleStmt/tei:author/*[self::tei:persName or "
                             "self::tei:orgName]", namespaces=NS):
        kind = etree.QName(author).localname
        sent.parties.append(reader.party(author, kind, _person_name(author)))
    date = tree.xpath("(//tei:sourceDesc//tei:biblFull/tei:publicationStmt/tei:date)[1]",
                      namespaces=NS)
    if date:
        reader.date(date[0], sent)
        sent.date_text = ""  # the header's text is the year of the edition, not the date
    return sent, Action()


def letters_in(path: str, tree: etree._ElementTree, url_template: str = "",
               from_header: bool = False) -> tuple[list[Letter], list[Diagnostic]]:
    """The letters a TEI file describes, and what could not be said about them."""
    reader = _Reader(path, tree)
    root = tree.getroot()
    found: list[tuple[etree._Element | None, etree._Element | None, Action, Action]] = []
    descs = root.xpath("tei:teiHeader/tei:profileDesc/tei:correspDesc", namespaces=NS)
    if descs:
        div = root.find(".//tei:div[@type='document']", NS)
        found = [(desc, div, *reader.correspdesc(desc)) for desc in descs]
    else:
        for div in root.iterfind(".//tei:div[@type='document']", NS):
            sent, received = reader.frus_head(div)
            if sent.parties or received.parties:
                found.append((None, div, sent, received))
        header_letter = _from_header(reader, tree) if from_header and not found else None
        if header_letter is not None:
            reader.note(None, "info", "no correspDesc: sender (titleStmt/author) and date "
                        "(sourceDesc) read from the header", "cmif-header")
            found.append((None, None, *header_letter))
    letters = []
    for desc, div, sent, received in found:
        at = desc if desc is not None else div
        ref, _ = _address(path, tree, desc, div, url_template)
        if not ref:
            reader.note(at, "error", "no address for the letter (no URL in correspDesc/@ref "
                        "or publicationStmt/idno); give --url-template", "cmif-ref")
            continue
        if not sent.parties:
            reader.note(at, "warning", "the letter names no sender; exported with the sender "
                        f"'{UNKNOWN}'", "cmif-sender")
            sent.parties.append(Party("persName", UNKNOWN))
        if not received.parties:
            reader.note(at, "warning", "the letter names no addressee; exported with the "
                        f"addressee '{UNKNOWN}'", "cmif-addressee")
            received.parties.append(Party("persName", UNKNOWN))
        if not sent.date and not received.date:
            reader.note(at, "warning", "the letter has no date; exported without one",
                        "cmif-date")
        context = reader.context(desc) if desc is not None else []
        letters.append(Letter(ref, _edition(tree, ref), sent, received, context))
    if not found:
        reader.note(None, "warning", "no correspDesc (and no FRUS heading naming sender or "
                    "addressee): not a letter, skipped"
                    + ("" if from_header else " (see --from-header)"), "cmif")
    return letters, reader.diagnostics


def _action(E, kind: str, action: Action) -> etree._Element:  # noqa: N803 (ElementMaker)
    el = E.correspAction(type=kind)
    for party in [*action.parties, *action.places]:
        attrs = {"ref": " ".join(party.uris)} if party.uris else {}
        if party.cert:
            attrs["cert"] = party.cert
        el.append(E(party.element, party.name, **attrs))
    if action.date:
        el.append(E.date(*([action.date_text] if action.date_text else []), **action.date))
    return el


def _desc(E, letter: Letter) -> etree._Element:  # noqa: N803 (ElementMaker)
    desc = E.correspDesc(_action(E, "sent", letter.sent), _action(E, "received", letter.received),
                         ref=letter.ref, source=f"#{letter.edition.ident}")
    if letter.context:
        desc.append(E.correspContext(*[E.ref(text, **attrs) for text, attrs in letter.context]))
    return desc


def build_cmif(inputs: list[tuple[str, etree._ElementTree]],
               header: Header) -> tuple[etree._Element, list[Diagnostic]]:
    """The CMIF document for all letters in ``inputs`` (path, parsed tree)."""
    E = tei_maker()  # noqa: N806
    letters, diagnostics = [], []
    for path, tree in inputs:
        found, notes = letters_in(path, tree, header.url_template, header.from_header)
        letters += found
        diagnostics += notes
    editions = {letter.edition.ident: letter.edition for letter in letters}
    editor = E.editor(header.editor, *([E.email(header.email)] if header.email else []))
    now = datetime.now(UTC).replace(microsecond=0).isoformat()

    def bibl(edition: Edition) -> etree._Element:
        link = [" ", E.ref(edition.url, target=edition.url)] if edition.url else []
        return E.bibl(edition.title, *link, {XML_ID: edition.ident}, type="online")

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
                E.sourceDesc(*[bibl(edition) for edition in editions.values()]),
            ),
            E.profileDesc(*[_desc(E, letter) for letter in letters]),
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
