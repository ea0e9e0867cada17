"""How the response sheet fits the printed page and its cells fit their text.

Excel neither grows rows for wrapped text when it prints nor checks that a
sheet fitted to the page width stays readable; both are worked out here.

Widths are in Excel's unit, the width of a digit "0" in the default font
(Calibri 11 pt: 7 pixels, 5.25 pt), plus a few pixels of cell padding.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

WIDTHS = (12, 14, 20, 46, 11, 6, 13, 10, 32, 15)
"""ID, chapter, title, text, type, weight, response form, answer, description, reference."""

JOINT_WIDTHS = {"scope": 14, "option": 8}
"""A joint tender's columns: whom a requirement applies to, and whether it is an option."""
JOINT_DESCRIPTION_WIDTH = 26
"""The description column gives up room for them, so the sheet still prints at 8 pt or more."""

FONT_POINTS = 11.0
"""The workbook's default font size (openpyxl's Calibri 11)."""
MIN_PRINTED_POINTS = 8.0
"""Smallest text size that still reads on paper."""
A4_LANDSCAPE_POINTS = 297 / 25.4 * 72
SIDE_MARGIN_INCHES = 0.4
PIXEL_POINTS = 0.75
"""One screen pixel at 96 dpi."""
DIGIT_PIXELS = 7
CELL_PADDING_PIXELS = 5

CHARACTERS_PER_DIGIT = 1.15
LINE_HEIGHT = 15.0
"""One line of 11 pt text, in points (Excel's default row height)."""
MAX_ROW_HEIGHT = 409.0
"""Excel's largest row height in points."""


def sheet_points(widths: Iterable[float]) -> float:
    """The printed width of columns at 100 %, in points."""
    return sum(w * DIGIT_PIXELS + CELL_PADDING_PIXELS for w in widths) * PIXEL_POINTS


def fit_scale(widths: Iterable[float], page_points: float = A4_LANDSCAPE_POINTS,
              margin_inches: float = SIDE_MARGIN_INCHES) -> float:
    """The scale (at most 1) at which the columns fit the page width between the margins."""
    printable = page_points - 2 * margin_inches * 72
    return min(1.0, printable / sheet_points(widths))


def printed_points(widths: Iterable[float]) -> float:
    """The size of the default font once the sheet is fitted to the page width."""
    return FONT_POINTS * fit_scale(widths)


def print_setup(ws: Any, page_footer: str, landscape: bool) -> None:
    """A4, fitted to one page wide and as many pages tall as needed, with narrow side margins."""
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    margins = ws.page_margins
    margins.left = margins.right = SIDE_MARGIN_INCHES
    margins.top = margins.bottom = 0.6
    margins.header = margins.footer = 0.3
    ws.oddFooter.center.text = page_footer


def wrapped_lines(text: str, width: float) -> int:
    """Lines `text` takes in a wrapping cell `width` digits wide, breaking at spaces as Excel does.

    Norwegian text in Calibri (or the metric twin Carlito that LibreOffice uses)
    averages some 1.2 characters per digit width; counting 1.15, less one for the
    cell padding, errs towards a row a little too tall rather than clipped text.
    """
    return lines_within(text, line_capacity(width))


def line_capacity(width: float) -> int:
    """The characters one line of a wrapping cell `width` digits wide holds (see `wrapped_lines`)."""
    return max(1, int(width * CHARACTERS_PER_DIGIT) - 1)


def lines_within(text: str, capacity: int) -> int:
    """Lines `text` takes where a line holds `capacity` characters, breaking at spaces as Excel does."""
    if len(text) <= capacity:
        return text.count("\n") + 1  # every paragraph fits on one line
    lines = 0
    for paragraph in text.split("\n"):
        if len(paragraph) <= capacity:
            lines += 1  # fits on one line, whatever its words
        else:
            lines += _line_by_line(paragraph, capacity) or _word_by_word(paragraph, capacity)
    return lines


def _line_by_line(paragraph: str, capacity: int) -> int:
    """The lines of a paragraph of words between single spaces, found a line at a time (the usual case).

    Each line ends at the last space within `capacity` characters, which is where adding
    words one by one would end it. 0 for a paragraph this cannot count: one with a word
    longer than a line, or with a space at an end or beside another space.
    """
    if "  " in paragraph or paragraph.startswith(" ") or paragraph.endswith(" "):
        return 0
    lines, start, end = 1, 0, len(paragraph)
    while end - start > capacity:
        space = paragraph.rfind(" ", start, start + capacity + 1)
        if space < 0:
            return 0
        start = space + 1
        lines += 1
    return lines


def _word_by_word(paragraph: str, capacity: int) -> int:
    lines = 1
    used = 0
    for word in paragraph.split(" "):
        size = len(word)
        if used and used + 1 + size <= capacity:
            used += 1 + size
            continue
        if used:
            lines += 1
        lines += (size - 1) // capacity if size > capacity else 0
        used = size - (size - 1) // capacity * capacity if size > capacity else size
    return lines


def row_height(cells: Sequence[tuple[str, float]], minimum_lines: int = 1) -> float:
    """A row tall enough for the longest of its wrapped (text, column width) cells."""
    lines = minimum_lines
    for text, width in cells:
        lines = max(lines, wrapped_lines(text, width))
    return lines_height(lines)


def lines_height(lines: int) -> float:
    """The height of a row of `lines` lines of text, in points."""
    return min(round(LINE_HEIGHT * lines + 4, 1), MAX_ROW_HEIGHT)

