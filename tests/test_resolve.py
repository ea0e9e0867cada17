"""Resolution: which requirements a profile selects, and how they are tailored and rendered."""

from __future__ import annotations

import hashlib

import pytest

import anskaffelse
from anskaffelse.library import load_library
from anskaffelse.resolve import format_value, render_text

from .conftest import EXAMPLES, LIBRARY, read_yaml


@pytest.fixture(scope="module")
def library():
    return load_library(LIBRARY)[0].library


def ids(spec):
    return [r.id for r in spec.requirements()]


def test_module_selection_keeps_only_that_module(write_profile, library):
    spec, _ = anskaffelse.specification(write_profile())
    expected = [r.id for r in library.requirements() if r.module == "drift" and not r.deprecated]
    assert ids(spec) == expected


def test_area_selection_keeps_requirements_for_all_areas_and_the_chosen_area(write_profile, library):
    text = write_profile().read_text().replace("  modules: [drift]", "  areas: [legevakt]")
    path = write_profile(text)
    spec, _ = anskaffelse.specification(path)
    expected = [r.id for r in library.requirements()
                if not r.deprecated and ("alle" in r.areas or "legevakt" in r.areas)]
    assert ids(spec) == expected
    assert any("legevakt" in r.areas for r in spec.requirements())


def test_include_and_exclude(write_profile):
    path = write_profile(extra="include: [EPJ-LM-001]\nexclude: [EPJ-DR-002]\n")
    spec, _ = anskaffelse.specification(path)
    assert "EPJ-LM-001" in ids(spec)
    assert "EPJ-DR-002" not in ids(spec)


def test_tailoring_changes_obligation_weight_and_parameter(write_profile):
    path = write_profile(extra="""\
        tailor:
          EPJ-DR-001:
            weight: 10
          EPJ-DR-020:
            parameters: {oppetid: 99.95}
          EPJ-DR-002:
            obligation: minstekrav
        """)
    spec, _ = anskaffelse.specification(path)
    by_id = {r.id: r for r in spec.requirements()}
    assert by_id["EPJ-DR-001"].weight == 10
    assert "99,95 %" in by_id["EPJ-DR-020"].text
    assert by_id["EPJ-DR-002"].obligation == "minstekrav"


def test_text_override_is_used_with_its_justification(write_profile):
    path = write_profile(extra="""\
        tailor:
          EPJ-DR-008:
            text: Leverandøren skal publisere driftsmeldinger på kommunens intranett.
            justification: Kommunen har ingen ekstern statusside.
        """)
    spec, _ = anskaffelse.specification(path)
    req = next(r for r in spec.requirements() if r.id == "EPJ-DR-008")
    assert req.text == "Leverandøren skal publisere driftsmeldinger på kommunens intranett."
    assert req.justification == "Kommunen har ingen ekstern statusside."
    assert req.fingerprint == hashlib.sha256(req.text.encode()).hexdigest()


def test_local_requirements_come_last_in_their_own_chapter(write_profile):
    path = write_profile(extra="""\
        local_requirements:
          - id: TEST-001
            title: {nb: Lokalt krav}
            text: {nb: Leverandøren skal levere opplæring i kommunens lokaler.}
            obligation: evaluert
            weight: 2
            response: {type: ja-nei}
        """)
    spec, _ = anskaffelse.specification(path)
    assert spec.modules[-1].id == "lokale-krav"
    assert spec.modules[-1].title == "Lokale krav"
    assert [r.id for r in spec.modules[-1].requirements] == ["TEST-001"]
    assert spec.modules[-1].requirements[0].local


def test_nynorsk_profile_renders_nynorsk_text(library):
    spec, _ = anskaffelse.specification(EXAMPLES / "samarbeid" / "medlem-nynorsk.yaml")
    assert spec.tender.language == "nn"
    overridden = {i for i, t in read_yaml(EXAMPLES / "samarbeid" / "felles.yaml")["tailor"].items() if "text" in t}
    for req in spec.requirements():
        source = library.requirement(req.id)
        if req.id in overridden:
            assert req.text == read_yaml(EXAMPLES / "samarbeid" / "felles.yaml")["tailor"][req.id]["text"]["nn"]
        elif source is not None and not source.parameters:
            assert req.text == source.text.nn
            assert req.title == source.title.nn


def test_member_profile_inherits_and_overrides_the_base():
    spec, _ = anskaffelse.specification(EXAMPLES / "samarbeid" / "medlem-nynorsk.yaml")
    assert spec.tender.title == "Anskaffing av EPJ for Nordstrand kommune"
    assert spec.tender.deadline == "2027-04-01 12:00"  # from the base profile
    assert spec.parent_profile == "felles.yaml"
    assert "VEST-001" in ids(spec)  # local requirement of the base
    assert "EPJ-MS-004" not in ids(spec)
    changes = {(d.requirement, d.change) for d in spec.deviations}
    assert ("EPJ-MS-004", "removed") in changes
    assert ("EPJ-LM-005", "obligation") in changes
    assert ("EPJ-DR-021", "parameter") in changes  # only a parameter value changed


def test_member_deviations_list_added_requirements_for_a_new_area():
    base, _ = anskaffelse.specification(EXAMPLES / "samarbeid" / "felles.yaml")
    member, _ = anskaffelse.specification(EXAMPLES / "samarbeid" / "medlem-nynorsk.yaml")
    added = {d.requirement for d in member.deviations if d.change == "added"}
    assert added == set(ids(member)) - set(ids(base))


def test_profile_without_parent_has_no_deviations():
    spec, _ = anskaffelse.specification(EXAMPLES / "eksempel-kommune.yaml")
    assert spec.parent_profile == ""
    assert spec.deviations == ()


def test_traces_run_both_ways():
    spec, _ = anskaffelse.specification(EXAMPLES / "eksempel-kommune.yaml")
    for story in spec.user_stories:
        for req_id in story.requirements:
            req = next(r for r in spec.requirements() if r.id == req_id)
            assert story.id in req.user_stories
    for std in spec.standards:
        for req_id in std.requirements:
            assert std.id in next(r for r in spec.requirements() if r.id == req_id).standards


@pytest.mark.parametrize(("value", "lang", "shown"), [
    (99.5, "nb", "99,5"), (99.0, "nb", "99"), (15, "nn", "15"), (12000, "nb", "12\u00a0000"),
    (1234.5, "en", "1,234.5"), ("08.00–16.00", "nb", "08.00–16.00"),
])
def test_values_are_written_the_way_the_language_writes_them(value, lang, shown):
    assert format_value(value, lang) == shown


def test_render_text_appends_the_unit(library):
    req = library.requirement("EPJ-DR-020")
    assert "minst 97 %" in render_text(req.text.nb, req.parameters, {"oppetid": 97}, "nb")


def test_specification_fingerprint_changes_with_any_text(write_profile):
    a, _ = anskaffelse.specification(write_profile())
    b, _ = anskaffelse.specification(write_profile(extra="tailor:\n  EPJ-DR-020:\n    parameters: {oppetid: 99.6}\n"))
    assert a.fingerprint != b.fingerprint


def test_profile_with_every_service_area_selects_the_whole_library(library):
    spec, _ = anskaffelse.specification(EXAMPLES / "alle-tjenesteomrader.yaml")
    expected = [r.id for r in library.requirements() if not r.deprecated]
    assert [r.id for r in spec.requirements()] == expected
    assert [m.id for m in spec.modules] == [m.id for m in library.modules]
    assert {s.id for s in spec.user_stories} == {s.id for s in library.user_stories}


@pytest.mark.parametrize(("value", "lang", "expected"), [
    (1, "nb", "1 time"), (2, "nb", "2 timer"), (1, "nn", "1 time"), (3, "nn", "3 timar"),
])
def test_unit_takes_the_singular_after_one(library, value, lang, expected):
    from anskaffelse.model import Parameter, Text

    param = Parameter("frist", "integer", 4, 1, 72, "timer", (), Text(""), Text("timer", "timar"))
    assert render_text("innen {frist}.", (param,), {"frist": value}, lang) == f"innen {expected}."


@pytest.mark.parametrize(("text", "lang", "shown"), [
    ("2027-02-15", "nb", "15. februar 2027"), ("2027-02-15 12:00", "nn", "15. februar 2027 kl. 12:00"),
    ("2027-12-01T09:30", "en", "1 December 2027 at 09:30"), ("snart", "nb", "snart"),
])
def test_dates_in_documents_are_written_out(text, lang, shown):
    from anskaffelse.locale import long_date

    assert long_date(text, lang) == shown


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_the_fixed_texts_are_those_the_pure_yaml_parser_reads(lang):
    """The package reads its locale files with its own reader; every value and type is as ruamel's pure one gives."""
    import json

    from anskaffelse.locale import texts

    from .conftest import words

    assert json.dumps(texts(lang), default=repr) == json.dumps(words(lang), default=repr)


def test_a_text_without_placeholders_is_printed_as_written():
    assert render_text("Løsningen skal {ikke} vise {1a} eller { x }.", (), {}, "nb") == \
        "Løsningen skal {ikke} vise {1a} eller { x }."
    assert render_text("Ingen plassholder her.", (), {"frist": 3}, "nb") == "Ingen plassholder her."
