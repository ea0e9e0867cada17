"""Every finding of the bad-input corpus is byte-identical to what the code gave before the faster loader.

`tests/fixtures/golden/findings.txt` was produced by running `python -m tests.golden_corpus`
on main's code BEFORE the loader, schema checks and cache were made faster (issue 13): first
at bc04ccd, then again at 5e9ee43 and fd9c846, each time main itself had changed messages
(the hint of P054; P001 and S002 for names that may be modules or stories). Any change in
a message, hint, file, line or column fails here. Each library
is checked twice, the second time with the unchanged files served from the library cache,
so positions read back from the cache are held to the same standard.
"""

from __future__ import annotations

import difflib

from .golden_corpus import GOLDEN, collect


def test_findings_are_those_of_the_code_before_the_faster_loader(tmp_path):
    expected = GOLDEN.read_text(encoding="utf-8").splitlines()
    actual = collect(tmp_path.resolve(), repeat=2)
    if actual != expected:
        diff = "\n".join(list(difflib.unified_diff(expected, actual, "before", "now", lineterm=""))[:80])
        raise AssertionError(f"findings changed:\n{diff}")


def test_the_corpus_reaches_every_stage_of_the_checks():
    """The corpus is worth keeping only while it provokes findings from each stage."""
    text = GOLDEN.read_text(encoding="utf-8")
    for code in ("Y001", "Y002", "Y003", "Y006", "Y007", "Y008", "Y010", "S002", "S003", "S004", "S005",
                 "S006", "S008", "L001", "L003", "L005", "L011", "L016", "L017", "P001", "Q001", "Q005"):
        assert f" {code} " in text, code
