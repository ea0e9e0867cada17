"""Writing outputs: one rename per file, so no file is ever missing; modes as the user expects; no strays."""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys
import time

import pytest

import anskaffelse
from anskaffelse import write as write_module
from anskaffelse.write import STALE_AFTER, write_all

TEMPORARY = re.compile(r"\.anskaffelse-(.+)\.[0-9a-f]{12}\.tmp")
POSIX = pytest.mark.skipif(os.name != "posix", reason="file modes and signals are POSIX")


@pytest.fixture
def umask():
    """Set the umask for one test; the old one comes back afterwards."""
    old = os.umask(0o022)
    os.umask(old)
    yield os.umask
    os.umask(old)


def _names(folder):
    return sorted(p.name for p in folder.iterdir())


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def _old_set(tmp_path):
    targets = [tmp_path / n for n in ("a.docx", "b.xlsx", "c.json")]
    for target in targets:
        target.write_bytes(b"old " + target.name.encode())
    return targets


def _failing_replace(monkeypatch, fail_at, error):
    real_replace = os.replace
    calls = []

    def replace(src, dst):
        calls.append((src, dst))
        if len(calls) == fail_at:
            raise error
        return real_replace(src, dst)

    monkeypatch.setattr(write_module.os, "replace", replace)
    return calls


def test_all_files_are_written(tmp_path):
    files = {tmp_path / "a.docx": b"A", tmp_path / "sub" / "b.xlsx": b"B"}
    write_all(files)
    assert {p: p.read_bytes() for p in files} == files
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["a.docx", "b.xlsx"]


def test_each_file_is_replaced_by_one_rename_and_never_goes_missing(tmp_path, monkeypatch):
    targets = _old_set(tmp_path)
    real_replace = os.replace
    seen = []

    def replace(src, dst):
        seen.append((src, dst, [t.exists() for t in targets]))
        return real_replace(src, dst)

    monkeypatch.setattr(write_module.os, "replace", replace)
    write_all({t: b"new " + t.name.encode() for t in targets})
    assert [dst for _, dst, _ in seen] == targets
    for src, dst, present in seen:
        assert os.path.dirname(src) == str(dst.parent)
        assert TEMPORARY.fullmatch(os.path.basename(src)).group(1) == dst.name
        assert present == [True, True, True]
    assert [t.read_bytes() for t in targets] == [b"new a.docx", b"new b.xlsx", b"new c.json"]
    assert _names(tmp_path) == ["a.docx", "b.xlsx", "c.json"]


def test_a_failed_rename_leaves_earlier_files_new_later_files_old_and_nothing_else(tmp_path, monkeypatch):
    targets = _old_set(tmp_path)
    _failing_replace(monkeypatch, 2, PermissionError(13, "the folder became read-only", str(targets[1])))
    with pytest.raises(PermissionError):
        write_all({t: b"new " + t.name.encode() for t in targets})
    assert [t.read_bytes() for t in targets] == [b"new a.docx", b"old b.xlsx", b"old c.json"]
    assert _names(tmp_path) == ["a.docx", "b.xlsx", "c.json"]


def test_a_refused_first_rename_leaves_no_placeholder(tmp_path, monkeypatch):
    # Someone else's old output in a sticky folder: the very first rename is refused.
    targets = _old_set(tmp_path)
    _failing_replace(monkeypatch, 1, PermissionError(1, "Operation not permitted", str(targets[0])))
    with pytest.raises(PermissionError):
        write_all({t: b"new" for t in targets})
    assert [t.read_bytes() for t in targets] == [b"old a.docx", b"old b.xlsx", b"old c.json"]
    assert _names(tmp_path) == ["a.docx", "b.xlsx", "c.json"]


def test_a_full_disk_while_writing_changes_nothing_and_leaves_nothing(tmp_path, monkeypatch):
    targets = _old_set(tmp_path)
    real_fsync = os.fsync
    calls = {"n": 0}

    def fsync(fd):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr(write_module.os, "fsync", fsync)
    with pytest.raises(OSError, match="No space"):
        write_all({t: b"new" for t in targets})
    assert [t.read_bytes() for t in targets] == [b"old a.docx", b"old b.xlsx", b"old c.json"]
    assert _names(tmp_path) == ["a.docx", "b.xlsx", "c.json"]


def test_the_folder_is_flushed_after_the_renames(tmp_path, monkeypatch):
    real_fsync, real_replace = os.fsync, os.replace
    events = []

    def fsync(fd):
        events.append("folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        return real_fsync(fd)

    def replace(src, dst):
        events.append("rename")
        return real_replace(src, dst)

    monkeypatch.setattr(write_module.os, "fsync", fsync)
    monkeypatch.setattr(write_module.os, "replace", replace)
    write_all({tmp_path / "a.docx": b"A", tmp_path / "b.xlsx": b"B"})
    assert events == ["file", "file", "rename", "rename", "folder"]


def test_a_folder_in_the_way_is_refused_before_anything_changes(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"old")
    (tmp_path / "b.xlsx").mkdir()
    with pytest.raises(IsADirectoryError):
        write_all({tmp_path / "a.docx": b"new", tmp_path / "b.xlsx": b"new"})
    assert (tmp_path / "a.docx").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "b.xlsx"]


def test_a_very_long_output_name_still_gets_a_temporary_name(tmp_path):
    target = tmp_path / ("æ" * 100 + "-kravspesifikasjon.docx")
    write_all({target: b"A"})
    assert target.read_bytes() == b"A"
    assert _names(tmp_path) == [target.name]


@POSIX
@pytest.mark.parametrize(("mask", "expected"), [(0o077, 0o600), (0o027, 0o640), (0o022, 0o644)])
def test_a_new_file_gets_the_mode_of_the_umask(tmp_path, umask, mask, expected):
    umask(mask)
    write_all({tmp_path / "a.docx": b"A", tmp_path / "b.json": b"B"})
    assert [_mode(tmp_path / n) for n in ("a.docx", "b.json")] == [expected, expected]


@POSIX
@pytest.mark.parametrize(("mode", "mask"), [(0o640, 0o077), (0o600, 0o022), (0o444, 0o022)])
def test_a_replaced_file_keeps_its_mode(tmp_path, umask, mode, mask):
    target = tmp_path / "a.docx"
    target.write_bytes(b"old")
    target.chmod(mode)
    umask(mask)
    write_all({target: b"new"})
    assert target.read_bytes() == b"new"
    assert _mode(target) == mode


@POSIX
def test_every_command_that_writes_keeps_the_umask(cli, tmp_path, umask, write_profile):
    profile = write_profile()
    umask(0o077)
    assert cli("init", tmp_path / "ny.yaml").exit_code == 0
    assert cli("schema", "-o", tmp_path / "skjema").exit_code == 0
    assert cli("build", profile, "-o", tmp_path / "ut").exit_code == 0
    written = [tmp_path / "ny.yaml", *(tmp_path / "skjema").iterdir(), *(tmp_path / "ut").iterdir()]
    assert len(written) > 5
    assert {p.name: _mode(p) for p in written} == {p.name: 0o600 for p in written}


@POSIX
def test_a_rebuild_keeps_the_mode_of_each_output(cli, tmp_path, umask, write_profile):
    profile = write_profile()
    out = tmp_path / "ut"
    assert cli("build", profile, "-o", out).exit_code == 0
    outputs = sorted(out.iterdir())
    for path, mode in zip(outputs, (0o600, 0o640, 0o644), strict=True):
        path.chmod(mode)
    umask(0o022)
    assert cli("build", profile, "-o", out).exit_code == 0
    assert [_mode(p) for p in outputs] == [0o600, 0o640, 0o644]


def test_a_build_renames_its_json_last(tmp_path, monkeypatch, write_profile):
    real_replace = os.replace
    order = []

    def replace(src, dst):
        order.append(os.path.basename(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(write_module.os, "replace", replace)
    anskaffelse.build([write_profile()], tmp_path / "ut", formats=("json", "xlsx", "docx"))
    assert order == ["profil-svarskjema.xlsx", "profil-kravspesifikasjon.docx", "profil-spesifikasjon.json"]


def _held_as_on_windows(monkeypatch, held_name):
    """Windows as far as writing goes: an output another program holds open cannot be opened for writing."""
    real_open = os.open
    monkeypatch.setattr(write_module, "_WINDOWS", True)
    monkeypatch.setattr(write_module.time, "sleep", lambda seconds: None)

    def open_(path, flags, *args):
        if os.path.basename(path) == held_name and flags & os.O_RDWR:
            raise PermissionError(13, "The process cannot access the file because it is being used by another process",
                                  str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(write_module.os, "open", open_)


def test_an_output_open_in_excel_on_windows_is_named_and_no_file_changes(cli, tmp_path, monkeypatch, write_profile):
    profile, out = write_profile(), tmp_path / "ut"
    assert cli("build", profile, "-o", out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    profile.write_text(profile.read_text(encoding="utf-8").replace("title:", "title: Ny", 1), encoding="utf-8")
    _held_as_on_windows(monkeypatch, "profil-svarskjema.xlsx")
    result = cli("build", profile, "-o", out, env={"LANGUAGE": "en"})
    assert result.exit_code == 2
    assert "profil-svarskjema.xlsx could not be replaced: it is open in another program (Word, Excel) or read-only; " \
           "close it and run the command again" in result.stderr
    assert "Traceback" not in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # all old: none was renamed


def test_a_rename_refused_on_windows_is_tried_again_and_then_names_the_output(tmp_path, monkeypatch):
    targets = _old_set(tmp_path)
    monkeypatch.setattr(write_module, "_WINDOWS", True)
    naps = []
    monkeypatch.setattr(write_module.time, "sleep", naps.append)
    refused = PermissionError(13, "Access is denied", "x.tmp")
    real_replace = os.replace
    calls = []

    def replace(src, dst):
        calls.append(os.path.basename(dst))
        if len(calls) >= 2:
            raise refused
        return real_replace(src, dst)

    monkeypatch.setattr(write_module.os, "replace", replace)
    with pytest.raises(write_module.InUseError) as caught:
        write_all({t: b"new " + t.name.encode() for t in targets})
    assert caught.value.filename == str(targets[1])
    assert calls == ["a.docx"] + ["b.xlsx"] * write_module._RETRIES and len(naps) == write_module._RETRIES - 1
    assert _names(tmp_path) == ["a.docx", "b.xlsx", "c.json"]


def test_on_windows_a_new_output_whose_rename_is_refused_for_a_moment_is_written(tmp_path, monkeypatch):
    monkeypatch.setattr(write_module, "_WINDOWS", True)
    monkeypatch.setattr(write_module.time, "sleep", lambda seconds: None)
    _failing_replace(monkeypatch, 1, PermissionError(13, "Access is denied", "x.tmp"))  # a scanner holds it once
    target = tmp_path / "ny.docx"
    write_all({target: b"ny"})
    assert target.read_bytes() == b"ny" and _names(tmp_path) == ["ny.docx"]


def test_elsewhere_a_refused_rename_is_the_systems_own_error_not_a_file_in_use(tmp_path, monkeypatch):
    targets = _old_set(tmp_path)
    _failing_replace(monkeypatch, 1, PermissionError(1, "Operation not permitted", str(targets[0])))
    with pytest.raises(PermissionError) as caught:
        write_all({t: b"new" for t in targets})
    assert not isinstance(caught.value, write_module.InUseError)


def test_stale_temporary_files_of_ours_are_removed_and_nothing_else(tmp_path):
    ours_old = tmp_path / ".anskaffelse-a.docx.0123456789ab.tmp"
    ours_fresh = tmp_path / ".anskaffelse-a.docx.ba9876543210.tmp"
    others = [tmp_path / n for n in (".a.docx.abcd1234.tmp", ".anskaffelse-notater.txt",
                                     ".anskaffelse-a.docx.xyz.tmp", "anskaffelse-a.docx.0123456789ab.tmp")]
    hour_ago = time.time() - STALE_AFTER - 60
    for path in (ours_old, ours_fresh, *others):
        path.write_bytes(b"old tender content")
    for path in (ours_old, *others):
        os.utime(path, (hour_ago, hour_ago))
    write_all({tmp_path / "a.docx": b"new"})
    assert not ours_old.exists()
    assert ours_fresh.exists()
    assert all(p.exists() for p in others)


_KILLED_AT_SECOND_RENAME = """
import os, signal, sys
from pathlib import Path
from anskaffelse import write
real_replace = os.replace
calls = []
def replace(src, dst):
    calls.append(dst)
    if len(calls) == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return real_replace(src, dst)
write.os.replace = replace
folder = Path(sys.argv[1])
write.write_all({folder / n: b"new " + n.encode() for n in ("a.docx", "b.xlsx", "c.json")})
"""


@POSIX
def test_a_killed_build_leaves_whole_files_and_its_temporaries_are_cleaned_up_later(tmp_path):
    targets = _old_set(tmp_path)
    run = subprocess.run([sys.executable, "-c", _KILLED_AT_SECOND_RENAME, str(tmp_path)], check=False)
    assert run.returncode == -signal.SIGKILL
    assert [t.read_bytes() for t in targets] == [b"new a.docx", b"old b.xlsx", b"old c.json"]
    left = [p for p in tmp_path.iterdir() if TEMPORARY.fullmatch(p.name)]
    assert sorted(TEMPORARY.fullmatch(p.name).group(1) for p in left) == ["b.xlsx", "c.json"]
    # A build running in parallel could still own fresh temporaries: they stay for now.
    write_all({tmp_path / "d.json": json.dumps({}).encode()})
    assert all(p.exists() for p in left)
    hour_ago = time.time() - STALE_AFTER - 60
    for path in left:
        os.utime(path, (hour_ago, hour_ago))
    write_all({tmp_path / "d.json": json.dumps({}).encode()})
    assert _names(tmp_path) == ["a.docx", "b.xlsx", "c.json", "d.json"]
