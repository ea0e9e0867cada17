"""Hostile answer workbooks against `anskaffelse answers check`: time and peak memory of each refusal.

    python benchmarks/hostile_workbooks.py

Builds the example tender, fills its answer sheet as a good supplier would, and
makes the hostile corpus of the tests from it (`tests/answer_workbooks.HOSTILE`:
a 1 GiB zip bomb, billion laughs, XXE, a macro-enabled workbook, an external
link, a sheet that claims 1,048,576 rows, a cell in row 1,048,576, a truncated
zip, a CSV and an old .xls renamed .xlsx). Each is measured twice:

- the whole command in its own process (`os.wait4` gives its peak memory),
  including Python's start-up and reading the specification;
- reading the workbook alone in this process (`answers.workbook.read_workbook`
  with the specification's limits): wall time, and the peak of Python's own
  allocations by `tracemalloc` in a second run.

Prints one line per case, then the worst case against the goal (refused within
2 s and 200 MB). Never part of the test suite.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL_SECONDS = 2.0
GOAL_MB = 200.0


def _command(spec: Path, workbook: Path) -> tuple[int, float, float, float]:
    """Exit code, wall seconds, CPU seconds and peak resident memory (MB) of the check in a process of its own.

    On a busy machine the wall time grows with the other work; the CPU time is what the check itself costs.
    """
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "anskaffelse", "answers", "check", str(spec), str(workbook)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return process.returncode, time.perf_counter() - start, cpu, usage.ru_maxrss / 1024


def _in_process(path: Path, spec: object) -> tuple[float, float]:
    """Seconds to read (or refuse) the workbook, and the peak of Python allocations while doing it (MB)."""
    from anskaffelse.answers.responses import limits_for
    from anskaffelse.answers.workbook import read_workbook
    from anskaffelse.diagnostics import InputError

    limits = limits_for(spec)  # type: ignore[arg-type]

    def read() -> None:
        with contextlib.suppress(InputError):
            read_workbook(path, limits)

    start = time.perf_counter()
    read()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    read()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return seconds, peak


def main() -> None:
    import anskaffelse
    from anskaffelse.spec_reader import read_specification
    from tests.answer_workbooks import HOSTILE, fill

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        anskaffelse.build([ROOT / "examples" / "eksempel-kommune.yaml"], folder, formats=["json", "xlsx"])
        spec_path = folder / "eksempel-kommune-spesifikasjon.json"
        spec = read_specification(spec_path)
        good = fill(folder / "eksempel-kommune-svarskjema.xlsx", folder / "god.xlsx", spec, "God Journal AS")
        cases = {"good workbook (for comparison)": good}
        for name, (make, _) in HOSTILE.items():
            started = time.perf_counter()
            cases[name] = make(good, folder / f"{name}.xlsx")
            print(f"made {name} ({cases[name].stat().st_size / 1e6:.1f} MB) in "
                  f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
        print(f"{spec.requirement_count} requirements; each case alone, then the whole command in its own process\n")
        print(f"{'case':<32} {'read':>8} {'python peak':>12}   {'command':>8} {'CPU':>7} {'exit':>4} "
              f"{'peak RSS':>9}")
        worst = ("", 0.0, 0.0, 0.0)
        for name, path in cases.items():
            seconds, peak = _in_process(path, spec)
            code, total, cpu, rss = _command(spec_path, path)
            print(f"{name:<32} {seconds:7.2f}s {peak:9.1f} MB   {total:7.2f}s {cpu:6.2f}s {code:>4} {rss:6.0f} MB")
            if path is not good and (total, rss) > worst[1:3]:
                worst = (name, total, rss, cpu)
    name, total, rss, cpu = worst
    met = "met" if total < GOAL_SECONDS and rss < GOAL_MB else "NOT met"
    print(f"\nworst hostile case: {name}: {total:.2f} s ({cpu:.2f} s CPU), {rss:.0f} MB for the whole command "
          f"(goal < {GOAL_SECONDS:g} s and < {GOAL_MB:g} MB: {met})")


if __name__ == "__main__":
    main()
