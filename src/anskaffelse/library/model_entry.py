"""The whole checked library as one cache entry, for a library none of whose files changed.

A warm load from the entries of each file still rebuilds the model and checks its
meaning across files: a third of a warm build of a large library. When a library
loads without any finding and takes every file from its entry (so not on the load
that parsed them, which stays as quick as it was), its model is stored once more as
one entry of the kind "model". Its key is made from the key of each file
(`cache.file_key`: its bytes and the code that reads it), where each file lies in the
library, and every Python file of the package (the code that builds and checks the
model). The next load whose files all have the same keys decodes that model instead
and finds, as the load that stored it found, nothing. The entry is signed like every
entry (`cache`): only what this tool stored after a clean load is ever used.

The model is stored as JSON arrays, one per object in the order of its fields, and
rebuilt by a function written out per class from its type hints (each object made
by `records.builder`), several times faster than rebuilding it from the files'
data. Where each value was written (the `sources` of a `LoadedLibrary`) is needed
only for a finding about the library; it is read, from the entries of the files,
the first time something asks for it.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.util
import os
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

from ..model import Library, Text
from ..reading.load import Document, KeyPath
from ..records import builder
from . import cache


def model_key(files: list[tuple[str, str, str]]) -> str | None:
    """The key of the model of a library whose files are `(part, path in the library, file key)`, in order;
    None when the package's own code cannot be read (then no model is stored or used)."""
    code = code_digest()
    if code is None:
        return None
    digest = hashlib.sha256(b"anskaffelse-model 1\0" + code)
    for part, name, key in files:
        digest.update(f"{part}\0{name}\0{key}\n".encode())
    return digest.hexdigest()


@functools.cache
def code_digest() -> bytes | None:
    """Every Python file of the package, in order of its path: any change to the code gives a new model key.

    Hidden files (an editor's lock file `.#cli.py`, often a dangling link) are not code.
    """
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    code: list[tuple[str, str]] = []  # (path in the package, with "/"; path on disk)
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        inside = os.path.relpath(folder, package).replace(os.sep, "/")
        prefix = "" if inside == "." else inside + "/"
        code += [(prefix + name, os.path.join(folder, name)) for name in files
                 if name.endswith(".py") and not name.startswith(".")]
    if not code:  # not a folder of files (a zip): no way to tell one version of the code from another
        return None
    digest = hashlib.sha256()
    try:
        for name, path in sorted(code):
            with open(path, "rb") as source:
                digest.update(name.encode() + b"\0")
                digest.update(source.read())
    except OSError:
        return None
    return digest.digest()


def code_digest_with(*packages: tuple[str, str]) -> bytes | None:
    """`code_digest` and, for each (module, distribution) of `packages`, the record its installer wrote
    (`<distribution>-<version>.dist-info/RECORD`: every file of the package with its hash), or that it is not
    installed; None when some code cannot be read or an installed package has no such record (then nothing
    made with it is kept: a package changed in place could not be told apart)."""
    ours = code_digest()
    if ours is None:
        return None
    digest = hashlib.sha256(ours)
    for module, distribution in packages:
        spec = importlib.util.find_spec(module)
        if spec is None or spec.origin is None:
            digest.update(module.encode() + b" absent\0")
            continue
        record = _installed_record(os.path.dirname(os.path.dirname(spec.origin)), distribution)
        if record is None:
            return None
        digest.update(module.encode() + b"\0" + record)
    return digest.digest()


def _installed_record(folder: str, distribution: str) -> bytes | None:
    """The RECORD files of `distribution` in `folder` (a site-packages folder), joined; None when it has none."""
    prefix = distribution.lower().replace("-", "_") + "-"
    try:
        found = sorted(entry.name for entry in os.scandir(folder)
                       if entry.name.lower().startswith(prefix) and entry.name.endswith(".dist-info"))
        records = []
        for name in found:
            with open(os.path.join(folder, name, "RECORD"), "rb") as record:
                records.append(name.encode() + b"\0" + record.read())
    except OSError:
        return None
    return b"\0".join(records) if records else None


def encode_library(library: Library) -> list[Any]:
    """The library as JSON arrays (its folder left out: a copy of the library elsewhere has the same model)."""
    encoded: list[Any] = _encoder(Library)(library)
    return encoded


def decode_library(data: Any, root: Path) -> Library:
    """The library `encode_library` gave, with its folder `root`; `ValueError` for data of another shape."""
    try:
        library: Library = _decoder(Library)(data, root)
    except (TypeError, IndexError, KeyError) as exc:
        raise ValueError(f"not a stored library: {exc}") from None
    return library


_PLAIN = (str, int, float, bool, type(None))


def _fields(cls: type) -> list[tuple[str, Any]]:
    """The fields a class is made from, with their types (the library's folder is given, not stored)."""
    hints = typing.get_type_hints(cls)
    return [(f.name, hints[f.name]) for f in dataclasses.fields(cls) if f.init and not (cls is Library
                                                                                        and f.name == "root")]


def _is_plain(hint: Any) -> bool:
    origin = typing.get_origin(hint)
    if origin is Literal:
        return True
    if origin in (typing.Union, types.UnionType):
        return all(_is_plain(a) for a in typing.get_args(hint))
    return hint in _PLAIN


def _names() -> tuple[dict[str, Any], Callable[[Any], str]]:
    names: dict[str, Any] = {}

    def name(value: Any) -> str:
        key = f"_n{len(names)}"
        names[key] = value
        return key

    return names, name


@functools.cache
def _encoder(cls: type) -> Callable[[Any], Any]:
    names, name = _names()
    parts = [_converted(hint, f"v.{field}", name, 0, decoding=False) for field, hint in _fields(cls)]
    source = "def encode(v):\n    return [" + ", ".join(parts) + "]\n"
    exec(compile(source, f"<encoder of {cls.__name__}>", "exec"), names)
    encode: Callable[[Any], Any] = names["encode"]
    return encode


@functools.cache
def _decoder(cls: type) -> Callable[..., Any]:
    names, name = _names()
    names["_cls"], names["_NO_TEXT"], names["_EMPTY_TEXT"] = builder(cls), Text.from_data(None), ["", None, None]
    fields = _fields(cls)
    parts = [_converted(hint, f"v[{i}]", name, 0, decoding=True) for i, (_field, hint) in enumerate(fields)]
    if cls is Library:  # one object: its fields by name, its folder among them
        named = ", ".join(f"{field}={part}" for (field, _hint), part in zip(fields, parts, strict=True))
        source = f"def decode(v, root):\n    return _cls({named}, root=root)\n"
    elif cls is Text:  # the empty text, some 30,000 of a large library, is one object (see model.Text)
        source = f"def decode(v):\n    return _NO_TEXT if v == _EMPTY_TEXT else _cls({', '.join(parts)})\n"
    else:
        source = "def decode(v):\n    return _cls(" + ", ".join(parts) + ")\n"
    exec(compile(source, f"<decoder of {cls.__name__}>", "exec"), names)
    decode: Callable[..., Any] = names["decode"]
    return decode


def _converted(hint: Any, var: str, name: Callable[[Any], str], depth: int, decoding: bool) -> str:
    """An expression turning `var` into its JSON value (a value of type `hint`), or back (`decoding`)."""
    if _is_plain(hint):
        return var
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Text and decoding:  # inline: a large library has some 50,000 texts
        return f"(_NO_TEXT if (_t := {var}) == _EMPTY_TEXT else {name(builder(Text))}(_t[0], _t[1], _t[2]))"
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return f"{name(_decoder(hint) if decoding else _encoder(hint))}({var})"
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in args if a is not type(None)]
        return f"(None if {var} is None else {_converted(inner, var, name, depth, decoding)})"
    if origin is tuple:
        item, sequence = f"x{depth}", "tuple" if decoding else "list"
        if len(args) == 2 and args[1] is Ellipsis:
            if _is_plain(args[0]):
                return f"{sequence}({var})"
            each = f"[{_converted(args[0], item, name, depth + 1, decoding)} for {item} in {var}]"
            return f"tuple({each})" if decoding else each
        items = [_converted(a, f"{var}[{i}]", name, depth, decoding) for i, a in enumerate(args)]
        return "(" + "".join(f"{i}, " for i in items) + ")" if decoding else "[" + ", ".join(items) + "]"
    raise TypeError(f"cannot store {hint!r}")


class LazySources(Mapping[str, tuple[Document, KeyPath]]):
    """Where each part of a library was written, read the first time something asks (see the module docstring)."""

    def __init__(self, read: Callable[[], Mapping[str, tuple[Document, KeyPath]]]) -> None:
        self._read = read
        self._sources: Mapping[str, tuple[Document, KeyPath]] | None = None

    def _loaded(self) -> Mapping[str, tuple[Document, KeyPath]]:
        if self._sources is None:
            self._sources = self._read()
        return self._sources

    def __getitem__(self, key: str) -> tuple[Document, KeyPath]:
        return self._loaded()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())


def read_model(key: str, root: Path) -> Library | None:
    """The library stored under `key`, with its folder `root`; None when there is no sound entry."""
    entry = cache.read(key, cache.MODEL)
    if entry is None:
        return None
    try:
        return decode_library(entry["library"], root)
    except ValueError:
        return None


def write_model(key: str, library: Library) -> None:
    """Store the model of `library` under `key`, unless it is stored already (lint loads without it)."""
    if not cache.exists(key, cache.MODEL):
        cache.write({key: {"library": encode_library(library)}}, cache.MODEL)
