"""What an answered workbook holds besides cell values, read from its XML before openpyxl sees it.

Every part of the archive is streamed once through expat, with document types
and entity declarations refused (they are how XML bombs and external entities
work, and SpreadsheetML never needs them). On the way this module learns:

- which sheets the workbook has, their state and the part that holds each;
- for each worksheet: the extent its `<dimension>` claims, the highest row and
  column it really uses, and the cells that hold formulas. openpyxl trusts
  the dimension and fills in every row up to it, so a sheet that claims
  1,048,576 rows, or has one cell in the last row, would cost a million
  empty rows; here it is refused as soon as the number is read;
- active content: macros (a VBA project or Excel 4 macro sheets), ActiveX
  controls, embedded OLE objects, links to other workbooks and data
  connections. None of it is ever run or followed; it is reported.

`Refused` carries a problem that completes the sentence "answer workbook X ...".
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

from ..office_zip import printable_name

CHUNK = 1 << 20
FORMULA_TEXT = 200
"""Characters of a formula kept for the message; the rest is cut."""
MAX_SHEETS = 1_000
"""Sheets in one workbook: an answer workbook has five; a thousand is not a workbook anyone filled in."""
MAX_RELATIONSHIPS = 10_000
"""Relationships in one part: each names another part or an address; more than this is no honest workbook."""

_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,9})")
_RANGE = re.compile(r"\$?([A-Za-z]{1,3})?\$?([0-9]{1,9})?")


class Refused(Exception):
    """The workbook breaks a rule; `problem` completes "answer workbook X ..."."""

    def __init__(self, problem: str, hint: str = "") -> None:
        super().__init__(problem)
        self.problem, self.hint = problem, hint


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


@dataclass(frozen=True)
class ActiveContent:
    kind: str
    """'macros', 'activex', 'ole' or 'external'."""
    part: str
    """The part (or relationship target) that holds it, safe to print."""


@dataclass(frozen=True)
class Inventory:
    sheets: tuple[SheetPart, ...]
    active: tuple[ActiveContent, ...]


# ---------------------------------------------------------------- streaming every part


def stream_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, parser: expat.XMLParserType | None) -> None:
    """Read a part up to its declared size, refusing a document type; feed it to `parser` when given."""
    tail = b""
    read = 0
    with archive.open(info) as part:
        while chunk := part.read(CHUNK):
            read += len(chunk)
            if read > info.file_size:
                raise Refused(f"is damaged: part {printable_name(info.filename)} unpacks to more than it declares")
            # The tail of the last chunk catches a declaration split between two chunks.
            if _DOCTYPE.search(tail + chunk):
                raise Refused(f"declares an XML document type in {printable_name(info.filename)!r}, which a "
                              "workbook never does")
            tail = chunk[-32:]
            if parser is not None:
                _feed(parser, chunk, info.filename, final=False)
    if parser is not None:
        _feed(parser, b"", info.filename, final=True)


def _feed(parser: expat.XMLParserType, data: bytes, name: str, final: bool) -> None:
    try:
        parser.Parse(data, final)
    except expat.ExpatError as exc:
        reason = expat.errors.messages.get(exc.code, "error")
        raise Refused(f"is damaged: part {printable_name(name)} is not well-formed XML ({reason} at line "
                      f"{exc.lineno})") from None


def _parser(start: Callable[[str, dict[str, str]], None]) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_: object) -> None:
        raise Refused("declares an XML document type, which a workbook never does")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = lambda tag, attrs: start(tag.rpartition(" ")[2], attrs)
    return parser


def _elements(archive: zipfile.ZipFile, name: str, wanted: str, limit: int) -> list[dict[str, str]]:
    """The attributes of every `wanted` element of a small structural part (none when it is missing)."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return []
    found: list[dict[str, str]] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == wanted:
            if len(found) >= limit:
                raise Refused(f"has more than {limit:,} {wanted} entries in {printable_name(name)}")
            found.append({key.rpartition(" ")[2]: value for key, value in attrs.items()})

    stream_part(archive, info, _parser(start))
    return found


# ---------------------------------------------------------------- the workbook's sheets


def _target(source: str, target: str) -> str:
    """A relationship target as a part name: relative to the folder of the part it belongs to."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    folder = posixpath.dirname(posixpath.dirname(source))
    return posixpath.normpath(posixpath.join(folder, target))


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def workbook_part(archive: zipfile.ZipFile) -> str | None:
    """The main part that the package relationships name, None when there is none or it is no workbook
    (a Word document has a main part too)."""
    for rel in _elements(archive, "_rels/.rels", "Relationship", MAX_RELATIONSHIPS):
        if rel.get("Type", "").endswith("/officeDocument") and rel.get("TargetMode") != "External":
            name = _target("_rels/.rels", rel.get("Target", ""))
            return name if name in archive.NameToInfo and _is_workbook(archive, name) else None
    return None


def _is_workbook(archive: zipfile.ZipFile, name: str) -> bool:
    """The content type of the main part is a workbook's: .xlsx, .xlsm, .xltx and their kin all say 'sheet'."""
    overrides = {e.get("PartName", "").lstrip("/"): e.get("ContentType", "")
                 for e in _elements(archive, "[Content_Types].xml", "Override", MAX_RELATIONSHIPS)}
    kind = overrides.get(name, "").lower()
    return kind.endswith(".main+xml") and ("spreadsheetml" in kind or "ms-excel" in kind)


def _sheet_parts(archive: zipfile.ZipFile, main: str) -> list[tuple[str, str, str]]:
    """(name, state, part) of every worksheet, in the workbook's order."""
    rels_name = _rels_name(main)
    targets = {rel.get("Id", ""): _target(rels_name, rel.get("Target", ""))
               for rel in _elements(archive, rels_name, "Relationship", MAX_RELATIONSHIPS)
               if rel.get("Type", "").endswith("/worksheet") and rel.get("TargetMode") != "External"}
    sheets = []
    for sheet in _elements(archive, main, "sheet", MAX_SHEETS):
        part = targets.get(sheet.get("id", ""))
        if part is not None and part in archive.NameToInfo:
            sheets.append((sheet.get("name", ""), sheet.get("state", "visible"), part))
    return sheets


# ---------------------------------------------------------------- one worksheet


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
        if self.formula is not None and sum(map(len, self.formula)) < FORMULA_TEXT:
            self.formula.append(data)

    def _cell(self, ref: str) -> None:
        match = _CELL_REF.fullmatch(ref)
        if match:
            self.column, self.row = column_number(match.group(1)), int(match.group(2))
        else:
            self.column += 1
        self._extent(self.row, self.column)
        self.current = (self.row, self.column)
        self.budget[0] -= 1
        if self.budget[0] < 0:
            raise Refused(f"has more than {self.limits.cells:,} cells", "This is not an answer workbook.")

    def _extent(self, row: int, column: int) -> None:
        self.rows, self.columns = max(self.rows, row), max(self.columns, column)
        if row > self.limits.rows:
            raise Refused(f"uses row {row:,} of sheet {printable_name(self.name)!r}; the specification needs at "
                          f"most {self.limits.rows:,} rows", _TOO_LARGE)
        if column > self.limits.columns:
            raise Refused(f"uses column {column:,} of sheet {printable_name(self.name)!r}; the specification "
                          f"needs at most {self.limits.columns:,} columns", _TOO_LARGE)

    def _dimension(self, ref: str) -> None:
        """The extent the sheet claims: openpyxl would fill every row up to it."""
        last = ref.rpartition(":")[2]
        match = _RANGE.fullmatch(last)
        if not match:
            return
        letters, digits = match.groups()
        rows, columns = int(digits or 0), column_number(letters) if letters else 0
        if rows > self.limits.rows or columns > self.limits.columns:
            raise Refused(f"claims {rows:,} rows and {columns:,} columns in sheet {printable_name(self.name)!r} "
                          f"(dimension {printable_name(ref, 40)}); the specification needs at most "
                          f"{self.limits.rows:,} rows and {self.limits.columns:,} columns", _TOO_LARGE)


_TOO_LARGE = "Ask the supplier for the answer workbook as it came with the tender, filled in, and nothing more."


def column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _scan_sheet(archive: zipfile.ZipFile, name: str, state: str, part: str, limits: SheetLimits,
                budget: list[int]) -> SheetPart:
    scan = _SheetScan(name, limits, budget)
    parser = _parser(scan.start)
    parser.EndElementHandler = scan.end
    parser.CharacterDataHandler = scan.text
    stream_part(archive, archive.getinfo(part), parser)
    return SheetPart(name, part, state, scan.rows, scan.columns, tuple(scan.formulas))


# ---------------------------------------------------------------- active content

# What each kind looks like: in a part's name, a relationship's type, or a content type.
_PART_MARKS = (("vbaproject.bin", "macros"), ("/macrosheets/", "macros"), ("/activex/", "activex"),
               ("/embeddings/", "ole"), ("/externallinks/", "external"), ("connections.xml", "external"),
               ("/querytables/", "external"))
# A relationship's type is an address whose last segment names what it points to.
_RELATIONSHIP_KINDS = {"vbaproject": "macros", "xlmacrosheet": "macros", "xlintlmacrosheet": "macros",
                       "control": "activex", "activexcontrol": "activex", "activexcontrolbinary": "activex",
                       "oleobject": "ole", "package": "ole", "externallink": "external",
                       "externallinkpath": "external", "connections": "external", "querytable": "external"}
_CONTENT_MARKS = (("macroenabled", "macros"), ("vbaproject", "macros"), ("macrosheet", "macros"),
                  ("activex", "activex"), ("oleobject", "ole"), ("externallink", "external"),
                  ("connections", "external"))


def _marked(text: str, marks: tuple[tuple[str, str], ...]) -> str | None:
    lowered = text.lower()
    return next((kind for mark, kind in marks if mark in lowered), None)


def _relationships(archive: zipfile.ZipFile, name: str) -> Iterator[ActiveContent]:
    for rel in _elements(archive, name, "Relationship", MAX_RELATIONSHIPS):
        last = rel.get("Type", "").rpartition("/")[2].lower()
        kind = _RELATIONSHIP_KINDS.get(last)
        external = rel.get("TargetMode") == "External"
        if kind is None and external and last != "hyperlink":
            kind = "external"  # a picture, template or object fetched from an address when the file opens
        if kind is not None:
            target = rel.get("Target", "")
            yield ActiveContent(kind, printable_name(target if external else _target(name, target)))


def _content_types(archive: zipfile.ZipFile) -> Iterator[ActiveContent]:
    for wanted in ("Override", "Default"):
        for entry in _elements(archive, "[Content_Types].xml", wanted, MAX_RELATIONSHIPS):
            kind = _marked(entry.get("ContentType", ""), _CONTENT_MARKS)
            if kind is not None:
                name = entry.get("PartName") or entry.get("Extension", "")
                yield ActiveContent(kind, printable_name(name.lstrip("/")))


# ---------------------------------------------------------------- the whole archive


def inspect_archive(archive: zipfile.ZipFile, main: str, limits: SheetLimits) -> Inventory:
    """Stream every part once (worksheets, relationships and the rest); `Refused` at the first broken rule."""
    sheets = _sheet_parts(archive, main)
    by_part = {part: (name, state) for name, state, part in sheets}
    budget = [limits.cells]
    scanned: dict[str, SheetPart] = {}
    active: list[ActiveContent] = list(_content_types(archive))
    names = [info.filename for info in archive.infolist()]
    if len(set(names)) < len(names):
        twice = next(n for n in names if names.count(n) > 1)
        # Two parts of one name: programs disagree on which one counts, so what is checked may not be what is shown.
        raise Refused(f"holds two parts named {printable_name(twice)}")
    for info in archive.infolist():
        if info.is_dir():
            continue
        name = info.filename
        if name in by_part:
            scanned[name] = _scan_sheet(archive, *by_part[name], name, limits, budget)
            continue
        if name.endswith(".rels"):
            active += _relationships(archive, name)
        else:
            stream_part(archive, info, None)
        kind = _marked("/" + name, _PART_MARKS)
        if kind is not None:
            active.append(ActiveContent(kind, printable_name(name)))
    # An address outside the file says most about a link, so those come first.
    unique = sorted(dict.fromkeys(active), key=lambda a: "://" not in a.part)
    return Inventory(tuple(scanned[part] for _, _, part in sheets), tuple(unique))
