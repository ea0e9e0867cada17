"""A quick yes to "does this value satisfy the schema?", for values that do.

jsonschema walks a schema for every value and builds an error object for each
rule it tries, about 0.4 ms per requirement; a library that passes pays that
for nothing. `compile_schema` turns one of our schemas into plain Python
closures that answer only yes or no. A yes is final; a no (or a keyword this
compiler does not know) sends the value to jsonschema, whose errors `schema.py`
turns into findings, so the findings are exactly those jsonschema gives.

So this compiler may be stricter than the schema, never looser: where a rule
of JSON Schema is subtle (equality of numbers and booleans in `enum`, `const`
and `uniqueItems`), it answers no and lets jsonschema decide.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

_STRING_KEYWORDS = frozenset({"type", "minLength", "maxLength", "pattern", "enum"})
_OBJECT_KEYWORDS = frozenset({"properties", "required", "additionalProperties"})
_ARRAY_KEYWORDS = frozenset({"type", "items", "minItems", "maxItems", "uniqueItems"})
_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "examples", "default", "$defs"})


class Unsupported(Exception):
    """The schema uses a keyword this compiler does not handle; use jsonschema alone."""


def compile_schema(schema: dict[str, Any]) -> Check:
    """A predicate that is True only for values valid against `schema` (draft 2020-12)."""
    return _Compiler(schema).compile(schema)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


_TYPES: dict[str, Check] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": _is_integer,
    "number": _is_number,
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def _always(value: Any) -> bool:
    return True


def _never(value: Any) -> bool:
    return False


class _Compiler:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}

    def compile(self, schema: Any) -> Check:
        if schema is True:
            return _always
        if schema is False:
            return _never
        if not isinstance(schema, dict):
            raise Unsupported(repr(schema))
        if schema.get("type") == "string" and _STRING_KEYWORDS.issuperset(set(schema) - _ANNOTATIONS):
            return _string(schema)
        if schema.get("type") == "array" and _ARRAY_KEYWORDS.issuperset(set(schema) - _ANNOTATIONS) \
                and not isinstance(schema.get("items"), list):
            return self._array(schema)
        is_object = _OBJECT_KEYWORDS.intersection(schema)
        mapping_only = bool(is_object) and schema.get("type") == "object"
        checks = [self._object(schema, mapping_only)] if is_object else []
        for name in schema:
            if name in _ANNOTATIONS or name in _OBJECT_KEYWORDS or name in ("then", "else"):
                continue  # `then` and `else` belong to `if`, and without it mean nothing
            if name == "type" and mapping_only:
                continue  # the check of the properties refuses anything but a mapping itself
            handler = getattr(self, "_" + name.replace("$", "dollar_"), None)
            if handler is None:
                raise Unsupported(name)
            checks.append(handler(schema[name], schema))
        if not checks:
            return _always
        if len(checks) == 1:
            return checks[0]
        return _all_of(checks)

    def _object(self, schema: dict[str, Any], mapping_only: bool) -> Check:
        """`properties`, `required` and `additionalProperties`; with `mapping_only`, also `type: object`."""
        properties = {key: self.compile(sub) for key, sub in schema.get("properties", {}).items()}
        required = frozenset(schema.get("required", ()))
        extra = schema.get("additionalProperties", True)
        extra_check = None if extra is True else self.compile(extra)
        other = not mapping_only  # what a value that is no mapping gets

        def check(value: Any) -> bool:
            if not isinstance(value, dict):
                return other
            if not required <= value.keys():
                return False
            for key, item in value.items():
                sub = properties.get(key)
                if sub is None:
                    if extra_check is not None and not extra_check(item):
                        return False
                elif not sub(item):
                    return False
            return True
        return check

    def _type(self, wanted: str | list[str], schema: dict[str, Any]) -> Check:
        names = [wanted] if isinstance(wanted, str) else list(wanted)
        if any(name not in _TYPES for name in names):
            raise Unsupported(f"type {wanted}")
        if names == ["object"]:
            return lambda v: isinstance(v, dict)
        if names == ["string"]:
            return lambda v: isinstance(v, str)
        if names == ["array"]:
            return lambda v: isinstance(v, list)
        return _any_of([_TYPES[name] for name in names])

    def _enum(self, options: list[Any], schema: dict[str, Any]) -> Check:
        texts = frozenset(o for o in options if isinstance(o, str))
        # Only texts are compared here; jsonschema decides whether 1 equals 1.0 or True.
        return lambda v: isinstance(v, str) and v in texts

    def _const(self, wanted: Any, schema: dict[str, Any]) -> Check:
        if isinstance(wanted, str):
            return lambda v: isinstance(v, str) and v == wanted
        if isinstance(wanted, bool) or wanted is None:
            return lambda v: v is wanted
        return _never

    def _pattern(self, pattern: str, schema: dict[str, Any]) -> Check:
        search = re.compile(pattern).search
        return lambda v: not isinstance(v, str) or search(v) is not None

    def _maxLength(self, limit: int, schema: dict[str, Any]) -> Check:
        return lambda v: not isinstance(v, str) or len(v) <= limit

    def _minLength(self, limit: int, schema: dict[str, Any]) -> Check:
        return lambda v: not isinstance(v, str) or len(v) >= limit

    def _maxItems(self, limit: int, schema: dict[str, Any]) -> Check:
        return lambda v: not isinstance(v, list) or len(v) <= limit

    def _minItems(self, limit: int, schema: dict[str, Any]) -> Check:
        return lambda v: not isinstance(v, list) or len(v) >= limit

    def _minProperties(self, limit: int, schema: dict[str, Any]) -> Check:
        return lambda v: not isinstance(v, dict) or len(v) >= limit

    def _uniqueItems(self, unique: bool, schema: dict[str, Any]) -> Check:
        if not unique:
            return _always

        def check(value: Any) -> bool:
            if not isinstance(value, list):
                return True
            # Texts only; for other items jsonschema's notion of equality decides.
            for item in value:
                if not isinstance(item, str):
                    return False
            return len(set(value)) == len(value)
        return check

    def _minimum(self, limit: float, schema: dict[str, Any]) -> Check:
        return lambda v: not _is_number(v) or v >= limit

    def _maximum(self, limit: float, schema: dict[str, Any]) -> Check:
        return lambda v: not _is_number(v) or v <= limit

    def _exclusiveMinimum(self, limit: float, schema: dict[str, Any]) -> Check:
        return lambda v: not _is_number(v) or v > limit

    def _items(self, sub: Any, schema: dict[str, Any]) -> Check:
        if isinstance(sub, list):
            raise Unsupported("items as a list")
        return _each(list, self.compile(sub))

    def _array(self, schema: dict[str, Any]) -> Check:
        """A list with `items`, `minItems`, `maxItems` and `uniqueItems`, in one closure: most lists of a library."""
        item_check = self.compile(schema.get("items", True))
        shortest = schema.get("minItems", 0)
        longest = schema.get("maxItems")
        unique = schema.get("uniqueItems", False)

        def check(value: Any) -> bool:
            if not isinstance(value, list) or len(value) < shortest or (longest is not None and len(value) > longest):
                return False
            for item in value:
                if not item_check(item):
                    return False
            if unique:
                # Texts only; for other items jsonschema's notion of equality decides.
                for item in value:
                    if not isinstance(item, str):
                        return False
                return len(set(value)) == len(value)
            return True
        return check

    def _propertyNames(self, sub: Any, schema: dict[str, Any]) -> Check:
        return _each(dict, self.compile(sub))  # iterating a mapping gives its keys

    def _allOf(self, subs: list[Any], schema: dict[str, Any]) -> Check:
        return _all_of([self.compile(sub) for sub in subs])

    def _anyOf(self, subs: list[Any], schema: dict[str, Any]) -> Check:
        return _any_of([self.compile(sub) for sub in subs])

    def _if(self, condition: Any, schema: dict[str, Any]) -> Check:
        test = self.compile(condition)
        then = self.compile(schema.get("then", True))
        otherwise = self.compile(schema.get("else", True))
        return lambda v: then(v) if test(v) else otherwise(v)

    def _dollar_ref(self, ref: str, schema: dict[str, Any]) -> Check:
        if not ref.startswith("#/"):
            raise Unsupported(ref)
        if ref not in self.refs:
            slot: list[Check] = []
            self.refs[ref] = lambda v: slot[0](v)  # a reference may be recursive: fill it in after compiling
            target: Any = self.root
            for part in ref[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            slot.append(self.compile(target))
        return self.refs[ref]


def _string(schema: dict[str, Any]) -> Check:
    """One closure for the most common schema of all, a text with limits: a third of the calls."""
    shortest = schema.get("minLength", 0)
    longest = schema.get("maxLength")
    search = re.compile(schema["pattern"]).search if "pattern" in schema else None
    options = frozenset(o for o in schema["enum"] if isinstance(o, str)) if "enum" in schema else None

    def check(value: Any) -> bool:
        if not isinstance(value, str) or len(value) < shortest or (longest is not None and len(value) > longest):
            return False
        return (search is None or search(value) is not None) and (options is None or value in options)
    return check


# The combinations loop rather than call `all` or `any` on a generator: a generator costs a
# Python call per step, and these run for most values of a library.
def _all_of(checks: list[Check]) -> Check:
    if len(checks) == 2:
        first, second = checks
        return lambda v: first(v) and second(v)

    def check(value: Any) -> bool:
        for each in checks:  # noqa: SIM110 (a generator costs a call per step)
            if not each(value):
                return False
        return True
    return check


def _each(kind: type[list[Any]] | type[dict[Any, Any]], each: Check) -> Check:
    """Every element of a value of `kind` passes `each` (a value of another kind is not this check's to refuse)."""
    def check(value: Any) -> bool:
        if not isinstance(value, kind):
            return True
        for element in value:  # noqa: SIM110 (a generator costs a call per step)
            if not each(element):
                return False
        return True
    return check


def _any_of(checks: list[Check]) -> Check:
    def check(value: Any) -> bool:
        for each in checks:  # noqa: SIM110 (a generator costs a call per step)
            if each(value):
                return True
        return False
    return check
