"""Measure `anskaffelse evaluate` and `evaluate report` on the whole built-in library. Never part of the tests.

    python benchmarks/evaluation.py            # 5 suppliers, 3 evaluators
    python benchmarks/evaluation.py 10 5       # 10 suppliers, 5 evaluators

The tender is `examples/alle-tjenesteomrader.yaml` (every requirement of the
library). Suppliers answer every requirement by script; the committee scores
every row. Each command runs in a fresh process, so its peak memory (max RSS)
is its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "examples" / "alle-tjenesteomrader.yaml"

_RUN = r"""
import json, resource, sys, time
start = time.perf_counter()
from anskaffelse import api
kind, args = sys.argv[1], sys.argv[2:]
if kind == "evaluate":
    api.evaluate(args[0], args[1:-2], args[-2], evaluators=args[-1], force=True)
else:
    api.evaluation_report(args[0], args[1], formats=["docx"])
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": time.perf_counter() - start, "cpu": usage.ru_utime + usage.ru_stime,
                  "peak_mb": usage.ru_maxrss / 1024}))
"""


def _child(args: list[str]) -> dict:
    result = subprocess.run([sys.executable, "-c", _RUN, *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _answer(sheet: Path, target: Path, spec: object) -> None:
    from openpyxl import load_workbook

    book = load_workbook(sheet)
    ws = book["Svarskjema"]
    kinds = {r.id: r for r in spec.requirements()}  # type: ignore[attr-defined]
    for row in range(2, ws.max_row + 1):
        req = kinds[ws.cell(row, 1).value]
        ws.cell(row, 9).value = f"Beskrivelse av løsningen for {req.id}. " * 5
        ws.cell(row, 8).value = {"tall": 1, "valg": (req.options or ("",))[0], "beskrivelse": None}.get(
            req.response_type, "Ja")
    prices = book["Prisskjema"] if "Prisskjema" in book.sheetnames else None
    for row in range(2, (prices.max_row if prices else 1) + 1):
        if isinstance(prices.cell(row, 1).value, int):  # type: ignore[union-attr]
            prices.cell(row, 5).value = 1000 + row  # type: ignore[union-attr]
    book.save(target)


def _score(source: Path, target: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(source)
    for ws in book.worksheets[1:]:
        for row in ws.iter_rows():
            for cell in row:
                if cell.protection.locked is False and cell.column_letter != "C":
                    header = ws.cell(next(r for r in range(1, 20) if ws.cell(r, 1).value == "ID"), cell.column).value
                    cell.value = 7 if "Poeng" in str(header) else "Begrunnelse for poengene."
    book.save(target)


def main(suppliers: int, evaluators: int) -> None:
    import anskaffelse

    with tempfile.TemporaryDirectory() as work:
        out = Path(work)
        anskaffelse.build([PROFILE], out, formats=["xlsx", "json"])
        spec = anskaffelse.specification(PROFILE)[0]
        sheet = out / f"{PROFILE.stem}-svarskjema.xlsx"
        answers = []
        for n in range(1, suppliers + 1):
            answers.append(out / f"Leverandør {n}.xlsx")
            _answer(sheet, answers[-1], spec)
        evaluation = out / "evaluering.xlsx"
        made = _child(["evaluate", str(out / f"{PROFILE.stem}-spesifikasjon.json"), *map(str, answers),
                       str(evaluation), str(evaluators)])
        _score(evaluation, out / "utfylt.xlsx")
        report = _child(["report", str(out / "utfylt.xlsx"), str(out / "rapport")])
        rows = sum(1 for r in spec.requirements() if r.obligation == "evaluert")
        print(f"{spec.requirement_count} requirements ({rows} evaluated), {suppliers} suppliers, "
              f"{evaluators} evaluators")
        print("| command | wall time | CPU time | peak memory |")
        for name, run in (("evaluate", made), ("evaluate report", report)):
            print(f"| {name} | {run['seconds']:.1f} s | {run['cpu']:.1f} s | {run['peak_mb']:.0f} MB |")


if __name__ == "__main__":
    numbers = [int(a) for a in sys.argv[1:3]]
    main(*(numbers + [5, 3][len(numbers):]))
