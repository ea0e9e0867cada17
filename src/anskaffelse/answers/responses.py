"""A supplier's answers, read from an answered workbook.

The answer sheet has one row per requirement (ID in column A, the answer in
column H, the description in column I); the price form has one row per cost
element with its unit price in column E. Values come from `read_workbook`, so
nothing of the file is evaluated.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..export.xlsx import COLUMNS
from ..locale import texts
from ..resolved import Specification
from .workbook import AnsweredWorkbook, Value

_ID, _ANSWER, _DESCRIPTION = (COLUMNS.index(c) + 1 for c in ("id", "answer", "description"))
_PRICE_NAME, _UNIT_PRICE = 2, 5


@dataclass(frozen=True)
class Answer:
    requirement_id: str
    value: str | int | float | bool | None
    """The answer cell as read (None = empty)."""
    description: str
    """The supplier's description or comment ('' when empty)."""
    cell: str
    """The answer cell, e.g. "Svarskjema!H12"."""


@dataclass(frozen=True)
class SupplierAnswers:
    path: Path
    supplier: str
    answers: Mapping[str, Answer]
    """By requirement ID, in sheet order."""
    unit_prices: Mapping[str, float | None]
    """Price element name -> unit price (empty when the workbook has no price form)."""
    formulas: tuple[str, ...]


def read_answers(book: AnsweredWorkbook, spec: Specification) -> SupplierAnswers:
    """The answers and unit prices of one supplier; the supplier is named after the file."""
    words = texts(spec.language)
    sheet_name = words["workbook"]["answers_sheet"]
    sheet = book.sheet(sheet_name)
    answers: dict[str, Answer] = {}
    if sheet is not None:
        for row in range(2, len(sheet.rows) + 1):
            req_id = sheet.value(row, _ID)
            if isinstance(req_id, str) and req_id and req_id not in answers:
                description = sheet.value(row, _DESCRIPTION)
                answers[req_id] = Answer(req_id, _blank_to_none(sheet.value(row, _ANSWER)),
                                         "" if description is None else str(description),
                                         f"{sheet_name}!H{row}")
    prices: dict[str, float | None] = {}
    form = book.sheet(words["workbook_price"]["sheet"])
    if form is not None:
        for row in range(2, len(form.rows) + 1):
            name, price = form.value(row, _PRICE_NAME), form.value(row, _UNIT_PRICE)
            if isinstance(form.value(row, 1), int) and isinstance(name, str):
                number = isinstance(price, int | float) and not isinstance(price, bool)
                prices[name] = float(price) if number else None  # type: ignore[arg-type]
    return SupplierAnswers(book.path, book.path.stem, answers, prices, ())


def _blank_to_none(value: Value) -> Value:
    return None if value == "" else value
