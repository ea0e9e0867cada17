"""The library cache: one entry per file, used for an unchanged file, never for a changed one, never trusted blindly."""

from __future__ import annotations

import base64
import gc
import hashlib
import hmac
import json
import os
import typing
import weakref
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

import anskaffelse
from anskaffelse import model
from anskaffelse.diagnostics import InputError
from anskaffelse.library import cache, load_library
from anskaffelse.library import files as library_files
from anskaffelse.reading.schema import load_schema

from .conftest import LIBRARY, read_yaml

ENTRIES = "anskaffelse-library-*.jsonl"
POISON = "Leverandøren skal betale kommunen 99,8 % millioner kroner i bot. (FORGIFTET BUFFER)"


@pytest.fixture(autouse=True)
def _files_only(monkeypatch):
    """These tests are about the entries of single files: no load here takes the whole library from its
    model entry (`model_entry`, tested in test_model_entry.py), which would spare the files' entries."""
    import anskaffelse.library as library_package

    monkeypatch.setattr(library_package, "read_model", lambda key, root: None)
    monkeypatch.setattr(library_package, "write_model", lambda key, library: None)


@pytest.fixture(scope="session")
def pristine_entries(tmp_path_factory):
    """Names and contents of the entries a load of the built-in library writes (made once: loading takes a while)."""
    folder = tmp_path_factory.mktemp("pristine-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ANSKAFFELSE_CACHE_DIR", str(folder))
        patch.delenv("ANSKAFFELSE_NO_CACHE", raising=False)
        assert load_library(LIBRARY)[0] is not None
    return {entry.name: entry.read_bytes() for entry in folder.glob(ENTRIES)}


def _key_of(library, name="modules/drift.yaml", part="module"):
    return cache.file_key(part, (library / name).read_bytes())


def _entry_of(library, name="modules/drift.yaml", part="module"):
    return cache.entry_name(_key_of(library, name, part))


@pytest.fixture
def cached(library_copy, cache_dir, pristine_entries):
    """The cache entry of drift.yaml in `library_copy` (a copy of the built-in library, so its keys are the same),
    with the entries of all other files beside it."""
    cache_dir.mkdir()
    for name, content in pristine_entries.items():
        (cache_dir / name).write_bytes(content)
    entry = cache_dir / _entry_of(library_copy)
    assert entry.exists()
    return entry


def _forbid_yaml(monkeypatch):
    def refuse(path, raw):
        raise AssertionError(f"YAML was read although the cache should have been used: {path}")

    monkeypatch.setattr(library_files, "parse_library_file", refuse)


def _count_yaml_reads(monkeypatch):
    reads = []
    real = library_files.parse_library_file

    def counting(path, raw):
        reads.append(path)
        return real(path, raw)

    monkeypatch.setattr(library_files, "parse_library_file", counting)
    return reads


def _documents(entry):
    return json.loads(entry.read_bytes().split(b"\n", 1)[1])


FORGER_KEY = bytes(range(32))
"""A key of the forger's own: all a forger without the user's key can sign with."""


def _user_key() -> bytes:
    return (Path(os.environ["XDG_STATE_HOME"]) / "anskaffelse" / "cache-key").read_bytes()


def _sign(entry, payload: bytes, secret: bytes):
    """Replace an entry's content and sign it (format, version, key, content) with `secret`."""
    header = json.loads(entry.read_bytes().split(b"\n", 1)[0])
    signed = f"{header['format']} {header['version']} {header['key']}\n".encode() + payload
    header["hmac"] = hmac.new(secret, signed, hashlib.sha256).hexdigest()
    entry.write_bytes(json.dumps(header).encode() + b"\n" + payload)


def _forge(entry, payload: bytes):
    """Replace an entry's content and sign it as well as a deliberate forger without the user's key can."""
    _sign(entry, payload, FORGER_KEY)


def _edit(entry, change, signed_with: bytes | None = FORGER_KEY):
    """Change an entry's documents; sign it with `signed_with`, or keep the old signature (None)."""
    documents = _documents(entry)
    change(documents)
    payload = json.dumps(documents, ensure_ascii=False).encode("utf-8")
    if signed_with is not None:
        _sign(entry, payload, signed_with)
    else:
        entry.write_bytes(entry.read_bytes().split(b"\n", 1)[0] + b"\n" + payload)


def _dr001(entry):
    return entry["data"]["requirements"][0]


def _set_text(text):
    return lambda entry: _dr001(entry)["text"].update(nb=text)


def _assert_refused(library_copy, monkeypatch):
    """The entry is not used: the YAML files are asked for (and refused here, to keep the test quick)."""
    reads = []

    def refuse(path, raw):
        reads.append(path)
        raise InputError([])

    monkeypatch.setattr(library_files, "parse_library_file", refuse)
    assert load_library(library_copy) == (None, [])
    assert reads


def _assert_loaded_from_yaml(library_copy, monkeypatch):
    reads = _count_yaml_reads(monkeypatch)
    loaded, found = load_library(library_copy)
    assert loaded is not None and found == []
    assert reads, "the entry should have been refused and the YAML read"
    assert loaded.library.requirement("EPJ-DR-001").text.nb == _dr001_text_in_yaml(library_copy)
    return loaded


def _dr001_text_in_yaml(library):
    module = read_yaml(library / "modules" / "drift.yaml")
    return next(r["text"]["nb"] for r in module["requirements"] if r["id"] == "EPJ-DR-001")


def test_unchanged_library_is_served_from_the_cache(library_copy, cache_dir, monkeypatch):
    first, found = load_library(library_copy)
    assert first is not None and found == []
    files = [p for p in library_copy.rglob("*.yaml")]
    assert len(list(cache_dir.glob(ENTRIES))) == len(files)
    _forbid_yaml(monkeypatch)
    second, found = load_library(library_copy)
    assert found == []
    assert second.library.requirements() == first.library.requirements()
    assert second.library.standards == first.library.standards


def test_an_entry_is_json_with_format_version_key_and_a_signature_made_with_the_users_key(cached, library_copy):
    header_line, payload = cached.read_bytes().split(b"\n", 1)
    header = json.loads(header_line)
    key = _key_of(library_copy)
    assert cached.name == "anskaffelse-library-{}.jsonl".format(
        hmac.new(_user_key(), f"name library {key}".encode(), hashlib.sha256).hexdigest())
    signed = f"anskaffelse-library-cache 3 {key}\n".encode() + payload
    assert header == {"format": "anskaffelse-library-cache", "version": 3, "key": key,
                      "hmac": hmac.new(_user_key(), signed, hashlib.sha256).hexdigest()}
    entry = json.loads(payload)
    assert set(entry) == {"data", "positions"}
    assert entry["data"]["id"] == "drift"


def test_editing_one_module_reads_that_module_only(library_copy, cache_dir, monkeypatch):
    assert load_library(library_copy)[0] is not None
    module = library_copy / "modules" / "drift.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("Garantert oppetid per måned",
                                                                 "Garantert oppetid i måneden", 1), encoding="utf-8")
    reads = _count_yaml_reads(monkeypatch)
    loaded, found = load_library(library_copy)
    assert found == []
    assert reads == [module]
    assert loaded.library.requirement("EPJ-DR-001").title.nb == "Garantert oppetid i måneden"


def test_positions_from_the_cache_are_those_of_the_yaml(library_copy, cache_dir, monkeypatch):
    from_yaml, _ = load_library(library_copy, use_cache=False)
    assert load_library(library_copy)[0] is not None
    _forbid_yaml(monkeypatch)
    from_cache, _ = load_library(library_copy)
    for req in from_yaml.library.requirements():
        for where in (("id",), ("text", "nb"), ("parameters",), ("response", "type")):
            assert from_cache.where(req.id, *where) == from_yaml.where(req.id, *where)
    yaml_doc, _ = from_yaml.sources["@manifest"]
    cached_doc, _ = from_cache.sources["@manifest"]
    assert dict(cached_doc.key_positions) == dict(yaml_doc.key_positions)
    assert dict(cached_doc.number_texts) == dict(yaml_doc.number_texts)


def test_lint_uses_the_cache_and_places_findings_as_a_fresh_read_does(library_copy, cache_dir, monkeypatch):
    module = library_copy / "modules" / "drift.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("Oppgi garantert", "Oppgi enkel garantert", 1),
                      encoding="utf-8")
    fresh = anskaffelse.lint([library_copy])
    assert any(d.code == "Q001" and d.line > 0 for d in fresh)
    _forbid_yaml(monkeypatch)
    assert anskaffelse.lint([library_copy]) == fresh


def test_a_damaged_record_of_positions_is_read_again_from_the_yaml(library_copy, cached, monkeypatch):
    from_yaml, _ = load_library(library_copy, use_cache=False)
    _edit(cached, lambda entry: entry["positions"].update(record="AAAAAA=="))
    loaded, found = load_library(library_copy)
    assert found == []
    assert loaded.where("EPJ-DR-001", "text", "nb") == from_yaml.where("EPJ-DR-001", "text", "nb")


def test_the_garbage_collector_runs_again_after_a_load(library_copy, cache_dir):
    assert gc.isenabled()
    assert load_library(library_copy)[0] is not None
    assert gc.isenabled()


class _Node:
    pass


def _paused_block_with_a_cycle():
    from anskaffelse.reading.collector import collection_paused

    with collection_paused():
        assert not gc.isenabled()
        kept = [_Node() for _ in range(5000)]
        cycle = _Node()
        cycle.itself = cycle
        gone = weakref.ref(cycle)
        del cycle
    assert gc.isenabled()
    return kept, gone


def test_on_the_command_line_what_a_paused_block_made_is_not_walked_at_once_but_its_garbage_is_freed(monkeypatch):
    from anskaffelse.reading import collector

    monkeypatch.setattr(collector, "_unwalked", True)
    gc.collect()
    kept, gone = _paused_block_with_a_cycle()
    assert gc.get_freeze_count() == 0
    assert gc.get_count()[0] < 100  # the block's objects do not count towards the next young collection
    assert gone() is not None  # not collected as the pause ended ...
    gc.collect()
    assert gone() is None  # ... but as soon as the oldest generation is walked
    assert len(kept) == 5000


def test_through_the_api_a_pause_leaves_the_collector_as_it_was_and_a_freeze_of_the_caller_alone():
    from anskaffelse.reading import collector

    assert collector._unwalked is False  # set only by the command line's own process (cli.main)
    gc.collect()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        kept, gone = _paused_block_with_a_cycle()
        assert gc.get_freeze_count() == frozen
        for _ in range(3):
            gc.collect(0)
            gc.collect(1)
        assert gone() is None  # collected by the young collections, as without the pause
        assert len(kept) == 5000
    finally:
        gc.unfreeze()


def test_a_changed_library_is_checked_again(library_copy, cache_dir):
    assert load_library(library_copy)[0] is not None
    module = library_copy / "modules" / "drift.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("kind: drift", "kind: ukjent", 1),
                      encoding="utf-8")
    loaded, found = load_library(library_copy)
    assert loaded is None
    assert [d.code for d in found] == ["L003"]
    assert found[0].line > 0


def test_a_damaged_cache_entry_is_ignored_and_replaced(library_copy, cached, monkeypatch):
    cached.write_text('{"key": "x", "documents": ', encoding="utf-8")
    _assert_loaded_from_yaml(library_copy, monkeypatch)
    _forbid_yaml(monkeypatch)
    assert load_library(library_copy)[0] is not None


@pytest.mark.parametrize("signed_with", [None, FORGER_KEY, hashlib.sha256(b"").digest()],
                         ids=["signature kept", "signed with a key of the forger's", "signed with another key"])
def test_an_edited_text_does_not_reach_the_build(library_copy, cached, tmp_path, write_profile, signed_with):
    _edit(cached, lambda entry: _dr001(entry)["text"].update(nb=POISON), signed_with)
    out = tmp_path / "ut"
    anskaffelse.build([write_profile()], out, library=library_copy)
    built = (out / "profil-spesifikasjon.json").read_text(encoding="utf-8")
    assert "EPJ-DR-001" in built
    assert "FORGIFTET" not in built
    assert _dr001(_documents(cached))["text"]["nb"] != POISON  # the forged entry was replaced by a sound one


def test_an_entry_in_the_old_form_with_a_recomputed_checksum_is_not_used(library_copy, cached, monkeypatch):
    header_line, payload = cached.read_bytes().split(b"\n", 1)
    header = json.loads(header_line)
    for version in (2, 3):
        old_form = {"format": header["format"], "version": version, "key": header["key"],
                    "sha256": hashlib.sha256(payload).hexdigest()}
        cached.write_bytes(json.dumps(old_form).encode() + b"\n" + payload)
        _assert_loaded_from_yaml(library_copy, monkeypatch)


def test_an_entry_moved_to_the_name_of_another_file_is_not_used(library_copy, cached, cache_dir, monkeypatch):
    other = cache_dir / _entry_of(library_copy, "modules/arkiv.yaml")
    other_key = _key_of(library_copy, "modules/arkiv.yaml")
    header_line, payload = cached.read_bytes().split(b"\n", 1)
    other.write_bytes(cached.read_bytes())  # as it was
    reads = _count_yaml_reads(monkeypatch)
    loaded, found = load_library(library_copy)
    assert loaded is not None and found == [] and reads == [library_copy / "modules" / "arkiv.yaml"]
    assert loaded.library.module("arkiv") is not None and loaded.library.module("drift") is not None
    header = json.loads(header_line) | {"key": other_key}  # with the key in its header changed too
    other.write_bytes(json.dumps(header).encode() + b"\n" + payload)
    reads = _count_yaml_reads(monkeypatch)
    assert load_library(library_copy)[0].library.module("arkiv") is not None
    assert reads == [library_copy / "modules" / "arkiv.yaml"]


@pytest.mark.parametrize("signature", ["é" * 64, "\\ud800", "A" * 64, 7, None, ["x"]],
                         ids=["non-ASCII", "an escaped lone surrogate", "upper case", "a number", "null", "a list"])
def test_an_entry_with_a_signature_of_the_wrong_form_is_refused_without_an_error(
        library_copy, cached, monkeypatch, signature):
    header_line, payload = cached.read_bytes().split(b"\n", 1)
    header = json.dumps(json.loads(header_line) | {"hmac": signature}, ensure_ascii=False)
    cached.write_bytes(header.replace("\\\\ud800", "\\ud800").encode("utf-8") + b"\n" + payload)
    _assert_loaded_from_yaml(library_copy, monkeypatch)


def test_an_entry_with_a_header_too_long_to_be_one_of_ours_is_not_parsed(library_copy, cached, monkeypatch):
    header_line, payload = cached.read_bytes().split(b"\n", 1)
    padded = header_line[:-1] + b" " * cache.MAX_HEADER_BYTES + b"}"  # the same header, as JSON, but long
    assert json.loads(padded) == json.loads(header_line)
    cached.write_bytes(padded + b"\n" + payload)
    _assert_loaded_from_yaml(library_copy, monkeypatch)


@pytest.mark.parametrize(("text", "users_key"), [
    ("Løsningen skal ha en oppetid \ufffe", False), (5, False),
    # As if the key had leaked: the check for characters a document cannot hold still stands.
    ("Løsningen skal ha en oppetid \ufffe", True), ("Løsningen skal ha en \x07 oppetid", True),
], ids=["U+FFFE", "a number", "U+FFFE signed with the user's key", "a control character signed with the user's key"])
def test_a_forged_text_gives_neither_a_corrupt_document_nor_an_internal_error(
        library_copy, cached, tmp_path, write_profile, text, users_key):
    _edit(cached, _set_text(text), signed_with=_user_key() if users_key else FORGER_KEY)
    out = tmp_path / "ut"
    anskaffelse.build([write_profile()], out, library=library_copy)
    with zipfile.ZipFile(out / "profil-kravspesifikasjon.docx") as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    ElementTree.fromstring(body)
    assert "Leverandøren skal levere løsningen med en oppetid på minst" in body


def test_an_entry_written_again_and_signed_with_the_users_key_is_used(library_copy, cached, monkeypatch):
    _edit(cached, lambda entry: None, signed_with=_user_key())
    _forbid_yaml(monkeypatch)
    assert load_library(library_copy)[0] is not None


def test_the_same_entry_signed_with_another_key_is_not_used(library_copy, cached, monkeypatch):
    _edit(cached, lambda entry: None)
    _assert_loaded_from_yaml(library_copy, monkeypatch)


def test_an_entry_of_another_format_version_is_ignored(library_copy, cached, monkeypatch):
    header_line, payload = cached.read_bytes().split(b"\n", 1)
    header = json.loads(header_line) | {"version": 0}
    cached.write_bytes(json.dumps(header).encode() + b"\n" + payload)
    _assert_loaded_from_yaml(library_copy, monkeypatch)


FORGED = {
    "U+FFFE written out": _set_text("Løsningen skal \ufffe ha en oppetid"),
    "a control character": _set_text("Løsningen skal \x01 ha en oppetid"),
    "text of the wrong type": _set_text(5),
    "weight of the wrong type": lambda entry: _dr001(entry).update(weight="høy"),
    "weight true": lambda entry: _dr001(entry).update(weight=True),
    "areas as one text": lambda entry: _dr001(entry).update(areas="alle"),
    "an unknown obligation": lambda entry: _dr001(entry).update(obligation="kanskje"),
    "an unknown response type": lambda entry: _dr001(entry)["response"].update(type="tegning"),
    "requirements not a list": lambda entry: entry["data"].update(requirements=7),
    "requirements missing": lambda entry: entry["data"].pop("requirements"),
    "an unknown standard": lambda entry: _dr001(entry).update(standards=["finnes-ikke"]),
    "a duplicate ID": lambda entry: entry["data"]["requirements"].append(_dr001(entry)),
    "data not a mapping": lambda entry: entry.update(data=[]),
    "positions not a record": lambda entry: entry.update(positions=[1, 2, 3]),
    "documents not a mapping": lambda entry: entry.clear(),
}


@pytest.mark.parametrize("change", FORGED.values(), ids=FORGED.keys())
def test_a_forged_entry_is_refused_whatever_it_holds(library_copy, cached, monkeypatch, change):
    _edit(cached, change)
    _assert_refused(library_copy, monkeypatch)


RAW_FORGERIES = {
    "U+FFFE as an escape": lambda text: text.replace("løsningen med en oppetid", "løsningen med en \\ufffe", 1),
    "a control character as an escape": lambda text: text.replace("Oppgi garantert", "Oppgi \\u0008garantert", 1),
    "a lone surrogate as an escape": lambda text: text.replace("Oppgi garantert", "Oppgi \\ud800garantert", 1),
    "NaN as a parameter default": lambda text: text.replace('"default":99.5', '"default":NaN', 1),
    "a number too long for Python": lambda text: text.replace('"default":99.5', '"default":' + "9" * 5000, 1),
}


@pytest.mark.parametrize("change", RAW_FORGERIES.values(), ids=RAW_FORGERIES.keys())
def test_a_forged_entry_is_refused_for_what_json_can_smuggle(library_copy, cached, monkeypatch, change):
    text = cached.read_bytes().split(b"\n", 1)[1].decode("utf-8")
    forged = change(text)
    assert forged != text
    _forge(cached, forged.encode("utf-8"))
    _assert_refused(library_copy, monkeypatch)


def test_an_entry_nested_100000_deep_is_ignored(library_copy, cached, monkeypatch):
    _forge(cached, b'{"data":' + b"[" * 100_000 + b"]" * 100_000 + b',"positions":{}}')
    _assert_loaded_from_yaml(library_copy, monkeypatch)
    # The bad entry was replaced by a sound one, so the next run uses the cache again.
    _forbid_yaml(monkeypatch)
    assert load_library(library_copy)[0] is not None


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_an_entry_that_is_a_symlink_to_dev_zero_is_ignored(library_copy, cached, monkeypatch):
    cached.unlink()
    cached.symlink_to("/dev/zero")
    reads = _count_yaml_reads(monkeypatch)
    assert load_library(library_copy)[0] is not None
    assert reads
    assert cached.is_file() and not cached.is_symlink()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_an_entry_that_is_a_fifo_is_ignored_without_waiting(library_copy, cached, monkeypatch):
    cached.unlink()
    os.mkfifo(cached)
    _assert_loaded_from_yaml(library_copy, monkeypatch)


def test_an_entry_above_the_size_limit_is_not_read(library_copy, cached, monkeypatch):
    monkeypatch.setattr(cache, "MAX_ENTRY_BYTES", 1000)
    _assert_loaded_from_yaml(library_copy, monkeypatch)
    assert not cached.exists()


def test_pruning_keeps_the_users_own_files_and_the_entries_used_last(library_copy, cache_dir, monkeypatch):
    files = len(list(library_copy.rglob("*.yaml")))
    monkeypatch.setattr(cache, "KEEP", files + 4)
    cache_dir.mkdir()
    notes = [cache_dir / f"library-notes-{i}.json" for i in range(1, 13)]
    lookalikes = [cache_dir / n for n in ("anskaffelse-library-notes.jsonl", f"anskaffelse-library-{'A' * 64}.jsonl",
                                          f"library-{'a' * 64}.json")]
    for path in (*notes, *lookalikes):
        path.write_text("{}", encoding="utf-8")
    for i in range(12):
        old = cache_dir / cache.entry_name(f"{i:064x}")
        old.write_text("{}", encoding="utf-8")
        os.utime(old, (1_000_000 + i, 1_000_000 + i))
    assert load_library(library_copy)[0] is not None
    assert all(p.exists() for p in (*notes, *lookalikes))
    entries = sorted(p.name for p in cache_dir.glob(ENTRIES) if p not in lookalikes)
    assert len(entries) == cache.KEEP
    assert cache.entry_name(f"{11:064x}") in entries and cache.entry_name(f"{7:064x}") not in entries
    assert _entry_of(library_copy) in entries


def test_a_file_with_findings_is_not_cached_but_the_others_are(library_copy, cache_dir):
    module = library_copy / "modules" / "drift.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("obligation: evaluert", "obligation: kanskje", 1),
                      encoding="utf-8")
    loaded, found = load_library(library_copy)
    assert loaded is None and [d.code for d in found] == ["S004"]
    assert not (cache_dir / _entry_of(library_copy)).exists()
    assert (cache_dir / _entry_of(library_copy, "modules/arkiv.yaml")).exists()


def test_a_library_with_findings_is_checked_from_its_yaml_again(library_copy, cache_dir, monkeypatch):
    module = library_copy / "modules" / "drift.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("kind: drift", "kind: ukjent", 1),
                      encoding="utf-8")
    first = load_library(library_copy)
    reads = _count_yaml_reads(monkeypatch)
    assert load_library(library_copy) == first
    assert len(reads) == len(list(library_copy.rglob("*.yaml")))


def test_cache_can_be_switched_off(library_copy, cache_dir, monkeypatch):
    monkeypatch.setenv("ANSKAFFELSE_NO_CACHE", "1")
    assert load_library(library_copy)[0] is not None
    assert not cache_dir.exists()


def test_the_values_the_model_allows_are_those_of_the_schema():
    defs = load_schema("module")["$defs"]
    assert list(typing.get_args(model.Obligation)) == defs["requirement"]["properties"]["obligation"]["enum"]
    assert list(typing.get_args(model.ResponseType)) == defs["response"]["properties"]["type"]["enum"]
    assert list(typing.get_args(model.ParameterType)) == defs["parameter"]["properties"]["type"]["enum"]



@pytest.mark.parametrize(("record", "width"), [
    ([], 2), ([0, 1, 2, 3], 2), ([3, 65535, 0], 2), ([0, 65536], 4), ([1, 2**31 - 1], 4), ([5, -1, 7], 4),
    (list(range(0, 70_000, 7)), 4), ([i % 65536 for i in range(0, 200_000, 13)], 2),
])
def test_a_record_of_positions_is_stored_as_narrow_as_its_values_allow(record, width):
    from array import array

    from anskaffelse.reading.source_map import SourceMap

    stored = SourceMap(array("i", record), ["id"], ["1.5"]).to_data()
    assert stored["width"] == width
    assert len(base64.b64decode(stored["record"])) == width * len(record)
    again = SourceMap.from_data(json.loads(json.dumps(stored)))
    assert list(again.record) == record and again.keys == ["id"] and again.numbers == ["1.5"]


@pytest.mark.parametrize("change", [{"width": 3}, {"width": True}, {"width": "2"}, {"record": "AAAA"},
                                    {"width": None}])
def test_a_record_of_positions_in_a_form_not_written_here_is_refused(change):
    from array import array

    from anskaffelse.reading.source_map import SourceMap

    stored = SourceMap(array("i", [1, 2, 3]), [], []).to_data() | change
    with pytest.raises(ValueError):
        SourceMap.from_data(stored)
    without_width = {k: v for k, v in SourceMap(array("i", [1]), [], []).to_data().items() if k != "width"}
    with pytest.raises(ValueError):
        SourceMap.from_data(without_width)


def test_an_entry_json_cannot_hold_is_not_written(cache_dir):
    cyclic: dict[str, list[object]] = {"data": [], "positions": []}
    cyclic["data"].append(cyclic)
    entries = {"a" * 64: cyclic, "b" * 64: {"data": [float("nan")], "positions": {}},
               "c" * 64: {"data": ["\ud800"], "positions": {}}, "d" * 64: {"data": ["ok"], "positions": {}}}
    cache.write(entries)
    assert sorted(p.name for p in cache_dir.iterdir()) == [cache.entry_name("d" * 64)]
    assert cache.read("d" * 64) == {"data": ["ok"], "positions": {}}
