"""Time `anskaffelse site` on the built-in library, alone and with the two examples; prints seconds.

    python benchmarks/site.py        # three runs each, in fresh processes; the median counts

Never part of the test suite.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = {
    "library only": [],
    "library + 2 examples": [ROOT / "examples" / "eksempel-kommune.yaml",
                             ROOT / "examples" / "samarbeid" / "medlem-nynorsk.yaml"],
}


def run(profiles: list[Path]) -> float:
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "anskaffelse", "site", "-o", str(Path(folder) / "site"),
                        *map(str, profiles)], check=True, capture_output=True)
        return time.perf_counter() - start


def main() -> None:
    for name, profiles in CASES.items():
        times = [run(profiles) for _ in range(3)]
        print(f"{name:24} {statistics.median(times):6.2f} s  (runs: {', '.join(f'{t:.2f}' for t in times)})")


if __name__ == "__main__":
    main()
