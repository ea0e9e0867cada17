"""Answers recorded while a document's frame was made, given again to the next build that uses the frame.

The Word frame (`docx_frame`) and the workbook skeleton (`xlsx_skeleton`) are
kept with the requests their body or rows made of them and the answers they
gave (a link's relationship, a cell style's index). A build that takes the frame
from the cache answers from that record instead, and may use the frame only if
it asks for the same things in the same order, no more and no fewer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


class Mismatch(Exception):
    """A request other than the next one recorded."""


class Replay:
    """A record of requests and answers, each `(*request, answer)`, answered again in order."""

    def __init__(self, requests: Sequence[tuple[Any, ...]]) -> None:
        self._requests = requests
        self._next = 0

    def answer(self, *request: Any) -> Any:
        """The recorded answer to `request`; `Mismatch` when it is not the next request recorded."""
        if self._next >= len(self._requests) or tuple(self._requests[self._next][:-1]) != request:
            raise Mismatch
        self._next += 1
        return self._requests[self._next - 1][-1]

    def run(self, write: Callable[[], T]) -> T | None:
        """What `write` gives, asking this record; None when it asked for anything else, or for less."""
        try:
            written = write()
        except Mismatch:
            return None
        return written if self._next == len(self._requests) else None
