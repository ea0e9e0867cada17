"""A joint tender's part of the workbook: the member matrix, the scope and option columns, the instructions.

One row per requirement, one column per member: '✓' where the requirement
applies to the member, 'Opsjon' where it is an option for the member, '–'
where it does not apply, each followed by the member's priority when the
profile records one. The sheet is locked like the answer sheet: it shows the
tender, the supplier answers nothing in it.
"""

from __future__ import annotations

from typing import Any

from ..resolved import Specification, SpecRequirement
from .joint import applies_to, has_options, matrix_cell, member_names, member_priorities
from .xlsx import COLUMNS
from .xlsx_blocks import RowWriter, page_setup, protect_sheet, text_cell
from .xlsx_layout import JOINT_DESCRIPTION_WIDTH, JOINT_WIDTHS, WIDTHS, row_height

ID_WIDTH, TITLE_WIDTH, MEMBER_WIDTH = 12, 40, 14


def joint_instructions(spec: Specification, words: dict[str, Any]) -> list[str]:
    """Instruction lines for the columns 'Gjelder' and 'Opsjon'; none in a tender without members or options."""
    w = words["joint"]["workbook"]
    if spec.members:
        return [w["instructions"].format(members=member_names(spec, words)), w["options"]]
    return [w["options"]] if has_options(spec) else []


def matrix_sheet(wb: Any, frame: Specification, words: dict[str, Any]) -> Any:
    """Create the sheet with its header (its rows follow, see `matrix_rows`)."""
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(words["joint"]["workbook"]["matrix_sheet"])
    headers, widths = _matrix_columns(frame, words)
    letters = [get_column_letter(i) for i in range(1, len(headers) + 1)]
    for letter, width in zip(letters, widths, strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "C2"
    ws.print_title_rows = "1:1"
    ws.auto_filter.ref = f"A1:{letters[-1]}{sum(len(m.requirements) for m in frame.modules) + 1}"
    page_setup(ws, words, landscape=True)
    protect_sheet(ws)
    ws.row_dimensions[1].height = row_height(list(zip(headers, widths, strict=True)), minimum_lines=2)
    ws.append([text_cell(ws, h, "krav_header") for h in headers])
    return ws


def matrix_rows(writer: RowWriter, spec: Specification, words: dict[str, Any]) -> str:
    """The sheet's requirement rows as XML (see `xlsx.RowWriter`)."""
    letters = [_column_letter(i) for i in range(3, len(spec.members) + 3)]
    priorities = member_priorities(spec)
    for n, req in enumerate(spec.requirements(), 2):
        marks = [matrix_cell(req, m, priorities[m.id], words) for m in spec.members]
        height = row_height([(req.title, TITLE_WIDTH)])
        writer.row(n, [
            writer.text(f"A{n}", req.id, "krav_locked_bold"),
            writer.text(f"B{n}", req.title, "krav_locked"),
            *(writer.text(f"{letter}{n}", mark, "krav_locked") for letter, mark in zip(letters, marks, strict=True)),
        ], height)
    return writer.xml()


def _matrix_columns(spec: Specification, words: dict[str, Any]) -> tuple[list[str], list[int]]:
    columns = words["workbook"]["columns"]
    headers = [columns["id"], columns["title"], *(m.label for m in spec.members)]
    return headers, [ID_WIDTH, TITLE_WIDTH, *([MEMBER_WIDTH] * len(spec.members))]


def _column_letter(number: int) -> str:
    """Excel's name of column `number` (1 is A, 27 is AA)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def answer_columns(spec: Specification) -> tuple[str, ...]:
    """The columns of the answer sheet: a joint tender adds whom each requirement applies to, and options."""
    extra = (("scope",) if spec.members else ()) + (("option",) if spec.members or has_options(spec) else ())
    return COLUMNS + extra


def column_widths(columns: tuple[str, ...]) -> tuple[float, ...]:
    if len(columns) == len(COLUMNS):
        return WIDTHS
    narrower = tuple(JOINT_DESCRIPTION_WIDTH if c == "description" else w for c, w in zip(COLUMNS, WIDTHS, strict=True))
    return narrower + tuple(JOINT_WIDTHS[c] for c in columns[len(COLUMNS):])


def joint_cells(req: SpecRequirement, spec: Specification, words: dict[str, Any],
                columns: tuple[str, ...]) -> tuple[str, ...]:
    """The locked texts of the joint columns: 'alle' or the members, and 'Opsjon' or ''."""
    values = {"scope": applies_to(req, spec, words), "option": words["joint"]["option"] if req.option else ""}
    return tuple(values[c] for c in columns[len(COLUMNS):])

