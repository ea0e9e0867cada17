"""What the command line sets up in its own process before a command runs.

openpyxl imports numpy when numpy is installed (matplotlib, which draws the
survey charts, installs it), only to recognise numpy's number types in cells,
and Pillow (matplotlib installs it too), only to put pictures in a sheet or read
them from one. The tool does neither with openpyxl: it never puts a numpy value
in a cell, writes no picture into a workbook and reads workbooks through its own
door (`answers.workbook`). Importing numpy costs a fifth of the CPU time of
building an ordinary tender (a tenth of the time a user waits: numpy starts
threads), Pillow a hundredth of a large one. So the command line, and only the
command line, whose process is ours alone, imports openpyxl with both hidden
(`sys.modules["numpy"] = None` makes `import numpy` fail, as when it is not
installed) for the time of that one import. They are left alone otherwise:
anything that imports them later, matplotlib for a chart, gets them as usual.
The Python API never does this: a program that uses it may write numpy values
or pictures through openpyxl itself.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
from types import ModuleType
from typing import Any

_HIDDEN = ("numpy", "PIL")


class _HiddenDuringImport(importlib.abc.Loader):
    """The loader of openpyxl, executing the package with numpy and Pillow hidden (those not imported yet)."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        created: ModuleType | None = self.loader.create_module(spec)
        return created

    def exec_module(self, module: ModuleType) -> None:
        _uninstall()  # openpyxl is imported now: the finder has done its work
        hidden = [name for name in _HIDDEN if name not in sys.modules]
        for name in hidden:
            sys.modules[name] = None  # type: ignore[assignment]
        try:
            self.loader.exec_module(module)
        finally:
            for name in hidden:
                if sys.modules.get(name, False) is None:
                    del sys.modules[name]

    def __getattr__(self, name: str) -> Any:
        # Everything else (resources, source, code) is the real loader's.
        return getattr(self.loader, name)


class _OpenpyxlFinder(importlib.abc.MetaPathFinder):
    """Finds openpyxl through the other finders and hands it the loader above. It stays in place until
    openpyxl is imported: asking where openpyxl is (`importlib.util.find_spec`, as the cache does to
    know its version) imports nothing."""

    def find_spec(self, fullname: str, path: Any = None, target: ModuleType | None = None) -> Any:
        if fullname != "openpyxl":
            return None
        position = sys.meta_path.index(self)
        del sys.meta_path[position]  # the other finders, without asking this one again
        try:
            spec = importlib.util.find_spec(fullname)
        finally:
            sys.meta_path.insert(position, self)
        if spec is None or spec.loader is None or all(name in sys.modules for name in _HIDDEN):
            return spec
        spec.loader = _HiddenDuringImport(spec.loader)
        return spec


def openpyxl_without_numpy() -> None:
    """Import openpyxl, when something first asks for it, without numpy and Pillow (see the module's docstring)."""
    if "openpyxl" in sys.modules or all(name in sys.modules for name in _HIDDEN):
        return
    if not any(isinstance(finder, _OpenpyxlFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _OpenpyxlFinder())


def _uninstall() -> None:
    sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, _OpenpyxlFinder)]
