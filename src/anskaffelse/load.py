"""Read YAML files into plain Python data that remembers where each value came from.

Every later stage reports problems against a path of keys (``("tailor",
"EPJ-DR-001", "weight")``); `Document.where` turns that path into a file, line
and column. Anchors and aliases are refused: profiles and libraries never need
them, and refusing them is the simplest complete defence against alias bombs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, InputError, display_path, error
from .infile import read_bytes

MAX_BYTES = 5 * 1024 * 1024
"""A profile is a few kilobytes and the largest module some hundred; 5 MB is generous."""

KeyPath = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"
# Characters XML 1.0 (and so Word and Excel) cannot hold; YAML escapes like "\x01" can produce them.
ILLEGAL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class Document:
    """One loaded YAML file: its data and the source position of every node."""

    path: Path
    data: Any
    positions: Mapping[KeyPath, tuple[int, int]] = field(repr=False)
    key_positions: Mapping[KeyPath, tuple[int, int]] = field(default_factory=dict, repr=False)
    pruned: frozenset[KeyPath] = frozenset()
    """Entries left out because they broke the schema (already reported)."""

    @property
    def name(self) -> str:
        return display_path(self.path)

    def where(self, path: KeyPath = ()) -> dict[str, Any]:
        """File, line and column of the node at `path`, or of its nearest ancestor.

        A mapping or list written as a block starts on the line after its key,
        so for those the key's own position is the one a reader looks for.
        """
        for end in range(len(path), -1, -1):
            sub = tuple(path[:end])
            pos = self.positions.get(sub)
            key = self.key_positions.get(sub)
            if pos is not None and key is not None and key[0] < pos[0]:
                pos = key
            if pos is not None:
                return {"file": self.name, "line": pos[0], "column": pos[1]}
        return {"file": self.name, "line": 0, "column": 0}

    def where_key(self, path: KeyPath) -> dict[str, Any]:
        """Position of the key that names the entry at `path` (for unknown or misplaced keys)."""
        pos = self.key_positions.get(tuple(path))
        if pos is None:
            return self.where(path)
        return {"file": self.name, "line": pos[0], "column": pos[1]}


def load_yaml(path: Path) -> Document:
    """Read and parse one YAML file; raise `InputError` with precise findings."""
    text = read_text(path)
    return parse_yaml(text, path)


def read_text(path: Path, limit: int = MAX_BYTES, what: str = "file") -> str:
    shown = display_path(path)
    raw = read_bytes(path, limit, what)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            [
                error(
                    "Y006",
                    "file is not valid UTF-8 text",
                    "Save the file as UTF-8 (most editors offer it under 'Save as').",
                    file=shown,
                    line=line,
                    column=1,
                )
            ]
        ) from None


def parse_yaml(text: str, path: Path) -> Document:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    shown = display_path(path)
    # The C parser (ruamel.yaml.clib) is several times faster; ruamel falls back to Python without it.
    yaml = YAML(typ="safe", pure=False)
    try:
        root = yaml.compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark and (mark is None or mark.line >= text.count("\n")):
            # Running off the end (an unclosed quote or bracket) is best shown where it began.
            problem = f"{problem} {exc.context}"
            mark = exc.context_mark
        raise InputError(
            [
                error(
                    "Y001",
                    f"YAML syntax error: {problem}",
                    "Check indentation, colons and quotes near this position.",
                    file=shown,
                    line=mark.line + 1 if mark else 0,
                    column=mark.column + 1 if mark else 0,
                )
            ]
        ) from None
    except YAMLError as exc:
        raise InputError([error("Y001", f"YAML syntax error: {exc}", file=shown)]) from None
    converter = _Converter(yaml.constructor, shown)
    try:
        data = converter.convert(root, ()) if root is not None else None
    except RecursionError:
        raise InputError([error("Y001", "the YAML is nested too deeply", "Flatten the structure.",
                                file=shown)]) from None
    if converter.problems:
        raise InputError(converter.problems)
    return Document(path=path, data=data, positions=converter.positions,
                    key_positions=converter.key_positions)


class _Converter:
    """Turn a composed node tree into dicts, lists and scalars, recording positions."""

    def __init__(self, constructor: Any, shown: str) -> None:
        self.constructor = constructor
        self.shown = shown
        self.positions: dict[KeyPath, tuple[int, int]] = {}
        self.key_positions: dict[KeyPath, tuple[int, int]] = {}
        self.problems: list[Diagnostic] = []
        self.seen: set[int] = set()
        self.alias_found = False

    def _at(self, node: Any) -> dict[str, Any]:
        return {"file": self.shown, "line": node.start_mark.line + 1, "column": node.start_mark.column + 1}

    def convert(self, node: Any, path: KeyPath) -> Any:
        from ruamel.yaml.nodes import MappingNode, SequenceNode

        if self.alias_found:
            return None
        # The composer hands out the very same node object for every alias of an anchor.
        if id(node) in self.seen:
            self.alias_found = True
            line, column = self.key_positions.get(path, (node.start_mark.line + 1, node.start_mark.column + 1))
            self.problems.append(
                error(
                    "Y002",
                    "YAML anchors and aliases (&name, *name) are not supported",
                    "Write the content out in full where it is needed.",
                    file=self.shown, line=line, column=column,
                )
            )
            return None
        self.seen.add(id(node))
        self.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: Any, path: KeyPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if str(key_node.tag) == _MERGE:
                self.problems.append(
                    error("Y002", "YAML merge keys (<<) are not supported", **self._at(key_node))
                )
                continue
            key = self._scalar(key_node)
            key = key if isinstance(key, str) else str(key)
            if key in result:
                self.problems.append(
                    error(
                        "Y003",
                        f"duplicate key '{key}'",
                        "Remove one of the two entries; YAML keeps only the last.",
                        **self._at(key_node),
                    )
                )
            self.key_positions[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.convert(value_node, (*path, key))
        return result

    def _scalar(self, node: Any) -> Any:
        from ruamel.yaml.nodes import ScalarNode

        if not isinstance(node, ScalarNode):
            self.problems.append(error("Y001", "a key must be a plain value", **self._at(node)))
            return "?"
        tag = str(node.tag)
        # Dates stay text: the schemas check their form, and output keeps what the user wrote.
        if tag in (_STR, _TIMESTAMP):
            return self._text(node)
        try:
            return self.constructor.construct_object(node, deep=True)
        except Exception:  # ruamel raises several types for a bad or unknown tag
            shown_tag = tag.replace("tag:yaml.org,2002:", "!!")
            self.problems.append(error("Y008", f"'{node.value}' is marked with {shown_tag}, which cannot be used here",
                                       "Remove the '!' mark and write the value plainly.", **self._at(node)))
            return None

    def _text(self, node: Any) -> str:
        found = ILLEGAL_CHARACTERS.search(node.value)
        if found:
            self.problems.append(error(
                "Y007", f"the text contains the control character U+{ord(found.group(0)):04X}",
                "Remove it; documents cannot hold control characters (a tab or line break is fine).",
                **self._at(node)))
            return ILLEGAL_CHARACTERS.sub("", node.value)
        return node.value
