"""An answered workbook, read as untrusted input.

A supplier's workbook passes these rules before any cell is read:

1. the file is read with a bounded read (`infile.read_bytes`);
2. the zip rules of every Office file from outside (`office_zip`): the number
   of parts counted before the directory is read, each part's and the total
   unpacked size, and how tightly a part is packed (a zip bomb);
3. no part may declare an XML document type: SpreadsheetML has none, and
   entity declarations are how XML bombs and external entities work; openpyxl
   then parses with defusedxml, which refuses them as well;
4. openpyxl reads in read-only mode, values only: formulas are never
   evaluated (their last saved value is read) and links are not followed;
   the number of cells read is bounded. Which cells hold a formula is noted
   (`Sheet.formulas`), so a caller can refuse a formula where it expects a
   typed answer: the saved value of a formula is whatever its author chose.

What comes out is plain values with their positions, nothing of openpyxl.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import InputError, display_path, error
from ..infile import read_bytes
from ..office_zip import ZipLimits, ZipRefused, open_archive, printable_name

MAX_WORKBOOK_BYTES = 50_000_000
"""The file: a 10,000-requirement answer sheet with long descriptions is a few MB."""
MAX_PARTS = 2_000
MAX_PART_BYTES = 300_000_000
"""One part unpacked: worksheet XML is about ten times its packed size."""
MAX_TOTAL_BYTES = 500_000_000
MAX_RATIO = 100
RATIO_FROM_BYTES = 1_000_000
"""Above 1 MB unpacked, a part packed tighter than 100 to 1 is a zip bomb, not a worksheet."""
_LIMITS = ZipLimits(MAX_PARTS, MAX_PART_BYTES, MAX_TOTAL_BYTES, MAX_RATIO, RATIO_FROM_BYTES)
MAX_CELLS = 5_000_000
"""Cells read across all sheets; the answer sheet of the largest library has some 100,000."""

_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")

Value = str | int | float | bool | None


@dataclass(frozen=True)
class Formula:
    row: int
    column: int
    text: str
    """The formula as written in the file (without '='), cut at 200 characters."""


@dataclass(frozen=True)
class Sheet:
    name: str
    state: str
    """visible, hidden or veryHidden (LibreOffice saves veryHidden as hidden)."""
    rows: tuple[tuple[Value, ...], ...]
    formulas: tuple[Formula, ...] = ()
    """Cells that hold a formula; their value in `rows` is the one last saved with the file."""

    def value(self, row: int, column: int) -> Value:
        """The value at a 1-based row and column, None when empty."""
        if 0 < row <= len(self.rows) and 0 < column <= len(self.rows[row - 1]):
            return self.rows[row - 1][column - 1]
        return None


@dataclass(frozen=True)
class AnsweredWorkbook:
    path: Path
    sheets: tuple[Sheet, ...]

    def sheet(self, name: str) -> Sheet | None:
        return next((s for s in self.sheets if s.name == name), None)


def read_workbook(path: Path) -> AnsweredWorkbook:
    """The sheets of an answered workbook; `InputError` when it breaks a rule or is not a workbook."""
    data = read_bytes(path, MAX_WORKBOOK_BYTES, "answer workbook")
    too_big = "Ask the supplier for the workbook as it was saved by a spreadsheet program."
    try:
        archive = open_archive(data, _LIMITS)
    except ZipRefused as refused:
        raise _problem(path, refused.problem, too_big) from None
    except (zipfile.BadZipFile, EOFError, OSError, ValueError):
        raise _problem(path, "is not an Excel workbook (.xlsx)", "Ask for the answers as .xlsx.") from None
    with archive:
        try:
            _refuse_document_types(archive, path, too_big)
        except (ZipRefused, zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
                RuntimeError):
            raise _problem(path, "is damaged", "Open it in Excel or LibreOffice and save it again as .xlsx.") from None
    return AnsweredWorkbook(path, _sheets(data, path))


def _refuse_document_types(archive: zipfile.ZipFile, path: Path, hint: str) -> None:
    # Every part, whatever its name: openpyxl follows the names the relationships give.
    for info in archive.infolist():
        if not info.is_dir() and _declares_doctype(archive, info):
            raise _problem(path, f"declares an XML document type in {printable_name(info.filename)!r}, which a "
                                 "workbook never does", hint)


def _declares_doctype(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    tail = b""
    read = 0
    with archive.open(info) as part:
        while chunk := part.read(1 << 20):
            read += len(chunk)
            if read > info.file_size:
                raise ZipRefused(f"is damaged: part {printable_name(info.filename)} unpacks to more than it declares")
            if _DOCTYPE.search(tail + chunk):
                return True
            tail = chunk[-32:]
    return False


def _sheets(data: bytes, path: Path) -> tuple[Sheet, ...]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise _problem(path, f"cannot be read as a workbook ({type(exc).__name__})",
                       "Open it in Excel or LibreOffice and save it again as .xlsx.") from None
    try:
        budget = [MAX_CELLS]
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return tuple(Sheet(ws.title, ws.sheet_state, _rows(ws, budget, path), _formulas(archive, ws, path))
                         for ws in book.worksheets)
    finally:
        book.close()


def _formulas(archive: zipfile.ZipFile, ws: Any, path: Path) -> tuple[Formula, ...]:
    """The cells of a worksheet part that hold a formula (`<c><f>`), found by streaming its XML."""
    from defusedxml.ElementTree import ParseError, iterparse
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
    from openpyxl.utils.exceptions import CellCoordinatesException

    found: list[Formula] = []
    row = column = 0
    try:
        if not _FORMULA.search(archive.read(ws._worksheet_path)):
            return ()  # most sheets: no element named f, so nothing to parse
        with archive.open(ws._worksheet_path) as part:
            for event, element in iterparse(part, events=("start", "end")):
                tag = element.tag.rpartition("}")[2]
                if event == "start" and tag == "row":
                    row, column = _number(element.get("r"), row + 1), 0
                elif event == "start" and tag == "c":
                    try:
                        letters, row = coordinate_from_string(element.get("r") or "")
                        column = column_index_from_string(letters)
                    except (ValueError, CellCoordinatesException):  # optional: then the next cell along
                        column += 1
                elif event == "end" and tag == "f":
                    found.append(Formula(row, column, (element.text or "")[:200]))
                elif event == "end" and tag in ("c", "row"):
                    element.clear()
    except (ParseError, KeyError, OSError, zipfile.BadZipFile, zlib.error):
        raise _problem(path, "is damaged", "Open it in Excel or LibreOffice and save it again as .xlsx.") from None
    return tuple(found)


def _number(text: str | None, default: int) -> int:
    return int(text) if text is not None and text.isascii() and text.isdigit() and len(text) < 8 else default


def _rows(ws: Any, budget: list[int], path: Path) -> tuple[tuple[Value, ...], ...]:
    rows = []
    for row in ws.iter_rows(values_only=True):
        budget[0] -= len(row)
        if budget[0] < 0:
            raise _problem(path, f"has more than {MAX_CELLS:,} cells", "This is not an answer workbook.")
        rows.append(tuple(_plain(v) for v in row))
    return tuple(rows)


def _plain(value: Any) -> Value:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)  # dates and times


def _problem(path: Path, problem: str, hint: str) -> InputError:
    shown = display_path(path)
    return InputError([error("A001", f"answer workbook {shown} {problem}", hint, file=shown)])
