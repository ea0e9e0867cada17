"""One finding type for every check: validation, lint and response checks alike.

A `Diagnostic` names where the problem is (file, line, column, all 1-based),
what is wrong and how to fix it. Rendering for humans and machines lives here
too, so every command prints findings the same way.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


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

    @property
    def location(self) -> str:
        if not self.file:
            return ""
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.column or 1}"

    def to_dict(self) -> dict[str, object]:
        return {
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
            "file": self.file,
            "line": self.line,
            "column": self.column,
        }


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


def format_plain(d: Diagnostic) -> str:
    """`file:line:col: severity message (code)` in the style of ruff and yamllint."""
    head = f"{d.location}: " if d.location else ""
    text = f"{head}{d.severity.value} {d.message} ({d.code})"
    if d.hint:
        text += f"\n    hint: {d.hint}"
    return text


def to_json(diagnostics: Sequence[Diagnostic]) -> str:
    payload = {
        "errors": sum(d.severity is Severity.ERROR for d in diagnostics),
        "warnings": sum(d.severity is Severity.WARNING for d in diagnostics),
        "diagnostics": [d.to_dict() for d in sorted(diagnostics, key=sort_key)],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)
