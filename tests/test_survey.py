"""The survey (kartlegging): 60 synthetic answers with planted patterns, reported through the CLI.

Every expected number below is worked out by hand from the planted pattern,
not by the aggregation code: coverage = (Fullt + ½ Delvis) / (Fullt + Delvis + Ikke).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from .conftest import Cli
from .survey_fill import fill, requirement_ids

PROFILE = """\
library_version: ">=2.0, <3"
namespace: TEST
tender:
  title: Kartlegging av EPJ
  reference: "2026/9"
  buyers:
    - name: Testvik kommune
      org_number: "940000130"
  procedure: apen-anbudskonkurranse
  contract_standard: SSA-T
  deadline: "2027-02-01 12:00"
  date: "2027-01-05"
  language: nb
select:
  modules: [{modules}]
award_criteria:
  - name: Kvalitet
    weight: 70
  - name: Pris
    weight: 30
    price: {{model: lineær}}
"""
A, B = "tilgangsstyring", "drift"
A_COUNT, B_COUNT = 15, 26
X = "EPJ-DR-001"
"""The one requirement every respondent marks Må."""
ODD = "EPJ-TL-001"
"""One Gamma respondent writes 'Kanskje' here: not an answer, skipped with a finding."""


def write_profile(folder: Path, name: str, modules: str) -> Path:
    path = folder / name
    path.write_text(PROFILE.format(modules=modules), encoding="utf-8")
    return path


def planted(n: int, req_id: str, module: str, nn: bool) -> tuple[str, object, str]:
    none, unknown = ("Ikkje", "Veit ikkje") if nn else ("Ikke", "Vet ikke")
    importance = "Må" if req_id == X else "Kan"
    if n < 30:  # Alfa EPJ: A fully, B not at all
        answer = "Fullt" if module == A else none
    elif n < 56:  # Beta EPJ: A partly, B fully
        answer = "Delvis" if module == A else "Fullt"
    else:  # Gamma and Delta EPJ: nobody knows
        answer = "Kanskje" if (n == 56 and req_id == ODD) else unknown
    return answer, importance, f"kommentar {n}"


def product(n: int) -> str:
    return "Alfa EPJ" if n < 30 else "Beta EPJ" if n < 56 else "Gamma EPJ" if n < 58 else "Delta EPJ"


def area(n: int) -> str:
    return "hjemmetjeneste" if n < 30 else "sykehjem" if n < 56 else "legevakt"


@pytest.fixture(scope="module")
def survey(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from typer.testing import CliRunner

    from anskaffelse.cli import app

    root = tmp_path_factory.mktemp("survey")
    profile = write_profile(root, "kommune.yaml", f"{B}, {A}")
    forms = root / "forms"
    result = CliRunner().invoke(app, ["survey", "export", str(profile), "-o", str(forms), "--lang", "nb,nn"])
    assert result.exit_code == 0, result.output
    blanks = {lang: forms / f"kommune-kartlegging-{lang}.xlsx" for lang in ("nb", "nn")}
    ids = requirement_ids(blanks["nb"])
    module_of = {i: A if i.startswith("EPJ-TL") else B for i in ids}
    answers = root / "answers"
    answers.mkdir()
    for n in range(60):
        nn = 20 <= n < 30
        facts = [f"Kommune {n:02d}", f"9{n:08d}", area(n), product(n), "Leverandør AS", "1.0", 100 + n, "rådgiver"]
        fill(blanks["nn" if nn else "nb"], answers / f"r{n:02d}.xlsx", facts,
             {i: planted(n, i, module_of[i], nn) for i in ids})
    return {"root": root, "spec": forms / "kommune-kartlegging-spesifikasjon.json", "answers": answers,
            "ids": ids, "blanks": blanks, "profile": profile}


def hostile_files(folder: Path, root: Path) -> list[Path]:
    """A zip bomb, text renamed .xlsx, and a filled workbook of another specification."""
    from typer.testing import CliRunner

    from anskaffelse.cli import app

    folder.mkdir(exist_ok=True)
    bomb = folder / "bombe.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 200_000_000)
    bomb.write_bytes(buffer.getvalue())
    text = folder / "notat.xlsx"
    text.write_text("Dette er bare tekst.\n", encoding="utf-8")
    other_profile = write_profile(root, "annen.yaml", "arkiv")
    other = root / "other-forms"
    result = CliRunner().invoke(app, ["survey", "export", str(other_profile), "-o", str(other)])
    assert result.exit_code == 0, result.output
    blank = other / "annen-kartlegging-nb.xlsx"
    foreign = folder / "annen-kommune.xlsx"
    fill(blank, foreign, ["Fremmed kommune", "911111111", "sykehjem", "Alfa EPJ", "", "", 5, ""],
         {i: ("Fullt", "Må", "") for i in requirement_ids(blank)})
    return [bomb, text, foreign]


def report(cli: Cli, survey: dict[str, Any], out: Path, *extra: str | Path) -> tuple[Any, dict[str, Any]]:
    files = sorted(survey["answers"].glob("*.xlsx"))
    result = cli("survey", "report", survey["spec"], *files, *extra, "-o", out, "--no-pdf", "--json")
    assert result.exit_code == 0, result.output
    return result, json.loads(result.stdout)["aggregates"]


@pytest.fixture(scope="module")
def aggregates(survey: dict[str, Any]) -> dict[str, Any]:
    from typer.testing import CliRunner

    from anskaffelse.cli import app

    out = survey["root"] / "report"
    files = [str(p) for p in sorted(survey["answers"].glob("*.xlsx"))]
    result = CliRunner().invoke(app, ["survey", "report", str(survey["spec"]), *files, "-o", str(out),
                                      "--no-pdf", "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    data["out"] = out
    return data


def test_totals_match_the_planted_pattern(aggregates: dict[str, Any]) -> None:
    agg = aggregates["aggregates"]
    assert agg["respondents"] == 60
    full = 30 * A_COUNT + 26 * B_COUNT
    partial = 26 * A_COUNT
    none = 30 * B_COUNT
    unknown = 4 * (A_COUNT + B_COUNT) - 1  # the one 'Kanskje' is skipped
    assert agg["total"]["counts"] == {"full": full, "partial": partial, "none": none, "unknown": unknown,
                                      "not_relevant": 0}
    assert agg["total"]["coverage"] == round(100 * (full + partial / 2) / (full + partial + none), 1)


def test_coverage_per_module(aggregates: dict[str, Any]) -> None:
    modules = {m["id"]: m for m in aggregates["aggregates"]["modules"]}
    # A: 30 Fullt + 26 Delvis per requirement; B: 26 Fullt + 30 Ikke.
    assert modules[A]["coverage"] == round(100 * (30 + 13) / 56, 1) == 76.8
    assert modules[B]["coverage"] == round(100 * 26 / 56, 1) == 46.4
    assert modules[A]["counts"]["partial"] == 26 * A_COUNT


def test_products_below_the_threshold_are_pooled_and_not_named(aggregates: dict[str, Any]) -> None:
    products = aggregates["aggregates"]["products"]
    assert [(p["name"], p["respondents"]) for p in products] == [("Alfa EPJ", 30), ("Beta EPJ", 26), (None, 4)]
    alfa, beta, pooled = products
    assert alfa["coverage"] == round(100 * A_COUNT / (A_COUNT + B_COUNT), 1)
    assert beta["coverage"] == round(100 * (B_COUNT + A_COUNT / 2) / (A_COUNT + B_COUNT), 1)
    assert alfa["modules"] == {B: 0.0, A: 100.0}
    assert pooled["pooled"] and pooled["coverage"] is None
    everything = json.dumps(aggregates["aggregates"]) + _workbook_text(aggregates["out"] / "kartlegging-rapport.xlsx")
    everything += _docx_text(aggregates["out"] / "kartlegging-rapport.docx")
    for hidden in ("Gamma EPJ", "Delta EPJ", "Kommune 00", "kommentar 3"):
        assert hidden not in everything


def test_important_and_poorly_supported_first(aggregates: dict[str, Any]) -> None:
    agg = aggregates["aggregates"]
    assert agg["gaps"] == [X]
    x = next(r for r in agg["requirements"] if r["id"] == X)
    assert x["must_share"] == 100.0
    assert x["coverage"] == 46.4
    assert x["need"] == round(1 - 0.464, 3)


def test_an_answer_that_is_not_on_the_scale_is_reported_with_its_cell(aggregates: dict[str, Any]) -> None:
    findings = [f for f in aggregates["findings"] if f["code"] == "R005"]
    assert len(findings) == 1
    assert findings[0]["file"].endswith("r56.xlsx") and "Kanskje" in findings[0]["message"]
    assert findings[0]["line"] >= 2 and findings[0]["column"] == 6


def test_hostile_and_foreign_workbooks_are_skipped_without_changing_the_numbers(
        cli: Cli, survey: dict[str, Any], aggregates: dict[str, Any], tmp_path: Path) -> None:
    bad = hostile_files(tmp_path / "bad", tmp_path)
    dialogue = tmp_path / "rfi"
    assert cli("dialogue", "export", survey["profile"], "-o", dialogue).exit_code == 0
    bad.append(dialogue / "kommune-markedsdialog-nb.xlsx")
    result, agg = report(cli, survey, tmp_path / "out", *bad)
    findings = json.loads(result.stdout)["findings"]
    skipped = {Path(f["file"]).name: f["code"] for f in findings if f["message"].startswith("skipped")}
    assert skipped == {"bombe.xlsx": "R001", "notat.xlsx": "R001", "annen-kommune.xlsx": "R003",
                       "kommune-markedsdialog-nb.xlsx": "R002"}
    assert sorted(Path(p).name for p in agg["skipped"]) == sorted(skipped)
    before = dict(aggregates["aggregates"], skipped=[])
    assert dict(agg, skipped=[]) == before
    plain = cli("survey", "report", survey["spec"], *bad, *sorted(survey["answers"].glob("r0*.xlsx")),
                "-o", tmp_path / "plain", "--no-pdf")
    assert plain.exit_code == 0
    assert "bombe.xlsx" in plain.stderr and "zip bomb" in plain.stderr
    assert "R003" in plain.stderr


def test_only_bad_workbooks_is_an_error(cli: Cli, survey: dict[str, Any], tmp_path: Path) -> None:
    text = tmp_path / "notat.xlsx"
    text.write_text("tekst", encoding="utf-8")
    result = cli("survey", "report", survey["spec"], text, "-o", tmp_path / "out", "--no-pdf")
    assert result.exit_code == 1
    assert "R006" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_usage_errors(cli: Cli, survey: dict[str, Any], tmp_path: Path) -> None:
    assert cli("survey", "report", tmp_path / "nope.json", survey["spec"], "-o", tmp_path).exit_code == 2
    missing = cli("survey", "report", survey["spec"], tmp_path / "nope.xlsx", "-o", tmp_path)
    assert missing.exit_code == 2 and "nope.xlsx" in missing.stderr
    not_json = tmp_path / "spec.json"
    not_json.write_text("{", encoding="utf-8")
    result = cli("survey", "report", not_json, *sorted(survey["answers"].glob("r00.xlsx")), "-o", tmp_path)
    assert result.exit_code == 1 and "J001" in result.stderr
    assert cli("survey", "export", survey["profile"], "--lang", "en,xx", "-o", tmp_path).exit_code == 2
    assert cli("survey", "report", survey["spec"], "--min-group", "0", *sorted(survey["answers"].glob("r00.xlsx")),
               "-o", tmp_path).exit_code == 2


def test_named_report_shows_municipalities_and_every_product(cli: Cli, survey: dict[str, Any],
                                                             tmp_path: Path) -> None:
    _, agg = report(cli, survey, tmp_path, "--named", "--min-group", "2")
    assert [p["name"] for p in agg["products"]] == ["Alfa EPJ", "Beta EPJ", "Delta EPJ", "Gamma EPJ"]
    book = load_workbook(tmp_path / "kartlegging-rapport.xlsx", read_only=True)
    rows = list(book["Per kommune"].iter_rows(values_only=True))
    assert rows[1][:3] == ("Kommune 00", "Alfa EPJ", "hjemmetjeneste")
    assert rows[1][3] == round(100 * A_COUNT / (A_COUNT + B_COUNT), 1)


def test_workbook_has_tidy_data_pivots_and_native_charts(aggregates: dict[str, Any]) -> None:
    path = aggregates["out"] / "kartlegging-rapport.xlsx"
    book = load_workbook(path, read_only=True)
    assert book.sheetnames == ["Data", "Per krav", "Per kapittel", "Per tjenesteområde", "Per produkt",
                               "Viktighet og dekning"]
    tidy = list(book["Data"].iter_rows(values_only=True))
    assert len(tidy) == 1 + 60 * (A_COUNT + B_COUNT) - 1
    assert tidy[1] == ("R001", "hjemmetjeneste", "Alfa EPJ", tidy[1][3], A, "Fullt", "Kan")
    with zipfile.ZipFile(path) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 4


def test_docx_report_has_the_charts_and_tells_the_findings(aggregates: dict[str, Any]) -> None:
    path = aggregates["out"] / "kartlegging-rapport.docx"
    with zipfile.ZipFile(path) as archive:
        media = sorted(n for n in archive.namelist() if n.startswith("word/media/"))
        assert media == ["word/media/image1.png", "word/media/image2.png"]
        assert all(archive.read(n).startswith(b"\x89PNG") for n in media)
    text = _docx_text(path)
    assert "60 respondenter svarte på 41 krav" in text
    assert "dårligst dekket er «Drift, tilgjengelighet og brukerstøtte» (46 prosent)" in text
    assert X in text


def test_reports_are_byte_identical_from_run_to_run(cli: Cli, survey: dict[str, Any], aggregates: dict[str, Any],
                                                    tmp_path: Path) -> None:
    report(cli, survey, tmp_path)
    for name in ("kartlegging-rapport.xlsx", "kartlegging-rapport.docx", "kartlegging-rapport.json"):
        assert (tmp_path / name).read_bytes() == (aggregates["out"] / name).read_bytes(), name


def test_charts_are_the_same_bytes_every_time() -> None:
    from anskaffelse.survey import charts

    first = charts.heatmap(["Legemidler", "Drift"], ["Alfa", "Beta"], [[10.0, None], [80.0, 55.5]], "Dekning")
    again = charts.heatmap(["Legemidler", "Drift"], ["Alfa", "Beta"], [[10.0, None], [80.0, 55.5]], "Dekning")
    assert first == again and first.startswith(b"\x89PNG")
    assert b"Software" not in first and b"matplotlib" not in first
    other = charts.heatmap(["Legemidler", "Drift"], ["Alfa", "Beta"], [[90.0, None], [80.0, 55.5]], "Dekning")
    assert other != first


def test_survey_workbook_is_protected_fingerprinted_and_in_the_respondents_language(survey: dict[str, Any]) -> None:
    for lang, none in (("nb", "Ikke"), ("nn", "Ikkje")):
        book = load_workbook(survey["blanks"][lang])
        answers = book.worksheets[3]
        assert answers.protection.sheet and book.worksheets[1].protection.sheet
        assert answers.cell(2, 4).protection.locked and not answers.cell(2, 6).protection.locked
        lists = [c.value for c in book.worksheets[2]["A"]]
        assert none in lists and ("Vet ikke" if lang == "nb" else "Veit ikkje") in lists
        assert [c.value for c in book.worksheets[2]["B"]][:3] == ["Må", "Bør", "Kan"]
        control = book["Kontroll"]
        assert control.sheet_state == "veryHidden"
        assert control["B1"].value == "anskaffelse-kartlegging/1"
        facts = [c.value for c in book.worksheets[1]["A"]][1:]
        assert len(facts) == 8 and ("Kommune" in facts)
    nb = survey["blanks"]["nb"]
    again = survey["root"] / "again"
    from typer.testing import CliRunner

    from anskaffelse.cli import app

    assert CliRunner().invoke(app, ["survey", "export", str(survey["profile"]), "-o", str(again)]).exit_code == 0
    assert (again / nb.name).read_bytes() == nb.read_bytes()


def _docx_text(path: Path) -> str:
    import re

    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    return "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))


def _workbook_text(path: Path) -> str:
    book = load_workbook(path, read_only=True)
    return " ".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)


def test_an_edited_requirement_text_is_reported_and_the_answer_kept(cli: Cli, survey: dict[str, Any],
                                                                     tmp_path: Path) -> None:
    edited = tmp_path / "endret.xlsx"
    book = load_workbook(survey["answers"] / "r00.xlsx")
    book.worksheets[3].cell(2, 4).value = "Løsningen bør kanskje gjøre noe."
    book.save(edited)
    result = cli("survey", "report", survey["spec"], edited, "-o", tmp_path / "out", "--no-pdf", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    [finding] = [f for f in data["findings"] if f["code"] == "R004"]
    assert (finding["line"], finding["column"]) == (2, 4)
    assert data["aggregates"]["respondents"] == 1
    assert data["aggregates"]["total"]["counts"]["full"] == A_COUNT


def test_named_word_report_has_results_per_municipality(cli: Cli, survey: dict[str, Any], tmp_path: Path) -> None:
    files = sorted(survey["answers"].glob("r0[0-2].xlsx"))
    result = cli("survey", "report", survey["spec"], *files, "-o", tmp_path, "--no-pdf", "--named")
    assert result.exit_code == 0
    text = _docx_text(tmp_path / "kartlegging-rapport.docx")
    assert "Resultater per kommune" in text and "Kommune 02" in text
    anonymous = cli("survey", "report", survey["spec"], *files, "-o", tmp_path / "anon", "--no-pdf")
    assert anonymous.exit_code == 0
    assert "Kommune 02" not in _docx_text(tmp_path / "anon" / "kartlegging-rapport.docx")
