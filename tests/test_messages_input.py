"""The input stage, the library, the profile and lint speak bokmål and nynorsk under a Norwegian locale.

Each case is a small bad input run through the real command line (`validate` or `lint`, with `--json`
so that the finding's own message and hint are read, whatever the rendering around them). The
Norwegian texts are written out here by hand; the English ones are those the command gives today,
and stay so under an English locale.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from .conftest import MINIMAL_PROFILE

NB = {"LANG": "nb_NO.UTF-8"}
NN = {"LANG": "nn_NO.UTF-8"}
EN = {"LANG": "C.UTF-8"}

# name: (profile text, code, English (message, hint), bokmål (message, hint), nynorsk (message, hint)).
# Each text is compared as a part of the finding's text; a message given as a tuple, as several parts
# (the path around them is the test's own folder).
CASES = {
    "tab": (
        "tender:\n\ttitle: X\n", "Y001",
        ("YAML syntax error: a tab is used for indentation",
         "YAML does not allow tabs for indentation; use spaces."),
        ("YAML-syntaksfeil: en tabulator er brukt som innrykk",
         "YAML tillater ikke tabulator som innrykk; bruk mellomrom."),
        ("YAML-syntaksfeil: ein tabulator er brukt som innrykk",
         "YAML tillèt ikkje tabulator som innrykk; bruk mellomrom."),
    ),
    "unclosed quote": (
        'tender:\n  title: "Anskaffelse\n', "Y001",
        ("YAML syntax error: found unexpected end of stream while scanning a quoted scalar",
         "A quote opened here is never closed; add the closing quote at the end of the text."),
        ("YAML-syntaksfeil: filen slutter uventet under lesing av en tekst i anførselstegn",
         "Et anførselstegn som åpnes her, lukkes aldri; sett inn det avsluttende anførselstegnet på slutten "
         "av teksten."),
        ("YAML-syntaksfeil: fila sluttar uventa under lesing av ein tekst i hermeteikn",
         "Eit hermeteikn som blir opna her, blir aldri lukka; set inn det avsluttande hermeteiknet på slutten "
         "av teksten."),
    ),
    "not a finite number": (
        MINIMAL_PROFILE.replace("weight: 70", "weight: .nan"), "Y010",
        ("'.nan' is not a finite number", "Write an ordinary number of at most 1,000,000,000,000,000 (10^15)"),
        ("'.nan' er ikke et endelig tall", "Skriv et vanlig tall som ikke er større enn 1 000 000 000 000 000 "
                                           "(10^15), f.eks. 99.5"),
        ("'.nan' er ikkje eit endeleg tal", "Skriv eit vanleg tal som ikkje er større enn 1 000 000 000 000 000 "
                                            "(10^15), t.d. 99.5"),
    ),
    "misspelt field": (
        MINIMAL_PROFILE + "tailer:\n  EPJ-DR-001: {weight: 3}\n", "S002",
        ("unknown field 'tailer' in the top level", "Did you mean tailor? Allowed fields here: award_basis,"),
        ("ukjent felt 'tailer' i filens øverste nivå", "Mente du tailor? Tillatte felt her: award_basis,"),
        ("ukjent felt 'tailer' i det øvste nivået i fila", "Meinte du tailor? Tillatne felt her: award_basis,"),
    ),
    "number for text": (
        MINIMAL_PROFILE.replace('reference: "2026/1"', "reference: 2026"), "S005",
        ("tender/reference must be of type string, not a number",
         'YAML reads 2026 as a number; put it in quotes: reference: "2026"'),
        ("tender/reference må være tekst (type string), ikke et tall",
         'YAML leser 2026 som et tall; sett det i anførselstegn: reference: "2026"'),
        ("tender/reference må vere tekst (type string), ikkje eit tal",
         'YAML les 2026 som eit tal; set det i hermeteikn: reference: "2026"'),
    ),
    "area in everyday words": (
        MINIMAL_PROFILE.replace("modules: [drift]", "areas: [hjemmesykepleie]"), "P002",
        ("unknown service area 'hjemmesykepleie'", "Did you mean hjemmetjeneste? Use one of: fysio-ergo,"),
        ("ukjent tjenesteområde 'hjemmesykepleie'", "Mente du hjemmetjeneste? Bruk en av: fysio-ergo,"),
        ("ukjent tenesteområde 'hjemmesykepleie'", "Meinte du hjemmetjeneste? Bruk ein av: fysio-ergo,"),
    ),
    "parameter above its maximum": (
        MINIMAL_PROFILE + "tailor:\n  EPJ-DR-020:\n    parameters: {oppetid: 101}\n", "P004",
        ("EPJ-DR-020: parameter 'oppetid' is 101, above the maximum 100", "Give a number from 99 to 100 (%)."),
        ("EPJ-DR-020: parameteren 'oppetid' er 101, over maksimum 100", "Oppgi et tall fra 99 til 100 (%)."),
        ("EPJ-DR-020: parameteren 'oppetid' er 101, over maksimum 100", "Oppgi eit tal frå 99 til 100 (%)."),
    ),
    "no title": (
        MINIMAL_PROFILE.replace("  title: Testanskaffelse\n", ""), "P020",
        ("the profile has no tender title", "Add 'title:' under 'tender:'."),
        ("profilen har ingen tittel på konkurransen", "Legg til 'title:' under 'tender:'."),
        ("profilen har ingen tittel på konkurransen", "Legg til 'title:' under 'tender:'."),
    ),
    "template that is no Word file": (
        MINIMAL_PROFILE + "template: mal.docx\n", "P018",
        (("Word template ", "mal.docx is not a .docx file"), "Save the template in Word as .docx or .dotx."),
        (("Word-malen ", "mal.docx er ikke en .docx-fil"), "Lagre malen i Word som .docx eller .dotx."),
        (("Word-malen ", "mal.docx er ikkje ei .docx-fil"), "Lagre malen i Word som .docx eller .dotx."),
    ),
    "chapter file that is not there": (
        MINIMAL_PROFILE + "chapters:\n  background:\n    file: finnes-ikke.md\n", "P041",
        (("chapter 'background': chapter file ", "finnes-ikke.md"),
         "The path is relative to the profile that names it, so the file is looked for in "),
        (("kapitlet 'background': ", "kapittelfil", "finnes-ikke.md"),
         "Stien er relativ til profilen som oppgir den, så filen letes etter i "),
        (("kapittelet 'background': ", "kapittelfil", "finnes-ikke.md"),
         "Stigen er relativ til profilen som oppgir han, så fila blir leita etter i "),
    ),
}


def _says(text: object, expected: str | tuple[str, ...]) -> bool:
    return all(part in str(text) for part in ((expected,) if isinstance(expected, str) else expected))


def _findings(cli, path: Path, env: dict[str, str], *args: str) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    result = cli("validate", path, "--json", *args, env=env)
    assert result.exit_code == 1, result.stdout + result.stderr
    return json.loads(result.stdout)["diagnostics"]  # type: ignore[no-any-return]


def _profile(tmp_path: Path, text: str) -> Path:
    (tmp_path / "mal.docx").write_text("ikke et Word-dokument", encoding="utf-8")
    path = tmp_path / "profil.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize(("env", "column"), [(NB, 3), (NN, 4)], ids=["nb", "nn"])
def test_findings_are_in_the_language_of_the_locale(cli, tmp_path: Path, name: str, env: dict[str, str],  # type: ignore[no-untyped-def]
                                                    column: int) -> None:
    text, code, english, *_ = CASES[name]
    message, hint = CASES[name][column]  # type: ignore[misc]
    found = [d for d in _findings(cli, _profile(tmp_path, text), env) if d["code"] == code]
    assert found, name
    assert _says(found[0]["message"], message) and _says(found[0]["hint"], hint), found[0]
    assert not _says(found[0]["message"], english[0]) and not _says(found[0]["hint"], english[1])


@pytest.mark.parametrize("name", CASES)
def test_english_findings_are_unchanged_under_an_english_locale(cli, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    text, code, (message, hint), *_ = CASES[name]
    found = [d for d in _findings(cli, _profile(tmp_path, text), EN) if d["code"] == code]
    assert found, name
    assert _says(found[0]["message"], message) and _says(found[0]["hint"], hint), found[0]


def test_a_folder_that_is_no_library_is_named_in_norwegian(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    profile = _profile(tmp_path, MINIMAL_PROFILE)
    folder = tmp_path / "ikke-bibliotek"
    folder.mkdir()
    expected = {
        "nb": ("er ikke et kravbibliotek (library.yaml mangler)", "La --library peke på mappen som inneholder"),
        "nn": ("er ikkje eit kravbibliotek (library.yaml manglar)", "La --library peike på mappa som inneheld"),
        "en": ("is not a requirement library (no library.yaml)", "Point --library at the folder that holds"),
    }
    for lang, env in (("nb", NB), ("nn", NN), ("en", EN)):
        (found,) = [d for d in _findings(cli, profile, env, "--library", str(folder)) if d["code"] == "L000"]
        assert expected[lang][0] in str(found["message"]) and expected[lang][1] in str(found["hint"]), found


def test_lint_findings_of_a_library_are_in_the_language_of_the_locale(cli, library_copy: Path) -> None:  # type: ignore[no-untyped-def]
    module = library_copy / "modules" / "drift.yaml"
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("levere løsningen med en oppetid", "levere løsningen med en rask oppetid", 1),
                      encoding="utf-8")
    expected = {
        "nb": ("'rask' i nb-teksten kan ikke verifiseres", "Si hva som kan kontrolleres: en målbar verdi"),
        "nn": ("'rask' i nb-teksten kan ikkje verifiserast", "Sei kva som kan kontrollerast: ein målbar verdi"),
        "en": ("'rask' in the nb text cannot be verified", "Say what can be checked: a measurable value"),
    }
    for lang, env in (("nb", NB), ("nn", NN), ("en", EN)):
        result = cli("lint", library_copy, "--json", env=env)
        assert result.exit_code == 1
        vague = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "Q001"]
        assert vague and expected[lang][0] in vague[0]["message"] and expected[lang][1] in vague[0]["hint"], vague


def test_lint_explains_a_rule_in_the_language_of_the_locale(cli) -> None:  # type: ignore[no-untyped-def]
    nb = cli("lint", "--explain", "Q002", env=NB).stdout
    assert "Q002 several-obligations (feil)" in nb
    assert "Kravet inneholder mer enn én forpliktelse ('skal' står mer enn én gang)." in nb
    assert "Hvorfor: Et krav med to forpliktelser kan ikke besvares med ja eller nei" in nb
    assert "Bra:    Løsningen skal sende innleggelsesrapport. (Den andre halvdelen blir et eget krav.)" in nb
    assert "Why:" not in nb and "The requirement holds" not in nb
    nn = cli("lint", "--explain", "Q007", env=NN).stdout
    assert "Q007 too-long (åtvaring)" in nn and "Kvifor: Lange krav inneheld som regel fleire plikter" in nn
    assert "Dårleg: Løysinga skal … (fire setningar med bakgrunn og vilkår)" in nn
    en = cli("lint", "--explain", "Q007", env=EN).stdout
    assert en == ("Q007 too-long (warning)\n\nThe requirement text is longer than 60 words.\n\nWhy: Long requirements "
                  "usually hold several obligations or explanations that belong in the guidance; suppliers answer "
                  "the part they like.\n\nBad:  Løsningen skal … (four sentences of background and conditions)\n"
                  "Good: One sentence with the obligation; background in 'rationale', advice in 'guidance'.\n\n")


def test_the_list_of_rules_gives_their_summaries_in_the_language_of_the_locale(cli) -> None:  # type: ignore[no-untyped-def]
    assert "Kravet bruker et ord som ikke kan verifiseres." in cli("lint", "--rules", env=NB).stdout
    assert "Kravet brukar eit ord som ikkje kan verifiserast." in cli("lint", "--rules", env=NN).stdout
    assert "The requirement uses a word that cannot be verified." in cli("lint", "--rules", env=EN).stdout


def test_the_rule_catalogue_stays_english_under_a_norwegian_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    from anskaffelse.quality import rules_markdown

    english = rules_markdown()
    monkeypatch.setenv("LANG", "nb_NO.UTF-8")
    assert rules_markdown() == english
    assert "The requirement uses a word that cannot be verified." in english


def test_a_parameter_out_of_range_keeps_its_code_in_every_language(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """P004 (outside the allowed values) and P005 (not a value of the right kind) do not depend on the words."""
    text = MINIMAL_PROFILE + textwrap.dedent("""\
        tailor:
          EPJ-DR-020:
            parameters: {oppetid: under}
        """)
    for env in (NB, NN, EN):
        assert {d["code"] for d in _findings(cli, _profile(tmp_path, text), env)} == {"P005"}
    for env in (NB, NN, EN):
        found = _findings(cli, _profile(tmp_path, CASES["parameter above its maximum"][0]), env)
        assert {d["code"] for d in found} == {"P004"}
