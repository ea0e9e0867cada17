"""Where each value of a loaded YAML file was written, kept compact until a finding asks.

A library of 10,000 requirements has some 400,000 values. Keeping a mapping
from the key path of each to its line and column costs a tuple and a dict entry
per value, for positions that are almost never asked for: a library without
findings reports none. So the loader writes one flat list of integers as it
walks the file, in the order of the file, and the mappings `Document.where`
reads are built from it on the first question. The same list is what the
library cache stores, so a library read from the cache reports the same file,
line and column as one read from its YAML.

The record, depth first, values in the order they are written:

    a plain value      SCALAR, line, column
    a number           NUMBER, line, column        (its text is the next of `numbers`)
    a list             SEQUENCE, line, column, count, then each item
    a mapping          MAPPING, line, column, count, then for each entry:
                       key (index into `keys`), key line, key column, value

An empty file has an empty record.

Lines and columns are 1-based, as findings show them.
"""

from __future__ import annotations

import base64
import sys
from array import array
from collections.abc import Callable, Iterator, Mapping
from typing import Any

KeyPath = tuple[str | int, ...]
Position = tuple[int, int]
Index = tuple[dict[KeyPath, Position], dict[KeyPath, Position], dict[KeyPath, str]]

SCALAR, NUMBER, SEQUENCE, MAPPING = 0, 1, 2, 3


class SourceMap:
    """The positions of one file's values; `index()` turns the record into mappings by key path, once."""

    __slots__ = ("_index", "fallback", "keys", "numbers", "record")

    def __init__(self, record: array[int] | list[int], keys: list[str], numbers: list[str],
                 fallback: Callable[[], SourceMap | None] | None = None) -> None:
        self.record = record
        self.keys = keys
        self.numbers = numbers
        self.fallback = fallback
        """Where to get the positions when the record turns out to be damaged (a cache entry: the YAML file)."""
        self._index: Index | None = None

    def index(self) -> Index:
        """Positions of values, positions of keys, and the text of each number, by key path."""
        if self._index is None:
            try:
                self._index = _build_index(self.record, self.keys, self.numbers)
            except ValueError:
                if self.fallback is None:
                    raise
                other = self.fallback()
                self._index = other.index() if other is not None else ({}, {}, {})
        return self._index

    def to_data(self) -> dict[str, Any]:
        """A JSON-ready form: the record as base-64 little-endian integers of 16 bits when every value
        fits (`width` 2: lines below 65,536, the usual case, half the bytes to hash, store and read),
        else of 32 bits (`width` 4)."""
        packed = array("i", self.record)
        if sys.byteorder == "big":
            packed.byteswap()
        raw = packed.tobytes()
        count = len(packed)
        if raw[2::4] == bytes(count) and raw[3::4] == bytes(count):  # every value in 0 ... 65,535
            narrow = bytearray(2 * count)
            narrow[0::2], narrow[1::2] = raw[0::4], raw[1::4]
            return {"record": base64.b64encode(narrow).decode("ascii"), "width": 2, "keys": self.keys,
                    "numbers": self.numbers}
        return {"record": base64.b64encode(raw).decode("ascii"), "width": 4, "keys": self.keys,
                "numbers": self.numbers}

    @classmethod
    def from_data(cls, data: Any) -> SourceMap:
        """The inverse of `to_data`; `ValueError` for anything that is not such a form."""
        if not isinstance(data, dict) or set(data) != {"record", "width", "keys", "numbers"}:
            raise ValueError("not a source map")
        keys, numbers, width = data["keys"], data["numbers"], data["width"]
        if not all(isinstance(k, str) for k in keys) or not all(isinstance(n, str) for n in numbers) \
                or type(width) is not int or width not in (2, 4):
            raise ValueError("not a source map")
        raw = base64.b64decode(data["record"], validate=True)
        if len(raw) % width:
            raise ValueError("not a source map")
        if width == 2:
            wide = bytearray(2 * len(raw))
            wide[0::4], wide[1::4] = raw[0::2], raw[1::2]
            raw = bytes(wide)
        record = array("i")
        record.frombytes(raw)
        if sys.byteorder == "big":
            record.byteswap()
        return cls(record, list(keys), list(numbers))


class PositionView(Mapping[KeyPath, Any]):
    """One of the three mappings of a `SourceMap`, built when first read."""

    __slots__ = ("_part", "_source")

    def __init__(self, source: SourceMap, part: int) -> None:
        self._source = source
        self._part = part

    def _mapping(self) -> dict[KeyPath, Any]:
        return self._source.index()[self._part]

    def __getitem__(self, key: KeyPath) -> Any:
        return self._mapping()[key]

    def get(self, key: KeyPath, default: Any = None) -> Any:
        return self._mapping().get(key, default)

    def __iter__(self) -> Iterator[KeyPath]:
        return iter(self._mapping())

    def __len__(self) -> int:
        return len(self._mapping())


def views(source: SourceMap) -> tuple[PositionView, PositionView, PositionView]:
    """The positions, key positions and number texts of `source`, as `Document` holds them."""
    return PositionView(source, 0), PositionView(source, 1), PositionView(source, 2)


def _build_index(record: array[int] | list[int], keys: list[str], numbers: list[str]) -> Index:
    """Walk the record without recursion (a file may nest as deep as the loader allows).

    `ValueError` when the record does not describe one whole value (a damaged cache entry).
    """
    positions: dict[KeyPath, Position] = {}
    key_positions: dict[KeyPath, Position] = {}
    number_texts: dict[KeyPath, str] = {}
    if not record and not numbers:
        return positions, key_positions, number_texts  # an empty file: no value, so no position
    at = 0
    number = 0
    # Each open list or mapping: its path, its kind, and how many entries are still to come.
    open_items: list[list[Any]] = []
    path: KeyPath = ()
    try:
        while True:
            kind, line, column = record[at], record[at + 1], record[at + 2]
            at += 3
            positions[path] = (line, column)
            if kind == NUMBER:
                number_texts[path] = numbers[number]
                number += 1
            if kind in (SEQUENCE, MAPPING):
                open_items.append([path, kind, record[at], 0])
                at += 1
            elif kind not in (SCALAR, NUMBER):
                raise ValueError("not a source map")
            while open_items and open_items[-1][3] == open_items[-1][2]:
                open_items.pop()
            if not open_items:
                break
            parent = open_items[-1]
            if parent[1] == MAPPING:
                key = keys[record[at]]
                path = (*parent[0], key)
                key_positions[path] = (record[at + 1], record[at + 2])
                at += 3
            else:
                path = (*parent[0], parent[3])
            parent[3] += 1
    except IndexError:
        raise ValueError("not a source map") from None
    if at != len(record) or number != len(numbers):
        raise ValueError("not a source map")
    return positions, key_positions, number_texts
