"""The evaluation model: criteria map every evaluated requirement once, and the documents say so.

Expectations come from the profiles' YAML, the library's module files and the
locale files, never from a document the exporter produced.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from docx import Document

import anskaffelse

from .conftest import EXAMPLES, LIBRARY, MINIMAL_PROFILE, example_profiles, read_yaml, words
from .test_hostile_values import assert_clean_failure, finding, position, write

KOMMUNE = EXAMPLES / "eksempel-kommune.yaml"
FELLES = EXAMPLES / "samarbeid" / "felles.yaml"
NYNORSK = EXAMPLES / "samarbeid" / "medlem-nynorsk.yaml"
BASE = MINIMAL_PROFILE[: MINIMAL_PROFILE.index("award_criteria:")]
"""A profile selecting the module drift, whose evaluated requirements `drift_evaluated` reads from the YAML."""


def drift_evaluated() -> list[dict[str, Any]]:
    """The evaluated, current requirements of the module drift, as its YAML file has them."""
    module = read_yaml(LIBRARY / "modules" / "drift.yaml")
    return [r for r in module["requirements"] if r["obligation"] == "evaluert" and not r.get("deprecated")]
PRICE = "  - {name: Pris, weight: 30, price: {model: lineær, years: 4}}\n"


def module_title(module_id: str, lang: str) -> str:
    return str(read_yaml(LIBRARY / "modules" / f"{module_id}.yaml")["title"][lang])


def text_of(value: Any, lang: str) -> str:
    return value if isinstance(value, str) else value[lang]


def chapter(path: Path, lang: str) -> str:
    """The text of the chapter "Evalueringsmodell", paragraphs and table cells in document order."""
    doc = Document(str(path))
    heading = words(lang)["document"]["evaluation_heading"]
    lines, inside = [], False
    for block in doc.element.body.iterchildren():
        style = block.find(".//{*}pStyle")
        text = "".join(t.text or "" for t in block.iter("{*}t"))
        if style is not None and style.get(f"{{{block.nsmap['w']}}}val") == "Heading1":
            if inside:
                break
            inside = text == heading
        elif inside and block.tag.endswith("tbl"):
            lines += [" | ".join("".join(t.text or "" for t in c.iter("{*}t")) for c in row.iter("{*}tc"))
                      for row in block.iter("{*}tr")]
        elif inside:
            lines.append(text)
    assert lines, f"no chapter {heading!r} in {path.name}"
    return "\n".join(lines)


# ---------------------------------------------------------------- every example maps every requirement


@pytest.mark.parametrize("profile", example_profiles(), ids=lambda p: p.name)
def test_the_evaluation_model_of_every_example_maps_every_evaluated_requirement_to_one_criterion(profile):
    spec, warnings = anskaffelse.specification(profile)
    evaluated = [r.id for r in spec.requirements() if r.obligation == "evaluert"]
    counted = [req_id for c in spec.award_criteria for req_id in c.requirements]
    assert evaluated and sorted(counted) == sorted(evaluated)
    assert sum(c.weight for c in spec.award_criteria) == 100
    assert len([c for c in spec.award_criteria if c.price is not None]) == 1
    assert spec.price_form is not None and spec.price_form.elements
    assert not [w for w in warnings if w.code.startswith("P04")]


def test_the_starter_profile_has_a_complete_evaluation_model(cli, tmp_path):
    path = tmp_path / "start.yaml"
    assert cli("init", path).exit_code == 0
    spec, _ = anskaffelse.specification(path)
    evaluated = {r.id for r in spec.requirements() if r.obligation == "evaluert"}
    assert {i for c in spec.award_criteria for i in c.requirements} == evaluated
    assert spec.price_form is not None


# ---------------------------------------------------------------- the chapter in Word


def test_the_chapter_states_criteria_weights_coverage_and_deliverables(example_build):
    text = chapter(example_build / "eksempel-kommune-kravspesifikasjon.docx", "nb")
    e = words("nb")["evaluation"]
    for criterion in read_yaml(KOMMUNE)["award_criteria"]:
        assert re.search(rf"^{re.escape(criterion['name'])}.* \| .* \| {criterion['weight']} %$", text, re.M)
        assert criterion["description"] in text
        for module in criterion.get("requirements", {}).get("modules", []):
            assert module_title(module, "nb") in text
        for deliverable in criterion.get("deliverables", []):
            assert deliverable["name"] in text and " ".join(deliverable["description"].split()) in text
            assert e["deliverable_weight"].format(weight=deliverable.get("weight", 10)) in text
    assert e["requirements_catch_all"] in text


def test_the_chapter_gives_the_scale_the_formulas_and_the_price_model(example_build):
    text = chapter(example_build / "eksempel-kommune-kravspesifikasjon.docx", "nb")
    e = words("nb")["evaluation"]
    for band in e["bands"].values():
        assert band in text
    assert "K = Σ (v × s) / Σ v" in text and "S = Σ (W × K) / 100" in text
    assert "poeng = 10 − 10 × (P − Pmin) / Pmin" in text
    price = next(c for c in read_yaml(KOMMUNE)["award_criteria"] if "price" in c)["price"]
    assert e["price_total_years"].format(years=price["years"]) in text
    assert " ".join(price["includes"].split()) in text
    assert e["price_form"] in text


def test_the_nynorsk_member_gets_the_base_criteria_in_nynorsk(example_build):
    text = chapter(example_build / "medlem-nynorsk-kravspesifikasjon.docx", "nn")
    for criterion in read_yaml(FELLES)["award_criteria"]:
        assert criterion["description"]["nn"] in text and criterion["description"]["nb"] not in text
    assert "poeng = 10 × Pmin / P" in text
    assert words("nn")["evaluation"]["bands"]["0"] in text
    assert "VEST-001" in text  # named by ID under Gjennomføring, apart from its module


def test_a_criterion_with_its_own_bands_prints_them(tmp_path):
    own = "Alle arbeidsprosessene er vist i demonstrasjonen."
    path = write(tmp_path, BASE + f"""\
award_criteria:
  - name: Kvalitet
    weight: 70
    bands: {{"10": "{own}"}}
{PRICE}""")
    anskaffelse.build([path], tmp_path / "ut", formats=["docx"])
    text = chapter(tmp_path / "ut" / "profil-kravspesifikasjon.docx", "nb")
    assert own in text and words("nb")["evaluation"]["own_scale"] in text
    assert words("nb")["evaluation"]["bands"]["7-9"] in text


def test_a_fixed_price_tender_competes_on_quality_alone(tmp_path):
    path = write(tmp_path, BASE + "award_basis: fast-pris\naward_criteria:\n  - {name: Kvalitet, weight: 100}\n")
    anskaffelse.build([path], tmp_path / "ut", formats=["docx", "json"])
    text = chapter(tmp_path / "ut" / "profil-kravspesifikasjon.docx", "nb")
    assert words("nb")["evaluation"]["intro_fixed_price"] in text
    data = json.loads((tmp_path / "ut" / "profil-spesifikasjon.json").read_text(encoding="utf-8"))
    assert data["award_basis"] == "fast-pris" and data["price_form"] is None


# ---------------------------------------------------------------- JSON


def test_the_json_carries_the_evaluation_model_and_the_price_form(example_build):
    data = json.loads((example_build / "eksempel-kommune-spesifikasjon.json").read_text(encoding="utf-8"))
    profile = read_yaml(KOMMUNE)
    criteria = {c["name"]: c for c in data["award_criteria"]}
    for given in profile["award_criteria"]:
        made = criteria[given["name"]]
        assert made["weight"] == given["weight"]
        assert made["scope"]["modules"] == given.get("requirements", {}).get("modules", [])
        assert [d["name"] for d in made["deliverables"]] == [d["name"] for d in given.get("deliverables", [])]
        if "price" in given:
            assert made["price"]["model"] == given["price"]["model"] == made["price_formula"]
            assert made["price"]["years"] == given["price"]["years"] and made["bands"] == []
        else:
            assert [b["scores"] for b in made["bands"]] == ["10", "7-9", "4-6", "1-3", "0"]
    implementation = set(criteria["Gjennomføring"]["requirements"])
    modules = {r["id"]: m["id"] for m in data["modules"] for r in m["requirements"] if r["obligation"] == "evaluert"}
    assert implementation == {i for i, m in modules.items() if m in ("implementering", "migrering", "exit")}
    elements = profile["price_form"]["elements"]
    assert [e["name"] for e in data["price_form"]["elements"]] == [e["name"] for e in elements]
    assert [e["quantity"] for e in data["price_form"]["elements"]] == [e.get("quantity", 1) for e in elements]
    assert data["price_form"]["years"] == 6


# ---------------------------------------------------------------- validation


def check(cli, tmp_path, award: str, needle: str, code: str, occurrence: int = 1,
          extra: str = "") -> tuple[str, str]:
    """Validate BASE + `award`; return the finding at `needle` (its line and column) and its hint."""
    text = BASE + extra + award
    path = write(tmp_path, text)
    result = cli("validate", path)
    if code != "P042":
        assert_clean_failure(result)
    return finding(result, path, *position(text, needle, occurrence), code)


def test_an_evaluated_requirement_in_no_criterion_is_an_error_listing_the_ids(cli, tmp_path):
    award = "award_criteria:\n  - name: Drift\n    weight: 70\n    requirements: {kinds: [drift]}\n" + PRICE
    row, hint = check(cli, tmp_path, award, "award_criteria:", "P052")
    left = sorted(r["id"] for r in drift_evaluated() if r["kind"] != "drift")
    assert 0 < len(left) <= 10
    assert f"{len(left)} evaluated requirements belong to no award criterion: {', '.join(left)}" in row
    assert "'requirements:'" in hint and "takes the rest" in hint


def test_a_long_list_of_unmapped_requirements_is_cut_short(cli, tmp_path):
    award = "award_criteria:\n  - name: Drift\n    weight: 70\n    requirements: {ids: [EPJ-DR-001]}\n" + PRICE
    included = ["EPJ-LM-030", "EPJ-LM-032", "EPJ-LM-033", "EPJ-LM-035"]
    row, _ = check(cli, tmp_path, award, "award_criteria:", "P052", extra=f"include: [{', '.join(included)}]\n")
    left = len(drift_evaluated()) - 1 + len(included)
    assert left > 10
    named = re.findall(r"EPJ-[A-Z]+-\d+", row)
    assert f"{left} evaluated requirements" in row and len(named) == 10 and f"and {left - 10} more" in row


def test_a_requirement_in_two_criteria_is_an_error_naming_both(cli, tmp_path):
    award = ("award_criteria:\n  - name: Drift\n    weight: 40\n    requirements: {kinds: [drift]}\n"
             "  - name: Beredskap\n    weight: 30\n    requirements: {tags: [beredskap], kinds: [sikkerhet]}\n"
             + PRICE)
    row, hint = check(cli, tmp_path, award, "requirements:", "P053", occurrence=2)
    both = sorted(r["id"] for r in drift_evaluated() if r["kind"] == "drift" and "beredskap" in r.get("tags", []))
    assert both
    assert f"{', '.join(both)} count under both award criterion 'Drift' and 'Beredskap'" in row
    assert "an ID wins over modules, kinds and tags" in hint


def test_an_id_wins_over_a_module(cli, tmp_path):
    award = ("award_criteria:\n  - name: Drift\n    weight: 40\n    requirements: {modules: [drift]}\n"
             "  - name: Testmiljø\n    weight: 30\n    requirements: {ids: [EPJ-DR-011]}\n" + PRICE)
    path = write(tmp_path, BASE + award)
    assert cli("validate", path).exit_code == 0
    spec, _ = anskaffelse.specification(path)
    assert spec.award_criteria[1].requirements == ("EPJ-DR-011",)
    assert "EPJ-DR-011" not in spec.award_criteria[0].requirements


def test_weights_that_do_not_add_up_are_an_error(cli, tmp_path):
    award = "award_criteria:\n  - {name: Kvalitet, weight: 60}\n" + PRICE
    row, hint = check(cli, tmp_path, award, "award_criteria:", "P007")
    assert "sum to 90, not 100" in row and "add up to 100" in hint


def test_a_criterion_that_evaluates_nothing_is_an_error(cli, tmp_path):
    award = ("award_criteria:\n  - {name: Kvalitet, weight: 50}\n"
             "  - name: Brukskvalitet\n    weight: 20\n    requirements: {kinds: [brukskvalitet]}\n" + PRICE)
    row, hint = check(cli, tmp_path, award, "Brukskvalitet", "P051")
    assert "award criterion 'Brukskvalitet' evaluates nothing" in row
    assert "'deliverables:'" in hint


def test_two_catch_all_criteria_are_an_error(cli, tmp_path):
    award = "award_criteria:\n  - {name: Kvalitet, weight: 40}\n  - {name: Service, weight: 30}\n" + PRICE
    row, hint = check(cli, tmp_path, award, "Service", "P054")
    assert "'Kvalitet' and 'Service' both name no requirements and no deliverables" in row
    assert "Add 'requirements:' (e.g. 'requirements: {subcriteria: [gjennomforing]}') or 'deliverables:'" in hint


def test_no_price_criterion_is_an_error_unless_the_price_is_fixed(cli, tmp_path):
    award = "award_criteria:\n  - {name: Kvalitet, weight: 70}\n  - name: Plan\n    weight: 30\n" \
            "    deliverables: [{name: Implementeringsplan}]\n"
    row, hint = check(cli, tmp_path, award, "award_criteria:", "P050")
    assert "the award criteria have no price criterion" in row and "award_basis: fast-pris" in hint
    assert cli("validate", write(tmp_path, BASE + "award_basis: fast-pris\n" + award)).exit_code == 0


def test_two_price_criteria_are_an_error(cli, tmp_path):
    award = ("award_criteria:\n  - {name: Kvalitet, weight: 40}\n"
             "  - {name: Lisenser, weight: 30, price: {model: lineær}}\n" + PRICE)
    row, hint = check(cli, tmp_path, award, "Pris", "P050")
    assert "'Lisenser' and 'Pris' both score price" in row and "one price criterion" in hint


def test_a_price_criterion_in_a_fixed_price_tender_is_an_error(cli, tmp_path):
    award = "award_criteria:\n  - {name: Kvalitet, weight: 70}\n" + PRICE
    row, hint = check(cli, tmp_path, award, "Pris", "P050", extra="award_basis: fast-pris\n")
    assert "scores price, but the price is fixed beforehand" in row and "Remove the price criterion" in hint


def test_a_price_criterion_with_requirements_is_an_error(cli, tmp_path):
    award = ("award_criteria:\n  - {name: Kvalitet, weight: 70}\n"
             "  - name: Pris\n    weight: 30\n    price: {model: lineær}\n    requirements: {ids: [EPJ-DR-001]}\n")
    row, hint = check(cli, tmp_path, award, "requirements:", "P057")
    assert "'Pris' is scored by its price formula and cannot have 'requirements'" in row
    assert "quality criterion" in hint


def test_an_unknown_selector_is_an_error_with_the_choices(cli, tmp_path):
    award = "award_criteria:\n  - name: Kvalitet\n    weight: 70\n    requirements: {modules: [driftt]}\n" + PRICE
    row, hint = check(cli, tmp_path, award, "driftt", "P055")
    assert "award criterion 'Kvalitet' names unknown module 'driftt'" in row and "drift" in hint


def test_an_unknown_id_is_an_error(cli, tmp_path):
    award = "award_criteria:\n  - name: Kvalitet\n    weight: 70\n    requirements: {ids: [EPJ-DR-999]}\n" + PRICE
    row, hint = check(cli, tmp_path, award, "EPJ-DR-999", "P055")
    assert "names unknown requirement EPJ-DR-999" in row and "anskaffelse show" in hint


def test_yearly_costs_need_the_years_of_the_price_criterion(cli, tmp_path):
    award = ("award_criteria:\n  - {name: Kvalitet, weight: 70}\n  - {name: Pris, weight: 30, price: {model: lineær}}\n"
             "price_form:\n  elements:\n    - {name: Drift, unit: fastpris, per_year: true}\n")
    row, hint = check(cli, tmp_path, award, "Pris", "P058")
    assert "yearly costs" in row and "over how many years" in row and "years: 6" in hint


def test_a_nynorsk_tender_warns_about_criteria_texts_only_in_bokmal(cli, tmp_path):
    base = BASE.replace("language: nb", "language: nn")
    text = base + ("award_criteria:\n  - name: Kvalitet\n    weight: 70\n"
                   "    description: {nb: Hvor godt løsningen fungerer.}\n" + PRICE)
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert result.exit_code == 0, result.stderr
    row, hint = finding(result, path, *position(text, "{nb: Hvor"), "P042")
    assert "award_criteria[1].description has no 'nn' text; the document shows the 'nb' text" in row
    assert "Add 'nn:'" in hint
