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

from ..locale.messages import _

_KEY_WITHOUT_SPACE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_-]*):([^\s/:].*)$")
_KEY = re.compile(r"^\s*(?:-\s+)?[^\s#'\"][^:#]*:(\s|$)")
_LEADING_TAB = re.compile(r"^[ ]*\t")


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
    return SyntaxProblem(syntax_error(problem), _("Check indentation, colons and quotes near this position."),
                         line, column)


def syntax_error(problem: str) -> str:
    """'YAML syntax error: ' and the parser's problem, in the user's language when it is a usual one."""
    return _("YAML syntax error: {problem}").format(problem=_in_words(problem))


def _in_words(problem: str) -> str:
    """The parser's problem (and what it was reading) translated; a rare one stays in the parser's English.

    The English texts are the YAML parser's own, so English output is the parser's message as it was.
    """
    contexts = {
        "while parsing a flow mapping": _("while parsing a flow mapping"),
        "while parsing a flow sequence": _("while parsing a flow sequence"),
        "while parsing a block mapping": _("while parsing a block mapping"),
        "while parsing a block collection": _("while parsing a block collection"),
        "while parsing a block node": _("while parsing a block node"),
        "while parsing a flow node": _("while parsing a flow node"),
        "while scanning a quoted scalar": _("while scanning a quoted scalar"),
        "while scanning a plain scalar": _("while scanning a plain scalar"),
        "while scanning a block scalar": _("while scanning a block scalar"),
        "while scanning a simple key": _("while scanning a simple key"),
    }
    for context, said in contexts.items():
        if problem.endswith(f" {context}"):
            return f"{_problem_in_words(problem[: -len(context) - 1])} {said}"
    return _problem_in_words(problem)


def _problem_in_words(problem: str) -> str:
    problems = {
        "did not find expected ',' or '}'": _("did not find expected ',' or '}'"),
        "did not find expected ',' or ']'": _("did not find expected ',' or ']'"),
        "could not find expected ':'": _("could not find expected ':'"),
        "found unexpected ':'": _("found unexpected ':'"),
        "found unexpected end of stream": _("found unexpected end of stream"),
        "block sequence entries are not allowed in this context":
            _("block sequence entries are not allowed in this context"),
        "mapping values are not allowed in this context": _("mapping values are not allowed in this context"),
        "mapping keys are not allowed in this context": _("mapping keys are not allowed in this context"),
        "found character that cannot start any token": _("found character that cannot start any token"),
        "did not find expected node content": _("did not find expected node content"),
        "did not find expected comment or line break": _("did not find expected comment or line break"),
        "did not find expected key": _("did not find expected key"),
        "did not find expected '-' indicator": _("did not find expected '-' indicator"),
        "did not find expected <document start>": _("did not find expected <document start>"),
        "found undefined alias": _("found undefined alias"),
        "found unknown escape character": _("found unknown escape character"),
        "found a tab character that violates indentation": _("found a tab character that violates indentation"),
        "found a tab character where an indentation space is expected":
            _("found a tab character where an indentation space is expected"),
        "found unexpected document indicator": _("found unexpected document indicator"),
        "but found another document": _("but found another document"),
        "second occurrence": _("second occurrence"),
        "invalid YAML": _("invalid YAML"),
    }
    return problems.get(problem, problem)


def _tab(problem: str, lines: list[str], line: int, column: int) -> SyntaxProblem | None:
    """A tab anywhere in the indentation up to the error (editors often insert one unseen)."""
    at_mark = lines[line - 1][column - 1:column] if 0 < line <= len(lines) and column > 0 else ""
    if "tab" not in problem and "cannot start any token" not in problem and at_mark != "\t":
        return None
    for number, content in enumerate(lines[:max(line, 1)], start=1):
        if _LEADING_TAB.match(content):
            return SyntaxProblem(_("YAML syntax error: a tab is used for indentation"),
                                 _("YAML does not allow tabs for indentation; use spaces. Many editors can "
                                   "turn tabs into spaces (e.g. 'Convert indentation to spaces')."),
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
            return SyntaxProblem(
                _("YAML syntax error: no space after the colon in '{written}'").format(written=f"{key}:{rest[:20]}"),
                _("YAML needs a space after the colon: {fixed}").format(fixed=f"{key}: {rest[:40]}"),
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
    return SyntaxProblem(_("YAML syntax error: the value contains a colon followed by a space"),
                         _("Put the value in quotes: {fixed}").format(fixed=f'{key}: "{value[:60]}"'),
                         line, first + 3)


def _indentation(problem: str, lines: list[str], line: int, column: int) -> SyntaxProblem | None:
    """A line indented more or less than the keys it belongs with."""
    known = ("mapping values are not allowed", "did not find expected key", "did not find expected '-'",
             "expected <block end>")
    if not any(k in problem for k in known) or not 0 < line <= len(lines):
        return None
    content = lines[line - 1]
    indent = len(content) - len(content.lstrip(" "))
    return SyntaxProblem(
        _("YAML syntax error: this line is not lined up with the lines around it"),
        _("It starts in column {column}. Keys at the same level must start in the same column, and "
          "the lines under a key must be indented further than the key (use spaces).").format(column=indent + 1),
        line, indent + 1)


def _unclosed(problem: str, lines: list[str], line: int, column: int) -> SyntaxProblem | None:
    at_mark = lines[line - 1][column - 1:column] if 0 < line <= len(lines) and column > 0 else ""
    if "cannot start any token" in problem and at_mark in ("@", "`"):
        return SyntaxProblem(_("YAML syntax error: a value cannot start with '{character}'").format(character=at_mark),
                             _("Put the value in quotes."), line, column)
    if "while scanning a quoted scalar" in problem:
        return SyntaxProblem(syntax_error(problem),
                             _("A quote opened here is never closed; add the closing quote at the end of "
                               "the text."), line, column)
    if "flow sequence" in problem or "flow mapping" in problem:
        closing = "]" if "sequence" in problem else "}"
        return SyntaxProblem(syntax_error(problem),
                             _("A list or mapping opened here is not closed; add '{closing}' at its end, and "
                               "separate the entries with commas.").format(closing=closing), line, column)
    return None
