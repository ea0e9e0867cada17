"""The cells of the evaluation workbook, and the one way they are written.

Each cell is described first (`text`, `number`, `formula`, `entry`) and then
written by `SheetWriter`, which also records the fingerprint of every locked
cell for the control sheet (`control.py`): so no cell can be written without
being checked when the workbook comes back. Texts are always written as text
(`export.xlsx._text_cell`), never as formulas, whatever they begin with.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..export.xlsx_blocks import text_cell
from .control import FORMULA, Cells, fingerprint
from .layout import ref

CELL_LIMIT = 32767
"""Characters Excel keeps in one cell."""
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Cell:
    kind: str
    """'text', 'number', 'formula' or 'input' (an unlocked cell for the committee)."""
    value: Any
    style: str
    comment: str = ""
    """A note shown when the mouse rests on the cell (the scale, on the score headers)."""


def text(value: str, style: str = "krav_locked") -> Cell:
    return Cell("text", clean(value), style)


def number(value: float | int | None, style: str = "krav_locked") -> Cell:
    return Cell("number", value, style)


def formula(expression: str, style: str = "eval_points") -> Cell:
    return Cell("formula", expression, style)


def entry(style: str) -> Cell:
    return Cell("input", None, style)


def clean(value: str) -> str:
    """Text as a cell can hold it: no control characters, one kind of line break, at most 32,767 characters."""
    value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return value if len(value) <= CELL_LIMIT else value[: CELL_LIMIT - 1] + "…"


class SheetWriter:
    """Appends rows to a write-only sheet and records the fingerprint of every locked cell."""

    def __init__(self, ws: Any, cells: Cells) -> None:
        self.ws = ws
        self.row = 0
        self.prints = cells.setdefault(ws.title, {})

    def append(self, cells: Sequence[Cell | None], height: float | None = None) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.comments import Comment

        self.row += 1
        if height:
            self.ws.row_dimensions[self.row].height = height
        out: list[Any] = []
        for column, cell in enumerate(cells, 1):
            if cell is None:
                out.append(None)
                continue
            if cell.kind == "text":
                made = text_cell(self.ws, cell.value, cell.style)
            else:
                made = WriteOnlyCell(self.ws, value=cell.value)
                made.style = cell.style
            if cell.comment:
                made.comment = Comment(cell.comment, "anskaffelse", height=260, width=420)
            out.append(made)
            key = ref(self.row, column)
            if cell.kind == "formula":
                self.prints[key] = FORMULA
            elif cell.kind != "input" and (print_ := fingerprint(cell.value)) is not None:
                self.prints[key] = print_
        self.ws.append(out)


def spread(cells: Mapping[int, Cell], offset: int) -> list[Cell | None]:
    """A row list from {column: cell}; `offset` columns are already in the row."""
    if not cells:
        return []
    return [cells.get(column) for column in range(offset + 1, max(cells) + 1)]


def literal(value: float) -> str:
    """A weight as a formula constant, exactly as the plan holds it (33.3333 stays 33.3333)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def register_styles(wb: Any) -> None:
    """The styles of the evaluation workbook besides the answer workbook's: score and comment cells (unlocked,
    light yellow), computed points (grey, two decimals), rank, and a rejected tender (red)."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side

    thin = Side(style="thin", color="A6A6A6")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    grey = PatternFill("solid", fgColor="F2F2F2")
    top = Alignment(wrap_text=True, vertical="top")
    specs = {
        "eval_score": dict(number_format="General", border=border, alignment=Alignment(horizontal="center",
                           vertical="top"), fill=PatternFill("solid", fgColor="FFF2CC"),
                           protection=Protection(locked=False)),
        "eval_comment": dict(border=border, alignment=top, fill=PatternFill("solid", fgColor="FFF2CC"),
                             protection=Protection(locked=False)),
        "eval_points": dict(number_format="0.00", border=border, alignment=top, fill=grey,
                            protection=Protection(locked=True)),
        "eval_points_bold": dict(number_format="0.00", border=border, alignment=top, fill=grey, font=Font(bold=True),
                                 protection=Protection(locked=True)),
        "eval_rank": dict(number_format="0", border=border, alignment=Alignment(horizontal="center", vertical="top"),
                          fill=grey, font=Font(bold=True), protection=Protection(locked=True)),
        "eval_rejected": dict(border=border, alignment=top, fill=PatternFill("solid", fgColor="F4CCCC"),
                              font=Font(bold=True), protection=Protection(locked=True)),
        "pris_total_locked": dict(number_format="#,##0.00", border=border, alignment=top, fill=grey,
                                  protection=Protection(locked=True)),
    }
    for name, attrs in specs.items():
        wb.add_named_style(NamedStyle(name=name, **attrs))
