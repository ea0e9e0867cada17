"""The merge rules of the prioritisation round on small tables whose right answer is written out by hand.

Levels: Må 3, Bør 2, Kan 1, Ikke aktuelt 0 ("IA" below). The weight of an
evaluated requirement is round_half_up(1 + 4.5·(a − 1)) for the average level a
of the members in scope; each expected weight below is worked out in its comment.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from anskaffelse.collaboration.priorities.joint import Candidate
from anskaffelse.collaboration.priorities.outcome import explain, merge_requirement
from anskaffelse.collaboration.priorities.rules import (
    CONTRACT_TERM,
    Decision,
    decide,
    spread,
    tally,
    weight_from,
)

MA, BOR, KAN, IA = 3, 2, 1, 0


def votes(*levels: int) -> list[tuple[str, int]]:
    return [(name, level) for name, level in zip("abcdef", levels, strict=False)]


@pytest.mark.parametrize(("levels", "expected"), [
    ((MA, MA, MA), Decision("minstekrav")),
    ((MA, KAN, KAN), Decision("minstekrav")),                    # one Må is enough: the strongest wish decides
    ((BOR, KAN, KAN), Decision("evaluert", 3)),                  # a = 4/3: 1 + 4.5·1/3 = 2.5 -> 3
    ((KAN, KAN, KAN), Decision("evaluert", 1)),                  # a = 1 -> 1
    ((BOR, BOR, MA), Decision("minstekrav")),
    ((MA, IA, IA), Decision("minstekrav", scope=("a",))),
    ((IA, BOR, KAN), Decision("evaluert", 3, scope=("b", "c"))),  # a = 3/2: 1 + 2.25 = 3.25 -> 3
    ((IA, IA, IA), Decision("exclude")),
])
def test_strictest(levels: tuple[int, ...], expected: Decision) -> None:
    assert decide(votes(*levels), "strictest") == expected


@pytest.mark.parametrize(("levels", "expected"), [
    ((MA, MA, MA, MA), Decision("minstekrav")),
    ((MA, MA, MA, BOR), Decision("evaluert", 9)),                # a = 11/4: 1 + 4.5·7/4 = 8.875 -> 9
    ((MA, BOR, BOR, BOR), Decision("evaluert", 7)),              # a = 9/4: 1 + 4.5·5/4 = 6.625 -> 7
    ((BOR, BOR, BOR), Decision("evaluert", 6)),                  # a = 2: 5.5 -> 6 (halves round up)
    ((MA, KAN, KAN), Decision("exclude", below_threshold=True)),  # 1 of 3 says Må or Bør: below half
    ((KAN, KAN, KAN), Decision("exclude", below_threshold=True)),
    ((BOR, BOR, IA, IA), Decision("evaluert", 6, scope=("a", "b"))),
    ((IA, MA, MA), Decision("minstekrav", scope=("b", "c"))),    # all in scope say Må
    ((IA, MA, BOR), Decision("evaluert", 8, scope=("b", "c"))),  # a = 5/2: 1 + 6.75 = 7.75 -> 8
    ((KAN, IA, IA), Decision("exclude", below_threshold=True)),
    ((IA, IA), Decision("exclude")),
])
def test_majority(levels: tuple[int, ...], expected: Decision) -> None:
    assert decide(votes(*levels), "majority") == expected


@pytest.mark.parametrize(("levels", "expected"), [
    ((MA, BOR, KAN, KAN), Decision("evaluert", 4)),   # 2 of 4 say Må or Bør: half keeps it; a = 7/4 -> 4.375 -> 4
    ((BOR, KAN), Decision("evaluert", 3)),            # 1 of 2; a = 3/2 -> 3.25 -> 3
    ((MA, BOR), Decision("evaluert", 8)),             # a = 5/2 -> 7.75 -> 8
    ((MA, KAN), Decision("evaluert", 6)),             # a = 2 -> 5.5 -> 6
    ((MA, IA), Decision("minstekrav", scope=("a",))),
])
def test_a_tie_in_the_majority_keeps_the_requirement(levels: tuple[int, ...], expected: Decision) -> None:
    assert decide(votes(*levels), "majority") == expected


POPULATIONS = {"a": 10_000, "b": 2_000, "c": 1_000}


@pytest.mark.parametrize(("levels", "expected"), [
    # Må/Bør: 10 000 of 13 000 > half (by count it is 1 of 3, which majority excludes);
    # a = (30 000 + 2 000 + 1 000) / 13 000 = 33/13: 1 + 4.5·20/13 = 7.92 -> 8
    ((MA, KAN, KAN), Decision("evaluert", 8)),
    # Må/Bør: 3 000 of 13 000 < half (by count 2 of 3, which majority keeps)
    ((KAN, MA, MA), Decision("exclude", below_threshold=True)),
    ((MA, MA, MA), Decision("minstekrav")),
    ((MA, MA, BOR), Decision("evaluert", 10)),        # a = (30 000 + 6 000 + 2 000)/13 000 = 38/13 -> 9.65 -> 10
    ((IA, BOR, KAN), Decision("evaluert", 4, scope=("b", "c"))),  # 2 000 of 3 000; a = 5/3 -> 4.0 -> 4
])
def test_weighted(levels: tuple[int, ...], expected: Decision) -> None:
    assert decide(votes(*levels), "weighted", populations=POPULATIONS) == expected


def test_a_tie_by_population_keeps_the_requirement() -> None:
    assert decide(votes(BOR, KAN), "weighted", populations={"a": 5_000, "b": 5_000}) == Decision("evaluert", 3)
    assert decide(votes(BOR, KAN), "weighted", populations={"a": 4_999, "b": 5_000}) == \
        Decision("exclude", below_threshold=True)


def test_the_weighted_rule_needs_every_population() -> None:
    with pytest.raises(ValueError, match="population"):
        decide(votes(MA, BOR), "weighted", populations={"a": 100})
    with pytest.raises(ValueError, match="population"):
        decide(votes(MA, BOR), "weighted", populations={"a": 100, "b": 0})


def test_an_information_requirement_stays_information() -> None:
    assert decide(votes(MA, MA), "majority", "informasjon") == Decision("informasjon")
    assert decide(votes(MA, IA), "strictest", "informasjon") == Decision("informasjon", scope=("a",))
    assert decide(votes(KAN, KAN), "majority", "informasjon") == Decision("exclude", below_threshold=True)


def test_a_contract_term_stays_a_minstekrav() -> None:
    """A service level or price term is accepted with Ja: the round decides only whether and for whom."""
    assert decide(votes(BOR, KAN), "majority", CONTRACT_TERM) == Decision("minstekrav")
    assert decide(votes(KAN, IA), "strictest", CONTRACT_TERM) == Decision("minstekrav", scope=("a",))
    assert decide(votes(KAN, KAN), "majority", CONTRACT_TERM) == Decision("exclude", below_threshold=True)
    assert decide(votes(IA, IA), "majority", CONTRACT_TERM) == Decision("exclude")


def test_an_unknown_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown rule"):
        decide(votes(MA), "unanimity")


@pytest.mark.parametrize(("average", "weight"), [
    (Fraction(1), 1), (Fraction(4, 3), 3), (Fraction(3, 2), 3), (Fraction(5, 3), 4), (Fraction(2), 6),
    (Fraction(7, 3), 7), (Fraction(5, 2), 8), (Fraction(8, 3), 9), (Fraction(11, 4), 9), (Fraction(3), 10),
])
def test_weights_from_the_average_level(average: Fraction, weight: int) -> None:
    assert weight_from(average) == weight


def test_spread_and_tally() -> None:
    assert spread([MA, IA, BOR]) == 3
    assert spread([BOR, BOR]) == 0
    assert spread([KAN, BOR]) == 1
    assert tally(votes(MA, MA, IA, BOR)) == [(MA, 2), (BOR, 1), (IA, 1)]


CANDIDATE = Candidate("EPJ-LV-001", "Legevakt", "Tittel", "Tekst", "")


def test_the_explanation_reads_as_written_by_hand() -> None:
    found = votes(MA, MA, MA, BOR)
    assert explain(found, decide(found, "majority"), "majority", {}, "nb") == \
        "3 av 4 Må, 1 Bør (majority) → evaluert, vekt 9"
    scoped = votes(IA, MA, MA, IA)
    assert explain(scoped, decide(scoped, "majority"), "majority", {}, "nn") == \
        "2 av 4 Må, 2 Ikkje aktuelt (majority) → gjeld berre b, c; minstekrav"
    gone = votes(IA, IA, IA, IA)
    assert explain(gone, decide(gone, "strictest"), "strictest", {}, "nb") == \
        "4 av 4 Ikke aktuelt (strictest) → tatt ut: ingen av medlemmene har bruk for kravet"
    weighed = votes(MA, KAN, KAN)
    assert explain(weighed, decide(weighed, "weighted", populations=POPULATIONS), "weighted", POPULATIONS, "nb") \
        == "1 av 3 Må, 2 Kan (weighted, Må eller Bør: 10 000 av 13 000 innbyggere) → evaluert, vekt 8"


def test_a_scope_entry_names_the_members_in_scope_and_everyone_against_the_area_rule() -> None:
    def entry(levels: tuple[int, ...], default: tuple[str, ...]) -> tuple[str, ...]:
        return merge_requirement(CANDIDATE, "evaluert", votes(*levels), [], "majority", {}, "nb",
                                 default).scope_entry

    assert entry((MA, IA, MA), ("a", "b", "c")) == ("a", "c")
    assert entry((MA, IA, MA), ("a", "c")) == ("a", "c")       # the same as the area rule, written all the same
    assert entry((MA, MA, MA), ("a", "b", "c")) == ()          # for everyone, as the profile gives it anyway
    assert entry((MA, MA, MA), ("a",)) == ("a", "b", "c")       # for everyone, against the area rule
    assert entry((IA, IA, IA), ("a",)) == ()                    # excluded: no scope entry
    merged = merge_requirement(CANDIDATE, "evaluert", votes(MA, MA, MA), [("a", "Viktig"), ("b", "")],
                               "majority", {}, "nb", ("a",))
    assert merged.explanation == ("3 av 3 Må (majority) → gjelder alle medlemmene, også de som ikke har "
                                  "tjenesteområdet; minstekrav")
    assert merged.comments == (("a", "Viktig"),)


def test_a_requirement_below_the_threshold_by_population_says_so() -> None:
    found = votes(KAN, MA, MA)
    assert explain(found, decide(found, "weighted", populations=POPULATIONS), "weighted", POPULATIONS, "nn") == (
        "2 av 3 Må, 1 Kan (weighted, Må eller Bør: 3 000 av 13 000 innbyggjarar) → teke ut: kommunane som seier "
        "Må eller Bør, har under halvparten av innbyggjarane i kommunane kravet gjeld")
