"""Devices, pipes and symlinks named by a profile or a library: a clear error, never a hang or a memory blow-up.

Each case runs the real command in a subprocess with a time limit, so a
regression shows as a failed test instead of a suite that never ends.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import LIBRARY, MINIMAL_PROFILE

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(),
                                reason="named pipes and /dev/zero are POSIX features")


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "anskaffelse", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, check=False, timeout=60, stdin=subprocess.DEVNULL,
                          env=os.environ | {"ANSKAFFELSE_NO_CACHE": "1"})


def _assert_clear_rejection(run: subprocess.CompletedProcess[str], *words: str) -> None:
    assert run.returncode in (1, 2), run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    for word in words:
        assert word in run.stderr, run.stderr


@pytest.mark.parametrize("command", ["validate", "build"])
def test_extends_dev_zero_is_refused(tmp_path: Path, command: str) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("extends: /dev/zero\n" + MINIMAL_PROFILE, encoding="utf-8")
    run = _run(command, profile, *(["-o", tmp_path / "ut"] if command == "build" else []), cwd=tmp_path)
    _assert_clear_rejection(run, "/dev/zero", "not a regular file")
    assert not (tmp_path / "ut").exists() or not any((tmp_path / "ut").iterdir())


@pytest.mark.parametrize("command", ["validate", "build"])
def test_extends_a_named_pipe_does_not_wait_for_a_writer(tmp_path: Path, command: str) -> None:
    os.mkfifo(tmp_path / "parent.yaml")
    profile = tmp_path / "q.yaml"
    profile.write_text("extends: parent.yaml\n" + MINIMAL_PROFILE, encoding="utf-8")
    run = _run(command, profile, *(["-o", tmp_path / "ut"] if command == "build" else []), cwd=tmp_path)
    _assert_clear_rejection(run, "parent.yaml", "not a regular file")


def test_a_named_pipe_as_the_profile_itself(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "p.yaml")
    run = _run("validate", tmp_path / "p.yaml", cwd=tmp_path)
    _assert_clear_rejection(run, "p.yaml")


def test_extends_a_folder_says_it_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "felles").mkdir()
    profile = tmp_path / "p.yaml"
    profile.write_text("extends: felles\n" + MINIMAL_PROFILE, encoding="utf-8")
    run = _run("validate", profile, cwd=tmp_path)
    _assert_clear_rejection(run, "folder")


@pytest.mark.parametrize("command", ["lint", "validate"])
def test_a_library_module_that_links_to_dev_zero_is_refused(tmp_path: Path, command: str) -> None:
    library = tmp_path / "lib"
    shutil.copytree(LIBRARY, library)
    (library / "modules" / "zz.yaml").symlink_to("/dev/zero")
    run = _run(command, library, cwd=tmp_path)
    _assert_clear_rejection(run, "zz.yaml", "not a regular file")


def test_a_symlink_to_a_regular_profile_still_works(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text(MINIMAL_PROFILE, encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(real)
    run = _run("validate", tmp_path / "link.yaml", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
