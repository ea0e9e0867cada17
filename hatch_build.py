"""Build hook: the wheel carries a checked copy of the built-in library.

The library's YAML is parsed and checked here, once, with the package's own
code, and written into the wheel as `anskaffelse/_library.checked.json` (see
`anskaffelse.library.files`). At run time each file's SHA-256 is compared with
the one recorded, so a fresh install uses the copy instead of parsing, and a
file changed after installation is parsed as usual. Editable installs read the
library in the source tree and get no copy.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CheckedLibraryHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        sys.path.insert(0, str(root / "src"))
        try:
            from anskaffelse.library.files import BUNDLE, checked_bundle

            content = checked_bundle(root / "requirements-library")
        finally:
            sys.path.remove(str(root / "src"))
        self._folder = tempfile.mkdtemp(prefix="anskaffelse-build-")
        target = Path(self._folder) / BUNDLE
        target.write_bytes(content)
        build_data["force_include"][str(target)] = f"anskaffelse/{BUNDLE}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        folder = getattr(self, "_folder", None)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
