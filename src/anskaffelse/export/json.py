"""The resolved specification as JSON, validated by the published schema."""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from functools import cache
from typing import Any

from ..resolved import Specification
from . import ExportOptions

FORMAT_NAME = "anskaffelse-spesifikasjon"
FORMAT_VERSION = 1


def specification_to_data(spec: Specification) -> dict[str, Any]:
    """The specification as plain dicts, lists and values (what the JSON file holds)."""
    return {key: _plain(value) for key, value in _top_level(spec).items()}


def _top_level(spec: Specification) -> dict[str, Any]:
    """The top level of the JSON file; the values below it are still dataclasses and tuples."""
    kind: type = type(spec)
    data = {name: getattr(spec, name) for name in _field_names(kind)}
    library = {"id": data.pop("library_id"), "name": data.pop("library_name"),
               "version": data.pop("library_version")}
    data["area_names"] = dict(spec.area_names)
    data["subcriterion_names"] = dict(spec.subcriterion_names)
    return {"format": FORMAT_NAME, "format_version": FORMAT_VERSION, "library": library, **data}


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind))


def _plain(value: Any) -> Any:
    """Dataclasses to dicts and tuples to lists, without `asdict`'s deep copies."""
    if is_dataclass(value):
        kind: type = type(value)
        return {name: _plain(getattr(value, name)) for name in _field_names(kind)}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


def _fields(value: Any) -> dict[str, Any]:
    """A dataclass as the mapping of its fields, for the encoder (it turns tuples into lists itself)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {name: getattr(value, name) for name in _field_names(type(value))}
    raise TypeError(f"{type(value).__name__} cannot be written as JSON")


def export_json(spec: Specification, options: ExportOptions) -> bytes:
    # allow_nan=False: NaN and Infinity are not JSON, and strict parsers refuse the whole file.
    # Compact by default: without an indent Python uses its C encoder, and the file is a third the size.
    data = _top_level(spec)
    if options.json_indent is None:
        text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=_fields)
    else:
        text = json.dumps(data, ensure_ascii=False, allow_nan=False, indent=options.json_indent, default=_fields)
    return (text + "\n").encode("utf-8")
