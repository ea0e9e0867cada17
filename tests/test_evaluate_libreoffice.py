"""The evaluation workbook and the award justification in LibreOffice.

LibreOffice recalculates the workbook's formulas: the values must be the
numbers worked out by hand in `test_evaluate.py` and `test_evaluate_model.py`.
A workbook saved by LibreOffice (the control sheet then merely hidden) still
gives the report. Both documents convert to PDF.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from .conftest import Cli, words
from .evaluation_support import fill_scores
from .test_evaluate import A, B, C, Example, evaluated_example
from .test_export_pdf import require_uno
from .test_libreoffice import TIMEOUT, convert_to_pdf, pdf_text, require_tool


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Example:
    return evaluated_example(tmp_path_factory.mktemp("tender"))


@pytest.fixture(scope="module")
def tender(example: Example) -> tuple[Path, dict[str, Path]]:
    return example.spec, example.answers


@pytest.fixture(scope="module")
def evaluation(example: Example) -> Path:
    return example.evaluation


@pytest.fixture(scope="module")
def filled(example: Example) -> Path:
    return example.filled


pytestmark = pytest.mark.libreoffice


def recalculated(source: Path, work: Path) -> Path:
    """The workbook as LibreOffice saves it after opening it: every formula computed."""
    soffice = require_tool("soffice", "libreoffice")
    out = work / "recalculated"
    subprocess.run([soffice, f"-env:UserInstallation={(work / 'lo').as_uri()}", "--headless", "--norestore",
                    "--convert-to", "xlsx", "--outdir", str(out), str(source)],
                   capture_output=True, timeout=TIMEOUT, check=True)
    return out / source.name


def summary_rows(path: Path) -> dict[str, tuple[Any, ...]]:
    e = words("nb")["evaluation_workbook"]
    ws = load_workbook(path, data_only=True)[e["summary_sheet"]]
    rows = [tuple(c.value for c in row) for row in ws.iter_rows()]
    header = next(i for i, row in enumerate(rows) if row[:2] == (e["columns"]["supplier"], e["columns"]["status"]))
    return {row[0]: row[2:] for row in rows[header + 1:header + 4]}


@pytest.fixture(scope="module")
def recalculated_example(filled: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return recalculated(filled, tmp_path_factory.mktemp("recalc"))


def test_libreoffice_computes_the_hand_computed_points_totals_and_ranks(recalculated_example: Path) -> None:
    rows = summary_rows(recalculated_example)
    # A: 4.00 + 1.20 + 3.00 = 8.20, rank 1. B: 3.50 + 1.80 + 30 % × (10 − 10 × 844 000 / 5 500 000) = 7.84, rank 2.
    assert rows[A] == pytest.approx((4.0, 1.2, 3.0, 8.2, 1))
    assert rows[B][:2] == pytest.approx((3.5, 1.8))
    assert rows[B][2] == pytest.approx(0.3 * (10 - 10 * 844_000 / 5_500_000))
    assert rows[B][3:] == pytest.approx((7.84, 2))
    assert rows[C] == (None, None, None, None, None)


def test_libreoffice_computes_the_price_points(recalculated_example: Path) -> None:
    ws = load_workbook(recalculated_example, data_only=True)["Pris"]
    values = {row[0].value: [c.value for c in row[1:4]] for row in ws.iter_rows() if row[0].value in (A, B, C)}
    assert values[A] == pytest.approx([5_500_000, 10, 3])
    assert values[B] == pytest.approx([6_344_000, 10 - 10 * 844_000 / 5_500_000, 0.3 * (10 - 10 * 844_000 / 5_500_000)])
    assert values[C] == [None, words("nb")["evaluation_workbook"]["status_rejected"], None]


def test_a_workbook_saved_by_libreoffice_still_gives_the_report(recalculated_example: Path, tmp_path: Path,
                                                                cli: Cli) -> None:
    result = cli("evaluate", "report", recalculated_example, "-o", tmp_path, "--format", "docx")
    assert result.exit_code == 0, result.output
    assert f"1. {A}: 8.20" in result.stderr and f"2. {B}: 7.84" in result.stderr


def test_several_evaluators_are_averaged_by_libreoffice_too(tmp_path: Path, cli: Cli) -> None:
    from .test_evaluate_model import A as MA
    from .test_evaluate_model import B as MB
    from .test_evaluate_model import make, two_evaluators

    spec, answers = make(tmp_path)
    assert cli("evaluate", spec, *answers.values(), "-o", tmp_path / "e.xlsx", "--prices", tmp_path / "priser.yaml",
               "--evaluators", "Kari,Ola").exit_code == 0
    fill_scores(tmp_path / "e.xlsx", tmp_path / "f.xlsx", [MA, MB], two_evaluators, lambda *_: "Godt.")
    rows = summary_rows(recalculated(tmp_path / "f.xlsx", tmp_path))
    # A: 40 % × 165.5 / 23 + 30 % × 5 + 30 % × 8 = 6.7782... = 6.78; B: 40 % × 172 / 23 + 1.80 + 3.00 = 7.79.
    assert rows[MA] == pytest.approx((0.4 * 165.5 / 23, 1.5, 2.4, 6.78, 2))
    assert rows[MB] == pytest.approx((0.4 * 172 / 23, 1.8, 3.0, 7.79, 1))


def test_the_evaluation_workbook_prints_to_pdf_without_its_control_sheet(evaluation: Path, tmp_path: Path) -> None:
    text = pdf_text(convert_to_pdf(evaluation, tmp_path / "pdf", tmp_path / "lo"))
    assert words("nb")["evaluation_workbook"]["title"] in text
    assert A in text and B in text
    assert "anskaffelse-evaluering" not in text


def test_the_award_justification_is_written_as_pdf_too(filled: Path, tmp_path: Path, cli: Cli) -> None:
    require_uno()
    result = cli("evaluate", "report", filled, "-o", tmp_path, "--format", "docx,pdf")
    assert result.exit_code == 0, result.output
    text = pdf_text(tmp_path / "tildelingsbegrunnelse.pdf")
    r = words("nb")["award_report"]
    assert r["title"] in text and r["advantages_heading"] in text
    assert "Side 1 av" in text
    assert convert_to_pdf(tmp_path / "tildelingsbegrunnelse.docx", tmp_path / "pdf", tmp_path / "lo").is_file()
