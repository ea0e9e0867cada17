"""`xmlescape` gives what `xml.sax.saxutils` gives, and a build no longer imports that module."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from xml.sax import saxutils

from hypothesis import given
from hypothesis import strategies as st

from anskaffelse.xmlescape import escape, quoteattr

from .conftest import EXAMPLES

_SPECIAL = st.sampled_from(["&", "<", ">", '"', "'", "\n", "\r", "\t", "&amp;", "]]>", "æ", "\u2028", " "])
TEXTS = st.lists(st.one_of(st.text(max_size=8), _SPECIAL), max_size=12).map("".join)
ENTITIES = st.dictionaries(st.one_of(_SPECIAL, st.text(min_size=1, max_size=2)), st.text(max_size=6), max_size=3)


@given(TEXTS, ENTITIES)
def test_escape_is_that_of_saxutils(text: str, entities: dict[str, str]) -> None:
    assert escape(text) == saxutils.escape(text)
    assert escape(text, entities) == saxutils.escape(text, entities)


@given(TEXTS, ENTITIES)
def test_quoteattr_is_that_of_saxutils(text: str, entities: dict[str, str]) -> None:
    assert quoteattr(text) == saxutils.quoteattr(text)
    assert quoteattr(text, entities) == saxutils.quoteattr(text, entities)


def test_the_cases_that_choose_the_quotes() -> None:
    assert quoteattr('a"b') == "'a\"b'"
    assert quoteattr("a'b") == '"a\'b"'
    assert quoteattr("a'\"b\n") == '"a\'&quot;b&#10;"'
    assert escape("<&>", {'"': "&quot;"}) == "&lt;&amp;&gt;"


def test_a_build_imports_neither_saxutils_nor_the_network_modules_it_brings(tmp_path: Path) -> None:
    script = f"""
import json, sys
sys.argv = ["anskaffelse", "build", {str(EXAMPLES / "eksempel-kommune.yaml")!r}, "-o", "ut"]
from anskaffelse.cli import main
try:
    main()
except SystemExit as exc:
    assert not exc.code, exc.code
print(json.dumps(sorted(m for m in ("xml.sax.saxutils", "urllib.request", "ssl") if m in sys.modules)))
"""
    run = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=180,
                         check=True)
    assert json.loads(run.stdout.strip().splitlines()[-1]) == []
    assert len(list((tmp_path / "ut").iterdir())) == 3
