"""`escape` and `quoteattr` as `xml.sax.saxutils` has them, without what importing that module costs.

`xml.sax.saxutils` imports `urllib.request`, and with it `http.client`, `email` and
`ssl`: about a hundredth of a second of every command that writes a document,
for two small functions. These give the same results character for character
(tests/test_xmlescape.py compares them).
"""

from __future__ import annotations

from collections.abc import Mapping

_EMPTY: Mapping[str, str] = {}
_ATTRIBUTE_ENTITIES = {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def escape(data: str, entities: Mapping[str, str] = _EMPTY) -> str:
    """`&`, `<` and `>` as entities, then each key of `entities` replaced by its value."""
    data = data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    for key, value in entities.items():
        data = data.replace(key, value)
    return data


def quoteattr(data: str, entities: Mapping[str, str] = _EMPTY) -> str:
    """`data` escaped and quoted for an attribute value, quotes and all."""
    data = escape(data, {**entities, **_ATTRIBUTE_ENTITIES})
    if '"' in data:
        if "'" in data:
            return '"{}"'.format(data.replace('"', "&quot;"))
        return f"'{data}'"
    return f'"{data}"'
