"""The JSON export: valid against the published schema and faithful to the specification."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

import anskaffelse
from anskaffelse.reading.schema import load_schema

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
KOMMUNE = EXAMPLES / "eksempel-kommune.yaml"
NYNORSK = EXAMPLES / "samarbeid" / "medlem-nynorsk.yaml"
PROFILES = {"eksempel-kommune": KOMMUNE, "medlem-nynorsk": NYNORSK}


def read_yaml(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


@cache
def spec_of(path: Path) -> Any:
    return anskaffelse.specification(path)[0]


def load_export(example_build: Path, name: str) -> dict[str, Any]:
    return json.loads((example_build / f"{name}-spesifikasjon.json").read_text(encoding="utf-8"))


def exported_requirements(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for module in data["modules"] for r in module["requirements"]]


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_export_validates_against_the_published_schema(example_build: Path, name: str) -> None:
    schema = load_schema("specification")
    Draft202012Validator.check_schema(schema)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in Draft202012Validator(schema).iter_errors(load_export(example_build, name))]
    assert not errors


def test_schema_rejects_an_export_without_requirements_text(example_build: Path) -> None:
    """The schema really constrains requirements (so the validation above means something)."""
    data = load_export(example_build, "eksempel-kommune")
    del data["modules"][0]["requirements"][0]["text"]
    assert list(Draft202012Validator(load_schema("specification")).iter_errors(data))


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_requirement_count_and_ids_match_the_specification(example_build: Path, name: str) -> None:
    data = load_export(example_build, name)
    ids = [r["id"] for r in exported_requirements(data)]
    expected = [r.id for r in spec_of(PROFILES[name]).requirements()]
    assert len(ids) == len(expected)
    assert ids == expected
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_requirement_fingerprints_are_sha256_of_the_text(example_build: Path, name: str) -> None:
    for req in exported_requirements(load_export(example_build, name)):
        assert req["fingerprint"] == hashlib.sha256(req["text"].encode("utf-8")).hexdigest(), req["id"]


def test_export_reflects_the_profile(example_build: Path) -> None:
    """Tender metadata, exclusion, local requirement and tailoring come from the YAML profile."""
    profile = read_yaml(KOMMUNE)
    data = load_export(example_build, "eksempel-kommune")
    assert data["tender"]["title"] == profile["tender"]["title"]
    assert data["tender"]["reference"] == profile["tender"]["reference"]
    assert data["tender"]["date"] == profile["tender"]["date"]
    assert [b["name"] for b in data["tender"]["buyers"]] == [b["name"] for b in profile["tender"]["buyers"]]
    reqs = {r["id"]: r for r in exported_requirements(data)}
    for excluded in profile["exclude"]:
        assert excluded not in reqs
    local = profile["local_requirements"][0]
    assert reqs[local["id"]]["local"] is True
    assert reqs[local["id"]]["title"] == local["title"]["nb"]
    assert "99,8 %" in reqs["EPJ-DR-020"]["text"]
    assert reqs["EPJ-LM-014"]["weight"] == profile["tailor"]["EPJ-LM-014"]["weight"]
    assert reqs["EPJ-TL-010"]["obligation"] == profile["tailor"]["EPJ-TL-010"]["obligation"]


def test_nynorsk_export_records_the_removed_requirement(example_build: Path) -> None:
    data = load_export(example_build, "medlem-nynorsk")
    assert data["tender"]["language"] == "nn"
    removed = [d for d in data["deviations"] if d["change"] == "removed"]
    assert "EPJ-MS-004" in [d["requirement"] for d in removed]
    assert "EPJ-MS-004" not in {r["id"] for r in exported_requirements(data)}


def test_specification_fingerprint_changes_with_a_requirement_text(write_profile: Any, tmp_path: Path) -> None:
    """The whole-specification fingerprint covers the requirement texts."""
    plain = write_profile(name="plain.yaml")
    changed = write_profile(name="changed.yaml", extra="""\
        tailor:
          EPJ-DR-002:
            text: Leverandøren skal varsle vedlikehold en uke i forveien.
            justification: Lokal praksis.
        """)
    anskaffelse.build([plain, changed], tmp_path / "ut", formats=["json"])
    first = json.loads((tmp_path / "ut" / "plain-spesifikasjon.json").read_text(encoding="utf-8"))
    second = json.loads((tmp_path / "ut" / "changed-spesifikasjon.json").read_text(encoding="utf-8"))
    assert first["fingerprint"] != second["fingerprint"]
    texts = {r["id"]: r["text"] for r in exported_requirements(second)}
    assert texts["EPJ-DR-002"] == "Leverandøren skal varsle vedlikehold en uke i forveien."
    assert first["fingerprint"] == spec_of(plain).fingerprint


def test_the_json_is_compact_by_default_and_indented_on_request(cli, tmp_path: Path) -> None:
    compact, pretty, again = tmp_path / "compact", tmp_path / "pretty", tmp_path / "again"
    for out, extra in ((compact, ()), (pretty, ("--json-indent", "2")), (again, ())):
        result = cli("build", KOMMUNE, "-o", out, "--format", "json", *extra)
        assert result.exit_code == 0, result.output
    name = "eksempel-kommune-spesifikasjon.json"
    small, large = (compact / name).read_bytes(), (pretty / name).read_bytes()
    assert small.count(b"\n") == 1 and small.endswith(b"}\n") and b'":"' in small and b", " not in small[:200]
    assert large.startswith(b'{\n  "format": "anskaffelse-spesifikasjon",\n  "format_version": 1,\n')
    assert len(small) < len(large) * 0.8
    assert json.loads(small) == json.loads(large)
    assert (again / name).read_bytes() == small
    Draft202012Validator(load_schema("specification")).validate(json.loads(small))


def test_an_indent_out_of_range_is_a_usage_error(cli, tmp_path: Path) -> None:
    result = cli("build", KOMMUNE, "-o", tmp_path, "--format", "json", "--json-indent", "40")
    assert result.exit_code == 2
    assert not list(tmp_path.glob("*.json"))


def _standard(value: Any) -> str:
    """What the standard library's encoder writes: the reference the fast writer must match."""
    from anskaffelse.export.json import _fields

    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=_fields)


@pytest.mark.parametrize("path", [KOMMUNE, NYNORSK, EXAMPLES / "samarbeid-felles" / "felles-anskaffelse.yaml"])
def test_the_compact_json_is_what_the_standard_encoder_writes(path: Path) -> None:
    from anskaffelse.export import ExportOptions
    from anskaffelse.export.json import _top_level, export_json

    spec = spec_of(path)
    expected = (_standard(_top_level(spec)) + "\n").encode("utf-8")
    assert export_json(spec, ExportOptions(epoch=0)) == expected


@dataclass(frozen=True)
class _Inner:
    label: str
    share: float = 0.5


@dataclass(frozen=True)
class _Nothing:
    pass


class _Kind(StrEnum):
    FIRST = "første"


@dataclass(frozen=True)
class _Record:
    """Declared types the writer has rules for, holding what they declare or something else."""

    name: str = "Ås \"kommune\"\n\t\u2028"
    count: int = 3
    flag: bool = True
    tags: tuple[str, ...] = ("a", "ø")
    inner: _Inner | None = None
    children: tuple[_Inner, ...] = ()
    mapping: dict[Any, Any] = field(default_factory=dict)
    anything: Any = None


@pytest.mark.parametrize("record", [
    _Record(),
    _Record(inner=_Inner("x"), children=(_Inner("y", 1e100), _Inner("z", -0.0)), mapping={"b": 1, "a": [None]}),
    _Record(count=True, flag=1, tags=["liste"]),  # type: ignore[arg-type]  # values that do not have their type
    _Record(name=7, tags=("a", 2)),  # type: ignore[arg-type]
    _Record(mapping={1: "x", None: "y", 2.5: _Nothing()}, anything=_Kind.FIRST),
    _Record(anything=[(), {}, _Nothing(), 2**70, 1.5, "", False]),
])
def test_the_fast_writer_matches_the_standard_encoder_on_any_value(record: _Record) -> None:
    from anskaffelse.export.json import compact_utf8

    value = {"records": [record, record], "one": record, "dash": "–", 3: ("x",)}
    assert compact_utf8(value) == _standard(value).encode("utf-8")
    del value[3]  # a key JSON must convert sends the whole object to the standard encoder; without it:
    assert compact_utf8(value) == _standard(value).encode("utf-8")


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), object(), _Inner])
def test_the_fast_writer_refuses_what_the_standard_encoder_refuses(bad: Any) -> None:
    from anskaffelse.export.json import compact_utf8

    value = {"x": _Record(anything=bad)}
    with pytest.raises((TypeError, ValueError)) as expected:
        _standard(value)
    with pytest.raises(expected.type, match=re.escape(str(expected.value))):
        compact_utf8(value)
