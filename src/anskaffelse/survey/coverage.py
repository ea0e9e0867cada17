"""How well today's systems cover the requirements: the survey's numbers, computed once for every report.

The rules (also stated in the report and in docs/survey-and-dialogue.md):

- coverage = (Fullt + ½ · Delvis) / (Fullt + Delvis + Ikke), in per cent;
  "Vet ikke" and "Ikke relevant" are left out;
- importance ("Må" share) = Må / (Må + Bør + Kan), in per cent;
- need = Må share · (1 − coverage), both as fractions: the requirements that
  matter most and are supported least come first;
- small-cell suppression: a product or service area is named only when at
  least `min_group` respondents give it; smaller ones are pooled as "other",
  and the pool is shown only when it, too, has `min_group` respondents and
  more than one member (otherwise it would name the one product it holds);
- a respondent that names several service areas ("hjemmetjeneste,
  institusjon", as a pre-filled workbook does) counts in each of them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..resolved import Specification
from .responses import Response
from .scales import SURVEY_SCALE

OTHER = "__other__"


@dataclass(frozen=True)
class Tally:
    counts: dict[str, int]
    must: int = 0
    importance_given: int = 0

    @property
    def answered(self) -> int:
        return sum(self.counts.values())

    @property
    def coverage(self) -> float | None:
        full, partial, none = (self.counts.get(c, 0) for c in ("full", "partial", "none"))
        judged = full + partial + none
        return round(100 * (full + 0.5 * partial) / judged, 1) if judged else None

    @property
    def must_share(self) -> float | None:
        return round(100 * self.must / self.importance_given, 1) if self.importance_given else None

    def as_json(self) -> dict[str, object]:
        return {"counts": {c: self.counts.get(c, 0) for c in SURVEY_SCALE}, "coverage": self.coverage,
                "must_share": self.must_share}


@dataclass(frozen=True)
class RequirementResult:
    id: str
    module: str
    title: str
    obligation: str
    tally: Tally

    @property
    def need(self) -> float:
        if self.tally.coverage is None or self.tally.must_share is None:
            return 0.0
        return round(self.tally.must_share / 100 * (1 - self.tally.coverage / 100), 3)


@dataclass(frozen=True)
class Group:
    key: str
    """The name as respondents gave it, or OTHER for the pool of small groups."""
    respondents: int
    tally: Tally
    modules: dict[str, Tally] = field(default_factory=dict)


@dataclass(frozen=True)
class SurveyAggregates:
    respondents: int
    min_group: int
    named: bool
    total: Tally
    requirements: tuple[RequirementResult, ...]
    modules: tuple[tuple[str, Tally], ...]
    products: tuple[Group, ...]
    areas: tuple[Group, ...]
    labels: tuple[tuple[str, str, tuple[str, ...]], ...]
    """Per respondent: (name shown, product shown, areas shown) after suppression, in file order."""

    def gaps(self, limit: int = 20) -> list[RequirementResult]:
        ranked = sorted((r for r in self.requirements if r.need > 0), key=lambda r: (-r.need, r.id))
        return ranked[:limit]


def survey_aggregates(spec: Specification, responses: list[Response], min_group: int,
                      named: bool) -> SurveyAggregates:
    reqs = list(spec.requirements())
    module_of = {r.id: r.module for r in reqs}
    per_req = {r.id: _Counter() for r in reqs}
    # 200,000 answers are counted by a Counter of (requirement, answer, importance), then folded.
    counted = Counter((req_id, a.code, a.second) for r in responses for req_id, a in r.answers.items())
    for (req_id, code, importance), times in counted.items():
        if req_id in per_req:
            per_req[req_id].add(code, importance, times)
    total, modules = _Counter(), {m.id: _Counter() for m in spec.modules}
    for req_id, counter in per_req.items():
        total.merge(counter)
        modules[module_of[req_id]].merge(counter)
    products = _groups(spec, responses, "product", min_group)
    areas = _groups(spec, responses, "area", min_group)
    shown_products = {_key(g.key): g.key for g in products}
    shown_areas = {_key(g.key): g.key for g in areas}
    labels = tuple((_respondent_name(r) if named else f"R{n:03d}",
                    shown_products.get(_key(r.facts["product"]), OTHER),
                    tuple(dict.fromkeys(shown_areas.get(_key(a), OTHER) for a in _values(r, "area"))))
                   for n, r in enumerate(responses, 1))
    results = tuple(RequirementResult(r.id, r.module, r.title, r.obligation, per_req[r.id].tally()) for r in reqs)
    return SurveyAggregates(len(responses), min_group, named, total.tally(), results,
                            tuple((m.id, modules[m.id].tally()) for m in spec.modules), products, areas, labels)


class _Counter:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.must = 0
        self.importance_given = 0

    def add(self, code: str, importance: object, times: int = 1) -> None:
        self.counts[code] += times
        if importance in ("must", "should", "could"):
            self.importance_given += times
            self.must += times if importance == "must" else 0

    def merge(self, other: _Counter) -> None:
        self.counts.update(other.counts)
        self.must += other.must
        self.importance_given += other.importance_given

    def tally(self) -> Tally:
        return Tally(dict(self.counts), self.must, self.importance_given)


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _respondent_name(response: Response) -> str:
    """The name on the list the workbook was made for; the name in its facts for a blank one."""
    return response.label.name if response.label is not None else response.facts["municipality"]


def _values(response: Response, fact: str) -> list[str]:
    """A fact's value; the service areas one by one."""
    text = response.facts[fact]
    if fact != "area":
        return [text]
    return [part.strip() for part in re.split(r"[,;]", text) if part.strip()] or [text]


def _groups(spec: Specification, responses: list[Response], fact: str, min_group: int) -> tuple[Group, ...]:
    """Respondents grouped by a fact, small groups pooled (see the module docstring)."""
    members: dict[str, list[Response]] = {}
    spelling: dict[str, Counter[str]] = {}
    for response in responses:
        keys: dict[str, str] = {}
        for name in _values(response, fact):
            keys.setdefault(_key(name), name)
        for key, name in keys.items():
            members.setdefault(key, []).append(response)
            spelling.setdefault(key, Counter())[name] += 1
    big = sorted(k for k, v in members.items() if k and len(v) >= min_group)
    small = [k for k in members if k not in big]
    groups = [_group(spec, min(spelling[k], key=lambda s: (-spelling[k][s], s)), members[k]) for k in big]
    # A respondent of several small service areas is one member of the pool, not several.
    pooled = list({id(r): r for k in small for r in members[k]}.values())
    if len(pooled) >= min_group and len(small) > 1:
        groups.append(_group(spec, OTHER, pooled))
    return tuple(groups)


def _group(spec: Specification, name: str, responses: Iterable[Response]) -> Group:
    module_of = {r.id: r.module for r in spec.requirements()}
    total, modules = _Counter(), {m.id: _Counter() for m in spec.modules}
    members = list(responses)
    counted = Counter((module_of[req_id], a.code, a.second) for r in members for req_id, a in r.answers.items()
                      if req_id in module_of)
    for (module, code, importance), times in counted.items():
        total.add(code, importance, times)
        modules[module].add(code, importance, times)
    return Group(name, len(members), total.tally(), {k: v.tally() for k, v in modules.items()})


def shown_name(group_key: str, other: str) -> str:
    return other if group_key == OTHER else group_key
