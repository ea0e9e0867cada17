"""Shared fixtures: paths, a CLI runner, profile writers, one shared example build and site, the browser."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from anskaffelse.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
LIBRARY = ROOT / "requirements-library"
LOCALE = ROOT / "src" / "anskaffelse" / "locale"

MINIMAL_PROFILE = """\
library_version: ">=2.0, <3"
namespace: TEST
tender:
  title: Testanskaffelse
  reference: "2026/1"
  buyers:
    - name: Testvik kommune
      org_number: "940000130"
  procedure: apen-anbudskonkurranse
  contract_standard: SSA-T
  deadline: "2027-02-01 12:00"
  date: "2027-01-05"
  language: nb
select:
  modules: [drift]
award_criteria:
  - name: Kvalitet
    weight: 70
  - name: Pris
    weight: 30
    price: {model: lineær}
"""


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory):
    """Keep the library cache of the test run, and the key that signs its entries, out of the user's home folder."""
    import os

    private = {"ANSKAFFELSE_CACHE_DIR": str(tmp_path_factory.mktemp("cache")),
               "XDG_STATE_HOME": str(tmp_path_factory.mktemp("state"))}
    old = {name: os.environ.get(name) for name in private}
    os.environ.update(private)
    yield
    for name, value in old.items():
        if value is None:
            del os.environ[name]
        else:
            os.environ[name] = value


def read_yaml(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def example_profiles() -> list[Path]:
    """Every profile under examples/: its YAML files, less the member files that joint profiles name and the
    lists of respondents and suppliers of a survey or market dialogue."""
    files = sorted(EXAMPLES.rglob("*.yaml"))
    members = {(p.parent / m["file"]).resolve() for p in files
               for m in (read_yaml(p) or {}).get("members", []) if "file" in m}
    lists = {p for p in files if {"respondents", "suppliers"} & set(read_yaml(p) or {})}
    return [p for p in files if p.resolve() not in members and p not in lists]


@cache
def words(lang: str) -> dict[str, Any]:
    """The fixed document text of a language, read straight from the locale file."""
    return read_yaml(LOCALE / f"{lang}.yaml")


@cache
def spec_of(path: Path) -> Any:
    import anskaffelse

    return anskaffelse.specification(path)[0]


class Cli:
    """Runs the real command line in-process and keeps stdout and stderr apart."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str | Path, env: dict[str, str] | None = None):
        result = self.runner.invoke(app, [str(a) for a in args], env=env, catch_exceptions=False)
        return result


@pytest.fixture
def cli() -> Cli:
    return Cli()


@pytest.fixture
def write_profile(tmp_path: Path):
    """Write a profile into tmp_path; text is dedented, `extra` appended to the minimal profile."""

    def write(text: str | None = None, name: str = "profil.yaml", extra: str = "") -> Path:
        body = MINIMAL_PROFILE if text is None else textwrap.dedent(text)
        path = tmp_path / name
        path.write_text(body + textwrap.dedent(extra), encoding="utf-8")
        return path

    return write


@pytest.fixture
def library_copy(tmp_path: Path) -> Path:
    """A private copy of the built-in library that a test may change."""
    target = tmp_path / "lib"
    shutil.copytree(LIBRARY, target)
    return target


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The single-municipality and the nynorsk member examples, built once for the export tests."""
    import anskaffelse

    out = tmp_path_factory.mktemp("example-build")
    anskaffelse.build([EXAMPLES / "eksempel-kommune.yaml", EXAMPLES / "samarbeid" / "medlem-nynorsk.yaml"], out)
    return out


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The web catalogue of the built-in library with the two examples, built once for the site tests."""
    import anskaffelse

    out = tmp_path_factory.mktemp("example-site") / "site"
    anskaffelse.build_site([EXAMPLES / "eksempel-kommune.yaml", EXAMPLES / "samarbeid" / "medlem-nynorsk.yaml"], out)
    return out


def _browser_paths() -> tuple[str, str] | None:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (binary, driver) if binary and driver else None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium through the distribution's chromedriver, for the web catalogue's browser tests.

    Skipped when Chromium or its driver is missing, unless ANSKAFFELSE_REQUIRE_BROWSER is set (as in CI).
    """
    paths = _browser_paths()
    if paths is None:
        message = "Chromium and chromedriver are missing (apt-get install chromium chromium-driver)"
        if os.environ.get("ANSKAFFELSE_REQUIRE_BROWSER"):
            pytest.fail(f"ANSKAFFELSE_REQUIRE_BROWSER is set but {message}")
        pytest.skip(message)
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        if os.environ.get("ANSKAFFELSE_REQUIRE_BROWSER"):
            raise
        pytest.skip("selenium is not installed (pip install -e '.[test]')")
    options = webdriver.ChromeOptions()
    options.binary_location = paths[0]
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1000", "--force-device-scale-factor=1", "--lang=nb-NO"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(paths[1]), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty library cache of the test's own, used (not switched off) by what the test runs."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("ANSKAFFELSE_CACHE_DIR", str(folder))
    monkeypatch.delenv("ANSKAFFELSE_NO_CACHE", raising=False)
    return folder
