"""Answered workbooks read back: the one safe door, and the check of requirement texts against the fingerprints.

The LibreOffice tests save the workbook as a supplier using LibreOffice would
(`soffice --convert-to xlsx`), which turns the very hidden control sheet into a
hidden one; the check must still work.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

import anskaffelse
from anskaffelse.answers.fingerprints import verify_fingerprints
from anskaffelse.answers.workbook import read_workbook

from .conftest import EXAMPLES, spec_of, words
from .test_libreoffice import TIMEOUT, require_tool

KOMMUNE = EXAMPLES / "eksempel-kommune.yaml"
NYNORSK = EXAMPLES / "samarbeid" / "medlem-nynorsk.yaml"
CONTROL_SHEET = "Kontroll"


def sheet_name(lang: str = "nb") -> str:
    return words(lang)["workbook"]["answers_sheet"]


def answered_copy(source: Path, target: Path, edits: dict[str, str] | None = None) -> Path:
    """Answer every row as a supplier would, changing the requirement texts named in `edits`."""
    book = load_workbook(source)
    sheet = book[sheet_name()]
    for row in range(2, sheet.max_row + 1):
        req_id = sheet.cell(row, 1).value
        sheet.cell(row, 8).value = "Ja"
        sheet.cell(row, 9).value = "Løsningen støtter dette."
        if edits and req_id in edits:
            sheet.cell(row, 4).value = edits[req_id]
    book.save(target)
    return target


def resave_in_libreoffice(source: Path, work: Path) -> Path:
    soffice = require_tool("soffice", "libreoffice")
    out = work / "libreoffice"
    out.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={(work / 'lo-profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", "xlsx", "--outdir", str(out), str(source)],
        capture_output=True, text=True, timeout=TIMEOUT, check=False)
    saved = out / source.name
    assert result.returncode == 0 and saved.is_file(), result.stderr
    return saved


@pytest.fixture(scope="module")
def built(example_build: Path) -> Path:
    return example_build / "eksempel-kommune-svarskjema.xlsx"


def test_the_built_workbook_verifies(built: Path) -> None:
    assert verify_fingerprints(read_workbook(built), spec_of(KOMMUNE)) == []


def test_an_answered_workbook_verifies_through_the_api(built: Path, tmp_path: Path) -> None:
    answered = answered_copy(built, tmp_path / "svar.xlsx")
    assert anskaffelse.verify_answer_sheet(answered, KOMMUNE) == []


def test_an_edited_requirement_text_is_found(built: Path, tmp_path: Path) -> None:
    spec = spec_of(KOMMUNE)
    target = next(r for r in spec.requirements() if r.obligation == "minstekrav")
    answered = answered_copy(built, tmp_path / "svar.xlsx", {target.id: target.text + " Gjelder ikke mobil."})
    found = verify_fingerprints(read_workbook(answered), spec)
    assert [(d.code, d.severity.value) for d in found] == [("A004", "error")]
    assert target.id in found[0].message and "D" in found[0].message
    assert found[0].line > 1 and found[0].file.endswith("svar.xlsx")


def test_a_minstekrav_turned_evaluated_and_a_changed_weight_are_found(built: Path, tmp_path: Path) -> None:
    """Obligation, weight, title and answer form are locked like the text: a supplier may change none."""
    spec = spec_of(KOMMUNE)
    minstekrav = next(r for r in spec.requirements() if r.obligation == "minstekrav")
    evaluated = next(r for r in spec.requirements() if r.obligation == "evaluert")
    book = load_workbook(built)
    sheet = book[sheet_name()]
    rows = {sheet.cell(n, 1).value: n for n in range(2, sheet.max_row + 1)}
    sheet.cell(rows[minstekrav.id], 5).value = words("nb")["obligation"]["evaluert"]
    sheet.cell(rows[evaluated.id], 6).value = (evaluated.weight or 0) + 1
    book.save(tmp_path / "svar.xlsx")
    found = verify_fingerprints(read_workbook(tmp_path / "svar.xlsx"), spec)
    assert sorted((d.code, d.line, d.column) for d in found) == sorted([("A008", rows[minstekrav.id], 5),
                                                                       ("A008", rows[evaluated.id], 6)])
    [obligation] = [d for d in found if d.column == 5]
    assert minstekrav.id in obligation.message
    assert words("nb")["workbook"]["columns"]["obligation"] in obligation.message


def test_a_workbook_of_another_specification_is_named_as_such(tmp_path: Path) -> None:
    other = tmp_path / "other"
    anskaffelse.build([NYNORSK], other, formats=["xlsx"])
    found = verify_fingerprints(read_workbook(other / "medlem-nynorsk-svarskjema.xlsx"), spec_of(KOMMUNE))
    assert "A003" in {d.code for d in found}


def test_a_deleted_row_is_found(built: Path, tmp_path: Path) -> None:
    book = load_workbook(built)
    sheet = book[sheet_name()]
    gone = sheet.cell(5, 1).value
    sheet.delete_rows(5)
    book.save(tmp_path / "svar.xlsx")
    found = verify_fingerprints(read_workbook(tmp_path / "svar.xlsx"), spec_of(KOMMUNE))
    assert [d.code for d in found] == ["A005"] and gone in found[0].message


def test_a_workbook_without_control_sheet_is_not_an_answer_sheet(built: Path, tmp_path: Path) -> None:
    book = load_workbook(built)
    del book[CONTROL_SHEET]
    book.save(tmp_path / "svar.xlsx")
    found = verify_fingerprints(read_workbook(tmp_path / "svar.xlsx"), spec_of(KOMMUNE))
    assert [d.code for d in found] == ["A002"]


# ---------------------------------------------------------------- the safe door


def _repacked(built: Path, tmp_path: Path, change: dict[str, bytes]) -> Path:
    target = tmp_path / "svar.xlsx"
    with zipfile.ZipFile(built) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info.filename, change.get(info.filename, source.read(info.filename)))
        for name, data in change.items():
            if name not in source.namelist():
                out.writestr(name, data)
    return target


def test_an_xml_entity_declaration_is_refused(built: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(built) as archive:
        xml = archive.read("xl/workbook.xml")
    bomb = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>' + xml
    path = _repacked(built, tmp_path, {"xl/workbook.xml": bomb})
    with pytest.raises(anskaffelse.InputError) as caught:
        read_workbook(path)
    assert caught.value.diagnostics[0].code == "A001"
    assert "document type" in caught.value.diagnostics[0].message


def test_a_zip_bomb_is_refused_before_unpacking(built: Path, tmp_path: Path) -> None:
    path = _repacked(built, tmp_path, {"xl/padding.xml": b" " * 20_000_000})
    with pytest.raises(anskaffelse.InputError) as caught:
        read_workbook(path)
    assert "zip bombs" in caught.value.diagnostics[0].message


def test_a_workbook_of_too_many_parts_is_refused_before_its_directory_is_read(built: Path, tmp_path: Path) -> None:
    from anskaffelse.answers.workbook import MAX_PARTS

    path = _repacked(built, tmp_path, {f"xl/tom{i}.bin": b"" for i in range(MAX_PARTS + 1)})
    with pytest.raises(anskaffelse.InputError) as caught:
        read_workbook(path)
    assert caught.value.diagnostics[0].code == "A001"
    assert f"more than {MAX_PARTS} parts" in caught.value.diagnostics[0].message


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "svar.xlsx"
    path.write_bytes(b"not a zip" * 100)
    with pytest.raises(anskaffelse.InputError) as caught:
        read_workbook(path)
    assert "not an Excel workbook" in caught.value.diagnostics[0].message


def test_reading_returns_plain_values(built: Path) -> None:
    book = read_workbook(built)
    sheet = book.sheet(sheet_name())
    assert sheet is not None and sheet.state == "visible"
    assert book.sheet(CONTROL_SHEET).state == "veryHidden"  # type: ignore[union-attr]
    assert all(isinstance(v, str | int | float | bool | type(None)) for row in sheet.rows for v in row)
    assert sheet.value(1, 1) == words("nb")["workbook"]["columns"]["id"]
    assert sheet.value(10_000, 1) is None


# ---------------------------------------------------------------- saved by LibreOffice


@pytest.mark.libreoffice
def test_a_workbook_saved_by_libreoffice_still_verifies(built: Path, tmp_path: Path) -> None:
    answered = answered_copy(built, tmp_path / "svar.xlsx")
    saved = resave_in_libreoffice(answered, tmp_path)
    book = read_workbook(saved)
    assert book.sheet(CONTROL_SHEET).state == "hidden"  # type: ignore[union-attr]  # LibreOffice's doing
    assert verify_fingerprints(book, spec_of(KOMMUNE)) == []


@pytest.mark.libreoffice
def test_an_edit_survives_a_libreoffice_save_and_is_found(built: Path, tmp_path: Path) -> None:
    spec = spec_of(KOMMUNE)
    # a minstekrav-like sentence whose 'skal' a supplier softens to 'bør'
    target = next(r for r in list(spec.requirements())[7:] if " skal " in r.text)
    answered = answered_copy(built, tmp_path / "svar.xlsx", {target.id: target.text.replace("skal", "bør", 1)})
    found = verify_fingerprints(read_workbook(resave_in_libreoffice(answered, tmp_path)), spec)
    assert [d.code for d in found] == ["A004"] and target.id in found[0].message

