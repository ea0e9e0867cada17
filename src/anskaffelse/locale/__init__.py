"""Fixed document text, one file per language (nb, nn, en)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any


@cache
def texts(lang: str) -> dict[str, Any]:
    """All fixed text for `lang` as a nested mapping (see nb.yaml for the keys)."""
    from ruamel.yaml import YAML

    source = resources.files(__package__) / f"{lang}.yaml"
    return YAML(typ="safe", pure=True).load(source.read_text(encoding="utf-8"))
