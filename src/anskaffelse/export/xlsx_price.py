"""The price form (prisskjema) of the answer workbook, and the evaluation summary of its instructions.

The supplier fills in one unit price per cost element; everything else is
locked. The sums are formulas this module writes itself (quantity × unit
price, × years for a yearly cost, and the totals), so the supplier cannot
get the arithmetic wrong and the buyer sees the total the price formula
uses. Names and units come from the profile and are always written as text:
a name such as "=HYPERLINK(…)" stays a name.
"""

from __future__ import annotations

from typing import Any

from ..resolved import PriceElement, PriceForm, Specification
from .xlsx_blocks import page_setup, protect_sheet, text_cell

COLUMNS = ("number", "element", "unit", "quantity", "unit_price", "years", "sum")
WIDTHS = (6, 46, 16, 11, 22, 7, 22)
MONEY = "#,##0.00"
# Excel shows at most 32 characters of a validation title and 255 of its message.
TITLE_LIMIT, MESSAGE_LIMIT = 32, 255


def register_price_styles(wb: Any) -> None:
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side

    thin = Side(style="thin", color="A6A6A6")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    grey = PatternFill("solid", fgColor="F2F2F2")
    top = Alignment(wrap_text=True, vertical="top")
    specs = {
        "pris_input": dict(number_format=MONEY, border=border, alignment=top, protection=Protection(locked=False)),
        "pris_number": dict(number_format="#,##0.##", border=border, alignment=top, fill=grey,
                            protection=Protection(locked=True)),
        "pris_sum": dict(number_format=MONEY, border=border, alignment=top, fill=grey,
                         protection=Protection(locked=True)),
        "pris_total": dict(number_format=MONEY, border=border, font=Font(bold=True), fill=grey,
                           protection=Protection(locked=True)),
    }
    for name, attrs in specs.items():
        wb.add_named_style(NamedStyle(name=name, **attrs))


def price_sheet(wb: Any, form: PriceForm, words: dict[str, Any]) -> None:
    """The price form sheet: a header, the evaluated elements with their total, then the options."""
    from openpyxl.utils import get_column_letter

    p = words["workbook_price"]
    ws = wb.create_sheet(p["sheet"])
    for i, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.row_dimensions[1].height = 32
    page_setup(ws, words, landscape=True)
    protect_sheet(ws)
    ws.append([text_cell(ws, p["columns"][c], "krav_header") for c in COLUMNS])
    evaluated = [e for e in form.elements if not e.option]
    options = [e for e in form.elements if e.option]
    price_rows: list[int] = []
    row = _section(ws, evaluated, form.years, words, 2, 1, price_rows)
    _total_row(ws, p["total"], 2, row - 1)
    if options:
        ws.append([None, text_cell(ws, p["options_heading"], "krav_label")])
        first = row + 2
        row = _section(ws, options, form.years, words, first, len(evaluated) + 1, price_rows)
        _total_row(ws, p["options_total"], first, row - 1)
    _price_validation(ws, price_rows, p)


def _section(ws: Any, elements: list[PriceElement], years: int, words: dict[str, Any], row: int,
             first_number: int, price_rows: list[int]) -> int:
    """Write `elements` from `row` on; return the next free row."""
    for number, element in enumerate(elements, first_number):
        ws.append(_element_row(ws, element, years, words, row, number))
        price_rows.append(row)
        row += 1
    return row


def _element_row(ws: Any, element: PriceElement, years: int, words: dict[str, Any], row: int,
                 number: int) -> list[Any]:
    unit = element_unit(element, words)
    # One-off costs are quantity × unit price; a yearly cost is also multiplied by the years.
    formula = f"=D{row}*E{row}*F{row}" if element.per_year else f"=D{row}*E{row}"
    return [
        _number(ws, number, "pris_number"),
        text_cell(ws, element.name, "krav_locked"),
        text_cell(ws, unit, "krav_locked"),
        _number(ws, element.quantity, "pris_number"),
        _number(ws, None, "pris_input"),
        _number(ws, years if element.per_year else None, "pris_number"),
        _number(ws, formula, "pris_sum"),
    ]


def element_unit(element: PriceElement, words: dict[str, Any]) -> str:
    """The unit as the form shows it: "bruker per år" for a yearly cost."""
    per_year = words["workbook_price"]["per_year"]
    if not element.per_year:
        return element.unit
    return f"{element.unit} {per_year}".strip() if element.unit else per_year


def _total_row(ws: Any, label: str, first: int, last: int) -> None:
    """A bold total; `first`..`last` are the rows it adds up (none when the section is empty)."""
    total = f"=SUM(G{first}:G{last})" if last >= first else 0
    ws.append([None, text_cell(ws, label, "krav_locked_bold"), None, None, None, None,
               _number(ws, total, "pris_total")])


def _number(ws: Any, value: float | str | None, style: str) -> Any:
    """A number or a formula this module wrote itself (never text from the profile)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    cell.style = style
    return cell


def _price_validation(ws: Any, rows: list[int], p: dict[str, Any]) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    if not rows:
        return
    dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                        showErrorMessage=True, showInputMessage=True,
                        promptTitle=p["prompt_title"][:TITLE_LIMIT], prompt=p["prompt"][:MESSAGE_LIMIT],
                        errorTitle=p["error_title"][:TITLE_LIMIT], error=p["error"][:MESSAGE_LIMIT])
    dv.sqref = " ".join(f"E{r}" for r in rows)
    ws.data_validations.append(dv)


def evaluation_rows(spec: Specification, words: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The essentials of the evaluation model for the instructions sheet: criteria, weights, price model."""
    p, d = words["workbook_price"], words["document"]
    criteria = "; ".join(f"{c.name} {c.weight:g} %" for c in spec.award_criteria)
    rows = [("", "", "krav_plain"), (p["criteria_label"], criteria, "krav_plain")]
    for c in spec.award_criteria:
        if c.price is not None:
            formula = d["price_formula"][c.price.model].format(name=c.name)
            e = words["evaluation"]
            period = e["price_total_years"].format(years=c.price.years) if c.price.years else e["price_total_period"]
            rows.append((p["price_label"], f"{formula} {period}", "krav_plain"))
    if spec.price_form is not None:
        rows.append(("", p["instruction"], "krav_plain"))
    return rows


def price_layout(form: PriceForm) -> tuple[list[tuple[int, PriceElement, str]], list[tuple[int, str]]]:
    """Where `price_sheet` puts each element and total, for reading a filled form back.

    Returns (row, element, sum formula) for each element and (row, formula) for each
    total row; formulas as the file stores them, without '='. A total with nothing to
    add up holds the number 0 and has formula ''.
    """
    elements: list[tuple[int, PriceElement, str]] = []
    totals: list[tuple[int, str]] = []
    row = 2
    for group in ([e for e in form.elements if not e.option], [e for e in form.elements if e.option]):
        if not group and row > 2:
            break  # no options: no heading and no options total
        first = row
        for element in group:
            formula = f"D{row}*E{row}*F{row}" if element.per_year else f"D{row}*E{row}"
            elements.append((row, element, formula))
            row += 1
        totals.append((row, f"SUM(G{first}:G{row - 1})" if row > first else ""))
        row += 2  # the options heading follows the total row
    return elements, totals
