"""Filled priority workbooks coming back from the members, read as untrusted input.

Each file goes through the one door for workbooks from outside
(`answers.workbook.read_workbook`: bounded size, zip and XML rules, values
only, formula cells noted). Then, with every fingerprint recomputed from the
profile (`control.py`), each file must be: a priority workbook; made for a
member of this profile; made from this profile's candidate list; with every
candidate row present once, its ID, title and text unchanged; a priority from
the list in every row; no formula anywhere in the sheet. Every file is checked
and every finding reported before anything is merged: a member's workbook
given twice or a member without one is a finding too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...answers.workbook import MEMBER, AnsweredWorkbook, Sheet, read_workbook
from ...diagnostics import Diagnostic, InputError, display_path, error
from ...locale import texts
from ...locale.messages import _
from ...reading.load import ILLEGAL_CHARACTERS
from ...resolved import Member
from .control import (
    CONTROL_FORMAT,
    CONTROL_SHEET,
    candidate_fingerprint,
    list_fingerprint,
    member_fingerprint,
    row_fingerprint,
)
from .joint import Candidate, JointMembers
from .rules import LEVEL_CODES
from .sheet import COLUMNS, COMMENT_COLUMN, PRIORITY_COLUMN

MAX_COMMENT = 2_000
"""Characters of a member's comment kept for the report; a comment is a reason, not an essay."""
SUPPLIER_FORMAT = "anskaffelse-svarskjema/1"
_TITLE, _TEXT = COLUMNS.index("title") + 1, COLUMNS.index("text") + 1
_LETTERS = "ABCDEFG"

CandidatesFor = Callable[[str], tuple[Candidate, ...]]
"""The candidate list in a language, as the profile gives it now."""


@dataclass(frozen=True)
class MemberAnswer:
    level: int
    comment: str
    row: int


@dataclass(frozen=True)
class MemberWorkbook:
    path: Path
    member: Member
    answers: dict[str, MemberAnswer]
    """By requirement ID; one for every candidate."""


class MemberWorkbookError(InputError):
    """The findings for one workbook; `member` is set once the workbook has shown whose it is."""

    def __init__(self, diagnostics: Sequence[Diagnostic], member: Member | None = None) -> None:
        super().__init__(diagnostics)
        self.member = member


def read_member_workbooks(paths: Sequence[Path], joint: JointMembers,
                          candidates_for: CandidatesFor) -> list[MemberWorkbook]:
    """Every workbook, checked; `InputError` with the findings of every file when any is wrong."""
    found: list[Diagnostic] = []
    books: list[MemberWorkbook] = []
    seen: dict[str, Path] = {}
    for path in paths:
        book: MemberWorkbook | None = None
        member: Member | None = None
        try:
            book = read_member_workbook(path, joint, candidates_for)
            member = book.member
        except MemberWorkbookError as wrong:
            found += wrong.diagnostics
            member = wrong.member
        except InputError as wrong:
            found += wrong.diagnostics
        if member is None:
            continue
        first = seen.setdefault(member.id, path)
        if first != path:
            shown = display_path(path)
            found.append(error("M004", _("{file} is the workbook of {name} ('{member}') again; {first} is one "
                                         "already").format(file=shown, name=member.name, member=member.id,
                                                           first=display_path(first)),
                               _("Give each member's workbook once; if the member sent a corrected one, leave out "
                                 "the older."), file=shown))
        elif book is not None:
            books.append(book)
    for missing in (m for m in joint.members if m.id not in seen):
        found.append(error("M005", _("no workbook from {name} ('{member}'), a member of the joint tender").format(
            name=missing.name, member=missing.id), _("Give the member's filled workbook too (if it is among those "
                                                     "above that cannot be read, ask for it again): every member's "
                                                     "priorities count."), **joint.where[missing.id]))
    if found:
        raise InputError(found)
    order = {m.id: i for i, m in enumerate(joint.members)}
    return sorted(books, key=lambda b: order[b.member.id])


def read_member_workbook(path: Path, joint: JointMembers, candidates_for: CandidatesFor) -> MemberWorkbook:
    """One member's workbook; `InputError` with every finding for it."""
    book = read_workbook(path, source=MEMBER)
    shown = display_path(path)
    member = _member(book, joint, candidates_for, shown)
    words = texts(member.language)["prioritize"]
    sheet = book.sheet(words["sheet"])
    if sheet is None:
        raise MemberWorkbookError([error("M001", _("{file} has no sheet '{sheet}' with the requirements").format(
            file=shown, sheet=words["sheet"]), _("Ask the member for the workbook that came with the round, filled "
                                                 "in."), file=shown)], member)
    candidates = candidates_for(member.language)
    found = _formulas(sheet, shown)
    formula_rows = {f.row for f in sheet.formulas if f.column in (PRIORITY_COLUMN, COMMENT_COLUMN)}
    rows, row_findings = _rows_by_id(sheet, candidates, shown)
    found += row_findings
    answers: dict[str, MemberAnswer] = {}
    blank: list[int] = []
    for candidate in candidates:
        row = rows.get(candidate.id)
        if row is None:
            continue
        found += _locked_cells(sheet, candidate, row, shown)
        if row in formula_rows:
            continue  # reported as a formula; its saved value is no answer
        level = _level(sheet.value(row, PRIORITY_COLUMN))
        if level is None and _empty(sheet.value(row, PRIORITY_COLUMN)):
            blank.append(row)
        elif level is None:
            found.append(_wrong_priority(sheet, row, member.language, shown))
        else:
            answers[candidate.id] = MemberAnswer(level, _comment(sheet.value(row, COMMENT_COLUMN)), row)
    if blank:
        found.append(_blanks(sheet, blank, member.language, shown))
    if found:
        raise MemberWorkbookError(found, member)
    return MemberWorkbook(path, member, answers)


def _member(book: AnsweredWorkbook, joint: JointMembers, candidates_for: CandidatesFor, shown: str) -> Member:
    """The member the control sheet names, once the control sheet matches the profile."""
    control = book.sheet(CONTROL_SHEET)
    marker = control.value(1, 2) if control is not None else None
    if control is None or marker != CONTROL_FORMAT:
        what = (_("{file} is a supplier's answer sheet, not a member's priority workbook") if marker == SUPPLIER_FORMAT
                else _("{file} has no control sheet, so it is not a priority workbook made by 'anskaffelse "
                       "prioritize export'"))
        raise InputError([error("M001", what.format(file=shown), _("Give the workbooks the members filled in, made "
                                                                   "with 'anskaffelse prioritize export' from this "
                                                                   "profile."), file=shown)])
    member_id, listed, signed = control.value(3, 2), control.value(2, 2), control.value(3, 3)
    member = joint.member(member_id) if isinstance(member_id, str) else None
    if member is None:
        raise InputError([_not_a_member(shown, member_id, joint)])
    if not isinstance(listed, str) or signed != member_fingerprint(listed, member.id):
        raise InputError([error("M011", _("the control sheet of {file} was changed").format(file=shown),
                                _("Ask the member for the workbook as it was sent out, filled in."), file=shown)])
    if listed != list_fingerprint(candidates_for(member.language)):
        raise InputError([error("M002", _("{file} was made for another list of requirements than this profile "
                                          "selects (another profile, or this one before its requirements "
                                          "changed)").format(file=shown),
                                _("Merge with the profile the workbooks were made from, or export the workbooks "
                                  "again and ask the members to fill in the new ones."), file=shown)])
    return member


def _not_a_member(shown: str, member_id: Any, joint: JointMembers) -> Diagnostic:
    """M003: the control sheet names no member of this profile."""
    if member_id:
        message = _("{file} was made for '{member}', which is not a member of this joint tender (members: "
                    "{members})")
    else:
        message = _("{file} was made for no member, which is not a member of this joint tender (members: {members})")
    return error("M003", message.format(file=shown, member=str(member_id)[:60],
                                        members=", ".join(m.id for m in joint.members)),
                 _("It belongs to another profile's round: give the workbooks exported from this profile."), file=shown)


def _rows_by_id(sheet: Sheet, candidates: tuple[Candidate, ...],
                shown: str) -> tuple[dict[str, int], list[Diagnostic]]:
    """The row of each candidate; findings for edited, repeated and missing IDs."""
    wanted = {c.id for c in candidates}
    rows: dict[str, int] = {}
    found: list[Diagnostic] = []
    for n in range(2, len(sheet.rows) + 1):
        value = sheet.value(n, 1)
        if _empty(value):
            continue
        req_id = str(value).strip()
        if req_id not in wanted:
            found.append(_at("M006", sheet, n, 1, shown, _("{cell} holds '{value}', which is not one of the "
                                                           "requirements of the round (an edited ID?)"),
                             _("IDs are locked: give the workbook with its rows as they were sent out."),
                             value=req_id[:60]))
        elif req_id in rows:
            found.append(_at("M006", sheet, n, 1, shown, _("{cell} holds {id} a second time (row {first} is the "
                                                           "first)"),
                             _("Delete the copied row, keeping the one with the member's priority."),
                             id=req_id, first=rows[req_id]))
        else:
            rows[req_id] = n
    missing = [c.id for c in candidates if c.id not in rows]
    if missing:
        found.append(error("M006", _("the sheet '{sheet}' has no row for {ids}").format(
            sheet=sheet.name, ids=_some_of(missing, 5)),
            _("Rows may not be deleted; ask the member for the workbook with every row."), file=shown))
    return rows, found


def _some_of(items: Sequence[str], shown: int) -> str:
    """'A, B, C' or, for more than `shown` items, 'A, B, C and 4 more'."""
    listed = ", ".join(items[:shown])
    if len(items) <= shown:
        return listed
    return _("{listed} and {count} more").format(listed=listed, count=len(items) - shown)


def _locked_cells(sheet: Sheet, candidate: Candidate, row: int, shown: str) -> list[Diagnostic]:
    title, text = sheet.value(row, _TITLE), sheet.value(row, _TEXT)
    if row_fingerprint(candidate.id, str(title or ""), str(text or "")) == candidate_fingerprint(candidate):
        return []
    column = _TITLE if title != candidate.title else _TEXT
    message = (_("{cell} differs from the title of {id} as the round sent it out") if column == _TITLE
               else _("{cell} differs from the text of {id} as the round sent it out"))
    return [_at("M007", sheet, row, column, shown, message,
                _("Titles and texts are locked: the priority must answer the requirement as written. Ask the "
                  "member to mark it in an unchanged copy."), id=candidate.id)]


def _formulas(sheet: Sheet, shown: str) -> list[Diagnostic]:
    return [_at("M010", sheet, f.row, f.column, shown, _("{cell} holds a formula, which the merge never evaluates"),
                _("Type the priority or comment as plain text in the cell."))
            for f in sheet.formulas]


_LABELS: dict[str, int] = {}


def _level(value: Any) -> int | None:
    """The level of a priority as written, in any language's spelling, whatever its case and spacing."""
    if not _LABELS:
        for lang in ("nb", "nn", "en"):
            labels = texts(lang)["prioritize"]["levels"]
            for level, code in LEVEL_CODES.items():
                _LABELS[_key(labels[code])] = level
                _LABELS[_key(code)] = level
    return _LABELS.get(_key(value)) if isinstance(value, str) else None


def _key(text: str) -> str:
    return " ".join(text.replace("-", " ").split()).casefold()


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _wrong_priority(sheet: Sheet, row: int, lang: str, shown: str) -> Diagnostic:
    from .sheet import level_labels

    value = str(sheet.value(row, PRIORITY_COLUMN))[:40]
    return _at("M008", sheet, row, PRIORITY_COLUMN, shown, _("{cell} holds '{value}', which is not a priority"),
               _("Choose one of {levels} from the list in the cell.").format(levels=", ".join(level_labels(lang))),
               value=value)


def _blanks(sheet: Sheet, rows: list[int], lang: str, shown: str) -> Diagnostic:
    from .sheet import level_labels

    letter = _LETTERS[PRIORITY_COLUMN - 1]
    cells = _some_of([f"{letter}{n}" for n in rows], 8)
    return error("M009", _("{count} requirement(s) have no priority in '{sheet}' ({cells})").format(
        count=len(rows), sheet=sheet.name, cells=cells),
        _("Every row needs a priority: {levels}.").format(levels=", ".join(level_labels(lang))), file=shown,
        line=rows[0], column=PRIORITY_COLUMN)


def _comment(value: Any) -> str:
    if _empty(value):
        return ""
    text = ILLEGAL_CHARACTERS.sub("", str(value)).strip()
    return text if len(text) <= MAX_COMMENT else text[: MAX_COMMENT - 1] + "…"


def _at(code: str, sheet: Sheet, row: int, column: int, shown: str, message: str, hint: str,
        **values: object) -> Diagnostic:
    """A finding at one cell, named in `message` as `{cell}` the way a spreadsheet names it: Prioritering!F12."""
    from openpyxl.utils import get_column_letter

    cell = f"{sheet.name}!{get_column_letter(column)}{row}"
    return error(code, message.format(cell=cell, **values), hint, file=shown, line=row, column=column)
