"""Command-line values coerced without pydantic give what typer's own coercion gives, value or refusal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param
from typer.core import _TyperParameter

from anskaffelse.cli import app
from anskaffelse.commands.coercion import QuickRuntimeParam

from .conftest import EXAMPLES
from .test_startup import _main, _python


def _commands(command: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    found = [(path, command)]
    for name, sub in getattr(command, "commands", {}).items():
        found += _commands(sub, (*path, name))
    return found


COMMANDS = _commands(typer.main.get_command(app))
PARAMETERS = [(" ".join(path) or "anskaffelse", command, param) for path, command in COMMANDS
              for param in command.params if isinstance(param, _TyperParameter)]


def _values(tmp: Path) -> list[Any]:
    (tmp / "fil.yaml").write_text("a: 1\n", encoding="utf-8")
    (tmp / "mappe").mkdir()
    texts = ["", "x", "-", "3", "true", "kommune.yaml", str(tmp / "fil.yaml"), str(tmp / "mappe"),
             str(tmp / "finnes-ikke" / "k.yaml"), "~/k.yaml", "æøå ÆØÅ.yaml", " mellomrom ", "a\0b"]
    return [*texts, [str(tmp / "fil.yaml"), "x"], (str(tmp / "mappe"),), [], 7, True, None]


def _outcome(runtime: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        result = runtime.coerce(value, param=param, ctx=ctx)
    except BadParameter as exc:
        return "refused", exc.format_message()
    except (ValueError, TypeError) as exc:
        return "raised", (type(exc).__name__, str(exc))
    return "value", (type(result).__name__, result)


def test_every_parameter_of_every_command_is_covered() -> None:
    names = {name for name, _, _ in PARAMETERS}
    assert {"build", "validate", "answers check", "evaluate workbook", "survey export"} <= names
    kinds = {repr(param.type_descriptor.annotation) for _, _, param in PARAMETERS}
    assert {"<class 'pathlib.Path'>", "list[pathlib.Path]", "<class 'str'>", "<class 'int'>",
            "<class 'bool'>"} <= kinds


@pytest.mark.parametrize(("name", "command", "param"), PARAMETERS,
                         ids=[f"{name}:{param.name}" for name, _, param in PARAMETERS])
def test_quick_coercion_gives_what_typer_gives(name: str, command: Any, param: Any, tmp_path: Path) -> None:
    descriptor = param.type_descriptor
    quick = QuickRuntimeParam(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation)
    ctx = typer.Context(command, info_name=name)
    for value in _values(tmp_path):
        typer_own = build_runtime_param(descriptor)
        expected = _outcome(typer_own, value, param, ctx)
        param._runtime_param = None
        got = _outcome(quick, value, param, ctx)
        param._runtime_param = None
        assert got == expected, (name, param.name, value)


_PYDANTIC = "import json\nprint(json.dumps({'pydantic': 'pydantic' in sys.modules}))"


def test_a_command_line_run_imports_no_pydantic_and_refuses_as_before(tmp_path: Path) -> None:
    validate = _main("validate", str(EXAMPLES / "eksempel-kommune.yaml"), "--json")
    assert _python(validate + _PYDANTIC, tmp_path) == {"pydantic": False}
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "LANGUAGE": "", "LC_ALL": "C.UTF-8"}
    missing = subprocess.run([sys.executable, "-m", "anskaffelse", "build", "finnes-ikke.yaml", "--library",
                              "ingen-mappe"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=180,
                             check=False)
    assert missing.returncode == 2
    assert "Invalid value for '--library'" in missing.stderr
    assert "ingen-mappe" in missing.stderr and "does not exist" in missing.stderr


def test_without_the_quick_coercion_typer_coerces_as_before(tmp_path: Path) -> None:
    """Should a typer release move what `coercion` imports, the commands still work, through typer's own coercion."""
    hidden = "import sys\nsys.modules['anskaffelse.commands.coercion'] = None  # as if its import failed\n"
    validate = _main("validate", str(EXAMPLES / "eksempel-kommune.yaml"), "--json")
    assert _python(hidden + validate + _PYDANTIC, tmp_path) == {"pydantic": True}
