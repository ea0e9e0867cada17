"""Small HTML building blocks; every text goes through `esc`, so library and profile texts stay data."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def tag(name: str, content: str, /, **attrs: str | None) -> str:
    """`<name attrs>content</name>`; `content` must already be HTML (escape texts with `esc`)."""
    shown = "".join(f' {key.rstrip("_").replace("_", "-")}="{esc(value)}"'
                    for key, value in attrs.items() if value is not None)
    return f"<{name}{shown}>{content}</{name}>"


def link(href: str, text: str, /, **attrs: str | None) -> str:
    return tag("a", esc(text), href=href, **attrs)


def paragraphs(text: str) -> str:
    """A library text as paragraphs: a blank line starts a new one, a single newline breaks the line."""
    parts = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(tag("p", "<br>".join(esc(line) for line in p.split("\n"))) for p in parts)


def items(values: Iterable[str], ordered: bool = False) -> str:
    """A list of HTML items; empty string for no items."""
    shown = "".join(tag("li", value) for value in values)
    return tag("ol" if ordered else "ul", shown) if shown else ""


def facts(rows: Iterable[tuple[str, str]]) -> str:
    """A description list of (label, HTML value) pairs, leaving out empty values."""
    shown = "".join(tag("dt", esc(label)) + tag("dd", value) for label, value in rows if value)
    return tag("dl", shown, class_="facts") if shown else ""


def table(header: Iterable[str], rows: Iterable[Iterable[str]], label: str, caption: str = "") -> str:
    """A data table: header texts are escaped here, cells are HTML; `label` names its scrolling box."""
    head = tag("tr", "".join(tag("th", esc(h), scope="col") for h in header))
    body = "".join(tag("tr", "".join(tag("td", cell) for cell in row)) for row in rows)
    return scroll_box(tag("table", (tag("caption", esc(caption)) if caption else "")
                          + tag("thead", head) + tag("tbody", body)), label)


def scroll_box(content: str, label: str) -> str:
    """A table's box, which scrolls sideways when the table is wider than the window (a phone).

    Keyboard users scroll it with the arrow keys once it has focus, so it is in the tab order
    (WCAG 2.1.1), and a named region, so a screen reader says what it is when it gets focus.
    """
    return tag("div", content, class_="table-wrap", role="region", aria_label=label or None,
               tabindex="0")


def section(heading: str, content: str, level: int = 2, id_: str | None = None) -> str:
    if not content:
        return ""
    return tag("section", tag(f"h{level}", esc(heading), id=id_) + content)
