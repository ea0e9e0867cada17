"""The arithmetic of an evaluation, exactly as the published evaluation model states it.

Every number is computed with exact fractions from the numbers as they were
entered (a score of 7.3 is 73/10, not the nearest binary float), so equal
results are equal and nothing depends on the order of additions:

- a criterion's points are the weighted average of its scores,
  `K = Σ (v × s) / Σ v` (`criterion_points`);
- price points follow the tender's price model (`price_points`):
  lineær `10 − 10 × (P − Pmin) / Pmin` (may go negative, which is lawful,
  KOFA 2015/60) or proporsjonal `10 × Pmin / P`, with Pmin the lowest price
  among the tenders that are evaluated (rejected tenders do not set Pmin);
- weighted points are `W × K / 100` and the total `S = Σ (W × K) / 100`.

Rounding happens once, for what is shown: points to two decimals, half away
from zero (as the ROUND function of Excel and LibreOffice). The total is
rounded from the unrounded criterion points, so the rounded weighted points
may add up to a total 0.01 off. The ranking follows the rounded total, the
number the suppliers see; equal rounded totals share a rank and the next rank
is skipped (1, 1, 3), as RANK does in the workbook.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

PLACES = 2
"""Decimals shown for points and totals."""
SCALE_MAX = 10


def exact(value: float | int | Decimal | Fraction) -> Fraction:
    """The number as entered: a float is taken by its shortest decimal form (7.3 -> 73/10)."""
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    return Fraction(value)


def mean(values: Iterable[Fraction]) -> Fraction:
    items = list(values)
    if not items:
        raise ValueError("no values to average")
    return sum(items, Fraction(0)) / len(items)


def criterion_points(weighted_scores: Iterable[tuple[Fraction, Fraction]]) -> Fraction:
    """`K = Σ (v × s) / Σ v` for (weight v, score s) pairs; 0 when the weights are all 0."""
    pairs = list(weighted_scores)
    total_weight = sum((v for v, _ in pairs), Fraction(0))
    if total_weight == 0:
        return Fraction(0)
    return sum((v * s for v, s in pairs), Fraction(0)) / total_weight


def price_points(model: str, price: Fraction, lowest: Fraction) -> Fraction:
    """Points for `price` when `lowest` is the lowest evaluated price (both above 0)."""
    if price <= 0 or lowest <= 0:
        raise ValueError("prices must be above 0")
    if model == "lineær":
        return SCALE_MAX - SCALE_MAX * (price - lowest) / lowest
    if model == "proporsjonal":
        return SCALE_MAX * lowest / price
    raise ValueError(f"unknown price model {model!r}")


def weighted_points(points: Fraction, weight: Fraction) -> Fraction:
    """A criterion's share of the total: `W × K / 100`, W in per cent."""
    return weight * points / 100


def rounded(value: Fraction, places: int = PLACES) -> Decimal:
    """`value` to `places` decimals, half away from zero (2.675 -> 2.68, -1.005 -> -1.01)."""
    scaled = abs(value) * 10**places
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    if 2 * rest >= scaled.denominator:
        whole += 1
    return Decimal(-whole if value < 0 else whole).scaleb(-places)


@dataclass(frozen=True)
class Ranked:
    supplier: str
    total: Fraction
    shown: Decimal
    """The total as published: rounded to two decimals."""
    rank: int


def rank(totals: Mapping[str, Fraction]) -> tuple[Ranked, ...]:
    """Competition ranking by rounded total, best first; ties keep the order of `totals`."""
    shown = {name: rounded(total) for name, total in totals.items()}
    order = sorted(totals, key=lambda name: -shown[name])
    ranked = []
    for name in order:
        better = sum(1 for other in totals if shown[other] > shown[name])
        ranked.append(Ranked(name, totals[name], shown[name], better + 1))
    return tuple(ranked)


def tied_groups(ranking: Sequence[Ranked]) -> list[list[str]]:
    """Suppliers that share a rank, for each rank shared by more than one."""
    groups: dict[int, list[str]] = {}
    for entry in ranking:
        groups.setdefault(entry.rank, []).append(entry.supplier)
    return [names for names in groups.values() if len(names) > 1]


def format_number(value: Decimal | Fraction, places: int = PLACES, decimal_mark: str = ",",
                  group_mark: str = "\u00a0") -> str:
    """A number as Norwegian text: '1\u00a0234\u00a0567,50', '−0,25' (a real minus sign)."""
    number = value if isinstance(value, Decimal) else rounded(value, places)
    text = f"{abs(number):,.{places}f}".replace(",", "\x00").replace(".", decimal_mark).replace("\x00", group_mark)
    return f"\u2212{text}" if number < 0 else text
