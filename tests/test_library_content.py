"""The library's own content: no two active requirements say the same thing.

A duplicate double-counts in the evaluation and makes suppliers answer twice;
merged duplicates are deprecated with `replaced_by`, never deleted.
"""

from __future__ import annotations

import itertools
import re

from anskaffelse.library import load_library

NEAR_IDENTICAL = 0.9
"""Share of the words two texts have in common (Jaccard over word sets) from which they count as one.

Two requirements on neighbouring parts of one standard (a request and a note under the same message
standard) share about 85 % of their words and are still two requirements."""


def similarity(a: str, b: str) -> float:
    words_a, words_b = (set(re.findall(r"[a-zæøå0-9]+", t.lower())) for t in (a, b))
    return len(words_a & words_b) / len(words_a | words_b)


def test_no_two_active_requirements_are_near_identical() -> None:
    loaded, _ = load_library()
    assert loaded is not None
    active = [r for r in loaded.library.requirements() if not r.deprecated]
    assert len(active) >= 450
    pairs = [(a.id, b.id, round(similarity(a.text.nb, b.text.nb), 2))
             for a, b in itertools.combinations(active, 2) if similarity(a.text.nb, b.text.nb) >= NEAR_IDENTICAL]
    assert pairs == []


def test_a_copied_requirement_with_one_word_changed_is_flagged() -> None:
    text = ("Løsningen skal vise en samlet oversikt over alle vedtak om tjenester for en pasient, med "
            "tjenestetype, omfang, gyldighetsperiode og status for hvert vedtak.")
    assert similarity(text, text.replace("samlet", "felles")) >= NEAR_IDENTICAL
    assert similarity(text, "Leverandøren skal gi opplæring til superbrukere i kommunens lokaler.") < 0.3
