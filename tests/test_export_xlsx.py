"""The Excel response sheet, read back with openpyxl and zipfile+lxml; and reproducible output.

Expectations come from the profiles' YAML text, the locale files, hashlib and
the resolved specification (`anskaffelse.specification`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, range_boundaries

import anskaffelse

from .conftest import read_yaml, spec_of, words

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
KOMMUNE = EXAMPLES / "eksempel-kommune.yaml"
NYNORSK = EXAMPLES / "samarbeid" / "medlem-nynorsk.yaml"
LOCALE = Path(anskaffelse.__file__).resolve().parent / "locale"
SML_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CONTROL_SHEET = "Kontroll"
REQUIREMENT_COLUMNS = "ABCDEFG"
ANSWER_COLUMNS = "HIJ"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


# ---------------------------------------------------------------- helpers


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.fixture(scope="module")
def xlsx_file(example_build: Path) -> Path:
    return example_build / "eksempel-kommune-svarskjema.xlsx"


@pytest.fixture(scope="module")
def workbook(xlsx_file: Path) -> Any:
    return load_workbook(xlsx_file)


@pytest.fixture(scope="module")
def answers(workbook: Any) -> Any:
    return workbook[words("nb")["workbook"]["answers_sheet"]]


@pytest.fixture(scope="module")
def spec() -> Any:
    return spec_of(KOMMUNE)


def answer_rows(ws: Any) -> dict[str, int]:
    """Requirement ID -> row number on the answer sheet."""
    return {ws.cell(row, 1).value: row for row in range(2, ws.max_row + 1) if ws.cell(row, 1).value}


# ---------------------------------------------------------------- sheets and content


def test_workbook_has_the_locale_sheets_and_the_control_sheet(workbook: Any) -> None:
    wb_words = words("nb")["workbook"]
    expected = {wb_words["instructions_sheet"], wb_words["answers_sheet"], wb_words["lists_sheet"], CONTROL_SHEET}
    assert expected <= set(workbook.sheetnames)
    assert workbook[wb_words["answers_sheet"]].sheet_state == "visible"
    assert workbook[wb_words["instructions_sheet"]].sheet_state == "visible"
    assert workbook[wb_words["lists_sheet"]].sheet_state in ("hidden", "veryHidden")


def test_header_row_uses_the_locale_column_names(answers: Any) -> None:
    columns = words("nb")["workbook"]["columns"]
    expected = [columns[k] for k in ("id", "module", "title", "text", "obligation", "weight", "response",
                                     "answer", "description", "reference")]
    assert [answers.cell(1, c).value for c in range(1, 11)] == expected


def test_one_row_per_requirement(answers: Any, spec: Any) -> None:
    """Every requirement of the specification has exactly one row, and there are no other rows."""
    ids = [answers.cell(row, 1).value for row in range(2, answers.max_row + 1)]
    expected = [r.id for r in spec.requirements()]
    assert sorted(i for i in ids if i is not None) == sorted(expected)
    assert len(ids) == len(expected)
    assert "EPJ-UU-011" not in ids
    assert "FJORD-001" in ids


def test_requirement_rows_hold_id_text_obligation_and_weight(answers: Any, spec: Any) -> None:
    labels = words("nb")["obligation"]
    rows = answer_rows(answers)
    modules = {m.id: m.title for m in spec.modules}
    for req in spec.requirements():
        row = rows[req.id]
        assert answers.cell(row, 2).value == modules[req.module]
        assert answers.cell(row, 3).value == req.title
        assert answers.cell(row, 4).value == req.text
        assert answers.cell(row, 5).value == labels[req.obligation]
        weight = answers.cell(row, 6).value
        if req.obligation == "evaluert":
            assert weight == req.weight, req.id
        else:
            assert weight in (None, "", 0), req.id


def test_tailoring_from_the_profile_reaches_the_sheet(answers: Any) -> None:
    """oppetid 99.8 -> '99,8 %'; EPJ-LM-014 weight and EPJ-TL-010 obligation as tailored in the YAML."""
    tailor = read_yaml(KOMMUNE)["tailor"]
    rows = answer_rows(answers)
    oppetid = f"{tailor['EPJ-DR-020']['parameters']['oppetid']}".replace(".", ",") + " %"
    assert oppetid in answers.cell(rows["EPJ-DR-020"], 4).value
    assert answers.cell(rows["EPJ-LM-014"], 6).value == tailor["EPJ-LM-014"]["weight"]
    assert answers.cell(rows["EPJ-TL-010"], 5).value == words("nb")["obligation"][tailor["EPJ-TL-010"]["obligation"]]


# ---------------------------------------------------------------- protection and layout


def test_requirement_cells_locked_and_answer_cells_unlocked(answers: Any, spec: Any) -> None:
    for row in answer_rows(answers).values():
        for col in REQUIREMENT_COLUMNS:
            assert answers[f"{col}{row}"].protection.locked is True, f"{col}{row}"
        for col in ANSWER_COLUMNS:
            assert answers[f"{col}{row}"].protection.locked is False, f"{col}{row}"
    assert len(answer_rows(answers)) == spec.requirement_count


def test_answer_sheet_is_protected_but_filters_are_allowed(answers: Any) -> None:
    assert answers.protection.sheet is True
    # In sheetProtection each flag blocks an action when true; False leaves filtering to the supplier.
    assert answers.protection.autoFilter is False


def test_auto_filter_covers_the_whole_table(answers: Any, spec: Any) -> None:
    assert answers.auto_filter.ref
    min_col, min_row, max_col, max_row = range_boundaries(answers.auto_filter.ref)
    assert (min_col, min_row) == (1, 1)
    assert max_col >= column_index_from_string("J")
    assert max_row >= spec.requirement_count + 1


def test_header_row_and_id_column_are_frozen(answers: Any) -> None:
    assert answers.freeze_panes == "B2"


def test_print_setup_repeats_header_and_fits_width(answers: Any) -> None:
    assert answers.print_title_rows.replace("$", "") == "1:1"
    assert int(answers.page_setup.fitToWidth) == 1
    # 0 = as many pages tall as needed; 1 would squeeze the whole sheet onto one page.
    assert int(answers.page_setup.fitToHeight) == 0
    assert answers.sheet_properties.pageSetUpPr.fitToPage is True
    assert str(answers.page_setup.paperSize) == "9"  # A4


def test_every_requirement_row_has_an_explicit_height_fitting_its_text(answers: Any, xlsx_file: Path) -> None:
    """Excel does not grow wrapped rows when printing, so each row must carry a height large enough
    for its wrapped text (estimated generously at 1.2 characters per unit of column width)."""
    width = answers.column_dimensions["D"].width
    rows = answer_rows(answers)
    for row in rows.values():
        height = answers.row_dimensions[row].height
        assert height is not None, f"row {row} has no height"
        text = answers.cell(row, 4).value
        lines = sum(max(1, math.ceil(len(part) / (width * 1.2))) for part in text.split("\n"))
        assert height >= 14 * lines, f"row {row}: {height} pt for {lines} lines"
    sheet = _sheet_xml(xlsx_file, words("nb")["workbook"]["answers_sheet"])
    custom = {int(r.get("r")) for r in sheet.iter(f"{{{SML_NS}}}row") if r.get("customHeight") in ("1", "true")}
    assert set(rows.values()) <= custom


# ---------------------------------------------------------------- dropdowns and conditional formatting


def _resolve_range(workbook: Any, formula: str) -> list[Any]:
    sheet, cells = formula.lstrip("=").rsplit("!", 1)
    sheet = sheet.strip("'").replace("''", "'")
    min_col, min_row, max_col, max_row = range_boundaries(cells.replace("$", ""))
    ws = workbook[sheet]
    return [ws.cell(r, c).value for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1)]


def test_answer_dropdowns_are_fed_from_a_sheet_range(workbook: Any, answers: Any, spec: Any) -> None:
    """Each ja-nei / ja-nei-delvis / valg row's answer cell has one list validation; its source is
    a range on a sheet (not an inline quoted list) holding exactly the answers of that response type."""
    answer = words("nb")["answer"]
    expected_lists = {"ja-nei": [answer["yes"], answer["no"]],
                      "ja-nei-delvis": [answer["yes"], answer["no"], answer["partly"]]}
    lists = [dv for dv in answers.data_validations.dataValidation if dv.type == "list"]
    rows = answer_rows(answers)
    checked = 0
    for req in spec.requirements():
        cell = f"H{rows[req.id]}"
        covering = [dv for dv in lists if cell in dv.sqref]
        if req.response_type not in (*expected_lists, "valg"):
            assert not covering, f"{req.id} ({req.response_type}) should have no dropdown"
            continue
        assert len(covering) == 1, f"{req.id}: {len(covering)} list validations on {cell}"
        formula = covering[0].formula1
        assert "!$" in formula, formula
        assert '"' not in formula, formula
        want = list(req.options) if req.response_type == "valg" else expected_lists[req.response_type]
        assert _resolve_range(workbook, formula) == want, req.id
        checked += 1
    assert checked > 0


def test_unanswered_mandatory_rows_are_highlighted(answers: Any, spec: Any) -> None:
    """A conditional format on the answer columns H:I, for all requirement rows, that tests for 'Minstekrav'."""
    last = spec.requirement_count + 1
    formats = [cf for cf in answers.conditional_formatting if str(cf.sqref) == f"H2:I{last}"]
    assert len(formats) == 1
    rules = formats[0].rules
    assert rules
    formula = " ".join(" ".join(r.formula or []) for r in rules)
    assert f'"{words("nb")["obligation"]["minstekrav"]}"' in formula
    assert any(r.dxf is not None and r.dxf.fill is not None for r in rules)


# ---------------------------------------------------------------- control sheet


def test_control_sheet_is_very_hidden(workbook: Any) -> None:
    assert workbook[CONTROL_SHEET].sheet_state == "veryHidden"


def test_control_sheet_holds_sha256_of_every_requirement_text(workbook: Any, answers: Any, spec: Any) -> None:
    """Each requirement ID with SHA-256 of its exact text, and the answer-sheet row it sits on."""
    ids = {r.id for r in spec.requirements()}
    rows = [[c.value for c in row] for row in workbook[CONTROL_SHEET].iter_rows()]
    found = {row[0]: row for row in rows if row and row[0] in ids}
    assert set(found) == ids
    on_sheet = answer_rows(answers)
    for req in spec.requirements():
        assert found[req.id][1] == sha256(req.text), req.id
        assert int(found[req.id][2]) == on_sheet[req.id]


def test_control_sheet_holds_the_specification_fingerprint(workbook: Any, spec: Any) -> None:
    rows = [[c.value for c in row] for row in workbook[CONTROL_SHEET].iter_rows()]
    labelled = [row for row in rows if row[1] == spec.fingerprint]
    assert len(labelled) == 1
    assert "specification" in str(labelled[0][0])
    assert re.fullmatch(r"[0-9a-f]{64}", spec.fingerprint)


def test_control_sheet_names_the_tender_but_no_file(workbook: Any, spec: Any) -> None:
    cells = [str(c.value) for row in workbook[CONTROL_SHEET].iter_rows() for c in row if c.value is not None]
    assert spec.tender.reference in cells
    assert not any(cell.endswith((".yaml", ".yml")) for cell in cells)


# ---------------------------------------------------------------- formula injection

INJECTION_PROFILE = """\
library_version: ">=2.0, <3"
namespace: TEST
tender:
  title: '=HYPERLINK("http://evil.example","tittel")'
  reference: "+2026/1"
  buyers:
    - name: "@Testvik kommune"
      org_number: "940000130"
  procedure: apen-anbudskonkurranse
  contract_standard: SSA-T
  deadline: "2027-02-01 12:00"
  date: "2027-01-05"
  language: nb
select:
  modules: [drift]
tailor:
  EPJ-DR-002:
    text: '=HYPERLINK("http://evil.example","klikk her")'
    justification: Kommunen trenger en annen formulering.
local_requirements:
  - id: TEST-001
    title: {nb: "=SUM(1+1)"}
    text: {nb: "=1+1 skal ikke regnes ut"}
    obligation: minstekrav
    response: {type: ja-nei}
  - id: TEST-002
    title: {nb: "+47 telefonnummer"}
    text: {nb: "+cmd|' /C calc'!A0"}
    obligation: evaluert
    weight: 3
    response: {type: ja-nei-delvis}
  - id: TEST-003
    title: {nb: "-2+3"}
    text: {nb: "-1 dag er for sent"}
    obligation: informasjon
    response: {type: beskrivelse}
  - id: TEST-004
    title: {nb: "@SUM(A1:A2)"}
    text: {nb: "@brukere skal varsles"}
    obligation: informasjon
    response: {type: beskrivelse}
  - id: TEST-005
    title: {nb: "\\tTabulator"}
    text: {nb: "\\nLinjeskift =1+1"}
    obligation: informasjon
    response: {type: beskrivelse}
award_criteria:
  - name: Kvalitet
    weight: 70
  - name: Pris
    weight: 30
    price: {model: lineær}
"""


@pytest.fixture
def injection_build(write_profile: Any, tmp_path: Path) -> tuple[Path, Path]:
    profile = write_profile(INJECTION_PROFILE)
    anskaffelse.build([profile], tmp_path / "ut", formats=["xlsx"])
    return profile, tmp_path / "ut" / "profil-svarskjema.xlsx"


def test_no_cell_becomes_a_formula(injection_build: tuple[Path, Path]) -> None:
    """Text starting with = + - @ (or a tab or line break) is stored as text in every sheet."""
    _, xlsx = injection_build
    wb = load_workbook(xlsx)
    formula_like = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} = {cell.value!r}"
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    formula_like += 1
                    # Excel's own "this is text" flag, so editing the cell cannot turn it into a formula.
                    assert cell.quotePrefix, f"{ws.title}!{cell.coordinate}"
    assert formula_like >= 10  # the texts below really are in the workbook


def test_formula_like_texts_are_kept_exactly(injection_build: tuple[Path, Path]) -> None:
    profile, xlsx = injection_build
    data = read_yaml(profile)
    ws = load_workbook(xlsx)[words("nb")["workbook"]["answers_sheet"]]
    rows = answer_rows(ws)
    for local in data["local_requirements"]:
        assert ws.cell(rows[local["id"]], 3).value == local["title"]["nb"]
        assert ws.cell(rows[local["id"]], 4).value == local["text"]["nb"]
    assert ws.cell(rows["EPJ-DR-002"], 4).value == data["tailor"]["EPJ-DR-002"]["text"]
    instructions = load_workbook(xlsx)[words("nb")["workbook"]["instructions_sheet"]]
    values = {c.value for row in instructions.iter_rows() for c in row}
    assert data["tender"]["title"] in values
    assert data["tender"]["reference"] in values


def test_raw_sheet_xml_has_no_formula_elements(injection_build: tuple[Path, Path]) -> None:
    _, xlsx = injection_build
    with zipfile.ZipFile(xlsx) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        assert sheets
        for name in sheets:
            root = etree.fromstring(archive.read(name))
            assert not list(root.iter(f"{{{SML_NS}}}f")), name


# ---------------------------------------------------------------- reproducible output

FORMATS = ("docx", "xlsx", "json")
SUFFIXES = {"docx": "kravspesifikasjon.docx", "xlsx": "svarskjema.xlsx", "json": "spesifikasjon.json"}


def _build(profile: Path, out: Path) -> dict[str, bytes]:
    anskaffelse.build([profile], out)
    return {fmt: (out / f"{profile.stem}-{SUFFIXES[fmt]}").read_bytes() for fmt in FORMATS}


def _core_created(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        core = etree.fromstring(archive.read("docProps/core.xml"))
    created = core.find("{http://purl.org/dc/terms/}created")
    assert created is not None
    return created.text


def _sheet_xml(xlsx: Path, title: str) -> etree._Element:
    """The worksheet XML of the sheet called `title`."""
    rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(xlsx) as archive:
        book = etree.fromstring(archive.read("xl/workbook.xml"))
        rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        sheet = next(s for s in book.iter(f"{{{SML_NS}}}sheet") if s.get("name") == title)
        rel_id = sheet.get(f"{{{rel_ns}}}id")
        target = next(r.get("Target") for r in rels if r.get("Id") == rel_id)
        name = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        return etree.fromstring(archive.read(name))


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_builds_are_byte_identical(write_profile: Any, tmp_path: Path, fmt: str) -> None:
    profile = write_profile()
    first, second = _build(profile, tmp_path / "a"), _build(profile, tmp_path / "b")
    assert first[fmt] == second[fmt]


@pytest.mark.parametrize("fmt", FORMATS)
def test_rebuilding_the_example_is_byte_identical(example_build: Path, tmp_path: Path, fmt: str) -> None:
    again = _build(KOMMUNE, tmp_path)
    assert again[fmt] == (example_build / f"eksempel-kommune-{SUFFIXES[fmt]}").read_bytes()


def test_source_date_epoch_does_not_change_a_dated_profile(write_profile: Any, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """With tender.date in the profile, the build ignores SOURCE_DATE_EPOCH and the clock."""
    profile = write_profile()
    assert 'date: "2027-01-05"' in profile.read_text(encoding="utf-8")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    plain = _build(profile, tmp_path / "plain")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    early = _build(profile, tmp_path / "early")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    late = _build(profile, tmp_path / "late")
    assert plain == early == late
    assert _core_created(plain["docx"]).startswith("2027-01-05")
    assert _core_created(plain["xlsx"]).startswith("2027-01-05")


def _undated_profile(write_profile: Any) -> Path:
    profile = write_profile()
    text = profile.read_text(encoding="utf-8")
    undated = re.sub(r"(?m)^  date: .*\n", "", text)
    assert undated != text
    profile.write_text(undated, encoding="utf-8")
    return profile


def test_source_date_epoch_dates_an_undated_profile(write_profile: Any, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Without tender.date, the document dates follow SOURCE_DATE_EPOCH."""
    profile = _undated_profile(write_profile)
    builds = {}
    for epoch in (1700000000, 1800000000):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
        builds[epoch] = _build(profile, tmp_path / str(epoch))
        day = dt.datetime.fromtimestamp(epoch, dt.UTC).date().isoformat()
        for fmt in ("docx", "xlsx"):
            assert _core_created(builds[epoch][fmt]).startswith(day), fmt
    for fmt in ("docx", "xlsx"):
        assert _core_created(builds[1700000000][fmt]) != _core_created(builds[1800000000][fmt])


def test_same_source_date_epoch_gives_identical_bytes(write_profile: Any, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    profile = _undated_profile(write_profile)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1750000000")
    assert _build(profile, tmp_path / "a") == _build(profile, tmp_path / "b")


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_zip_entries_share_one_timestamp_from_the_profile_date(write_profile: Any, tmp_path: Path,
                                                               fmt: str) -> None:
    profile = write_profile()
    date = dt.date.fromisoformat(read_yaml(profile)["tender"]["date"])
    data = _build(profile, tmp_path)[fmt]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        stamps = {info.date_time for info in archive.infolist()}
    assert stamps == {(date.year, date.month, date.day, 0, 0, 0)}


# ---------------------------------------------------------------- messages, print size and the tender facts


@pytest.mark.parametrize("profile, lang", [(KOMMUNE, "nb"), (NYNORSK, "nn")])
def test_every_validation_has_prompt_and_error_in_the_document_language(example_build: Path, profile: Path,
                                                                        lang: str) -> None:
    book = load_workbook(example_build / f"{profile.stem}-svarskjema.xlsx")
    sheet = book[words(lang)["workbook"]["answers_sheet"]]
    messages = words(lang)["workbook"]["validation"]
    validations = sheet.data_validations.dataValidation
    assert {dv.type for dv in validations} == {"list", "decimal"}
    for dv in validations:
        kind = "list" if dv.type == "list" else "number"
        assert dv.showInputMessage and dv.showErrorMessage, dv.sqref
        assert dv.errorStyle in (None, "stop")
        assert (dv.promptTitle, dv.prompt) == (messages[f"{kind}_title"], messages[f"{kind}_prompt"])
        assert (dv.errorTitle, dv.error) == (messages[f"{kind}_error_title"], messages[f"{kind}_error"])
        # Excel refuses longer titles and messages.
        assert len(dv.promptTitle) <= 32 and len(dv.errorTitle) <= 32
        assert len(dv.prompt) <= 255 and len(dv.error) <= 255


def test_the_printed_sheet_keeps_text_at_8_points_or_more(answers: Any) -> None:
    """Fitted to the width of A4 landscape, the 11 pt text is scaled by (printable width / sheet width).

    A column of width w is w digit widths of 7 px plus 5 px padding; 96 px make 72 pt.
    """
    assert answers.page_setup.orientation == "landscape"
    widths = [answers.column_dimensions[c].width for c in "ABCDEFGHIJ"]
    sheet_points = sum(w * 7 + 5 for w in widths) * 0.75
    page_points = 297 / 25.4 * 72
    printable = page_points - (answers.page_margins.left + answers.page_margins.right) * 72
    scale = min(1.0, printable / sheet_points)
    assert 11 * scale >= 8, f"text prints at {11 * scale:.1f} pt (scale {scale:.0%})"


def test_layout_math_matches_the_test_arithmetic() -> None:
    from anskaffelse.export import xlsx_layout as layout

    assert layout.printed_points(layout.WIDTHS) >= layout.MIN_PRINTED_POINTS
    # The widths of the first version printed at about 6 pt: the check must catch that.
    assert layout.printed_points((13, 18, 26, 60, 14, 7, 17, 14, 50, 24)) < 8
    assert layout.fit_scale([10]) == 1.0


def test_rows_are_tall_enough_for_the_chapter_name_and_the_title(answers: Any) -> None:
    """Every wrapping cell of a row fits its height: the chapter name in a narrow column included.

    Printed, a column holds about 1.2 characters of text per unit of width.
    """
    import textwrap

    for row in answer_rows(answers).values():
        height = answers.row_dimensions[row].height
        for column in "BCDEG":
            text = answers[f"{column}{row}"].value or ""
            width = int(answers.column_dimensions[column].width * 1.2)
            lines = sum(len(textwrap.wrap(part, width) or [""]) for part in text.split("\n"))
            assert height >= 15 * lines, f"{column}{row}: {height} pt for {lines} lines of {text[:40]!r}"


def test_wrapped_lines_breaks_at_spaces_and_splits_long_words() -> None:
    from anskaffelse.export.xlsx_layout import row_height, wrapped_lines

    assert wrapped_lines("Klinisk dokumentasjon og journalføring", 14) in (3, 4)
    assert wrapped_lines("kort", 14) == 1
    assert wrapped_lines("a" * 30, 14) == 2  # 15 characters a line
    assert wrapped_lines("a" * 31, 14) == 3
    assert wrapped_lines("første\nandre", 40) == 2
    assert row_height([("x " * 10_000, 10)]) == 409.0


def _lines_word_by_word(text: str, width: float) -> int:
    """The count of lines as the response sheet made it before it counted a line at a time."""
    capacity = max(1, int(width * 1.15) - 1)
    lines = 0
    for paragraph in text.split("\n"):
        used = 0
        lines += 1
        for word in paragraph.split(" "):
            size = len(word)
            if used and used + 1 + size <= capacity:
                used += 1 + size
                continue
            if used:
                lines += 1
            lines += (size - 1) // capacity if size > capacity else 0
            used = size - (size - 1) // capacity * capacity if size > capacity else size
    return lines


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(["a", "bb", "journalføring", "x" * 25, " ", "  ", "\n", "-"]), max_size=40)
       .map("".join), st.sampled_from([1, 4, 10, 14, 20, 46]))
def test_counting_a_line_at_a_time_gives_the_lines_counting_word_by_word(text: str, width: int) -> None:
    from anskaffelse.export.xlsx_layout import wrapped_lines

    assert wrapped_lines(text, width) == _lines_word_by_word(text, width)


def test_instructions_show_procedure_contract_deadline_and_contact(write_profile: Any, tmp_path: Path) -> None:
    profile = write_profile(extra="")
    text = profile.read_text(encoding="utf-8").replace(
        "  language: nb\n",
        "  language: nb\n  contact: {name: Kari Nordmann, email: kari@testvik.kommune.no, phone: \"+47 900 00 000\"}\n")
    profile.write_text(text, encoding="utf-8")
    anskaffelse.build([profile], tmp_path / "out", formats=["xlsx"])
    book = load_workbook(tmp_path / "out" / "profil-svarskjema.xlsx")
    sheet = book[words("nb")["workbook"]["instructions_sheet"]]
    shown = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}
    d = words("nb")["document"]
    assert shown[d["procedure"]] == words("nb")["procedure"]["apen-anbudskonkurranse"]
    assert shown[d["contract_standard"]] == "SSA-T"
    assert shown[d["deadline"]] == "1. februar 2027 kl. 12:00"
    assert shown[words("nb")["workbook"]["contact"]] == "Kari Nordmann, kari@testvik.kommune.no, +47 900 00 000"


def test_the_example_shows_its_contact_and_a_profile_without_one_shows_none(workbook: Any,
                                                                           example_build: Path) -> None:
    labels = [row[0] for row in workbook[words("nb")["workbook"]["instructions_sheet"]].iter_rows(values_only=True)]
    assert words("nb")["workbook"]["contact"] in labels
    nynorsk = load_workbook(example_build / "medlem-nynorsk-svarskjema.xlsx")
    sheet = nynorsk[words("nn")["workbook"]["instructions_sheet"]]
    assert words("nn")["workbook"]["contact"] not in [row[0] for row in sheet.iter_rows(values_only=True)]
