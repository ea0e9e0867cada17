"""The filled evaluation workbook read back: the plan it carries, and the committee's scores and comments.

The workbook comes back from the committee, so it is read like every workbook
from outside, through `answers.workbook.read_workbook` (size, zip and XML
rules; formulas never evaluated). The control sheet gives the plan and the
fingerprint of every locked cell (`control.py`); the layout of that plan
(`layout.py`) says where the scores are. Every score must be a number from 0
to 10; each wrong one is reported with its sheet!cell.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from ..answers.workbook import COMMITTEE, AnsweredWorkbook, Sheet, Value, read_workbook
from ..diagnostics import Diagnostic, InputError, display_path, error, warning
from ..locale import texts
from ..locale.messages import _
from .control import check_cells, read_control
from .layout import REJECTION_TEXT_COLUMN, CriterionSheet, Layout, ref
from .plan import EvaluationPlan
from .scoring import SCALE_MAX, exact
from .sheets import workbook_layout

Key = tuple[int, int, str]
"""(criterion index, row index within the criterion, supplier)."""


@dataclass(frozen=True)
class Judgement:
    """The committee's scores (one per evaluator) and comment for one row and one supplier."""

    scores: tuple[Fraction, ...]
    comment: str

    @property
    def points(self) -> Fraction:
        """The evaluators' average."""
        return sum(self.scores, Fraction(0)) / len(self.scores)


@dataclass(frozen=True)
class FilledEvaluation:
    path: Path
    plan: EvaluationPlan
    judgements: Mapping[Key, Judgement]
    justifications: Mapping[str, str]
    """The committee's own reason for each rejected tender ('' when it wrote none)."""
    warnings: tuple[Diagnostic, ...] = ()


def read_filled(path: Path) -> FilledEvaluation:
    """The filled evaluation workbook; `InputError` naming sheet!cell for every problem."""
    book = read_workbook(path, source=COMMITTEE)
    plan, cells = read_control(book)
    words = texts(plan.language)
    places = workbook_layout(plan, words)
    changed = check_cells(book, cells, input_cells(places))
    if changed:
        raise InputError(changed)
    found: list[Diagnostic] = []
    judgements: dict[Key, Judgement] = {}
    for sheet in places.criteria:
        found += _read_criterion(book, plan, sheet, judgements)
    justifications = _justifications(book, places, found)
    if any(d.severity == "error" for d in found):
        raise InputError(found)
    return FilledEvaluation(book.path, plan, judgements, justifications, tuple(found))


def _justifications(book: AnsweredWorkbook, places: Layout, found: list[Diagnostic]) -> dict[str, str]:
    """The committee's own reason for each rejected tender."""
    if places.rejected is None:
        return {}
    sheet = book.sheet(places.rejected.name)
    assert sheet is not None  # check_cells found every sheet of the plan
    formulas = {(f.row, f.column) for f in sheet.formulas}
    for _supplier, row in places.rejected.rows:
        if (row, REJECTION_TEXT_COLUMN) in formulas:
            found.append(_formula_comment(sheet.name, row, REJECTION_TEXT_COLUMN, display_path(book.path)))
    return {name: _text(sheet.value(row, REJECTION_TEXT_COLUMN)) for name, row in places.rejected.rows}


def input_cells(places: Layout) -> dict[str, set[str]]:
    """The cells the committee fills in, by sheet: scores, comments and reasons for rejection."""
    cells: dict[str, set[str]] = {}
    for sheet in places.criteria:
        mine = cells.setdefault(sheet.name, set())
        for row in range(sheet.first_item_row, sheet.last_item_row + 1):
            for block in sheet.suppliers:
                mine.update(ref(row, c) for c in (*block.scores, block.comment))
    if places.rejected is not None:
        cells[places.rejected.name] = {ref(row, REJECTION_TEXT_COLUMN) for _, row in places.rejected.rows}
    return cells


def _read_criterion(book: AnsweredWorkbook, plan: EvaluationPlan, sheet: CriterionSheet,
                    judgements: dict[Key, Judgement]) -> list[Diagnostic]:
    shown = display_path(book.path)
    ws = book.sheet(sheet.name)
    assert ws is not None  # check_cells found every sheet of the plan
    found: list[Diagnostic] = []
    criterion = plan.criteria[sheet.criterion]
    formulas = {(f.row, f.column) for f in ws.formulas}
    for block in sheet.suppliers:
        commented = False
        for index, item in enumerate(criterion.items):
            row = sheet.first_item_row + index
            scores = []
            for column, evaluator in zip(block.scores, plan.evaluators, strict=True):
                what = (_("{supplier} on {id} ({evaluator})") if len(plan.evaluators) > 1
                        else _("{supplier} on {id}")).format(supplier=block.supplier, id=item.id, evaluator=evaluator)
                score, problem = _score(ws, row, column, shown, what, formulas)
                if problem is not None:
                    found.append(problem)
                elif score is not None:
                    scores.append(score)
            if (row, block.comment) in formulas:
                found.append(_formula_comment(ws.name, row, block.comment, shown))
            comment = _text(ws.value(row, block.comment))
            commented = commented or bool(comment)
            if len(scores) == len(block.scores):
                judgements[(sheet.criterion, index, block.supplier)] = Judgement(tuple(scores), comment)
        if criterion.items and not commented:
            found.append(warning("E023", _("sheet '{sheet}' has no comment for {supplier}, so the award "
                                           "justification shows its points without reasons").format(
                                     sheet=sheet.name, supplier=block.supplier),
                                 _("Write in the comment cells why each tender got its points; the suppliers are "
                                   "entitled to the reasons."), file=shown))
    return found


def _formula_comment(sheet: str, row: int, column: int, shown: str) -> Diagnostic:
    # A comment typed with a leading "=" becomes a formula; its saved value may be an error or nothing.
    return error("E024", _("the comment is a formula, which is never evaluated"),
                 _("Type the comment as plain text; to start it with '=', type an apostrophe first."),
                 file=shown, sheet=sheet, line=row, column=column)


def _score(ws: Sheet, row: int, column: int, shown: str, what: str,
           formulas: set[tuple[int, int]]) -> tuple[Fraction | None, Diagnostic | None]:
    value = ws.value(row, column)
    where = {"file": shown, "sheet": ws.name, "line": row, "column": column}
    if (row, column) in formulas:
        return None, error("E021", _("the score for {what} is a formula, which is never evaluated").format(what=what),
                           _type_score(), **where)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, error("E020", _("no score for {what}").format(what=what),
                           _("Give every requirement and deliverable a score from 0 to 10 before writing the "
                             "report."), **where)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, error("E021", _("the score for {what} is {value}, not a number").format(
                               what=what, value=_quoted(value)), _type_score(), **where)
    if value != value or not 0 <= value <= SCALE_MAX:
        return None, error("E022", _("the score for {what} is {value:g}, outside the scale 0–10").format(
                               what=what, value=value), _("Give a score from 0 to 10."), **where)
    return exact(value), None


def _type_score() -> str:
    return _("Type the score as a number from 0 to 10, e.g. 7 or 7.5.")


def _quoted(value: Value) -> str:
    shown = str(value)
    return f"'{shown[:40]}…'" if len(shown) > 40 else f"'{shown}'"


def _text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()

