"""The chapters of a joint tender's specification: the members, the joint rules, and the member matrix.

One competition for several municipalities needs three things a tender with
one buyer does not: a chapter that presents each member (its service areas,
today's system and supplier, users, volumes, integrations and wished start),
a section of the instructions that says the supplier answers each
requirement once and what "Gjelder" and "Opsjon" mean, and an annex with
every requirement against every member.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..resolved import Member, Specification
from . import wordml as w
from .docx_evaluation import TEXT_WIDTH, Headings
from .joint import has_options, matrix_cell, member_names, member_priorities

MATRIX_MEMBERS = 8
"""Members per matrix table: more columns than this do not fit the width of an A4 page."""
MATRIX_ID_WIDTH = 1300
MEMBER_LABEL_WIDTH = 3000


def joint_instructions(spec: Specification, words: dict[str, Any], outline: Headings) -> str:
    """Sections of the instructions to suppliers: the joint competition, and options."""
    j = words["joint"]
    parts = []
    if spec.members:
        parts.append(outline.heading(j["instructions_heading"], 2))
        members = member_names(spec, words)
        parts += [w.text_paragraph(t.format(members=members)) for t in j["instructions"]]
    if has_options(spec):
        parts.append(outline.heading(j["options_heading"], 2))
        parts += [w.text_paragraph(t) for t in j["options"]]
    return "".join(parts)


def members_chapter(spec: Specification, words: dict[str, Any], outline: Headings) -> str:
    """One section per member with the facts the profile gives about it."""
    if not spec.members:
        return ""
    j = words["joint"]
    parts = [outline.heading(j["members_heading"], 1), w.text_paragraph(j["members_intro"])]
    areas = dict(spec.area_names)
    for member in spec.members:
        parts.append(outline.heading(member.name, 2))
        rows = ([w.paragraph(w.run(label, bold=True)), w.text_paragraph(value)]
                for label, value in _facts(member, areas, words))
        parts.append(w.table((MEMBER_LABEL_WIDTH, TEXT_WIDTH - MEMBER_LABEL_WIDTH), None, rows))
    return "".join(parts)


def _facts(member: Member, areas: dict[str, str], words: dict[str, Any]) -> Iterator[tuple[str, str]]:
    j, fields = words["joint"], words["joint"]["fields"]
    yield fields["org_number"], member.org_number
    if member.role:
        yield fields["role"], j["roles"][member.role]
    shown = [areas.get(a, a) for a in member.areas]
    yield fields["areas"], ", ".join(shown) if shown else j["every_area"]
    facts = member.facts
    for key, value in (("population", _count(member.population)), ("current_system", facts.current_system),
                       ("users", _count(facts.users)), ("integrations", facts.integrations),
                       ("volumes", facts.volumes), ("go_live", facts.go_live)):
        if value:
            yield fields[key], value


def _count(value: int) -> str:
    """14000 -> '14 000', as Norwegian writes whole numbers; '' for 0 (not given)."""
    return f"{value:,}".replace(",", "\u00a0") if value else ""


def matrix_annex(spec: Specification, words: dict[str, Any], outline: Headings) -> str:
    """Requirements × members: in scope, option, and the member's priority where the profile records one."""
    if not spec.members:
        return ""
    j, d = words["joint"], words["document"]
    parts = [w.page_break(), outline.heading(j["matrix_heading"], 1), w.text_paragraph(j["matrix_intro"])]
    priorities = member_priorities(spec)
    cells = _MatrixCells()
    for start in range(0, len(spec.members), MATRIX_MEMBERS):
        group = spec.members[start:start + MATRIX_MEMBERS]
        column = min(1300, (TEXT_WIDTH - MATRIX_ID_WIDTH - 2400) // len(group))
        widths = (MATRIX_ID_WIDTH, TEXT_WIDTH - MATRIX_ID_WIDTH - column * len(group), *([column] * len(group)))
        header = (d["column_id"], d["column_requirement"], *(m.label for m in group))
        rows = (
            [f"{_MATRIX_ID}{w.text(req.id)}</w:r></w:p>", f"{_MATRIX_TITLE}{w.text(req.title)}</w:r></w:p>",
             *(cells[matrix_cell(req, m, priorities[m.id], words)] for m in group)]
            for req in spec.requirements()
        )
        parts.append(w.table(widths, header, rows))
    return "".join(parts)


_MATRIX_ID = w.paragraph_start(space_after=0) + w.run_start(bold=True, size=16)
_MATRIX_TITLE = w.paragraph_start(space_after=0) + w.run_start(size=16)


class _MatrixCells(dict[str, str]):
    """The paragraph of a member's cell in the matrix, made once for each of its few texts."""

    def __missing__(self, mark: str) -> str:
        self[mark] = w.paragraph(w.run(mark, size=16), align="center", space_after=0)
        return self[mark]
