"""A wheel built from the repository's tracked files carries the library, schemas and texts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import EXAMPLES, LIBRARY, ROOT


def _tracked_files() -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.fail("the packaging test needs a git checkout to know which files are tracked")
    run = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    return [name for name in run.stdout.decode().split("\0") if name and (ROOT / name).is_file()]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    clean = tmp_path_factory.mktemp("clean-clone")
    for name in _tracked_files():
        (clean / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, clean / name)
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(dist), str(clean)], check=True, capture_output=True)
    return next(dist.glob("anskaffelse-*.whl"))


def test_wheel_contains_the_library_schemas_and_texts(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in LIBRARY.rglob("*.yaml"):
        assert f"anskaffelse/_library/{path.relative_to(LIBRARY).as_posix()}" in names
    for schema in ("manifest", "module", "user-stories", "standards", "id-register", "migrations", "profile",
                   "specification"):
        assert f"anskaffelse/schemas/{schema}.json" in names
    for lang in ("nb", "nn", "en"):
        assert f"anskaffelse/locale/{lang}.yaml" in names
    assert "anskaffelse/starter-profile.yaml" in names


def test_installed_wheel_uses_its_own_library_and_builds(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                    str(wheel)], check=True, capture_output=True)
    env = {k: v for k, v in os.environ.items() if k != "ANSKAFFELSE_LIBRARY"} | {"PYTHONPATH": str(target)}
    code = ("from anskaffelse.library import default_library_path; print(default_library_path())")
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                         check=True)
    assert Path(run.stdout.strip()).is_relative_to(target)
    build = subprocess.run([sys.executable, "-m", "anskaffelse", "build", str(EXAMPLES / "eksempel-kommune.yaml"),
                            "-o", str(tmp_path / "out"), "--format", "json"], cwd=tmp_path, env=env,
                           capture_output=True, text=True, check=False)
    assert build.returncode == 0, build.stderr
    assert (tmp_path / "out" / "eksempel-kommune-spesifikasjon.json").stat().st_size > 1000


_NO_PARSING = """
import sys
from anskaffelse.library import files as library_files
from anskaffelse.library import load_library

parsed = []
real = library_files.parse_library_file
library_files.parse_library_file = lambda path, raw: parsed.append(path.name) or real(path, raw)
loaded, found = load_library()
assert loaded is not None and found == [], found
print(loaded.library.requirement("EPJ-DR-001").title.nb)
print(",".join(parsed))
"""


def test_the_wheel_carries_a_checked_copy_of_the_library_so_a_fresh_install_parses_none_of_it(wheel, tmp_path):
    assert "anskaffelse/_library.checked.json" in zipfile.ZipFile(wheel).namelist()
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                    str(wheel)], check=True, capture_output=True)
    env = {k: v for k, v in os.environ.items() if k != "ANSKAFFELSE_LIBRARY"} | {
        "PYTHONPATH": str(target), "ANSKAFFELSE_NO_CACHE": "1"}
    run = subprocess.run([sys.executable, "-c", _NO_PARSING], cwd=tmp_path, env=env, capture_output=True,
                         text=True, check=True)
    title, parsed = run.stdout.splitlines()
    assert parsed == ""
    # A file changed after installation no longer matches its recorded SHA-256, so it is parsed.
    drift = target / "anskaffelse" / "_library" / "modules" / "drift.yaml"
    drift.write_text(drift.read_text(encoding="utf-8").replace(title, "Endret tittel", 1), encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", _NO_PARSING], cwd=tmp_path, env=env, capture_output=True,
                         text=True, check=True)
    assert run.stdout.splitlines() == ["Endret tittel", "drift.yaml"]


def test_version_comes_from_the_package_and_matches_the_wheel(wheel, tmp_path):
    import anskaffelse

    assert f"anskaffelse-{anskaffelse.__version__}-" in wheel.name
    run = subprocess.run([sys.executable, "-m", "anskaffelse", "--version"], capture_output=True, text=True,
                         check=True)
    assert run.stdout == f"anskaffelse {anskaffelse.__version__}\n"


def test_version_does_not_ask_the_installed_distributions():
    """--version prints `__version__`; importlib.metadata would scan every installed package first."""
    code = ("import sys\nfrom anskaffelse.cli import app\ntry:\n    app(['--version'], standalone_mode=False)\n"
            "except SystemExit:\n    pass\nprint('importlib.metadata' in sys.modules)\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.splitlines()[-1] == "False"
