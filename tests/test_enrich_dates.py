"""Dates: ISO values, and the year of a date written without one."""

from __future__ import annotations

from pathlib import Path

from teipipe.enrich.dates import DocYear, document_year, find_dates, folder_dates, volume_years
from teipipe.reader import read_file

LETTER = Path(__file__).resolve().parents[1] / "sources" / "frus1977-80v06-d1.txt"


def dates(text: str, default: DocYear | None = None) -> list[tuple[str, dict[str, str]]]:
    return [(text[s.start:s.end], s.attrs) for s in find_dates(text, default)]


def test_full_partial_and_month_year_dates() -> None:
    # letter, note 3
    text = ("In his January 18 speech in Tula, Brezhnev addressed détente and the desire for an "
            "arms agreement. See The Current Digest of the Soviet Press, vol. XXIX, no. 3 "
            "(February 16, 1977), pp. 1–5.")
    # "January 18" has no year: the nearest full date of the same note gives 1977
    assert dates(text, DocYear(1950, "medium", "test")) == [
        ("January 18", {"when": "1977-01-18", "cert": "medium"}),
        ("February 16, 1977", {"when": "1977-02-16"}),
    ]
    # letter, note 4
    assert dates("SALT II negotiations began in November 1972 with the primary") == [
        ("November 1972", {"when": "1972-11"})]
    # letter, note 2: no full date in the note, so the document's year is used
    assert dates("a letter of congratulations on January 20. (Carter Library",
                 DocYear(1977, "medium", "archival folder")) == [
        ("January 20", {"when": "1977-01-20", "cert": "medium"})]


def test_day_first_ordinals_and_non_dates() -> None:
    assert dates("signed on 2 February 1977 in Moscow") == [
        ("2 February 1977", {"when": "1977-02-02"})]
    # frus1955-57v14_d334: "your letter to me of September 19th."
    assert dates("your letter to me of September 19th.", DocYear(1955, "low", "volume")) == [
        ("September 19th", {"when": "1955-09-19", "cert": "low"})]
    assert dates("It may 16 times; February 30, 1977 is no date; May be.") == []
    # no year known at all: a month and day only (xs:gMonthDay)
    assert dates("on January 18") == [("January 18", {"when": "--01-18"})]


def test_archival_folder_dates() -> None:
    # letter, note 1: "BrezhnevCarter Correspondence: 1–2/77"; note 2: "Podgorny, 1/77"
    text = "Correspondence: 1–2/77. Podgorny, 1/77) 774.56/10–1155"
    found = [(text[s.start:s.end], s.attrs) for s in folder_dates(text)]
    assert found == [("1–2/77", {"from": "1977-01", "to": "1977-02"}),
                     ("1/77", {"when": "1977-01"})]


def test_volume_years() -> None:
    assert volume_years("frus1977-80v06") == (1977, 1980)
    assert volume_years("frus1934v04") == (1934, 1934)
    assert volume_years("frus1958-60v10p1") == (1958, 1960)
    assert volume_years("") is None


def test_document_year_rules() -> None:
    # the letter's source note carries the folder date "1–2/77" → 1977
    doc, _ = read_file(LETTER)
    texts = [(s.plain, "source" if getattr(s, "kind", "") == "source" else "p")
             for s in doc.segments()]
    assert document_year(texts, "frus1977-80v06") == DocYear(1977, "medium", "archival folder")
    # frus1955-57v20_d301: no full date, but "… Dwight D. Eisenhower, 1957, pages 716–718"
    texts = [("On October 1, President Eisenhower sent … Eisenhower, 1957, pages 716–718.", "p")]
    assert document_year(texts, "frus1955-57v20") == DocYear(1957, "medium", "years written")
    # full dates outside the volume's years do not count ("November 1972" is a month-year)
    texts = [("made between President Ford and Brezhnev at the 1974 summit", "p")]
    assert document_year(texts, "frus1977-80v06") == DocYear(1977, "low", "volume")
    assert document_year([("on June 21", "p")], "frus1934v04") == DocYear(1934, "medium",
                                                                          "volume")
    assert document_year([("Tokyo, March 3, 1958.", "dateline"), ("April 1, 1959", "p")],
                         "frus1958-60v02") == DocYear(1958, "medium", "dateline")
