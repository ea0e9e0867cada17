"""Measure build times, memory and the floor of parsing; prints tables. Never part of the test suite.

    python benchmarks/run.py                 # 1,000, 2,000 and 10,000 requirements, then the rest
    python benchmarks/run.py 2000            # one size (also: --50k adds 50,000, about two minutes)
    python benchmarks/run.py bad             # only the rejection of large bad profiles

For each size, fresh processes run `anskaffelse build` (docx, xlsx and json) on a synthetic library:
cold (empty library cache) and warm (cache filled by two builds before: the first stores each file's
entry, the Word frame and the workbook skeleton (export/docx_frame.py, export/xlsx_skeleton.py), the
second the library's model, see library/model_entry.py); and the floor, the time the
fastest C YAML parser at hand takes to parse the same files: PyYAML's C loader when PyYAML is
installed (it is not a dependency), else ruamel's C parser composing the node tree with nothing
but a constant tag per value. A cold run, a warm run and the floor take turns, so that other work
on the machine weighs on all three alike. The floor is measured in a fresh process of its own, as
a tool that does nothing but parse would meet it: measured after a build in the build's process,
the collector walking what the build left behind made it about a third slower, a floor the tool
itself had raised. Times are CPU seconds of the process (steady on a busy machine) with wall
seconds beside them; the best of three runs. Peak memory is the process's max RSS.

Then: editing one module of a 20-module library of 10,000 requirements and
rebuilding, against a cold build of the same library; and `lint` on a cached
library against a cold `validate` of it, in turn: the first `lint` after a
`validate` (library cache filled, lint findings not yet kept) and the best of
three more (lint findings kept too).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (1000, 2000, 10000)
REPEAT = 3

_BUILD = r"""
import json, resource, sys, time
from pathlib import Path
wall, cpu = time.perf_counter(), time.process_time()
from anskaffelse.cli import main
sys.argv = ["anskaffelse", "build", sys.argv[2], "-o", sys.argv[3], "--library", sys.argv[1]]
try:
    main()  # as the command `anskaffelse` runs it
except SystemExit as exc:
    assert not exc.code, exc.code
result = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
          "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
print(json.dumps(result))
"""

_FLOOR = r"""
import json, sys, time
from pathlib import Path
files = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).rglob("*.yaml"))]
def timed(parse):
    start = time.process_time()
    for text in files:
        parse(text)
    return time.process_time() - start
from _ruamel_yaml import CParser
from ruamel.yaml.tag import Tag
tag = Tag(suffix="tag:yaml.org,2002:str")
str(tag)
class Composer(CParser):
    def resolve(self, kind, value, implicit):
        return tag
    def descend_resolver(self, *args):
        pass
    def ascend_resolver(self, *args):
        pass
result = {"ruamel_events": timed(lambda text: CParser(text).raw_parse()),
          "ruamel_compose": timed(lambda text: Composer(text).get_single_node())}
try:
    import yaml
    result["pyyaml"] = timed(lambda text: yaml.load(text, Loader=yaml.CSafeLoader))
except (ImportError, AttributeError):
    pass
print(json.dumps(result))
"""

_COMMAND = r"""
import json, resource, sys, time
from pathlib import Path
wall, cpu = time.perf_counter(), time.process_time()
import anskaffelse
found = getattr(anskaffelse, sys.argv[2])([Path(sys.argv[1])])
print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu, "findings": len(found),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _child(code: str, args: list[str], env: dict[str, str]) -> dict:
    run = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, text=True, env=env)
    return json.loads(run.stdout)


def _best(runs: list[dict]) -> dict:
    return min(runs, key=lambda r: r["cpu"])


def _environment(cache: Path) -> dict[str, str]:
    env = {**os.environ, "ANSKAFFELSE_CACHE_DIR": str(cache)}
    env.pop("ANSKAFFELSE_NO_CACHE", None)
    return env


def _cold_run(library: Path, profile: Path, work: Path, i: int) -> dict:
    cache = work / f"cache-cold-{i}"
    run = _child(_BUILD, [str(library), str(profile), str(work)], _environment(cache))
    shutil.rmtree(cache, ignore_errors=True)
    return run


def _cold_warm_floor(library: Path, profile: Path, work: Path) -> tuple[dict, dict, dict]:
    """The best cold build, warm build and floor, measured in turn (each in a fresh process)."""
    env = _environment(work / "cache-warm")
    # The first build parses the files and stores each one's entry, the Word frame and the workbook
    # skeleton; the second takes the files from their entries and stores the library's model
    # (library/model_entry.py): the cache is then warm.
    for _fill in range(2):
        _child(_BUILD, [str(library), str(profile), str(work)], env)
    cold, warm, floors = [], [], []
    for i in range(REPEAT):
        cold.append(_cold_run(library, profile, work, i))
        warm.append(_child(_BUILD, [str(library), str(profile), str(work)], env))
        floors.append(_child(_FLOOR, [str(library)], env))
    floor = {key: min(f[key] for f in floors) for key in floors[0]}
    return _best(cold), _best(warm), floor


def wall(cmd: list[str], repeat: int = REPEAT) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def _seconds(run: dict) -> str:
    return f"{run['cpu']:6.2f} ({run['wall']:5.2f})"


def sizes_table(sizes: tuple[int, ...], tmp: Path) -> None:
    from generate import generate

    print("Full build (docx + xlsx + json, including start-up): CPU seconds (wall seconds), best of "
          f"{REPEAT}.")
    print("floor: PyYAML's C loader parsing the same files (ruamel's C parser composing nodes when PyYAML is "
          "absent).")
    print()
    print(f"{'requirements':>12} | {'cold':>14} {'warm':>14} | {'peak MB cold':>12} {'warm':>6} | "
          f"{'floor':>6} {'cold/floor':>10} {'warm/floor':>10} | {'ruamel compose':>14} {'C events':>8}")
    for size in sizes:
        work = tmp / str(size)
        work.mkdir()
        profile = generate(size, work)
        cold, warm, floors = _cold_warm_floor(work / "library", profile, work)
        floor = floors.get("pyyaml", floors["ruamel_compose"])
        print(f"{size:>12,} | {_seconds(cold):>14} {_seconds(warm):>14} | {cold['peak_mb']:>12.0f} "
              f"{warm['peak_mb']:>6.0f} | {floor:>6.2f} {cold['cpu'] / floor:>10.2f} {warm['cpu'] / floor:>10.2f} | "
              f"{floors['ruamel_compose']:>14.2f} {floors['ruamel_events']:>8.2f}")
        shutil.rmtree(work)


def edit_one_module(tmp: Path) -> None:
    from generate import generate

    work = tmp / "edit"
    work.mkdir()
    profile = generate(10000, work, per_module=500)
    library = work / "library"
    env = _environment(work / "cache-edit")
    module = sorted((library / "modules").glob("*.yaml"))[7]
    original = module.read_text(encoding="utf-8")
    _child(_BUILD, [str(library), str(profile), str(work)], env)
    colds, runs = [], []
    for i in range(REPEAT):
        module.write_text(original, encoding="utf-8")
        colds.append(_cold_run(library, profile, work, i))
        module.write_text(original.replace("Syntetisk krav", f"Endret krav {i}", 1), encoding="utf-8")
        runs.append(_child(_BUILD, [str(library), str(profile), str(work)], env))
    cold, edited = _best(colds), _best(runs)
    print(f"Edit one module of a 20-module library of 10,000 requirements and rebuild: {_seconds(edited)} s; "
          f"cold build of that library {_seconds(cold)} s; ratio {edited['cpu'] / cold['cpu']:.2f}")
    shutil.rmtree(work)


def lint_versus_validate(tmp: Path) -> None:
    from generate import generate

    work = tmp / "lint"
    work.mkdir()
    generate(10000, work)
    library = work / "library"
    env = _environment(work / "cache-lint")
    _child(_COMMAND, [str(library), "validate"], env)
    first = _child(_COMMAND, [str(library), "lint"], env)
    validate, lint = [], []
    for i in range(REPEAT):
        validate.append(_child(_COMMAND, [str(library), "validate"], _environment(work / f"cache-v{i}")))
        shutil.rmtree(work / f"cache-v{i}", ignore_errors=True)
        lint.append(_child(_COMMAND, [str(library), "lint"], env))
    cold, best = _best(validate), _best(lint)
    print(f"lint on a cached library of 10,000 requirements: {_seconds(best)} s ({best['findings']:,} findings); "
          f"the first after validate {_seconds(first)} s; cold validate {_seconds(cold)} s; "
          f"ratios {best['cpu'] / cold['cpu']:.2f} and {first['cpu'] / cold['cpu']:.2f}")
    shutil.rmtree(work)


def main(sizes: tuple[int, ...]) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    exe = [sys.executable, "-m", "anskaffelse"]
    print(f"anskaffelse --help: {wall([*exe, '--help']):.2f} s, --version: {wall([*exe, '--version']):.2f} s "
          f"(wall, best of {REPEAT}, including start-up)")
    with tempfile.TemporaryDirectory() as tmp:
        built_in = wall([*exe, "build", str(ROOT / "examples" / "alle-tjenesteomrader.yaml"), "-o", tmp])
        print(f"whole built-in library (alle-tjenesteomrader.yaml), docx+xlsx+json: {built_in:.2f} s "
              f"(wall, best of {REPEAT}, including start-up)")
        print()
        sizes_table(sizes, Path(tmp))
        print()
        edit_one_module(Path(tmp))
        lint_versus_validate(Path(tmp))


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


if __name__ == "__main__":
    # An installed package has its bytecode compiled; without it every run would compile the package
    # again (about 0.1 s of CPU), which a user never pays.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    arguments = sys.argv[1:]
    if arguments == ["bad"]:
        rejections()
    else:
        chosen = tuple(int(a) for a in arguments if a.isdigit()) or SIZES
        main(chosen + ((50000,) if "--50k" in arguments else ()))
        print()
        rejections()
