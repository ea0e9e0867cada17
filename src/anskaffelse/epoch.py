"""Time stamps inside documents, from seconds since 1970 (UTC): the same on every system.

`datetime.fromtimestamp` and `time.gmtime` ask the operating system, and Windows
refuses times after the year 3000, which a mistyped profile date (`2925-01-01`)
reaches; counting from 1970 reaches every date a document can show (to 9999).
"""

from __future__ import annotations

import datetime as dt

_START = dt.datetime(1970, 1, 1)


def utc(epoch: int) -> dt.datetime:
    """The moment `epoch` seconds after 1970, UTC, without a time zone (as Office files store it)."""
    return _START + dt.timedelta(seconds=epoch)
