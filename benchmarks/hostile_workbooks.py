"""Hostile answer workbooks against `anskaffelse answers check`: time and peak memory of each refusal.

    python benchmarks/hostile_workbooks.py

Builds the example tender, fills its answer sheet as a good supplier would, and
makes the hostile corpus of the tests from it (`tests/answer_workbooks.HOSTILE`:
a 1 GiB zip bomb, billion laughs, XXE, a macro-enabled workbook, an external
link, a sheet that claims 1,048,576 rows, a cell in row 1,048,576, a cell of
5 million letters that do not pack, a truncated zip, a CSV and an old .xls
renamed .xlsx). Each is measured twice:

- the whole command in its own process (`os.wait4` gives its wall time, CPU
  time and peak resident memory), including Python's start-up and reading the
  specification;
- reading the workbook alone (`answers.workbook.read_workbook` with the
  specification's limits): wall time, and the peak of Python's own
  allocations by `tracemalloc` in a second run.

A process started by fork counts the memory of its parent at the fork in its
own peak; so this script only starts processes and measures, and the files
are made and read in processes of their own. On a busy machine the wall time
grows with the other work; the CPU time is what the check itself costs.
Prints one line per case, then the worst case against the goal (refused
within 2 s and 200 MB). Never part of the test suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 2.0
GOAL_MB = 200.0
SPEC = "eksempel-kommune-spesifikasjon.json"


def make(folder: Path) -> None:
    """(In a process of its own.) The specification, the good workbook and the corpus; prints the case names."""
    sys.path.insert(0, str(ROOT))
    import anskaffelse
    from anskaffelse.export.json_read import read_specification
    from tests.answer_workbooks import HOSTILE, fill

    anskaffelse.build([ROOT / "examples" / "eksempel-kommune.yaml"], folder, formats=["json", "xlsx"])
    spec = read_specification(folder / SPEC)
    good = fill(folder / "eksempel-kommune-svarskjema.xlsx", folder / "good.xlsx", spec, "God Journal AS")
    cases = {"good workbook (for comparison)": str(good)}
    for name, (maker, _) in HOSTILE.items():
        cases[name] = str(maker(good, folder / f"{name}.xlsx"))
    print(json.dumps({"requirements": spec.requirement_count, "cases": cases}))


def read(folder: Path, workbook: Path) -> None:
    """(In a process of its own.) Seconds and Python's peak allocations to read or refuse one workbook."""
    import contextlib
    import tracemalloc

    from anskaffelse.answers.responses import limits_for
    from anskaffelse.answers.workbook import read_workbook
    from anskaffelse.diagnostics import InputError
    from anskaffelse.export.json_read import read_specification

    limits = limits_for(read_specification(folder / SPEC))

    def once() -> None:
        with contextlib.suppress(InputError):
            read_workbook(workbook, limits)

    start = time.perf_counter()
    once()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    once()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    print(json.dumps([seconds, peak]))


def _command(spec: Path, workbook: Path) -> tuple[int, float, float, float]:
    """Exit code, wall seconds, CPU seconds and peak resident memory (MB) of the check in a process of its own."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "anskaffelse", "answers", "check", str(spec), str(workbook)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return process.returncode, time.perf_counter() - start, cpu, usage.ru_maxrss / 1024


def _helper(*args: str) -> object:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        made = _helper("--make", tmp)
        assert isinstance(made, dict)
        print(f"{made['requirements']} requirements; reading alone, then the whole command in its own process\n")
        print(f"{'case':<32} {'read':>8} {'python peak':>12}   {'command':>8} {'CPU':>7} {'exit':>4} "
              f"{'peak RSS':>9}")
        worst = ("", 0.0, 0.0, 0.0)
        for name, path in made["cases"].items():
            seconds, peak = _helper("--read", tmp, path)  # type: ignore[misc]
            code, total, cpu, rss = _command(folder / SPEC, Path(path))
            print(f"{name:<32} {seconds:7.2f}s {peak:9.1f} MB   {total:7.2f}s {cpu:6.2f}s {code:>4} {rss:6.0f} MB")
            if not name.startswith("good") and (total, rss) > worst[1:3]:
                worst = (name, total, rss, cpu)
    name, total, rss, cpu = worst
    met = "met" if total < GOAL_SECONDS and rss < GOAL_MB else "NOT met"
    print(f"\nworst hostile case: {name}: {total:.2f} s ({cpu:.2f} s CPU), {rss:.0f} MB for the whole command "
          f"(goal < {GOAL_SECONDS:g} s and < {GOAL_MB:g} MB: {met})")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--make":
        make(Path(sys.argv[2]))
    elif len(sys.argv) > 3 and sys.argv[1] == "--read":
        read(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        main()
