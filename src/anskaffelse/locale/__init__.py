"""Fixed document text, one file per language (nb, nn, en)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any


@cache
def texts(lang: str) -> dict[str, Any]:
    """All fixed text for `lang` as a nested mapping (see nb.yaml for the keys)."""
    from ..reading.load import parse_yaml

    source = resources.files(__package__) / f"{lang}.yaml"
    # The reader of profiles and libraries, ruamel's C parser with a quick resolver: a fiftieth of a
    # second less per build than ruamel's own loader, with the same texts (tests/test_resolve.py).
    return parse_yaml(source.read_text(encoding="utf-8"), Path(str(source))).data


def long_date(text: str, lang: str) -> str:
    """'2027-02-15 12:00' -> '15. februar 2027 kl. 12:00' in Norwegian; text that is no date stays as it is."""
    words = texts(lang)
    date, _, time = text.partition(" ") if " " in text else text.partition("T")
    parts = date.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return text
    year, month, day = (int(p) for p in parts)
    if not 1 <= month <= 12:
        return text
    shown = words["date_format"].format(day=day, month=words["months"][month - 1], year=year)
    return f"{shown} {words['time_format'].format(time=time[:5])}" if time else shown
