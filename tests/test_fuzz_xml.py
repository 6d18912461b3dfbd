"""A short, deterministic corpus-mutation fuzz of validate, transform --to html and --to text.

The committed TEI files (tests/validation, tests/fixtures, tei) are mutated by
``tests/fuzz/fuzz_xml.py`` (byte flips, deleted, duplicated and unclosed tags, deep
nesting, huge attributes, DOCTYPEs with entities to a canary file and a loopback server,
encodings swapped, odd processing instructions); the long run is that script's
``--cases 2000``. Here 100 mutants, each through the three entry points.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "fuzz"))

import fuzz_xml  # noqa: E402 (found through the line above)


def test_a_hundred_mutants_are_ok_refused_or_invalid_never_a_crash_or_a_leak():
    tally, requests = fuzz_xml.fuzz(cases=100, seed=1)
    assert not tally.crashes, tally.crashes
    assert not tally.leaks, tally.leaks
    assert requests == 0
    assert not tally.disagreements, tally.disagreements
    outcomes = {outcome for _, outcome in tally.counts}
    assert {"ok", "refused"} <= outcomes  # the mutants reach both sides of the door
    assert sum(tally.counts.values()) == 300


def test_the_mutants_are_the_same_every_run():
    ctx = {"secret": "/s", "url": "http://127.0.0.1:1"}
    files = fuzz_xml.corpus()
    assert len(files) >= 20
    first = list(fuzz_xml.mutants(files, 30, 7, ctx))
    assert first == list(fuzz_xml.mutants(files, 30, 7, ctx))
