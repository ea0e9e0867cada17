"""The resolved specification as JSON, validated by the published schema."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from functools import cache
from json.encoder import encode_basestring
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
    data = _top_level(spec)
    if options.json_indent is None:
        return compact_utf8(data) + b"\n"
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, indent=options.json_indent, default=_fields)
    return text.encode("utf-8") + b"\n"


# ---------------------------------------------------------------- compact JSON, fast

def _dumps(value: Any) -> str:
    # allow_nan=False: NaN and Infinity are not JSON, and strict parsers refuse the whole file.
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=_fields)


def compact_utf8(data: dict[str, Any]) -> bytes:
    """`data` as compact JSON in UTF-8: exactly what `_dumps` writes, in half the time for a specification.

    The standard encoder turns each of ten thousand requirements into a dict
    (through `default`) before writing it; here each dataclass has a writer
    made from its fields, which writes the requirement in one expression.
    A value outside the writers' rules (a float, a field whose value does
    not have its declared type, a value JSON cannot hold) goes to the
    standard encoder, which writes it or raises its usual error.

    Each member, and each item of a list member, is encoded by itself: Python
    stores a text in which one character lies beyond Latin-1 (an en dash) with
    two bytes for every character, so joined as one text, a single dash in a
    user story would widen the whole file before it is encoded.
    """
    try:
        members = [b"%s:%s" % (encode_basestring(key).encode(), _utf8(value)) for key, value in data.items()]
    except (TypeError, ValueError, RecursionError):
        return _dumps(data).encode("utf-8")
    return b"{%s}" % b",".join(members)


def _utf8(value: Any) -> bytes:
    if type(value) is list or type(value) is tuple:
        return b"[%s]" % b",".join([_value(item).encode("utf-8") for item in value])
    return _value(value).encode("utf-8")


def _value(value: Any) -> str:
    writer = _WRITERS.get(type(value))
    if writer is None:
        writer = _WRITERS[type(value)] = _writer(type(value))
    return writer(value)


def _array(items: tuple[Any, ...] | list[Any]) -> str:
    return f"[{','.join(map(_value, items))}]" if items else "[]"


def _object(mapping: dict[Any, Any]) -> str:
    if not all(type(key) is str for key in mapping):
        return _dumps(mapping)  # JSON's conversions of numbers and None as keys
    return f"{{{','.join([f'{encode_basestring(k)}:{_value(v)}' for k, v in mapping.items()])}}}"


def _bool(value: Any) -> str:
    return "true" if value is True else "false" if value is False else _value(value)


def _int(value: Any) -> str:
    return int.__repr__(value) if type(value) is int else _value(value)


def _strings(value: Any) -> str:
    """A tuple of strings; `encode_basestring` refuses an item that is not a string."""
    if type(value) is not tuple:
        return _value(value)
    return f"[{','.join(map(encode_basestring, value))}]" if value else "[]"


_WRITERS: dict[type, Callable[[Any], str]] = {
    str: encode_basestring, type(None): lambda _: "null", bool: _bool, int: int.__repr__,
    tuple: _array, list: _array, dict: _object,
}

# How a field is written, by its declared type; any other type is written by `_value`.
_FIELD_WRITERS = {"str": "_string", "bool": "_bool", "int": "_int", "tuple[str, ...]": "_strings"}


def _writer(kind: type) -> Callable[[Any], str]:
    """The writer of a dataclass, or the standard encoder for another type (floats, enums, …)."""
    if not is_dataclass(kind) or issubclass(kind, str | int | float | tuple | list | dict):
        return _dumps
    # The writer is one f-string over the fields, made as `dataclasses` makes `__init__`: a call per
    # field costs more than writing the field. Field names are identifiers: nothing in them to escape.
    pieces = []
    for i, f in enumerate(fields(kind)):
        key = ("{{" if i == 0 else ",") + encode_basestring(f.name) + ":"
        writer = _FIELD_WRITERS.get(f.type if isinstance(f.type, str) else getattr(f.type, "__name__", ""), "_value")
        pieces.append(f"{key}{{{writer}(v.{f.name})}}")
    # The braces of the object are doubled: they are text of the f-string made here.
    source = "def write(v):\n    return f'" + ("".join(pieces) + "}}" if pieces else "{{}}") + "'\n"
    scope = {"_string": encode_basestring, "_bool": _bool, "_int": _int, "_strings": _strings, "_value": _value}
    exec(source, scope)  # the source holds nothing but the field names of a class of ours
    write: Callable[[Any], str] = scope["write"]
    return write
