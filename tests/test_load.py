"""Unit tests for reading YAML with positions, and for the small profile checks.

Expected lines and columns are computed from the YAML text in each test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anskaffelse.diagnostics import InputError, display_path
from anskaffelse.profile import org_number_is_valid, version_in_range
from anskaffelse.reading.load import Document, load_yaml, parse_yaml, read_text

DOC = """\
tender:
  title: Testanskaffelse
  buyers:
    - name: Testvik kommune
      org_number: "940000130"
    - name: Nabovik kommune
      org_number: "974760673"
  date: 2027-01-05
  deadline: 2027-02-01 12:00
select:
  modules: [drift, legemidler]
tailor:
  EPJ-DR-001:
    weight: 5
    parameters:
      oppetid: 99.5
    informasjon: true
"""


def position(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based (line, column) of the `occurrence`-th appearance of `needle` in `text`."""
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return line, column


def where(doc: Document, *path: str | int) -> tuple[int, int]:
    found = doc.where(path)
    assert found["file"] == doc.name
    return found["line"], found["column"]


@pytest.fixture
def doc(tmp_path: Path) -> Document:
    return parse_yaml(DOC, tmp_path / "profil.yaml")


def errors_of(text: str, tmp_path: Path) -> list:
    with pytest.raises(InputError) as caught:
        parse_yaml(text, tmp_path / "x.yaml")
    return list(caught.value.diagnostics)


# ---------------------------------------------------------------------------
# positions


def test_where_gives_position_of_nested_scalar(doc: Document) -> None:
    assert where(doc, "tender", "title") == position(DOC, "Testanskaffelse")
    line, column = position(DOC, "weight: 5")
    assert where(doc, "tailor", "EPJ-DR-001", "weight") == (line, column + len("weight: "))
    assert where(doc, "tailor", "EPJ-DR-001", "parameters", "oppetid") == position(DOC, "99.5")


def test_where_gives_position_of_key_inside_list_item(doc: Document) -> None:
    assert where(doc, "tender", "buyers", 0, "org_number") == position(DOC, '"940000130"')
    assert where(doc, "tender", "buyers", 1, "org_number") == position(DOC, '"974760673"')
    assert where(doc, "tender", "buyers", 1, "name") == position(DOC, "Nabovik")


def test_where_gives_line_of_each_list_item(doc: Document) -> None:
    assert where(doc, "tender", "buyers", 0)[0] == position(DOC, "Testvik")[0]
    assert where(doc, "tender", "buyers", 1)[0] == position(DOC, "Nabovik")[0]


def test_where_gives_position_of_items_in_flow_list(doc: Document) -> None:
    assert where(doc, "select", "modules", 0) == position(DOC, "drift")
    assert where(doc, "select", "modules", 1) == position(DOC, "legemidler")


def test_where_falls_back_to_nearest_ancestor(doc: Document) -> None:
    assert where(doc, "tender", "buyers", 1, "finnes_ikke") == where(doc, "tender", "buyers", 1)
    assert where(doc, "tailor", "EPJ-XX-999", "weight") == where(doc, "tailor")


def test_where_of_root_is_start_of_file(doc: Document) -> None:
    assert where(doc) == (1, 1)


def test_document_name_is_the_file(tmp_path: Path, doc: Document) -> None:
    assert doc.path == tmp_path / "profil.yaml"
    assert doc.where(("tender",))["file"].endswith("profil.yaml")


def test_load_yaml_reads_file_and_keeps_positions(tmp_path: Path) -> None:
    path = tmp_path / "profil.yaml"
    path.write_text(DOC, encoding="utf-8")

    loaded = load_yaml(path)

    assert loaded.data["tender"]["buyers"][1]["name"] == "Nabovik kommune"
    assert where(loaded, "select", "modules", 1) == position(DOC, "legemidler")


# ---------------------------------------------------------------------------
# values


def test_dates_are_kept_as_the_text_written(doc: Document) -> None:
    assert doc.data["tender"]["date"] == "2027-01-05"
    assert doc.data["tender"]["deadline"] == "2027-02-01 12:00"
    assert isinstance(doc.data["tender"]["date"], str)


def test_numbers_and_booleans_keep_their_types(doc: Document) -> None:
    tailored = doc.data["tailor"]["EPJ-DR-001"]
    assert tailored["weight"] == 5 and type(tailored["weight"]) is int
    assert tailored["parameters"]["oppetid"] == 99.5 and type(tailored["parameters"]["oppetid"]) is float
    assert tailored["informasjon"] is True


def test_quoted_numbers_stay_text(doc: Document) -> None:
    assert doc.data["tender"]["buyers"][0]["org_number"] == "940000130"


def test_empty_text_gives_no_data(tmp_path: Path) -> None:
    assert parse_yaml("", tmp_path / "tom.yaml").data is None
    assert parse_yaml("# bare en kommentar\n", tmp_path / "tom.yaml").data is None


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufefftitle: Bærum\n".encode())

    assert load_yaml(path).data == {"title": "Bærum"}


# ---------------------------------------------------------------------------
# errors


def test_duplicate_key_is_reported_at_second_occurrence(tmp_path: Path) -> None:
    text = "tender:\n  title: En\n  reference: x\n  title: To\n"

    errors = errors_of(text, tmp_path)

    assert [d.code for d in errors] == ["Y003"]
    assert "title" in errors[0].message
    assert (errors[0].line, errors[0].column) == position(text, "title", 2)
    assert errors[0].file.endswith("x.yaml")


def test_duplicate_key_inside_list_item(tmp_path: Path) -> None:
    text = "buyers:\n  - name: A\n    org_number: '940000130'\n    name: B\n"

    errors = errors_of(text, tmp_path)

    assert [(d.code, d.line, d.column) for d in errors] == [("Y003", *position(text, "name", 2))]


def test_syntax_error_has_position(tmp_path: Path) -> None:
    text = "tender:\n  title: Test\n   reference: x\n"

    errors = errors_of(text, tmp_path)

    assert [d.code for d in errors] == ["Y001"]
    assert errors[0].line == position(text, "reference")[0]
    assert "YAML syntax error" in errors[0].message


def test_mapping_alias_is_refused(tmp_path: Path) -> None:
    text = "base: &felles {title: Test}\nother: *felles\n"

    errors = errors_of(text, tmp_path)

    assert {d.code for d in errors} == {"Y002"}
    assert errors[0].line in (position(text, "&felles")[0], position(text, "*felles")[0])


def test_sequence_alias_is_refused(tmp_path: Path) -> None:
    text = "a: &liste [drift, legemidler]\nb: *liste\n"

    assert {d.code for d in errors_of(text, tmp_path)} == {"Y002"}


def test_scalar_alias_is_refused(tmp_path: Path) -> None:
    """The module promises that aliases are refused, not only those of lists and mappings."""
    text = "title: &navn Testvik kommune\nbuyer: *navn\n"

    errors = errors_of(text, tmp_path)

    assert [d.code for d in errors] == ["Y002"]
    assert errors[0].line in (1, 2)


def test_merge_key_is_refused(tmp_path: Path) -> None:
    text = "base: &b {weight: 5}\ntailor:\n  <<: *b\n  obligation: evaluert\n"

    errors = errors_of(text, tmp_path)

    assert "Y002" in {d.code for d in errors}
    assert any("merge" in d.message for d in errors)


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, name in zip("abcdefghi", "bcdefghij", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    text = "\n".join(lines) + "\n"

    errors = errors_of(text, tmp_path)

    # One finding: conversion stops at the first alias instead of expanding 9**9 nodes.
    assert [d.code for d in errors] == ["Y002"]
    assert all(1 <= d.line <= len(lines) for d in errors)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_yaml(tmp_path / "finnes-ikke.yaml")

    (finding,) = caught.value.diagnostics
    assert finding.code == "Y004"
    assert "finnes-ikke.yaml" in finding.message


def test_file_over_the_limit_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "stor.yaml"
    path.write_text("a: 1\n" * 1000, encoding="utf-8")

    def no_reading(self: Path) -> bytes:
        raise AssertionError(f"read {self} although it is over the limit")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    with pytest.raises(InputError) as caught:
        read_text(path, limit=1000)

    (finding,) = caught.value.diagnostics
    assert finding.code == "Y005"
    assert "limit" in finding.message


def test_file_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "akkurat.yaml"
    path.write_text("a: 1\n" * 200, encoding="utf-8")

    assert read_text(path, limit=1000) == "a: 1\n" * 200


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("tender:\n  title: Test\n  reference: Bærum\n".encode("latin-1"))

    with pytest.raises(InputError) as caught:
        load_yaml(path)

    (finding,) = caught.value.diagnostics
    assert (finding.code, finding.line) == ("Y006", 3)
    assert "UTF-8" in finding.message


# ---------------------------------------------------------------------------
# organisation numbers and version ranges


@pytest.mark.parametrize("number", ["974760673", "940000130", "960000080", "950000090", "970000070"])
def test_valid_organisation_numbers(number: str) -> None:
    assert org_number_is_valid(number) is True


@pytest.mark.parametrize(
    "number",
    [
        "974760674",  # wrong check digit
        "940000131",  # wrong check digit
        "12345678",  # eight digits
        "9747606730",  # ten digits
        "abcdefghi",  # not digits
        "97476067a",
        " 97476067",
        "",
        "000000060",  # the check digit would be 10: no valid number has these first eight digits
    ],
)
def test_invalid_organisation_numbers(number: str) -> None:
    assert org_number_is_valid(number) is False


@pytest.mark.parametrize(
    ("version", "spec", "expected"),
    [
        ("1.0.0", ">=1.0, <2", True),
        ("1.9.9", ">=1.0, <2", True),
        ("2.0.0", ">=1.0, <2", False),
        ("0.9.0", ">=1.0, <2", False),
        ("1.0.0", ">=2", False),
        ("1.0.0", ">= 1.0 , < 2", True),
        ("1.2.0", "1.2", True),
        ("1.2.3", "==1.2", False),
        ("1.2.3", "!=1.2.3", False),
        ("1.5.0", ">1.4.9, <=1.5", True),
        ("1.5.1", ">1.4.9, <=1.5", False),
    ],
)
def test_version_in_range(version: str, spec: str, expected: bool) -> None:
    assert version_in_range(version, spec) is expected


@pytest.mark.parametrize(("version", "spec"), [("1.0.0", ">=abc"), ("1.0.0", ""), ("1.0.0", "~=1.0"),
                                               ("1.0.0", ">=1.0, <"), ("1.0.0-beta", ">=1.0")])
def test_malformed_version_range_gives_none(version: str, spec: str) -> None:
    assert version_in_range(version, spec) is None


# ---------------------------------------------------------------------------
# YAML mistakes, named for what to fix (end to end, as `validate` prints them)

from .conftest import MINIMAL_PROFILE as _P  # noqa: E402
from .fuzz import fuzz  # noqa: E402


def _finding(result, code: str) -> tuple[str, str]:
    lines = result.stderr.splitlines()
    index = next(i for i, line in enumerate(lines) if f"({code})" in line)
    hint = lines[index + 1].strip() if index + 1 < len(lines) else ""
    return lines[index], hint


YAML_MISTAKES = {
    # name: (profile text, where the mistake is (needle, offset into it), code, message, hint).
    # An empty value is placed just after its key's colon.
    "tab-indentation": (_P.replace("  reference:", "\treference:"), ("\treference", 0), "Y001",
                        "YAML syntax error: a tab is used for indentation",
                        "hint: YAML does not allow tabs for indentation; use spaces."),
    "tab-in-a-list": (_P.replace("    - name: Testvik", "  \t- name: Testvik"), ("\t- name", 0), "Y001",
                      "a tab is used for indentation", "hint: YAML does not allow tabs for indentation; use spaces."),
    "no-space-after-colon": (_P.replace("  title: Testanskaffelse", "  title:Testanskaffelse"),
                             ("title:Testanskaffelse", len("title:")), "Y001",
                             "YAML syntax error: no space after the colon in 'title:Testanskaffelse'",
                             "hint: YAML needs a space after the colon: title: Testanskaffelse"),
    "colon-in-value": (_P.replace("  title: Testanskaffelse", "  title: Anskaffelse: EPJ"),
                       ("Anskaffelse: EPJ", 0), "Y001",
                       "YAML syntax error: the value contains a colon followed by a space",
                       'hint: Put the value in quotes: title: "Anskaffelse: EPJ"'),
    "misaligned-key": (_P.replace("  reference:", "   reference:"), ("reference:", 0), "Y001",
                       "YAML syntax error: this line is not lined up with the lines around it",
                       "hint: It starts in column 4. Keys at the same level must start in the same column"),
    "unclosed-quote": (_P.replace("name: Pris", "name: 'Pris"), ("'Pris", 0), "Y001",
                       "while scanning a quoted scalar", "hint: A quote opened here is never closed"),
    "unquoted-org-number": (_P.replace('"940000130"', "940000130"), ("940000130", 0), "S005",
                            "tender/buyers/0/org_number must be of type string, not a number",
                            'hint: YAML reads 940000130 as a number; put it in quotes: org_number: "940000130"'),
    "org-number-with-spaces": (_P.replace('"940000130"', "940 000 130"), ("940 000 130", 0), "S006",
                               "'940 000 130' in tender/buyers/0/org_number does not have the expected form",
                               'hint: Write the nine digits without spaces, in quotes: org_number: "940000130".'),
    "unquoted-version": (_P.replace("  language: nb", "  language: nb\n  version: 1.10"), ("1.10", 0), "S005",
                         "tender/version must be of type string, not a number",
                         'hint: YAML reads 1.10 as a number; put it in quotes: version: "1.10"'),
    "decimal-comma-in-parameter": (_P + "tailor:\n  EPJ-DR-020:\n    parameters:\n      oppetid: 99,9\n",
                                   ("99,9", 0), "P005", "EPJ-DR-020: parameter 'oppetid' must be a number, not '99,9'",
                                   "hint: Use a decimal point: 99.9. Give a number from 99 to 100 (%)."),
    "decimal-comma-in-weight": (_P.replace("weight: 30", "weight: 29,5"), ("29,5", 0), "S005",
                                "award_criteria/1/weight must be of type number, not text",
                                "hint: Use a decimal point: 29.5."),
    "list-dash-without-space": (_P + "include:\n  -EPJ-DR-001\n", ("include:", 0), "S005",
                                "include must be of type array, not text",
                                "hint: Put a space after the dash, so that YAML reads a list: - EPJ-DR-001"),
    "tailor-field-dedented": (_P + "tailor:\n  EPJ-DR-001:\n  parameters:\n    oppetid: 99.9\n",
                              ("oppetid: 99.9", 0), "S002", "unknown field 'oppetid' in tailor/parameters",
                              "hint: 'parameters:' is itself a field name, written where a name of your own "
                              "belongs: indent 'parameters:' and the lines under it with more spaces"),
    "tailor-entry-empty": (_P + "tailor:\n  EPJ-DR-001:\n  parameters:\n    oppetid: 99.9\n",
                           ("EPJ-DR-001:", len("EPJ-DR-001:")), "S005", "tailor/EPJ-DR-001 must be of type object",
                           "hint: Nothing is written under this key. Write its fields on the lines below it, "
                           "indented with spaces"),
}


@pytest.mark.parametrize("name", list(YAML_MISTAKES))
def test_yaml_mistake_says_what_to_fix(name: str, cli, tmp_path: Path) -> None:
    text, (needle, offset), code, message, hint = YAML_MISTAKES[name]
    path = tmp_path / "profil.yaml"
    path.write_text(text, encoding="utf-8")

    result = cli("validate", path, env={"COLUMNS": "300"})

    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr
    line, shown_hint = _finding(result, code)
    row, column = position(text, needle)
    column += offset
    assert f"profil.yaml:{row}:{column}: error " in line, (line, row, column)
    assert message in line
    assert shown_hint.startswith(hint), shown_hint


def test_value_starting_with_at_sign_gets_quotes_hint(tmp_path: Path) -> None:
    text = "tender:\n  title: @kommune\n"

    errors = errors_of(text, tmp_path)

    assert [(d.line, d.column) for d in errors] == [position(text, "@kommune")]
    assert errors[0].message == "YAML syntax error: a value cannot start with '@'"
    assert errors[0].hint == "Put the value in quotes."


_FORBIDDEN_SAMPLE = [*(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"), "\x7f",
                     *(chr(c) for c in range(0x80, 0xA0)), "\u202a", "\u202e", "\u2066", "\u2069", "\ufffe", "\uffff"]
_PLACES = ["a: b§\n", "# note§\na: 1\n", "§a: 1\n", "a:\n  - x\n  - 'y§'\n", "a: |\n  line§\n",
           "a: [1,\n b§", "a: 1\nb: {c: d§\n", "a: \"x§\n", "a: 1\n\u2013: §\n", "a: x\u00e6\u00f8\u00e5§\n",
           "a: b\n  c: d\n§: e\n", "a: \"\\x01 §\"\n",
           # far beyond what the parser reads ahead: the syntax error comes first, then the character
           "a: [1,\nb: c\n" + "d: e\n" * 40_000 + "f: §\n"]


@pytest.mark.parametrize("char", _FORBIDDEN_SAMPLE, ids=[f"U+{ord(c):04X}" for c in _FORBIDDEN_SAMPLE])
def test_a_forbidden_character_is_reported_as_the_search_before_parsing_finds_it(char, tmp_path):
    """The file is searched before parsing only when the parser would let such a character through;
    wherever the character stands, even beside a syntax error, the finding is the search's."""
    from anskaffelse.reading.characters import forbidden_character
    from anskaffelse.reading.load import parse_yaml

    for place in _PLACES:
        text = place.replace("§", char)
        path = tmp_path / "f.yaml"
        with pytest.raises(InputError) as raised:
            parse_yaml(text, path)
        assert list(raised.value.diagnostics) == [forbidden_character(text, display_path(path))], repr(text)


_PLAIN_SCALARS = ["nb", "nn", "en", "text", "title", "tags", "true", "True", "TRUE", "false", "yes", "no", "on",
                  "null", "Null", "NULL", "~", "", "0", "-1", "+7", "1.5", "-.5", "1e3", "1E-3", ".inf", "-.Inf",
                  ".nan", "0o17", "0x1F", "0b101", "1_000", "12:30", "2027-02-15", "2027-02-15 12:00", "ja-nei",
                  "fullført", "tall med tekst 3", "t" * 41, "1" * 41, "n" * 200, "3.14159 og mer", "-", "+", ".",
                  "0.", "00"]


@pytest.mark.parametrize("value", _PLAIN_SCALARS)
def test_the_quick_resolver_gives_ruamels_tag_for_yaml_1_2_the_first_time_and_after(value):
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver

    from anskaffelse.reading.yaml_parser import resolve

    expected = str(VersionedResolver(version=(1, 2)).resolve(ScalarNode, value, (True, False)))
    assert [str(resolve(ScalarNode, value, (True, False))) for _ in range(3)] == [expected] * 3
    assert str(resolve(ScalarNode, value, (False, True))) == "tag:yaml.org,2002:str"  # quoted: always a text


_FRAGMENTS = ["a: ", "b", "\n", "  - ", "'", '"', "# ", "{", "}", "[", "]", ", ", ": ", "|\n  ", "æøå", "\u2013",
              "\\x01", "\\u202e", "nb: tekst", "- x\n", "\t", "\r\n", "&a ", "*a", "!!str ", "1.5", "\ufeff"]
_ODD = sorted({*_FORBIDDEN_SAMPLE, "\x85", "\u00a0", "\u2028", "\u00ff", "\u0100", "\U0001f3e5"})


@given(st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.sampled_from(_ODD), st.text(max_size=4)), max_size=30))
@fuzz(400)
def test_any_text_gets_the_search_s_finding_whenever_the_search_finds_one(parts):
    """Whether the file is searched before parsing or after the parser refuses it, a forbidden character
    gives the finding the search gives, and a file without one never gets that finding."""
    from anskaffelse.reading.characters import forbidden_character
    from anskaffelse.reading.load import parse_yaml

    text = "".join(parts)
    path = Path("egenskap.yaml")
    expected = forbidden_character(text, display_path(path))
    try:
        parse_yaml(text, path)
    except InputError as raised:
        found = list(raised.diagnostics)
    else:
        found = []
    if expected is not None:
        assert found == [expected], repr(text)
    else:
        assert not any(d.code == "Y007" and "the file contains" in d.message for d in found), repr(text)
