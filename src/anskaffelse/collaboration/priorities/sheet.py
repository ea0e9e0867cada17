"""A member's priority workbook: the candidate requirements, one priority and one comment per row.

Made with the building blocks of the supplier's answer sheet (`export.xlsx`):
its named styles, sheet protection, print set-up, text cells that can never
become formulas, rows streamed as SpreadsheetML text, and fixed timestamps.
Sheets: instructions; the priorities (locked ID, chapter, title, text and
guidance; an unlocked priority cell with a list and an unlocked comment
cell); the very hidden control sheet (`control.py`).
"""

from __future__ import annotations

import io
from typing import Any

from ...epoch import utc
from ...export.xlsx_blocks import (
    RowWriter,
    page_setup,
    protect_sheet,
    register_styles,
    splice_rows,
    text_cell,
    validation_messages,
)
from ...export.xlsx_layout import row_height
from ...export.zipfix import normalise
from ...locale import texts
from ...resolved import Member, Tender
from .control import CONTROL_SHEET, control_rows
from .joint import Candidate
from .rules import LEVEL_CODES, LEVELS

COLUMNS = ("id", "module", "title", "text", "guidance", "priority", "comment")
WIDTHS = (12, 16, 22, 48, 40, 14, 32)
PRIORITY_COLUMN = COLUMNS.index("priority") + 1
COMMENT_COLUMN = COLUMNS.index("comment") + 1
_LETTERS = "ABCDEFG"


def level_labels(lang: str) -> tuple[str, ...]:
    """The labels of the levels in `lang`, strongest first: Må, Bør, Kan, Ikke aktuelt (nn: Ikkje aktuelt)."""
    labels = texts(lang)["prioritize"]["levels"]
    return tuple(labels[LEVEL_CODES[level]] for level in LEVELS)


def priority_workbook(candidates: tuple[Candidate, ...], member: Member, tender: Tender, epoch: int) -> bytes:
    """The workbook for one member, in the member's language; the same bytes for the same input."""
    from openpyxl import Workbook

    words = texts(member.language)
    wb = Workbook(write_only=True)
    register_styles(wb)
    _instructions(wb, candidates, member, tender, words)
    priorities = wb.create_sheet(words["prioritize"]["sheet"])
    rows = _priority_sheet(priorities, candidates, words)
    control = wb.create_sheet(CONTROL_SHEET)
    control_xml = _control_sheet(control, control_rows(candidates, member.id, member.language, tender.reference))
    _properties(wb, member, tender, words, epoch)
    buffer = io.BytesIO()
    wb.save(buffer)
    sheet_path = {ws: f"xl/worksheets/sheet{i}.xml" for i, ws in enumerate(wb.worksheets, 1)}
    spliced = {sheet_path[priorities]: rows, sheet_path[control]: control_xml}
    return normalise(buffer.getvalue(), epoch, rewrite=lambda name, data: splice_rows(data, spliced.get(name)))


def _instructions(wb: Any, candidates: tuple[Candidate, ...], member: Member, tender: Tender,
                  words: dict[str, Any]) -> None:
    p = words["prioritize"]
    ws = wb.create_sheet(p["instructions_sheet"])
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 100
    page_setup(ws, words, landscape=False)
    protect_sheet(ws)
    rows: list[tuple[str, str, str]] = [
        (p["title"], "", "krav_title"),
        (tender.title, "", "krav_label"),
        ("", "", "krav_plain"),
        (p["facts"]["tender"], tender.title, "krav_plain"),
        (p["facts"]["reference"], tender.reference, "krav_plain"),
        (p["facts"]["member"], member.name, "krav_plain"),
        (p["facts"]["requirements"], str(len(candidates)), "krav_plain"),
        ("", "", "krav_plain"),
    ]
    rows += [(f"{i}.", line, "krav_plain") for i, line in enumerate(p["instructions"], 1)]
    rows += [("", "", "krav_plain"), (p["meanings_heading"], "", "krav_label")]
    rows += [(p["levels"][code], p["meanings"][code], "krav_plain") for code in LEVEL_CODES.values()]
    rows += [("", "", "krav_plain"), (p["merge_heading"], p["merge"], "krav_plain")]
    for i, (label, value, style) in enumerate(rows, 1):
        ws.row_dimensions[i].height = row_height([(value, 100), (label, 24)])
        label_style = "krav_label" if style == "krav_plain" else style
        ws.append([text_cell(ws, label, label_style), text_cell(ws, value, "krav_plain")])


def _priority_sheet(ws: Any, candidates: tuple[Candidate, ...], words: dict[str, Any]) -> str:
    """Set up the priority sheet and write its header; return the candidate rows as XML."""
    p = words["prioritize"]
    last = len(candidates) + 1
    for letter, width in zip(_LETTERS, WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "B2"
    ws.print_title_rows = "1:1"
    ws.auto_filter.ref = f"A1:G{last}"
    page_setup(ws, words, landscape=True)
    protect_sheet(ws)
    _priority_list(ws, p, last)
    headers = [p["columns"][c] for c in COLUMNS]
    ws.row_dimensions[1].height = row_height(list(zip(headers, WIDTHS, strict=True)), minimum_lines=2)
    ws.append([text_cell(ws, h, "krav_header") for h in headers])
    writer = RowWriter(ws.parent, ws)
    for n, c in enumerate(candidates, 2):
        cells = (c.id, c.module, c.title, c.text, c.guidance)
        height = row_height(list(zip(cells, WIDTHS, strict=False)), minimum_lines=2)
        writer.row(n, [
            writer.text(f"A{n}", c.id, "krav_locked_bold"),
            writer.text(f"B{n}", c.module, "krav_locked"),
            writer.text(f"C{n}", c.title, "krav_locked"),
            writer.text(f"D{n}", c.text, "krav_locked"),
            writer.text(f"E{n}", c.guidance, "krav_locked"),
            writer.empty(f"F{n}", "krav_answer"),
            writer.empty(f"G{n}", "krav_answer"),
        ], height)
    return writer.xml()


def _priority_list(ws: Any, p: dict[str, Any], last: int) -> None:
    """A list of the four priorities in the priority column, and a mark on each row still without one."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    if last < 2:
        return
    labels = [p["levels"][code] for code in LEVEL_CODES.values()]
    # A list written into the rule itself: four short words, well below Excel's 255 characters.
    messages = {f"list_{key}": value for key, value in p["validation"].items()}
    dv = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True,
                        **validation_messages(messages, "list"))
    dv.sqref = f"F2:F{last}"
    ws.data_validations.append(dv)
    fill = PatternFill("solid", fgColor="FFF2CC", bgColor="FFF2CC")
    ws.conditional_formatting.add(f"F2:F{last}", FormulaRule(formula=["LEN($F2)=0"], fill=fill))


def _control_sheet(ws: Any, rows: list[tuple[str, str, str]]) -> str:
    writer = RowWriter(ws.parent, ws)
    for n, values in enumerate(rows, 1):
        writer.row(n, [writer.text(f"{col}{n}", v, "krav_plain") for col, v in zip("ABC", values, strict=True)])
    ws.sheet_state = "veryHidden"
    protect_sheet(ws)
    return writer.xml()


def _properties(wb: Any, member: Member, tender: Tender, words: dict[str, Any], epoch: int) -> None:

    stamp = utc(epoch)
    props = wb.properties
    props.title = f"{words['prioritize']['title']} – {member.name}"
    props.creator = "; ".join(b.name for b in tender.buyers)
    props.lastModifiedBy = props.creator
    props.identifier = tender.reference
    props.language = words["language_tag"]
    props.created = stamp
    props.modified = stamp
