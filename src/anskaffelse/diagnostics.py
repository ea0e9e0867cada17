"""One finding type for every check: validation, lint and response checks alike.

A `Diagnostic` names where the problem is (file, line, column, all 1-based),
what is wrong and how to fix it. Rendering for humans and machines lives here
too, so every command prints findings the same way.
"""

from __future__ import annotations

import enum
import errno
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .locale.messages import _, number, ui_language

# What a terminal may act on instead of showing: C0 and C1 controls (ESC starts
# colour, title and screen-clearing sequences; U+009B is an 8-bit CSI), DEL,
# the bidirectional controls that reorder what a reader sees (Trojan Source),
# the line and paragraph separators, and lone surrogates (a file name that is
# not UTF-8 reaches Python as surrogates and cannot be encoded for output).
_BEYOND_C0 = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE_FOR_TERMINAL = re.compile(f"[\x00-\x1f{_BEYOND_C0}]")
_UNSAFE_KEEPING_LINES = re.compile(f"[\x00-\x08\x0b-\x1f{_BEYOND_C0}]")
# json.dumps escapes C0 itself; the rest it leaves raw when ensure_ascii is off.
_UNSAFE_IN_JSON = re.compile(f"[{_BEYOND_C0}]")


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: Severity
    code: str
    message: str
    hint: str = ""
    file: str = ""
    line: int = 0
    column: int = 0
    sheet: str = ""
    """For a finding in a workbook: the sheet; `line` and `column` are then the cell's row and column."""
    requirement: str = ""
    """The requirement ID the finding is about, when it is about one."""

    @property
    def cell(self) -> str:
        """'H12' for a finding in a workbook cell, else ''."""
        return f"{column_letter(self.column)}{self.line}" if self.sheet and self.line and self.column else ""

    @property
    def location(self) -> str:
        if not self.file:
            return ""
        if self.sheet:
            return f"{self.file}:{self.sheet}!{self.cell}" if self.cell else f"{self.file}:{self.sheet}"
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.column or 1}"

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
            "file": self.file,
            "line": self.line,
            "column": self.column,
        }
        # Only findings in workbooks carry these, so every other command's JSON stays as it was.
        if self.sheet:
            data["sheet"], data["cell"] = self.sheet, self.cell
        if self.requirement:
            data["requirement"] = self.requirement
        return data


def column_letter(column: int) -> str:
    """1 -> 'A', 27 -> 'AA': the column as a spreadsheet names it."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def error(code: str, message: str, hint: str = "", **where: object) -> Diagnostic:
    return Diagnostic(Severity.ERROR, code, message, hint, **where)  # type: ignore[arg-type]


def warning(code: str, message: str, hint: str = "", **where: object) -> Diagnostic:
    return Diagnostic(Severity.WARNING, code, message, hint, **where)  # type: ignore[arg-type]


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    return (d.file, d.line, d.column, d.code)


class InputError(Exception):
    """Raised when input cannot be used; carries the findings that explain why."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        super().__init__("; ".join(format_plain(d) for d in diagnostics))
        self.diagnostics = tuple(diagnostics)


class UsageError(Exception):
    """A command was called wrongly (missing file, conflicting options): exit code 2."""


def display_path(path: Path | str) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


def printable(text: str, keep_lines: bool = False) -> str:
    """`text` with every character a terminal could act on written as an escape (`\\x1b`, `\\u202e`).

    Everything we print that comes from users or files passes through here, so
    a file name or a value cannot retitle, clear or reorder the user's terminal.
    `keep_lines` keeps line breaks and tabs, for multi-line texts.
    """
    unsafe = _UNSAFE_KEEPING_LINES if keep_lines else _UNSAFE_FOR_TERMINAL
    return unsafe.sub(_escape, text)


_NAMED_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def abbreviate(text: str, limit: int = 60, unit: str = "characters") -> str:
    """A value short enough to quote in a message: a 1 MB text must not become a 1 MB finding.

    `unit` is "characters" or "digits", what the length counts."""
    if len(text) <= limit:
        return text
    template = _("{count} digits") if unit == "digits" else _("{count} characters")
    return f"{text[: limit - 1]}… ({template.format(count=number(len(text)))})"


def severity_word(severity: Severity) -> str:
    """'error' or 'warning' in the user's language (the JSON keeps the English value)."""
    return _("error") if severity is Severity.ERROR else _("warning")


def format_plain(d: Diagnostic) -> str:
    """`file:line:col: severity message (code)` in the style of ruff and yamllint."""
    message, code = printable(d.message), d.code
    if d.location:
        template = (_("{location}: error {message} ({code})") if d.severity is Severity.ERROR
                    else _("{location}: warning {message} ({code})"))
    else:
        template = _("error {message} ({code})") if d.severity is Severity.ERROR else _("warning {message} ({code})")
    text = template.format(location=printable(d.location), message=message, code=code)
    if d.hint:
        text += "\n    " + _("hint: {hint}").format(hint=printable(d.hint))
    return text


def os_reason(exc: OSError) -> str:
    """Why the system refused a file operation, in the user's language.

    The system gives its reasons in English ("Permission denied"); the common ones are translated, by
    their error number. A reason of our own (an `OSError` raised with a message of ours) stays as it is.
    """
    reason = exc.strerror or str(exc)
    if ui_language() == "en" or exc.errno is None or reason != os.strerror(exc.errno):
        return reason
    texts = {
        "EACCES": _("Permission denied"),
        "EPERM": _("Operation not permitted"),
        "ENOENT": _("No such file or directory"),
        "EROFS": _("Read-only file system"),
        "ENOSPC": _("No space left on device"),
        "EDQUOT": _("Disk quota exceeded"),
        "ENOTDIR": _("Not a directory"),
        "EISDIR": _("Is a directory"),
        "EEXIST": _("File exists"),
        "ENAMETOOLONG": _("File name too long"),
        "ELOOP": _("Too many levels of symbolic links"),
        "EIO": _("Input/output error"),
        "EBUSY": _("Device or resource busy"),
        "EMFILE": _("Too many open files"),
        "EXDEV": _("Invalid cross-device link"),
    }
    return texts.get(errno.errorcode.get(exc.errno, ""), reason)


def dumps(data: Any, indent: int | None = 2) -> str:
    """JSON for stdout and files: strict (no NaN or Infinity) and safe to show in a terminal.

    `ensure_ascii=False` keeps Norwegian letters readable but would pass C1 and
    bidirectional controls through raw; those become `\\uXXXX` escapes, which
    every JSON parser reads back as the same character.
    """
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, indent=indent)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def to_json(diagnostics: Sequence[Diagnostic]) -> str:
    payload = {
        "errors": sum(d.severity is Severity.ERROR for d in diagnostics),
        "warnings": sum(d.severity is Severity.WARNING for d in diagnostics),
        "diagnostics": [d.to_dict() for d in sorted(diagnostics, key=sort_key)],
    }
    return dumps(payload)
