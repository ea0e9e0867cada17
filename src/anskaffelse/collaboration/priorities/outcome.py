"""One requirement after the merge: the members' votes, the decision, and the sentence that explains it.

The sentence is the comment the joint profile carries on the decision, in the
tender's language, e.g. "3 av 4 Må, 1 Bør (majority) → evaluert, vekt 9".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ...locale import texts
from .joint import Candidate
from .rules import BOR, IKKE_AKTUELT, LEVEL_CODES, Decision, Vote, decide, spread, tally


@dataclass(frozen=True)
class MergedRequirement:
    candidate: Candidate
    """In the tender's language."""
    votes: tuple[Vote, ...]
    """(member id, level) in the order the profile lists the members."""
    comments: tuple[tuple[str, str], ...]
    """(member id, comment) for the members that wrote one."""
    decision: Decision
    explanation: str
    spread: int
    scope_entry: tuple[str, ...] = ()
    """The member ids to write under `scope:`: those in scope when not all, or all when the joint profile
    would otherwise give the requirement to fewer (by its service areas); empty: no entry."""


def merge_requirement(candidate: Candidate, obligation: str, votes: Sequence[Vote],
                      comments: Sequence[tuple[str, str]], rule: str, populations: Mapping[str, int],
                      lang: str, default_members: Sequence[str] = ()) -> MergedRequirement:
    """`default_members`: whom the joint profile gives the requirement without a scope entry (all by default)."""
    decision = decide(votes, rule, obligation, populations)
    everyone = tuple(member for member, _ in votes)
    chosen = decision.scope or everyone
    # Written whenever the requirement is not for everyone, and for everyone too when the profile's own
    # rule (scope entries, the members' service areas) would leave some members out.
    differs = chosen != everyone or chosen != (tuple(default_members) or everyone)
    entry = chosen if decision.outcome != "exclude" and differs else ()
    return MergedRequirement(candidate, tuple(votes), tuple((m, c) for m, c in comments if c), decision,
                             explain(votes, decision, rule, populations, lang, bool(entry)),
                             spread([v for _, v in votes]), entry)


def explain(votes: Sequence[Vote], decision: Decision, rule: str, populations: Mapping[str, int],
            lang: str, scope_entry: bool = False) -> str:
    """How the votes became the decision, in one line."""
    p = texts(lang)["prioritize"]
    d, labels = p["decision"], p["levels"]
    counted = [d["first" if i == 0 else "next"].format(count=count, total=len(votes), level=labels[LEVEL_CODES[level]])
               for i, (level, count) in enumerate(tally(votes))]
    why = rule
    in_scope = [(member, level) for member, level in votes if level != IKKE_AKTUELT]
    if rule == "weighted" and in_scope:
        wanting = sum(populations[m] for m, level in in_scope if level >= BOR)
        why += ", " + d["population"].format(wanting=grouped(wanting),
                                             people=grouped(sum(populations[m] for m, _ in in_scope)))
    return f"{', '.join(counted)} ({why}) → {outcome_text(decision, lang, scope_entry, rule)}"


def outcome_text(decision: Decision, lang: str, scope_entry: bool = False, rule: str = "majority") -> str:
    """The decision in words; `scope_entry`: the profile lists every member, against its own area rule."""
    d = texts(lang)["prioritize"]["decision"]
    if decision.outcome == "exclude" and decision.below_threshold:
        return str(d["threshold_weighted" if rule == "weighted" else "threshold"])
    if decision.outcome == "exclude":
        return str(d["nobody"])
    parts = [d["scope"].format(members=", ".join(decision.scope))] if decision.scope else []
    if scope_entry and not decision.scope:
        parts.append(d["scope_all"])
    parts.append(d[decision.outcome].format(weight=decision.weight))
    return "; ".join(parts)


def grouped(value: int) -> str:
    """Thousands grouped with a space, as Norwegian writes them: 21 000."""
    return f"{value:,}".replace(",", " ")
