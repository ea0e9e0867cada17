"""The one way to read an input file, where the operating system lacks POSIX's open flags (Windows)."""

from __future__ import annotations

import importlib.util
import os

import pytest


@pytest.fixture
def infile_without_posix_flags(monkeypatch):
    """`anskaffelse.infile` as it is imported where os has no O_NONBLOCK and no O_CLOEXEC, as on Windows."""
    for name in ("O_NONBLOCK", "O_CLOEXEC"):
        monkeypatch.delattr(os, name, raising=False)
    spec = importlib.util.find_spec("anskaffelse.infile")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # a copy of its own, not the one the rest of the tool uses
    return module


def test_a_file_is_read_byte_for_byte_without_posix_open_flags(infile_without_posix_flags, tmp_path):
    content = b"navn: Eksempel\r\nkommune: \xc3\x98st\x1a\r\n"  # CRLF and a Ctrl-Z, which text mode would spoil
    path = tmp_path / "profil.yaml"
    path.write_bytes(content)
    assert infile_without_posix_flags.read_bytes(path, 1000) == content
    assert infile_without_posix_flags.file_kind(path) is None



def test_a_folder_named_as_a_file_is_called_a_folder_where_opening_it_is_refused(tmp_path, monkeypatch):
    from anskaffelse import infile
    from anskaffelse.diagnostics import InputError

    folder = tmp_path / "maler"
    folder.mkdir()

    def refuse(path, flags, *args):  # as Windows refuses to open a folder: "Permission denied"
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(infile.os, "open", refuse)
    with pytest.raises(InputError) as caught:
        infile.read_bytes(folder, 1000, "template")
    [finding] = caught.value.diagnostics
    assert "folder" in finding.message and "Permission denied" not in finding.message


def test_module_files_are_found_as_on_linux_where_glob_ignores_case(tmp_path, monkeypatch):
    from pathlib import Path

    from anskaffelse.library import library_parts

    modules = tmp_path / "modules"
    modules.mkdir()
    for name in ("b.yaml", "A.yaml", "c.YAML"):
        (modules / name).write_text("id: x\n", encoding="utf-8")
    real_glob = Path.glob

    def windows_glob(self, pattern):  # Windows: case ignored, in an order of its own
        if pattern == "*.yaml":
            return iter(sorted((p for p in real_glob(self, "*") if p.suffix.lower() == ".yaml"), reverse=True))
        return real_glob(self, pattern)

    monkeypatch.setattr(Path, "glob", windows_glob)
    found = [p.name for part, p in library_parts(tmp_path) if part == "module"]
    assert found == ["A.yaml", "b.yaml"]
