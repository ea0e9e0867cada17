"""A content-addressed cache of checked library files, one entry per file.

Parsing and checking YAML costs most of the time of a first build. A library
file that was parsed and passed its schema is stored as JSON, together with the
positions of its values (`source_map`), under a key made from its bytes, the
part of the library it is (module, manifest, ...), the code that reads and
checks it, and the versions of the YAML parser and of Python. Any change to one
of these gives a new key, so a stale entry is never used; editing one module
re-reads that module only. Entries are only an optimisation: a missing, damaged
or suspect entry counts as no entry, and the file is read from its YAML.

An entry is the file `anskaffelse-library-<key>.jsonl` holding two lines of
JSON and nothing executable: a header with the format, its version, the key
and an HMAC-SHA256 of the format, version, key and second line, made with the
user's own secret key (`cache_key`), and then the file's data and positions.
Reading checks all four and reads the file only if it is a regular file of at
most `MAX_ENTRY_BYTES` (see `infile`). An entry that verifies is exactly what
this tool wrote from a file that passed its checks, so it is trusted as that
file would be; no one without the key can make or alter one, nor move one to
another key. Should the key nevertheless leak, an entry holding a character a
Word or Excel file cannot hold is still refused; but a Word frame or workbook
skeleton holds whole parts of documents, which whoever has the key could change
as they could any entry. The key, kept private (`cache_key`), is what protects
the documents built from the cache.
The `<key>` in an entry's name is itself made with the user's key, so users who
share a cache folder neither read nor replace each other's entries. Without a
key (see `cache_key`) the cache is not used.

Lint keeps the findings of each module file beside it, as entries of the
kind "lint" (`anskaffelse-lint-<key>.jsonl`, see `lint_cache`), in the same
format with a format name of their own; so do the checked model of a whole
library ("model", `model_entry`), the frame of a Word document ("word",
`export.docx_frame`) and the skeleton of a response workbook ("excel",
`export.xlsx_skeleton`).

The cache folder may be shared with other files (`ANSKAFFELSE_CACHE_DIR`), so
pruning only ever removes files named exactly like an entry; it keeps the
`KEEP` entries used most recently (reading an entry marks it as used).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import json
import os
import re
import stat
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from ..diagnostics import InputError
from ..infile import read_bytes
from ..reading.load import ILLEGAL_CHARACTERS
from .cache_key import cache_key

CACHE_ENV = "ANSKAFFELSE_CACHE_DIR"
NO_CACHE_ENV = "ANSKAFFELSE_NO_CACHE"
KEEP = 2048
"""Entries kept: one per library file, so a few large libraries and many edits of them."""
FORMAT = "anskaffelse-library-cache"
VERSION = 3
LIBRARY, LINT, MODEL, WORD, EXCEL = "library", "lint", "model", "word", "excel"
"""The kinds of entry: a library file's data and positions, the lint findings of a module file, the
checked model of a whole library (`model_entry`), the frame of a Word document (`export.docx_frame`) and
the skeleton of a response workbook (`export.xlsx_skeleton`)."""
_FIELDS = {LIBRARY: {"data", "positions"}, LINT: {"findings"}, MODEL: {"library"},
           WORD: {"package", "main", "styles", "requests"}, EXCEL: {"package", "sheets", "list_ranges", "styles"}}
MAX_ENTRY_BYTES = 64 * 1024 * 1024
"""The largest module of a library is some hundred kilobytes; its entry is a few times that."""
# The code that reads and checks a library file: a change to any of it must give a fresh check,
# not a cached verdict of the old code.
_CHECKER_FILES = ("reading/load.py", "reading/characters.py", "reading/convert.py", "reading/yaml_parser.py",
                  "reading/source_map.py", "reading/schema.py", "reading/schema_fast.py", "library/cache.py",
                  "library/files.py")
_KEY = re.compile(r"[0-9a-f]{64}")
_ENTRY_NAME = re.compile(r"anskaffelse-(?:library|lint|model|word|excel)-[0-9a-f]{64}\.jsonl")
_SIGNATURE = re.compile(r"[0-9a-f]{64}")
MAX_HEADER_BYTES = 512
"""An entry's header line is some 200 bytes; a longer one is not parsed at all."""
# A `\uXXXX` escape that is not itself an escaped backslash followed by "u".
_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u([0-9a-fA-F]{4})")


def cache_dir() -> Path | None:
    """The cache folder; None when the cache is switched off or there is no key to sign entries with."""
    if os.environ.get(NO_CACHE_ENV) or cache_key() is None:
        return None
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "anskaffelse"


def entry_name(key: str, kind: str = LIBRARY) -> str:
    """The file name of the entry of `kind` under `key`, made with the user's key (see the module docstring)."""
    secret = cache_key()
    name = key if secret is None else hmac.new(secret, f"name {kind} {key}".encode("ascii"), hashlib.sha256).hexdigest()
    return f"anskaffelse-{kind}-{name}.jsonl"


def _format(kind: str) -> str:
    return f"anskaffelse-{kind}-cache"


@functools.cache
def _checker_digest() -> bytes:
    """What, besides a file's bytes, decides what reading it gives: our code, its schemas, the parser."""
    import ruamel.yaml

    from ..reading.yaml_parser import CParser

    digest = hashlib.sha256(f"{FORMAT} {VERSION} ruamel.yaml {ruamel.yaml.__version__} C parser "
                            f"{CParser is not None} Python {sys.version_info[:3]}".encode())
    package = resources.files("anskaffelse")
    for name in _CHECKER_FILES:
        digest.update(package.joinpath(*name.split("/")).read_bytes())
    for schema in sorted((package / "schemas").iterdir(), key=lambda p: p.name):
        digest.update(schema.read_bytes())
    return digest.digest()


def file_key(part: str, raw: bytes) -> str:
    """The key of a library file: its bytes, the part of the library it is, and `_checker_digest`."""
    digest = hashlib.sha256(_checker_digest())
    digest.update(part.encode() + b"\0")
    digest.update(raw)
    return digest.hexdigest()


def read(key: str, kind: str = LIBRARY) -> dict[str, Any] | None:
    """The entry of `kind` stored under `key`, or None when there is no sound one (a bad one is removed)."""
    folder = cache_dir()
    if folder is None or not _KEY.fullmatch(key):
        return None
    path = folder / entry_name(key, kind)
    if not os.path.lexists(path):
        return None  # the usual miss, without the finding `read_bytes` would make of it
    try:
        raw = read_bytes(path, MAX_ENTRY_BYTES, "cache entry")
    except InputError:
        _discard(path)
        return None
    entry = _decode(raw, key, kind)
    if entry is None:
        _discard(path)
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # used now: pruning keeps the entries used most recently
    return entry


def touch(keys: list[str], kind: str = LIBRARY) -> None:
    """Mark the entries under `keys` as used now, without reading them (pruning keeps those used last)."""
    folder = cache_dir()
    if folder is None:
        return
    for key in keys:
        if _KEY.fullmatch(key):
            path = folder / entry_name(key, kind)
            with contextlib.suppress(OSError):
                if not path.is_symlink():  # only an entry written here; a link may lead anywhere
                    os.utime(path)


def exists(key: str, kind: str = LIBRARY) -> bool:
    """Whether something is stored under the name of the entry of `kind` under `key` (it may not be sound)."""
    folder = cache_dir()
    return folder is not None and bool(_KEY.fullmatch(key)) and os.path.lexists(folder / entry_name(key, kind))


def write(entries: dict[str, dict[str, Any]], kind: str = LIBRARY) -> None:
    """Store entries of `kind` under their keys; a cache that cannot be written is skipped."""
    folder = cache_dir()
    if folder is None or not entries:
        return
    from ..write import write_all

    files: dict[Path, bytes] = {}
    for key, entry in entries.items():
        encoded = _encode(key, entry, kind)
        if encoded is not None and _KEY.fullmatch(key):
            files[folder / entry_name(key, kind)] = encoded
    if not files:
        return
    with contextlib.suppress(OSError):
        # Not durable: an entry lost in a power cut is read from its YAML again, and a damaged one is refused.
        write_all(files, durable=False)
        _prune(folder)


def _encode(key: str, entry: dict[str, Any], kind: str) -> bytes | None:
    secret = cache_key()
    if secret is None:
        return None
    try:
        # Without the check for cycles (a tenth of the time): parsed YAML has no aliases, so it is a tree.
        payload = json.dumps(entry, ensure_ascii=False, allow_nan=False, check_circular=False,
                             separators=(",", ":")).encode("utf-8")
    except (ValueError, UnicodeEncodeError, RecursionError):
        return None  # a value JSON cannot hold exactly (NaN, a lone surrogate, a cycle): not worth caching
    header = {"format": _format(kind), "version": VERSION, "key": key, "hmac": _signature(secret, kind, key, payload)}
    encoded = json.dumps(header).encode("ascii") + b"\n" + payload
    return encoded if len(encoded) <= MAX_ENTRY_BYTES else None


def _signature(secret: bytes, kind: str, key: str, payload: bytes) -> str:
    """The HMAC of an entry: its format, version and key are signed with its content, so none can be swapped."""
    signature = hmac.new(secret, f"{_format(kind)} {VERSION} {key}\n".encode("ascii"), hashlib.sha256)
    signature.update(payload)
    return signature.hexdigest()


def _decode(raw: bytes, key: str, kind: str) -> dict[str, Any] | None:
    """The entry in `raw`: a mapping with the fields of its kind, signed with the user's key; None for anything else."""
    secret = cache_key()
    first, _, payload = raw.partition(b"\n")
    if secret is None or len(first) > MAX_HEADER_BYTES:
        return None
    try:
        header = json.loads(first)
        if not isinstance(header, dict) or set(header) != {"format", "version", "key", "hmac"}:
            return None
        if (header["format"], header["version"], header["key"]) != (_format(kind), VERSION, key):
            return None
        signature = header["hmac"]
        if not isinstance(signature, str) or not _SIGNATURE.fullmatch(signature) or not hmac.compare_digest(
                signature.encode("ascii"), _signature(secret, kind, key, payload).encode("ascii")):
            return None
        text = payload.decode("utf-8")  # strict: refuses the lone surrogates json.loads would let through
        # U+FFFE and U+FFFF begin with the byte EF in UTF-8, an escape with a backslash: without either
        # byte (one quick search each) the text holds neither, and the slower search is spared.
        if (b"\\" in payload or b"\xef" in payload) and _holds_illegal_characters(text):
            return None
        entry = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):  # RecursionError: JSON nested deeper than Python can follow
        return None
    return entry if isinstance(entry, dict) and set(entry) == _FIELDS[kind] else None


def _holds_illegal_characters(text: str) -> bool:
    """Whether a JSON text holds, written out or escaped, a character documents cannot hold.

    Entries written here never do; this guards the documents should the key leak.
    The JSON parser already refuses raw control characters in strings, and UTF-8
    decoding refuses lone surrogates; U+FFFE and U+FFFF are left, and escapes.
    Entries written here hold no escapes, so the usual case is quick.
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
