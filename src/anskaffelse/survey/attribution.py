"""Who answered: each workbook put to the respondent it came from, and the listed respondents who did not answer.

A workbook exported for one respondent of a list records whom it was made for
(`respondents.read_label`). The report then:

- flags a workbook whose facts contradict that record: another organisation
  number, or another name (S052, at the cell of the facts sheet); the workbook
  still counts for the respondent it was made for;
- keeps one workbook per respondent: the one saved last, by the time the
  workbook itself records (its core properties, which Excel and LibreOffice set
  on every save; the later file name breaks a tie), and names the others (S051);
- with the list: puts a blank workbook to the listed respondent whose
  organisation number its facts give; names a workbook made for, or filled in
  by, someone the list does not name (S053, S054: it still counts); and names
  every listed respondent without a workbook (S050, at its entry in the list).

Without a list only the records are used: two pre-filled workbooks of one
respondent are still caught, blank ones are each a respondent of their own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..diagnostics import Diagnostic, display_path, warning
from ..locale.messages import _
from ..suggest import joined
from .respondents import NAME_KEY, OPTION, Respondent
from .responses import Response
from .scales import Kind, facts, words


@dataclass(frozen=True)
class Roll:
    """Who answered, against the list when there is one."""

    invited: tuple[Respondent, ...] | None
    answered: tuple[tuple[Respondent, Response], ...] = ()
    """The listed respondents that answered, in the list's order, with the workbook that counts."""
    left_out: tuple[Response, ...] = ()
    """Workbooks of a respondent who sent a later one."""

    @property
    def missing(self) -> tuple[Respondent, ...]:
        done = {r.org_number for r, _ in self.answered}
        return tuple(r for r in self.invited or () if r.org_number not in done)

    def as_json(self, named: bool) -> dict[str, Any]:
        data: dict[str, Any] = {"left_out": [display_path(r.path) for r in self.left_out]}
        if self.invited is not None:
            data.update(invited=len(self.invited), answered=len(self.answered), missing=len(self.missing))
            if named:
                data["answered_by"] = [{"name": r.name, "org_number": r.org_number, "file": display_path(w.path)}
                                       for r, w in self.answered]
                data["not_answered"] = [{"name": r.name, "org_number": r.org_number} for r in self.missing]
        return data


def attribute(responses: Sequence[Response], invited: Sequence[Respondent] | None,
              kind: Kind) -> tuple[list[Response], Roll, list[Diagnostic]]:
    """The responses to report (one per respondent), who answered, and the findings on the way."""
    listed = {r.org_number: r for r in invited or ()}
    found: list[Diagnostic] = []
    keys: list[str | None] = []
    for response in responses:
        found += _contradictions(response, kind)
        keys.append(_key(response, listed, kind, found))
    kept, left_out = _latest(responses, keys, found, kind)
    answered = tuple((r, kept[r.org_number]) for r in invited or () if r.org_number in kept)
    roll = Roll(None if invited is None else tuple(invited), answered, tuple(left_out))
    for respondent in roll.missing:
        found.append(_missing(respondent))
    dropped = {id(r) for r in left_out}
    return [r for r in responses if id(r) not in dropped], roll, found


def _key(response: Response, listed: dict[str, Respondent], kind: Kind, found: list[Diagnostic]) -> str | None:
    """The organisation number a workbook counts for: its record, or with a list the number in its facts."""
    shown = display_path(response.path)
    if response.label is not None:
        if listed and response.label.org_number not in listed:
            found.append(warning("S053", _("the workbook was made for {name} ({number}), whom the list does not "
                                           "name; it is reported all the same").format(
                                               name=response.label.name, number=response.label.org_number),
                                 _("Give the list the workbooks were exported with ({option}).").format(
                                     option=OPTION[kind]), file=shown))
        return response.label.org_number
    if not listed:
        return None
    number = _digits(response.facts.get("org_number", ""))
    if number in listed:
        return number
    who = response.facts.get(NAME_KEY[kind]) or _("someone who gave no name")
    found.append(warning("S054", _("the workbook was filled in by {name}, who is not on the list; it is reported "
                                   "all the same").format(name=who),
                         _("Add the respondent to the list, or correct the organisation number in its facts "
                           "sheet."), file=shown))
    return None


def _latest(responses: Sequence[Response], keys: Sequence[str | None], found: list[Diagnostic],
            kind: Kind) -> tuple[dict[str, Response], list[Response]]:
    """The workbook kept for each respondent (the last saved), and those left out."""
    groups: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        if key is not None:
            groups.setdefault(key, []).append(index)
    kept: dict[str, Response] = {}
    left_out: list[Response] = []
    for key, indexes in groups.items():
        # Responses come in file-name order, so on equal saved times the later name wins.
        last = max(indexes, key=lambda i: (responses[i].saved or "", i))
        kept[key] = responses[last]
        for index in indexes:
            if index != last:
                left_out.append(responses[index])
                found.append(_twice(responses[index], responses[last], kind))
    return kept, left_out


def _twice(dropped: Response, kept: Response, kind: Kind) -> Diagnostic:
    shown = display_path(dropped.path)
    name = kept.label.name if kept.label else kept.facts.get(NAME_KEY[kind], "")
    return warning("S051", _("{name} answered in more than one workbook: {kept} (saved {kept_saved}) is used, "
                             "{file} (saved {saved}) is left out").format(
                                 name=name, kept=display_path(kept.path), kept_saved=kept.saved or "?",
                                 file=shown, saved=dropped.saved or "?"),
                   _("The workbook saved last counts. If the other one holds the answers that count, ask the "
                     "respondent to send it again, saved anew."), file=shown)


def _contradictions(response: Response, kind: Kind) -> list[Diagnostic]:
    label = response.label
    if label is None:
        return []
    shown = display_path(response.path)
    sheet = words(kind, response.language)["facts_sheet"]
    names = facts(kind)
    found = []
    number = _digits(response.facts.get("org_number", ""))
    if number and number != label.org_number:
        found.append(warning("S052", _("the workbook was made for {name} ({number}), but its facts give the "
                                       "organisation number {given}").format(
                                           name=label.name, number=label.org_number, given=number),
                             _hint(), file=shown, sheet=sheet, line=names.index("org_number") + 2, column=2))
    given = response.facts.get(NAME_KEY[kind], "")
    if given and _plain_name(given) != _plain_name(label.name):
        found.append(warning("S052", _("the workbook was made for {name}, but its facts name {given}").format(
                                 name=label.name, given=given),
                             _hint(), file=shown, sheet=sheet, line=names.index(NAME_KEY[kind]) + 2, column=2))
    return found


def _hint() -> str:
    return _("The answers count for the respondent the workbook was made for. If it was passed on to "
             "another, ask that one for its own workbook; if the list is wrong, correct the list.")


def _missing(respondent: Respondent) -> Diagnostic:
    contact = _("Contact: {contact}.").format(contact=respondent.contact) if respondent.contact else ""
    return warning("S050", _("{name} ({number}) has not answered: no workbook from it").format(
                       name=respondent.name, number=respondent.org_number),
                   joined(_("Remind the respondent, or leave it out of the list if it will not answer."), contact),
                   **(respondent.where or {}))


def _digits(text: str) -> str:
    return re.sub(r"[\s.]", "", text)


_FORMS = re.compile(r"\b(kommune|herad|as|asa|sa)\b")


def _plain_name(name: str) -> str:
    """A name without what people leave out or add: case, spaces, 'kommune', 'AS'."""
    return re.sub(r"[\W_]+", "", _FORMS.sub("", name.casefold()))
