"""The answers a survey or dialogue workbook offers, and how a filled-in label maps back to a code.

A workbook is filled in in its own language (nb or nn); the report may be in
the other, so labels are read back through every language's words.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from ..locale import texts

Kind = Literal["survey", "dialogue"]
LANGUAGES = ("nb", "nn")

SURVEY_SCALE = ("full", "partial", "none", "unknown", "not_relevant")
IMPORTANCE = ("must", "should", "could")
DIALOGUE_SCALE = ("today", "planned", "not_planned")
SURVEY_FACTS = ("municipality", "org_number", "area", "product", "supplier", "version", "users", "role")
DIALOGUE_FACTS = ("supplier", "org_number", "product", "version", "contact")

CONTROL_FORMATS = {"survey": "anskaffelse-kartlegging/1", "dialogue": "anskaffelse-markedsdialog/1"}
"""The marker in cell B1 of the control sheet: which kind of form a workbook is."""


def scale(kind: Kind) -> tuple[str, ...]:
    return SURVEY_SCALE if kind == "survey" else DIALOGUE_SCALE


def facts(kind: Kind) -> tuple[str, ...]:
    return SURVEY_FACTS if kind == "survey" else DIALOGUE_FACTS


@cache
def words(kind: Kind, lang: str) -> dict[str, Any]:
    """The fixed text of `kind` in `lang`, read once (a report reads it for every workbook): not to be changed."""
    section: dict[str, Any] = texts(lang)[kind]
    return section


@cache
def label_codes(kind: Kind, group: str) -> dict[str, str]:
    """Every language's label of `group` ('scale' or 'importance') mapped to its code, case-folded."""
    codes: dict[str, str] = {}
    for lang in LANGUAGES:
        for code, label in words(kind, lang)[group].items():
            codes[_fold(label)] = code
            if group == "scale" and code == "planned":
                codes[_fold(label.split("(")[0])] = code  # "På veikart" without "(år)"
    return codes


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def code_of(value: object, codes: dict[str, str]) -> str | None:
    """The code of a label found in a cell; None for an empty cell, '?' for anything else."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return codes.get(_fold(str(value)), "?")
