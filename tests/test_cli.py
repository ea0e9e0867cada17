"""Every command end to end, as a user types it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from anskaffelse.library import load_library

from .conftest import EXAMPLES, LIBRARY


def test_build_writes_the_three_documents(cli, tmp_path):
    result = cli("build", EXAMPLES / "eksempel-kommune.yaml", "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["eksempel-kommune-kravspesifikasjon.docx", "eksempel-kommune-spesifikasjon.json",
                     "eksempel-kommune-svarskjema.xlsx"]
    assert "eksempel-kommune" in result.stderr  # the summary table


def test_build_several_profiles_with_json_summary(cli, tmp_path):
    result = cli("build", EXAMPLES / "eksempel-kommune.yaml", EXAMPLES / "samarbeid" / "medlem-nynorsk.yaml",
                 "-o", tmp_path, "--json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert summary["ok"] is True and summary["failed"] == []
    assert [b["profile"].rsplit("/", 1)[-1] for b in summary["built"]] == ["eksempel-kommune.yaml",
                                                                           "medlem-nynorsk.yaml"]
    for built in summary["built"]:
        assert len(built["outputs"]) == 3
        assert len(built["fingerprint"]) == 64
        assert built["requirements"] > 50


def test_build_only_the_requested_format(cli, tmp_path):
    result = cli("build", EXAMPLES / "eksempel-kommune.yaml", "-o", tmp_path, "--format", "xlsx")
    assert result.exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["eksempel-kommune-svarskjema.xlsx"]


def test_build_language_option_overrides_the_profile(cli, tmp_path):
    result = cli("build", EXAMPLES / "eksempel-kommune.yaml", "-o", tmp_path, "--format", "json", "--lang", "nn")
    assert result.exit_code == 1  # the local requirement FJORD-001 has no nynorsk text
    assert "FJORD-001 title has no 'nn' text (L013)" in result.stderr
    assert list(tmp_path.iterdir()) == []
    result = cli("build", EXAMPLES / "samarbeid" / "medlem-bokmal.yaml", "-o", tmp_path, "--format", "json",
                 "--lang", "nn")
    assert result.exit_code == 0, result.stderr
    data = json.loads((tmp_path / "medlem-bokmal-spesifikasjon.json").read_text())
    assert data["tender"]["language"] == "nn"


def test_build_one_bad_profile_does_not_stop_the_others(cli, tmp_path, write_profile):
    bad = write_profile(extra="exclude: [EPJ-XX-999]\n")
    out = tmp_path / "out"
    result = cli("build", EXAMPLES / "eksempel-kommune.yaml", bad, "-o", out, "--json")
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert len(summary["built"]) == 1
    assert summary["failed"][0]["diagnostics"][0]["code"] == "P001"
    assert sorted(p.name.split("-")[0] for p in out.iterdir()) == ["eksempel"] * 3


@pytest.mark.parametrize("args", [
    ["build", "finnes-ikke.yaml"],
    ["build", "examples/eksempel-kommune.yaml", "--format", "odt"],
    ["build", "examples/eksempel-kommune.yaml", "--lang", "de"],
    ["build", "--no-such-option"],
    ["show", "EPJ-XX-999"],
    ["list", "--module", "finnes-ikke"],
    ["schema", "finnes-ikke"],
])
def test_usage_errors_exit_with_2_and_no_traceback(cli, args, monkeypatch, tmp_path):
    monkeypatch.chdir(EXAMPLES.parent)
    result = cli(*args, "-o", tmp_path) if args[0] == "build" and len(args) > 2 else cli(*args)
    assert result.exit_code == 2, (args, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.strip()


def test_two_profiles_with_the_same_name_are_refused(cli, tmp_path, write_profile):
    other = tmp_path / "annen"
    other.mkdir()
    twin = other / "profil.yaml"
    twin.write_text(write_profile().read_text())
    result = cli("build", write_profile(), twin, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "collide" in result.stderr
    assert not (tmp_path / "out").exists()


def test_list_all_and_filtered(cli):
    library = load_library(LIBRARY)[0].library
    result = cli("list", "--json")
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == [r.id for r in library.requirements()]
    result = cli("list", "--module", "legemidler", "--json")
    assert {r["module"] for r in json.loads(result.stdout)} == {"legemidler"}
    result = cli("list", "--search", "multidose", "--json")
    found = json.loads(result.stdout)
    assert found and all("multidose" in (library.requirement(r["id"]).text.nb + library.requirement(r["id"]).title.nb
                                         + (library.requirement(r["id"]).text.nn or "")).lower() for r in found)
    result = cli("list", "--area", "legevakt", "--json")
    assert all("legevakt" in r["areas"] or "alle" in r["areas"] for r in json.loads(result.stdout))


def test_list_prints_a_table(cli):
    result = cli("list", "--module", "drift")
    assert result.exit_code == 0
    assert "EPJ-DR-001" in result.stdout and "Oppetid" in result.stdout


def test_show_prints_text_guidance_and_parameters(cli):
    result = cli("show", "EPJ-DR-001")
    assert result.exit_code == 0
    assert "{oppetid}" in result.stdout and "99.5" in result.stdout
    assert "Guidance" in result.stdout
    result = cli("show", "epj-dr-001", "--lang", "nn", "--json")
    data = json.loads(result.stdout)
    assert data["id"] == "EPJ-DR-001" and data["text"]["nn"].startswith("Løysinga")


def test_init_writes_a_profile_that_builds_as_it_is(cli, tmp_path):
    path = tmp_path / "kommune.yaml"
    result = cli("init", path)
    assert result.exit_code == 0
    assert path.read_text(encoding="utf-8").startswith("#")
    assert cli("validate", path).exit_code == 0
    result = cli("build", path, "-o", tmp_path / "ut")
    assert result.exit_code == 0, result.stderr
    sheet = load_workbook(tmp_path / "ut" / "kommune-svarskjema.xlsx")["Svarskjema"]
    assert sheet.max_row > 10


def test_init_refuses_to_overwrite_without_force(cli, tmp_path):
    path = tmp_path / "kommune.yaml"
    path.write_text("mine egne notater\n")
    result = cli("init", path)
    assert result.exit_code == 2
    assert path.read_text() == "mine egne notater\n"
    assert cli("init", path, "--force").exit_code == 0
    assert "tender:" in path.read_text(encoding="utf-8")


def test_schema_prints_and_writes_the_schemas(cli, tmp_path):
    result = cli("schema", "profile")
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "tender" in schema["properties"]
    result = cli("schema", "-o", tmp_path)
    assert result.exit_code == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(f"{n}.schema.json" for n in
                             ("manifest", "module", "user-stories", "standards", "id-register", "profile",
                              "specification"))


def test_example_profiles_validate(cli):
    paths = [EXAMPLES / "eksempel-kommune.yaml", *sorted((EXAMPLES / "samarbeid").glob("*.yaml"))]
    result = cli("validate", *paths)
    assert result.exit_code == 0, result.stderr
    assert len(paths) >= 3


def test_console_script_runs_help_and_version():
    help_run = subprocess.run([sys.executable, "-m", "anskaffelse", "--help"], capture_output=True, text=True,
                              check=False)
    assert help_run.returncode == 0
    for command in ("build", "validate", "list", "show", "init", "schema"):
        assert command in help_run.stdout
    version = subprocess.run([sys.executable, "-m", "anskaffelse", "--version"], capture_output=True, text=True,
                             check=False)
    assert version.stdout.startswith("anskaffelse ")


def test_help_does_not_import_document_libraries():
    code = ("import sys\nfrom anskaffelse.cli import app\n"
            "print(any(m.split('.')[0] in ('docx', 'openpyxl', 'jsonschema', 'lxml') for m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"


def test_output_folder_that_is_a_file_is_a_usage_error(cli, tmp_path):
    blocker = tmp_path / "ut"
    blocker.write_text("ikke en mappe\n")
    result = cli("build", EXAMPLES / "eksempel-kommune.yaml", "-o", blocker)
    assert result.exit_code == 2
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr
    assert blocker.read_text() == "ikke en mappe\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ut"]
