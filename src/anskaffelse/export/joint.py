"""The words of a joint tender that the Word and Excel documents share.

Whom a requirement applies to ("Gjelder: alle", "Gjelder: Nordvik, Bratt"),
whether it is an option, and what a cell of the member matrix says. Both
documents take these from here, so they always say the same.
"""

from __future__ import annotations

from typing import Any

from ..resolved import Member, Specification, SpecRequirement


def has_options(spec: Specification) -> bool:
    return any(r.option for r in spec.requirements())


def applies_to(req: SpecRequirement, spec: Specification, words: dict[str, Any]) -> str:
    """'alle', or the short names of the members in scope, in the profile's order."""
    if not req.members:
        return str(words["joint"]["all_members"])
    labels = {m.id: m.label for m in spec.members}
    return ", ".join(labels.get(m, m) for m in req.members)


def requirement_marks(req: SpecRequirement, spec: Specification, words: dict[str, Any]) -> str:
    """'Gjelder: Nordvik, Bratt · Opsjon' for the requirement's row; '' in a tender without members or options."""
    j = words["joint"]
    parts = []
    if spec.members:
        parts.append(f"{j['applies_to']}: {applies_to(req, spec, words)}")
    if req.option:
        parts.append(str(j["option"]))
    return " · ".join(parts)


def in_scope(req: SpecRequirement, member: Member) -> bool:
    return not req.members or member.id in req.members


def matrix_cell(req: SpecRequirement, member: Member, priorities: dict[str, str], words: dict[str, Any]) -> str:
    """'✓', 'Opsjon' or '–', followed by the member's priority when the profile records one."""
    j = words["joint"]
    if not in_scope(req, member):
        return _with_priority(j["not_in_scope"], priorities.get(req.id), j)
    return _with_priority(j["option"] if req.option else j["in_scope"], priorities.get(req.id), j)


def _with_priority(mark: str, priority: str | None, j: dict[str, Any]) -> str:
    return f"{mark} {j['priorities'][priority]}" if priority else str(mark)


def member_priorities(spec: Specification) -> dict[str, dict[str, str]]:
    """Each member's recorded priorities by requirement ID."""
    return {m.id: dict(m.priorities) for m in spec.members}


def member_names(spec: Specification, words: dict[str, Any]) -> str:
    """'Storfjord kommune, Nordvik kommune og Bratt kommune'."""
    names = [m.name for m in spec.members]
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {words['document']['list_and']} {names[-1]}"
