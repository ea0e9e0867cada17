"""Wrong and hostile member workbooks in `prioritize merge`: each a clear error for its file, exit 1, nothing written.

Also: LibreOffice opens an exported workbook (converted to PDF), and a workbook a
member saved in LibreOffice still merges.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

import anskaffelse

from .conftest import EXAMPLES
from .priority_workbooks import MEMBERS, PROFILE, edit, fill, row_of, workbook_of
from .test_answers import resave_in_libreoffice
from .test_libreoffice import contains_id, convert_to_pdf, pdf_text


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("runde")
    anskaffelse.prioritize_export(PROFILE, out)
    return out


@pytest.fixture(scope="module")
def filled(exported: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    target = tmp_path_factory.mktemp("utfylt")
    return {m: fill(workbook_of(exported, m), target / f"{m}.xlsx", {}) for m in MEMBERS}


def refused(cli, tmp_path: Path, workbooks: list[Path], code: int = 1, profile: Path = PROFILE):
    """Run the merge; it must fail with `code` and write neither the joint profile nor the report."""
    out = tmp_path / "ut" / "samlet.yaml"
    result = cli("prioritize", "merge", profile, *workbooks, "-o", out, "--report", tmp_path / "rapport")
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output and "internal error" not in result.stderr
    assert not out.exists() and not (tmp_path / "rapport").exists()
    return result


def others(filled: dict[str, Path], but: str) -> list[Path]:
    return [path for member, path in filled.items() if member != but]


def variant(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the example profile with one piece of text replaced."""
    text = PROFILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "annen" / "felles.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_a_workbook_from_another_profiles_list_of_requirements(cli, filled, tmp_path: Path) -> None:
    other = variant(tmp_path, "modules: [mobilitet, legevakt,", "modules: [legevakt,")
    anskaffelse.prioritize_export(other, tmp_path / "annen-runde")
    stranger = fill(workbook_of(tmp_path / "annen-runde", "storfjord"), tmp_path / "fremmed.xlsx", {})
    result = refused(cli, tmp_path, [stranger, *others(filled, "storfjord")])
    assert "fremmed.xlsx: error" in result.stderr and "M002" in result.stderr
    assert "another list of requirements" in result.stderr


def test_a_workbook_made_for_someone_who_is_no_member(cli, filled, tmp_path: Path) -> None:
    other = variant(tmp_path, "  - id: storfjord\n", "  - id: fjordby\n")
    anskaffelse.prioritize_export(other, tmp_path / "annen-runde")
    stranger = fill(workbook_of(tmp_path / "annen-runde", "fjordby"), tmp_path / "fjordby.xlsx", {})
    result = refused(cli, tmp_path, [stranger, *others(filled, "storfjord")])
    assert "M003" in result.stderr and "'fjordby'" in result.stderr and "storfjord, nordvik" in result.stderr


def test_an_edited_id_is_named_by_its_cell(cli, filled, tmp_path: Path) -> None:
    edited = edit(filled["nordvik"], tmp_path / "nordvik.xlsx", {"A5": "EPJ-MO-999"})
    result = refused(cli, tmp_path, [edited, *others(filled, "nordvik")])
    assert "nordvik.xlsx:5:1: error Prioritering!A5 holds 'EPJ-MO-999'" in result.stderr
    assert "has no row for EPJ-MO-004" in result.stderr and result.stderr.count("M006") == 2
    assert "M005" not in result.stderr  # the member's workbook was given, only wrong


def test_an_edited_requirement_text_is_named_by_its_cell(cli, filled, tmp_path: Path) -> None:
    row = row_of(filled["elvdal"], "EPJ-LV-003")
    edited = edit(filled["elvdal"], tmp_path / "elvdal.xlsx", {f"D{row}": "Løysinga bør kanskje ha ein legevakt."})
    result = refused(cli, tmp_path, [edited, *others(filled, "elvdal")])
    assert f"Prioritering!D{row} differs from the text of EPJ-LV-003" in result.stderr and "M007" in result.stderr


def test_a_deleted_row_is_missed(cli, filled, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(filled["bratt"])
    book["Prioritering"].delete_rows(3)
    book.save(tmp_path / "bratt.xlsx")
    result = refused(cli, tmp_path, [tmp_path / "bratt.xlsx", *others(filled, "bratt")])
    assert "has no row for EPJ-MO-002" in result.stderr


def test_a_text_file_renamed_xlsx(cli, filled, tmp_path: Path) -> None:
    fake = tmp_path / "storfjord.xlsx"
    fake.write_text("ID;Prioritet\nEPJ-MO-001;Må\n", encoding="utf-8")
    result = refused(cli, tmp_path, [fake, *others(filled, "storfjord")])
    assert "storfjord.xlsx: error" in result.stderr and "A001" in result.stderr


def test_a_zip_bomb(cli, filled, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("[Content_Types].xml", "<Types/>")
        bomb.writestr("xl/worksheets/sheet1.xml", b"\0" * 50_000_000)
    path = tmp_path / "bombe.xlsx"
    path.write_bytes(buffer.getvalue())
    assert path.stat().st_size < 1_000_000
    result = refused(cli, tmp_path, [path, *others(filled, "storfjord")])
    assert "A001" in result.stderr and "zip bombs" in result.stderr


def test_a_formula_in_a_priority_cell(cli, filled, tmp_path: Path) -> None:
    edited = edit(filled["storfjord"], tmp_path / "storfjord.xlsx", {"F3": '="Må"', "G4": "=1+1"})
    result = refused(cli, tmp_path, [edited, *others(filled, "storfjord")])
    assert "Prioritering!F3 holds a formula" in result.stderr and "Prioritering!G4 holds a formula" in result.stderr
    assert result.stderr.count("M010") == 2


def test_a_priority_not_in_the_list_and_a_missing_one(cli, filled, tmp_path: Path) -> None:
    edited = edit(filled["elvdal"], tmp_path / "elvdal.xlsx", {"F2": "Kanskje", "F3": None, "F7": "  "})
    result = refused(cli, tmp_path, [edited, *others(filled, "elvdal")])
    assert "elvdal.xlsx:2:6: error Prioritering!F2 holds 'Kanskje', which is not a priority (M008)" in result.stderr
    assert "Må, Bør, Kan, Ikkje aktuelt" in result.stderr
    assert "2 requirement(s) have no priority in 'Prioritering' (F3, F7)" in result.stderr


def test_priorities_in_any_case_and_spelling_are_read(filled, tmp_path: Path) -> None:
    edited = edit(filled["elvdal"], tmp_path / "elvdal.xlsx", {"F2": " ikke  AKTUELT ", "F3": "må"})
    plan = anskaffelse.prioritize_merge(PROFILE, [edited, *others(filled, "elvdal")], tmp_path / "s.yaml")
    votes = {m.candidate.id: dict(m.votes) for m in plan.requirements}
    assert votes["EPJ-MO-001"]["elvdal"] == 0 and votes["EPJ-MO-002"]["elvdal"] == 3


def test_one_member_twice_and_one_missing(cli, filled, tmp_path: Path) -> None:
    copy = tmp_path / "kopi.xlsx"
    copy.write_bytes(filled["nordvik"].read_bytes())
    result = refused(cli, tmp_path, [*others(filled, "bratt"), copy])
    assert "M004" in result.stderr and "kopi.xlsx is the workbook of Nordvik kommune ('nordvik') again" \
        in result.stderr
    line = PROFILE.read_text(encoding="utf-8").splitlines().index("  - id: bratt") + 1
    assert f"felles.yaml:{line}:5: error no workbook from Bratt kommune ('bratt')" in result.stderr


def test_an_edited_control_sheet(cli, filled, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(filled["storfjord"])
    book["Kontroll"]["B3"] = "nordvik"
    book.save(tmp_path / "storfjord.xlsx")
    result = refused(cli, tmp_path, [tmp_path / "storfjord.xlsx", *others(filled, "storfjord")])
    assert "M011" in result.stderr and "control sheet of" in result.stderr


def test_a_supplier_answer_sheet_is_not_a_priority_workbook(cli, filled, example_build, tmp_path: Path) -> None:
    sheet = example_build / "eksempel-kommune-svarskjema.xlsx"
    result = refused(cli, tmp_path, [sheet, *filled.values()])
    assert "M001" in result.stderr and "is a supplier's answer sheet" in result.stderr


def test_every_bad_file_is_reported_in_one_run(cli, filled, tmp_path: Path) -> None:
    fake = tmp_path / "tekst.xlsx"
    fake.write_text("hei", encoding="utf-8")
    formula = edit(filled["elvdal"], tmp_path / "elvdal.xlsx", {"F2": "=A1"})
    result = refused(cli, tmp_path, [fake, formula, filled["nordvik"], filled["bratt"]])
    assert all(code in result.stderr for code in ("A001", "M010", "M005"))
    assert "no workbook from Storfjord kommune" in result.stderr  # the text file named no member
    assert "no workbook from Elvdal kommune" not in result.stderr


def test_json_errors_are_json(cli, filled, tmp_path: Path) -> None:
    import json

    edited = edit(filled["elvdal"], tmp_path / "elvdal.xlsx", {"F2": "=A1"})
    result = cli("prioritize", "merge", PROFILE, edited, *others(filled, "elvdal"), "-o", tmp_path / "s.yaml",
                 "--json")
    assert result.exit_code == 1
    found = json.loads(result.stdout)["diagnostics"]
    assert [(d["code"], d["line"], d["column"]) for d in found] == [("M010", 2, 6)]


@pytest.mark.parametrize("case", ["profile", "workbook", "rule", "missing"])
def test_usage_errors(cli, filled, tmp_path: Path, case: str) -> None:
    copy = tmp_path / "felles.yaml"
    copy.write_bytes(PROFILE.read_bytes())
    books = list(filled.values())
    args = {"profile": [copy, *books, "-o", copy], "workbook": [copy, *books, "-o", books[0]],
            "rule": [copy, *books, "-o", tmp_path / "s.yaml", "--rule", "unanimity"],
            "missing": [copy, *books, tmp_path / "borte.xlsx", "-o", tmp_path / "s.yaml"]}[case]
    before = [p.read_bytes() for p in (copy, *books)]
    result = cli("prioritize", "merge", *args)
    assert result.exit_code == 2 and "error:" in result.stderr
    assert [p.read_bytes() for p in (copy, *books)] == before and not (tmp_path / "s.yaml").exists()


# ---------------------------------------------------------------- LibreOffice


@pytest.mark.libreoffice
def test_libreoffice_opens_an_exported_workbook(exported: Path, tmp_path: Path) -> None:
    pdf = convert_to_pdf(workbook_of(exported, "elvdal"), tmp_path / "pdf", tmp_path / "lo-profile")
    text = pdf_text(pdf)
    assert "Prioritering av krav" in text and "Kva prioritetane tyder" in text
    assert contains_id(text, "EPJ-MO-001") and contains_id(text, "MIDT-001")
    assert "anskaffelse-prioritering/1" not in text and "candidates_sha256" not in text  # the control sheet


@pytest.mark.libreoffice
def test_a_workbook_saved_in_libreoffice_still_merges(filled, tmp_path: Path) -> None:
    edited = edit(filled["bratt"], tmp_path / "bratt.xlsx", {"F2": "Må"})
    resaved = resave_in_libreoffice(edited, tmp_path)
    plan = anskaffelse.prioritize_merge(PROFILE, [resaved, *others(filled, "bratt")], tmp_path / "s.yaml")
    votes = {m.candidate.id: dict(m.votes) for m in plan.requirements}
    assert votes["EPJ-MO-001"] == {"storfjord": 2, "nordvik": 2, "elvdal": 2, "bratt": 3}


def test_the_examples_are_where_the_docs_say(tmp_path: Path) -> None:
    folder = EXAMPLES / "prioritering"
    assert (folder / "felles.yaml").is_file() and (folder / "fill_workbooks.py").is_file()


def test_the_door_notes_every_formula_cell_and_reads_a_sheet_without_any_as_before(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from anskaffelse.answers.workbook import read_workbook

    book = Workbook()
    sheet = book.active
    sheet["A1"], sheet["B2"], sheet["AA10"] = "tekst", "=SUM(1,2)", '="Må"'
    book.create_sheet("Ren")["A1"] = "=tekst uten formel"[1:]
    book.save(tmp_path / "f.xlsx")
    first, plain = read_workbook(tmp_path / "f.xlsx").sheets
    assert [(f.row, f.column, f.text) for f in first.formulas] == [(2, 2, "SUM(1,2)"), (10, 27, '"Må"')]
    assert plain.formulas == () and plain.value(1, 1) == "tekst uten formel"
