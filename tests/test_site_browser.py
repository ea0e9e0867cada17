"""The web catalogue in a real headless Chromium, opened straight from disk (file://).

Driven by Selenium through the distribution's chromedriver (Debian: apt-get install
chromium chromium-driver; the `browser` fixture is in conftest.py); nothing is downloaded.
Skipped when Chromium or its driver is missing, unless ANSKAFFELSE_REQUIRE_BROWSER is set
(as in CI). axe-core's accessibility rules run in test_site_axe.py; the checks here are
the ones it does not make.
"""

from __future__ import annotations

import struct
import zlib
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from anskaffelse.library import require_library

from .conftest import words

pytestmark = pytest.mark.browser


def _open(browser: Any, page: Path) -> None:
    browser.get(page.as_uri())


def _visible_ids(browser: Any) -> set[str]:
    return set(browser.execute_script(
        "return Array.from(document.querySelectorAll('#results li:not([hidden])')).map(li => li.id.slice(2));"))


def _type_search(browser: Any, text: str) -> None:
    from selenium.webdriver.common.by import By

    field = browser.find_element(By.ID, "q")
    field.clear()
    field.send_keys(text)


def _active_requirements() -> list[Any]:
    return [r for r in require_library().library.requirements() if not r.deprecated]


def test_search_for_a_word_shows_the_requirements_that_contain_it(browser: Any, example_site: Path) -> None:
    _open(browser, example_site / "nb" / "index.html")
    everything = _active_requirements()
    assert len(_visible_ids(browser)) == len(everything)
    _type_search(browser, "multidose")
    expected = {r.id for r in everything
                if "multidose" in " ".join([r.title.nb, r.text.nb, r.guidance.nb, *r.tags]).lower()}
    assert "EPJ-LM-004" in expected or len(expected) >= 3
    assert _visible_ids(browser) == expected
    count = browser.find_element("id", "result-count").text
    assert count == words("nb")["site"]["results_count"].format(count=len(expected), total=len(everything))
    _type_search(browser, "epj-lm-001")
    assert "EPJ-LM-001" in _visible_ids(browser)
    _type_search(browser, "ordsomikkefinnesikravene")
    assert _visible_ids(browser) == set()
    assert browser.find_element("id", "no-results").is_displayed()


def test_filter_by_service_area_and_module(browser: Any, example_site: Path) -> None:
    from selenium.webdriver.support.ui import Select, WebDriverWait

    _open(browser, example_site / "nb" / "index.html")
    _type_search(browser, "")
    Select(browser.find_element("id", "f-area")).select_by_value("helsestasjon")
    everything = _active_requirements()
    expected = {r.id for r in everything if "helsestasjon" in r.areas or "alle" in r.areas}
    assert 0 < len(expected) < len(everything)
    assert _visible_ids(browser) == expected
    Select(browser.find_element("id", "f-module")).select_by_value("legemidler")
    assert _visible_ids(browser) == {r.id for r in everything if r.id in expected and r.module == "legemidler"}
    browser.find_element("css selector", "button[type=reset]").click()
    # The form clears its fields after the reset event; the list follows a moment later.
    WebDriverWait(browser, 5).until(lambda b: len(_visible_ids(b)) == len(everything))
    assert browser.find_element("id", "f-area").get_attribute("value") == ""


def test_follow_a_requirement_link_and_switch_language(browser: Any, example_site: Path) -> None:
    _open(browser, example_site / "nb" / "index.html")
    _type_search(browser, "EPJ-LM-001")
    browser.find_element("css selector", "#r-EPJ-LM-001 a").click()
    assert browser.current_url.endswith("/nb/krav/EPJ-LM-001.html")
    assert browser.find_element("tag name", "h1").text == "EPJ-LM-001 Forskrivning som e-resept"
    browser.find_element("css selector", "a.language").click()
    assert browser.current_url.endswith("/nn/krav/EPJ-LM-001.html")
    assert browser.find_element("tag name", "html").get_attribute("lang") == "nn-NO"
    assert "Forskriving som e-resept" in browser.find_element("tag name", "h1").text
    browser.find_element("css selector", "a.language").click()
    assert browser.current_url.endswith("/nb/krav/EPJ-LM-001.html")


def test_a_search_in_the_address_is_restored(browser: Any, example_site: Path) -> None:
    _open(browser, example_site / "nb" / "index.html")
    browser.get((example_site / "nb" / "index.html").as_uri() + "?q=e-resept&module=legemidler")
    assert browser.find_element("id", "q").get_attribute("value") == "e-resept"
    visible = _visible_ids(browser)
    assert "EPJ-LM-001" in visible
    assert all(i.startswith("EPJ-LM-") for i in visible)
    _type_search(browser, "multidose")
    browser.find_element("css selector", "a.language").click()
    assert browser.find_element("tag name", "html").get_attribute("lang") == "nn-NO"
    assert browser.find_element("id", "q").get_attribute("value") == "multidose"
    assert browser.find_element("id", "f-module").get_attribute("value") == "legemidler"


# ---------------------------------------------------------------- accessibility

_STRUCTURE = """
const headings = Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6')).map(h => Number(h.tagName[1]));
return {
  lang: document.documentElement.lang,
  banner: document.querySelectorAll('body > header').length,
  nav: document.querySelectorAll('nav').length,
  main: document.querySelectorAll('main').length,
  footer: document.querySelectorAll('body > footer').length,
  skip: (document.querySelector('a.skip-link') || {}).getAttribute ?
        document.querySelector('a.skip-link').getAttribute('href') : null,
  headings: headings,
};
"""


@pytest.mark.parametrize("page", ["nb/index.html", "nn/krav/EPJ-LM-001.html", "nb/moduler/legemidler.html",
                                  "nb/standarder.html", "nb/historier.html", "nb/endringer.html",
                                  "nb/anskaffelser/eksempel-kommune.html"])
def test_pages_have_their_language_landmarks_and_heading_outline(browser: Any, example_site: Path,
                                                                   page: str) -> None:
    """What axe-core's WCAG rules leave open (test_site_axe.py runs those): the exact language tag,
    one banner, main and footer, the skip link's target, one h1 first and no skipped heading level."""
    _open(browser, example_site / page)
    found = browser.execute_script(_STRUCTURE)
    assert found["lang"] == ("nn-NO" if page.startswith("nn/") else "nb-NO")
    assert (found["banner"], found["main"], found["footer"]) == (1, 1, 1)
    assert found["nav"] >= 1
    assert found["skip"] == "#main"
    levels = found["headings"]
    assert levels.count(1) == 1 and levels[0] == 1
    jumps = [(a, b) for a, b in pairwise(levels) if b > a + 1]
    assert jumps == []


def test_keyboard_reaches_the_search_and_the_first_result_with_visible_focus(browser: Any,
                                                                            example_site: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    _open(browser, example_site / "nb" / "index.html")
    first_result = browser.execute_script("return document.querySelector('#results li:not([hidden]) a');")
    reached: list[str] = []
    for _ in range(40):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        active = browser.switch_to.active_element
        style = browser.execute_script(
            "const s = getComputedStyle(arguments[0]); return [s.outlineStyle, s.outlineWidth, s.outlineColor];",
            active)
        assert style[0] != "none" and float(style[1].rstrip("px")) >= 2, (active.get_attribute("outerHTML"), style)
        reached.append(active.get_attribute("id") or active.get_attribute("class") or active.tag_name)
        if active == first_result:
            break
    assert reached[0] == "skip-link"
    assert "q" in reached
    assert active == first_result


def test_the_skip_link_moves_focus_to_the_main_content(browser: Any, example_site: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    _open(browser, example_site / "nb" / "krav" / "EPJ-LM-001.html")
    ActionChains(browser).send_keys(Keys.TAB).perform()
    assert browser.switch_to.active_element.get_attribute("class") == "skip-link"
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    assert browser.switch_to.active_element.get_attribute("id") == "main"


def test_a_phone_sized_window_needs_no_sideways_scrolling(browser: Any, example_site: Path) -> None:
    browser.set_window_size(375, 800)
    try:
        for page in ("nb/index.html", "nb/krav/EPJ-LM-001.html", "nb/anskaffelser/eksempel-kommune.html"):
            _open(browser, example_site / page)
            assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth;"), page
    finally:
        browser.set_window_size(1280, 1000)


def test_on_a_phone_the_keyboard_reaches_a_wide_table_and_scrolls_it(browser: Any, example_site: Path) -> None:
    """With a visible focus. Chromium lets the keyboard into a scrolling box by itself; browsers that
    do not need the box's tabindex, which test_site.py and axe-core (scrollable-region-focusable) check."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    browser.set_window_size(375, 800)
    try:
        _open(browser, example_site / "nb" / "krav" / "EPJ-DR-020.html")
        box = browser.find_element("css selector", ".table-wrap")
        assert browser.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth;", box)
        for _ in range(60):
            ActionChains(browser).send_keys(Keys.TAB).perform()
            if browser.switch_to.active_element == box:
                break
        assert browser.switch_to.active_element == box
        outline = browser.execute_script("const s = getComputedStyle(arguments[0]); return [s.outlineStyle,"
                                         " parseFloat(s.outlineWidth)];", box)
        assert outline[0] != "none" and outline[1] >= 2
        ActionChains(browser).send_keys(Keys.ARROW_RIGHT * 5).perform()
        # The browser may scroll smoothly: the box gets there a moment later.
        WebDriverWait(browser, 5).until(lambda b: b.execute_script("return arguments[0].scrollLeft;", box) > 0)
    finally:
        browser.set_window_size(1280, 1000)


def test_printing_leaves_out_the_menus_and_the_search(browser: Any, example_site: Path) -> None:
    _open(browser, example_site / "nb" / "krav" / "EPJ-LM-001.html")
    hidden = ("return ['.site-header', '.site-nav', '.site-footer']"
              ".map(s => getComputedStyle(document.querySelector(s)).display);")
    assert "none" not in browser.execute_script(hidden)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert browser.execute_script(hidden) == ["none", "none", "none"]
        assert browser.find_element("tag name", "h1").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


# ---------------------------------------------------------------- screenshots


def _png_rows(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the pixel rows of a non-interlaced 8-bit RGB(A) PNG, unfiltered."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat, width, height, channels = 8, b"", 0, 0, 4
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            width, height, _, colour_type = struct.unpack(">IIBB", body[:10])
            channels = {2: 3, 6: 4}[colour_type]
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for i in range(height):
        kind, line = raw[i * (stride + 1)], bytearray(raw[i * (stride + 1) + 1:(i + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up, corner = previous[x], previous[x - channels] if x >= channels else 0
            line[x] = (line[x] + _predict(kind, left, up, corner)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, rows


def _predict(kind: int, left: int, up: int, corner: int) -> int:
    """The PNG filter predictors (None, Sub, Up, Average, Paeth)."""
    if kind == 0:
        return 0
    if kind == 1:
        return left
    if kind == 2:
        return up
    if kind == 3:
        return (left + up) // 2
    estimate = left + up - corner
    distances = (abs(estimate - left), abs(estimate - up), abs(estimate - corner))
    return (left, up, corner)[distances.index(min(distances))]


@pytest.mark.parametrize(("page", "name"), [("nb/index.html", "start.png"),
                                            ("nb/krav/EPJ-LM-001.html", "EPJ-LM-001.png")])
def test_screenshots_of_the_start_page_and_a_requirement(browser: Any, example_site: Path, tmp_path: Path,
                                                         page: str, name: str) -> None:
    _open(browser, example_site / page)
    target = tmp_path / name
    assert browser.save_screenshot(str(target))
    data = target.read_bytes()
    assert len(data) > 30_000
    width, height, rows = _png_rows(data)
    assert (width, height) == tuple(browser.execute_script("return [window.innerWidth, window.innerHeight];"))
    # Not blank: many rows differ from each other, the header band at the top is dark, the page below light.
    assert len(set(rows)) > height // 4
    assert sum(rows[10]) / len(rows[10]) < 100
    assert sum(rows[height // 2]) / len(rows[height // 2]) > 150
