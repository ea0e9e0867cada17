"""The built-in library: it loads cleanly and has the content the foundation promises."""

from __future__ import annotations

import re

import pytest
from ruamel.yaml import YAML

from anskaffelse.library import default_library_path, load_library

from .conftest import LIBRARY


@pytest.fixture(scope="module")
def library():
    loaded, found = load_library(LIBRARY)
    assert loaded is not None, found
    return loaded.library


def test_builtin_library_has_no_findings():
    loaded, found = load_library(LIBRARY)
    assert loaded is not None
    assert found == []


def test_default_library_is_the_source_folder_in_a_checkout(monkeypatch):
    monkeypatch.delenv("ANSKAFFELSE_LIBRARY", raising=False)
    assert (default_library_path() / "library.yaml").read_bytes() == (LIBRARY / "library.yaml").read_bytes()


def test_environment_variable_selects_another_library(monkeypatch, tmp_path):
    monkeypatch.setenv("ANSKAFFELSE_LIBRARY", str(tmp_path))
    assert default_library_path() == tmp_path


def test_library_size_and_required_topics(library):
    assert len(library.modules) >= 5
    assert len(library.requirements()) >= 60
    ids = {m.id for m in library.modules}
    assert {"legemidler", "meldinger", "tilgangsstyring", "drift", "universell-utforming"} <= ids


def test_every_text_has_bokmal_and_nynorsk(library):
    for req in library.requirements():
        for name in ("title", "text", "guidance", "rationale"):
            text = getattr(req, name)
            assert text.nb and text.nn, f"{req.id} {name} lacks nb or nn"


def test_placeholders_are_the_same_in_both_languages(library):
    for req in library.requirements():
        nb = set(re.findall(r"\{(\w+)\}", req.text.nb))
        nn = set(re.findall(r"\{(\w+)\}", req.text.nn or ""))
        assert nb == nn, req.id
        assert nb <= {p.name for p in req.parameters}, req.id


def test_every_cited_standard_is_in_the_catalogue_with_owner_and_link(library):
    catalogue = {s.id: s for s in library.standards}
    cited = {s for r in library.requirements() for s in r.standards}
    assert cited <= set(catalogue)
    for std_id in cited:
        std = catalogue[std_id]
        assert std.owner and std.url.startswith("https://"), std_id


def test_required_national_standards_are_cited(library):
    cited = {s for r in library.requirements() for s in r.standards}
    assert {"e-resept", "pll", "plo-meldinger", "dialogmelding", "applikasjonskvittering",
            "adresseregisteret", "helseid", "pasientjournalloven", "wcag-2.1"} <= cited


def test_uptime_is_a_parameter_with_bounds(library):
    uptime = [p for r in library.requirements() for p in r.parameters if p.name == "oppetid"]
    assert uptime, "no requirement has an uptime parameter"
    param = uptime[0]
    assert param.unit == "%"
    assert param.min is not None and param.max is not None and param.min <= param.default <= param.max


def test_user_stories_have_all_five_parts_in_both_languages(library):
    assert len(library.user_stories) >= 5
    for story in library.user_stories:
        for part in ("title", "problem", "desired", "systems"):
            assert getattr(story, part).nb and getattr(story, part).nn, (story.id, part)
        assert story.areas and story.professions


def test_every_user_story_is_realised_by_some_requirement(library):
    traced = {s for r in library.requirements() for s in r.user_stories}
    assert {s.id for s in library.user_stories} <= traced


def test_requirement_ids_are_unique_across_files():
    yaml = YAML(typ="safe", pure=True)
    ids = []
    for path in sorted((LIBRARY / "modules").glob("*.yaml")):
        ids += [r["id"] for r in yaml.load(path.read_text(encoding="utf-8"))["requirements"]]
    assert len(ids) == len(set(ids))


def test_minstekrav_and_informasjon_carry_no_weight_and_evaluert_does(library):
    for req in library.requirements():
        if req.obligation == "evaluert":
            assert req.weight and 1 <= req.weight <= 10, req.id
        if req.obligation == "informasjon":
            assert not req.weight, req.id


def test_no_brand_names_in_requirement_texts(library):
    brands = re.compile(r"\b(Microsoft|Windows|Excel|Word|Apple|iPhone|Android|Google|Chrome|JAWS|NVDA|"
                        r"Oracle|SAP|DIPS|Visma|Gerica|Profil|CosDoc|Acos|Tieto|Evry)\b")
    for req in library.requirements():
        for lang in ("nb", "nn"):
            assert not brands.search(req.text.get(lang)), (req.id, lang)


def test_library_size_for_a_complete_procurement(library):
    assert len(library.modules) >= 20
    assert len(library.requirements()) >= 300
    for module in library.modules:
        assert len(module.requirements) >= 8, module.id
    with_parameters = [r for r in library.requirements() if r.parameters]
    assert len(with_parameters) >= 40
    assert len(library.user_stories) >= 25


def test_every_service_area_module_is_reached_by_a_user_story(library):
    for module in library.modules:
        area_specific = any("alle" not in r.areas for r in module.requirements)
        if area_specific:
            assert any(r.user_stories for r in module.requirements), module.id


def test_every_service_area_has_requirements_and_stories(library):
    for area in library.areas:
        assert any(area.id in r.areas for r in library.requirements()), area.id
        assert any(area.id in s.areas for s in library.user_stories), area.id


def test_every_issued_id_is_registered():
    yaml = YAML(typ="safe", pure=True)
    register = yaml.load((LIBRARY / "id-register.yaml").read_text(encoding="utf-8"))["issued"]
    ids = set()
    for path in (LIBRARY / "modules").glob("*.yaml"):
        ids |= {r["id"] for r in yaml.load(path.read_text(encoding="utf-8"))["requirements"]}
    assert ids == set(register)


def test_removing_an_issued_requirement_is_refused(library_copy):
    module = library_copy / "modules" / "drift.yaml"
    text = module.read_text(encoding="utf-8")
    start = text.index("  - id: EPJ-DR-014")
    end = text.find("\n  - id: ", start)  # later requirements in the module stay
    module.write_text(text[:start] + (text[end + 1:] if end != -1 else ""), encoding="utf-8")
    loaded, found = load_library(library_copy)
    assert loaded is None
    removed = [d for d in found if d.code == "L016"]
    assert len(removed) == 1 and "EPJ-DR-014" in removed[0].message
    assert removed[0].file.endswith("id-register.yaml") and removed[0].line > 0


def test_a_new_requirement_must_be_registered(library_copy):
    module = library_copy / "modules" / "drift.yaml"
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("  - id: EPJ-DR-014", "  - id: EPJ-DR-015", 1), encoding="utf-8")
    loaded, found = load_library(library_copy)
    assert loaded is None
    codes = sorted(d.code for d in found)
    assert codes == ["L016", "L017"]  # DR-014 vanished and DR-015 is unregistered


def test_mandatory_scope_and_owners_of_national_services(library):
    catalogue = {s.id: s for s in library.standards}
    for std_id in ("e-resept", "kjernejournal"):
        assert catalogue[std_id].mandatory and catalogue[std_id].mandatory_for == ("legevakt",), std_id
        assert catalogue[std_id].owner.startswith("Norsk helsenett SF"), std_id
        assert catalogue[std_id].binding.nb and catalogue[std_id].binding.nn, std_id
    assert catalogue["kpr"].owner == "Folkehelseinstituttet"
    assert catalogue["sfm"].owner == "Norsk helsenett SF"
    assert not catalogue["normen"].mandatory and "medlemsavtalen" in catalogue["normen"].binding.nb
    assert catalogue["fest"].owner.startswith("Direktoratet for medisinske produkter")


def test_every_catalogue_entry_has_owner_link_and_both_languages(library):
    ids = {s.id for s in library.standards}
    assert {"helsepersonelloven", "legemiddelhandteringsforskriften", "akuttmedisinforskriften", "arkivloven",
            "arkivforskriften", "fest", "epikrise", "henvisning", "svarrapportering", "avviksmelding",
            "ebxml-rammeverk", "folkeregisteret", "fastlegeregisteret", "msis", "pasientens-provesvar",
            "kritisk-informasjon"} <= ids
    for std in library.standards:
        assert std.owner and std.url.startswith("https://"), std.id
        assert std.name.nb and std.name.nn, std.id
        if std.mandatory_for:
            assert std.mandatory, std.id
