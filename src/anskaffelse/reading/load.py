"""Read YAML files into plain Python data that remembers where each value came from.

Every later stage reports problems against a path of keys (``("tailor",
"EPJ-DR-001", "weight")``); `Document.where` turns that path into a file, line
and column; the positions are kept as a compact record (`source_map`) until a
finding asks for one. Anchors and aliases are refused: profiles and libraries never
need them, and refusing them is the simplest complete defence against alias bombs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, InputError, display_path, error
from ..infile import binary_kind, kind_text, not_yaml_hint, read_bytes
from ..locale.messages import _
from .characters import ILLEGAL_CHARACTERS, forbidden_character
from .convert import MAX_NUMBER, Converter
from .source_map import SourceMap, views
from .yaml_errors import explain, syntax_error

__all__ = [
    "ILLEGAL_CHARACTERS", "MAX_BYTES", "MAX_NUMBER", "Document", "KeyPath", "decode_text", "document",
    "forbidden_character", "load_yaml", "parse_yaml", "read_text",
]

MAX_BYTES = 5 * 1024 * 1024
"""A profile is a few kilobytes and the largest module some hundred; 5 MB is generous."""

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Document:
    """One loaded YAML file: its data and the source position of every node."""

    path: Path
    data: Any
    positions: Mapping[KeyPath, tuple[int, int]] = field(repr=False)
    key_positions: Mapping[KeyPath, tuple[int, int]] = field(default_factory=dict, repr=False)
    pruned: frozenset[KeyPath] = frozenset()
    """Entries left out because they broke the schema (already reported)."""
    number_texts: Mapping[KeyPath, str] = field(default_factory=dict, repr=False)
    """Each number as it was written, so a hint can quote `1.10` or `0940` exactly as the user typed it."""
    source: SourceMap | None = field(default=None, repr=False, compare=False)
    """The compact record the three mappings above are read from (what the library cache stores)."""

    @cached_property
    def name(self) -> str:
        # Resolving the path costs a system call; a profile with 50,000 findings asks 50,000 times.
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


def read_text(path: Path, limit: int = MAX_BYTES, what: str | None = None) -> str:
    """The text of a YAML file; `what` names the file in messages, in the user's language ('file' if not given)."""
    return decode_text(read_bytes(path, limit, _("file") if what is None else what), path)


def decode_text(raw: bytes, path: Path) -> str:
    """The text of a YAML file read as `raw`; `InputError` for a binary file or one that is not UTF-8."""
    kind = binary_kind(raw[:65536])
    if kind is not None:
        shown = display_path(path)
        raise InputError([error("Y011", _("{file} is {kind}, not a YAML file").format(file=shown, kind=kind_text(kind)),
                                not_yaml_hint(kind), file=shown)])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        shown = display_path(path)
        raise InputError(
            [
                error(
                    "Y006",
                    _("file is not valid UTF-8 text"),
                    _("Save the file as UTF-8 (most editors offer it under 'Save as')."),
                    file=shown,
                    line=line,
                    column=1,
                )
            ]
        ) from None


def parse_yaml(text: str, path: Path) -> Document:
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    from .yaml_parser import compose

    shown = display_path(path)
    raw = forbidden_character(text, shown) if _may_pass_the_parser(text) else None
    if raw is not None:
        raise InputError([raw])
    try:
        root = compose(text)
    except MarkedYAMLError as exc:
        raw = forbidden_character(text, shown)
        raise InputError([raw if raw is not None else _syntax_error(exc, text, shown)]) from None
    except YAMLError as exc:
        raw = forbidden_character(text, shown)
        raise InputError([raw if raw is not None else error("Y001", syntax_error(str(exc)), file=shown)]) from None
    # Only a file with an anchor (&name) can hand out one node twice; others need no bookkeeping for it.
    converter = Converter(shown, track_aliases="&" in text)
    try:
        data = converter.convert(root, None) if root is not None else None
    except RecursionError:
        raise InputError([error("Y001", _("the YAML is nested too deeply"), _("Flatten the structure."),
                                file=shown)]) from None
    if converter.problems:
        raise InputError(converter.problems)
    return document(path, data, converter.source_map())


def _may_pass_the_parser(text: str) -> bool:
    """Whether `text` may hold a forbidden character the YAML parser does not refuse itself.

    libyaml refuses every control character but tab, line feed, carriage return and
    NEL (U+0085), and U+FFFE and U+FFFF. So a text of characters below U+0100 (most
    files: `encode` is then a copy) can only hold NEL unrefused; only a file that
    holds one, or a wider character (a bidirectional control), is searched before it
    is parsed. When the parser refuses a file, it is searched too, so the finding is
    always `forbidden_character`'s, with its line and column, as if searched first.
    """
    from .yaml_parser import CParser

    if CParser is None:
        return True
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return True
    return "\x85" in text


def document(path: Path, data: Any, source: SourceMap) -> Document:
    """A `Document` whose positions are read from `source` when first asked for."""
    positions, key_positions, number_texts = views(source)
    return Document(path=path, data=data, positions=positions, key_positions=key_positions,
                    number_texts=number_texts, source=source)


def _syntax_error(exc: Any, text: str, shown: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "invalid YAML"
    if exc.context and exc.context_mark and (mark is None or mark.line >= text.count("\n")):
        # Running off the end (an unclosed quote or bracket) is best shown where it began.
        problem = f"{problem} {exc.context}"
        mark = exc.context_mark
    found = explain(problem, text, mark.line + 1 if mark else 0, mark.column + 1 if mark else 0)
    return error("Y001", found.message, found.hint, file=shown, line=found.line, column=found.column)

