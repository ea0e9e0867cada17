"""Answer forms follow the obligation: a minstekrav is answered Ja/Nei; tailoring sets answer form and title."""

from __future__ import annotations

import json
import textwrap
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

import anskaffelse

from .conftest import words

TAILORING = """\
tailor:
  EPJ-DR-002:
    obligation: minstekrav
  EPJ-DR-006:
    response: {type: beskrivelse}
  EPJ-DR-008:
    title: Varsling om driftshendelser
    text: Leverandøren skal varsle kommunen om driftshendelser på SMS og e-post.
    justification: Kommunen har ingen ekstern statusside.
"""


@pytest.fixture
def built(write_profile: Any, tmp_path: Path) -> dict[str, Path]:
    profile = write_profile(extra=TAILORING)
    result = anskaffelse.build([profile], tmp_path / "out")[0]
    return {p.suffix.lstrip("."): p for p in result.outputs}


def sheet_rows(path: Path) -> dict[str, tuple[Any, ...]]:
    sheet = load_workbook(path)[words("nb")["workbook"]["answers_sheet"]]
    return {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}


def docx_text(path: Path) -> str:
    from docx import Document

    return "\n".join(c.text for t in Document(str(path)).tables for row in t.rows for c in row.cells)


def test_a_tailored_minstekrav_is_answered_yes_no_in_the_sheet(built: dict[str, Path]) -> None:
    rows = sheet_rows(built["xlsx"])
    assert rows["EPJ-DR-002"][4] == words("nb")["obligation"]["minstekrav"]
    assert rows["EPJ-DR-002"][6] == words("nb")["response"]["ja-nei"]
    book = load_workbook(built["xlsx"])
    sheet = book[words("nb")["workbook"]["answers_sheet"]]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "EPJ-DR-002")
    dv = next(dv for dv in sheet.data_validations.dataValidation if f"H{row}" in dv.sqref)
    sheet_name, cells = dv.formula1.rsplit("!", 1)
    lists = book[sheet_name.strip("'")]
    column = cells.split(":")[0].replace("$", "").rstrip("0123456789")
    values = [c.value for c in lists[column] if c.value]
    assert values == [words("nb")["answer"]["yes"], words("nb")["answer"]["no"]]


def test_a_tailored_minstekrav_is_answered_yes_no_in_the_document(built: dict[str, Path]) -> None:
    text = docx_text(built["docx"])
    row = text[text.index("EPJ-DR-002"):text.index("EPJ-DR-003")]
    assert f"{words('nb')['document']['response_form']}: {words('nb')['response']['ja-nei']}" in row
    assert words("nb")["response"]["ja-nei-delvis"] not in row


def test_tailoring_sets_the_answer_form(built: dict[str, Path]) -> None:
    rows = sheet_rows(built["xlsx"])
    assert rows["EPJ-DR-006"][6] == words("nb")["response"]["beskrivelse"]
    data = json.loads(built["json"].read_text(encoding="utf-8"))
    req = next(r for m in data["modules"] for r in m["requirements"] if r["id"] == "EPJ-DR-006")
    assert (req["response_type"], req["unit"]) == ("beskrivelse", "")


def test_a_title_override_reaches_every_format(built: dict[str, Path]) -> None:
    assert sheet_rows(built["xlsx"])["EPJ-DR-008"][2] == "Varsling om driftshendelser"
    assert "Varsling om driftshendelser" in docx_text(built["docx"])
    assert "Statusside for driftshendelser" not in docx_text(built["docx"])
    data = json.loads(built["json"].read_text(encoding="utf-8"))
    req = next(r for m in data["modules"] for r in m["requirements"] if r["id"] == "EPJ-DR-008")
    assert req["title"] == "Varsling om driftshendelser"
    with zipfile.ZipFile(built["docx"]) as archive:
        assert "Varsling om driftshendelser" in archive.read("word/document.xml").decode("utf-8")


def test_a_library_minstekrav_answered_otherwise_is_built_yes_no(write_profile: Any) -> None:
    """A local minstekrav declared with a description answer is still answered Ja/Nei."""
    profile = write_profile(extra=textwrap.dedent("""\
        local_requirements:
          - id: TEST-001
            title: {nb: Lokalt krav}
            text: {nb: Leverandøren skal dokumentere driftsrutinene.}
            obligation: minstekrav
            response: {type: beskrivelse}
            areas: [alle]
        """))
    spec, _ = anskaffelse.specification(profile)
    assert next(r for r in spec.requirements() if r.id == "TEST-001").response_type == "ja-nei"


@pytest.mark.parametrize("tailoring, code, message", [
    ("EPJ-DR-002: {obligation: minstekrav, response: {type: ja-nei-delvis}}", "P060",
     "a minstekrav is answered Ja/Nei only, not 'ja-nei-delvis'"),
    ("EPJ-DR-014: {response: {type: beskrivelse}}", "P060", "a minstekrav is answered Ja/Nei only"),
    ("EPJ-DR-002: {response: {type: tall}}", "S", "unit"),
    ("EPJ-DR-002: {response: {type: valg}}", "S", "options"),
    ("EPJ-DR-002: {title: Ny tittel}", "P006", "a changed requirement title needs a justification"),
])
def test_tailored_answer_forms_and_titles_are_checked(write_profile: Any, tailoring: str, code: str,
                                                      message: str) -> None:
    profile = write_profile(extra=f"tailor:\n  {tailoring}\n")
    found = [d for d in anskaffelse.validate([profile]) if d.severity.value == "error"]
    assert found, tailoring
    assert any(d.code.startswith(code) and message in d.message for d in found), [
        (d.code, d.message) for d in found]
    assert all(d.line > 0 for d in found)


def test_a_title_in_another_language_only_is_a_warning_naming_the_field(write_profile: Any) -> None:
    profile = write_profile(extra=textwrap.dedent("""\
        tailor:
          EPJ-DR-008:
            title: {nn: Varsling om driftshendingar}
            justification: Ny tittel.
        """))
    found = anskaffelse.validate([profile])
    assert [(d.code, d.severity.value, "tailor/EPJ-DR-008/title has no 'nb' text" in d.message)
            for d in found] == [("P042", "warning", True)]
