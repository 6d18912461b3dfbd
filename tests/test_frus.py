"""The FRUS conventions in teipipe.frus, and the copies that still live elsewhere."""

from __future__ import annotations

import pytest

from teipipe import frus, reader
from teipipe.enrich import citations, dates


@pytest.mark.parametrize(("number", "roman"), [(1, "I"), (4, "IV"), (6, "VI"), (9, "IX"),
                                               (14, "XIV"), (32, "XXXII"), (49, "XLIX"),
                                               (1994, "MCMXCIV")])
def test_roman_numerals_both_ways(number: int, roman: str) -> None:
    assert frus.to_roman(number) == roman
    assert frus.from_roman(roman) == number
    assert frus.from_roman(str(number)) == number


def test_roman_numerals_round_trip_and_numbers_out_of_range_stay_digits() -> None:
    for number in range(1, 400):
        assert frus.from_roman(frus.to_roman(number)) == number
    assert frus.to_roman(0) == "0" and frus.to_roman(10**12) == str(10**12)
    assert frus.from_roman("VI") == 6


def test_the_reader_and_the_enrichers_use_these_conventions() -> None:
    assert "|".join(frus.MONTHS) == reader.MONTHS
    assert dates.MONTHS is frus.MONTH_NUMBERS
    assert citations.frus_volume_id("1969", "1976", "XXXII", None) == "frus1969-76v32"
    assert reader.volume_title("frus1977-80v06").endswith("Volume VI")


def test_addresses_and_ids() -> None:
    assert frus.document_url("frus1977-80v06", frus.document_id("1")) == (
        "https://history.state.gov/historicaldocuments/frus1977-80v06/d1")
    assert frus.note_id("d1", "3") == "d1fn3"
    assert frus.page_id("2") == "pg_2"
    info = reader.source_info_from_name("frus1977-80v06_d1.txt")
    assert info.url == frus.document_url(info.volume_id, info.doc_id)
