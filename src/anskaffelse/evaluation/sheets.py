"""The evaluation workbook for the committee, as Excel.

Sheets: the instructions (the tender, the evaluators, where the prices come
from, how to use the workbook); the summary (every supplier's weighted points
per criterion, total and rank, the rejected tenders last); the rejected
tenders with the reasons found and a cell for the committee's own reason;
one sheet per quality criterion and the price sheet (`criterion_sheets.py`);
and the very hidden control sheet (`control.py`). `layout.py` says where
everything sits.

Only the score and comment cells (and the committee's reasons for a
rejection) are unlocked; the sheets are protected. Totals and ranks are
formulas (`=ROUND(SUM(...),2)`, `RANK`) over the criterion sheets. The same
plan and answers give the same bytes: timestamps come from the evaluation date.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl.utils import get_column_letter, quote_sheetname

from ..epoch import utc
from ..export import xlsx_blocks
from ..export.xlsx import CONTROL_SHEET
from ..export.xlsx_blocks import page_setup, protect_sheet, text_cell
from ..export.xlsx_layout import row_height
from ..export.zipfix import normalise
from ..locale import long_date, texts
from .cells import SheetWriter, entry, formula, register_styles, text
from .control import Cells, control_rows
from .criterion_sheets import Answers, criterion_sheet, price_sheet
from .layout import Layout, RejectedSheet, SheetNames, layout, ref
from .plan import EvaluationPlan

INSTRUCTION_WIDTHS = (24, 100)


def export_evaluation(plan: EvaluationPlan, answers: Answers, epoch: int) -> bytes:
    """The bytes of the evaluation workbook; the same plan and answers give the same bytes."""
    from openpyxl import Workbook

    words = texts(plan.language)
    wb = Workbook(write_only=True)
    xlsx_blocks.register_styles(wb)
    register_styles(wb)
    places = workbook_layout(plan, words)
    cells: Cells = {}
    _instructions_sheet(wb, plan, places, words, cells)
    _summary_sheet(wb, plan, places, words, cells)
    if places.rejected is not None:
        _rejected_sheet(wb, plan, places.rejected, words, cells)
    for sheet in places.criteria:
        criterion_sheet(wb, plan, plan.criteria[sheet.criterion], sheet, answers, words, cells)
    if places.price is not None:
        price_sheet(wb, plan, places.price, words, cells)
    control = wb.create_sheet(CONTROL_SHEET)
    for key, value in control_rows(plan, cells):
        control.append([text_cell(control, key, "krav_plain"), text_cell(control, value, "krav_plain")])
    control.sheet_state = "veryHidden"
    protect_sheet(control)
    _properties(wb, plan, words["evaluation_workbook"]["title"], epoch)
    buffer = io.BytesIO()
    wb.save(buffer)
    return normalise(buffer.getvalue(), epoch)


def workbook_layout(plan: EvaluationPlan, words: dict[str, Any]) -> Layout:
    book = words["evaluation_workbook"]
    return layout(plan, SheetNames(words["workbook"]["instructions_sheet"], book["summary_sheet"],
                                   book["rejected_sheet"], CONTROL_SHEET))


def _instructions_sheet(wb: Any, plan: EvaluationPlan, places: Layout, words: dict[str, Any],
                        cells: Cells) -> None:
    book, d = words["evaluation_workbook"], words["document"]
    ws = wb.create_sheet(places.instructions)
    for i, width in enumerate(INSTRUCTION_WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    page_setup(ws, words, landscape=False)
    protect_sheet(ws)
    source = {"form": "form", "file": "file"}.get(plan.price_source, "none")
    rows = [(book["title"], "", "krav_title"), (plan.title, "", "krav_label"), ("", "", "krav_plain"),
            (book["buyers"], "; ".join(plan.buyers), "krav_plain"),
            (book["reference"], plan.reference, "krav_plain"),
            (d["date"], long_date(plan.date, plan.language), "krav_plain"),
            (book["evaluators"], ", ".join(plan.evaluators), "krav_plain"),
            (book["prices"], book["price_source"][source], "krav_plain"), ("", "", "krav_plain")]
    rows += [(f"{i}.", line, "krav_plain") for i, line in enumerate(book["instructions"], 1)]
    out = SheetWriter(ws, cells)
    for label, value, style in rows:
        label_style = "krav_label" if style == "krav_plain" else style
        out.append([text(label, label_style) if label else None, text(value, "krav_plain") if value else None],
                   row_height([(value, INSTRUCTION_WIDTHS[1]), (label, INSTRUCTION_WIDTHS[0])]))


def _summary_sheet(wb: Any, plan: EvaluationPlan, places: Layout, words: dict[str, Any], cells: Cells) -> None:
    book = words["evaluation_workbook"]
    columns = book["columns"]
    summary = places.summary
    ws = wb.create_sheet(summary.name)
    widths = [28, 16, *([18] * len(plan.criteria)), 16, 9]
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = ref(summary.header_row + 1, 2)
    page_setup(ws, words, landscape=True)
    protect_sheet(ws)
    out = SheetWriter(ws, cells)
    out.append([text(plan.title, "krav_title")])
    out.append([])
    names = [book["criterion_title"].format(name=c.name, weight=f"{c.weight:g}") for c in plan.criteria]
    header = [columns["supplier"], columns["status"], *names, columns["total"], columns["rank"]]
    out.append([text(h, "krav_header") for h in header],
               row_height(list(zip(header, widths, strict=True)), minimum_lines=2))
    sources = _criterion_sources(plan, places)
    first, last = summary.header_row + 1, summary.header_row + summary.evaluated
    total = get_column_letter(summary.total_column)
    first_c, last_c = (get_column_letter(c) for c in (summary.criterion_columns[0], summary.criterion_columns[-1]))
    for supplier, row in summary.rows[: summary.evaluated]:
        out.append([text(supplier, "krav_locked_bold"), text(book["status_evaluated"]),
                    *(formula(f"={source[supplier]}") for source in sources),
                    formula(f"=ROUND(SUM({first_c}{row}:{last_c}{row}),2)", "eval_points_bold"),
                    formula(f"=RANK({total}{row},${total}${first}:${total}${last})", "eval_rank")])
    for supplier, _ in summary.rows[summary.evaluated:]:
        out.append([text(supplier, "krav_locked_bold"), text(book["status_rejected"], "eval_rejected")])


def _criterion_sources(plan: EvaluationPlan, places: Layout) -> list[dict[str, str]]:
    """For each criterion, in plan order: supplier -> the cell with its weighted points."""
    sources: list[dict[str, str]] = []
    by_index = {s.criterion: s for s in places.criteria}
    for index in range(len(plan.criteria)):
        sheet = by_index.get(index)
        if sheet is not None:
            name = quote_sheetname(sheet.name)
            sources.append({b.supplier: f"{name}!{ref(sheet.weighted_row, b.points)}" for b in sheet.suppliers})
        else:
            assert places.price is not None
            name = quote_sheetname(places.price.name)
            sources.append({s: f"{name}!{ref(row, 4)}" for s, row in places.price.rows})
    return sources


def _rejected_sheet(wb: Any, plan: EvaluationPlan, sheet: RejectedSheet, words: dict[str, Any],
                    cells: Cells) -> None:
    book = words["evaluation_workbook"]
    columns = book["columns"]
    widths = (28, 60, 60)
    ws = wb.create_sheet(sheet.name)
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    page_setup(ws, words, landscape=True)
    protect_sheet(ws)
    out = SheetWriter(ws, cells)
    out.append([text(book["rejected_heading"], "krav_title")])
    out.append([])
    header = [columns["supplier"], columns["reason"], columns["justification"]]
    out.append([text(h, "krav_header") for h in header], row_height(list(zip(header, widths, strict=True))))
    for supplier in plan.rejected:
        reasons = "\n".join(supplier.rejected)
        out.append([text(supplier.name, "krav_locked_bold"), text(reasons), entry("eval_comment")],
                   row_height([(reasons, widths[1])], minimum_lines=3))


def _properties(wb: Any, plan: EvaluationPlan, title: str, epoch: int) -> None:

    stamp = utc(epoch)
    props = wb.properties
    props.title = f"{title} – {plan.title}"[:255]
    props.creator = "; ".join(plan.buyers)[:255]
    props.lastModifiedBy = props.creator
    props.identifier = plan.reference[:255]
    props.created = stamp
    props.modified = stamp
