"""What an evaluation scores: the criteria with their rows, the suppliers, the evaluators.

The plan is made once, by `evaluate`, from the `Specification` and the
suppliers' answers, and travels inside the evaluation workbook (its control
sheet holds the plan as data, `to_data`/`from_data`), so the report needs
nothing but the filled workbook. Supplier answers are shown in the workbook
but are not part of the plan: the report does not need them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..locale.messages import _
from ..resolved import AwardCriterion, Specification, SpecRequirement

FORMAT = "anskaffelse-evaluering/1"
MAX_EVALUATORS = 12
"""A committee rarely has more than five members; twelve keeps the workbook readable."""
MAX_NAME = 60
"""Characters of an evaluator's name, which heads a score column."""


@dataclass(frozen=True)
class Item:
    """One scored row: an evaluated requirement, or a deliverable the supplier hands in."""

    id: str
    """The requirement ID; for a deliverable its label, e.g. 'Leveranse 1'."""
    title: str
    text: str
    weight: int
    deliverable: bool = False
    guidance: str = ""
    """What earns 10, 5 and 0 points, when the library says, as one text for the committee."""


@dataclass(frozen=True)
class Criterion:
    name: str
    weight: float
    description: str
    items: tuple[Item, ...] = ()
    bands: tuple[tuple[str, str], ...] = ()
    """(scores, description) for the bands 10, 7-9, 4-6, 1-3 and 0; empty for price."""
    price_model: str = ""
    """'lineær' or 'proporsjonal' for the price criterion, '' for quality."""
    years: int = 0

    @property
    def is_price(self) -> bool:
        return bool(self.price_model)


@dataclass(frozen=True)
class Supplier:
    name: str
    rejected: tuple[str, ...] = ()
    """Why the tender is rejected, in the document's language; empty when it is evaluated."""
    price: float | None = None
    """The evaluated total price; None without a price criterion and for a rejected tender."""

    @property
    def evaluated(self) -> bool:
        return not self.rejected


@dataclass(frozen=True)
class EvaluationPlan:
    language: str
    title: str
    reference: str
    buyers: tuple[str, ...]
    date: str
    """The date of the evaluation workbook (ISO); the report's date unless it is given one."""
    specification: str
    """The fingerprint of the specification the suppliers answered."""
    award_basis: str
    price_source: str
    """'form' (the suppliers' price forms), 'file' (a prices file) or '' (no price criterion)."""
    evaluators: tuple[str, ...]
    criteria: tuple[Criterion, ...]
    suppliers: tuple[Supplier, ...]

    @property
    def evaluated(self) -> tuple[Supplier, ...]:
        return tuple(s for s in self.suppliers if s.evaluated)

    @property
    def rejected(self) -> tuple[Supplier, ...]:
        return tuple(s for s in self.suppliers if not s.evaluated)


def plan_criteria(spec: Specification, words: Mapping[str, Any]) -> tuple[Criterion, ...]:
    """The award criteria of `spec` with the rows each one scores, in document order."""
    requirements = {r.id: r for r in spec.requirements()}
    return tuple(_criterion(c, requirements, words) for c in spec.award_criteria)


def _criterion(c: AwardCriterion, requirements: Mapping[str, SpecRequirement], words: Mapping[str, Any]) -> Criterion:
    if c.price is not None:
        return Criterion(c.name, c.weight, c.description, price_model=c.price.model, years=c.price.years)
    label = words["evaluation_workbook"]["deliverable"]
    items = [Item(r.id, r.title, r.text, r.weight, guidance=_guidance(r, words["document"]))
             for r in (requirements[i] for i in c.requirements if i in requirements)]
    items += [Item(label.format(number=n), d.name, d.description, d.weight, deliverable=True)
              for n, d in enumerate(c.deliverables, 1)]
    return Criterion(c.name, c.weight, c.description, tuple(items), tuple((b.scores, b.text) for b in c.bands))


def _guidance(req: SpecRequirement, d: Mapping[str, Any]) -> str:
    if not req.scoring:
        return ""
    bands = "\n".join(f"{d['scoring_points'].format(points=b.scores)}: {b.text}" for b in req.scoring)
    return f"{d['scoring_label']}:\n{bands}"


def to_data(plan: EvaluationPlan) -> dict[str, Any]:
    """The plan as plain JSON data, for the control sheet."""
    return {
        "format": FORMAT,
        "language": plan.language, "title": plan.title, "reference": plan.reference,
        "buyers": list(plan.buyers), "date": plan.date, "specification": plan.specification,
        "award_basis": plan.award_basis, "price_source": plan.price_source,
        "evaluators": list(plan.evaluators),
        "criteria": [
            {"name": c.name, "weight": c.weight, "description": c.description,
             "price_model": c.price_model, "years": c.years,
             "bands": [list(b) for b in c.bands],
             "items": [{"id": i.id, "title": i.title, "text": i.text, "weight": i.weight,
                        "deliverable": i.deliverable, "guidance": i.guidance} for i in c.items]}
            for c in plan.criteria],
        "suppliers": [{"name": s.name, "rejected": list(s.rejected), "price": s.price} for s in plan.suppliers],
    }


def from_data(data: Mapping[str, Any]) -> EvaluationPlan:
    """The plan back from `to_data`'s output, which `control.PLAN_SCHEMA` has already checked."""
    return EvaluationPlan(
        language=data["language"], title=data["title"], reference=data["reference"],
        buyers=tuple(data["buyers"]), date=data["date"], specification=data["specification"],
        award_basis=data["award_basis"], price_source=data["price_source"],
        evaluators=tuple(data["evaluators"]),
        criteria=tuple(
            Criterion(c["name"], c["weight"], c["description"],
                      tuple(Item(i["id"], i["title"], i["text"], i["weight"], i["deliverable"], i["guidance"])
                            for i in c["items"]),
                      tuple((b[0], b[1]) for b in c["bands"]), c["price_model"], c["years"])
            for c in data["criteria"]),
        suppliers=tuple(Supplier(s["name"], tuple(s["rejected"]), s["price"]) for s in data["suppliers"]),
    )


def evaluator_names(given: str | None, label: str) -> tuple[str, ...]:
    """`--evaluators`: a number ('3' -> 'Evaluator 1'...'Evaluator 3') or names separated by commas.

    Raises ValueError with a message for anything else.
    """
    if given is None or not given.strip():
        return (label.format(number=1),)
    text = given.strip()
    if text.isdigit():
        # Python refuses to turn thousands of digits into a number; no committee needs more than six.
        count = int(text) if len(text) <= 6 else None
        if count is None or not 1 <= count <= MAX_EVALUATORS:
            raise ValueError(_("--evaluators is {count}; give a number from 1 to {most}, or names").format(
                count=text if len(text) <= 12 else text[:12] + "…", most=MAX_EVALUATORS))
        return tuple(label.format(number=n) for n in range(1, count + 1))
    names = [n.strip() for n in text.split(",")]
    if any(not n for n in names):
        raise ValueError(_("--evaluators has an empty name; separate names with commas, e.g. 'Kari,Ola,Per'"))
    if len(names) > MAX_EVALUATORS:
        raise ValueError(_("--evaluators names {count} people; at most {most} score one workbook").format(
            count=len(names), most=MAX_EVALUATORS))
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ValueError(_("--evaluators names '{name}' twice; each evaluator needs a name of their own").format(
            name=repeated[0]))
    too_long = next((n for n in names if len(n) > MAX_NAME), None)
    if too_long is not None:
        raise ValueError(_("--evaluators: the name '{name}…' is longer than {most} characters").format(
            name=too_long[:40], most=MAX_NAME))
    return tuple(names)



def supplier_names_clash(names: Sequence[str]) -> str | None:
    """The first supplier name given twice, ignoring case (two workbooks named alike)."""
    seen: dict[str, str] = {}
    for name in names:
        key = name.casefold()
        if key in seen:
            return name
        seen[key] = name
    return None
