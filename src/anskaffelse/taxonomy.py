"""The names a profile can use, as the library defines them: areas, modules, tags, kinds, user stories.

A profile selects by these names (`select: areas: [hjemmetjeneste]`), and the
most common mistake is a name the library does not know. This module lists
them with their display names and how many requirements carry each, so that
`anskaffelse list areas` (and a script, through the API) can show them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .locale.messages import _
from .model import ALL_AREAS, Library

VOCABULARIES = ("areas", "modules", "tags", "kinds", "stories")
"""What `anskaffelse list WHAT` shows, in the order of the help text."""


@dataclass(frozen=True, slots=True)
class VocabularyEntry:
    """One name a profile can use."""

    id: str
    name: str
    """The display name in the chosen language; '' for tags, which have none."""
    requirements: int
    """How many current (not deprecated) requirements carry this name."""


def vocabulary_entries(library: Library, what: str, lang: str) -> list[VocabularyEntry]:
    """The entries of one vocabulary (`what` is one of `VOCABULARIES`) in library order; tags sorted."""
    current = [r for r in library.requirements() if not r.deprecated]
    if what == "areas":
        counts = Counter(a for r in current for a in r.areas)
        return [VocabularyEntry(a.id, a.name.get(lang), counts[a.id]) for a in library.areas]
    if what == "modules":
        return [VocabularyEntry(m.id, m.title.get(lang), sum(not r.deprecated for r in m.requirements))
                for m in library.modules]
    if what == "tags":
        counts = Counter(t for r in current for t in r.tags)
        return [VocabularyEntry(tag, "", counts[tag]) for tag in sorted(counts)]
    if what == "kinds":
        counts = Counter(r.kind for r in current)
        return [VocabularyEntry(k.id, k.name.get(lang), counts[k.id]) for k in library.kinds]
    if what == "stories":
        counts = Counter(s for r in current for s in r.user_stories)
        return [VocabularyEntry(s.id, s.title.get(lang), counts[s.id]) for s in library.user_stories]
    raise ValueError(_("unknown vocabulary {what}; one of {names}").format(what=repr(what),
                                                                           names=", ".join(VOCABULARIES)))


def for_all_areas(library: Library) -> int:
    """Current requirements marked for every service area: any selection of areas includes them."""
    return sum(ALL_AREAS in r.areas for r in library.requirements() if not r.deprecated)


def all_tags(library: Library) -> set[str]:
    return {t for r in library.requirements() for t in r.tags}
