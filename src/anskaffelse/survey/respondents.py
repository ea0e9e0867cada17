"""Who is asked: the municipalities of a survey, or the suppliers of a market dialogue, one workbook each.

A purchasing collaboration keeps the list in a small YAML file next to its
profile and gives it to both `export` (a pre-filled workbook per entry, in
its language) and `report` (who has answered, who has not):

    respondents:                          # survey export|report --respondents
      - municipality: Bratt kommune
        org_number: "964965226"
        language: nn
        areas: [hjemmetjeneste, institusjon]
        contact: Kari Nordmann            # optional; never shown in a report
        role: fagsystemansvarlig          # optional

    suppliers:                            # dialogue export|report --suppliers
      - supplier: Journalsystemer AS
        org_number: "923456789"
        language: nb
        product: Omsorg Pluss             # optional
        contact: salg@journalsystemer.no  # optional

The file is checked against `schemas/respondents.json` (S001–S009, with file,
line and column) and then for meaning: S040 an organisation number whose
check digit is wrong, S041 the same organisation number twice, S042 a service
area the library does not know (a warning: the report groups by the text).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, InputError, display_path, error, has_errors, warning
from ..locale.messages import _
from ..profile import org_number_is_valid
from ..reading.load import Document, load_yaml
from ..reading.schema import check_schema
from ..suggest import close_names, did_you_mean, joined
from .scales import Kind

if TYPE_CHECKING:
    from ..answers.workbook import Sheet

LIST_KEY = {"survey": "respondents", "dialogue": "suppliers"}
NAME_KEY = {"survey": "municipality", "dialogue": "supplier"}
OPTION = {"survey": "--respondents", "dialogue": "--suppliers"}
MAX_STEM = 60
"""Characters of a name in a file name: enough to recognise it, short enough for any folder."""


@dataclass(frozen=True)
class Respondent:
    name: str
    """The municipality (survey) or the supplier (dialogue)."""
    org_number: str
    language: str
    areas: tuple[str, ...] = ()
    product: str = ""
    contact: str = ""
    role: str = ""
    where: Mapping[str, Any] | None = None
    """File, line and column of the entry in the list, for findings about it."""

    def facts(self, kind: Kind) -> dict[str, str]:
        """The facts the workbook is pre-filled with, by the fact's name (`scales.facts`)."""
        if kind == "survey":
            return {"municipality": self.name, "org_number": self.org_number, "area": ", ".join(self.areas),
                    "role": self.role}
        return {"supplier": self.name, "org_number": self.org_number, "product": self.product,
                "contact": self.contact}


@dataclass(frozen=True)
class Label:
    """Whom a workbook was made for, as its control sheet records it."""

    name: str
    org_number: str


def identity_fingerprint(name: str, org_number: str, selection: str) -> str:
    """What the control sheet records about whom a workbook was made for, bound to its selection."""
    return hashlib.sha256(f"{name}\x1f{org_number}\x1f{selection}".encode()).hexdigest()


def read_label(control: Sheet, selection: str, path: Path) -> tuple[Label | None, list[Diagnostic]]:
    """The pre-label of a workbook's control sheet; None for a blank workbook, or one whose label was changed."""
    from .forms import IDENTITY, IDENTITY_COLUMN

    values = {control.value(row, IDENTITY_COLUMN): control.value(row, IDENTITY_COLUMN + 1)
              for row in range(1, len(IDENTITY) + 1)}
    name, number, check = (values.get(key) for key in IDENTITY)
    if name is None and number is None and check is None:
        return None, []
    if not (isinstance(name, str) and isinstance(number, str)
            and check == identity_fingerprint(name, number, selection)):
        shown = display_path(path)
        return None, [warning("S055", _("the record of whom the workbook was made for has been changed; it is "
                                        "read as a blank workbook"),
                              _("Its facts sheet says who answered. Send the respondent the workbook that 'export' "
                                "wrote for it if that matters."), file=shown)]
    return Label(name, number), []


def read_respondents(path: Path, kind: Kind,
                     area_names: Mapping[str, str] | None = None) -> tuple[tuple[Respondent, ...], list[Diagnostic]]:
    """The list in `path`, and its warnings; `InputError` with every error at its line and column."""
    doc = load_yaml(path)
    found = check_schema(doc, "respondents", kind)
    if has_errors(found):
        raise InputError(found)
    entries = doc.data[LIST_KEY[kind]]
    respondents = tuple(_respondent(doc, kind, i, entry) for i, entry in enumerate(entries))
    found += _org_numbers(doc, kind, respondents)
    if kind == "survey" and area_names:
        found += _areas(doc, respondents, area_names)
    if has_errors(found):
        raise InputError(found)
    return respondents, found


def _respondent(doc: Document, kind: Kind, index: int, entry: dict[str, Any]) -> Respondent:
    return Respondent(" ".join(entry[NAME_KEY[kind]].split()), entry["org_number"], entry["language"],
                      tuple(entry.get("areas", ())), entry.get("product", ""), entry.get("contact", ""),
                      entry.get("role", ""), doc.where((LIST_KEY[kind], index)))


def _org_numbers(doc: Document, kind: Kind, respondents: Sequence[Respondent]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    first: dict[str, Respondent] = {}
    for index, respondent in enumerate(respondents):
        where = doc.where((LIST_KEY[kind], index, "org_number"))
        number = respondent.org_number
        if not org_number_is_valid(number):
            found.append(error("S040", _("the organisation number {number} of {name} is not valid: its last digit "
                                         "is not the check digit of the others").format(number=number,
                                                                                        name=respondent.name),
                               _("Copy the number from the Brønnøysund Register Centre (brreg.no); a mistyped "
                                 "digit is the usual cause."), **where))
        elif number in first:
            found.append(error("S041", _("{name} has the organisation number {number}, which {other} has already "
                                         "(line {line})").format(name=respondent.name, number=number,
                                                                 other=first[number].name,
                                                                 line=(first[number].where or {}).get("line", 0)),
                               _("Each entry is one respondent with a workbook of its own: remove the second "
                                 "entry or correct its number."), **where))
        else:
            first[number] = respondent
    return found


def _areas(doc: Document, respondents: Sequence[Respondent], area_names: Mapping[str, str]) -> list[Diagnostic]:
    found = []
    known = sorted(area_names)
    for index, respondent in enumerate(respondents):
        for place, area in enumerate(respondent.areas):
            if area not in area_names:
                found.append(warning(
                    "S042", _("'{area}' ({name}) is not one of the library's service areas; the report groups "
                              "the answers by the text as written").format(area=area, name=respondent.name),
                    joined(did_you_mean(close_names(area, known)),
                           _("The service areas are: {areas}.").format(areas=", ".join(known))),
                    **doc.where(("respondents", index, "areas", place))))
    return found


# ---------------------------------------------------------------- file names

_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a", "ß": "ss"})


def file_names(respondents: Sequence[Respondent]) -> list[str]:
    """A name for each respondent's workbook, from its name: lower case, ASCII letters, digits and hyphens.

    Two municipalities may share a name (there are two Herøy); then both get their organisation number too.
    The same list always gives the same names.
    """
    stems = [_stem(r.name) or r.org_number for r in respondents]
    return [f"{stem}-{r.org_number}" if stems.count(stem) > 1 else stem for stem, r in zip(stems, respondents,
                                                                                             strict=True)]


def _stem(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name.translate(_LETTERS)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:MAX_STEM].strip("-")
