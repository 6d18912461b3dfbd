"""The letter's page in a real browser (headless Chromium from Debian, driven by Playwright).

Opened from file:// with no network: no console errors, note links go there and back,
the page-2 marker shows between "and" and "will", the page fits a phone screen, the
keyboard reaches the skip link first. A screenshot is kept in tests/artifacts/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from teipipe.transform import Options, Transformer

ROOT = Path(__file__).resolve().parents[1]
LETTER = ROOT / "tests" / "fixtures" / "transform-letter.xml"
ARTIFACTS = ROOT / "tests" / "artifacts"
pytestmark = pytest.mark.browser

IN_VIEW = """id => { const r = document.getElementById(id).getBoundingClientRect();
                     return r.top >= 0 && r.bottom <= window.innerHeight; }"""

# Rectangles of the word before the page-2 marker, the marker, and the word after it.
AROUND_PAGE_2 = """() => {
  const marker = document.getElementById('pg_2');
  const rect = (node, start, end) => { const r = document.createRange();
    r.setStart(node, start); r.setEnd(node, end); return r.getBoundingClientRect(); };
  const before = marker.previousSibling, after = marker.nextSibling;
  const b = before.textContent, a = after.textContent;
  const word = b.trimEnd().split(/\\s+/).pop(), next = a.trimStart().split(/\\s+/)[0];
  const end = b.trimEnd().length, start = a.length - a.trimStart().length;
  const box = r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom});
  return {word, next, before: box(rect(before, end - word.length, end)),
          marker: box(marker.getBoundingClientRect()),
          after: box(rect(after, start, start + next.length))};
}"""


def in_order(first: dict, second: dict) -> bool:
    """Does ``second`` come after ``first`` when reading the rendered page?"""
    middle = (second["top"] + second["bottom"]) / 2
    if first["top"] <= middle <= first["bottom"]:  # on the same line
        return first["right"] <= second["left"]
    return middle > first["bottom"]


@pytest.fixture(scope="module")
def page_url(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("browser")
    html = Transformer(Options(to="html")).render_to(LETTER, out)
    return html.as_uri()


def test_letter_in_a_real_browser(browser, page_url):
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_url)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "letter.png"))
    assert page.title() == "Letter From President Carter to Soviet General Secretary Brezhnev"

    assert not page.evaluate(IN_VIEW, "d1fn3")
    page.click("#ref-d1fn3")
    page.wait_for_function(IN_VIEW, arg="d1fn3")
    assert page.url.endswith("#d1fn3")
    assert page.evaluate(IN_VIEW, "d1fn3")
    page.click("#d1fn3 a[role=doc-backlink]")
    page.wait_for_function(IN_VIEW, arg="ref-d1fn3")
    assert page.url.endswith("#ref-d1fn3")
    assert not page.evaluate(IN_VIEW, "d1fn3")

    around = page.evaluate(AROUND_PAGE_2)
    assert (around["word"], around["next"]) == ("and", "will")
    before, marker, after = around["before"], around["marker"], around["after"]
    # reading order: left to right on one line, or further down on a later line
    assert in_order(before, marker) and in_order(marker, after)
    assert page.is_visible("#pg_2")
    assert errors == []
    page.close()


def test_keyboard_and_phone(browser, page_url):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(page_url)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.is_visible("a.skip")  # the skip link shows when it has focus
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('role')") == "doc-noteref"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    font = page.evaluate("parseFloat(getComputedStyle(document.querySelector('p.p')).fontSize)")
    assert font >= 16
    page.screenshot(path=str(ARTIFACTS / "letter-phone.png"), full_page=False)
    page.close()
