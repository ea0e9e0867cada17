"""Numbers of thousands of digits, from a file or the command line, get a finding or are left alone.

Python refuses to turn more than 4,300 digits into an int (ValueError), so every
place that reads a number written by someone else checks its length first.
"""

from __future__ import annotations

import pytest

from anskaffelse.collaboration.members import month_and_year
from anskaffelse.evaluation.plan import evaluator_names
from anskaffelse.exchange.reqif import SpecObject, _weight
from anskaffelse.survey.responses import _second

DIGITS = "9" * 5_000


def test_a_weight_of_thousands_of_digits_in_a_reqif_file_is_a_finding() -> None:
    found: list = []
    assert _weight(DIGITS, SpecObject("krav-1", 12), "krav.reqif", found) == 0
    [finding] = found
    assert finding.code == "X008" and finding.line == 12 and DIGITS[:60] in finding.message
    assert _weight(" 7 ", SpecObject("krav-2", 13), "krav.reqif", found) == 7


def test_evaluators_given_as_thousands_of_digits_are_refused_with_the_number_shortened() -> None:
    with pytest.raises(ValueError, match=r"^--evaluators is 999999999999…; give a number from 1 to \d+"):
        evaluator_names(DIGITS, "Evaluator {number}")
    assert evaluator_names("3", "Evaluator {number}") == ("Evaluator 1", "Evaluator 2", "Evaluator 3")


def test_a_month_of_thousands_of_digits_is_left_as_written() -> None:
    assert month_and_year(f"2028-{DIGITS}", "nb").endswith(DIGITS)
    assert month_and_year("2028-03", "nb") == "mars 2028"


def test_a_year_of_thousands_of_digits_in_a_dialogue_answer_is_no_year() -> None:
    assert _second(DIGITS, "dialogue", {}) is None
    assert _second(" 2027 ", "dialogue", {}) == 2027
