"""Measure the prioritisation round on the whole built-in library; prints a table. Never part of the tests.

    python benchmarks/prioritize.py          # 4 and 20 members
    python benchmarks/prioritize.py 40       # one count of members

A joint profile selects every requirement of the built-in library (as
examples/alle-tjenesteomrader.yaml does) and lists N members, half of them
nynorsk. Timed: `prioritize export` (all workbooks) and `prioritize merge` (all
workbooks read, checked and merged, with the report). Filling the workbooks, as
the members would, is not timed.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from openpyxl import load_workbook
from ruamel.yaml import YAML

import anskaffelse

ROOT = Path(__file__).resolve().parent.parent
COUNTS = (4, 20)
LABELS = ("Må", "Bør", "Kan")


def joint_profile(folder: Path, members: int) -> Path:
    yaml = YAML()
    data = yaml.load((ROOT / "examples" / "alle-tjenesteomrader.yaml").read_text(encoding="utf-8"))
    data["members"] = [{"id": f"kommune-{i}", "name": f"Kommune {i}", "language": "nn" if i % 2 else "nb",
                        "population": 1000 * (i + 1)} for i in range(members)]
    path = folder / "felles.yaml"
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    return path


def fill(workbook: Path, seed: int) -> None:
    book = load_workbook(workbook)
    sheet = book["Prioritering"]
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, 6).value = LABELS[(row + seed) % 3]
    book.save(workbook)


def measure(members: int) -> tuple[int, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        profile = joint_profile(folder, members)
        start = time.perf_counter()
        plan = anskaffelse.prioritize_export(profile, folder / "runde")
        exported = time.perf_counter() - start
        for seed, workbook in enumerate(plan.files):
            fill(workbook, seed)
        start = time.perf_counter()
        anskaffelse.prioritize_merge(profile, list(plan.files), folder / "samlet.yaml", report_dir=folder / "r")
        return plan.requirements, exported, time.perf_counter() - start


def main(counts: tuple[int, ...]) -> None:
    anskaffelse.load_library()  # the library cache, so the first row is not a cold start
    print(f"{'members':>8} {'requirements':>13} {'export':>8} {'merge':>8}")
    for members in counts:
        requirements, exported, merged = measure(members)
        print(f"{members:>8} {requirements:>13} {exported:>7.2f}s {merged:>7.2f}s")


if __name__ == "__main__":
    main(tuple(int(a) for a in sys.argv[1:]) or COUNTS)
