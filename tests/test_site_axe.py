"""The web catalogue checked by axe-core in headless Chromium, on the pages a reader meets.

axe-core is a test-time tool, pinned in tests/browser/package.json and package-lock.json and
installed there with `npm ci` (scripts/test does so when it is missing, .ci/run always). The
test injects its `axe.min.js` into each page opened from disk and runs the WCAG 2.0 and 2.1
A and AA rules: nothing is fetched while the tests run, and the site itself loads no script
from anywhere else. Without axe-core the tests are skipped, unless ANSKAFFELSE_REQUIRE_BROWSER
is set (as in CI); then they fail and say how to install it.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.browser

AXE_DIR = ROOT / "tests" / "browser"
AXE_PACKAGE = AXE_DIR / "node_modules" / "axe-core"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("critical", "serious")
"""The impacts that fail the tests; axe-core's other two are moderate and minor."""

DESKTOP, PHONE = (1280, 1000), (375, 800)

_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']}).then(
  result => done({
    passed: result.passes.map(rule => rule.id),
    violations: result.violations.map(rule => ({
      id: rule.id, impact: rule.impact, help: rule.help, helpUrl: rule.helpUrl,
      nodes: rule.nodes.map(node => node.target.map(String).join(' '))})),
  }),
  error => done({error: String(error)}));
"""


@pytest.fixture(scope="module")
def axe_script() -> str:
    """The pinned axe-core's browser bundle, or a skip (a failure in CI) that says how to install it."""
    pinned = json.loads((AXE_DIR / "package-lock.json").read_text(encoding="utf-8"))[
        "packages"]["node_modules/axe-core"]["version"]
    install = "run `npm ci` in tests/browser (./scripts/test does it when npm is there)"
    manifest = AXE_PACKAGE / "package.json"
    problem = None
    if not (AXE_PACKAGE / "axe.min.js").is_file() or not manifest.is_file():
        problem = f"axe-core {pinned} is not installed: {install}"
    elif (installed := json.loads(manifest.read_text(encoding="utf-8"))["version"]) != pinned:
        problem = f"axe-core {installed} is installed, but package-lock.json pins {pinned}: {install}"
    if problem is not None:
        if os.environ.get("ANSKAFFELSE_REQUIRE_BROWSER"):
            pytest.fail(f"ANSKAFFELSE_REQUIRE_BROWSER is set but {problem}")
        pytest.skip(problem)
    return (AXE_PACKAGE / "axe.min.js").read_text(encoding="utf-8")


def run_axe(browser: Any, script: str) -> dict[str, Any]:
    """axe-core's WCAG 2.0/2.1 A and AA rules on the page the browser shows: passed rule ids and violations."""
    browser.set_script_timeout(120)
    browser.execute_script(script)
    result: dict[str, Any] = browser.execute_async_script(_RUN, WCAG_TAGS)
    assert "error" not in result, result.get("error")
    return result


def describe(violations: list[dict[str, Any]], limit: int = 10) -> str:
    """One block per rule: id, impact, help text and address, then the selectors of the elements it failed."""
    lines = []
    for rule in violations:
        lines.append(f"{rule['id']} ({rule['impact']}): {rule['help']} <{rule['helpUrl']}>")
        lines.extend(f"    {selector}" for selector in rule["nodes"][:limit])
        if len(rule["nodes"]) > limit:
            lines.append(f"    … and {len(rule['nodes']) - limit} more")
    return "\n".join(lines)


# ---------------------------------------------------------------- the pages


def _search_with_a_filter(browser: Any) -> None:
    """Looks for vaccines at the health centre, then checks that some, not all, requirements are shown."""
    from selenium.webdriver.support.ui import Select

    browser.find_element("id", "q").send_keys("vaksin")
    Select(browser.find_element("id", "f-area")).select_by_value("helsestasjon")
    shown = browser.execute_script("return document.querySelectorAll('#results li:not([hidden])').length;")
    total = browser.execute_script("return document.querySelectorAll('#results li').length;")
    assert 0 < shown < total


def _a_table_is_wider_than_the_phone(browser: Any) -> None:
    assert browser.execute_script(
        "return Array.from(document.querySelectorAll('.table-wrap')).some(b => b.scrollWidth > b.clientWidth);")


@dataclass(frozen=True)
class Visit:
    name: str
    path: str
    """Relative to the site folder, with an optional #anchor."""
    size: tuple[int, int] = DESKTOP
    prepare: Callable[[Any], None] | None = None
    """What a reader does on the page before it is checked."""


VISITS = [
    Visit("start-nb", "nb/index.html"),
    Visit("start-nn", "nn/index.html"),
    Visit("search-with-filter", "nb/index.html", prepare=_search_with_a_filter),
    Visit("requirement", "nb/krav/EPJ-LM-001.html"),
    Visit("requirement-nn-with-parameters", "nn/krav/EPJ-DR-020.html"),
    Visit("module", "nb/moduler/legemidler.html"),
    Visit("user-story", "nb/historier.html#HIST-006"),
    Visit("standards", "nb/standarder.html"),
    Visit("tender-specification", "nb/anskaffelser/eksempel-kommune.html"),
    Visit("tender-nynorsk-on-bokmal-page", "nb/anskaffelser/medlem-nynorsk.html"),
    Visit("changelog", "nb/endringer.html"),
    Visit("start-phone", "nb/index.html", PHONE),
    Visit("requirement-phone", "nb/krav/EPJ-DR-020.html", PHONE, _a_table_is_wider_than_the_phone),
]


def _show(browser: Any, site: Path, visit: Visit) -> None:
    path, _, anchor = visit.path.partition("#")
    browser.set_window_size(*visit.size)
    browser.get((site / path).as_uri() + (f"#{anchor}" if anchor else ""))
    if visit.prepare is not None:
        visit.prepare(browser)


@pytest.mark.parametrize("visit", VISITS, ids=lambda v: v.name)
def test_axe_finds_no_serious_or_critical_violation(axe_script: str, browser: Any, example_site: Path,
                                                    visit: Visit) -> None:
    try:
        _show(browser, example_site, visit)
        result = run_axe(browser, axe_script)
    finally:
        browser.set_window_size(*DESKTOP)
    # The rules ran on the page: these two apply to every page of the catalogue.
    assert {"html-has-lang", "color-contrast"} <= set(result["passed"])
    blocking = [v for v in result["violations"] if v["impact"] in BLOCKING]
    if blocking:
        pytest.fail(f"axe-core on {visit.path} at {visit.size[0]} px wide:\n{describe(blocking)}")
    if lesser := result["violations"]:
        warnings.warn(f"axe-core on {visit.path}, moderate or minor:\n{describe(lesser)}", stacklevel=1)


def test_axe_reports_what_is_wrong_and_where(axe_script: str, browser: Any, example_site: Path) -> None:
    """The check can fail: a field without a label and faint text added to a page are found and named."""
    browser.get((example_site / "nb" / "krav" / "EPJ-LM-001.html").as_uri())
    browser.execute_script(
        "const main = document.querySelector('main');"
        "main.insertAdjacentHTML('beforeend', '<p id=\"faint\" style=\"color: #bbbbbb\">Nesten usynlig</p>'"
        " + '<input type=\"text\" id=\"unnamed\">');")
    result = run_axe(browser, axe_script)
    found = {v["id"]: v for v in result["violations"] if v["impact"] in BLOCKING}
    assert {"color-contrast", "label"} <= set(found)
    assert found["color-contrast"]["nodes"] == ["#faint"]
    assert found["label"]["nodes"] == ["#unnamed"]
    message = describe([found["color-contrast"], found["label"]])
    assert message.splitlines()[0].startswith("color-contrast (serious): ")
    assert "contrast" in message.splitlines()[0].split(": ", 1)[1].lower()
    assert message.splitlines()[1] == "    #faint"
    assert message.splitlines()[2].startswith("label (critical): ")
    assert message.splitlines()[3] == "    #unnamed"
