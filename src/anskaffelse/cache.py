"""A content-addressed cache of checked libraries.

Parsing and checking YAML costs about a millisecond per requirement, which
is noticeable for large libraries. A library that passed every check is
stored as JSON under a key made from the bytes of its files and of the code
that checks them; any change to either gives a new key, so a stale entry is
never used. Entries are only an optimisation: a missing, damaged or suspect
entry counts as no entry, and the library is loaded from its YAML files.

An entry is the file `anskaffelse-library-<key>.jsonl` holding two lines of
JSON and nothing executable: a header with the format, its version, the key
and the SHA-256 of the second line, and then the library's documents.
Reading checks all four, reads the file only if it is a regular file of at
most `MAX_ENTRY_BYTES` (see `infile`), and refuses an entry that holds a
character a Word or Excel file cannot hold; `library._from_cache` then checks
the types and meaning of what it rebuilds. The checksum catches damage and
careless edits, not a forger who recomputes it; such a forger can still
change texts, but not crash a build or make it write a corrupt document.

The cache folder may be shared with other files (`ANSKAFFELSE_CACHE_DIR`), so
pruning only ever removes files named exactly like an entry.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from .diagnostics import InputError
from .infile import read_bytes
from .load import ILLEGAL_CHARACTERS, MAX_BYTES

CACHE_ENV = "ANSKAFFELSE_CACHE_DIR"
NO_CACHE_ENV = "ANSKAFFELSE_NO_CACHE"
KEEP = 8
FORMAT = "anskaffelse-library-cache"
VERSION = 1
MAX_ENTRY_BYTES = 64 * 1024 * 1024
"""The 10,000-requirement benchmark library makes an entry of 9 MB; a larger library is not cached."""
# The code that checks a library (migrations.yaml is checked by migration/releases.py): a change to
# any of it must give a fresh check, not a cached verdict of the old code.
_CHECKER_FILES = ("library.py", "model.py", "load.py", "schema.py", "cache.py", "migration/releases.py")
_KEY = re.compile(r"[0-9a-f]{64}")
_ENTRY_NAME = re.compile(r"anskaffelse-library-[0-9a-f]{64}\.jsonl")
# A `\uXXXX` escape that is not itself an escaped backslash followed by "u".
_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u([0-9a-fA-F]{4})")


def cache_dir() -> Path | None:
    if os.environ.get(NO_CACHE_ENV):
        return None
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "anskaffelse"


def entry_name(key: str) -> str:
    return f"anskaffelse-library-{key}.jsonl"


def library_key(root: Path, paths: Sequence[Path]) -> str:
    """The key of a library; `InputError` when one of its files cannot be read as a library file."""
    digest = hashlib.sha256()
    package = resources.files("anskaffelse")
    for name in _CHECKER_FILES:
        digest.update(package.joinpath(*name.split("/")).read_bytes())
    for schema in sorted((package / "schemas").iterdir(), key=lambda p: p.name):
        digest.update(schema.read_bytes())
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(read_bytes(path, MAX_BYTES, "library file") + b"\0")
    return digest.hexdigest()


def read(key: str) -> dict[str, Any] | None:
    """The documents stored under `key`, or None when there is no sound entry (a bad one is removed)."""
    folder = cache_dir()
    if folder is None or not _KEY.fullmatch(key):
        return None
    path = folder / entry_name(key)
    try:
        raw = read_bytes(path, MAX_ENTRY_BYTES, "cache entry")
    except InputError:
        _discard(path)
        return None
    documents = _decode(raw, key)
    if documents is None:
        _discard(path)
    return documents


def write(key: str, documents: dict[str, Any]) -> None:
    """Store the documents of a checked library under `key`; a cache that cannot be written is skipped."""
    folder = cache_dir()
    if folder is None or not _KEY.fullmatch(key):
        return
    from .write import write_all

    try:
        payload = json.dumps(documents, ensure_ascii=False, allow_nan=False,
                             separators=(",", ":")).encode("utf-8")
    except ValueError:
        return  # a value JSON cannot hold exactly (NaN, a lone surrogate): not worth caching
    header = {"format": FORMAT, "version": VERSION, "key": key, "sha256": hashlib.sha256(payload).hexdigest()}
    entry = json.dumps(header).encode("ascii") + b"\n" + payload
    if len(entry) > MAX_ENTRY_BYTES:
        return
    with contextlib.suppress(OSError):
        write_all({folder / entry_name(key): entry})
        _prune(folder)


def _decode(raw: bytes, key: str) -> dict[str, Any] | None:
    first, _, payload = raw.partition(b"\n")
    expected = {"format": FORMAT, "version": VERSION, "key": key, "sha256": hashlib.sha256(payload).hexdigest()}
    try:
        if json.loads(first) != expected:
            return None
        text = payload.decode("utf-8")  # strict: refuses the lone surrogates json.loads would let through
        if _holds_illegal_characters(text):
            return None
        documents = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):  # RecursionError: JSON nested deeper than Python can follow
        return None
    return documents if isinstance(documents, dict) else None


def _holds_illegal_characters(text: str) -> bool:
    """Whether a JSON text holds, written out or escaped, a character documents cannot hold.

    The JSON parser already refuses raw control characters in strings, and
    UTF-8 decoding refuses lone surrogates; U+FFFE and U+FFFF are left, and
    escapes. Entries written here hold no escapes, so the usual case is quick.
    """
    if "\ufffe" in text or "\uffff" in text:
        return True
    if "\\u" not in text:
        return False
    return any(ILLEGAL_CHARACTERS.match(chr(int(m.group(1), 16))) for m in _ESCAPE.finditer(text))


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a library can hold")


def _discard(path: Path) -> None:
    # Only a regular file can be an entry written here; anything else at that name is left
    # alone (and is replaced by the next entry written).
    with contextlib.suppress(OSError):
        if stat.S_ISREG(os.lstat(path).st_mode):
            os.unlink(path)


def _prune(folder: Path) -> None:
    entries: list[tuple[float, str]] = []
    for item in os.scandir(folder):
        with contextlib.suppress(OSError):
            if _ENTRY_NAME.fullmatch(item.name) and item.is_file(follow_symlinks=False):
                entries.append((item.stat(follow_symlinks=False).st_mtime, item.path))
    for _, path in sorted(entries, reverse=True)[KEEP:]:
        with contextlib.suppress(OSError):
            os.unlink(path)
