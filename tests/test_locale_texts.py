"""The fixed texts of each language read by the tool's own reader are those ruamel's loader gives."""

from __future__ import annotations

from importlib import resources

import pytest
from ruamel.yaml import YAML

from anskaffelse.locale import texts


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_the_texts_are_those_of_ruamels_safe_loader(lang: str) -> None:
    source = resources.files("anskaffelse.locale") / f"{lang}.yaml"
    expected = YAML(typ="safe", pure=True).load(source.read_text(encoding="utf-8"))
    assert texts(lang) == expected
    assert texts(lang)["months"][0] and len(texts(lang)["months"]) == 12
