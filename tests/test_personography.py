"""The personography reads our own list, any TEI listPerson and a FRUS volume's persons list."""

from __future__ import annotations

from pathlib import Path

import pytest

from teipipe.diagnostics import InputError
from teipipe.model import Entity
from teipipe.personography import Personography, slug
from teipipe.tei import personography as write_personography
from teipipe.tei import serialize

from testdata import GOLD

FRUS_V24 = GOLD / "persons" / "frus1955-57v24.xml"

OUR_LIST = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><standOff>
  <listPerson>
    <person xml:id="carter-jimmy">
      <persName>Jimmy Carter</persName><persName type="form">Carter</persName>
      <note>President of the United States</note>
      <idno type="wikidata" source="https://www.wikidata.org/wiki/Q23685">Q23685</idno>
    </person>
    <person xml:id="ford" resp="#teipipe" cert="medium"><persName>Ford</persName></person>
  </listPerson>
  <listPlace><place xml:id="place-tula"><placeName>Tula</placeName></place></listPlace>
  <listOrg><org xml:id="org-un"><orgName>United Nations</orgName>
    <orgName type="form">UN</orgName></org></listOrg>
</standOff></TEI>
"""


def test_frus_persons_list_keeps_ids_and_reads_surname_first_entries() -> None:
    people = Personography.load(FRUS_V24)
    # <persName xml:id="p_AK1">Adenauer, Konrad</persName>, Chancellor of the Federal Republic…
    adenauer = people.lookup("person", "Adenauer")
    assert adenauer is not None and adenauer.id == "p_AK1"
    assert adenauer.name == "Konrad Adenauer"
    assert adenauer.note.startswith("Chancellor of the Federal Republic of Germany")
    # "Cabell, General Charles P." — the rank is an office, not part of the name
    assert people.lookup("person", "Charles P. Cabell").id == "p_CGCP1"
    # "Paul I", King of the Hellenes: "King Paul" in the documents
    assert people.lookup("person", "Paul").id == "p_PI1"
    # "Armour, Norman, Jr."
    assert people.get("p_ANJ1").name == "Norman Armour Jr."


def test_ambiguous_surname_gives_every_entity() -> None:
    people = Personography.load(FRUS_V24)
    # "Dulles, Allen W." (p_DAW1) and "Dulles, John Foster" (p_DJF1)
    assert {e.id for e in people.lookup_all("person", "Dulles")} == {"p_DAW1", "p_DJF1"}
    assert people.lookup("person", "John Foster Dulles").id == "p_DJF1"
    assert people.lookup("person", "Allen Dulles").id == "p_DAW1"
    assert people.lookup("person", "Nobody Known") is None


def test_our_list_with_places_orgs_idnos_and_review_state(tmp_path: Path) -> None:
    path = tmp_path / "persons.xml"
    path.write_text(OUR_LIST, encoding="utf-8")
    people = Personography.load(path)
    carter = people.lookup("person", "carter")  # case and spacing do not matter
    assert carter.id == "carter-jimmy" and carter.curated
    assert carter.idnos == {"wikidata": "Q23685"}
    assert carter.idno_source == "https://www.wikidata.org/wiki/Q23685"
    assert people.lookup("person", "Ford").curated is False  # resp="#teipipe"
    assert people.lookup("place", "Tula").id == "place-tula"
    assert people.lookup("org", "UN").id == "org-un"
    assert people.lookup("person", "Tula") is None  # kinds are separate
    assert [e.id for e in people.entities("org")] == ["org-un"]


def test_round_trip_through_the_writer(tmp_path: Path) -> None:
    people = Personography()
    people.add(Entity("podgorny-nikolai", "person", "Nikolai V. Podgorny",
                      ["Nikolai V. Podgorny", "Podgorny"], "Chairman", curated=False))
    people.add(Entity("place-soviet-union", "place", "Soviet Union", ["Soviet Union", "USSR"]))
    path = tmp_path / "persons.xml"
    path.write_bytes(serialize(write_personography(people.entities())))
    again = Personography.load(path)
    podgorny = again.lookup("person", "Podgorny")
    assert podgorny.id == "podgorny-nikolai" and podgorny.curated is False
    assert podgorny.note == "Chairman"
    assert again.lookup("place", "USSR").id == "place-soviet-union"


def test_new_ids_are_stable_and_unique() -> None:
    people = Personography()
    assert people.new_id("person", "Jimmy Carter") == "carter-jimmy"
    assert people.new_id("person", "Nikolai V. Podgorny") == "podgorny-nikolai"
    assert people.new_id("person", "Ford") == "ford"
    assert people.new_id("place", "Tula") == "place-tula"
    assert people.new_id("org", "Carter Library") == "org-carter-library"
    people.add(Entity("carter-jimmy", "person", "Jimmy Carter", ["Carter"]))
    assert people.new_id("person", "Jimmy Carter") == "carter-jimmy-2"
    assert slug("Görk Köprülü") == "gork-koprulu"


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        Personography.load(tmp_path / "absent.xml")
    assert str(tmp_path / "absent.xml") in str(info.value)


def test_malformed_file_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<listPerson>\n</TEI>\n')
    with pytest.raises(InputError) as info:
        Personography.load(path)
    finding = info.value.diagnostics[0]
    assert finding.path == str(path) and finding.line == 3 and finding.col > 0


def test_file_without_entries_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.xml"
    path.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text/></TEI>')
    with pytest.raises(InputError, match="no person, place or org entries"):
        Personography.load(path)


def test_entities_are_not_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    path = tmp_path / "hostile.xml"
    path.write_text(
        f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "file://{secret}"><!ENTITY y "Injected">]>\n'
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><standOff><listPerson>'
        '<person xml:id="p1"><persName>&y; &x; Carter</persName></person>'
        '</listPerson></standOff></TEI>'
    )
    with pytest.raises(InputError, match="declares entities") as refused:  # the one door
        Personography.load(path)
    assert "TOP-SECRET" not in str(refused.value) and "Injected" not in str(refused.value)
