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

