"""Bad inputs and the exact findings `validate` and `lint` give for them.

`tests/fixtures/golden/findings.txt` holds the findings as the code before the
faster loader (issue 13) gave them; `test_golden_findings.py` checks that the
code of today still gives every one of them, byte for byte, from a cold start
and again with the library cache filled. Regenerate the file only when a
message is meant to change:

    python -m tests.golden_corpus > tests/fixtures/golden/findings.txt

The inputs: the hostile profiles of `benchmarks/fuzz.py` that finish quickly, the
same seeded random mutations of its profile, and broken copies of a small frozen
library (`tests/fixtures/golden/library`, a part of the built-in library as it
was, so that edits to the built-in library do not move these positions).
"""

from __future__ import annotations

import os
import random
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FROZEN = Path(__file__).resolve().parent / "fixtures" / "golden" / "library"
GOLDEN = Path(__file__).resolve().parent / "fixtures" / "golden" / "findings.txt"

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

VALID = """\
library_version: ">=2.0, <3"
namespace: FJORD
tender:
  title: Anskaffelse av EPJ
  reference: "2026/1"
  buyers:
    - {name: Fjordvik kommune, org_number: "940000130"}
  date: "2027-01-05"
select: {modules: [drift, arkiv]}
award_criteria:
  - {name: Kvalitet, weight: 70}
  - {name: Pris, weight: 30, price: {model: lineær}}
"""


def profile_cases() -> dict[str, str | bytes]:
    """Hostile and broken profiles: fuzz.py's quick known cases, targeted mistakes, and its random mutations."""
    cases: dict[str, str | bytes] = {
        "valid": VALID,
        "weight .nan": BASE.replace("weight: 30", "weight: .nan"),
        "parameter .inf": BASE + "tailor:\n  EPJ-DR-020: {parameters: {oppetid: .inf}}\n",
        "401-digit number": BASE + "tailor:\n  EPJ-DR-001: {weight: 1" + "0" * 400 + "}\n",
        "5,000-digit library_version": BASE.replace('">=2.0, <3"', '">=9' + "9" * 5000 + '"'),
        "long title": BASE.replace("Anskaffelse av EPJ", "x" * 5000),
        "raw NUL byte": BASE.replace("Anskaffelse av EPJ", "A\0B"),
        "ESC sequence in a key": BASE + "\x1b]0;PWNED\x07: 1\n",
        "1,000 nested lists": BASE + "select: " + "[" * 1000 + "]" * 1000 + "\n",
        "alias bomb": "a: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, "
                  f"*{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9)) + BASE,
        "unknown excludes": BASE + "exclude:\n" + "\n".join(f"  - EPJ-XX-{i:06d}" for i in range(50)) + "\n",
        "unknown tailorings": BASE + "tailor:\n" + "\n".join(f"  EPJ-XX-{i:06d}: {{weight: 1}}" for i in range(50))
        + "\n",
        "tab indentation": BASE.replace("  reference", "\treference"),
        "no space after colon": BASE.replace("namespace: FJORD", "namespace:FJORD"),
        "colon in value": BASE.replace("title: Anskaffelse av EPJ", "title: Anskaffelse: EPJ"),
        "unclosed quote": BASE.replace('reference: "2026/1"', 'reference: "2026/1'),
        "unclosed flow list": BASE.replace("[drift]", "[drift"),
        "mis-indented key": BASE.replace("  date:", "   date:"),
        "duplicate key": BASE + "namespace: ANNEN\n",
        "merge key": BASE + "tender2: {<<: {a: 1}}\n",
        "tagged mapping": BASE.replace("select: {modules: [drift]}", "select: !sel {modules: [drift]}"),
        "tagged value": BASE.replace("namespace: FJORD", "namespace: !!binary FJORD"),
        "bidirectional control in a comment": BASE + "# \u202e skjult\n",
        "not UTF-8": BASE.encode("utf-8").replace(b"Fjordvik", b"Fj\xf8rdvik"),
        "unknown field": BASE + "tailer: {}\n",
        "misspelt module": BASE.replace("[drift]", "[drfit]"),
        "number where text belongs": BASE.replace('reference: "2026/1"', "reference: 2026"),
        "org number with spaces": BASE.replace('"940000130"', '"940 000 130"'),
        "bad date": BASE.replace('"2027-01-05"', '"05.01.2027"'),
        "decimal comma weight": BASE.replace("weight: 30", 'weight: "30,5"'),
        "empty tender": BASE.replace("tender:\n", "tender:\ntender_unused:\n", 1),
        "list without space": BASE + "exclude:\n  -EPJ-DR-001\n",
        "unknown requirement tailored": BASE + "tailor:\n  EPJ-DR-999: {weight: 3}\n",
        "parameter out of range": BASE + "tailor:\n  EPJ-DR-020: {parameters: {oppetid: 101}}\n",
        "text override without reason": BASE + "tailor:\n  EPJ-DR-001: {text: {nb: Ny tekst}}\n",
        "empty file": "",
        "a list, not a mapping": "- a\n- b\n",
        "extends a missing file": "extends: finnes-ikke.yaml\n" + BASE,
        "extends itself": "extends: extends-itself.yaml\n" + BASE,
    }
    cases.update(_mutations(150))
    return cases


def _mutations(count: int, seed: int = 1) -> dict[str, str | bytes]:
    """The random mutations of `benchmarks/fuzz.py` (same pieces, same seed), without its special files."""
    rng = random.Random(seed)
    pieces = ["", ":", "- ", "\t", "  ", "\n", "'", '"', "[", "{", "}", "]", "&a ", "*a", "!!int ", "!foo ",
              "\x00", "\x1b", "\x85", "\u202e", "\ufffe", ".nan", ".inf", "1" * 500, "ø" * 5000, "<<: ",
              "? ", "%YAML 1.1\n", "extends: finnes-ikke.yaml\n", "template: finnes-ikke.docx\n", "~", "null"]
    cases: dict[str, str | bytes] = {}
    for n in range(count):
        text = BASE
        for _ in range(rng.randint(1, 4)):
            at = rng.randint(0, len(text))
            text = text[:at] + rng.choice(pieces) + text[at + rng.randint(0, 5):]
        cases[f"mutation {n}"] = text.encode("utf-8", "surrogatepass")
    return cases


def _replace(file: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def change(lib: Path) -> None:
        path = lib / file
        text = path.read_text(encoding="utf-8")
        assert old in text, (file, old)
        path.write_text(text.replace(old, new, count), encoding="utf-8")
    return change


def _write(file: str, text: str | bytes) -> Callable[[Path], None]:
    def change(lib: Path) -> None:
        (lib / file).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return change


def _remove(file: str) -> Callable[[Path], None]:
    return lambda lib: (lib / file).unlink()


DRIFT = "modules/drift.yaml"
ARKIV = "modules/arkiv.yaml"


def library_cases() -> dict[str, Callable[[Path], None]]:
    """Broken copies of the frozen library: each a change to one or two of its files."""
    cases: dict[str, Callable[[Path], None]] = {
        "unchanged": lambda lib: None,
        "unknown kind": _replace(DRIFT, "kind: drift", "kind: ukjent"),
        "unknown field in a requirement": _replace(DRIFT, "    kind: drift", "    knid: drift"),
        "missing obligation": _replace(DRIFT, "    obligation: evaluert\n", "", 1),
        "unknown obligation": _replace(DRIFT, "obligation: evaluert", "obligation: kanskje"),
        "weight as text": _replace(DRIFT, "weight: ", "weight: høy #"),
        "weight too large": _replace(DRIFT, "weight: ", "weight: 1000 #"),
        "bad ID": _replace(DRIFT, "id: EPJ-DR-001", "id: epj-dr-001"),
        "wrong prefix": _replace(DRIFT, "id: EPJ-DR-001", "id: XYZ-DR-001"),
        "duplicate ID across modules": _replace(ARKIV, "id: EPJ-AK-001", "id: EPJ-DR-001"),
        "duplicate module id": _replace(ARKIV, "id: arkiv", "id: drift"),
        "unknown area": _replace(DRIFT, "areas: [", "areas: [månen, "),
        "unknown standard": _replace(DRIFT, "standards: [", "standards: [finnes-ikke, "),
        "unknown user story": _replace(DRIFT, "user_stories: [", "user_stories: [HIST-999, "),
        "areas as one text": _replace(DRIFT, "areas: [", "areas: alle #["),
        "missing nn text": _replace(DRIFT, "    text:\n      nb:", "    text:\n      nx:"),
        "placeholder without parameter": _replace(DRIFT, "{oppetid}", "{oppetiden}"),
        "parameter default out of range": _replace(DRIFT, "default: 99.5", "default: 120"),
        "replaced_by unknown": _replace(DRIFT, "    obligation:", "    replaced_by: EPJ-DR-999\n    obligation:"),
        "duplicate key": _replace(DRIFT, "    kind: drift", "    kind: drift\n    kind: drift"),
        "tab indentation": _replace(DRIFT, "  - id: EPJ-DR-002", "\t- id: EPJ-DR-002"),
        "unclosed quote": _replace(DRIFT, "title:", 'title: "', 1),
        "control character": _replace(DRIFT, "Oppgi garantert", "Oppgi\x01 garantert"),
        "escaped control character": _replace(DRIFT, "nb: Garantert oppetid per måned", 'nb: "Garantert\\x1b oppetid"'),
        "bidirectional control": _replace(DRIFT, "Oppgi garantert", "Oppgi\u202e garantert"),
        "not UTF-8": lambda lib: (lib / DRIFT).write_bytes((lib / DRIFT).read_bytes().replace(b"\xc3\xb8", b"\xf8", 1)),
        "alias": _replace(DRIFT, "kind: drift", "kind: &k drift\n    tags: [*k]"),
        "NaN default": _replace(DRIFT, "default: 99.5", "default: .nan"),
        "huge number": _replace(DRIFT, "default: 99.5", "default: 1" + "0" * 30),
        "module_order unknown": _replace("library.yaml", "  - drift", "  - drfit"),
        "unknown taxonomy field": _replace("library.yaml", "taxonomy:", "taxonomy:\n  colours: []"),
        "duplicate area": _replace("library.yaml", "  areas:\n", "  areas:\n    - id: legevakt\n      name: {nb: "
                                                                 "Legevakt, nn: Legevakt}\n"),
        "standard mandatory_for unknown area": _replace("standards.yaml", "mandatory: true",
                                                        "mandatory: true\n    mandatory_for: [månen]"),
        "duplicate standard": _replace("standards.yaml", "standards:\n", "standards:\n  - id: pasientjournalloven\n"
                                       "    kind: lov\n    name: {nb: Dobbel, nn: Dobbel}\n    owner: x\n"
                                       "    url: https://lovdata.no\n    mandatory: false\n"),
        "user story unknown profession": _replace("user-stories.yaml", "professions: [", "professions: [astronaut, "),
        "register misses an ID": _replace("id-register.yaml", "  EPJ-DR-001: 1.0.0\n", ""),
        "register has a removed ID": _replace("id-register.yaml", "issued:\n", "issued:\n  EPJ-DR-998: 1.0.0\n"),
        "standards.yaml missing": _remove("standards.yaml"),
        "module is empty": _write(ARKIV, ""),
        "module is a list": _write(ARKIV, "- a\n- b\n"),
        "module is binary": _write(ARKIV, b"PK\x03\x04" + b"\0" * 64),
        "vague word": _replace(DRIFT, "Oppgi garantert oppetid", "Oppgi enkel og brukervennlig garantert oppetid"),
        "brand name": _replace(ARKIV, "    text:\n      nb: >-\n        ",
                               "    text:\n      nb: >-\n        Med Microsoft Excel: "),
        "lint warnings in two files": lambda lib: (_replace(DRIFT, "Oppgi garantert", "Oppgi enkel garantert")(lib),
                                                   _replace(ARKIV, "    text:\n      nb: >-\n        ",
                                                            "    text:\n      nb: >-\n        Raskt: ")(lib)),
        "two broken files": lambda lib: (_replace(DRIFT, "kind: drift", "kind: ukjent")(lib),
                                         _replace(ARKIV, "obligation: evaluert", "obligation: kanskje")(lib)),
    }
    rng = random.Random(13)
    pieces = [":", "- ", "\t", "  ", "\n", "'", '"', "[", "{", "}", "]", "&a ", "*a", "!!int ", "!foo ", "\x85",
              ".nan", "~", "null", "? ", "<<: ", "#", "9" * 30]
    drift = (FROZEN / DRIFT).read_text(encoding="utf-8")
    for n in range(40):
        text = drift
        for _ in range(rng.randint(1, 3)):
            at = rng.randint(0, len(text))
            text = text[:at] + rng.choice(pieces) + text[at + rng.randint(0, 5):]
        cases[f"mutation {n}"] = _write(DRIFT, text)
    return cases


LINT_LIBRARY_CASES = ("unchanged", "vague word", "brand name", "lint warnings in two files", "unknown kind",
                      "missing nn text", "placeholder without parameter",
                      "duplicate ID across modules")
LINT_PROFILE_CASES = ("valid", "unknown tailorings", "text override without reason", "parameter out of range")


def _render(case: str, command: str, found: list, folder: Path) -> list[str]:
    shown = str(folder)
    lines = []
    for d in found:
        where = f"{d.file}:{d.line}:{d.column}".replace(shown, "<dir>")
        text = f"{case} | {command} | {d.severity} {d.code} {where} | {d.message} | {d.hint}"
        lines.append(text.replace(shown, "<dir>").encode("unicode_escape").decode("ascii"))
    return lines or [f"{case} | {command} | (no findings)"]


@contextmanager
def _environment(cache: Path) -> Iterator[None]:
    old = {name: os.environ.get(name) for name in ("ANSKAFFELSE_CACHE_DIR", "ANSKAFFELSE_NO_CACHE")}
    os.environ["ANSKAFFELSE_CACHE_DIR"] = str(cache)
    os.environ.pop("ANSKAFFELSE_NO_CACHE", None)
    try:
        yield
    finally:
        for name, value in old.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def collect(folder: Path, repeat: int = 1) -> list[str]:
    """Every finding for every case, one line each; with `repeat` 2 each library is checked twice
    (the second time with its unchanged files in the cache) and both runs must agree."""
    import anskaffelse

    lines: list[str] = []
    lib = folder / "library"
    shutil.copytree(FROZEN, lib)
    profiles = folder / "profiles"
    profiles.mkdir()
    with _environment(folder / "cache"):
        for case, text in profile_cases().items():
            slug = "".join(c if c.isalnum() else "-" for c in case).strip("-")
            path = profiles / f"{slug}.yaml"
            path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
            lines += _render(case, "validate", anskaffelse.validate([path], library=lib), folder)
            if case in LINT_PROFILE_CASES:
                lines += _render(case, "lint", anskaffelse.lint([path], library=lib), folder)
        for case, change in library_cases().items():
            copy = folder / "broken"
            shutil.copytree(FROZEN, copy)
            change(copy)
            first = _render(case, "validate library", anskaffelse.validate([copy]), folder)
            for _ in range(repeat - 1):
                again = _render(case, "validate library", anskaffelse.validate([copy]), folder)
                if again != first:
                    first += ["-- differs when checked again --", *again]
            lines += first
            if case in LINT_LIBRARY_CASES:
                lines += _render(case, "lint library", anskaffelse.lint([copy]), folder)
            shutil.rmtree(copy)
    return lines


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        sys.stdout.write("".join(line + "\n" for line in collect(Path(tmp).resolve())))


if __name__ == "__main__":
    main()
