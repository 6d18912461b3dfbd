"""Authority identifiers (``idno``) as URIs: taken from the record, never guessed.

CMIF and linked-data consumers want a URI in ``@ref``; personographies store the bare
identifier with its authority in ``@type``. Unknown authorities give no URI.
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
