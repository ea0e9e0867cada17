"""The evaluation workbook for the committee, as Excel.

Sheets: the summary (tender, evaluators, how to use the workbook, every
supplier's weighted points per criterion, total and rank, and the rejected
tenders); one sheet per quality criterion (`layout.py` says where everything
sits); the price sheet; and the very hidden control sheet (`control.py`).

Only the score cells (0-10, validated, with the criterion's scale as input
help and as a comment on the header) and the comment cells are unlocked. All
arithmetic is done by formulas written here, exactly the formulas of the
published evaluation model (`scoring.py` is the same arithmetic in Python,
used by the report). Texts from suppliers are written as text, never as
formulas, whatever they begin with.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter, quote_sheetname

from ..answers.responses import Answer
from ..export.xlsx import CONTROL_SHEET, _print_setup, _protect, _register_styles, _text_cell
from ..export.xlsx_layout import row_height
from ..export.zipfix import normalise
from ..locale import long_date, texts
from .control import FORMULA, Cells, control_rows, fingerprint
from .layout import CriterionSheet, Layout, PriceSheet, Summary, layout, ref
from .plan import Criterion, EvaluationPlan

ANSWERS = Mapping[str, Mapping[str, Answer]]
"""Supplier -> requirement ID -> the supplier's answer."""
CELL_LIMIT = 32767
"""Characters Excel keeps in one cell."""
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
WIDTHS = {"id": 13, "requirement": 50, "weight": 6, "answer": 12, "description": 36, "score": 9, "comment": 36}


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
                made = _text_cell(self.ws, cell.value, cell.style)
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


def export_evaluation(plan: EvaluationPlan, answers: ANSWERS, epoch: int) -> bytes:
    """The bytes of the evaluation workbook; the same plan and answers give the same bytes."""
    from openpyxl import Workbook

    words = texts(plan.language)
    book = words["evaluation_workbook"]
    wb = Workbook(write_only=True)
    _register_styles(wb)
    _register_evaluation_styles(wb)
    heading = summary_heading(plan, words)
    places = workbook_layout(plan, words)
    cells: Cells = {}
    _summary_sheet(wb, plan, places, heading, words, cells)
    for sheet in places.criteria:
        _criterion_sheet(wb, plan, plan.criteria[sheet.criterion], sheet, answers, words, cells)
    if places.price is not None:
        _price_sheet(wb, plan, places.price, words, cells)
    control = wb.create_sheet(CONTROL_SHEET)
    for key, value in control_rows(plan, cells):
        control.append([_text_cell(control, key, "krav_plain"), _text_cell(control, value, "krav_plain")])
    control.sheet_state = "veryHidden"
    _protect(control)
    _properties(wb, plan, book["title"], epoch)
    buffer = io.BytesIO()
    wb.save(buffer)
    return normalise(buffer.getvalue(), epoch)


def workbook_layout(plan: EvaluationPlan, words: Mapping[str, Any]) -> Layout:
    book = words["evaluation_workbook"]
    return layout(plan, book["summary_sheet"], (CONTROL_SHEET,), len(summary_heading(plan, words)))


def summary_heading(plan: EvaluationPlan, words: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(label, value, style) of the rows above the summary table."""
    book, d = words["evaluation_workbook"], words["document"]
    source = {"form": "form", "file": "file"}.get(plan.price_source, "none")
    rows = [(book["title"], "", "krav_title"), (plan.title, "", "krav_label"), ("", "", "krav_plain"),
            (book["buyers"], "; ".join(plan.buyers), "krav_plain"),
            (book["reference"], plan.reference, "krav_plain"),
            (d["date"], long_date(plan.date, plan.language), "krav_plain"),
            (book["evaluators"], ", ".join(plan.evaluators), "krav_plain"),
            (book["prices"], book["price_source"][source], "krav_plain"), ("", "", "krav_plain")]
    rows += [(f"{i}.", line, "krav_plain") for i, line in enumerate(book["instructions"], 1)]
    return rows


def _summary_sheet(wb: Any, plan: EvaluationPlan, places: Layout, heading: list[tuple[str, str, str]],
                   words: Mapping[str, Any], cells: Cells) -> None:
    book = words["evaluation_workbook"]
    columns = book["columns"]
    summary = places.summary
    ws = wb.create_sheet(summary.name)
    widths = [28, 16, *([16] * len(plan.criteria)), 16, 9]
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    _print_setup(ws, words, landscape=True)
    _protect(ws)
    out = SheetWriter(ws, cells)
    for label, value, style in heading:
        label_style = "krav_label" if style == "krav_plain" else style
        cells_ = [text(label, label_style) if label else None, text(value, "krav_plain") if value else None]
        out.append(cells_, row_height([(value, sum(widths[1:]))]) if value else None)
    names = [book["criterion_title"].format(name=c.name, weight=f"{c.weight:g}") for c in plan.criteria]
    header = [columns["supplier"], columns["status"], *names, columns["total"], columns["rank"]]
    out.append([text(h, "krav_header") for h in header],
               row_height(list(zip(header, widths, strict=True)), minimum_lines=2))
    sources = _criterion_sources(plan, places)
    first, last = summary.header_row + 1, summary.header_row + summary.evaluated
    total = get_column_letter(summary.total_column)
    for supplier, row in summary.rows[: summary.evaluated]:
        first_c, last_c = (get_column_letter(c) for c in (summary.criterion_columns[0], summary.criterion_columns[-1]))
        out.append([text(supplier, "krav_locked_bold"), text(book["status_evaluated"]),
                    *(formula(f"={source[supplier]}") for source in sources),
                    formula(f"=ROUND(SUM({first_c}{row}:{last_c}{row}),2)", "eval_points_bold"),
                    formula(f"=RANK({total}{row},${total}${first}:${total}${last})", "eval_rank")])
    for supplier, _ in summary.rows[summary.evaluated:]:
        out.append([text(supplier, "krav_locked_bold"), text(book["status_rejected"], "eval_rejected")])
    if plan.rejected:
        _rejected_table(out, plan, summary, book)


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


def _rejected_table(out: SheetWriter, plan: EvaluationPlan, summary: Summary, book: Mapping[str, Any]) -> None:
    columns = book["columns"]
    while out.row < summary.rejected_header_row - 2:
        out.append([])
    out.append([text(book["rejected_heading"], "krav_label")])
    out.append([text(columns["supplier"], "krav_header"), text(columns["reason"], "krav_header"),
                text(columns["justification"], "krav_header")], 32)
    for supplier in plan.rejected:
        reasons = "\n".join(supplier.rejected)
        out.append([text(supplier.name, "krav_locked_bold"), text(reasons), entry("eval_comment")],
                   row_height([(reasons, 48)], minimum_lines=2))


def _criterion_sheet(wb: Any, plan: EvaluationPlan, criterion: Criterion, sheet: CriterionSheet,
                     answers: ANSWERS, words: Mapping[str, Any], cells: Cells) -> None:
    book = words["evaluation_workbook"]
    ws = wb.create_sheet(sheet.name)
    widths = _criterion_widths(sheet)
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = ref(sheet.first_item_row, 4)
    ws.print_title_rows = f"{sheet.header_row}:{sheet.header_row}"
    _print_setup(ws, words, landscape=True)
    _protect(ws)
    out = SheetWriter(ws, cells)
    out.append([text(book["criterion_title"].format(name=criterion.name, weight=f"{criterion.weight:g}"),
                     "krav_title")])
    out.append([None, text(criterion.description, "krav_plain")] if criterion.description else [],
               row_height([(criterion.description, 50)]) if criterion.description else None)
    out.append([text(book["scale"], "krav_label")])
    for scores, band in criterion.bands:
        out.append([text(scores.replace("-", "–"), "krav_label"), text(band, "krav_plain")],
                   row_height([(band, 50)]))
    out.append([])
    scale = "\n".join(f"{s.replace('-', '–')}: {b}" for s, b in criterion.bands)
    out.append(_header(sheet, plan, book, scale), 48)
    for number_, item in enumerate(criterion.items):
        row = sheet.first_item_row + number_
        out.append(_item_row(sheet, item, row, answers, book), _item_height(sheet, item, answers, widths))
    out.append([])
    weights = f"$C${sheet.first_item_row}:$C${sheet.last_item_row}"
    points, weighted = [text(book["points_row"], "krav_locked_bold")], [
        text(book["weighted_row"].format(weight=f"{criterion.weight:g}"), "krav_locked_bold")]
    points_cells: dict[int, Cell] = {}
    weighted_cells: dict[int, Cell] = {}
    for block in sheet.suppliers:
        letter = get_column_letter(block.points)
        scores = f"{letter}{sheet.first_item_row}:{letter}{sheet.last_item_row}"
        points_cells[block.points] = formula(
            f'=IF(COUNT({scores})=0,"",SUMPRODUCT({weights},{scores})/SUM({weights}))', "eval_points_bold")
        weighted_cells[block.points] = formula(
            f'=IF({letter}{sheet.points_row}="","",{letter}{sheet.points_row}*{_literal(criterion.weight)}/100)',
            "eval_points_bold")
    out.append([None, *points, None, *_spread(points_cells, 3)])
    out.append([None, *weighted, None, *_spread(weighted_cells, 3)])
    _score_validation(ws, sheet, book)


def _criterion_widths(sheet: CriterionSheet) -> dict[int, float]:
    widths = {1: WIDTHS["id"], 2: WIDTHS["requirement"], 3: WIDTHS["weight"]}
    for block in sheet.suppliers:
        widths[block.answer] = WIDTHS["answer"]
        widths[block.description] = WIDTHS["description"]
        for column in (*block.scores, *([block.average] if block.average else [])):
            widths[column] = WIDTHS["score"]
        widths[block.comment] = WIDTHS["comment"]
    return widths


def _header(sheet: CriterionSheet, plan: EvaluationPlan, book: Mapping[str, Any], scale: str) -> list[Cell | None]:
    columns = book["columns"]
    note = f"{book['scale']}\n{scale}"
    cells: dict[int, Cell] = {1: text(columns["id"], "krav_header"), 2: text(columns["requirement"], "krav_header"),
                              3: text(columns["weight"], "krav_header")}
    for block in sheet.suppliers:
        name = block.supplier
        cells[block.answer] = text(columns["answer"].format(supplier=name), "krav_header")
        cells[block.description] = text(columns["description"].format(supplier=name), "krav_header")
        for column, evaluator in zip(block.scores, plan.evaluators, strict=True):
            label = (columns["score"].format(supplier=name) if len(plan.evaluators) == 1
                     else columns["score_by"].format(supplier=name, evaluator=evaluator))
            cells[column] = Cell("text", clean(label), "krav_header", note)
        if block.average is not None:
            cells[block.average] = text(columns["average"].format(supplier=name), "krav_header")
        cells[block.comment] = text(columns["comment"].format(supplier=name), "krav_header")
    return _spread(cells, 0)


def _item_row(sheet: CriterionSheet, item: Any, row: int, answers: ANSWERS,
              book: Mapping[str, Any]) -> list[Cell | None]:
    cells: dict[int, Cell] = {1: text(item.id, "krav_locked_bold"),
                              2: text(f"{item.title}\n{item.text}" if item.text else item.title),
                              3: number(item.weight)}
    for block in sheet.suppliers:
        if item.deliverable:
            cells[block.answer] = text(book["deliverable_answer"])
            cells[block.description] = text("")
        else:
            answer = answers.get(block.supplier, {}).get(item.id)
            cells[block.answer] = _answer_cell(answer.value if answer else None)
            cells[block.description] = text(answer.description if answer else "")
        for column in block.scores:
            cells[column] = entry("eval_score")
        if block.average is not None:
            first, last = get_column_letter(block.scores[0]), get_column_letter(block.scores[-1])
            span = f"{first}{row}:{last}{row}"
            cells[block.average] = formula(f'=IF(COUNT({span})=0,"",AVERAGE({span}))')
        cells[block.comment] = entry("eval_comment")
    return _spread(cells, 0)


def _answer_cell(value: Any) -> Cell:
    if value is None:
        return text("")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return text(str(value))
    return number(value)


def _item_height(sheet: CriterionSheet, item: Any, answers: ANSWERS, widths: Mapping[int, float]) -> float:
    texts_ = [(f"{item.title}\n{item.text}", WIDTHS["requirement"])]
    for block in sheet.suppliers:
        answer = answers.get(block.supplier, {}).get(item.id)
        if answer is not None and not item.deliverable:
            texts_.append((clean(answer.description), widths[block.description]))
    return row_height(texts_, minimum_lines=2)


def _spread(cells: Mapping[int, Cell], offset: int) -> list[Cell | None]:
    """A row list from {column: cell}; `offset` columns are already in the row."""
    if not cells:
        return []
    return [cells.get(column) for column in range(offset + 1, max(cells) + 1)]


def _literal(value: float) -> str:
    """A weight as a formula constant, exactly as the plan holds it (33.3333 stays 33.3333)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _score_validation(ws: Any, sheet: CriterionSheet, book: Mapping[str, Any]) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    if not sheet.item_count or not sheet.suppliers:
        return
    # Excel refuses a file whose validation titles pass 32 characters or whose texts pass 255.
    dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="10", allow_blank=True,
                        showInputMessage=True, showErrorMessage=True, errorStyle="stop",
                        promptTitle=book["score_prompt_title"][:32], prompt=book["score_prompt"][:255],
                        errorTitle=book["score_error_title"][:32], error=book["score_error"][:255])
    letters = [get_column_letter(c) for b in sheet.suppliers for c in b.scores]
    dv.sqref = " ".join(f"{c}{sheet.first_item_row}:{c}{sheet.last_item_row}" for c in letters)
    ws.data_validations.append(dv)


def _price_sheet(wb: Any, plan: EvaluationPlan, sheet: PriceSheet, words: Mapping[str, Any], cells: Cells) -> None:
    criterion = plan.criteria[sheet.criterion]
    book, columns = words["evaluation_workbook"], words["evaluation_workbook"]["columns"]
    ws = wb.create_sheet(sheet.name)
    for i, width in enumerate((28, 22, 14, 14), 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    _print_setup(ws, words, landscape=False)
    _protect(ws)
    out = SheetWriter(ws, cells)
    rule = words["document"]["price_formula"][criterion.price_model].format(name=criterion.name)
    period = (words["evaluation"]["price_total_years"].format(years=criterion.years) if criterion.years
              else words["evaluation"]["price_total_period"])
    out.append([text(book["criterion_title"].format(name=criterion.name, weight=f"{criterion.weight:g}"),
                     "krav_title")])
    out.append([text(rule, "krav_plain")], row_height([(rule, 78)]))
    out.append([text(period, "krav_plain")], row_height([(period, 78)]))
    out.append([])
    header = [columns["supplier"], columns["price"], columns["price_points"], columns["weighted"]]
    out.append([text(h, "krav_header") for h in header], 32)
    first, last = sheet.header_row + 1, sheet.header_row + sheet.evaluated
    lowest = f"MIN($B${first}:$B${last})"
    prices = {s.name: s.price for s in plan.suppliers}
    for supplier, row in sheet.rows[: sheet.evaluated]:
        points = (f"=10-10*(B{row}-{lowest})/{lowest}" if criterion.price_model == "lineær"
                  else f"=10*{lowest}/B{row}")
        out.append([text(supplier, "krav_locked_bold"), number(prices[supplier], "pris_total_locked"),
                    formula(points), formula(f"=C{row}*{_literal(criterion.weight)}/100")])
    for supplier, _ in sheet.rows[sheet.evaluated:]:
        out.append([text(supplier, "krav_locked_bold"), None, text(book["status_rejected"], "eval_rejected")])


def _register_evaluation_styles(wb: Any) -> None:
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side

    thin = Side(style="thin", color="A6A6A6")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    grey = PatternFill("solid", fgColor="F2F2F2")
    top = Alignment(wrap_text=True, vertical="top")
    specs = {
        "eval_score": dict(number_format="0.##", border=border, alignment=Alignment(horizontal="center",
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


def _properties(wb: Any, plan: EvaluationPlan, title: str, epoch: int) -> None:
    import datetime as dt

    stamp = dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None)
    props = wb.properties
    props.title = f"{title} – {plan.title}"[:255]
    props.creator = "; ".join(plan.buyers)[:255]
    props.lastModifiedBy = props.creator
    props.identifier = plan.reference[:255]
    props.created = stamp
    props.modified = stamp
