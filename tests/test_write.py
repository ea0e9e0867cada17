"""Atomic writes: all outputs of a build appear together, or the folder stays as it was."""

from __future__ import annotations

import os

import pytest

from anskaffelse import write as write_module
from anskaffelse.write import write_all


def test_all_files_are_written(tmp_path):
    files = {tmp_path / "a.docx": b"A", tmp_path / "sub" / "b.xlsx": b"B"}
    write_all(files)
    assert {p: p.read_bytes() for p in files} == files
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["a.docx", "b.xlsx"]


def test_a_failed_rename_restores_every_old_file(tmp_path, monkeypatch):
    targets = [tmp_path / n for n in ("a.docx", "b.xlsx", "c.json")]
    for target in targets:
        target.write_bytes(b"old " + target.name.encode())
    real_replace = os.replace
    calls = {"n": 0}

    def failing_replace(src, dst):
        # Each target costs two renames (old file aside, new file in); fail while placing the third.
        calls["n"] += 1
        if calls["n"] == 6:
            raise PermissionError(13, "file is open in another program", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(write_module.os, "replace", failing_replace)
    with pytest.raises(PermissionError):
        write_all({t: b"new" for t in targets})
    monkeypatch.setattr(write_module.os, "replace", real_replace)
    assert [t.read_bytes() for t in targets] == [b"old a.docx", b"old b.xlsx", b"old c.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "b.xlsx", "c.json"]


def test_a_folder_in_the_way_is_refused_before_anything_changes(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"old")
    (tmp_path / "b.xlsx").mkdir()
    with pytest.raises(IsADirectoryError):
        write_all({tmp_path / "a.docx": b"new", tmp_path / "b.xlsx": b"new"})
    assert (tmp_path / "a.docx").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "b.xlsx"]
