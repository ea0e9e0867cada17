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
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    why: str
    bad: str
    good: str


RULES = {r.code: r for r in (
    Rule("Q001", "vague-word", Severity.ERROR,
         "The requirement uses a word that cannot be verified.",
         "Words like 'brukervennlig' or 'rask' mean different things to different suppliers. An "
         "unclear requirement breaks the principle of predictability (KOFA 2015/102) and cannot be "
         "checked at evaluation or delivery.",
         "Løsningen skal ha rask responstid.",
         "Løsningen skal vise journalen innen {svartid} etter at brukeren har valgt pasienten."),
    Rule("Q002", "several-obligations", Severity.ERROR,
         "The requirement holds more than one obligation ('skal' appears more than once).",
         "A requirement with two obligations cannot be answered yes or no: a supplier that meets "
         "one half answers 'delvis', and the evaluation becomes guesswork. Split it in two.",
         "Løsningen skal sende innleggelsesrapport og skal motta utskrivningsrapport.",
         "Løsningen skal sende innleggelsesrapport. (The other half becomes its own requirement.)"),
    Rule("Q003", "bor-in-minstekrav", Severity.ERROR,
         "A minstekrav says 'bør' (should).",
         "A minstekrav is absolute: not met means the tender is rejected. 'Bør' makes it optional "
         "and the two readings contradict each other.",
         "Løsningen bør støtte e-resept. (obligation: minstekrav)",
         "Løsningen skal sende resepter som e-resept. (obligation: minstekrav)"),
    Rule("Q004", "missing-actor", Severity.ERROR,
         "The requirement does not say who must do something.",
         "A contract obligation needs a party: the solution must behave a certain way, or the "
         "supplier must do something. Passive sentences leave the buyer with nobody to hold to it.",
         "Det skal gis opplæring før oppstart.",
         "Leverandøren skal gi superbrukerne opplæring før oppstart."),
    Rule("Q005", "brand-name", Severity.ERROR,
         "The requirement names a brand or product.",
         "Public buyers must specify by need and performance, not by solution (FOA § 8-5 and § 15-1); "
         "a brand name excludes equivalent products.",
         "Løsningen skal fungere i Google Chrome.",
         "Løsningen skal fungere i de to siste hovedversjonene av de vanligste nettleserne."),
    Rule("Q006", "standard-without-equivalent", Severity.ERROR,
         "A standard that regulation does not make mandatory is named without 'eller tilsvarende'.",
         "A reference to a standard must allow equivalent solutions unless a regulation makes the "
         "standard mandatory (FOA § 15-1).",
         "Løsningen skal tilby grensesnitt etter HL7 FHIR R4.",
         "Løsningen skal tilby grensesnitt etter HL7 FHIR R4 eller tilsvarende."),
    Rule("Q007", "too-long", Severity.WARNING,
         "The requirement text is longer than 60 words.",
         "Long requirements usually hold several obligations or explanations that belong in the "
         "guidance; suppliers answer the part they like.",
         "Løsningen skal … (four sentences of background and conditions)",
         "One sentence with the obligation; background in 'rationale', advice in 'guidance'."),
    Rule("Q008", "languages-out-of-step", Severity.WARNING,
         "The bokmål and nynorsk texts seem to say different things.",
         "Both language versions are contract text. When one is changed and the other is not, "
         "suppliers answering in different languages answer different requirements. The rule "
         "compares numbers, placeholders, abbreviations and length.",
         "nb: '… innen 4 timer.'  nn: '… innan 8 timar.'",
         "nb: '… innen {frist}.'  nn: '… innan {frist}.'"),
    Rule("Q009", "unused-parameter", Severity.ERROR,
         "A parameter is declared but its {placeholder} is not in the text.",
         "A buyer who tailors the parameter believes the requirement changed, but the tender text "
         "stays the same.",
         "parameters: {oppetid: …}; text: 'Løsningen skal ha høy oppetid.'",
         "text: 'Løsningen skal ha en oppetid på minst {oppetid} per måned.'"),
    Rule("Q010", "no-service-area", Severity.WARNING,
         "The requirement does not say which service areas it applies to.",
         "Selection by service area only works when every requirement names its areas; a "
         "requirement without areas is silently treated as applying everywhere.",
         "(no 'areas:' field)",
         "areas: [hjemmetjeneste, institusjon]   or   areas: [alle]"),
    Rule("Q011", "missing-guidance", Severity.ERROR,
         "A library requirement has no guidance or no rationale.",
         "Buyers need to know when to choose a requirement, how to tailor it and how to verify "
         "it; the rationale tells them why it exists.",
         "(no 'guidance:' field)",
         "guidance: {nb: Velg kravet når …; verifiser ved demonstrasjon …}"),
    Rule("Q012", "minstekrav-not-yes-no", Severity.WARNING,
         "A minstekrav is answered with something other than yes/no.",
         "A minstekrav is met or not; a description or a 'delvis' answer invites reservations "
         "that may force the buyer to reject the tender.",
         "obligation: minstekrav; response: {type: ja-nei-delvis}",
         "obligation: minstekrav; response: {type: ja-nei}"),
    Rule("Q013", "unknown-suppression", Severity.ERROR,
         "lint_ignore names a rule that does not exist.",
         "A suppression of a rule that does not exist hides nothing and misleads the reader.",
         "lint_ignore: {Q099: …}",
         "lint_ignore: {Q007: Kravet gjengir definisjonen i forskriften ordrett.}"),
    Rule("Q014", "module-without-story", Severity.WARNING,
         "No requirement of the module traces to a user story.",
         "User stories describe the needs in the municipalities' own words; a module that no story "
         "reaches cannot show which need it serves.",
         "(a module whose requirements all have user_stories: [])",
         "user_stories: [HIST-009] on the requirements that realise the story"),
    Rule("Q015", "missing-binding", Severity.ERROR,
         "A library requirement has no sub-criterion, time of fulfilment or acceptance test.",
         "An evaluation model groups requirements by sub-criterion; the supplier must know when a "
         "requirement is to be met (with the tender, at delivery or by a deadline); and the acceptance "
         "test protocol needs a method, steps and an expected result for every requirement.",
         "(no 'subcriterion:', 'fulfilment:' or 'verification:' field)",
         "subcriterion: funksjonalitet; fulfilment: levering; verification: {method: demonstrasjon, …}"),
    Rule("Q016", "evaluated-without-scoring", Severity.ERROR,
         "An evaluated library requirement does not say what earns 10, 5 and 0 points.",
         "Scoring guidance per requirement makes the evaluation predictable for suppliers and "
         "consistent between evaluators, and it is what the award justification rests on.",
         "(obligation: evaluert, no 'scoring:' field)",
         "scoring: {'10': {nb: Løsningen viser …}, '5': {nb: …}, '0': {nb: …}}"),
    Rule("Q017", "evaluated-yes-no", Severity.WARNING,
         "An evaluated requirement is answered Ja/Nei or Ja/Nei/Delvis.",
         "Every established supplier answers 'Ja', so a yes/no answer separates suppliers poorly, and a "
         "'Nei' or 'Delvis' to a 'skal' can be read as a reservation. Ask the supplier to describe or "
         "demonstrate the need, or for a number; keep Ja/Nei for minstekrav.",
         "Løsningen skal vise … (obligation: evaluert; response: {type: ja-nei-delvis})",
         "Beskriv hvordan løsningen viser … (obligation: evaluert; response: {type: beskrivelse})"),
)}



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
            found.append(_finding("Q009", f"{req.id}: parameter '{param.name}' is never used in the text",
                                  f"Put {{{param.name}}} in the text, or remove the parameter.",
                                  where("parameters", param.name)))
    if not has_areas:
        found.append(_finding("Q010", f"{req.id} names no service area",
                              "Add 'areas:' with the service areas, or [alle].", where("id")))
    if library and (not req.guidance or not req.rationale):
        missing = "guidance" if not req.guidance else "rationale"
        found.append(_finding("Q011", f"{req.id} has no {missing}",
                              f"Add '{missing}:' in every language of the library.", where("id")))
    if library and not req.deprecated:
        found += _binding_findings(req, where)
    if req.obligation == "evaluert" and req.response.type in ("ja-nei", "ja-nei-delvis") and not req.deprecated:
        found.append(_finding("Q017", f"{req.id} is evaluated but answered '{req.response.type}'",
                              "Ask for a description ('Beskriv hvordan …', response beskrivelse) or a "
                              "number, or make the requirement a minstekrav.", where("response", "type")))
    if req.obligation == "minstekrav" and req.response.type != "ja-nei":
        found.append(_finding("Q012", f"{req.id} is a minstekrav answered as '{req.response.type}'",
                              "The documents ask for Ja/Nei only. Use response type ja-nei (in a profile: "
                              "tailor it with 'response: {type: ja-nei}'), or make the requirement evaluert.",
                              where("response", "type")))
    return _apply_suppressions(req, found, where)


def _binding_findings(req: Requirement, where: Where) -> list[Diagnostic]:
    missing = [name for name, value in (("subcriterion", req.subcriterion), ("fulfilment", req.fulfilment),
                                        ("verification", req.verification)) if not value]
    found = []
    if missing:
        found.append(_finding("Q015", f"{req.id} has no {', '.join(missing)}",
                              f"Add {', '.join(repr(m + ':') for m in missing)} (see docs/library-format.md).",
                              where("id")))
    if req.obligation == "evaluert" and not req.scoring:
        found.append(_finding("Q016", f"{req.id} is evaluated but does not say what earns 10, 5 and 0 points",
                              "Add 'scoring:' with '10', '5' and '0' in every language of the library.",
                              where("id")))
    return found


def _text_findings(req: Requirement, lang: str, text: str, where: Where,
                   standards: dict[str, Standard]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    at = where("text", lang)
    for match in dict.fromkeys(m.group(0).lower() for m in VAGUE.finditer(text)):
        found.append(_finding("Q001", f"{req.id}: '{match}' in the {lang} text cannot be verified",
                              "Say what can be checked: a measurable value, a named function or a document.", at))
    obligations = len(OBLIGATION.findall(text))
    if obligations > 1:
        found.append(_finding("Q002", f"{req.id}: the {lang} text has {obligations} obligations ('skal')",
                              "Keep one 'skal' per requirement; move the rest to a new requirement.", at))
    if req.obligation == "minstekrav" and SHOULD.search(text):
        found.append(_finding("Q003", f"{req.id}: a minstekrav says 'bør' in the {lang} text",
                              "Write 'skal', or make the requirement evaluert.", at))
    if obligations and not _has_actor(text):
        found.append(_finding("Q004", f"{req.id}: the {lang} text does not say who 'skal'",
                              "Start with the party: 'Løsningen skal …' or 'Leverandøren skal …'.", at))
    for name in dict.fromkeys(m.group(0) for m in BRANDS.finditer(f"{req.title.get(lang)} {text}")):
        found.append(_finding("Q005", f"{req.id}: the {lang} text names the brand '{name}'",
                              "Describe the need or the capability instead of a product.", at))
    if not EQUIVALENT.search(text):
        for std_id in req.standards:
            std = standards.get(std_id)
            named = _named_standard(std, text) if std else None
            if named:
                found.append(_finding("Q006", f"{req.id}: '{named}' is named without 'eller tilsvarende' "
                                      f"in the {lang} text",
                                      "Add 'eller tilsvarende' after the standard (nynorsk: 'eller tilsvarande').",
                                      at))
    words = len(WORD.findall(PLACEHOLDER.sub("x", text))) if lang == "nb" else 0
    if lang == "nb" and words > MAX_WORDS:
        found.append(_finding("Q007", f"{req.id}: the text has {words} words (more than {MAX_WORDS})",
                              "Keep the obligation in the text; move background to rationale or guidance.", at))
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
        problems.append("the numbers differ")
    if set(PLACEHOLDER.findall(nb)) != set(PLACEHOLDER.findall(nn)):
        problems.append("the placeholders differ")
    if set(ABBREVIATION.findall(nb)) != set(ABBREVIATION.findall(nn)):
        problems.append("the abbreviations differ")
    nb_words, nn_words = len(_words(nb)), len(_words(nn))
    if nb_words and not 0.6 <= nn_words / nb_words <= 1.6:
        problems.append(f"the lengths differ ({nb_words} and {nn_words} words)")
    if not problems:
        return []
    return [_finding("Q008", f"{req.id}: bokmål and nynorsk are out of step: {'; '.join(problems)}",
                     "Make both texts say the same; change them together.", where("text"))]


def _apply_suppressions(req: Requirement, found: list[Diagnostic], where: Where) -> list[Diagnostic]:
    ignored = dict(req.lint_ignore)
    kept = [d for d in found if d.code not in ignored]
    for code in ignored:
        if code not in RULES:
            kept.append(_finding("Q013", f"{req.id}: lint_ignore names unknown rule {code}",
                                 "See 'anskaffelse lint --rules' for the rule codes.", where("lint_ignore", code)))
    return kept


def explain(code: str) -> str:
    r = RULES[code]
    return (f"{r.code} {r.name} ({r.severity.value})\n\n{r.summary}\n\nWhy: {r.why}\n\n"
            f"Bad:  {r.bad}\nGood: {r.good}\n")


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
            found.append(_finding("Q014", f"module '{module.id}' is not traced to any user story",
                                  "Link the requirements that realise a story with 'user_stories:'.",
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
    for r in RULES.values():
        parts.append(f"## {r.code} {r.name} ({r.severity.value})\n\n{r.summary}\n\n{r.why}\n\n"
                     f"- Bad: `{r.bad}`\n- Good: `{r.good}`\n")
    return "\n".join(parts)
