"""Read the files of a library: from the library cache, from the checked copy shipped with the package, or from YAML.

Each file is either taken whole from an entry (data and positions, as it was
when it passed its schema) or parsed and checked against its schema here. A
file parsed without findings is stored for the next run. `library` decides
what to do with the documents; when the library built from them fails any
check while some came from an entry, it reads them all again from YAML
(`use_entries=False`), so every finding is that of a fresh read.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, InputError, error
from ..infile import read_bytes
from ..locale.messages import _
from ..reading.load import MAX_BYTES, Document, decode_text, document, parse_yaml
from ..reading.schema import check_schema
from ..reading.source_map import SourceMap
from . import cache

BUNDLE = "_library.checked.json"
"""The checked copy of the built-in library, written into the package when the wheel is built."""
BUNDLE_FORMAT = "anskaffelse-checked-library"
_WRITE_EVERY = 16
"""Entries are written in small batches, so a large library's entries are never all in memory at once."""
BUNDLE_VERSION = 1


@dataclass
class PartsRead:
    """The documents of a library's files, and what reading them found."""

    docs: dict[str, Document] = field(default_factory=dict)
    modules: list[Document] = field(default_factory=list)
    found: list[Diagnostic] = field(default_factory=list)
    from_entries: bool = False
    """Some document came from a cache entry or the shipped copy rather than from its YAML."""
    keys: dict[Path, str] = field(default_factory=dict)
    """The cache key of each file read (`cache.file_key`), when the cache is in use."""
    parsed: int = 0
    """How many files were parsed from their YAML (taken from neither an entry nor the shipped copy)."""


def read_parts(root: Path, parts: list[tuple[str, Path]], use_entries: bool,
               files: dict[Path, tuple[bytes, str]] | None = None) -> PartsRead:
    """Every file of the library, parsed and checked against its schema, or taken from an entry.

    `files` holds the bytes and cache key of files read already.
    """
    result = PartsRead()
    bundle = shipped_bundle(root) if use_entries else {}
    use_cache = use_entries and cache.cache_dir() is not None
    fresh: dict[str, dict[str, Any]] = {}
    for part, path in parts:
        if not path.exists():
            # A missing part is a broken library (exit 1), not a file the user mistyped (exit 2).
            result.found.append(error("L000", _("{folder} is not a complete requirement library (no {file})").format(
                                          folder=root, file=path.name),
                                      _("A library folder holds library.yaml, standards.yaml, user-stories.yaml "
                                        "and modules/."), file=str(root)))
            continue
        try:
            if files is not None and path in files:
                raw, known = files[path]
            else:
                raw, known = read_bytes(path, MAX_BYTES, _("file")), None
            key = (known or cache.file_key(part, raw)) if use_cache else None
            doc = _from_bundle(bundle, root, part, path, raw)
            if key is not None and doc is None:
                doc = _from_entry(cache.read(key), path)
            if doc is not None:
                result.from_entries = True
            else:
                doc = parse_library_file(path, raw)
                result.parsed += 1
                found = check_schema(doc, part)
                result.found.extend(found)
                if key is not None and not found and doc.source is not None:
                    fresh[key] = {"data": doc.data, "positions": doc.source.to_data()}
                    if len(fresh) >= _WRITE_EVERY:
                        cache.write(fresh)
                        fresh = {}
        except InputError as exc:
            result.found.extend(exc.diagnostics)
            continue
        if key is not None:
            result.keys[path] = key
        if part == "module":
            result.modules.append(doc)
        else:
            result.docs[part] = doc
    cache.write(fresh)
    return result


def parse_library_file(path: Path, raw: bytes) -> Document:
    """One library file parsed from its bytes; `InputError` with the findings of a file that cannot be read."""
    return parse_yaml(decode_text(raw, path), path)


def _from_entry(entry: dict[str, Any] | None, path: Path) -> Document | None:
    if entry is None:
        return None
    try:
        source = SourceMap.from_data(entry["positions"])
    except (ValueError, TypeError):
        return None
    source.fallback = lambda: _positions_from_yaml(path)
    return document(path, entry["data"], source)


def _positions_from_yaml(path: Path) -> SourceMap | None:
    """The positions of a file read again, for an entry whose record of positions is damaged."""
    try:
        return parse_library_file(path, read_bytes(path, MAX_BYTES, _("file"))).source
    except InputError:
        return None


def shipped_bundle(root: Path) -> dict[str, Any]:
    """The checked copy of the built-in library when `root` is the library shipped with the package, else {}."""
    package = Path(__file__).resolve().parent.parent
    bundle = package / BUNDLE
    try:
        if root.resolve() != (package / "_library").resolve() or not bundle.is_file():
            return {}
        content = json.loads(bundle.read_bytes())
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(content, dict) or content.get("format") != BUNDLE_FORMAT or \
            content.get("version") != BUNDLE_VERSION or not isinstance(content.get("files"), dict):
        return {}
    files: dict[str, Any] = content["files"]
    return files


def _from_bundle(bundle: dict[str, Any], root: Path, part: str, path: Path, raw: bytes) -> Document | None:
    """The shipped checked copy of this file, if its recorded SHA-256 is that of the file on disk."""
    if not bundle:
        return None
    entry = bundle.get(path.relative_to(root).as_posix())
    if not isinstance(entry, dict) or entry.get("part") != part or \
            entry.get("sha256") != hashlib.sha256(raw).hexdigest():
        return None
    return _from_entry({"data": entry.get("data"), "positions": entry.get("positions")}, path)


def checked_bundle(root: Path) -> bytes:
    """The checked copy (see `BUNDLE`) of the library at `root`; `ValueError` when it has any finding.

    Made when the wheel is built (hatch_build.py), so that a fresh install reads
    its built-in library without parsing it.
    """
    from . import library_parts, load_library

    loaded, found = load_library(root, use_cache=False)
    if loaded is None or found:
        raise ValueError(f"the library at {root} has findings; run 'anskaffelse validate {root}'")
    read = read_parts(root, library_parts(root), use_entries=False)
    files = {}
    for part, doc in [*read.docs.items(), *(("module", doc) for doc in read.modules)]:
        if doc.source is None:
            raise ValueError(f"{doc.path} has no positions")
        files[doc.path.relative_to(root).as_posix()] = {
            "part": part, "sha256": hashlib.sha256(doc.path.read_bytes()).hexdigest(),
            "data": doc.data, "positions": doc.source.to_data()}
    content = {"format": BUNDLE_FORMAT, "version": BUNDLE_VERSION, "files": files}
    # Not sort_keys: the order of keys is part of the data (parameters, scoring bands, the ID register).
    return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
