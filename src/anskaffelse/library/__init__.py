"""Load a requirement library folder, check it, and build the typed `Library`.

Checks run in two passes: the JSON Schema of each file, then the meaning
across files (duplicate IDs, references to unknown areas, standards, user
stories, parameters that do not fit their placeholders). All findings from
one run are returned together so an author can fix them in one go.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path

from ..diagnostics import Diagnostic, InputError, error, has_errors
from ..infile import read_bytes
from ..locale.messages import _
from ..migration.releases import MIGRATIONS
from ..reading.collector import collection_paused
from ..reading.load import MAX_BYTES, Document, KeyPath
from . import cache
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
from .files import PartsRead, read_parts
from .model_entry import LazySources, model_key, read_model, write_model

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


def load_library(root: Path | None = None, use_cache: bool = True,
                 positions: bool = False) -> tuple[LoadedLibrary | None, list[Diagnostic]]:
    """Load and check a library; the library is None when it has errors.

    `use_cache=False` always reads the YAML files, neither the library cache nor the
    checked copy of the built-in library; findings and positions are the same either way.
    `positions=True` is for a caller that asks where many values were written (lint):
    the library is then built from its files' entries, which hold their positions,
    not taken from its model entry, which leaves them to be read when first asked for.
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
        files = _files_with_keys(parts) if use_cache and cache.cache_dir() is not None else None
        key = _model_key(root, parts, files)
        if files is not None and key is not None and not positions:
            library = read_model(key, root)
            if library is not None:
                keys = _keys(files)
                # The files' entries are still wanted (for positions, and for lint): not the first to be pruned.
                cache.touch(list(keys.values()))
                return LoadedLibrary(library, LazySources(lambda: _sources(root, parts, keys)), keys), []
        read: list[PartsRead] = []
        result = _load(root, parts, use_cache, files, read)
        if result is not None:
            loaded, found = result
            if key is not None and loaded is not None and not found and not read[0].parsed:
                # Stored by the first clean load that took every file from its entry (from the very bytes
                # the key was made of), not by the load that parsed them: that one, the first after a
                # change, is not made slower by it.
                write_model(key, loaded.library)
            return result
        # Something taken from an entry did not hold up; every file is read again from YAML.
        result = _load(root, parts, False, files)
    assert result is not None
    return result


def _files_with_keys(parts: list[tuple[str, Path]]) -> dict[Path, tuple[bytes, str]] | None:
    """The bytes and cache key of every file of the library; None when one cannot be read (reading reports it)."""
    files = {}
    for part, path in parts:
        try:
            raw = read_bytes(path, MAX_BYTES, _("file"))
        except InputError:
            return None
        files[path] = (raw, cache.file_key(part, raw))
    return files


def _keys(files: dict[Path, tuple[bytes, str]]) -> dict[Path, str]:
    return {path: file_key for path, (_raw, file_key) in files.items()}


def _model_key(root: Path, parts: list[tuple[str, Path]], files: dict[Path, tuple[bytes, str]] | None) -> str | None:
    if files is None:
        return None
    return model_key([(part, path.relative_to(root).as_posix(), files[path][1]) for part, path in parts])


def _sources(root: Path, parts: list[tuple[str, Path]],
             keys: dict[Path, str]) -> Mapping[str, tuple[Document, KeyPath]]:
    """Where each part of a library whose model came from its entry was written (see `model_entry`).

    Read when first asked for, perhaps long after the model: from the same bytes, or not at all.
    """
    with collection_paused():
        files = _files_with_keys(parts)
        now = _keys(files) if files is not None else None
        result = (_load(root, parts, True, files) or _load(root, parts, False, files)) if now == keys else None
    if result is None or result[0] is None:
        raise InputError([error("L000", _("the library {folder} changed while it was in use").format(folder=root),
                                _("Run the command again."), file=str(root))])
    return result[0].sources


def library_parts(root: Path) -> list[tuple[str, Path]]:
    """The files of the library at `root`, each with the part it is (the name of its schema)."""
    parts = [("manifest", root / "library.yaml"), ("standards", root / "standards.yaml"),
             ("user-stories", root / "user-stories.yaml")]
    # By name and by the exact suffix: on Windows, glob ignores case (`X.YAML`) and paths sort without it.
    modules = [p for p in (root / "modules").glob("*.yaml") if p.name.endswith(".yaml")]
    parts += [("module", p) for p in sorted(modules, key=lambda p: p.name)]
    if (root / REGISTER).is_file():
        parts.append(("id-register", root / REGISTER))
    if (root / MIGRATIONS).is_file():
        parts.append(("migrations", root / MIGRATIONS))
    return parts


def _load(root: Path, parts: list[tuple[str, Path]], use_entries: bool,
          files: dict[Path, tuple[bytes, str]] | None = None,
          read_out: list[PartsRead] | None = None) -> tuple[LoadedLibrary | None, list[Diagnostic]] | None:
    """The library and its findings; None when a document taken from an entry gives it any finding.

    A document from an entry is what a file gave when it last passed its schema
    (signed cache entries, the checked copy shipped with the package). When the
    library built with it has any finding, the caller reads every file again from
    YAML, so findings are always those of the YAML files themselves, with their
    positions.
    """
    read = read_parts(root, parts, use_entries, files)
    if read_out is not None:
        read_out.append(read)
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

