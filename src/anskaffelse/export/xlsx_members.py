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


def matrix_sheet(wb: Any, spec: Specification, words: dict[str, Any]) -> tuple[Any, str]:
    """Create the sheet and its header; return it and its requirement rows as XML (see `xlsx.RowWriter`)."""
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(words["joint"]["workbook"]["matrix_sheet"])
    columns = words["workbook"]["columns"]
    headers = [columns["id"], columns["title"], *(m.label for m in spec.members)]
    widths = [ID_WIDTH, TITLE_WIDTH, *([MEMBER_WIDTH] * len(spec.members))]
    letters = [get_column_letter(i) for i in range(1, len(headers) + 1)]
    for letter, width in zip(letters, widths, strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "C2"
    ws.print_title_rows = "1:1"
    reqs = list(spec.requirements())
    ws.auto_filter.ref = f"A1:{letters[-1]}{len(reqs) + 1}"
    page_setup(ws, words, landscape=True)
    protect_sheet(ws)
    ws.row_dimensions[1].height = row_height(list(zip(headers, widths, strict=True)), minimum_lines=2)
    ws.append([text_cell(ws, h, "krav_header") for h in headers])
    writer = RowWriter(wb, ws)
    priorities = member_priorities(spec)
    for n, req in enumerate(reqs, 2):
        marks = [matrix_cell(req, m, priorities[m.id], words) for m in spec.members]
        height = row_height([(req.title, TITLE_WIDTH)])
        writer.row(n, [
            writer.text(f"A{n}", req.id, "krav_locked_bold"),
            writer.text(f"B{n}", req.title, "krav_locked"),
            *(writer.text(f"{letter}{n}", mark, "krav_locked")
              for letter, mark in zip(letters[2:], marks, strict=True)),
        ], height)
    return ws, writer.xml()


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

