"""The command line's own words in the user's language: gettext catalogs for nb and nn.

Messages are written in English in the code, wrapped in `_()` with named
`str.format` placeholders (`_("{id} is not answered").format(id=req.id)`), and
translated in `locale/<lang>/LC_MESSAGES/<domain>.po`, compiled to `.mo` by
`scripts/messages.py`. The language comes from the usual locale variables
(`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`, in that order), on Windows
without them from the display language: bokmål for a Norwegian locale (`nb`,
`no`), nynorsk for `nn`, English otherwise. The
content language of a document (`--lang`, the profile's `language`) is a
separate matter.
"""

from __future__ import annotations

import gettext
import os
import string
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("nb", "nn")
"""The languages with catalogs; English is the language of the code itself."""

CATALOGS = Path(__file__).resolve().parent
_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def language_of(value: str) -> str | None:
    """'nb_NO.UTF-8' -> 'nb', 'no' -> 'nb', 'nn_NO' -> 'nn', 'en_GB' -> 'en', 'C' -> 'en'; None when unknown."""
    code = value.split(".")[0].split("@")[0].split("_")[0].split("-")[0].strip().lower()
    if code in ("nb", "no", "nob", "nor"):
        return "nb"
    if code in ("nn", "nno"):
        return "nn"
    if code in ("en", "c", "posix"):
        return "en"
    return None


def ui_language(environ: dict[str, str] | None = None, system: str | None = None) -> str:
    """The language of messages for this environment: 'nb', 'nn' or 'en'.

    As gettext does, the first variable that is set decides; `LANGUAGE` may list
    several languages separated by colons, and the first one we speak wins. A
    locale in a language we have no catalog for gives English. When none is set,
    `system` decides: the display language of Windows (`system_locale`), where
    the console sets none of these variables.
    """
    env = os.environ if environ is None else environ
    for name in _VARIABLES:
        value = env.get(name, "")
        if not value:
            continue
        for part in value.split(":") if name == "LANGUAGE" else [value]:
            found = language_of(part)
            if found:
                return found
        if name != "LANGUAGE":
            return "en"
    if environ is None and system is None:
        system = system_locale()
    return (language_of(system) if system else None) or "en"


@cache
def system_locale() -> str | None:
    """On Windows, the locale of the user's display language ('nb_NO', 'nn_NO', 'en_US', ...); None elsewhere."""
    if os.name != "nt":
        return None
    try:
        import ctypes
        import locale

        return locale.windows_locale.get(ctypes.windll.kernel32.GetUserDefaultUILanguage())  # type: ignore[attr-defined]
    except (AttributeError, ImportError, OSError):
        return None


@cache
def catalog(lang: str) -> gettext.NullTranslations:
    """Every domain's compiled catalog for `lang`, chained; English gives the message ids themselves."""
    chained: gettext.NullTranslations = gettext.NullTranslations()
    folder = CATALOGS / lang / "LC_MESSAGES"
    if lang == "en" or not folder.is_dir():
        return chained
    for mo in sorted(folder.glob("*.mo")):
        with mo.open("rb") as handle:
            translations = gettext.GNUTranslations(handle)
        translations.add_fallback(chained)
        chained = translations
    return chained


class _Numbers(string.Formatter):
    """`str.format` with a thousands separator (`{limit:,}`) written as the reader's language writes it."""

    def format_field(self, value: Any, format_spec: str) -> str:
        text = format(value, format_spec)
        if "," in format_spec and isinstance(value, int | float) and ui_language() != "en":
            # In Norwegian a comma is the decimal sign: 12,500 would read as twelve and a half.
            return text.replace(",", " ")
        return text


_NUMBERS = _Numbers()


class Message(str):
    """A translated message; its `format` writes `{n:,}` with the reader's thousands separator."""

    __slots__ = ()

    def format(self, *args: Any, **kwargs: Any) -> str:
        if ":," not in self:
            return str.format(self, *args, **kwargs)
        return _NUMBERS.vformat(self, args, kwargs)


def _(message: str) -> str:
    """`message` in the user's language (looked up each call, so a changed environment is honoured)."""
    return Message(catalog(ui_language()).gettext(message))


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form of a message in the user's language."""
    return Message(catalog(ui_language()).ngettext(singular, plural, count))


def number(value: float, digits: int = 0) -> str:
    """`value` as the user's language writes it: '12,500,000' and '1.5' in English, '12 500 000' and '1,5'
    in Norwegian, where a comma is the decimal sign and a comma between thousands would misread."""
    text = f"{value:,.{digits}f}"
    if ui_language() == "en":
        return text
    return text.replace(",", " ").replace(".", ",")


def decimal_mark(text: str) -> str:
    """A number already written with a decimal point ('7.90') with the user's decimal mark ('7,90' in Norwegian)."""
    return text if ui_language() == "en" else text.replace(".", ",")
