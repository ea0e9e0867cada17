"""The documents of a joint tender, read back: one Word document, one workbook, one JSON.

Built from `examples/samarbeid-felles`. Expectations are written out by hand
from the example's YAML (members, scope, options, priorities) and the locale
files, never taken from a document the exporter produced.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

import anskaffelse
from anskaffelse.export.json_read import read_specification
from anskaffelse.reading.schema import validator_for

from .conftest import EXAMPLES, words
from .test_libreoffice import convert_to_pdf, pdf_text, require_tool

JOINT = EXAMPLES / "samarbeid-felles"
PROFILE = JOINT / "felles-anskaffelse.yaml"
STEM = "felles-anskaffelse"
LABELS = ["Storfjord", "Nordvik", "Elvdal", "Bratt"]

# Whom each requirement applies to, from the example's YAML: velferdsteknologi is an option for Storfjord and
# Nordvik; EPJ-MI-008 is scoped to all but Elvdal; EPJ-PR-001 is for psykisk helse og rus, which only Bratt runs;
# EPJ-MO-012 is an option for hjemmetjeneste, which every member runs; the members' own requirements.
SCOPE = {
    "EPJ-VT-001": ("Storfjord, Nordvik", True),
    "EPJ-MI-008": ("Storfjord, Nordvik, Bratt", False),
    "EPJ-PR-001": ("Bratt", False),
    "EPJ-MO-012": (None, True),
    "EPJ-GE-001": (None, False),
    "MIDT-002": ("Storfjord, Nordvik", False),
    "NORDVIK-001": ("Nordvik", False),
    "BRATT-001": ("Bratt", False),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example built in bokmål (its language) and in nynorsk."""
    out = tmp_path_factory.mktemp("joint")
    anskaffelse.build([PROFILE], out / "nb")
    anskaffelse.build([PROFILE], out / "nn", lang="nn")
    return {"nb": out / "nb", "nn": out / "nn"}


def marks(req_id: str, lang: str) -> str:
    j = words(lang)["joint"]
    applies, option = SCOPE[req_id]
    text = f"{j['applies_to']}: {applies or j['all_members']}"
    return f"{text} · {j['option']}" if option else text


def requirement_cells(doc: Any, lang: str) -> dict[str, Any]:
    d = words(lang)["document"]
    header = [d["column_id"], d["column_requirement"], d["column_obligation"], d["column_weight"]]
    return {row.cells[0].text: row.cells[1] for t in doc.tables if [c.text for c in t.rows[0].cells] == header
            for row in t.rows[1:]}


# ---------------------------------------------------------------------------------------- Word


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_every_requirement_says_whom_it_applies_to(built: dict[str, Path], lang: str) -> None:
    doc = Document(str(built[lang] / f"{STEM}-kravspesifikasjon.docx"))
    cells = requirement_cells(doc, lang)
    spec, _ = anskaffelse.specification(PROFILE, lang=lang)
    assert set(cells) == {r.id for r in spec.requirements()}  # each requirement once, in one document
    label = words(lang)["joint"]["applies_to"]
    assert all(cell.paragraphs[1].text.startswith(f"{label}: ") for cell in cells.values())
    for req_id in SCOPE:
        assert cells[req_id].paragraphs[1].text == marks(req_id, lang), req_id


def test_the_member_matrix_annex(built: dict[str, Path]) -> None:
    doc = Document(str(built["nb"] / f"{STEM}-kravspesifikasjon.docx"))
    d, j = words("nb")["document"], words("nb")["joint"]
    [matrix] = [t for t in doc.tables if [c.text for c in t.rows[0].cells] == [d["column_id"], d["column_requirement"],
                                                                              *LABELS]]
    rows = {row.cells[0].text: [c.text for c in row.cells[2:]] for row in matrix.rows[1:]}
    yes, no, option, p = j["in_scope"], j["not_in_scope"], j["option"], j["priorities"]
    # Priorities from the example: Storfjord velferdsteknologi bør; Nordvik legevakt må, velferdsteknologi bør;
    # Elvdal helsestasjon må, EPJ-MI-008 ikke aktuelt; Bratt psykisk-helse-rus and EPJ-PR-001 må,
    # velferdsteknologi ikke aktuelt.
    assert rows["EPJ-VT-001"] == [f"{option} {p['bør']}", f"{option} {p['bør']}", no, f"{no} {p['ikke-aktuelt']}"]
    assert rows["EPJ-MI-008"] == [yes, yes, f"{no} {p['ikke-aktuelt']}", yes]
    assert rows["EPJ-PR-001"] == [no, no, no, f"{yes} {p['må']}"]
    assert rows["EPJ-MO-012"] == [f"{option} {p['kan']}", option, option, option]
    assert rows["EPJ-GE-001"] == [yes, yes, yes, yes]
    assert rows["BRATT-001"] == [no, no, no, f"{yes} {p['må']}"]
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert j["matrix_heading"] in headings


def test_the_members_chapter_gives_each_members_facts(built: dict[str, Path]) -> None:
    doc = Document(str(built["nb"] / f"{STEM}-kravspesifikasjon.docx"))
    j = words("nb")["joint"]
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    start = headings.index(j["members_heading"])
    assert headings[start + 1:start + 5] == ["Storfjord kommune", "Nordvik kommune", "Elvdal kommune", "Bratt kommune"]
    fields = j["fields"]
    facts = [dict((r.cells[0].text, r.cells[1].text) for r in t.rows) for t in doc.tables
             if t.rows[0].cells[0].text == fields["org_number"]]
    assert [f[fields["org_number"]] for f in facts] == ["964106428", "971806427", "944330178", "986220364"]
    storfjord, nordvik, elvdal, bratt = facts
    assert storfjord[fields["role"]] == j["roles"]["vertskommune"]
    assert storfjord[fields["go_live"]] == "mars 2028"  # "2028-03"
    assert storfjord[fields["population"]] == "9\u00a0200"
    assert nordvik[fields["users"]] == "480"
    assert elvdal[fields["go_live"]] == "høsten 2028"  # the bokmål text of {nb, nn}
    assert elvdal[fields["current_system"]].startswith("Papirbasert helsestasjonsjournal og Profil fra Visma")
    assert bratt[fields["go_live"]] == "september 2028"
    assert bratt[fields["areas"]] == "Hjemmetjenester, Psykisk helse og rus, Tildeling og vedtak"
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "Storfjord kommune, Nordvik kommune, Elvdal kommune og Bratt kommune" in body
    assert j["options"][0] in body


def test_the_cover_names_every_member_as_buyer(built: dict[str, Path]) -> None:
    doc = Document(str(built["nb"] / f"{STEM}-kravspesifikasjon.docx"))
    cover = doc.tables[0].rows[0].cells[1].text
    assert cover.splitlines() == ["Storfjord kommune (org.nr. 964106428)", "Nordvik kommune (org.nr. 971806427)",
                                  "Elvdal kommune (org.nr. 944330178)", "Bratt kommune (org.nr. 986220364)"]


# ---------------------------------------------------------------------------------------- Excel


def test_the_answer_sheet_has_locked_scope_and_option_columns(built: dict[str, Path]) -> None:
    book = load_workbook(built["nb"] / f"{STEM}-svarskjema.xlsx")
    wbw, j = words("nb")["workbook"], words("nb")["joint"]
    sheet = book[wbw["answers_sheet"]]
    header = [c.value for c in sheet[1]]
    assert header[7:10] == [wbw["columns"]["answer"], wbw["columns"]["description"], wbw["columns"]["reference"]]
    assert header[10:] == [j["workbook"]["columns"]["scope"], j["workbook"]["columns"]["option"]]
    rows = {sheet.cell(n, 1).value: n for n in range(2, sheet.max_row + 1)}
    for req_id, (applies, option) in SCOPE.items():
        n = rows[req_id]
        assert sheet.cell(n, 11).value == (applies or j["all_members"]), req_id
        assert (sheet.cell(n, 12).value or "") == (j["option"] if option else ""), req_id
        assert sheet.cell(n, 11).protection.locked and sheet.cell(n, 12).protection.locked
        assert not sheet.cell(n, 8).protection.locked  # the answer stays open
    assert sheet.protection.sheet
    assert sheet.auto_filter.ref == f"A1:L{sheet.max_row}"
    widths = [sheet.column_dimensions[c].width for c in "ABCDEFGHIJKL"]
    printable = 297 / 25.4 * 72 - (sheet.page_margins.left + sheet.page_margins.right) * 72
    assert 11 * min(1.0, printable / (sum(w * 7 + 5 for w in widths) * 0.75)) >= 8


def test_the_member_matrix_sheet(built: dict[str, Path]) -> None:
    book = load_workbook(built["nn"] / f"{STEM}-svarskjema.xlsx")
    j, wbw = words("nn")["joint"], words("nn")["workbook"]
    sheet = book[j["workbook"]["matrix_sheet"]]
    assert [c.value for c in sheet[1]] == [wbw["columns"]["id"], wbw["columns"]["title"], *LABELS]
    rows = {r[0]: list(r[2:]) for r in sheet.iter_rows(min_row=2, values_only=True)}
    p = j["priorities"]
    assert rows["EPJ-VT-001"] == [f"Opsjon {p['bør']}", f"Opsjon {p['bør']}", "–", f"– {p['ikke-aktuelt']}"]
    assert p["ikke-aktuelt"] == "Ikkje aktuelt"
    assert rows["EPJ-MI-008"] == ["✓", "✓", f"– {p['ikke-aktuelt']}", "✓"]
    assert sheet.protection.sheet and all(c.protection.locked for c in sheet[2])
    answers = book[wbw["answers_sheet"]]
    assert len(rows) == answers.max_row - 1  # the same requirements as the answer sheet
    instructions = [row[1] for row in book[wbw["instructions_sheet"]].iter_rows(values_only=True) if row[1]]
    assert any(line.startswith("Anskaffinga er éin felles konkurranse for Storfjord kommune, Nordvik kommune, "
                               "Elvdal kommune og Bratt kommune.") for line in instructions)


def test_an_answer_sheet_with_an_edited_scope_is_found(built: dict[str, Path], tmp_path: Path) -> None:
    source = built["nb"] / f"{STEM}-svarskjema.xlsx"
    assert anskaffelse.verify_answer_sheet(source, PROFILE) == []
    book = load_workbook(source)
    sheet = book[words("nb")["workbook"]["answers_sheet"]]
    row = next(n for n in range(2, sheet.max_row + 1) if sheet.cell(n, 1).value == "EPJ-MI-008")
    sheet.cell(row, 11).value = "Storfjord"
    edited = tmp_path / "svar.xlsx"
    book.save(edited)
    findings = anskaffelse.verify_answer_sheet(edited, PROFILE)
    assert [(d.code, d.line, d.column) for d in findings] == [("A008", row, 11)]
    assert "EPJ-MI-008" in findings[0].message


def test_the_answer_check_reads_a_joint_workbook_as_published(cli, built: dict[str, Path]) -> None:
    """An unanswered joint workbook: unanswered requirements, but no changed cell, sheet or version."""
    result = cli("answers", "check", built["nb"] / f"{STEM}-spesifikasjon.json",
                 built["nb"] / f"{STEM}-svarskjema.xlsx", "--json")
    data = json.loads(result.stdout)
    found = {d["code"] for w in data["workbooks"] for d in w["findings"]}
    assert "A010" in found  # the unanswered minstekrav
    assert not found & {"A002", "A003", "A004", "A005", "A006", "A007", "A008", "A022", "A023"}, found


# ---------------------------------------------------------------------------------------- JSON


def test_the_json_carries_members_and_each_requirements_scope(built: dict[str, Path]) -> None:
    path = built["nb"] / f"{STEM}-spesifikasjon.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert not list(validator_for("specification").iter_errors(data))
    assert [(m["id"], m["name"], m["org_number"]) for m in data["members"]] == [
        ("storfjord", "Storfjord kommune", "964106428"), ("nordvik", "Nordvik kommune", "971806427"),
        ("elvdal", "Elvdal kommune", "944330178"), ("bratt", "Bratt kommune", "986220364")]
    assert data["members"][0]["role"] == "vertskommune"
    reqs = {r["id"]: r for m in data["modules"] for r in m["requirements"]}
    ids = {label: member for label, member in zip(LABELS, ["storfjord", "nordvik", "elvdal", "bratt"], strict=True)}
    for req_id, (applies, option) in SCOPE.items():
        expected = [ids[label] for label in applies.split(", ")] if applies else []
        assert (reqs[req_id]["members"], reqs[req_id]["option"]) == (expected, option), req_id
    spec = read_specification(path)
    assert [m.id for m in spec.members] == ["storfjord", "nordvik", "elvdal", "bratt"]
    assert dict(spec.members[3].priorities)["EPJ-PR-001"] == "må"


def test_building_twice_gives_the_same_bytes(built: dict[str, Path], tmp_path: Path) -> None:
    anskaffelse.build([PROFILE], tmp_path)
    for suffix in ("kravspesifikasjon.docx", "svarskjema.xlsx", "spesifikasjon.json"):
        assert (tmp_path / f"{STEM}-{suffix}").read_bytes() == (built["nb"] / f"{STEM}-{suffix}").read_bytes()


# ---------------------------------------------------------------------------------------- LibreOffice


@pytest.mark.libreoffice
def test_libreoffice_converts_both_documents(built: dict[str, Path], tmp_path: Path) -> None:
    require_tool("soffice", "libreoffice")
    profile = tmp_path / "lo-profile"
    docx = pdf_text(convert_to_pdf(built["nb"] / f"{STEM}-kravspesifikasjon.docx", tmp_path / "pdf", profile))
    xlsx = pdf_text(convert_to_pdf(built["nb"] / f"{STEM}-svarskjema.xlsx", tmp_path / "pdf", profile))
    j = words("nb")["joint"]
    for text in (j["matrix_heading"], j["members_heading"], "Gjelder: Storfjord, Nordvik · Opsjon"):
        assert text in docx.replace("\n", " "), text
    assert j["workbook"]["columns"]["scope"] in xlsx and "Elvdal" in xlsx and "EPJ-MI-008" in xlsx


@pytest.mark.libreoffice
def test_format_pdf_adds_one_pdf(cli, tmp_path: Path) -> None:
    require_tool("soffice", "libreoffice")
    source = tmp_path / "eksempel"
    shutil.copytree(JOINT, source)
    result = cli("build", source / "felles-anskaffelse.yaml", "-o", tmp_path / "ut", "--format",
                 "docx,xlsx,json,pdf")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "ut").iterdir()) == [
        f"{STEM}-kravspesifikasjon.docx", f"{STEM}-kravspesifikasjon.pdf", f"{STEM}-spesifikasjon.json",
        f"{STEM}-svarskjema.xlsx"]
    assert "Medlemsmatrise" in pdf_text(tmp_path / "ut" / f"{STEM}-kravspesifikasjon.pdf")
