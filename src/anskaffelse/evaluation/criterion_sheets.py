"""The sheets of the award criteria: one per quality criterion, and the price sheet.

A quality criterion's sheet shows, per requirement and deliverable, each
evaluated supplier's answer and description, a score cell per evaluator
(0-10, validated, with the criterion's scale as input help and as a comment
on the header), their average, and a comment cell; then the criterion's
points `K = Σ (v × s) / Σ v` and its weighted points `W × K / 100`. The
price sheet turns each evaluated price into points by the tender's price
model. Every formula is written here, and is the formula the tender
published (`scoring.py` does the same arithmetic for the report).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openpyxl.utils import get_column_letter

from ..answers.responses import Answer
from ..export.xlsx_blocks import page_setup, protect_sheet
from ..export.xlsx_layout import row_height
from .cells import Cell, SheetWriter, clean, entry, formula, literal, number, spread, text
from .control import Cells
from .layout import CriterionSheet, PriceSheet, ref
from .plan import Criterion, EvaluationPlan, Item

Answers = Mapping[str, Mapping[str, Answer]]
"""Supplier -> requirement ID -> the supplier's answer."""
WIDTHS = {"id": 13, "requirement": 50, "weight": 6, "answer": 12, "description": 36, "score": 9, "comment": 36}


def criterion_sheet(wb: Any, plan: EvaluationPlan, criterion: Criterion, sheet: CriterionSheet,
                     answers: Answers, words: dict[str, Any], cells: Cells) -> None:
    book = words["evaluation_workbook"]
    ws = wb.create_sheet(sheet.name)
    widths = _criterion_widths(sheet)
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = ref(sheet.first_item_row, 4)
    ws.print_title_rows = f"{sheet.header_row}:{sheet.header_row}"
    page_setup(ws, words, landscape=True)
    protect_sheet(ws)
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
    header = _header(sheet, plan, book, scale)
    out.append(header, row_height([(c.value, widths[i]) for i, c in enumerate(header, 1) if c is not None],
                                  minimum_lines=2))
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
            f'=IF({letter}{sheet.points_row}="","",{letter}{sheet.points_row}*{literal(criterion.weight)}/100)',
            "eval_points_bold")
    out.append([None, *points, None, *spread(points_cells, 3)])
    out.append([None, *weighted, None, *spread(weighted_cells, 3)])
    _score_validation(ws, sheet, book)


def _criterion_widths(sheet: CriterionSheet) -> dict[int, float]:
    widths: dict[int, float] = {1: WIDTHS["id"], 2: WIDTHS["requirement"], 3: WIDTHS["weight"]}
    for block in sheet.suppliers:
        widths[block.answer] = WIDTHS["answer"]
        widths[block.description] = WIDTHS["description"]
        for column in (*block.scores, *([block.average] if block.average else [])):
            widths[column] = WIDTHS["score"]
        widths[block.comment] = WIDTHS["comment"]
    return widths


def _header(sheet: CriterionSheet, plan: EvaluationPlan, book: dict[str, Any], scale: str) -> list[Cell | None]:
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
    return spread(cells, 0)


def _item_row(sheet: CriterionSheet, item: Item, row: int, answers: Answers,
              book: dict[str, Any]) -> list[Cell | None]:
    cells: dict[int, Cell] = {1: text(item.id, "krav_locked_bold"), 2: text(requirement_text(item)),
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
    return spread(cells, 0)


def requirement_text(item: Item) -> str:
    """Title, text and the library's scoring guidance, as the committee reads them."""
    return "\n\n".join(part for part in (f"{item.title}\n{item.text}" if item.text else item.title,
                                         item.guidance) if part)


def _answer_cell(value: Any) -> Cell:
    if value is None:
        return text("")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return text(str(value))
    return number(value)


def _item_height(sheet: CriterionSheet, item: Item, answers: Answers, widths: Mapping[int, float]) -> float:
    texts_: list[tuple[str, float]] = [(requirement_text(item), WIDTHS["requirement"])]
    for block in sheet.suppliers:
        answer = answers.get(block.supplier, {}).get(item.id)
        if answer is not None and not item.deliverable:
            texts_.append((clean(answer.description), widths[block.description]))
    return row_height(texts_, minimum_lines=2)


def _score_validation(ws: Any, sheet: CriterionSheet, book: dict[str, Any]) -> None:
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


def price_sheet(wb: Any, plan: EvaluationPlan, sheet: PriceSheet, words: dict[str, Any], cells: Cells) -> None:
    criterion = plan.criteria[sheet.criterion]
    book, columns = words["evaluation_workbook"], words["evaluation_workbook"]["columns"]
    ws = wb.create_sheet(sheet.name)
    for i, width in enumerate((28, 22, 14, 14), 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    page_setup(ws, words, landscape=False)
    protect_sheet(ws)
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
                    formula(points), formula(f"=C{row}*{literal(criterion.weight)}/100")])
    for supplier, _ in sheet.rows[sheet.evaluated:]:
        out.append([text(supplier, "krav_locked_bold"), None, text(book["status_rejected"], "eval_rejected")])
