"""A workbook per respondent: exported from a list, filled in by script, reported, through the command line.

Three municipalities (one in nynorsk) get a pre-filled workbook each; two
answer. The report must name the third as not answered, put every workbook to
the municipality it was made for, keep the last saved of two workbooks from
one municipality, and flag facts that contradict the pre-label. Expected
values are worked out here, not taken from the code under test.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from .answer_workbooks import part, repack
from .conftest import Cli
from .survey_fill import fill, requirement_ids
from .test_survey import A_COUNT, B_COUNT, A, B, write_profile

RESPONDENTS = """\
# Kommunene i kartleggingen
respondents:
  - municipality: Bratt kommune
    org_number: "964965226"
    language: nn
    areas: [hjemmetjeneste, institusjon]
    contact: Kari Nordmann
    role: fagsystemansvarlig
  - municipality: Nordvik kommune
    org_number: "940000130"
    language: nb
    areas: [hjemmetjeneste]
  - municipality: Elvdal kommune
    org_number: "921234562"
    language: nb
    areas: [institusjon]
    contact: Ola Elvdal
"""
REQUIREMENTS = A_COUNT + B_COUNT
NAMES = {"bratt-kommune": ("Bratt kommune", "964965226", "nn"),
         "nordvik-kommune": ("Nordvik kommune", "940000130", "nb"),
         "elvdal-kommune": ("Elvdal kommune", "921234562", "nb")}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("respondents")
    profile = write_profile(root, "kommune.yaml", f"{B}, {A}")
    listed = root / "kommuner.yaml"
    listed.write_text(RESPONDENTS, encoding="utf-8")
    forms = root / "forms"
    result = Cli()("survey", "export", profile, "-o", forms, "--respondents", listed)
    assert result.exit_code == 0, result.output
    return {"root": root, "profile": profile, "list": listed, "forms": forms,
            "spec": forms / "kommune-kartlegging-spesifikasjon.json",
            "books": {stem: forms / f"kommune-kartlegging-{stem}.xlsx" for stem in NAMES}}


def prefilled_facts(path: Path) -> list[Any]:
    return [c.value for c in load_workbook(path).worksheets[1]["B"][1:9]]


def answered(source: Path, target: Path, answer: str, **facts: Any) -> Path:
    """`source` filled in by its respondent: every requirement `answer`, importance Må; some facts changed."""
    given = prefilled_facts(source)
    order = ["municipality", "org_number", "area", "product", "supplier", "version", "users", "role"]
    given[order.index("product")] = "Alfa EPJ"
    for name, value in facts.items():
        given[order.index(name)] = value
    fill(source, target, given, {i: (answer, "Må", "") for i in requirement_ids(source)})
    return target


def saved_at(path: Path, stamp: str) -> Path:
    """The workbook as if saved at `stamp` (its core properties, as Excel writes them on saving)."""
    core = part(path, "docProps/core.xml")
    changed = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp.encode() + rb"\g<2>",
                     core)
    assert changed != core
    moved = path.with_suffix(".tmp.xlsx")
    repack(path, moved, {"docProps/core.xml": changed})
    moved.replace(path)
    return path


def report(cli: Cli, exported: dict[str, Any], files: list[Path], out: Path, *extra: str) -> dict[str, Any]:
    result = cli("survey", "report", exported["spec"], *files, "-o", out, "--no-pdf", "--json",
                 "--respondents", exported["list"], *extra)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


# ---------------------------------------------------------------- export


def test_export_writes_one_prefilled_workbook_per_respondent_in_its_language(exported: dict[str, Any]) -> None:
    assert sorted(p.name for p in exported["forms"].iterdir()) == sorted(
        [*(p.name for p in exported["books"].values()), "kommune-kartlegging-spesifikasjon.json"])
    for stem, (name, number, lang) in NAMES.items():
        book = load_workbook(exported["books"][stem])
        intro, facts, _, answers, control = book.worksheets
        assert intro.title == ("Rettleiing" if lang == "nn" else "Veiledning")
        lines = [row[1] for row in intro.iter_rows(values_only=True)]
        made_for = "Skjemaet er laga for" if lang == "nn" else "Skjemaet er laget for"
        assert any(line and line.startswith(f"{made_for} {name}.") for line in lines)
        values = [c.value for c in facts["B"][1:9]]
        assert values[:2] == [name, number]
        assert values[2] == {"bratt-kommune": "hjemmetjeneste, institusjon", "nordvik-kommune": "hjemmetjeneste",
                             "elvdal-kommune": "institusjon"}[stem]
        assert values[7] == ("fagsystemansvarlig" if stem == "bratt-kommune" else None)
        # The facts stay open for corrections; the requirement texts are locked.
        assert facts.protection.sheet and not facts["B2"].protection.locked
        assert answers.protection.sheet and answers.cell(2, 4).protection.locked
        assert answers.cell(1, 6).value == ("Dagens løysing" if lang == "nn" else "Dagens løsning")
        assert control.sheet_state == "veryHidden" and control["C2"].value == lang
        selection = control["B4"].value
        assert [control.cell(r, 5).value for r in (1, 2, 3)] == [
            "respondent_name", "respondent_org_number", "respondent_sha256"]
        expected = hashlib.sha256(f"{name}\x1f{number}\x1f{selection}".encode()).hexdigest()
        assert [control.cell(r, 6).value for r in (1, 2, 3)] == [name, number, expected]


def test_export_is_byte_identical_and_names_files_safely(exported: dict[str, Any], cli: Cli, tmp_path: Path) -> None:
    again = tmp_path / "igjen"
    assert cli("survey", "export", exported["profile"], "-o", again, "--respondents", exported["list"]).exit_code == 0
    for path in exported["forms"].iterdir():
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name
    twins = tmp_path / "like.yaml"
    twins.write_text("respondents:\n"
                     "  - {municipality: Herøy kommune, org_number: \"964965226\", language: nn, areas: [legevakt]}\n"
                     "  - {municipality: Herøy  Kommune, org_number: \"940000130\", language: nb, areas: [legevakt]}\n"
                     "  - {municipality: \"../Åfjord/ kommune\", org_number: \"921234562\", language: nb, "
                     "areas: [legevakt]}\n"
                     "  - {municipality: \"«»\", org_number: \"976543211\", language: nb, areas: [legevakt]}\n",
                     encoding="utf-8")
    out = tmp_path / "like"
    assert cli("survey", "export", exported["profile"], "-o", out, "--respondents", twins).exit_code == 0
    assert sorted(p.name for p in out.glob("*.xlsx")) == [
        "kommune-kartlegging-976543211.xlsx", "kommune-kartlegging-afjord-kommune.xlsx",
        "kommune-kartlegging-heroy-kommune-940000130.xlsx", "kommune-kartlegging-heroy-kommune-964965226.xlsx"]


def test_lang_does_not_go_with_a_list_and_blank_workbooks_need_none(exported: dict[str, Any], cli: Cli,
                                                                    tmp_path: Path) -> None:
    result = cli("survey", "export", exported["profile"], "-o", tmp_path / "a", "--respondents", exported["list"],
                 "--lang", "nb")
    assert result.exit_code == 2 and "--lang" in result.output and not (tmp_path / "a").exists()
    missing = cli("survey", "export", exported["profile"], "-o", tmp_path / "b", "--respondents", tmp_path / "x.yaml")
    assert missing.exit_code == 2 and "x.yaml" in missing.output
    blank = cli("survey", "export", exported["profile"], "-o", tmp_path / "c", "--lang", "nb,nn")
    assert blank.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "c").glob("*.xlsx")) == ["kommune-kartlegging-nb.xlsx",
                                                                     "kommune-kartlegging-nn.xlsx"]


# ---------------------------------------------------------------- report


@pytest.fixture(scope="module")
def filled(exported: dict[str, Any]) -> dict[str, Path]:
    """Bratt (nynorsk) answers Fullt everywhere, Nordvik Delvis; Elvdal does not answer."""
    folder = exported["root"] / "svar"
    folder.mkdir()
    books = exported["books"]
    return {"bratt": saved_at(answered(books["bratt-kommune"], folder / "bratt.xlsx", "Fullt"), "2027-01-10T08:00:00Z"),
            "nordvik": saved_at(answered(books["nordvik-kommune"], folder / "nordvik.xlsx", "Delvis"),
                                "2027-01-12T09:30:00Z")}


def test_the_report_names_who_has_not_answered_and_puts_each_workbook_to_its_respondent(
        exported: dict[str, Any], filled: dict[str, Path], cli: Cli, tmp_path: Path) -> None:
    data = report(cli, exported, list(filled.values()), tmp_path / "navngitt", "--named")
    [missing] = [f for f in data["findings"] if f["code"] == "S050"]
    assert "Elvdal kommune (921234562) has not answered" in missing["message"] and "Ola Elvdal" in missing["hint"]
    text = exported["list"].read_text(encoding="utf-8").splitlines()
    assert (missing["file"].endswith("kommuner.yaml"), text[missing["line"] - 1].strip()) == (
        True, "- municipality: Elvdal kommune")
    attribution = data["aggregates"]["attribution"]
    assert (attribution["invited"], attribution["answered"], attribution["missing"]) == (3, 2, 1)
    assert [(a["name"], Path(a["file"]).name) for a in attribution["answered_by"]] == [
        ("Bratt kommune", "bratt.xlsx"), ("Nordvik kommune", "nordvik.xlsx")]
    assert attribution["not_answered"] == [{"name": "Elvdal kommune", "org_number": "921234562"}]
    # Fullt from one, Delvis from the other: coverage (1 + ½) / 2 = 75 per cent.
    assert data["aggregates"]["respondents"] == 2 and data["aggregates"]["total"]["coverage"] == 75.0
    per_municipality = load_workbook(tmp_path / "navngitt" / "kartlegging-rapport.xlsx", read_only=True)["Per kommune"]
    assert [row[0] for row in per_municipality.iter_rows(min_row=2, values_only=True)] == [
        "Bratt kommune", "Nordvik kommune"]
    words = _docx_text(tmp_path / "navngitt" / "kartlegging-rapport.docx")
    assert "2 av 3 kommuner på lista har svart (67 prosent)." in words
    assert "Kommuner som ikke har svart" in words and "Elvdal kommune (921234562)" in words


def test_without_names_the_report_counts_and_names_nobody(exported: dict[str, Any], filled: dict[str, Path],
                                                          cli: Cli, tmp_path: Path) -> None:
    data = report(cli, exported, list(filled.values()), tmp_path)
    assert data["aggregates"]["attribution"] == {"left_out": [], "invited": 3, "answered": 2, "missing": 1}
    words = _docx_text(tmp_path / "kartlegging-rapport.docx") + (tmp_path / "kartlegging-rapport.json").read_text(
        encoding="utf-8")
    assert "2 av 3 kommuner på lista har svart" in words
    assert not any(name in words for name in ("Bratt", "Nordvik", "Elvdal"))


def test_of_two_workbooks_from_one_municipality_the_last_saved_counts(
        exported: dict[str, Any], filled: dict[str, Path], cli: Cli, tmp_path: Path) -> None:
    # "a-nordvik.xlsx" comes first by name but was saved last: it counts, whatever the order of the names.
    newer = saved_at(answered(exported["books"]["nordvik-kommune"], tmp_path / "a-nordvik.xlsx", "Fullt"),
                     "2027-01-20T14:03:00Z")
    data = report(cli, exported, [filled["bratt"], filled["nordvik"], newer], tmp_path / "ut")
    [twice] = [f for f in data["findings"] if f["code"] == "S051"]
    assert Path(twice["file"]).name == "nordvik.xlsx" and "a-nordvik.xlsx (saved 2027-01-20T14:03:00Z)" in (
        twice["message"])
    assert data["aggregates"]["attribution"]["left_out"] == [twice["file"]]
    # Bratt Fullt and Nordvik's later answers Fullt: all covered; Nordvik's earlier Delvis is left out.
    total = data["aggregates"]["total"]
    assert data["aggregates"]["respondents"] == 2 and total["counts"]["full"] == 2 * REQUIREMENTS
    assert total["counts"]["partial"] == 0


def test_facts_that_contradict_the_prelabel_are_flagged_and_the_answers_kept(
        exported: dict[str, Any], filled: dict[str, Path], cli: Cli, tmp_path: Path) -> None:
    passed_on = answered(exported["books"]["elvdal-kommune"], tmp_path / "elvdal.xlsx", "Ikke",
                         municipality="Storfjord kommune", org_number="933333337")
    data = report(cli, exported, [*filled.values(), passed_on], tmp_path / "ut", "--named")
    flagged = sorted((f["line"], f["column"], f["sheet"]) for f in data["findings"] if f["code"] == "S052")
    assert flagged == [(2, 2, "Om respondenten"), (3, 2, "Om respondenten")]
    attribution = data["aggregates"]["attribution"]
    assert attribution["missing"] == 0
    assert ("Elvdal kommune", "elvdal.xlsx") in [(a["name"], Path(a["file"]).name) for a in attribution["answered_by"]]
    # A mere spelling of the same name is no contradiction.
    same = answered(exported["books"]["elvdal-kommune"], tmp_path / "elvdal2.xlsx", "Ikke", municipality="ELVDAL")
    quiet = report(cli, exported, [same], tmp_path / "ut2")
    assert not [f for f in quiet["findings"] if f["code"] == "S052"]


def test_a_blank_workbook_counts_for_the_municipality_its_facts_name(exported: dict[str, Any], cli: Cli,
                                                                     tmp_path: Path) -> None:
    blank = tmp_path / "blank"
    assert cli("survey", "export", exported["profile"], "-o", blank).exit_code == 0
    source = blank / "kommune-kartlegging-nb.xlsx"
    facts = ["Nordvik", "940 000 130", "hjemmetjeneste", "Alfa EPJ", "", "", 10, ""]
    fill(source, tmp_path / "nordvik.xlsx", facts, {i: ("Fullt", "Må", "") for i in requirement_ids(source)})
    stranger = ["Fremmed kommune", "976543211", "legevakt", "Beta EPJ", "", "", 5, ""]
    fill(source, tmp_path / "fremmed.xlsx", stranger, {i: ("Ikke", "Kan", "") for i in requirement_ids(source)})
    data = report(cli, exported, [tmp_path / "nordvik.xlsx", tmp_path / "fremmed.xlsx"], tmp_path / "ut", "--named")
    by = data["aggregates"]["attribution"]["answered_by"]
    assert [(a["name"], Path(a["file"]).name) for a in by] == [("Nordvik kommune", "nordvik.xlsx")]
    [stranger_found] = [f for f in data["findings"] if f["code"] == "S054"]
    assert "Fremmed kommune" in stranger_found["message"] and data["aggregates"]["respondents"] == 2


def test_an_edited_prelabel_is_not_trusted(exported: dict[str, Any], filled: dict[str, Path], cli: Cli,
                                           tmp_path: Path) -> None:
    forged = tmp_path / "forged.xlsx"
    book = load_workbook(filled["nordvik"])
    book["Kontroll"]["F1"].value = "Elvdal kommune"
    book.save(forged)
    data = report(cli, exported, [forged], tmp_path / "ut")
    codes = [f["code"] for f in data["findings"]]
    assert "S055" in codes
    # Read as a blank workbook, it counts for the municipality its facts name: Nordvik.
    assert data["aggregates"]["attribution"]["answered"] == 1 and codes.count("S050") == 2


# ---------------------------------------------------------------- bad lists


@pytest.mark.parametrize(("entry", "code", "at"), [
    ('  - {municipality: Bratt kommune, org_number: "964965227", language: nn, areas: [legevakt]}\n', "S040",
     '"964965227"'),
    ("  - {municipality: Bratt kommune, org_number: 964965226, language: nn, areas: [legevakt]}\n", "S005",
     "964965226"),
    ('  - {municipality: Bratt kommune, org_number: "964965226", language: en, areas: [legevakt]}\n', "S004", "en,"),
    ('  - {municipality: Bratt kommune, org_number: "964965226", areas: [legevakt]}\n', "S003", "{"),
    ('  - {municipality: Bratt kommune, org_number: "964965226", language: nn, areas: legevakt}\n', "S005",
     "legevakt}"),
    ('  - {kommune: Bratt kommune, org_number: "964965226", language: nn, areas: [legevakt]}\n', "S002", "kommune:"),
])
def test_a_bad_respondents_list_gives_findings_with_line_and_column(entry: str, code: str, at: str,
                                                                    exported: dict[str, Any], cli: Cli,
                                                                    tmp_path: Path) -> None:
    column = entry.index(at) + 1
    listed = tmp_path / "liste.yaml"
    listed.write_text("respondents:\n" + entry, encoding="utf-8")
    out = tmp_path / "ut"
    result = cli("survey", "export", exported["profile"], "-o", out, "--respondents", listed)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"liste.yaml:2:{column}:" in result.output and f"({code})" in result.output, result.output
    assert not out.exists()
    reported = cli("survey", "report", exported["spec"], *exported["books"].values(), "-o", out, "--no-pdf",
                   "--respondents", listed)
    assert reported.exit_code == 1 and f"({code})" in reported.output and not out.exists()


def test_the_same_organisation_number_twice_and_an_unknown_area(exported: dict[str, Any], cli: Cli,
                                                                tmp_path: Path) -> None:
    listed = tmp_path / "liste.yaml"
    listed.write_text("respondents:\n"
                      '  - {municipality: Bratt kommune, org_number: "964965226", language: nn, areas: [legevakt]}\n'
                      '  - {municipality: Brattvåg kommune, org_number: "964965226", language: nb, '
                      "areas: [legevakt]}\n", encoding="utf-8")
    result = cli("survey", "export", exported["profile"], "-o", tmp_path / "ut", "--respondents", listed)
    assert result.exit_code == 1 and "liste.yaml:3:" in result.output and "(S041)" in result.output
    listed.write_text("respondents:\n"
                      '  - {municipality: Bratt kommune, org_number: "964965226", language: nn, '
                      "areas: [sykehjem]}\n", encoding="utf-8")
    warned = cli("survey", "export", exported["profile"], "-o", tmp_path / "ut", "--respondents", listed, "--json")
    assert warned.exit_code == 0
    [finding] = json.loads(warned.stdout)["findings"]
    line = listed.read_text(encoding="utf-8").splitlines()[1]
    assert (finding["code"], finding["line"], finding["column"]) == ("S042", 2, line.index("sykehjem") + 1)
    assert "Did you mean institusjon?" in finding["hint"]


def test_a_list_of_suppliers_is_not_a_list_of_respondents(exported: dict[str, Any], cli: Cli, tmp_path: Path) -> None:
    result = cli("dialogue", "export", exported["profile"], "-o", tmp_path / "ut", "--suppliers", exported["list"])
    assert result.exit_code == 1
    assert "kommuner.yaml:2:1:" in result.output and "(S002)" in result.output and "(S003)" in result.output


# ---------------------------------------------------------------- the market dialogue


def test_the_dialogue_has_a_workbook_per_supplier_and_names_who_has_not_answered(
        exported: dict[str, Any], cli: Cli, tmp_path: Path) -> None:
    listed = tmp_path / "leverandorer.yaml"
    listed.write_text("suppliers:\n"
                      "  - supplier: Journalsystemer AS\n    org_number: \"976543211\"\n    language: nb\n"
                      "    product: Omsorg Pluss\n    contact: salg@journalsystemer.no\n"
                      "  - supplier: Fjordsoft AS\n    org_number: \"988776653\"\n    language: nn\n", encoding="utf-8")
    forms = tmp_path / "skjema"
    assert cli("dialogue", "export", exported["profile"], "-o", forms, "--suppliers", listed).exit_code == 0
    one = forms / "kommune-markedsdialog-journalsystemer-as.xlsx"
    book = load_workbook(one)
    assert [c.value for c in book.worksheets[1]["B"][1:6]] == [
        "Journalsystemer AS", "976543211", "Omsorg Pluss", None, "salg@journalsystemer.no"]
    assert load_workbook(forms / "kommune-markedsdialog-fjordsoft-as.xlsx").worksheets[0].title == "Rettleiing"
    facts = [c.value for c in book.worksheets[1]["B"][1:6]]
    answers = {i: ("Leveres i dag", None, "") for i in requirement_ids(one)}
    fill(one, tmp_path / "svar.xlsx", facts, answers)
    result = cli("dialogue", "report", forms / "kommune-markedsdialog-spesifikasjon.json", tmp_path / "svar.xlsx",
                 "-o", tmp_path / "ut", "--no-pdf", "--json", "--suppliers", listed)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    [missing] = [f for f in data["findings"] if f["code"] == "S050"]
    assert "Fjordsoft AS (988776653)" in missing["message"] and missing["line"] == 7
    assert data["aggregates"]["attribution"] == {"left_out": [], "invited": 2, "answered": 1, "missing": 1}


def test_the_example_lists_are_valid() -> None:
    from anskaffelse.survey.respondents import read_respondents

    from .conftest import EXAMPLES, spec_of

    areas = dict(spec_of(EXAMPLES / "kartlegging" / "fjordregionen.yaml").area_names)
    municipalities, found = read_respondents(EXAMPLES / "kartlegging" / "kommuner.yaml", "survey", areas)
    assert found == [] and len(municipalities) == 8 and {m.language for m in municipalities} == {"nb", "nn"}
    suppliers, found = read_respondents(EXAMPLES / "kartlegging" / "leverandorer.yaml", "dialogue", areas)
    assert found == [] and [s.name for s in suppliers] == ["Alfa Omsorg AS", "Beta Journal AS", "Gamma Helse AS"]


# ---------------------------------------------------------------- LibreOffice


@pytest.mark.libreoffice
def test_a_prefilled_workbook_converts_with_libreoffice(exported: dict[str, Any], tmp_path: Path) -> None:
    from .test_libreoffice import convert_to_pdf, pdf_text

    source = tmp_path / "bratt.xlsx"
    shutil.copyfile(exported["books"]["bratt-kommune"], source)
    text = pdf_text(convert_to_pdf(source, tmp_path / "pdf", tmp_path / "profil"))
    squeezed = " ".join(text.split())
    assert "Skjemaet er laga for Bratt kommune." in squeezed and "964965226" in squeezed
    assert "Kor godt" in squeezed or "Dagens løysing" in squeezed


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    return "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))
