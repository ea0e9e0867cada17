"""The building blocks every workbook the tool writes is made of.

The response sheet, the price form, the test plan, the members' matrix, the
evaluation workbooks, the survey forms and the priority sheets all share the
same named styles, the same locked-but-filterable sheet protection, the same
printed page, and the same two ways of writing a text cell that can never
become a formula: `text_cell` for openpyxl's write-only rows and `RowWriter`
for rows written as SpreadsheetML text and spliced in with `splice_rows`.
A sheet with thousands of validated cells gets its validations the same way
(`validation_xml`, `splice_validations`): openpyxl parses every range of them.
"""

from __future__ import annotations

import io
import re
from copy import copy
from typing import Any, Protocol

from ..xmlescape import escape
from .xlsx_layout import print_setup

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
"""Characters that make Excel or a CSV consumer read a cell as a formula."""
_FORMULA_FIRST = frozenset(FORMULA_STARTS)


def is_formula_like(text: str) -> bool:
    """Whether Excel would read `text` typed into a cell as a formula."""
    return text[:1] in _FORMULA_FIRST


def plain_texts(*texts: str) -> bool:
    """Whether each of `texts` goes into a text cell as it stands (after `RowWriter.text_head`, before
    `TEXT_END`): nothing to escape or remove, and no start Excel would take for a formula."""
    for text in texts:
        if text[:1] in _FORMULA_FIRST:
            return False
    return _SPECIAL.search("".join(texts)) is None


def splice_rows(sheet: bytes, rows: str | None) -> bytes:
    """Add rows written as text after the rows openpyxl wrote (see `RowWriter`)."""
    if rows is None:
        return sheet
    if sheet.count(b"</sheetData>") != 1:
        raise RuntimeError("unexpected worksheet layout")
    return sheet.replace(b"</sheetData>", rows.encode("utf-8") + b"</sheetData>")


def save_stored(wb: Any) -> bytes:
    """The workbook as openpyxl saves it, but with its parts stored, not compressed.

    `zipfix.normalise` compresses every part anyway; a stored archive spares
    inflating and deflating them twice. (`Workbook.save` would also stamp the
    current time as the modification date, which `normalise` replaces.)
    """
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED, allowZip64=True)).save()
    return buffer.getvalue()


_AFTER_VALIDATIONS = (b"<hyperlinks", b"<printOptions", b"<pageMargins", b"<pageSetup", b"<headerFooter",
                      b"<rowBreaks", b"<colBreaks", b"<customProperties", b"<cellWatches", b"<ignoredErrors",
                      b"<smartTags", b"<drawing", b"<legacyDrawing", b"<picture", b"<oleObjects", b"<controls",
                      b"<webPublishItems", b"<tableParts", b"<extLst", b"</worksheet>")
"""The elements a worksheet may have after <dataValidations>, in the order of the schema (CT_Worksheet)."""


def splice_validations(sheet: bytes, validations: list[str]) -> bytes:
    """Add <dataValidations> written by `validation_xml` where the schema wants it: after the sheet's
    conditional formats, before its hyperlinks and print set-up."""
    if not validations:
        return sheet
    rows_end = sheet.find(b"</sheetData>")
    if rows_end < 0 or b"<dataValidations" in sheet[rows_end:]:
        raise RuntimeError("unexpected worksheet layout")
    at = min(i for i in (sheet.find(tag, rows_end) for tag in _AFTER_VALIDATIONS) if i >= 0)
    xml = f'<dataValidations count="{len(validations)}">{"".join(validations)}</dataValidations>'
    return sheet[:at] + xml.encode("utf-8") + sheet[at:]


def validation_xml(sqref: str, kind: str, formula1: str, messages: dict[str, Any], operator: str | None = None) -> str:
    """One <dataValidation> of `kind` ("list", "decimal", …) with the prompt and error of `validation_messages`,
    blank allowed; `sqref` as Excel writes it ("H2:H4 H7")."""
    attributes = {"type": kind, "operator": operator, "allowBlank": "1",
                  "showInputMessage": "1" if messages["showInputMessage"] else "0",
                  "showErrorMessage": "1" if messages["showErrorMessage"] else "0",
                  "errorStyle": messages["errorStyle"], "errorTitle": messages["errorTitle"],
                  "error": messages["error"], "promptTitle": messages["promptTitle"], "prompt": messages["prompt"],
                  "sqref": sqref}
    text = "".join(f' {name}="{_attribute(value)}"' for name, value in attributes.items() if value is not None)
    return f"<dataValidation{text}><formula1>{xml_text(formula1)}</formula1></dataValidation>"


def _attribute(value: str) -> str:
    """`value` escaped for an attribute in double quotes; line breaks and tabs kept as character references."""
    return escape(_CONTROL.sub("", value), {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


class StyleSource(Protocol):
    """Where a `RowWriter` gets the index of a cell style: the named style `name`, with Excel's quote prefix
    (the cell is text whatever it begins with) or without."""

    def index(self, name: str, quote: bool) -> int: ...


class WorkbookStyles:
    """The cell styles of an openpyxl workbook, registered as rows ask for them."""

    def __init__(self, wb: Any, ws: Any) -> None:
        self.wb, self.ws = wb, ws

    def index(self, name: str, quote: bool) -> int:
        style = copy(style_of(self.ws, name))
        style.quotePrefix = int(quote)
        index: int = self.wb._cell_styles.add(style)
        return index


class RowWriter:
    """Writes worksheet rows as SpreadsheetML text.

    openpyxl spends some 25 microseconds on each cell; a response sheet for a
    large library has over 100,000 cells. Rows are therefore written here as
    text with inline strings and the style indices openpyxl registered (or
    `styles` gives), and spliced into the saved sheet. Text cells are always
    strings (t="inlineStr"), so no text can become a formula.
    """

    def __init__(self, wb: Any = None, ws: Any = None, styles: StyleSource | None = None) -> None:
        """Rows of the sheet `ws` of the workbook `wb`, or with the cell styles `styles` gives."""
        self.source: StyleSource = styles if styles is not None else WorkbookStyles(wb, ws)
        self.styles: dict[tuple[str, bool], int] = {}
        self.parts: list[str] = []
        self._shared: dict[tuple[str, str], str] = {}
        self._heads: dict[str, str] = {}

    def style(self, name: str, quote: bool = False) -> int:
        key = (name, quote)
        if key not in self.styles:
            self.styles[key] = self.source.index(name, quote)
        return self.styles[key]

    def text(self, ref: str, value: str, style: str) -> str:
        return f'<c r="{ref}"{self.text_rest(value, style)}'

    def shared_text(self, ref: str, value: str, style: str) -> str:
        """`text` for a value many rows repeat (a chapter, an obligation): its XML is made once."""
        rest = self._shared.get((value, style))
        if rest is None:
            rest = self._shared[(value, style)] = self.text_rest(value, style)
        return f'<c r="{ref}"{rest}'

    def text_rest(self, value: str, style: str) -> str:
        """A text cell after its reference: `f'<c r="{ref}"{rest}'` is the whole cell."""
        head = self._heads.get(style) if value[:1] not in _FORMULA_FIRST else None
        if head is None:
            head = self.text_head(style, value[:1] in _FORMULA_FIRST)
        return head + (value if _SPECIAL.search(value) is None else xml_text(value)) + TEXT_END

    def text_head(self, style: str, quote: bool = False) -> str:
        """A text cell between its reference and its text: the style, the type and the start of the text."""
        head = f' s="{self.style(style, quote)}" t="inlineStr"><is><t xml:space="preserve">'
        if not quote:
            self._heads[style] = head
        return head

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


TEXT_END = "</t></is></c>"
"""What closes a text cell `RowWriter.text_head` opens, after its text."""
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
