"""Only what applies: the user stories a document prints, and the deviations a member lists."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from docx import Document

import anskaffelse
from anskaffelse.library import load_library
from anskaffelse.localtext import pick

from .conftest import EXAMPLES, LIBRARY, MINIMAL_PROFILE, read_yaml, words

FELLES = EXAMPLES / "samarbeid" / "felles.yaml"


@pytest.fixture(scope="module")
def library() -> Any:
    return load_library(LIBRARY)[0].library


def profile(tmp_path: Path, select: str, extra: str = "") -> Path:
    path = tmp_path / "profil.yaml"
    path.write_text(MINIMAL_PROFILE.replace("  modules: [drift]\n", select) + extra, encoding="utf-8")
    return path


def stories(path: Path) -> dict[str, Any]:
    spec, _ = anskaffelse.specification(path)
    return {s.id: s for s in spec.user_stories}


# ---------------------------------------------------------------- user stories


def test_a_story_left_with_one_cross_cutting_requirement_is_not_printed(tmp_path: Path, library: Any) -> None:
    """HIST-019 (welfare technology) is traced by its own module and by one architecture requirement."""
    story = "HIST-019"
    tracing = [r for r in library.requirements() if story in r.user_stories]
    assert {r.module for r in tracing} == {"velferdsteknologi", "arkitektur"}
    both = profile(tmp_path, "  areas: [hjemmetjeneste]\n  modules: [velferdsteknologi, arkitektur]\n")
    assert story in stories(both)
    without = profile(tmp_path, "  areas: [hjemmetjeneste]\n  modules: [arkitektur]\n")
    spec, _ = anskaffelse.specification(without)
    assert story not in {s.id for s in spec.user_stories}
    cross = [r for r in spec.requirements() if r.module == "arkitektur" and r.id in {t.id for t in tracing}]
    assert cross and all(story not in r.user_stories for r in cross)  # no reference to a story not printed


def test_a_story_for_service_areas_the_profile_does_not_select_is_not_printed(tmp_path: Path, library: Any) -> None:
    path = profile(tmp_path, "  areas: [hjemmetjeneste]\n")
    printed = stories(path)
    assert printed
    by_id = {s.id: s for s in library.user_stories}
    assert all("hjemmetjeneste" in by_id[i].areas for i in printed)
    assert "HIST-016" not in printed  # legevakt only


def test_a_profile_can_exclude_a_story(tmp_path: Path) -> None:
    path = profile(tmp_path, "  areas: [hjemmetjeneste]\n")
    assert "HIST-007" in stories(path)
    path = profile(tmp_path, "  areas: [hjemmetjeneste]\n", "exclude_stories: [HIST-007]\n")
    assert "HIST-007" not in stories(path)


def test_the_nynorsk_example_leaves_out_the_story_it_excludes(example_build: Path) -> None:
    excluded = read_yaml(EXAMPLES / "samarbeid" / "medlem-nynorsk.yaml")["exclude_stories"]
    doc = Document(str(example_build / "medlem-nynorsk-kravspesifikasjon.docx"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert excluded and not any(story in text for story in excluded)


# ---------------------------------------------------------------- deviations of a member


@pytest.fixture
def collaboration(tmp_path: Path) -> Path:
    shutil.copy(FELLES, tmp_path / "felles.yaml")
    return tmp_path


def member(folder: Path, text: str) -> Path:
    path = folder / "medlem.yaml"
    path.write_text("extends: felles.yaml\n" + text, encoding="utf-8")
    return path


def deviation_rows(path: Path, out: Path) -> tuple[list[list[str]], str]:
    [result] = anskaffelse.build([path], out, formats=["docx"])
    doc = Document(str(result.outputs[0]))
    d = words("nb")["document"]
    header = [d["column_id"], d["column_change"], d["column_before"], d["column_after"]]
    [table] = [t for t in doc.tables if [c.text for c in t.rows[0].cells] == header]
    return [[c.text for c in r.cells] for r in table.rows[1:]], "\n".join(p.text for p in doc.paragraphs)


def test_an_obligation_change_is_one_line_with_its_weight(collaboration: Path, library: Any) -> None:
    req = next(r for r in library.requirements() if r.obligation == "evaluert" and r.module == "drift")
    path = member(collaboration, f"tailor:\n  {req.id}:\n    obligation: minstekrav\n")
    rows, _ = deviation_rows(path, collaboration / "ut")
    mine = [r for r in rows if r[0] == req.id]
    w = words("nb")
    weight = read_yaml(FELLES).get("tailor", {}).get(req.id, {}).get("weight", req.weight)
    assert mine == [[req.id, w["document"]["change"]["obligation"],
                     f"{w['obligation']['evaluert']} (vekt {weight})", w["obligation"]["minstekrav"]]]


def test_the_deviations_name_no_file_but_the_base_tender(collaboration: Path) -> None:
    rows, text = deviation_rows(member(collaboration, "exclude: [VEST-001]\n"), collaboration / "ut")
    assert "felles.yaml" not in text and ".yaml" not in "".join(c for r in rows for c in r)
    assert read_yaml(FELLES)["tender"]["title"] in text


def test_long_removal_lists_are_summed_up_per_chapter(collaboration: Path, library: Any) -> None:
    spec, _ = anskaffelse.specification(FELLES)
    module = next(m for m in spec.modules if len(m.requirements) > 6)
    few = next(m for m in spec.modules if m is not module and len(m.requirements) >= 2)
    removed = [r.id for r in module.requirements] + [few.requirements[0].id]
    rows, _ = deviation_rows(member(collaboration, f"exclude: [{', '.join(removed)}]\n"), collaboration / "ut")
    d = words("nb")["document"]
    summary = [r for r in rows if r[2].startswith(f"{module.title}: ")]
    assert len(summary) == 1
    count = d["removed_summary"].format(count=len(module.requirements))
    assert summary[0][2].split("\n")[0] == f"{module.title}: {count}"
    assert all(i in summary[0][2] for i in removed[:-1])
    assert [few.requirements[0].id, d["change"]["removed"]] in [r[:2] for r in rows]  # a short list stays


def test_a_parameter_change_shows_the_values_not_two_texts(collaboration: Path) -> None:
    path = member(collaboration, "tailor:\n  EPJ-DR-020:\n    parameters: {oppetid: 99.9}\n")
    rows, _ = deviation_rows(path, collaboration / "ut")
    [row] = [r for r in rows if r[0] == "EPJ-DR-020"]
    assert row[1] == words("nb")["document"]["change"]["parameter"]
    assert row[2].endswith(": 99,7 %") and row[3].endswith(": 99,9 %")


def test_changed_award_criteria_are_listed(collaboration: Path) -> None:
    path = member(collaboration, "award_criteria:\n  - {name: Kvalitet, weight: 70}\n"
                                 "  - {name: Pris, weight: 30, price: {model: lineær, years: 4}}\n")
    rows, _ = deviation_rows(path, collaboration / "ut")
    [row] = [r for r in rows if r[1] == words("nb")["document"]["change"]["award_criteria"]]
    base = read_yaml(collaboration / "felles.yaml")["award_criteria"]
    before = ", ".join(f"{pick(c['name'], 'nb')} {c['weight']} %" for c in base)
    assert row[2:] == [before, "Kvalitet 70 %, Pris 30 %"]
