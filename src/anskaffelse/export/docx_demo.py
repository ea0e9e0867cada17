"""The demonstration scripts (manus) for the user stories of a specification, as a Word document.

A self-declared "ja" separates suppliers poorly; a scripted demonstration of
the municipality's own situations does better, and every supplier must be
shown the same script before the tenders are written (predictability). The
document holds one script per user story the specification prints: the test
data, the steps in order, what the evaluation panel looks for, and the
requirements the story realises.
"""

from __future__ import annotations

from typing import Any

from ..locale import texts
from ..resolved import Specification, SpecUserStory
from . import ExportOptions
from . import wordml as w
from .docx import word_document
from .docx_body import GREY, TEXT_WIDTH, Outline


def export_demo_docx(spec: Specification, options: ExportOptions) -> bytes:
    words = texts(spec.language)
    stories = [s for s in spec.user_stories if s.demo is not None]
    return word_document(spec, options, words["demo"]["title"],
                         lambda styles, _package: demo_body(spec, stories, words, styles, not options.for_print),
                         stories[0].id if stories else words["demo"]["none"])


def demo_body(spec: Specification, stories: list[SpecUserStory], words: dict[str, Any], styles: dict[str, str],
              toc_note: bool) -> str:
    m, d = words["demo"], words["document"]
    outline = Outline(styles)
    parts = [outline.heading(m["intro_heading"], 1)]
    parts += [w.text_paragraph(line) for line in m["intro"]]
    if not stories:
        parts.append(w.text_paragraph(m["none"]))
    for story in stories:
        parts.append(_script(story, m, outline, styles))
    toc = [w.text_paragraph(d["toc"], styles["Subtitle"]), outline.table_of_contents()]
    if toc_note:
        toc.append(w.paragraph(w.run(d["toc_placeholder"], size=16, colour=GREY)))
    toc.append(w.page_break())
    cover = [w.text_paragraph(spec.tender.title, styles["Title"]), w.text_paragraph(m["subtitle"], styles["Subtitle"]),
             w.table((2800, TEXT_WIDTH - 2800), None, [
                 [w.paragraph(w.run(d["buyers"], bold=True)),
                  w.text_paragraph(", ".join(b.name for b in spec.tender.buyers) or words["not_given"])],
                 [w.paragraph(w.run(d["reference"], bold=True)),
                  w.text_paragraph(spec.tender.reference or words["not_given"])]]),
             w.page_break()]
    return "".join(cover) + "".join(toc) + "".join(parts)


def _script(story: SpecUserStory, m: dict[str, Any], outline: Outline, styles: dict[str, str]) -> str:
    demo = story.demo
    assert demo is not None
    parts = [outline.heading(f"{story.id} {story.title}", 2), w.text_paragraph(story.desired)]
    parts.append(w.paragraph(w.run(m["data_label"], bold=True), keep_next=True))
    parts.append(w.text_paragraph(demo.data))
    parts.append(w.paragraph(w.run(m["steps_label"], bold=True), keep_next=True))
    parts += [w.text_paragraph(f"{i}. {step}", space_after=60) for i, step in enumerate(demo.steps, 1)]
    parts.append(w.paragraph(w.run(m["look_for_label"], bold=True), keep_next=True))
    parts += [w.text_paragraph(item, styles["List Bullet"]) for item in demo.look_for]
    if story.requirements:
        parts.append(w.paragraph([w.run(f"{m['requirements_label']}: ", bold=True),
                                  w.run(", ".join(story.requirements))]))
    return "".join(parts)
