"""The check report per supplier (`answers check --report DIR`): Word and Excel read back, in the
specification's language, byte-identical from one run to the next, and readable by LibreOffice.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from anskaffelse.export.json_read import read_specification

from .answer_workbooks import ANSWER, fill
from .conftest import words
from .test_libreoffice import convert_to_pdf, pdf_text


@pytest.fixture(scope="module")
def spec_json(example_build: Path) -> Path:
    return example_build / "eksempel-kommune-spesifikasjon.json"


@pytest.fixture(scope="module")
def spec(spec_json: Path) -> Any:
    return read_specification(spec_json)


@pytest.fixture(scope="module")
def minstekrav(spec: Any) -> Any:
    return next(r for r in spec.requirements() if r.obligation == "minstekrav")


@pytest.fixture(scope="module")
def workbooks(example_build: Path, spec: Any, minstekrav: Any, tmp_path_factory: pytest.TempPathFactory
              ) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("svar")
    blank = example_build / "eksempel-kommune-svarskjema.xlsx"

    def nei(book: Any, rows: dict[str, int]) -> None:
        book[words("nb")["workbook"]["answers_sheet"]].cell(rows[minstekrav.id], ANSWER).value = "Nei"
        instructions = book[words("nb")["workbook"]["instructions_sheet"]]
        name = next(row[1] for row in instructions.iter_rows() if row[0].value == words("nb")["workbook"]["supplier"])
        name.value, name.data_type = '=HYPERLINK("https://example.com","Nei AS")', "s"  # text that looks like one

    broken = folder / "odelagt.xlsx"
    broken.write_text("ID;Svar\n", encoding="utf-8")
    return {"god": fill(blank, folder / "god.xlsx", spec, "God Journal AS"),
            "nei": fill(blank, folder / "nei.xlsx", spec, None, nei),
            "odelagt": broken}


@pytest.fixture(scope="module")
def reports(spec_json: Path, workbooks: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from anskaffelse.cli import app

    out = tmp_path_factory.mktemp("kontroll")
    result = CliRunner().invoke(app, ["answers", "check", str(spec_json), *map(str, workbooks.values()),
                                      "--report", str(out)], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    return out


def docx_text(path: Path) -> tuple[list[str], list[list[str]]]:
    doc = Document(str(path))
    rows = [[cell.text for cell in row.cells] for table in doc.tables for row in table.rows]
    return [p.text for p in doc.paragraphs], rows


def test_a_report_per_workbook_in_both_formats(reports: Path, workbooks: dict[str, Path]) -> None:
    names = sorted(p.name for p in reports.iterdir())
    assert names == sorted(f"{stem}-kontroll.{ext}" for stem in workbooks for ext in ("docx", "xlsx"))


def test_the_word_report_names_file_specification_result_and_findings(reports: Path, workbooks: dict[str, Path],
                                                                      spec: Any, minstekrav: Any) -> None:
    c = words("nb")["answer_check"]
    paragraphs, rows = docx_text(reports / "nei-kontroll.docx")
    assert c["title"] in paragraphs and c["conclusion"]["errors"] in paragraphs
    facts = {row[0]: row[1] for row in rows if len(row) == 2}
    assert facts[c["file_sha256"]] == hashlib.sha256(workbooks["nei"].read_bytes()).hexdigest()
    assert facts[c["fingerprint"]] == spec.fingerprint
    assert facts[c["minstekrav_met"]] == c["no"] and facts[c["errors"]] == "1"
    assert spec.tender.reference in facts[c["specification"]]
    [finding] = [row for row in rows if len(row) == 6 and row[2] == "A011"]
    assert finding[1] == c["severity"]["error"] and finding[4] == minstekrav.id
    assert finding[3].startswith(f"{words('nb')['workbook']['answers_sheet']}!H")
    assert finding[5] == c["codes"]["A011"]


def test_a_good_workbook_gets_a_report_without_findings(reports: Path) -> None:
    c = words("nb")["answer_check"]
    paragraphs, rows = docx_text(reports / "god-kontroll.docx")
    assert c["conclusion"]["ok"] in paragraphs and c["no_findings"] in paragraphs
    assert c["subtitle"].format(supplier="God Journal AS") in paragraphs
    assert not [row for row in rows if len(row) == 6]


def test_an_unreadable_workbook_gets_a_report_that_says_so(reports: Path) -> None:
    c = words("nb")["answer_check"]
    paragraphs, rows = docx_text(reports / "odelagt-kontroll.docx")
    assert c["conclusion"]["unreadable"] in paragraphs
    facts = {row[0]: row[1] for row in rows if len(row) == 2}
    assert facts[c["file_sha256"]] == c["file_unread"] and facts[c["minstekrav_met"]] == c["unknown"]
    assert [row[2] for row in rows if len(row) == 6][1:] == ["A001"]


def test_the_excel_report_holds_the_same_findings_as_text(reports: Path, minstekrav: Any) -> None:
    c = words("nb")["answer_check"]
    book = load_workbook(reports / "nei-kontroll.xlsx")
    assert book.sheetnames == [c["summary_sheet"], c["findings_sheet"]]
    findings = [[cell.value for cell in row] for row in book[c["findings_sheet"]].iter_rows()]
    assert findings[0] == [c["columns"][n] for n in ("number", "severity", "code", "cell", "requirement", "finding")]
    assert [row[2] for row in findings[1:]] == ["A011"] and findings[1][4] == minstekrav.id
    summary = book[c["summary_sheet"]]
    name_cell = next(row[1] for row in summary.iter_rows() if row[0].value == c["supplier"])
    # The supplier's name came from its own file: text, never a formula.
    assert name_cell.value.startswith("=HYPERLINK") and name_cell.data_type == "s" and name_cell.quotePrefix


def test_the_reports_are_byte_identical_from_run_to_run(spec_json: Path, workbooks: dict[str, Path], cli: Any,
                                                        reports: Path, tmp_path: Path) -> None:
    assert cli("answers", "check", spec_json, *workbooks.values(), "--report", tmp_path).exit_code == 1
    for path in reports.iterdir():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_a_nynorsk_specification_gets_a_nynorsk_report(example_build: Path, cli: Any, tmp_path: Path) -> None:
    spec_json = example_build / "medlem-nynorsk-spesifikasjon.json"
    blank = example_build / "medlem-nynorsk-svarskjema.xlsx"
    result = cli("answers", "check", spec_json, blank, "--report", tmp_path)
    assert result.exit_code == 1
    c = words("nn")["answer_check"]
    paragraphs, rows = docx_text(tmp_path / "medlem-nynorsk-svarskjema-kontroll.docx")
    assert c["conclusion"]["errors"] in paragraphs
    assert {row[1] for row in rows if len(row) == 6} - {c["columns"]["severity"]} == {
        c["severity"]["error"], c["severity"]["warning"]}
    assert c["codes"]["A010"] in {row[5] for row in rows if len(row) == 6}


def test_a_report_folder_that_is_a_file_is_a_usage_error(spec_json: Path, workbooks: dict[str, Path], cli: Any,
                                                         tmp_path: Path) -> None:
    blocker = tmp_path / "kontroll"
    blocker.write_text("", encoding="utf-8")
    result = cli("answers", "check", spec_json, workbooks["god"], "--report", blocker)
    assert result.exit_code == 2 and "Traceback" not in result.output


@pytest.mark.parametrize("twin_name", ["god.xlsx", "GOD.xlsx"])
def test_two_workbooks_of_one_name_cannot_share_a_report_folder(spec_json: Path, workbooks: dict[str, Path],
                                                                cli: Any, tmp_path: Path, twin_name: str) -> None:
    twin = tmp_path / "annen" / twin_name
    twin.parent.mkdir()
    twin.write_bytes(workbooks["god"].read_bytes())
    result = cli("answers", "check", spec_json, workbooks["god"], twin, "--report", tmp_path / "ut")
    assert result.exit_code == 2 and "share the name 'god'" in result.stderr.casefold()
    assert not (tmp_path / "ut").exists()


@pytest.mark.libreoffice
def test_libreoffice_converts_both_reports_to_pdf(reports: Path, tmp_path: Path, minstekrav: Any) -> None:
    c = words("nb")["answer_check"]
    for name in ("nei-kontroll.docx", "nei-kontroll.xlsx"):
        text = pdf_text(convert_to_pdf(reports / name, tmp_path / "pdf", tmp_path / "lo"))
        assert c["title"] in text and minstekrav.id in text and "A011" in text, name
