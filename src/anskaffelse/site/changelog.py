"""The library's CHANGELOG.md as a page, through the Markdown parser the Word chapters use.

Every text is escaped; links become links only for http(s) and mailto addresses (the parser's rule).
"""

from __future__ import annotations

from pathlib import Path

from ..export.markdown import Heading, Item, ListBlock, Paragraph, Table, parse_blocks, parse_inline
from .html import esc, scroll_box, tag

Node = tuple[Item, list["Node"]]


def changelog_html(markdown: str) -> str:
    """The changelog's blocks as HTML; the file's own title is left out (the page has its heading)."""
    blocks = parse_blocks(markdown)
    heading = ""
    if blocks and isinstance(blocks[0], Heading):
        heading = _plain(blocks[0].text)
        blocks = blocks[1:]
    shown = []
    for block in blocks:
        if isinstance(block, Heading):
            heading = _plain(block.text)
        shown.append(_block(block, heading))
    return "".join(shown)


def read_changelog(root: Path) -> str:
    path = root / "CHANGELOG.md"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def _block(block: Heading | Paragraph | ListBlock | Table, heading: str) -> str:
    """One block; `heading` is the text of the heading above it, which names a table's box."""
    if isinstance(block, Heading):
        return tag(f"h{block.level}", _inline(block.text))
    if isinstance(block, Paragraph):
        return tag("p", "<br>".join(_inline(line) for line in block.text.split("\n")))
    if isinstance(block, Table):
        head = tag("tr", "".join(tag("th", _inline(c), scope="col") for c in block.header))
        body = "".join(tag("tr", "".join(tag("td", _inline(c)) for c in row)) for row in block.rows)
        return scroll_box(tag("table", tag("thead", head) + tag("tbody", body)), heading)
    return _list(block)


def _list(block: ListBlock) -> str:
    """Nested items become nested lists; the parser gives each item its depth."""
    roots: list[Node] = []
    stack: list[tuple[int, list[Node]]] = [(-1, roots)]
    for item in block.items:
        while len(stack) > 1 and stack[-1][0] >= item.level:
            stack.pop()
        children: list[Node] = []
        stack[-1][1].append((item, children))
        stack.append((item.level, children))
    return _nested(roots)


def _nested(nodes: list[Node]) -> str:
    if not nodes:
        return ""
    name = "ol" if nodes[0][0].ordered else "ul"
    return tag(name, "".join(tag("li", _inline(item.text) + _nested(children)) for item, children in nodes))


def _plain(text: str) -> str:
    return "".join(span.text for span in parse_inline(text))


def _inline(text: str) -> str:
    shown = []
    for span in parse_inline(text):
        piece = esc(span.text)
        if span.bold:
            piece = tag("strong", piece)
        if span.italic:
            piece = tag("em", piece)
        if span.url:
            piece = tag("a", piece, href=span.url)
        shown.append(piece)
    return "".join(shown)
