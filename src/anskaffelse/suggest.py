"""Hints that name the fix: 'did you mean …?' for mistyped names, and values written as people write them.

People name things the way they say them at work ("hjemmesykepleie",
"sykehjem"), while the library uses its own ids ("hjemmetjeneste",
"institusjon"). The synonym table below is the one place that maps the words
people use to the library's ids; spelling mistakes are left to `difflib`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from .locale.messages import _

SYNONYMS: dict[str, tuple[str, ...]] = {
    # Service areas (select: areas) — bokmål and nynorsk words used in municipalities.
    "hjemmesykepleie": ("hjemmetjeneste",),
    "heimesjukepleie": ("hjemmetjeneste",),
    "hjemmetjenester": ("hjemmetjeneste",),
    "hjemmetjenesten": ("hjemmetjeneste",),
    "heimeteneste": ("hjemmetjeneste",),
    "heimetenester": ("hjemmetjeneste",),
    "hjemmebaserte-tjenester": ("hjemmetjeneste",),
    "hjemmehjelp": ("hjemmetjeneste",),
    "praktisk-bistand": ("hjemmetjeneste",),
    "sykehjem": ("institusjon",),
    "sjukeheim": ("institusjon",),
    "institusjoner": ("institusjon",),
    "langtidsopphold": ("institusjon",),
    "korttidsopphold": ("institusjon",),
    "skolehelse": ("helsestasjon",),
    "skolehelsetjeneste": ("helsestasjon",),
    "skolehelsetjenesten": ("helsestasjon",),
    "skulehelse": ("helsestasjon",),
    "skulehelseteneste": ("helsestasjon",),
    "helsesykepleier": ("helsestasjon",),
    "helsesjukepleiar": ("helsestasjon",),
    "legevakten": ("legevakt",),
    "legevakta": ("legevakt",),
    "rus": ("psykisk-helse-rus",),
    "psykisk-helse": ("psykisk-helse-rus",),
    "psykiatri": ("psykisk-helse-rus",),
    "rusomsorg": ("psykisk-helse-rus",),
    "rus-og-psykisk-helse": ("psykisk-helse-rus",),
    "psykisk-helse-og-rus": ("psykisk-helse-rus",),
    "fysioterapi": ("fysio-ergo", "fysio-ergo-jordmor"),
    "ergoterapi": ("fysio-ergo", "fysio-ergo-jordmor"),
    "fysio": ("fysio-ergo", "fysio-ergo-jordmor"),
    "ergo": ("fysio-ergo", "fysio-ergo-jordmor"),
    "rehabilitering": ("fysio-ergo",),
    "jordmortjeneste": ("jordmor",),
    "jordmorteneste": ("jordmor",),
    "svangerskapsomsorg": ("jordmor",),
    "akutte-dognplasser": ("kad",),
    "kommunale-akutte-dognplasser": ("kad",),
    "oyeblikkelig-hjelp": ("kad",),
    "vedtak": ("tildeling",),
    "saksbehandling": ("tildeling",),
    "tildelingskontor": ("tildeling",),
    "tjenestekontor": ("tildeling",),
    "logoped": ("logopedi",),
    # Modules (select: modules).
    "legemiddel": ("legemidler",),
    "medisin": ("legemidler",),
    "medisiner": ("legemidler",),
    "multidose": ("legemidler",),
    "melding": ("meldinger",),
    "meldingsutveksling": ("meldinger",),
    "elektroniske-meldinger": ("meldinger",),
    "sikkerhet": ("informasjonssikkerhet",),
    "tilgang": ("tilgangsstyring",),
    "tilganger": ("tilgangsstyring",),
    "uu": ("universell-utforming",),
    "migrasjon": ("migrering",),
    "konvertering": ("migrering",),
    "journal": ("dokumentasjon",),
    "journalforing": ("dokumentasjon",),
}

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", " ": "-", "_": "-"})
_NUMBERED_ID = re.compile(r"^(.*-)(\d{1,2})$")

MAX_SUGGESTED = 200
"""Suggestions computed per check. A hostile profile may name 100,000 unknown IDs;
only the first ones are printed anyway, and each suggestion costs a comparison
with every known name."""


def fold(word: str) -> str:
    """A name the way the library writes ids: lower case, hyphens, no æ/ø/å."""
    return word.strip().casefold().translate(_FOLD)


def close_names(value: str, known: Iterable[str], limit: int = 3) -> list[str]:
    """Known names that `value` probably meant: synonyms first, then spelling neighbours."""
    known_list = sorted(set(known))
    if not known_list or len(value) > 100:
        return []
    folded = fold(value)
    found = [name for name in SYNONYMS.get(folded, ()) if name in known_list]
    lowered = {fold(name): name for name in known_list}
    if folded in lowered:
        found.append(lowered[folded])
    found += [lowered[m] for m in difflib.get_close_matches(folded, list(lowered), n=limit, cutoff=0.75)]
    return list(dict.fromkeys(found))[:limit]


def close_ids(value: str, known: Iterable[str], limit: int = 3) -> list[str]:
    """Requirement IDs that `value` probably meant; 'EPJ-DR-01' and 'epj-dr-1' find EPJ-DR-001."""
    known_set = set(known)
    upper = value.strip().upper()
    numbered = _NUMBERED_ID.match(upper)
    if numbered and f"{numbered.group(1)}{int(numbered.group(2)):03d}" in known_set:
        return [f"{numbered.group(1)}{int(numbered.group(2)):03d}"]
    if upper in known_set:
        return [upper]
    if len(value) > 100:
        return []
    return difflib.get_close_matches(upper, sorted(known_set), n=limit, cutoff=0.8)


def did_you_mean(names: list[str]) -> str:
    """'Did you mean X?' or 'Did you mean X, Y or Z?'; '' when there is nothing to suggest."""
    if not names:
        return ""
    if len(names) == 1:
        return _("Did you mean {name}?").format(name=names[0])
    return _("Did you mean {names} or {last}?").format(names=", ".join(names[:-1]), last=names[-1])


class Suggester:
    """Suggestions for one run of checks, stopping after `MAX_SUGGESTED` so hostile input stays fast."""

    def __init__(self) -> None:
        self.used = 0

    def _budget(self) -> bool:
        self.used += 1
        return self.used <= MAX_SUGGESTED

    def names(self, value: str, known: Iterable[str]) -> str:
        return did_you_mean(close_names(value, known)) if self._budget() else ""

    def ids(self, value: str, known: Iterable[str]) -> str:
        return did_you_mean(close_ids(value, known)) if self._budget() else ""


_DECIMAL_COMMA = re.compile(r"^\s*([-+]?\d+),(\d+)\s*$")


def decimal_comma_hint(value: object) -> str:
    """'99,9' is how Norwegians write 99.9; YAML reads it as text."""
    if not isinstance(value, str):
        return ""
    match = _DECIMAL_COMMA.match(value)
    if match is None:
        return ""
    return _("Use a decimal point: {number}.").format(number=f"{match.group(1)}.{match.group(2)}")


def joined(*parts: str) -> str:
    """Hint sentences joined with a space, skipping empty ones."""
    return " ".join(part for part in parts if part)
