"""The acceptance test protocol and the demonstration scripts, built through the command line.

Expectations come from the library's YAML (verification steps, demonstration
scripts), the locale files and the built specification, never from a
document the exporter produced.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from .conftest import read_yaml, spec_of, words
from .test_libreoffice import contains_id, convert_to_pdf, pdf_text, require_tool

ROOT = Path(__file__).resolve().parent.parent
KOMMUNE = ROOT / "examples" / "eksempel-kommune.yaml"
NYNORSK = ROOT / "examples" / "samarbeid" / "medlem-nynorsk.yaml"
LIBRARY = ROOT / "requirements-library"


def library_requirements() -> dict[str, dict[str, Any]]:
    found = {}
    for path in sorted((LIBRARY / "modules").glob("*.yaml")):
        for req in read_yaml(path)["requirements"]:
            found[req["id"]] = req
    return found


def library_stories() -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in read_yaml(LIBRARY / "user-stories.yaml")["user_stories"]}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from anskaffelse.cli import app

    out = tmp_path_factory.mktemp("testplan")
    for profile in (KOMMUNE, NYNORSK):
        result = CliRunner().invoke(app, ["build", str(profile), "-o", str(out), "--format", "testplan,demo"])
        assert result.exit_code == 0, result.output
    return out


def _cell_text(table: Any, row: int, column: int) -> str:
    return str(table.rows[row].cells[column].text)


def _test_cases(doc: Any, lang: str) -> dict[str, Any]:
    """The test-case tables by requirement ID (the paragraph before each table names the ID)."""
    label = words(lang)["testplan"]["requirement_label"]
    body = doc.element.body
    cases: dict[str, Any] = {}
    tables = {t._tbl: t for t in doc.tables}
    previous_text = ""
    for child in body.iterchildren():
        if child.tag.endswith("}p"):
            previous_text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
        elif child in tables and _cell_text(tables[child], 0, 0) == label:
            cases[previous_text.split()[0]] = tables[child]
    return cases


@pytest.mark.parametrize(("profile", "lang"), [(KOMMUNE, "nb"), (NYNORSK, "nn")])
def test_one_test_case_per_requirement_with_the_librarys_steps(built: Path, profile: Path, lang: str) -> None:
    spec = spec_of(profile)
    doc = Document(str(built / f"{profile.stem}-godkjenningsprove.docx"))
    cases = _test_cases(doc, lang)
    assert list(cases) == [r.id for r in spec.requirements()]
    t = words(lang)["testplan"]
    library = library_requirements()
    with_steps = 0
    for req in spec.requirements():
        text = "\n".join(_cell_text(cases[req.id], i, 1) for i in range(len(cases[req.id].rows)))
        assert req.text in text
        assert "    ".join(f"\u2610 {o}" for o in t["outcomes"]) in text
        check = library.get(req.id, {}).get("verification")
        if check is None:
            assert t["method_missing"] in text
            continue
        with_steps += 1
        assert t["methods"][check["method"]] in text
        for i, step in enumerate(check["steps"], 1):
            assert f"{i}. {step.get(lang, step['nb'])}" in text
        assert check["expected"].get(lang, check["expected"]["nb"]) in text
    assert with_steps > len(cases) / 2, "the library gives most requirements a verification"
    paragraphs = [p.text for p in doc.paragraphs]
    assert any(t["signature_heading"] in p for p in paragraphs)
    assert any(t["signature_customer"] in c.text for table in doc.tables for row in table.rows for c in row.cells)


def test_the_outcome_workbook_lists_the_same_cases_and_opens_only_the_outcome_cells(built: Path) -> None:
    spec = spec_of(KOMMUNE)
    t = words("nb")["testplan"]
    wb = load_workbook(built / "eksempel-kommune-godkjenningsprove.xlsx")
    ws = wb[t["sheet"]]
    assert [c.value for c in ws[1]] == t["columns"]
    assert [row[0] for row in ws.iter_rows(min_row=2, values_only=True)] == [r.id for r in spec.requirements()]
    assert ws.protection.sheet
    last = ws.max_row
    assert ws["A2"].protection.locked and ws["E2"].protection.locked
    assert not ws["G2"].protection.locked and not ws["H2"].protection.locked
    (validation,) = ws.data_validations.dataValidation
    assert str(validation.sqref) == f"G2:G{last}"
    assert validation.formula1 == '"' + ",".join(t["outcomes"]) + '"'


@pytest.mark.libreoffice
def test_the_summary_counts_outcomes_when_an_office_suite_calculates(built: Path, tmp_path: Path) -> None:
    soffice = require_tool("soffice", "libreoffice")
    t = words("nb")["testplan"]
    wb = load_workbook(built / "eksempel-kommune-godkjenningsprove.xlsx")
    ws = wb[t["sheet"]]
    accepted, remarks, rejected = t["outcomes"]
    for cell, value in (("G2", accepted), ("G3", accepted), ("G4", rejected), ("G5", remarks)):
        ws[cell] = value
    filled = tmp_path / "utfylt.xlsx"
    wb.save(filled)
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--norestore",
                    "--convert-to", "xlsx", "--outdir", str(tmp_path / "ut"), str(filled)],
                   check=True, capture_output=True, timeout=180)
    summary = load_workbook(tmp_path / "ut" / "utfylt.xlsx", data_only=True)[t["summary_sheet"]]
    total = len(list(spec_of(KOMMUNE).requirements()))
    assert [tuple(r) for r in summary.iter_rows(values_only=True)] == list(zip(
        t["summary_rows"], [total, 2, 1, 1, total - 4], strict=True))


@pytest.mark.parametrize(("profile", "lang"), [(KOMMUNE, "nb"), (NYNORSK, "nn")])
def test_a_script_for_each_printed_story(built: Path, profile: Path, lang: str) -> None:
    spec = spec_of(profile)
    stories = library_stories()
    doc = Document(str(built / f"{profile.stem}-demonstrasjon.docx"))
    text = "\n".join(p.text for p in doc.paragraphs)
    printed = [s for s in spec.user_stories if "demo" in stories[s.id]]
    assert printed, "the library has demonstration scripts for the stories the example prints"
    for story in spec.user_stories:
        demo = stories[story.id].get("demo")
        if demo is None:
            assert f"{story.id} {story.title}" not in text
            continue
        assert f"{story.id} {story.title}" in text
        assert demo["data"].get(lang, demo["data"]["nb"]) in text
        for i, step in enumerate(demo["steps"], 1):
            assert f"{i}. {step.get(lang, step['nb'])}" in text
        for item in demo["look_for"]:
            assert item.get(lang, item["nb"]) in text


def test_same_input_same_bytes(built: Path, tmp_path: Path) -> None:
    import anskaffelse

    anskaffelse.build([KOMMUNE], tmp_path, formats=["testplan", "demo"])
    for name in ("godkjenningsprove.docx", "godkjenningsprove.xlsx", "demonstrasjon.docx"):
        assert (tmp_path / f"eksempel-kommune-{name}").read_bytes() == (built / f"eksempel-kommune-{name}").read_bytes()


@pytest.mark.libreoffice
def test_libreoffice_converts_both_documents(built: Path, tmp_path: Path) -> None:
    spec = spec_of(KOMMUNE)
    first = next(spec.requirements()).id
    plan = pdf_text(convert_to_pdf(built / "eksempel-kommune-godkjenningsprove.docx", tmp_path, tmp_path / "lo"))
    assert contains_id(plan, first)
    assert contains_id(plan, list(spec.requirements())[-1].id)
    demo = pdf_text(convert_to_pdf(built / "eksempel-kommune-demonstrasjon.docx", tmp_path, tmp_path / "lo"))
    assert spec.user_stories[0].id in demo


EXAMPLE_PROFILES = sorted(p for p in (ROOT / "examples").rglob("*.yaml")
                          if "extends" in p.read_text(encoding="utf-8") or "tender:" in p.read_text(encoding="utf-8"))


@pytest.mark.parametrize("profile", EXAMPLE_PROFILES, ids=lambda p: str(p.relative_to(ROOT / "examples")))
def test_every_example_builds_its_test_plan(profile: Path, tmp_path: Path) -> None:
    import anskaffelse

    (result,) = anskaffelse.build([profile], tmp_path, formats=["testplan"])
    assert {p.name for p in result.outputs} == {f"{profile.stem}-godkjenningsprove.docx",
                                              f"{profile.stem}-godkjenningsprove.xlsx"}
    spec = spec_of(profile)
    wb = load_workbook(tmp_path / f"{profile.stem}-godkjenningsprove.xlsx", read_only=True)
    ids = [row[0] for row in wb[words(spec.language)["testplan"]["sheet"]].iter_rows(min_row=2, values_only=True)]
    assert ids == [r.id for r in spec.requirements()]
    doc = Document(str(tmp_path / f"{profile.stem}-godkjenningsprove.docx"))
    assert list(_test_cases(doc, spec.language)) == ids


@pytest.mark.libreoffice
def test_libreoffice_converts_the_test_plan_of_the_whole_library(tmp_path: Path) -> None:
    import anskaffelse

    profile = ROOT / "examples" / "alle-tjenesteomrader.yaml"
    anskaffelse.build([profile], tmp_path, formats=["testplan"])
    spec = spec_of(profile)
    text = pdf_text(convert_to_pdf(tmp_path / "alle-tjenesteomrader-godkjenningsprove.docx", tmp_path / "pdf",
                                   tmp_path / "lo"))
    assert all(contains_id(text, r.id) for r in spec.requirements())
    convert_to_pdf(tmp_path / "alle-tjenesteomrader-godkjenningsprove.xlsx", tmp_path / "pdf", tmp_path / "lo")
