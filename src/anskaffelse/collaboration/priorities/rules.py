"""How the members' priorities become one decision per requirement. Pure: no files, no language.

A priority is a level: Må 3, Bør 2, Kan 1, Ikke aktuelt 0. A member that
answers Ikke aktuelt is outside the requirement's scope (it does not run the
service, or has no use for it); the members that answer anything else are in
scope, and only they decide the obligation and the weight.

1. Nobody in scope: the requirement is excluded.
2. Some members out of scope: the requirement is scoped to those in scope.
3. The obligation, among the members in scope, by the rule chosen:
   - `strictest`: the strongest wish decides. A Må makes it minstekrav; else
     it is evaluert.
   - `majority`: every member Må makes it minstekrav (a minstekrav rejects
     tenders, so one member cannot impose it on the others); else, when at
     least half say Må or Bør, it is evaluert; else (most say only Kan) it is
     excluded, below the threshold. Half is enough: a tie keeps it.
   - `weighted`: as `majority`, each member counting by its population.
4. The weight of an evaluated requirement comes from the average level `a`
   of the members in scope (by population under `weighted`), mapped from
   Kan..Må (1..3) onto the weights 1..10: `weight = round_half_up(1 + 4.5·(a − 1))`.
   All Kan gives 1, all Bør 6, three Må and one Bør 9, all Må 10.
5. An informasjon requirement asks for a description, not a fulfilment: the
   priorities decide whether it is kept and for whom, and it stays informasjon.
6. A contract term (a requirement with a contract annex: service levels, prices,
   data processing …) is accepted with Ja and not scored: the priorities decide
   whether it is kept and for whom, and it stays a minstekrav.

Exact fractions keep every result the same on every machine.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

RULES = ("strictest", "majority", "weighted")
MA, BOR, KAN, IKKE_AKTUELT = 3, 2, 1, 0
LEVELS = (MA, BOR, KAN, IKKE_AKTUELT)
"""Strongest first: the order in which tallies and reports list them."""
LEVEL_CODES = {MA: "må", BOR: "bør", KAN: "kan", IKKE_AKTUELT: "ikke-aktuelt"}
"""The level as scripts see it (`--json`)."""

Outcome = Literal["minstekrav", "evaluert", "informasjon", "exclude"]
CONTRACT_TERM = "kontraktsvilkår"
"""The `obligation` to give `decide` for a requirement with a contract annex."""
Vote = tuple[str, int]
"""(member id, level), in the order the profile lists the members."""


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    weight: int = 0
    """1–10 for an evaluated requirement, else 0."""
    scope: tuple[str, ...] = ()
    """The members the requirement applies to when not all of them do; empty: all members."""
    below_threshold: bool = False
    """Excluded because too few members in scope want it (Må or Bør), not because nobody does."""


def decide(votes: Sequence[Vote], rule: str, obligation: str = "evaluert",
           populations: Mapping[str, int] | None = None) -> Decision:
    """The decision for one requirement; `obligation` is the requirement's own (only informasjon matters).

    `populations` is needed for `weighted` and must be above 0 for every member in scope.
    """
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}")
    in_scope = [(member, level) for member, level in votes if level != IKKE_AKTUELT]
    if not in_scope:
        return Decision("exclude")
    scope = tuple(member for member, _ in in_scope) if len(in_scope) < len(votes) else ()
    weights = member_weights(in_scope, rule, populations)
    levels = [level for _, level in in_scope]
    if rule == "strictest":
        keep, strict = True, max(levels) == MA
    else:
        wanting = sum(weights[member] for member, level in in_scope if level >= BOR)
        keep, strict = 2 * wanting >= sum(weights.values()), all(level == MA for level in levels)
    if not keep:
        return Decision("exclude", below_threshold=True)
    if obligation == "informasjon":
        return Decision("informasjon", scope=scope)
    if obligation == CONTRACT_TERM:
        return Decision("minstekrav", scope=scope)
    if strict:
        return Decision("minstekrav", scope=scope)
    return Decision("evaluert", weight_from(average(in_scope, weights)), scope)


def member_weights(votes: Sequence[Vote], rule: str, populations: Mapping[str, int] | None) -> dict[str, int]:
    """How much each member counts: its population under `weighted`, else 1."""
    if rule != "weighted":
        return {member: 1 for member, _ in votes}
    if populations is None or any(populations.get(member, 0) <= 0 for member, _ in votes):
        raise ValueError("the weighted rule needs a population above 0 for every member")
    return {member: populations[member] for member, _ in votes}


def average(votes: Sequence[Vote], weights: Mapping[str, int]) -> Fraction:
    """The weighted average level of `votes` (not empty)."""
    return Fraction(sum(weights[member] * level for member, level in votes),
                    sum(weights[member] for member, _ in votes))


def weight_from(level: Fraction) -> int:
    """Average level Kan..Må (1..3) onto the weights 1..10, rounding halves up."""
    return max(1, min(10, math.floor(1 + Fraction(9, 2) * (level - 1) + Fraction(1, 2))))


def spread(levels: Sequence[int]) -> int:
    """How far the members are apart: the highest level minus the lowest, 0 (agreed) to 3 (Må against
    Ikke aktuelt)."""
    return max(levels) - min(levels) if levels else 0


def tally(votes: Sequence[Vote]) -> list[tuple[int, int]]:
    """(level, number of members) for each level given, strongest first."""
    counts = {level: sum(1 for _, given in votes if given == level) for level in LEVELS}
    return [(level, counts[level]) for level in LEVELS if counts[level]]
