"""The committed edition in tei/ is what the encoder produces now (regenerate with
``teipipe build`` and commit when this fails), and it validates."""

from __future__ import annotations

from pathlib import Path

import pytest

from teipipe.encode import encode_text
from teipipe.personography import Personography
from teipipe.tei import personography, serialize

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "sources").glob("*.txt"))


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_committed_edition_is_current(source):
    committed = ROOT / "tei" / f"{source.stem}.xml"
    people = Personography.load(ROOT / "tei" / "persons.xml")
    tree, _ = encode_text(source.read_text(encoding="utf-8"), str(source), people)
    assert serialize(tree) == committed.read_bytes(), (
        f"{committed} is stale: run 'teipipe build' and commit tei/")


def test_committed_personography_is_current():
    people = Personography.load(ROOT / "tei" / "persons.xml")
    for source in SOURCES:
        encode_text(source.read_text(encoding="utf-8"), str(source), people)
    rebuilt = serialize(personography(
        [e for kind in ("person", "place", "org") for e in people.entities(kind)]))
    assert rebuilt == (ROOT / "tei" / "persons.xml").read_bytes(), (
        "tei/persons.xml lacks names the encoder finds: run 'teipipe build' and commit tei/")
