"""`anskaffelse site`: the static web catalogue, read back as files (the browser tests are in test_site_browser.py)."""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import docx
import openpyxl
import pytest

from .conftest import EXAMPLES, words


def _digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for key in ("href", "src"):
            if found.get(key):
                self.targets.append(str(found[key]))
        if found.get("id"):
            self.ids.add(str(found["id"]))


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_the_cli_writes_both_language_trees_with_a_page_per_requirement(cli, tmp_path: Path) -> None:
    out = tmp_path / "nettsted"
    result = cli("site", "-o", out, EXAMPLES / "eksempel-kommune.yaml", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["tenders"] == ["eksempel-kommune"]
    for lang, tag, title in (("nb", "nb-NO", "Forskrivning som e-resept"), ("nn", "nn-NO", "Forskriving som e-resept")):
        page = (out / lang / "krav" / "EPJ-LM-001.html").read_text(encoding="utf-8")
        assert f'<html lang="{tag}">' in page
        assert title in page
        other = "nn" if lang == "nb" else "nb"
        assert f'href="../../{other}/krav/EPJ-LM-001.html"' in page
    assert (out / "index.html").is_file()
    assert (out / "assets" / "search-nb.js").read_text(encoding="utf-8").startswith("window.KRAV_INDEX = [")


def test_every_local_link_and_anchor_in_the_site_exists(example_site: Path) -> None:
    broken = []
    pages = sorted(example_site.rglob("*.html"))
    parsed = {p: _parse(p) for p in pages}
    for page, links in parsed.items():
        for target in links.targets:
            if target.startswith(("http://", "https://", "mailto:")):
                continue
            file_part, _, anchor = target.partition("#")
            destination = (page.parent / file_part).resolve() if file_part else page
            if not destination.exists():
                broken.append(f"{page.relative_to(example_site)} -> {target}")
            elif anchor and destination.suffix == ".html" and anchor not in parsed[destination].ids:
                broken.append(f"{page.relative_to(example_site)} -> {target} (no such anchor)")
    assert broken == []
    assert len(pages) > 1000


def test_a_requirement_page_shows_every_part_of_the_requirement(example_site: Path) -> None:
    page = (example_site / "nb" / "krav" / "EPJ-LM-001.html").read_text(encoding="utf-8")
    site_words = words("nb")["site"]
    for label in ("guidance_label", "rationale_label", "verification_label", "scoring_label", "subcriterion_label",
                  "fulfilment_label", "standards_label", "stories_label", "areas_label"):
        assert f">{site_words[label]}<" in page, label
    assert 'href="../standarder.html#e-resept"' in page
    assert 'href="../historier.html#HIST-006"' in page
    assert "Samhandling og nasjonale løsninger" in page


def test_parameters_show_their_default_and_range(example_site: Path) -> None:
    page = (example_site / "nb" / "krav" / "EPJ-DR-020.html").read_text(encoding="utf-8")
    assert "<code>oppetid</code>" in page
    assert "<td>99,5 %</td><td>99 %–100 %</td>" in page
    # On a phone the table scrolls sideways: its box takes keyboard focus and is a region with a name.
    label = f"{words('nb')['site']['parameters_label']}: EPJ-DR-020"
    assert f'<div class="table-wrap" role="region" aria-label="{label}" tabindex="0"><table>' in page
    # A long parameter name may break after an underscore, so the table fits beside the text.
    long_names = (example_site / "nb" / "krav" / "EPJ-LM-044.html").read_text(encoding="utf-8")
    assert "<code>intervall_<wbr>gjennomgang</code>" in long_names


def test_a_changelog_table_is_a_named_region_that_takes_focus() -> None:
    from anskaffelse.site.changelog import changelog_html

    shown = changelog_html("# Changes\n\n| Before | After |\n|---|---|\n| a | b |\n\n"
                           "## 2.1.0 **new**\n\n| Old | New |\n|---|---|\n| c | d |\n")
    assert shown.count('role="region"') == 2 and shown.count('tabindex="0"') == 2
    assert '<div class="table-wrap" role="region" aria-label="Changes" tabindex="0"><table>' in shown
    assert '<div class="table-wrap" role="region" aria-label="2.1.0 new" tabindex="0"><table>' in shown


def test_standards_list_what_cites_them_and_stories_what_realises_them(example_site: Path) -> None:
    standards = (example_site / "nb" / "standarder.html").read_text(encoding="utf-8")
    section = standards.split('id="e-resept"', 1)[1].split("<article", 1)[0]
    assert 'href="krav/EPJ-LM-001.html"' in section
    stories = (example_site / "nb" / "historier.html").read_text(encoding="utf-8")
    story = stories.split('id="HIST-006"', 1)[1].split("<article", 1)[0]
    assert 'href="krav/EPJ-LM-001.html"' in story


def test_the_changelog_is_rendered_from_the_library(example_site: Path) -> None:
    page = (example_site / "nb" / "endringer.html").read_text(encoding="utf-8")
    assert "<h2>2.0.0 — 2026-11-29</h2>" in page
    assert "<strong>Parameters that moved</strong>" in page


def test_each_tender_has_pages_and_documents_that_open(example_site: Path) -> None:
    page = (example_site / "nn" / "anskaffelser" / "medlem-nynorsk.html").read_text(encoding="utf-8")
    assert 'href="../../filer/medlem-nynorsk-kravspesifikasjon.docx"' in page
    assert '<div lang="nn-NO">' in page
    spec = json.loads((example_site / "filer" / "medlem-nynorsk-spesifikasjon.json").read_text(encoding="utf-8"))
    assert spec["fingerprint"] in page
    document = docx.Document(str(example_site / "filer" / "eksempel-kommune-kravspesifikasjon.docx"))
    assert any("EPJ-" in p.text for p in document.paragraphs)
    workbook = openpyxl.load_workbook(example_site / "filer" / "eksempel-kommune-svarskjema.xlsx")
    assert workbook.sheetnames


def test_the_same_input_gives_the_same_bytes(cli, tmp_path: Path, example_site: Path) -> None:
    out = tmp_path / "again"
    args = ("site", "-o", out, EXAMPLES / "eksempel-kommune.yaml", EXAMPLES / "samarbeid" / "medlem-nynorsk.yaml")
    assert cli(*args).exit_code == 0
    assert _digests(out) == _digests(example_site)


def test_library_texts_are_data_never_markup(cli, tmp_path: Path, library_copy: Path) -> None:
    module = library_copy / "modules" / "legemidler.yaml"
    text = module.read_text(encoding="utf-8")
    hostile = '<script>alert(1)</script> "><img src=x onerror=alert(2)>'
    text = text.replace("Forskrivning som e-resept", hostile.replace('"', '\\"'), 1)
    module.write_text(text.replace("title:\n      nb: " + hostile.replace('"', '\\"'),
                                   'title:\n      nb: "' + hostile.replace('"', '\\"') + '"'), encoding="utf-8")
    out = tmp_path / "site"
    result = cli("site", "-o", out, "--library", library_copy)
    assert result.exit_code == 0, result.output
    page = (out / "nb" / "krav" / "EPJ-LM-001.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page and "<img" not in page
    index = (out / "assets" / "search-nb.js").read_text(encoding="utf-8")
    assert "</script>" not in index


def test_a_folder_with_other_files_is_refused_and_left_alone(cli, tmp_path: Path) -> None:
    out = tmp_path / "dokumenter"
    out.mkdir()
    (out / "notat.txt").write_text("mitt", encoding="utf-8")
    result = cli("site", "-o", out)
    assert result.exit_code == 2
    assert "not written by 'anskaffelse site'" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["notat.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["dokumenter"]


def test_a_rebuild_replaces_its_own_folder_but_not_a_file_added_to_it(cli, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert cli("site", "-o", out).exit_code == 0
    (out / "nb" / "index.html").write_text("old", encoding="utf-8")
    assert cli("site", "-o", out).exit_code == 0
    assert (out / "nb" / "index.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    (out / "nb" / "mine.html").write_text("mine", encoding="utf-8")
    result = cli("site", "-o", out)
    assert result.exit_code == 2
    assert "nb/mine.html" in result.stderr
    assert (out / "nb" / "mine.html").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_profile_with_errors_writes_nothing(cli, tmp_path: Path, write_profile) -> None:
    bad = write_profile(extra="tailor:\n  EPJ-DR-020:\n    parameters: {oppetid: 101}\n")
    out = tmp_path / "site"
    result = cli("site", "-o", out, bad)
    assert result.exit_code == 1
    assert re.search(r"profil\.yaml:\d+:\d+: error", result.stderr)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["profil.yaml"]


def test_without_out_folder_it_is_a_usage_error(cli) -> None:
    assert cli("site").exit_code == 2


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_every_locale_has_the_same_site_texts(lang: str) -> None:
    assert set(words(lang)["site"]) == set(words("nb")["site"])
