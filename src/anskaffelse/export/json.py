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
    data = _plain(spec)
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


def export_json(spec: Specification, options: ExportOptions) -> bytes:
    # allow_nan=False: NaN and Infinity are not JSON, and strict parsers refuse the whole file.
    text = json.dumps(specification_to_data(spec), ensure_ascii=False, allow_nan=False, indent=2)
    return (text + "\n").encode("utf-8")
