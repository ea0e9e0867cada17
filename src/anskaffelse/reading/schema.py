"""The published JSON Schemas and the first validation pass that uses them.

The schemas are files in the package (`anskaffelse/schemas/*.json`) so that
editors can use them for completion; `anskaffelse schema` writes them out.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from ..diagnostics import Diagnostic, abbreviate, error
from ..locale.messages import _
from ..suggest import MAX_SUGGESTED, close_names, decimal_comma_hint, did_you_mean, joined
from .load import Document

SCHEMA_NAMES = ("manifest", "module", "user-stories", "standards", "id-register", "migrations", "profile",
                "specification")


def schema_text(name: str) -> str:
    if name not in SCHEMA_NAMES:
        raise KeyError(name)
    return (resources.files("anskaffelse") / "schemas" / f"{name}.json").read_text(encoding="utf-8")


@cache
def load_schema(name: str) -> dict[str, Any]:
    return json.loads(schema_text(name))


@cache
def _validator(name: str, definition: str = "") -> Any:
    """The validator of a schema, or of one of its `$defs` (a member file is checked against the profile's)."""
    from jsonschema import Draft202012Validator

    schema = load_schema(name)
    if definition:
        schema = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"}
    return Draft202012Validator(schema)


def validator_for(name: str) -> Any:
    """The cached validator of one of the published schemas (e.g. 'specification')."""
    return _validator(name)


@cache
def _quick_check(name: str, definition: str = "") -> Any:
    """A predicate that says yes only to valid documents (`schema_fast`); None when it cannot be made."""
    from .schema_fast import Unsupported, compile_schema

    schema = load_schema(name)
    if definition:
        schema = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"}
    try:
        return compile_schema(schema)
    except Unsupported:
        return None


def check_schema(doc: Document, name: str, definition: str = "") -> list[Diagnostic]:
    """Every schema violation in `doc`, each placed at the offending key.

    A valid document, the usual case, is recognised by the quick check; only a
    document it does not accept goes to jsonschema, which finds what is wrong.
    """
    quick = _quick_check(name, definition)
    if quick is not None and quick(doc.data):
        return []
    found: list[Diagnostic] = []
    for err in _validator(name, definition).iter_errors(doc.data):
        found.extend(_explain(doc, err))
    return found


def prune_invalid(data: Any, name: str, rounds: int = 8,
                  definition: str = "") -> tuple[Any, frozenset[tuple[Any, ...]]]:
    """A copy of `data` without the mapping entries that break the schema, and their paths.

    Meaning checks then still run on the rest, so one run reports everything.
    Only mapping entries are removed (a bad list item takes its whole list),
    which keeps the recorded source positions of everything else valid.
    """
    import copy

    data = copy.deepcopy(data)
    removed: set[tuple[Any, ...]] = set()
    for _round in range(rounds):
        errors = list(_validator(name, definition).iter_errors(data))
        if not errors:
            return data, frozenset(removed)
        for err in errors:
            path = list(err.absolute_path)
            if err.validator == "additionalProperties" and isinstance(err.instance, dict):
                allowed = err.schema.get("properties", {})
                for key in [k for k in err.instance if k not in allowed]:
                    err.instance.pop(key, None)
                    removed.add((*path, key))
                continue
            while path and not isinstance(path[-1], str):
                path.pop()
            if not path:
                return None, frozenset(removed)
            parent = _container(data, path[:-1])
            if parent is None:
                continue  # an earlier error of this round removed an enclosing entry already
            parent.pop(path[-1], None)
            removed.add(tuple(path))
    return None, frozenset(removed)


def _container(data: Any, path: list[Any]) -> dict[str, Any] | None:
    """The mapping at `path` in `data`, or None when part of the way is gone."""
    for key in path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data if isinstance(data, dict) else None


def _explain(doc: Document, err: Any) -> list[Diagnostic]:
    if err.validator == "anyOf" and isinstance(err.instance, dict):
        # A text per language that breaks a rule inside (too long, an unknown language) is explained
        # there, not as "the wrong form": the mapping is the right form, one of its entries is not.
        inner = [e for e in err.context if not (e.validator == "type" and e.absolute_path == err.absolute_path)]
        if inner:
            return [finding for e in inner for finding in _explain(doc, e)]
    path = tuple(err.absolute_path)
    where_name = "/".join(abbreviate(str(p), 40) for p in path) or _("the top level")
    kind = err.validator
    if kind == "additionalProperties":
        allowed = sorted(err.schema.get("properties", {}))
        extra = [k for k in err.instance if k not in allowed]
        listed = _("Allowed fields here: {fields}.").format(fields=", ".join(allowed)) if allowed else ""
        if path and path[-1] in allowed:
            # 'parameters:' written at the level of the IDs under 'tailor:' becomes an ID itself.
            listed = _("'{field}:' is itself a field name, written where a name of your own belongs: indent "
                       "'{field}:' and the lines under it with more spaces than the line above it.").format(
                           field=path[-1])
        return [
            error("S002", _("unknown field '{field}' in {where}").format(field=abbreviate(key), where=where_name),
                  joined(did_you_mean(close_names(key, allowed, limit=1)) if i < MAX_SUGGESTED else "", listed),
                  **doc.where_key((*path, key)))
            for i, key in enumerate(extra)
        ]
    if kind == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        return [
            error("S003", _("{where} is missing the required field '{field}'").format(where=where_name, field=missing),
                  _("Add '{field}:' to this entry.").format(field=missing), **doc.where(path))
        ]
    if kind == "enum":
        options = ", ".join(str(o) for o in err.validator_value)
        return [
            error("S004", _("'{value}' is not allowed in {where}").format(value=abbreviate(str(err.instance)),
                                                                          where=where_name),
                  _("Use one of: {options}.").format(options=options), **doc.where(path))
        ]
    if kind == "type":
        expected = err.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return [
            error("S005", _type_message(expected).format(where=where_name, expected=expected,
                                                         actual=_type_name(err.instance)),
                  _type_hint(doc, path, expected, err.instance), **doc.where(path))
        ]
    return [_explain_form(doc, err, path, where_name)]


def _type_message(expected: str) -> str:
    """S005 with the expected type in words (placeholders `where`, `expected` and `actual`, 'not a list')."""
    messages = {
        "object": _("{where} must be of type object, {actual}"),
        "array": _("{where} must be of type array, {actual}"),
        "string": _("{where} must be of type string, {actual}"),
        "number": _("{where} must be of type number, {actual}"),
        "integer": _("{where} must be of type integer, {actual}"),
        "boolean": _("{where} must be of type boolean, {actual}"),
    }
    return messages.get(expected) or _("{where} must be of type {expected}, {actual}")


def _explain_form(doc: Document, err: Any, path: tuple[Any, ...], where_name: str) -> Diagnostic:
    """Findings about the form of a value: its length, its pattern, its number of entries."""
    kind = err.validator
    at = doc.where(path)
    if "propertyNames" in err.absolute_schema_path:
        # A key breaks the rule; jsonschema reports it at the mapping that holds it.
        at = doc.where_key((*path, err.instance))
        where_name = _("the key in {where}").format(where=where_name)
    too_long = _too_long(err)
    if too_long is not None:
        return error("S008", _("{where} is {length:,} characters long, more than the limit of {limit:,}").format(
                         where=where_name, length=len(err.instance), limit=too_long),
                     _length_hint(path, too_long), **at)
    if kind == "anyOf":
        # Only texts and units offer a choice of form: one text, or one per language.
        return error("S007", _("{where} has the wrong form").format(where=where_name),
                     _("Write it as one text, or per language as {example}.").format(example="{nb: ..., nn: ...}"),
                     **doc.where(path))
    if kind == "pattern":
        return error("S006", _("'{value}' in {where} does not have the expected form").format(
                         value=abbreviate(err.instance), where=where_name),
                     _pattern_hint(path, err.validator_value, err.instance), **at)
    if kind == "maxItems":
        return error("S008", _("{where} has {count:,} entries, more than the limit of {limit:,}").format(
                         where=where_name, count=len(err.instance), limit=err.validator_value),
                     _("List at most {limit:,} entries here.").format(limit=err.validator_value),
                     **doc.where(path))
    if kind == "uniqueItems":
        index = _first_repeat(err.instance)
        return error("S009", _("{where} names {value} more than once").format(
                         where=where_name, value=abbreviate(str(err.instance[index]))),
                     _("Remove the repeated entry."), **doc.where((*path, index)))
    said = _in_words(err)
    if said:
        return error("S001", f"{where_name}: {said}", **doc.where(path))
    return error("S001", f"{where_name}: {abbreviate(err.message, 200)}", **doc.where(path))


def _in_words(err: Any) -> str:
    """jsonschema's message for the usual bounds in the user's language; '' for any other.

    The English is jsonschema's own wording, so each is used only when it is exactly the message
    jsonschema gave (and short enough to show whole); anything else is shown as jsonschema says it.
    """
    value, limit = repr(err.instance), repr(err.validator_value)
    said = {
        "minimum": (f"{value} is less than the minimum of {limit}",
                    _("{value} is less than the minimum of {limit}")),
        "maximum": (f"{value} is greater than the maximum of {limit}",
                    _("{value} is greater than the maximum of {limit}")),
        "exclusiveMinimum": (f"{value} is less than or equal to the minimum of {limit}",
                             _("{value} is less than or equal to the minimum of {limit}")),
        "minLength": (f"{value} should be non-empty", _("{value} should be non-empty")),
        "minItems": (f"{value} should be non-empty", _("{value} should be non-empty")),
        "minProperties": (f"{value} should be non-empty", _("{value} should be non-empty")),
        "const": (f"{limit} was expected", _("{limit} was expected")),
    }.get(err.validator)
    if said is None or said[0] != err.message or len(err.message) > 200:
        return ""
    return said[1].format(value=value, limit=limit)


def _first_repeat(items: list[Any]) -> int:
    """Index of the first entry that repeats an earlier one (a set: lists can hold 100,000 entries)."""
    seen: set[str] = set()
    for i, item in enumerate(items):
        key = json.dumps(item, sort_keys=True, default=str)
        if key in seen:
            return i
        seen.add(key)
    return 0


def _too_long(err: Any) -> int | None:
    """The length limit a text breaks, also when it is one form of several (`anyOf`)."""
    if err.validator == "maxLength":
        return int(err.validator_value)
    if err.validator == "anyOf" and isinstance(err.instance, str):
        limits = [int(sub.validator_value) for sub in err.context if sub.validator == "maxLength"]
        return min(limits) if limits else None
    return None


def _length_hint(path: tuple[Any, ...], limit: int) -> str:
    field = next((str(p) for p in reversed(path) if str(p) not in ("nb", "nn", "en")), "")
    reasons = {
        "title": _("A title stands in page headers and table rows; put the details in the text."),
        "reference": _("The case reference stands in every page header; use the short reference of your case "
                       "system."),
        "name": _("A name stands on one line of the documents; the buyers' names share one workbook cell."),
        "library_version": _("Write a range such as '>=2.0, <3'."),
        "extends": _("Name a profile file next to this one, e.g. 'felles.yaml'."),
        "template": _("Name a .docx file next to the profile, e.g. 'mal.docx'."),
    }
    return reasons.get(field) or _("Shorten it to at most {limit:,} characters; longer texts do not fit "
                                   "where the documents show them.").format(limit=limit)


def _type_hint(doc: Document, path: tuple[Any, ...], expected: str, value: Any) -> str:
    """How to write the value so YAML reads it as the type the field needs."""
    key = str(path[-1]) if path and isinstance(path[-1], str) else ""
    if "string" in expected and isinstance(value, int | float) and not isinstance(value, bool):
        written = doc.number_texts.get(path, str(value))
        shown = f'{key}: "{written}"' if key else f'"{written}"'
        return _("YAML reads {number} as a number; put it in quotes: {fixed}").format(number=written, fixed=shown)
    if ("number" in expected or "integer" in expected) and isinstance(value, str):
        return decimal_comma_hint(value)
    if expected == "array" and isinstance(value, str) and value.startswith("-"):
        return _("Put a space after the dash, so that YAML reads a list: {fixed}").format(
            fixed=f"- {value[1:].strip()}")
    if expected == "object" and value is None:
        return _("Nothing is written under this key. Write its fields on the lines below it, indented with "
                 "spaces (see docs/profile-reference.md).")
    return ""


def _type_name(value: Any) -> str:
    """What a value is not, in S005: 'not a list'."""
    if isinstance(value, bool):
        return _("not true/false")
    names = {dict: _("not a mapping"), list: _("not a list"), str: _("not text"), int: _("not a number"),
             float: _("not a number"), type(None): _("not empty")}
    return names.get(type(value)) or _("not {type}").format(type=type(value).__name__)


def _pattern_hint(path: tuple[Any, ...], pattern: str, value: Any) -> str:
    last = str(path[-1]) if path else ""
    digits = "".join(c for c in str(value) if not c.isspace() and c != ".")
    if last == "org_number" and len(digits) == 9 and digits.isdigit():
        return _("Write the nine digits without spaces, in quotes: {fixed}.").format(fixed=f'org_number: "{digits}"')
    hints = {
        "org_number": _("An organisation number has exactly nine digits; write them without spaces, in quotes: "
                        "{example}.").format(example='org_number: "974760673"'),
        "date": _("Write the date as YYYY-MM-DD, e.g. 2027-01-15."),
        "deadline": _("Write the deadline as YYYY-MM-DD or 'YYYY-MM-DD HH:MM'."),
        "version": _("Write the version as MAJOR.MINOR.PATCH, e.g. 1.0.0."),
        "since": _("Write the version as MAJOR.MINOR.PATCH, e.g. 1.0.0."),
        "id": _("IDs are upper-case parts joined by hyphens, e.g. EPJ-LM-001."),
        "namespace": _("A namespace is upper-case letters and digits, e.g. BERGEN."),
    }
    return hints.get(last) or _("It must match the pattern {pattern}.").format(pattern=pattern)
