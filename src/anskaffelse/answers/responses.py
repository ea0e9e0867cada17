"""A supplier's answers as plain values: what the answer check and the evaluation read.

`read_answers` takes a workbook that came through the one door
(`workbook.read_workbook`) and the `Specification` it answers, and returns the
answer, description and cell of every requirement row, the unit prices of the
price form and the cells that held formulas. It finds nothing wrong; the
checks in `checks.py` do that.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..export.xlsx import COLUMNS
from ..export.xlsx_members import answer_columns
from ..export.xlsx_price import COLUMNS as PRICE_COLUMNS
from ..export.xlsx_price import price_layout
from ..limits import NAME
from ..locale import texts
from ..resolved import PriceForm, Specification
from .workbook import AnsweredWorkbook, Sheet, Value, WorkbookLimits

ID_COLUMN = COLUMNS.index("id") + 1
ANSWER_COLUMN = COLUMNS.index("answer") + 1
DESCRIPTION_COLUMN = COLUMNS.index("description") + 1
REFERENCE_COLUMN = COLUMNS.index("reference") + 1
UNIT_PRICE_COLUMN = PRICE_COLUMNS.index("unit_price") + 1
SUM_COLUMN = PRICE_COLUMNS.index("sum") + 1

ROW_ALLOWANCE = 1_000
"""Rows a sheet may have beyond what the specification writes: the instructions, the price form, room for slips."""
COLUMN_ALLOWANCE = 50
UNPACKED_BASE = 20_000_000
"""Unpacked bytes every answer workbook may use: styles, instructions, price form, lists and room to spare."""
UNPACKED_PER_REQUIREMENT = 50_000
"""Unpacked bytes per requirement: its row with a 10,000-character text and a description of several pages."""


@dataclass(frozen=True)
class Answer:
    requirement_id: str
    value: str | int | float | bool | None
    """The answer cell as read (None = empty); for a formula, the value last saved with it."""
    description: str
    """The supplier's description/comment cell ('' when empty)."""
    cell: str
    """e.g. "Svarskjema!H12" (sheet!cell of the answer cell)."""


@dataclass(frozen=True)
class SupplierAnswers:
    path: Path
    supplier: str
    answers: Mapping[str, Answer]
    """By requirement ID, in sheet order; a requirement without a row in the sheet is missing."""
    unit_prices: Mapping[str, float | None]
    """Price element name -> unit price (None when empty or not a number); empty when the spec has no price form."""
    formulas: tuple[str, ...]
    """Cells that held formulas ("Svarskjema!H12"): reported, never evaluated."""


def limits_for(spec: Specification) -> WorkbookLimits:
    """How large an answer workbook for `spec` can honestly be: rows, columns and unpacked bytes."""
    count = spec.requirement_count
    price_rows = len(spec.price_form.elements) if spec.price_form else 0
    lists = sum(1 for r in spec.requirements() if r.response_type == "valg")
    return WorkbookLimits(
        unpacked_bytes=UNPACKED_BASE + UNPACKED_PER_REQUIREMENT * count,
        rows=max(count, price_rows) + ROW_ALLOWANCE,
        # A joint tender adds columns to the answer sheet, and a member matrix of 2 + members columns.
        columns=max(len(answer_columns(spec)), 2 + lists, 2 + len(spec.members)) + COLUMN_ALLOWANCE,
    )


def answers_sheet(book: AnsweredWorkbook, spec: Specification) -> Sheet | None:
    return book.sheet(texts(spec.language)["workbook"]["answers_sheet"])


def price_sheet(book: AnsweredWorkbook, spec: Specification) -> Sheet | None:
    return book.sheet(texts(spec.language)["workbook_price"]["sheet"])


def requirement_rows(sheet: Sheet) -> dict[str, int]:
    """The first row of each requirement ID in the answer sheet."""
    rows: dict[str, int] = {}
    for number in range(2, len(sheet.rows) + 1):
        value = sheet.value(number, ID_COLUMN)
        # Exactly as published: an ID with a space added is a changed locked cell, not the requirement.
        if isinstance(value, str) and value.strip():
            rows.setdefault(value, number)
    return rows


def cell_name(sheet: str, row: int, column: int) -> str:
    """'Svarskjema!H12'; a sheet name with spaces or punctuation in quotes, as spreadsheets write it."""
    from ..diagnostics import column_letter

    plain = sheet.replace("_", "").isalnum()
    shown = sheet if plain else "'" + sheet.replace("'", "''") + "'"
    return f"{shown}!{column_letter(column)}{row}"


def read_answers(book: AnsweredWorkbook, spec: Specification) -> SupplierAnswers:
    """The supplier's answers to `spec` in `book`, as plain values with their cells."""
    sheet = answers_sheet(book, spec)
    answers: dict[str, Answer] = {}
    if sheet is not None:
        wanted = {r.id for r in spec.requirements()}
        for req_id, row in sorted(requirement_rows(sheet).items(), key=lambda item: item[1]):
            if req_id in wanted:
                answers[req_id] = Answer(req_id, _answer(sheet.value(row, ANSWER_COLUMN)),
                                         _text(sheet.value(row, DESCRIPTION_COLUMN)),
                                         cell_name(sheet.name, row, ANSWER_COLUMN))
    formulas = supplier_formulas(book, spec)
    return SupplierAnswers(book.path, supplier_name(book, spec), answers, _unit_prices(book, spec), formulas)


def supplier_formulas(book: AnsweredWorkbook, spec: Specification) -> tuple[str, ...]:
    """Every cell that holds a formula, but the sums the price form was published with."""
    expected, _ = published_formulas(spec.price_form)
    price_name = texts(spec.language)["workbook_price"]["sheet"]
    return tuple(cell_name(s.name, f.row, f.column) for s in book.sheets for f in s.formulas
                 if not (s.name == price_name and normal_formula(f.text) == expected.get((f.row, f.column))))


def normal_formula(formula: str) -> str:
    """A formula as the form's own are compared: without '=', '$' and spaces, in capitals."""
    return formula.lstrip("=").replace("$", "").replace(" ", "").upper()


def published_formulas(form: PriceForm | None) -> tuple[dict[tuple[int, int], str], dict[tuple[int, int], str]]:
    """The sum formulas the price form was published with (by row and column), and its unit-price cells."""
    if form is None:
        return {}, {}
    elements, totals = price_layout(form)
    sums = {(row, SUM_COLUMN): normal_formula(formula) for row, _, formula in elements}
    sums.update({(row, SUM_COLUMN): normal_formula(formula) for row, formula in totals if formula})
    inputs = {(row, UNIT_PRICE_COLUMN): element.name for row, element, _ in elements}
    return sums, inputs


def _answer(value: Value) -> Value:
    """A cell with nothing but spaces is as empty as one with nothing."""
    return None if isinstance(value, str) and not value.strip() else value


def _text(value: Value) -> str:
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    return str(value).strip()


def supplier_name(book: AnsweredWorkbook, spec: Specification) -> str:
    """The name the supplier wrote on the instructions sheet; the file's name when there is none."""
    wb = texts(spec.language)["workbook"]
    sheet = book.sheet(wb["instructions_sheet"])
    for row in sheet.rows if sheet is not None else ():
        if row and isinstance(row[0], str) and row[0].strip() == wb["supplier"]:
            name = _text(row[1] if len(row) > 1 else None)
            if name:
                return " ".join(name.split())[:NAME]
    return book.path.stem


def _unit_prices(book: AnsweredWorkbook, spec: Specification) -> dict[str, float | None]:
    if spec.price_form is None:
        return {}
    sheet = price_sheet(book, spec)
    prices: dict[str, float | None] = {}
    for row, element, _ in price_layout(spec.price_form)[0]:
        value = sheet.value(row, UNIT_PRICE_COLUMN) if sheet is not None else None
        prices[element.name] = number(value)
    return prices


def number(value: Any) -> float | None:
    """A cell's number as a float; None for anything else (text, a truth value, empty)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)
