"""Report workbooks: plain tables, one large data sheet written as text, native Excel bar charts.

Every text cell is written as text (never a formula), also the facts a
respondent typed. The tidy data sheet of a 400 × 500 survey has 200,000
rows, so it is written with `export.xlsx.RowWriter` and spliced into the
saved workbook, as the response sheet is.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from ..export.xlsx import RowWriter, _register_styles, _splice, _text_cell
from ..export.zipfix import normalise

Cell = str | int | float | None


class ReportBook:
    def __init__(self) -> None:
        from openpyxl import Workbook

        self.wb = Workbook(write_only=True)
        _register_styles(self.wb)
        self.spliced: dict[Any, str] = {}

    def table(self, title: str, header: Sequence[str], rows: Sequence[Sequence[Cell]],
              widths: Sequence[float] = ()) -> Any:
        """A sheet with a frozen, filtered header row and one row per item."""
        from openpyxl.utils import get_column_letter

        ws = self.wb.create_sheet(title[:31])
        for i, width in enumerate(widths or [14] * len(header), 1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
        ws.append([_text_cell(ws, h, "krav_header") for h in header])
        for row in rows:
            ws.append([_text_cell(ws, v, "krav_plain") if isinstance(v, str) else v for v in row])
        return ws

    def big_table(self, title: str, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
        from openpyxl.utils import get_column_letter

        ws = self.wb.create_sheet(title[:31])
        letters = [get_column_letter(i) for i in range(1, len(header) + 1)]
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{letters[-1]}{len(rows) + 1}"
        ws.append([_text_cell(ws, h, "krav_header") for h in header])
        writer = RowWriter(self.wb, ws)
        for n, row in enumerate(rows, 2):
            writer.row(n, [writer.text(f"{c}{n}", v, "krav_plain") if isinstance(v, str)
                           else writer.number(f"{c}{n}", v, "krav_plain") for c, v in zip(letters, row, strict=True)])
        self.spliced[ws] = writer.xml()

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
        import datetime as dt

        stamp = dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None)
        props = self.wb.properties
        props.title, props.language, props.created, props.modified = title, language_tag, stamp, stamp
        props.creator = props.lastModifiedBy = "anskaffelse"
        buffer = io.BytesIO()
        self.wb.save(buffer)
        paths = {ws: f"xl/worksheets/sheet{i}.xml" for i, ws in enumerate(self.wb.worksheets, 1)}
        rows = {paths[ws]: xml for ws, xml in self.spliced.items()}
        return normalise(buffer.getvalue(), epoch, rewrite=lambda name, data: _splice(data, rows.get(name)))
