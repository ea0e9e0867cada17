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
4. in the same pass the values are read (`cells`, `regular`, `values`), as
   openpyxl would read them in read-only, values-only mode, up to the extent
   really used (never the extent the sheet claims): formulas are never
   evaluated (their last saved value is read) and links are not followed; the
   number of cells read is bounded. A caller that needs only some sheets, or
   some columns of a sheet, names them (`wanted`); every sheet is checked alike.

What comes out is plain values with their positions. openpyxl never opens a
workbook from outside.
"""

from __future__ import annotations

import hashlib
import zipfile
import zlib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from ..diagnostics import InputError, display_path, error
from ..infile import binary_kind, kind_text, read_bytes
from ..locale.messages import _
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
class SourceWords:
    """A kind of workbook in the reader's language, each a whole phrase that fills a slot of a message."""

    noun: str
    """The workbook itself: "{noun} {file} is damaged", "This is not the {noun} that was sent out"."""
    sender: str
    """Whom to ask for a better one: "Ask {sender} for {form}, filled in"."""
    form: str
    """The workbook to ask for."""


@dataclass(frozen=True)
class WorkbookSource:
    """What kind of workbook the door is reading and whom to ask for a better one, for the messages.

    A member's priority workbook or the committee's evaluation workbook passes the same
    rules as a supplier's answers, but "ask the supplier" would send its reader to the
    wrong person. The fields are the English words; `words()` gives the reader's
    language, as whole phrases written for each kind of workbook the door knows (in
    Norwegian the article is the noun's ending, so "the" and a noun cannot be joined).
    """

    noun: str = "answer workbook"
    sender: str = "the supplier"
    form: str = "the .xlsx workbook that came with the tender"

    def words(self) -> SourceWords:
        """The phrases in the reader's language, looked up when a message is made."""
        known = _KNOWN_WORDS.get(self)
        return known() if known is not None else SourceWords(_(self.noun), _(self.sender), _(self.form))


SUPPLIER = WorkbookSource()
"""A supplier's answer workbook (`answers check`, `evaluate`)."""
MEMBER = WorkbookSource("priority workbook", "the member", "the priority workbook that was sent out")
"""A member's priority workbook in a joint tender's prioritisation round."""
RESPONDENT = WorkbookSource("survey or RFI workbook", "the respondent", "the workbook that was sent out")
"""A municipality's or supplier's answers to a survey or market dialogue."""
COMMITTEE = WorkbookSource("evaluation workbook", "the evaluation committee",
                           "the evaluation workbook that `anskaffelse evaluate` wrote")
"""The evaluation committee's filled-in scores (`evaluate report`)."""

_KNOWN_WORDS: dict[WorkbookSource, Callable[[], SourceWords]] = {
    SUPPLIER: lambda: SourceWords(_("answer workbook"), _("the supplier"),
                                  _("the .xlsx workbook that came with the tender")),
    MEMBER: lambda: SourceWords(_("priority workbook"), _("the member"), _("the priority workbook that was sent out")),
    RESPONDENT: lambda: SourceWords(_("survey or RFI workbook"), _("the respondent"),
                                    _("the workbook that was sent out")),
    COMMITTEE: lambda: SourceWords(_("evaluation workbook"), _("the evaluation committee"),
                                   _("the evaluation workbook that `anskaffelse evaluate` wrote")),
}


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
    words = source.words()
    try:
        data = read_bytes(path, MAX_WORKBOOK_BYTES, words.noun)
    except InputError as unreadable:
        # Too large, missing or no regular file: the same finding as every other workbook that cannot be read.
        raise InputError([replace(d, code="A001") for d in unreadable.diagnostics]) from None
    wrong = not_a_zip(data, source)
    if wrong is not None:
        raise _problem(path, *wrong, source)
    too_big = _("Ask {sender} for {form}, filled in, as a spreadsheet program saved it.").format(
        sender=words.sender, form=words.form)
    damaged = _("Open it in Excel or LibreOffice and save it again as .xlsx, or ask {sender} to send it "
                "again.").format(sender=words.sender)
    try:
        archive = open_archive(data, limits.zip_limits())
    except ZipRefused as refused:
        raise _problem(path, refused.problem, too_big, source) from None
    except (zipfile.BadZipFile, EOFError, OSError, ValueError):
        raise _problem(path, _("is damaged or cut short: its zip archive has no readable directory"),
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
            raise _problem(path, _("is damaged"), damaged, source) from None
    sheets = _sheets(path, inventory, limits, source, keep)
    return AnsweredWorkbook(path, sheets, inventory.active, hashlib.sha256(data).hexdigest(), inventory.saved)


def _inventory(archive: zipfile.ZipFile, data: bytes, limits: WorkbookLimits, source: WorkbookSource,
               wanted: Mapping[str, Wanted] | None) -> Inventory:
    main = workbook_part(archive)
    if main is None:
        kind = binary_kind(data[:1 << 16])
        what = kind if kind is not None and kind != "an Excel workbook" else "a zip archive"
        raise Refused(_("is {kind}, not an Excel workbook (.xlsx)").format(kind=kind_text(what)), _ask(source))
    try:
        return inspect_archive(archive, main, SheetLimits(limits.rows, limits.columns, limits.cells), wanted)
    except Refused as refused:
        raise Refused(refused.problem, _addressed(refused.hint, source)) from None


_OLE = "an old-style Office file (.xls or .doc)"


def _ask(source: WorkbookSource) -> str:
    words = source.words()
    return _("Ask {sender} for {form}, filled in.").format(sender=words.sender, form=words.form)


def _addressed(hint: str, source: WorkbookSource) -> str:
    """A hint of the rules deep in the file, with whom to ask for which workbook filled in."""
    words = source.words()
    return hint.replace("{sender}", words.sender).replace("{form}", words.form).replace("{noun}", words.noun)


def not_a_zip(data: bytes, source: WorkbookSource = SUPPLIER) -> tuple[str, str] | None:
    """What a file that is no zip archive looks like, and what to ask for instead; None for a zip archive."""
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return None
    ask = _ask(source)
    if not data.strip():
        return _("is empty"), ask
    kind = binary_kind(data[:1 << 16])
    if kind == _OLE:
        words = source.words()
        return _("is an old-style Excel file (.xls) or another file in Microsoft's older format, not an .xlsx "
                 "workbook; a workbook saved with a password to open it is stored this way too"), _(
                 "Ask {sender} to save it as an Excel workbook (.xlsx) without a password, or better, to fill in "
                 "{form}.").format(sender=words.sender, form=words.form)
    if kind is not None:
        return _("is {kind}, not an Excel workbook (.xlsx)").format(kind=kind_text(kind)), ask
    head = data[:4096]
    if b"\x00" not in head:
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if text.startswith(b"<"):
            return _("is an HTML or XML file (a web page saved as .xlsx?), not an Excel workbook"), ask
        return _("is a text file (a CSV file or similar renamed .xlsx?), not an Excel workbook"), ask
    return _("is not an Excel workbook (.xlsx): it is neither a zip archive nor a known office format"), ask


def _sheets(path: Path, inventory: Inventory, limits: WorkbookLimits, source: WorkbookSource,
            wanted: Mapping[str, Wanted] | None) -> tuple[Sheet, ...]:
    damaged = next((part for part in inventory.sheets if part.damaged), None)
    if damaged is not None:
        raise _problem(path, _("cannot be read as a workbook ({error} in sheet {sheet!r})").format(
            error=damaged.damaged, sheet=damaged.name[:100]), _resave(), source)
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
        raise _problem(path, _("spans more cells than the limit of {limit:,} (sheet {sheet!r} alone spans {rows:,} "
                               "rows × {columns:,} columns)").format(limit=budget[1], sheet=part.name[:100],
                                                                      rows=rows, columns=columns),
                       _("This is not the {noun} that was sent out.").format(noun=source.words().noun), source)
    grid: list[list[Value]] = [[None] * columns for _row in range(rows)]
    for row, column, value in part.cells:
        grid[row - 1][column - 1] = value
    return tuple(map(tuple, grid))


def _resave() -> str:
    return _("Open it in Excel or LibreOffice and save it again as .xlsx.")


def _problem(path: Path, problem: str, hint: str, source: WorkbookSource) -> InputError:
    """A001: `problem` completes a sentence that names the workbook, e.g. "answer workbook x.xlsx is damaged"."""
    shown = display_path(path)
    message = _("{noun} {file} {problem}").format(noun=source.words().noun, file=shown, problem=problem)
    return InputError([error("A001", message, hint, file=shown)])
