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


def test_roman_numerals_round_trip_and_agree_with_the_reader_and_citations() -> None:
    # reader.py and enrich/citations.py still hold their own copies (owned by another
    # branch); until they import these, they must not drift.
    for number in range(1, 400):
        roman = frus.to_roman(number)
        assert frus.from_roman(roman) == number
        assert reader.to_roman(number) == roman
        assert citations.roman_to_int(roman) == number


def test_months_agree_with_the_reader_and_the_date_finder() -> None:
    assert frus.MONTHS[0] == "January" and len(frus.MONTHS) == 12
    assert "|".join(frus.MONTHS) == reader.MONTHS
    assert dates.MONTHS == frus.MONTH_NUMBERS


def test_addresses_and_ids() -> None:
    assert frus.document_url("frus1977-80v06", frus.document_id("1")) == (
        "https://history.state.gov/historicaldocuments/frus1977-80v06/d1")
    assert frus.note_id("d1", "3") == "d1fn3"
    assert frus.page_id("2") == "pg_2"
    assert citations.HSG == frus.HSG
    info = reader.source_info_from_name("frus1977-80v06_d1.txt")
    assert info.url == frus.document_url(info.volume_id, info.doc_id)
