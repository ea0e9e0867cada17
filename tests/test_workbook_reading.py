"""How the one door for workbooks reads values: a regular sheet a cell at a time, any other element by element.

`answers.regular` reads the sheets that Excel, LibreOffice and openpyxl write
with one pattern per cell; everything else goes through the element-by-element
scan of `answers.cells`. Both must give the same sheets, refuse the same files
with the same words, and read the values openpyxl would read (the door used
openpyxl for that before). The hostile corpus itself is in
`test_hostile_workbooks.py`; how fast the door is, `benchmarks/survey.py` says.
"""

from __future__ import annotations

import datetime as dt
import math
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

import anskaffelse
from anskaffelse.answers import regular
from anskaffelse.answers.cells import SheetLimits, _SheetScan
from anskaffelse.answers.workbook import AnsweredWorkbook, read_workbook

from .answer_workbooks import HOSTILE, fill
from .test_libreoffice import TIMEOUT, require_tool

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# ---------------------------------------------------------------- a workbook written by hand

SHARED = [
    "Ja", "Løsningen støtter dette & mer", "  med blanke  ", "linje 1\nlinje 2",
    '<r><t>rik </t></r><r><rPr><b/></rPr><t>tekst</t></r><rPh sb="0" eb="1"><t>uttale</t></rPh>',
]

PLAIN_ROWS = """\
<row r="1" spans="1:8"><c r="A1" s="0" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" s="1"><v>46023</v></c>\
<c r="D1"><v>12.5</v></c><c r="E1" t="b"><v>1</v></c><c r="F1" t="e"><v>#N/A</v></c><c r="G1" t="str"><v>x</v></c>\
<c r="H1" s="2"/></row>\
<row r="2"><c r="A2" t="inlineStr"><is><t xml:space="preserve"> Nei &amp; kanskje </t></is></c>\
<c r="B2" t="inlineStr"><is><t>L&#248;sning &lt;b&gt; &#x1F600;</t></is></c><c r="C2" t="s"><v>2</v></c>\
<c r="D2" t="s"><v>3</v></c><c r="E2"><v>1e999</v></c><c r="F2" t="inlineStr"></c><c r="G2"><v></v></c></row>\
<row r="4" spans="1:3" x14ac:dyDescent="0.25"><c r="A4" t="s"><v>4</v></c><c r="C4"><v>-3</v></c></row>\
<row r="6"/>"""

ODD_ROWS = f"""\
<!-- a comment between rows --><row r="1">
  <c s="0" t="s" r="A1"><v>0</v></c>
  <c r="B1" t="s" s="0">
    <v>1</v>
  </c>
  <x:c xmlns:x="{MAIN}" r="C1"><x:v>7</x:v></x:c>
  <c r="D1"><f>SUM(A1:C1)</f><v>8</v></c>
  <c r="E1" t="inlineStr"><is><r><t>a</t></r><r><t>b</t></r><rPh sb="0" eb="1"><t>c</t></rPh></is></c>
  <c r="F1" t="inlineStr"><is><t><![CDATA[<ikke en tag>]]></t></is></c>
  <c r="G1"><v/></c>
  <c r="H1" t="inlineStr"><is><t>to&#13;linjer</t></is></c>
</row>
<row r="3"><c t="s"><v>0</v></c><c><v>2</v></c></row>
<row><c r="A4"><v>4</v></c></row>
<row r="2"><c r="A2"><v>99</v></c></row>"""


def _sheet(rows: str, head: str = '<dimension ref="A1:H6"/>') -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" '
            f'xmlns:r="{RELATIONSHIPS}" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">'
            f'{head}<sheetData>{rows}</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
            'header="0.3" footer="0.3"/></worksheet>')


def handmade(target: Path, sheets: dict[str, str], shared: list[str] = SHARED, date1904: str | None = None) -> Path:
    """A workbook as Excel lays one out: shared texts, a style with a date format, the given sheets; with
    `date1904` ("1", "true", ...), its calendar attribute as old Excel for Mac wrote it."""
    names = list(sheets)
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{kind}"/>'
                        for i in range(1, len(names) + 1))
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
        'org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
        '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+'
        f'xml"/>{overrides}<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/relationships"><Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
        + ('<workbookPr/>' if date1904 is None else f'<workbookPr date1904="{date1904}"/>') + '<sheets>'
        + "".join(f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, 1))
        + "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships">' + "".join(
            f'<Relationship Id="rId{i}" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(names) + 1)) + f'<Relationship Id="rIdS" Type="{RELATIONSHIPS}/sharedStrings" '
        f'Target="sharedStrings.xml"/><Relationship Id="rIdT" Type="{RELATIONSHIPS}/styles" Target="styles.xml"/>'
        "</Relationships>",
        "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{len(shared)}" '
        f'uniqueCount="{len(shared)}">' + "".join(
            f"<si>{text}</si>" if text.startswith("<") else f'<si><t xml:space="preserve">{_xml(text)}</t></si>'
            for text in shared) + "</sst>",
        "xl/styles.xml": f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}"><numFmts count="1">'
        '<numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><fonts count="1"><font/></fonts><fills count="1">'
        '<fill><patternFill patternType="none"/></fill></fills><borders count="1"><border><left/><right/><top/>'
        '<bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0"/>'
        '</cellStyleXfs><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/>'
        '<xf numFmtId="14"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
        '</cellStyles></styleSheet>',
    }
    parts.update({f"xl/worksheets/sheet{i}.xml": xml for i, xml in enumerate(sheets.values(), 1)})
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode("utf-8"))
    return target


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


# ---------------------------------------------------------------- reading both ways


def element_by_element(monkeypatch: pytest.MonkeyPatch, path: Path, **options: Any) -> AnsweredWorkbook:
    """The workbook read with the regular reading switched off."""
    with monkeypatch.context() as patch:
        patch.setattr(regular, "MAX_REGULAR_BYTES", -1)
        return read_workbook(path, **options)


def same(one: AnsweredWorkbook, other: AnsweredWorkbook) -> None:
    assert [(s.name, s.state, s.rows, s.formulas) for s in one.sheets] == [
        (s.name, s.state, s.rows, s.formulas) for s in other.sheets]
    assert one.active == other.active


def openpyxl_cells(path: Path) -> dict[str, dict[tuple[int, int], Any]]:
    """Every cell that is not empty, as openpyxl reads it in read-only, values-only mode."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    found = {}
    for ws in book.worksheets:
        ws.reset_dimensions()
        found[ws.title] = {(r, c): _plain(v)
                           for r, row in enumerate(ws.iter_rows(values_only=True), 1)
                           for c, v in enumerate(row, 1) if v is not None}
    book.close()
    return found


def _plain(value: Any) -> Any:
    """As the door hands values over: dates as text, and no number a spreadsheet cannot show."""
    if isinstance(value, dt.datetime | dt.date | dt.time) or (isinstance(value, float) and not math.isfinite(value)):
        return str(value)
    return value


def door_cells(book: AnsweredWorkbook) -> dict[str, dict[tuple[int, int], Any]]:
    return {s.name: {(r, c): v for r, row in enumerate(s.rows, 1) for c, v in enumerate(row, 1) if v is not None}
            for s in book.sheets}


def _regular(path: Path, part: str = "xl/worksheets/sheet1.xml") -> tuple[bool, _SheetScan]:
    with zipfile.ZipFile(path) as archive:
        text = regular.whole_part(archive, archive.getinfo(part))
    scan = _SheetScan("Svar", SheetLimits(10_000, 100, 1_000_000), [1_000_000])
    return text is not None and regular.read_regular_sheet(text, scan), scan


def test_a_regular_sheet_is_read_a_cell_at_a_time_and_an_odd_one_is_left_alone(tmp_path: Path) -> None:
    read, scan = _regular(handmade(tmp_path / "svar.xlsx", {"Svar": _sheet(PLAIN_ROWS)}))
    # Without the shared texts (the door reads them first) the five cells that refer to one are damaged.
    assert read and (scan.rows, scan.columns, len(scan.cells), scan.damaged) == (6, 8, 14 - 5, "IndexError")
    read, scan = _regular(handmade(tmp_path / "rar.xlsx", {"Svar": _sheet(ODD_ROWS)}))
    assert not read and (scan.rows, scan.columns, scan.cells, scan.budget) == (0, 0, [], [1_000_000])


@pytest.mark.parametrize("rows", [PLAIN_ROWS, ODD_ROWS], ids=["regular", "odd"])
def test_both_readings_give_the_values_openpyxl_reads(rows: str, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = handmade(tmp_path / "svar.xlsx", {"Svar": _sheet(rows), "Tom": _sheet("")})
    book = read_workbook(path)
    same(book, element_by_element(monkeypatch, path))
    assert door_cells(book) == openpyxl_cells(path)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_parts_in_another_unicode_encoding_read_as_in_utf8(codec: str, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """XML parts may be UTF-16 (with its byte order mark or, big-endian, without) or UTF-8 with a mark."""
    path = handmade(tmp_path / "svar.xlsx", {"Svar": _sheet(PLAIN_ROWS), "Odd": _sheet(ODD_ROWS)})
    expected = door_cells(read_workbook(path))
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    declared = "UTF-16" if codec.startswith("utf-16") else "UTF-8"
    for name in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/sharedStrings.xml"):
        text = parts[name].decode("utf-8").replace('encoding="UTF-8"', f'encoding="{declared}"', 1)
        parts[name] = text.encode(codec)
    recoded = tmp_path / "omkodet.xlsx"
    with zipfile.ZipFile(recoded, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    book = read_workbook(recoded)
    same(book, element_by_element(monkeypatch, recoded))
    assert door_cells(book) == expected == openpyxl_cells(recoded)


def test_the_values_of_the_regular_sheet(tmp_path: Path) -> None:
    """Written out once, so that the comparisons above cannot pass on two equal mistakes."""
    sheet = read_workbook(handmade(tmp_path / "svar.xlsx", {"Svar": _sheet(PLAIN_ROWS)})).sheets[0]
    assert [sheet.value(1, c) for c in range(1, 9)] == [
        "Ja", "Løsningen støtter dette & mer", "2026-01-01 00:00:00", 12.5, True, "#N/A", "x", None]
    assert [sheet.value(2, c) for c in range(1, 8)] == [
        " Nei & kanskje ", "Løsning <b> \U0001F600", "  med blanke  ", "linje 1\nlinje 2", "inf", None, None]
    assert sheet.value(4, 1) == "rik tekst" and sheet.value(4, 3) == -3 and len(sheet.rows) == 6


def test_the_odd_sheet_keeps_formulas_and_drops_rows_out_of_order(tmp_path: Path) -> None:
    sheet = read_workbook(handmade(tmp_path / "svar.xlsx", {"Svar": _sheet(ODD_ROWS)})).sheets[0]
    assert [(f.row, f.column, f.text) for f in sheet.formulas] == [(1, 4, "SUM(A1:C1)")]
    assert [sheet.value(1, c) for c in range(1, 9)] == [
        "Ja", "Løsningen støtter dette & mer", 7, 8, "ab", "<ikke en tag>", None, "to\rlinjer"]
    assert sheet.value(3, 1) == "Ja" and sheet.value(3, 2) == 2 and sheet.value(4, 1) == 4
    assert sheet.value(2, 1) is None  # row 2 comes after row 4: openpyxl leaves it out, and so does the door


@pytest.fixture(scope="module")
def good(example_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from anskaffelse.export.json_read import read_specification

    spec = read_specification(example_build / "eksempel-kommune-spesifikasjon.json")
    return fill(example_build / "eksempel-kommune-svarskjema.xlsx", tmp_path_factory.mktemp("god") / "god.xlsx",
                spec, "God Journal AS")


def test_an_answer_workbook_reads_the_same_both_ways_and_as_openpyxl_reads_it(
        good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = read_workbook(good)
    same(book, element_by_element(monkeypatch, good))
    assert door_cells(book) == openpyxl_cells(good)


def outcome(path: Path) -> Any:
    try:
        book = read_workbook(path)
    except anskaffelse.InputError as refused:
        return [d.message for d in refused.diagnostics]
    return door_cells(book), book.active


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_workbook_is_refused_in_the_same_words_both_ways(name: str, good: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    hostile = HOSTILE[name][0](good, tmp_path / f"{name}.xlsx")
    first = outcome(hostile)
    monkeypatch.setattr(regular, "MAX_REGULAR_BYTES", -1)
    assert outcome(hostile) == first
    if name not in ("macro-enabled", "external-link"):  # those are read, and their content reported
        assert HOSTILE[name][1] in first[0]


def test_only_the_sheets_and_columns_asked_for_are_kept_and_every_sheet_is_checked(tmp_path: Path) -> None:
    sheets = {"Svar": _sheet(PLAIN_ROWS), "Annet": _sheet(PLAIN_ROWS)}
    book = read_workbook(handmade(tmp_path / "svar.xlsx", sheets), wanted={"Svar": (1, 4)})
    [sheet] = book.sheets
    assert sheet.name == "Svar" and sheet.value(1, 1) == "Ja" and sheet.value(1, 4) == 12.5
    assert sheet.value(1, 2) is None and sheet.value(2, 1) == " Nei & kanskje "
    too_long = _sheet(f'<row r="1"><c r="A1" t="inlineStr"><is><t>{"x" * 40_000}</t></is></c></row>')
    with pytest.raises(anskaffelse.InputError) as caught:
        read_workbook(handmade(tmp_path / "lang.xlsx", {"Svar": _sheet(PLAIN_ROWS), "Annet": too_long}),
                      wanted={"Svar": None})
    assert "holds more than 32,767 characters in cell A1 of sheet 'Annet'" in caught.value.diagnostics[0].message


@pytest.mark.libreoffice
def test_a_workbook_libreoffice_saved_reads_the_same_both_ways(good: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """LibreOffice writes shared texts and its own row attributes; the regular reading takes them."""
    soffice = require_tool("soffice", "libreoffice")
    source = tmp_path / "kilde" / "svar.xlsx"
    source.parent.mkdir()
    shutil.copyfile(good, source)
    out = tmp_path / "lagret"
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profil').as_uri()}", "--headless",
                    "--norestore", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out),
                    str(source)], capture_output=True, timeout=TIMEOUT, check=True)
    saved = out / "svar.xlsx"
    with zipfile.ZipFile(saved) as archive:
        assert "xl/sharedStrings.xml" in archive.namelist()
        name = next(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet2"))
    assert _regular(saved, name)[0]
    book = read_workbook(saved)
    same(book, element_by_element(monkeypatch, saved))
    assert door_cells(book) == openpyxl_cells(saved)


def test_dates_follow_openpyxl_s_rules() -> None:
    """The door reads dates itself (no openpyxl for a file from outside), by openpyxl's rules."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
    from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH
    from openpyxl.utils.datetime import from_excel as theirs

    from anskaffelse.answers import values

    assert set(values.BUILTIN_DATE_FORMATS) == {n for n, code in BUILTIN_FORMATS.items() if is_date_format(code)}
    codes = [*BUILTIN_FORMATS.values(), "dd/mm/yyyy", '"dag "0', "[$-414]d. mmmm yyyy", "[Red]0.00", "0_d",
             "[h]:mm", "[mm]:ss.00", "yyyy-mm-dd hh:mm:ss", "0;[Red]d", r"\d0", "[SS]"]
    assert [values.is_date_format(c) for c in codes] == [is_date_format(c) for c in codes]
    assert [values.is_duration_format(c) for c in codes] == [is_timedelta_format(c) for c in codes]
    for number in (0, 0.25, 0.999999, 1, 59, 60, 61, 45000.5, 46023, 2958465.9, 1e12):
        for epoch in (WINDOWS_EPOCH, MAC_EPOCH):
            for duration in (False, True):
                assert _outcome(values.from_excel, number, epoch, duration) == _outcome(theirs, number, epoch, duration)


def _outcome(convert: Any, *arguments: Any) -> Any:
    try:
        return convert(*arguments)
    except (OverflowError, ValueError) as exc:
        return type(exc)


@pytest.mark.parametrize("written", ["3", "+3", " 3 ", "003"])
def test_a_row_number_is_read_as_excel_reads_it(written: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`r` is an xsd:unsignedInt: blanks around it, a plus sign and leading zeros are allowed."""
    rows = f'<row r="1"><c><v>1</v></c></row><row r="{written}"><c><v>3</v></c></row>'
    path = handmade(tmp_path / "svar.xlsx", {"Svar": _sheet(rows, head="")})
    book = read_workbook(path)
    same(book, element_by_element(monkeypatch, path))
    assert book.sheets[0].rows == ((1,), (None,), (3,))
    assert door_cells(book) == openpyxl_cells(path)
