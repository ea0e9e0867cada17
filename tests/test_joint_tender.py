"""A joint tender: members, their files, scope, options, and `exclude` by module and user story.

Expectations are written out by hand from the profiles in this file and from the
library's YAML (which areas a requirement is for), never taken from a build.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest

import anskaffelse

from .conftest import EXAMPLES, LIBRARY, read_yaml

JOINT = EXAMPLES / "samarbeid-felles"

HOST = """\
library_version: ">=2.0, <3"
namespace: FELLES
tender:
  title: Felles anskaffelse
  reference: "2027/5"
  procedure: apen-anbudskonkurranse
  contract_standard: SSA-T
  deadline: "2027-04-01 12:00"
  date: "2027-01-10"
  language: nb
members:
  - id: nordvik
    name: Nordvik kommune
    short_name: Nordvik
    org_number: "971806427"
    role: vertskommune
    areas: [hjemmetjeneste, legevakt]
  - id: elvdal
    name: Elvdal kommune
    org_number: "944330178"
    language: nn
    areas: [hjemmetjeneste, helsestasjon]
  - id: bratt
    file: bratt.yaml
select:
  modules: [legevakt, helsestasjon, velferdsteknologi, drift]
award_criteria:
  - {name: Kvalitet, weight: 70}
  - {name: Pris, weight: 30, price: {model: lineær}}
"""

BRATT = """\
name: Bratt kommune
org_number: "986220364"
language: nn
areas: [hjemmetjeneste, psykisk-helse-rus]
namespace: BRATT
local_requirements:
  - id: BRATT-001
    title: Eigen rapport
    text: Leverandøren skal levere ein rapport over ventelister i psykisk helse og rus.
    obligation: informasjon
    response: {type: beskrivelse}
"""


@pytest.fixture
def joint(tmp_path: Path):
    """Write the host profile (with `extra` appended) and Bratt's file; return the host profile's path."""

    def write(extra: str = "", bratt: str = BRATT, host: str = HOST) -> Path:
        (tmp_path / "bratt.yaml").write_text(textwrap.dedent(bratt), encoding="utf-8")
        path = tmp_path / "felles.yaml"
        path.write_text(host + textwrap.dedent(extra), encoding="utf-8")
        return path

    return write


def library_areas(module: str) -> dict[str, list[str]]:
    """Each requirement of a library module with its service areas, read from the library's YAML."""
    data = read_yaml(LIBRARY / "modules" / f"{module}.yaml")
    return {r["id"]: r.get("areas", ["alle"]) for r in data["requirements"]}


def requirements(spec: Any) -> dict[str, Any]:
    return {r.id: r for r in spec.requirements()}


def line_of(text: str, fragment: str) -> tuple[int, int]:
    """1-based line and column of the first `fragment` in `text`."""
    for number, line in enumerate(text.splitlines(), 1):
        if fragment in line:
            return number, line.index(fragment) + 1
    raise AssertionError(fragment)


def codes(findings: list[Any]) -> list[str]:
    return [d.code for d in findings]


# ---------------------------------------------------------------------------------------- member files


@pytest.mark.parametrize(("term", "bratt_extra", "key"), [
    ("award criteria", "award_criteria:\n  - {name: Kvalitet, weight: 100}\n", "award_criteria:"),
    ("procedure", "tender:\n  procedure: konkurranse-med-forhandling\n", "procedure:"),
    ("deadline", "tender:\n  deadline: \"2027-05-01 12:00\"\n", "deadline:"),
])
def test_a_member_file_cannot_change_the_single_tender(cli, joint, tmp_path: Path, term: str, bratt_extra: str,
                                                      key: str) -> None:
    profile = joint(bratt=BRATT + bratt_extra)
    out = tmp_path / "ut"
    result = cli("build", profile, "-o", out)
    assert result.exit_code == 1
    line, column = line_of(BRATT + bratt_extra, key)
    expected = f"bratt.yaml:{line}:{column}: error member file of bratt sets "
    lines = [x for x in result.stderr.splitlines() if expected in x and "(P070)" in x]
    assert lines and term in lines[0], result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not out.exists() or not any(out.iterdir())


def test_a_member_file_may_give_its_facts_and_own_requirements(joint) -> None:
    spec, warnings = anskaffelse.specification(joint())
    assert not [w for w in warnings if w.severity == "error"]
    bratt = next(m for m in spec.members if m.id == "bratt")
    assert (bratt.name, bratt.org_number, bratt.language) == ("Bratt kommune", "986220364", "nn")
    assert requirements(spec)["BRATT-001"].members == ("bratt",)  # its own requirement is for Bratt only


def test_member_file_problems_point_into_the_right_file(joint) -> None:
    profile = joint(bratt=BRATT.replace("name: Bratt kommune", "name: Bratt herad") + "fakta: {users: 3}\n")
    text = profile.read_text(encoding="utf-8").replace("  - id: bratt\n", "  - id: bratt\n    name: Bratt kommune\n")
    profile.write_text(text, encoding="utf-8")
    findings = anskaffelse.validate([profile])
    by_code = {d.code: d for d in findings}
    assert by_code["P082"].file.endswith("bratt.yaml") and by_code["P082"].line == 1
    assert by_code["S002"].file.endswith("bratt.yaml") and "fakta" in by_code["S002"].message
    host = HOST.replace("file: bratt.yaml", "file: finst-ikkje.yaml")
    findings = anskaffelse.validate([joint(host=host)])
    [p071] = [d for d in findings if d.code == "P071"]
    assert p071.file.endswith("felles.yaml") and (p071.line, p071.column) == line_of(host, "finst-ikkje.yaml")
    assert "P082" not in codes(findings)  # no second finding about the name the missing file would give


def test_a_member_files_own_requirement_applies_to_that_member_only(joint) -> None:
    bratt = BRATT + "    members: [nordvik]\n"
    findings = anskaffelse.validate([joint(bratt=bratt)])
    [p083] = [d for d in findings if d.code == "P083"]
    assert p083.file.endswith("bratt.yaml") and "BRATT-001" in p083.message
    findings = anskaffelse.validate([joint("scope:\n  BRATT-001: [nordvik]\n")])
    [p083] = [d for d in findings if d.code == "P083"]
    assert p083.file.endswith("felles.yaml") and "BRATT-001" in p083.message


# ---------------------------------------------------------------------------------------- members


@pytest.mark.parametrize(("change", "code", "words"), [
    (("id: elvdal", "id: nordvik"), "P072", ("nordvik", "same member id")),
    (("org_number: \"944330178\"", "org_number: \"971806427\""), "P073", ("971806427",)),
    (("    language: nn\n    areas: [hjemmetjeneste, helsestasjon]",
      "    language: nn\n    role: vertskommune\n    areas: [hjemmetjeneste, helsestasjon]"), "P074",
     ("vertskommune",)),
    (("areas: [hjemmetjeneste, helsestasjon]", "areas: [hjemmetjeneste, skulehelse]"), "P077",
     ("skulehelse", "helsestasjon")),
    (("org_number: \"944330178\"", "org_number: \"944330179\""), "P013", ("944330179",)),
])
def test_member_list_errors(joint, change: tuple[str, str], code: str, words: tuple[str, ...]) -> None:
    host = HOST.replace(*change, 1)
    assert host != HOST
    findings = [d for d in anskaffelse.validate([joint(host=host)]) if d.code == code]
    assert findings, code
    text = f"{findings[0].message} {findings[0].hint}"
    assert all(w in text for w in words), text
    assert findings[0].file.endswith("felles.yaml") and findings[0].line > 0


def test_scope_names_members_and_requirements_that_exist(joint) -> None:
    findings = anskaffelse.validate([joint("""\
        scope:
          EPJ-LV-003: [nordvk]
          legvakt: [nordvik]
          EPJ-HS-001: [nordvik]
        """)])
    by_code = {d.code: d for d in findings}
    assert "Did you mean nordvik?" in by_code["P075"].hint
    assert "Did you mean legevakt?" in by_code["P076"].hint
    # Nordvik runs hjemmetjeneste and legevakt; EPJ-HS-001 is for helsestasjon only: a warning.
    assert by_code["P078"].severity == "warning" and "EPJ-HS-001" in by_code["P078"].message


def test_priorities_name_requirements_or_modules(joint) -> None:
    priorities = "    priorities: {legvakt: må, EPJ-LV-003: bør}\n"
    host = HOST.replace("    role: vertskommune\n", "    role: vertskommune\n" + priorities)
    [p076] = [d for d in anskaffelse.validate([joint(host=host)]) if d.code == "P076"]
    assert "legvakt" in p076.message and "Did you mean legevakt?" in p076.hint
    assert (p076.line, p076.column) == line_of(host, "legvakt")
    spec, _ = anskaffelse.specification(joint(host=host.replace("legvakt", "legevakt")))
    nordvik = dict(spec.members[0].priorities)
    assert nordvik["EPJ-LV-003"] == "bør" and nordvik["EPJ-LV-001"] == "må"  # the ID wins over its module


def test_scope_and_option_members_need_members(write_profile) -> None:
    profile = write_profile(extra="scope:\n  drift: [nordvik]\noptions: [drift]\n")
    assert "P080" in codes(anskaffelse.validate([profile]))


def test_option_members_name_options(joint) -> None:
    findings = anskaffelse.validate([joint("option_members:\n  EPJ-DR-020: [nordvik]\n")])
    assert "P081" in codes(findings)
    findings = anskaffelse.validate([joint("options: [velferdsteknologi]\noption_members:\n  EPJ-VT-001: [nordvik]\n")])
    assert "P081" not in codes(findings)  # a requirement of an option module


def test_a_selected_area_no_member_runs_is_a_warning(joint) -> None:
    host = HOST.replace("  modules: [legevakt, helsestasjon, velferdsteknologi, drift]",
                        "  areas: [hjemmetjeneste, kad]").replace("file: bratt.yaml", "name: Bratt kommune\n"
                                                                   "    org_number: \"986220364\"\n"
                                                                   "    areas: [psykisk-helse-rus]")
    [p084] = [d for d in anskaffelse.validate([joint(host=host)]) if d.code == "P084"]
    assert p084.severity == "warning" and "'kad'" in p084.message


def test_members_without_buyers_are_the_buyers(joint) -> None:
    spec, _ = anskaffelse.specification(joint())
    assert [(b.name, b.org_number) for b in spec.tender.buyers] == [
        ("Nordvik kommune", "971806427"), ("Elvdal kommune", "944330178"), ("Bratt kommune", "986220364")]


# ---------------------------------------------------------------------------------------- resolution


def test_scope_follows_the_members_service_areas(joint) -> None:
    spec, _ = anskaffelse.specification(joint())
    reqs = requirements(spec)
    legevakt = library_areas("legevakt")
    helsestasjon = library_areas("helsestasjon")
    # Only Nordvik runs legevakt; only Elvdal runs helsestasjon.
    for req_id, areas in legevakt.items():
        if req_id in reqs and areas == ["legevakt"]:
            assert reqs[req_id].members == ("nordvik",), req_id
    for req_id, areas in helsestasjon.items():
        if req_id in reqs and areas == ["helsestasjon"]:
            assert reqs[req_id].members == ("elvdal",), req_id
    # drift: most requirements are for all areas; EPJ-DR-006 is for legevakt, institusjon and KAD, of which
    # only Nordvik runs one; EPJ-DR-076 is for hjemmetjeneste too, which every member runs.
    assert reqs["EPJ-DR-006"].members == ("nordvik",)
    assert reqs["EPJ-DR-076"].members == ()
    assert all(r.members == () for r_id, r in reqs.items() if r.module == "drift" and r_id not in
               ("EPJ-DR-006", "EPJ-DR-021"))
    assert not any(r.option for r in reqs.values())


def test_explicit_scope_wins_an_id_over_its_module_and_all_members_is_no_list(joint) -> None:
    spec, _ = anskaffelse.specification(joint("""\
        scope:
          legevakt: [nordvik, elvdal]
          EPJ-LV-003: [elvdal]
          EPJ-DR-020: [bratt, nordvik, elvdal]
        """))
    reqs = requirements(spec)
    assert reqs["EPJ-LV-003"].members == ("elvdal",)
    assert reqs["EPJ-LV-001"].members == ("nordvik", "elvdal")
    assert reqs["EPJ-DR-020"].members == ()  # every member: the same as no scope


def test_options_and_their_members(joint) -> None:
    spec, _ = anskaffelse.specification(joint("""\
        options: [velferdsteknologi, EPJ-DR-020]
        option_members:
          velferdsteknologi: [elvdal]
        """))
    reqs = requirements(spec)
    vt = [r for r in reqs.values() if r.module == "velferdsteknologi"]
    assert vt and all(r.option and r.members == ("elvdal",) for r in vt)
    assert reqs["EPJ-DR-020"].option and reqs["EPJ-DR-020"].members == ()
    assert not reqs["EPJ-DR-001"].option


def test_local_requirements_with_members(joint) -> None:
    spec, _ = anskaffelse.specification(joint("""\
        local_requirements:
          - id: FELLES-001
            members: [elvdal, nordvik]
            title: Felles krav
            text: Leverandøren skal levere ein felles rapport for begge kommunane.
            obligation: informasjon
            response: {type: beskrivelse}
        """))
    assert requirements(spec)["FELLES-001"].members == ("nordvik", "elvdal")  # in the order of 'members:'


def _old_fingerprint(reqs: list[Any]) -> str:
    """The fingerprint of a tender without members, as it was before joint tenders existed."""
    digest = hashlib.sha256()
    for r in reqs:
        digest.update(f"{r.id}\x1f{r.obligation}\x1f{r.weight}\x1f{r.text}\x1e".encode())
    return digest.hexdigest()


def test_the_fingerprint_changes_with_scope_and_option_only(joint, write_profile) -> None:
    plain, _ = anskaffelse.specification(write_profile())
    assert plain.fingerprint == _old_fingerprint(list(plain.requirements()))
    base, _ = anskaffelse.specification(joint())
    scoped, _ = anskaffelse.specification(joint("scope:\n  EPJ-DR-020: [nordvik]\n"))
    option, _ = anskaffelse.specification(joint("options: [EPJ-DR-020]\n"))
    assert len({base.fingerprint, scoped.fingerprint, option.fingerprint}) == 3
    assert [r.text for r in base.requirements()] == [r.text for r in scoped.requirements()]
    same, _ = anskaffelse.specification(joint("scope:\n  EPJ-DR-020: [nordvik, elvdal, bratt]\n"))
    assert same.fingerprint == base.fingerprint


# ---------------------------------------------------------------------------------------- exclude


def test_exclude_takes_a_module_id_and_a_story_id(write_profile) -> None:
    profile = write_profile(extra="exclude: [velferdsteknologi, HIST-004]\ninclude: [EPJ-VT-001]\n")
    text = profile.read_text(encoding="utf-8").replace("  modules: [drift]", "  modules: [drift, velferdsteknologi]")
    profile.write_text(text, encoding="utf-8")
    findings = anskaffelse.validate([profile])
    assert not [d for d in findings if d.severity == "error"], findings
    spec, _ = anskaffelse.specification(profile)
    modules = {r.module for r in spec.requirements()}
    vt = [r.id for r in spec.requirements() if r.module == "velferdsteknologi"]
    assert vt == ["EPJ-VT-001"]  # the module is out, the ID under include is in
    assert "drift" in modules
    stories = {s.id for s in spec.user_stories}
    assert "HIST-004" not in stories
    kept, _ = anskaffelse.specification(write_profile())
    assert "HIST-004" in {s.id for s in kept.user_stories}  # without the exclusion the story is printed


def test_excluding_a_module_drops_the_stories_it_realised(write_profile) -> None:
    profile = write_profile()
    text = profile.read_text(encoding="utf-8").replace("  modules: [drift]", "  areas: [hjemmetjeneste]")
    profile.write_text(text, encoding="utf-8")
    spec, _ = anskaffelse.specification(profile)
    assert "HIST-019" in {s.id for s in spec.user_stories}
    profile.write_text(text + "exclude: [velferdsteknologi]\n", encoding="utf-8")
    spec, _ = anskaffelse.specification(profile)
    assert not any(r.module == "velferdsteknologi" for r in spec.requirements())
    assert "HIST-019" not in {s.id for s in spec.user_stories}


def test_exclude_of_an_unknown_name_suggests_a_module(cli, write_profile) -> None:
    profile = write_profile(extra="exclude: [velferdsteknolgi]\n")
    result = cli("validate", profile)
    assert result.exit_code == 1
    assert "velferdsteknolgi" in result.stderr and "Did you mean velferdsteknologi?" in result.stderr


def test_show_says_the_module_is_excluded(write_profile) -> None:
    profile = write_profile(extra="exclude: [drift]\n")
    built = anskaffelse.built_requirement(profile, "EPJ-DR-020")
    assert built.built is None and "its module 'drift'" in built.not_selected


# ---------------------------------------------------------------------------------------- the example


def test_the_joint_example_validates_and_lints_without_findings() -> None:
    assert anskaffelse.validate([JOINT / "felles-anskaffelse.yaml"]) == []
    assert anskaffelse.lint([JOINT / "felles-anskaffelse.yaml"]) == []  # the members' own requirements too


def test_the_example_builds_one_set_of_files_in_one_command(cli, tmp_path: Path) -> None:
    source = tmp_path / "eksempel"
    shutil.copytree(JOINT, source)
    out = tmp_path / "ut"
    result = cli("build", source / "felles-anskaffelse.yaml", "-o", out, "--json")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "felles-anskaffelse-kravspesifikasjon.docx", "felles-anskaffelse-spesifikasjon.json",
        "felles-anskaffelse-svarskjema.xlsx"]
    data = json.loads((out / "felles-anskaffelse-spesifikasjon.json").read_text(encoding="utf-8"))
    assert [m["id"] for m in data["members"]] == ["storfjord", "nordvik", "elvdal", "bratt"]
    assert [m["language"] for m in data["members"]] == ["nb", "nb", "nn", "nn"]
    assert data["tender"]["language"] == "nb"
    # The member files are input: the build leaves them as they were.
    for name in ("medlem-nordvik.yaml", "medlem-elvdal.yaml", "medlem-bratt.yaml"):
        assert (source / name).read_bytes() == (JOINT / name).read_bytes()


def test_user_stories_follow_the_areas_the_members_run(joint) -> None:
    stories = {s["id"]: s["areas"] for s in read_yaml(LIBRARY / "user-stories.yaml")["user_stories"]}
    assert stories["HIST-013"] == ["helsestasjon"]  # health checks and vaccination at the helsestasjon
    spec, _ = anskaffelse.specification(joint())
    assert "HIST-013" in {s.id for s in spec.user_stories}  # Elvdal runs helsestasjon
    host = HOST.replace("areas: [hjemmetjeneste, helsestasjon]", "areas: [hjemmetjeneste]")
    spec, _ = anskaffelse.specification(joint(host=host))
    assert "HIST-013" not in {s.id for s in spec.user_stories}  # no member runs helsestasjon any more


def test_show_tells_whom_a_requirement_applies_to(cli) -> None:
    result = cli("show", "EPJ-VT-001", "--profile", JOINT / "felles-anskaffelse.yaml")
    assert result.exit_code == 0, result.stderr
    # velferdsteknologi is an option for storfjord and nordvik (option_members in the example).
    assert "Applies to: storfjord, nordvik" in result.stdout and "Option: yes" in result.stdout
    result = cli("show", "EPJ-GE-001", "--profile", JOINT / "felles-anskaffelse.yaml")
    assert "Applies to: all members" in result.stdout and "Option" not in result.stdout


def test_a_member_file_given_as_a_profile_says_what_it_is(cli, tmp_path: Path) -> None:
    result = cli("build", JOINT / "medlem-bratt.yaml", "-o", tmp_path / "ut")
    assert result.exit_code == 1
    assert "is a member's file of a joint tender, not a profile (P071)" in result.stderr
    assert "Validate or build the joint profile that names it" in result.stderr
    assert not (tmp_path / "ut").exists() or not any((tmp_path / "ut").iterdir())
