"""The joint profile: a copy of the host's profile with the decisions of the round written in.

The profile is rewritten in ruamel.yaml's round-trip mode, so its comments,
key order, quotes and layout stay as they were. The round adds, each entry
with a comment that explains it, in the order of the candidate list:

- `exclude:` the requirements nobody wants, or too few;
- `scope:` the requirements that concern only some members, with their ids;
- `tailor:` the obligation of every requirement kept (a minstekrav answered
  Ja/Nei, an evaluated requirement with its weight, an informasjon
  requirement as it is). An entry the profile already has keeps its other
  fields (parameters, texts) and gets the obligation set.

A section the profile lacks is placed after the sections that come before it
in the order of a joint profile (see `SECTION_ORDER`). Each member's entry
under `members:` gets its `priorities:` for the requirements kept (requirement
ID to må, bør, kan or ikke-aktuelt), which the member matrix of the tender shows.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ...locale import texts
from ...migration.upgrade import _indent_under_key
from ...reading.load import read_text
from .outcome import MergedRequirement
from .rules import LEVEL_CODES

SECTION_ORDER = ("library_version", "namespace", "extends", "tender", "members", "select", "include", "exclude",
                 "scope", "options", "option_members", "tailor")


def joint_profile_text(profile: Path, merged: Sequence[MergedRequirement], rule: str, members: int,
                       lang: str, keep_priorities: frozenset[str] = frozenset()) -> bytes:
    """The text of the joint profile; the same bytes for the same profile and decisions.

    `keep_priorities`: members whose own file gives their priorities; their entries are left alone.
    """
    from ruamel.yaml import YAML

    text = read_text(profile)
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line the user wrote
    offset = _indent_under_key(text, dash=True, default=2)
    yaml.indent(mapping=_indent_under_key(text, dash=False, default=2), sequence=offset + 2, offset=offset)
    data = yaml.load(text)
    written = _write_decisions(data, merged)
    _write_priorities(data, merged, keep_priorities)
    if written:
        first = min(written, key=list(data).index)
        header = texts(lang)["prioritize"]["decision"]["header"].format(rule=rule, members=members)
        data.yaml_set_comment_before_after_key(first, before=header, indent=0)
    out = io.StringIO()
    yaml.dump(data, out)
    result = out.getvalue()
    if "\r\n" in text:
        result = result.replace("\n", "\r\n")
    return result.encode("utf-8")


def _write_decisions(data: Any, merged: Sequence[MergedRequirement]) -> list[str]:
    """Write every decision into `data`; the sections written to."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    written: list[str] = []
    excluded = [m for m in merged if m.decision.outcome == "exclude"]
    if excluded:
        items = _section(data, "exclude", CommentedSeq, written)
        for m in excluded:
            if m.candidate.id not in items:
                items.append(m.candidate.id)
                items.yaml_add_eol_comment(_comment(m), len(items) - 1, column=0)
    for m in merged:
        if m.scope_entry and m.candidate.own_members:
            _local_members(data, m)
    scoped = [m for m in merged if m.scope_entry and not (m.candidate.own_members and _local_item(data, m))]
    if scoped:
        scope = _section(data, "scope", CommentedMap, written)
        for m in scoped:
            scope[m.candidate.id] = _flow(CommentedSeq(m.scope_entry))
            scope.yaml_add_eol_comment(_comment(m), m.candidate.id, column=0)
    kept = [m for m in merged if m.decision.outcome != "exclude"]
    if kept:
        tailor = _section(data, "tailor", CommentedMap, written)
        for m in kept:
            _tailor(tailor, m)
    return written


def _local_item(data: Any, merged: MergedRequirement) -> Any:
    """The profile's own local requirement of this ID, if this profile holds it."""
    items = data.get("local_requirements")
    return next((i for i in items or [] if isinstance(i, dict) and i.get("id") == merged.candidate.id), None)


def _local_members(data: Any, merged: MergedRequirement) -> None:
    """A local requirement with its own `members:` gets the round's scope there (a scope entry would clash)."""
    from ruamel.yaml.comments import CommentedSeq

    item = _local_item(data, merged)
    if item is not None:
        item["members"] = _flow(CommentedSeq(merged.scope_entry))
        item.yaml_add_eol_comment(_comment(merged), "members", column=0)


def _write_priorities(data: Any, merged: Sequence[MergedRequirement], keep: frozenset[str]) -> None:
    """Each member's own priorities, in its entry under `members:` (when this profile lists the members)."""
    from ruamel.yaml.comments import CommentedMap

    entries = data.get("members")
    if not isinstance(entries, list):
        return
    for entry in entries:
        member = entry.get("id") if isinstance(entry, dict) else None
        if member in keep:
            continue
        # Only for the requirements kept: the tender shows no other, and an excluded local requirement is gone.
        given = [(m.candidate.id, level) for m in merged if m.decision.outcome != "exclude"
                 for voter, level in m.votes if voter == member]
        if given:
            entry["priorities"] = CommentedMap((req_id, LEVEL_CODES[level]) for req_id, level in given)


def _tailor(tailor: Any, merged: MergedRequirement) -> None:
    from ruamel.yaml.comments import CommentedMap

    decision, req_id = merged.decision, merged.candidate.id
    fields: list[tuple[str, Any]] = [("obligation", decision.outcome)]
    if decision.outcome == "minstekrav":
        # A minstekrav is met or not: answered Ja/Nei whatever the library's answer form (P060, Q012).
        fields.append(("response", _flow(CommentedMap([("type", "ja-nei")]))))
    elif decision.outcome == "evaluert":
        fields.append(("weight", decision.weight))
    entry = tailor.get(req_id)
    if isinstance(entry, CommentedMap):
        if decision.outcome != "evaluert" and "weight" in entry:
            del entry["weight"]
        for key, value in fields:
            entry[key] = value
    else:
        tailor[req_id] = _flow(CommentedMap(fields))
    tailor.yaml_add_eol_comment(_comment(merged), req_id, column=0)


def _section(data: Any, key: str, kind: type, written: list[str]) -> Any:
    """The top-level collection `key`, in block style, created in its place when the profile lacks it."""
    value = data.get(key)
    if not isinstance(value, kind):
        value = kind()
        if key in data:
            data[key] = value
        else:
            before = SECTION_ORDER[: SECTION_ORDER.index(key)]
            places = [i + 1 for i, existing in enumerate(data) if existing in before]
            data.insert(max(places, default=len(data)), key, value)
    value.fa.set_block_style()
    written.append(key)
    return value


def _comment(merged: MergedRequirement) -> str:
    # One space before the '#' on every line (column 0): ruamel would otherwise align some and not others.
    return f"# {merged.explanation}"


def _flow(value: Any) -> Any:
    value.fa.set_flow_style()
    return value
