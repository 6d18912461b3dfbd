"""The jing and browser markers: a missing program fails the test under CI, skips it elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


@pytest.fixture
def no_jing(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A project with tests/conftest.py, one test marked jing, and no jing on PATH."""
    pytester.makeconftest((HERE / "conftest.py").read_text(encoding="utf-8"))
    pytester.makeini("[pytest]\naddopts = --strict-markers\nmarkers =\n    jing: x\n"
                     "    browser: x\n")
    pytester.makepyfile(test_needs_jing="import pytest\n\n\n@pytest.mark.jing\n"
                                        "def test_x():\n    pass\n")
    monkeypatch.setenv("PATH", str(pytester.mkdir("empty")))
    return pytester


def test_missing_jing_is_an_error_under_ci(no_jing, monkeypatch):
    monkeypatch.setenv("CI", "true")
    result = no_jing.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*needs jing (Debian package jing)*CI must install it*"])


@pytest.mark.parametrize("ci", [None, "false"])
def test_missing_jing_is_a_skip_with_its_reason_elsewhere(no_jing, monkeypatch, ci):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    result = no_jing.runpytest("-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*needs jing (Debian package jing)*bash .ci/run installs it*"])
