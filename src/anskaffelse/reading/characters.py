"""Characters no text may hold: found raw in a file (Y007 with line and column) or escaped in a value.

Checked before a file is parsed (`forbidden_character`) and again for each
double-quoted value, where an escape such as "\\x1b" can write one.
"""

from __future__ import annotations

import re

from ..diagnostics import Diagnostic, error
from ..locale.messages import _

# Characters no text may hold, whether written raw or as a YAML escape like "\x1b": C0 controls
# but tab, line feed and carriage return; DEL and the C1 controls; the bidirectional overrides
# and isolates, which make a text display in another order than it is stored; and what XML 1.0
# (so Word and Excel) cannot hold at all.
ILLEGAL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
                        "\ufffe\uffff\ud800-\udfff]")
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def forbidden_character(text: str, shown: str) -> Diagnostic | None:
    """A finding for the first forbidden character written raw into the file, with its line and column.

    ruamel refuses most of them too, but only with a character offset and its own
    wording; bidirectional controls it accepts, also in comments, where they can
    hide what a reviewer reads (the "Trojan Source" trick).
    """
    found = ILLEGAL_CHARACTERS.search(text)
    if found is None:
        return None
    start = found.start()
    breaks = list(_LINE_BREAK.finditer(text, 0, start))
    line_start = breaks[-1].end() if breaks else 0
    more = len(ILLEGAL_CHARACTERS.findall(text, start + 1))
    kind, code = character_kind(found.group(0))
    return error("Y007", character_message(kind, "more" if more else "file").format(code=code, more=more),
                 _("{hint} An editor that shows invisible characters will show where it is.").format(
                     hint=character_hint(kind)),
                 file=shown, line=len(breaks) + 1, column=start - line_start + 1)


def character_kind(char: str) -> tuple[str, str]:
    """What the character is ('bidi', 'noncharacter' or 'control') and its code ('U+001B'), for Y007."""
    code = f"U+{ord(char):04X}"
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return "bidi", code
    if char in "\ufffe\uffff" or "\ud800" <= char <= "\udfff":
        return "noncharacter", code
    return "control", code


def character_message(kind: str, where: str) -> str:
    """The Y007 message (placeholders `code` and `more`) for a character in the file, the file with more
    such characters, or a text."""
    return {
        ("bidi", "file"): _("the file contains the bidirectional control character {code}"),
        ("bidi", "more"): _("the file contains the bidirectional control character {code} (and {more:,} more)"),
        ("bidi", "text"): _("the text contains the bidirectional control character {code}"),
        ("noncharacter", "file"): _("the file contains the character {code}, which is not a character at all"),
        ("noncharacter", "more"): _("the file contains the character {code}, which is not a character at all "
                                    "(and {more:,} more)"),
        ("noncharacter", "text"): _("the text contains the character {code}, which is not a character at all"),
        ("control", "file"): _("the file contains the control character {code}"),
        ("control", "more"): _("the file contains the control character {code} (and {more:,} more)"),
        ("control", "text"): _("the text contains the control character {code}"),
    }[(kind, where)]


def character_hint(kind: str) -> str:
    if kind == "bidi":
        return _("Remove it: it makes text display in another order than it is stored.")
    if kind == "noncharacter":
        return _("Remove it; documents cannot hold it.")
    return _("Remove it; documents cannot hold control characters (a tab or line break is fine).")
