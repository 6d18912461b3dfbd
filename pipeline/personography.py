"""The registry of persons, places and organisations that names in the documents point to.

It reads three shapes of list, so that an editor can start from what exists: our own
``tei/persons.xml`` (``standOff`` with ``listPerson``/``listPlace``/``listOrg``), any
TEI ``listPerson``, and the persons list of a FRUS volume (``div xml:id="persons"``,
``persName xml:id="p_…"`` in ``item``s, "Surname, Forenames" followed by the office).
Ids found in a file are kept, so links into a FRUS volume stay valid.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from lxml import etree

from teipipe import untrusted
from teipipe.diagnostics import Diagnostic, InputError
from teipipe.model import Entity
from teipipe.xmlio import XML_ID, tei

KINDS = ("person", "place", "org")
_PREFIX = {"person": "", "place": "place-", "org": "org-"}
# Honorifics and ranks inside a FRUS list entry ("Cabell, General Charles P."): they are
# offices, not part of the name.
_RANKS = re.compile(
    r"^(?:(?:Field Marshal|Brigadier General|Lieutenant General|Major General|General|Admiral|"
    r"Colonel|Marshal|Sir|Baron|Lord|Dr\.|Viscount|Vice Admiral|Rear Admiral|Generalissimo|"
    r"Senator|Prince|Princess|King|Queen|Shah|Sheikh|Pandit|Madame|Mrs\.|Mr\.)(?:\s+|$))+"
)
_SUFFIX = re.compile(r",?\s+(?:Jr\.|Sr\.|I|II|III|IV|V)$")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00a0": " "})


def normalise(surface: str) -> str:
    """The key a surface form is looked up by: spacing, quotes, case and accents do not
    matter ("Hammarskjold" in a telegram is the list's "Hammarskjöld")."""
    folded = unicodedata.normalize("NFKD", surface.translate(_QUOTES))
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(folded.split()).casefold()


def slug(text: str) -> str:
    """Lowercase ASCII words joined by hyphens ("Görk" → "gork")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def split_person_name(name: str) -> tuple[str, str]:
    """(forenames, surname) of a display name; a lone word is a surname."""
    name = _SUFFIX.sub("", name.strip())
    words = name.split()
    if len(words) < 2:
        return "", name
    return " ".join(words[:-1]), words[-1]


def person_forms(name: str) -> list[str]:
    """How documents write a person: full name, first forename + surname, surname."""
    forenames, surname = split_person_name(name)
    forms = [name]
    if forenames:
        first = forenames.split()[0]
        if not first.endswith("."):
            forms.append(f"{first} {surname}")
    forms.append(surname)  # also "Paul" for "Paul I"
    return list(dict.fromkeys(forms))


class Personography:
    """Entities by id, and an index from every written form to the entities it may mean."""

    def __init__(self) -> None:
        self._entities: dict[str, Entity] = {}
        self._index: dict[tuple[str, str], list[str]] = {}

    # -- reading -------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path) -> Personography:
        """Read any of the three list shapes; a bad file raises ``InputError`` (file:line:col)."""
        people = cls()
        people.read(path)
        return people

    def read(self, path: Path) -> None:
        """Add the entities of one more file (a project list plus a volume's list, say)."""
        path = Path(path)
        root = untrusted.read_tree(path)  # the one door: InputError (file:line:col)
        found = 0
        for person in root.iter(tei("person")):
            found += self._read_entry(person, "person", tei("persName"))
        for place in root.iter(tei("place")):
            found += self._read_entry(place, "place", tei("placeName"))
        for org in root.iter(tei("org")):
            found += self._read_entry(org, "org", tei("orgName"))
        for div in root.iter(tei("div")):
            if div.get(XML_ID) == "persons":
                found += self._read_frus_list(div)
        if not found:
            raise InputError([Diagnostic(str(path), root.sourceline or 0, 0, "error",
                                         "no person, place or org entries found (expected "
                                         "listPerson/person or a FRUS div xml:id='persons')",
                                         "personography")])

    def _read_entry(self, element: etree._Element, kind: str, name_tag: str) -> int:
        entity_id = element.get(XML_ID)
        names = [" ".join("".join(n.itertext()).split()) for n in element.findall(name_tag)]
        names = [n for n in names if n]
        if not entity_id or not names:
            return 0
        forms = person_forms(names[0]) if kind == "person" else [names[0]]
        forms += [n for n in names[1:] if n not in forms]
        note = element.find(tei("note"))
        idno_elements = element.findall(tei("idno"))
        idnos = {i.get("type", ""): (i.text or "").strip() for i in idno_elements}
        self.add(Entity(
            id=entity_id, kind=kind, name=names[0], forms=forms,
            note=" ".join("".join(note.itertext()).split()) if note is not None else "",
            idnos={k: v for k, v in idnos.items() if k and v},
            idno_source=next((i.get("source") for i in idno_elements if i.get("source")), ""),
            curated=element.get("resp") != "#teipipe",  # the encoder's own, not yet reviewed
        ))
        return 1

    def _read_frus_list(self, div: etree._Element) -> int:
        count = 0
        for name_el in div.iter(tei("persName")):
            entity_id = name_el.get(XML_ID)
            if not entity_id:
                continue  # a mention inside a description, not an entry
            raw = " ".join("".join(name_el.itertext()).split())
            raw = re.sub(r"\s*\([^)]*\)", "", raw)  # "(Chip)", "(Sir John from 1957)"
            surname, _, rest = raw.partition(", ")
            suffix = _SUFFIX.search(", " + rest) if rest else None
            rest = _SUFFIX.sub("", ", " + rest).lstrip(", ") if rest else ""
            rest = _RANKS.sub("", rest)
            name = f"{rest} {surname}".strip() if rest else surname
            if suffix:
                name += " " + suffix.group(0).lstrip(", ")
            item = name_el.getparent()
            while item is not None and item.tag != tei("item"):
                item = item.getparent()
            note = ""
            if item is not None:
                text = " ".join("".join(item.itertext()).split())
                note = text.split(raw.split(" (")[0], 1)[-1].lstrip(" ,")
            if " " in surname and not rest:
                # a head word of several words and no forenames after a comma is a name in
                # its own order, family name first: "Chou En-lai", "Mao Tse-tung"
                forms = [name, surname.split()[0]]
            else:
                forms = person_forms(name)
            if surname not in forms:
                forms.append(surname)  # "Nuri Birgi", "Paul I": the listed head word
            self.add(Entity(id=entity_id, kind="person", name=name, forms=forms, note=note))
            count += 1
        return count

    # -- using ---------------------------------------------------------------------------
    def add(self, entity: Entity) -> None:
        """Register an entity (a second entity with the same id adds its forms to the first)."""
        if entity.kind not in KINDS:
            raise ValueError(f"unknown entity kind {entity.kind!r}")
        known = self._entities.get(entity.id)
        if known is None:
            self._entities[entity.id] = entity
            known = entity
        else:
            known.forms.extend(f for f in entity.forms if f not in known.forms)
        for form in [known.name, *known.forms]:
            ids = self._index.setdefault((known.kind, normalise(form)), [])
            if known.id not in ids:
                ids.append(known.id)

    def lookup(self, kind: str, surface: str) -> Entity | None:
        """The entity a written form means, or None; an ambiguous form gives the first listed."""
        found = self.lookup_all(kind, surface)
        return found[0] if found else None

    def lookup_all(self, kind: str, surface: str) -> list[Entity]:
        """Every entity a written form may mean ("Dulles": John Foster and Allen W.)."""
        ids = self._index.get((kind, normalise(surface)), [])
        return [self._entities[i] for i in ids]

    def get(self, entity_id: str) -> Entity | None:
        return self._entities.get(entity_id)

    def entities(self, kind: str | None = None) -> list[Entity]:
        """Entities of one kind (or all), in the order they were added."""
        return [e for e in self._entities.values() if kind is None or e.kind == kind]

    def new_id(self, kind: str, name: str) -> str:
        """A stable id from the name, unique here: ``carter-jimmy``, ``place-tula``, ``org-un``."""
        if kind == "person":
            forenames, surname = split_person_name(name)
            first = next((w for w in forenames.split() if not w.endswith(".")), "")
            base = slug(f"{surname} {first}") or "person"
        else:
            base = _PREFIX[kind] + (slug(name) or kind)
        candidate, n = base, 2
        while candidate in self._entities:
            candidate, n = f"{base}-{n}", n + 1
        return candidate
