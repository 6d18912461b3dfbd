"""The one RELAX NG simplifier (validation/simplify.py), used by the ODD derivation and the
validator's pruning, and the cache policy (validation/cache.py)."""

from __future__ import annotations

import re

from lxml import etree

from teipipe.validation import cache
from teipipe.validation.simplify import simplify

GRAMMAR = """<grammar xmlns="http://relaxng.org/ns/structure/1.0"
    xmlns:a="http://relaxng.org/ns/compatibility/annotations/1.0">
  <start><ref name="doc"/></start>
  <define name="doc"><element name="doc">
    <optional><ref name="gone"/></optional>
    <choice><ref name="gone"/><ref name="p"/></choice>
    <attribute name="type"><choice><value>x</value><a:documentation>an x</a:documentation>
    </choice></attribute>
  </element></define>
  <define name="p"><element name="p"><text/></element></define>
  <define name="gone"><group><ref name="p"/><notAllowed/></group></define>
  <define name="unused"><element name="u"><empty/></element></define>
</grammar>"""


def _simplified(tidy: bool) -> str:
    root = simplify(etree.fromstring(GRAMMAR), tidy=tidy)
    etree.RelaxNG(root)  # still a grammar libxml2 compiles
    return etree.tostring(root, encoding="unicode")


def test_not_allowed_and_empty_propagate_and_unreachable_defines_go() -> None:
    for tidy in (True, False):
        text = _simplified(tidy)
        assert 'name="gone"' not in text and 'name="unused"' not in text
        assert "<optional>" not in text and "notAllowed" not in text


def test_tidy_unwraps_one_pattern_choices_untidy_keeps_their_annotation() -> None:
    tidied, kept = _simplified(True), _simplified(False)
    assert "<choice>" not in tidied.split('name="type"')[0]  # the choice of p alone: p
    assert '<choice><ref name="p"/></choice>' in re.sub(r">\s+<", "><", kept)
    assert "an x" in kept


def test_the_cache_lives_in_the_user_cache_and_keys_name_everything(tmp_path,
                                                                    monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "teipipe" / "rng"
    assert cache.cache_dir("xsd") == tmp_path / "teipipe" / "xsd"
    key = cache.grammar_key("abc", {("", "p")}, set())
    assert key == cache.grammar_key("abc", [("", "p")], [])
    assert key != cache.grammar_key("abd", {("", "p")}, set())
    assert key != cache.grammar_key("abc", set(), {("", "p")})
    monkeypatch.setattr(cache, "GRAMMAR_FORMAT", "older")
    assert key != cache.grammar_key("abc", {("", "p")}, set())
