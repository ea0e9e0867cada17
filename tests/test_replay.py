"""A recorded sequence of requests serves a build only if the build asks for exactly those, in that order."""

from __future__ import annotations

import pytest

from anskaffelse.export.replay import Mismatch, Replay

RECORD = (("link", "https://www.doffin.no", "rId9"), ("bullets", "", 3), ("krav_locked", True, 7))


def _asking(*requests: tuple[object, ...]):
    replay = Replay(RECORD)
    return replay.run(lambda: [replay.answer(*request) for request in requests])


def test_the_same_requests_in_the_same_order_get_the_recorded_answers():
    assert _asking(("link", "https://www.doffin.no"), ("bullets", ""), ("krav_locked", True)) == ["rId9", 3, 7]


@pytest.mark.parametrize("requests", [
    (("link", "https://www.doffin.no"), ("bullets", "")),  # fewer
    (("link", "https://www.doffin.no"), ("bullets", ""), ("krav_locked", True), ("bullets", "")),  # more
    (("bullets", ""), ("link", "https://www.doffin.no"), ("krav_locked", True)),  # another order
    (("link", "https://www.anskaffelser.no"), ("bullets", ""), ("krav_locked", True)),  # another argument
    (("link", "https://www.doffin.no"), ("bullets", ""), ("krav_locked", False)),  # another style
], ids=["fewer", "more", "another order", "another argument", "another style"])
def test_any_other_requests_get_no_result(requests):
    assert _asking(*requests) is None


def test_an_answer_out_of_turn_is_a_mismatch():
    with pytest.raises(Mismatch):
        Replay(RECORD).answer("bullets", "")
