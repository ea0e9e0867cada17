"""`anskaffelse evaluate` and `anskaffelse evaluate report` end to end on the example tender.

The example is built, three suppliers answer its workbook by script (one of
them answers Nei on a minstekrav and is the cheapest), the evaluation
workbook is made, the committee's scores are typed in with openpyxl, and the
award justification is read back. Every expected number is worked out by
hand in the comments from the profile's YAML: the price form of
`examples/eksempel-kommune.yaml`, its weights 50/20/30 and its linear price
model (and a copy with the proportional model).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

import anskaffelse

from .conftest import EXAMPLES, Cli, words
from .evaluation_support import answered_workbook, docx_blocks, fill_scores, item_rows, paragraphs, table_after

KOMMUNE = EXAMPLES / "eksempel-kommune.yaml"
A, B, C = "Journalsystemer AS", "Omsorgsdata AS", "Helseprogram AS"
# Unit prices per element of the example's price form (quantities 450 and 12 000 per year for six years,
# 1, 1, 10 course days, 1 per year, and an option that is not evaluated):
PRICES = {
    A: (1000, 10, 500_000, 300_000, 8000, 200_000, 50_000),
    # 450×1000×6 + 12000×10×6 + 500000 + 300000 + 10×8000 + 200000×6
    # = 2 700 000 + 720 000 + 500 000 + 300 000 + 80 000 + 1 200 000 = 5 500 000
    B: (1200, 12, 400_000, 250_000, 9000, 250_000, 10),
    # 450×1200×6 + 12000×12×6 + 400000 + 250000 + 10×9000 + 250000×6
    # = 3 240 000 + 864 000 + 400 000 + 250 000 + 90 000 + 1 500 000 = 6 344 000
    C: (500, 5, 100_000, 100_000, 1000, 100_000, 10),
    # the cheapest (1 350 000 + 360 000 + 100 000 + 100 000 + 10 000 + 600 000 = 2 520 000), but rejected
}
SCORES = {("Kvalitet", A): 8, ("Gjennomføring", A): 6, ("Kvalitet", B): 7, ("Gjennomføring", B): 9}


def element_names() -> list[str]:
    from .conftest import read_yaml

    return [e["name"] for e in read_yaml(KOMMUNE)["price_form"]["elements"]]


def make_tender(out: Path, profile: Path = KOMMUNE) -> tuple[Path, dict[str, Path]]:
    """Build `profile` into `out`; three suppliers answer. Returns the JSON specification and the answers."""
    anskaffelse.build([profile], out)
    spec_path = out / f"{profile.stem}-spesifikasjon.json"
    spec = anskaffelse.specification(profile)[0]
    sheet = out / f"{profile.stem}-svarskjema.xlsx"
    first_minstekrav = next(r.id for r in spec.requirements() if r.obligation == "minstekrav")
    answers = {}
    for supplier, nei in ((A, ()), (B, ()), (C, (first_minstekrav,))):
        prices = dict(zip(element_names(), PRICES[supplier], strict=True))
        answers[supplier] = answered_workbook(sheet, out / f"{supplier}.xlsx", spec, nei, prices)
    return spec_path, answers


def committee(sheet: str, item: str, supplier: str, evaluator: int) -> int:
    return SCORES[(sheet, supplier)]


def reasons(sheet: str, item: str, supplier: str) -> str:
    return f"{supplier} viser {item} godt."


@dataclass(frozen=True)
class Example:
    spec: Path
    answers: dict[str, Path]
    evaluation: Path
    filled: Path


def evaluated_example(tmp: Path) -> Example:
    """The example built and answered, its evaluation workbook, and a copy with the committee's scores."""
    spec, answers = make_tender(tmp)
    evaluation = tmp / "evaluering.xlsx"
    result = Cli()("evaluate", spec, *answers.values(), "-o", evaluation)
    assert result.exit_code == 0, result.output
    filled = fill_scores(evaluation, tmp / "utfylt.xlsx", [A, B], committee, reasons)
    return Example(spec, answers, evaluation, filled)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Example:
    return evaluated_example(tmp_path_factory.mktemp("tender"))


@pytest.fixture(scope="module")
def tender(example: Example) -> tuple[Path, dict[str, Path]]:
    return example.spec, example.answers


@pytest.fixture(scope="module")
def evaluation(example: Example) -> Path:
    return example.evaluation


@pytest.fixture(scope="module")
def filled(example: Example) -> Path:
    return example.filled


@pytest.fixture(scope="module")
def report(filled: Path) -> list[Any]:
    out = filled.parent / "rapport"
    result = Cli()("evaluate", "report", filled, "-o", out, "--format", "docx", "--date", "2027-03-15")
    assert result.exit_code == 0, result.output
    return docx_blocks(out / "tildelingsbegrunnelse.docx")


def test_the_rejected_supplier_is_shown_as_rejected_and_not_ranked(evaluation: Path) -> None:
    e = words("nb")["evaluation_workbook"]
    ws = load_workbook(evaluation)[e["summary_sheet"]]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header = rows.index([e["columns"]["supplier"], e["columns"]["status"], "Kvalitet (50 %)",
                         "Gjennomføring (20 %)", "Pris (30 %)", e["columns"]["total"], e["columns"]["rank"]])
    table = {row[0]: row for row in rows[header + 1: header + 4]}
    assert table[A][1] == table[B][1] == e["status_evaluated"]
    assert table[C][1:] == [e["status_rejected"], None, None, None, None, None]
    assert str(table[A][6]).startswith("=RANK(")
    spec = anskaffelse.specification(KOMMUNE)[0]
    first = next(r.id for r in spec.requirements() if r.obligation == "minstekrav")
    rejected = [[c.value for c in row] for row in load_workbook(evaluation)[e["rejected_sheet"]].iter_rows()]
    assert rejected[2:] == [[e["columns"]["supplier"], e["columns"]["reason"], e["columns"]["justification"]],
                            [C, e["reasons"]["minstekrav"].format(ids=first), None]]


def test_each_criterion_sheet_has_a_row_per_requirement_and_deliverable(evaluation: Path) -> None:
    spec = anskaffelse.specification(KOMMUNE)[0]
    book = load_workbook(evaluation)
    for criterion in spec.award_criteria:
        if criterion.price is not None:
            continue
        deliverables = [words("nb")["evaluation_workbook"]["deliverable"].format(number=n)
                        for n in range(1, len(criterion.deliverables) + 1)]
        assert list(item_rows(book[criterion.name])) == [*criterion.requirements, *deliverables]
    assert len(item_rows(book["Gjennomføring"])) > 2  # requirements and the two deliverables of the profile


def test_only_the_score_and_comment_cells_are_unlocked(evaluation: Path) -> None:
    e = words("nb")["evaluation_workbook"]["columns"]
    ws = load_workbook(evaluation)["Kvalitet"]
    assert ws.protection.sheet
    from .evaluation_support import header_row

    header = header_row(ws)
    unlocked = {ws.cell(header, c.column).value for row in ws.iter_rows() for c in row
                if c.protection.locked is False}
    assert unlocked == {e[k].format(supplier=s) for k in ("score", "comment") for s in (A, B)}


def test_scores_are_validated_from_0_to_10_with_the_scale_as_help(evaluation: Path) -> None:
    e = words("nb")["evaluation_workbook"]
    bands = words("nb")["evaluation"]["bands"]
    ws = load_workbook(evaluation)["Kvalitet"]
    [dv] = ws.data_validations.dataValidation
    assert (dv.type, dv.operator, dv.formula1, dv.formula2) == ("decimal", "between", "0", "10")
    assert dv.showErrorMessage and dv.showInputMessage and dv.errorStyle == "stop"
    assert (dv.promptTitle, dv.prompt) == (e["score_prompt_title"], e["score_prompt"])
    from .evaluation_support import header_row, score_columns

    [score], _ = score_columns(ws, A)
    note = ws.cell(header_row(ws), score).comment.text
    assert all(text in note for text in bands.values())
    texts_on_sheet = [ws.cell(r, 2).value for r in range(1, header_row(ws))]
    assert all(text in texts_on_sheet for text in bands.values())


def test_the_award_justification_ranks_and_scores_by_hand(report: list[Any]) -> None:
    r = words("nb")["award_report"]
    table = table_after(report, r["result_heading"])
    assert table[0] == [r["column_rank"], r["column_supplier"], "Kvalitet (50 %)", "Gjennomføring (20 %)",
                        "Pris (30 %)", r["column_total"]]
    # A: 50 % of 8 = 4.00, 20 % of 6 = 1.20, lowest price 10 points × 30 % = 3.00; 8.20.
    # B: 50 % of 7 = 3.50, 20 % of 9 = 1.80, price 10 − 10 × 844 000 / 5 500 000 = 8.4654... × 30 % = 2.5396...
    #    total 7.8396... = 7.84.
    assert table[1:] == [["1.", A, "4,00", "1,20", "3,00", "8,20"], ["2.", B, "3,50", "1,80", "2,54", "7,84"]]
    text = paragraphs(report)
    assert r["winner"].format(winner=A, total="8,20") in text


def test_the_price_section_shows_pmin_and_the_points(report: list[Any]) -> None:
    r = words("nb")["award_report"]
    text = paragraphs(report)
    # C's 2 520 000 is lower, but a rejected tender does not set Pmin.
    assert r["price_lowest"].format(price="5\u00a0500\u00a0000,00") in text
    table = table_after(report, "Pris (30 %)")
    assert table[1:] == [[A, "5\u00a0500\u00a0000,00", "10,00", "3,00"], [B, "6\u00a0344\u00a0000,00", "8,47", "2,54"]]


def test_the_rejected_tender_is_listed_with_its_reason(report: list[Any]) -> None:
    r = words("nb")["award_report"]
    text = paragraphs(report)
    start = text.index(r["rejected_heading"])
    assert text[start + 2].startswith(f"{C}: ")
    assert all(C not in row[1] for row in table_after(report, r["result_heading"]))


def test_each_criterion_gives_every_tender_its_points_and_the_comments_as_reasons(report: list[Any]) -> None:
    r = words("nb")["award_report"]
    spec = anskaffelse.specification(KOMMUNE)[0]
    quality = next(c for c in spec.award_criteria if c.name == "Kvalitet")
    heading = r["supplier_points"].format(supplier=B, points="7,00")
    table = table_after(report, heading)
    assert len(table) == 1 + len(quality.requirements)
    first = quality.requirements[0]
    assert table[1][1:] == ["7,00", f"{B} viser {first} godt."]
    assert table[1][0].startswith(first)


def test_the_winner_s_relative_advantages_name_the_criteria_and_rows_where_it_scored_higher(
        report: list[Any]) -> None:
    r = words("nb")["award_report"]
    text = paragraphs(report)
    section = text[text.index(r["compared_with"].format(other=B)):]
    assert r["better_criterion"].format(criterion="Kvalitet (50 %)", winner=A, other=B, winner_points="8,00",
                                        other_points="7,00") in section
    assert r["better_price"].format(criterion="Pris (30 %)", winner=A, other=B,
                                    winner_price="5\u00a0500\u00a0000,00", other_price="6\u00a0344\u00a0000,00",
                                    winner_points="10,00", other_points="8,47") in section
    # Gjennomføring went to B: it is named as B's better criterion, not as an advantage of A.
    assert r["other_better"].format(other=B, winner=A, criteria="Gjennomføring (20 %)") in section
    spec = anskaffelse.specification(KOMMUNE)[0]
    first = spec.award_criteria[0].requirements[0]
    assert any(line.startswith(f"{first} ") and line.endswith(f"8,00 mot 7,00 poeng. {A} viser {first} godt.")
               for line in section)


def test_rounding_and_ties_are_explained(report: list[Any]) -> None:
    text = paragraphs(report)
    for line in words("nb")["award_report"]["calculation"]:
        assert line in text


def test_the_proportional_model_gives_the_hand_computed_points(tmp_path: Path, cli: Cli) -> None:
    profile = tmp_path / "proporsjonal.yaml"
    profile.write_text(KOMMUNE.read_text(encoding="utf-8").replace("model: lineær", "model: proporsjonal"),
                       encoding="utf-8")
    (tmp_path / "eksempel-kommune-situasjon.md").write_bytes((EXAMPLES / "eksempel-kommune-situasjon.md").read_bytes())
    spec, answers = make_tender(tmp_path / "ut", profile)
    assert cli("evaluate", spec, answers[A], answers[B], "-o", tmp_path / "e.xlsx").exit_code == 0
    fill_scores(tmp_path / "e.xlsx", tmp_path / "f.xlsx", [A, B], committee, reasons)
    result = cli("evaluate", "report", tmp_path / "f.xlsx", "-o", tmp_path / "r", "--format", "docx")
    assert result.exit_code == 0, result.output
    blocks = docx_blocks(tmp_path / "r" / "tildelingsbegrunnelse.docx")
    # B: 10 × 5 500 000 / 6 344 000 = 8.6696... points, × 30 % = 2.6008...; total 3.50 + 1.80 + 2.6008... = 7.90.
    assert table_after(blocks, "Pris (30 %)")[2] == [B, "6\u00a0344\u00a0000,00", "8,67", "2,60"]
    assert table_after(blocks, words("nb")["award_report"]["result_heading"])[2] == [
        "2.", B, "3,50", "1,80", "2,60", "7,90"]


def test_the_same_inputs_give_the_same_bytes(tender: tuple[Path, dict[str, Path]], filled: Path,
                                             tmp_path: Path, cli: Cli) -> None:
    spec, answers = tender
    for name in ("one.xlsx", "two.xlsx"):
        assert cli("evaluate", spec, *answers.values(), "-o", tmp_path / name).exit_code == 0
    assert (tmp_path / "one.xlsx").read_bytes() == (tmp_path / "two.xlsx").read_bytes()
    for name in ("r1", "r2"):
        assert cli("evaluate", "report", filled, "-o", tmp_path / name, "--format", "docx").exit_code == 0
    assert ((tmp_path / "r1" / "tildelingsbegrunnelse.docx").read_bytes()
            == (tmp_path / "r2" / "tildelingsbegrunnelse.docx").read_bytes())


def test_the_inputs_are_never_changed(tender: tuple[Path, dict[str, Path]], tmp_path: Path, cli: Cli) -> None:
    spec, answers = tender
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (spec, *answers.values())}
    assert cli("evaluate", spec, *answers.values(), "-o", tmp_path / "e.xlsx").exit_code == 0
    assert before == {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in before}


def test_an_existing_workbook_is_not_replaced_without_force(tender: tuple[Path, dict[str, Path]], tmp_path: Path,
                                                           cli: Cli) -> None:
    spec, answers = tender
    out = tmp_path / "e.xlsx"
    out.write_bytes(b"the committee's scores")
    result = cli("evaluate", spec, *answers.values(), "-o", out)
    assert result.exit_code == 2 and "--force" in result.stderr
    assert out.read_bytes() == b"the committee's scores"
    assert cli("evaluate", spec, *answers.values(), "-o", out, "--force").exit_code == 0
    assert out.read_bytes().startswith(b"PK")
    result = cli("evaluate", spec, *answers.values(), "-o", answers[A], "--force")
    assert result.exit_code == 2 and "input" in result.stderr


def test_the_committee_s_own_reason_for_a_rejection_goes_into_the_report(filled: Path, tmp_path: Path,
                                                                         cli: Cli) -> None:
    e = words("nb")["evaluation_workbook"]
    book = load_workbook(filled)
    ws = book[e["rejected_sheet"]]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == C)
    own = "Tilbudet oppfyller ikke minstekravet om standardprodukt; se svaret i rad 3."
    ws.cell(row, 3).value = own
    book.save(tmp_path / "begrunnet.xlsx")
    assert cli("evaluate", "report", tmp_path / "begrunnet.xlsx", "-o", tmp_path, "--format", "docx").exit_code == 0
    assert f"{C}: {own}" in paragraphs(docx_blocks(tmp_path / "tildelingsbegrunnelse.docx"))
