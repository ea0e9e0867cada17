"""The quick schema check says yes only where jsonschema does, and says it to every valid library file."""

from __future__ import annotations

import copy
import random
from typing import Any

import pytest

from anskaffelse.reading.load import load_yaml
from anskaffelse.reading.schema import SCHEMA_NAMES, _quick_check, _validator, check_schema
from anskaffelse.reading.schema_fast import Unsupported, compile_schema

from .conftest import EXAMPLES, LIBRARY

ODD_VALUES: list[Any] = [None, True, False, 0, 1, 1.0, 1.5, -1, 10**6, "", "x", "X Y", "ja-nei", "EPJ-DR-001",
                         "1.0.0", [], {}, ["a"], ["a", "a"], [1, True], [1, 1.0], {"nb": "x"}, {"nb": ""},
                         "a" * 20000, float("nan")]


def _samples() -> dict[str, list[Any]]:
    return {
        "module": [load_yaml(p).data for p in sorted((LIBRARY / "modules").glob("*.yaml"))],
        "manifest": [load_yaml(LIBRARY / "library.yaml").data],
        "standards": [load_yaml(LIBRARY / "standards.yaml").data],
        "user-stories": [load_yaml(LIBRARY / "user-stories.yaml").data],
        "id-register": [load_yaml(LIBRARY / "id-register.yaml").data],
        "migrations": [load_yaml(LIBRARY / "migrations.yaml").data],
        # The examples hold member files and priority sheets too; the profiles are those that are valid as such.
        "profile": [doc for doc in (load_yaml(p).data for p in sorted(EXAMPLES.rglob("*.yaml")))
                    if _validator("profile").is_valid(doc)],
    }


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _paths(item, (*prefix, i))
    return found


def _mutated(doc: Any, rng: random.Random) -> Any:
    """`doc` with one to three values replaced by odd ones, removed, or joined by unknown keys."""
    doc = copy.deepcopy(doc)
    paths = [p for p in _paths(doc) if p]
    for _ in range(rng.randint(1, 3)):
        path = rng.choice(paths)
        parent = doc
        try:
            for key in path[:-1]:
                parent = parent[key]
            roll = rng.random()
            if roll < 0.6:
                parent[path[-1]] = copy.deepcopy(rng.choice(ODD_VALUES))
            elif roll < 0.8 and isinstance(parent, dict):
                parent.pop(path[-1], None)
            elif isinstance(parent, dict):
                parent[rng.choice(["extra", "nb", "id", "type", "weight"])] = copy.deepcopy(rng.choice(ODD_VALUES))
        except (KeyError, IndexError, TypeError):
            pass  # an earlier change removed the way there
    return doc


SAMPLES = _samples()


def _shortened(doc: Any) -> Any:
    """The document with its long lists cut to three entries, to keep jsonschema quick."""
    if not isinstance(doc, dict):
        return doc
    return {key: value[:3] if isinstance(value, list) else value for key, value in doc.items()}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_file_of_the_built_in_library_passes_the_quick_check(name):
    quick = _quick_check(name)
    assert quick is not None
    assert all(quick(doc) for doc in SAMPLES[name])


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_the_quick_check_never_accepts_what_jsonschema_refuses(name):
    rng = random.Random(name)
    quick, validator = _quick_check(name), _validator(name)
    refused = 0
    for _ in range(300):
        doc = _shortened(rng.choice(SAMPLES[name]))
        changed = _mutated(doc, rng)
        if quick(changed):
            assert validator.is_valid(changed), next(iter(validator.iter_errors(changed))).message
        refused += not validator.is_valid(changed)
    assert refused > 75, "the mutations should break the schema most of the time"


def test_a_document_the_quick_check_refuses_gets_jsonschema_findings(tmp_path):
    module = tmp_path / "m.yaml"
    module.write_text("id: m\ntitle: {nb: M}\nrequirements: []\n", encoding="utf-8")
    found = check_schema(load_yaml(module), "module")
    assert [(d.code, d.line) for d in found] == [("S001", 3)]
    assert "should be non-empty" in found[0].message


@pytest.mark.parametrize("value", [1, 1.0, True])
def test_numbers_and_booleans_in_enums_are_left_to_jsonschema(value):
    quick = compile_schema({"enum": [1, "a"]})
    assert not quick(value)
    assert quick("a")


def test_a_schema_with_an_unknown_keyword_is_not_compiled():
    with pytest.raises(Unsupported):
        compile_schema({"type": "object", "patternProperties": {"^x": {}}})
    assert set(SCHEMA_NAMES) >= set(SAMPLES)


COMBINED = [
    {"type": "array", "items": {"type": "string"}, "minItems": 1, "uniqueItems": True},
    {"type": "array", "maxItems": 1},
    {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 3},
    {"type": "array"},
    {"type": "object", "properties": {"nb": {"type": "string"}}, "required": ["nb"], "additionalProperties": False},
    {"type": "object", "additionalProperties": {"type": "integer"}},
    {"properties": {"nb": {"type": "string"}}},
    {"type": ["object", "null"], "properties": {"nb": {"type": "string"}}},
    {"anyOf": [{"type": "string"}, {"type": "integer"}]},
    {"allOf": [{"type": "array"}, {"minItems": 2}, {"maxItems": 3}]},
    {"type": "array", "items": {"type": "array", "items": {"type": "string"}}},
    {"propertyNames": {"pattern": "^[a-z]+$"}, "type": "object"},
]
PLAIN_VALUES: list[Any] = [*ODD_VALUES, ["a", "b"], ["a", "b", "c", "d"], [1, 2], [1, 2, 3, 4], [["a"]], [["a", 1]],
                           {"nb": "x", "nn": "y"}, {"nb": 1}, {"nn": "y"}, {"a": 1, "b": 2}, {"A": 1}, {"nb": None}]


@pytest.mark.parametrize("schema", COMBINED, ids=[str(i) for i in range(len(COMBINED))])
def test_the_combined_checks_answer_as_jsonschema(schema):
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)
    quick = compile_schema(schema)
    for value in PLAIN_VALUES:
        valid = validator.is_valid(value)
        if schema.get("uniqueItems") and isinstance(value, list) and not all(isinstance(v, str) for v in value):
            assert not quick(value) or valid, value  # lists of other items are left to jsonschema
        else:
            assert quick(value) == valid, value
