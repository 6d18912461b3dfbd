"""Round trip through the whole pipeline: text → encoder → TEI → source-style text.

For generated FRUS-style documents (heading with or without a source note, paragraphs
with footnote markers glued to words, page markers inline and on lines of their own,
runs of one to three blank lines, a closing salute and signature, a notes list, a final
newline or none) the source-style text transform must give the input back unchanged.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import frus_documents

from teipipe.encode import encode_text
from teipipe.transform import Options, Transformer


@pytest.fixture(scope="module")
def source_style() -> Transformer:
    return Transformer(Options(to="text", style="source"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])
@given(case=frus_documents())
def test_text_to_tei_to_source_text_is_the_identity(source_style, case):
    text = case.text
    tree, _ = encode_text(text, "generated.txt")
    assert source_style.render_tree(tree, "generated.txt") == text
