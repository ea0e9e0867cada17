"""Chapters the buyer writes: background, today's situation, timeline, contact, negotiation plan, and its own.

A profile keeps each chapter under `chapters:` by key, in Markdown, written in
the profile (`text:`) or in a file next to it (`file:`), as one text or one per
language. The files are read while the profile is checked (`read_chapters`,
through `infile`, the one reader of input files); resolution then only picks
the text in the document's language (`resolve_chapters`) and never reads.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, InputError, display_path, error, warning
from .limits import CHAPTER_FILE
from .locale import texts
from .locale.messages import _
from .localtext import pick
from .profile import MergedProfile, Origin
from .reading.load import forbidden_character, read_text
from .resolved import SpecChapter

KNOWN = ("background", "current_situation", "timeline", "contact", "negotiation")
"""Chapters the tool knows a title and a place for, in the order they are printed."""

PLACES = ("opening", "evaluation", "end")
"""After the introduction; after the evaluation model; after the requirements and standards."""

NEGOTIATED = "konkurranse-med-forhandling"
# In an anbudskonkurranse the buyer may not negotiate, only ask suppliers to clarify their tenders.
NO_NEGOTIATION = ("apen-anbudskonkurranse", "begrenset-anbudskonkurranse")


def default_place(key: str) -> str:
    # The negotiation plan belongs next to the evaluation model: both tell suppliers how the award is made.
    return "evaluation" if key == "negotiation" else "opening"


def read_chapters(merged: MergedProfile) -> list[Diagnostic]:
    """Fill `merged.chapter_texts` with each chapter's Markdown, reading files; findings for what cannot be read."""
    found: list[Diagnostic] = []
    for key, (chapter, origin) in merged.chapters.items():
        if ("text" in chapter) == ("file" in chapter):
            message = (_("chapter '{key}' has both 'text:' and 'file:'") if "text" in chapter
                       else _("chapter '{key}' has neither 'text:' nor 'file:'"))
            found.append(error("P045", message.format(key=key),
                               _("Write the chapter under 'text:', or name a Markdown file next to the "
                                 "profile under 'file:', not both."), **origin.where()))
            continue
        if "text" in chapter:
            merged.chapter_texts[key] = chapter["text"]
            continue
        files = chapter["file"]
        if isinstance(files, str):
            text = _read_file(key, files, origin, ("file",), found)
            if text is not None:
                merged.chapter_texts[key] = text
            continue
        per_language = {lang: _read_file(key, name, origin, ("file", lang), found) for lang, name in files.items()}
        merged.chapter_texts[key] = {lang: text for lang, text in per_language.items() if text is not None}
    return found


def _read_file(key: str, name: str, origin: Origin, sub: tuple[str, ...], found: list[Diagnostic]) -> str | None:
    """The Markdown of a chapter file, relative to the profile that names it; None after a finding."""
    path = origin.doc.path.parent / name
    shown = display_path(path)
    try:
        text = read_text(path, CHAPTER_FILE, _("chapter file"))
    except InputError as exc:
        problem = exc.diagnostics[0]
        if problem.line:  # something inside the file: show where it is
            found.append(dataclasses.replace(problem, code="P041", message=_in_chapter(key, problem.message)))
            return None
        message = problem.message if shown in problem.message else f"{problem.message} ({shown})"
        hint = problem.hint
        if problem.code == "Y004":
            hint = _("The path is relative to the profile that names it, so the file is looked for in "
                     "{folder}.").format(folder=_folder(path))
        found.append(error("P041", _in_chapter(key, message), hint, **origin.where(*sub)))
        return None
    character = forbidden_character(text, shown)
    if character is not None:
        found.append(dataclasses.replace(character, code="P041", message=_in_chapter(key, character.message)))
        return None
    return text


def _in_chapter(key: str, message: str) -> str:
    """A finding about a chapter's file, said of the chapter."""
    return _("chapter '{key}': {message}").format(key=key, message=message)


def _folder(path: Path) -> str:
    return display_path(path.parent) or "."


def check_procedure(merged: MergedProfile) -> list[Diagnostic]:
    """The chapters a procedure needs, and the ones it cannot have."""
    procedure = merged.tender.get("procedure")
    if procedure is None:
        return []
    value, origin = procedure
    if value == NEGOTIATED and "negotiation" not in merged.chapters:
        last = merged.chain[-1]
        # In a base profile it extends, the finding names the profile being built.
        message = (_("the procedure {procedure} needs a negotiation plan, and the profile has none")
                   if origin.doc is last else
                   _("the procedure {procedure} needs a negotiation plan, and the profile has none "
                     "(building {profile})"))
        return [error("P040", message.format(procedure=NEGOTIATED, profile=last.name),
                      _("Add 'negotiation:' under 'chapters:' with 'text:' or 'file:': the phases, how many "
                        "suppliers go on to each, what may be negotiated (never the minstekrav or the award "
                        "criteria), and whether you may award on the first tenders without negotiating."),
                      **origin.where())]
    if value in NO_NEGOTIATION and "negotiation" in merged.chapters:
        at = merged.chapters["negotiation"][1]
        return [warning("P044", _("the profile has a negotiation plan, but a {procedure} does not allow "
                                  "negotiation").format(procedure=value),
                        _("Remove the chapter 'negotiation', or choose {procedure} under "
                          "'tender: procedure:' if the procedure allows it.").format(procedure=NEGOTIATED),
                        **at.where())]
    return []


def resolve_chapters(merged: MergedProfile, lang: str) -> tuple[SpecChapter, ...]:
    """The chapters in document order, each in the document's language."""
    titles = texts(lang)["chapter_titles"]
    chapters = []
    for key, (chapter, _origin) in merged.chapters.items():
        markdown = pick(merged.chapter_texts.get(key, chapter.get("text")), lang)
        markdown = markdown.replace("\r\n", "\n").replace("\r", "\n")
        title = pick(chapter.get("title"), lang) or titles.get(key, key)
        chapters.append(SpecChapter(key, title, chapter.get("place") or default_place(key), markdown))
    rank = {key: i for i, key in enumerate(KNOWN)}
    # sorted() is stable: the buyer's own chapters keep the order the profiles give them.
    return tuple(sorted(chapters, key=lambda c: (PLACES.index(c.place), rank.get(c.key, len(KNOWN)))))


def chapter_fields(merged: MergedProfile) -> list[tuple[str, Any, Origin]]:
    """(field name, value, origin) of every text of every chapter, for the language check."""
    out = []
    for key, (chapter, origin) in merged.chapters.items():
        for name in ("title", "text", "file"):
            if name in chapter:
                out.append((f"chapters/{key}/{name}", chapter[name], Origin(origin.doc, (*origin.path, name))))
    return out
