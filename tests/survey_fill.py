"""Fill exported survey and dialogue workbooks as a respondent would (for tests, examples and benchmarks).

`fill` opens the blank workbook with openpyxl, writes the facts and one answer
row per requirement given, and saves the copy: what Excel would save.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from openpyxl import load_workbook


def fill(blank: Path, target: Path, facts: list[object],
         answers: Mapping[str, tuple[str, object, str]]) -> None:
    """`facts` in the order of the facts sheet; `answers` by requirement ID: (answer label, importance label or
    year, comment)."""
    book = load_workbook(blank)
    sheets = book.worksheets
    facts_sheet, answer_sheet = sheets[1], sheets[3]
    for row, value in enumerate(facts, 2):
        facts_sheet.cell(row, 2).value = value
    for row in range(2, answer_sheet.max_row + 1):
        req_id = answer_sheet.cell(row, 1).value
        if req_id in answers:
            label, second, comment = answers[req_id]
            answer_sheet.cell(row, 6).value = label
            answer_sheet.cell(row, 7).value = second
            answer_sheet.cell(row, 8).value = comment
    book.save(target)


def requirement_ids(blank: Path) -> list[str]:
    book = load_workbook(blank, read_only=True)
    ids = [row[0] for row in book.worksheets[3].iter_rows(min_row=2, max_col=1, values_only=True)]
    book.close()
    return [str(i) for i in ids if i]
