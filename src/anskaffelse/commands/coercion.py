"""Command-line values turned into texts and paths without pydantic, as typer would turn them.

typer 0.29 turns every value given on the command line into the type its parameter declares
through a pydantic TypeAdapter, built per parameter when the command first sees a value. Importing
pydantic and building the adapters costs about 0.07 s of CPU on every command, a twentieth of a
warm build. What typer's adapters make of the values our commands mostly take is plain:

- a text for a `str` parameter is that text (typer's `_parse_cli_str`);
- a text for a `Path` parameter is `Path(text)` (pydantic's lax reading of a text as a path),
  then checked by typer's own `coerce_cli_path` (exists, file or folder, readable, …) with
  typer's own messages;
- a list parameter applies the same to each of its values.

`QuickRuntimeParam` does these without pydantic and hands every other value (a number, a flag
given as text, a parser of its own, a `Path` subclass) to the runtime parameter typer itself builds,
so that nothing but the speed changes; `tests/test_cli_coercion.py` holds every parameter of every
command to the same results and the same refusals as typer's own. It is set on a command's
parameters when the command makes its context (`localized._Localized.make_context`); a parameter
that already has a runtime parameter keeps it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args, get_origin

from typer._coercion import RuntimeParam, build_runtime_param
from typer._param_types import coerce_cli_path, lenient_issubclass, routes_to_path
from typer.core import _TyperParameter

_UNDECIDED: Any = object()
"""What `_quick` gives for a value it leaves to typer."""


@dataclass(frozen=True)
class QuickRuntimeParam(RuntimeParam):
    """Texts and paths as typer would coerce them; anything else through typer's own runtime parameter."""

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Any) -> Any:
        done = _quick(self.annotation, self.parameter_info, value, param, ctx)
        if done is not _UNDECIDED:
            return done
        typer_own = build_runtime_param(param.type_descriptor)
        param._runtime_param = typer_own
        return typer_own._coerce_value(value, param=param, ctx=ctx)


def quicken(params: list[Any]) -> None:
    """Give each typer parameter without a runtime parameter yet a `QuickRuntimeParam`."""
    for param in params:
        if isinstance(param, _TyperParameter) and param._runtime_param is None:
            descriptor = param.type_descriptor
            if descriptor.file_annotation is None:  # a parameter that opens a file is typer's alone
                param._runtime_param = QuickRuntimeParam(parameter_info=descriptor.parameter_info,
                                                         annotation=descriptor.annotation)


def _quick(annotation: Any, info: Any, value: Any, param: Any, ctx: Any) -> Any:
    if info.parser is not None:
        return _UNDECIDED
    if get_origin(annotation) is list:
        items = value if isinstance(value, (list, tuple)) else [value]
        if not all(isinstance(item, str) for item in items):
            return _UNDECIDED
        (item_type,) = get_args(annotation)
        done = [_quick(item_type, info, item, param, ctx) for item in items]
        return _UNDECIDED if any(d is _UNDECIDED for d in done) else done
    if type(value) is not str:
        return _UNDECIDED
    if annotation is str:
        return value
    if routes_to_path(annotation, info):
        path_type = info.path_type
        if path_type is None and lenient_issubclass(annotation, Path):
            path_type = annotation
        if path_type is Path or path_type is None or path_type is str:
            try:
                return coerce_cli_path(Path(value) if path_type is Path else value, info, path_type=path_type,
                                       param=param, ctx=ctx)
            except ValueError:  # a NUL in the path: typer words it through pydantic, so typer says it
                return _UNDECIDED
    return _UNDECIDED
