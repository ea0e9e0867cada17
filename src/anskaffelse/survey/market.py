"""What the market delivers: the dialogue's numbers, and each product's declaration of conformity.

- per requirement: how many suppliers deliver it today, have it on the
  roadmap (and the earliest year named), or do not plan it;
- requirements nobody delivers today, minstekrav first: a minstekrav no
  supplier meets would leave a tender without an acceptable offer;
- market readiness of a module = "Leveres i dag" / all answers given, in per cent;
- declaration of conformity with a standard of the specification: a product
  declares it when it answers "Leveres i dag" to every requirement citing the
  standard; "planned" (with the latest year named) when the rest are on the
  roadmap; otherwise it is not declared. A requirement left blank counts as
  not delivered.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..resolved import Specification
from .responses import Response


@dataclass(frozen=True)
class MarketCount:
    today: int
    planned: int
    not_planned: int
    earliest_year: int | None = None

    @property
    def answered(self) -> int:
        return self.today + self.planned + self.not_planned

    @property
    def readiness(self) -> float | None:
        return round(100 * self.today / self.answered, 1) if self.answered else None


@dataclass(frozen=True)
class MarketRequirement:
    id: str
    module: str
    title: str
    obligation: str
    count: MarketCount


@dataclass(frozen=True)
class Conformity:
    standard: str
    name: str
    mandatory: bool
    requirements: tuple[str, ...]
    declared: int
    planned: int
    per_product: tuple[tuple[str, str, int | None], ...]
    """(product, 'declared' | 'planned' | 'not', year) in respondent order; empty unless named."""


@dataclass(frozen=True)
class DialogueAggregates:
    suppliers: int
    named: bool
    total: MarketCount
    requirements: tuple[MarketRequirement, ...]
    modules: tuple[tuple[str, MarketCount], ...]
    conformity: tuple[Conformity, ...]
    labels: tuple[str, ...]

    def nobody(self) -> list[MarketRequirement]:
        """Requirements no supplier delivers today, minstekrav first, otherwise in document order."""
        missing = [r for r in self.requirements if r.count.today == 0]
        return sorted(missing, key=lambda r: r.obligation != "minstekrav")


def product_label(response: Response) -> str:
    parts = [response.facts["supplier"], response.facts["product"]]
    return " – ".join(p for p in parts if p) or response.path.stem


def dialogue_aggregates(spec: Specification, responses: list[Response], named: bool) -> DialogueAggregates:
    reqs = list(spec.requirements())
    per_req = {r.id: _count(responses, [r.id]) for r in reqs}
    modules = tuple((m.id, _sum(per_req[r.id] for r in m.requirements)) for m in spec.modules)
    results = tuple(MarketRequirement(r.id, r.module, r.title, r.obligation, per_req[r.id]) for r in reqs)
    labels = tuple(product_label(r) if named else f"L{n:02d}" for n, r in enumerate(responses, 1))
    conformity = tuple(_conformity(s.id, s.name, s.mandatory, [i for i in s.requirements if i in per_req],
                                   responses, labels, named)
                       for s in spec.standards if any(i in per_req for i in s.requirements))
    return DialogueAggregates(len(responses), named, _sum(per_req.values()), results, modules, conformity, labels)


def _count(responses: list[Response], ids: list[str]) -> MarketCount:
    today = planned = not_planned = 0
    years: list[int] = []
    for response in responses:
        for req_id in ids:
            answer = response.answers.get(req_id)
            if answer is None:
                continue
            today += answer.code == "today"
            not_planned += answer.code == "not_planned"
            if answer.code == "planned":
                planned += 1
                if isinstance(answer.second, int):
                    years.append(answer.second)
    return MarketCount(today, planned, not_planned, min(years) if years else None)


def _sum(counts: object) -> MarketCount:
    items = list(counts)  # type: ignore[call-overload]
    years = [c.earliest_year for c in items if c.earliest_year is not None]
    return MarketCount(sum(c.today for c in items), sum(c.planned for c in items),
                       sum(c.not_planned for c in items), min(years) if years else None)


def _status(response: Response, ids: list[str]) -> tuple[str, int | None]:
    codes = [response.answers[i].code if i in response.answers else "not_planned" for i in ids]
    if all(c == "today" for c in codes):
        return "declared", None
    if all(c in ("today", "planned") for c in codes):
        years = [response.answers[i].second for i in ids if response.answers[i].code == "planned"]
        known = [y for y in years if isinstance(y, int)]
        return "planned", max(known) if len(known) == len(years) else None
    return "not", None


def _conformity(standard: str, name: str, mandatory: bool, ids: list[str], responses: list[Response],
                labels: tuple[str, ...], named: bool) -> Conformity:
    statuses = [_status(r, ids) for r in responses]
    per_product = tuple((label, status, year) for label, (status, year) in zip(labels, statuses, strict=True))
    return Conformity(standard, name, mandatory, tuple(ids), sum(s == "declared" for s, _ in statuses),
                      sum(s == "planned" for s, _ in statuses), per_product if named else ())
