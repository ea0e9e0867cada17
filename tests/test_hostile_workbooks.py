"""Workbooks from outside are hostile until read: the corpus of `answer_workbooks.HOSTILE` through the command
line, and every limit of the one door (`answers.workbook`, `answers.parts`, `answers.responses.limits_for`).

Each hostile file is checked together with a good one: the hostile file gets a
clear error, the good one is still checked, the exit code is 1 and nothing
prints a traceback. How fast and how lean each refusal is, is measured in
`benchmarks/hostile_workbooks.py`, not here.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

import anskaffelse
from anskaffelse.answers import cells, parts, responses
from anskaffelse.answers import workbook as door
from anskaffelse.answers.workbook import WorkbookLimits, read_workbook
from anskaffelse.export.json_read import read_specification

from .answer_workbooks import HOSTILE, answer_sheet_part, fill, last_row_used, million_row_dimension, part, repack


@pytest.fixture(scope="module")
def spec_json(example_build: Path) -> Path:
    return example_build / "eksempel-kommune-spesifikasjon.json"


@pytest.fixture(scope="module")
def spec(spec_json: Path) -> Any:
    return read_specification(spec_json)


@pytest.fixture(scope="module")
def good(example_build: Path, spec: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fill(example_build / "eksempel-kommune-svarskjema.xlsx",
                tmp_path_factory.mktemp("god") / "god.xlsx", spec, "God Journal AS")


def refused(path: Path, limits: WorkbookLimits = door.DEFAULT_LIMITS) -> str:
    with pytest.raises(anskaffelse.InputError) as caught:
        read_workbook(path, limits)
    [finding] = caught.value.diagnostics
    assert finding.code == "A001" and finding.severity.value == "error"
    return finding.message


# ---------------------------------------------------------------- the corpus, through the command line


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_each_hostile_workbook_is_refused_and_the_others_still_checked(name: str, cli: Any, spec_json: Path,
                                                                       good: Path, tmp_path: Path) -> None:
    make, message = HOSTILE[name]
    hostile = make(good, tmp_path / f"{name}.xlsx")
    result = cli("answers", "check", spec_json, hostile, good, "--json")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    bad, fine = json.loads(result.stdout)["workbooks"]
    assert any(message in f["message"] and f["severity"] == "error" for f in bad["findings"]), bad["findings"]
    assert fine["findings"] == [] and fine["supplier"] == "God Journal AS"


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_each_hostile_workbook_gets_a_plain_message_in_the_terminal(name: str, cli: Any, spec_json: Path,
                                                                    good: Path, tmp_path: Path) -> None:
    make, message = HOSTILE[name]
    result = cli("answers", "check", spec_json, make(good, tmp_path / f"{name}.xlsx"))
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.output
    assert f"{name}.xlsx" in result.stdout  # the summary table names the file


def test_a_refused_workbook_is_reported_unreadable(spec: Any, good: Path, tmp_path: Path) -> None:
    hostile = HOSTILE["billion-laughs"][0](good, tmp_path / "lol.xlsx")
    [report] = anskaffelse.check_answers(spec, [hostile])
    assert not report.readable and report.minstekrav_met is None and report.sha256 == ""
    assert [d.code for d in report.findings] == ["A001"] and report.supplier == "lol"


def test_active_content_is_reported_and_the_answers_still_read(spec: Any, good: Path, tmp_path: Path) -> None:
    macro = HOSTILE["macro-enabled"][0](good, tmp_path / "makro.xlsx")
    link = HOSTILE["external-link"][0](good, tmp_path / "lenke.xlsx")
    reports = anskaffelse.check_answers(spec, [macro, link])
    assert [[d.code for d in r.findings] for r in reports] == [["A018"], ["A021"]]
    assert all(r.readable and r.minstekrav_met for r in reports)
    assert "xl/vbaProject.bin" in reports[0].findings[0].message
    assert "file:///C:/priser/hemmelig.xlsx" in reports[1].findings[0].message


def test_activex_and_embedded_objects_are_reported(spec: Any, good: Path, tmp_path: Path) -> None:
    path = repack(good, tmp_path / "objekter.xlsx", {"xl/activeX/activeX1.bin": b"\0" * 10,
                                                      "xl/embeddings/oleObject1.bin": b"\0" * 10})
    [report] = anskaffelse.check_answers(spec, [path])
    assert sorted((d.code, d.severity.value) for d in report.findings) == [("A019", "error"), ("A020", "error")]


# ---------------------------------------------------------------- what the file is


def test_defusedxml_guards_openpyxl() -> None:
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


@pytest.mark.parametrize(("content", "says"), [
    (b"", "is empty"),
    (b"<html><body><table><tr><td>Ja</td></tr></table></body></html>", "is an HTML or XML file"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "is a PDF document"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "neither a zip archive nor a known office format"),
])
def test_a_file_that_is_no_zip_is_named_for_what_it_is(content: bytes, says: str, tmp_path: Path) -> None:
    path = tmp_path / "svar.xlsx"
    path.write_bytes(content)
    assert says in refused(path)


def test_a_word_document_or_a_plain_zip_is_no_workbook(tmp_path: Path) -> None:
    from docx import Document

    Document().save(tmp_path / "svar.xlsx")
    assert "is a Word document, not an Excel workbook" in refused(tmp_path / "svar.xlsx")
    with zipfile.ZipFile(tmp_path / "zip.xlsx", "w") as archive:
        archive.writestr("svar.csv", "ID;Svar\n")
    assert "is a zip archive, not an Excel workbook" in refused(tmp_path / "zip.xlsx")


def test_two_parts_of_one_name_are_refused(good: Path, tmp_path: Path) -> None:
    path = tmp_path / "svar.xlsx"
    with zipfile.ZipFile(good) as old, zipfile.ZipFile(path, "w") as new, pytest.warns(UserWarning):
        for info in old.infolist():
            new.writestr(info.filename, old.read(info.filename))
        new.writestr("xl/workbook.xml", old.read("xl/workbook.xml"))
    assert "holds two parts named xl/workbook.xml" in refused(path)


# ---------------------------------------------------------------- every limit


def test_the_file_size_limit(good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(door, "MAX_WORKBOOK_BYTES", good.stat().st_size - 1)
    assert "larger than the limit" in refused(good)
    monkeypatch.setattr(door, "MAX_WORKBOOK_BYTES", good.stat().st_size)
    assert read_workbook(good).sheets


def test_the_part_count_limit(good: Path, tmp_path: Path) -> None:
    path = repack(good, tmp_path / "svar.xlsx", {f"xl/tom{i}.bin": b"" for i in range(door.MAX_PARTS + 1)})
    assert f"more than {door.MAX_PARTS} parts" in refused(path)


def test_the_per_part_and_total_unpacked_limits(good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    infos = zipfile.ZipFile(good).infolist()
    largest, total = max(i.file_size for i in infos), sum(i.file_size for i in infos)
    monkeypatch.setattr(door, "MAX_PART_BYTES", largest - 1)
    assert "per part" in refused(good)
    monkeypatch.setattr(door, "MAX_PART_BYTES", largest)
    monkeypatch.setattr(door, "MAX_TOTAL_BYTES", total - 1)
    assert f"unpacks to {total} bytes, more than the limit" in refused(good)
    monkeypatch.setattr(door, "MAX_TOTAL_BYTES", total)
    assert read_workbook(good).sheets
    # A specification lowers both: a part of random bytes (which do not pack) beyond its allowance.
    noise = repack(good, tmp_path / "svar.xlsx", {"xl/media/a.bin": os.urandom(200_000)})
    assert "unpacks to" in refused(noise, WorkbookLimits(unpacked_bytes=total + 100_000))


def test_the_packing_ratio_limit(good: Path, tmp_path: Path) -> None:
    just_over = door.RATIO_FROM_BYTES + 1
    path = repack(good, tmp_path / "svar.xlsx", {"xl/media/blank.bin": b" " * just_over})
    assert f"packed more than {door.MAX_RATIO} to 1" in refused(path)
    below = repack(good, tmp_path / "under.xlsx", {"xl/media/blank.bin": b" " * door.RATIO_FROM_BYTES})
    assert read_workbook(below).sheets


def test_the_cell_limit(good: Path) -> None:
    assert "more than 50 cells" in refused(good, WorkbookLimits(cells=50))


def test_the_row_and_column_limits_without_a_specification(good: Path, tmp_path: Path) -> None:
    row = last_row_used(good, tmp_path / "rad.xlsx", door.MAX_ROWS + 1)
    assert f"uses row {door.MAX_ROWS + 1:,}" in refused(row)
    name = answer_sheet_part(good)
    wide = part(good, name).replace(b"</sheetData>", f'<row r="3000"><c r="{_column(door.MAX_COLUMNS + 1)}3000">'
                                    "<v>1</v></c></row></sheetData>".encode())
    path = repack(good, tmp_path / "kolonne.xlsx", {name: wide})
    assert f"uses column {door.MAX_COLUMNS + 1:,}" in refused(path)


def _column(number: int) -> str:
    from anskaffelse.diagnostics import column_letter

    return column_letter(number)


def test_a_claimed_extent_beyond_the_specification_is_refused_before_any_row_is_read(
        good: Path, spec: Any, tmp_path: Path) -> None:
    limits = responses.limits_for(spec)
    assert limits.rows == spec.requirement_count + responses.ROW_ALLOWANCE
    path = million_row_dimension(good, tmp_path / "svar.xlsx", limits.rows + 1)
    message = refused(path, limits)
    assert f"claims {limits.rows + 1:,} rows" in message and "the specification needs at most" in message
    fits = million_row_dimension(good, tmp_path / "passer.xlsx", limits.rows)
    assert read_workbook(fits, limits).sheets


def test_the_specification_sets_the_unpacked_limit(good: Path, spec: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = responses.UNPACKED_BASE + responses.UNPACKED_PER_REQUIREMENT * spec.requirement_count
    assert responses.limits_for(spec).unpacked_bytes == expected
    monkeypatch.setattr(responses, "UNPACKED_BASE", 0)
    monkeypatch.setattr(responses, "UNPACKED_PER_REQUIREMENT", 100)
    assert "per part" in refused(good, responses.limits_for(spec))


def test_the_column_allowance_follows_the_answer_lists(good: Path, spec: Any, tmp_path: Path) -> None:
    lists = sum(1 for r in spec.requirements() if r.response_type == "valg")
    limits = responses.limits_for(spec)
    assert limits.columns == max(10, 2 + lists) + responses.COLUMN_ALLOWANCE
    name = answer_sheet_part(good)
    for column, fits in ((limits.columns, True), (limits.columns + 1, False)):
        cell = f'<row r="1000"><c r="{_column(column)}1000"><v>1</v></c></row></sheetData>'.encode()
        path = repack(good, tmp_path / f"{column}.xlsx", {name: part(good, name).replace(b"</sheetData>", cell)})
        if fits:
            assert read_workbook(path, limits).sheets
        else:
            assert f"uses column {column:,}" in refused(path, limits)


def test_the_sheet_and_relationship_limits(good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parts, "MAX_SHEETS", 3)
    assert "more than 3 sheet entries" in refused(good)
    monkeypatch.setattr(parts, "MAX_SHEETS", 1_000)
    monkeypatch.setattr(parts, "MAX_RELATIONSHIPS", 2)
    assert "more than 2 Relationship entries" in refused(good)


def test_a_dimension_smaller_than_the_sheet_hides_no_row(good: Path, spec: Any, tmp_path: Path) -> None:
    """openpyxl stops at the claimed dimension; the door reads up to the rows that are really there."""
    name = answer_sheet_part(good)
    small = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:A2"/>', part(good, name), count=1)
    assert small != part(good, name)
    path = repack(good, tmp_path / "svar.xlsx", {name: small})
    [report] = anskaffelse.check_answers(spec, [path])
    assert report.findings == () and len(report.answers.answers) == spec.requirement_count  # type: ignore[union-attr]


def test_formula_text_is_cut_and_odd_numbers_become_text(good: Path, tmp_path: Path) -> None:
    name = answer_sheet_part(good)
    long_formula = "1+" * 2000 + "1"
    xml = part(good, name).replace(b"</sheetData>", f'<row r="3000"><c r="A3000"><f>{long_formula}</f><v>1e999</v>'
                                   '</c><c r="B3000"><v>-1e999</v></c></row></sheetData>'.encode())
    book = read_workbook(repack(good, tmp_path / "svar.xlsx", {name: xml}))
    sheet = book.sheets[1]
    [formula] = sheet.formulas
    assert (formula.row, formula.column, len(formula.text)) == (3000, 1, cells.FORMULA_TEXT)
    assert sheet.value(3000, 1) == "inf" and sheet.value(3000, 2) == "-inf"  # no spreadsheet shows these


def test_a_number_openpyxl_cannot_read_is_a_damaged_file(good: Path, tmp_path: Path) -> None:
    name = answer_sheet_part(good)
    xml = part(good, name).replace(b"</sheetData>", b'<row r="3000"><c r="A3000"><v>NaN</v></c></row></sheetData>')
    assert "cannot be read as a workbook (ValueError" in refused(repack(good, tmp_path / "svar.xlsx", {name: xml}))


def test_reading_never_changes_the_file(good: Path) -> None:
    before = good.read_bytes()
    book = read_workbook(good)
    assert good.read_bytes() == before
    import hashlib

    assert book.sha256 == hashlib.sha256(before).hexdigest()



def _with_cell(good: Path, tmp_path: Path, name: str, cell: str) -> Path:
    sheet = answer_sheet_part(good)
    xml = part(good, sheet).replace(b"</sheetData>", f'<row r="900">{cell}</row></sheetData>'.encode())
    return repack(good, tmp_path / name, {sheet: xml})


def test_the_cell_text_and_formula_limits(good: Path, tmp_path: Path) -> None:
    longest = cells.MAX_CELL_TEXT
    fits = _with_cell(good, tmp_path, "a.xlsx", f'<c r="I900" t="inlineStr"><is><t>{"x" * longest}</t></is></c>')
    assert read_workbook(fits).sheets[1].value(900, 9) == "x" * longest
    too_long = _with_cell(good, tmp_path, "b.xlsx", f'<c r="I900" t="inlineStr"><is><t>{"x" * (longest + 1)}</t>'
                          "</is></c>")
    assert f"holds more than {longest:,} characters in cell I900" in refused(too_long)
    formula = _with_cell(good, tmp_path, "c.xlsx", f'<c r="K900"><f>{"1+" * (cells.MAX_FORMULA_TEXT // 2)}1</f></c>')
    assert f"formula of more than {cells.MAX_FORMULA_TEXT:,} characters in cell K900" in refused(formula)


def _with_shared_texts(good: Path, target: Path, texts: list[str]) -> Path:
    """The workbook with a shared-strings part (as Excel and LibreOffice write it) and a cell that uses it."""
    items = "".join(f"<si><t>{t}</t></si>" for t in texts)
    shared = (f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(texts)}" '
              f'uniqueCount="{len(texts)}">{items}</sst>').encode()
    rels = part(good, "xl/_rels/workbook.xml.rels").replace(b"</Relationships>", (
        b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'sharedStrings" Target="sharedStrings.xml"/></Relationships>'))
    types = part(good, "[Content_Types].xml").replace(b"</Types>", (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.sharedStrings+xml"/></Types>'))
    sheet = answer_sheet_part(good)
    xml = part(good, sheet).replace(b"</sheetData>", b'<row r="900"><c r="I900" t="s"><v>0</v></c></row></sheetData>')
    return repack(good, target, {"xl/sharedStrings.xml": shared, "xl/_rels/workbook.xml.rels": rels,
                                 "[Content_Types].xml": types, sheet: xml})


def test_the_shared_text_limits(good: Path, tmp_path: Path) -> None:
    """Excel and LibreOffice keep texts in the shared-strings part; openpyxl keeps every one in memory."""
    fits = _with_shared_texts(good, tmp_path / "a.xlsx", ["z" * cells.MAX_CELL_TEXT, "kort"])
    assert read_workbook(fits).sheets[1].value(900, 9) == "z" * cells.MAX_CELL_TEXT
    too_long = _with_shared_texts(good, tmp_path / "b.xlsx", ["z" * (cells.MAX_CELL_TEXT + 1)])
    assert f"has a shared text of more than {cells.MAX_CELL_TEXT:,} characters" in refused(too_long)
    cell_count = 1 + sum(part(good, n).count(b"<c ") for n in zipfile.ZipFile(good).namelist()
                         if n.startswith("xl/worksheets/"))
    many = _with_shared_texts(good, tmp_path / "c.xlsx", ["x"] * (cell_count + 1))
    message = refused(many, WorkbookLimits(cells=cell_count))
    assert f"more than {cell_count:,} shared texts, more than it has cells" in message


def test_the_message_names_the_kind_of_workbook_and_whom_to_ask(tmp_path: Path) -> None:
    """A member's priority workbook is not a supplier's answers: the message says so and sends to the member."""
    from anskaffelse.answers.workbook import WorkbookSource, read_workbook
    from anskaffelse.diagnostics import InputError

    csv = tmp_path / "prioriteringer.xlsx"
    csv.write_text("ID;Prioritet\nEPJ-LM-001;Må\n", encoding="utf-8")
    member = WorkbookSource("priority workbook", "the member", "the priority workbook that was sent out")
    with pytest.raises(InputError) as caught:
        read_workbook(csv, source=member)
    found = caught.value.diagnostics[0]
    assert found.message.startswith("priority workbook ") and "text file" in found.message
    assert found.hint == "Ask the member for the priority workbook that was sent out, filled in."
    with pytest.raises(InputError) as supplier:
        read_workbook(csv)
    assert supplier.value.diagnostics[0].message.startswith("answer workbook ")
    assert "the supplier" in supplier.value.diagnostics[0].hint


def test_a_number_format_id_of_thousands_of_digits_is_ignored(cli: Any, spec_json: Path, good: Path,
                                                              tmp_path: Path) -> None:
    """Python refuses to turn thousands of digits into a number; no format has such an id, so the style is plain."""
    styles = part(good, "xl/styles.xml")
    digits = b"9" * 5_000
    assert b'<numFmt numFmtId="164"' in styles
    crafted = styles.replace(b'<numFmt numFmtId="164"', b'<numFmt numFmtId="' + digits + b'"', 1)
    crafted = crafted.replace(b'<xf numFmtId="0"', b'<xf numFmtId="' + digits + b'"', 1)
    assert crafted.count(digits) == 2
    odd = repack(good, tmp_path / "format.xlsx", {"xl/styles.xml": crafted})
    result = cli("answers", "check", spec_json, odd, "--json")
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert result.exit_code == 0, result.output
    [checked] = json.loads(result.stdout)["workbooks"]
    assert checked["findings"] == [] and checked["supplier"] == "God Journal AS"
