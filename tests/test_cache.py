"""The library cache: used for an unchanged library, never for a changed one, harmless when damaged."""

from __future__ import annotations

import pytest

from anskaffelse import library as library_module
from anskaffelse.library import load_library


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("ANSKAFFELSE_CACHE_DIR", str(folder))
    monkeypatch.delenv("ANSKAFFELSE_NO_CACHE", raising=False)
    return folder


def _forbid_yaml(monkeypatch):
    def refuse(path):
        raise AssertionError(f"YAML was read although the cache should have been used: {path}")

    monkeypatch.setattr(library_module, "load_yaml", refuse)


def test_unchanged_library_is_served_from_the_cache(library_copy, cache_dir, monkeypatch):
    first, found = load_library(library_copy)
    assert first is not None and found == []
    assert len(list(cache_dir.glob("library-*.json"))) == 1
    _forbid_yaml(monkeypatch)
    second, found = load_library(library_copy)
    assert found == []
    assert second.library.requirements() == first.library.requirements()
    assert second.library.standards == first.library.standards


def test_a_changed_library_is_checked_again(library_copy, cache_dir):
    assert load_library(library_copy)[0] is not None
    module = library_copy / "modules" / "drift.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("kind: drift", "kind: ukjent", 1),
                      encoding="utf-8")
    loaded, found = load_library(library_copy)
    assert loaded is None
    assert [d.code for d in found] == ["L003"]
    assert found[0].line > 0


def test_a_damaged_cache_entry_is_ignored(library_copy, cache_dir):
    assert load_library(library_copy)[0] is not None
    for entry in cache_dir.glob("library-*.json"):
        entry.write_text('{"key": "x", "documents": ', encoding="utf-8")
    loaded, found = load_library(library_copy)
    assert loaded is not None and found == []


def test_libraries_with_findings_are_not_cached(library_copy, cache_dir):
    module = library_copy / "modules" / "drift.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("kind: drift", "kind: ukjent", 1),
                      encoding="utf-8")
    assert load_library(library_copy)[0] is None
    assert not cache_dir.exists() or not list(cache_dir.glob("library-*.json"))


def test_cache_can_be_switched_off(library_copy, cache_dir, monkeypatch):
    monkeypatch.setenv("ANSKAFFELSE_NO_CACHE", "1")
    assert load_library(library_copy)[0] is not None
    assert not cache_dir.exists()
