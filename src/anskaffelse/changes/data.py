"""A comparison as plain data for JSON (`anskaffelse diff --json`); the shape is described in docs/diff.md.

Values are those of the specification JSON: an obligation is 'minstekrav', a
weight a number, a scope a list of member ids, an answer form an object with
type, unit and options. A requirement, criterion, price element or chapter
that is added or removed is given in full, as the specification JSON holds it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..diagnostics import display_path
from .model import ADDED, REMOVED, FieldChange, SpecificationDiff
from .versions import Comparison, TenderVersion


def comparison_data(comparison: Comparison) -> dict[str, Any]:
    changes = comparison.changes
    return {
        "ok": True,
        "old": _version(comparison.old),
        "new": _version(comparison.new),
        "member": comparison.member,
        "changed": not changes.empty,
        "summary": summary(changes),
        "requirements": [
            {"id": c.id, "change": c.kind, "module": c.module, "title": c.requirement.title,
             **_fields_or_whole(c.kind, c.fields, c.old, c.new, "requirement")}
            for c in changes.requirements
        ],
        "tender": [field_data(c) for c in changes.tender],
        "award_criteria": [{"name": c.name, "change": c.kind, **_fields_or_whole(c.kind, c.fields, c.old, c.new,
                                                                                   "criterion")}
                           for c in changes.award_criteria],
        "price_form": [{"name": c.name, "change": c.kind, **_fields_or_whole(c.kind, c.fields, c.old, c.new,
                                                                               "element")}
                       for c in changes.price_form],
        "chapters": [{"key": c.key, "change": c.kind, **_fields_or_whole(c.kind, c.fields, c.old, c.new, "chapter")}
                     for c in changes.chapters],
    }


def summary(changes: SpecificationDiff) -> dict[str, int]:
    return {
        "requirements_added": changes.count(ADDED),
        "requirements_removed": changes.count(REMOVED),
        "requirements_changed": changes.count("changed"),
        "tender": len(changes.tender),
        "award_criteria": len(changes.award_criteria),
        "price_form": len(changes.price_form),
        "chapters": len(changes.chapters),
    }


def _version(version: TenderVersion) -> dict[str, Any]:
    t = version.spec.tender
    return {"file": display_path(version.path), "kind": version.kind, "title": t.title, "reference": t.reference,
            "version": t.version, "date": t.date, "language": t.language, "fingerprint": version.spec.fingerprint,
            "requirements": version.spec.requirement_count}


def _fields_or_whole(kind: str, fields: tuple[FieldChange, ...], old: Any, new: Any, name: str) -> dict[str, Any]:
    if kind == ADDED:
        return {name: plain(new)}
    if kind == REMOVED:
        return {name: plain(old)}
    return {"fields": [field_data(f) for f in fields]}


def field_data(change: FieldChange) -> dict[str, Any]:
    data: dict[str, Any] = {"field": change.field}
    if change.name:
        data["name"] = change.name
    data["old"], data["new"] = plain(change.old), plain(change.new)
    if change.words:
        data["words"] = [{"kind": r.kind, "text": r.text} for r in change.words]
    return data


def plain(value: Any) -> Any:
    """Dataclasses as objects and tuples as lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    return value
