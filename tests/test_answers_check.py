"""`anskaffelse answers check` end to end: three suppliers fill their sheets by script, and the check
finds exactly the faults planted in each, with sheet, cell and requirement.

The specification is the built JSON of examples/eksempel-kommune.yaml, as a buyer
would keep it after publication.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import anskaffelse
from anskaffelse.answers.responses import Answer, SupplierAnswers
from anskaffelse.export.json_read import read_specification

from .answer_workbooks import ANSWER, DESCRIPTION, fill
from .conftest import EXAMPLES, words

KOMMUNE = EXAMPLES / "eksempel-kommune.yaml"
FORMULA = "=IF(1=1,10,0)"


@pytest.fixture(scope="module")
def spec_json(example_build: Path) -> Path:
    return example_build / "eksempel-kommune-spesifikasjon.json"


@pytest.fixture(scope="module")
def spec(spec_json: Path) -> Any:
    return read_specification(spec_json)


@pytest.fixture(scope="module")
def blank(example_build: Path) -> Path:
    return example_build / "eksempel-kommune-svarskjema.xlsx"


def first(spec: Any, obligation: str, response_type: str | None = None, skip: int = 0) -> Any:
    found = [r for r in spec.requirements()
             if r.obligation == obligation and (response_type is None or r.response_type == response_type)]
    return found[skip]


@pytest.fixture(scope="module")
def planted(spec: Any) -> dict[str, Any]:
    return {"edited": first(spec, "evaluert"), "nei": first(spec, "minstekrav", skip=3),
            "formula": first(spec, "evaluert", "tall")}


@pytest.fixture(scope="module")
def suppliers(tmp_path_factory: pytest.TempPathFactory, blank: Path, spec: Any,
              planted: dict[str, Any]) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("svar")
    w = words("nb")["workbook"]

    def edit_and_nei(book: Any, rows: dict[str, int]) -> None:
        sheet = book[w["answers_sheet"]]
        sheet.cell(rows[planted["edited"].id], 4).value = planted["edited"].text + " Gjelder ikke mobile enheter."
        sheet.cell(rows[planted["nei"].id], ANSWER).value = "Nei"

    def missing_sheet_and_formula(book: Any, rows: dict[str, int]) -> None:
        del book[words("nb")["workbook_price"]["sheet"]]
        book[w["answers_sheet"]].cell(rows[planted["formula"].id], ANSWER).value = FORMULA

    return {
        "god": fill(blank, folder / "god.xlsx", spec, "God Journal AS"),
        "forbehold": fill(blank, folder / "forbehold.xlsx", spec, "Forbehold Data AS", edit_and_nei),
        "rotete": fill(blank, folder / "rotete.xlsx", spec, None, missing_sheet_and_formula),
    }


def codes(workbook: dict[str, Any]) -> set[tuple[str, str]]:
    return {(f["code"], f.get("requirement", "")) for f in workbook["findings"]}


@pytest.fixture(scope="module")
def checked(spec_json: Path, suppliers: dict[str, Path]) -> tuple[int, dict[str, Any]]:
    from typer.testing import CliRunner

    from anskaffelse.cli import app

    result = CliRunner().invoke(app, ["answers", "check", str(spec_json), *map(str, suppliers.values()), "--json"],
                                catch_exceptions=False)
    data = json.loads(result.stdout)
    return result.exit_code, {Path(w["file"]).stem: w for w in data["workbooks"]}


def test_the_check_finds_exactly_the_planted_faults(checked: tuple[int, dict[str, Any]],
                                                    planted: dict[str, Any]) -> None:
    code, found = checked
    assert code == 1
    assert codes(found["god"]) == set()
    assert codes(found["forbehold"]) == {("A004", planted["edited"].id), ("A011", planted["nei"].id)}
    assert codes(found["rotete"]) == {("A023", ""), ("A016", planted["formula"].id)}


def test_each_finding_names_sheet_cell_and_severity(checked: tuple[int, dict[str, Any]],
                                                    suppliers: dict[str, Path], planted: dict[str, Any]) -> None:
    _, found = checked
    answers_sheet = words("nb")["workbook"]["answers_sheet"]
    by_code = {f["code"]: f for f in found["forbehold"]["findings"]}
    assert by_code["A004"]["sheet"] == answers_sheet and by_code["A004"]["cell"].startswith("D")
    assert by_code["A011"]["cell"].startswith("H") and "'Nei'" in by_code["A011"]["message"]
    assert {f["severity"] for f in found["forbehold"]["findings"]} == {"error"}
    formula = next(f for f in found["rotete"]["findings"] if f["code"] == "A016")
    assert formula["severity"] == "error" and formula["cell"].startswith("H") and "IF(1=1" in formula["message"]
    missing = next(f for f in found["rotete"]["findings"] if f["code"] == "A023")
    assert missing["sheet"] == words("nb")["workbook_price"]["sheet"] and missing["severity"] == "error"


def test_the_summary_counts_answers_and_minstekrav(checked: tuple[int, dict[str, Any]], spec: Any) -> None:
    _, found = checked
    needing = sum(1 for r in spec.requirements() if r.obligation in ("minstekrav", "evaluert"))
    assert found["god"]["answered"] == found["god"]["total"] == needing
    assert (found["god"]["minstekrav_met"], found["forbehold"]["minstekrav_met"]) == (True, False)
    assert (found["god"]["errors"], found["forbehold"]["errors"], found["rotete"]["errors"]) == (0, 2, 2)
    assert found["god"]["supplier"] == "God Journal AS"
    assert found["rotete"]["supplier"] == "rotete"  # no name written: the file's name


def test_json_gives_every_answer_with_its_cell(checked: tuple[int, dict[str, Any]], spec: Any,
                                               planted: dict[str, Any]) -> None:
    _, found = checked
    answers = {a["requirement"]: a for a in found["forbehold"]["answers"]}
    assert list(answers) == [r.id for r in spec.requirements()]
    assert answers[planted["nei"].id]["value"] == "Nei"
    assert answers[planted["nei"].id]["cell"].startswith(words("nb")["workbook"]["answers_sheet"] + "!H")
    assert found["god"]["unit_prices"] == {e.name: pytest.approx(found["god"]["unit_prices"][e.name])
                                           for e in spec.price_form.elements}
    assert all(isinstance(v, float) and v > 1000 for v in found["god"]["unit_prices"].values())
    assert found["rotete"]["formulas"] == [answers[planted["formula"].id]["cell"]]


def test_only_the_good_supplier_passes_on_its_own(cli: Any, spec_json: Path, suppliers: dict[str, Path]) -> None:
    result = cli("answers", "check", spec_json, suppliers["god"])
    assert result.exit_code == 0, result.output
    assert "God Journal AS" in result.stdout and "yes" in result.stdout


def test_the_table_names_each_supplier_then_the_findings(cli: Any, spec_json: Path, suppliers: dict[str, Path],
                                                         planted: dict[str, Any]) -> None:
    result = cli("answers", "check", spec_json, *suppliers.values())
    assert result.exit_code == 1
    for name in ("God Journal AS", "Forbehold Data AS", "rotete"):
        assert name in result.stdout
    assert f"forbehold.xlsx:{words('nb')['workbook']['answers_sheet']}!H" in result.stderr
    assert f"{planted['nei'].id} is a minstekrav answered 'Nei'" in result.stderr
    assert "Traceback" not in result.output


def test_a_profile_serves_as_the_specification_too(cli: Any, suppliers: dict[str, Path]) -> None:
    result = cli("answers", "check", KOMMUNE, suppliers["god"], "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["workbooks"][0]["findings"] == []


# ---------------------------------------------------------------- the Python API


def test_read_answers_gives_plain_values_by_requirement(suppliers: dict[str, Path], spec: Any) -> None:
    answers = anskaffelse.read_answers(suppliers["god"], spec)
    assert isinstance(answers, SupplierAnswers) and answers.supplier == "God Journal AS"
    assert answers.path == suppliers["god"]
    first_req = next(spec.requirements())
    answer = answers.answers[first_req.id]
    assert isinstance(answer, Answer) and answer.requirement_id == first_req.id
    assert answer.cell == f"{words('nb')['workbook']['answers_sheet']}!H2"
    assert answer.description == f"Løsningen oppfyller {first_req.id} slik beskrevet i bilag 2."
    described = first(spec, "evaluert", "beskrivelse")
    assert answers.answers[described.id].value is None and answers.answers[described.id].description
    assert answers.formulas == ()


def test_read_answers_of_a_blank_sheet_are_empty(blank: Path, spec: Any) -> None:
    answers = anskaffelse.read_answers(blank, spec)
    assert all(a.value is None and a.description == "" for a in answers.answers.values())
    assert set(answers.unit_prices.values()) == {None}
    assert answers.supplier == blank.stem


def test_check_answers_returns_one_report_per_workbook(suppliers: dict[str, Path], spec: Any) -> None:
    reports = anskaffelse.check_answers(spec, list(suppliers.values()))
    assert [r.path for r in reports] == list(suppliers.values())
    assert [r.errors for r in reports] == [0, 2, 2]
    assert all(len(r.sha256) == 64 for r in reports)


# ---------------------------------------------------------------- versions


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory, spec: Any) -> dict[str, Path]:
    """Version 1.0 of a tender, 1.1 with a changed weight (an addendum), 1.2 with only a later deadline."""
    from .conftest import MINIMAL_PROFILE

    folder = tmp_path_factory.mktemp("versjoner")
    base = MINIMAL_PROFILE.replace('  date: "2027-01-05"\n', '  date: "2027-01-05"\n  version: "1.0"\n')
    evaluated = next(r for r in anskaffelse.specification(_write(folder / "p.yaml", base))[0].requirements()
                     if r.obligation == "evaluert")
    texts = {
        "v1": base,
        "v2": base.replace('version: "1.0"', 'version: "1.1"').replace('date: "2027-01-05"', 'date: "2027-01-20"')
        + f"tailor:\n  {evaluated.id}: {{weight: {evaluated.weight % 10 + 1}}}\n",
        "v3": base.replace('version: "1.0"', 'version: "1.2"').replace('2027-02-01 12:00', '2027-02-15 12:00'),
    }
    for name, text in texts.items():
        anskaffelse.build([_write(folder / f"{name}.yaml", text)], folder, formats=["json", "xlsx"])
    return {name: folder / f"{name}-spesifikasjon.json" for name in texts} | {"xlsx": folder / "v1-svarskjema.xlsx"}


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_workbook_of_an_earlier_version_is_named_with_it(cli: Any, versions: dict[str, Path]) -> None:
    result = cli("answers", "check", versions["v2"], versions["xlsx"], "--earlier", versions["v1"], "--json")
    findings = json.loads(result.stdout)["workbooks"][0]["findings"]
    [earlier] = [f for f in findings if f["code"] == "A009"]
    assert "version 1.0" in earlier["message"] and "2027-01-05" in earlier["message"]
    assert "version 1.1" in earlier["message"] and earlier["severity"] == "error"
    assert "A003" not in {f["code"] for f in findings} and "A008" in {f["code"] for f in findings}
    assert result.exit_code == 1


def test_without_the_earlier_version_the_control_sheet_says_which_it_was(cli: Any, versions: dict[str, Path]) -> None:
    result = cli("answers", "check", versions["v2"], versions["xlsx"], "--json")
    [other] = [f for f in json.loads(result.stdout)["workbooks"][0]["findings"] if f["code"] == "A003"]
    assert "version 1.0 of 2026/1, dated 2027-01-05" in other["message"]


def test_the_same_requirements_in_another_version_are_a_warning(cli: Any, versions: dict[str, Path]) -> None:
    result = cli("answers", "check", versions["v3"], versions["xlsx"], "--json")
    findings = json.loads(result.stdout)["workbooks"][0]["findings"]
    [note] = [f for f in findings if f["code"] == "A027"]
    assert note["severity"] == "warning" and "version 1.0" in note["message"] and "1.2" in note["message"]
    assert not {f["code"] for f in findings} & {"A003", "A009", "A004", "A008"}


# ---------------------------------------------------------------- usage


def test_usage_errors_exit_2(cli: Any, spec_json: Path, suppliers: dict[str, Path], tmp_path: Path) -> None:
    assert cli("answers", "check", spec_json, tmp_path / "finnes-ikke.xlsx").exit_code == 2
    assert cli("answers", "check", spec_json).exit_code == 2
    swapped = cli("answers", "check", suppliers["god"], spec_json)
    assert swapped.exit_code == 2 and "is an Excel workbook, not a profile or a specification" in swapped.stderr
    assert cli("answers", "check", spec_json, tmp_path).exit_code == 2


def test_an_edited_specification_is_bad_input(cli: Any, spec_json: Path, suppliers: dict[str, Path],
                                              tmp_path: Path) -> None:
    edited = tmp_path / "spesifikasjon.json"
    edited.write_text(spec_json.read_text(encoding="utf-8").replace("skal", "bør", 1), encoding="utf-8")
    result = cli("answers", "check", edited, suppliers["god"])
    assert result.exit_code == 1 and "edited" in result.stderr and "Traceback" not in result.output


def test_the_supplier_s_own_file_is_never_changed(spec_json: Path, suppliers: dict[str, Path], cli: Any) -> None:
    before = {p: p.read_bytes() for p in suppliers.values()}
    cli("answers", "check", spec_json, *suppliers.values())
    assert {p: p.read_bytes() for p in suppliers.values()} == before


def _answered_copy(source: Path, target: Path, spec: Any, change: Any) -> Path:
    return fill(source, target, spec, "Test AS", change)


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    """A small tender with every answer form among its evaluated requirements: a choice list, Ja/Nei/Delvis,
    a number and a description (the example evaluates descriptions and numbers only)."""
    from .conftest import MINIMAL_PROFILE

    folder = tmp_path_factory.mktemp("svarformer")
    plain = anskaffelse.specification(_write(folder / "p.yaml", MINIMAL_PROFILE))[0]
    described = [r.id for r in plain.requirements() if r.obligation == "evaluert" and r.response_type == "beskrivelse"]
    profile = _write(folder / "former.yaml", MINIMAL_PROFILE + (
        f"tailor:\n  {described[0]}: {{response: {{type: valg, options: [{{nb: Skybasert}}, {{nb: Lokal drift}}]}}}}\n"
        f"  {described[1]}: {{response: {{type: ja-nei-delvis}}}}\n"))
    anskaffelse.build([profile], folder, formats=["json", "xlsx"])
    return read_specification(folder / "former-spesifikasjon.json"), folder / "former-svarskjema.xlsx"


@pytest.mark.parametrize(("form", "value", "code"), [
    ("valg", "Kanskje", "A013"), ("ja-nei-delvis", "Nja", "A013"), ("tall", -5, "A014"), ("tall", "ti", "A014"),
    ("ja-nei-delvis", "Delvis", "A015"), ("beskrivelse", None, "A015"), ("tall", None, "A012"),
    ("ja-nei-delvis", None, "A012")])
def test_answers_outside_the_answer_form_are_warnings(forms: tuple[Any, Path], tmp_path: Path, form: str,
                                                      value: Any, code: str) -> None:
    spec, blank = forms
    target = first(spec, "evaluert", form)

    def change(book: Any, rows: dict[str, int]) -> None:
        sheet = book[words("nb")["workbook"]["answers_sheet"]]
        sheet.cell(rows[target.id], ANSWER).value = value
        if code == "A015":
            sheet.cell(rows[target.id], DESCRIPTION).value = None

    [report] = anskaffelse.check_answers(spec, [_answered_copy(blank, tmp_path / "svar.xlsx", spec, change)])
    assert [(d.code, d.requirement, d.severity.value) for d in report.findings] == [(code, target.id, "warning")]


def test_the_allowed_answers_ignore_case_and_spaces(forms: tuple[Any, Path], tmp_path: Path) -> None:
    spec, blank = forms

    def change(book: Any, rows: dict[str, int]) -> None:
        sheet = book[words("nb")["workbook"]["answers_sheet"]]
        sheet.cell(rows[first(spec, "evaluert", "valg").id], ANSWER).value = " skybasert "
        sheet.cell(rows[first(spec, "minstekrav").id], ANSWER).value = "ja"

    [report] = anskaffelse.check_answers(spec, [_answered_copy(blank, tmp_path / "svar.xlsx", spec, change)])
    assert report.findings == () and report.minstekrav_met


def test_an_empty_minstekrav_and_a_missing_price_are_errors(blank: Path, spec: Any, tmp_path: Path) -> None:
    target = first(spec, "minstekrav")
    element = spec.price_form.elements[0]

    def change(book: Any, rows: dict[str, int]) -> None:
        book[words("nb")["workbook"]["answers_sheet"]].cell(rows[target.id], ANSWER).value = "  "
        book[words("nb")["workbook_price"]["sheet"]].cell(2, 5).value = None

    [report] = anskaffelse.check_answers(spec, [_answered_copy(blank, tmp_path / "svar.xlsx", spec, change)])
    assert {(d.code, d.requirement, d.severity.value) for d in report.findings} == {
        ("A010", target.id, "error"), ("A024", "", "error")}
    assert element.name in next(d.message for d in report.findings if d.code == "A024")
    assert report.minstekrav_met is False


def test_added_sheets_rows_and_changed_quantities_are_found(blank: Path, spec: Any, tmp_path: Path) -> None:
    def change(book: Any, rows: dict[str, int]) -> None:
        book.create_sheet("Forbehold").cell(1, 1).value = "Vi tar forbehold om pris."
        sheet = book[words("nb")["workbook"]["answers_sheet"]]
        sheet.cell(sheet.max_row + 1, 4).value = "Tilleggsopplysning fra leverandøren"
        book[words("nb")["workbook_price"]["sheet"]].cell(2, 4).value = 1

    [report] = anskaffelse.check_answers(spec, [_answered_copy(blank, tmp_path / "svar.xlsx", spec, change)])
    assert sorted((d.code, d.severity.value) for d in report.findings) == [
        ("A022", "warning"), ("A025", "error"), ("A026", "warning")]
    assert next(d for d in report.findings if d.code == "A025").cell == "D2"


# ---------------------------------------------------------------- saved by LibreOffice


@pytest.mark.libreoffice
def test_workbooks_saved_by_libreoffice_give_the_same_findings(suppliers: dict[str, Path], spec: Any,
                                                              planted: dict[str, Any], tmp_path: Path) -> None:
    """LibreOffice rewrites every part (shared strings, its own dimensions, the control sheet merely hidden)
    and works out the formula's value; the check finds the same faults and nothing else."""
    from .test_answers import resave_in_libreoffice

    saved = {name: resave_in_libreoffice(path, tmp_path / name) for name, path in suppliers.items()}
    reports = {name: report for name, report in zip(saved, anskaffelse.check_answers(spec, list(saved.values())),
                                                    strict=True)}
    assert {(d.code, d.requirement) for d in reports["god"].findings} == set()
    assert reports["god"].supplier == "God Journal AS" and reports["god"].minstekrav_met
    assert {(d.code, d.requirement) for d in reports["forbehold"].findings} == {
        ("A004", planted["edited"].id), ("A011", planted["nei"].id)}
    assert {(d.code, d.requirement) for d in reports["rotete"].findings} == {
        ("A023", ""), ("A016", planted["formula"].id)}
    formula = next(d for d in reports["rotete"].findings if d.code == "A016")
    assert "the value saved with it is '10'" in formula.message  # LibreOffice stored what the formula showed


# ---------------------------------------------------------------- the published workbook


def test_the_supplier_name_field_is_unlocked_on_a_protected_sheet(blank: Path, spec: Any) -> None:
    from openpyxl import load_workbook

    w = words("nb")["workbook"]
    sheet = load_workbook(blank)[w["instructions_sheet"]]
    [row] = [r for r in sheet.iter_rows() if r[0].value == w["supplier"]]
    assert sheet.protection.sheet and row[0].protection.locked and not row[1].protection.locked
    assert row[1].value is None
    assert any(str(row[1].coordinate) in str(dv.sqref) and dv.prompt == w["supplier_prompt"]
               for dv in sheet.data_validations.dataValidation)


def test_the_control_sheet_records_version_and_date(blank: Path, spec: Any) -> None:
    from openpyxl import load_workbook

    rows = [[c.value for c in row] for row in load_workbook(blank)["Kontroll"].iter_rows(max_row=4)]
    assert rows[3][:4] == ["tender_reference", spec.tender.reference, spec.tender.version, spec.tender.date]


def test_a_missing_answer_sheet_is_one_error(blank: Path, spec: Any, tmp_path: Path) -> None:
    def change(book: Any, rows: dict[str, int]) -> None:
        del book[words("nb")["workbook"]["answers_sheet"]]

    [report] = anskaffelse.check_answers(spec, [_answered_copy(blank, tmp_path / "svar.xlsx", spec, change)])
    assert [(d.code, d.severity.value, d.requirement) for d in report.findings] == [("A005", "error", "")]
    assert (report.answered, report.minstekrav_met) == (0, False)
    assert report.answers is not None and dict(report.answers.answers) == {}


def test_formulas_outside_the_answers_and_in_the_price_form(blank: Path, spec: Any, tmp_path: Path) -> None:
    """A formula in a unit price is an error; one elsewhere, or a changed sum of the price form, a warning.
    The price form's own sums are no finding."""
    first_req = next(spec.requirements())

    def change(book: Any, rows: dict[str, int]) -> None:
        book[words("nb")["workbook"]["answers_sheet"]].cell(rows[first_req.id], 10).value = '=HYPERLINK("x")'
        prices = book[words("nb")["workbook_price"]["sheet"]]
        prices.cell(2, 5).value = "=1000*2"
        prices.cell(3, 7).value = "=D3*E3*0"

    [report] = anskaffelse.check_answers(spec, [_answered_copy(blank, tmp_path / "svar.xlsx", spec, change)])
    assert sorted((d.code, d.severity.value, d.cell) for d in report.findings) == [
        ("A016", "error", "E2"), ("A017", "warning", "G3"), ("A017", "warning", f"J{2}")]
    assert report.answers is not None and len(report.answers.formulas) == 3
