"""Property-based checks of what a supplier types into the answer workbook, through the answer check and
the evaluation.

The built example's answer workbook is filled in full (`answer_workbooks.fill`), then a few cells get
generated values with openpyxl, as a script or a spreadsheet program would put them: answers
(Svarskjema H/I/J), the supplier's name and the unit prices of the price form hold texts of any Unicode
(with the control characters openpyxl accepts), texts up to Excel's 32,767 characters, huge and negative
numbers, booleans, dates and times, formulas, answers outside the dropdown list, decimal commas, blanks
and whitespace; locked cells (ID, requirement text, price form names and quantities) are edited, and rows
are deleted, duplicated or inserted. Whatever was typed:

- `anskaffelse answers check SPEC WORKBOOK --json` exits 0 or 1, prints valid JSON whose findings each
  name the file (and a sheet with a cell where they point into one), never an internal error, and prints
  byte for byte the same when run twice;
- `anskaffelse evaluate SPEC WORKBOOK -o OUT` writes a complete workbook that openpyxl opens, or exits 1
  with findings and writes nothing.

NaN and infinities are left out: openpyxl cannot store them. The XML-level reading of the door is
fuzzed in `test_workbook_reading_properties.py`.

The default run is short. `ANSKAFFELSE_FUZZ_EXAMPLES=800 ANSKAFFELSE_FUZZ_RANDOM=1 python -m pytest
tests/test_answers_properties.py` runs a long one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from anskaffelse.export.json_read import read_specification

from .answer_workbooks import ANSWER, DESCRIPTION, REFERENCE, UNIT_PRICE, fill
from .conftest import Cli, words
from .fuzz import fuzz

# Shrinking costs a check and an evaluation per step; the failing example is printed as it was found.
FUZZ = fuzz(20, shrink=False)

EXCEL_CELL_LIMIT = 32_767
ID, REQUIREMENT_TEXT = 1, 4

# ---------------------------------------------------------------- what a supplier types


def _storable(text: str) -> str:
    """`text` less the control characters openpyxl refuses to store (it keeps tab, line feed and CR)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


TEXTS = st.text(st.characters(codec="utf-8"), max_size=60).map(_storable)
ODD_TEXTS = st.sampled_from([
    "", " ", "   ", "\t", "\n", "\r\n", " Ja ", "ja", "JA", "Ja\n", "Nei", "nei", "Delvis", "Kanskje", "Yes", "N/A",
    "-", "1,5", "1 000", "1\u00a0000", "kr 1 000,-", "10 %", "1.000,50", "1e999", "-0", "0x1F", "+5", "١٢",
    "\u202eaJ", "\u200bJa", "Ja\u00ad", "\ufeffJa", "\x7f", "\x85", "\x9b2J", "🏥", "Ø" * 300, "'=1+1", "@SUM(A1)",
    "{supplier}", "%s", "\\", "null", "True",
])
FORMULAS = st.sampled_from([
    "=1/0", "=A1", "=H2", "=Svarskjema!H3", '=HYPERLINK("http://example.com","Ja")', '=IF(1=1,"Ja","Nei")',
    "=SUM(E2:E9)", "=NA()", '=WEBSERVICE("http://example.com")', "=1E+308*10", "=", "==", "=#REF!",
])


@dataclass(frozen=True)
class Long:
    """A text of `size` characters made of `unit` repeated, written out only in the cell (short in a report)."""

    unit: str
    size: int

    def text(self) -> str:
        return (self.unit * self.size)[:self.size]


LONG_TEXTS = st.builds(Long, st.sampled_from(["a", "Ø", "🏥", "ab \n", " "]),
                       st.sampled_from([1_000, 10_000, EXCEL_CELL_LIMIT - 1, EXCEL_CELL_LIMIT, EXCEL_CELL_LIMIT + 1]))


NUMBERS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([0, -1, 1, 2**53 + 1, 2**63, -(2**63), 10**15, 10**308]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0.1, -0.0, 5e-324, 1.7976931348623157e308, 1e-7]),
)
DATES = st.one_of(
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)),
    st.times(),
    st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=3000)),
)


def values(options: list[str]) -> st.SearchStrategy[Any]:
    """Anything a supplier or a script can put in a cell; `options` are the example's dropdown answers."""
    return st.one_of(st.none(), TEXTS, ODD_TEXTS, LONG_TEXTS, NUMBERS, st.booleans(), DATES, FORMULAS,
                     st.sampled_from(options))


# ---------------------------------------------------------------- the edits


@st.composite
def edits(draw: st.DrawFn, options: list[str]) -> list[tuple[Any, ...]]:
    """One to six changes to a filled workbook: ("cell", sheet, row, column, value), ("name", value),
    ("delete" | "duplicate" | "insert", sheet, row). Rows are fractions of the sheet, made exact later."""
    found: list[tuple[Any, ...]] = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["answer", "answer", "answer", "locked", "name", "price", "price", "rows"]))
        where = draw(st.floats(0, 1, exclude_max=True))
        if kind == "answer":
            found.append(("cell", "answers", where, draw(st.sampled_from([ANSWER, DESCRIPTION, REFERENCE])),
                          draw(values(options))))
        elif kind == "locked":
            found.append(("cell", "answers", where, draw(st.sampled_from([ID, REQUIREMENT_TEXT, 2, 5, 6, 7])),
                          draw(values(options))))
        elif kind == "name":
            found.append(("name", draw(values(options))))
        elif kind == "price":
            found.append(("cell", "prices", where, draw(st.sampled_from([UNIT_PRICE] * 3 + [1, 2, 4, 6, 7])),
                          draw(values(options))))
        else:
            found.append((draw(st.sampled_from(["delete", "duplicate", "insert"])),
                          draw(st.sampled_from(["answers", "answers", "prices"])), where))
    return found


def apply(book: Any, changes: list[tuple[Any, ...]]) -> None:
    w = words("nb")
    sheets = {"answers": book[w["workbook"]["answers_sheet"]], "prices": book[w["workbook_price"]["sheet"]]}
    for change in changes:
        if change[0] == "name":
            _set(_name_cell(book[w["workbook"]["instructions_sheet"]], w), change[1])
            continue
        sheet = sheets[change[1]]
        row = 2 + int(change[2] * max(sheet.max_row - 1, 1))
        if change[0] == "cell":
            _set(sheet.cell(row, change[3]), change[4])
        elif change[0] == "delete":
            sheet.delete_rows(row)
        elif change[0] == "insert":
            sheet.insert_rows(row)
        else:
            copied = [c.value for c in sheet[row]]
            sheet.insert_rows(row + 1)
            for column, value in enumerate(copied, start=1):
                sheet.cell(row + 1, column).value = value


def _name_cell(instructions: Any, w: dict[str, Any]) -> Any:
    row = next(r[0].row for r in instructions.iter_rows() if r[0].value == w["workbook"]["supplier"])
    return instructions.cell(row, 2)


def _set(cell: Any, value: Any) -> None:
    cell.value = value.text() if isinstance(value, Long) else value


# ---------------------------------------------------------------- the property


@pytest.fixture(scope="module")
def tender(example_build: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    """The example's JSON specification, its workbook answered in full, and the dropdown answers."""
    spec_json = example_build / "eksempel-kommune-spesifikasjon.json"
    spec = read_specification(spec_json)
    filled = fill(example_build / "eksempel-kommune-svarskjema.xlsx",
                  tmp_path_factory.mktemp("answers") / "utfylt.xlsx", spec)
    answer = words("nb")["answer"]
    options = sorted({answer["yes"], answer["no"], answer.get("partly", "Delvis"),
                      *(o for r in spec.requirements() for o in (r.options or ()))})
    return spec_json, filled, options


def short(text: str) -> str:
    return text if len(text) < 3000 else text[:3000] + f"… ({len(text):,} characters)"


CELL = re.compile(r"[A-Z]{1,3}[1-9][0-9]*")


def assert_findings_have_places(report: dict[str, Any], workbook: Path) -> None:
    assert isinstance(report["workbooks"], list) and len(report["workbooks"]) == 1
    for finding in report["workbooks"][0]["findings"]:
        assert finding["severity"] in ("error", "warning", "info"), finding
        assert re.fullmatch(r"[A-Z][0-9]{3}", finding["code"]), finding
        assert finding["message"].strip(), finding
        assert Path(finding["file"]).name == workbook.name, finding
        if finding.get("cell"):  # a row that is missing has a sheet but no cell
            assert finding.get("sheet") and CELL.fullmatch(finding["cell"]), finding


def check_twice(cli: Cli, spec_json: Path, workbook: Path) -> dict[str, Any]:
    first = cli("answers", "check", spec_json, workbook, "--json")
    second = cli("answers", "check", spec_json, workbook, "--json")
    for result in (first, second):
        assert result.exit_code in (0, 1), short(result.output)
        assert "internal error" not in result.output and "Traceback" not in result.output, short(result.output)
    assert first.stdout == second.stdout
    report = json.loads(first.stdout)
    assert "internal_error" not in report
    assert_findings_have_places(report, workbook)
    assert report["ok"] is (first.exit_code == 0)
    event(f"check exits {first.exit_code}")
    return report


def evaluate_once(cli: Cli, spec_json: Path, workbook: Path, folder: Path) -> None:
    out = folder / "evaluering.xlsx"
    result = cli("evaluate", spec_json, workbook, "-o", out)
    assert "internal error" not in result.output and "Traceback" not in result.output, short(result.output)
    assert result.exit_code in (0, 1), short(result.output)
    event(f"evaluate exits {result.exit_code}")
    if result.exit_code == 0:
        book = load_workbook(out)
        assert len(book.sheetnames) >= 3
    else:
        assert not out.exists(), short(result.output)
        assert result.output.strip()
        assert sorted(p.name for p in folder.iterdir()) == [workbook.name]


@FUZZ
@given(data=st.data())
def test_what_a_supplier_types_is_checked_and_evaluated_or_refused_with_findings(
        data: st.DataObject, tender: tuple[Path, Path, list[str]]) -> None:
    spec_json, filled, options = tender
    changes = data.draw(edits(options), label="edits")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        book = load_workbook(filled)
        apply(book, changes)
        workbook = folder / "Leverandør.xlsx"
        book.save(workbook)
        before = workbook.read_bytes()
        cli = Cli()
        check_twice(cli, spec_json, workbook)
        evaluate_once(cli, spec_json, workbook, folder)
        assert workbook.read_bytes() == before
