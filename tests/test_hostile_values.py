"""Hostile values: numbers that are no numbers, texts too long for a cell, control characters, huge profiles.

The cases come from the reliability review of 2026-11-29 (defects #4, #7, #11,
#13, #14, #15 and #17). Each one runs through the real command line and asserts
the exit code, the finding's `file:line:col`, its code, message and hint, and
that no traceback or internal error is shown. Expected positions are computed
from the YAML text written here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from anskaffelse.diagnostics import InputError, abbreviate, dumps, error, format_plain, printable
from anskaffelse.limits import EXCEL_CELL, IDENTIFIER, LONG_TEXT, MAX_BUYERS, NAME, REFERENCE, TITLE
from anskaffelse.model import Parameter
from anskaffelse.profile import version_in_range
from anskaffelse.profile.checks import _bounds
from anskaffelse.reading.load import MAX_NUMBER, parse_yaml
from anskaffelse.reading.schema import SCHEMA_NAMES, load_schema
from anskaffelse.resolve import format_value

from .conftest import MINIMAL_PROFILE

# The profile of the review's reproductions (#4, #7).
FJORD = """\
namespace: FJORD
tender: {title: Anskaffelse av EPJ, buyers: [{name: Fjordvik kommune, org_number: "940000130"}]}
select: {modules: [drift]}
"""
AWARD = "award_criteria: [{name: Kvalitet, weight: 60}, {name: Pris, weight: 40, price: {model: lineær}}]\n"
LOCAL = """\
local_requirements:
  - id: FJORD-001
    title: {nb: Frist}
    text: {nb: "Leverandøren skal svare innen {frist}."}
    obligation: informasjon
    response: {type: beskrivelse}
    kind: integrasjon
    parameters: {frist: {type: number, default: DEFAULT}}
"""


# ---------------------------------------------------------------------------
# helpers


def shown(path: Path) -> str:
    """A path the way the tool prints it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def position(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based (line, column) of the `occurrence`-th appearance of `needle` in `text`."""
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    return text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1


def write(folder: Path, text: str, name: str = "profil.yaml") -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


def finding(result: Any, path: Path, line: int, column: int, code: str) -> tuple[str, str]:
    """The finding `file:line:col: ... (code)` and its hint line; fails when there is none."""
    lines = result.stderr.splitlines()
    head = f"{shown(path)}:{line}:{column}: "
    for i, row in enumerate(lines):
        if row.startswith(head) and row.endswith(f"({code})"):
            hint = lines[i + 1] if i + 1 < len(lines) and lines[i + 1].startswith("    hint: ") else ""
            return row, hint
    raise AssertionError(f"no finding {head}... ({code}) in:\n{result.stderr[:3000]}")


def assert_clean_failure(result: Any, exit_code: int = 1) -> None:
    out = result.stdout + result.stderr
    assert result.exit_code == exit_code, out[:3000]
    assert "Traceback" not in out and "internal error" not in out, out[:3000]


# ---------------------------------------------------------------------------
# numbers (#4, #7): finite, and of a sane size


def test_nan_in_a_parameter_and_an_award_weight_is_refused_where_it_is_written(cli, tmp_path):
    text = FJORD + """\
tailor:
  EPJ-DR-020: {parameters: {oppetid: .nan}}
award_criteria:
  - {name: Kvalitet, weight: 100}
  - {name: Pris, weight: .nan}
"""
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert_clean_failure(result)
    for occurrence in (1, 2):
        row, hint = finding(result, path, *position(text, ".nan", occurrence), "Y010")
        assert "'.nan' is not a finite number" in row
        assert "at most 1,000,000,000,000,000" in hint and "quotes" in hint


@pytest.mark.parametrize("field, value", [("default", ".inf"), ("default", "-.inf"), ("min", ".nan"),
                                          ("max", ".Inf")])
def test_infinite_and_nan_bounds_of_a_local_parameter_are_refused(cli, tmp_path, field, value):
    spec = "{type: number, default: 5}" if field != "default" else f"{{type: number, default: {value}}}"
    if field != "default":
        spec = spec.replace("}", f", {field}: {value}}}")
    text = FJORD + AWARD + LOCAL.replace("{type: number, default: DEFAULT}", spec)
    path = write(tmp_path, text)
    result = cli("build", path, "-o", tmp_path / "ut")
    assert_clean_failure(result)
    row, _ = finding(result, path, *position(text, value), "Y010")
    assert f"'{value}' is not a finite number" in row
    assert not (tmp_path / "ut").exists()


def test_a_401_digit_default_is_too_large_for_validate_and_build(cli, tmp_path):
    digits = "1" + "0" * 400
    text = FJORD + AWARD + LOCAL.replace("DEFAULT", digits)
    path = write(tmp_path, text)
    for args in (("validate", path), ("build", path, "-o", tmp_path / "ut")):
        result = cli(*args)
        assert_clean_failure(result)
        row, hint = finding(result, path, *position(text, digits), "Y010")
        assert "the number 1000" in row and "(401 digits) is too large" in row
        assert "10^15" in hint
        assert digits not in result.stderr  # the value is shortened, not echoed
    assert not (tmp_path / "ut").exists()


def test_a_5000_digit_integer_is_too_large_not_marked_with_int(cli, tmp_path):
    digits = "1" + "0" * 5000
    text = FJORD + f"award_criteria: [{{name: Pris, weight: {digits}}}]\n"
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert_clean_failure(result)
    row, _ = finding(result, path, *position(text, digits), "Y010")
    assert "(5,001 digits) is too large" in row
    assert "(Y008)" not in result.stderr and "!!int" not in result.stderr


@pytest.mark.parametrize("value", ["1e400", "-1e16", "1000000000000001"])
def test_numbers_beyond_the_bound_are_too_large(cli, tmp_path, value):
    text = FJORD + AWARD + f"tailor:\n  EPJ-DR-020: {{parameters: {{oppetid: {value}}}}}\n"
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert_clean_failure(result)
    row, _ = finding(result, path, *position(text, value), "Y010")
    assert "is too large" in row


def test_the_largest_allowed_number_is_accepted_and_formatted():
    doc = parse_yaml(f"a: {MAX_NUMBER}\nb: -{MAX_NUMBER}\nc: 0.000001\n", Path("x.yaml"))
    assert doc.data == {"a": MAX_NUMBER, "b": -MAX_NUMBER, "c": 0.000001}
    assert format_value(MAX_NUMBER, "nb") == "1\u00a0000\u00a0000\u00a0000\u00a0000\u00a0000"


def test_format_value_and_bounds_never_overflow():
    for value in (10**400, 1e308, float("nan"), float("inf")):
        assert isinstance(format_value(value, "nb"), str)
    huge = Parameter("frist", "number", 5, min=10**400, max=10**401)  # type: ignore[arg-type]
    assert _bounds(huge).startswith("Give a number from ")
    assert _bounds(Parameter("oppetid", "number", 99.5, min=95, max=100, unit="%")) == \
        "Give a number from 95 to 100 (%)."


def test_nan_in_a_library_module_is_refused_with_its_position(cli, library_copy):
    module = library_copy / "modules" / "drift.yaml"
    text = module.read_text(encoding="utf-8")
    start = text.index("oppetid:", text.index("parameters:"))
    default_at = text.index("default:", start)
    value_end = text.index("\n", default_at)
    text = text[:default_at] + "default: .nan" + text[value_end:]
    module.write_text(text, encoding="utf-8")
    for args in (("validate", library_copy), ("list", "--library", library_copy)):
        result = cli(*args)
        assert_clean_failure(result)
        finding(result, module, *position(text, ".nan"), "Y010")


def test_a_version_range_of_4400_digits_is_a_finding_not_a_crash(cli, tmp_path):
    text = FJORD + AWARD + f'library_version: ">={"9" * 4400}"\n'
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert_clean_failure(result)
    row, _ = finding(result, path, *position(text, '">='), "S008")
    assert "library_version is 4,402 characters long, more than the limit of 100" in row
    assert version_in_range("1.0.0", ">=" + "9" * 4400) is None
    assert version_in_range("1.0.0", ">=²") is None  # a digit to str.isdigit, not to int()


def test_a_long_but_allowed_version_range_is_not_a_range(cli, tmp_path):
    text = FJORD + AWARD + f'library_version: ">={"9" * 90}"\n'
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert_clean_failure(result)
    row, _ = finding(result, path, *position(text, '">='), "P019")
    assert "is not a version range" in row


def test_the_json_export_of_hostile_but_valid_input_is_strict_json(cli, tmp_path):
    """Extreme numbers, the longest texts and tricky Unicode build into JSON a strict parser accepts."""
    title = ('«EPJ» \u2028 مرحبا 👩\u200d⚕️ \\" ' * 20)[:TITLE]
    text = FJORD.replace("title: Anskaffelse av EPJ", f"title: '{title}'") + f"""\
tailor:
  EPJ-DR-020: {{parameters: {{oppetid: 99.999999999}}}}
award_criteria:
  - {{name: Kvalitet, weight: 33.3}}
  - {{name: Pris, weight: 33.3, price: {{model: lineær}}}}
  - {{name: Risiko, weight: 33.4, description: "{'x' * 2000}", deliverables: [{{name: Risikoplan}}]}}
local_requirements:
  - id: FJORD-001
    title: {{nb: "{'T' * TITLE}"}}
    text: {{nb: "Leverandøren skal svare innen {{frist}} og {{dager}}. {'y' * (LONG_TEXT - 60)}"}}
    obligation: informasjon
    response: {{type: beskrivelse}}
    kind: integrasjon
    parameters:
      frist: {{type: number, default: {MAX_NUMBER}, min: -{MAX_NUMBER}, max: {MAX_NUMBER}}}
      dager: {{type: number, default: 0.000000001}}
"""
    path = write(tmp_path, text)
    result = cli("build", path, "-o", tmp_path / "ut", "--format", "json")
    assert result.exit_code == 0, result.stderr

    def refuse(name: str) -> None:
        raise ValueError(f"{name} is not JSON")

    exported = (tmp_path / "ut" / "profil-spesifikasjon.json").read_text(encoding="utf-8")
    spec = json.loads(exported, parse_constant=refuse)
    assert [c["weight"] for c in spec["award_criteria"]] == [33.3, 33.3, 33.4]
    local = next(r for m in spec["modules"] for r in m["requirements"] if r["id"] == "FJORD-001")
    assert "1\u00a0000\u00a0000\u00a0000\u00a0000\u00a0000" in local["text"]


def test_json_for_scripts_refuses_nan_instead_of_writing_it():
    with pytest.raises(ValueError):
        dumps({"weight": float("nan")})


# ---------------------------------------------------------------------------
# text limits (#11)


def test_a_one_megabyte_title_and_a_long_reference_are_refused(cli, tmp_path):
    title, reference = "x" * 1_048_576, "r" * 100_000
    text = MINIMAL_PROFILE.replace("title: Testanskaffelse", f"title: {title}").replace(
        'reference: "2026/1"', f'reference: "{reference}"')
    path = write(tmp_path, text)
    result = cli("build", path, "-o", tmp_path / "ut")
    assert_clean_failure(result)
    row, hint = finding(result, path, *position(text, title[:10]), "S008")
    assert "tender/title is 1,048,576 characters long, more than the limit of 300" in row
    assert "page headers" in hint
    row, _ = finding(result, path, *position(text, '"rrr'), "S008")
    assert f"tender/reference is 100,000 characters long, more than the limit of {REFERENCE}" in row
    assert len(result.stderr) < 5_000  # the texts are not echoed
    assert not (tmp_path / "ut").exists()


def test_too_many_buyers_and_a_too_long_buyer_name_are_refused(cli, tmp_path):
    buyers = "".join(f'    - {{name: Kommune {i}, org_number: "940000130"}}\n' for i in range(MAX_BUYERS + 1))
    text = MINIMAL_PROFILE.replace('    - name: Testvik kommune\n      org_number: "940000130"\n', buyers)
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert_clean_failure(result)
    row, _ = finding(result, path, *position(text, "buyers:"), "S008")
    assert f"tender/buyers has {MAX_BUYERS + 1} entries, more than the limit of {MAX_BUYERS}" in row

    text = MINIMAL_PROFILE.replace("name: Testvik kommune", "name: " + "K" * (NAME + 1))
    path = write(tmp_path, text)
    row, _ = finding(cli("validate", path), path, *position(text, "KKK"), "S008")
    assert f"tender/buyers/0/name is {NAME + 1} characters long" in row


def test_a_long_local_requirement_text_and_changed_text_are_refused(cli, tmp_path):
    long_text = "Leverandøren skal " + "z" * LONG_TEXT
    text = FJORD + AWARD + LOCAL.replace("Leverandøren skal svare innen {frist}.", long_text) + f"""\
tailor:
  EPJ-DR-001:
    text: "{long_text}"
    justification: Kommunen trenger en annen tekst.
"""
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert_clean_failure(result)
    row, _ = finding(result, path, *position(text, '"Leverandøren skal zzz', 1), "S008")
    assert f"local_requirements/0/text/nb is {len(long_text):,} characters long" in row
    row, _ = finding(result, path, *position(text, '"Leverandøren skal zzz', 2), "S008")
    assert f"tailor/EPJ-DR-001/text is {len(long_text):,} characters long, more than the limit of 10,000" in row


def test_a_text_that_outgrows_a_workbook_cell_once_filled_in_is_refused(cli, tmp_path):
    """Each value is within its limit, but a placeholder used 40 times makes the text too long for Excel."""
    text = FJORD + AWARD + LOCAL.replace(
        "Leverandøren skal svare innen {frist}.", "Leverandøren skal svare " + "{frist} " * 40).replace(
        "{type: number, default: DEFAULT}", "{type: text, default: '" + "d" * 1000 + "'}")
    path = write(tmp_path, text)
    result = cli("build", path, "-o", tmp_path / "ut")
    assert_clean_failure(result)
    row, hint = finding(result, path, *position(text, "{nb: \"Leverandøren skal svare {frist}"), "P028")
    assert "FJORD-001: the text is" in row and f"more than the {EXCEL_CELL:,} that one workbook cell holds" in row
    assert "placeholder" in hint


def test_a_long_requirement_text_in_a_library_module_is_refused(cli, library_copy):
    module = library_copy / "modules" / "drift.yaml"
    text = module.read_text(encoding="utf-8")
    old = "nb: Garantert oppetid per måned"
    text = text.replace(old, "nb: " + "O" * (TITLE + 1), 1)
    module.write_text(text, encoding="utf-8")
    result = cli("validate", library_copy)
    assert_clean_failure(result)
    row, hint = finding(result, module, *position(text, "OOOO"), "S008")
    assert f"requirements/0/title/nb is {TITLE + 1} characters long, more than the limit of {TITLE}" in row
    assert "title" in hint


def _strings_without_limit(node: Any, path: str = "") -> list[str]:
    """Paths of texts (and of free mapping keys) in a schema that have no maxLength."""
    missing = []
    if isinstance(node, dict):
        kind = node.get("type")
        if (kind == "string" or (isinstance(kind, list) and "string" in kind)) and "maxLength" not in node:
            missing.append(path)
        if isinstance(node.get("additionalProperties"), dict) and "maxLength" not in node.get("propertyNames", {}):
            missing.append(f"{path}/<keys>")
        for key, value in node.items():
            missing += _strings_without_limit(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            missing += _strings_without_limit(value, f"{path}/{i}")
    return missing


@pytest.mark.parametrize("name", [n for n in SCHEMA_NAMES if n != "specification"])
def test_every_text_of_an_input_schema_has_a_limit_that_fits_a_cell(name):
    schema = load_schema(name)
    assert _strings_without_limit(schema) == []
    limits = [v for v in json.dumps(schema).split('"maxLength": ')[1:]]
    assert all(int(v.split(",")[0].split("}")[0]) <= EXCEL_CELL for v in limits)


def test_the_schemas_use_the_named_limits():
    profile = load_schema("profile")
    tender = profile["properties"]["tender"]["properties"]
    assert tender["title"]["maxLength"] == TITLE
    assert tender["reference"]["maxLength"] == REFERENCE
    assert tender["buyers"]["maxItems"] == MAX_BUYERS
    assert tender["buyers"]["items"]["properties"]["name"]["maxLength"] == NAME
    assert profile["properties"]["include"]["items"]["maxLength"] == IDENTIFIER
    for name in ("module", "profile"):
        defs = load_schema(name)["$defs"]
        assert defs["text"]["properties"]["nb"]["maxLength"] == LONG_TEXT
        assert defs["short_text"]["properties"]["nb"]["maxLength"] == TITLE


# ---------------------------------------------------------------------------
# control characters (#13, #15)


@pytest.mark.parametrize("char, label", [("\0", "control character U+0000"), ("\x1b", "control character U+001B"),
                                         ("\x9b", "control character U+009B"),
                                         ("\u202e", "bidirectional control character U+202E")])
def test_a_raw_control_character_is_reported_with_line_and_column(cli, tmp_path, char, label):
    text = MINIMAL_PROFILE.replace("title: Testanskaffelse", f'title: "Test{char}anskaffelse"')
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert_clean_failure(result)
    row, hint = finding(result, path, *position(text, char), "Y007")
    assert f"the file contains the {label}" in row
    assert "Remove it" in hint
    assert "unacceptable character" not in result.stderr and "position" not in row
    assert char not in result.stderr


def test_a_raw_control_character_is_placed_right_in_a_file_with_crlf_lines(cli, tmp_path):
    text = MINIMAL_PROFILE.replace("\n", "\r\n").replace("# ", "").replace("  procedure:", "  \x07procedure:")
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert_clean_failure(result)
    line, column = position(text.replace("\r\n", "\n"), "\x07")
    row, _ = finding(result, path, line, column, "Y007")
    assert "U+0007" in row


def test_a_bidi_override_hidden_in_a_comment_is_reported(cli, tmp_path):
    text = MINIMAL_PROFILE + "# \u202eenil siht ni sgniht neddih\n# \u2066 and an isolate\n"
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert_clean_failure(result)
    row, _ = finding(result, path, *position(text, "\u202e"), "Y007")
    assert "bidirectional control character U+202E (and 1 more)" in row


@pytest.mark.parametrize("escape, code", [("\\u202e", "U+202E"), ("\\x9b", "U+009B"), ("\\x7f", "U+007F"),
                                          ("\\u2067", "U+2067"), ("\\e", "U+001B")])
def test_an_escaped_control_character_in_a_text_is_refused(cli, tmp_path, escape, code):
    text = MINIMAL_PROFILE.replace('reference: "2026/1"', f'reference: "2026{escape}/1"')
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert_clean_failure(result)
    row, _ = finding(result, path, *position(text, '"2026'), "Y007")
    assert "the text contains the" in row and code in row


def test_show_does_not_echo_terminal_escape_sequences(cli):
    result = cli("show", "\x1b]0;PWNED\x07\x1b[2J")
    assert_clean_failure(result, exit_code=2)
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "no requirement with ID '\\x1b]0;PWNED\\x07\\x1b[2J'" in result.stderr


def test_a_file_name_with_escape_sequences_is_printed_escaped(cli, tmp_path):
    path = write(tmp_path, FJORD + "award_criteria: [{name: Pris, weight: .nan}]\n", name="p\x1b[31m\u202ex.yaml")
    result = cli("validate", path)
    assert_clean_failure(result)
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert "p\\x1b[31m\\u202ex.yaml:4:" in result.stderr

    result = cli("validate", path, "--json")
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert json.loads(result.stdout)["diagnostics"][0]["file"] == shown(path)

    result = cli("build", path, "-o", tmp_path / "ut")
    assert "\x1b" not in result.stdout + result.stderr and "\u202e" not in result.stdout + result.stderr


def test_findings_are_escaped_in_one_place():
    d = error("S004", "'\x9b31m\u202e' is not allowed", "Use \x1b[2J one", file="a\x1b.yaml", line=1, column=2)
    text = format_plain(d)
    assert text == ("a\\x1b.yaml:1:2: error '\\x9b31m\\u202e' is not allowed (S004)\n"
                    "    hint: Use \\x1b[2J one")
    assert printable("two\nlines\tand\x00", keep_lines=True) == "two\nlines\tand\\x00"
    assert printable("two\nlines") == "two\\nlines"
    text = dumps({"m": "\x9b\u202e\x1b\udcf8 Bø"})
    assert json.loads(text) == {"m": "\x9b\u202e\x1b\udcf8 Bø"}
    assert all(ch not in text for ch in "\x9b\u202e\x1b\udcf8") and "Bø" in text
    assert abbreviate("x" * 100, 10) == "xxxxxxxxx… (100 characters)"


# ---------------------------------------------------------------------------
# big bad profiles (#14): every finding in --json, the first ones on screen


@pytest.mark.parametrize("section", ["tailor", "exclude"])
def test_thousands_of_unknown_ids_are_reported_without_flooding_the_screen(cli, tmp_path, section):
    count = 5_000
    if section == "tailor":
        body = "tailor:\n" + "".join(f"  X-{i:06d}: {{weight: 1}}\n" for i in range(count))
    else:
        body = "exclude:\n" + "".join(f"  - X-{i:06d}\n" for i in range(count))
    text = FJORD + AWARD + body
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert_clean_failure(result)
    shown_findings = [row for row in result.stderr.splitlines() if row.endswith("(P001)")]
    assert len(shown_findings) == 200
    assert shown_findings[0].startswith(f"{shown(path)}:{position(text, 'X-000000')[0]}:")
    assert f"… and {count - 200:,} more findings (use --json to see them all)" in result.stderr
    assert f"{count} error(s)" in result.stderr

    payload = json.loads(cli("validate", path, "--json").stdout)
    assert payload["errors"] == count and len(payload["diagnostics"]) == count


# ---------------------------------------------------------------------------
# messages that said the wrong thing (#17)


def test_extends_a_folder_says_it_is_a_folder(cli, tmp_path):
    (tmp_path / "felles").mkdir()
    text = "extends: felles\n" + MINIMAL_PROFILE
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert_clean_failure(result)
    row, _ = finding(result, path, *position(text, "felles"), "P015")
    assert "which is a folder" in row and "does not exist" not in row


def test_extends_a_url_says_profiles_are_files(cli, tmp_path):
    text = "extends: https://example.com/felles.yaml\n" + MINIMAL_PROFILE
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert_clean_failure(result)
    row, hint = finding(result, path, *position(text, "https"), "P015")
    assert "extends must name a file next to the profile, not a URL" in row
    assert "https:/example.com" not in result.stderr and "does not exist" not in result.stderr
    assert "extends: felles.yaml" in hint


def test_a_bad_namespace_is_one_finding_not_two(cli, tmp_path):
    text = FJORD.replace("namespace: FJORD", "namespace: fjord-1") + AWARD + LOCAL.replace("DEFAULT", "5")
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert_clean_failure(result)
    row, hint = finding(result, path, *position(text, "fjord-1"), "S006")
    assert "'fjord-1' in namespace does not have the expected form" in row and "BERGEN" in hint
    assert "needs a namespace" not in result.stderr
    assert "1 error(s)" in result.stderr


def test_including_the_profiles_own_local_requirement_is_a_clear_warning(cli, tmp_path):
    text = FJORD + AWARD + LOCAL.replace("DEFAULT", "5") + "include: [FJORD-001]\n"
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert result.exit_code == 0, result.stderr
    row, hint = finding(result, path, *position(text, "FJORD-001", 2), "P029")
    assert ": warning FJORD-001 is a local requirement of the profile, and local requirements are always " \
           "included" in row
    assert "Remove it from 'include:'" in hint
    assert "unknown requirement" not in result.stderr


@pytest.mark.parametrize("damage", ["no-standards", "module-folder"])
def test_validate_and_build_agree_on_a_broken_library(cli, library_copy, tmp_path, damage):
    if damage == "no-standards":
        (library_copy / "standards.yaml").unlink()
    else:
        (library_copy / "modules" / "zz.yaml").mkdir()
    checked = cli("validate", library_copy)
    built = cli("build", "--library", library_copy, write(tmp_path, MINIMAL_PROFILE), "-o", tmp_path / "ut")
    assert_clean_failure(checked)
    assert_clean_failure(built)
    if damage == "no-standards":
        assert "is not a complete requirement library (no standards.yaml) (L000)" in checked.stderr
    else:
        assert "zz.yaml is a folder, not a regular file (Y009)" in checked.stderr
    assert not (tmp_path / "ut").exists()


@pytest.mark.parametrize("value, kind", [("!foo {a: 1}", "mapping"), ("!bar [1, 2]", "list"),
                                         ("!!set {a}", "mapping"), ("!baz\n  modules: [drift]", "mapping")])
def test_a_tag_on_a_mapping_or_list_is_refused_like_on_a_plain_value(cli, tmp_path, value, kind):
    text = MINIMAL_PROFILE.replace("select:\n  modules: [drift]", f"select: {value}")
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert_clean_failure(result)
    row, hint = finding(result, path, *position(text, value.split()[0]), "Y008")
    assert f"this {kind} is marked with {value.split()[0]}, which cannot be used here" in row
    assert "Remove the '!' mark" in hint


def test_plain_tags_on_mappings_and_lists_are_still_fine(tmp_path):
    doc = parse_yaml("a: !!map {b: 1}\nc: !!seq [1]\n", tmp_path / "x.yaml")
    assert doc.data == {"a": {"b": 1}, "c": [1]}


def test_load_errors_stay_input_errors(tmp_path):
    with pytest.raises(InputError) as caught:
        parse_yaml("a: .nan\nb: \x1b\n", tmp_path / "x.yaml")
    assert [d.code for d in caught.value.diagnostics] == ["Y007"]

