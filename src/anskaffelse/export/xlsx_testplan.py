"""The workbook that records the outcome of the acceptance test, one row per test case.

It holds the same test cases as the Word protocol (`docx_testplan`). Only the
result, remarks, tester and date cells are open; the result is chosen from a
list, and a summary sheet counts the outcomes with formulas this module
writes, so the count stays right while the test goes on.
"""

from __future__ import annotations

import io
from typing import Any

from ..epoch import utc
from ..locale import texts
from ..resolved import Specification, SpecRequirement
from . import ExportOptions
from .xlsx_blocks import page_setup, protect_sheet, register_styles, text_cell
from .xlsx_layout import row_height
from .zipfix import normalise

WIDTHS = (12, 18, 24, 14, 48, 32, 16, 32, 14, 11)
RESULT_COLUMN = "G"
OPEN_COLUMNS = frozenset({6, 7, 8, 9})
"""Result, remarks, tester and date (0-based column positions)."""


def export_testplan_xlsx(spec: Specification, options: ExportOptions) -> bytes:
    from openpyxl import Workbook

    words = texts(spec.language)
    t = words["testplan"]
    wb = Workbook(write_only=True)
    register_styles(wb)
    cases = wb.create_sheet(t["sheet"])
    last = _cases_sheet(cases, spec, words)
    summary = wb.create_sheet(t["summary_sheet"])
    _summary_sheet(summary, t, last)
    wb.properties.title = f"{t['title']} – {spec.tender.title}"
    wb.properties.creator = "; ".join(b.name for b in spec.tender.buyers)
    wb.properties.identifier = spec.tender.reference
    wb.properties.language = words["language_tag"]

    stamp = utc(options.epoch)
    wb.properties.created = wb.properties.modified = stamp
    buffer = io.BytesIO()
    wb.save(buffer)
    return normalise(buffer.getvalue(), options.epoch)


def _cases_sheet(ws: Any, spec: Specification, words: dict[str, Any]) -> int:
    """Writes the test cases; returns the number of the last row."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    t = words["testplan"]
    for i, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "B2"
    page_setup(ws, words, landscape=True)
    protect_sheet(ws)
    outcomes = DataValidation(type="list", formula1='"' + ",".join(t["outcomes"]) + '"', allow_blank=True,
                              showErrorMessage=True, errorTitle=t["outcome_label"], error=t["outcome_help"],
                              promptTitle=t["outcome_label"], prompt=t["outcome_help"], showInputMessage=True)
    ws.data_validations.append(outcomes)
    ws.append([text_cell(ws, name, "krav_header") for name in t["columns"]])
    row = 1
    for module in spec.modules:
        for req in module.requirements:
            values = _case_values(req, module.title, t)
            ws.row_dimensions[row + 1].height = row_height(list(zip(values, WIDTHS, strict=True)))
            ws.append([text_cell(ws, value, "krav_answer" if i in OPEN_COLUMNS else "krav_locked")
                       for i, value in enumerate(values)])
            row += 1
    if row > 1:
        outcomes.add(f"{RESULT_COLUMN}2:{RESULT_COLUMN}{row}")
    ws.auto_filter.ref = f"A1:{get_column_letter(len(WIDTHS))}{row}"
    return row


def _case_values(req: SpecRequirement, chapter: str, t: dict[str, Any]) -> list[str]:
    check = req.verification
    method = t["methods"][check.method] if check else t["method_missing"]
    steps = "\n".join(f"{i}. {step}" for i, step in enumerate(check.steps, 1)) if check else ""
    expected = check.expected if check and check.expected else t["expected_missing"]
    return [req.id, chapter, req.title, method, steps, expected, "", "", "", ""]


def _summary_sheet(ws: Any, t: dict[str, Any], last: int) -> None:
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 12
    protect_sheet(ws)
    cases = f"'{t['sheet']}'!A2:A{max(last, 2)}"
    results = f"'{t['sheet']}'!{RESULT_COLUMN}2:{RESULT_COLUMN}{max(last, 2)}"
    labels = t["summary_rows"]
    formulas = [f"=COUNTA({cases})"]
    formulas += [f'=COUNTIF({results},"{name}")' for name in t["outcomes"]]
    formulas.append("=B1-SUM(B2:B4)")
    for label, formula in zip(labels, formulas, strict=True):
        ws.append([text_cell(ws, label, "krav_label"), formula])
