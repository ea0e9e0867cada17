"""The cells of one worksheet, and the texts the cells share, followed as expat streams them.

openpyxl trusts a sheet's `<dimension>` and fills in every row up to it, and it
keeps every shared text in memory; so before openpyxl sees a sheet, its claimed
and real extent, the length of every cell and the number and length of the
shared texts are checked here, and refused as soon as a number passes its limit.
On the way the cells that hold formulas are noted.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field

from ..limits import EXCEL_CELL
from ..locale.messages import _
from ..office_zip import printable_name
from .xmlstream import Refused, stream_part, xml_parser

FORMULA_TEXT = 200
"""Characters of a formula kept for the message; the rest is cut."""
MAX_CELL_TEXT = EXCEL_CELL
"""Characters of one cell's value or one shared text: Excel holds no more in a cell, so a longer one was
not written by a spreadsheet program, and openpyxl would hold all of it in memory."""
MAX_FORMULA_TEXT = 8_192
"""Characters of one formula: Excel's own limit."""

_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,9})")
_RANGE = re.compile(r"\$?([A-Za-z]{1,3})?\$?([0-9]{1,9})?")


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


@dataclass
class _SheetScan:
    """Follows the rows and cells of one worksheet as expat reads it."""

    name: str
    limits: SheetLimits
    budget: list[int]
    row: int = 0
    column: int = 0
    rows: int = 0
    columns: int = 0
    current: tuple[int, int] | None = None
    formula: list[str] | None = None
    formulas: list[Formula] = field(default_factory=list)
    value_length: int = 0
    formula_length: int = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "c":
            self._cell(attrs.get("r", ""))
        elif tag == "row":
            number = attrs.get("r", "")
            self.row = int(number) if number.isascii() and number.isdigit() else self.row + 1
            self.column = 0
            self._extent(self.row, 0)
        elif tag == "f" and self.current is not None:
            self.formula = []
        elif tag == "dimension":
            self._dimension(attrs.get("ref", ""))

    def end(self, tag: str) -> None:
        tag = tag.rpartition(" ")[2]
        if tag == "f" and self.formula is not None and self.current is not None:
            text = "".join(self.formula)[:FORMULA_TEXT]
            self.formulas.append(Formula(self.current[0], self.current[1], text))
            self.formula = None
        elif tag == "c":
            self.current = None

    def text(self, data: str) -> None:
        if self.current is None:
            return
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
        """The extent the sheet claims: openpyxl would fill every row up to it."""
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
                budget: list[int]) -> SheetPart:
    scan = _SheetScan(name, limits, budget)
    parser = xml_parser(scan.start)
    parser.EndElementHandler = scan.end
    parser.CharacterDataHandler = scan.text
    stream_part(archive, archive.getinfo(part), parser)
    return SheetPart(name, part, state, scan.rows, scan.columns, tuple(scan.formulas))


def scan_shared_strings(archive: zipfile.ZipFile, part: str, limits: SheetLimits) -> None:
    """The texts cells share: openpyxl keeps every one in memory, so each and their number are bounded."""
    count = [0, 0]  # texts, characters of the current one

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "si":
            count[0], count[1] = count[0] + 1, 0
            if count[0] > limits.cells:
                raise Refused(_("has more than {limit:,} shared texts, more than it has cells").format(
                    limit=limits.cells), too_large())

    def text(data: str) -> None:
        count[1] += len(data)
        if count[1] > MAX_CELL_TEXT:
            raise Refused(_("has a shared text of more than {limit:,} characters (text {number:,} in {part}), more "
                            "than a spreadsheet program puts in a cell").format(
                limit=MAX_CELL_TEXT, number=count[0], part=printable_name(part)), too_large())

    parser = xml_parser(start)
    parser.CharacterDataHandler = text
    stream_part(archive, archive.getinfo(part), parser)
