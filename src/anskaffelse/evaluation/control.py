"""The control sheet of the evaluation workbook: the plan, and a fingerprint of every locked cell.

The report is written from the filled workbook alone, so the workbook carries
what the report needs: the plan (criteria, rows, weights, suppliers, prices,
evaluators) as JSON in a very hidden sheet, and for every locked cell a short
SHA-256 of its value (or the mark `f` for a formula, whose value the
spreadsheet computes). A SHA-256 of all of that guards the control sheet
itself. Reading back, every locked cell is compared with its fingerprint, and
any value outside the score and comment cells is reported with its
sheet!cell: a changed weight, a renamed supplier, an inserted row.

This finds a wrong workbook and edits made in a spreadsheet program. It is no
seal: someone who recomputes the fingerprints can change the workbook unseen,
as with any file without a secret key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from ..answers.workbook import AnsweredWorkbook, Sheet, Value
from ..diagnostics import Diagnostic, InputError, display_path, error
from ..export.xlsx import CONTROL_FORMAT as ANSWER_SHEET_FORMAT
from ..export.xlsx import CONTROL_SHEET
from ..locale.messages import _, ngettext
from .plan import FORMAT, EvaluationPlan, from_data, to_data

CHUNK = 8000
"""Characters of the JSON per cell; a cell holds at most 32,767."""
HASH_CHARS = 16
FORMULA = "f"
"""The fingerprint of a formula cell: the spreadsheet computes its value, any value is fine."""
SHOWN_FINDINGS = 20
"""Changed cells reported one by one before the rest are counted."""

Cells = dict[str, dict[str, str]]
"""Sheet name -> cell reference -> fingerprint."""


def cell_token(value: Value) -> str | None:
    """A value as the fingerprint sees it; None for an empty cell.

    A spreadsheet may save 450.0 as 450, so numbers are compared as floats.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return f"b:{int(value)}"
    if isinstance(value, int | float):
        return f"n:{float(value)!r}"
    return f"s:{value}"


def fingerprint(value: Value) -> str | None:
    token = cell_token(value)
    if token is None:
        return None
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_CHARS]


def control_rows(plan: EvaluationPlan, cells: Cells) -> list[tuple[str, str]]:
    """The rows of the control sheet: format, specification, content checksum, then the content."""
    text = _content_text(plan, cells)
    rows = [("format", FORMAT), ("specification_sha256", plan.specification),
            ("content_sha256", hashlib.sha256(text.encode("utf-8")).hexdigest())]
    rows += [("content", text[i:i + CHUNK]) for i in range(0, len(text), CHUNK)]
    return rows


def _content_text(plan: EvaluationPlan, cells: Cells) -> str:
    return json.dumps({"plan": to_data(plan), "cells": cells}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"), allow_nan=False)


def read_control(book: AnsweredWorkbook) -> tuple[EvaluationPlan, Cells]:
    """The plan and cell fingerprints the workbook was made with; `InputError` when they cannot be trusted."""
    shown = display_path(book.path)
    control = book.sheet(CONTROL_SHEET)
    marker = control.value(1, 2) if control is not None else None
    if control is None or marker != FORMAT:
        raise InputError([_not_evaluation(shown, marker == ANSWER_SHEET_FORMAT)])
    stored = control.value(3, 2)
    text = "".join(str(row[1]) for row in control.rows[3:]
                   if len(row) >= 2 and row[0] == "content" and isinstance(row[1], str))
    if not isinstance(stored, str) or hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() != stored:
        raise InputError([_damaged(shown, _("its content does not match its checksum"))])
    try:
        data = json.loads(text)
    except ValueError:
        raise InputError([_damaged(shown, _("its content is not readable"))]) from None
    problem = next(iter(_validator().iter_errors(data)), None)
    if problem is not None:
        raise InputError([_damaged(shown, _("its content is not what the tool writes"))])
    return from_data(data["plan"]), data["cells"]


def _not_evaluation(shown: str, answer_sheet: bool) -> Diagnostic:
    if answer_sheet:
        return error("E010", _("{file} is a supplier's answer workbook, not an evaluation workbook").format(
                         file=shown),
                     _("Make the evaluation workbook first: anskaffelse evaluate SPEC.json ANSWERS.xlsx... "
                       "-o evaluering.xlsx; fill in the scores there."), file=shown)
    return error("E010", _("{file} has no control sheet of an evaluation workbook, so it was not made by "
                           "'anskaffelse evaluate'").format(file=shown),
                 _("Give the workbook that 'anskaffelse evaluate' wrote, with the scores filled in."), file=shown)


def _damaged(shown: str, why: str) -> Diagnostic:
    return error("E011", _("the control sheet '{sheet}' of {file} was changed: {why}").format(
                     sheet=CONTROL_SHEET, file=shown, why=why),
                 _("Use the evaluation workbook as 'anskaffelse evaluate' wrote it; copy the scores into a new "
                   "one if it was damaged."), file=shown)


def check_cells(book: AnsweredWorkbook, cells: Cells, inputs: Mapping[str, set[str]]) -> list[Diagnostic]:
    """Findings for every locked cell that was changed and every value outside the input cells."""
    from openpyxl.utils import get_column_letter

    shown = display_path(book.path)
    found: list[Diagnostic] = []
    for sheet_name, expected in cells.items():
        sheet = book.sheet(sheet_name)
        if sheet is None:
            found.append(error("E012", _("{file} has no sheet '{sheet}'").format(file=shown, sheet=sheet_name),
                               _("A sheet of the evaluation workbook was renamed or deleted; rename it back, or "
                                 "make the workbook again."), file=shown, sheet=sheet_name))
            continue
        free = inputs.get(sheet_name, set())
        here: list[Diagnostic] = []
        for row_number, row in enumerate(sheet.rows, 1):
            for column, value in enumerate(row, 1):
                cell = f"{get_column_letter(column)}{row_number}"
                if cell in free:
                    continue
                here += _compare(sheet, cell, expected.get(cell), value, shown, row_number, column)
        for cell, wanted in expected.items():
            if wanted != FORMULA and _value_at(sheet, cell) is None:
                here.append(_changed(sheet.name, cell, shown, emptied=True))
        found += sorted(here, key=lambda d: (d.line, d.column))
    return _shortened(found)


def _compare(sheet: Sheet, cell: str, wanted: str | None, value: Value, shown: str, row: int,
             column: int) -> list[Diagnostic]:
    if wanted == FORMULA:
        return []
    actual = fingerprint(value)
    if actual is None or actual == wanted:
        return []
    if wanted is None:
        return [error("E014", _("{cell} holds a value, but only score and comment cells are filled in").format(
                          cell=f"{sheet.name}!{cell}"),
                      _("Remove it; write notes in the comment cells. Rows and columns must not be inserted or "
                        "moved."), file=shown, sheet=sheet.name, line=row, column=column)]
    return [_changed(sheet.name, cell, shown, False, row, column)]


def _changed(sheet: str, cell: str, shown: str, emptied: bool, row: int = 0, column: int = 0) -> Diagnostic:
    if not row:
        from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

        letters, row = coordinate_from_string(cell)
        column = column_index_from_string(letters)
    message = (_("{cell} is empty, but held a locked value; it is locked") if emptied
               else _("{cell} was changed; it is locked"))
    return error("E013", message.format(cell=f"{sheet}!{cell}"),
                 _("Undo the change: only score and comment cells may be edited. Rows and columns must not be "
                   "inserted, moved or deleted."), file=shown, sheet=sheet, line=row, column=column)


def _value_at(sheet: Sheet, cell: str) -> Value:
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letters, row = coordinate_from_string(cell)
    return sheet.value(row, column_index_from_string(letters))


def _shortened(found: list[Diagnostic]) -> list[Diagnostic]:
    if len(found) <= SHOWN_FINDINGS:
        return found
    rest = len(found) - SHOWN_FINDINGS
    first = found[0]
    return [*found[:SHOWN_FINDINGS],
            error(first.code, ngettext("… and {count} more changed cell", "… and {count} more changed cells",
                                       rest).format(count=rest),
                  _("A row or column was probably inserted or deleted; undo that, or make the evaluation workbook "
                    "again."), file=first.file)]


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(CONTENT_SCHEMA)


_TEXT = {"type": "string", "maxLength": 40000}
_NAME = {"type": "string", "maxLength": 1000}
_ITEM = {"type": "object", "additionalProperties": False,
         "required": ["id", "title", "text", "weight", "deliverable", "guidance"],
         "properties": {"id": _NAME, "title": _TEXT, "text": _TEXT, "guidance": _TEXT,
                        "weight": {"type": "integer", "minimum": 0, "maximum": 1000},
                        "deliverable": {"type": "boolean"}}}
_CRITERION = {"type": "object", "additionalProperties": False,
              "required": ["name", "weight", "description", "price_model", "years", "bands", "items"],
              "properties": {"name": _NAME, "weight": {"type": "number", "minimum": 0, "maximum": 100},
                             "description": _TEXT, "price_model": {"enum": ["", "lineær", "proporsjonal"]},
                             "years": {"type": "integer", "minimum": 0, "maximum": 1000},
                             "bands": {"type": "array", "maxItems": 10,
                                       "items": {"type": "array", "prefixItems": [_NAME, _TEXT],
                                                 "minItems": 2, "maxItems": 2}},
                             "items": {"type": "array", "maxItems": 100000, "items": _ITEM}}}
_SUPPLIER = {"type": "object", "additionalProperties": False, "required": ["name", "rejected", "price"],
             "properties": {"name": _NAME, "rejected": {"type": "array", "items": _TEXT},
                            "price": {"anyOf": [{"type": "null"}, {"type": "number", "exclusiveMinimum": 0}]}}}
CONTENT_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["plan", "cells"],
    "properties": {
        "plan": {"type": "object", "additionalProperties": False,
                 "required": ["format", "language", "title", "reference", "buyers", "date", "specification",
                              "award_basis", "price_source", "evaluators", "criteria", "suppliers"],
                 "properties": {
                     "format": {"const": FORMAT}, "language": {"enum": ["nb", "nn", "en"]},
                     "title": _TEXT, "reference": _NAME, "buyers": {"type": "array", "items": _NAME},
                     "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                     "specification": _NAME, "award_basis": _NAME,
                     "price_source": {"enum": ["", "form", "file"]},
                     "evaluators": {"type": "array", "minItems": 1, "maxItems": 12, "items": _NAME},
                     "criteria": {"type": "array", "minItems": 1, "maxItems": 100, "items": _CRITERION},
                     "suppliers": {"type": "array", "minItems": 1, "maxItems": 1000, "items": _SUPPLIER}}},
        "cells": {"type": "object", "additionalProperties": {
            "type": "object", "additionalProperties": {"type": "string", "pattern": "^(f|[0-9a-f]{16})$"},
            "propertyNames": {"pattern": "^[A-Z]{1,3}[1-9][0-9]{0,6}$"}}},
    },
}
