"""The cells of one worksheet, and the texts the cells share, read in one pass as expat streams them.

A sheet's `<dimension>` may claim a million rows and one cell may sit in the
last row; so while a sheet is read, its claimed and real extent, the number of
cells, the length of every cell and the number and length of the shared texts
are checked, and the sheet is refused as soon as a number passes its limit.
On the way the cells that hold formulas are noted, and the value of every cell
the caller asked for is kept (`values.cell_value`); a cell is read once, and
nothing else of the file is kept.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..limits import EXCEL_CELL
from ..locale.messages import _
from ..office_zip import printable_name
from .values import PLAIN, CellText, Formats, Value, cell_value
from .xmlstream import Refused, stream_part, xml_parser

FORMULA_TEXT = 200
"""Characters of a formula kept for the message; the rest is cut."""
MAX_CELL_TEXT = EXCEL_CELL
"""Characters of one cell's value or one shared text: Excel holds no more in a cell, so a longer one was
not written by a spreadsheet program, and all of it would be held in memory."""
MAX_FORMULA_TEXT = 8_192
"""Characters of one formula: Excel's own limit."""

_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,9})")
_RANGE = re.compile(r"\$?([A-Za-z]{1,3})?\$?([0-9]{1,9})?")
_ROW_NUMBER = re.compile(r" *\+?([0-9]+) *")
_ROW_DIGITS = 12
"""More digits than any sheet's limit has: such a row number is refused without being turned into an int
(Python refuses one of thousands of digits)."""


@dataclass(frozen=True)
class SheetLimits:
    rows: int
    """The highest row number any sheet may use or claim."""
    columns: int
    """The highest column number any sheet may use or claim."""
    cells: int
    """Cells in all sheets together."""


@dataclass(frozen=True)
class Formula:
    row: int
    column: int
    text: str
    """The formula as written in the file (without '='), cut at `FORMULA_TEXT` characters."""


@dataclass(frozen=True)
class SheetPart:
    name: str
    part: str
    state: str
    rows: int
    """The highest row number the sheet uses (0 for an empty sheet)."""
    columns: int
    formulas: tuple[Formula, ...]
    cells: tuple[tuple[int, int, Value], ...] = ()
    """(row, column, value) of every cell read that is not empty, in the order of the file."""
    damaged: str = ""
    """Why a cell's value cannot be what its type says ('ValueError'); the sheet is then unreadable."""


@dataclass(frozen=True)
class Wanted:
    """The values one read keeps: every cell, the cells of some columns, or none (the sheet is only checked)."""

    columns: frozenset[int] | None = None
    """1-based; None for every column."""
    none: bool = False


EVERY_CELL = Wanted()
NO_CELL = Wanted(none=True)


@dataclass
class _SheetScan:
    """Follows the rows and cells of one worksheet as expat reads it, and keeps the values wanted."""

    name: str
    limits: SheetLimits
    budget: list[int]
    wanted: Wanted = EVERY_CELL
    shared: Sequence[str] = ()
    formats: Formats = PLAIN
    row: int = 0
    column: int = 0
    rows: int = 0
    columns: int = 0
    current: tuple[int, int] | None = None
    formula: list[str] | None = None
    formulas: list[Formula] = field(default_factory=list)
    value_length: int = 0
    formula_length: int = 0
    cell: CellText | None = None
    capture: list[str] | None = None
    """Where the text being read goes: the `<v>` or inline text of the current cell, or nowhere."""
    kept_row: int = 0
    """The row whose cells are kept, 0 while in a row that is not (one that does not follow the last)."""
    last_row: int = 0
    cells: list[tuple[int, int, Value]] = field(default_factory=list)
    damaged: str = ""

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        tag = tag.rpartition(" ")[2]
        if tag == "c":
            self._cell(attrs.get("r", ""))
            self.cell, self.capture = self._wanted_cell(attrs), None
        elif tag == "row":
            number = self.row_number(attrs.get("r", ""))
            self.row = self.row + 1 if number is None else number
            self.column = 0
            self._extent(self.row, 0)
            self._next_row()
        elif tag == "dimension":
            self._dimension(attrs.get("ref", ""))
        elif self.current is not None:
            if self.cell is not None:
                self._inside(self.cell, tag)
            if tag == "f":
                self.formula = []

    def result(self, state: str, part: str) -> SheetPart:
        return SheetPart(self.name, part, state, self.rows, self.columns, tuple(self.formulas), tuple(self.cells),
                         self.damaged)

    def _wanted_cell(self, attrs: dict[str, str]) -> CellText | None:
        columns = self.wanted.columns
        if not self.kept_row or (columns is not None and self.column not in columns):
            return None
        return CellText(attrs.get("t", "n"), attrs.get("s"))

    def _next_row(self) -> None:
        # As openpyxl reads a sheet: a row that does not come after the last one read is left out.
        self.kept_row = self.row if self.row > self.last_row and not self.wanted.none else 0
        self.last_row = max(self.last_row, self.row)

    def _inside(self, cell: CellText, tag: str) -> None:
        """An element inside a cell: its first `<v>`, or the texts of its first `<is>` (runs, not phonetic guides)."""
        inside = cell.inside
        inside.append(tag)
        self.capture = None
        depth = len(inside)
        if depth == 1:
            if tag == "v" and cell.value is None:
                cell.value = self.capture = []
            elif tag == "is" and cell.inline is None:
                cell.inline, cell.reading = [], True
        elif tag == "t" and cell.reading and inside[0] == "is" and (depth == 2 or (depth == 3 and inside[1] == "r")):
            self.capture = cell.inline

    def end(self, tag: str) -> None:
        tag = tag.rpartition(" ")[2]
        cell = self.cell
        if cell is not None and cell.inside:
            if cell.inside.pop() == "is":
                cell.reading = False
            self.capture = None
        if tag == "f" and self.formula is not None and self.current is not None:
            text = "".join(self.formula)[:FORMULA_TEXT]
            self.formulas.append(Formula(self.current[0], self.current[1], text))
            self.formula = None
        elif tag == "c":
            if cell is not None:
                self._keep(cell)
            self.current = self.cell = None
        elif tag == "row":
            self.kept_row = 0

    def _keep(self, cell: CellText) -> None:
        self.keep_value(self.column, cell.kind, cell.style, None if cell.value is None else "".join(cell.value),
                        None if cell.inline is None else "".join(cell.inline))

    def keep_value(self, column: int, kind: str, style: str | None, stored: str | None, inline: str | None) -> None:
        """The value of a cell of the row being kept (`values.cell_value`), unless it is empty."""
        try:
            value = cell_value(kind, style, stored, inline, self.shared, self.formats)
        except (ValueError, IndexError, OverflowError) as exc:
            # Not refused at once: every rule of the file is checked first, then it is called damaged.
            self.damaged = self.damaged or type(exc).__name__
            return
        if value is not None:
            self.cells.append((self.kept_row, column, value))

    def text(self, data: str) -> None:
        if self.current is None:
            return
        if self.capture is not None:
            self.capture.append(data)
        if self.formula is not None:
            self.formula_length += len(data)
            if self.formula_length > MAX_FORMULA_TEXT:
                raise Refused(_("has a formula of more than {limit:,} characters in {cell}, longer than any "
                                "spreadsheet program allows").format(limit=MAX_FORMULA_TEXT, cell=self._where()),
                              too_large())
            if sum(map(len, self.formula)) < FORMULA_TEXT:
                self.formula.append(data)
            return
        self.value_length += len(data)
        if self.value_length > MAX_CELL_TEXT:
            raise Refused(_("holds more than {limit:,} characters in {cell}, more than a spreadsheet program puts "
                            "in a cell").format(limit=MAX_CELL_TEXT, cell=self._where()), too_large())

    def _where(self) -> str:
        from ..diagnostics import column_letter

        row, column = self.current or (self.row, self.column)
        return _("cell {cell} of sheet {sheet!r}").format(cell=f"{column_letter(column)}{row}",
                                                          sheet=printable_name(self.name))

    def _cell(self, ref: str) -> None:
        match = _CELL_REF.fullmatch(ref)
        if match:
            self.column, self.row = column_number(match.group(1)), int(match.group(2))
        else:
            self.column += 1
        self._extent(self.row, self.column)
        self.current = (self.row, self.column)
        self.value_length = self.formula_length = 0
        self.budget[0] -= 1
        if self.budget[0] < 0:
            raise Refused(_("has more than {limit:,} cells").format(limit=self.limits.cells),
                          _("This is not the {noun} that was sent out."))

    def row_number(self, written: str) -> int | None:
        """The number a row's `r` attribute gives, as Excel reads it (an xsd:unsignedInt: blanks around it, a
        plus sign and leading zeros allowed); None when it gives none and the row counts on from the last."""
        match = _ROW_NUMBER.fullmatch(written)
        if match is None:
            return None
        digits = match.group(1).lstrip("0") or "0"
        if len(digits) > _ROW_DIGITS:
            raise Refused(_("numbers a row of sheet {sheet!r} with {digits:,} digits; the specification needs at "
                            "most {rows:,} rows").format(sheet=printable_name(self.name), digits=len(digits),
                                                         rows=self.limits.rows), too_large())
        return int(digits)

    def _extent(self, row: int, column: int) -> None:
        self.rows, self.columns = max(self.rows, row), max(self.columns, column)
        if row > self.limits.rows:
            raise Refused(_("uses row {row:,} of sheet {sheet!r}; the specification needs at most {rows:,} "
                            "rows").format(row=row, sheet=printable_name(self.name), rows=self.limits.rows),
                          too_large())
        if column > self.limits.columns:
            raise Refused(_("uses column {column:,} of sheet {sheet!r}; the specification needs at most "
                            "{columns:,} columns").format(column=column, sheet=printable_name(self.name),
                                                          columns=self.limits.columns), too_large())

    def _dimension(self, ref: str) -> None:
        """The extent the sheet claims: a reader that trusts it would fill every row up to it."""
        last = ref.rpartition(":")[2]
        match = _RANGE.fullmatch(last)
        if not match:
            return
        letters, digits = match.groups()
        rows, columns = int(digits or 0), column_number(letters) if letters else 0
        if rows > self.limits.rows or columns > self.limits.columns:
            raise Refused(_("claims {rows:,} rows and {columns:,} columns in sheet {sheet!r} (dimension "
                            "{dimension}); the specification needs at most {most_rows:,} rows and "
                            "{most_columns:,} columns").format(
                rows=rows, columns=columns, sheet=printable_name(self.name), dimension=printable_name(ref, 40),
                most_rows=self.limits.rows, most_columns=self.limits.columns), too_large())


def too_large() -> str:
    """The hint for a workbook beyond the limits; `workbook.read_workbook` fills in whom to ask for which one."""
    return _("Ask {sender} for {form}, filled in, and nothing more.")


def column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def scan_sheet(archive: zipfile.ZipFile, name: str, state: str, part: str, limits: SheetLimits,
               budget: list[int], wanted: Wanted = EVERY_CELL, shared: Sequence[str] = (),
               formats: Formats = PLAIN) -> SheetPart:
    from .regular import read_regular_sheet, whole_part

    scan = _SheetScan(name, limits, budget, wanted, shared, formats)
    info = archive.getinfo(part)
    text = whole_part(archive, info)
    if text is not None and read_regular_sheet(text, scan):
        return scan.result(state, part)
    parser = xml_parser(scan.start)
    parser.StartElementHandler = scan.start  # the full name: one call per element, the hot path of a large sheet
    parser.EndElementHandler = scan.end
    parser.CharacterDataHandler = scan.text
    parser.buffer_text = True
    stream_part(archive, info, parser)
    return scan.result(state, part)


def scan_shared_strings(archive: zipfile.ZipFile, part: str, limits: SheetLimits) -> list[str]:
    """The texts cells share, read once: each and their number are bounded."""
    from .regular import read_regular_shared_texts, whole_part

    whole = whole_part(archive, archive.getinfo(part))
    plain = None if whole is None else read_regular_shared_texts(whole, limits.cells)
    if plain is not None:
        return plain
    count = [0, 0]  # texts, characters of the current one
    texts: list[str] = []
    inside: list[str] = []  # the elements open inside the current text
    current: list[str] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "si":
            count[0], count[1] = count[0] + 1, 0
            if count[0] > limits.cells:
                raise Refused(_("has more than {limit:,} shared texts, more than it has cells").format(
                    limit=limits.cells), too_large())
            inside.clear()
            current.clear()
        elif count[0]:
            inside.append(tag)

    def end(tag: str) -> None:
        tag = tag.rpartition(" ")[2]
        if tag == "si" and not inside:
            # A text is its own runs, without phonetic guides; openpyxl drops Excel's escape of an escape.
            texts.append("".join(current).replace("x005F_", ""))
        elif inside:
            inside.pop()

    def text(data: str) -> None:
        count[1] += len(data)
        if count[1] > MAX_CELL_TEXT:
            raise Refused(_("has a shared text of more than {limit:,} characters (text {number:,} in {part}), more "
                            "than a spreadsheet program puts in a cell").format(
                limit=MAX_CELL_TEXT, number=count[0], part=printable_name(part)), too_large())
        if inside == ["t"] or inside == ["r", "t"]:
            current.append(data)

    parser = xml_parser(start)
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    stream_part(archive, archive.getinfo(part), parser)
    return texts
