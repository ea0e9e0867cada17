"""The answer cells' validations of the response sheet, which the exporter writes as SpreadsheetML text.

Read back with openpyxl (and after a LibreOffice save) for a tender with every
answer form: each answer cell carries the validation of its form, with the
messages of the locale file, and nothing else carries one. Expectations come
from the profile, the locale files and the resolved specification.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from openpyxl import Workbook, load_workbook
from openpyxl.utils import range_boundaries

import anskaffelse

from .conftest import MINIMAL_PROFILE, words

SML = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
WORKSHEET_ORDER = (
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr", "sheetProtection",
    "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate", "customSheetViews", "mergeCells",
    "phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup",
    "headerFooter", "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags",
    "drawing", "legacyDrawing", "legacyDrawingHF", "picture", "oleObjects", "controls", "webPublishItems",
    "tableParts", "extLst")
"""The children of a worksheet in the order ECMA-376 (CT_Worksheet) requires."""
LIST_FORMS = ("ja-nei", "ja-nei-delvis", "valg")


@pytest.fixture(scope="module")
def every_form(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    """A tender with every answer form: two choice lists (one shared by two requirements), Ja/Nei/Delvis,
    numbers with a unit, Ja/Nei and descriptions."""
    folder = tmp_path_factory.mktemp("alle-svarformer")
    plain_profile = folder / "p.yaml"
    plain_profile.write_text(MINIMAL_PROFILE, encoding="utf-8")
    plain = anskaffelse.specification(plain_profile)[0]
    described = [r.id for r in plain.requirements()
                 if r.response_type == "beskrivelse" and r.obligation != "minstekrav"]
    assert len(described) >= 6
    cloud = "{response: {type: valg, options: [{nb: Skybasert}, {nb: Lokal drift}]}}"
    profile = folder / "former.yaml"
    profile.write_text(MINIMAL_PROFILE + (
        f"tailor:\n  {described[0]}: {cloud}\n  {described[1]}: {{response: {{type: ja-nei-delvis}}}}\n"
        f"  {described[2]}: {{response: {{type: tall, unit: {{nb: timer}}}}}}\n"
        f"  {described[3]}: {{response: {{type: valg, options: [{{nb: A}}, {{nb: \"=B\"}}, {{nb: C & D}}]}}}}\n"
        f"  {described[4]}: {cloud}\n  {described[5]}: {{response: {{type: tall, unit: {{nb: \"% & <kr>\"}}}}}}\n"),
        encoding="utf-8")
    anskaffelse.build([profile], folder, formats=["xlsx"])
    spec = anskaffelse.specification(profile)[0]
    assert {r.response_type for r in spec.requirements()} == {*LIST_FORMS, "tall", "beskrivelse"}
    return spec, folder / "former-svarskjema.xlsx"


def _cells(sqref: Any) -> set[str]:
    cells = set()
    for part in str(sqref).split():
        min_col, min_row, max_col, max_row = range_boundaries(part)
        cells |= {f"{chr(64 + col)}{row}" for col in range(min_col, max_col + 1)
                  for row in range(min_row, max_row + 1)}
    return cells


def _range_values(book: Any, formula: str) -> list[Any]:
    sheet, ref = formula.lstrip("=").rsplit("!", 1)
    return [row[0].value for row in book[sheet.strip("'")][ref.replace("$", "")]]


def _expected_list(req: Any, lang: str = "nb") -> list[str]:
    answer = words(lang)["answer"]
    if req.response_type == "valg":
        return list(req.options)
    return [answer["yes"], answer["no"]] + ([answer["partly"]] if req.response_type == "ja-nei-delvis" else [])


def _check_validations(book: Any, spec: Any) -> None:
    sheet = book[words("nb")["workbook"]["answers_sheet"]]
    messages = words("nb")["workbook"]["validation"]
    validations = sheet.data_validations.dataValidation
    covered = {id(dv): _cells(dv.sqref) for dv in validations}
    rows = {sheet.cell(row, 1).value: row for row in range(2, sheet.max_row + 1)}
    validated = set()
    for req in spec.requirements():
        cell = f"H{rows[req.id]}"
        [*covering] = (dv for dv in validations if cell in covered[id(dv)])
        if req.response_type == "beskrivelse":
            assert covering == [], req.id
            continue
        assert len(covering) == 1, (req.id, len(covering))
        [dv] = covering
        validated.add(cell)
        kind = "list" if req.response_type in LIST_FORMS else "number"
        if kind == "list":
            assert dv.type == "list"
            assert _range_values(book, dv.formula1) == _expected_list(req), req.id
        else:
            assert (dv.type, dv.operator, dv.formula1) == ("decimal", "greaterThanOrEqual", "0"), req.id
        assert dv.allow_blank and dv.showInputMessage and dv.showErrorMessage, req.id
        assert dv.errorStyle in (None, "stop")
        assert (dv.promptTitle, dv.prompt) == (messages[f"{kind}_title"], messages[f"{kind}_prompt"])
        assert (dv.errorTitle, dv.error) == (messages[f"{kind}_error_title"], messages[f"{kind}_error"])
    # No other cell carries a validation, and each answer list feeds one validation.
    assert set().union(*covered.values()) == validated
    sources = [dv.formula1 for dv in validations if dv.type == "list"]
    assert len(sources) == len(set(sources)) == len({tuple(_expected_list(r)) for r in spec.requirements()
                                                     if r.response_type in LIST_FORMS})


def test_every_answer_cell_has_the_validation_of_its_answer_form(every_form: tuple[Any, Path]) -> None:
    spec, xlsx = every_form
    _check_validations(load_workbook(xlsx), spec)


def test_the_validations_stand_where_the_schema_puts_them(every_form: tuple[Any, Path]) -> None:
    _, xlsx = every_form
    with zipfile.ZipFile(xlsx) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                children = [child.tag.removeprefix(SML) for child in etree.fromstring(archive.read(name))]
                positions = [WORKSHEET_ORDER.index(tag) for tag in children]
                assert positions == sorted(positions), (name, children)
                assert len(set(children)) == len(children), (name, children)


@pytest.mark.libreoffice
def test_libreoffice_keeps_every_validation(every_form: tuple[Any, Path], tmp_path: Path) -> None:
    from .test_answers import resave_in_libreoffice

    spec, xlsx = every_form
    _check_validations(load_workbook(resave_in_libreoffice(xlsx, tmp_path)), spec)


def test_messages_with_quotes_ampersands_and_line_breaks_are_read_back_exactly() -> None:
    from anskaffelse.export.xlsx_blocks import save_stored, splice_validations, validation_xml

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Ark & «svar»")
    sheet.append(["x"])
    sheet.page_margins.left = 0.4
    message = 'Skriv "ja" & <nei>\nandre linje\ttab'
    xml = validation_xml("H2 H4:H5", "list", "'Ark & «svar»'!$A$1:$A$1",
                         {"showInputMessage": True, "showErrorMessage": False, "errorStyle": "stop",
                          "promptTitle": "Tittel & mer", "prompt": message, "errorTitle": "Feil", "error": message})
    with zipfile.ZipFile(io.BytesIO(save_stored(book))) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["xl/worksheets/sheet1.xml"] = splice_validations(parts["xl/worksheets/sheet1.xml"], [xml])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    [dv] = load_workbook(buffer).worksheets[0].data_validations.dataValidation
    assert (dv.type, dv.formula1, str(dv.sqref)) == ("list", "'Ark & «svar»'!$A$1:$A$1", "H2 H4:H5")
    assert (dv.prompt, dv.error, dv.promptTitle) == (message, message, "Tittel & mer")
    assert dv.showInputMessage and not dv.showErrorMessage and dv.allow_blank
