"""Python's cyclic garbage collector, paused while large structures are built.

Reading a library and building its documents create hundreds of thousands of
objects; the collector would walk all of them again and again as they grow,
which costs a tenth to a quarter of the time. Nothing they create needs the
collector in the meantime: what is garbage is freed when the pause ends.

When the pause ends, the next collection walks everything the block made. The
command line, whose process is ours alone and ends after one command, spares
that walk (`leave_unwalked`): what the block made goes to the oldest generation
unwalked, where the collector reaches it only on a full collection. The Python
API never does this: a program that uses it may freeze its own objects
(`gc.freeze`), which this would undo, and may build many times in one process,
where the garbage left so would add up.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

_unwalked = False


def leave_unwalked() -> None:
    """For the command line's own process: what a pause made is not walked as it ends (see above)."""
    global _unwalked
    _unwalked = True


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """Pause the cyclic collector for the `with` block (nested pauses are fine)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if _unwalked:
                gc.freeze()
                gc.unfreeze()
            gc.enable()
