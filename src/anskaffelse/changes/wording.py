"""Changed values in the words of a tender document (the addendum's language).

The diff keeps values as the specification holds them (`minstekrav`, 5,
('nordvik',)); a document shows them the way the specification itself does:
"Evalueres (vekt 5)", "Ja/Nei/Delvis", "Nordvik kommune".
"""

from __future__ import annotations

from typing import Any

from ..locale import long_date
from ..resolve import format_value
from ..resolved import AwardCriterion, Deliverable, PriceElement, Specification, SpecRequirement
from .model import AnswerForm, FieldChange, Value


class Wording:
    """The words of one language, and the members of the tender for naming a requirement's scope."""

    def __init__(self, words: dict[str, Any], lang: str, specs: tuple[Specification, ...]) -> None:
        self.words = words
        self.a: dict[str, Any] = words["addendum"]
        self.lang = lang
        self.member_names = {m.id: m.name for spec in specs for m in spec.members}

    def empty_or(self, text: str) -> str:
        return text if text else str(self.a["empty"])

    def obligation(self, req: SpecRequirement) -> str:
        shown = str(self.words["obligation"][req.obligation])
        if req.obligation != "evaluert":
            return shown
        return f"{shown} ({self.a['weight'].format(weight=req.weight)})"

    def answer_form(self, form: AnswerForm) -> str:
        """As the specification's requirement table words it: 'Tall (timer)', 'Valg fra liste: A / B'."""
        shown = str(self.words["response"].get(form.type, form.type))
        if form.unit:
            shown += f" ({form.unit})"
        if form.options:
            shown += ": " + " / ".join(form.options)
        return shown

    def scope(self, members: tuple[str, ...]) -> str:
        if not members:
            return str(self.a["scope_all"])
        return ", ".join(self.member_names.get(m, m) for m in members)

    def option(self, value: bool) -> str:
        return str(self.a["option_yes"] if value else self.a["option_no"])

    def number(self, value: float) -> str:
        return format_value(value, self.lang)

    def tender_value(self, field: str, value: Value) -> str:
        text = str(value)
        if field == "procedure":
            return str(self.words["procedure"].get(text, text))
        if field in ("deadline", "date"):
            return long_date(text, self.lang)
        if field == "award_basis":
            return str(self.a["award_basis"].get(text, text))
        return text

    def criterion_value(self, change: FieldChange, value: Value) -> str:
        """One side of a change of an award criterion."""
        if change.field == "weight":
            assert isinstance(value, int | float)
            return str(self.words["evaluation"]["weight_percent"].format(weight=f"{value:g}"))
        if change.field == "price_years":
            return str(self.a["years"].format(years=value)) if value else str(self.words["not_given"])
        if change.field == "deliverable":
            return self.deliverable(value) if isinstance(value, Deliverable) else ""
        if change.field == "requirements":
            assert isinstance(value, tuple)
            return ", ".join(value)
        return str(value or "")

    def deliverable(self, item: Deliverable) -> str:
        weight = self.words["evaluation"]["deliverable_weight"].format(weight=item.weight)
        return f"{item.name} ({weight})" + (f": {item.description}" if item.description else "")

    def criterion(self, criterion: AwardCriterion) -> str:
        weight = self.words["evaluation"]["weight_percent"].format(weight=f"{criterion.weight:g}")
        return f"{criterion.name} ({weight})"

    def element_value(self, field: str, value: Value) -> str:
        """One side of a change of a price element (or of the form's number of years)."""
        if field == "per_year":
            return str(self.a["per_year_yes"] if value else self.a["per_year_no"])
        if field == "option":
            return self.option(bool(value))
        if field == "years":
            return str(self.a["years"].format(years=value))
        if isinstance(value, int | float) and not isinstance(value, bool):
            return self.number(value)
        return str(value)

    def element(self, element: PriceElement) -> str:
        parts = [f"{self.number(element.quantity)} {element.unit}".strip(),
                 str(self.a["per_year_yes"] if element.per_year else self.a["per_year_no"])]
        if element.option:
            parts.append(str(self.a["option_yes"]))
        return f"{element.name}: {', '.join(parts)}"
