"""The surroundings a user brings: odd file names, consoles, clocks, folders, and the Python API."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from .conftest import EXAMPLES, MINIMAL_PROFILE, ROOT


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = os.environ | (env or {})
    encoding = environment.get("PYTHONIOENCODING", "utf-8")
    return subprocess.run([sys.executable, "-m", "anskaffelse", *map(str, args)], cwd=cwd, env=environment,
                          capture_output=True, encoding=encoding, check=False, timeout=120)


# ---------------------------------------------------------------- the Python API


def _readme_api_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Python API"):]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)  # type: ignore[union-attr]


def test_readme_api_example_runs_verbatim_twice(tmp_path: Path) -> None:
    for name in ("kunde-a.yaml", "kunde-b.yaml"):
        (tmp_path / name).write_text(MINIMAL_PROFILE, encoding="utf-8")
    code = _readme_api_example()
    script = f"{code}\n{code}\nprint('API-OK', len(findings), len(quality), spec.requirement_count)\n"
    run = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True,
                         check=False, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "API-OK" in run.stdout
    assert sorted(p.name for p in (tmp_path / "ut").iterdir()) == [
        "kunde-a-kravspesifikasjon.docx", "kunde-a-svarskjema.xlsx",
        "kunde-b-kravspesifikasjon.docx", "kunde-b-svarskjema.xlsx"]


def test_api_functions_work_in_any_order(tmp_path: Path) -> None:
    import anskaffelse

    profile = tmp_path / "kommune.yaml"
    profile.write_text(MINIMAL_PROFILE, encoding="utf-8")
    for _ in range(2):
        assert anskaffelse.lint([profile]) is not None
        assert [d for d in anskaffelse.validate([profile]) if d.severity == "error"] == []
        anskaffelse.build([profile], out_dir=tmp_path / "ut", formats=["json"])
        spec, _ = anskaffelse.specification(profile)
        assert spec.requirement_count > 0
    assert callable(anskaffelse.validate) and callable(anskaffelse.lint)


def test_no_submodule_hides_a_public_function() -> None:
    import importlib.util

    import anskaffelse

    for name in anskaffelse.__all__:
        assert importlib.util.find_spec(f"anskaffelse.{name}") is None, name


# ---------------------------------------------------------------- consoles


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp850"])
def test_list_and_show_survive_a_console_without_norwegian_letters(tmp_path: Path, encoding: str) -> None:
    env = {"PYTHONIOENCODING": encoding}
    listed = _run("list", "--search", "legemiddel", cwd=tmp_path, env=env)
    assert listed.returncode == 0, listed.stderr
    assert "EPJ-" in listed.stdout
    shown = _run("show", "EPJ-DR-001", cwd=tmp_path, env=env)
    assert shown.returncode == 0, shown.stderr
    assert "EPJ-DR-001" in shown.stdout
    assert "Traceback" not in listed.stderr + shown.stderr


# ---------------------------------------------------------------- the clock


@pytest.mark.parametrize("value", ["99999999999999", "-5", "1.5e9", "morgen"])
def test_an_impossible_source_date_epoch_is_a_usage_error(tmp_path: Path, value: str) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(MINIMAL_PROFILE.replace('  date: "2027-01-05"\n', ""), encoding="utf-8")
    run = _run("build", profile, "-o", tmp_path / "ut", cwd=tmp_path, env={"SOURCE_DATE_EPOCH": value})
    assert run.returncode == 2
    assert "SOURCE_DATE_EPOCH" in run.stderr and "1970" in run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    assert not (tmp_path / "ut").exists() or list((tmp_path / "ut").iterdir()) == []


def test_a_date_after_2107_still_builds_and_keeps_its_year(tmp_path: Path) -> None:
    """Zip entry times end in 2107; the document's own date must still say 2109."""
    profile = tmp_path / "p.yaml"
    profile.write_text(MINIMAL_PROFILE.replace('  date: "2027-01-05"\n', ""), encoding="utf-8")
    run = _run("build", profile, "-o", tmp_path / "ut", cwd=tmp_path, env={"SOURCE_DATE_EPOCH": "4389000000"})
    assert run.returncode == 0, run.stderr
    with zipfile.ZipFile(tmp_path / "ut" / "p-kravspesifikasjon.docx") as docx:
        assert b"2109-01-30" in docx.read("docProps/core.xml")
    data = json.loads((tmp_path / "ut" / "p-spesifikasjon.json").read_text(encoding="utf-8"))
    assert data["tender"]["date"] == "2109-01-30"


# ---------------------------------------------------------------- folders and files


def test_schema_into_an_existing_file_is_a_usage_error(cli, tmp_path: Path) -> None:
    target = tmp_path / "schemas"
    target.write_text("mine", encoding="utf-8")
    result = cli("schema", "-o", target)
    assert result.exit_code == 2
    assert "is a file" in result.stderr and "folder" in result.stderr
    assert target.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("command", [("init", "{dir}/p.yaml"), ("schema", "-o", "{dir}/s")])
def test_writing_below_a_file_is_a_plain_error(cli, tmp_path: Path, command: tuple[str, ...]) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    result = cli(*(part.format(dir=blocker) for part in command))
    assert result.exit_code == 2
    assert "cannot use" in result.stderr and "choose another folder" in result.stderr
    assert "internal error" not in result.stderr
    assert blocker.read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize("command", [("init", "{dir}/p.yaml"), ("schema", "-o", "{dir}/s")])
def test_a_folder_without_write_permission_is_a_plain_error(cli, tmp_path: Path, monkeypatch,
                                                            command: tuple[str, ...]) -> None:
    # Root may write anywhere, so the refusal of the file system is simulated where it happens.
    def refuse(files: object) -> None:
        raise PermissionError(13, "Permission denied", str(tmp_path / "locked"))

    monkeypatch.setattr("anskaffelse.write.write_all", refuse)
    result = cli(*(part.format(dir=tmp_path / "locked") for part in command))
    assert result.exit_code == 2
    assert "Permission denied" in result.stderr and "may write" in result.stderr
    assert "internal error" not in result.stderr


def test_an_internal_error_with_json_still_prints_json(cli, tmp_path: Path, monkeypatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("anskaffelse.api.build", explode)
    result = cli("build", EXAMPLES / "eksempel-kommune.yaml", "-o", tmp_path, "--json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["ok"] is False and "boom" in payload["internal_error"]


# ---------------------------------------------------------------- file names


def _control_cells(xlsx: Path) -> list[str]:
    workbook = load_workbook(xlsx)
    return [str(c.value) for row in workbook["Kontroll"].iter_rows() for c in row if c.value is not None]


@pytest.mark.skipif(sys.platform != "linux", reason="only Linux file names can hold bytes that are not UTF-8")
def test_a_profile_name_that_is_not_utf8_builds_well_formed_files(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    name = folder + b"/B\xf8.yaml"
    with open(name, "wb") as handle:
        handle.write(MINIMAL_PROFILE.encode("utf-8"))
    run = subprocess.run([sys.executable, "-m", "anskaffelse", "build", name, b"-o", folder + b"/ut"],
                         cwd=tmp_path, capture_output=True, check=False, timeout=120)
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")
    outputs = sorted(os.listdir(folder + b"/ut"))
    assert outputs == [b"B\xf8-kravspesifikasjon.docx", b"B\xf8-spesifikasjon.json", b"B\xf8-svarskjema.xlsx"]
    xlsx = Path(os.fsdecode(folder + b"/ut/B\xf8-svarskjema.xlsx"))
    assert "2026/1" in _control_cells(xlsx)
    data = json.loads(Path(os.fsdecode(folder + b"/ut/B\xf8-spesifikasjon.json")).read_text(encoding="utf-8"))
    assert data["profile"] == "B\ufffd.yaml"


def test_a_profile_name_with_a_noncharacter_builds_well_formed_files(tmp_path: Path) -> None:
    profile = tmp_path / "kommune\ufffe.yaml"
    profile.write_text(MINIMAL_PROFILE, encoding="utf-8")
    run = _run("build", profile, "-o", tmp_path / "ut", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    xlsx = tmp_path / "ut" / "kommune\ufffe-svarskjema.xlsx"
    assert "2026/1" in _control_cells(xlsx)
    from docx import Document

    assert Document(str(tmp_path / "ut" / "kommune\ufffe-kravspesifikasjon.docx")).paragraphs


def test_examples_are_not_changed_by_a_build(tmp_path: Path) -> None:
    before = {p: p.read_bytes() for p in EXAMPLES.rglob("*.yaml")}
    copy = tmp_path / "examples"
    shutil.copytree(EXAMPLES, copy)
    run = _run("build", copy / "eksempel-kommune.yaml", "-o", tmp_path / "ut", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert {p: p.read_bytes() for p in EXAMPLES.rglob("*.yaml")} == before
    assert all((copy / p.relative_to(EXAMPLES)).read_bytes() == data for p, data in before.items())


def test_word_and_excel_files_are_the_same_bytes_when_built_on_windows(tmp_path: Path, monkeypatch,
                                                                        write_profile) -> None:
    import anskaffelse

    anskaffelse.build([write_profile()], tmp_path / "linux", formats=("docx", "xlsx"))
    monkeypatch.setattr(sys, "platform", "win32")  # what zipfile looks at when it makes an entry
    anskaffelse.build([write_profile()], tmp_path / "windows", formats=("docx", "xlsx"))
    for name in ("profil-kravspesifikasjon.docx", "profil-svarskjema.xlsx"):
        built = (tmp_path / "windows" / name).read_bytes()
        assert built == (tmp_path / "linux" / name).read_bytes(), name
        with zipfile.ZipFile(tmp_path / "windows" / name) as archive:
            assert {info.create_system for info in archive.infolist()} == {3}


@pytest.mark.parametrize(("terminal", "windows", "chosen", "expected"), [
    (False, True, False, {"encoding": "utf-8", "errors": "backslashreplace"}),  # `> fil.json` on Windows
    (True, True, False, {"errors": "backslashreplace"}),  # a Windows console keeps its own code page
    (False, True, True, {"errors": "backslashreplace"}),  # PYTHONIOENCODING decides
    (False, False, False, {"errors": "backslashreplace"}),  # elsewhere the locale is UTF-8 already
])
def test_output_sent_to_a_file_on_windows_is_utf8(terminal: bool, windows: bool, chosen: bool,
                                                   expected: dict[str, str]) -> None:
    from anskaffelse.cli import output_settings

    assert output_settings(terminal, windows, chosen) == expected


def test_schema_sent_to_a_file_is_utf8_json(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "anskaffelse", "schema", "profile"], cwd=tmp_path,
                         capture_output=True, check=False, timeout=120)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout.decode("utf-8"))
