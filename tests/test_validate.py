"""The bad-input suite: every kind of broken profile or library, run through the real CLI.

Each case asserts the exit code, that the finding names the file, line (and
column where it matters) as `file:line:col`, that it says what is wrong with
a distinctive word and the diagnostic code, that no traceback is shown, and
for `build` that nothing is written. Expected positions are computed from the
YAML text written here, never from the tool's output.
"""

from __future__ import annotations

import builtins
import io
import json
import pathlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import LIBRARY, MINIMAL_PROFILE

P = MINIMAL_PROFILE

# ---------------------------------------------------------------------------
# helpers


def shown(path: Path) -> str:
    """A path the way the tool prints it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based number of the line holding the `occurrence`-th line that contains `needle`."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) >= occurrence, f"test text has no line with {needle!r}"
    return hits[occurrence - 1]


def column_of(text: str, line: int, needle: str) -> int:
    """1-based column of `needle` on 1-based `line` of `text`."""
    return text.splitlines()[line - 1].index(needle) + 1


def output_of(result) -> str:
    return result.stdout + result.stderr


def at(path: Path, line: int | None = None, column: int | None = None) -> str:
    """The start of a finding line: `file: `, `file:line:` (any column) or `file:line:col: `."""
    if line is None:
        return f"{shown(path)}: "
    if column is None:
        return f"{shown(path)}:{line}:"
    return f"{shown(path)}:{line}:{column}: "


def finding_lines(result, prefix: str, code: str) -> list[str]:
    """Output lines that start with `prefix` (see `at`) and carry `(code)`."""
    return [line for line in output_of(result).splitlines() if line.startswith(prefix) and f"({code})" in line]


def assert_one_line_finding(result, prefix: str, code: str, words: tuple[str, ...]) -> str:
    """A finding `file:line:col: severity message (code)` with every word on that one line."""
    out = output_of(result)
    lines = finding_lines(result, prefix, code)
    assert lines, f"no finding '{prefix}... ({code})' in:\n{out}"
    good = [line for line in lines if all(w.lower() in line.lower() for w in words)]
    assert good, f"finding '{prefix}... ({code})' does not mention {words}:\n{out}"
    return good[0]


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


# ---------------------------------------------------------------------------
# the cases


@dataclass(frozen=True)
class Case:
    text: str
    code: str
    words: tuple[str, ...]
    # Lines the finding may name (the first one containing any of these texts); None: the file has no line.
    line_needles: tuple[str, ...] | None
    # Text on that line whose first character is the expected column; None: any column.
    col_needle: str | None = None
    encoding: str = "utf-8"

    def write(self, path: Path) -> Path:
        path.write_bytes(self.text.encode(self.encoding))
        return path

    def prefixes(self, path: Path) -> list[str]:
        """Where the finding may start (see `at`); one entry per acceptable line."""
        if self.line_needles is None:
            return [at(path)]
        result = []
        for needle in self.line_needles:
            line = line_of(self.text, needle)
            column = None if self.col_needle is None else column_of(self.text, line, self.col_needle)
            result.append(at(path, line, column))
        return result


BUYERS_BLOCK = """\
  buyers:
    - name: Testvik kommune
      org_number: "940000130"
"""
assert BUYERS_BLOCK in P

LOCAL_NB_ONLY = """\
local_requirements:
  - id: TEST-001
    title: {nb: Lokal tittel}
    text: {nb: Leverandøren skal levere en lokal tilpasning.}
    obligation: minstekrav
    response: {type: ja-nei}
"""

CASES: dict[str, Case] = {
    "bad-indentation": Case(
        P.replace("  reference:", "   reference:"), "Y001", ("YAML syntax error",), ("   reference:",)),
    # The quote opened on the line of 'Pris' is never closed; that line is the one to fix.
    "unclosed-quote": Case(
        P.replace("name: Pris", "name: 'Pris"), "Y001", ("quot",), ("'Pris",), "'Pris"),
    "weight-as-text": Case(
        P + 'tailor:\n  EPJ-DR-001:\n    weight: "high"\n', "S005", ("weight", "integer"),
        ('weight: "high"',), '"high"'),
    "buyers-as-string": Case(
        P.replace(BUYERS_BLOCK, "  buyers: Testvik kommune\n"), "S005", ("buyers", "array"),
        ("buyers: Testvik",), "Testvik"),
    # The unknown field is the key, so that is where the finding belongs.
    "unknown-field-typo": Case(
        P.replace("  title:", "  titel:"), "S002", ("unknown field 'titel'",), ("titel:",), "titel"),
    "unknown-section-typo": Case(
        P.replace("select:", "selct:"), "S002", ("unknown field 'selct'",), ("selct:",), "selct"),
    "duplicate-key": Case(
        P + "namespace: DUP\n", "Y003", ("duplicate key 'namespace'",), ("namespace: DUP",), "namespace: DUP"),
    "include-unknown-id": Case(
        P + "include:\n  - EPJ-DR-001\n  - EPJ-XX-999\n", "P001", ("include", "unknown requirement EPJ-XX-999"),
        ("- EPJ-XX-999",), "EPJ-XX-999"),
    "exclude-unknown-id": Case(
        P + "exclude:\n  - EPJ-XX-998\n", "P001", ("exclude", "unknown requirement EPJ-XX-998"),
        ("- EPJ-XX-998",), "EPJ-XX-998"),
    # The unknown ID is the key; the finding must name its line, not the line below.
    "tailor-unknown-id": Case(
        P + "tailor:\n  EPJ-XX-997:\n    weight: 5\n", "P001", ("tailor", "unknown requirement EPJ-XX-997"),
        ("EPJ-XX-997:",), "EPJ-XX-997"),
    "select-unknown-module": Case(
        P.replace("modules: [drift]", "modules: [drift, finnes-ikke]"), "P002", ("unknown module 'finnes-ikke'",),
        ("finnes-ikke",), "finnes-ikke"),
    "select-unknown-area": Case(
        P.replace("  modules: [drift]\n", "  modules: [drift]\n  areas: [hjemmetjeneste, ukjent-omrade]\n"),
        "P002", ("unknown service area 'ukjent-omrade'",), ("ukjent-omrade",), "ukjent-omrade"),
    "parameter-out-of-bounds": Case(
        P + "tailor:\n  EPJ-DR-020:\n    parameters:\n      oppetid: 101\n", "P004",
        ("oppetid", "101", "above the maximum 100"), ("oppetid: 101",), "101"),
    "parameter-wrong-type": Case(
        P + 'tailor:\n  EPJ-DR-020:\n    parameters:\n      oppetid: "høy"\n', "P005",
        ("oppetid", "must be a number"), ("oppetid:",), '"høy"'),
    "placeholder-without-value": Case(
        P + 'tailor:\n  EPJ-DR-001:\n    text: "Løsningen skal ha {finnes_ikke} oppetid."\n'
        "    justification: Kommunen har egne krav til oppetid.\n", "P017",
        ("{finnes_ikke}", "no value"), ("text:",), '"Løsningen'),
    "override-without-justification": Case(
        P + "tailor:\n  EPJ-DR-001:\n    text: Løsningen skal alltid være tilgjengelig.\n", "P006",
        ("EPJ-DR-001", "justification"), ("text:",), "Løsningen"),
    # The finding may name the 'award_criteria:' key or the first criterion: both are "the list".
    "award-weights-not-100": Case(
        P.replace("weight: 30", "weight: 20"), "P007", ("sum to 90", "not 100"),
        ("award_criteria:", "- name: Kvalitet")),
    "weight-on-informasjon": Case(
        P + "tailor:\n  EPJ-DR-001:\n    obligation: informasjon\n    weight: 5\n", "P008",
        ("EPJ-DR-001", "informasjon", "weight"), ("weight: 5",), "5"),
    "extends-missing-file": Case(
        "extends: finnes-ikke.yaml\n" + P, "P015", ("finnes-ikke.yaml", "does not exist"),
        ("extends:",), "finnes-ikke.yaml"),
    "library-version-outside-range": Case(
        P.replace('">=2.0, <3"', '">=3"'), "P011", ("2.0.0", "outside the range", ">=3"), ('">=3"',), '">=3"'),
    "invalid-org-number": Case(
        P.replace('"940000130"', '"940000131"'), "P013", ("940000131", "not a valid organisation number"),
        ('"940000131"',), '"940000131"'),
    "local-without-namespace-prefix": Case(
        P + LOCAL_NB_ONLY.replace("TEST-001", "ANNET-001"), "P014", ("ANNET-001", "must start with 'TEST-'"),
        ("id: ANNET-001",), "ANNET-001"),
    "not-utf8": Case(
        P.replace("title: Testanskaffelse", "title: Testanskaffelse for Bærum"), "Y006", ("UTF-8",),
        ("Bærum",), encoding="latin-1"),
    "empty-file": Case("", "P000", ("profile is empty",), None),
}


@pytest.mark.parametrize("name", list(CASES))
def test_validate_reports_bad_profile(name: str, cli, tmp_path: Path) -> None:
    case = CASES[name]
    path = case.write(tmp_path / "profil.yaml")

    result = cli("validate", path)

    out = output_of(result)
    assert result.exit_code == 1, out
    assert "Traceback" not in out
    assert "internal error" not in out
    prefixes = case.prefixes(path)
    hits = [p for p in prefixes if finding_lines(result, p, case.code)]
    assert hits, f"expected ({case.code}) at one of {prefixes}:\n{out}"
    assert_one_line_finding(result, hits[0], case.code, case.words)


@pytest.mark.parametrize("name", list(CASES))
def test_build_of_bad_profile_reports_and_writes_nothing(name: str, cli, tmp_path: Path) -> None:
    case = CASES[name]
    path = case.write(tmp_path / "profil.yaml")
    out_dir = tmp_path / "ut"

    result = cli("build", path, "-o", out_dir)

    out = output_of(result)
    assert result.exit_code == 1, out
    assert "Traceback" not in out
    assert "internal error" not in out
    assert files_in(out_dir) == []
    prefixes = case.prefixes(path)
    hits = [p for p in prefixes if finding_lines(result, p, case.code)]
    assert hits, f"expected ({case.code}) at one of {prefixes}:\n{out}"
    assert_one_line_finding(result, hits[0], case.code, case.words)


def test_build_prints_each_finding_on_one_line(cli, tmp_path: Path) -> None:
    """`file:line:col: error message (code)` must stay on one line so editors and CI can parse it."""
    case = CASES["parameter-out-of-bounds"]
    path = case.write(tmp_path / "profil.yaml")

    result = cli("build", path, "-o", tmp_path / "ut", env={"COLUMNS": "80"})

    assert result.exit_code == 1
    assert_one_line_finding(result, case.prefixes(path)[0], "P004", ("above the maximum 100",))


def test_failed_build_leaves_earlier_output_byte_identical(cli, tmp_path: Path) -> None:
    path = tmp_path / "profil.yaml"
    path.write_text(P, encoding="utf-8")
    out_dir = tmp_path / "ut"
    first = cli("build", path, "-o", out_dir)
    assert first.exit_code == 0, output_of(first)
    before = {p.name: p.read_bytes() for p in files_in(out_dir)}
    assert sorted(before) == ["profil-kravspesifikasjon.docx", "profil-spesifikasjon.json",
                              "profil-svarskjema.xlsx"]

    CASES["parameter-out-of-bounds"].write(path)
    second = cli("build", path, "-o", out_dir)

    assert second.exit_code == 1
    assert "(P004)" in output_of(second)
    after = {p.name: p.read_bytes() for p in files_in(out_dir)}
    assert after == before


# ---------------------------------------------------------------------------
# cases that need more than one file or special conditions


def test_extends_cycle_is_reported_at_the_extends_that_closes_it(cli, tmp_path: Path) -> None:
    a_text = "extends: b.yaml\n" + P
    b_text = "extends: a.yaml\n" + P
    a = tmp_path / "a.yaml"
    b = tmp_path / "b.yaml"
    a.write_text(a_text, encoding="utf-8")
    b.write_text(b_text, encoding="utf-8")

    result = cli("validate", a)

    assert result.exit_code == 1
    assert "Traceback" not in output_of(result)
    line = line_of(b_text, "extends:")
    assert_one_line_finding(result, at(b, line, column_of(b_text, line, "a.yaml")), "P010",
                            ("cycle", "a.yaml -> b.yaml -> a.yaml"))


def test_build_with_extends_cycle_writes_nothing(cli, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("extends: b.yaml\n" + P, encoding="utf-8")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\n" + P, encoding="utf-8")
    out_dir = tmp_path / "ut"

    result = cli("build", tmp_path / "a.yaml", "-o", out_dir)

    assert result.exit_code == 1
    assert "(P010)" in output_of(result)
    assert "Traceback" not in output_of(result)
    assert files_in(out_dir) == []


ALIAS_BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for prev, name in zip([None, *"abcdefgh"], "abcdefghi", strict=True)
)


def test_alias_bomb_fails_fast_with_y002(cli, tmp_path: Path) -> None:
    path = tmp_path / "bombe.yaml"
    path.write_text(ALIAS_BOMB, encoding="utf-8")

    result = cli("validate", path)

    out = output_of(result)
    assert out.count("(Y002)") == 1  # stopped at the first alias, nothing expanded
    assert result.exit_code == 1
    assert "Traceback" not in out
    first_anchor, first_alias = line_of(ALIAS_BOMB, "&a"), line_of(ALIAS_BOMB, "*a")
    reported = [n for n in (first_anchor, first_alias) if finding_lines(result, at(path, n), "Y002")]
    assert reported, out
    assert "aliases" in out


def test_build_of_alias_bomb_writes_nothing(cli, tmp_path: Path) -> None:
    path = tmp_path / "bombe.yaml"
    path.write_text(ALIAS_BOMB, encoding="utf-8")
    out_dir = tmp_path / "ut"

    result = cli("build", path, "-o", out_dir)

    assert result.exit_code == 1
    assert "(Y002)" in output_of(result)
    assert files_in(out_dir) == []


@pytest.fixture
def big_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str]]:
    """A 50 MB YAML file, and a list that records every attempt to read it."""
    path = tmp_path / "stor.yaml"
    line = b"# " + b"x" * 97 + b"\n"
    with path.open("wb") as handle:
        handle.write(P.encode())
        for _ in range(50 * 1024 * 1024 // len(line)):
            handle.write(line)
    assert path.stat().st_size >= 50 * 1024 * 1024 - len(line)
    reads: list[str] = []
    target = path.resolve()

    def is_target(file: object) -> bool:
        try:
            return Path(file).resolve() == target  # type: ignore[arg-type]
        except TypeError:
            return False

    original_open = builtins.open  # the same object as io.open
    original_read_bytes, original_read_text = pathlib.Path.read_bytes, pathlib.Path.read_text

    def spy_open(file, *args, **kwargs):
        if is_target(file):
            reads.append("open")
        return original_open(file, *args, **kwargs)

    def spy_read_bytes(self):
        if is_target(self):
            reads.append("read_bytes")
        return original_read_bytes(self)

    def spy_read_text(self, *args, **kwargs):
        if is_target(self):
            reads.append("read_text")
        return original_read_text(self, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(io, "open", spy_open)
    monkeypatch.setattr(pathlib.Path, "read_bytes", spy_read_bytes)
    monkeypatch.setattr(pathlib.Path, "read_text", spy_read_text)
    return path, reads


def test_50_mb_profile_is_refused_without_reading_it(cli, big_file: tuple[Path, list[str]]) -> None:
    path, reads = big_file

    result = cli("validate", path)

    out = output_of(result)
    assert result.exit_code == 1, out
    assert "Traceback" not in out
    assert_one_line_finding(result, at(path), "Y005", ("MB", "limit"))
    assert reads == []


def test_build_of_50_mb_profile_writes_nothing(cli, big_file: tuple[Path, list[str]], tmp_path: Path) -> None:
    path, reads = big_file
    out_dir = tmp_path / "ut"

    result = cli("build", path, "-o", out_dir)

    assert result.exit_code == 1
    assert "(Y005)" in output_of(result)
    assert reads == []
    assert files_in(out_dir) == []


def test_nynorsk_profile_reports_missing_nn_for_title_and_text(cli, tmp_path: Path) -> None:
    text = P.replace("language: nb", "language: nn") + LOCAL_NB_ONLY
    path = tmp_path / "profil.yaml"
    path.write_text(text, encoding="utf-8")

    result = cli("validate", path)

    # A missing language in a profile's own text is a warning: the document falls back to bokmål.
    assert result.exit_code == 0, result.stderr
    for key in ("title", "text"):
        line = line_of(text, f"    {key}: {{nb:")
        assert_one_line_finding(result, at(path, line, column_of(text, line, "{nb")), "P042",
                                (f"local_requirements/TEST-001/{key}", "no 'nn' text", "shows the 'nb' text"))


# ---------------------------------------------------------------------------
# the library


def _edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def test_library_with_duplicate_requirement_id(cli, library_copy: Path) -> None:
    drift = library_copy / "modules" / "drift.yaml"
    text = _edit(drift, "  - id: EPJ-DR-002\n", "  - id: EPJ-DR-001\n")

    result = cli("validate", library_copy)

    assert result.exit_code == 1
    assert "Traceback" not in output_of(result)
    first = line_of(text, "- id: EPJ-DR-001", 1)
    second = line_of(text, "- id: EPJ-DR-001", 2)
    assert_one_line_finding(result, at(drift, second, column_of(text, second, "EPJ-DR-001")), "L001",
                            ("duplicate requirement ID EPJ-DR-001", f"{shown(drift)}:{first}"))


def test_library_with_unknown_standard(cli, library_copy: Path) -> None:
    drift = library_copy / "modules" / "drift.yaml"
    text = _edit(drift, "standards: [pasientjournalloven, normen]", "standards: [pasientjournalloven, finnes-ikke]")

    result = cli("validate", library_copy)

    assert result.exit_code == 1
    line = line_of(text, "finnes-ikke")
    assert_one_line_finding(result, at(drift, line, column_of(text, line, "finnes-ikke")), "L005",
                            ("EPJ-DR-001", "finnes-ikke", "standards catalogue"))


def test_library_with_unknown_user_story(cli, library_copy: Path) -> None:
    drift = library_copy / "modules" / "drift.yaml"
    text = _edit(drift, "user_stories: [HIST-004]", "user_stories: [HIST-999]")

    result = cli("validate", library_copy)

    assert result.exit_code == 1
    line = line_of(text, "HIST-999")
    assert_one_line_finding(result, at(drift, line, column_of(text, line, "HIST-999")), "L006",
                            ("EPJ-DR-001", "unknown user story 'HIST-999'"))


def test_profile_against_broken_library_fails_and_builds_nothing(cli, library_copy: Path,
                                                                 tmp_path: Path) -> None:
    _edit(library_copy / "modules" / "drift.yaml", "  - id: EPJ-DR-002\n", "  - id: EPJ-DR-001\n")
    path = tmp_path / "profil.yaml"
    path.write_text(P, encoding="utf-8")
    out_dir = tmp_path / "ut"

    checked = cli("validate", path, "--library", library_copy)
    built = cli("build", path, "-o", out_dir, "--library", library_copy)

    assert checked.exit_code == 1
    assert "(L001)" in output_of(checked)
    assert built.exit_code == 1
    assert "(L001)" in output_of(built)
    assert files_in(out_dir) == []


def test_including_deprecated_requirement_warns_with_replacement(cli, library_copy: Path,
                                                                 tmp_path: Path) -> None:
    _edit(library_copy / "modules" / "drift.yaml", "  - id: EPJ-DR-002\n",
          "  - id: EPJ-DR-002\n    deprecated: true\n    replaced_by: EPJ-DR-001\n")
    text = P + "include:\n  - EPJ-DR-002\n"
    path = tmp_path / "profil.yaml"
    path.write_text(text, encoding="utf-8")

    result = cli("validate", path, "--library", library_copy)

    out = output_of(result)
    assert result.exit_code == 0, out
    line = line_of(text, "- EPJ-DR-002")
    finding = assert_one_line_finding(result, at(path, line, column_of(text, line, "EPJ-DR-002")), "P009",
                                      ("EPJ-DR-002", "deprecated", "EPJ-DR-001"))
    assert ": warning " in finding
    assert "1 warning" in out


def test_library_folder_without_manifest(cli, tmp_path: Path) -> None:
    folder = tmp_path / "ikke-bibliotek"
    folder.mkdir()

    result = cli("validate", folder)

    # A folder that is neither a library nor a profile is the wrong argument: a usage error.
    assert result.exit_code == 2
    assert "Traceback" not in output_of(result)
    assert_one_line_finding(result, f"{folder}: ", "Y011", ("library.yaml", "not a requirement library"))


def test_validate_without_arguments_checks_builtin_library(cli) -> None:
    result = cli("validate")

    assert result.exit_code == 0, output_of(result)
    assert "OK: no errors" in output_of(result)


def test_builtin_library_is_clean_when_given_as_path(cli) -> None:
    result = cli("validate", LIBRARY)

    assert result.exit_code == 0, output_of(result)
    assert "error" not in output_of(result).replace("no errors", "")


# ---------------------------------------------------------------------------
# several findings, machine output, usage errors


THREE_ERRORS = (
    P.replace('"940000130"', '"940000131"').replace("weight: 30", "weight: 20")
    + "include:\n  - EPJ-XX-999\n"
)


def test_all_errors_are_reported_in_one_run(cli, tmp_path: Path) -> None:
    path = tmp_path / "profil.yaml"
    path.write_text(THREE_ERRORS, encoding="utf-8")

    result = cli("validate", path)

    assert result.exit_code == 1
    org_line, include_line = line_of(THREE_ERRORS, "940000131"), line_of(THREE_ERRORS, "EPJ-XX-999")
    assert finding_lines(result, at(path, org_line, column_of(THREE_ERRORS, org_line, '"9')), "P013")
    assert finding_lines(result, at(path, include_line, column_of(THREE_ERRORS, include_line, "EPJ")), "P001")
    assert "(P007)" in output_of(result)


def test_schema_and_meaning_errors_are_reported_in_one_run(cli, tmp_path: Path) -> None:
    """Issue §4: schema errors and semantic errors, all reported in one run."""
    text = P.replace('"940000130"', '"940000131"') + 'tailor:\n  EPJ-DR-001:\n    weight: "high"\n'
    path = tmp_path / "profil.yaml"
    path.write_text(text, encoding="utf-8")

    result = cli("validate", path)

    out = output_of(result)
    assert result.exit_code == 1
    assert "(S005)" in out
    assert "(P013)" in out, f"the invalid organisation number was not reported:\n{out}"


def test_validate_json_gives_position_and_code_of_each_finding(cli, tmp_path: Path) -> None:
    path = tmp_path / "profil.yaml"
    path.write_text(THREE_ERRORS, encoding="utf-8")

    result = cli("validate", "--json", path)

    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["errors"] == 3
    assert payload["warnings"] == 0
    found = {(d["code"], d["file"], d["line"], d["column"]) for d in payload["diagnostics"]}
    org_line, include_line = line_of(THREE_ERRORS, "940000131"), line_of(THREE_ERRORS, "EPJ-XX-999")
    assert ("P013", shown(path), org_line, column_of(THREE_ERRORS, org_line, '"9')) in found
    assert ("P001", shown(path), include_line, column_of(THREE_ERRORS, include_line, "EPJ")) in found
    assert {d["code"] for d in payload["diagnostics"]} == {"P001", "P007", "P013"}
    for d in payload["diagnostics"]:
        assert d["severity"] == "error"
        assert d["message"]
        assert d["line"] > 0 and d["column"] > 0


def test_validate_json_of_clean_profile(cli, tmp_path: Path) -> None:
    path = tmp_path / "profil.yaml"
    path.write_text(P, encoding="utf-8")

    result = cli("validate", "--json", path)

    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"errors": 0, "warnings": 0, "diagnostics": []}


@pytest.mark.parametrize("command", ["validate", "build"])
def test_missing_profile_is_a_usage_error(command: str, cli, tmp_path: Path) -> None:
    missing = tmp_path / "finnes-ikke.yaml"
    args = [command, missing] + (["-o", tmp_path / "ut"] if command == "build" else [])

    result = cli(*args)

    out = output_of(result)
    assert result.exit_code == 2, out
    assert "Traceback" not in out
    assert "finnes-ikke.yaml" in out
    assert "not found" in out
    assert files_in(tmp_path / "ut") == []


@pytest.mark.parametrize("command", ["validate", "build"])
def test_unknown_option_is_a_usage_error(command: str, cli, tmp_path: Path) -> None:
    path = tmp_path / "profil.yaml"
    path.write_text(P, encoding="utf-8")

    result = cli(command, path, "--finnes-ikke")

    assert result.exit_code == 2
    assert "--finnes-ikke" in output_of(result)
    assert "Traceback" not in output_of(result)


def test_impossible_dates_are_reported_not_crashed_on(cli, write_profile) -> None:
    path = write_profile(write_profile().read_text().replace('date: "2027-01-05"', 'date: "2027-02-30"')
                         .replace('deadline: "2027-02-01 12:00"', 'deadline: "2027-02-01 25:00"'))
    result = cli("build", path, "-o", path.parent / "ut")
    assert result.exit_code == 1
    assert result.stderr.count("(P024)") == 2
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert not (path.parent / "ut").exists()


def test_library_with_unknown_area_in_mandatory_scope(cli, library_copy: Path) -> None:
    standards = library_copy / "standards.yaml"
    text = _edit(standards, "    mandatory_for: [legevakt]\n", "    mandatory_for: [legevakten]\n")

    result = cli("validate", library_copy)

    assert result.exit_code == 1
    line = line_of(text, "mandatory_for: [legevakten]")
    assert_one_line_finding(result, at(standards, line, column_of(text, line, "legevakten")), "L020",
                            ("e-resept", "unknown service area 'legevakten'"))


def test_library_with_mandatory_scope_on_a_voluntary_standard(cli, library_copy: Path) -> None:
    standards = library_copy / "standards.yaml"
    text = _edit(standards, "    mandatory: true\n    mandatory_for: [legevakt]\n",
                 "    mandatory: false\n    mandatory_for: [legevakt]\n")

    result = cli("validate", library_copy)

    assert result.exit_code == 1
    line = line_of(text, "mandatory_for: [legevakt]")
    assert_one_line_finding(result, at(standards, line), "L019", ("e-resept", "mandatory_for"))
