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
import re
from collections.abc import Iterable
from copy import copy
from typing import Any
from xml.sax.saxutils import escape

from ..locale import long_date, texts
from ..resolved import Specification, SpecRequirement
from . import ExportOptions
from .xlsx_layout import print_setup, row_height
from .zipfix import normalise

CONTROL_FORMAT = "anskaffelse-svarskjema/1"
CONTROL_SHEET = "Kontroll"
COLUMNS = ("id", "module", "title", "text", "obligation", "weight", "response", "answer",
           "description", "reference")
JOINT_COLUMNS = ("scope", "option")
"""Added after the answer columns in a joint tender (scope only with members), so H–J stay the answers."""
ANSWER_COLUMNS = ("H", "I", "J")
# Characters that make Excel or a CSV consumer read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def export_xlsx(spec: Specification, options: ExportOptions) -> bytes:
    from openpyxl import Workbook

    words = texts(spec.language)
    wb = Workbook(write_only=True)
    _register_styles(wb)
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
    return normalise(buffer.getvalue(), options.epoch, rewrite=lambda name, data: _splice(data, rows.get(name)))


def _splice(sheet: bytes, rows: str | None) -> bytes:
    """Add rows written as text after the rows openpyxl wrote (see `RowWriter`)."""
    if rows is None:
        return sheet
    if sheet.count(b"</sheetData>") != 1:
        raise RuntimeError("unexpected worksheet layout")
    return sheet.replace(b"</sheetData>", rows.encode("utf-8") + b"</sheetData>")


class RowWriter:
    """Writes worksheet rows as SpreadsheetML text.

    openpyxl spends some 25 microseconds on each cell; a response sheet for a
    large library has over 100,000 cells. Rows are therefore written here as
    text with inline strings and the style indices openpyxl registered, and
    spliced into the saved sheet. Text cells are always strings (t="inlineStr"),
    so no text can become a formula.
    """

    def __init__(self, wb: Any, ws: Any) -> None:
        self.wb, self.ws = wb, ws
        self.styles: dict[tuple[str, bool], int] = {}
        self.parts: list[str] = []
        self._shared: dict[tuple[str, str], str] = {}

    def style(self, name: str, quote: bool = False) -> int:
        key = (name, quote)
        if key not in self.styles:
            style = copy(_style_of(self.ws, name))
            style.quotePrefix = int(quote)
            self.styles[key] = self.wb._cell_styles.add(style)
        return self.styles[key]

    def text(self, ref: str, value: str, style: str) -> str:
        return f'<c r="{ref}"{self._text_rest(value, style)}'

    def shared_text(self, ref: str, value: str, style: str) -> str:
        """`text` for a value many rows repeat (a chapter, an obligation): its XML is made once."""
        rest = self._shared.get((value, style))
        if rest is None:
            rest = self._shared[(value, style)] = self._text_rest(value, style)
        return f'<c r="{ref}"{rest}'

    def _text_rest(self, value: str, style: str) -> str:
        s = self.style(style, is_formula_like(value))
        return f' s="{s}" t="inlineStr"><is><t xml:space="preserve">{_xml_text(value)}</t></is></c>'

    def number(self, ref: str, value: float | None, style: str) -> str:
        s = self.style(style)
        return f'<c r="{ref}" s="{s}"/>' if value is None else f'<c r="{ref}" s="{s}"><v>{value}</v></c>'

    def empty(self, ref: str, style: str) -> str:
        return f'<c r="{ref}" s="{self.style(style)}"/>'

    def row(self, number: int, cells: list[str], height: float | None = None) -> None:
        size = f' ht="{height}" customHeight="1"' if height else ""
        self.parts.append(f'<row r="{number}"{size}>{"".join(cells)}</row>')

    def xml(self) -> str:
        return "".join(self.parts)


# XML 1.0 forbids most control characters; YAML input cannot carry them, but be safe.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SPECIAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f&<>]")


def _xml_text(value: str) -> str:
    if _SPECIAL.search(value) is None:  # most texts: nothing to remove or escape
        return value
    return escape(_CONTROL.sub("", value))


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def _text_cell(ws: Any, value: str, style: str) -> Any:
    """A cell that always holds text, never a formula, whatever the text begins with."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws)
    # Set the text directly: openpyxl would otherwise treat a leading "=" as a formula.
    cell._value = value
    cell.data_type = "s"
    cell._style = copy(_style_of(ws, style))
    if is_formula_like(value):
        # quotePrefix is Excel's own "this is text" flag; it survives editing the cell.
        cell.quotePrefix = True
    return cell


def _style_of(ws: Any, name: str) -> Any:
    """The style array of a named style, looked up once per workbook (the lookup is slow)."""
    from openpyxl.cell import WriteOnlyCell

    cache = ws.parent.__dict__.setdefault("_anskaffelse_styles", {})
    if name not in cache:
        probe = WriteOnlyCell(ws)
        probe.style = name
        cache[name] = probe._style
    return cache[name]


def _register_styles(wb: Any) -> None:
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side

    thin = Side(style="thin", color="A6A6A6")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap_top = Alignment(wrap_text=True, vertical="top")
    specs = {
        "krav_header": dict(font=Font(bold=True, color="FFFFFF"), fill=PatternFill("solid", fgColor="1F3864"),
                            alignment=Alignment(wrap_text=True, vertical="center"), border=border,
                            protection=Protection(locked=True)),
        "krav_locked": dict(alignment=wrap_top, border=border, protection=Protection(locked=True),
                            fill=PatternFill("solid", fgColor="F2F2F2")),
        "krav_locked_bold": dict(font=Font(bold=True), alignment=wrap_top, border=border,
                                 protection=Protection(locked=True), fill=PatternFill("solid", fgColor="F2F2F2")),
        "krav_answer": dict(alignment=wrap_top, border=border, protection=Protection(locked=False)),
        "krav_title": dict(font=Font(bold=True, size=14), protection=Protection(locked=True)),
        "krav_plain": dict(alignment=Alignment(wrap_text=True, vertical="top"), protection=Protection(locked=True)),
        "krav_label": dict(font=Font(bold=True), alignment=Alignment(vertical="top"),
                           protection=Protection(locked=True)),
    }
    for name, attrs in specs.items():
        wb.add_named_style(NamedStyle(name=name, **attrs))


def _protect(ws: Any) -> None:
    ws.protection.sheet = True
    # Each flag names an action to block; False leaves it to the supplier.
    ws.protection.autoFilter = False
    ws.protection.formatRows = False
    ws.protection.formatColumns = False
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False


def _print_setup(ws: Any, words: dict[str, Any], landscape: bool) -> None:
    page = words["document"]["page"].replace("{page}", "&P").replace("{pages}", "&N")
    print_setup(ws, page, landscape)


def _instructions_sheet(wb: Any, spec: Specification, words: dict[str, Any]) -> None:
    ws = wb.create_sheet(words["workbook"]["instructions_sheet"])
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 100
    _print_setup(ws, words, landscape=False)
    _protect(ws)
    rows = _tender_rows(spec, words)
    from .xlsx_members import joint_instructions

    lines = [*words["workbook"]["instructions"], *joint_instructions(spec, words)]
    rows += [(f"{i}.", line, "krav_plain") for i, line in enumerate(lines, 1)]
    from .xlsx_price import evaluation_rows

    rows += evaluation_rows(spec, words)
    for i, (label, value, style) in enumerate(rows, 1):
        ws.row_dimensions[i].height = row_height([(value, 100), (label, 24)])
        if style == "krav_answer":
            ws.append([_text_cell(ws, label, "krav_label"), _input_cell(ws, f"B{i}", words["workbook"])])
            continue
        label_style = "krav_label" if style == "krav_plain" else style
        ws.append([_text_cell(ws, label, label_style), _text_cell(ws, value, "krav_plain")])


def _input_cell(ws: Any, ref: str, wbw: dict[str, Any]) -> Any:
    """The unlocked cell for the supplier's name, which the answer check reads back."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(allow_blank=True, showInputMessage=True, promptTitle=wbw["supplier_prompt_title"][:32],
                        prompt=wbw["supplier_prompt"][:255])
    dv.sqref = ref
    ws.data_validations.append(dv)
    cell = WriteOnlyCell(ws)
    cell._style = copy(_style_of(ws, "krav_answer"))
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
        ws.append([_text_cell(ws, v[row], "krav_plain") if row < len(v) else None for v in columns])
    ws.sheet_state = "hidden"
    _protect(ws)
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
    _print_setup(ws, words, landscape=True)
    _protect(ws)
    _validations(ws, reqs, words, list_ranges)
    _mark_unanswered(ws, words, last)
    headers = [(wbw["columns"] | words["joint"]["workbook"]["columns"])[c] for c in columns]
    ws.row_dimensions[1].height = row_height(list(zip(headers, widths, strict=True)), minimum_lines=2)
    ws.append([_text_cell(ws, h, "krav_header") for h in headers])
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
        dv = DataValidation(type="list", formula1=source, allow_blank=True, **_messages(messages, "list"))
        dv.sqref = _sqref("H", rows)
        ws.data_validations.append(dv)
    if numbers:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                            **_messages(messages, "number"))
        dv.sqref = _sqref("H", numbers)
        ws.data_validations.append(dv)


def _messages(messages: dict[str, str], kind: str) -> dict[str, Any]:
    """The input message shown on entering the cell and the error shown for a wrong answer.

    Excel refuses a file whose titles pass 32 characters or whose texts pass 255.
    """
    return dict(showInputMessage=True, showErrorMessage=True, errorStyle="stop",
                promptTitle=messages[f"{kind}_title"][:32], prompt=messages[f"{kind}_prompt"][:255],
                errorTitle=messages[f"{kind}_error_title"][:32], error=messages[f"{kind}_error"][:255])


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
    _protect(ws)
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
