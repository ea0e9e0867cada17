"""Hostile inputs against `anskaffelse validate` and `build`: the slowest rejection and the largest memory.

    python benchmarks/fuzz.py            # the known hostile cases and 200 random mutations
    python benchmarks/fuzz.py 2000       # more random mutations

Every case runs in its own process (`os.wait4` gives its own peak memory) with a
time limit of 120 s, after which it counts as hung. Prints one line per known
case, then a summary: exit codes, the slowest rejection, the largest memory, and
every case that hung, crashed or printed a traceback. Never part of the test suite.
"""

from __future__ import annotations

import io
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT_SECONDS = 120

BASE = """\
library_version: ">=2.0, <3"
namespace: FJORD
tender:
  title: Anskaffelse av EPJ
  reference: "2026/1"
  buyers:
    - {name: Fjordvik kommune, org_number: "940000130"}
  date: "2027-01-05"
select: {modules: [drift]}
award_criteria:
  - {name: Kvalitet, weight: 70}
  - {name: Pris, weight: 30}
"""


@dataclass(frozen=True)
class Outcome:
    name: str
    code: int
    seconds: float
    peak_mb: float
    traceback: bool


def _known_cases(folder: Path) -> dict[str, Callable[[], Path]]:
    def profile(name: str, text: str | bytes) -> Callable[[], Path]:
        def make() -> Path:
            path = folder / f"{name}.yaml"
            path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
            return path
        return make

    def fifo() -> Path:
        pipe = folder / "parent.yaml"
        if not pipe.exists():
            os.mkfifo(pipe)
        return profile("fifo", "extends: parent.yaml\n" + BASE)()

    def template_bomb() -> Path:
        _write_template_bomb(folder / "bomb.docx")
        return profile("template-bomb", BASE + "template: bomb.docx\n")()

    def markdown_chapter() -> Path:
        (folder / "kapittel.md").write_text("1. a\n\np\n" * 20000 + "**a " * 40000 + "\n# a" + " \t" * 10000
                                            + "x\n", encoding="utf-8")
        return profile("markdown", BASE + "chapters:\n  background: {file: kapittel.md}\n")()

    huge_list = "\n".join(f"  - EPJ-XX-{i:06d}" for i in range(100_000))
    huge_tailor = "\n".join(f"  EPJ-XX-{i:06d}: {{weight: 1}}" for i in range(50_000))
    return {
        "extends /dev/zero": profile("zero", "extends: /dev/zero\n" + BASE),
        "extends a FIFO": fifo,
        "weight .nan": profile("nan", BASE.replace("weight: 30", "weight: .nan")),
        "parameter .inf": profile("inf", BASE + "tailor:\n  EPJ-DR-020: {parameters: {oppetid: .inf}}\n"),
        "401-digit number": profile("bigint", BASE + "tailor:\n  EPJ-DR-001: {weight: 1" + "0" * 400 + "}\n"),
        "5,000-digit library_version": profile("version", BASE.replace('">=2.0, <3"', '">=9' + "9" * 5000 + '"')),
        "1 MB title": profile("title", BASE.replace("Anskaffelse av EPJ", "x" * 1_048_576)),
        "raw NUL byte": profile("nul", BASE.replace("Anskaffelse av EPJ", "A\0B")),
        "ESC sequence in a key": profile("esc", BASE + "\x1b]0;PWNED\x07: 1\n"),
        "10,000 nested lists": profile("deep", BASE + "select: " + "[" * 10_000 + "]" * 10_000 + "\n"),
        "alias bomb": profile("alias", "a: &a [x, x, x, x, x, x, x, x, x]\n"
                              + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, "
                                        f"*{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9)) + BASE),
        "100,000 unknown excludes": profile("exclude", BASE + "exclude:\n" + huge_list + "\n"),
        "50,000 unknown tailorings": profile("tailor", BASE + "tailor:\n" + huge_tailor + "\n"),
        "template with a 1 GiB part": template_bomb,
        "Markdown chapter: 20,000 lists, unclosed bold": markdown_chapter,
    }


def _write_template_bomb(path: Path) -> None:
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    source = zipfile.ZipFile(buffer)
    relation = (b'<Relationship Id="rB" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                b'relationships/image" Target="media/b.png"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", relation)
            target.writestr(name, data)
        with target.open("word/media/b.png", "w", force_zip64=True) as part:
            for _ in range(1024):
                part.write(b"\0" * (1 << 20))


def _mutations(count: int, folder: Path, seed: int = 1) -> dict[str, Callable[[], Path]]:
    rng = random.Random(seed)
    pieces = ["", ":", "- ", "\t", "  ", "\n", "'", '"', "[", "{", "}", "]", "&a ", "*a", "!!int ", "!foo ",
              "\x00", "\x1b", "\x85", "\u202e", "\ufffe", ".nan", ".inf", "1" * 500, "ø" * 5000, "<<: ",
              "? ", "%YAML 1.1\n", "extends: /dev/zero\n", "template: /dev/zero\n", "~", "null"]
    cases: dict[str, Callable[[], Path]] = {}
    for n in range(count):
        text = BASE
        for _ in range(rng.randint(1, 4)):
            at = rng.randint(0, len(text))
            text = text[:at] + rng.choice(pieces) + text[at + rng.randint(0, 5):]

        def make(text: str = text, n: int = n) -> Path:
            path = folder / f"mutation-{n}.yaml"
            path.write_bytes(text.encode("utf-8", "surrogatepass"))
            return path
        cases[f"mutation {n}"] = make
    return cases


def _run(name: str, command: list[str], cwd: Path) -> Outcome:
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=os.environ | {"ANSKAFFELSE_NO_CACHE": ""}, start_new_session=True)
    assert process.stderr is not None
    stderr = b""
    deadline = start + LIMIT_SECONDS
    os.set_blocking(process.stderr.fileno(), False)
    while True:
        chunk = process.stderr.read()
        if chunk:
            stderr += chunk[: 1 << 16]
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            _, status, usage = os.wait4(process.pid, 0)
            return Outcome(name, -1, time.perf_counter() - start, usage.ru_maxrss / 1024, False)
        time.sleep(0.01)
    code = os.waitstatus_to_exitcode(status)
    process.returncode = code
    return Outcome(name, code, time.perf_counter() - start, usage.ru_maxrss / 1024,
                   b"Traceback" in stderr or b"internal error" in stderr)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    executable = [sys.executable, "-m", "anskaffelse"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        outcomes: list[Outcome] = []
        for name, make in _known_cases(folder).items():
            path = make()
            for command in ("validate", "build"):
                args = [*executable, command, str(path)] + (["-o", str(folder / "ut")] if command == "build" else [])
                outcome = _run(f"{name} ({command})", args, folder)
                outcomes.append(outcome)
                print(f"{outcome.name:<48} exit {outcome.code:>3}  {outcome.seconds:6.2f} s  "
                      f"{outcome.peak_mb:7.0f} MB")
        for name, make in _mutations(count, folder).items():
            args = [*executable, "build", str(make()), "-o", str(folder / "ut")]
            outcomes.append(_run(name, args, folder))
    _summary(outcomes)


def _summary(outcomes: list[Outcome]) -> None:
    rejected = [o for o in outcomes if o.code in (1, 2)]
    codes: dict[int, int] = {}
    for o in outcomes:
        codes[o.code] = codes.get(o.code, 0) + 1
    print(f"\n{len(outcomes)} runs; exit codes: " + ", ".join(f"{c}: {n}" for c, n in sorted(codes.items())))
    if rejected:
        slowest = max(rejected, key=lambda o: o.seconds)
        print(f"slowest rejection: {slowest.seconds:.2f} s ({slowest.name})")
    largest = max(outcomes, key=lambda o: o.peak_mb)
    print(f"largest memory:    {largest.peak_mb:.0f} MB ({largest.name})")
    bad = [o for o in outcomes if o.code not in (0, 1, 2) or o.traceback]
    print(f"hung, crashed or internal errors: {len(bad)}")
    for o in bad:
        print(f"  {o.name}: exit {o.code}{' (internal error)' if o.traceback else ''}")


if __name__ == "__main__":
    main()
