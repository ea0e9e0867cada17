"""From the committee's scores to points, totals, the ranking and the winner's relative advantages.

Pure functions over a `FilledEvaluation`; the arithmetic is `scoring.py`'s.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from .plan import Criterion
from .readback import FilledEvaluation
from .scoring import Ranked, criterion_points, exact, price_points, rank, rounded, weighted_points


@dataclass(frozen=True)
class Outcome:
    points: Mapping[tuple[int, str], Fraction]
    """(criterion index, supplier) -> the criterion's points K (0-10)."""
    weighted: Mapping[tuple[int, str], Fraction]
    """(criterion index, supplier) -> W × K / 100."""
    ranking: tuple[Ranked, ...]
    lowest_price: Fraction | None
    """Pmin: the lowest evaluated price; None without a price criterion."""

    @property
    def winners(self) -> tuple[str, ...]:
        """The supplier with the best total, or all that share the first rank."""
        return tuple(r.supplier for r in self.ranking if r.rank == 1)


def outcome(filled: FilledEvaluation) -> Outcome:
    plan = filled.plan
    evaluated = [s.name for s in plan.evaluated]
    prices = {s.name: exact(s.price) for s in plan.evaluated if s.price is not None}
    lowest = min(prices.values()) if prices else None
    points: dict[tuple[int, str], Fraction] = {}
    weighted: dict[tuple[int, str], Fraction] = {}
    for index, criterion in enumerate(plan.criteria):
        for supplier in evaluated:
            if criterion.is_price:
                if lowest is None:
                    raise ValueError("a price criterion needs the evaluated prices")
                value = price_points(criterion.price_model, prices[supplier], lowest)
            else:
                value = _quality_points(filled, index, criterion, supplier)
            points[(index, supplier)] = value
            weighted[(index, supplier)] = weighted_points(value, exact(criterion.weight))
    totals = {s: sum((weighted[(i, s)] for i in range(len(plan.criteria))), Fraction(0)) for s in evaluated}
    return Outcome(points, weighted, rank(totals), lowest)


def _quality_points(filled: FilledEvaluation, index: int, criterion: Criterion, supplier: str) -> Fraction:
    pairs = [(Fraction(item.weight), filled.judgements[(index, row, supplier)].points)
             for row, item in enumerate(criterion.items)]
    return criterion_points(pairs)


@dataclass(frozen=True)
class Advantage:
    """Where the winner scored higher than another supplier under one criterion."""

    criterion: int
    winner_points: Fraction
    other_points: Fraction
    rows: tuple[int, ...]
    """The rows (requirements, deliverables) where the winner's points are higher."""


def advantages(filled: FilledEvaluation, result: Outcome, winner: str, other: str) -> list[Advantage]:
    """Each criterion whose shown (rounded) points are higher for `winner` than for `other`."""
    found = []
    for index, criterion in enumerate(filled.plan.criteria):
        mine, theirs = result.points[(index, winner)], result.points[(index, other)]
        if rounded(mine) <= rounded(theirs):
            continue
        rows: tuple[int, ...] = ()
        if not criterion.is_price:
            rows = tuple(row for row in range(len(criterion.items))
                         if filled.judgements[(index, row, winner)].points
                         > filled.judgements[(index, row, other)].points)
        found.append(Advantage(index, mine, theirs, rows))
    return found


def better_for_other(filled: FilledEvaluation, result: Outcome, winner: str, other: str) -> list[int]:
    """The criteria on which `other` has more (shown) points than the winner."""
    return [i for i in range(len(filled.plan.criteria))
            if rounded(result.points[(i, other)]) > rounded(result.points[(i, winner)])]
