"""The arithmetic of the evaluation, against numbers worked out by hand.

Every expected value below was computed on paper from the formulas the
tender publishes (see the comments), not by the code under test.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from anskaffelse.evaluation.scoring import (
    criterion_points,
    exact,
    format_number,
    mean,
    price_points,
    rank,
    rounded,
    tied_groups,
    weighted_points,
)


def test_a_score_is_taken_as_written_not_as_the_nearest_binary_float() -> None:
    assert exact(7.3) == Fraction(73, 10)
    assert exact(0.1) + exact(0.2) == exact(0.3)
    assert exact(8) == 8


def test_criterion_points_are_the_weighted_average_of_the_scores() -> None:
    # (9 × 10 + 6 × 4 + 8 × 7) / (9 + 6 + 8) = 170 / 23 = 7.3913...
    points = criterion_points([(Fraction(9), Fraction(10)), (Fraction(6), Fraction(4)), (Fraction(8), Fraction(7))])
    assert points == Fraction(170, 23)
    assert rounded(points) == Decimal("7.39")


def test_the_average_of_several_evaluators_goes_into_the_weighted_average() -> None:
    # Evaluators gave 10 and 9 on the first row: (9 × 9.5 + 6 × 4 + 8 × 7) / 23 = 165.5 / 23 = 7.1956...
    first = mean([Fraction(10), Fraction(9)])
    assert first == Fraction(19, 2)
    points = criterion_points([(Fraction(9), first), (Fraction(6), Fraction(4)), (Fraction(8), Fraction(7))])
    assert rounded(points) == Decimal("7.20")


def test_linear_price_points() -> None:
    # 10 − 10 × (6 344 000 − 5 500 000) / 5 500 000 = 10 − 844 / 550 = 2328 / 275 = 8.46545...
    points = price_points("lineær", Fraction(6_344_000), Fraction(5_500_000))
    assert points == Fraction(2328, 275)
    assert rounded(points) == Decimal("8.47")
    assert price_points("lineær", Fraction(5_500_000), Fraction(5_500_000)) == 10


def test_linear_price_points_may_go_negative() -> None:
    # Three times the lowest price: 10 − 10 × (3 − 1) / 1 = −10 (lawful, KOFA 2015/60).
    assert price_points("lineær", Fraction(3_000_000), Fraction(1_000_000)) == -10


def test_proportional_price_points() -> None:
    # 10 × 5 500 000 / 6 344 000 = 8.66960...
    points = price_points("proporsjonal", Fraction(6_344_000), Fraction(5_500_000))
    assert points == Fraction(55_000_000, 6_344_000)
    assert rounded(points) == Decimal("8.67")
    assert price_points("proporsjonal", Fraction(800_000), Fraction(800_000)) == 10


def test_a_price_of_zero_cannot_be_scored() -> None:
    with pytest.raises(ValueError):
        price_points("proporsjonal", Fraction(0), Fraction(0))


def test_weighted_points_are_the_criterion_weight_in_per_cent() -> None:
    # 30 % of 8.66960... = 2.60088...
    assert rounded(weighted_points(Fraction(55_000_000, 6_344_000), Fraction(30))) == Decimal("2.60")
    assert weighted_points(Fraction(7), Fraction(50)) == Fraction(7, 2)


@pytest.mark.parametrize(("value", "shown"), [
    (Fraction(2675, 1000), "2.68"),    # half up, where binary floats would give 2.67
    (Fraction(2665, 1000), "2.67"),
    (Fraction(-1005, 1000), "-1.01"),  # half away from zero, as ROUND in Excel and LibreOffice
    (Fraction(1, 3), "0.33"),
    (Fraction(2, 3), "0.67"),
    (Fraction(0), "0.00"),
    (Fraction(9995, 1000), "10.00"),
])
def test_rounding_to_two_decimals_half_away_from_zero(value: Fraction, shown: str) -> None:
    assert f"{rounded(value)}" == shown


def test_equal_rounded_totals_share_a_rank_and_the_next_rank_is_skipped() -> None:
    totals = {"A": Fraction(7), "B": Fraction(8), "C": Fraction(7), "D": Fraction(6)}
    ranking = rank(totals)
    assert [(r.supplier, r.rank) for r in ranking] == [("B", 1), ("A", 2), ("C", 2), ("D", 4)]
    assert tied_groups(ranking) == [["A", "C"]]


def test_the_ranking_follows_the_total_as_published_with_two_decimals() -> None:
    # 7.994 and 7.996 are both published as 7.99 / 8.00: different ranks; 7.9951 and 7.9949 are 8.00 and 7.99.
    ranking = rank({"A": Fraction(7994, 1000), "B": Fraction(7996, 1000)})
    assert [(r.supplier, r.rank, f"{r.shown}") for r in ranking] == [("B", 1, "8.00"), ("A", 2, "7.99")]
    # 8.001 and 7.999 are both published as 8.00: they share the first place.
    ranking = rank({"A": Fraction(8001, 1000), "B": Fraction(7999, 1000)})
    assert [(r.supplier, r.rank) for r in ranking] == [("A", 1), ("B", 1)]


def test_numbers_are_written_the_norwegian_way() -> None:
    assert format_number(Fraction(123456789, 100)) == "1\u00a0234\u00a0567,89"
    assert format_number(Fraction(-1, 4)) == "\u22120,25"
    assert format_number(Fraction(7)) == "7,00"
    assert format_number(Fraction(12345, 10), decimal_mark=".", group_mark=",") == "1,234.50"
