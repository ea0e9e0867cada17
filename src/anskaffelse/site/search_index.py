"""The search index: one entry per requirement, embedded as a script so it loads from disk (no fetch())."""

from __future__ import annotations

import json

from ..model import Library, Requirement
from .requirement import Names, requirement_text


def search_script(library: Library, lang: str) -> str:
    """`window.KRAV_INDEX = [...]`: per requirement its ID, the words to search and the values to filter by."""
    names = Names.of(library, lang)
    entries = [_entry(req, names) for req in library.requirements() if not req.deprecated]
    # "</" inside a JSON string could end a <script> element if the file were ever inlined.
    data = json.dumps(entries, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
    return f"window.KRAV_INDEX = {data};\n"


def _entry(req: Requirement, names: Names) -> dict[str, object]:
    lang = names.lang
    words = " ".join([req.id, req.title.get(lang), requirement_text(req, lang), req.guidance.get(lang),
                      " ".join(req.tags), " ".join(req.standards), names.modules.get(req.module, "")])
    return {
        "id": req.id,
        "text": " ".join(words.lower().split()),
        "module": req.module,
        "areas": list(req.areas),
        "tags": list(req.tags),
        "obligation": req.obligation,
        "standards": list(req.standards),
    }
