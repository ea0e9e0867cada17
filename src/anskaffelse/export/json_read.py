"""A built JSON specification (`…-spesifikasjon.json`) read back into a `Specification`.

The reader of the JSON format lives beside its writer (`json.py`), so the two change together.

The commands that work after publication (answer checks, evaluation, diffs
and addenda) start from the JSON that was published with the documents, not
from the profile: the profile may have changed since, and the JSON is what the
suppliers answered. The file may have passed through e-mail and other hands, so
it is read like any input: bounded, strict JSON, checked against the published
schema, and its requirement fingerprints re-computed so that an edited text
is found before anything is built on it.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from functools import cache
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, InputError, display_path, error
from ..infile import read_bytes
from ..locale.messages import _
from ..reading.schema import validator_for
from ..resolve import specification_fingerprint, text_fingerprint
from ..resolved import Specification

MAX_SPECIFICATION_BYTES = 100_000_000
"""A specification of the whole library with every text is a few MB."""


def read_specification(path: Path) -> Specification:
    """The `Specification` a built JSON file holds; `InputError` when it is not one or was edited."""
    shown = display_path(path)
    data = _parse(read_bytes(path, MAX_SPECIFICATION_BYTES, _("specification")), shown)
    problems = sorted(validator_for("specification").iter_errors(data), key=lambda e: list(e.absolute_path))
    if problems:
        where = "/".join(str(p) for p in problems[0].absolute_path) or _("(top level)")
        raise InputError([_problem(shown, _("it is not a specification built by anskaffelse: at {where}: "
                                            "{problem}").format(where=where, problem=problems[0].message),
                                   _give_the_json())])
    library = data.pop("library")
    data.pop("format")
    data.pop("format_version")
    data["library_id"], data["library_name"], data["library_version"] = (
        library["id"], library["name"], library["version"])
    data["area_names"] = tuple(data["area_names"].items())
    data["subcriterion_names"] = tuple(data.get("subcriterion_names", {}).items())
    spec = _build(Specification, data)
    edited = _edited(spec)
    if edited:
        raise InputError([_problem(shown, edited, _("Build the specification again from the profile; never edit the "
                                                    "JSON by hand."))])
    return spec


def _give_the_json() -> str:
    return _("Give the …-spesifikasjon.json file that `anskaffelse build` wrote.")


def _parse(raw: bytes, shown: str) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError([_problem(shown, _("it is not UTF-8 text (byte {position})").format(position=exc.start),
                                   _give_the_json())]) from None
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise InputError([error("J001", _("{file} is not valid JSON: {problem}").format(file=shown, problem=exc.msg),
                                _give_the_json(), file=shown, line=exc.lineno, column=exc.colno)]) from None
    except ValueError as exc:
        raise InputError([_problem(shown, str(exc), _("Build the specification again."))]) from None


def _no_constant(name: str) -> Any:
    raise ValueError(_("{name} is not a JSON number").format(name=name))


def _edited(spec: Specification) -> str:
    """What shows that the texts no longer match their fingerprints, as the whole problem; '' when nothing does."""
    for req in spec.requirements():
        if text_fingerprint(req.text) != req.fingerprint:
            return _("the file was edited after it was built: the text of {id} does not match its "
                     "fingerprint").format(id=req.id)
    if specification_fingerprint(list(spec.requirements())) != spec.fingerprint:
        return _("the file was edited after it was built: the requirements do not match the specification's "
                 "fingerprint")
    return ""


def _problem(shown: str, problem: str, hint: str) -> Diagnostic:
    return error("J002", f"{shown}: {problem}", hint, file=shown)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _build(hint: Any, value: Any) -> Any:
    """Schema-valid JSON data as the frozen dataclasses of `resolved`; missing optional fields keep their defaults."""
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        hints = _hints(hint)
        kwargs = {f.name: _build(hints[f.name], value[f.name])
                  for f in dataclasses.fields(hint) if f.init and f.name in value}
        return hint(**kwargs)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        inner = next(a for a in args if a is not type(None))
        return _build(inner, value)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_build(args[0], item) for item in value)
        return tuple(_build(a, item) for a, item in zip(args, value, strict=True))
    if hint is float and isinstance(value, int):
        return float(value)
    return value
