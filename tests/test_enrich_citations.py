"""Citations in notes: the letter's four notes and rules that other FRUS notes need."""

from __future__ import annotations

from teipipe.enrich.citations import find_citations, frus_volume_id
from teipipe.frus import from_roman as roman_to_int

HSG = "https://history.state.gov/historicaldocuments/"


def cites(text: str, volume_id: str = "") -> list[tuple[str, str, dict[str, str]]]:
    return [(s.tag, text[s.start:s.end], s.attrs) for s in find_citations(text, volume_id)]


def test_archival_source_note() -> None:
    # letter, note 1 (start)
    text = ("Source: Carter Library, National Security Affairs, Staff Material, Office, Outside "
            "the System File, Box 69, Union of Soviet Socialist Republics (USSR): BrezhnevCarter "
            "Correspondence: 1–2/77. Confidential. Brzezinski recalled in his memoirs:")
    assert cites(text) == [
        ("bibl", "Carter Library, National Security Affairs, Staff Material, Office, Outside the "
         "System File, Box 69, Union of Soviet Socialist Republics (USSR): BrezhnevCarter "
         "Correspondence: 1–2/77", {"type": "archival"}),
        ("orgName", "Carter Library", {}),
        ("title", "National Security Affairs, Staff Material, Office, Outside the System File",
         {"level": "s"}),
        ("biblScope", "Box 69", {"unit": "box"}),
        ("biblScope", "Union of Soviet Socialist Republics (USSR): BrezhnevCarter "
         "Correspondence: 1–2/77", {"unit": "folder"}),
    ]


def test_archival_in_parentheses_and_after_in_the() -> None:
    # letter, note 2
    text = ("on January 20. (Carter Library, National Security Affairs, Brzezinski Material, "
            "President’s Correspondence with Foreign Leaders File, Box 20, Union of Soviet "
            "Socialist Republics: Chairman Nikolai V. Podgorny, 1/77)")
    found = cites(text)
    assert found[0] == ("bibl", text[text.index("Carter"):-1], {"type": "archival"})
    assert ("biblScope", "Box 20", {"unit": "box"}) in found
    assert ("biblScope", "Union of Soviet Socialist Republics: Chairman Nikolai V. Podgorny, "
            "1/77", {"unit": "folder"}) in found
    # letter, note 4 (end)
    text = ("February 2, 1977, in the Carter Library, NSC Institutional Files, Box 4, PD–08 [4].")
    assert cites(text) == [
        ("bibl", "Carter Library, NSC Institutional Files, Box 4, PD–08 [4]", {"type": "archival"}),
        ("orgName", "Carter Library", {}),
        ("title", "NSC Institutional Files", {"level": "s"}),
        ("biblScope", "Box 4", {"unit": "box"}),
        ("biblScope", "PD–08 [4]", {"unit": "folder"}),
    ]


def test_book_found_by_its_locator() -> None:
    # letter, note 1 (end): no italics survive, the title is the run before ", p."
    text = "more reciprocal.” (Power and Principle, p. 147)"
    assert cites(text) == [
        ("bibl", "Power and Principle, p. 147", {"type": "book"}),
        ("title", "Power and Principle", {"level": "m"}),
        ("biblScope", "p. 147", {"unit": "page"}),
    ]
    # frus1955-57v20_d301: "is printed in Public Papers of the Presidents … 1957, pages 716–718."
    text = ("is printed in Public Papers of the Presidents of the United States: Dwight D. "
            "Eisenhower, 1957, pages 716–718.")
    assert cites(text)[:2] == [
        ("bibl", text[14:-1], {"type": "book"}),
        ("title", "Public Papers of the Presidents of the United States: Dwight D. Eisenhower",
         {"level": "m"}),
    ]
    assert ("biblScope", "pages 716–718", {"unit": "page", "from": "716", "to": "718"}) in cites(
        text)


def test_journal_with_volume_issue_date_pages() -> None:
    # letter, note 3
    text = ("See The Current Digest of the Soviet Press, vol. XXIX, no. 3 (February 16, 1977), "
            "pp. 1–5.")
    assert cites(text) == [
        ("bibl", text[4:-1], {"type": "journal"}),
        ("title", "The Current Digest of the Soviet Press", {"level": "j"}),
        ("biblScope", "vol. XXIX", {"unit": "volume"}),
        ("biblScope", "no. 3", {"unit": "issue"}),
        ("biblScope", "pp. 1–5", {"unit": "page", "from": "1", "to": "5"}),
    ]


def test_frus_volumes_with_document_refs() -> None:
    # letter, note 4
    text = ("For the Interim Agreement, see Foreign Relations, 1969–1976, vol. XXXII, SALT I, "
            "1969–1972, Documents 317 and 318. For the agreements from Vladivostok, see Foreign "
            "Relations, 1969–1976, vol. XXXIII, SALT II, 1972–1980, Document 91.")
    found = cites(text, "frus1977-80v06")
    bibls = [(t, a) for tag, t, a in found if tag == "bibl"]
    assert bibls == [
        ("Foreign Relations, 1969–1976, vol. XXXII, SALT I, 1969–1972, Documents 317 and 318",
         {"type": "frus"}),
        ("Foreign Relations, 1969–1976, vol. XXXIII, SALT II, 1972–1980, Document 91",
         {"type": "frus"}),
    ]
    refs = [(t, a["target"]) for tag, t, a in found if tag == "ref"]
    assert refs == [("317", HSG + "frus1969-76v32/d317"), ("318", HSG + "frus1969-76v32/d318"),
                    ("91", HSG + "frus1969-76v33/d91")]
    assert ("title", "SALT I, 1969–1972", {"level": "m"}) in found
    assert ("title", "Foreign Relations, 1969–1976", {"level": "s"}) in found
    assert ("biblScope", "vol. XXXII", {"unit": "volume"}) in found
    assert ("biblScope", "Documents 317 and 318", {"unit": "document"}) in found


def test_document_ranges_and_same_volume_references() -> None:
    text = "see Foreign Relations, 1964–1968, vol. XII, Documents 106–108."
    found = cites(text)
    assert ("biblScope", "Documents 106–108",
            {"unit": "document", "from": "106", "to": "108"}) in found
    assert [t for tag, t, _ in found if tag == "ref"] == ["106", "108"]
    # frus1958-60v02_d176, note 2: "… Herter and Home, see Document 174."
    found = cites("Regarding Eisenhower’s conversation with Herter and Home, see Document 174.",
                  "frus1958-60v02")
    assert found == [("ref", "174", {"target": HSG + "frus1958-60v02/d174"})]
    assert cites("see Document 174.") == []  # the volume is unknown: no link is guessed


def test_no_citation_in_plain_prose() -> None:
    assert cites("No messages were found. However, Podgorny sent Carter a letter.") == []
    assert cites("Telegram 1844 bears this typed signature.") == []


def test_volume_ids() -> None:
    assert roman_to_int("XXXII") == 32 and roman_to_int("XXIX") == 29
    assert roman_to_int("IV") == 4 and roman_to_int("XIV") == 14 and roman_to_int("12") == 12
    assert frus_volume_id("1969", "1976", "XXXII", None) == "frus1969-76v32"
    assert frus_volume_id("1941", None, "IV", None) == "frus1941v04"
    assert frus_volume_id("1958", "1960", "X", "1") == "frus1958-60v10p1"


def test_lost_dash_in_a_document_range() -> None:
    # frus1977-80v06_d208, note 2: "Documents 199201" (the page lost the en dash of 199–201)
    found = cites("see Foreign Relations, 1977–1980, vol. VI, Documents 199201.")
    assert [(t, a["target"]) for tag, t, a in found if tag == "ref"] == [
        ("199", HSG + "frus1977-80v06/d199"), ("201", HSG + "frus1977-80v06/d201")]
    assert ("biblScope", "Documents 199201", {"unit": "document", "from": "199", "to": "201"}
            ) in found
    assert cites("see Document 20199.", "frus1977-80v06") == []  # halves do not ascend


def test_archival_inside_a_parenthesis_and_lettered_boxes() -> None:
    # frus1958-60v10p1_d96: "(…; Department of State, Central Files, 033.1100–NI/7–2459)"
    text = "(telegram 12; Department of State, Central Files, 033.1100–NI/7–2459) Then"
    assert cites(text)[0] == ("bibl", "Department of State, Central Files, 033.1100–NI/7–2459",
                              {"type": "archival"})
    # frus1969-76v02_d8, note 1
    text = ("Source: National Archives, Nixon Presidential Materials, NSC Files, NSC Institutional "
            "Files (H-Files), Box H–209, National Security Decision Memoranda, NSDM 1. "
            "Confidential.")
    found = cites(text)
    assert ("title", "Nixon Presidential Materials, NSC Files, NSC Institutional Files (H-Files)",
            {"level": "s"}) in found
    assert ("biblScope", "Box H–209", {"unit": "box"}) in found
    assert ("biblScope", "National Security Decision Memoranda, NSDM 1", {"unit": "folder"}
            ) in found
