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
from dataclasses import dataclass
from typing import Any

from .diagnostics import Diagnostic, Severity
from .library import PLACEHOLDER
from .locale.messages import _
from .model import Requirement, Standard
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

Where = Callable[..., dict[str, Any]]


@dataclass(frozen=True)
class RuleText:
    """What a rule is about, why it matters, and a bad and a good example, in the user's language."""

    summary: str
    why: str
    bad: str
    good: str


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity

    @property
    def summary(self) -> str:
        return rule_texts()[self.code].summary

    @property
    def why(self) -> str:
        return rule_texts()[self.code].why

    @property
    def bad(self) -> str:
        return rule_texts()[self.code].bad

    @property
    def good(self) -> str:
        return rule_texts()[self.code].good


RULES = {r.code: r for r in (
    Rule("Q001", "vague-word", Severity.ERROR),
    Rule("Q002", "several-obligations", Severity.ERROR),
    Rule("Q003", "bor-in-minstekrav", Severity.ERROR),
    Rule("Q004", "missing-actor", Severity.ERROR),
    Rule("Q005", "brand-name", Severity.ERROR),
    Rule("Q006", "standard-without-equivalent", Severity.ERROR),
    Rule("Q007", "too-long", Severity.WARNING),
    Rule("Q008", "languages-out-of-step", Severity.WARNING),
    Rule("Q009", "unused-parameter", Severity.ERROR),
    Rule("Q010", "no-service-area", Severity.WARNING),
    Rule("Q011", "missing-guidance", Severity.ERROR),
    Rule("Q012", "minstekrav-not-yes-no", Severity.WARNING),
    Rule("Q013", "unknown-suppression", Severity.ERROR),
    Rule("Q014", "module-without-story", Severity.WARNING),
    Rule("Q015", "missing-binding", Severity.ERROR),
    Rule("Q016", "evaluated-without-scoring", Severity.ERROR),
    Rule("Q017", "evaluated-yes-no", Severity.WARNING),
)}


def rule_texts(_: Callable[[str], str] = _) -> dict[str, RuleText]:
    """The texts of every rule, translated by `_` when shown (`str` gives the English of the rule catalogue)."""
    return {
        "Q001": RuleText(
            _("The requirement uses a word that cannot be verified."),
            _("Words like 'brukervennlig' or 'rask' mean different things to different suppliers. An "
              "unclear requirement breaks the principle of predictability (KOFA 2015/102) and cannot be "
              "checked at evaluation or delivery."),
            "Løsningen skal ha rask responstid.",
            "Løsningen skal vise journalen innen {svartid} etter at brukeren har valgt pasienten."),
        "Q002": RuleText(
            _("The requirement holds more than one obligation ('skal' appears more than once)."),
            _("A requirement with two obligations cannot be answered yes or no: a supplier that meets "
              "one half answers 'delvis', and the evaluation becomes guesswork. Split it in two."),
            "Løsningen skal sende innleggelsesrapport og skal motta utskrivningsrapport.",
            _("Løsningen skal sende innleggelsesrapport. (The other half becomes its own requirement.)")),
        "Q003": RuleText(
            _("A minstekrav says 'bør' (should)."),
            _("A minstekrav is absolute: not met means the tender is rejected. 'Bør' makes it optional "
              "and the two readings contradict each other."),
            "Løsningen bør støtte e-resept. (obligation: minstekrav)",
            "Løsningen skal sende resepter som e-resept. (obligation: minstekrav)"),
        "Q004": RuleText(
            _("The requirement does not say who must do something."),
            _("A contract obligation needs a party: the solution must behave a certain way, or the "
              "supplier must do something. Passive sentences leave the buyer with nobody to hold to it."),
            "Det skal gis opplæring før oppstart.",
            "Leverandøren skal gi superbrukerne opplæring før oppstart."),
        "Q005": RuleText(
            _("The requirement names a brand or product."),
            _("Public buyers must specify by need and performance, not by solution (FOA § 8-5 and § 15-1); "
              "a brand name excludes equivalent products."),
            "Løsningen skal fungere i Google Chrome.",
            "Løsningen skal fungere i de to siste hovedversjonene av de vanligste nettleserne."),
        "Q006": RuleText(
            _("A standard that regulation does not make mandatory is named without 'eller tilsvarende'."),
            _("A reference to a standard must allow equivalent solutions unless a regulation makes the "
              "standard mandatory (FOA § 15-1)."),
            "Løsningen skal tilby grensesnitt etter HL7 FHIR R4.",
            "Løsningen skal tilby grensesnitt etter HL7 FHIR R4 eller tilsvarende."),
        "Q007": RuleText(
            _("The requirement text is longer than 60 words."),
            _("Long requirements usually hold several obligations or explanations that belong in the "
              "guidance; suppliers answer the part they like."),
            _("Løsningen skal … (four sentences of background and conditions)"),
            _("One sentence with the obligation; background in 'rationale', advice in 'guidance'.")),
        "Q008": RuleText(
            _("The bokmål and nynorsk texts seem to say different things."),
            _("Both language versions are contract text. When one is changed and the other is not, "
              "suppliers answering in different languages answer different requirements. The rule "
              "compares numbers, placeholders, abbreviations and length."),
            "nb: '… innen 4 timer.'  nn: '… innan 8 timar.'",
            "nb: '… innen {frist}.'  nn: '… innan {frist}.'"),
        "Q009": RuleText(
            _("A parameter is declared but its {placeholder} is not in the text."),
            _("A buyer who tailors the parameter believes the requirement changed, but the tender text "
              "stays the same."),
            "parameters: {oppetid: …}; text: 'Løsningen skal ha høy oppetid.'",
            "text: 'Løsningen skal ha en oppetid på minst {oppetid} per måned.'"),
        "Q010": RuleText(
            _("The requirement does not say which service areas it applies to."),
            _("Selection by service area only works when every requirement names its areas; a "
              "requirement without areas is silently treated as applying everywhere."),
            _("(no 'areas:' field)"),
            _("areas: [hjemmetjeneste, institusjon]   or   areas: [alle]")),
        "Q011": RuleText(
            _("A library requirement has no guidance or no rationale."),
            _("Buyers need to know when to choose a requirement, how to tailor it and how to verify "
              "it; the rationale tells them why it exists."),
            _("(no 'guidance:' field)"),
            "guidance: {nb: Velg kravet når …; verifiser ved demonstrasjon …}"),
        "Q012": RuleText(
            _("A minstekrav is answered with something other than yes/no."),
            _("A minstekrav is met or not; a description or a 'delvis' answer invites reservations "
              "that may force the buyer to reject the tender."),
            "obligation: minstekrav; response: {type: ja-nei-delvis}",
            "obligation: minstekrav; response: {type: ja-nei}"),
        "Q013": RuleText(
            _("lint_ignore names a rule that does not exist."),
            _("A suppression of a rule that does not exist hides nothing and misleads the reader."),
            "lint_ignore: {Q099: …}",
            "lint_ignore: {Q007: Kravet gjengir definisjonen i forskriften ordrett.}"),
        "Q014": RuleText(
            _("No requirement of the module traces to a user story."),
            _("User stories describe the needs in the municipalities' own words; a module that no story "
              "reaches cannot show which need it serves."),
            _("(a module whose requirements all have user_stories: [])"),
            _("user_stories: [HIST-009] on the requirements that realise the story")),
        "Q015": RuleText(
            _("A library requirement has no sub-criterion, time of fulfilment or acceptance test."),
            _("An evaluation model groups requirements by sub-criterion; the supplier must know when a "
              "requirement is to be met (with the tender, at delivery or by a deadline); and the acceptance "
              "test protocol needs a method, steps and an expected result for every requirement."),
            _("(no 'subcriterion:', 'fulfilment:' or 'verification:' field)"),
            "subcriterion: funksjonalitet; fulfilment: levering; verification: {method: demonstrasjon, …}"),
        "Q016": RuleText(
            _("An evaluated library requirement does not say what earns 10, 5 and 0 points."),
            _("Scoring guidance per requirement makes the evaluation predictable for suppliers and "
              "consistent between evaluators, and it is what the award justification rests on."),
            _("(obligation: evaluert, no 'scoring:' field)"),
            "scoring: {'10': {nb: Løsningen viser …}, '5': {nb: …}, '0': {nb: …}}"),
        "Q017": RuleText(
            _("An evaluated requirement is answered Ja/Nei or Ja/Nei/Delvis."),
            _("Every established supplier answers 'Ja', so a yes/no answer separates suppliers poorly, and a "
              "'Nei' or 'Delvis' to a 'skal' can be read as a reservation. Ask the supplier to describe or "
              "demonstrate the need, or for a number; keep Ja/Nei for minstekrav."),
            "Løsningen skal vise … (obligation: evaluert; response: {type: ja-nei-delvis})",
            "Beskriv hvordan løsningen viser … (obligation: evaluert; response: {type: beskrivelse})"),
    }



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


def explain(code: str) -> str:
    """One rule as `anskaffelse lint --explain CODE` prints it, in the user's language."""
    r = RULES[code]
    text = rule_texts()[code]
    if r.severity is Severity.ERROR:
        shown = _("{code} {name} (error)\n\n{summary}\n\nWhy: {why}\n\nBad:  {bad}\nGood: {good}\n")
    else:
        shown = _("{code} {name} (warning)\n\n{summary}\n\nWhy: {why}\n\nBad:  {bad}\nGood: {good}\n")
    return shown.format(code=r.code, name=r.name, summary=text.summary, why=text.why, bad=text.bad, good=text.good)


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


def rules_markdown() -> str:
    """The rule catalogue as Markdown (docs/lint-rules.md is this text)."""
    parts = ["# Lint rules\n",
             "`anskaffelse lint` checks requirement texts against these rules. "
             "`anskaffelse lint --explain CODE` prints one of them. A requirement may switch a rule "
             "off only with a reason:\n",
             "```yaml\nlint_ignore:\n  Q007: Kravet gjengir definisjonen i forskriften ordrett.\n```\n"]
    english = rule_texts(str)  # the catalogue is documentation in English, whatever the locale
    for r in RULES.values():
        text = english[r.code]
        parts.append(f"## {r.code} {r.name} ({r.severity.value})\n\n{text.summary}\n\n{text.why}\n\n"
                     f"- Bad: `{text.bad}`\n- Good: `{text.good}`\n")
    return "\n".join(parts)
