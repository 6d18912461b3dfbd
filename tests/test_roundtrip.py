"""Text → TEI → source-style text is the identity on every real FRUS page we have:
the 34 dev documents, the 9 whose page layout differed (``input-raw``: '- text↩' notes,
one-line paragraphs) and the letter. Encoder and stylesheet are checked together, so a
layout the encoder forgets to record, or the stylesheet to give back, shows here."""

from __future__ import annotations

from pathlib import Path

import pytest

from teipipe.encode import encode_text
from teipipe.transform import Options, Transformer

from testdata import FRUS_DEV, files

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted([*files(FRUS_DEV / "input", "*.txt"), *files(FRUS_DEV / "input-raw", "*.txt"),
                *files(ROOT / "sources", "*.txt")])


@pytest.fixture(scope="module")
def source_style() -> Transformer:
    return Transformer(Options(to="text", style="source"))


@pytest.mark.parametrize("page", PAGES, ids=[f"{p.parent.name}/{p.stem}" for p in PAGES])
def test_text_to_tei_to_text_is_the_identity(page, source_style):
    text = page.read_text(encoding="utf-8")
    tree, _ = encode_text(text, str(page))
    assert source_style.render_tree(tree, page.name) == text


def test_multi_line_notes_and_arrow_notes_round_trip(source_style):
    for text in ("5. Telegram From A to B1\n\nText2 here.\n  1. Source: x.\n  2. Read:\n"
                 "\u201cAdvise.\u201d\n",
                 "6. Letter From A to B1\n\nText.\n- Source: y.\u21a9"):
        tree, _ = encode_text(text, "x.txt")
        assert source_style.render_tree(tree, "x.txt") == text
