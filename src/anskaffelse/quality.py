"""Requirement-quality rules: is each requirement singular, verifiable and neutral?

Validation asks whether a library or profile can be built; lint asks whether
its requirements are good tender text. Every rule has a code, a summary, the
reason it matters and a bad and a good example (`anskaffelse lint --explain`).
A requirement can switch a rule off only with a stated reason:

    lint_ignore:
      Q007: Kravet gjengir en definisjon fra forskriften ordrett.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from .diagnostics import Diagnostic
from .library import PLACEHOLDER
from .locale.messages import _
from .model import Requirement, Standard
from .quality_rules import RULES, Rule, RuleText, explain, rule_texts, rules_markdown
from .quality_words import (
    ABBREVIATION,
    BRANDS,
    DEFINITE,
    EQUIVALENT,
    MAX_WORDS,
    NUMBER,
    OBLIGATION,
    SHOULD,
    VAGUE,
    WORD,
)

__all__ = ["RULES", "Rule", "RuleText", "explain", "lint_library", "lint_profile", "lint_requirement", "rule_texts",
           "rules_markdown"]

Where = Callable[..., dict[str, Any]]


def _finding(code: str, message: str, hint: str, at: dict[str, Any]) -> Diagnostic:
    r = RULES[code]
    return Diagnostic(r.severity, code, message, hint, **at)


def lint_requirement(req: Requirement, where: Where, standards: dict[str, Standard],
                     languages: Iterable[str], *, library: bool = True,
                     has_areas: bool = True) -> list[Diagnostic]:
    """Every finding for one requirement, with suppressions applied."""
    found: list[Diagnostic] = []
    texts = {lang: req.text.get(lang) for lang in languages if req.text.has(lang)}
    for lang, text in texts.items():
        found += _text_findings(req, lang, text, where, standards)
    if "nb" in texts and "nn" in texts:
        found += _out_of_step(req, texts["nb"], texts["nn"], where)
    used = {name for text in texts.values() for name in PLACEHOLDER.findall(text)}
    for param in req.parameters:
        if param.name not in used:
            found.append(_finding("Q009", _("{id}: parameter '{name}' is never used in the text").format(
                                      id=req.id, name=param.name),
                                  _("Put {placeholder} in the text, or remove the parameter.").format(
                                      placeholder=f"{{{param.name}}}"),
                                  where("parameters", param.name)))
    if not has_areas:
        found.append(_finding("Q010", _("{id} names no service area").format(id=req.id),
                              _("Add 'areas:' with the service areas, or [alle]."), where("id")))
    if library and (not req.guidance or not req.rationale):
        if not req.guidance:
            message, hint = _("{id} has no guidance"), _("Add 'guidance:' in every language of the library.")
        else:
            message, hint = _("{id} has no rationale"), _("Add 'rationale:' in every language of the library.")
        found.append(_finding("Q011", message.format(id=req.id), hint, where("id")))
    if library and not req.deprecated:
        found += _binding_findings(req, where)
    if req.obligation == "evaluert" and req.response.type in ("ja-nei", "ja-nei-delvis") and not req.deprecated:
        found.append(_finding("Q017", _("{id} is evaluated but answered '{type}'").format(
                                  id=req.id, type=req.response.type),
                              _("Ask for a description ('Beskriv hvordan …', response beskrivelse) or a "
                                "number, or make the requirement a minstekrav."), where("response", "type")))
    if req.obligation == "minstekrav" and req.response.type != "ja-nei":
        found.append(_finding("Q012", _("{id} is a minstekrav answered as '{type}'").format(
                                  id=req.id, type=req.response.type),
                              _("The documents ask for Ja/Nei only. Use response type ja-nei (in a profile: "
                                "tailor it with '{setting}'), or make the requirement evaluert.").format(
                                    setting="response: {type: ja-nei}"),
                              where("response", "type")))
    return _apply_suppressions(req, found, where)


def _binding_findings(req: Requirement, where: Where) -> list[Diagnostic]:
    missing = [name for name, value in (("subcriterion", req.subcriterion), ("fulfilment", req.fulfilment),
                                        ("verification", req.verification)) if not value]
    found = []
    if missing:
        found.append(_finding("Q015", _("{id} has no {fields}").format(id=req.id, fields=", ".join(missing)),
                              _("Add {fields} (see docs/library-format.md).").format(
                                  fields=", ".join(repr(m + ":") for m in missing)),
                              where("id")))
    if req.obligation == "evaluert" and not req.scoring:
        found.append(_finding("Q016", _("{id} is evaluated but does not say what earns 10, 5 and 0 points").format(
                                  id=req.id),
                              _("Add 'scoring:' with '10', '5' and '0' in every language of the library."),
                              where("id")))
    return found


def _text_findings(req: Requirement, lang: str, text: str, where: Where,
                   standards: dict[str, Standard]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    at = where("text", lang)
    for match in dict.fromkeys(m.group(0).lower() for m in VAGUE.finditer(text)):
        found.append(_finding("Q001", _("{id}: '{word}' in the {lang} text cannot be verified").format(
                                  id=req.id, word=match, lang=lang),
                              _("Say what can be checked: a measurable value, a named function or a document."), at))
    obligations = len(OBLIGATION.findall(text))
    if obligations > 1:
        found.append(_finding("Q002", _("{id}: the {lang} text has {count} obligations ('skal')").format(
                                  id=req.id, lang=lang, count=obligations),
                              _("Keep one 'skal' per requirement; move the rest to a new requirement."), at))
    if req.obligation == "minstekrav" and SHOULD.search(text):
        found.append(_finding("Q003", _("{id}: a minstekrav says 'bør' in the {lang} text").format(
                                  id=req.id, lang=lang),
                              _("Write 'skal', or make the requirement evaluert."), at))
    if obligations and not _has_actor(text):
        found.append(_finding("Q004", _("{id}: the {lang} text does not say who 'skal'").format(id=req.id, lang=lang),
                              _("Start with the party: 'Løsningen skal …' or 'Leverandøren skal …'."), at))
    for name in dict.fromkeys(m.group(0) for m in BRANDS.finditer(f"{req.title.get(lang)} {text}")):
        found.append(_finding("Q005", _("{id}: the {lang} text names the brand '{brand}'").format(
                                  id=req.id, lang=lang, brand=name),
                              _("Describe the need or the capability instead of a product."), at))
    if not EQUIVALENT.search(text):
        for std_id in req.standards:
            std = standards.get(std_id)
            named = _named_standard(std, text) if std else None
            if named:
                found.append(_finding("Q006", _("{id}: '{standard}' is named without 'eller tilsvarende' "
                                                "in the {lang} text").format(id=req.id, standard=named, lang=lang),
                                      _("Add 'eller tilsvarende' after the standard (nynorsk: 'eller tilsvarande')."),
                                      at))
    words = len(WORD.findall(PLACEHOLDER.sub("x", text))) if lang == "nb" else 0
    if lang == "nb" and words > MAX_WORDS:
        found.append(_finding("Q007", _("{id}: the text has {count} words (more than {limit})").format(
                                  id=req.id, count=words, limit=MAX_WORDS),
                              _("Keep the obligation in the text; move background to rationale or guidance."), at))
    return found


@functools.lru_cache(maxsize=4)
def _words(text: str) -> tuple[str, ...]:
    """The words of a text; asked for by two rules about each of the texts of a requirement in turn."""
    return tuple(WORD.findall(text))


def _has_actor(text: str) -> bool:
    tokens = _words(text)
    for i, token in enumerate(tokens):
        if token.lower() != "skal":
            continue
        neighbours = tokens[max(0, i - 1):i] + tokens[i + 1:i + 2]
        if any(DEFINITE.match(t) and t.lower() not in ("det", "da", "når", "ikke", "ikkje") for t in neighbours):
            return True
    return False


def _named_standard(std: Standard, text: str) -> str | None:
    """The name under which `text` cites a standard that needs 'eller tilsvarende', if it does."""
    if std.mandatory or std.kind != "standard":
        return None
    names = list(std.aliases) or re.findall(r"\(([^)]+)\)", std.name.nb)
    return next((n for n in names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text)), None)


def _out_of_step(req: Requirement, nb: str, nn: str, where: Where) -> list[Diagnostic]:
    problems = []
    if Counter(NUMBER.findall(nb)) != Counter(NUMBER.findall(nn)):
        problems.append(_("the numbers differ"))
    if set(PLACEHOLDER.findall(nb)) != set(PLACEHOLDER.findall(nn)):
        problems.append(_("the placeholders differ"))
    if set(ABBREVIATION.findall(nb)) != set(ABBREVIATION.findall(nn)):
        problems.append(_("the abbreviations differ"))
    nb_words, nn_words = len(_words(nb)), len(_words(nn))
    if nb_words and not 0.6 <= nn_words / nb_words <= 1.6:
        problems.append(_("the lengths differ ({nb} and {nn} words)").format(nb=nb_words, nn=nn_words))
    if not problems:
        return []
    return [_finding("Q008", _("{id}: bokmål and nynorsk are out of step: {problems}").format(
                         id=req.id, problems="; ".join(problems)),
                     _("Make both texts say the same; change them together."), where("text"))]


def _apply_suppressions(req: Requirement, found: list[Diagnostic], where: Where) -> list[Diagnostic]:
    ignored = dict(req.lint_ignore)
    kept = [d for d in found if d.code not in ignored]
    for code in ignored:
        if code not in RULES:
            kept.append(_finding("Q013", _("{id}: lint_ignore names unknown rule {code}").format(id=req.id, code=code),
                                 _("See 'anskaffelse lint --rules' for the rule codes."), where("lint_ignore", code)))
    return kept


def lint_library(loaded: Any) -> list[Diagnostic]:
    """Lint every requirement of a library (positions come from the YAML or from the library cache alike).

    The findings of each module's requirements are kept in the library cache (`library.lint_cache`);
    the check of each module as a whole is made every time.
    """
    from .library.lint_cache import ModuleLint

    lib = loaded.library
    standards = {s.id: s for s in lib.standards}
    found: list[Diagnostic] = []
    stored = ModuleLint(loaded, {code: rule.severity for code, rule in RULES.items()})
    for module in lib.modules:
        found += stored.findings(module.id, functools.partial(_lint_requirements, module.requirements, loaded,
                                                               standards))
    stored.save()
    for module in lib.modules:
        if not any(r.user_stories for r in module.requirements):
            found.append(_finding("Q014", _("module '{module}' is not traced to any user story").format(
                                      module=module.id),
                                  _("Link the requirements that realise a story with 'user_stories:'."),
                                  loaded.where(f"@module:{module.id}", "id")))
    return found


def _lint_requirements(requirements: Iterable[Requirement], loaded: Any,
                       standards: dict[str, Standard]) -> list[Diagnostic]:
    languages = loaded.library.languages
    return [d for req in requirements
            for d in lint_requirement(req, lambda *sub, r=req: loaded.where(r.id, *sub), standards, languages)]


def lint_profile(merged: Any, loaded: Any) -> list[Diagnostic]:
    """Lint what a valid profile builds: its selected library requirements and its local ones,
    each as the profile tailors it (obligation, answer form, title and text)."""
    from .resolve import local_requirements, select_requirements

    lang = merged.language
    standards = {s.id: s for s in loaded.library.standards}
    found: list[Diagnostic] = []
    for req in select_requirements(loaded.library, merged):
        tailor = merged.tailor.get(req.id, {})
        where = _tailored_where(tailor, lambda *sub, r=req: loaded.where(r.id, *sub))
        found += lint_requirement(_as_built(req, tailor, lang), where, standards, (lang,),
                                  library="text" not in tailor)
    for req, (item, origin) in zip(local_requirements(merged), merged.local_requirements, strict=True):
        tailor = merged.tailor.get(req.id, {})
        found += lint_requirement(_as_built(req, tailor, lang), _tailored_where(tailor, origin.where), standards,
                                  (lang,), library=False, has_areas="areas" in item)
    return found


def _as_built(req: Requirement, tailor: dict[str, tuple[Any, Any]], lang: str) -> Requirement:
    from dataclasses import replace

    from .model import Text
    from .resolve import tailored_response

    get = {key: value for key, (value, _) in tailor.items()}
    changes: dict[str, Any] = {"response": tailored_response(req, get)}
    if "obligation" in get:
        changes["obligation"] = get["obligation"]
    for key in ("title", "text"):
        if key in get:
            value = get[key]
            changes[key] = Text.from_data({"nb": value, lang: value} if isinstance(value, str) else value)
    return replace(req, **changes)


def _tailored_where(tailor: dict[str, tuple[Any, Any]], where: Where) -> Where:
    """Point a finding about a tailored field at the profile line that tailors it."""
    if not tailor:
        return where

    def tailored(*sub: str | int) -> dict[str, Any]:
        key = sub[0] if sub else ""
        if key == "response" and "response" not in tailor and "obligation" in tailor:
            key = "obligation"  # a minstekrav made so by the profile, answered as the library says
        if key in ("title", "text", "response", "obligation") and key in tailor:
            result: dict[str, Any] = tailor[key][1].where()
            return result
        return where(*sub)

    return tailored

