"""Read YAML files into plain Python data that remembers where each value came from.

Every later stage reports problems against a path of keys (``("tailor",
"EPJ-DR-001", "weight")``); `Document.where` turns that path into a file, line
and column; the positions are kept as a compact record (`source_map`) until a
finding asks for one. Anchors and aliases are refused: profiles and libraries never
need them, and refusing them is the simplest complete defence against alias bombs.
"""

from __future__ import annotations

import math
import re
from array import array
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, InputError, abbreviate, display_path, error
from ..infile import binary_kind, kind_text, not_yaml_hint, read_bytes
from ..locale.messages import _
from .source_map import MAPPING, NUMBER, SCALAR, SEQUENCE, SourceMap, views
from .yaml_errors import explain, syntax_error
from .yaml_parser import (
    MAP_TAG,
    NOT_PLAIN,
    SEQ_TAG,
    STR_TAG,
    MappingNode,
    ScalarNode,
    SequenceNode,
    plain_value,
    safe_constructor,
)

MAX_BYTES = 5 * 1024 * 1024
"""A profile is a few kilobytes and the largest module some hundred; 5 MB is generous."""

KeyPath = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"
_INT = "tag:yaml.org,2002:int"
_PLAIN_COLLECTIONS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
# Characters no text may hold, whether written raw or as a YAML escape like "\x1b": C0 controls
# but tab, line feed and carriage return; DEL and the C1 controls; the bidirectional overrides
# and isolates, which make a text display in another order than it is stored; and what XML 1.0
# (so Word and Excel) cannot hold at all.
ILLEGAL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
                        "\ufffe\uffff\ud800-\udfff]")
_DIGITS = re.compile("[-+]?[0-9_]+")
# Plain, single-quoted and block scalars hold only characters written in the file; double quotes can escape.
_UNESCAPED_STYLES = frozenset({None, "", "'", "|", ">"})
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")

MAX_NUMBER = 10**15
"""The largest size of any number in a profile or library.

Money, days and percentages in a tender stay far below it. Below 2**53 every
whole number is exact as a float and prints with `:g`, and no number gets near
Python's 4,300-digit limit on turning text into int.
"""


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
    shown = display_path(path)
    kind = binary_kind(raw[:65536])
    if kind is not None:
        raise InputError([error("Y011", _("{file} is {kind}, not a YAML file").format(file=shown, kind=kind_text(kind)),
                                not_yaml_hint(kind), file=shown)])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
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
    raw = forbidden_character(text, shown)
    if raw is not None:
        raise InputError([raw])
    try:
        root = compose(text)
    except MarkedYAMLError as exc:
        raise InputError([_syntax_error(exc, text, shown)]) from None
    except YAMLError as exc:
        raise InputError([error("Y001", syntax_error(str(exc)), file=shown)]) from None
    # Only a file with an anchor (&name) can hand out one node twice; others need no bookkeeping for it.
    converter = _Converter(shown, track_aliases="&" in text)
    try:
        data = converter.convert(root, None) if root is not None else None
    except RecursionError:
        raise InputError([error("Y001", _("the YAML is nested too deeply"), _("Flatten the structure."),
                                file=shown)]) from None
    if converter.problems:
        raise InputError(converter.problems)
    return document(path, data, converter.source_map())


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


def forbidden_character(text: str, shown: str) -> Diagnostic | None:
    """A finding for the first forbidden character written raw into the file, with its line and column.

    ruamel refuses most of them too, but only with a character offset and its own
    wording; bidirectional controls it accepts, also in comments, where they can
    hide what a reviewer reads (the "Trojan Source" trick).
    """
    found = ILLEGAL_CHARACTERS.search(text)
    if found is None:
        return None
    start = found.start()
    breaks = list(_LINE_BREAK.finditer(text, 0, start))
    line_start = breaks[-1].end() if breaks else 0
    more = len(ILLEGAL_CHARACTERS.findall(text, start + 1))
    kind, code = _character_kind(found.group(0))
    return error("Y007", _character_message(kind, "more" if more else "file").format(code=code, more=more),
                 _("{hint} An editor that shows invisible characters will show where it is.").format(
                     hint=_character_hint(kind)),
                 file=shown, line=len(breaks) + 1, column=start - line_start + 1)


def _character_kind(char: str) -> tuple[str, str]:
    """What the character is ('bidi', 'noncharacter' or 'control') and its code ('U+001B'), for Y007."""
    code = f"U+{ord(char):04X}"
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return "bidi", code
    if char in "\ufffe\uffff" or "\ud800" <= char <= "\udfff":
        return "noncharacter", code
    return "control", code


def _character_message(kind: str, where: str) -> str:
    """The Y007 message (placeholders `code` and `more`) for a character in the file, the file with more
    such characters, or a text."""
    return {
        ("bidi", "file"): _("the file contains the bidirectional control character {code}"),
        ("bidi", "more"): _("the file contains the bidirectional control character {code} (and {more:,} more)"),
        ("bidi", "text"): _("the text contains the bidirectional control character {code}"),
        ("noncharacter", "file"): _("the file contains the character {code}, which is not a character at all"),
        ("noncharacter", "more"): _("the file contains the character {code}, which is not a character at all "
                                    "(and {more:,} more)"),
        ("noncharacter", "text"): _("the text contains the character {code}, which is not a character at all"),
        ("control", "file"): _("the file contains the control character {code}"),
        ("control", "more"): _("the file contains the control character {code} (and {more:,} more)"),
        ("control", "text"): _("the text contains the control character {code}"),
    }[(kind, where)]


def _character_hint(kind: str) -> str:
    if kind == "bidi":
        return _("Remove it: it makes text display in another order than it is stored.")
    if kind == "noncharacter":
        return _("Remove it; documents cannot hold it.")
    return _("Remove it; documents cannot hold control characters (a tab or line break is fine).")


class _Converter:
    """Turn a composed node tree into dicts, lists and scalars, recording where each came from (see `source_map`)."""

    def __init__(self, shown: str, track_aliases: bool) -> None:
        self.shown = shown
        self.record: list[int] = []
        self.keys: dict[str, int] = {}
        self.numbers: list[str] = []
        self.problems: list[Diagnostic] = []
        self.seen: set[int] | None = set() if track_aliases else None
        self.alias_found = False
        self._constructor: Any = None

    def source_map(self) -> SourceMap:
        return SourceMap(array("i", self.record), list(self.keys), self.numbers)

    def _at(self, node: Any) -> dict[str, Any]:
        return {"file": self.shown, "line": node.start_mark.line + 1, "column": node.start_mark.column + 1}

    def convert(self, node: Any, key_node: Any) -> Any:
        """The value of `node`; `key_node` is the key it stands under in a mapping, if any."""
        if self.alias_found:
            return None
        if self.seen is not None:
            # The composer hands out the very same node object for every alias of an anchor.
            if id(node) in self.seen:
                return self._alias(node, key_node)
            self.seen.add(id(node))
        mark = node.start_mark
        if isinstance(node, MappingNode):
            self.record += (MAPPING, mark.line + 1, mark.column + 1, len(node.value))
            if node.ctag is not MAP_TAG:
                self._refuse_tag(node, "mapping")
            return self._mapping(node)
        if isinstance(node, SequenceNode):
            self.record += (SEQUENCE, mark.line + 1, mark.column + 1, len(node.value))
            if node.ctag is not SEQ_TAG:
                self._refuse_tag(node, "list")
            return self._sequence(node)
        value = self._scalar(node)
        if isinstance(value, int | float) and not isinstance(value, bool):
            self.record += (NUMBER, mark.line + 1, mark.column + 1)
            self.numbers.append(node.value)
        else:
            self.record += (SCALAR, mark.line + 1, mark.column + 1)
        return value

    def _alias(self, node: Any, key_node: Any) -> None:
        self.alias_found = True
        at = node if key_node is None else key_node
        self.problems.append(
            error(
                "Y002",
                _("YAML anchors and aliases (&name, *name) are not supported"),
                _("Write the content out in full where it is needed."),
                **self._at(at),
            )
        )

    def _refuse_tag(self, node: Any, kind: str) -> None:
        """A `!tag` on a mapping or list would be dropped silently; refuse it as on a plain value."""
        tag = str(node.tag)
        if tag not in _PLAIN_COLLECTIONS:
            message = (_("this mapping is marked with {tag}, which cannot be used here") if kind == "mapping"
                       else _("this list is marked with {tag}, which cannot be used here"))
            self.problems.append(error("Y008", message.format(tag=_shown_tag(tag)), _remove_tag_hint(),
                                       **self._at(node)))

    def _sequence(self, node: Any) -> list[Any]:
        if self.seen is not None:
            return [self.convert(item, None) for item in node.value]
        # Plain texts, most of a library, are taken here rather than through `convert`.
        result: list[Any] = []
        record = self.record
        for item in node.value:
            if item.ctag is STR_TAG and item.style in _UNESCAPED_STYLES:
                mark = item.start_mark
                record += (SCALAR, mark.line + 1, mark.column + 1)
                result.append(item.value)
            else:
                result.append(self.convert(item, None))
        return result

    def _mapping(self, node: Any) -> dict[str, Any]:
        result: dict[str, Any] = {}
        keys = self.keys
        record = self.record
        plain = self.seen is None
        for key_node, value_node in node.value:
            if key_node.ctag is STR_TAG and key_node.style in _UNESCAPED_STYLES:
                key = key_node.value
            else:
                if str(key_node.tag) == _MERGE:
                    self.problems.append(
                        error("Y002", _("YAML merge keys (<<) are not supported"), **self._at(key_node))
                    )
                    continue
                key = self._scalar(key_node)
                key = key if isinstance(key, str) else str(key)
            if key in result:
                self.problems.append(
                    error(
                        "Y003",
                        _("duplicate key '{key}'").format(key=abbreviate(key)),
                        _("Remove one of the two entries; YAML keeps only the last."),
                        **self._at(key_node),
                    )
                )
            number = keys.get(key)
            if number is None:
                number = keys[key] = len(keys)
            mark = key_node.start_mark
            if plain and value_node.ctag is STR_TAG and value_node.style in _UNESCAPED_STYLES:
                # A plain text, most of a library: taken here rather than through `convert`.
                at = value_node.start_mark
                record += (number, mark.line + 1, mark.column + 1, SCALAR, at.line + 1, at.column + 1)
                result[key] = value_node.value
                continue
            record += (number, mark.line + 1, mark.column + 1)
            result[key] = self.convert(value_node, key_node)
        return result

    def _scalar(self, node: Any) -> Any:
        if not isinstance(node, ScalarNode):
            self.problems.append(error("Y001", _("a key must be a plain value"), **self._at(node)))
            return "?"
        if node.ctag is STR_TAG:
            return self._text(node)
        tag = str(node.tag)
        # Dates stay text: the schemas check their form, and output keeps what the user wrote.
        if tag in (_STR, _TIMESTAMP):
            return self._text(node)
        value = plain_value(tag, node.value)
        if value is NOT_PLAIN:
            try:
                value = self._construct(node)
            except Exception:  # ruamel raises several types for a bad or unknown tag
                if tag == _INT and _DIGITS.fullmatch(node.value):
                    # Python refuses to turn more than 4,300 digits into an int.
                    self._number_problem(node, _too_large(node.value))
                    return None
                self.problems.append(error(
                    "Y008", _("'{value}' is marked with {tag}, which cannot be used here").format(
                        value=abbreviate(node.value), tag=_shown_tag(tag)),
                    _remove_tag_hint(), **self._at(node)))
                return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return self._number(node, value)
        return value

    def _construct(self, node: Any) -> Any:
        if self._constructor is None:
            self._constructor = safe_constructor()
        return self._constructor.construct_object(node, deep=True)

    def _number(self, node: Any, value: float) -> float | None:
        """Only finite numbers of a sane size: NaN passes every comparison, and infinity no JSON can hold."""
        if isinstance(value, float) and (math.isnan(value) or (math.isinf(value) and "inf" in node.value.lower())):
            self._number_problem(node, _("'{value}' is not a finite number").format(value=node.value))
            return None
        if abs(value) > MAX_NUMBER:
            self._number_problem(node, _too_large(node.value))
            return None
        return value

    def _number_problem(self, node: Any, message: str) -> None:
        self.problems.append(error(
            "Y010", message,
            _("Write an ordinary number of at most {limit:,} (10^15) in size, such as 99.5; "
              "put the value in quotes if it is meant as text.").format(limit=MAX_NUMBER), **self._at(node)))

    def _text(self, node: Any) -> str:
        value: str = node.value
        # The whole file has passed `forbidden_character`, so only an escape in double quotes ("\x1b")
        # can put such a character into a value.
        if node.style in _UNESCAPED_STYLES:
            return value
        found = ILLEGAL_CHARACTERS.search(value)
        if found:
            kind, code = _character_kind(found.group(0))
            self.problems.append(error("Y007", _character_message(kind, "text").format(code=code, more=0),
                                       _character_hint(kind), **self._at(node)))
            return ILLEGAL_CHARACTERS.sub("", value)
        return value


def _shown_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _remove_tag_hint() -> str:
    return _("Remove the '!' mark and write the value plainly.")


def _too_large(written: str) -> str:
    """Y010 for a number of more digits than any tender needs (up to thousands: quote only the first)."""
    if len(written) <= 20:
        return _("the number {number} is too large").format(number=written)
    return _("the number {number}… ({digits:,} digits) is too large").format(number=written[:19], digits=len(written))
