"""What the lint rules look for in a requirement text: words, names and patterns.

The vague words are many, and Python's matcher tries the alternatives of an
expression one by one at every word of a text; `alternatives` builds the
expression so that words that begin alike are tried together, which makes the
rule about twice as fast on a large library and finds exactly the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_TOKEN = re.compile(r"(\\.|[^\\()\[\]{}|^$*+?])([*+?]?)")


def alternatives(patterns: Iterable[str]) -> str:
    """`a|b|…` where neighbours that begin alike share the beginning: `ab|ac` becomes `a(?:b|c)`.

    It tries exactly what the plain alternation tries, in the same order, so it matches the
    same; but the matcher no longer tries every word in turn at every word of a text. Each
    pattern is literal text, escapes and `*`, `+` or `?` (a quantified beginning is not shared).
    """
    items = []
    for pattern in patterns:
        tokens = tuple(_TOKEN.findall(pattern))
        if "".join(atom + quantifier for atom, quantifier in tokens) != pattern:
            raise ValueError(f"not a plain pattern: {pattern}")
        items.append(tokens)
    return _shared(items)


def _shared(items: list[tuple[tuple[str, str], ...]]) -> str:
    parts, i = [], 0
    while i < len(items):
        j = i + 1
        if items[i] and not items[i][0][1]:
            while j < len(items) and items[j][:1] == items[i][:1]:
                j += 1
        if j - i == 1:
            parts.append("".join(atom + quantifier for atom, quantifier in items[i]))
        else:
            parts.append(items[i][0][0] + _shared([item[1:] for item in items[i:j]]))
        i = j
    return parts[0] if len(parts) == 1 else f"(?:{'|'.join(parts)})"


VAGUE_WORDS = (
    r"brukarvennleg\w*", r"brukervennlig\w*", r"effektiv\w*", "enkel", "enkelt", "enkle", r"etc\.",
    r"fleksib\w+", r"føremålstenleg\w*", r"hensiktsmessig\w*", "i størst mogleg grad", "i størst mulig grad",
    r"intuitiv\w*", r"m\.m\.", "moderne", r"optimal\w*", r"osv\.", "rask", "raske", "raskt", r"saumlaus\w*",
    "så langt som mogleg", "så langt som mulig", r"sømløs\w*", r"tilstrekkeleg\w*", r"tilstrekkelig\w*",
    "ved behov",
)
"""Words and phrases that cannot be verified, found whole and in any case; in order, so that those
that begin alike are tried together."""
VAGUE = re.compile(rf"\b({alternatives(VAGUE_WORDS)})(?=\W|$)|og/eller", re.IGNORECASE)
BRANDS = re.compile(
    r"\b(Microsoft|Windows|Excel|Outlook|Teams|Apple|iOS|iPhone|iPad|macOS|Android|Google|Chrome|"
    r"Firefox|Safari|JAWS|NVDA|VoiceOver|Citrix|Oracle|SAP|Salesforce|Azure|AWS|Amazon|DIPS|Visma|"
    r"Gerica|CosDoc|Acos|Tietoevry|Tieto|EVRY|Lifecare|Epic|Cerner|BankID|Buypass|Commfides)\b"
)
OBLIGATION = re.compile(r"\bskal\b", re.IGNORECASE)
SHOULD = re.compile(r"\bbør\b", re.IGNORECASE)
EQUIVALENT = re.compile(r"eller\s+tilsvar(?:ende|ande)", re.IGNORECASE)
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
ABBREVIATION = re.compile(r"\b[A-ZÆØÅ][A-ZÆØÅ0-9]{1,}(?:-[A-Z0-9]+)?\b")
WORD = re.compile(r"\w+")
# A named party: a proper noun or a noun in its definite form ("Løsningen", "leverandøren", "Løysinga").
DEFINITE = re.compile(r"^(?:[A-ZÆØÅ]\w*|\w+(?:en|et|a|ne|na))$")
MAX_WORDS = 60
