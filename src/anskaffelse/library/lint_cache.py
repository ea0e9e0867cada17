"""The lint findings of each module file, kept in the library cache beside the file's own entry.

Linting a library runs every rule over every requirement text, which on a large
library costs more than reading it from the cache. What the rules find in one
module file depends on nothing but:

- the file itself (its library cache key: its bytes and the code that reads it),
- the code of the rules and of what they read (`LINT_FILES`),
- the language of the messages and its catalogs (messages are translated
  when a finding is made), and
- two things from other files: the standards catalogue (a standard named
  without 'eller tilsvarende') and the languages of the library.

All of these make the key of the module's lint entry, so editing one module
lints that module again, and a change to a rule, a catalog or the standards
lints them all. Rules that look across files, or at a module as a whole, are
not kept here; `quality.lint_library` runs them every time.

An entry holds each finding's severity, code, message, hint, line and column;
the file is the module's own, as the reader of the library names it now. An
entry is read with the checks of every cache entry (`cache.read`) and then
only if each finding has the shape and the severity of a known rule; anything
else counts as no entry, and the module is linted again.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Mapping
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, Severity
from ..locale.messages import CATALOGS, ui_language
from . import cache

if TYPE_CHECKING:
    from . import LoadedLibrary

LINT_FILES = ("quality.py", "quality_rules.py", "quality_words.py", "library/__init__.py", "library/build.py",
              "library/checks.py", "library/lint_cache.py", "model.py", "diagnostics.py", "locale/messages.py")
"""The code that decides what lint finds and says about a module: a change to any of it lints every module again."""


def _package_file(name: str) -> bytes:
    return resources.files("anskaffelse").joinpath(*name.split("/")).read_bytes()


@functools.cache
def _code_digest(language: str) -> bytes:
    digest = hashlib.sha256(f"lint, messages in {language}\0".encode())
    for name in LINT_FILES:
        digest.update(_package_file(name))
    folder = CATALOGS / language / "LC_MESSAGES"
    for catalog in sorted(folder.glob("*.mo")) if folder.is_dir() else ():
        digest.update(catalog.name.encode() + b"\0" + catalog.read_bytes())
    return digest.digest()


class ModuleLint:
    """Each module's findings, from its lint entry or from `compute`; fresh ones are stored by `save`."""

    def __init__(self, loaded: LoadedLibrary, rules: Mapping[str, Severity]) -> None:
        self._loaded = loaded
        self._rules = rules
        self._fresh: dict[str, dict[str, Any]] = {}
        standards = loaded.file_keys.get(loaded.library.root / "standards.yaml")
        self._context: bytes | None = None
        if standards is not None:
            self._context = hashlib.sha256(
                _code_digest(ui_language()) + standards.encode() + "\0".join(loaded.library.languages).encode()
            ).digest()

    def findings(self, module_id: str, compute: Callable[[], list[Diagnostic]]) -> list[Diagnostic]:
        doc = self._loaded.sources[f"@module:{module_id}"][0]
        file_key = self._loaded.file_keys.get(doc.path)
        if self._context is None or file_key is None:
            return compute()
        key = hashlib.sha256(self._context + file_key.encode()).hexdigest()
        stored = _decode(cache.read(key, cache.LINT), doc.name, self._rules)
        if stored is not None:
            return stored
        found = compute()
        # Messages may be a subclass of str (a translated message); an entry holds them as plain text.
        encoded = [[d.severity.value, d.code, str(d.message), str(d.hint), d.line, d.column] for d in found]
        # Only findings an entry can give back exactly are kept (all in the module's file, no workbook cell).
        if _decode({"findings": encoded}, doc.name, self._rules) == found:
            self._fresh[key] = {"findings": encoded}
        return found

    def save(self) -> None:
        cache.write(self._fresh, cache.LINT)
        self._fresh = {}


def _decode(entry: dict[str, Any] | None, file: str, rules: Mapping[str, Severity]) -> list[Diagnostic] | None:
    if entry is None or type(entry["findings"]) is not list:
        return None
    found = []
    for item in entry["findings"]:
        if type(item) is not list or len(item) != 6:
            return None
        severity, code, message, hint, line, column = item
        # JSON gives exact types; a bool is not a line number.
        if type(code) is not str or rules.get(code) != severity or type(message) is not str \
                or type(hint) is not str or type(line) is not int or type(column) is not int:
            return None
        found.append(Diagnostic(rules[code], code, message, hint, file=file, line=line, column=column))
    return found
