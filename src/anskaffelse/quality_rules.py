"""The catalogue of requirement-quality rules: code, name, severity, and the texts that explain each.

`anskaffelse lint --explain CODE` prints one rule and `anskaffelse lint --rules`
the whole catalogue (docs/lint-rules.md is its English Markdown). The checks
themselves are in `quality.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .diagnostics import Severity
from .locale.messages import _


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


def explain(code: str) -> str:
    """One rule as `anskaffelse lint --explain CODE` prints it, in the user's language."""
    r = RULES[code]
    text = rule_texts()[code]
    if r.severity is Severity.ERROR:
        shown = _("{code} {name} (error)\n\n{summary}\n\nWhy: {why}\n\nBad:  {bad}\nGood: {good}\n")
    else:
        shown = _("{code} {name} (warning)\n\n{summary}\n\nWhy: {why}\n\nBad:  {bad}\nGood: {good}\n")
    return shown.format(code=r.code, name=r.name, summary=text.summary, why=text.why, bad=text.bad, good=text.good)


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
