"""Worksheets written the regular way, read a whole cell at a time.

Excel, LibreOffice and openpyxl write the cells of a worksheet the same plain
way: `<row r="2">`, `<c r="A2" s="1" t="s"><v>0</v></c>`, inline strings as
`<is><t>…</t></is>`, no comments, no prefixes, no entities but XML's own five
and character references. For such a part one regular expression per cell is
several times faster than following expat element by element, and a survey
report reads hundreds of workbooks.

The rules stay those of the element-by-element scan (`cells._SheetScan`):
the part is first parsed whole by expat with the same settings (well-formed,
no document type), and only then matched here, in document order; the scan's
own methods refuse a cell that passes a limit, so a refused workbook gets the
same words either way. Anything that is not regular (a comment, a prefix, rich
text, a cell without its reference, a character reference in an attribute)
leaves the scan as it was and sends the whole part back to the
element-by-element scan, which reads every well-formed part.
"""

from __future__ import annotations

import re
import zipfile
from xml.parsers import expat

from . import cells
from .cells import Formula, _SheetScan, column_number
from .xmlstream import _DOCTYPE, Refused, xml_parser

MAX_REGULAR_BYTES = 16_000_000
"""A part read whole; the answer sheet of a 10,000-requirement tender is about 7 MB. Larger ones are streamed."""

_S = r"[ \t\r\n]"
_ATTR = rf"""{_S}+[^\s=/>"']+{_S}*={_S}*(?:"[^"]*"|'[^']*')"""
_GAP = r"[ \t\n]{0,64}"
"""Blanks between the elements of a cell count as its text; a carriage return (which XML turns into a line
feed) or a long run of blanks is not regular."""
_END = rf"{_S}*>"

_PLAIN_CELL = (
    # What Excel, LibreOffice and openpyxl write for nearly every cell: reference, style, type, value,
    # the mark of an inline string and its text.
    r"""<c r="([A-Z]{1,3}[0-9]{1,9})"(?: s="([0-9]{1,9})")?(?: t="([A-Za-z]{1,9})")?"""
    r"""(?:/>|>(?:<v>([^<]*)</v>|(<is>)<t(?: xml:space="preserve")?>([^<]*)</t></is>)?</c>)""")
_PLAIN_CELLS = re.compile(_PLAIN_CELL)
_PLAIN_ROW = re.compile(
    # A row of plain cells, matched whole: its cells are then taken as tuples, without a match object each.
    r"""<row r="([0-9]{1,9})"(?: [\w:.-]+="[^"]*")*>((?:""" + _PLAIN_CELL.replace("(", "(?:").replace("(?:?:", "(?:")
    + r")*)</row>")
_OTHER_TOKENS = (
    # A row or cell with blanks, attributes in another order, a formula, an empty <v/> or <is/>, and so on.
    rf"""<c(?:{_S}+r="(?P<cell_ref>[A-Z]{{1,3}}[0-9]{{1,9}})")?(?:{_S}+s="(?P<cell_s>[0-9]{{1,9}})")?"""
    rf"""(?:{_S}+t="(?P<cell_t>[A-Za-z]{{1,9}})")?(?P<cell_attrs>(?:{_ATTR})*){_S}*"""
    rf"(?:/>|>(?P<w1>{_GAP})"
    rf"(?P<fe><f(?:{_ATTR})*{_S}*(?:/>|>(?P<f>[^<]*)</f{_END})(?P<w2>{_GAP}))?"
    rf"(?P<ve><v(?:{_ATTR})*{_S}*(?:/>|>(?P<cell_v>[^<]*)</v{_END})(?P<w3>{_GAP}))?"
    rf"(?P<ie><is{_S}*(?:/>|>(?P<w4>{_GAP})(?:<t(?:{_ATTR})*{_S}*(?:/>|>(?P<cell_it>[^<]*)</t{_END})"
    rf"(?P<w5>{_GAP}))?</is{_END})(?P<w6>{_GAP}))?"
    rf"</c{_END})"
    rf"""|(?P<row_end></row{_END})"""
    rf"""|<row(?:{_S}+r="(?P<row>[0-9]{{1,9}})")?(?P<row_attrs>(?:{_ATTR})*){_S}*(?P<row_empty>/?)>"""
    rf"|(?P<gap>{_S}+)")
_TOKEN = re.compile(f"{_PLAIN_CELL}|{_OTHER_TOKENS}")
"""One token at a time, for the rows that `_PLAIN_ROW` does not match; groups 1 to 6 are a plain cell's."""
_OTHER = tuple(_TOKEN.groupindex[name] for name in (
    "cell_ref", "cell_s", "cell_t", "cell_attrs", "fe", "f", "ve", "cell_v", "ie", "cell_it"))
_BLANKS = tuple(_TOKEN.groupindex[f"w{n}"] for n in range(1, 7))
_ONE_ATTR = re.compile(rf"""{_S}+([^\s=/>"']+){_S}*={_S}*(?:"([^"]*)"|'([^']*)')""")
"""Name, and the value in double or in single quotes: `findall` gives '' (not None) for the quotes not used."""
_SHEET_DATA = re.compile(rf"<sheetData(?:{_ATTR})*{_S}*(/?)>")
_SHEET_DATA_END = re.compile(rf"</sheetData{_END}")
_NOT_PLAIN = re.compile(r"<!--|<!\[CDATA\[|<\?(?!xml[ \t\r\n])")
_TAGS_READ = re.compile(r"<(?:[^\s/>!?:]+:)?(c|row|dimension)(?=[\s/>])")
_DIMENSION = re.compile(rf"<(?:[^\s/>!?:]+:)?dimension(?P<attrs>(?:{_ATTR})*){_S}*/?>")
_REFERENCE = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_DECLARED = re.compile(rb"""encoding[ \t\r\n]*=[ \t\r\n]*["']([A-Za-z0-9._-]+)""")
_NEAR_LIMIT = 6 * 64
"""The blanks a regular cell may hold: only a text this close to the limit needs them counted."""


class _Irregular(Exception):
    """The part is not written the regular way; the element-by-element scan reads it."""


def whole_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str | None:
    """The part as text when it is small enough to read whole, well-formed XML in UTF-8 with no document type;
    None when it is not (the element-by-element scan then reads it and says what is wrong)."""
    if info.file_size > MAX_REGULAR_BYTES:
        return None
    with archive.open(info) as part:
        data = part.read(info.file_size + 1)
    if len(data) > info.file_size:
        return None
    if _DOCTYPE.search(data):
        return None
    parser = xml_parser(lambda tag, attrs: None)
    parser.StartElementHandler = None  # only the rules: well-formed, no document type
    try:
        parser.Parse(data, True)
    except (expat.ExpatError, Refused):
        return None
    return _text(data)


def _text(data: bytes) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith(b"<?xml"):
        declared = _DECLARED.search(data, 0, max(data.find(b"?>"), 0))
        if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
            return None
    elif not data.startswith(b"<"):
        return None  # UTF-16 and other encodings
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


_SHARED_TEXT_PART = re.compile(
    rf"""(?:<\?xml[^>]*\?>)?{_S}*<sst(?:{_ATTR})*{_S}*>((?:<si><t(?: xml:space="preserve")?>[^<]*</t></si>)*)"""
    rf"</sst>{_S}*")
_SHARED_TEXT = re.compile(r"<si><t[^>]*>([^<]*)</t></si>")


def read_regular_shared_texts(text: str, most_texts: int) -> list[str] | None:
    """The shared texts of a part that holds only plain ones (`<si><t>…</t></si>`, as Excel writes them),
    each within the length of a cell and no more than `most_texts` of them; None for any other part."""
    whole = _SHARED_TEXT_PART.fullmatch(text)
    if whole is None:
        return None
    texts = [_decoded(raw) if "&" in raw or "\r" in raw else raw for raw in _SHARED_TEXT.findall(whole.group(1))]
    if len(texts) > most_texts or any(len(t) > cells.MAX_CELL_TEXT for t in texts):
        return None  # the scan refuses the part in its own words
    # openpyxl drops Excel's escape of an escape, as `cells.scan_shared_strings` does.
    return [t.replace("x005F_", "") if "x005F_" in t else t for t in texts]


def read_regular_sheet(text: str, scan: _SheetScan) -> bool:
    """Read every cell of a worksheet into `scan`; False, with `scan` as it was, when the sheet is not regular."""
    data = _SHEET_DATA.search(text)
    if data is None or _NOT_PLAIN.search(text, 0, data.start()):
        return False
    head = list(_TAGS_READ.finditer(text, 0, data.start()))
    if any(tag.group(1) != "dimension" for tag in head):
        return False
    if data.group(1):
        body_end = tail_start = data.end()
    else:
        end = _SHEET_DATA_END.search(text, data.end())
        if end is None:
            return False
        body_end, tail_start = end.start(), end.end()
    if _TAGS_READ.search(text, tail_start):
        return False
    saved = _state(scan)
    try:
        for tag in head:
            dimension = _DIMENSION.match(text, tag.start())
            if dimension is None:
                raise _Irregular
            scan._dimension(_attribute(dimension.group("attrs"), "ref") or "")
        _cells(text, data.end(), body_end, scan)
    except _Irregular:
        _restore(scan, saved)
        return False
    return True


def _cells(text: str, start: int, end: int, scan: _SheetScan) -> None:
    position = start
    while position < end:
        row = _PLAIN_ROW.match(text, position, end)
        if row is not None:
            scan.row, scan.column = int(row.group(1)), 0
            scan._extent(scan.row, 0)
            scan._next_row()
            _plain_cells(_PLAIN_CELLS.findall(row.group(2)), scan)
            scan.kept_row = 0
            position = row.end()
            continue
        token = _TOKEN.match(text, position, end)
        if token is None:
            raise _Irregular
        if token.group(1) is not None:
            _plain_cells([tuple(g or "" for g in token.group(1, 2, 3, 4, 5, 6))], scan)  # type: ignore[list-item]
        else:
            _other(token, scan)
        position = token.end()


_PlainCell = tuple[str, str, str, str, str, str]
"""Reference, style, type, value, '<is>' or '', inline text: '' for what the cell has not."""


def _plain_cells(found: list[_PlainCell], scan: _SheetScan) -> None:
    """Plain cells, the hot path of a large sheet: the limits are checked here with the scan's own
    numbers, and a cell that passes one is handed to the scan, which refuses it in its own words."""
    most_text, most_rows, most_columns = cells.MAX_CELL_TEXT, scan.limits.rows, scan.limits.columns
    budget, columns, kept_row, kept = scan.budget, scan.wanted.columns, scan.kept_row, scan.cells
    positions = _POSITIONS
    rows, widest = scan.rows, scan.columns
    for ref, style, kind, stored, inline_mark, inline in found:
        column, row = positions.get(ref) or _position(ref)
        if row > most_rows or column > most_columns or budget[0] <= 0:
            scan.rows, scan.columns = rows, widest
            scan._cell(ref)
            raise _Irregular  # not reached
        budget[0] -= 1
        if row > rows:
            rows = row
        if column > widest:
            widest = column
        text = stored or inline
        if len(text) > most_text and len(_decoded(text)) > most_text:  # decoding only ever shortens a text
            scan.rows, scan.columns = rows, widest
            _refuse_text(scan, row, column, _decoded(text))
        if not kept_row or (columns is not None and column not in columns):
            continue
        if "&" in text or "\r" in text:
            text = _decoded(text)
        if inline_mark and kind == "inlineStr":
            kept.append((kept_row, column, text))
        elif inline_mark:
            scan.keep_value(column, kind or "n", style or None, None, text)
        else:
            scan.keep_value(column, kind or "n", style or None, text or None, None)
    scan.rows, scan.columns = rows, widest


def _other(match: re.Match[str], scan: _SheetScan) -> None:
    """A row, the end of a row, blanks between them, or a cell not written the plainest way."""
    if match.group("cell_attrs") is None:
        _row(match, scan)
        return
    ref, style, kind, attrs, formula_element, formula, value_element, stored, inline_element, inline = (
        match.group(*_OTHER))
    if attrs or ref is None:
        ref, style, kind = _cell_attributes(attrs, ref, style, kind)
    column, row = _position(ref)
    limits = scan.limits
    if row > limits.rows or column > limits.columns or scan.budget[0] <= 0:
        scan._cell(ref)  # the scan refuses the cell in its own words
        raise _Irregular  # not reached
    scan.budget[0] -= 1
    scan.rows, scan.columns = max(scan.rows, row), max(scan.columns, column)
    if formula_element is not None:
        formula = _decoded(formula) if formula else ""
        if len(formula) > cells.MAX_FORMULA_TEXT:
            _refuse_text(scan, row, column, formula, formula=True)
        scan.formulas.append(Formula(row, column, formula[:cells.FORMULA_TEXT]))
    stored = _decoded(stored) if stored else (None if value_element is None else "")
    inline = _decoded(inline) if inline else (None if inline_element is None else "")
    length = len(stored or "") + len(inline or "")
    if length > cells.MAX_CELL_TEXT - _NEAR_LIMIT:
        blanks = "".join(b for b in match.group(*_BLANKS) if b)
        if length + len(blanks) > cells.MAX_CELL_TEXT:
            _refuse_text(scan, row, column, (stored or "") + (inline or "") + blanks)
    columns = scan.wanted.columns
    if scan.kept_row and (columns is None or column in columns):
        scan.keep_value(column, "n" if kind is None else kind, style, stored, inline)


def _row(match: re.Match[str], scan: _SheetScan) -> None:
    if match.group("gap") is not None:
        return
    if match.group("row_end") is not None:
        scan.kept_row = 0
        return
    written = match.group("row")
    if written is None:
        written = _attribute(match.group("row_attrs"), "r")
    number = None if written is None else scan.row_number(written)
    if number is None:
        raise _Irregular  # a row without its number counts on from the last: the scan does that
    scan.row, scan.column = number, 0
    scan._extent(scan.row, 0)
    scan._next_row()
    if match.group("row_empty"):
        scan.kept_row = 0


def _cell_attributes(attrs: str, ref: str | None, style: str | None,
                     kind: str | None) -> tuple[str, str | None, str | None]:
    """The reference, style and type of a cell whose attributes are not in the usual order."""
    found = {name: double or single for name, double, single in _ONE_ATTR.findall(attrs)}
    for name in ("r", "s", "t"):
        if name in found and ("&" in found[name] or any(c in found[name] for c in "\t\r\n")):
            raise _Irregular  # attribute values are normalised by XML; the scan reads those
    ref = ref if ref is not None else found.get("r")
    if ref is None or not re.fullmatch(r"[A-Z]{1,3}[0-9]{1,9}", ref):
        raise _Irregular
    return ref, style if style is not None else found.get("s"), kind if kind is not None else found.get("t")


def _attribute(attrs: str, name: str) -> str | None:
    for found, double, single in _ONE_ATTR.findall(attrs):
        if found == name:
            value = double or single
            if "&" in value or any(c in value for c in "\t\r\n"):
                raise _Irregular
            return value
    return None


_POSITIONS: dict[str, tuple[int, int]] = {}
"""References seen before: the same cells recur in every workbook of a round."""


def _position(ref: str) -> tuple[int, int]:
    """(column, row) of a reference such as 'AB12' (matched by `_TOKEN`, so short and plain)."""
    letters = len(ref) - len(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    found = _POSITIONS[ref] = column_number(ref[:letters]), int(ref[letters:])
    if len(_POSITIONS) > 1 << 17:
        _POSITIONS.clear()
    return found


_DECODED: dict[str, str] = {}
"""Texts with references, decoded before: the requirement texts recur in every workbook of a round."""


def _decoded(raw: str) -> str:
    """Text as expat hands it over: line ends made line feeds, then references replaced."""
    found = _DECODED.get(raw)
    if found is not None:
        return found
    text = raw.replace("\r\n", "\n").replace("\r", "\n") if "\r" in raw else raw
    if "&" in text:
        text = _REFERENCE.sub(_character, text)
    if len(raw) < 1_000:  # at most some 4,000 short texts are kept, a few MB
        if len(_DECODED) >= 1 << 12:
            _DECODED.clear()
        _DECODED[raw] = text
    return text


def _character(match: re.Match[str]) -> str:
    name = match.group(1)
    if name.startswith("#x"):
        return chr(int(name[2:], 16))
    if name.startswith("#"):
        return chr(int(name[1:]))
    return _NAMED[name]


def _refuse_text(scan: _SheetScan, row: int, column: int, text: str, formula: bool = False) -> None:
    """Hand a cell whose text passes a limit to the scan, which refuses it in its own words."""
    scan.current = (row, column)
    scan.value_length = scan.formula_length = 0
    scan.capture = None
    scan.formula = [] if formula else None
    scan.text(text)


_Saved = tuple[int, int, int, int, int, int, int, int, int, str]


def _state(scan: _SheetScan) -> _Saved:
    return (scan.row, scan.column, scan.rows, scan.columns, scan.kept_row, scan.last_row, scan.budget[0],
            len(scan.cells), len(scan.formulas), scan.damaged)


def _restore(scan: _SheetScan, saved: _Saved) -> None:
    (scan.row, scan.column, scan.rows, scan.columns, scan.kept_row, scan.last_row, scan.budget[0], cells_kept,
     formulas_kept, scan.damaged) = saved
    del scan.cells[cells_kept:]
    del scan.formulas[formulas_kept:]
