"""The command line builds only the command it runs (`LocalizedTyper.narrowed_to`), and it is the same command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from anskaffelse.cli import app

from .conftest import EXAMPLES

NAMES = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def _help(runner_app: typer.Typer, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(runner_app, [*args, "--help"], env={"COLUMNS": "100"})
    return result.exit_code, result.output


def test_every_command_and_group_is_found_by_its_name() -> None:
    assert {"build", "list", "answers", "evaluate", "import", "survey"} <= set(NAMES)
    for name in NAMES:
        narrowed = typer.main.get_command(app.narrowed_to(name))
        assert list(narrowed.commands) == [name], name  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", NAMES)
def test_a_narrowed_command_has_the_help_and_options_of_the_whole(name: str) -> None:
    assert _help(app.narrowed_to(name), name) == _help(app, name)
    whole = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    narrowed = typer.main.get_command(app.narrowed_to(name)).commands[name]  # type: ignore[attr-defined]
    assert [p.opts for p in narrowed.params] == [p.opts for p in whole.params]


def test_anything_but_a_command_name_keeps_the_whole_command_line() -> None:
    for word in ("--help", "--version", "--debug", "buil", "BUILD", "list_requirements", ""):
        assert app.narrowed_to(word) is app
    assert app.narrowed_to("build") is not app
    assert len(app.registered_commands) > 1  # the command line itself is left as it was


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "anskaffelse", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=180, check=False,
                          env=os.environ | {"PYTHONIOENCODING": "utf-8", "LANGUAGE": "en", "COLUMNS": "100"})


def test_the_console_script_runs_a_command_and_still_suggests_for_a_misspelt_one(tmp_path: Path) -> None:
    built = _run("build", str(EXAMPLES / "eksempel-kommune.yaml"), "-o", "out", "--format", "json", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert [p.suffix for p in (tmp_path / "out").iterdir()] == [".json"]
    misspelt = _run("buil", cwd=tmp_path)
    assert misspelt.returncode == 2
    assert "No such command 'buil'. Did you mean 'build'?" in misspelt.stderr
    group = _run("answers", "--help", cwd=tmp_path)
    assert group.returncode == 0 and "check" in group.stdout
