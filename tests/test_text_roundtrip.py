"""Round trip through the whole pipeline: text → encoder → TEI → source-style text.

For generated FRUS-style documents (heading with or without a source note, paragraphs
with footnote markers glued to words, page markers inline and on lines of their own,
runs of one to three blank lines, a closing salute and signature, a notes list, a final
newline or none) the source-style text transform must give the input back unchanged.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teipipe.encode import encode_text
from teipipe.transform import Options, Transformer

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéü’", min_size=1,
               max_size=9)
PUNCT = st.sampled_from(["", "", "", ",", ".", ";"])
BREAK = st.sampled_from(["\n\n", "\n\n", "\n\n", "\n\n\n", "\n\n\n\n"])


@st.composite
def frus_texts(draw) -> str:
    notes: list[str] = []
    page = draw(st.integers(min_value=1, max_value=900))
    heading = f"{draw(st.integers(1, 999))}. Telegram From the Embassy to the Department"
    if draw(st.booleans()):
        notes.append("Source: Department of State, Central Files. Secret.")
        heading += "1"
    text = heading
    for _ in range(draw(st.integers(1, 5))):
        if draw(st.integers(0, 5)) == 0:
            page += 1
            text += draw(BREAK) + f"[Page {page}]"
        words = []
        for word, punct in draw(st.lists(st.tuples(WORD, PUNCT), min_size=2, max_size=12)):
            token = word + punct
            roll = draw(st.integers(0, 9))
            if roll == 0:
                notes.append(f"Note about {word}.")
                token = word + punct + str(len(notes))
            elif roll == 1:
                page += 1
                words.append(f"[Page {page}]")
            words.append(token)
        text += draw(BREAK) + " ".join(words)
    text += "\n\nSincerely," + draw(st.sampled_from(["\n\n", "\n\n\n"])) + "John Doe"
    if notes:
        text += "\n" + "\n".join(f"  {i}. {note}" for i, note in enumerate(notes, 1))
    return text + draw(st.sampled_from(["", "\n"]))


@pytest.fixture(scope="module")
def source_style() -> Transformer:
    return Transformer(Options(to="text", style="source"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])
@given(text=frus_texts())
def test_text_to_tei_to_source_text_is_the_identity(source_style, text):
    tree, _ = encode_text(text, "generated.txt")
    assert source_style.render_tree(tree, "generated.txt") == text
