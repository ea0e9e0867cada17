"""The key that signs the library cache's entries: made once, private, and the cache is off without a sound one."""

from __future__ import annotations

import multiprocessing
import os
import stat

import pytest
from typer.testing import CliRunner

from anskaffelse.cli import app
from anskaffelse.library import cache, load_library
from anskaffelse.library import cache_key as keys

from .test_cache import ENTRIES, _count_yaml_reads

POSIX = pytest.mark.skipif(os.name == "nt", reason="file modes and owners are POSIX")


@pytest.fixture
def state(tmp_path, monkeypatch):
    """A state folder of the test's own, as a fresh process would find it (no key remembered)."""
    folder = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(folder))
    monkeypatch.setattr(keys, "_known", {})
    return folder / "anskaffelse" / "cache-key"


def _new_process(monkeypatch):
    monkeypatch.setattr(keys, "_known", {})


def _files(library):
    return len(list(library.rglob("*.yaml")))


@POSIX
def test_the_key_is_made_on_first_use_private_and_kept(state, monkeypatch):
    key = keys.cache_key()
    assert key is not None and len(key) == 32
    assert state.read_bytes() == key
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    assert stat.S_IMODE(state.parent.stat().st_mode) == 0o700
    _new_process(monkeypatch)
    assert keys.cache_key() == key
    assert [p.name for p in state.parent.iterdir()] == ["cache-key"]  # no temporary file left


def test_each_state_folder_has_a_key_of_its_own(tmp_path, monkeypatch):
    made = set()
    for name in ("a", "b"):
        monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / name))
        made.add(keys.cache_key())
    assert len(made) == 2 and None not in made


def _key_of(folder, queue):
    os.environ["XDG_STATE_HOME"] = folder
    queue.put(keys.cache_key())


def test_processes_making_the_key_at_once_all_use_the_same_one(tmp_path):
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_key_of, args=(str(tmp_path), queue)) for _ in range(6)]
    for worker in workers:
        worker.start()
    found = [queue.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(60)
    assert None not in found and len(set(found)) == 1
    assert (tmp_path / "anskaffelse" / "cache-key").read_bytes() == found[0]


@POSIX
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o660, 0o602])
def test_a_key_others_may_read_or_write_switches_the_cache_off(state, library_copy, cache_dir, monkeypatch, mode):
    assert keys.cache_key() is not None
    state.chmod(mode)
    _new_process(monkeypatch)
    assert keys.cache_key() is None and cache.cache_dir() is None
    for _ in range(2):
        reads = _count_yaml_reads(monkeypatch)
        loaded, found = load_library(library_copy)
        assert loaded is not None and found == []
        assert len(reads) == _files(library_copy)  # every file from YAML, every time
    assert not cache_dir.exists()
    assert stat.S_IMODE(state.stat().st_mode) == mode  # the user's file is left as it is


@pytest.mark.parametrize("content", [b"", b"k" * 31, b"k" * 33], ids=["empty", "31 bytes", "33 bytes"])
def test_a_key_of_the_wrong_size_is_not_used_nor_replaced(state, monkeypatch, content):
    state.parent.mkdir(parents=True, mode=0o700)
    state.write_bytes(content)
    state.chmod(0o600)
    assert keys.cache_key() is None
    assert state.read_bytes() == content


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="needs symlinks")
def test_a_key_that_is_a_symlink_is_not_used(state, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(b"k" * 32)
    elsewhere.chmod(0o600)
    state.parent.mkdir(parents=True, mode=0o700)
    state.symlink_to(elsewhere)
    assert keys.cache_key() is None
    assert state.is_symlink()


def test_without_a_state_folder_to_write_to_a_build_still_works_without_the_cache(
        tmp_path, monkeypatch, cache_dir, write_profile):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocked))
    monkeypatch.setattr(keys, "_known", {})
    out = tmp_path / "ut"
    result = CliRunner().invoke(app, ["build", str(write_profile()), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".json", ".xlsx"]
    assert not cache_dir.exists()
    assert blocked.read_text(encoding="utf-8") == "x"


def test_a_new_key_makes_the_old_entries_useless_and_new_ones_are_written(state, library_copy, cache_dir, monkeypatch):
    assert load_library(library_copy)[0] is not None
    old = {p.name: p.read_bytes() for p in cache_dir.glob(ENTRIES)}
    assert len(old) == _files(library_copy)
    state.unlink()
    _new_process(monkeypatch)
    reads = _count_yaml_reads(monkeypatch)
    assert load_library(library_copy)[0] is not None
    assert len(reads) == _files(library_copy)
    new = {p.name: p.read_bytes() for p in cache_dir.glob(ENTRIES)}.items() - old.items()
    assert len(new) == len(old) and not {name for name, _ in new} & old.keys()  # under names of the new key
    reads.clear()
    assert load_library(library_copy)[0] is not None
    assert reads == []


def test_a_cache_folder_shared_by_two_users_gives_each_only_their_own_entries(
        tmp_path, library_copy, cache_dir, monkeypatch):
    users = {name: str(tmp_path / name) for name in ("anne", "bjørn")}
    libraries = {}
    for name in ("anne", "bjørn", "anne", "bjørn"):
        monkeypatch.setenv("XDG_STATE_HOME", users[name])
        reads = _count_yaml_reads(monkeypatch)
        loaded, found = load_library(library_copy)
        assert found == []
        # Each reads the YAML only the first time: neither reads nor replaces the other's entries.
        assert len(reads) == (0 if name in libraries else _files(library_copy))
        libraries[name] = loaded.library
    assert libraries["anne"] == libraries["bjørn"]
    assert len(list(cache_dir.glob(ENTRIES))) == 2 * _files(library_copy)


def test_a_key_given_as_a_secret_serves_entries_across_fresh_machines(tmp_path, library_copy, cache_dir, monkeypatch):
    monkeypatch.setenv(keys.KEY_ENV, "0123456789abcdef" * 4)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "first-run"))
    assert load_library(library_copy)[0] is not None
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "second-run"))
    reads = _count_yaml_reads(monkeypatch)
    assert load_library(library_copy)[0] is not None
    assert reads == []
    assert not (tmp_path / "first-run").exists() and not (tmp_path / "second-run").exists()


@pytest.mark.parametrize("given", ["", "0123", "g" * 64, "0" * 63, "0" * 65, " " + "0" * 64])
def test_a_key_given_in_another_form_switches_the_cache_off(monkeypatch, given, library_copy, cache_dir):
    monkeypatch.setenv(keys.KEY_ENV, given)
    assert keys.cache_key() is None
    assert load_library(library_copy)[0] is not None
    assert not cache_dir.exists()


def test_without_a_home_folder_the_cache_is_off_and_a_build_works(tmp_path, monkeypatch, cache_dir, write_profile):
    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setattr(keys.Path, "home", staticmethod(no_home))
    monkeypatch.setattr(keys, "_known", {})
    assert keys.state_dir() is None and keys.cache_key() is None
    out = tmp_path / "ut"
    result = CliRunner().invoke(app, ["build", str(write_profile()), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert not cache_dir.exists()


def test_a_relative_state_folder_is_ignored(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_STATE_HOME", "relativ")
    monkeypatch.setenv("HOME", str(tmp_path / "hjem"))
    monkeypatch.setattr(keys, "_known", {})
    assert keys.cache_key() is not None
    assert (tmp_path / "hjem" / ".local" / "state" / "anskaffelse" / "cache-key").is_file()
    assert not (tmp_path / "relativ").exists()


@POSIX
@pytest.mark.parametrize("mode", [0o777, 0o775, 0o757])
def test_a_state_folder_others_may_write_to_is_not_trusted(state, monkeypatch, mode):
    assert keys.cache_key() is not None
    state.parent.chmod(mode)
    _new_process(monkeypatch)
    assert keys.cache_key() is None
    state.unlink()
    _new_process(monkeypatch)
    assert keys.cache_key() is None and not state.exists()  # nor is a new key made there


def test_a_key_made_by_another_process_meanwhile_is_used_and_not_replaced(state, monkeypatch):
    theirs = bytes(range(100, 132))
    real_link = os.link

    def another_process_first(source, target):
        with open(target, "xb") as made:  # as the other process's link would
            made.write(theirs)
        os.chmod(target, 0o600)
        real_link(source, target)

    monkeypatch.setattr(keys.os, "link", another_process_first)
    assert keys.cache_key() == theirs
    assert state.read_bytes() == theirs
    assert [p.name for p in state.parent.iterdir()] == ["cache-key"]


def test_the_key_is_not_read_when_the_cache_is_switched_off(state, monkeypatch, library_copy):
    monkeypatch.setenv("ANSKAFFELSE_NO_CACHE", "1")
    assert load_library(library_copy)[0] is not None
    assert not state.exists()

