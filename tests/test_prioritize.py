"""The prioritisation round end to end through the command line: export, fill, merge, read back.

Expectations come from the example profile's YAML, the library, the locale
files, hashlib and decisions worked out by hand for the priorities the test
fills in (see `CHOICES`), never from the code under test.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

import anskaffelse

from .conftest import EXAMPLES, read_yaml, words
from .priority_workbooks import LANGUAGES, MEMBERS, PROFILE, fill, workbook_of

# Per requirement: each member's priority (storfjord, nordvik, elvdal, bratt); every other row is Bør.
CHOICES = {
    "EPJ-MO-001": ("må", "må", "må", "må"),    # all Må -> minstekrav, answered Ja/Nei
    "EPJ-MO-002": ("må", "må", "må", "bør"),   # a = 11/4 -> evaluert, vekt 9
    "EPJ-MO-003": ("ia", "ia", "ia", "ia"),    # nobody -> excluded
    "EPJ-MO-004": ("må", "kan", "kan", "kan"),  # 1 of 4 Må or Bør -> excluded, below the threshold
    "EPJ-LV-001": ("må", "må", "ia", "ia"),    # scope storfjord, nordvik; minstekrav
    "EPJ-HS-001": ("ia", "ia", "må", "bør"),   # scope elvdal, bratt; a = 5/2 -> evaluert, vekt 8
    "MIDT-001": ("kan", "kan", "kan", "kan"),  # all Kan -> excluded, below the threshold
}
COMMENTS = {"elvdal": {"EPJ-LV-001": "Vi har ikkje legevakt."}, "storfjord": {"EPJ-MO-004": "Må ha dette."}}


def candidate_ids() -> list[str]:
    """What the example selects, from its YAML and the library: its modules in library order, then its own."""
    profile = read_yaml(PROFILE)
    library, _ = anskaffelse.load_library()
    chosen = [r.id for r in library.library.requirements()
              if r.module in profile["select"]["modules"] and not r.deprecated]
    return chosen + [item["id"] for item in profile["local_requirements"]]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from anskaffelse.cli import app

    out = tmp_path_factory.mktemp("runde")
    result = CliRunner().invoke(app, ["prioritize", "export", str(PROFILE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def filled(exported: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    target = tmp_path_factory.mktemp("utfylt")
    return [fill(workbook_of(exported, member), target / f"{member}.xlsx",
                 {req: levels[i] for req, levels in CHOICES.items()}, comments=COMMENTS.get(member))
            for i, member in enumerate(MEMBERS)]


@pytest.fixture(scope="module")
def merged(filled: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    from typer.testing import CliRunner

    from anskaffelse.cli import app

    out = tmp_path_factory.mktemp("samlet")
    before = {p: digest(p) for p in [PROFILE, *filled]}
    runner = CliRunner()
    args = ["prioritize", "merge", str(PROFILE), *map(str, filled), "-o", str(out / "samlet.yaml"),
            "--report", str(out / "rapport")]
    shown = runner.invoke(app, args)
    as_json = runner.invoke(app, [*args[:-4], "-o", str(out / "igjen.yaml"), "--json"])
    assert {p: digest(p) for p in before} == before, "the merge changed its input"
    return {"out": out, "shown": shown, "json": as_json}


# ---------------------------------------------------------------- export


def test_export_writes_one_workbook_per_member_in_its_language(exported: Path) -> None:
    assert sorted(p.name for p in exported.iterdir()) == sorted(workbook_of(exported, m).name for m in MEMBERS)
    for member, lang in LANGUAGES.items():
        book = load_workbook(workbook_of(exported, member))
        p = words(lang)["prioritize"]
        assert book.sheetnames == [p["instructions_sheet"], p["sheet"], "Kontroll"]
        sheet = book[p["sheet"]]
        assert [c.value for c in sheet[1]] == [p["columns"][c] for c in ("id", "module", "title", "text",
                                                                           "guidance", "priority", "comment")]
        [validation] = sheet.data_validations.dataValidation
        assert validation.formula1 == '"' + ",".join(p["levels"].values()) + '"'
        assert str(validation.sqref) == f"F2:F{sheet.max_row}"
        texts = [c.value for c in book[p["instructions_sheet"]]["B"]]
        assert all(line in texts for line in p["instructions"])
    assert "Ikkje aktuelt" in load_workbook(workbook_of(exported, "bratt"))["Prioritering"].data_validations \
        .dataValidation[0].formula1


def test_every_candidate_is_a_locked_row_with_open_priority_and_comment_cells(exported: Path) -> None:
    library, _ = anskaffelse.load_library()
    book = load_workbook(workbook_of(exported, "elvdal"))
    sheet = book["Prioritering"]
    assert [sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1)] == candidate_ids()
    assert sheet.protection.sheet
    first = library.library.requirement("EPJ-MO-001")
    assert [c.value for c in sheet[2]][:5] == ["EPJ-MO-001", library.library.module("mobilitet").title.nn,
                                               first.title.nn, first.text.nn, first.guidance.nn]
    for row in (2, sheet.max_row):
        assert [sheet.cell(row, c).protection.locked for c in range(1, 8)] == [True] * 5 + [False] * 2


def test_the_control_sheet_holds_the_member_and_a_fingerprint_per_row(exported: Path) -> None:
    book = load_workbook(workbook_of(exported, "bratt"))
    control, sheet = book["Kontroll"], book["Prioritering"]
    assert control.sheet_state == "veryHidden"
    assert control["B1"].value == "anskaffelse-prioritering/1"
    assert (control["B3"].value, control["B4"].value) == ("bratt", "nn")
    rows = {control.cell(r, 1).value: control.cell(r, 2).value for r in range(7, control.max_row + 1)}
    assert list(rows) == candidate_ids()
    for row in range(2, sheet.max_row + 1):
        req_id, title, text = (sheet.cell(row, c).value for c in (1, 3, 4))
        assert rows[req_id] == hashlib.sha256(f"{req_id}\x1f{title}\x1f{text}".encode()).hexdigest()
    listed = control["B2"].value
    assert control["C3"].value == hashlib.sha256(f"{listed}\x1fbratt".encode()).hexdigest()


def test_export_twice_gives_the_same_bytes(exported: Path, tmp_path: Path) -> None:
    anskaffelse.prioritize_export(PROFILE, tmp_path)
    for member in MEMBERS:
        assert workbook_of(tmp_path, member).read_bytes() == workbook_of(exported, member).read_bytes()


def test_a_profile_without_members_has_no_round(cli, write_profile, tmp_path: Path) -> None:
    result = cli("prioritize", "export", write_profile(), "-o", tmp_path / "runde")
    assert result.exit_code == 1
    assert "M013" in result.stderr and "profil.yaml:1:1" in result.stderr
    assert not (tmp_path / "runde").exists()


def test_a_wrong_member_entry_is_named_at_its_line(cli, tmp_path: Path) -> None:
    text = PROFILE.read_text(encoding="utf-8").replace("  - id: nordvik\n", "  - id: Nordvik\n")
    profile = tmp_path / "felles.yaml"
    profile.write_text(text, encoding="utf-8")
    result = cli("prioritize", "export", profile, "-o", tmp_path / "runde")
    line = text.splitlines().index("  - id: Nordvik") + 1
    assert result.exit_code == 1 and f"felles.yaml:{line}:" in result.stderr and "Nordvik" in result.stderr
    assert not (tmp_path / "runde").exists()


# ---------------------------------------------------------------- merge


def test_merge_writes_the_decisions_worked_out_by_hand(merged: dict) -> None:
    assert merged["shown"].exit_code == 0, merged["shown"].output
    joint = read_yaml(merged["out"] / "samlet.yaml")
    tailor, scope = joint["tailor"], joint["scope"]
    assert tailor["EPJ-MO-001"] == {"obligation": "minstekrav", "response": {"type": "ja-nei"}}
    assert tailor["EPJ-MO-002"] == {"obligation": "evaluert", "weight": 9}
    assert tailor["EPJ-LV-001"] == {"obligation": "minstekrav", "response": {"type": "ja-nei"}}
    assert scope["EPJ-LV-001"] == ["storfjord", "nordvik"]
    assert tailor["EPJ-HS-001"] == {"obligation": "evaluert", "weight": 8}
    assert scope["EPJ-HS-001"] == ["elvdal", "bratt"]
    assert {"EPJ-MO-003", "EPJ-MO-004", "MIDT-001"} <= set(joint["exclude"])
    assert not {"EPJ-MO-003", "EPJ-MO-004", "MIDT-001"} & set(tailor)
    # Everyone Bør on a legevakt requirement: evaluert, vekt 6 (a = 2 -> 5.5), for all four members
    # although only two run a legevakt, so the scope says so.
    assert tailor["EPJ-LV-002"] == {"obligation": "evaluert", "weight": 6}
    assert scope["EPJ-LV-002"] == list(MEMBERS)
    assert "EPJ-MO-005" not in scope and tailor["EPJ-MO-005"] == {"obligation": "evaluert", "weight": 6}
    assert set(tailor) | set(joint["exclude"]) == set(candidate_ids())


def test_each_decision_carries_its_explanation(merged: dict) -> None:
    lines = (merged["out"] / "samlet.yaml").read_text(encoding="utf-8").splitlines()

    def line_of(start: str) -> str:
        """The entry under exclude, scope or tailor (indented once; the members' priorities are deeper)."""
        return next(line for line in lines if line.startswith(f"  {start}"))

    assert line_of("EPJ-MO-001:").endswith("# 4 av 4 Må (majority) → minstekrav")
    assert line_of("EPJ-MO-002:").endswith("# 3 av 4 Må, 1 Bør (majority) → evaluert, vekt 9")
    assert line_of("- EPJ-MO-003").endswith(
        "# 4 av 4 Ikke aktuelt (majority) → tatt ut: ingen av medlemmene har bruk for kravet")
    assert line_of("- EPJ-MO-004").endswith("# 1 av 4 Må, 3 Kan (majority) → tatt ut: under halvparten av "
                                            "medlemmene kravet gjelder, sier Må eller Bør")
    assert line_of("EPJ-LV-001: [").endswith(
        "# 2 av 4 Må, 2 Ikke aktuelt (majority) → gjelder bare storfjord, nordvik; minstekrav")


def test_the_joint_profile_keeps_the_profile_and_records_each_members_priorities(merged: dict) -> None:
    text = (merged["out"] / "samlet.yaml").read_text(encoding="utf-8")
    original = PROFILE.read_text(encoding="utf-8")
    assert text.startswith(original.split("members:")[0])  # comments and tender block as written
    assert "language: nn           # får arbeidsboka på nynorsk" in text
    joint, profile = read_yaml(merged["out"] / "samlet.yaml"), read_yaml(PROFILE)
    keys = [k for k in joint if k in profile]
    assert keys == list(profile)
    assert joint["award_criteria"] == profile["award_criteria"] and joint["select"] == profile["select"]
    members = {m["id"]: m for m in joint["members"]}
    assert members["elvdal"]["priorities"]["EPJ-HS-001"] == "må"
    assert members["nordvik"]["priorities"]["EPJ-LV-001"] == "må"
    assert members["bratt"]["priorities"]["EPJ-LV-001"] == "ikke-aktuelt"
    excluded = set(joint["exclude"])
    assert list(members["storfjord"]["priorities"]) == [i for i in candidate_ids() if i not in excluded]


def test_merge_twice_gives_the_same_bytes(merged: dict, filled: list[Path], tmp_path: Path) -> None:
    again = tmp_path / "samlet.yaml"
    anskaffelse.prioritize_merge(PROFILE, filled, again, report_dir=tmp_path / "rapport")
    assert again.read_bytes() == (merged["out"] / "samlet.yaml").read_bytes()
    report = merged["out"] / "rapport" / "samlet-uenighet.xlsx"
    assert (tmp_path / "rapport" / "samlet-uenighet.xlsx").read_bytes() == report.read_bytes()


def test_the_terminal_shows_the_disagreements(merged: dict) -> None:
    shown = merged["shown"].stdout
    assert "Where the members disagree" in shown and "Spread" in shown
    assert "EPJ-LV-001" in shown and "EPJ-MO-004" in shown and "EPJ-MO-001 " not in shown
    assert "elvdal: Vi har ikkje legevakt." in shown
    assert "samlet.yaml: 79 requirements" in merged["shown"].stderr


def test_json_gives_every_decision_and_the_disagreements(merged: dict) -> None:
    data = json.loads(merged["json"].stdout)
    assert data["ok"] and data["rule"] == "majority"
    by_id = {r["id"]: r for r in data["requirements"]}
    assert list(by_id) == candidate_ids()
    assert by_id["EPJ-LV-001"] == {
        "id": "EPJ-LV-001", "title": by_id["EPJ-LV-001"]["title"], "decision": "minstekrav", "weight": None,
        "members": ["storfjord", "nordvik"],
        "priorities": {"storfjord": "må", "nordvik": "må", "elvdal": "ikke-aktuelt", "bratt": "ikke-aktuelt"},
        "comments": {"elvdal": "Vi har ikkje legevakt."}, "spread": 3,
        "explanation": "2 av 4 Må, 2 Ikke aktuelt (majority) → gjelder bare storfjord, nordvik; minstekrav"}
    assert by_id["EPJ-MO-002"]["weight"] == 9 and by_id["EPJ-MO-002"]["spread"] == 1
    assert by_id["EPJ-MO-001"]["spread"] == 0 and "EPJ-MO-001" not in data["disagreements"]
    spreads = [by_id[req_id]["spread"] for req_id in data["disagreements"]]
    assert spreads == sorted(spreads, reverse=True) and min(spreads) == 1
    assert set(data["disagreements"]) == {i for i, r in by_id.items() if set(r["priorities"].values()) != {
        r["priorities"]["storfjord"]}}
    assert data["disagreements"].index("EPJ-LV-001") < data["disagreements"].index("EPJ-MO-004") < \
        data["disagreements"].index("EPJ-MO-002")  # spreads 3, 2, 1
    assert [m["population"] for m in data["members"]] == [9200, 14000, 3100, 6400]


def test_the_report_workbook_lists_the_disagreements_with_comments(merged: dict) -> None:
    book = load_workbook(merged["out"] / "rapport" / "samlet-uenighet.xlsx")
    r = words("nb")["prioritize"]["report"]
    assert book.sheetnames == [r["summary_sheet"], r["sheet"]]
    sheet = book[r["sheet"]]
    header = [c.value for c in sheet[1]]
    assert header[3:7] == ["Storfjord kommune", "Nordvik kommune", "Elvdal kommune", "Bratt kommune"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    lv = rows["EPJ-LV-001"]
    assert lv[3:9] == ("Må", "Må", "Ikke aktuelt", "Ikke aktuelt", 3, "Minstekrav (gjelder storfjord, nordvik)")
    assert lv[header.index("Kommentar: Elvdal kommune")] == "Vi har ikkje legevakt."
    assert rows["EPJ-MO-004"][header.index("Kommentar: Storfjord kommune")] == "Må ha dette."
    assert "EPJ-MO-001" not in rows
    spreads = [row[7] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert spreads == sorted(spreads, reverse=True) and min(spreads) > 0
    summary = {row[0]: row[1] for row in book[r["summary_sheet"]].iter_rows(values_only=True)}
    assert summary[r["rule"]] == "majority" and summary[r["candidates"]] == str(len(candidate_ids()))


def test_the_joint_profile_resolves_with_the_decisions(merged: dict) -> None:
    spec, _ = anskaffelse.specification(merged["out"] / "samlet.yaml")
    reqs = {r.id: r for r in spec.requirements()}
    assert (reqs["EPJ-MO-001"].obligation, reqs["EPJ-MO-001"].response_type) == ("minstekrav", "ja-nei")
    assert (reqs["EPJ-MO-002"].obligation, reqs["EPJ-MO-002"].weight) == ("evaluert", 9)
    assert "EPJ-MO-003" not in reqs and "MIDT-001" not in reqs


def test_the_joint_profile_builds_one_tender_with_the_decisions(merged: dict, tmp_path: Path) -> None:
    """export -> fill -> merge -> build: one specification whose requirements carry the round's decisions."""
    from typer.testing import CliRunner

    from anskaffelse.cli import app

    samlet = merged["out"] / "samlet.yaml"
    result = CliRunner().invoke(app, ["build", str(samlet), "-o", str(tmp_path), "--format", "json,xlsx"])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "samlet-spesifikasjon.json").read_text(encoding="utf-8"))
    reqs = {r["id"]: r for m in data["modules"] for r in m["requirements"]}
    assert (reqs["EPJ-MO-001"]["obligation"], reqs["EPJ-MO-001"]["members"]) == ("minstekrav", [])
    assert (reqs["EPJ-MO-002"]["obligation"], reqs["EPJ-MO-002"]["weight"]) == ("evaluert", 9)
    assert (reqs["EPJ-LV-001"]["obligation"], reqs["EPJ-LV-001"]["members"]) == ("minstekrav",
                                                                                ["storfjord", "nordvik"])
    assert (reqs["EPJ-HS-001"]["weight"], reqs["EPJ-HS-001"]["members"]) == (8, ["elvdal", "bratt"])
    assert reqs["EPJ-LV-002"]["members"] == []  # everyone asked for it, against the legevakt areas
    assert not {"EPJ-MO-003", "EPJ-MO-004", "MIDT-001"} & set(reqs)
    members = {m["id"]: dict(m["priorities"]) for m in data["members"]}
    assert members["elvdal"]["EPJ-HS-001"] == "må" and members["bratt"]["EPJ-LV-001"] == "ikke-aktuelt"
    assert (tmp_path / "samlet-svarskjema.xlsx").is_file()


def test_the_weighted_rule_counts_by_population(exported: Path, tmp_path: Path) -> None:
    # EPJ-MO-004: storfjord (9 200) and nordvik (14 000) Må, elvdal (3 100) and bratt (6 400) Kan:
    # Må or Bør 23 200 of 32 700 -> evaluert; a = (3·23 200 + 9 500)/32 700 = 2.42 -> 1 + 4.5·1.42 = 7.39 -> 7.
    # EPJ-MO-005: only elvdal and bratt Må, the others Kan: 9 500 of 32 700 -> excluded (majority keeps it).
    levels = {"EPJ-MO-004": ("må", "må", "kan", "kan"), "EPJ-MO-005": ("kan", "kan", "må", "må")}
    filled = [fill(workbook_of(exported, m), tmp_path / f"{m}.xlsx", {k: v[i] for k, v in levels.items()})
              for i, m in enumerate(MEMBERS)]
    weighted = anskaffelse.prioritize_merge(PROFILE, filled, tmp_path / "v.yaml", rule="weighted")
    majority = anskaffelse.prioritize_merge(PROFILE, filled, tmp_path / "m.yaml", rule="majority")
    decided = {m.candidate.id: m.decision for m in weighted.requirements}
    assert (decided["EPJ-MO-004"].outcome, decided["EPJ-MO-004"].weight) == ("evaluert", 7)
    assert decided["EPJ-MO-005"].outcome == "exclude"
    assert {m.candidate.id: m.decision.outcome for m in majority.requirements}["EPJ-MO-005"] == "evaluert"
    assert "weighted, Må eller Bør: 23 200 av 32 700 innbyggere" in (tmp_path / "v.yaml").read_text("utf-8")


def test_the_weighted_rule_needs_every_population(cli, exported: Path, tmp_path: Path) -> None:
    text = PROFILE.read_text(encoding="utf-8").replace("    population: 3100\n", "")
    profile = tmp_path / "felles.yaml"
    profile.write_text(text, encoding="utf-8")
    filled = [fill(workbook_of(exported, m), tmp_path / f"{m}.xlsx", {}) for m in MEMBERS]
    result = cli("prioritize", "merge", profile, *filled, "-o", tmp_path / "s.yaml", "--rule", "weighted")
    line = text.splitlines().index("  - id: elvdal") + 1
    assert result.exit_code == 1 and "M012" in result.stderr and f"felles.yaml:{line}:" in result.stderr
    assert not (tmp_path / "s.yaml").exists()
    assert cli("prioritize", "merge", profile, *filled, "-o", tmp_path / "s.yaml").exit_code == 0


# ---------------------------------------------------------------- the example


def test_the_examples_filled_workbooks_and_joint_profile_are_made_by_the_script(tmp_path: Path) -> None:
    folder = EXAMPLES / "prioritering"
    anskaffelse.prioritize_export(PROFILE, tmp_path / "runde")
    run = subprocess.run([sys.executable, str(folder / "fill_workbooks.py"), str(tmp_path / "runde"),
                          "-o", str(tmp_path / "utfylt")], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    checked_in = sorted((folder / "utfylt").glob("*.xlsx"))
    assert [p.name for p in checked_in] == sorted(p.name for p in (tmp_path / "utfylt").iterdir())
    for path in checked_in:
        assert (tmp_path / "utfylt" / path.name).read_bytes() == path.read_bytes(), path.name
    anskaffelse.prioritize_merge(PROFILE, checked_in, tmp_path / "felles-samlet.yaml")
    assert (tmp_path / "felles-samlet.yaml").read_bytes() == (folder / "felles-samlet.yaml").read_bytes()


def test_a_joint_profile_that_would_not_validate_is_written_with_a_warning(cli, tmp_path: Path) -> None:
    """A criterion that names its requirements by ID takes none the round makes evaluert (P052)."""
    profile = read_yaml(PROFILE)
    library, _ = anskaffelse.load_library()
    evaluated = [r.id for r in library.library.requirements()
                 if r.module in profile["select"]["modules"] and r.obligation == "evaluert"] + ["MIDT-001"]
    criterion = "  - name: {nb: Kvalitet, nn: Kvalitet}\n    weight: 60\n"
    text = PROFILE.read_text(encoding="utf-8").replace(
        criterion, f"{criterion}    requirements: {{ids: [{', '.join(evaluated)}]}}\n")
    path = tmp_path / "felles.yaml"
    path.write_text(text, encoding="utf-8")
    anskaffelse.prioritize_export(path, tmp_path / "runde")
    # EPJ-LV-001 is a minstekrav in the library; all Bør makes it evaluert, which no criterion names.
    filled = [fill(workbook_of(tmp_path / "runde", m), tmp_path / f"{m}.xlsx", {}) for m in MEMBERS]
    result = cli("prioritize", "merge", path, *filled, "-o", tmp_path / "samlet.yaml")
    assert result.exit_code == 0 and (tmp_path / "samlet.yaml").is_file()
    assert "M016" in result.stderr and "EPJ-LV-001" in result.stderr and "(P052)" in result.stderr


def test_export_json_names_each_members_workbook(cli, tmp_path: Path) -> None:
    result = cli("prioritize", "export", PROFILE, "-o", tmp_path / "runde", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["requirements"] == len(candidate_ids())
    assert [(w["member"], w["language"], Path(w["path"]).name) for w in data["workbooks"]] == [
        (m, LANGUAGES[m], workbook_of(tmp_path, m).name) for m in MEMBERS]
    assert all(Path(w["path"]).is_file() for w in data["workbooks"])


def test_export_into_a_file_is_a_usage_error(cli, tmp_path: Path) -> None:
    target = tmp_path / "fil"
    target.write_text("", encoding="utf-8")
    result = cli("prioritize", "export", PROFILE, "-o", target)
    assert result.exit_code == 2 and "is a file" in result.stderr
