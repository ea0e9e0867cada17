"""Python's cyclic garbage collector, paused while large structures are built.

Reading a library and building its documents create hundreds of thousands of
objects; the collector would walk all of them again and again as they grow,
which costs a tenth to a quarter of the time. Nothing they create needs the
collector in the meantime: what is garbage is freed when the pause ends.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """Pause the cyclic collector for the `with` block (nested pauses are fine)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # What the block made would all be walked by the next collection (a large build's
            # library and documents: a few hundredths of a second). Moved to the oldest generation
            # unwalked instead, it is walked only when that generation's turn comes; cyclic
            # garbage among it is freed then.
            gc.freeze()
            gc.unfreeze()
            gc.enable()
