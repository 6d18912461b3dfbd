"""Each genre's page in headless Chromium: no console errors, apparatus links go both ways,
line numbers show on screen. One screenshot per genre goes to tests/artifacts/; the ones in
docs/rendering.md are these (copied by hand when the rendering changes).
"""

from __future__ import annotations

import pytest
from test_browser import ARTIFACTS, IN_VIEW

from teipipe.transform import Options, Transformer

import testdata

pytestmark = pytest.mark.browser
RENDER = testdata.DATA / "render"
FOREIGN = testdata.FOREIGN
GENRES = {
    "manuscript": RENDER / "bodleian-msdesc.xml",
    "apparatus": RENDER / "apparatus-methods.xml",
    "epidoc": FOREIGN / "isicily__ISic000093.xml",
    "documentary": RENDER / "faust-sourcedoc.xml",
    "genetic": FOREIGN / "amp__amp-transcript__0004.xml",
    "poetry": FOREIGN / "disco__disco578n.xml",
    "drama": RENDER / "rusdracor__prutkov-spor-drevnih-grecheskih-filosofov.xml",
    "dictionary": FOREIGN / "freedict__san-deu.xml",
    "corpus": FOREIGN / "rusdracor__corpus.xml",
}

SHOW = {"epidoc": ".div-edition", "apparatus": ".apparatus", "genetic": "del.del"}

VISIBLE = """sel => [...document.querySelectorAll(sel)].map(e => {
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= window.innerWidth; })"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("genres")
    html = Transformer(Options(to="html"))
    urls = {}
    for genre, path in GENRES.items():
        target = out / genre
        target.mkdir()
        urls[genre] = html.render_to(path, target).as_uri()
    return urls


def open_page(browser, url: str, errors: list[str]):
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    return page


@pytest.mark.parametrize("genre", GENRES)
def test_genre_page_opens_cleanly_with_a_screenshot(browser, pages, genre):
    errors: list[str] = []
    page = open_page(browser, pages[genre], errors)
    ARTIFACTS.mkdir(exist_ok=True)
    if genre in SHOW:  # the part of the page that shows the genre
        page.locator(SHOW[genre]).first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"genre-{genre}.png"))
    assert errors == []
    page.close()


def test_apparatus_links_go_both_ways(browser, pages):
    page = open_page(browser, pages["apparatus"], [])
    page.set_viewport_size({"width": 1000, "height": 300})
    marker = page.locator("sup.appref a").first
    entry = marker.get_attribute("href")[1:]
    marker.click()
    page.wait_for_function(IN_VIEW, arg=entry)
    page.click(f"#{entry} a.backlink")
    page.wait_for_function(IN_VIEW, arg=marker.get_attribute("id"))
    page.close()


@pytest.mark.parametrize("genre", ["epidoc", "poetry"])
def test_line_numbers_show(browser, pages, genre):
    page = open_page(browser, pages[genre], [])
    shown = page.evaluate(VISIBLE, ".lineno")
    assert shown and all(shown)
    page.close()
