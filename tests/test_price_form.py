"""The price form (prisskjema) of the answer workbook, read back with openpyxl and recalculated by LibreOffice.

Expectations come from the profiles' YAML and the locale files.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from openpyxl import load_workbook

import anskaffelse

from .conftest import EXAMPLES, read_yaml, words
from .test_libreoffice import TIMEOUT, require_tool

KOMMUNE = EXAMPLES / "eksempel-kommune.yaml"
SML = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
COLUMNS = ("number", "element", "unit", "quantity", "unit_price", "years", "sum")
HOSTILE_NAME = '=HYPERLINK("https://example.invalid/","Klikk her")'


def price_sheet(path: Path, lang: str = "nb", data_only: bool = False) -> Any:
    return load_workbook(path, data_only=data_only)[words(lang)["workbook_price"]["sheet"]]


def element_rows(ws: Any) -> dict[str, int]:
    """Row of each cost element, by its name (rows with a number in column A)."""
    return {ws.cell(r, 2).value: r for r in range(2, ws.max_row + 1) if isinstance(ws.cell(r, 1).value, int)}


def label_row(ws: Any, label: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == label)


@pytest.fixture(scope="module")
def kommune_xlsx(example_build: Path) -> Path:
    return example_build / "eksempel-kommune-svarskjema.xlsx"


@pytest.fixture(scope="module")
def profile() -> dict[str, Any]:
    return read_yaml(KOMMUNE)


def years_of(profile: dict[str, Any]) -> int:
    return next(c["price"]["years"] for c in profile["award_criteria"] if "price" in c)


def test_the_price_form_follows_the_answer_sheet_with_the_locale_header(kommune_xlsx: Path) -> None:
    wb = load_workbook(kommune_xlsx)
    w = words("nb")
    names = wb.sheetnames
    sheet = w["workbook_price"]["sheet"]
    assert names.index(sheet) == names.index(w["workbook"]["answers_sheet"]) + 1
    assert wb[sheet].sheet_state == "visible"
    assert [c.value for c in wb[sheet][1]] == [w["workbook_price"]["columns"][c] for c in COLUMNS]


def test_every_cost_element_of_the_profile_has_its_row(kommune_xlsx: Path, profile: dict[str, Any]) -> None:
    ws = price_sheet(kommune_xlsx)
    rows = element_rows(ws)
    per_year = words("nb")["workbook_price"]["per_year"]
    assert list(rows) == [e["name"] for e in profile["price_form"]["elements"] if not e.get("option")] + [
        e["name"] for e in profile["price_form"]["elements"] if e.get("option")]
    for element in profile["price_form"]["elements"]:
        r = rows[element["name"]]
        unit = f"{element['unit']} {per_year}" if element.get("per_year") else element["unit"]
        assert (ws.cell(r, 3).value, ws.cell(r, 4).value) == (unit, element.get("quantity", 1))
        assert ws.cell(r, 6).value == (years_of(profile) if element.get("per_year") else None)


def test_only_the_unit_prices_are_unlocked_and_the_sheet_is_protected(kommune_xlsx: Path) -> None:
    ws = price_sheet(kommune_xlsx)
    prices = {(r, 5) for r in element_rows(ws).values()}
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=len(COLUMNS)):
        for cell in row:
            assert cell.protection.locked is ((cell.row, cell.column) not in prices), cell.coordinate
    assert ws.protection.sheet


def test_the_sums_are_the_formulas_the_tool_writes(kommune_xlsx: Path, profile: dict[str, Any]) -> None:
    ws = price_sheet(kommune_xlsx)
    rows = element_rows(ws)
    p = words("nb")["workbook_price"]
    for element in profile["price_form"]["elements"]:
        r = rows[element["name"]]
        assert ws.cell(r, 7).value == (f"=D{r}*E{r}*F{r}" if element.get("per_year") else f"=D{r}*E{r}")
    evaluated = [rows[e["name"]] for e in profile["price_form"]["elements"] if not e.get("option")]
    options = [rows[e["name"]] for e in profile["price_form"]["elements"] if e.get("option")]
    assert ws.cell(label_row(ws, p["total"]), 7).value == f"=SUM(G{min(evaluated)}:G{max(evaluated)})"
    assert ws.cell(label_row(ws, p["options_total"]), 7).value == f"=SUM(G{min(options)}:G{max(options)})"
    formulas = {c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"}
    assert formulas == {f"G{r}" for r in rows.values()} | {
        f"G{label_row(ws, p['total'])}", f"G{label_row(ws, p['options_total'])}"}


def test_unit_prices_take_only_numbers_of_zero_or_more_with_messages(kommune_xlsx: Path) -> None:
    ws = price_sheet(kommune_xlsx)
    p = words("nb")["workbook_price"]
    [dv] = ws.data_validations.dataValidation
    assert (dv.type, dv.operator, dv.formula1) == ("decimal", "greaterThanOrEqual", "0")
    assert dv.showErrorMessage and dv.showInputMessage
    assert (dv.promptTitle, dv.prompt, dv.errorTitle, dv.error) == (
        p["prompt_title"], p["prompt"], p["error_title"], p["error"])
    assert set(str(dv.sqref).split()) == {f"E{r}" for r in element_rows(ws).values()}


def test_the_price_form_prints_on_a4_landscape_fitted_to_width(kommune_xlsx: Path) -> None:
    ws = price_sheet(kommune_xlsx)
    assert (str(ws.page_setup.paperSize), ws.page_setup.orientation) == ("9", "landscape")
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows.replace("$", "") == "1:1"


def test_the_nynorsk_member_gets_its_own_price_form_in_nynorsk(example_build: Path) -> None:
    member = read_yaml(EXAMPLES / "samarbeid" / "medlem-nynorsk.yaml")
    ws = price_sheet(example_build / "medlem-nynorsk-svarskjema.xlsx", "nn")
    assert [c.value for c in ws[1]] == [words("nn")["workbook_price"]["columns"][c] for c in COLUMNS]
    assert set(element_rows(ws)) == {e["name"] for e in member["price_form"]["elements"]}


def test_the_instructions_repeat_criteria_weights_and_price_model(kommune_xlsx: Path,
                                                                  profile: dict[str, Any]) -> None:
    ws = load_workbook(kommune_xlsx)[words("nb")["workbook"]["instructions_sheet"]]
    values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    p = words("nb")["workbook_price"]
    criteria = values[values.index(p["criteria_label"]) + 1]
    assert criteria == "; ".join(f"{c['name']} {c['weight']} %" for c in profile["award_criteria"])
    model = values[values.index(p["price_label"]) + 1]
    assert "10 − 10 × (P − Pmin) / Pmin" in model and f"{years_of(profile)} år" in model
    assert p["instruction"] in values


def test_a_profile_without_a_price_form_gets_no_price_sheet(write_profile: Any, tmp_path: Path) -> None:
    anskaffelse.build([write_profile()], tmp_path / "ut", formats=["xlsx"])
    names = load_workbook(tmp_path / "ut" / "profil-svarskjema.xlsx").sheetnames
    assert words("nb")["workbook_price"]["sheet"] not in names


def test_a_formula_looking_cost_element_stays_text(write_profile: Any, tmp_path: Path) -> None:
    extra = f"price_form:\n  elements:\n    - {{name: '{HOSTILE_NAME}', unit: '@SUM(A1)', quantity: 2}}\n"
    anskaffelse.build([write_profile(extra=extra)], tmp_path / "ut", formats=["xlsx"])
    xlsx = tmp_path / "ut" / "profil-svarskjema.xlsx"
    ws = price_sheet(xlsx)
    [row] = element_rows(ws).values()
    for column, text in ((2, HOSTILE_NAME), (3, "@SUM(A1)")):
        cell = ws.cell(row, column)
        assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", text, True)
    with zipfile.ZipFile(xlsx) as archive:
        formulas = [f.text for name in archive.namelist() if name.startswith("xl/worksheets/")
                    for f in etree.fromstring(archive.read(name)).iter(f"{SML}f")]
    assert formulas == [f"D{row}*E{row}", f"SUM(G{row}:G{row})"]


@pytest.mark.libreoffice
def test_libreoffice_computes_the_totals_of_a_filled_price_form(kommune_xlsx: Path, profile: dict[str, Any],
                                                              tmp_path: Path) -> None:
    soffice = require_tool("soffice", "libreoffice")
    wb = load_workbook(kommune_xlsx)
    ws = wb[words("nb")["workbook_price"]["sheet"]]
    prices = {}
    for i, (name, r) in enumerate(element_rows(ws).items(), 1):
        prices[name] = 1000 * i + 0.25
        ws.cell(r, 5).value = prices[name]
    filled = tmp_path / "utfylt.xlsx"
    wb.save(filled)
    out = tmp_path / "recalculated"
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--norestore",
                    "--convert-to", "xlsx", "--outdir", str(out), str(filled)],
                   capture_output=True, timeout=TIMEOUT, check=True)
    computed = price_sheet(out / filled.name, data_only=True)
    years = years_of(profile)

    def cost(e: dict[str, Any]) -> float:
        return e.get("quantity", 1) * prices[e["name"]] * (years if e.get("per_year") else 1)

    p = words("nb")["workbook_price"]
    elements = profile["price_form"]["elements"]
    total = computed.cell(label_row(computed, p["total"]), 7).value
    assert total == pytest.approx(sum(cost(e) for e in elements if not e.get("option")))
    options = computed.cell(label_row(computed, p["options_total"]), 7).value
    assert options == pytest.approx(sum(cost(e) for e in elements if e.get("option")))
