"""Texts the buyer writes in a profile, in one language or several.

Every free-text field of a profile (chapters, award criteria, justifications,
local requirements) takes either a plain string, which is taken to be written
in the document's language, or a mapping with one text per language
(`{nb: ..., nn: ...}`). A document in a language the mapping lacks falls back
to another language, and validation warns, naming the field, so that a nynorsk
tender never carries a bokmål paragraph by accident.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

FALLBACK_ORDER = ("nb", "nn", "en")
"""Which language stands in for a missing one: bokmål is what most profiles have."""

FreeText = str | Mapping[str, str]


def pick(value: Any, lang: str) -> str:
    """The text of `value` in `lang`, else in the first language of FALLBACK_ORDER that it has."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        if value.get(lang):
            return str(value[lang])
        for other in FALLBACK_ORDER:
            if value.get(other):
                return str(value[other])
    return ""


def lacks_language(value: Any, lang: str) -> bool:
    """True when `value` gives texts per language but none in `lang`.

    A plain string counts as written in the document's language.
    """
    return isinstance(value, Mapping) and bool(value) and not value.get(lang)


def languages_of(value: Any) -> tuple[str, ...]:
    """The languages a mapping gives, in FALLBACK_ORDER; () for a plain string."""
    if isinstance(value, Mapping):
        return tuple(lang for lang in FALLBACK_ORDER if value.get(lang))
    return ()
