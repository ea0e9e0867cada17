"""Generated worksheets through the one door for workbooks: both readings agree, and agree with openpyxl.

`answers.regular` reads a sheet written the plain way a cell at a time, and
`answers.cells` reads every other one element by element (see
`test_workbook_reading.py`). The sheets generated (`sheet_xml`) are written as Excel,
LibreOffice and openpyxl write them, and with the variations XML allows and a
crafted file may use: attributes in another order or quoted otherwise, blanks
and line breaks between elements, comments and processing instructions, a
namespace prefix, rows and cells without their reference, rows out of order or
repeated, CDATA, character references, rich-text and phonetic runs, every cell
type, numbers in every form Excel writes, dates in either calendar (counted from
1900, or from 1904 as old Excel for Mac saved them) and formulas. Both readings
must give the same sheets and refuse the same files in the same words, and
the values must be those openpyxl reads.

What the strategies leave out because openpyxl reads it otherwise by design,
though both readings of the door agree on it: cells of a row out of column
order (openpyxl keeps a row only up to its last cell's column), a `<t>` next to
rich-text runs or a second `<t>` (openpyxl puts the plain text first, or keeps
only the last), a reference such as `$A$1` or `a1` (openpyxl refuses it), a row
number with blanks or a sign (` 2`, `+2`: openpyxl reads the number, the door
counts on from the last row), and cell references whose row is not the row's.

The default run is short. `ANSKAFFELSE_FUZZ_EXAMPLES=3000 ANSKAFFELSE_FUZZ_RANDOM=1 python -m pytest
tests/test_workbook_reading_properties.py` runs a long one.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

import anskaffelse
from anskaffelse.answers import regular
from anskaffelse.answers.workbook import AnsweredWorkbook, WorkbookLimits, read_workbook

from .fuzz import fuzz
from .sheet_xml import El, shared_texts, worksheet
from .test_workbook_reading import MAIN, _sheet, door_cells, element_by_element, handmade, openpyxl_cells, same

FUZZ = fuzz(40)

# ---------------------------------------------------------------- workbooks of generated sheets

Workbook = tuple[dict[str, str], list[str], dict[str, Any], str | None]
"""Sheets, shared texts, the options to read them with, and the workbook's `date1904` (None: not written)."""


@st.composite
def workbooks(draw: st.DrawFn) -> Workbook:
    """Sheets, shared texts and the options to read them with (some sheets and columns, or all), in either
    calendar: dates counted from 1900, or from 1904 as old Excel for Mac saved them."""
    shared = draw(shared_texts())
    names = ["Svar", "Ark 2"][:draw(st.integers(1, 2))]
    sheets = {name: draw(worksheet(len(shared))) for name in names}
    options: dict[str, Any] = {}
    if draw(st.integers(0, 3)) == 0:
        options["wanted"] = {names[-1]: draw(st.sampled_from([None, (1,), (1, 3), (2, 28)]))}
    return sheets, shared, options, draw(st.sampled_from([None, None, "1", "true", "0", "false"]))


# ---------------------------------------------------------------- reading it three ways


def outcome(read: Callable[[], AnsweredWorkbook]) -> AnsweredWorkbook | list[tuple[str, str]]:
    try:
        return read()
    except anskaffelse.InputError as refused:
        return [(d.message, d.hint) for d in refused.diagnostics]


def both_ways(path: Path, options: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Any:
    """The door's reading, after checking the element-by-element scan gives the same or refuses alike."""
    tokens: list[None] = []
    regularly: list[bool] = []
    with monkeypatch.context() as patch:  # which way the door went, for the statistics
        other, sheet = regular._other, regular.read_regular_sheet
        patch.setattr(regular, "_other", lambda *arguments: tokens.append(other(*arguments)))
        patch.setattr(regular, "read_regular_sheet", lambda *arguments: regularly.append(sheet(*arguments))
                      or regularly[-1])
        first = outcome(lambda: read_workbook(path, **options))
    second = outcome(lambda: element_by_element(monkeypatch, path, **options))
    if isinstance(first, list) or isinstance(second, list):
        assert first == second
        event("refused")
    else:
        same(first, second)
        event(("some sheets" if False in regularly else "every sheet") + " read regularly"
              + (", some cells token by token" if tokens else "") if any(regularly) else "read element by element")
    return first


def openpyxl_kept(path: Path, options: dict[str, Any]) -> dict[str, dict[tuple[int, int], Any]] | None:
    """What openpyxl reads of the sheets and columns asked for; None when it cannot read the file."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "marked as a date but outside the limits": read as #VALUE!
            found = openpyxl_cells(path)
    except Exception:  # openpyxl's reader raises whatever a damaged value makes of it
        return None
    wanted = options.get("wanted")
    if wanted is None:
        return found
    return {name: {(r, c): v for (r, c), v in found[name].items() if columns is None or c in columns}
            for name, columns in wanted.items()}


# Found by this test: the regular reading took the value of an attribute in single quotes for '' (a style that
# shows a date, the type of a shared text or a boolean was lost, and so was a dimension too large to accept).
SINGLE_QUOTES = _sheet("""<row r="1"><c r="A1" s='1'><v>0</v></c><c r="B1" t='s'><v>0</v></c>"""
                       """<c r="C1" t='b'><v>1</v></c></row>""")
DATES = _sheet('<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>59.5</v></c><c r="C1" s="2"><v>61</v></c>'
               '<c r="D1" s="1"><v>45000.25</v></c></row>')
PREFIXED = (f'<?xml version="1.0"?><x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="1"><x:c r="A1" t="s">'
            '<x:v>0</x:v></x:c><x:c r="B1"><x:f>A1</x:f><x:v>2</x:v></x:c></x:row></x:sheetData></x:worksheet>')


@FUZZ
@example(workbook=({"Svar": PREFIXED}, ["<t>Ja</t>"], {}, None))
@example(workbook=({"Svar": SINGLE_QUOTES}, ["<t>Ja</t>"], {}, None))
@example(workbook=({"Svar": DATES}, [], {}, "1"))
@given(workbook=workbooks())
def test_both_readings_agree_with_each_other_and_with_openpyxl(workbook: Workbook, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    sheets, shared, options, date1904 = workbook
    path = handmade(tmp_path / "svar.xlsx", sheets, shared, date1904)
    book = both_ways(path, options, monkeypatch)
    theirs = openpyxl_kept(path, options)
    if isinstance(book, list):
        assert theirs is None, f"the door refuses a workbook openpyxl reads: {book}"
    elif theirs is None:
        event("openpyxl cannot read it")
    else:
        assert door_cells(book) == theirs


# ---------------------------------------------------------------- refused in the same words

LONG = 32_767
LONG_CELLS = [  # (text, blanks inside the cell): near Excel's limit of a cell, counted as XML gives it
    ("x" * LONG, ""), ("x" * (LONG + 1), ""), ("x" * (LONG - 1), " "), ("x" * (LONG - 1), "\n\n"),
    ("x" * (LONG - 300), "\n" * 300), ("&amp;" * LONG, ""), ("&amp;" * (LONG + 1), ""), ("x" * (LONG - 10), "\r\n")]
DAMAGED = [("s", "99"), ("s", "-1"), ("s", "x"), ("b", "x"), (None, "1,5"), (None, "nan"), (None, " "),
           ("n", "Infinity"), ("d", "ikke en dato"), (None, "1e5.5")]
MALFORMED = ["&nbsp;", "&#0;", "\x01", "<", "&", "]]>", "&#xD800;", "&#x110000;", "&amp", "</c>"]
DIMENSIONS = ["A1:XFD1048576", "A1:ALM100001", "A1:ALL100000", "ZZZZ1", "A1:B", ":", "A0:A0", "A1:A100001",
              "A1:ALN1"]


@st.composite
def poisoned(draw: st.DrawFn) -> Workbook:
    """A workbook with one thing a spreadsheet program does not write, somewhere in one of its sheets."""
    shared = draw(shared_texts())
    how = draw(st.sampled_from(["limits", "long", "formula", "damaged", "malformed", "doctype", "dimension",
                                "shared"]))
    row = str(draw(st.integers(1, 9)))
    poison, head, options = None, None, {}
    if how == "limits":
        options["limits"] = WorkbookLimits(rows=draw(st.integers(1, 10)), columns=draw(st.integers(1, 30)),
                                           cells=draw(st.integers(1, 40)))
    elif how in ("long", "formula"):
        text, blanks = draw(st.sampled_from(LONG_CELLS))
        if how == "formula":
            formula = draw(st.sampled_from(["x", "&lt;"])) * (8_192 + draw(st.integers(-1, 1)))
            children = [El("f", children=[formula]), El("v", children=["1"])]
            kind = None
        elif draw(st.booleans()):
            children, kind = [El("is", children=[El("t", children=[text])])], "inlineStr"
        else:
            children, kind = [El("v", children=[text])], "str"
        inside = [blanks, *children] if draw(st.booleans()) else [*children, blanks]
        poison = El("row", [("r", row)], [El("c", [("r", f"B{row}")] + ([("t", kind)] if kind else []), inside)])
    elif how in ("damaged", "malformed"):
        kind, stored = draw(st.sampled_from(DAMAGED)) if how == "damaged" else (None, draw(st.sampled_from(MALFORMED)))
        poison = El("row", [("r", row)], [El("c", [("r", f"C{row}")] + ([("t", kind)] if kind else []),
                                             [El("v", children=[stored])])])
    elif how == "dimension":
        head = [El("dimension", [("ref", draw(st.sampled_from(DIMENSIONS)))])]
    elif how == "shared":
        shared.append(draw(st.sampled_from([f"<t>{text}</t>{blanks}" for text, blanks in LONG_CELLS]
                                           + [f"<t>{text}</t>" for text in MALFORMED])))
    sheets = {name: draw(worksheet(len(shared), head, poison if name == "Svar" else None))
              for name in ["Ark 2", "Svar"][draw(st.integers(0, 1)):]}
    if how == "doctype":
        doctype = draw(st.sampled_from(["<!DOCTYPE worksheet>", '<!DOCTYPE x [<!ENTITY a "b">]>', "<!ENTITY a 'b'>"]))
        xml = sheets["Svar"]
        declaration, end, rest = xml.partition("?>")
        declared = xml.lstrip("\ufeff").startswith("<?xml")
        sheets["Svar"] = declaration + end + doctype + rest if declared else doctype + xml
    if draw(st.integers(0, 3)) == 0:
        options["wanted"] = {"Svar": draw(st.sampled_from([None, (1,), (2, 3)]))}
    return sheets, shared, options, None


@FUZZ
@example(workbook=({"Svar": _sheet('<row r="1"><c r="A1"><v>1</v></c></row>', "<dimension ref='A1:XFD1048576'/>")},
                   ["<t>Ja</t>"], {}, None))
@given(workbook=poisoned())
def test_a_workbook_is_refused_in_the_same_words_both_ways(workbook: Workbook, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    sheets, shared, options, date1904 = workbook
    both_ways(handmade(tmp_path / "svar.xlsx", sheets, shared, date1904), options, monkeypatch)
