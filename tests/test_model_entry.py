"""The whole checked library as one cache entry: used only for unchanged files, the same library, the same positions."""

from __future__ import annotations

import dataclasses
import json

import pytest

import anskaffelse
from anskaffelse import model
from anskaffelse.diagnostics import InputError
from anskaffelse.library import cache, load_library
from anskaffelse.library import files as library_files
from anskaffelse.library.model_entry import LazySources, decode_library, encode_library

from .conftest import LIBRARY
from .test_cache import FORGER_KEY, _count_yaml_reads, _sign

MODELS = "anskaffelse-model-*.jsonl"


def _forbid_file_entries_and_yaml(monkeypatch):
    """Neither a file's YAML nor its entry may be read: the library must come from its model entry."""
    real_read = cache.read

    def read(key, kind=cache.LIBRARY):
        assert kind != cache.LIBRARY, "a file's entry was read although the model entry should have served"
        return real_read(key, kind)

    def refuse(path, raw):
        raise AssertionError(f"YAML was read although the model entry should have served: {path}")

    monkeypatch.setattr(cache, "read", read)
    monkeypatch.setattr(library_files, "parse_library_file", refuse)


def test_the_model_is_stored_and_rebuilt_exactly():
    library = load_library(LIBRARY, use_cache=False)[0].library
    # Every kind of value the model holds occurs in the built-in library, so the round trip covers them all.
    reqs = library.requirements()
    assert library.releases and library.subcriteria and any(s.demo for s in library.user_stories)
    assert any(r.scoring for r in reqs) and any(r.verification for r in reqs) and any(r.fulfilment for r in reqs)
    assert any(p.choices for r in reqs for p in r.parameters) and any(r.lint_ignore for r in reqs)
    assert any(r.weight is None for r in reqs) and any(r.text.nn for r in reqs)
    # and answer options, which no library requirement has yet
    first = library.modules[0]
    with_options = dataclasses.replace(first.requirements[0], response=model.Response(
        "valg", model.Text("stk"), (model.Text("Ja", "Ja", "Yes"), model.Text("Nei"))))
    library = dataclasses.replace(library, modules=(
        dataclasses.replace(first, requirements=(with_options, *first.requirements[1:])), *library.modules[1:]))
    reqs = library.requirements()
    stored = json.loads(json.dumps(encode_library(library), ensure_ascii=False))
    rebuilt = decode_library(stored, library.root)
    assert rebuilt == library
    assert rebuilt.requirements() == reqs and rebuilt.root == library.root
    assert all(type(a) is type(b) for a, b in zip(rebuilt.requirements()[0].areas, reqs[0].areas, strict=True))


@pytest.mark.parametrize("stored", [[], [1, 2], {"a": 1}, None, ["x"] * 14])
def test_stored_data_of_another_shape_is_refused(stored, tmp_path):
    with pytest.raises(ValueError):
        decode_library(stored, tmp_path)


def test_an_unchanged_library_comes_from_its_model_entry_with_the_same_positions(library_copy, cache_dir,
                                                                                monkeypatch):
    first, found = load_library(library_copy)
    assert found == [] and not list(cache_dir.glob(MODELS))  # the load that parsed the files stores no model
    assert load_library(library_copy)[0].library == first.library
    assert len(list(cache_dir.glob(MODELS))) == 1  # the first that took every file from its entry does
    from_yaml = load_library(library_copy, use_cache=False)[0]
    _forbid_file_entries_and_yaml(monkeypatch)
    second, found = load_library(library_copy)
    assert found == []
    assert second.library == first.library and second.file_keys == first.file_keys
    assert isinstance(second.sources, LazySources)
    monkeypatch.undo()
    monkeypatch.setenv("ANSKAFFELSE_CACHE_DIR", str(cache_dir))
    reads = _count_yaml_reads(monkeypatch)
    # Positions are read (from the files' entries) only when asked for, and are those of the YAML.
    for req in from_yaml.library.requirements()[:50]:
        assert second.where(req.id, "text", "nb") == from_yaml.where(req.id, "text", "nb")
    assert reads == []


def test_a_build_from_the_model_entry_gives_the_same_bytes(library_copy, cache_dir, tmp_path, write_profile):
    profile = write_profile()
    for name in ("kald", "varm", "modell"):
        anskaffelse.build([profile], tmp_path / name, library=library_copy)
    assert list(cache_dir.glob(MODELS))
    for cold in (tmp_path / "kald").iterdir():
        for name in ("varm", "modell"):
            assert (tmp_path / name / cold.name).read_bytes() == cold.read_bytes(), (name, cold.name)


def _model_stored(library):
    for _ in range(2):
        assert load_library(library)[0] is not None


def test_editing_a_module_is_checked_again_and_gives_its_findings(library_copy, cache_dir):
    _model_stored(library_copy)
    module = library_copy / "modules" / "drift.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("kind: drift", "kind: ukjent", 1), encoding="utf-8")
    loaded, found = load_library(library_copy)
    assert loaded is None and [d.code for d in found] == ["L003"] and found[0].line > 0
    assert len(list(cache_dir.glob(MODELS))) == 1  # a library with findings is not stored


def test_a_changed_file_that_still_loads_gets_a_model_entry_of_its_own(library_copy, cache_dir, monkeypatch):
    _model_stored(library_copy)
    module = library_copy / "modules" / "drift.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("Garantert oppetid per måned",
                                                                 "Garantert oppetid i måneden", 1), encoding="utf-8")
    loaded, found = load_library(library_copy)
    assert found == [] and loaded.library.requirement("EPJ-DR-001").title.nb == "Garantert oppetid i måneden"
    assert len(list(cache_dir.glob(MODELS))) == 1
    assert load_library(library_copy)[0].library == loaded.library
    assert len(list(cache_dir.glob(MODELS))) == 2
    _forbid_file_entries_and_yaml(monkeypatch)
    assert load_library(library_copy)[0].library == loaded.library


def test_a_copy_of_the_library_elsewhere_is_placed_where_it_is(library_copy, cache_dir, tmp_path, monkeypatch):
    import shutil

    _model_stored(library_copy)
    elsewhere = tmp_path / "kopi"
    shutil.copytree(library_copy, elsewhere)
    _forbid_file_entries_and_yaml(monkeypatch)
    loaded, _ = load_library(elsewhere)
    assert loaded.library.root == elsewhere
    monkeypatch.undo()
    monkeypatch.setenv("ANSKAFFELSE_CACHE_DIR", str(cache_dir))
    assert loaded.where("EPJ-DR-001", "id")["file"] == str(elsewhere / "modules" / "drift.yaml")


def test_a_forged_model_entry_is_not_used(library_copy, cache_dir, monkeypatch):
    _model_stored(library_copy)
    first = load_library(library_copy)[0]
    [entry] = cache_dir.glob(MODELS)
    stored = json.loads(entry.read_bytes().split(b"\n", 1)[1])
    assert stored["library"][8][0][3][0][3][0] == first.library.modules[0].requirements[0].text.nb
    stored["library"][8][0][3][0][3][0] = "Forfalsket tekst"  # the first module's first requirement's text
    _sign(entry, json.dumps(stored, ensure_ascii=False).encode("utf-8"), FORGER_KEY)
    loaded, found = load_library(library_copy)
    assert found == [] and loaded.library == first.library
    assert "Forfalsket" not in json.dumps(encode_library(loaded.library), ensure_ascii=False)


@pytest.mark.parametrize("change", [
    lambda text: "requirements: [\n",  # broken
    lambda text: text.replace("EPJ-DR-001", "EPJ-DR-999"),  # an ID the model does not know
    lambda text: "# en ny første linje\n" + text,  # every position one line down
], ids=["broken", "an ID changed", "a line added"])
def test_positions_asked_for_after_a_file_changed_are_refused_not_taken_from_the_new_file(
        library_copy, cache_dir, change):
    _model_stored(library_copy)
    loaded, _ = load_library(library_copy)
    assert isinstance(loaded.sources, LazySources)
    module = library_copy / "modules" / "drift.yaml"
    module.write_text(change(module.read_text(encoding="utf-8")), encoding="utf-8")  # after the model was taken
    with pytest.raises(InputError) as caught:
        loaded.where("EPJ-DR-001", "id")
    [finding] = caught.value.diagnostics
    assert finding.code == "L000" and "changed while it was in use" in finding.message


def test_a_load_that_fell_back_to_the_yaml_stores_no_model(library_copy, cache_dir, monkeypatch):
    import anskaffelse.library as library_package

    assert load_library(library_copy)[0] is not None  # every file's entry is stored
    real_load = library_package._load
    calls = []

    def entries_did_not_hold_up(root, parts, use_entries, files=None, read_out=None):
        calls.append(use_entries)
        if use_entries:
            return None  # as when a file changed, or an entry was unsound, during the load
        return real_load(root, parts, use_entries, files, read_out)

    monkeypatch.setattr(library_package, "_load", entries_did_not_hold_up)
    loaded, found = load_library(library_copy)
    assert loaded is not None and found == [] and calls == [True, False]
    assert not list(cache_dir.glob(MODELS))


def test_lint_leaves_a_stored_model_alone_and_empty_texts_are_one_object(library_copy, cache_dir):
    _model_stored(library_copy)
    [entry] = cache_dir.glob(MODELS)
    before = entry.stat().st_mtime_ns, entry.read_bytes()
    anskaffelse.lint([library_copy])
    assert (entry.stat().st_mtime_ns, entry.read_bytes()) == before
    loaded, _ = load_library(library_copy)
    assert isinstance(loaded.sources, LazySources)
    empty = [r.response.unit for r in loaded.library.requirements() if not r.response.unit]
    assert empty and all(text is model._NO_TEXT for text in empty)


def test_lint_builds_the_library_from_its_files_entries_with_their_positions(library_copy, cache_dir, monkeypatch):
    import anskaffelse.library as library_package

    _model_stored(library_copy)
    expected = anskaffelse.lint([library_copy])

    def refuse(key, root):
        raise AssertionError("lint asks where most values were written: the model entry would not spare a read")

    monkeypatch.setattr(library_package, "read_model", refuse)
    assert anskaffelse.lint([library_copy]) == expected


def test_the_files_entries_count_as_used_when_the_model_serves(library_copy, cache_dir):
    import os

    _model_stored(library_copy)
    entries = list(cache_dir.glob("anskaffelse-library-*.jsonl"))
    assert entries
    for entry in entries:
        os.utime(entry, (1_000_000, 1_000_000))
    loaded, _ = load_library(library_copy)
    assert isinstance(loaded.sources, LazySources)
    assert all(entry.stat().st_mtime > 1_000_000 for entry in entries)  # pruning keeps them with the model
