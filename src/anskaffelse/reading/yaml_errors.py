"""YAML syntax errors in the words of the person who made them.

The parser reports what it could not read ("found character that cannot start
any token"); people need what to change ("use spaces, not a tab"). Each rule
below recognises one common mistake from the parser's problem and the text
around the position it names, and may move the position to the line that
holds the mistake (a missing space after a colon only breaks the parse a line
later).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEY_WITHOUT_SPACE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_-]*):([^\s/:].*)$")
_KEY = re.compile(r"^\s*(?:-\s+)?[^\s#'\"][^:#]*:(\s|$)")
_LEADING_TAB = re.compile(r"^[ ]*\t")

GENERAL_HINT = "Check indentation, colons and quotes near this position."


@dataclass(frozen=True)
class SyntaxProblem:
    message: str
    hint: str
    line: int
    """1-based; 0 when unknown."""
    column: int


def explain(problem: str, text: str, line: int, column: int) -> SyntaxProblem:
    """The finding for a parser `problem` at 1-based `line` and `column` of `text`."""
    lines = text.splitlines()
    for rule in (_tab, _missing_space_after_colon, _colon_in_value, _indentation, _unclosed):
        found = rule(problem, lines, line, column)
        if found is not None:
            return found
    return SyntaxProblem(f"YAML syntax error: {problem}", GENERAL_HINT, line, column)


def _tab(problem: str, lines: list[str], line: int, column: int) -> SyntaxProblem | None:
    """A tab anywhere in the indentation up to the error (editors often insert one unseen)."""
    at_mark = lines[line - 1][column - 1:column] if 0 < line <= len(lines) and column > 0 else ""
    if "tab" not in problem and "cannot start any token" not in problem and at_mark != "\t":
        return None
    for number, content in enumerate(lines[:max(line, 1)], start=1):
        if _LEADING_TAB.match(content):
            return SyntaxProblem("YAML syntax error: a tab is used for indentation",
                                 "YAML does not allow tabs for indentation; use spaces. Many editors can "
                                 "turn tabs into spaces (e.g. 'Convert indentation to spaces').",
                                 number, content.index("\t") + 1)
    return None


def _missing_space_after_colon(problem: str, lines: list[str], line: int,
                               column: int) -> SyntaxProblem | None:
    """`title:Anskaffelse` is one text to YAML, so the next line's `key:` is where it fails."""
    if "mapping values are not allowed" not in problem and "could not find expected ':'" not in problem:
        return None
    for number in range(min(line, len(lines)), max(line - 3, 0), -1):
        match = _KEY_WITHOUT_SPACE.match(lines[number - 1])
        if match and not match.group(3).startswith(("//", "\\")):
            lead, key, rest = match.groups()
            return SyntaxProblem(f"YAML syntax error: no space after the colon in '{key}:{rest[:20]}'",
                                 f"YAML needs a space after the colon: {key}: {rest[:40]}",
                                 number, len(lead) + len(key) + 2)
    return None


def _colon_in_value(problem: str, lines: list[str], line: int, column: int) -> SyntaxProblem | None:
    """`title: Anskaffelse: EPJ` — a second ': ' on the line of a key, after its value began."""
    if "mapping values are not allowed" not in problem or not 0 < line <= len(lines):
        return None
    content = lines[line - 1]
    first = content.find(": ")
    if first < 0 or column - 1 <= first + 1 or not _KEY.match(content):
        return None
    key = content[:first].strip().lstrip("- ").strip()
    value = content[first + 2:].strip()
    return SyntaxProblem("YAML syntax error: the value contains a colon followed by a space",
                         f"Put the value in quotes: {key}: \"{value[:60]}\"", line, first + 3)


def _indentation(problem: str, lines: list[str], line: int, column: int) -> SyntaxProblem | None:
    """A line indented more or less than the keys it belongs with."""
    known = ("mapping values are not allowed", "did not find expected key", "did not find expected '-'",
             "expected <block end>")
    if not any(k in problem for k in known) or not 0 < line <= len(lines):
        return None
    content = lines[line - 1]
    indent = len(content) - len(content.lstrip(" "))
    return SyntaxProblem(
        "YAML syntax error: this line is not lined up with the lines around it",
        f"It starts in column {indent + 1}. Keys at the same level must start in the same column, and "
        "the lines under a key must be indented further than the key (use spaces).",
        line, indent + 1)


def _unclosed(problem: str, lines: list[str], line: int, column: int) -> SyntaxProblem | None:
    at_mark = lines[line - 1][column - 1:column] if 0 < line <= len(lines) and column > 0 else ""
    if "cannot start any token" in problem and at_mark in ("@", "`"):
        return SyntaxProblem(f"YAML syntax error: a value cannot start with '{at_mark}'",
                             "Put the value in quotes.", line, column)
    if "while scanning a quoted scalar" in problem:
        return SyntaxProblem(f"YAML syntax error: {problem}",
                             "A quote opened here is never closed; add the closing quote at the end of "
                             "the text.", line, column)
    if "flow sequence" in problem or "flow mapping" in problem:
        closing = "]" if "sequence" in problem else "}"
        return SyntaxProblem(f"YAML syntax error: {problem}",
                             f"A list or mapping opened here is not closed; add '{closing}' at its end, and "
                             "separate the entries with commas.", line, column)
    return None
