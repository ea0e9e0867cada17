"""`anskaffelse diff` and `anskaffelse addendum`: show what changed between two versions, write the addendum.

`diff` prints to stdout (its result) and exits 0 whether or not anything
changed; findings go to stderr. Changed words are struck through in red and
underlined in green on a colour terminal, and written `[-old-]{+new+}` (as
`git diff --word-diff=plain` does) where there is no colour.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ..changes.model import ADDED, EQUAL, REMOVED, AnswerForm, FieldChange, RequirementChange, SpecificationDiff
from ..changes.versions import Comparison
from ..changes.words import shorten
from ..diagnostics import display_path, dumps, printable
from ..locale.messages import _, ngettext
from ..resolved import Deliverable, SpecRequirement
from .common import print_diagnostics, stderr_console


def run_diff(old: Path, new: Path, member: str | None, lang: str | None, library: Path | None,
             as_json: bool) -> int:
    from ..api import diff
    from ..changes.data import comparison_data

    comparison = diff(old, new, member, lang, library)
    if as_json:
        typer.echo(dumps(comparison_data(comparison)))
        return 0
    print_diagnostics(list(comparison.old.warnings + comparison.new.warnings))
    from rich.console import Console

    print_comparison(Console(highlight=False), comparison)
    return 0


def run_addendum(old: Path, new: Path, out: Path, number: int, formats: list[str] | None, lang: str | None,
                 library: Path | None, as_json: bool) -> int:
    from ..api import addendum
    from ..changes.data import summary

    result = addendum(old, new, out, number, formats, lang, library)
    if as_json:
        typer.echo(dumps({"ok": True, "number": result.number, "fingerprint": result.fingerprint,
                          "outputs": [str(p) for p in result.outputs], "summary": summary(result.changes),
                          "warnings": [w.to_dict() for w in result.warnings]}))
        return 0
    print_diagnostics(list(result.warnings))
    console = stderr_console()
    console.print(_("{file}: addendum {number}, {summary}").format(
        file=printable(display_path(new)), number=result.number, summary=summary_line(result.changes)),
        style="green", markup=False)
    for path in result.outputs:
        console.print(f"  {printable(display_path(path))}", markup=False)
    return 0


def print_comparison(console: Any, comparison: Comparison) -> None:
    from rich.text import Text

    changes = comparison.changes
    plain = console.color_system is None or console.no_color
    old, new = display_path(comparison.old.path), display_path(comparison.new.path)
    head = (_("{old} → {new} (member {member})").format(old=old, new=new, member=comparison.member)
            if comparison.member else f"{old} → {new}")
    console.print(Text(printable(head), style="bold"))
    if changes.tender:
        console.print(_table(_("Tender"), (_("Field"), _("Old"), _("New")),
                             [(_field(c.field), _value(c.old, c.field), _value(c.new, c.field))
                              for c in changes.tender]))
    if changes.requirements:
        rows = [(c.id, _kind(c.kind), _requirement_text(c, plain)) for c in changes.requirements]
        console.print(_table(_("Requirements"), ("ID", _("Change"), _("What changed")), rows))
    for title, name, items in ((_("Award criteria"), _("Criterion"), changes.award_criteria),
                               (_("Price form"), _("Element"), changes.price_form),
                               (_("Chapters"), _("Chapter"), changes.chapters)):
        if items:
            rows = [(getattr(c, "name", "") or getattr(c, "key", "") or _("(form)"), _kind(c.kind),
                     _fields_text(c.fields, plain)) for c in items]
            console.print(_table(title, (name, _("Change"), _("What changed")), rows))
    console.print(Text(summary_line(changes)), soft_wrap=True)


def summary_line(changes: SpecificationDiff) -> str:
    if changes.empty:
        return _("no changes")
    added, removed, changed = changes.count(ADDED), changes.count(REMOVED), changes.count("changed")
    parts = [ngettext("{added} added, {removed} removed, {changed} changed requirement(s)",
                      "{added} added, {removed} removed, {changed} changed requirement(s)",
                      added + removed + changed).format(added=added, removed=removed, changed=changed)]
    counts = ((len(changes.tender), ngettext("{count} tender field(s) changed", "{count} tender field(s) changed",
                                             len(changes.tender))),
              (len(changes.award_criteria), ngettext("{count} award criteria changed", "{count} award criteria changed",
                                                     len(changes.award_criteria))),
              (len(changes.price_form), ngettext("{count} price form line(s) changed",
                                                 "{count} price form line(s) changed", len(changes.price_form))),
              (len(changes.chapters), ngettext("{count} chapter(s) changed", "{count} chapter(s) changed",
                                               len(changes.chapters))))
    parts += [text.format(count=count) for count, text in counts if count]
    return "; ".join(parts)


def _field(field: str) -> str:
    """A field that changed, as the user reads it (the JSON keeps the key)."""
    names = {
        "title": _("title"), "text": _("text"), "parameter": _("parameter"), "obligation": _("obligation"),
        "weight": _("weight"), "answer_form": _("answer_form"), "members": _("members"), "option": _("option"),
        "fulfilment": _("fulfilment"), "description": _("description"), "price_model": _("price_model"),
        "price_years": _("price_years"), "price_includes": _("price_includes"), "deliverable": _("deliverable"),
        "band": _("band"), "requirements": _("requirements"), "years": _("years"), "unit": _("unit"),
        "quantity": _("quantity"), "per_year": _("per_year"), "place": _("place"), "reference": _("reference"),
        "procedure": _("procedure"), "contract_standard": _("contract_standard"), "deadline": _("deadline"),
        "date": _("date"), "version": _("version"), "award_basis": _("award_basis"),
    }
    return names.get(field, field)


def _kind(kind: str) -> str:
    """added, removed or changed, as the user reads it."""
    return {ADDED: _("added"), REMOVED: _("removed"), "changed": _("changed")}.get(kind, kind)


def _table(title: str, header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> Any:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left", show_lines=False)
    table.add_column(header[0], no_wrap=True)
    for name in header[1:]:
        table.add_column(name)
    for row in rows:
        table.add_row(*(cell if isinstance(cell, Text) else Text(printable(str(cell))) for cell in row))
    return table


def _requirement_text(change: RequirementChange, plain: bool) -> Any:
    from rich.text import Text

    req = change.requirement
    if change.kind != "changed":
        return Text(printable(f"{req.title} ({_obligation(req)})"))
    return _fields_text(change.fields, plain, change)


def _fields_text(fields: tuple[FieldChange, ...], plain: bool, of: RequirementChange | None = None) -> Any:
    from rich.text import Text

    text = Text()
    for n, change in enumerate(fields):
        if n:
            text.append("\n")
        label = f"{_field(change.field)} {change.name}" if change.name else _field(change.field)
        text.append(printable(f"{label}: "), style="bold")
        if change.words:
            _append_words(text, change, plain)
        elif change.field == "obligation" and of is not None and of.old is not None and of.new is not None:
            text.append(printable(f"{_obligation(of.old)} → {_obligation(of.new)}"))
        else:
            text.append(printable(f"{_value(change.old, change.field)} → {_value(change.new, change.field)}"))
    return text


def _append_words(text: Any, change: FieldChange, plain: bool) -> None:
    for run in shorten(change.words):
        shown = printable(run.text)
        if run.kind == EQUAL:
            text.append(shown)
            continue
        words, space = shown.rstrip(), shown[len(shown.rstrip()):]
        if plain:
            text.append(f"[-{words}-]" if run.kind == REMOVED else f"{{+{words}+}}")
        else:
            text.append(words, style="strike red" if run.kind == REMOVED else "underline green")
        text.append(space)


def _obligation(req: SpecRequirement) -> str:
    if req.obligation != "evaluert":
        return req.obligation
    return _("{obligation}, weight {weight}").format(obligation=req.obligation, weight=req.weight)


def _value(value: object, field: str) -> str:
    if isinstance(value, AnswerForm):
        shown = value.type + (f" ({value.unit})" if value.unit else "")
        return shown + (": " + " / ".join(value.options) if value.options else "")
    if isinstance(value, Deliverable):
        shown = _("{name} (weight {weight})").format(name=value.name, weight=value.weight)
        return shown + (f": {value.description}" if value.description else "")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, tuple):
        return ", ".join(value) if value else _("all members") if field == "members" else _("(none)")
    if value is None or value == "":
        return _("(none)")
    return str(value)
