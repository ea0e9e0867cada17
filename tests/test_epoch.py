"""Time stamps counted from 1970 agree with the operating system's wherever it can count them."""

from __future__ import annotations

import datetime as dt

import pytest

from anskaffelse.epoch import utc


@pytest.mark.parametrize("epoch", [0, 1, 86_399, 86_400, 951_782_400, 1_767_225_600, 4_354_819_198,
                                   32_503_680_000, 32_536_850_399, 253_402_300_799, -1, -86_401])
def test_a_time_stamp_is_the_moment_the_system_gives(epoch):
    assert utc(epoch) == dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None)


def test_a_whole_range_of_days_and_leap_years_agrees():
    for epoch in range(0, 253_402_300_799, 9_876_543_211):
        assert utc(epoch) == dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None), epoch
