"""The filled evaluation workbook read back: wrong scores and edited workbooks give exit 1 with sheet!cell.

The workbook comes back from the committee and is read through the one door
for untrusted workbooks; its control sheet recognises a wrong workbook, and
the fingerprint of every locked cell an edited one. Nothing is written when
anything is wrong.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from .conftest import Cli, words
from .evaluation_support import cell_of, fill_scores, header_row, item_rows
from .test_evaluate_model import A, B, make


@dataclass(frozen=True)
class Small:
    spec: Path
    answers: dict[str, Path]
    evaluation: Path
    filled: Path


def score(sheet: str, item: str, supplier: str, evaluator: int) -> int:
    return 8 if supplier == A else 6


def reasons(sheet: str, item: str, supplier: str) -> str:
    return f"{supplier} viser {item} godt."


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Small:
    """The small tender of `test_evaluate_model`, evaluated, and a copy with the committee's scores."""
    tmp = tmp_path_factory.mktemp("small")
    spec, answers = make(tmp)
    evaluation = tmp / "evaluering.xlsx"
    result = Cli()("evaluate", spec, *answers.values(), "-o", evaluation, "--prices", tmp / "priser.yaml")
    assert result.exit_code == 0, result.output
    return Small(spec, answers, evaluation, fill_scores(evaluation, tmp / "utfylt.xlsx", [A, B], score, reasons))


@pytest.fixture(scope="module")
def filled(small: Small) -> Path:
    return small.filled


@pytest.fixture(scope="module")
def evaluation(small: Small) -> Path:
    return small.evaluation


REPORT = "tildelingsbegrunnelse.docx"


def edited(source: Path, target: Path, change: Callable[[Any], None]) -> Path:
    book = load_workbook(source)
    change(book)
    book.save(target)
    return target


def report_of(cli: Cli, workbook: Path, out: Path) -> Any:
    result = cli("evaluate", "report", workbook, "-o", out, "--format", "docx")
    assert "Traceback" not in result.output
    return result


def assert_refused(result: Any, out: Path, code: str, *where: str) -> None:
    assert result.exit_code == 1, result.output
    assert f"({code})" in result.stderr, result.stderr
    for text in where:
        assert text in result.stderr, result.stderr
    assert not (out / REPORT).exists()


def first_item(workbook: Path, sheet: str = "Drift") -> tuple[str, int]:
    ws = load_workbook(workbook)[sheet]
    return next(iter(item_rows(ws).items()))


@pytest.mark.parametrize(("score", "code"), [(11, "E022"), (-1, "E022"), ("ti", "E021"), (None, "E020"),
                                             ("=5+5", "E021"), (True, "E021")])
def test_a_wrong_score_is_refused_with_its_sheet_and_cell(filled: Path, tmp_path: Path, cli: Cli, score: Any,
                                                         code: str) -> None:
    item, _ = first_item(filled)
    cell = cell_of(filled, "Drift", B, item)
    target = edited(filled, tmp_path / "scores.xlsx", lambda book: book["Drift"].__setitem__(cell, score))
    result = report_of(cli, target, tmp_path / "out")
    assert_refused(result, tmp_path / "out", code, f"Drift!{cell}", B, item)


def test_every_wrong_score_is_reported_at_once(evaluation: Path, tmp_path: Path, cli: Cli) -> None:
    bad = {(A, 1): 11, (B, 2): "ti"}

    rows = list(item_rows(load_workbook(evaluation)["Drift"]))[:2]

    def wrong(sheet: str, item: str, supplier: str, evaluator: int) -> Any:
        for (who, index), value in bad.items():
            if sheet == "Drift" and supplier == who and item == rows[index - 1]:
                return value
        return 5

    target = fill_scores(evaluation, tmp_path / "f.xlsx", [A, B], wrong, reasons)
    result = report_of(cli, target, tmp_path / "out")
    assert_refused(result, tmp_path / "out", "E022", "(E021)")


def test_a_changed_weight_is_found(filled: Path, tmp_path: Path, cli: Cli) -> None:
    _, row = first_item(filled)
    target = edited(filled, tmp_path / "w.xlsx", lambda book: book["Drift"].__setitem__(f"C{row}", 10 ** 3))
    assert_refused(report_of(cli, target, tmp_path / "out"), tmp_path / "out", "E013", f"Drift!C{row}")


def test_a_changed_supplier_answer_is_found(filled: Path, tmp_path: Path, cli: Cli) -> None:
    _, row = first_item(filled)
    ws = load_workbook(filled)["Drift"]
    column = next(c for c in range(1, ws.max_column + 1)
                  if ws.cell(header_row(ws), c).value == words("nb")["evaluation_workbook"]["columns"]["description"]
                  .format(supplier=B))
    from openpyxl.utils import get_column_letter

    cell = f"{get_column_letter(column)}{row}"
    target = edited(filled, tmp_path / "a.xlsx", lambda book: book["Drift"].__setitem__(cell, "Alt er levert."))
    assert_refused(report_of(cli, target, tmp_path / "out"), tmp_path / "out", "E013", f"Drift!{cell}")


def test_a_renamed_supplier_in_the_summary_is_found(filled: Path, tmp_path: Path, cli: Cli) -> None:
    summary = words("nb")["evaluation_workbook"]["summary_sheet"]

    def rename(book: Any) -> None:
        ws = book[summary]
        cell = next(c for row in ws.iter_rows() for c in row if c.value == B)
        cell.value = "Noen andre AS"

    target = edited(filled, tmp_path / "n.xlsx", rename)
    assert_refused(report_of(cli, target, tmp_path / "out"), tmp_path / "out", "E013", f"{summary}!A")


def test_a_note_in_a_locked_cell_is_found(filled: Path, tmp_path: Path, cli: Cli) -> None:
    target = edited(filled, tmp_path / "note.xlsx", lambda book: book["Drift"].__setitem__("AZ3", "husk"))
    assert_refused(report_of(cli, target, tmp_path / "out"), tmp_path / "out", "E014", "Drift!AZ3")


def test_an_inserted_row_is_found(filled: Path, tmp_path: Path, cli: Cli) -> None:
    _, row = first_item(filled)
    target = edited(filled, tmp_path / "row.xlsx", lambda book: book["Drift"].insert_rows(row))
    assert_refused(report_of(cli, target, tmp_path / "out"), tmp_path / "out", "E013", f"Drift!A{row}")


def test_a_deleted_or_renamed_sheet_is_found(filled: Path, tmp_path: Path, cli: Cli) -> None:
    target = edited(filled, tmp_path / "s.xlsx", lambda book: setattr(book["Øvrig"], "title", "Annet"))
    assert_refused(report_of(cli, target, tmp_path / "out"), tmp_path / "out", "E012", "'Øvrig'")


def test_an_edited_control_sheet_is_found(filled: Path, tmp_path: Path, cli: Cli) -> None:
    def forge(book: Any) -> None:
        ws = book["Kontroll"]
        for row in ws.iter_rows():
            if row[0].value == "content" and B in row[1].value:
                row[1].value = row[1].value.replace(B, "Omsorgsdata AB")
                return
        raise AssertionError("the supplier is not named in the control sheet")

    target = edited(filled, tmp_path / "c.xlsx", forge)
    assert_refused(report_of(cli, target, tmp_path / "out"), tmp_path / "out", "E011", "Kontroll")


def test_a_supplier_answer_workbook_is_not_an_evaluation_workbook(small: Small, tmp_path: Path, cli: Cli) -> None:
    result = report_of(cli, small.answers[A], tmp_path / "out")
    assert_refused(result, tmp_path / "out", "E010", "answer workbook, not an evaluation workbook")


@pytest.mark.parametrize("content", [b"Leverand\xc3\xb8r;Poeng\nA;7\n", b"PK\x03\x04 cut short"])
def test_a_file_that_is_no_workbook_is_refused_by_the_one_door(tmp_path: Path, cli: Cli, content: bytes) -> None:
    path = tmp_path / "evaluering.xlsx"
    path.write_bytes(content)
    assert_refused(report_of(cli, path, tmp_path / "out"), tmp_path / "out", "A001")


def test_a_missing_comment_is_a_warning_and_the_report_is_written(evaluation: Path, tmp_path: Path,
                                                                  cli: Cli) -> None:
    target = fill_scores(evaluation, tmp_path / "f.xlsx", [A, B], score)
    result = report_of(cli, target, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "(E023)" in result.stderr and (tmp_path / "out" / REPORT).is_file()


def test_the_report_leaves_the_workbook_as_it_was(filled: Path, tmp_path: Path, cli: Cli) -> None:
    copy = shutil.copy(filled, tmp_path / "copy.xlsx")
    before = Path(copy).read_bytes()
    assert report_of(cli, Path(copy), tmp_path / "out").exit_code == 0
    assert Path(copy).read_bytes() == before


def test_a_comment_typed_as_a_formula_is_refused(filled: Path, tmp_path: Path, cli: Cli) -> None:
    from openpyxl.utils import get_column_letter

    from .evaluation_support import score_columns

    _, row = first_item(filled)
    _, comment = score_columns(load_workbook(filled)["Drift"], A)
    cell = f"{get_column_letter(comment)}{row}"
    target = edited(filled, tmp_path / "f.xlsx", lambda book: book["Drift"].__setitem__(cell, "=godt+svar"))
    assert_refused(report_of(cli, target, tmp_path / "out"), tmp_path / "out", "E024", f"Drift!{cell}")
