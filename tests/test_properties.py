"""Property-based checks of the build's promise, on generated profiles.

Valid profiles (random selections, tailorings and parameters) and mutated ones
(type swaps, deletions, odd Unicode, huge values, damaged YAML text) go through
`anskaffelse build` as a user would run it. Whatever the input, the result is
either exit 0 with a complete, well-formed set of files, or exit 1/2 with at
least one finding that has a position — never an internal error, a traceback or
a partial write.

The default run is short. `ANSKAFFELSE_FUZZ_EXAMPLES=20000 ./scripts/test tests/test_properties.py`
runs a long one.
"""

from __future__ import annotations

import io
import json
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from anskaffelse.library import load_library

from .conftest import Cli
from .fuzz import fuzz

# Shrinking a failure costs minutes of builds; the failing example is printed as it was found.
FUZZ = fuzz(25, shrink=False)

ODD_TEXT = st.sampled_from([
    "", " ", "\t", "\x00", "\x1b]0;x\x07", "\x9b2J", "\u202e", "\u2066", "\ufffe", "\ufeff", "🏥", "ø" * 40_000,
    "=SUM(A1)", "@cmd", "{oppetid}", "{", "}", "${x}", "%s", "\\", "null", "~", "yes", "0x1F", "1e999",
])
ODD_NUMBER = st.sampled_from([float("nan"), float("inf"), -float("inf"), 10**30, -(10**30), 10**400, 1e308,
                              -1, 0, 0.5, 101, 2**63])


@cache
def _library() -> Any:
    loaded, _ = load_library()
    assert loaded is not None
    return loaded.library


@st.composite
def valid_profiles(draw: st.DrawFn) -> dict[str, Any]:
    library = _library()
    modules = draw(st.lists(st.sampled_from([m.id for m in library.modules]), min_size=1, max_size=3, unique=True))
    chosen = [r for r in library.requirements() if r.module in modules and not r.deprecated]
    profile: dict[str, Any] = {
        "library_version": ">=2.0, <3",
        "namespace": "FUZZ",
        "tender": {"title": draw(st.text(st.characters(codec="utf-8", categories=["L", "N", "Zs"]),
                                         min_size=1, max_size=80)).strip() or "Anskaffelse",
                   "reference": "2026/1", "buyers": [{"name": "Testvik kommune", "org_number": "940000130"}],
                   "procedure": "apen-anbudskonkurranse", "contract_standard": "SSA-T",
                   "deadline": "2027-02-01 12:00", "date": "2027-01-05",
                   "language": draw(st.sampled_from(["nb", "nn"]))},
        "select": {"modules": modules},
    }
    tailored = draw(st.lists(st.sampled_from(chosen), max_size=6, unique_by=lambda r: r.id)) if chosen else []
    tailoring = {r.id: change for r in tailored if (change := draw(_tailoring(r)))}
    if tailoring:
        profile["tailor"] = tailoring
    if chosen and draw(st.booleans()):
        dropped = draw(st.lists(st.sampled_from(chosen), max_size=3, unique_by=lambda r: r.id))
        profile["exclude"] = [r.id for r in dropped if r.id not in tailoring]
    quality = draw(st.integers(min_value=1, max_value=99))
    profile["award_criteria"] = [{"name": "Kvalitet", "weight": quality},
                                 {"name": "Pris", "weight": 100 - quality,
                                  "price_formula": draw(st.sampled_from(["lineær", "proporsjonal"]))}]
    return profile


@st.composite
def _tailoring(draw: st.DrawFn, req: Any) -> dict[str, Any]:
    change: dict[str, Any] = {}
    obligation = draw(st.sampled_from([None, "minstekrav", "evaluert", "informasjon"]))
    if obligation is not None:
        change["obligation"] = obligation
    if obligation == "evaluert" or (obligation is None and req.obligation == "evaluert" and draw(st.booleans())):
        change["weight"] = draw(st.integers(min_value=1, max_value=10))
    values = {}
    for p in req.parameters:
        if p.choices:
            values[p.name] = draw(st.sampled_from(list(p.choices)))
        elif p.type in ("number", "integer") and p.min is not None and p.max is not None:
            if p.type == "integer":
                values[p.name] = draw(st.integers(min_value=int(p.min), max_value=int(p.max)))
            else:
                values[p.name] = draw(st.floats(min_value=p.min, max_value=p.max, allow_nan=False))
    if values and draw(st.booleans()):
        change["parameters"] = values
    return change


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


def _replace(data: Any, path: tuple[Any, ...], value: Any, delete: bool = False) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    copy = dict(data) if isinstance(data, dict) else list(data)
    if delete and not rest:
        del copy[head]
        return copy
    copy[head] = _replace(copy[head], rest, value, delete)
    return copy


@st.composite
def mutated_profiles(draw: st.DrawFn) -> dict[str, Any]:
    profile = draw(valid_profiles())
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(_paths(profile)[1:]))
        kind = draw(st.sampled_from(["delete", "text", "number", "list", "mapping", "bool", "null"]))
        replacement = {"text": ODD_TEXT, "number": ODD_NUMBER, "list": st.just([1, "x"]), "mapping": st.just({"x": 1}),
                       "bool": st.booleans(), "null": st.none(), "delete": st.none()}[kind]
        profile = _replace(profile, path, draw(replacement), delete=kind == "delete")
    return profile


def _yaml_text(profile: dict[str, Any]) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    stream = io.StringIO()
    yaml.dump(profile, stream)
    return stream.getvalue()


@st.composite
def damaged_texts(draw: st.DrawFn) -> str:
    text = _yaml_text(draw(valid_profiles()))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        cut = draw(st.integers(min_value=0, max_value=5))
        insert = draw(st.sampled_from(["", ":", "- ", "\t", "  ", "\n", "'", '"', "[", "{", "&a ", "*a", "!!int ",
                                       "!foo ", "\x00", "\x1b", "\x85", "\u2028", "<<: ", "? ", "%YAML 1.1\n"]))
        text = text[:at] + insert + text[at + cut:]
    return text


def _check_outcome(cli: Cli, folder: Path, text: str) -> None:
    profile = folder / "fuzz.yaml"
    out = folder / "ut"
    profile.write_bytes(text.encode("utf-8", "surrogatepass"))
    result = cli("build", profile, "-o", out, "--json")
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr)
    for stream in (result.stdout, result.stderr):
        assert "Traceback" not in stream
        assert "internal error" not in stream and "internal_error" not in stream
    payload = json.loads(result.stdout)
    written = sorted(p.name for p in out.iterdir()) if out.exists() else []
    if result.exit_code == 0:
        assert written == ["fuzz-kravspesifikasjon.docx", "fuzz-spesifikasjon.json", "fuzz-svarskjema.xlsx"]
        _assert_well_formed(out)
        return
    assert written == [], "a failed build wrote files"
    if result.exit_code == 1:
        findings = [d for failed in payload["failed"] for d in failed["diagnostics"]]
        assert any(d["line"] > 0 and d["file"] for d in findings), findings


def _assert_well_formed(out: Path) -> None:
    def refuse(token: str) -> None:
        raise ValueError(f"not JSON: {token}")

    data = json.loads((out / "fuzz-spesifikasjon.json").read_text(encoding="utf-8"), parse_constant=refuse)
    assert data["requirements"] if "requirements" in data else data["modules"]
    from defusedxml.ElementTree import fromstring

    for name in ("fuzz-kravspesifikasjon.docx", "fuzz-svarskjema.xlsx"):
        with zipfile.ZipFile(out / name) as archive:
            assert archive.testzip() is None
            for part in archive.namelist():
                if part.endswith((".xml", ".rels")):
                    fromstring(archive.read(part))
    with zipfile.ZipFile(out / "fuzz-kravspesifikasjon.docx") as archive:
        assert b"@@ANSKAFFELSE-BODY@@" not in archive.read("word/document.xml")


def _fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@FUZZ
@given(profile=valid_profiles())
def test_valid_profiles_build_complete_files(profile: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = _fresh(tmp_path_factory)
    cli = Cli()
    result = cli("build", _write(folder, _yaml_text(profile)), "-o", folder / "ut", "--json")
    assert result.exit_code == 0, result.stdout + result.stderr
    _assert_well_formed(folder / "ut")


def _write(folder: Path, text: str) -> Path:
    path = folder / "fuzz.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# Found by a long run: a bad list entry and a bad field of the same list in one schema round.
TWO_ERRORS_IN_ONE_LIST = {
    "library_version": ">=2.0, <3", "namespace": "FUZZ",
    "tender": {"title": "T", "reference": "2026/1", "buyers": False, "language": "nb"},
    "select": {"modules": ["implementering"]},
    "award_criteria": [-1, {"name": "Pris", "weight": None, "price_formula": "proporsjonal"}],
}


@FUZZ
@example(profile=TWO_ERRORS_IN_ONE_LIST)
@given(profile=mutated_profiles())
def test_mutated_profiles_build_or_are_rejected_with_a_position(profile: dict[str, Any],
                                                                tmp_path_factory: pytest.TempPathFactory) -> None:
    _check_outcome(Cli(), _fresh(tmp_path_factory), _yaml_text(profile))


@FUZZ
@example(text="award_criteria:\n- name: Kvalitet\n  weight: 36\n- na!foo me: Pris\n  price_formula: proporsjon\n"
              "  weight: 64\nlibrary_version: '>=2.0, <3'\nnamespace: FUZZ\nselect:\n  modules:\n  - terminologi\n"
              "tender:\n  buyers:\n  - name: Testvik kommune\n    org_number: '940000130'\n  title: T\n")
@given(text=damaged_texts())
def test_damaged_yaml_builds_or_is_rejected_with_a_position(text: str,
                                                            tmp_path_factory: pytest.TempPathFactory) -> None:
    _check_outcome(Cli(), _fresh(tmp_path_factory), text)
