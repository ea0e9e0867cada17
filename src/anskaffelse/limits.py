"""Upper limits on the texts of profiles and libraries, and why each is what it is.

The JSON Schemas (`schemas/*.json`) enforce them as `maxLength` and
`maxItems`, so editors show them too; a test checks that the
schemas and these numbers agree and that no text in any schema is unlimited
(`tests/test_hostile_values.py`).
Numbers have their own bound, `load.MAX_NUMBER`.
"""

from __future__ import annotations

EXCEL_CELL = 32_767
"""Excel holds at most this many characters in one cell; a longer text gets the file a repair prompt.
Every text of the response workbook is one cell, so no text may be longer, even with its parameters filled in."""

LONG_TEXT = 10_000
"""Requirement texts, guidance, rationale, descriptions and user stories: a requirement is a paragraph or
a few; 10,000 characters is some four pages, and leaves room in its cell for the filled-in parameters."""

TITLE = 300
"""Titles of tenders, requirements, modules and user stories, and answer options: the tender title is repeated
in the header of every page, and a requirement title heads its row; two lines of text is plenty."""

NAME = 200
"""Names of buyers, award criteria, standards and their owners: the names of all buyers share one cell of the
workbook, and a name stands on one line of the cover page."""

MAX_BUYERS = 100
"""Buyers in one tender: the largest purchasing collaborations have a few dozen members, and all their names
(at most `NAME` characters each) must fit in one cell."""

REFERENCE = 100
"""The case reference ('2026/1234') stands in page headers and on the cover page."""

IDENTIFIER = 100
"""IDs, namespaces, module, area and tag names, version ranges: short codes by nature, shown in narrow columns."""

UNIT = 50
"""Units ('%', 'virkedager'): shown after every value and in the response-type column."""

PARAMETER_TEXT = 1_000
"""Text values and choices of parameters: they are filled into a requirement text, possibly more than once."""

JUSTIFICATION = 2_000
"""Justifications of changed texts and reasons for suppressed lint rules:
a few sentences, printed in tables."""

PATH = 1_000
"""File names in 'extends:' and 'template:': a path relative to the profile; systems allow at most 4,096 bytes."""

URL = 2_000
"""Web addresses of standards: browsers and servers commonly stop at about 2,000 characters."""

CHAPTER_FILE = 200_000
"""A chapter kept in a Markdown file next to the profile: some sixty pages of text. A chapter is the buyer's
background, timeline or negotiation plan, not an appendix; a larger file is most likely the wrong file."""
