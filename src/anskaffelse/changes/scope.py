"""A member's view of a joint tender: only the requirements in its scope.

A requirement of a joint tender applies to every member when its `members`
is empty, else to the members listed. Comparing a member's own profile with
the joint tender, or two versions of a joint tender for one member, compares
what that member gets.
"""

from __future__ import annotations

import dataclasses

from ..resolved import Specification


def member_ids(spec: Specification) -> tuple[str, ...]:
    return tuple(m.id for m in spec.members)


def member_view(spec: Specification, member: str) -> Specification:
    """`spec` with only the requirements that apply to `member`; a specification without members as it is."""
    if not spec.members:
        return spec
    modules = []
    for module in spec.modules:
        kept = tuple(r for r in module.requirements if not r.members or member in r.members)
        if kept:
            modules.append(dataclasses.replace(module, requirements=kept))
    return dataclasses.replace(spec, modules=tuple(modules))
