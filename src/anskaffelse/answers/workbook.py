"""An answered workbook, read as untrusted input: the one door for every workbook from outside.

A workbook passes these rules as it is read:

1. the file is read with a bounded read (`infile.read_bytes`, at most
   `MAX_WORKBOOK_BYTES`); a file that is no zip archive is named for what it
   looks like (a CSV file, an old .xls, a PDF) instead of failing to parse;
2. the zip rules of every Office file from outside (`office_zip`): the number
   of parts counted before the directory is read, each part's and the total
   unpacked size, and how tightly a part is packed (a zip bomb);
3. every part is streamed once through expat (`parts`): no part may declare an
   XML document type (SpreadsheetML has none, and entity declarations are how
   XML bombs and external entities work); a worksheet that claims or uses
   more rows or columns than the workbook can need is refused as soon as the
   number is read; formulas, macros, ActiveX, OLE objects and external links
   are noted, never run or followed;
4. in the same pass the values are read (`cells`, `values`), as openpyxl
   would read them in read-only, values-only mode, up to the extent really
   used (never the extent the sheet claims): formulas are never evaluated
   (their last saved value is read) and links are not followed; the number of
   cells read is bounded. A caller that needs only some sheets, or some
   columns of a sheet, names them (`wanted`); every sheet is checked alike.

What comes out is plain values with their positions. openpyxl never opens a
workbook from outside.
"""

from __future__ import annotations

import hashlib
import zipfile
import zlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from ..diagnostics import InputError, display_path, error
from ..infile import binary_kind, read_bytes
from ..office_zip import ZipLimits, ZipRefused, open_archive
from .cells import Formula, SheetLimits, SheetPart, Wanted
from .parts import ActiveContent, Inventory, inspect_archive, workbook_part
from .values import Value
from .xmlstream import Refused

MAX_WORKBOOK_BYTES = 50_000_000
"""The file: a 10,000-requirement answer sheet with long descriptions is a few MB."""
MAX_PARTS = 2_000
MAX_PART_BYTES = 300_000_000
"""One part unpacked: worksheet XML is about ten times its packed size."""
MAX_TOTAL_BYTES = 500_000_000
MAX_RATIO = 100
RATIO_FROM_BYTES = 1_000_000
"""Above 1 MB unpacked, a part packed tighter than 100 to 1 is a zip bomb, not a worksheet."""
MAX_CELLS = 5_000_000
"""Cells read across all sheets; the answer sheet of the largest library has some 100,000."""
MAX_ROWS = 100_000
"""Rows of any sheet when the specification is not known: ten times the largest library."""
MAX_COLUMNS = 1_000
"""Columns of any sheet when the specification is not known: the answer sheet has ten."""

@dataclass(frozen=True)
class WorkbookLimits:
    """How large a workbook may be; `answers.responses.limits_for` gives tighter ones for a specification."""

    unpacked_bytes: int = MAX_TOTAL_BYTES
    """All parts unpacked (and so each part)."""
    rows: int = MAX_ROWS
    columns: int = MAX_COLUMNS
    cells: int = MAX_CELLS

    def zip_limits(self) -> ZipLimits:
        return ZipLimits(MAX_PARTS, min(MAX_PART_BYTES, self.unpacked_bytes), min(MAX_TOTAL_BYTES,
                         self.unpacked_bytes), MAX_RATIO, RATIO_FROM_BYTES)


DEFAULT_LIMITS = WorkbookLimits()


@dataclass(frozen=True)
class WorkbookSource:
    """What kind of workbook the door is reading and whom to ask for a better one, for the messages.

    A member's priority workbook or the committee's evaluation workbook passes the same
    rules as a supplier's answers, but "ask the supplier" would send its reader to the
    wrong person.
    """

    noun: str = "answer workbook"
    sender: str = "the supplier"
    form: str = "the .xlsx workbook that came with the tender"


SUPPLIER = WorkbookSource()


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
    active: tuple[ActiveContent, ...] = ()
    """Macros, ActiveX controls, OLE objects and external links found in the file (never run)."""
    sha256: str = ""
    """Of the file's bytes, so a report can name exactly which file it checked."""
    saved: str | None = None
    """When it was last saved, as the workbook itself says (ISO 8601, UTC); None when it does not say."""

    def sheet(self, name: str) -> Sheet | None:
        return next((s for s in self.sheets if s.name == name), None)


def read_workbook(path: Path, limits: WorkbookLimits = DEFAULT_LIMITS,
                  source: WorkbookSource = SUPPLIER,
                  wanted: Mapping[str, Collection[int] | None] | None = None) -> AnsweredWorkbook:
    """The sheets of an answered workbook; `InputError` when it breaks a rule or is not a workbook.

    `wanted` names the sheets to read (the others are checked, and left out) and for each the columns
    (1-based) whose values to keep, None for all; without it every sheet is read in full.
    """
    try:
        data = read_bytes(path, MAX_WORKBOOK_BYTES, source.noun)
    except InputError as unreadable:
        # Too large, missing or no regular file: the same finding as every other workbook that cannot be read.
        raise InputError([replace(d, code="A001") for d in unreadable.diagnostics]) from None
    wrong = not_a_zip(data, source)
    if wrong is not None:
        raise _problem(path, *wrong, source)
    too_big = f"Ask {source.sender} for {source.form}, filled in, as a spreadsheet program saved it."
    damaged = f"Open it in Excel or LibreOffice and save it again as .xlsx, or ask {source.sender} to send it again."
    try:
        archive = open_archive(data, limits.zip_limits())
    except ZipRefused as refused:
        raise _problem(path, refused.problem, too_big, source) from None
    except (zipfile.BadZipFile, EOFError, OSError, ValueError):
        raise _problem(path, "is damaged or cut short: its zip archive has no readable directory",
                       damaged, source) from None
    keep = None if wanted is None else {name: Wanted(None if columns is None else frozenset(columns))
                                        for name, columns in wanted.items()}
    with archive:
        try:
            inventory = _inventory(archive, data, limits, source, keep)
        except Refused as refused:
            # The rules deep in the file ask for the workbook as it was sent; say whom to ask.
            raise _problem(path, refused.problem, refused.hint or too_big, source) from None
        except (ZipRefused, zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
                RuntimeError):
            raise _problem(path, "is damaged", damaged, source) from None
    sheets = _sheets(path, inventory, limits, source, keep)
    return AnsweredWorkbook(path, sheets, inventory.active, hashlib.sha256(data).hexdigest(), inventory.saved)


def _inventory(archive: zipfile.ZipFile, data: bytes, limits: WorkbookLimits, source: WorkbookSource,
               wanted: Mapping[str, Wanted] | None) -> Inventory:
    main = workbook_part(archive)
    if main is None:
        kind = binary_kind(data[:1 << 16])
        what = kind if kind not in (None, "an Excel workbook") else "a zip archive"
        raise Refused(f"is {what}, not an Excel workbook (.xlsx)", f"Ask {source.sender} for {source.form}, "
                      "filled in.")
    try:
        return inspect_archive(archive, main, SheetLimits(limits.rows, limits.columns, limits.cells), wanted)
    except Refused as refused:
        raise Refused(refused.problem, _addressed(refused.hint, source)) from None


_OLE = "an old-style Office file (.xls or .doc)"


def _addressed(hint: str, source: WorkbookSource) -> str:
    """A hint of the rules deep in the file, with whom to ask for which workbook filled in."""
    return hint.replace("{sender}", source.sender).replace("{form}", source.form).replace("{noun}", source.noun)


def not_a_zip(data: bytes, source: WorkbookSource = SUPPLIER) -> tuple[str, str] | None:
    """What a file that is no zip archive looks like, and what to ask for instead; None for a zip archive."""
    ask = f"Ask {source.sender} for {source.form}, filled in."
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return None
    if not data.strip():
        return "is empty", ask
    kind = binary_kind(data[:1 << 16])
    if kind == _OLE:
        return ("is an old-style Excel file (.xls) or another file in Microsoft's older format, not an .xlsx "
                "workbook; a workbook saved with a password to open it is stored this way too"), (
                f"Ask {source.sender} to save it as an Excel workbook (.xlsx) without a password, or better, "
                f"to fill in {source.form}.")
    if kind is not None:
        return f"is {kind}, not an Excel workbook (.xlsx)", ask
    head = data[:4096]
    if b"\x00" not in head:
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if text.startswith(b"<"):
            return "is an HTML or XML file (a web page saved as .xlsx?), not an Excel workbook", ask
        return "is a text file (a CSV file or similar renamed .xlsx?), not an Excel workbook", ask
    return "is not an Excel workbook (.xlsx): it is neither a zip archive nor a known office format", ask


def _sheets(path: Path, inventory: Inventory, limits: WorkbookLimits, source: WorkbookSource,
            wanted: Mapping[str, Wanted] | None) -> tuple[Sheet, ...]:
    damaged = next((part for part in inventory.sheets if part.damaged), None)
    if damaged is not None:
        raise _problem(path, f"cannot be read as a workbook ({damaged.damaged} in sheet {damaged.name[:100]!r})",
                       "Open it in Excel or LibreOffice and save it again as .xlsx.", source)
    budget = [limits.cells, limits.cells]
    return tuple(Sheet(part.name, part.state, _rows(part, budget, path, source), part.formulas)
                 for part in inventory.sheets if wanted is None or part.name in wanted)


def _rows(part: SheetPart, budget: list[int], path: Path, source: WorkbookSource) -> tuple[tuple[Value, ...], ...]:
    rows, columns = part.rows, part.columns
    if not rows or not columns:
        return ()
    # Every row comes back as wide as the widest, so the cells read are rows × columns.
    budget[0] -= rows * columns
    if budget[0] < 0:
        raise _problem(path, f"spans more cells than the limit of {budget[1]:,} (sheet {part.name[:100]!r} "
                       f"alone spans {rows:,} rows × {columns:,} columns)",
                       f"This is not the {source.noun} that was sent out.", source)
    grid: list[list[Value]] = [[None] * columns for _ in range(rows)]
    for row, column, value in part.cells:
        grid[row - 1][column - 1] = value
    return tuple(map(tuple, grid))


def _problem(path: Path, problem: str, hint: str, source: WorkbookSource) -> InputError:
    shown = display_path(path)
    return InputError([error("A001", f"{source.noun} {shown} {problem}", hint, file=shown)])
