"""Load a requirement library folder, check it, and build the typed `Library`.

Checks run in two passes: the JSON Schema of each file, then the meaning
across files (duplicate IDs, references to unknown areas, standards, user
stories, parameters that do not fit their placeholders). All findings from
one run are returned together so an author can fix them in one go.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from ..diagnostics import Diagnostic, InputError, error, has_errors
from ..locale.messages import _
from ..migration.releases import MIGRATIONS
from ..reading.collector import collection_paused
from .build import LoadedLibrary, build_library, loaded_where, requirement_from_data
from .checks import (
    PLACEHOLDER,
    REGISTER,
    check_library,
    check_parameters,
    check_requirement,
    parameter_value_check,
    parameter_value_problem,
)
from .files import read_parts

__all__ = [
    "LIBRARY_ENV", "PLACEHOLDER", "REGISTER", "LoadedLibrary", "check_library", "check_parameters",
    "check_requirement", "default_library_path", "library_parts", "load_library", "loaded_where",
    "parameter_value_check", "parameter_value_problem", "require_library", "requirement_from_data",
]

LIBRARY_ENV = "ANSKAFFELSE_LIBRARY"


def default_library_path() -> Path:
    """The library to use when none is given: the environment, else the built-in one."""
    from_env = os.environ.get(LIBRARY_ENV)
    if from_env:
        return Path(from_env)
    package_dir = Path(__file__).resolve().parent.parent
    shipped = package_dir / "_library"
    if shipped.is_dir():
        return shipped
    # Running from a source checkout (editable install): the folder at the root is the source.
    return package_dir.parent.parent / "requirements-library"


def load_library(root: Path | None = None, use_cache: bool = True) -> tuple[LoadedLibrary | None, list[Diagnostic]]:
    """Load and check a library; the library is None when it has errors.

    `use_cache=False` always reads the YAML files, neither the library cache nor the
    checked copy of the built-in library; findings and positions are the same either way.
    """
    root = Path(root) if root is not None else default_library_path()
    if not (root / "library.yaml").is_file():
        return None, [
            error(
                "L000",
                _("{folder} is not a requirement library (no library.yaml)").format(folder=root),
                _("Point --library at the folder that holds library.yaml."),
                file=str(root),
            )
        ]
    parts = library_parts(root)
    with collection_paused():
        result = _load(root, parts, use_cache)
        if result is None:
            # Something taken from an entry did not hold up; every file is read again from YAML.
            result = _load(root, parts, False)
    assert result is not None
    return result


def library_parts(root: Path) -> list[tuple[str, Path]]:
    """The files of the library at `root`, each with the part it is (the name of its schema)."""
    parts = [("manifest", root / "library.yaml"), ("standards", root / "standards.yaml"),
             ("user-stories", root / "user-stories.yaml")]
    parts += [("module", p) for p in sorted((root / "modules").glob("*.yaml"))]
    if (root / REGISTER).is_file():
        parts.append(("id-register", root / REGISTER))
    if (root / MIGRATIONS).is_file():
        parts.append(("migrations", root / MIGRATIONS))
    return parts


def _load(root: Path, parts: list[tuple[str, Path]],
          use_entries: bool) -> tuple[LoadedLibrary | None, list[Diagnostic]] | None:
    """The library and its findings; None when a document taken from an entry gives it any finding.

    A document from an entry is what a file gave when it last passed its schema
    (signed cache entries, the checked copy shipped with the package). When the
    library built with it has any finding, the caller reads every file again from
    YAML, so findings are always those of the YAML files themselves, with their
    positions.
    """
    read = read_parts(root, parts, use_entries)
    found = read.found
    if has_errors(found) or len({"manifest", "standards", "user-stories"} - set(read.docs)):
        return None, found
    try:
        loaded, duplicates = build_library(root, read.docs, read.modules)
        loaded = dataclasses.replace(loaded, file_keys=read.keys)
        found.extend(duplicates)
        found.extend(check_library(loaded))
        if read.from_entries and found:
            return None
    except Exception:  # damage comes in any shape: a wrong type, a missing key, a list for a mapping
        if read.from_entries:
            return None
        raise
    if has_errors(found):
        return None, found
    return loaded, found


def require_library(root: Path | None = None) -> LoadedLibrary:
    """Load a library or raise `InputError` with its findings."""
    loaded, found = load_library(root)
    if loaded is None:
        raise InputError(found)
    return loaded

