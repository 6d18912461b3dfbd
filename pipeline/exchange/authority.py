"""Authority identifiers as URIs: taken from the source, never guessed.

CMIF and linked-data consumers want a URI in ``@ref``; personographies store the bare
identifier with its authority in ``@type`` (``idno``), and editions point with ``@ref``,
``@key``, ``@sameAs``, ``@corresp`` or ``@ana`` (DraCor puts Wikidata there), as a URI or
as ``prefix:id`` with a prefix everyone reads the same way (``gnd:``, ``wd:``…).
Unknown authorities and unknown prefixes give no URI.
"""

from __future__ import annotations

import re

from lxml import etree

from teipipe.xmlio import TEI_NS

# authority → (pattern the identifier must match, URI prefix)
AUTHORITIES: dict[str, tuple[str, str]] = {
    "wikidata": (r"Q[1-9][0-9]*", "http://www.wikidata.org/entity/"),
    "viaf": (r"[1-9][0-9]*", "http://viaf.org/viaf/"),
    "gnd": (r"[0-9X-]+", "https://d-nb.info/gnd/"),
    "geonames": (r"[1-9][0-9]*", "http://www.geonames.org/"),
    "lc": (r"n[a-z]?[0-9]+", "http://id.loc.gov/authorities/names/"),
}
# prefix (as in ``gnd:118650963``) → authority; a prefix means these only where it is one
PREFIXES = {"gnd": "gnd", "viaf": "viaf", "wd": "wikidata", "wikidata": "wikidata",
            "geonames": "geonames", "lc": "lc", "lccn": "lc"}
POINTING = ("ref", "key", "sameAs", "corresp", "ana")


def authority_uri(kind: str, value: str) -> str | None:
    """The URI for identifier ``value`` of authority ``kind``, or None if not one we know."""
    value = value.strip()
    if re.fullmatch(r"https?://\S+", value):
        return value
    known = AUTHORITIES.get(kind.strip().lower())
    if known and re.fullmatch(known[0], value):
        return known[1] + value
    return None


def authority_uris(entity: etree._Element) -> list[str]:
    """All authority URIs an entity record (``person``, ``place``, ``org``) carries."""
    uris = []
    for idno in entity.iterfind(f"{{{TEI_NS}}}idno"):
        uri = authority_uri(idno.get("type", ""), idno.text or "")
        if uri and uri not in uris:
            uris.append(uri)
    return uris


def reference_uris(el: etree._Element, pointers: bool = True) -> list[str]:
    """Authority URIs in an element's pointing attributes (``POINTING``), in order; with
    ``pointers``, also the ``#id`` pointers into the same file, for the caller to resolve."""
    found: list[str] = []
    for attr in POINTING:
        for token in (el.get(attr) or "").split():
            uri = None
            if re.fullmatch(r"https?://\S+", token) or (pointers and token[:1] == "#"):
                uri = token
            elif ":" in token:
                prefix, _, value = token.partition(":")
                kind = PREFIXES.get(prefix.lower())
                uri = authority_uri(kind, value) if kind else None
            if uri and uri not in found:
                found.append(uri)
    return found
