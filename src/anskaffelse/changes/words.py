"""A text change word by word: which words were taken out and which put in.

Words are compared without the space that follows them, so a word is not
changed by what comes after it; a different space after an equal word (a line
break for a space) is shown as a change of that space alone. The runs give back
both texts exactly, and a reader sees whole words struck out or added, never
parts of words.
"""

from __future__ import annotations

import difflib
import re

from .model import ADDED, EQUAL, REMOVED, WordRun

_WORD = re.compile(r"(\S*)(\s*)")
"""A word and the space after it; a text that starts with space starts with an empty word."""


def words_of(text: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in _WORD.finditer(text) if m.group(0)]


def word_diff(old: str, new: str) -> tuple[WordRun, ...]:
    """`old` and `new` as runs of equal, removed and added words, in reading order.

    Joining the equal and removed runs gives `old`; the equal and added runs give `new`.
    """
    before, after = words_of(old), words_of(new)
    # autojunk would treat frequent words ('og', 'skal') as noise in long texts and align worse.
    matcher = difflib.SequenceMatcher(None, [w for w, _ in before], [w for w, _ in after], autojunk=False)
    runs: list[WordRun] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for (word, space_old), (_, space_new) in zip(before[i1:i2], after[j1:j2], strict=True):
                _append(runs, EQUAL, word)
                if space_old == space_new:
                    _append(runs, EQUAL, space_old)
                else:
                    _append(runs, REMOVED, space_old)
                    _append(runs, ADDED, space_new)
            continue
        _append(runs, REMOVED, "".join(w + sp for w, sp in before[i1:i2]))
        _append(runs, ADDED, "".join(w + sp for w, sp in after[j1:j2]))
    return tuple(runs)


def _append(runs: list[WordRun], kind: str, text: str) -> None:
    if not text:
        return
    if runs and runs[-1].kind == kind:
        runs[-1] = WordRun(kind, runs[-1].text + text)
    else:
        runs.append(WordRun(kind, text))


def old_text(runs: tuple[WordRun, ...]) -> str:
    return "".join(r.text for r in runs if r.kind != ADDED)


def new_text(runs: tuple[WordRun, ...]) -> str:
    return "".join(r.text for r in runs if r.kind != REMOVED)


def shorten(runs: tuple[WordRun, ...], context: int = 4) -> tuple[WordRun, ...]:
    """The runs with long stretches of equal words cut down to `context` words on each side of a change,
    the cut marked '… ', for a terminal line that shows what changed rather than the whole text."""
    shown: list[WordRun] = []
    for n, run in enumerate(runs):
        if run.kind != EQUAL:
            shown.append(run)
            continue
        tokens = [word + space for word, space in words_of(run.text) if word]
        keep_head = context if n > 0 else 0
        keep_tail = context if n < len(runs) - 1 else 0
        if len(tokens) <= keep_head + keep_tail + 1:
            shown.append(run)
            continue
        head = "".join(tokens[:keep_head])
        tail = "".join(tokens[len(tokens) - keep_tail:]) if keep_tail else ""
        shown.append(WordRun(EQUAL, f"{head}… {tail}" if keep_tail or not head else f"{head}…"))
    return tuple(shown)
