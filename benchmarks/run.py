"""Measure build times and peak memory; prints a table. Never part of the test suite.

    python benchmarks/run.py                 # 500, 2,000 and 10,000 requirements
    python benchmarks/run.py 2000            # one size
    python benchmarks/run.py bad             # only the rejection of large bad profiles

Each size runs in a fresh process so its peak memory (max RSS) is its own.
A rejection should take a few seconds, however many findings a profile has.
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
SIZES = (500, 2000, 10000)

_COLD = r"""
import json, resource, sys, time
from pathlib import Path
from anskaffelse.library import load_library
start = time.perf_counter()
loaded, found = load_library(Path(sys.argv[1]))
assert loaded is not None, found
print(json.dumps({"seconds": time.perf_counter() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_BUILD = r"""
import json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from anskaffelse.api import _resolve, _epoch
from anskaffelse.export import ExportOptions, exporter
from anskaffelse.library import load_library
t_import = time.perf_counter()
loaded, found = load_library(Path(sys.argv[1]))
t_load = time.perf_counter()
spec, _, _ = _resolve(Path(sys.argv[2]), loaded, None)
t_resolve = time.perf_counter()
times = {"load cached": t_load - t_import, "resolve": t_resolve - t_load}
options = ExportOptions(epoch=_epoch(spec.tender.date))
for name in ("docx", "xlsx", "json"):
    start = time.perf_counter()
    data = exporter(name)(spec, options)
    times[name] = time.perf_counter() - start
    Path(sys.argv[3], "out." + name).write_bytes(data)
times["build"] = time.perf_counter() - t_import
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"requirements": spec.requirement_count, "times": times, "peak_mb": peak_mb}))
"""

COLUMNS = ("load cached", "resolve", "docx", "xlsx", "json", "build")


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
        built_in = wall([*exe, "build", str(ROOT / "examples" / "alle-tjenesteomrader.yaml"), "-o", tmp])
        print(f"whole built-in library (alle-tjenesteomrader.yaml), docx+xlsx+json: {built_in:.2f} s "
              "(best of 3, including start-up)")
        print()
        print("First load of a library (YAML parsed and checked, then cached):")
        print("Build: a later run in one process, the library from the cache; 'build' = all of it.")
        print()
        print(f"{'requirements':>12} {'first load':>11} {'peak MB':>8} | "
              + " ".join(f"{c:>11}" for c in COLUMNS) + f" {'peak MB':>8}")
        for size in sizes:
            work = Path(tmp) / str(size)
            work.mkdir()
            profile = generate(size, work)
            env = {**os.environ, "ANSKAFFELSE_CACHE_DIR": str(work / "cache")}
            env.pop("ANSKAFFELSE_NO_CACHE", None)
            cold = _child(_COLD, [str(work / "library")], env)
            result = _child(_BUILD, [str(work / "library"), str(profile), str(work)], env)
            t = result["times"]
            print(f"{result['requirements']:>12} {cold['seconds']:>10.2f}s {cold['peak_mb']:>8.0f} | "
                  + " ".join(f"{t[c]:>10.2f}s" for c in COLUMNS) + f" {result['peak_mb']:>8.0f}")


_BAD_HEAD = """\
namespace: FJORD
tender: {title: Anskaffelse av EPJ, buyers: [{name: Fjordvik kommune, org_number: "940000130"}]}
select: {modules: [drift]}
award_criteria: [{name: Pris, weight: 100}]
"""
BAD_PROFILES = {
    "50,000 unknown tailor IDs": lambda: _BAD_HEAD + "tailor:\n"
    + "".join(f"  X-{i:06d}: {{weight: 1}}\n" for i in range(50_000)),
    "100,000 unknown exclude IDs": lambda: _BAD_HEAD + "exclude:\n"
    + "".join(f"  - X-{i:06d}\n" for i in range(100_000)),
}


def rejections() -> None:
    """How long `anskaffelse validate` takes to refuse large bad profiles (best of 3, with start-up)."""
    exe = [sys.executable, "-m", "anskaffelse", "validate"]
    print("Rejecting large bad profiles (exit code 1 expected):")
    with tempfile.TemporaryDirectory() as tmp:
        for label, text in BAD_PROFILES.items():
            path = Path(tmp) / "bad.yaml"
            path.write_text(text(), encoding="utf-8")
            best = float("inf")
            for _ in range(3):
                start = time.perf_counter()
                run = subprocess.run([*exe, str(path)], capture_output=True)
                best = min(best, time.perf_counter() - start)
            size = path.stat().st_size / 1e6
            print(f"  {label} ({size:.1f} MB): {best:.2f} s, exit code {run.returncode}")


def _child(code: str, args: list[str], env: dict[str, str]) -> dict:
    run = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, text=True, env=env)
    return json.loads(run.stdout)

if __name__ == "__main__":
    if sys.argv[1:] == ["bad"]:
        rejections()
    else:
        main(tuple(int(a) for a in sys.argv[1:]) or SIZES)
        print()
        rejections()
