"""Fuzzing the encoder (issue #10): hostile text gives a lossless tree or an InputError.

Property: for any text, ``encode_text`` either returns a tree that serialises to
well-formed XML, holds the source text (``check_lossless`` ran inside) and has only
NCName ids, or raises InputError with file:line:col findings that are not an internal
error. Never another exception. The long run is ``tests/fuzz/fuzz_encode.py``.

The scaling tests feed each former hot spot n and 4n units and require at most 8x the
time (linear with room for a noisy machine; quadratic would be 16x), the better of two
runs each.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, example, given, settings
from lxml import etree
from strategies import hostile_texts

from teipipe.diagnostics import InputError
from teipipe.encode import encode_text
from teipipe.tei import serialize
from teipipe.xmlio import XML_ID

NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*")


def check_encoding(text: str) -> None:
    """The property: a sound tree or an InputError naming the input, nothing else."""
    try:
        tree, findings = encode_text(text, "fuzz.txt")
    except InputError as error:
        assert error.diagnostics, "an InputError must say why"
        internal = [str(d) for d in error.diagnostics if d.check == "internal"]
        assert not internal, internal  # a failed invariant is our bug, not the input's
        assert all(d.path == "fuzz.txt" for d in error.diagnostics)
        return
    data = serialize(tree)
    etree.fromstring(data.split(b"\n", 1)[1])  # well-formed, every character allowed
    ids = [e.get(XML_ID) for e in tree.iter() if e.get(XML_ID) is not None]
    assert all(NCNAME.fullmatch(i) for i in ids), ids
    assert len(ids) == len(set(ids)), ids


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(hostile_texts())
@example("\n1. Letter From A to B1\n\nText.\n\n  1. Source: x.\n")  # E1, blank first line
@example("1. Letter From A to B\n\nBrezhnev01 said.\n\n  1. Source: x.\n")  # E1, leading 0
@example("1. Letter\n\nText \ufffe and \uffff.\n")  # E2
@example("1. Letter\n\n[Page \u00b2]\n\nText.\n")  # E3
@example("1. Letter\n\n[Page 2]\n1\n\nText.\n\n  1. Note.\n")  # E4
@example("1. Letter\n\n[Page 3,4]\n\nText.\n")  # E5
@example("1. Letter\n\nText1 and more2.\n  01. One.\n  2. Two.")  # found by this test
def test_hostile_text_is_encoded_or_refused(text):
    check_encoding(text)


# ---------------------------------------------------------------- linear time


def _seconds(text: str) -> float:
    """CPU seconds of this process: what another process does to the machine does not count."""
    start = time.process_time()
    with contextlib.suppress(InputError):
        encode_text(text, "scale.txt")
    return time.process_time() - start


def _words(n: int, word: Callable[[int], str]) -> str:
    return " ".join(word(i) for i in range(n))


def _name(i: int) -> str:
    """Distinct capitalised words: Aaaa, Aaab, …"""
    return "Aa" + "".join(chr(97 + (i // 26 ** k) % 26) for k in range(3))


BODY = "1. Letter From A to B\n\n{}\n"
NOTE = "1. Letter From A to B1\n\nText.\n  1. Source: {}\n"
HOT_SPOTS: dict[str, tuple[str, Callable[[int], str]]] = {
    # H1: _strong_in_chunk searched "title$" over text[:start] for every word
    "capitalised words": (BODY, lambda n: _words(n, _name)),
    "titles and names": (BODY, lambda n: _words(n, lambda i: ("Secretary", _name(i))[i % 2])),
    "apposition": (BODY, lambda n: "the Minister of State " + _words(n, _name)),
    "sentences": (BODY, lambda n: _words(n, lambda i: "x. " + _name(i))),
    "parentheses": (BODY, lambda n: _words(n, lambda i: "(" + _name(i))),
    "sign-off": (BODY, lambda n: "Sincerely, " + _words(n, _name)),
    "in/at X": (BODY, lambda n: _words(n, lambda i: ("in", _name(i))[i % 2])),
    "library": (BODY, lambda n: _words(n, _name) + " x Library"),
    "dates": (BODY, lambda n: _words(n, lambda i: "January 5,")),
    # H2: r"\d{2,}$" searched in a word of digits that ends in a letter
    "digit run": (BODY, lambda n: "7" * (20 * n) + "x"),
    "markers": (BODY, lambda n: _words(n, lambda i: f"a{i % 900 + 1}")),
    # citations in notes
    "title before pages": (NOTE, lambda n: _words(n, _name) + " x, p. 5"),
    "books": (NOTE, lambda n: _words(n, lambda i: _name(i) + ", p. 5")),
    "journal": (NOTE, lambda n: _words(n, _name) + " x, vol. 1, no. 2"),
    "repository": (NOTE, lambda n: _words(n, _name) + " x Library,"),
    "FRUS volumes": (NOTE, lambda n: _words(n, lambda i: "Foreign Relations, 1977, vol. I,")),
    "boxes": (NOTE, lambda n: _words(n, lambda i: "Box")),
    # reader and TEI writer
    "omissions without end": (BODY, lambda n: _words(n, lambda i: "[Omitted")),
    "begin text without end": (BODY, lambda n: "\n\n".join(["Begin text: x"] * n)),
    "quoted paragraphs": (BODY, lambda n: "\n\n".join(["\u201cAaa"] * n)),
    "many notes": ("1. Letter\n\n{}\n", lambda n: "\n\n".join(  # n/2: markers stop at 999
        f"Word{i + 1} x." for i in range(n // 2)) + "\n" + "\n".join(
        f"  {i + 1}. Note." for i in range(n // 2))),
    "heading of From": ("1. {}x\n\nText.\n", lambda n: "From " * n),
    # every number 1-999 after a dash (cost 2), 500 notes: each start of a chain was tried
    "doubtful markers": ("1. Letter\n\n{}\n" + "\n".join(f"  {i}. N." for i in range(1, 501)),
                         lambda n: "\n\n".join([" ".join(f"x\u2013{v}" for v in range(1, 1000))]
                                                * (n // 200))),
}


@pytest.mark.parametrize("name", HOT_SPOTS)
def test_encoding_time_grows_linearly(name):
    template, body = HOT_SPOTS[name]
    n = 400
    _seconds(template.format(body(n // 4)))  # warm up (imports, compiled patterns)
    # the best of three runs each: a burst of cache misses or a page fault should not fail it
    small = min(_seconds(template.format(body(n))) for _ in range(3))
    large = min(_seconds(template.format(body(4 * n))) for _ in range(3))
    assert large <= 8 * max(small, 0.01), f"{name}: {small:.3f}s for n, {large:.3f}s for 4n"
