"""Report workbooks: plain tables, one large data sheet written as text, native Excel bar charts.

Every text cell is written as text (never a formula), also the facts a
respondent typed. The tidy data sheet of a 400 × 500 survey has 200,000
rows, so it is written as text and spliced into the saved workbook, as the
response sheet is (`export.xlsx.RowWriter`). Its cells repeat a few hundred
values, so they refer to a table of shared texts (as Excel itself saves
them), which makes the sheet a third of its size with inline strings.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from typing import Any

from ..epoch import utc
from ..export.xlsx_blocks import RowWriter, is_formula_like, register_styles, splice_rows, text_cell, xml_text
from ..export.zipfix import normalise

SHARED = "xl/sharedStrings.xml"
_SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SHARED_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SHARED_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"

Cell = str | int | float | None


class ReportBook:
    def __init__(self) -> None:
        from openpyxl import Workbook

        self.wb = Workbook(write_only=True)
        register_styles(self.wb)
        self.spliced: dict[Any, str] = {}
        self.shared: dict[str, int] = {}
        """Texts of the data sheet, in the order first written: the index is the cell's value."""

    def table(self, title: str, header: Sequence[str], rows: Sequence[Sequence[Cell]],
              widths: Sequence[float] = ()) -> Any:
        """A sheet with a frozen, filtered header row and one row per item."""
        from openpyxl.utils import get_column_letter

        ws = self.wb.create_sheet(title[:31])
        for i, width in enumerate(widths or [14] * len(header), 1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
        ws.append([text_cell(ws, h, "krav_header") for h in header])
        for row in rows:
            ws.append([text_cell(ws, v, "krav_plain") if isinstance(v, str) else v for v in row])
        return ws

    def big_table(self, title: str, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
        from openpyxl.utils import get_column_letter

        ws = self.wb.create_sheet(title[:31])
        letters = [get_column_letter(i) for i in range(1, len(header) + 1)]
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{letters[-1]}{len(rows) + 1}"
        ws.append([text_cell(ws, h, "krav_header") for h in header])
        writer = RowWriter(self.wb, ws)
        # The data sheet repeats a few hundred values in 200,000 rows: each value's cell XML after the
        # reference is made once (by the writer, so texts stay texts), looked up a column at a time, and a
        # row is one format of its number and its cells.
        tails = [self._column_tails(writer, column) for column in zip(*rows, strict=True)]
        cells = "".join(f'<c r="{c}{{0}}"{{{i}}}' for i, c in enumerate(letters, 1))  # '<c r="A{0}"{1}…'
        row_xml = f'<row r="{{0}}">{cells}</row>'.format
        self.spliced[ws] = "".join([row_xml(n, *cells) for n, cells in enumerate(zip(*tails, strict=True), 2)])

    def _column_tails(self, writer: RowWriter, column: Sequence[Cell]) -> list[str]:
        if set(map(type, column)) == {str}:
            made = {v: self._tail(writer, v) for v in dict.fromkeys(column)}
            return list(map(made.__getitem__, column))
        # 1, 1.0 and True are equal keys of a dict: numbers are told apart by their type too.
        keyed: dict[tuple[type, Cell], str] = {}
        for v in column:
            if (type(v), v) not in keyed:
                keyed[(type(v), v)] = self._tail(writer, v)
        return [keyed[(type(v), v)] for v in column]

    def _tail(self, writer: RowWriter, value: Cell) -> str:
        """A cell's XML after its reference: a shared text, or a number."""
        if not isinstance(value, str):
            return writer.number("@", value, "krav_plain").removeprefix('<c r="@"')
        index = self.shared.setdefault(value, len(self.shared))
        # A text that looks like a formula gets the quote prefix, as in `RowWriter.text`; it is a text either way.
        return f' s="{writer.style("krav_plain", is_formula_like(value))}" t="s"><v>{index}</v></c>'

    def bar_chart(self, ws: Any, title: str, label_column: int, value_columns: Sequence[int], rows: int,
                  anchor: str, stacked: bool = False) -> None:
        """A native horizontal bar chart of the sheet's own cells, so it follows edits in Excel."""
        from openpyxl.chart import BarChart, Reference

        if rows < 1:
            return
        chart = BarChart()
        chart.type = "bar"
        chart.title = title
        chart.height = max(7.5, 0.5 * rows)
        chart.width = 18
        if stacked:
            chart.grouping = "stacked"
            chart.overlap = 100
        for column in value_columns:
            chart.add_data(Reference(ws, min_col=column, min_row=1, max_row=rows + 1), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=label_column, min_row=2, max_row=rows + 1))
        chart.y_axis.scaling.min = 0
        chart.x_axis.scaling.orientation = "maxMin"
        ws.add_chart(chart, anchor)

    def save(self, epoch: int, title: str, language_tag: str) -> bytes:

        stamp = utc(epoch)
        props = self.wb.properties
        props.title, props.language, props.created, props.modified = title, language_tag, stamp, stamp
        props.creator = props.lastModifiedBy = "anskaffelse"
        buffer = io.BytesIO()
        self.wb.save(buffer)
        if self.shared:
            with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(SHARED, self._shared_texts())
        paths = {ws: f"xl/worksheets/sheet{i}.xml" for i, ws in enumerate(self.wb.worksheets, 1)}
        rows = {paths[ws]: self.spliced.pop(ws) for ws in list(self.spliced)}
        return normalise(buffer.getvalue(), epoch, rewrite=lambda name, data: self._rewrite(name, data, rows))

    def _rewrite(self, name: str, data: bytes, rows: dict[str, str]) -> bytes:
        if name in rows:
            return splice_rows(data, rows.pop(name))  # each sheet's text is let go once it is in the archive
        if self.shared and name == "[Content_Types].xml":
            return data.replace(b"</Types>", f'<Override PartName="/{SHARED}" ContentType="{_SHARED_TYPE}"/>'
                                f"</Types>".encode())
        if self.shared and name == "xl/_rels/workbook.xml.rels":
            return data.replace(b"</Relationships>", f'<Relationship Type="{_SHARED_RELATIONSHIP}" '
                                f'Target="sharedStrings.xml" Id="rIdShared"/></Relationships>'.encode())
        return data

    def _shared_texts(self) -> bytes:
        items = "".join(f'<si><t xml:space="preserve">{xml_text(text)}</t></si>' for text in self.shared)
        return f'<sst xmlns="{_SPREADSHEET}" uniqueCount="{len(self.shared)}">{items}</sst>'.encode()
