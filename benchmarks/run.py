"""Measure build times and peak memory; prints a table. Never part of the test suite.

    python benchmarks/run.py                 # 500, 2,000 and 10,000 requirements
    python benchmarks/run.py 2000            # one size

Each size runs in a fresh process so its peak memory (max RSS) is its own.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (500, 2000, 10000)

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from anskaffelse.api import _resolve, _epoch
from anskaffelse.export import ExportOptions, exporter
from anskaffelse.library import load_library
loaded, found = load_library(Path(sys.argv[1]))
t_load = time.perf_counter()
spec, _, _ = _resolve(Path(sys.argv[2]), loaded, None)
t_resolve = time.perf_counter()
times = {"load+validate library": t_load - t0, "validate+resolve profile": t_resolve - t_load}
options = ExportOptions(epoch=_epoch(spec.tender.date))
for name in ("docx", "xlsx", "json"):
    start = time.perf_counter()
    data = exporter(name)(spec, options)
    times[name] = time.perf_counter() - start
    Path(sys.argv[3], "out." + name).write_bytes(data)
times["total"] = time.perf_counter() - t0
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"requirements": spec.requirement_count, "times": times, "peak_mb": peak_mb}))
"""


def wall(cmd: list[str], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def main(sizes: tuple[int, ...]) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    exe = [sys.executable, "-m", "anskaffelse"]
    print(f"anskaffelse --help: {wall([*exe, '--help']):.2f} s (best of 3, including start-up)")
    with tempfile.TemporaryDirectory() as tmp:
        built_in = wall([*exe, "build", str(ROOT / "examples" / "eksempel-kommune.yaml"), "-o", tmp])
        print(f"example profile on the built-in library, docx+xlsx+json: {built_in:.2f} s "
              "(best of 3, including start-up)")
        print()
        print(f"{'requirements':>12} {'load lib':>9} {'resolve':>8} {'docx':>7} {'xlsx':>7} {'json':>7} "
              f"{'total':>7} {'peak MB':>8}")
        for size in sizes:
            work = Path(tmp) / str(size)
            work.mkdir()
            profile = generate(size, work)
            run = subprocess.run([sys.executable, "-c", _CHILD, str(work / "library"), str(profile), str(work)],
                                 check=True, capture_output=True, text=True)
            result = json.loads(run.stdout)
            t = result["times"]
            print(f"{result['requirements']:>12} {t['load+validate library']:>8.2f}s "
                  f"{t['validate+resolve profile']:>7.2f}s {t['docx']:>6.2f}s {t['xlsx']:>6.2f}s "
                  f"{t['json']:>6.2f}s {t['total']:>6.2f}s {result['peak_mb']:>8.0f}")
    _ = resource


if __name__ == "__main__":
    main(tuple(int(a) for a in sys.argv[1:]) or SIZES)
