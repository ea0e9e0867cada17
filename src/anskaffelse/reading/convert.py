"""Turn a composed YAML node tree into dicts, lists and scalars that remember where each came from.

Anchors and aliases, merge keys, duplicate keys, `!tags`, numbers that are not
finite or too large, and characters no text may hold are refused here, each as
a finding at its line and column; `load.parse_yaml` raises them together.
"""

from __future__ import annotations

import math
import re
from array import array
from typing import Any

from ..diagnostics import Diagnostic, abbreviate, error
from ..locale.messages import _
from .characters import ILLEGAL_CHARACTERS, character_hint, character_kind, character_message
from .source_map import MAPPING, NUMBER, SCALAR, SEQUENCE, SourceMap
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

_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"
_INT = "tag:yaml.org,2002:int"
_PLAIN_COLLECTIONS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_DIGITS = re.compile("[-+]?[0-9_]+")
# Plain, single-quoted and block scalars hold only characters written in the file; double quotes can escape.
_UNESCAPED_STYLES = frozenset({None, "", "'", "|", ">"})

MAX_NUMBER = 10**15
"""The largest size of any number in a profile or library.

Money, days and percentages in a tender stay far below it. Below 2**53 every
whole number is exact as a float and prints with `:g`, and no number gets near
Python's 4,300-digit limit on turning text into int.
"""


class Converter:
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
            kind, code = character_kind(found.group(0))
            self.problems.append(error("Y007", character_message(kind, "text").format(code=code, more=0),
                                       character_hint(kind), **self._at(node)))
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
