"""Finding the vocabulary: `list areas|modules|tags|kinds|stories`, `list --tag`, `show --profile`,
and "did you mean" for unknown IDs, areas, modules, tags, parameters and fields."""

from __future__ import annotations

import json
from collections import Counter
from functools import cache

import pytest

from anskaffelse.library import load_library
from anskaffelse.model import Library

from .conftest import LIBRARY, MINIMAL_PROFILE


@cache
def library() -> Library:
    loaded = load_library(LIBRARY)[0]
    assert loaded is not None
    return loaded.library


def finding(result, code: str, needle: str) -> tuple[str, str]:
    """The finding line with `(code)` and `needle`, and the hint line under it."""
    lines = result.stderr.splitlines()
    for i, line in enumerate(lines):
        if f"({code})" in line and needle in line:
            hint = lines[i + 1].strip() if i + 1 < len(lines) and lines[i + 1].startswith("    hint:") else ""
            return line, hint
    raise AssertionError(f"no ({code}) finding with {needle!r} in:\n{result.stderr}")


def position(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1


# ---------------------------------------------------------------------------
# list areas | modules | tags | kinds | stories


def current(lib: Library) -> list:
    return [r for r in lib.requirements() if not r.deprecated]


@pytest.mark.parametrize("what", ["areas", "modules", "tags", "kinds", "stories"])
def test_list_vocabulary_as_json_counts_the_requirements(cli, what):
    lib = library()
    reqs = current(lib)
    expected = {
        "areas": {a.id: sum(a.id in r.areas for r in reqs) for a in lib.areas},
        "modules": {m.id: sum(r.module == m.id for r in reqs) for m in lib.modules},
        "tags": dict(Counter(t for r in reqs for t in r.tags)),
        "kinds": {k.id: sum(r.kind == k.id for r in reqs) for k in lib.kinds},
        "stories": {s.id: sum(s.id in r.user_stories for r in reqs) for s in lib.user_stories},
    }[what]

    result = cli("list", what, "--json")

    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {row["id"]: row["requirements"] for row in rows} == expected
    if what != "tags":
        assert all(row["name"] for row in rows)


def test_list_areas_names_them_in_the_chosen_language(cli):
    nb = {row["id"]: row["name"] for row in json.loads(cli("list", "areas", "--json").stdout)}
    nn = {row["id"]: row["name"] for row in json.loads(cli("list", "areas", "--json", "--lang", "nn").stdout)}
    assert nb["hjemmetjeneste"] == "Hjemmetjenester"
    assert nn["hjemmetjeneste"] == "Heimetenester"


@pytest.mark.parametrize("what", ["areas", "modules", "tags", "kinds", "stories"])
def test_list_vocabulary_table_fits_80_columns(cli, what):
    result = cli("list", what, env={"COLUMNS": "80"})

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    rows = json.loads(cli("list", what, "--json").stdout)
    for row in rows:  # IDs are never wrapped or cut, so each can be copied into a profile
        assert any(f" {row['id']} " in line for line in lines), row["id"]
    assert "…" not in result.stdout


def test_list_areas_says_how_to_use_them_and_counts_the_common_requirements(cli):
    result = cli("list", "areas")
    common = sum("alle" in r.areas for r in current(library()))
    flat = " ".join(result.stdout.split())  # the caption wraps at the table's width
    assert "Use the IDs in the profile under 'select: areas'" in flat
    assert f"Besides these, {common} requirements apply to every area" in flat
    assert "Hjemmetjenester" in flat


def test_list_takes_a_singular_or_capitalised_name(cli):
    assert json.loads(cli("list", "Area", "--json").stdout) == json.loads(cli("list", "areas", "--json").stdout)


def test_list_of_an_unknown_vocabulary_is_a_usage_error_with_a_suggestion(cli):
    result = cli("list", "modul")
    assert result.exit_code == 2
    assert "cannot list 'modul'; choose areas, modules, tags, kinds or stories. Did you mean modules?" \
        in result.stderr
    assert "Traceback" not in result.stderr


def test_list_vocabulary_with_a_requirement_filter_is_a_usage_error(cli):
    result = cli("list", "areas", "--module", "drift")
    assert result.exit_code == 2
    assert "filter the requirement list" in result.stderr


# ---------------------------------------------------------------------------
# list --tag, tags in list --json, and filters with suggestions


def test_list_by_tag_and_tags_in_json(cli):
    result = cli("list", "--tag", "kjerne", "--json")

    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    expected = [r.id for r in library().requirements() if "kjerne" in r.tags]
    assert [row["id"] for row in rows] == expected and expected
    assert all("kjerne" in row["tags"] for row in rows)
    everything = json.loads(cli("list", "--json").stdout)
    assert {row["id"]: row["tags"] for row in everything} == {r.id: list(r.tags) for r in library().requirements()}


@pytest.mark.parametrize(("option", "value", "expected"), [
    ("--tag", "kjern", "unknown tag 'kjern'. Did you mean kjerne? See them all with: anskaffelse list tags"),
    ("--area", "hjemmesykepleie",
     "unknown service area 'hjemmesykepleie'. Did you mean hjemmetjeneste? See them all with: anskaffelse list areas"),
    ("--module", "legemiddel",
     "unknown module 'legemiddel'. Did you mean legemidler? See them all with: anskaffelse list modules"),
])
def test_list_filter_with_an_unknown_name_suggests_one(cli, option, value, expected):
    result = cli("list", option, value)
    assert result.exit_code == 2
    assert expected in result.stderr


def test_search_that_finds_nothing_points_to_the_area(cli):
    result = cli("list", "--search", "hjemmesykepleie")

    assert result.exit_code == 0
    assert "No requirement mentions 'hjemmesykepleie'. Perhaps you mean: anskaffelse list --area hjemmetjeneste" \
        in " ".join(result.stderr.split())


# ---------------------------------------------------------------------------
# show, and show --profile


def test_show_an_unknown_id_suggests_the_nearest(cli):
    result = cli("show", "EPJ-DR-01")
    assert result.exit_code == 2
    assert "no requirement with ID 'EPJ-DR-01'. Did you mean EPJ-DR-001?" in result.stderr


TAILORED = MINIMAL_PROFILE + """\
tailor:
  EPJ-DR-020:
    obligation: evaluert
    weight: 6
    parameters:
      oppetid: 99.7
  EPJ-DR-011:
    weight: 4
    text: Leverandøren skal ha en egen driftssentral for kommunene i samarbeidet.
    justification: Samarbeidet har ingen felles driftssentral.
exclude: [EPJ-DR-003]
local_requirements:
  - id: TEST-001
    title: {nb: Lokal opplæring}
    text: {nb: Leverandøren skal gi opplæring i kommunens lokaler.}
    obligation: informasjon
    response: {type: beskrivelse}
"""


def test_show_with_profile_shows_the_tailored_requirement(cli, write_profile):
    path = write_profile(TAILORED)

    result = cli("show", "EPJ-DR-020", "--profile", path, env={"COLUMNS": "200"})

    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "As built from" in out and "the profile changes: obligation, weight, parameters" in out
    assert "Obligation: evaluert (set by the profile)" in out
    assert "Weight: 6 (set by the profile)" in out
    assert "oppetid på minst 99,7\u00a0%" in out or "oppetid på minst 99,7 %" in out
    assert "{oppetid} = 99,7 %" in out
    assert "Parameters (set by the profile):" in out


def test_show_with_profile_shows_an_overridden_text_and_weight(cli, write_profile):
    path = write_profile(TAILORED)

    result = cli("show", "EPJ-DR-011", "--profile", path, env={"COLUMNS": "200"})

    assert result.exit_code == 0, result.stderr
    assert "Leverandøren skal ha en egen driftssentral for kommunene i samarbeidet. (set by the profile)" \
        in result.stdout
    assert "Weight: 4 (set by the profile)" in result.stdout
    assert "Justification:\nSamarbeidet har ingen felles driftssentral." in result.stdout


@pytest.mark.parametrize(("req_id", "reason", "remedy"), [
    ("EPJ-DR-003", "it is listed under 'exclude:' (", "Remove it from 'exclude:' to take it in."),
    ("EPJ-LM-001", "its module 'legemidler' is not under 'select: modules:'",
     "Add the ID under 'include:' to take it in."),
])
def test_show_with_profile_says_why_a_requirement_is_left_out(cli, write_profile, req_id, reason, remedy):
    path = write_profile(TAILORED)

    result = cli("show", req_id, "--profile", path, env={"COLUMNS": "300"})

    assert result.exit_code == 0, result.stderr
    assert "Not in the tender built from" in result.stdout
    assert reason in result.stdout and remedy in result.stdout
    assert library().requirement(req_id).text.nb[:40] in result.stdout  # the library's version follows


def test_show_with_profile_as_json(cli, write_profile):
    path = write_profile(TAILORED)

    built = json.loads(cli("show", "epj-dr-020", "--profile", path, "--json").stdout)
    left_out = json.loads(cli("show", "EPJ-DR-003", "--profile", path, "--json").stdout)
    local = json.loads(cli("show", "TEST-001", "--profile", path, "--json").stdout)

    assert built["selected"] is True and built["tailored"] == ["obligation", "weight", "parameters"]
    assert built["requirement"]["obligation"] == "evaluert"
    assert built["parameters"] == {"oppetid": "99,7\u00a0%"} or built["parameters"] == {"oppetid": "99,7 %"}
    assert left_out["selected"] is False and left_out["requirement"] is None
    assert "exclude" in left_out["not_selected_because"]
    assert local["selected"] is True and local["requirement"]["local"] is True


def test_show_with_profile_and_an_unknown_id_suggests_a_local_one(cli, write_profile):
    path = write_profile(TAILORED)

    result = cli("show", "TEST-01", "--profile", path)

    assert result.exit_code == 2
    assert "no requirement with ID 'TEST-01' in the library or in" in result.stderr
    assert "Did you mean TEST-001?" in result.stderr


def test_show_with_a_profile_that_has_errors_reports_them(cli, write_profile):
    path = write_profile(extra="include: [EPJ-XX-999]\n")

    result = cli("show", "EPJ-DR-001", "--profile", path)

    assert result.exit_code == 1
    assert "(P001)" in result.stderr and "Traceback" not in result.stderr


def test_show_with_a_missing_profile_is_a_usage_error(cli, tmp_path):
    result = cli("show", "EPJ-DR-001", "--profile", tmp_path / "finnes-ikke.yaml")
    assert result.exit_code == 2
    assert "profile not found" in result.stderr


# ---------------------------------------------------------------------------
# "did you mean" in profile findings


SELECT = "select:\n  modules: [drift]\n"


@pytest.mark.parametrize(("change", "code", "needle", "hint"), [
    ("include: [EPJ-DR-01]\n", "P001", "include names unknown requirement EPJ-DR-01", "Did you mean EPJ-DR-001?"),
    ("exclude: [EPJ-LV-12]\n", "P001", "exclude names unknown requirement EPJ-LV-12", "Did you mean EPJ-LV-012?"),
    ("tailor:\n  epj-dr-1:\n    weight: 3\n", "P001", "tailor names unknown requirement epj-dr-1",
     "Did you mean EPJ-DR-001?"),
    # 'exclude:' takes a module (test_joint_tender); 'include:' takes IDs only.
    ("include: [velferdsteknologi]\n", "P001", "unknown requirement velferdsteknologi",
     "'velferdsteknologi' is a module, and 'include:' takes requirement IDs; to choose modules, list the ones "
     "you want under 'select: modules:'"),
    ("tailor:\n  EPJ-DR-020:\n    parameters:\n      opetid: 99.9\n", "P016", "has no parameter 'opetid'",
     "Did you mean oppetid? Parameters of EPJ-DR-020: oppetid."),
])
def test_unknown_ids_and_parameters_get_a_suggestion(cli, write_profile, change, code, needle, hint):
    path = write_profile(extra=change)

    result = cli("validate", path)

    assert result.exit_code == 1
    _, shown = finding(result, code, needle)
    assert hint in shown


@pytest.mark.parametrize(("written", "meant"), [
    ("hjemmesykepleie", "hjemmetjeneste"),
    ("sykehjem", "institusjon"),
    ("sjukeheim", "institusjon"),
    ("skolehelse", "helsestasjon"),
    ("legevakta", "legevakt"),
    ("rus", "psykisk-helse-rus"),
    ("fysioterapi", "fysio-ergo"),
    ("hjemmetjenster", "hjemmetjeneste"),  # a typo, not a synonym
])
def test_unknown_area_suggests_the_library_name(cli, write_profile, written, meant):
    text = MINIMAL_PROFILE.replace(SELECT, f"select:\n  areas: [{written}]\n")
    path = write_profile(text)

    result = cli("validate", path)

    assert result.exit_code == 1
    line, hint = finding(result, "P002", f"unknown service area '{written}'")
    assert line.startswith(f"{path.name}:{position(text, written)[0]}:") or \
        f":{position(text, written)[0]}:{position(text, written)[1]}:" in line
    assert hint.startswith(f"hint: Did you mean {meant}? Use one of: ")


def test_unknown_module_in_select_and_in_a_local_requirement(cli, write_profile):
    text = MINIMAL_PROFILE.replace(SELECT, "select:\n  modules: [drfit]\n") + (
        "local_requirements:\n  - id: TEST-001\n    title: {nb: Lokal}\n    text: {nb: Leverandøren skal "
        "levere.}\n    obligation: informasjon\n    response: {type: beskrivelse}\n    module: legemiddel\n")
    path = write_profile(text)

    result = cli("validate", path)

    assert result.exit_code == 1
    assert finding(result, "P002", "unknown module 'drfit'")[1].startswith("hint: Did you mean drift?")
    assert finding(result, "P002", "unknown module 'legemiddel'")[1].startswith("hint: Did you mean legemidler?")


def test_unknown_field_suggests_the_field(cli, write_profile):
    path = write_profile(MINIMAL_PROFILE.replace("  title:", "  titel:").replace("select:", "selct:"))

    result = cli("validate", path)

    assert finding(result, "S002", "unknown field 'titel'")[1].startswith("hint: Did you mean title? Allowed")
    assert finding(result, "S002", "unknown field 'selct'")[1].startswith("hint: Did you mean select? Allowed")


def test_suggestions_stop_for_a_flood_of_unknown_ids(write_profile):
    """A profile with thousands of unknown IDs is still rejected quickly; only the first get suggestions."""
    import time

    import anskaffelse

    ids = ", ".join(f"EPJ-DR-9{i:04d}" for i in range(5000))
    path = write_profile(extra=f"exclude: [{ids}]\n")
    started = time.monotonic()
    found = [d for d in anskaffelse.validate([path]) if d.code == "P001"]
    assert time.monotonic() - started < 20
    assert len(found) == 5000
    assert sum("Did you mean" in d.hint for d in found) <= 200
