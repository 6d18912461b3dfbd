"""Markers for tests that need an outside program, and what happens when it is missing.

``jing`` (Debian package jing) and ``browser`` (Debian chromium, driven by Playwright) mark
tests that run those programs. When one is missing the test fails under CI (the ``CI``
environment variable is set, as .ci/run's caller does): CI installs both, and a skip there
would hide that. Outside CI it is skipped with a reason that says what to install.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]  # tests/test_conftest.py runs pytest on this hook

CHROMIUM = Path("/usr/bin/chromium")
# Debian's Chromium as Playwright starts it here: no sandbox (root), no GPU, no calls home
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

# marker -> (is the program there?, what to install)
NEEDS = {
    "jing": (lambda: shutil.which("jing") is not None, "jing (Debian package jing)"),
    "browser": (CHROMIUM.exists, f"{CHROMIUM} (Debian package chromium)"),
}


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker, (present, what) in NEEDS.items():
        if item.get_closest_marker(marker) is None or present():
            continue
        message = f"this test needs {what}, which is not installed"
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(f"{message}; CI must install it (.ci/run does)", pytrace=False)
        pytest.skip(f"{message} (bash .ci/run installs it, as root)")


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium for the ``browser`` tests (one launch recipe for all of them)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
