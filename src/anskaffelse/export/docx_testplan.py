"""The acceptance test protocol (godkjenningsprøve) as a Word document.

Under the SSA contracts the customer tests the delivery against the
requirements before it accepts it. The protocol has one test case per
requirement of the specification, in the specification's order: the method,
the steps and the expected result from the library, boxes for the outcome, a
field for remarks, and the signatures of both parties at the end. A
requirement the library gives no verification for (a local requirement) says
so rather than invent steps.
"""

from __future__ import annotations

from typing import Any

from ..locale import long_date, texts
from ..resolved import Specification, SpecRequirement
from . import ExportOptions
from . import wordml as w
from .docx import word_document
from .docx_body import GREY, TEXT_WIDTH, Outline

LABEL_WIDTH = 2300
BOX = "\u2610"
"""An empty ballot box: ticked by hand on the printed protocol, or typed over in Word."""


def export_testplan_docx(spec: Specification, options: ExportOptions) -> bytes:
    words = texts(spec.language)
    first = next(spec.requirements(), None)
    return word_document(spec, options, words["testplan"]["title"],
                         lambda styles, _package: testplan_body(spec, words, styles, not options.for_print),
                         first.id if first else words["testplan"]["title"])


def testplan_body(spec: Specification, words: dict[str, Any], styles: dict[str, str], toc_note: bool) -> str:
    t, d = words["testplan"], words["document"]
    outline = Outline(styles)
    parts = [outline.heading(t["intro_heading"], 1)]
    parts += [w.text_paragraph(line) for line in t["intro"]]
    for module in spec.modules:
        if module.requirements:
            parts.append(outline.heading(module.title, 1))
            parts += [_test_case(req, words) for req in module.requirements]
    parts.append(outline.heading(t["signature_heading"], 1))
    parts.append(w.text_paragraph(t["signature_intro"]))
    parts.append(_signatures(t))
    toc = [w.text_paragraph(d["toc"], styles["Subtitle"]), outline.table_of_contents()]
    if toc_note:
        toc.append(w.paragraph(w.run(d["toc_placeholder"], size=16, colour=GREY)))
    toc.append(w.page_break())
    return _cover(spec, words, styles) + "".join(toc) + "".join(parts)


def _cover(spec: Specification, words: dict[str, Any], styles: dict[str, str]) -> str:
    t, d, tender = words["testplan"], words["document"], spec.tender
    rows = [
        (d["buyers"], "\n".join(b.name for b in tender.buyers)),
        (d["reference"], tender.reference),
        (t["specification"], f"{d['version']} {tender.version}, {long_date(tender.date, tender.language)}"),
        (d["contract_standard"], tender.contract_standard or words["not_given"]),
        (d["library"], f"{spec.library_name} {spec.library_version}"),
        (t["fingerprint"], spec.fingerprint),
    ]
    table = w.table((2800, TEXT_WIDTH - 2800), None,
                    ([w.paragraph(w.run(k, bold=True)), w.text_paragraph(v or words["not_given"])] for k, v in rows))
    return "".join([w.text_paragraph(tender.title, styles["Title"]),
                    w.text_paragraph(t["subtitle"], styles["Subtitle"]), table, w.page_break()])


def _test_case(req: SpecRequirement, words: dict[str, Any]) -> str:
    t = words["testplan"]
    check = req.verification
    method = t["methods"][check.method] if check else t["method_missing"]
    expected = check.expected if check and check.expected else t["expected_missing"]
    outcomes = "    ".join(f"{BOX} {name}" for name in t["outcomes"])
    rows = [
        (t["requirement_label"], w.paragraph(w.run(req.title, bold=True), space_after=40)
         + w.text_paragraph(req.text, space_after=0)),
        (t["method_label"], w.text_paragraph(method)),
    ]
    if req.fulfilment == "frist" and req.fulfilment_by:
        rows.append((t["fulfilment_label"], w.text_paragraph(req.fulfilment_by)))
    if check and check.steps:
        rows.append((t["steps_label"], "".join(w.text_paragraph(f"{i}. {step}", space_after=40)
                                               for i, step in enumerate(check.steps, 1))))
    rows += [
        (t["expected_label"], w.text_paragraph(expected)),
        (t["outcome_label"], w.text_paragraph(outcomes)),
        (t["remark_label"], w.paragraph(w.run("")) + w.paragraph(w.run(""))),
        (t["tested_label"], w.paragraph(w.run(""))),
    ]
    header = w.paragraph(w.run(f"{req.id}  ", bold=True) + w.run(words["obligation"][req.obligation], colour=GREY),
                         keep_next=True, space_after=60)
    table = w.table((LABEL_WIDTH, TEXT_WIDTH - LABEL_WIDTH), None,
                    ([w.paragraph(w.run(label, bold=True, size=18)), content] for label, content in rows))
    return header + table + w.paragraph(w.run(""), space_after=120)


def _signatures(t: dict[str, Any]) -> str:
    half = TEXT_WIDTH // 2
    fields = t["signature_fields"]
    rows = [[w.paragraph(w.run(t["signature_customer"], bold=True)),
             w.paragraph(w.run(t["signature_supplier"], bold=True))]]
    rows += [[w.text_paragraph(f"{name}:", space_after=360)] * 2 for name in fields]
    return w.table((half, TEXT_WIDTH - half), None, rows)
