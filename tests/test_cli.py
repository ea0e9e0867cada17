"""Every command end to end, as a user types it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from openpyxl import load_workbook

from anskaffelse.library import load_library

from .conftest import EXAMPLES, LIBRARY, MINIMAL_PROFILE, ROOT, read_yaml


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
    assert result.exit_code == 0, result.stderr  # the local requirement FJORD-001 has no nynorsk text
    assert "local_requirements/FJORD-001/title has no 'nn' text, so the nynorsk document shows the 'nb' text " \
           "(P042)" in result.stderr
    data = json.loads((tmp_path / "eksempel-kommune-spesifikasjon.json").read_text())
    assert data["tender"]["language"] == "nn"
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


@pytest.mark.parametrize("twin_name", ["profil.yaml", "Profil.yaml", "PROFIL.yaml"])
def test_two_profiles_with_the_same_name_are_refused(cli, tmp_path, write_profile, twin_name):
    # In any case: on Windows and macOS the outputs of Profil.yaml and profil.yaml are the same files.
    other = tmp_path / "annen"
    other.mkdir()
    twin = other / twin_name
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
    assert "EPJ-DR-001" in result.stdout and "Garantert oppetid" in result.stdout


def test_show_prints_text_guidance_and_parameters(cli):
    result = cli("show", "EPJ-DR-020")
    assert result.exit_code == 0
    assert "{oppetid}" in result.stdout and "99.5" in result.stdout
    assert "Guidance" in result.stdout
    result = cli("show", "epj-dr-020", "--lang", "nn", "--json")
    data = json.loads(result.stdout)
    assert data["id"] == "EPJ-DR-020" and data["text"]["nn"].startswith("Leverandøren skal levere løysinga")


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
                             ("manifest", "module", "user-stories", "standards", "id-register", "migrations", "profile",
                              "specification", "respondents"))


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


# ---------------------------------------------------------------------------
# files that are not profiles


def _zip_with(path, name: str) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(name, "<x/>")


WRONG_FILES = {
    "svar.xlsx": ("an Excel workbook", "The workbook is something a build writes, not something it reads."),
    "mal.docx": ("a Word document", "name the document under 'template:' in the profile"),
    "notat.pdf": ("a PDF document", "reads profiles and library files written in YAML (.yaml)"),
    "kalkyle.ods": ("a LibreOffice Calc spreadsheet", "give the profile instead, e.g. kommune.yaml"),
}


def _write_wrong_file(tmp_path, name):
    path = tmp_path / name
    if name.endswith(".xlsx"):
        _zip_with(path, "xl/workbook.xml")
    elif name.endswith(".docx"):
        _zip_with(path, "word/document.xml")
    elif name.endswith(".ods"):
        import zipfile

        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    else:
        path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    return path


@pytest.mark.parametrize("name", list(WRONG_FILES))
def test_validate_on_a_file_that_is_not_yaml_says_what_it_is(cli, tmp_path, name):
    path = _write_wrong_file(tmp_path, name)
    kind, hint = WRONG_FILES[name]

    result = cli("validate", path)

    assert result.exit_code == 2, result.stderr
    assert f"{name} is {kind}, not a YAML file (Y011)" in result.stderr
    assert hint in " ".join(result.stderr.split())
    assert "UTF-8" not in result.stderr and "Traceback" not in result.stderr


def test_validate_on_a_built_workbook_and_document(cli, example_build):
    for name, kind in (("eksempel-kommune-svarskjema.xlsx", "an Excel workbook"),
                       ("eksempel-kommune-kravspesifikasjon.docx", "a Word document")):
        result = cli("validate", example_build / name, "--json")
        assert result.exit_code == 2
        finding = json.loads(result.stdout)["diagnostics"][0]
        assert finding["code"] == "Y011" and f"is {kind}, not a YAML file" in finding["message"]


@pytest.mark.parametrize("name", list(WRONG_FILES))
def test_build_on_a_file_that_is_not_yaml_is_a_usage_error(cli, tmp_path, name):
    path = _write_wrong_file(tmp_path, name)

    result = cli("build", path, "-o", tmp_path / "ut")

    assert result.exit_code == 2
    assert f"is {WRONG_FILES[name][0]}, not a profile. build reads profiles" in " ".join(result.stderr.split())
    assert not (tmp_path / "ut").exists()


def test_validate_on_a_folder_of_profiles_names_them(cli, tmp_path, write_profile):
    folder = tmp_path / "profiler"
    folder.mkdir()
    (folder / "kommune.yaml").write_text("tender: {}\n")

    result = cli("validate", folder)

    assert result.exit_code == 2
    flat = " ".join(result.stderr.split())
    assert "is a folder without library.yaml, so it is not a requirement library (Y011)" in flat
    assert f"To check the profiles in it, name them, e.g. {folder / 'kommune.yaml'}" in flat


def test_build_on_a_folder_is_a_usage_error(cli, tmp_path):
    result = cli("build", tmp_path)
    assert result.exit_code == 2
    assert "is a folder; build takes profile files" in result.stderr


def test_a_profile_that_extends_a_workbook_points_at_extends(cli, tmp_path, write_profile):
    _write_wrong_file(tmp_path, "svar.xlsx")
    path = write_profile("extends: svar.xlsx\n" + MINIMAL_PROFILE)

    result = cli("validate", path)

    assert result.exit_code == 1
    assert f"{path.name}:1:10: error the profile extends" in result.stderr
    assert "which is an Excel workbook, not a profile (P015)" in result.stderr


# ---------------------------------------------------------------------------
# the build summary


def test_build_summary_shows_full_output_paths_at_80_columns(tmp_path):
    out = tmp_path / "utdata-for-anskaffelsen" / "versjon-1-0-til-kunngjoring" / "dokumenter-som-sendes-ut"
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")} | {"COLUMNS": "80"}
    run = subprocess.run([sys.executable, "-m", "anskaffelse", "build", str(EXAMPLES / "eksempel-kommune.yaml"),
                          "-o", str(out)], capture_output=True, text=True, check=False, env=env, cwd=tmp_path)

    assert run.returncode == 0, run.stderr
    written = sorted(out.iterdir())
    assert len(written) == 3
    longest = max(len(str(p)) for p in written)
    assert longest > 80  # the test is only worth something when the paths are longer than the screen
    for path in written:
        shown = str(path.relative_to(tmp_path))
        assert shown in run.stderr, run.stderr
    assert "…" not in run.stderr
    assert "eksempel-kommune.yaml: " in run.stderr and " requirements" in run.stderr


def test_build_summary_names_a_failed_profile(cli, tmp_path, write_profile):
    bad = write_profile(extra="exclude: [EPJ-XX-999]\n")
    result = cli("build", bad, "-o", tmp_path / "ut", env={"COLUMNS": "80"})
    assert result.exit_code == 1
    assert f"{bad.name}: failed, nothing written" in result.stderr


# ---------------------------------------------------------------------------
# what the README and init promise


def test_readme_and_starter_profile_promise_only_the_library_languages(cli, tmp_path):
    languages = set(read_yaml(LIBRARY / "library.yaml")["languages"])
    assert languages == {"nb", "nn"}
    starter = tmp_path / "kommune.yaml"
    cli("init", starter)
    text = starter.read_text(encoding="utf-8")
    comment = next(line for line in text.splitlines() if line.strip().startswith("language:")).split("#", 1)[1]
    assert "engelsk" not in comment and " en " not in f" {comment} "
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    language_lines = [line for line in readme.splitlines() if line.strip().startswith("language:")]
    assert language_lines and all("or en" not in line and ", en" not in line for line in language_lines)
    for command in ("build", "show"):
        help_text = " ".join(cli(command, "--help", env={"COLUMNS": "200"}).stdout.split())
        assert "nb, nn or en" not in help_text


def test_starter_profile_points_to_the_vocabulary_and_builds_in_nynorsk_too(cli, tmp_path):
    path = tmp_path / "kommune.yaml"
    cli("init", path)
    text = path.read_text(encoding="utf-8")
    assert "anskaffelse list areas" in text and "docs/profile-reference.md" in text
    assert "# extends: felles.yaml" in text
    result = cli("build", path, "-o", tmp_path / "ut", "--lang", "nn", "--format", "json")
    assert result.exit_code == 0, result.stderr
    result = cli("build", path, "-o", tmp_path / "ut", "--lang", "en", "--format", "json")
    assert result.exit_code == 2
    assert "the library has no 'en' texts; --lang can be nb, nn" in result.stderr


# ---------------------------------------------------------------------------
# the profile reference


def _schema_fields(node, path=()):
    """Every property of the schema, with the path of properties that leads to it."""
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield name, (*path, name)
            yield from _schema_fields(sub, (*path, name))
        for key, sub in node.items():
            if key != "properties":
                yield from _schema_fields(sub, path)
    elif isinstance(node, list):
        for sub in node:
            yield from _schema_fields(sub, path)


def test_profile_reference_describes_every_field_of_the_schema():
    schema = json.loads((ROOT / "src" / "anskaffelse" / "schemas" / "profile.json").read_text())
    reference = (ROOT / "docs" / "profile-reference.md").read_text(encoding="utf-8")
    fields = dict(_schema_fields(schema))
    assert len(fields) > 40
    missing = sorted("/".join(path) for name, path in fields.items() if f"`{name}`" not in reference)
    assert not missing, f"docs/profile-reference.md does not describe: {', '.join(missing)}"
    for top in schema["properties"]:  # each top-level field has its own section
        assert f"### `{top}`" in reference, top
    assert "docs/profile-reference.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_profile_reference_examples_are_valid_yaml():
    from ruamel.yaml import YAML

    reference = (ROOT / "docs" / "profile-reference.md").read_text(encoding="utf-8")
    blocks = reference.split("```yaml\n")[1:]
    assert len(blocks) > 10
    for block in blocks:  # some examples are the inner lines of a section, indented as in a profile
        assert YAML(typ="safe", pure=True).load(textwrap.dedent(block.split("```", 1)[0]))
