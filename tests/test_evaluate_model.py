"""Evaluation of a small tender: weighted averages, several evaluators, ties, a prices file, nynorsk.

The tender scores three requirements of its own under "Drift" (40 %), with the
weights 9, 6 and 8 the profile gives them, the evaluated requirements of the
library's module drift under "Øvrig" (30 %, every one scored alike, so their
weights do not matter) and price proportionally (30 %), with the prices from a
prices file. Every expected number is worked out by hand in the comments.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

import anskaffelse

from .conftest import MINIMAL_PROFILE, Cli, words
from .evaluation_support import answered_workbook, docx_blocks, fill_scores, header_row, paragraphs, table_after

A, B = "Leverandør A", "Leverandør B"
BASE = MINIMAL_PROFILE[: MINIMAL_PROFILE.index("award_criteria:")]
"""A profile selecting the module drift, without its award criteria."""
OWN = """local_requirements:
"""
for number, (weight, title) in enumerate(((9, "Varsling av driftsstans"), (6, "Månedlig driftsrapport"),
                                          (8, "Gjenoppretting fra sikkerhetskopi")), 1):
    OWN += f"""\
  - id: TEST-00{number}
    title: {{nb: {title}, nn: {title}}}
    text:
      nb: Leverandøren skal beskrive hvordan løsningen ivaretar {title.lower()}.
      nn: Leverandøren skal skildre korleis løysinga tek vare på {title.lower()}.
    obligation: evaluert
    weight: {weight}
    response: {{type: beskrivelse}}
"""
CRITERIA = """\
award_criteria:
  - name: Drift
    weight: 40
    requirements: {ids: [TEST-001, TEST-002, TEST-003]}
  - name: Øvrig
    weight: 30
  - name: Pris
    weight: 30
    price: {model: proporsjonal}
"""
PRICES = "# Evaluert totalpris, kroner eksklusive mva.\nprices:\n  Leverandør A: 1000000\n  Leverandør B: 800000\n"


def make(tmp: Path, language: str = "nb", criteria: str = CRITERIA) -> tuple[Path, dict[str, Path]]:
    profile = tmp / "liten.yaml"
    profile.write_text(BASE.replace("language: nb", f"language: {language}") + OWN + criteria, encoding="utf-8")
    anskaffelse.build([profile], tmp, formats=["xlsx", "json"])
    spec = anskaffelse.specification(profile)[0]
    answers = {s: answered_workbook(tmp / "liten-svarskjema.xlsx", tmp / f"{s}.xlsx", spec, lang=language)
               for s in (A, B)}
    (tmp / "priser.yaml").write_text(PRICES, encoding="utf-8")
    return tmp / "liten-spesifikasjon.json", answers


TWO_EVALUATORS = {
    # Drift: (Kari, Ola) per requirement.
    ("Drift", A, "TEST-001"): (10, 9), ("Drift", A, "TEST-002"): (4, 4), ("Drift", A, "TEST-003"): (7, 7),
    ("Drift", B, "TEST-001"): (6, 6), ("Drift", B, "TEST-002"): (9, 9), ("Drift", B, "TEST-003"): (8, 8),
}


def two_evaluators(sheet: str, item: str, supplier: str, evaluator: int) -> float:
    if sheet == "Drift":
        return TWO_EVALUATORS[(sheet, supplier, item)][evaluator - 1]
    return 5 if supplier == A else 6


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    tmp = tmp_path_factory.mktemp("liten")
    spec, answers = make(tmp)
    cli = Cli()
    result = cli("evaluate", spec, answers[A], answers[B], "-o", tmp / "e.xlsx", "--prices", tmp / "priser.yaml",
                 "--evaluators", "Kari,Ola")
    assert result.exit_code == 0, result.output
    fill_scores(tmp / "e.xlsx", tmp / "f.xlsx", [A, B], two_evaluators, lambda s, i, who: f"{who}: {i}")
    result = cli("evaluate", "report", tmp / "f.xlsx", "-o", tmp / "r", "--format", "docx")
    assert result.exit_code == 0, result.output
    return docx_blocks(tmp / "r" / "tildelingsbegrunnelse.docx")


def test_each_evaluator_has_a_score_column_and_the_average_is_a_formula(tmp_path: Path, cli: Cli) -> None:
    spec, answers = make(tmp_path)
    assert cli("evaluate", spec, *answers.values(), "-o", tmp_path / "e.xlsx", "--prices", tmp_path / "priser.yaml",
               "--evaluators", "3").exit_code == 0
    ws = load_workbook(tmp_path / "e.xlsx")["Drift"]
    c = words("nb")["evaluation_workbook"]["columns"]
    headers = [ws.cell(header_row(ws), col).value for col in range(1, ws.max_column + 1)]
    evaluators = [words("nb")["evaluation_workbook"]["evaluator"].format(number=n) for n in (1, 2, 3)]
    assert headers[3:10] == [c["answer"].format(supplier=A), c["description"].format(supplier=A),
                             *(c["score_by"].format(supplier=A, evaluator=e) for e in evaluators),
                             c["average"].format(supplier=A), c["comment"].format(supplier=A)]
    first = header_row(ws) + 1
    assert ws.cell(first, 9).value == f'=IF(COUNT(F{first}:H{first})=0,"",AVERAGE(F{first}:H{first}))'


def test_the_criterion_points_are_the_weighted_average_of_the_evaluators_averages(scored: list[Any]) -> None:
    r = words("nb")["award_report"]
    # A: (9 × 9.5 + 6 × 4 + 8 × 7) / 23 = 165.5 / 23 = 7.1956...
    # B: (9 × 6 + 6 × 9 + 8 × 8) / 23 = 172 / 23 = 7.4782...
    assert table_after(scored, "Drift (40 %)")[1:] == [[B, "7,48", "2,99"], [A, "7,20", "2,88"]]
    rows = table_after(scored, r["supplier_points"].format(supplier=A, points="7,20"))
    assert [row[1] for row in rows[1:]] == ["9,50", "4,00", "7,00"]
    assert r["evaluators_note"].format(count=2) in paragraphs(scored)


def test_proportional_price_from_the_prices_file_and_the_ranking(scored: list[Any]) -> None:
    r = words("nb")["award_report"]
    # A: 10 × 800 000 / 1 000 000 = 8 points, × 30 % = 2.40; B has the lowest price: 10 points, 3.00.
    assert table_after(scored, "Pris (30 %)")[1:] == [[B, "800\u00a0000,00", "10,00", "3,00"],
                                                     [A, "1\u00a0000\u00a0000,00", "8,00", "2,40"]]
    # A: 2.8782... + 30 % of 5 = 1.50 + 2.40 = 6.7782... = 6.78; B: 2.9913... + 1.80 + 3.00 = 7.7913... = 7.79.
    assert table_after(scored, r["result_heading"])[1:] == [["1.", B, "2,99", "1,80", "3,00", "7,79"],
                                                            ["2.", A, "2,88", "1,50", "2,40", "6,78"]]


def test_equal_totals_share_the_first_place_and_the_document_says_so(tmp_path: Path, cli: Cli) -> None:
    spec, answers = make(tmp_path)
    (tmp_path / "like.yaml").write_text("prices:\n  Leverandør A: 900000\n  Leverandør B: 900000\n")
    assert cli("evaluate", spec, *answers.values(), "-o", tmp_path / "e.xlsx", "--prices",
               tmp_path / "like.yaml").exit_code == 0
    fill_scores(tmp_path / "e.xlsx", tmp_path / "f.xlsx", [A, B], lambda *_: 7, lambda s, i, who: "Godt.")
    assert cli("evaluate", "report", tmp_path / "f.xlsx", "-o", tmp_path / "r", "--format", "docx").exit_code == 0
    blocks = docx_blocks(tmp_path / "r" / "tildelingsbegrunnelse.docx")
    r = words("nb")["award_report"]
    # 40 % × 7 + 30 % × 7 + 30 % × 10 = 2.80 + 2.10 + 3.00 = 7.90 for both.
    table = table_after(blocks, r["result_heading"])
    assert [row[0] for row in table[1:]] == ["1.", "1."] and {row[-1] for row in table[1:]} == {"7,90"}
    text = paragraphs(blocks)
    assert r["tie_first"].format(names=f"{A} {words('nb')['document']['list_and']} {B}", total="7,90") in text
    assert r["advantages_tie"] in text


def test_the_workbook_and_the_report_in_nynorsk(tmp_path: Path, cli: Cli) -> None:
    spec, answers = make(tmp_path, "nn")
    assert cli("evaluate", spec, *answers.values(), "-o", tmp_path / "e.xlsx", "--prices",
               tmp_path / "priser.yaml").exit_code == 0
    e = words("nn")["evaluation_workbook"]
    assert load_workbook(tmp_path / "e.xlsx").sheetnames[:2] == [words("nn")["workbook"]["instructions_sheet"],
                                                                 e["summary_sheet"]]
    fill_scores(tmp_path / "e.xlsx", tmp_path / "f.xlsx", [A, B], lambda *_: 6, lambda s, i, who: "Bra.", "nn")
    assert cli("evaluate", "report", tmp_path / "f.xlsx", "-o", tmp_path / "r", "--format", "docx").exit_code == 0
    text = paragraphs(docx_blocks(tmp_path / "r" / "tildelingsbegrunnelse.docx"))
    r = words("nn")["award_report"]
    assert text[0] == r["title"] and r["calculation_heading"] in text


# ---------------------------------------------------------------------------- the prices file


@pytest.mark.parametrize(("content", "code", "where", "hint"), [
    ("prices:\n  Leverandør A: 1000000\n  Leverandør C: 5\n", "E003", ":3:3", "Leverandør A, Leverandør B"),
    ("prices:\n  Leverandør A: 1000000\n  Leverandør B: '12,5'\n", "E002", ":3:17", "12.5"),
    ("prices:\n  Leverandør A: -5\n  Leverandør B: 800000\n", "E002", ":2:17", "plain number"),
    ("prices:\n  Leverandør A: 1000000\n", "E004", ":1:1", "Leverandør B: PRICE"),
    ("priser:\n  Leverandør A: 1000000\n", "E001", ":1:1", "prices:"),
    ("prices: 1000000\n", "E001", ":1:9", "one line per supplier"),
])
def test_a_wrong_prices_file_is_refused_at_its_line_and_column(tmp_path: Path, cli: Cli, content: str, code: str,
                                                              where: str, hint: str) -> None:
    spec, answers = make(tmp_path)
    prices = tmp_path / "feil.yaml"
    prices.write_text(content, encoding="utf-8")
    result = cli("evaluate", spec, *answers.values(), "-o", tmp_path / "e.xlsx", "--prices", prices)
    assert result.exit_code == 1, result.output
    assert f"feil.yaml{where}: error" in result.stderr and f"({code})" in result.stderr, result.stderr
    assert hint in result.stderr
    assert not (tmp_path / "e.xlsx").exists()


def test_a_price_criterion_without_a_price_form_needs_a_prices_file(tmp_path: Path, cli: Cli) -> None:
    spec, answers = make(tmp_path)
    result = cli("evaluate", spec, *answers.values(), "-o", tmp_path / "e.xlsx")
    assert result.exit_code == 1 and "(E004)" in result.stderr and "--prices" in result.stderr


def test_a_fixed_price_tender_takes_no_prices(tmp_path: Path, cli: Cli) -> None:
    fixed = textwrap.dedent("""\
        award_basis: fast-pris
        award_criteria:
          - name: Kvalitet
            weight: 100
        """)
    spec, answers = make(tmp_path, criteria=fixed)
    result = cli("evaluate", spec, *answers.values(), "-o", tmp_path / "e.xlsx", "--prices", tmp_path / "priser.yaml")
    assert result.exit_code == 2 and "--prices" in result.stderr
    assert cli("evaluate", spec, *answers.values(), "-o", tmp_path / "e.xlsx").exit_code == 0
    fill_scores(tmp_path / "e.xlsx", tmp_path / "f.xlsx", [A, B], lambda s, i, who, n: 8 if who == A else 6,
                lambda s, i, who: "Begrunnelse.")
    assert cli("evaluate", "report", tmp_path / "f.xlsx", "-o", tmp_path / "r", "--format", "docx").exit_code == 0
    blocks = docx_blocks(tmp_path / "r" / "tildelingsbegrunnelse.docx")
    assert table_after(blocks, words("nb")["award_report"]["result_heading"])[1:] == [
        ["1.", A, "8,00", "8,00"], ["2.", B, "6,00", "6,00"]]


@pytest.mark.parametrize("given", ["0", "13", "Kari,,Ola", "Kari,Kari"])
def test_impossible_evaluators_are_a_usage_error(tmp_path: Path, cli: Cli, given: str) -> None:
    spec, answers = make(tmp_path)
    result = cli("evaluate", spec, *answers.values(), "-o", tmp_path / "e.xlsx", "--prices",
                 tmp_path / "priser.yaml", "--evaluators", given)
    assert result.exit_code == 2 and "--evaluators" in result.stderr


# ---------------------------------------------------------------------------- untrusted answers, scripts


def test_a_file_that_is_no_workbook_stops_the_evaluation(tmp_path: Path, cli: Cli) -> None:
    spec, answers = make(tmp_path)
    fake = tmp_path / "Leverandør C.xlsx"
    fake.write_text("ID;Svar\nEPJ-DR-001;Ja\n", encoding="utf-8")
    result = cli("evaluate", spec, *answers.values(), fake, "-o", tmp_path / "e.xlsx", "--prices",
                 tmp_path / "priser.yaml")
    assert result.exit_code == 1 and "(A001)" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "e.xlsx").exists()


def test_a_supplier_text_that_looks_like_a_formula_stays_text(tmp_path: Path, cli: Cli) -> None:
    import zipfile

    spec, answers = make(tmp_path)
    hostile = '=HYPERLINK("https://example.invalid/","Klikk her")'
    book = load_workbook(answers[A])
    sheet = book[words("nb")["workbook"]["answers_sheet"]]
    sheet.cell(2, 9).value = hostile
    sheet.cell(2, 9).data_type = "s"
    book.save(answers[A])
    assert cli("evaluate", spec, *answers.values(), "-o", tmp_path / "e.xlsx", "--prices",
               tmp_path / "priser.yaml").exit_code == 0
    cells = [c for ws in load_workbook(tmp_path / "e.xlsx").worksheets for row in ws.iter_rows() for c in row
             if c.value == hostile]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
    with zipfile.ZipFile(tmp_path / "e.xlsx") as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    formulas = [f for part in sheets for f in re.findall(rb"<f[ >][^<]*", part)]
    assert sheets and formulas and not any(b"HYPERLINK" in f for f in formulas)


def test_scripts_get_json(tmp_path: Path, cli: Cli) -> None:
    import json

    spec, answers = make(tmp_path)
    result = cli("evaluate", spec, *answers.values(), "-o", tmp_path / "e.xlsx", "--prices", tmp_path / "priser.yaml",
                 "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(s["name"], s["status"], s["price"]) for s in data["suppliers"]] == [
        (A, "evaluated", 1_000_000), (B, "evaluated", 800_000)]
    fill_scores(tmp_path / "e.xlsx", tmp_path / "f.xlsx", [A, B], lambda s, i, who, n: 9 if who == A else 4,
                lambda *_: "Grunn.")
    result = cli("evaluate", "report", tmp_path / "f.xlsx", "-o", tmp_path / "r", "--format", "docx", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    # A: 40 % × 9 + 30 % × 9 + 30 % × 8 = 3.60 + 2.70 + 2.40 = 8.70; B: 1.60 + 1.20 + 3.00 = 5.80.
    assert report["ranking"] == [{"supplier": A, "rank": 1, "total": "8.70"},
                                 {"supplier": B, "rank": 2, "total": "5.80"}]
    assert report["outputs"] == [str(tmp_path / "r" / "tildelingsbegrunnelse.docx")]
    result = cli("evaluate", "report", tmp_path / "e.xlsx", "-o", tmp_path / "r2", "--format", "docx", "--json")
    assert result.exit_code == 1
    found = json.loads(result.stdout)["diagnostics"]
    assert {d["code"] for d in found if d["severity"] == "error"} == {"E020"}
    assert all(d["sheet"] and d["cell"] for d in found if d["code"] == "E020")


def test_the_library_s_scoring_guidance_is_shown_to_the_committee(tmp_path: Path) -> None:
    import dataclasses

    from anskaffelse.evaluation.criterion_sheets import requirement_text
    from anskaffelse.evaluation.plan import plan_criteria
    from anskaffelse.resolved import ScoreBand

    profile = tmp_path / "liten.yaml"
    profile.write_text(BASE + OWN + CRITERIA, encoding="utf-8")
    spec = anskaffelse.specification(profile)[0]
    bands = (ScoreBand("10", "Alle varsler kommer fram innen ett minutt."), ScoreBand("0", "Ingen varsler."))
    modules = tuple(dataclasses.replace(m, requirements=tuple(
        dataclasses.replace(r, scoring=bands) if r.id == "TEST-002" else r for r in m.requirements))
        for m in spec.modules)
    criteria = plan_criteria(dataclasses.replace(spec, modules=modules), words("nb"))
    items = {i.id: i for i in criteria[0].items}
    d = words("nb")["document"]
    assert items["TEST-002"].guidance == (f"{d['scoring_label']}:\n{d['scoring_points'].format(points='10')}: "
                                            f"{bands[0].text}\n{d['scoring_points'].format(points='0')}: "
                                            f"{bands[1].text}")
    assert requirement_text(items["TEST-002"]).endswith(bands[1].text)
    assert items["TEST-001"].guidance == ""


def test_evaluate_names_its_two_commands_and_workbook_can_be_named(tmp_path: Path, cli: Cli) -> None:
    result = cli("evaluate", "--help")
    assert result.exit_code == 0 and "workbook" in result.output and "report" in result.output
    spec, answers = make(tmp_path)
    for name, args in (("default.xlsx", ()), ("named.xlsx", ("workbook",))):
        result = cli("evaluate", *args, spec, *answers.values(), "-o", tmp_path / name, "--prices",
                     tmp_path / "priser.yaml")
        assert result.exit_code == 0, result.output
    assert (tmp_path / "default.xlsx").read_bytes() == (tmp_path / "named.xlsx").read_bytes()
    result = cli("evaluate", "--prices", tmp_path / "priser.yaml", spec, *answers.values(), "-o", tmp_path / "o.xlsx")
    assert result.exit_code == 0, result.output
