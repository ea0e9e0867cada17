"""Lint findings kept in the library cache: the same findings as a fresh lint, for unchanged modules only."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from ruamel.yaml import YAML

import anskaffelse
from anskaffelse import quality
from anskaffelse.library import lint_cache

from .conftest import read_yaml

LINT_ENTRIES = "anskaffelse-lint-*.jsonl"
SUPPRESSION = "Kravet siterer forskriften ordrett, ordet står der."


def _edit_module(library: Path, name: str, change) -> None:
    yaml = YAML()
    yaml.width = 4096
    path = library / "modules" / f"{name}.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"))
    change(data["requirements"])
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)


def _plant_drift(reqs) -> None:
    reqs[0]["text"]["nb"] += (" Løsningen skal være rask og brukervennlig og skal fungere i Google Chrome"
                              " med HL7 FHIR R4, osv.")
    reqs[0]["standards"].append("fhir-r4")
    reqs[1]["lint_ignore"] = {"Q099": SUPPRESSION}
    del reqs[2]["guidance"]
    reqs[8]["text"]["nb"] = "Det skal gis en enkel oversikt over driften."
    reqs[4]["text"]["nn"] += " Det skal skje innan 48 timar."
    reqs[6]["text"]["nb"] += " Løsningen skal være rask og skal svare."
    reqs[6]["lint_ignore"] = {"Q001": SUPPRESSION}


def _plant_arkiv(reqs) -> None:
    for req in reqs:
        req.pop("user_stories", None)  # a module no user story reaches: Q014
    reqs[0]["text"]["nn"] = reqs[0]["text"]["nn"] + " Løysinga skal vere fleksibel og/eller moderne."


@pytest.fixture
def planted(library_copy):
    """The built-in library with lint findings planted in two modules (and one suppressed)."""
    _edit_module(library_copy, "drift", _plant_drift)
    _edit_module(library_copy, "arkiv", _plant_arkiv)
    return library_copy


def _fresh(library, monkeypatch) -> list:
    with monkeypatch.context() as patch:
        patch.setenv("ANSKAFFELSE_NO_CACHE", "1")
        return anskaffelse.lint([library])


def _linted_modules(monkeypatch) -> list[str]:
    """Records the module of every requirement the rules are run on."""
    seen: list[str] = []
    real = quality.lint_requirement

    def spy(req, *args, **kwargs):
        seen.append(req.module)
        return real(req, *args, **kwargs)

    monkeypatch.setattr(quality, "lint_requirement", spy)
    return seen


def test_findings_from_the_cache_are_those_of_a_fresh_lint(planted, cache_dir, monkeypatch):
    fresh = _fresh(planted, monkeypatch)
    codes = {(d.code, Path(d.file).name) for d in fresh}
    assert {("Q001", "drift.yaml"), ("Q002", "drift.yaml"), ("Q004", "drift.yaml"), ("Q005", "drift.yaml"),
            ("Q006", "drift.yaml"), ("Q008", "drift.yaml"), ("Q011", "drift.yaml"), ("Q013", "drift.yaml"),
            ("Q001", "arkiv.yaml"), ("Q014", "arkiv.yaml")} <= codes
    assert all(d.line > 0 for d in fresh)
    first = anskaffelse.lint([planted])  # fills the lint entries
    assert len(list(cache_dir.glob(LINT_ENTRIES))) == len(list((planted / "modules").glob("*.yaml")))
    seen = _linted_modules(monkeypatch)
    second = anskaffelse.lint([planted])
    assert seen == []  # every module's findings came from its entry
    assert first == fresh and second == fresh
    assert [d.to_dict() for d in second] == [d.to_dict() for d in fresh]


def test_a_suppressed_finding_stays_suppressed_from_the_cache(planted, cache_dir, monkeypatch):
    anskaffelse.lint([planted])
    _linted_modules(monkeypatch)
    found = anskaffelse.lint([planted])
    drift_006 = [d for d in found if "EPJ-DR-006" in d.message]
    assert {d.code for d in drift_006} == {"Q002"}  # 'rask' (Q001) is suppressed, the second 'skal' is not


def test_the_built_in_library_lints_the_same_with_and_without_the_cache(library_copy, cache_dir, monkeypatch):
    fresh = _fresh(library_copy, monkeypatch)
    assert anskaffelse.lint([library_copy]) == fresh
    seen = _linted_modules(monkeypatch)
    assert anskaffelse.lint([library_copy]) == fresh
    assert seen == []


def test_findings_name_the_module_file_where_the_library_is_now(planted, cache_dir, monkeypatch, tmp_path):
    anskaffelse.lint([planted])
    moved = planted.rename(tmp_path / "moved")
    seen = _linted_modules(monkeypatch)
    found = anskaffelse.lint([moved])
    assert seen == []
    assert found == _fresh(moved, monkeypatch)
    assert all(Path(d.file).resolve().is_relative_to(moved.resolve()) for d in found)


def test_editing_one_module_lints_that_module_again_only(planted, cache_dir, monkeypatch):
    anskaffelse.lint([planted])
    module = planted / "modules" / "drift.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("Garantert oppetid per måned",
                                                                 "Garantert oppetid i Microsoft Azure", 1),
                      encoding="utf-8")
    seen = _linted_modules(monkeypatch)
    found = anskaffelse.lint([planted])
    assert set(seen) == {"drift"}
    assert len(seen) == len(read_yaml(module)["requirements"])
    assert any(d.code == "Q005" and "'Azure'" in d.message for d in found)
    monkeypatch.undo()
    assert found == _fresh(planted, monkeypatch)


def test_a_changed_rule_lints_every_module_again(planted, cache_dir, monkeypatch):
    expected = anskaffelse.lint([planted])
    real = lint_cache._package_file

    def changed(name):
        return real(name) + (b"\n# a rule changed\n" if name == "quality.py" else b"")

    lint_cache._code_digest.cache_clear()
    try:
        monkeypatch.setattr(lint_cache, "_package_file", changed)
        seen = _linted_modules(monkeypatch)
        assert anskaffelse.lint([planted]) == expected
    finally:
        lint_cache._code_digest.cache_clear()
    modules = {path.stem for path in (planted / "modules").glob("*.yaml")}
    assert set(seen) == {"drift", "arkiv"} | modules
    assert len(list(cache_dir.glob(LINT_ENTRIES))) == 2 * len(modules)


def test_another_message_language_or_standards_catalogue_lints_every_module_again(planted, cache_dir, monkeypatch):
    monkeypatch.setenv("LANGUAGE", "en")
    english = anskaffelse.lint([planted])
    monkeypatch.setenv("LANGUAGE", "nb")
    seen = _linted_modules(monkeypatch)
    bokmal = anskaffelse.lint([planted])
    modules = len(list((planted / "modules").glob("*.yaml")))
    assert len(set(seen)) == modules
    assert [d.code for d in bokmal] == [d.code for d in english]
    assert [d.message for d in bokmal] != [d.message for d in english]  # messages are made in the reader's language
    seen.clear()
    assert anskaffelse.lint([planted]) == bokmal
    assert seen == []
    monkeypatch.setenv("LANGUAGE", "en")
    assert anskaffelse.lint([planted]) == english
    assert seen == []
    standards = planted / "standards.yaml"
    standards.write_text(standards.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    anskaffelse.lint([planted])
    assert len(set(seen)) == modules


def _entries(cache_dir) -> list[Path]:
    return sorted(cache_dir.glob(LINT_ENTRIES))


def _rewrite(entry: Path, change) -> None:
    """Change an entry's findings and give it a correct checksum, as a deliberate forger would."""
    header, payload = entry.read_bytes().split(b"\n", 1)
    data = json.loads(payload)
    change(data["findings"])
    payload = json.dumps(data, ensure_ascii=False).encode("utf-8")
    fields = json.loads(header)
    fields["sha256"] = hashlib.sha256(payload).hexdigest()
    entry.write_bytes(json.dumps(fields).encode() + b"\n" + payload)


@pytest.mark.parametrize("change", [
    lambda findings: findings.append(["error", "Q999", "unknown rule", "", 1, 1]),
    lambda findings: findings.append(["warning", "Q001", "a rule with the wrong severity", "", 1, 1]),
    lambda findings: findings.append(["error", "Q001", "a line that is not a number", "", "1", 1]),
    lambda findings: findings.append(["error", "Q001", "a line that is a truth value", "", True, 1]),
    lambda findings: findings.append(["error", "Q001", "too short"]),
    lambda findings: findings.append({"code": "Q001"}),
], ids=["unknown-code", "wrong-severity", "line-text", "line-bool", "short", "mapping"])
def test_an_entry_with_a_finding_no_rule_makes_is_linted_again(planted, cache_dir, monkeypatch, change):
    expected = anskaffelse.lint([planted])
    for entry in _entries(cache_dir):
        _rewrite(entry, change)
    seen = _linted_modules(monkeypatch)
    assert anskaffelse.lint([planted]) == expected
    assert len(set(seen)) == len(list((planted / "modules").glob("*.yaml")))


def test_a_damaged_entry_is_linted_again_and_replaced(planted, cache_dir, monkeypatch):
    expected = anskaffelse.lint([planted])
    for entry in _entries(cache_dir):
        entry.write_bytes(entry.read_bytes()[:-5])
    assert anskaffelse.lint([planted]) == expected
    seen = _linted_modules(monkeypatch)
    assert anskaffelse.lint([planted]) == expected
    assert seen == []


def test_without_the_cache_nothing_is_kept(planted, cache_dir, monkeypatch):
    monkeypatch.setenv("ANSKAFFELSE_NO_CACHE", "1")
    anskaffelse.lint([planted])
    assert not cache_dir.exists() or not _entries(cache_dir)


def test_a_profile_is_linted_as_before_beside_a_cached_library(cli, cache_dir, write_profile):
    """Profiles are linted afresh every time (their findings depend on the profile); the cached library is the same."""
    path = write_profile(extra="tailor:\n  EPJ-DR-008:\n    text: Det skal finnes en moderne statusside.\n"
                               "    justification: Kommunen vil ha egen tekst.\n")
    first = cli("lint", path, "--json")
    second = cli("lint", path, "--json")
    assert first.exit_code == second.exit_code == 1
    assert first.stdout == second.stdout
    assert {"Q001", "Q004"} <= {d["code"] for d in json.loads(second.stdout)["diagnostics"]}
