"""YAML text to ruamel's node tree, as fast as ruamel's C parser allows.

ruamel's own C loader asks a Python resolver for the tag of every plain value,
and that resolver finds out which YAML version is being read by trying two
attributes that do not exist: two caught `AttributeError`s per value, about
half of the time of a large library. The resolver here gives the same answers
for YAML 1.2, the version ruamel reads when it is not told otherwise (a `%YAML`
directive does not change its choice of tags), from the same regular expressions,
without asking. Plain numbers, booleans and nulls are turned into values here
as ruamel's safe constructor would; anything else still goes to that constructor.
"""

from __future__ import annotations

import operator
import re
from typing import Any

from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.resolver import BaseResolver, implicit_resolvers
from ruamel.yaml.tag import Tag

try:
    from _ruamel_yaml import CParser
except ImportError:  # ruamel.yaml.clib is not installed (PyPy, or a platform without a wheel)
    CParser = None

YAML_VERSION = (1, 2)

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"


def _tag(name: str) -> Tag:
    tag = Tag(suffix=name)
    str(tag)  # a Tag computes its text on first use, through a caught AttributeError; do it once here
    return tag


_TAGS: dict[str, Tag] = {}


def _shared_tag(name: str) -> Tag:
    if name not in _TAGS:
        _TAGS[name] = _tag(name)
    return _TAGS[name]


STR_TAG = _shared_tag(_STR)
MAP_TAG = _shared_tag(str(BaseResolver.DEFAULT_MAPPING_TAG))
SEQ_TAG = _shared_tag(str(BaseResolver.DEFAULT_SEQUENCE_TAG))


def _implicit_table() -> dict[str | None, list[tuple[Tag, re.Pattern[str]]]]:
    """First character of a plain value -> the (tag, pattern) pairs to try, in ruamel's order for 1.2."""
    table: dict[str | None, list[tuple[Tag, re.Pattern[str]]]] = {}
    for versions, tag, pattern, first in implicit_resolvers:
        if YAML_VERSION in versions:
            starts: list[str | None] = list(first) if first else [None]
            for char in starts:
                table.setdefault(char, []).append((_shared_tag(tag), _compiled(pattern)))
    if None in table:  # ruamel adds patterns without a first character to every lookup
        raise RuntimeError("unexpected YAML resolver table")
    return table


def _compiled(pattern: Any) -> Any:
    """ruamel compiles its patterns on first use behind a proxy that costs a Python call per match."""
    try:
        return pattern.lazy_self()
    except AttributeError:
        return pattern


_IMPLICIT = _implicit_table()


_KNOWN: dict[str, Tag] = {}
"""The tag of short plain values that begin like a number, boolean or null ("nb", "text", "true"),
once found: keys and choices recur thousands of times in a library, and a lookup costs less than
the patterns (a twelfth of the time of composing a large library)."""
_KNOWN_LENGTH, _KNOWN_COUNT = 40, 10_000


def resolve(kind: Any, value: str, implicit: tuple[bool, bool]) -> Tag:
    """The tag ruamel's `VersionedResolver.resolve` gives for YAML 1.2 (without path resolvers)."""
    if kind is ScalarNode:
        if implicit[0]:
            patterns = _IMPLICIT.get(value[:1])
            if patterns:
                found = _KNOWN.get(value)
                if found is not None:
                    return found
                found = STR_TAG
                for tag, pattern in patterns:
                    if pattern.match(value):
                        found = tag
                        break
                if len(value) <= _KNOWN_LENGTH and len(_KNOWN) < _KNOWN_COUNT:
                    _KNOWN[value] = found
                return found
        return STR_TAG
    return SEQ_TAG if kind is SequenceNode else MAP_TAG


if CParser is not None:
    class _FastParser(CParser):
        """ruamel's C parser and composer with the resolver above.

        The composer calls these three for every value of a file. `resolve` is a static method (no
        bound method made per call); the two that follow the path of nodes, which only path
        resolvers need, are C functions that take the same arguments and do nothing: `operator.is_`
        takes (parent, index), `tuple` nothing. Neither binds to the instance, being no Python
        function. Together a tenth of the time of composing a large library.
        """

        resolve = staticmethod(resolve)
        descend_resolver = operator.is_
        ascend_resolver = tuple


def compose(text: str) -> Any:
    """The node tree of the first document in `text` (None for an empty one); ruamel's errors as it raises them."""
    if CParser is None:
        from ruamel.yaml import YAML

        return YAML(typ="safe", pure=True).compose(text)
    parser = _FastParser(text)
    try:
        return parser.get_single_node()
    finally:
        parser.dispose()


NOT_PLAIN = object()
"""`plain_value` could not decide: ask ruamel's constructor."""

_PLAIN_INT = re.compile(r"[-+]?[0-9]{1,18}")
_PLAIN_FLOAT = re.compile(r"[-+]?[0-9]{1,17}\.[0-9]{1,17}")
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def plain_value(tag: str, text: str) -> Any:
    """The value ruamel's safe constructor gives for the common forms of int, float, bool and null.

    `NOT_PLAIN` for every other form (hexadecimal, underscores, exponents, .inf, an explicit
    tag on an unusual text), which the constructor itself then reads.
    """
    if tag == _INT and _PLAIN_INT.fullmatch(text):
        return int(text)
    if tag == _FLOAT and _PLAIN_FLOAT.fullmatch(text):
        return float(text)
    if tag == _BOOL:
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    if tag == _NULL and text in _NULLS:
        return None
    return NOT_PLAIN


def safe_constructor() -> Any:
    """A fresh ruamel safe constructor (it keeps every node it builds, so one per file)."""
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).constructor


__all__ = ["MAP_TAG", "NOT_PLAIN", "SEQ_TAG", "STR_TAG", "MappingNode", "ScalarNode", "SequenceNode", "compose",
           "plain_value", "resolve", "safe_constructor"]
