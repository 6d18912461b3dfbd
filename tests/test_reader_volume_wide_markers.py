"""A note printed as "1." whose marker carries the volume-wide number ("is51"), in a
document whose dateline has a time ("2:30 p.m."): the minutes are not the marker (#16)."""

from __future__ import annotations

import pytest

from teipipe.reader import read_text

PAGE = """740.00111 European War 1939/5: Telegram

The Minister in Egypt (Fish) to the Secretary of State

Cairo, January 1, 1940—6 p.m.
[Received January 1—2:30 p.m.]

The Prime Minister told me that the position of Egypt {marker} whether Italy will enter the war.

Fish

  1. Not printed.
"""


@pytest.mark.parametrize("marker", ["is51", "is51,", "is.51"])
def test_volume_wide_marker_beats_the_minutes_of_a_time(marker: str) -> None:
    doc, _ = read_text(PAGE.format(marker=marker), "frus1940v03_d999.txt")
    assert [n.n for n in doc.notes] == ["51"]
    assert doc.notes[0].plain == "Not printed."
    received = next(b for b in doc.blocks if "Received" in b.plain)
    assert "2:30 p.m." in received.plain  # no character of the time went into the note
