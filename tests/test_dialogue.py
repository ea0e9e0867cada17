"""The market dialogue: 8 synthetic supplier answers with planted patterns, reported through the CLI.

Expected numbers are worked out by hand from the pattern below.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from .conftest import Cli
from .survey_fill import fill, requirement_ids
from .test_survey import A_COUNT, B_COUNT, A, B, hostile_files, write_profile

E = "EPJ-DR-006"
"""Evaluated, cites no standard: nobody delivers or plans it."""
M = "EPJ-DR-021"
"""A minstekrav citing no standard: nobody delivers it; supplier 0 plans it for 2028."""
ISO = "EPJ-DR-013"
"""The only requirement citing iso-27001: supplier 7 delivers it today."""


def planted(n: int, req_id: str) -> tuple[str, object, str]:
    if req_id == E:
        return "Ikke planlagt", None, ""
    if req_id == M:
        return ("På veikart (år)", 2028, "") if n == 0 else ("Ikke planlagt", None, "")
    if req_id == ISO and n == 7:
        return "Leveres i dag", None, ""
    if n < 5:
        return "Leveres i dag", None, f"levert av {n}"
    if n < 7:
        return "På veikart (år)", 2026 + n, ""
    return "Ikke planlagt", None, ""


@pytest.fixture(scope="module")
def dialogue(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from typer.testing import CliRunner

    from anskaffelse.cli import app

    root = tmp_path_factory.mktemp("dialogue")
    profile = write_profile(root, "kommune.yaml", f"{B}, {A}")
    forms = root / "forms"
    runner = CliRunner()
    assert runner.invoke(app, ["dialogue", "export", str(profile), "-o", str(forms)]).exit_code == 0
    blank = forms / "kommune-markedsdialog-nb.xlsx"
    answers = root / "answers"
    answers.mkdir()
    for n in range(8):
        fill(blank, answers / f"l{n}.xlsx", [f"Leverandør {n} AS", f"98765432{n}", f"Produkt {n}", "3.1", "ola"],
             {i: planted(n, i) for i in requirement_ids(blank)})
    out = root / "report"
    files = [str(p) for p in sorted(answers.glob("*.xlsx"))]
    spec = forms / "kommune-markedsdialog-spesifikasjon.json"
    built = {r["id"]: r for m in json.loads(spec.read_text(encoding="utf-8"))["modules"] for r in m["requirements"]}
    # The planted pattern rests on these facts of the library; a library change shows here first.
    assert (built[E]["obligation"], built[M]["obligation"]) == ("evaluert", "minstekrav")
    assert not built[E]["standards"] and not built[M]["standards"] and list(built).index(E) < list(built).index(M)
    assert built[ISO]["standards"] == ["iso-27001", "normen"]
    result = runner.invoke(app, ["dialogue", "report", str(spec), *files, "-o", str(out), "--no-pdf", "--json"])
    assert result.exit_code == 0, result.output
    return {"root": root, "spec": spec, "answers": answers, "out": out, "blank": blank,
            "data": json.loads(result.stdout)}


def test_counts_per_requirement(dialogue: dict[str, Any]) -> None:
    reqs = {r["id"]: r for r in dialogue["data"]["aggregates"]["requirements"]}
    assert dialogue["data"]["aggregates"]["suppliers"] == 8
    assert (reqs["EPJ-TL-001"]["today"], reqs["EPJ-TL-001"]["planned"], reqs["EPJ-TL-001"]["not_planned"]) == (5, 2, 1)
    assert reqs["EPJ-TL-001"]["earliest_year"] == 2031
    assert (reqs[M]["today"], reqs[M]["planned"], reqs[M]["not_planned"], reqs[M]["earliest_year"]) == (0, 1, 7, 2028)
    assert (reqs[E]["today"], reqs[E]["planned"], reqs[E]["not_planned"]) == (0, 0, 8)
    assert (reqs[ISO]["today"], reqs[ISO]["not_planned"]) == (6, 0)


def test_nobody_delivers_lists_the_minstekrav_first(dialogue: dict[str, Any]) -> None:
    # E comes before M in the document; the minstekrav is flagged and listed first all the same.
    assert dialogue["data"]["aggregates"]["nobody_delivers"] == [{"id": M, "minstekrav": True},
                                                                  {"id": E, "minstekrav": False}]


def test_market_readiness_per_module(dialogue: dict[str, Any]) -> None:
    modules = {m["id"]: m for m in dialogue["data"]["aggregates"]["modules"]}
    # drift: 24 ordinary requirements (5 today, 2 planned, 1 not) + E (8 not) + M (1 planned, 7 not),
    # and supplier 7 delivers ISO today instead of not planning it.
    today, planned, not_planned = 5 * 24 + 1, 2 * 24 + 1, 24 - 1 + 8 + 7
    assert (modules[B]["today"], modules[B]["planned"], modules[B]["not_planned"]) == (today, planned, not_planned)
    assert modules[B]["readiness"] == round(100 * today / (8 * B_COUNT), 1)
    assert modules[A]["readiness"] == round(100 * 5 * A_COUNT / (8 * A_COUNT), 1) == 62.5


def test_declaration_of_conformity_follows_the_rule(dialogue: dict[str, Any]) -> None:
    conformity = {c["standard"]: c for c in dialogue["data"]["aggregates"]["conformity"]}
    # Every requirement citing the standard delivered today: suppliers 0-4; on the roadmap: 5 and 6.
    assert (conformity["pasientjournalloven"]["declared"], conformity["pasientjournalloven"]["planned"]) == (5, 2)
    assert conformity["pasientjournalloven"]["mandatory"] is True
    assert (conformity["iso-27001"]["declared"], conformity["iso-27001"]["planned"]) == (6, 2)
    assert conformity["iso-27001"]["mandatory"] is False
    assert "products" not in conformity["iso-27001"]


def test_suppliers_are_named_only_on_request(cli: Cli, dialogue: dict[str, Any], tmp_path: Path) -> None:
    plain = json.dumps(dialogue["data"]["aggregates"])
    assert "Leverandør 0" not in plain and "Produkt 0" not in plain
    files = sorted(dialogue["answers"].glob("*.xlsx"))
    result = cli("dialogue", "report", dialogue["spec"], *files, "-o", tmp_path, "--no-pdf", "--json", "--named")
    assert result.exit_code == 0
    agg = json.loads(result.stdout)["aggregates"]
    assert agg["products"][0] == "Leverandør 0 AS – Produkt 0"
    iso = next(c for c in agg["conformity"] if c["standard"] == "iso-27001")
    assert [p["status"] for p in iso["products"]] == ["declared"] * 5 + ["planned"] * 2 + ["declared"]
    assert [p["year"] for p in iso["products"]][5:7] == [2031, 2032]
    book = load_workbook(tmp_path / "markedsdialog-rapport.xlsx", read_only=True)
    header = next(book["Samsvar"].iter_rows(values_only=True))
    assert header[4] == "Leverandør 0 AS – Produkt 0"


def test_hostile_and_foreign_workbooks_do_not_change_the_numbers(cli: Cli, dialogue: dict[str, Any],
                                                                tmp_path: Path) -> None:
    bad = hostile_files(tmp_path / "bad", tmp_path)
    files = sorted(dialogue["answers"].glob("*.xlsx"))
    result = cli("dialogue", "report", dialogue["spec"], *bad, *files, "-o", tmp_path / "out", "--no-pdf", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert len(data["aggregates"]["skipped"]) == 3
    assert dict(data["aggregates"], skipped=[]) == dict(dialogue["data"]["aggregates"], skipped=[])


def test_rfi_workbook_says_it_is_not_a_tender(dialogue: dict[str, Any]) -> None:
    book = load_workbook(dialogue["blank"])
    intro = " ".join(str(c.value) for row in book.worksheets[0].iter_rows() for c in row if c.value)
    assert "Det er ikke en konkurranse" in intro
    lists = [c.value for c in book.worksheets[2]["A"]]
    assert lists == ["Leveres i dag", "På veikart (år)", "Ikke planlagt"]
    assert book["Kontroll"]["B1"].value == "anskaffelse-markedsdialog/1"
    assert book.worksheets[3].cell(1, 7).value == "År"


def test_rfi_workbook_in_nynorsk(cli: Cli, dialogue: dict[str, Any], tmp_path: Path) -> None:
    profile = dialogue["root"] / "kommune.yaml"
    assert cli("dialogue", "export", profile, "-o", tmp_path, "--lang", "nn").exit_code == 0
    book = load_workbook(tmp_path / "kommune-markedsdialog-nn.xlsx")
    assert [c.value for c in book.worksheets[2]["A"]] == ["Leverast i dag", "På vegkart (år)", "Ikkje planlagt"]
    intro = " ".join(str(c.value) for row in book.worksheets[0].iter_rows() for c in row if c.value)
    assert "Det er ikkje ein konkurranse" in intro


def test_docx_report_has_the_chart_and_the_red_flag(dialogue: dict[str, Any]) -> None:
    path = dialogue["out"] / "markedsdialog-rapport.docx"
    with zipfile.ZipFile(path) as archive:
        assert [n for n in archive.namelist() if n.startswith("word/media/")] == ["word/media/image1.png"]
        xml = archive.read("word/document.xml").decode("utf-8")
    assert "Krav ingen leverer i dag" in xml
    assert "2 krav leveres ikke av noen leverandør i dag, 1 av dem er minstekrav" in xml
    assert xml.index(M) < xml.index(E)
