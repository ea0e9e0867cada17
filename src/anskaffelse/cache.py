"""A content-addressed cache of checked libraries.

Parsing and checking YAML costs about a millisecond per requirement, which
is noticeable for large libraries. A library that passed every check is
stored as JSON under a key made from the bytes of its files and of the code
that checks them; any change to either gives a new key, so a stale entry is
never used. Entries are only an optimisation: an unreadable or damaged entry
is ignored and the library is loaded from its YAML files.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

CACHE_ENV = "ANSKAFFELSE_CACHE_DIR"
NO_CACHE_ENV = "ANSKAFFELSE_NO_CACHE"
KEEP = 8
_CHECKER_FILES = ("library.py", "model.py", "load.py", "schema.py", "cache.py")


def cache_dir() -> Path | None:
    if os.environ.get(NO_CACHE_ENV):
        return None
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "anskaffelse"


def library_key(root: Path, paths: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    package = resources.files("anskaffelse")
    for name in _CHECKER_FILES:
        digest.update((package / name).read_bytes())
    for schema in sorted((package / "schemas").iterdir(), key=lambda p: p.name):
        digest.update(schema.read_bytes())
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def read(key: str) -> dict[str, Any] | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        data = json.loads((folder / f"library-{key}.json").read_text(encoding="utf-8"),
                          parse_constant=_refuse_constant)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("key") == key else None


def _refuse_constant(name: str) -> Any:
    """NaN and Infinity are not JSON and never written here; an entry holding them is damaged."""
    raise ValueError(f"{name} in a cache entry")


def write(key: str, documents: dict[str, Any]) -> None:
    folder = cache_dir()
    if folder is None:
        return
    from .write import write_all

    payload = json.dumps({"key": key, "documents": documents}, ensure_ascii=False,
                         allow_nan=False).encode("utf-8")
    with contextlib.suppress(OSError):
        write_all({folder / f"library-{key}.json": payload})
        entries = sorted(folder.glob("library-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink()
