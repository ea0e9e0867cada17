"""`anskaffelse upgrade`, the migrations file, and what validation says about withdrawn IDs and moved parameters.

The profiles in fixtures/profiles-1.0 are the examples as they were published
with library 1.0.0, unchanged.
"""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

import pytest

import anskaffelse

from .conftest import LIBRARY, MINIMAL_PROFILE, read_yaml
from .test_validate import _edit, assert_one_line_finding, at, column_of, line_of, output_of

PROFILES_1_0 = Path(__file__).parent / "fixtures" / "profiles-1.0"
ALL_1_0 = sorted(p.relative_to(PROFILES_1_0).as_posix() for p in PROFILES_1_0.rglob("*.yaml"))
BASE = "samarbeid/felles.yaml"
TOOL_RULES_SINCE_1_0 = {"P040", "P054"}
"""Rules of the tool added after 1.0 (a negotiation plan for a negotiated procedure, award criteria
that say which requirements they score): they concern the tender, not the library, and a person
must write what they ask for, so upgrade leaves them to `validate`."""

# Every line upgrade --write changes in each 1.0 example: (old line, new line).
EXPECTED_EDITS = {
    "alle-tjenesteomrader.yaml": [('library_version: ">=1.0, <2"', 'library_version: ">=2.0, <3"')],
    "eksempel-kommune.yaml": [('library_version: ">=1.0, <2"', 'library_version: ">=2.0, <3"'),
                              ("  EPJ-DR-001:", "  EPJ-DR-020:")],
    "samarbeid/felles.yaml": [('library_version: ">=1.0, <2"', 'library_version: ">=2.0, <3"'),
                              ("  EPJ-DR-001:", "  EPJ-DR-020:")],
    "samarbeid/medlem-bokmal.yaml": [],
    "samarbeid/medlem-nynorsk.yaml": [("  EPJ-DR-006:", "  EPJ-DR-021:")],
}


@pytest.fixture
def old_profiles(tmp_path: Path) -> Path:
    target = tmp_path / "profiler"
    shutil.copytree(PROFILES_1_0, target)
    return target


def _given(name: str) -> list[str]:
    """A member is upgraded together with its base, as a collaboration would."""
    return [BASE, name] if name.startswith("samarbeid/") and name != BASE else [name]


def _changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    diff = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:2] in ("- ", "+ ")]
    removed = [line[2:] for line in diff if line.startswith("- ")]
    added = [line[2:] for line in diff if line.startswith("+ ")]
    return list(zip(removed, added, strict=True))


def test_the_fixtures_are_the_published_1_0_examples() -> None:
    assert sorted(EXPECTED_EDITS) == ALL_1_0
    assert all('">=1.0, <2"' in (PROFILES_1_0 / name).read_text(encoding="utf-8") for name in
               ["alle-tjenesteomrader.yaml", "eksempel-kommune.yaml", BASE])


@pytest.mark.parametrize("name", ALL_1_0)
def test_without_write_lists_the_changes_and_touches_nothing(cli, old_profiles: Path, name: str,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(old_profiles)
    before = {p: p.read_bytes() for p in old_profiles.rglob("*.yaml")}

    result = cli("upgrade", name)

    out = output_of(result)
    assert result.exit_code == 1, out
    assert "Traceback" not in out
    base = BASE if name.startswith("samarbeid/") else name
    text = (old_profiles / base).read_text(encoding="utf-8")
    line = line_of(text, "library_version")
    assert_one_line_finding(result, at(Path(base), line, column_of(text, line, '">=1.0')), "U001",
                            ("change", ">=1.0, <2", "2.0.0", "'>=2.0, <3'"))
    assert "upgrade --write" in out
    assert {p: p.read_bytes() for p in old_profiles.rglob("*.yaml")} == before


@pytest.mark.parametrize("name", ALL_1_0)
def test_write_gives_a_profile_for_2_0_keeping_comments_and_other_lines(cli, old_profiles: Path, name: str,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(old_profiles)
    before = (old_profiles / name).read_text(encoding="utf-8")
    first_comment = before.splitlines()[0]
    assert first_comment.startswith("# ")

    result = cli("upgrade", "--write", *_given(name))

    after = (old_profiles / name).read_text(encoding="utf-8")
    assert after.splitlines()[0] == first_comment
    assert _changed_lines(before, after) == EXPECTED_EDITS[name]
    errors = [d for d in anskaffelse.validate([old_profiles / name]) if d.severity == "error"]
    assert {d.code for d in errors} <= TOOL_RULES_SINCE_1_0, errors
    # What the rewrite cannot decide is still reported, at the line to change, and the exit code says so.
    decide = [d for d in anskaffelse.upgrade([old_profiles / p for p in _given(name)]) for d in d.changes
              if d.code == "U007"]
    assert sorted((d.line, d.message) for d in decide) == sorted(
        (d.line, f"still an error after the upgrade: {d.message} ({d.code})") for d in errors)
    assert result.exit_code == (1 if errors else 0), output_of(result)
    again = cli("upgrade", *_given(name))
    assert again.exit_code == (1 if errors else 0), output_of(again)
    if not errors:
        assert "nothing to change" in output_of(again)


def test_after_the_buyers_decisions_every_1_0_example_validates_against_2_0(
        cli, old_profiles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The two decisions U007 leaves to the buyer, made as its hints say: then nothing is left."""
    monkeypatch.chdir(old_profiles)
    assert cli("upgrade", "--write", *ALL_1_0).exit_code == 1
    for name, criterion in (("eksempel-kommune.yaml", "Gjennomføring"),
                            ("alle-tjenesteomrader.yaml", "Gjennomføring og migrering")):
        path = old_profiles / name
        text = path.read_text(encoding="utf-8").replace(
            f"  - name: {criterion}\n", f"  - name: {criterion}\n    requirements: {{subcriteria: [gjennomforing]}}\n")
        path.write_text(text, encoding="utf-8")
    plan = old_profiles / "alle-tjenesteomrader.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + (
        "chapters:\n  negotiation:\n    text: |\n      Kommunen forhandler med de tre beste leverandørene i én runde. "
        "Minstekravene og tildelingskriteriene forhandles ikke. Kommunen kan tildele på grunnlag av de "
        "første tilbudene uten å forhandle.\n"), encoding="utf-8")
    for name in ALL_1_0:
        assert not [d for d in anskaffelse.validate([old_profiles / name]) if d.severity == "error"], name
    result = cli("upgrade", *ALL_1_0)
    assert result.exit_code == 0, output_of(result)


def test_a_member_alone_leaves_its_base_profile_alone(cli, old_profiles: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(old_profiles)
    base = (old_profiles / BASE).read_bytes()

    result = cli("upgrade", "--write", "samarbeid/medlem-nynorsk.yaml")

    out = output_of(result)
    assert result.exit_code == 1, out
    assert (old_profiles / BASE).read_bytes() == base
    assert "samarbeid/medlem-nynorsk.yaml: rewritten" in out
    assert f"anskaffelse upgrade --write {BASE} samarbeid/medlem-nynorsk.yaml" in out
    assert "EPJ-DR-021:" in (old_profiles / "samarbeid/medlem-nynorsk.yaml").read_text(encoding="utf-8")


def test_json_lists_each_change_with_its_action(cli, old_profiles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(old_profiles)

    result = cli("upgrade", "eksempel-kommune.yaml", "--json")

    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["ok"] is False and payload["library_version"] == "2.0.0"
    changes = payload["profiles"][0]["changes"]
    moved = next(c for c in changes if c["code"] == "U004")
    assert moved["action"] == "change" and "EPJ-DR-020" in moved["message"]
    assert (moved["file"], moved["line"], moved["column"]) == ("eksempel-kommune.yaml", 27, 7)
    notes = {c["message"].split(":")[0] for c in changes if c["code"] == "U006"}
    assert {"EPJ-LM-001", "EPJ-LM-002"} <= notes
    assert payload["profiles"][0]["pending"] and payload["profiles"][0]["written"] == []


def test_missing_profile_is_a_usage_error(cli, tmp_path: Path) -> None:
    result = cli("upgrade", tmp_path / "finnes-ikke.yaml")
    assert result.exit_code == 2
    assert "profile not found" in output_of(result)


OLD = MINIMAL_PROFILE.replace('">=2.0, <3"', '">=1.0, <2"')


def _upgrade(write_profile, text: str, write: bool) -> tuple[anskaffelse.ProfileUpgrade, str]:
    path = write_profile(text)
    [result] = anskaffelse.upgrade([path], write=write)
    return result, path.read_text(encoding="utf-8")


def test_moving_a_parameter_keeps_the_rest_of_the_tailoring(write_profile) -> None:
    text = OLD + "tailor:\n  EPJ-DR-001:  # oppetid\n    weight: 8\n    parameters: {oppetid: 99.8}\n" \
                 "  EPJ-DR-020:\n    obligation: minstekrav\n"
    result, after = _upgrade(write_profile, text, write=True)

    assert result.written and not result.pending
    tailor = read_yaml(result.profile)["tailor"]
    assert tailor == {"EPJ-DR-001": {"weight": 8}, "EPJ-DR-020": {"obligation": "minstekrav",
                                                                  "parameters": {"oppetid": 99.8}}}
    assert "  EPJ-DR-001:  # oppetid\n" in after
    assert not [d for d in anskaffelse.validate([result.profile]) if d.severity == "error"]


def test_a_moved_value_outside_the_new_bounds_is_named(write_profile) -> None:
    text = OLD + "tailor:\n  EPJ-DR-001:\n    parameters:\n      oppetid: 97\n"
    result, _ = _upgrade(write_profile, text, write=False)

    [moved] = [d for d in result.changes if d.code == "U004"]
    assert "below the minimum 99" in moved.message
    assert (moved.line, moved.column) == (line_of(text, "oppetid"), 7)


def test_withdrawn_ids_and_removed_parameters(write_profile) -> None:
    text = OLD + ("include:\n  - EPJ-MS-011\nexclude:\n  - EPJ-IS-010\n"
                  "tailor:\n  EPJ-TV-013:\n    weight: 4\n  EPJ-GE-006:\n    weight: 3\n"
                  "    parameters:\n      versjoner_per_ar: 2\n")
    result, after = _upgrade(write_profile, text, write=True)

    found = {(d.code, d.line): d for d in result.changes}
    assert "EPJ-NT-008 replaces it" in found["U002", line_of(text, "- EPJ-MS-011")].message
    assert "exclude EPJ-DO-011" in found["U003", line_of(text, "- EPJ-IS-010")].hint
    assert "EPJ-RA-009" in found["U003", line_of(text, "EPJ-TV-013:")].message
    assert "removed in library 2.0.0" in found["U005", line_of(text, "versjoner_per_ar")].message
    data = read_yaml(result.profile)
    assert data["include"] == ["EPJ-NT-008"]
    assert data["exclude"] == ["EPJ-IS-010"]  # a decision for a person, not for upgrade
    assert data["tailor"] == {"EPJ-TV-013": {"weight": 4}, "EPJ-GE-006": {"weight": 3}}
    assert '">=2.0, <3"' in after


# ---------------------------------------------------------------------------
# validation names the replacement of a withdrawn ID and the new home of a moved parameter


def test_excluding_a_withdrawn_id_warns_with_its_replacement(cli, write_profile) -> None:
    text = MINIMAL_PROFILE + "exclude:\n  - EPJ-MS-011\n"
    path = write_profile(text)

    result = cli("validate", path)

    assert result.exit_code == 0, output_of(result)
    line = line_of(text, "- EPJ-MS-011")
    finding = assert_one_line_finding(result, at(path, line, column_of(text, line, "EPJ-MS-011")), "P009",
                                      ("warning", "EPJ-MS-011 is deprecated; use EPJ-NT-008 instead"))
    assert finding
    assert "exclude EPJ-NT-008 if you do not want that one either" in output_of(result)


def test_tailoring_a_withdrawn_id_warns_with_its_replacement(cli, write_profile) -> None:
    text = MINIMAL_PROFILE + "tailor:\n  EPJ-MS-011:\n    weight: 3\n"
    path = write_profile(text)

    result = cli("validate", path)

    out = output_of(result)
    assert result.exit_code == 0, out
    line = line_of(text, "EPJ-MS-011:")
    assert_one_line_finding(result, at(path, line, 3), "P009", ("EPJ-MS-011 is deprecated; use EPJ-NT-008",))
    assert "move what still applies of the tailoring to EPJ-NT-008" in out
    assert "(P022)" not in out


def test_a_moved_parameter_says_where_it_went(cli, write_profile) -> None:
    text = MINIMAL_PROFILE + "tailor:\n  EPJ-DR-006:\n    parameters:\n      responstid_dogn: 30\n"
    path = write_profile(text)

    result = cli("validate", path)

    out = output_of(result)
    assert result.exit_code == 1, out
    line = line_of(text, "responstid_dogn")
    assert_one_line_finding(result, at(path, line, column_of(text, line, "30")), "P016",
                            ("EPJ-DR-006: parameter 'responstid_dogn' moved to EPJ-DR-021 in library 2.0.0; "
                             "run anskaffelse upgrade",))
    assert "Tailor it as 'EPJ-DR-021: {parameters: {responstid_dogn: ...}}'" in out
    assert "anskaffelse upgrade --write" in out


# ---------------------------------------------------------------------------
# the migrations file


def test_migrations_record_every_withdrawn_id_of_the_library() -> None:
    library, found = anskaffelse.load_library(LIBRARY)
    assert library is not None and not found
    replaced = {old: new for release in library.library.releases for old, new in release.replaced}
    withdrawn = {r.id: r.replaced_by for r in library.library.requirements() if r.deprecated and r.replaced_by}
    assert replaced == withdrawn
    assert library.library.releases[-1].version == library.library.version


@pytest.mark.parametrize(("old", "new", "code", "words"), [
    ("EPJ-MS-011: EPJ-NT-008", "EPJ-MS-011: EPJ-NT-999", "L021", ("EPJ-NT-999", "not in id-register.yaml")),
    ("EPJ-MS-011: EPJ-NT-008", "EPJ-MS-011: EPJ-DR-002", "L023", ("EPJ-MS-011", "replaced_by EPJ-NT-008")),
    ("EPJ-DR-001.oppetid: EPJ-DR-020.oppetid", "EPJ-DR-001.oppetid: EPJ-DR-020.uptime", "L022",
     ("EPJ-DR-020 has no parameter 'uptime'",)),
])
def test_a_wrong_migrations_entry_is_a_library_finding(cli, library_copy: Path, old: str, new: str, code: str,
                                                       words: tuple[str, ...]) -> None:
    path = library_copy / "migrations.yaml"
    text = _edit(path, old, new)
    line = line_of(text, new)
    column = column_of(text, line, new.split(": ")[1])

    result = cli("validate", "--library", library_copy)

    assert result.exit_code == 1, output_of(result)
    assert_one_line_finding(result, at(path, line, column), code, words)


def test_a_profile_indented_its_own_way_keeps_its_indentation(tmp_path: Path) -> None:
    text = ("# fire mellomrom\nlibrary_version: '>=1.0, <2'\nexclude:\n- EPJ-UU-011\n"
            "tailor:\n    EPJ-DR-001:\n        parameters:\n            oppetid: 99.8  # per måned\n")
    path = tmp_path / "fire.yaml"
    path.write_text(text, encoding="utf-8")

    [result] = anskaffelse.upgrade([path], write=True)

    assert result.written == (path.resolve(),)
    assert _changed_lines(text, path.read_text(encoding="utf-8")) == [
        ("library_version: '>=1.0, <2'", "library_version: '>=2.0, <3'"),
        ("    EPJ-DR-001:", "    EPJ-DR-020:"),
    ]
