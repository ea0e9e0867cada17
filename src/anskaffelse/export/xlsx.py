"""The supplier response sheet as an Excel workbook.

Sheets: instructions; the response sheet (locked requirement cells, unlocked
answer cells, dropdowns, filter, frozen header, print set-up); the price form
when the profile has one (`xlsx_price.py`); a hidden sheet
with the answer lists; and a very hidden control sheet with the SHA-256 of
every requirement text and of the whole specification, so an answered sheet
can later be checked for edits. Rows are streamed (openpyxl write-only mode).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from copy import copy
from typing import Any

from ..locale import long_date, texts
from ..resolved import Specification, SpecRequirement
from . import ExportOptions
from .xlsx_blocks import (
    RowWriter,
    page_setup,
    protect_sheet,
    register_styles,
    splice_rows,
    style_of,
    text_cell,
    validation_messages,
)
from .xlsx_layout import row_height
from .zipfix import normalise

CONTROL_FORMAT = "anskaffelse-svarskjema/1"
CONTROL_SHEET = "Kontroll"
COLUMNS = ("id", "module", "title", "text", "obligation", "weight", "response", "answer",
           "description", "reference")
JOINT_COLUMNS = ("scope", "option")
"""Added after the answer columns in a joint tender (scope only with members), so H–J stay the answers."""
ANSWER_COLUMNS = ("H", "I", "J")


def export_xlsx(spec: Specification, options: ExportOptions) -> bytes:
    from openpyxl import Workbook

    words = texts(spec.language)
    wb = Workbook(write_only=True)
    register_styles(wb)
    reqs = list(spec.requirements())
    _instructions_sheet(wb, spec, words)
    answers = wb.create_sheet(words["workbook"]["answers_sheet"])
    if spec.price_form is not None:
        from .xlsx_price import price_sheet, register_price_styles

        register_price_styles(wb)
        price_sheet(wb, spec.price_form, words)
    matrix = None
    if spec.members:
        from .xlsx_members import matrix_sheet

        matrix, matrix_rows = matrix_sheet(wb, spec, words)
    lists = wb.create_sheet(words["workbook"]["lists_sheet"])
    list_ranges = _lists_sheet(lists, reqs, words)
    answer_rows = _answers_sheet(answers, spec, reqs, words, list_ranges)
    control = wb.create_sheet(CONTROL_SHEET)
    control_rows = _control_sheet(control, spec, reqs)
    _properties(wb, spec, words, options.epoch)
    buffer = io.BytesIO()
    wb.save(buffer)
    sheet_path = {ws: f"xl/worksheets/sheet{i}.xml" for i, ws in enumerate(wb.worksheets, 1)}
    rows = {sheet_path[answers]: answer_rows, sheet_path[control]: control_rows}
    if matrix is not None:
        rows[sheet_path[matrix]] = matrix_rows
    return normalise(buffer.getvalue(), options.epoch, rewrite=lambda name, data: splice_rows(data, rows.get(name)))


def _instructions_sheet(wb: Any, spec: Specification, words: dict[str, Any]) -> None:
    ws = wb.create_sheet(words["workbook"]["instructions_sheet"])
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 100
    page_setup(ws, words, landscape=False)
    protect_sheet(ws)
    rows = _tender_rows(spec, words)
    from .xlsx_members import joint_instructions

    lines = [*words["workbook"]["instructions"], *joint_instructions(spec, words)]
    rows += [(f"{i}.", line, "krav_plain") for i, line in enumerate(lines, 1)]
    from .xlsx_price import evaluation_rows

    rows += evaluation_rows(spec, words)
    for i, (label, value, style) in enumerate(rows, 1):
        ws.row_dimensions[i].height = row_height([(value, 100), (label, 24)])
        if style == "krav_answer":
            ws.append([text_cell(ws, label, "krav_label"), _input_cell(ws, f"B{i}", words["workbook"])])
            continue
        label_style = "krav_label" if style == "krav_plain" else style
        ws.append([text_cell(ws, label, label_style), text_cell(ws, value, "krav_plain")])


def _input_cell(ws: Any, ref: str, wbw: dict[str, Any]) -> Any:
    """The unlocked cell for the supplier's name, which the answer check reads back."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(allow_blank=True, showInputMessage=True, promptTitle=wbw["supplier_prompt_title"][:32],
                        prompt=wbw["supplier_prompt"][:255])
    dv.sqref = ref
    ws.data_validations.append(dv)
    cell = WriteOnlyCell(ws)
    cell._style = copy(style_of(ws, "krav_answer"))
    return cell


def _tender_rows(spec: Specification, words: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The facts of the tender a supplier needs beside the answers: who, which procedure, when, whom to ask."""
    d, t = words["document"], spec.tender
    rows: list[tuple[str, str, str]] = [
        (words["workbook"]["title"], "", "krav_title"),
        (t.title, "", "krav_label"),
        ("", "", "krav_plain"),
        (words["workbook"]["supplier"], "", "krav_answer"),
        ("", "", "krav_plain"),
        (d["buyers"], "; ".join(f"{b.name} ({d['org_number']} {b.org_number})" for b in t.buyers), "krav_plain"),
        (d["reference"], t.reference, "krav_plain"),
        (d["date"], long_date(t.date, t.language), "krav_plain"),
        (d["version"], t.version, "krav_plain"),
        (d["procedure"], words["procedure"].get(t.procedure, t.procedure) or words["not_given"], "krav_plain"),
        (d["contract_standard"], t.contract_standard or words["not_given"], "krav_plain"),
        (d["deadline"], long_date(t.deadline, t.language), "krav_plain"),
    ]
    contact = ", ".join(part for part in (t.contact.name, t.contact.email, t.contact.phone) if part)
    if contact:
        rows.append((words["workbook"]["contact"], contact, "krav_plain"))
    rows += [(d["library"], f"{spec.library_name} {spec.library_version}", "krav_plain"), ("", "", "krav_plain")]
    return rows


def _lists_sheet(ws: Any, reqs: list[SpecRequirement], words: dict[str, Any]) -> dict[tuple[str, ...], str]:
    """Write every answer list as a column; return the sheet range for each list."""
    from openpyxl.utils import get_column_letter, quote_sheetname

    answer = words["answer"]
    lists: dict[tuple[str, ...], None] = {(answer["yes"], answer["no"]): None,
                                          (answer["yes"], answer["no"], answer["partly"]): None}
    for req in reqs:
        if req.response_type == "valg":
            lists[req.options] = None
    columns = list(lists)
    ranges = {}
    for i, values in enumerate(columns, 1):
        letter = get_column_letter(i)
        ranges[values] = f"{quote_sheetname(ws.title)}!${letter}$1:${letter}${len(values)}"
    height = max(len(v) for v in columns)
    for row in range(height):
        ws.append([text_cell(ws, v[row], "krav_plain") if row < len(v) else None for v in columns])
    ws.sheet_state = "hidden"
    protect_sheet(ws)
    return ranges


def _answers_sheet(ws: Any, spec: Specification, reqs: list[SpecRequirement], words: dict[str, Any],
                   list_ranges: dict[tuple[str, ...], str]) -> str:
    """Set up the response sheet and write its header; return the requirement rows as XML."""
    from openpyxl.utils import get_column_letter

    from .xlsx_members import answer_columns, column_widths, joint_cells

    wbw = words["workbook"]
    last = len(reqs) + 1
    columns = answer_columns(spec)
    widths = column_widths(columns)
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "B2"
    ws.print_title_rows = "1:1"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
    page_setup(ws, words, landscape=True)
    protect_sheet(ws)
    _validations(ws, reqs, words, list_ranges)
    _mark_unanswered(ws, words, last)
    headers = [(wbw["columns"] | words["joint"]["workbook"]["columns"])[c] for c in columns]
    ws.row_dimensions[1].height = row_height(list(zip(headers, widths, strict=True)), minimum_lines=2)
    ws.append([text_cell(ws, h, "krav_header") for h in headers])
    modules = {m.id: m.title for m in spec.modules}
    writer = RowWriter(ws.parent, ws)
    obligation = words["obligation"]
    shown = widths[1:5] + widths[6:7] + widths[len(COLUMNS):]
    for n, req in enumerate(reqs, 2):
        weight = req.weight if req.obligation == "evaluert" else None
        response = response_label(req, words)
        joint = joint_cells(req, spec, words, columns)
        cells = (modules[req.module], req.title, req.text, obligation[req.obligation], response, *joint)
        height = row_height(list(zip(cells, shown, strict=True)), minimum_lines=2)
        writer.row(n, [
            writer.text(f"A{n}", req.id, "krav_locked_bold"),
            writer.shared_text(f"B{n}", modules[req.module], "krav_locked"),
            writer.text(f"C{n}", req.title, "krav_locked"),
            writer.text(f"D{n}", req.text, "krav_locked"),
            writer.shared_text(f"E{n}", obligation[req.obligation], "krav_locked"),
            writer.number(f"F{n}", weight, "krav_locked"),
            writer.shared_text(f"G{n}", response, "krav_locked"),
            writer.empty(f"H{n}", "krav_answer"),
            writer.empty(f"I{n}", "krav_answer"),
            writer.empty(f"J{n}", "krav_answer"),
            *(writer.shared_text(f"{letter}{n}", value, "krav_locked")
              for letter, value in zip("KL", joint, strict=False)),
        ], height)
    return writer.xml()


def response_label(req: SpecRequirement, words: dict[str, Any]) -> str:
    label = words["response"][req.response_type]
    return f"{label} ({req.unit})" if req.unit else label


def _validations(ws: Any, reqs: list[SpecRequirement], words: dict[str, Any],
                 list_ranges: dict[tuple[str, ...], str]) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    answer = words["answer"]
    by_list: dict[str, list[int]] = {}
    numbers: list[int] = []
    for row, req in enumerate(reqs, 2):
        if req.response_type == "ja-nei":
            by_list.setdefault(list_ranges[(answer["yes"], answer["no"])], []).append(row)
        elif req.response_type == "ja-nei-delvis":
            by_list.setdefault(list_ranges[(answer["yes"], answer["no"], answer["partly"])], []).append(row)
        elif req.response_type == "valg":
            by_list.setdefault(list_ranges[req.options], []).append(row)
        elif req.response_type == "tall":
            numbers.append(row)
    messages = words["workbook"]["validation"]
    for source, rows in by_list.items():
        dv = DataValidation(type="list", formula1=source, allow_blank=True, **validation_messages(messages, "list"))
        dv.sqref = _sqref("H", rows)
        ws.data_validations.append(dv)
    if numbers:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                            **validation_messages(messages, "number"))
        dv.sqref = _sqref("H", numbers)
        ws.data_validations.append(dv)


def _sqref(column: str, rows: Iterable[int]) -> str:
    """Rows 2,3,4,7 -> 'H2:H4 H7': consecutive rows collapse into ranges."""
    spans: list[list[int]] = []
    for row in rows:
        if spans and spans[-1][1] == row - 1:
            spans[-1][1] = row
        else:
            spans.append([row, row])
    return " ".join(f"{column}{a}" if a == b else f"{column}{a}:{column}{b}" for a, b in spans)


def _mark_unanswered(ws: Any, words: dict[str, Any], last: int) -> None:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill

    minstekrav = words["obligation"]["minstekrav"]
    description = words["response"]["beskrivelse"]
    # A description answer goes in column I; every other answer in column H.
    formula = f'AND($E2="{minstekrav}",IF($G2="{description}",LEN($I2)=0,LEN($H2)=0))'
    fill = PatternFill("solid", fgColor="F4CCCC", bgColor="F4CCCC")
    if last >= 2:
        ws.conditional_formatting.add(f"H2:I{last}", FormulaRule(formula=[formula], fill=fill))


def _control_sheet(ws: Any, spec: Specification, reqs: list[SpecRequirement]) -> str:
    """The very hidden control sheet; returns its rows as XML."""
    rows = [
        ("format", CONTROL_FORMAT, ""),
        ("specification_sha256", spec.fingerprint, ""),
        ("library", spec.library_id, spec.library_version),
        # The tender, not the profile file: a file name is internal to the buyer.
        ("tender_reference", spec.tender.reference, spec.tender.version, spec.tender.date),
        ("requirement", "text_sha256", "row"),
    ]
    rows += [(r.id, r.fingerprint, str(row)) for row, r in enumerate(reqs, 2)]
    writer = RowWriter(ws.parent, ws)
    for n, values in enumerate(rows, 1):
        writer.row(n, [writer.text(f"{col}{n}", v, "krav_plain") for col, v in zip("ABCD", values, strict=False)])
    ws.sheet_state = "veryHidden"
    protect_sheet(ws)
    return writer.xml()


def _properties(wb: Any, spec: Specification, words: dict[str, Any], epoch: int) -> None:
    import datetime as dt

    stamp = dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None)
    props = wb.properties
    props.title = f"{words['workbook']['title']} – {spec.tender.title}"
    props.creator = "; ".join(b.name for b in spec.tender.buyers)
    props.lastModifiedBy = props.creator
    props.identifier = spec.tender.reference
    props.version = spec.tender.version
    props.language = words["language_tag"]
    props.created = stamp
    props.modified = stamp
