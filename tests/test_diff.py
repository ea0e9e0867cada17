"""The one diff: small specifications changed by hand, and the changes the diff must find.

Every expected change is written out here; the specifications are made by
`dataclasses.replace` on one built specification (the example tender v1).
"""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from anskaffelse.changes.diff import diff_specifications, in_order
from anskaffelse.changes.model import (
    ADDED,
    CHANGED,
    EQUAL,
    REMOVED,
    AnswerForm,
    ChapterChange,
    CriterionChange,
    FieldChange,
    PriceElementChange,
    RequirementChange,
    WordRun,
)
from anskaffelse.changes.scope import member_view
from anskaffelse.changes.words import new_text, old_text, shorten, word_diff
from anskaffelse.resolved import (
    Deliverable,
    Member,
    PriceElement,
    SpecChapter,
    Specification,
    SpecParameter,
    SpecRequirement,
)

from .conftest import EXAMPLES, spec_of

V1 = EXAMPLES / "rettelse" / "v1.yaml"
MODULE = "Drift, tilgjengelighet og brukerstøtte"


@pytest.fixture(scope="module")
def base() -> Specification:
    return spec_of(V1)


def req(spec: Specification, req_id: str) -> SpecRequirement:
    return next(r for r in spec.requirements() if r.id == req_id)


def changed(spec: Specification, req_id: str, **fields: Any) -> Specification:
    """`spec` with the fields of one requirement replaced."""
    modules = tuple(replace(m, requirements=tuple(replace(r, **fields) if r.id == req_id else r
                                                  for r in m.requirements)) for m in spec.modules)
    return replace(spec, modules=modules)


def without(spec: Specification, req_id: str) -> Specification:
    modules = tuple(replace(m, requirements=tuple(r for r in m.requirements if r.id != req_id)) for m in spec.modules)
    return replace(spec, modules=modules)


def appended(spec: Specification, new: SpecRequirement) -> Specification:
    last = spec.modules[-1]
    return replace(spec, modules=(*spec.modules[:-1], replace(last, requirements=(*last.requirements, new))))


def one_change(old: Specification, new: Specification) -> RequirementChange:
    diff = diff_specifications(old, new)
    assert len(diff.requirements) == 1, diff.requirements
    assert not (diff.tender or diff.award_criteria or diff.price_form or diff.chapters)
    return diff.requirements[0]


# ---------------------------------------------------------------- nothing else


def test_two_equal_specifications_give_an_empty_diff(base: Specification) -> None:
    diff = diff_specifications(base, replace(base))
    assert diff.empty and not diff.substantive
    assert diff.requirements == diff.tender == diff.award_criteria == diff.price_form == diff.chapters == ()


def test_fields_outside_the_comparison_are_not_changes(base: Specification) -> None:
    """The fingerprint, guidance-like fields, the profile's file name and the cover contact are not compared."""
    other = changed(base, "EPJ-DR-001", standards=("noe",), kind="annet", user_stories=(), justification="Fordi.")
    other = replace(other, profile="annen.yaml", fingerprint="0" * 64,
                    tender=replace(other.tender, contact=replace(other.tender.contact, name="Ola")))
    assert diff_specifications(base, other).empty


# ---------------------------------------------------------------- requirement fields


def test_a_weight_change(base: Specification) -> None:
    new = changed(base, "EPJ-DR-001", weight=7)
    assert one_change(base, new) == RequirementChange(
        CHANGED, "EPJ-DR-001", MODULE, req(base, "EPJ-DR-001"), req(new, "EPJ-DR-001"),
        (FieldChange("weight", 9, 7),))


def test_an_obligation_change_carries_the_weight_along(base: Specification) -> None:
    new = changed(base, "EPJ-DR-021", obligation="evaluert", weight=6)
    assert one_change(base, new).fields == (FieldChange("obligation", "minstekrav", "evaluert"),)


def test_a_text_change_word_by_word(base: Specification) -> None:
    new = changed(base, "EPJ-DR-008", text="Leverandøren skal straks varsle kommunen.")
    old = changed(base, "EPJ-DR-008", text="Leverandøren skal varsle kunden.")
    assert one_change(old, new).fields == (FieldChange(
        "text", "Leverandøren skal varsle kunden.", "Leverandøren skal straks varsle kommunen.", "", (
            WordRun(EQUAL, "Leverandøren skal "), WordRun(ADDED, "straks "), WordRun(EQUAL, "varsle "),
            WordRun(REMOVED, "kunden."), WordRun(ADDED, "kommunen."))),)


def test_a_title_change_is_its_own_field_before_the_text(base: Specification) -> None:
    new = changed(base, "EPJ-DR-008", title="Statusside", text="Ny tekst.")
    fields = one_change(base, new).fields
    assert [f.field for f in fields] == ["title", "text"]
    assert fields[0].words == (WordRun(EQUAL, "Statusside"), WordRun(REMOVED, " for driftshendelser"))
    assert fields[1].words[-1] == WordRun(ADDED, "Ny tekst.")


def test_a_parameter_change_is_not_also_a_text_change(base: Specification) -> None:
    old = changed(base, "EPJ-DR-020", text="Oppetiden skal være minst 99,5 % per måned.",
                  parameters=(SpecParameter("oppetid", "Avtalt minste oppetid", "99,5 %"),))
    new = changed(old, "EPJ-DR-020", text="Oppetiden skal være minst 99,7 % per måned.",
                  parameters=(SpecParameter("oppetid", "Avtalt minste oppetid", "99,7 %"),))
    assert one_change(old, new).fields == (FieldChange("parameter", "99,5 %", "99,7 %", "oppetid"),)


def test_a_parameter_and_another_text_change_are_both_shown(base: Specification) -> None:
    old = changed(base, "EPJ-DR-020", text="Oppetiden skal være minst 99,5 % per måned.",
                  parameters=(SpecParameter("oppetid", "Avtalt minste oppetid", "99,5 %"),))
    new = changed(old, "EPJ-DR-020", text="Oppetiden skal være minst 99,7 % per kalendermåned.",
                  parameters=(SpecParameter("oppetid", "Avtalt minste oppetid", "99,7 %"),))
    fields = one_change(old, new).fields
    assert [(f.field, f.name) for f in fields] == [("text", ""), ("parameter", "oppetid")]


def test_answer_form_scope_and_option(base: Specification) -> None:
    new = changed(base, "EPJ-DR-011", response_type="tall", unit="timer", members=("bratt",), option=True)
    assert one_change(base, new).fields == (
        FieldChange("answer_form", AnswerForm("beskrivelse"), AnswerForm("tall", "timer")),
        FieldChange("members", (), ("bratt",)),
        FieldChange("option", False, True),
    )


def test_the_same_members_in_another_order_are_no_change(base: Specification) -> None:
    old = changed(base, "EPJ-DR-009", members=("a", "b"))
    assert diff_specifications(old, changed(base, "EPJ-DR-009", members=("b", "a"))).empty


# ---------------------------------------------------------------- added, removed and their order


def test_order_is_the_new_document_order_with_removals_where_they_stood(base: Specification) -> None:
    ids = [r.id for r in base.requirements()]
    extra = replace(req(base, ids[0]), id="FJELL-001", title="Lokalt krav")
    new = appended(without(without(base, ids[0]), ids[5]), extra)
    new = changed(new, ids[3], weight=1)
    diff = diff_specifications(base, new)
    assert [(c.kind, c.id) for c in diff.requirements] == [
        (REMOVED, ids[0]), (CHANGED, ids[3]), (REMOVED, ids[5]), (ADDED, "FJELL-001")]
    assert diff.count(ADDED) == diff.count(REMOVED) - 1 == diff.count(CHANGED) == 1
    removed = diff.requirements[0]
    assert removed.old == req(base, ids[0]) and removed.new is None and removed.module == MODULE


def test_in_order_places_removals_after_their_old_predecessor() -> None:
    pairs = in_order(["a", "b", "c", "d"], ["x", "a", "c", "y"], key=lambda s: s)
    assert pairs == [(None, "x"), ("a", "a"), ("b", None), ("c", "c"), ("d", None), (None, "y")]


# ---------------------------------------------------------------- the tender, award criteria, price form, chapters


def test_tender_changes_and_what_counts_as_substantive(base: Specification) -> None:
    dated = replace(base, tender=replace(base.tender, date="2027-02-01", version="1.1"))
    diff = diff_specifications(base, dated)
    assert diff.tender == (FieldChange("date", "2027-01-04", "2027-02-01"), FieldChange("version", "1.0", "1.1"))
    assert not diff.empty and not diff.substantive
    moved = replace(dated, tender=replace(dated.tender, deadline="2027-03-01 12:00"), award_basis="fast-pris")
    diff = diff_specifications(base, moved)
    assert [c.field for c in diff.tender] == ["deadline", "date", "version", "award_basis"]
    assert diff.tender_change("deadline") == FieldChange("deadline", "2027-02-15 12:00", "2027-03-01 12:00")
    assert diff.substantive


def test_award_criteria_weights_deliverables_and_a_removed_criterion(base: Specification) -> None:
    quality, price = base.award_criteria
    plan = Deliverable("Implementeringsplan", "Plan med milepæler.", 10)
    new_quality = replace(quality, weight=60, deliverables=(plan,))
    new_price = replace(price, price=replace(price.price, model="proporsjonal"))  # type: ignore[arg-type]
    extra = replace(quality, name="Gjennomføring", weight=10, requirements=())
    diff = diff_specifications(base, replace(base, award_criteria=(new_quality, extra)))
    assert diff.award_criteria == (
        CriterionChange(CHANGED, "Kvalitet", quality, new_quality, (
            FieldChange("weight", 70, 60), FieldChange("deliverable", None, plan, "Implementeringsplan"))),
        CriterionChange(REMOVED, "Pris", price, None),
        CriterionChange(ADDED, "Gjennomføring", None, extra),
    )
    diff = diff_specifications(base, replace(base, award_criteria=(quality, new_price)))
    assert diff.award_criteria == (
        CriterionChange(CHANGED, "Pris", price, new_price, (FieldChange("price_model", "lineær", "proporsjonal"),)),)


def test_a_requirement_moved_between_criteria_is_a_criterion_change(base: Specification) -> None:
    quality, price = base.award_criteria
    moved = quality.requirements[0]
    other = replace(quality, name="Gjennomføring", weight=10, requirements=())
    old = replace(base, award_criteria=(replace(quality, weight=60), other, price))
    new = replace(base, award_criteria=(replace(quality, weight=60, requirements=quality.requirements[1:]),
                                        replace(other, requirements=(moved,)), price))
    diff = diff_specifications(old, new)
    assert [(c.name, c.fields) for c in diff.award_criteria] == [
        ("Gjennomføring", (FieldChange("requirements", (), (moved,)),))]


def test_price_form_elements_and_years(base: Specification) -> None:
    form = base.price_form
    assert form is not None
    first, second = form.elements
    more = replace(second, quantity=6)
    licence = PriceElement("Lisens", "bruker", 300, True, False)
    new_form = replace(form, years=form.years + 2, elements=(first, more, licence))
    diff = diff_specifications(base, replace(base, price_form=new_form))
    assert diff.price_form == (
        PriceElementChange(CHANGED, "", None, None, (FieldChange("years", form.years, form.years + 2),)),
        PriceElementChange(CHANGED, second.name, second, more, (FieldChange("quantity", 4, 6),)),
        PriceElementChange(ADDED, "Lisens", None, licence),
    )


def test_chapters_by_key(base: Specification) -> None:
    contact = SpecChapter("contact", "Kontaktperson", "opening", "Kontaktperson: Kari Nordmann.")
    timeline = SpecChapter("timeline", "Tidsplan", "opening", "Frist for spørsmål: 25. januar.")
    old = replace(base, chapters=(contact, timeline))
    new_contact = replace(contact, text="Kontaktperson: Ola Nordmann.")
    diff = diff_specifications(old, replace(base, chapters=(new_contact,)))
    assert diff.chapters == (
        ChapterChange(CHANGED, "contact", contact, new_contact, (FieldChange(
            "text", contact.text, new_contact.text, "", (
                WordRun(EQUAL, "Kontaktperson: "), WordRun(REMOVED, "Kari "), WordRun(ADDED, "Ola "),
                WordRun(EQUAL, "Nordmann."))),)),
        ChapterChange(REMOVED, "timeline", timeline, None),
    )


# ---------------------------------------------------------------- a member's view of a joint tender


def test_a_members_view_keeps_the_requirements_in_its_scope(base: Specification) -> None:
    members = (Member("nordvik", "Nordvik kommune", "940000130"), Member("bratt", "Bratt kommune", "950000090"))
    joint = replace(changed(changed(base, "EPJ-DR-001", members=("bratt",)), "EPJ-DR-002", members=("nordvik",)),
                    members=members)
    nordvik = [r.id for r in member_view(joint, "nordvik").requirements()]
    assert "EPJ-DR-001" not in nordvik and "EPJ-DR-002" in nordvik
    assert len(nordvik) == base.requirement_count - 1
    diff = diff_specifications(member_view(joint, "nordvik"), member_view(joint, "bratt"))
    assert [(c.kind, c.id) for c in diff.requirements] == [(ADDED, "EPJ-DR-001"), (REMOVED, "EPJ-DR-002")]
    assert member_view(base, "nordvik") is base


# ---------------------------------------------------------------- words


@pytest.mark.parametrize(("old", "new"), [
    ("", "Ny tekst."),
    ("Gammel tekst.", ""),
    ("  innrykk og\nlinjeskift  ", "innrykk og linjeskift"),
    ("Løsningen skal ha oppetid på 99,5 %.", "Løsningen skal ha en oppetid på minst 99,7 % per måned."),
])
def test_the_runs_give_back_both_texts(old: str, new: str) -> None:
    runs = word_diff(old, new)
    assert old_text(runs) == old and new_text(runs) == new
    assert all(a.kind != b.kind and a.text for a, b in pairwise(runs))


def test_a_changed_space_is_a_change_of_the_space_alone() -> None:
    assert word_diff("a b", "a\nb") == (WordRun(EQUAL, "a"), WordRun(REMOVED, " "), WordRun(ADDED, "\n"),
                                        WordRun(EQUAL, "b"))


def test_shorten_keeps_four_words_around_a_change() -> None:
    runs = word_diff("null en to tre fire fem seks sju åtte ni ti", "null en to tre fire fem SEKS sju åtte ni ti")
    assert shorten(runs) == (WordRun(EQUAL, "… to tre fire fem "), WordRun(REMOVED, "seks "),
                             WordRun(ADDED, "SEKS "), WordRun(EQUAL, "sju åtte ni ti"))
    long = " ".join(f"ord{n}" for n in range(20))
    assert shorten(word_diff(f"A {long} B", f"X {long} Y"))[2] == WordRun(
        EQUAL, "ord0 ord1 ord2 ord3 … ord16 ord17 ord18 ord19 ")


def test_the_example_pair_is_resolved_from_the_files(base: Specification) -> None:
    """The example v1 is the base every test here starts from; guard the facts the tests rely on."""
    assert req(base, "EPJ-DR-001").weight == 9 and req(base, "EPJ-DR-021").obligation == "minstekrav"
    assert req(base, "EPJ-DR-011").response_type == "beskrivelse"
    assert [c.weight for c in base.award_criteria] == [70, 30]
    assert base.price_form is not None and base.price_form.elements[1].quantity == 4
    assert Path(V1).is_file()


def test_the_specification_names_the_parameter_values_its_texts_show(base: Specification) -> None:
    """EPJ-DR-020's text uses {oppetid}, which v1 sets to 99.5; the label is the library's description."""
    from .conftest import LIBRARY, read_yaml

    source = next(r for r in read_yaml(LIBRARY / "modules" / "drift.yaml")["requirements"] if r["id"] == "EPJ-DR-020")
    label = source["parameters"]["oppetid"]["description"]["nb"]
    assert req(base, "EPJ-DR-020").parameters == (SpecParameter("oppetid", label, "99,5 %"),)
    assert "99,5 %" in req(base, "EPJ-DR-020").text
    assert req(base, "EPJ-DR-008").parameters == ()


def test_a_moved_deadline_of_fulfilment_is_a_change(base: Specification) -> None:
    new = changed(base, "EPJ-DR-009", fulfilment="frist", fulfilment_by="1. juni 2028")
    old_when = req(base, "EPJ-DR-009").fulfilment
    assert one_change(base, new).fields == (FieldChange("fulfilment", old_when, "1. juni 2028"),)
    later = changed(new, "EPJ-DR-009", fulfilment_by="1. september 2028")
    assert one_change(new, later).fields == (FieldChange("fulfilment", "1. juni 2028", "1. september 2028"),)
