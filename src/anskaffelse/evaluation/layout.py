"""Where everything sits in the evaluation workbook, worked out from the plan alone.

The writer places cells by this layout and the reader finds the scores by the
same layout, so the two can never disagree and the workbook needs to carry
only the plan. Rows and columns are 1-based.

A quality criterion's sheet: a title, the description, the score bands, then
a header row, one row per requirement or deliverable, and two result rows
(the criterion's points and its weighted points). Per evaluated supplier a
block of columns: answer, description, one score per evaluator, the average
when there are several evaluators, and the committee's comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from .plan import Criterion, EvaluationPlan

SHEET_NAME_LIMIT = 31
"""Excel refuses longer sheet names."""
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\\x00-\x1f]")

FIRST_BAND_ROW = 4
FIXED_COLUMNS = 3
"""ID, requirement, weight."""


@dataclass(frozen=True)
class SupplierColumns:
    supplier: str
    answer: int
    description: int
    scores: tuple[int, ...]
    """One per evaluator."""
    average: int | None
    """The average of the evaluators' scores; None with one evaluator."""
    comment: int

    @property
    def points(self) -> int:
        """The column whose values the criterion's points are computed from."""
        return self.average if self.average is not None else self.scores[0]


@dataclass(frozen=True)
class CriterionSheet:
    name: str
    criterion: int
    """Index into the plan's criteria."""
    header_row: int
    first_item_row: int
    item_count: int
    points_row: int
    weighted_row: int
    suppliers: tuple[SupplierColumns, ...]

    @property
    def last_item_row(self) -> int:
        return self.first_item_row + self.item_count - 1

    @property
    def last_column(self) -> int:
        return max([FIXED_COLUMNS, *(s.comment for s in self.suppliers)])


@dataclass(frozen=True)
class PriceSheet:
    name: str
    criterion: int
    header_row: int
    rows: tuple[tuple[str, int], ...]
    """(supplier, row) for every supplier: evaluated ones first, each in the order given."""
    evaluated: int
    """How many of `rows` are evaluated tenders."""


@dataclass(frozen=True)
class Summary:
    name: str
    header_row: int
    rows: tuple[tuple[str, int], ...]
    """(supplier, row): evaluated suppliers first (they are ranked), then the rejected ones."""
    evaluated: int
    criterion_columns: tuple[int, ...]
    total_column: int
    rank_column: int


@dataclass(frozen=True)
class RejectedSheet:
    """The rejected tenders: supplier, the reasons found, and a cell for the committee's own reason."""

    name: str
    header_row: int
    rows: tuple[tuple[str, int], ...]


REJECTION_TEXT_COLUMN = 3
SUMMARY_HEADER_ROW = 3
"""Below the summary's title and an empty row."""
REJECTED_HEADER_ROW = 3


@dataclass(frozen=True)
class SheetNames:
    """The fixed sheet names, in the workbook's language."""

    instructions: str
    summary: str
    rejected: str
    control: str


@dataclass(frozen=True)
class Layout:
    instructions: str
    summary: Summary
    rejected: RejectedSheet | None
    criteria: tuple[CriterionSheet, ...]
    price: PriceSheet | None


def layout(plan: EvaluationPlan, names: SheetNames) -> Layout:
    """The layout of `plan`'s workbook."""
    taken = {n.casefold() for n in (names.instructions, names.summary, names.rejected, names.control)}
    criteria: list[CriterionSheet] = []
    price: PriceSheet | None = None
    evaluated = [s.name for s in plan.evaluated]
    ordered = [*evaluated, *(s.name for s in plan.rejected)]
    for index, criterion in enumerate(plan.criteria):
        name = sheet_name(criterion.name, taken)
        if criterion.is_price:
            header = 5
            price = PriceSheet(name, index, header, tuple((s, header + 1 + i) for i, s in enumerate(ordered)),
                               len(evaluated))
        else:
            criteria.append(_criterion_sheet(name, index, criterion, evaluated, len(plan.evaluators)))
    header = SUMMARY_HEADER_ROW
    count = len(plan.criteria)
    summary = Summary(names.summary, header, tuple((s, header + 1 + i) for i, s in enumerate(ordered)),
                      len(evaluated), tuple(range(3, 3 + count)), 3 + count, 4 + count)
    rejected = None
    if plan.rejected:
        rows = tuple((s.name, REJECTED_HEADER_ROW + 1 + i) for i, s in enumerate(plan.rejected))
        rejected = RejectedSheet(names.rejected, REJECTED_HEADER_ROW, rows)
    return Layout(names.instructions, summary, rejected, tuple(criteria), price)


def _criterion_sheet(name: str, index: int, criterion: Criterion, suppliers: list[str],
                     evaluators: int) -> CriterionSheet:
    header = FIRST_BAND_ROW + len(criterion.bands) + 1
    first = header + 1
    count = len(criterion.items)
    width = 3 + evaluators + (1 if evaluators > 1 else 0)
    blocks = []
    for i, supplier in enumerate(suppliers):
        start = FIXED_COLUMNS + 1 + i * width
        scores = tuple(range(start + 2, start + 2 + evaluators))
        average = scores[-1] + 1 if evaluators > 1 else None
        blocks.append(SupplierColumns(supplier, start, start + 1, scores, average, start + width - 1))
    points_row = first + count + 1
    return CriterionSheet(name, index, header, first, count, points_row, points_row + 1, tuple(blocks))


def sheet_name(wanted: str, taken: set[str]) -> str:
    """A sheet name Excel accepts, unique in the workbook (case does not count); adds it to `taken`."""
    base = _NOT_IN_SHEET_NAMES.sub(" ", wanted).strip().strip("'").strip() or "_"
    base = base[:SHEET_NAME_LIMIT].rstrip()
    name, number = base, 2
    while name.casefold() in taken:
        suffix = f" ({number})"
        name = base[: SHEET_NAME_LIMIT - len(suffix)].rstrip() + suffix
        number += 1
    taken.add(name.casefold())
    return name


def ref(row: int, column: int) -> str:
    """'E12' for row 12, column 5."""
    return f"{get_column_letter(column)}{row}"
