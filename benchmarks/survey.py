"""Time and peak memory of the survey report: 400 municipalities × 500 requirements. Never part of the tests.

    python benchmarks/survey.py              # 400 respondents, 500 requirements
    python benchmarks/survey.py 100 200      # other sizes: respondents, requirements
    python benchmarks/survey.py 400 500 --runs 5

The wall time depends on what else the machine runs; the CPU time is the
report's own work. A synthetic library of the given size is written (`generate.py`), the survey
workbook exported from it, 20 different answer patterns filled in with openpyxl
and copied to as many respondents as asked; the report then runs in a fresh
process (without PDF), so its peak memory (max RSS) is its own. With `--runs N`
it runs N times on the same workbooks and prints the best and the median, which a
machine shared with other work needs.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from generate import generate  # noqa: E402
from survey_fill import fill, requirement_ids  # noqa: E402

PATTERNS = 20
SCALE = ["Fullt", "Delvis", "Ikke", "Vet ikke", "Ikke relevant"]
IMPORTANCE = ["Må", "Bør", "Kan"]
PRODUCTS = ["Alfa EPJ", "Beta EPJ", "Gamma EPJ", "Delta EPJ"]

PROFILE = """\
tender:
  title: Syntetisk kartlegging
  reference: "1"
  date: "2027-01-01"
  buyers:
    - {name: Testvik kommune, org_number: "940000130"}
award_criteria:
  - {name: Kvalitet, weight: 70}
  - {name: Pris, weight: 30, price: {model: lineær}}
"""

_REPORT = r"""
import json, resource, sys, time
from pathlib import Path
start = time.perf_counter()
from anskaffelse.api import survey_report
result = survey_report(Path(sys.argv[1]), sorted(Path(sys.argv[2]).glob("*.xlsx")), Path(sys.argv[3]), pdf=False)
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": time.perf_counter() - start, "respondents": result.respondents,
                  "cpu_seconds": usage.ru_utime + usage.ru_stime,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main(respondents: int = 400, requirements: int = 500, runs: int = 1) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        generate(requirements, work)
        library = work / "library"
        profile = work / "kartlegging.yaml"
        profile.write_text(PROFILE, encoding="utf-8")
        forms = work / "forms"
        subprocess.run([sys.executable, "-m", "anskaffelse", "survey", "export", str(profile), "-o", str(forms),
                        "--library", str(library)], check=True)
        blank = next(forms.glob("*-kartlegging-nb.xlsx"))
        spec = next(forms.glob("*-kartlegging-spesifikasjon.json"))
        ids = requirement_ids(blank)
        patterns = work / "patterns"
        patterns.mkdir()
        for p in range(PATTERNS):
            answers = {i: (SCALE[(k * 7 + p) % 5], IMPORTANCE[(k + p) % 3], "") for k, i in enumerate(ids)}
            fill(blank, patterns / f"p{p:02d}.xlsx", [f"Kommune {p}", "", "hjemmetjeneste", PRODUCTS[p % 4],
                                                       "", "", 100, ""], answers)
        answers_dir = work / "answers"
        answers_dir.mkdir()
        for n in range(respondents):
            shutil.copyfile(patterns / f"p{n % PATTERNS:02d}.xlsx", answers_dir / f"r{n:04d}.xlsx")
        results = [_report(spec, answers_dir, work / "report") for _ in range(runs)]
        for result in results:
            print(f"survey report: {result['respondents']} respondents × {len(ids)} requirements: "
                  f"{result['seconds']:.1f} s ({result['cpu_seconds']:.1f} s of CPU), "
                  f"peak memory {result['peak_mb']:.0f} MB")
        if runs > 1:
            for key, label in (("seconds", "wall s"), ("cpu_seconds", "CPU s"), ("peak_mb", "peak MB")):
                values = [r[key] for r in results]
                print(f"  {label}: best {min(values):.1f}, median {statistics.median(values):.1f}")


def _report(spec: Path, answers: Path, out: Path) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", _REPORT, str(spec), str(answers), str(out)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"the report failed:\n{done.stderr}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


if __name__ == "__main__":
    words = sys.argv[1:]
    runs = int(words.pop(words.index("--runs") + 1)) if "--runs" in words else 1
    main(*[int(a) for a in words if a != "--runs"][:2], runs=runs)
