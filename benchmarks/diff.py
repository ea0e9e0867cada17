"""Time the one diff and the addendum document in the worst case; never part of the test suite.

    python benchmarks/diff.py

The whole built-in library (examples/alle-tjenesteomrader.yaml) against a copy in
which every requirement text has a word changed in its middle and every evaluated
weight is one lower: every requirement is a text change, and the addendum prints
each old and new text in full.
"""

from __future__ import annotations

import dataclasses
import resource
import time
from pathlib import Path

from anskaffelse.resolved import SpecRequirement

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    import anskaffelse
    from anskaffelse.api import epoch_of
    from anskaffelse.changes.addendum import export_addendum
    from anskaffelse.changes.diff import diff_specifications
    from anskaffelse.export import ExportOptions

    old = anskaffelse.specification(ROOT / "examples" / "alle-tjenesteomrader.yaml")[0]
    new = dataclasses.replace(old, modules=tuple(
        dataclasses.replace(m, requirements=tuple(_changed(r) for r in m.requirements)) for m in old.modules))
    start = time.perf_counter()
    diff = diff_specifications(old, new)
    diffed = time.perf_counter() - start
    start = time.perf_counter()
    data = export_addendum(old, new, diff, 1, ExportOptions(epoch=epoch_of(new.tender.date)))
    written = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{old.requirement_count} requirements, {len(diff.requirements)} changed: diff {diffed:.2f} s, "
          f"addendum docx {written:.2f} s ({len(data) / 1e6:.1f} MB), peak memory {peak:.0f} MB")


def _changed(req: SpecRequirement) -> SpecRequirement:
    words = req.text.split(" ")
    words[len(words) // 2] = "ENDRET"
    weight = max(req.weight - 1, 1) if req.obligation == "evaluert" else req.weight
    return dataclasses.replace(req, text=" ".join(words), weight=weight)


if __name__ == "__main__":
    main()
