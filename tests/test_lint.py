"""The requirement-quality linter: each rule fires on its bad example and not on its good one."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anskaffelse.library import requirement_from_data
from anskaffelse.model import Standard, Text
from anskaffelse.quality import RULES, lint_requirement

STANDARDS = {
    "fhir-r4": Standard("fhir-r4", "standard", Text("HL7 FHIR R4"), "HL7", "https://hl7.org", False, ("FHIR",)),
    "plo-meldinger": Standard("plo-meldinger", "standard", Text("PLO-meldinger"), "Hdir", "https://x.no", True,
                              ("PLO",)),
}


def requirement(**changes):
    data = {
        "id": "EPJ-XX-001",
        "title": {"nb": "Journalvisning", "nn": "Journalvising"},
        "text": {"nb": "Løsningen skal vise journalen til pasienten på én skjerm.",
                 "nn": "Løysinga skal vise journalen til pasienten på éin skjerm."},
        "guidance": {"nb": "Verifiseres ved demonstrasjon.", "nn": "Blir verifisert ved demonstrasjon."},
        "rationale": {"nb": "Helsepersonell trenger oversikt.", "nn": "Helsepersonell treng oversikt."},
        "kind": "funksjonell", "obligation": "evaluert", "weight": 5,
        "response": {"type": "beskrivelse"}, "areas": ["alle"],
        "subcriterion": "funksjonalitet", "fulfilment": "levering",
        "verification": {
            "method": "demonstrasjon",
            "steps": [{"nb": "Åpne journalen til en testpasient.", "nn": "Opne journalen til ein testpasient."}],
            "expected": {"nb": "Journalen vises på én skjerm.", "nn": "Journalen blir vist på éin skjerm."}},
        "scoring": {"10": {"nb": "Alt på én skjerm.", "nn": "Alt på éin skjerm."},
                    "5": {"nb": "Noe på én skjerm.", "nn": "Noko på éin skjerm."},
                    "0": {"nb": "Ikke vist.", "nn": "Ikkje vist."}},
    }
    data.update(changes)
    return requirement_from_data({k: v for k, v in data.items() if v is not None}, "test")


def codes(req, **kwargs):
    where = lambda *sub: {"file": "m.yaml", "line": 1, "column": 1}  # noqa: E731
    return [d.code for d in lint_requirement(req, where, STANDARDS, ("nb", "nn"), **kwargs)]


def test_a_good_requirement_has_no_findings():
    assert codes(requirement()) == []


@pytest.mark.parametrize(("nb", "nn", "code"), [
    ("Løsningen skal ha rask responstid.", "Løysinga skal ha rask responstid.", "Q001"),
    ("Løsningen skal være brukervennlig.", "Løysinga skal vere brukarvennleg.", "Q001"),
    ("Løsningen skal vise og/eller skrive ut listen.", "Løysinga skal vise og/eller skrive ut lista.", "Q001"),
    ("Løsningen skal sende rapporten og skal arkivere den.", "Løysinga skal sende rapporten og skal arkivere han.",
     "Q002"),
    ("Det skal gis opplæring før oppstart.", "Det skal bli gitt opplæring før oppstart.", "Q004"),
    ("Løsningen skal fungere i Google Chrome.", "Løysinga skal fungere i Google Chrome.", "Q005"),
    ("Løsningen skal tilby grensesnitt etter HL7 FHIR R4.", "Løysinga skal tilby grensesnitt etter HL7 FHIR R4.",
     "Q006"),
    ("Løsningen skal varsle innen 4 timer.", "Løysinga skal varsle innan 8 timar.", "Q008"),
    ("Løsningen skal vise journalen.", "Løysinga skal vise journalen til pasienten på ein skjerm med alle "
     "opplysningar om innleggingar, utskrivingar, vedtak, tiltak og legemiddel frå alle tenester.", "Q008"),
])
def test_each_text_rule_fires_on_its_bad_example(nb, nn, code):
    assert code in codes(requirement(text={"nb": nb, "nn": nn}, standards=["fhir-r4"]))


def test_standard_with_eller_tilsvarende_and_mandatory_standards_pass():
    good = requirement(text={"nb": "Løsningen skal tilby grensesnitt etter HL7 FHIR R4 eller tilsvarende.",
                             "nn": "Løysinga skal tilby grensesnitt etter HL7 FHIR R4 eller tilsvarande."},
                       standards=["fhir-r4"])
    assert "Q006" not in codes(good)
    mandatory = requirement(text={"nb": "Løsningen skal sende PLO-meldinger.",
                                  "nn": "Løysinga skal sende PLO-meldingar."}, standards=["plo-meldinger"])
    assert "Q006" not in codes(mandatory)


def test_bor_in_a_minstekrav():
    req = requirement(obligation="minstekrav", weight=None, response={"type": "ja-nei"},
                      text={"nb": "Løsningen bør og skal støtte e-resept.",
                            "nn": "Løysinga bør og skal støtte e-resept."})
    assert "Q003" in codes(req)
    assert "Q003" not in codes(requirement())


def test_too_long_text():
    long_nb = "Løsningen skal vise " + " ".join(["opplysninger"] * 70) + "."
    long_nn = "Løysinga skal vise " + " ".join(["opplysningar"] * 70) + "."
    assert "Q007" in codes(requirement(text={"nb": long_nb, "nn": long_nn}))


def test_unused_parameter_and_missing_guidance_and_minstekrav_answer():
    req = requirement(parameters={"frist": {"type": "integer", "default": 5, "min": 1, "max": 10}},
                      guidance=None, obligation="minstekrav", weight=None)
    found = codes(req)
    assert {"Q009", "Q011", "Q012"} <= set(found)
    assert "Q011" not in codes(requirement(guidance=None), library=False)


def test_requirement_without_areas():
    assert "Q010" in codes(requirement(), has_areas=False)


def test_suppression_with_reason_hides_the_finding_and_unknown_codes_are_reported():
    bad = {"nb": "Løsningen skal ha rask responstid.", "nn": "Løysinga skal ha rask responstid."}
    assert "Q001" not in codes(requirement(text=bad, lint_ignore={"Q001": "Ordet står i et sitat fra loven."}))
    assert codes(requirement(lint_ignore={"Q099": "Finnes ikke som regel."})) == ["Q013"]


def test_every_rule_is_documented_with_examples():
    for code, rule in RULES.items():
        assert rule.code == code and rule.summary and rule.why and rule.bad and rule.good


# ---------------------------------------------------------------- the command


def test_shipped_library_is_lint_clean(cli):
    result = cli("lint")
    assert result.exit_code == 0, result.stderr
    assert "OK: no errors (0 warning(s))" in result.stderr


def test_shipped_library_suppressions_all_have_reasons():
    from anskaffelse.library import load_library

    from .conftest import LIBRARY

    loaded, _ = load_library(LIBRARY)
    for req in loaded.library.requirements():
        for code, reason in req.lint_ignore:
            assert code in RULES and len(reason.split()) >= 3, (req.id, code)


def test_lint_reports_position_and_exit_code_for_a_bad_library(cli, library_copy: Path):
    module = library_copy / "modules" / "drift.yaml"
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("levere løsningen med en oppetid", "levere løsningen med en rask oppetid", 1),
                      encoding="utf-8")
    line = next(i for i, row in enumerate(module.read_text(encoding="utf-8").splitlines(), 1) if "rask oppetid" in row)
    result = cli("lint", library_copy, "--json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["diagnostics"]
    vague = [d for d in findings if d["code"] == "Q001"]
    assert vague and vague[0]["file"].endswith("drift.yaml")
    assert vague[0]["line"] == line - 1  # the position of the nb text block


def test_lint_a_profile_checks_local_requirements_and_overrides(cli, write_profile):
    path = write_profile(extra=textwrap.dedent("""\
        tailor:
          EPJ-DR-008:
            text: Det skal finnes en moderne statusside.
            justification: Kommunen vil ha egen tekst.
        local_requirements:
          - id: TEST-001
            title: {nb: Lokalt krav}
            text: {nb: Leverandøren skal levere en enkel løsning i Microsoft Teams.}
            obligation: evaluert
            weight: 2
            response: {type: ja-nei}
        """))
    result = cli("lint", path, "--json")
    assert result.exit_code == 1
    found = {(d["code"], d["line"]) for d in json.loads(result.stdout)["diagnostics"]}
    lines = path.read_text(encoding="utf-8").splitlines()
    override_line = next(i for i, row in enumerate(lines, 1) if "moderne statusside" in row)
    local_line = next(i for i, row in enumerate(lines, 1) if "Microsoft Teams" in row)
    assert ("Q001", override_line) in found and ("Q004", override_line) in found
    assert ("Q001", local_line) in found and ("Q005", local_line) in found
    assert ("Q010", next(i for i, row in enumerate(lines, 1) if "id: TEST-001" in row)) in found


def test_explain_and_rules(cli):
    result = cli("lint", "--explain", "q002")
    assert result.exit_code == 0
    assert "Bad:" in result.stdout and "Good:" in result.stdout and "Q002" in result.stdout
    assert cli("lint", "--explain", "Q999").exit_code == 2
    listing = cli("lint", "--rules").stdout
    assert all(code in listing for code in RULES)


def test_rule_catalogue_document_is_in_step_with_the_rules():
    from anskaffelse.quality import rules_markdown

    from .conftest import ROOT

    assert (ROOT / "docs" / "lint-rules.md").read_text(encoding="utf-8") == rules_markdown()


def test_q012_fires_on_a_library_requirement_the_profile_makes_minstekrav(cli, write_profile):
    """The library answers EPJ-DR-011 with a description; made minstekrav, lint points at the profile's line."""
    path = write_profile(extra=textwrap.dedent("""\
        tailor:
          EPJ-DR-011:
            obligation: minstekrav
          EPJ-DR-012:
            obligation: minstekrav
            response: {type: ja-nei}
        """))
    result = cli("lint", path, "--json")
    found = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "Q012"]
    lines = path.read_text(encoding="utf-8").splitlines()
    tailored = next(i for i, row in enumerate(lines, 1) if "EPJ-DR-011" in row) + 1
    assert [(d["file"].endswith("profil.yaml"), d["line"]) for d in found] == [(True, tailored)]
    assert "EPJ-DR-011" in found[0]["message"] and "response: {type: ja-nei}" in found[0]["hint"]


def test_q012_is_quiet_when_the_profile_keeps_the_library_obligation(cli, write_profile):
    result = cli("lint", write_profile(), "--json")
    assert not [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "Q012"]


def test_a_library_requirement_says_how_it_binds_and_is_verified():
    assert codes(requirement(subcriterion=None, fulfilment=None, verification=None)) == ["Q015"]
    assert codes(requirement(scoring={})) == ["Q016"]
    # A profile's own requirement is not held to the library's fields.
    assert codes(requirement(subcriterion=None, fulfilment=None, verification=None, scoring={}), library=False) == []
    # Nor is a withdrawn one.
    assert codes(requirement(subcriterion=None, scoring={}, deprecated=True, replaced_by="EPJ-XX-002")) == []


def test_an_evaluated_requirement_answered_yes_no_is_flagged():
    assert codes(requirement(response={"type": "ja-nei-delvis"})) == ["Q017"]
    assert codes(requirement(response={"type": "ja-nei"}), library=False) == ["Q017"]
    assert codes(requirement(response={"type": "tall", "unit": "sekunder"})) == []
    assert codes(requirement(obligation="minstekrav", weight=None, scoring={}, response={"type": "ja-nei"})) == []


# ---------------------------------------------------------------- the vague words, matched as a tree

_PIECES = ["enkel", "enkelt", "enkle", "rask", "raskt", "ENKEL", "Rask", "t", "e", " ", ".", ",", "etc", "etc.",
           "osv.", "m.m.", "m.m", "ved behov", "så langt som mulig", "så langt som mogleg", "i størst mulig grad",
           "i", "og/eller", "og", "/", "eller", "ſ", "K", "İ", "ı", "brukervennlig", "fleksib", "fleksibel",
           "moderne", "intuitiv", "effektiv", "sømløs", "tilstrekkelig", "tilstrekkeleg", "_", "1", "Ø", "\u0307", "-"]


def _plain_vague():
    import re

    from anskaffelse.quality_words import VAGUE_WORDS

    return re.compile(rf"\b({'|'.join(VAGUE_WORDS)})(?=\W|$)|og/eller", re.IGNORECASE)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_the_vague_words_tree_finds_what_the_plain_list_finds(text):
    from anskaffelse.quality_words import VAGUE

    plain = _plain_vague()
    assert [(m.span(), m.group(0)) for m in VAGUE.finditer(text)] == \
        [(m.span(), m.group(0)) for m in plain.finditer(text)]


@pytest.mark.parametrize(("patterns", "tree"), [
    (["enkel", "enkelt", "enkle"], "enk(?:el(?:|t)|le)"),
    (["ab", "x", "ac"], "(?:ab|x|ac)"),  # only neighbours share: the order of trying stays the same
    ([r"a\w*b", r"a\w*c"], r"a(?:\w*b|\w*c)"),
    ([r"\w*b", r"\w*c"], r"(?:\w*b|\w*c)"),  # a quantified beginning is tried again for each word
    ([r"etc\.", r"et\w+"], r"et(?:c\.|\w+)"),
])
def test_alternatives_share_only_unquantified_beginnings_of_neighbours(patterns, tree):
    from anskaffelse.quality_words import alternatives

    assert alternatives(patterns) == tree


def test_alternatives_refuse_what_is_not_plain_text():
    from anskaffelse.quality_words import alternatives

    for pattern in ("a(b|c)", "[ab]c", "a{2}", "a|b"):
        with pytest.raises(ValueError, match="not a plain pattern"):
            alternatives([pattern])
