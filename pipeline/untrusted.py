"""The one door through which teipipe reads XML it did not write.

Every parse of a user's file, by lxml (a tree, ``iterparse``) or by Saxon, comes through
here, so the same rules and the same limits hold for validate, transform, split, export
and ``--persons``:

* Decisions are taken on the *decoded* document, never on its bytes: libxml2 decodes
  whatever encoding the file says or shows (UTF-16/32 with or without BOM, EBCDIC, UTF-7,
  Latin-1, …) and the checks run on what it read. A file in IBM037 cannot hide its
  DOCTYPE from an ASCII search, because nothing here searches bytes for markup.
* No DTD is loaded, no entity expanded, nothing fetched. A DOCTYPE that declares
  entities is refused, and so is any entity reference left in the document; a DOCTYPE
  that only names an external DTD is ignored (it is never read).
* One set of limits (:data:`LIMITS`): a document beyond them is refused with its line and
  a plain message, whichever command reads it.
* Saxon only parses what this module has checked: the file itself when a scan of its
  decoded content found no DOCTYPE and its bytes are UTF-8 (or ASCII) for any parser,
  otherwise lxml's checked tree, serialised without a DTD. Saxon's own XML parser is
  hardened as well (:func:`saxon_processor`: any DOCTYPE refused, the same depth limit),
  so a document that somehow slipped past would still get no entity and no DTD.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from teipipe.diagnostics import Diagnostic, InputError
from teipipe.namespaces import XI_NS
from teipipe.xmlio import SAFE_OPTIONS, safe_parser

if TYPE_CHECKING:
    from lxml import etree


@dataclass(frozen=True)
class Limits:
    """What a document may hold. ``depth``, ``text`` and ``name`` are libxml2's own limits
    without XML_PARSE_HUGE (bytes of UTF-8 for ``text``); ``attributes`` is ours. Saxon is
    set to the same depth, and never sees a document beyond any of them."""

    depth: int = 256  # elements nested in one another, the root counting as 1
    attributes: int = 256  # attributes on one element (namespace declarations aside)
    text: int = 10_000_000  # bytes in one text node or attribute value
    name: int = 50_000  # characters in one element or attribute name


LIMITS = Limits()
GUARD = "teipipe refuses such documents (a guard against hostile input)"


class NotWellFormed(InputError):
    """lxml could not read the document; ``errors`` are libxml2's (type, line, column, text)."""

    def __init__(self, diagnostics: list[Diagnostic], errors: list[tuple[str, int, int, str]]):
        super().__init__(diagnostics)
        self.errors = errors

    def __reduce__(self):  # whole, when it comes back from a worker process
        return (type(self), (self.diagnostics, self.errors))


# ----------------------------------------------------------------------------- bytes

def read(path: Path, stage: str = "read") -> bytes:
    """The bytes of ``path``; InputError (one line) when it cannot be read."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputError([Diagnostic(str(path), 0, 0, "error",
                                     f"cannot read: {exc.strerror or exc}", stage)]) from exc


# ------------------------------------------------------------------------ lxml trees

# libxml2's errors for a repeated xml:id or one that is not a name: validity errors (jing
# reports them as such), not a reason to refuse the document.
XML_ID_ERRORS = frozenset({"DTD_ID_REDEFINED", "DTD_XMLID_VALUE"})


def parse(data: bytes, name: str, base_url: str | None = None) -> etree._Element:
    """The checked tree of ``data`` (the bytes of ``name``); InputError if it is refused."""
    return parse_tolerant(data, name, base_url)[0]


def parse_tolerant(data: bytes, name: str, base_url: str | None = None,
                   tolerate: Collection[str] = XML_ID_ERRORS) -> tuple[etree._Element, list]:
    """Like :func:`parse`, also giving the errors of the libxml2 types in ``tolerate``
    (xml:id errors, which the validator reports), that did not stop the parse."""
    from lxml import etree

    parser = safe_parser()
    try:
        root = etree.fromstring(data, parser, base_url=base_url)
        errors = _errors(parser)  # a later warning can hide an error from lxml (issue V2)
    except etree.XMLSyntaxError:
        root, errors = None, _errors(parser)
    tolerated = [e for e in errors if e.type_name in tolerate]
    if tolerated and len(tolerated) == len(errors):
        if root is None:  # lxml raised for them: read it all, recovering
            parser = safe_parser(recover=True)
            root = etree.fromstring(data, parser, base_url=base_url)
            errors = _errors(parser)
            tolerated = [e for e in errors if e.type_name in tolerate]
        if len(tolerated) == len(errors):
            errors = []
    if root is None or errors:
        raise not_well_formed(name, errors or list(parser.error_log))
    check_tree(root, name)
    if tolerated:  # after an xml:id error libxml2 reports no more: a parse that builds no
        _well_formed_without_ids(data, name)  # tree registers no ids, and tells the rest
    return root, tolerated


def _well_formed_without_ids(data: bytes, name: str) -> None:
    from lxml import etree

    class Nothing:
        def close(self) -> None:
            return None

    parser = etree.XMLParser(target=Nothing(), **SAFE_OPTIONS)
    with contextlib.suppress(etree.XMLSyntaxError):  # the log says what went wrong
        etree.fromstring(data, parser)
    if _errors(parser):
        raise not_well_formed(name, _errors(parser))


def _errors(parser) -> list:
    from lxml import etree

    return [e for e in parser.error_log if e.level >= etree.ErrorLevels.ERROR]


def check_tree(root: etree._Element, name: str) -> None:
    """Refuse declared entities, entity references and elements beyond :data:`LIMITS`."""
    from lxml import etree

    dtd = root.getroottree().docinfo.internalDTD
    declared = [e.name for e in dtd.iterentities()] if dtd is not None else []
    if declared:
        shown = ", ".join(declared[:5]) + (" …" if len(declared) > 5 else "")
        raise _refused(name, 1, 1,
                       f"the document declares entities in its DOCTYPE ({shown}); teipipe "
                       "refuses them: it never expands or fetches entities (they can hide a "
                       "billion-laughs attack or read other files): replace each entity "
                       "reference by the characters it stands for")
    for node in root.iter(etree.Entity):  # nodes filtered in C: cheap when there are none
        raise _refused(name, node.sourceline or 1, 1,
                       f"entity reference {node.text} is not defined")
    for node in root.iter(etree.Element):
        if len(node.attrib) > LIMITS.attributes:
            raise _refused(name, node.sourceline or 1, 1,
                           f"more than {LIMITS.attributes} attributes on one element "
                           f"({len(node.attrib)}); {GUARD}")


def _refused(name: str, line: int, col: int, message: str) -> NotWellFormed:
    return NotWellFormed([Diagnostic(name, line, col, "error", message, "well-formed")], [])


def not_well_formed(name: str, log) -> NotWellFormed:
    """The error for a document libxml2 could not read: one finding per entry of its log."""
    found = [Diagnostic(name, e.line, e.column + 1 if e.column else 1, "error",
                        plain(e.message), "well-formed") for e in log]
    found = found or [Diagnostic(name, 1, 1, "error", "not well-formed XML", "well-formed")]
    return NotWellFormed(found, [(e.type_name, e.line, e.column, e.message) for e in log])


def plain(message: str) -> str:
    """libxml2's message for a person: no parser options named, limits said as limits."""
    message = message.strip()
    if "amplification" in message or "entity" in message.lower() and "loop" in message:
        return ("the document's entities expand to far more text than the document itself "
                "(a billion-laughs or quadratic-blowup attack); teipipe refuses entity "
                "declarations")
    if "Excessive depth" in message:
        return f"element nesting deeper than {LIMITS.depth} levels; {GUARD}"
    if "Text node too long" in message:
        return f"a text of more than {LIMITS.text:,} bytes in one piece; {GUARD}"
    if "Buffer size limit" in message or "too big" in message or "too long" in message:
        what = "a name" if "Name" in message else "a value, comment or name"
        return f"{what} longer than libxml2 accepts ({message.split(',')[0]}); {GUARD}"
    if "Unsupported encoding" in message:
        return (f"the document's encoding is not one teipipe can read ({message.split(': ')[-1]}"
                "); save it as UTF-8")
    message = re.sub(r",?\s*(try|use) XML_PARSE_HUGE( option)?", "", message)
    return f"not well-formed XML: {message}"


# --------------------------------------------------------------- scan (no tree at all)

@dataclass(frozen=True)
class Facts:
    """What a scan of the decoded document found."""

    checked: bool  # well-formed, no DOCTYPE, within LIMITS: trusted without a tree
    xinclude: bool  # holds XInclude elements
    utf8: bool  # any parser reads the bytes as UTF-8 (or ASCII), as libxml2 did


class _Over(Exception):
    """Raised by the scan to stop early: a DOCTYPE, or something near a limit."""


class _Scan:
    """An lxml parser target: no tree is built (a 50 MB file: about 0.5 s and a few MiB,
    where a tree takes 600 MiB). Depth and attributes are counted here (libxml2 counts
    depth only when it builds a tree); long texts are ruled out by :func:`_short_texts`."""

    def __init__(self) -> None:
        self.depth = 0
        self.xinclude = False

    def start(self, tag: str, attrib) -> None:
        self.depth += 1
        if self.depth > LIMITS.depth or len(attrib) > LIMITS.attributes:
            raise _Over
        if tag.startswith("{" + XI_NS):
            self.xinclude = True

    def end(self, tag: str) -> None:
        self.depth -= 1

    def doctype(self, *args) -> None:
        raise _Over  # a DOCTYPE is judged on the tree (entities, external subset)

    def close(self) -> _Scan:
        return self


class _TextScan(_Scan):
    """The scan that also measures each text (a callback per piece of text: slower)."""

    def __init__(self) -> None:
        super().__init__()
        self.text = 0

    def start(self, tag: str, attrib) -> None:
        self.text = 0
        super().start(tag, attrib)

    def end(self, tag: str) -> None:
        self.text = 0
        super().end(tag)

    def data(self, text: str) -> None:
        self.text += len(text)
        if self.text > LIMITS.text // 4:  # UTF-8 takes at most 4 bytes a character: the
            raise _Over  # tree decides near the limit (in bytes), never the scan

    def comment(self, text: str) -> None:
        self.text = 0

    def pi(self, target: str, data: str | None = None) -> None:
        self.text = 0


def _short_texts(data: bytes) -> bool:
    """True when no text in UTF-8 ``data`` can reach ``LIMITS.text`` bytes: a text takes no
    more bytes in the tree than in the file (references only shrink), ends at the next
    ``<`` unless a CDATA section joins it to the next, and a ``<`` in every window of half
    the limit leaves no gap as long as the limit."""
    if b"<![CDATA[" in data:
        return False
    step = LIMITS.text // 2
    return all(data.find(b"<", i, i + step) >= 0 for i in range(0, len(data), step))


# Below this size the scan builds lxml's tree and checks it (C does the work: a letter of
# 19 KB in 0.8 ms where the tree-less target's callbacks took 1.7 ms); from it, no tree.
SCAN_WITHOUT_TREE_FROM = 2_000_000


def scan(data: bytes) -> Facts:
    """Read ``data`` through libxml2; ``checked`` says whether the document may be used
    without a tree of it (when not, :func:`parse` gives the verdict)."""
    from lxml import etree

    if len(data) < SCAN_WITHOUT_TREE_FROM:
        try:
            root = parse(data, "")
        except InputError:
            return Facts(False, False, False)
        xinclude = next(root.iter(f"{{{XI_NS}}}*"), None) is not None
        return Facts(not root.getroottree().docinfo.doctype, xinclude, _utf8(data))
    utf8 = _utf8(data)
    target = _Scan() if utf8 and _short_texts(data) else _TextScan()
    parser = etree.XMLParser(target=target, **SAFE_OPTIONS)
    try:
        etree.fromstring(data, parser)
    except (_Over, etree.XMLSyntaxError):
        return Facts(False, target.xinclude, False)
    errors = [e for e in _errors(parser) if e.type_name not in XML_ID_ERRORS]
    return Facts(not errors, target.xinclude, utf8)


_DECLARED = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]*)[\"']")


def _utf8(data: bytes) -> bool:
    """True when every XML parser decodes ``data`` as UTF-8: no BOM but UTF-8's, ASCII
    ``<`` first, and an XML declaration (if any) that names UTF-8 or ASCII."""
    head = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if not head.startswith(b"<") or head[1:2] in (b"", b"\x00"):
        return False
    if not head.startswith(b"<?xml"):
        return True
    end = head.find(b"?>", 0, 512)
    if end < 0:
        return False
    declared = _DECLARED.match(head[:end + 2])
    return declared is None or declared[1].lower() in (b"utf-8", b"us-ascii")


# ------------------------------------------------------------------ lxml, streaming

def iterparse(path: Path, events: tuple[str, ...]) -> Iterator[tuple[str, etree._Element]]:
    """``etree.iterparse`` over a checked document (bytes read once: what was checked is
    what is parsed); InputError (file:line:col) if it is refused."""
    data = read(path)
    if not scan(data).checked:
        parse(data, str(path), str(path))  # refuses, or shows the tree is fine after all
    yield from checked_iterparse(data, events)


def checked_iterparse(data: bytes, events: tuple[str, ...], tag=None):
    """``iterparse`` for bytes :func:`scan` found ``checked`` (hardened all the same)."""
    from lxml import etree

    return etree.iterparse(BytesIO(data), events=events, tag=tag, **SAFE_OPTIONS)


def checked_pull_parser(events: tuple[str, ...]) -> etree.XMLPullParser:
    """A pull parser for bytes :func:`scan` found ``checked`` (hardened all the same)."""
    from lxml import etree

    return etree.XMLPullParser(events=events, **SAFE_OPTIONS)


def read_tree(path: Path) -> etree._Element:
    """The checked tree of the file ``path``."""
    return parse(read(path), str(path), str(path))


# ---------------------------------------------------------------------------- Saxon

_PARSER = "http://saxon.sf.net/feature/parserFeature?uri="
_PROPERTY = "http://saxon.sf.net/feature/parserProperty?uri="
# Saxon's parser (the JDK's) hardened and set to our limits. Documents reach it checked,
# so its own entity-size limits (which count &lt; and stop at 100,000) are lifted; its
# attribute limit counts namespace declarations too, so it is only a backstop.
SAXON_PARSER = {
    _PARSER + "http://apache.org/xml/features/disallow-doctype-decl": "true",
    _PARSER + "http://xml.org/sax/features/external-general-entities": "false",
    _PARSER + "http://xml.org/sax/features/external-parameter-entities": "false",
    _PARSER + "http://apache.org/xml/features/nonvalidating/load-external-dtd": "false",
    _PROPERTY + "jdk.xml.maxElementDepth": str(LIMITS.depth),
    _PROPERTY + "jdk.xml.elementAttributeLimit": str(16 * LIMITS.attributes),
    _PROPERTY + "jdk.xml.maxXMLNameLimit": "0",
    _PROPERTY + "jdk.xml.maxGeneralEntitySizeLimit": "0",
    _PROPERTY + "jdk.xml.totalEntitySizeLimit": "0",
    _PROPERTY + "jdk.xml.entityExpansionLimit": "0",
}


def saxon_processor():
    """A saxonche processor whose XML parser is hardened (the setting holds for every
    processor in the process: saxonche shares one configuration)."""
    from saxonche import PySaxonProcessor

    proc = PySaxonProcessor(license=False)
    for key, value in SAXON_PARSER.items():
        proc.set_configuration_property(key, value)
    return proc


def saxon_document(proc, path: Path):
    """The file ``path`` as a Saxon node, checked on the way (InputError if refused)."""
    from saxonche import PySaxonApiError

    path = Path(path)
    data = read(path)
    facts = scan(data)
    if facts.checked and facts.utf8:  # the fast path: Saxon reads the file itself
        del data  # not held while Saxon builds its tree (50 MB less at the peak)
        try:
            return proc.parse_xml(xml_file_name=str(path.resolve()))
        except PySaxonApiError as exc:
            parse(read(path), str(path), str(path))  # lxml's line and column if it sees it
            raise InputError([Diagnostic(str(path), 0, 0, "error", saxon_message(exc),
                                         "well-formed")]) from exc
    return saxon_tree(proc, parse(data, str(path), str(path)), str(path))


def saxon_tree(proc, tree, name: str):
    """A tree lxml holds (checked, or built by teipipe) as a Saxon node, without its DTD."""
    from lxml import etree
    from saxonche import PySaxonApiError

    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    try:
        return proc.parse_xml(xml_text=etree.tostring(root, encoding="unicode"))
    except PySaxonApiError as exc:
        raise InputError([Diagnostic(name, 0, 0, "error", saxon_message(exc),
                                     "well-formed")]) from exc


_SAXON_LIMITS = (
    (re.compile(r"maxElementDepth|JAXP00010006"),
     f"element nesting deeper than {LIMITS.depth} levels; {GUARD}"),
    (re.compile(r"elementAttributeLimit|JAXP00010002"),
     f"more than {LIMITS.attributes} attributes on one element; {GUARD}"),
    (re.compile(r"EntitySizeLimit|entityExpansionLimit|JAXP0001000[13457]"),
     f"more text or entities than teipipe accepts; {GUARD}"),
    (re.compile(r"DOCTYPE is disallowed"),
     "a DOCTYPE reached the XSLT engine, which reads none (teipipe never loads DTDs)"),
)


def saxon_message(exc: Exception) -> str:
    """Saxon's error on one line, without the engine's boilerplate or JDK setting names."""
    message = " ".join(str(exc).split())
    message = re.sub(r"^(Error|Exception)\s*:?\s*", "", message)
    for pattern, said in _SAXON_LIMITS:
        if pattern.search(message):
            return said
    message = re.sub(r"^SXXP0003:?\s*Error reported by XML parser:\s*",
                     "not well-formed XML: ", message)
    message = re.sub(r"\s*JAXP\d+:\s*", " ", message)
    message = re.sub(r"\bjdk\.xml\.\w+", "a parser limit", message)
    return message.strip() or type(exc).__name__
