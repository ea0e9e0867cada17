"""The building blocks every workbook the tool writes is made of.

The response sheet, the price form, the test plan, the members' matrix, the
evaluation workbooks, the survey forms and the priority sheets all share the
same named styles, the same locked-but-filterable sheet protection, the same
printed page, and the same two ways of writing a text cell that can never
become a formula: `text_cell` for openpyxl's write-only rows and `RowWriter`
for rows written as SpreadsheetML text and spliced in with `splice_rows`.
"""

from __future__ import annotations

import re
from copy import copy
from typing import Any
from xml.sax.saxutils import escape

from .xlsx_layout import print_setup

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
"""Characters that make Excel or a CSV consumer read a cell as a formula."""


def is_formula_like(text: str) -> bool:
    """Whether Excel would read `text` typed into a cell as a formula."""
    return text.startswith(FORMULA_STARTS)


def splice_rows(sheet: bytes, rows: str | None) -> bytes:
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
            style = copy(style_of(self.ws, name))
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
        return f' s="{s}" t="inlineStr"><is><t xml:space="preserve">{xml_text(value)}</t></is></c>'

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


def xml_text(value: str) -> str:
    """`value` escaped for SpreadsheetML text, without the control characters XML 1.0 forbids."""
    if _SPECIAL.search(value) is None:  # most texts: nothing to remove or escape
        return value
    return escape(_CONTROL.sub("", value))


def text_cell(ws: Any, value: str, style: str) -> Any:
    """A cell that always holds text, never a formula, whatever the text begins with."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws)
    # Set the text directly: openpyxl would otherwise treat a leading "=" as a formula.
    cell._value = value
    cell.data_type = "s"
    cell._style = copy(style_of(ws, style))
    if is_formula_like(value):
        # quotePrefix is Excel's own "this is text" flag; it survives editing the cell.
        cell.quotePrefix = True
    return cell


def style_of(ws: Any, name: str) -> Any:
    """The style array of a named style, looked up once per workbook (the lookup is slow)."""
    from openpyxl.cell import WriteOnlyCell

    cache = ws.parent.__dict__.setdefault("_anskaffelse_styles", {})
    if name not in cache:
        probe = WriteOnlyCell(ws)
        probe.style = name
        cache[name] = probe._style
    return cache[name]


def register_styles(wb: Any) -> None:
    """Add the named styles (`krav_header`, `krav_locked`, `krav_answer`, …) the blocks write with."""
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


def protect_sheet(ws: Any) -> None:
    """Lock the sheet's locked cells while leaving filtering, row and column sizes and selection free."""
    ws.protection.sheet = True
    # Each flag names an action to block; False leaves it to the supplier.
    ws.protection.autoFilter = False
    ws.protection.formatRows = False
    ws.protection.formatColumns = False
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False


def page_setup(ws: Any, words: dict[str, Any], landscape: bool) -> None:
    """Print set-up with the language's "page N of M" footer (see `xlsx_layout.print_setup`)."""
    page = words["document"]["page"].replace("{page}", "&P").replace("{pages}", "&N")
    print_setup(ws, page, landscape)


def validation_messages(messages: dict[str, str], kind: str) -> dict[str, Any]:
    """The input message shown on entering the cell and the error shown for a wrong answer.

    `messages` holds `{kind}_title`, `{kind}_prompt`, `{kind}_error_title` and
    `{kind}_error`. Excel refuses a file whose titles pass 32 characters or
    whose texts pass 255.
    """
    return dict(showInputMessage=True, showErrorMessage=True, errorStyle="stop",
                promptTitle=messages[f"{kind}_title"][:32], prompt=messages[f"{kind}_prompt"][:255],
                errorTitle=messages[f"{kind}_error_title"][:32], error=messages[f"{kind}_error"][:255])
