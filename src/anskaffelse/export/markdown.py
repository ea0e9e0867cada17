"""The buyer's chapters: a small Markdown subset turned into WordprocessingML.

Supported: headings (`##`, `###`; a single `#` counts as `##`, since the
chapter title is the first level), paragraphs (a line ending in two spaces or
a backslash breaks the line), bullet lists (`-`, `*`, `+`) and numbered lists
(`1.`, `1)`), nested by indentation up to three levels, `**bold**`,
`*italic*`, simple pipe tables with a `|---|` line under the header, and links
`[text](https://…)` (also `mailto:`). Everything else is literal text: no
HTML, no images, no code. Every text goes through `wordml.run`, which escapes
it, so no Markdown can put its own XML into the document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from . import wordml as w

MAX_COLUMNS = 12
"""Columns of a chapter table; more would be narrower than a word. Extra cells join the last column."""

LINK_COLOUR = "0563C1"

MAX_EMPHASIS = 300
"""Characters in one bold or italic span: a sentence or two; a longer '**...**' is printed as written."""

# Every pattern here is written so that no two quantifiers can match the same characters: a
# chapter file may come from anyone, and an ambiguous pattern takes time that grows with the
# square (or worse) of a line's length. A closing '###' of a heading is removed without a pattern.
_HEADING = re.compile(r"^(#{1,3})[ \t]+(.*)$")
_ITEM = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])[ \t]+(.*)$")
_TABLE_ROW = re.compile(r"^[ \t]*\|")
_SEPARATOR = re.compile(r"^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_INLINE = re.compile(
    r"\\(?P<escaped>[\\`*_{}\[\]()#+\-.!|<>~])"
    r"|(?<!!)\[(?P<label>[^\[\]\n]+)\]\((?P<url>(?:https?://|mailto:)[^\s()<>\"]+)\)"
    # Emphasis spans at most MAX_EMPHASIS characters, so an unclosed '**' is not followed to the end.
    r"|\*\*(?P<bold>[^\s*](?:[^\n]{0," + str(MAX_EMPHASIS - 2) + r"}?[^\s\\])?)\*\*(?!\*)"
    r"|(?<![*\w])\*(?P<italic>[^\s*](?:[^*\n]{0," + str(MAX_EMPHASIS - 2) + r"}?[^\s*\\])?)\*(?![*\w])"
)


# ---------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    """Inline Markdown; '\\n' where the writer broke the line."""


@dataclass(frozen=True)
class Item:
    level: int
    ordered: bool
    text: str


@dataclass
class ListBlock:
    items: list[Item] = field(default_factory=list)


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Heading | Paragraph | ListBlock | Table


def parse_blocks(markdown: str) -> list[Block]:
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        heading = _HEADING.match(line)
        if not line.strip():
            i += 1
        elif heading:
            blocks.append(Heading(2 if len(heading.group(1)) < 3 else 3, _heading_text(heading.group(2))))
            i += 1
        elif _starts_table(lines, i):
            i = _table(lines, i, blocks)
        elif _ITEM.match(line):
            i = _list(lines, i, blocks)
        else:
            i = _paragraph(lines, i, blocks)
    return blocks


def _heading_text(text: str) -> str:
    """The heading without its closing '#'s ('## Mål ##' is 'Mål')."""
    text = text.rstrip(" \t")
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        text = bare.rstrip(" \t")
    return text


def _starts_table(lines: list[str], i: int) -> bool:
    return (_TABLE_ROW.match(lines[i]) is not None and i + 1 < len(lines)
            and "|" in lines[i + 1] and _SEPARATOR.match(lines[i + 1].strip(" \t")) is not None)


def _ends_paragraph(lines: list[str], i: int) -> bool:
    line = lines[i]
    return not line.strip() or bool(_HEADING.match(line)) or bool(_ITEM.match(line)) or _starts_table(lines, i)


def _paragraph(lines: list[str], i: int, blocks: list[Block]) -> int:
    parts: list[str] = []
    while i < len(lines) and (not parts or not _ends_paragraph(lines, i)):
        line = lines[i]
        hard_break = line.endswith("  ") or (line.endswith("\\") and not line.endswith("\\\\"))
        text = line.strip().removesuffix("\\") if hard_break else line.strip()
        parts.append(text + ("\n" if hard_break else " "))
        i += 1
    blocks.append(Paragraph("".join(parts).rstrip()))
    return i


def _indent(text: str) -> int:
    return len(text.expandtabs(4))


def _list(lines: list[str], i: int, blocks: list[Block]) -> int:
    block = ListBlock()
    indents: list[int] = []
    while i < len(lines):
        line = lines[i]
        item = _ITEM.match(line)
        if item:
            width = _indent(item.group(1))
            while indents and width < indents[-1]:
                indents.pop()
            if not indents or width > indents[-1]:
                indents.append(width)
            level = min(len(indents) - 1, 2)
            block.items.append(Item(level, item.group(2)[0].isdigit(), item.group(3).strip()))
        elif line.strip() and line[:1] in " \t" and block.items:
            last = block.items[-1]  # a continuation line of the item above
            block.items[-1] = Item(last.level, last.ordered, f"{last.text} {line.strip()}")
        elif not line.strip() and _next_is_item(lines, i):
            pass  # a blank line between items: the list goes on
        else:
            break
        i += 1
    blocks.append(block)
    return i


def _next_is_item(lines: list[str], i: int) -> bool:
    following = next((line for line in lines[i + 1:] if line.strip()), "")
    return bool(_ITEM.match(following))


def _cells(line: str) -> list[str]:
    text = line.strip()
    text = text.removeprefix("|")
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return [cell.strip().replace("\\|", "|") for cell in _CELL_SPLIT.split(text)]


def _table(lines: list[str], i: int, blocks: list[Block]) -> int:
    header = _cells(lines[i])[:MAX_COLUMNS]
    i += 2  # the header and the |---| line under it
    rows = []
    while i < len(lines) and _TABLE_ROW.match(lines[i]):
        cells = _cells(lines[i])
        if len(cells) > len(header):
            cells = [*cells[:len(header) - 1], " | ".join(cells[len(header) - 1:])]
        rows.append(tuple(cells + [""] * (len(header) - len(cells))))
        i += 1
    blocks.append(Table(tuple(header), tuple(rows)))
    return i


# ---------------------------------------------------------------- inline text


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False
    url: str = ""


def parse_inline(text: str, bold: bool = False, italic: bool = False, url: str = "") -> list[Span]:
    spans: list[Span] = []
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            spans.append(Span(text[position:match.start()], bold, italic, url))
        if match.group("escaped") is not None:
            spans.append(Span(match.group("escaped"), bold, italic, url))
        elif match.group("label") is not None and not url:
            spans += parse_inline(match.group("label"), bold, italic, match.group("url"))
        elif match.group("bold") is not None:
            spans += parse_inline(match.group("bold"), True, italic, url)
        elif match.group("italic") is not None:
            spans += parse_inline(match.group("italic"), bold, True, url)
        else:  # a link inside a link text stays as it is written
            spans.append(Span(match.group(0), bold, italic, url))
        position = match.end()
    if position < len(text):
        spans.append(Span(text[position:], bold, italic, url))
    return spans


def plain_text(text: str) -> str:
    return "".join(span.text for span in parse_inline(text))


# ---------------------------------------------------------------- WordprocessingML


class WordPackage(Protocol):
    """What a chapter needs from the Word package around it."""

    def link(self, url: str) -> str:
        """The relationship ID of an outside address."""

    def bullets(self) -> int:
        """The numbering ID of bullet lists."""

    def numbered(self) -> int:
        """A numbering ID of its own for one numbered list, so that each list starts at 1."""


def render(markdown: str, heading: Callable[[str, int], str], package: WordPackage, text_width: int) -> str:
    """The chapter's body as WordprocessingML; `heading(text, level)` writes a numbered heading."""
    out = []
    for block in parse_blocks(markdown):
        if isinstance(block, Heading):
            out.append(heading(plain_text(block.text), block.level))
        elif isinstance(block, Paragraph):
            out.append(w.paragraph(_runs(block.text, package)))
        elif isinstance(block, ListBlock):
            out.append(_list_xml(block, package))
        else:
            out.append(_table_xml(block, package, text_width))
    return "".join(out)


def _runs(text: str, package: WordPackage) -> str:
    out = []
    for span in parse_inline(text):
        if span.url:
            link = w.run(span.text, bold=span.bold, italic=span.italic, colour=LINK_COLOUR, underline=True)
            out.append(w.hyperlink(package.link(span.url), link))
        else:
            out.append(w.run(span.text, bold=span.bold, italic=span.italic))
    return "".join(out)


def _list_xml(block: ListBlock, package: WordPackage) -> str:
    numbered: int | None = None
    out = []
    for item in block.items:
        if item.ordered:
            numbered = numbered if numbered is not None else package.numbered()
            num_id = numbered
        else:
            num_id = package.bullets()
        out.append(w.paragraph(_runs(item.text, package), numbering=(num_id, item.level), space_after=60))
    return "".join(out)


def _table_xml(block: Table, package: WordPackage, text_width: int) -> str:
    count = len(block.header)
    widths = [text_width // count] * count
    widths[-1] += text_width - sum(widths)
    rows = ([w.paragraph(_runs(cell, package)) for cell in row] for row in block.rows)
    return w.table(widths, [plain_text(h) for h in block.header], rows) + w.paragraph("")
