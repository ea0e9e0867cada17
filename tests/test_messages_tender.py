"""The tender commands speak the user's language: answer check, evaluation, diff and addendum, award
criteria and upgrade, in bokmål and nynorsk by the locale variables, and English as before.

Each case runs the real command line on the example tender and on small bad inputs. The expected
Norwegian is written out here by hand; the English twins are the texts the commands printed before
they learnt Norwegian, and must not appear in a Norwegian run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from anskaffelse.export.json_read import read_specification

from .answer_workbooks import ANSWER, fill
from .conftest import EXAMPLES, MINIMAL_PROFILE, Cli, words

NB, NN, EN = {"LANG": "nb_NO.UTF-8"}, {"LANG": "nn_NO.UTF-8"}, {"LANG": "C.UTF-8"}
PROFILE_1_0 = Path(__file__).parent / "fixtures" / "profiles-1.0" / "alle-tjenesteomrader.yaml"
TEXT_COLUMN = "D"


@dataclass(frozen=True)
class Tender:
    spec: Path
    good: Path
    faulty: Path
    empty: Path
    evaluation: Path
    edited: str
    """The evaluated requirement whose text the faulty supplier changed, and its row."""
    edited_row: int
    refused: str
    """The minstekrav the faulty supplier answered Nei, and its row."""
    refused_row: int


@pytest.fixture(scope="module")
def tender(example_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Tender:
    """Two suppliers answer the example: one in full, one with an edited text, a Nei on a minstekrav and
    no price sheet; the evaluation workbook is made from both and left without scores."""
    folder = tmp_path_factory.mktemp("messages-tender")
    spec_path = example_build / "eksempel-kommune-spesifikasjon.json"
    spec = read_specification(spec_path)
    edited = next(r for r in spec.requirements() if r.obligation == "evaluert")
    refused = next(r for r in spec.requirements() if r.obligation == "minstekrav")
    w = words("nb")
    rows: dict[str, int] = {}

    def faults(book: Any, found: dict[str, int]) -> None:
        sheet = book[w["workbook"]["answers_sheet"]]
        sheet.cell(found[edited.id], 4).value = edited.text + " Gjelder ikke mobile enheter."
        sheet.cell(found[refused.id], ANSWER).value = w["answer"]["no"]
        del book[w["workbook_price"]["sheet"]]
        rows.update(found)

    blank = example_build / "eksempel-kommune-svarskjema.xlsx"
    good = fill(blank, folder / "god.xlsx", spec, "God Journal AS")
    faulty = fill(blank, folder / "avvik.xlsx", spec, "Avvik Data AS", faults)
    empty = folder / "tom.xlsx"
    empty.write_bytes(b"")
    evaluation = folder / "evaluering.xlsx"
    made = Cli()("evaluate", spec_path, good, faulty, "-o", evaluation)
    assert made.exit_code == 0, made.output
    return Tender(spec_path, good, faulty, empty, evaluation, edited.id, rows[edited.id], refused.id,
                  rows[refused.id])


def said(result: Any) -> str:
    return str(result.stdout) + str(result.stderr)


def run(env: dict[str, str], *args: str | Path) -> tuple[int, str]:
    result = Cli()(*args, env=env)
    assert "Traceback" not in said(result)
    return result.exit_code, said(result)


def assert_speaks(output: str, expected: list[str], english: list[str]) -> None:
    for text in expected:
        assert text in output, f"missing: {text!r}\n{output}"
    for text in english:
        assert text not in output, f"untranslated: {text!r}\n{output}"


# ---------------------------------------------------------------- answers check


ANSWER_CHECK = {
    "nb": [
        "{edited}: kravteksten i celle {text_cell} er ulik kravspesifikasjonen",
        "Leverandøren har endret teksten: behandle det som et forbehold, eller be om svar i en uendret kopi.",
        "{refused} er et minstekrav med svaret 'Nei' i Svarskjema!H{refused_row}, ikke 'Ja'",
        "Et minstekrav som ikke er oppfylt, betyr at tilbudet må avvises;",
        "avvik.xlsx har ikke noe ark 'Prisskjema' med prisskjemaet",
        "svarskjemaet {empty} er en tom fil",
        "Be leverandøren fylle ut og sende arbeidsboken (.xlsx) som fulgte med konkurransen.",
    ],
    "nn": [
        "{edited}: kravteksten i celle {text_cell} er ulik kravspesifikasjonen",
        "Leverandøren har endra teksten: handsam det som eit forbehold, eller be om svar i ein uendra kopi.",
        "{refused} er eit minstekrav med svaret 'Nei' i Svarskjema!H{refused_row}, ikkje 'Ja'",
        "Eit minstekrav som ikkje er oppfylt, tyder at tilbodet må avvisast;",
        "avvik.xlsx har ikkje noko ark 'Prisskjema' med prisskjemaet",
        "svarskjemaet {empty} er ei tom fil",
        "Be leverandøren fylle ut og sende arbeidsboka (.xlsx) som følgde med konkurransen.",
    ],
    "en": [
        "{edited}: the requirement text in cell {text_cell} differs from the specification",
        "The supplier changed the text: treat it as a reservation (forbehold), or ask for an answer in an "
        "unchanged copy.",
        "{refused} is a minstekrav answered 'Nei' in Svarskjema!H{refused_row}, not 'Ja'",
        "A minstekrav not met means the tender must be rejected;",
        "avvik.xlsx has no sheet 'Prisskjema' with the price form",
        "answer workbook {empty} is empty",
        "Ask the supplier for the .xlsx workbook that came with the tender, filled in.",
    ],
}


def answer_check_texts(lang: str, tender: Tender) -> list[str]:
    values = {"edited": tender.edited, "text_cell": f"{TEXT_COLUMN}{tender.edited_row}",
              "refused": tender.refused, "refused_row": tender.refused_row, "empty": _shown(tender.empty)}
    return [text.format(**values) for text in ANSWER_CHECK[lang]]


def _shown(path: Path) -> str:
    from anskaffelse.diagnostics import display_path

    return display_path(path)


@pytest.mark.parametrize(("env", "lang"), [(NB, "nb"), (NN, "nn")])
def test_the_answer_check_speaks_norwegian(tender: Tender, env: dict[str, str], lang: str) -> None:
    code, output = run(env, "answers", "check", tender.spec, tender.good, tender.faulty, tender.empty)
    assert code == 1
    assert_speaks(output, answer_check_texts(lang, tender), answer_check_texts("en", tender))


# ---------------------------------------------------------------- evaluation


EVALUATION = {
    "nb": ["--evaluators har 'Kari' to ganger; hver evaluator trenger sitt eget navn",
           "er et svarskjema fra en leverandør, ikke en evalueringsarbeidsbok",
           "Lag evalueringsarbeidsboken først: anskaffelse evaluate SPEC.json ANSWERS.xlsx... -o evaluering.xlsx; "
           "fyll inn poengene der.",
           "evalueringsarbeidsboken {empty} er en tom fil",
           "Be evalueringskomiteen fylle ut og sende evalueringsarbeidsboken som `anskaffelse evaluate` skrev.",
           "ingen poeng for God Journal AS på {item}",
           "Gi alle krav og leveranser poeng fra 0 til 10 før rapporten skrives."],
    "nn": ["--evaluators har 'Kari' to gonger; kvar evaluator treng sitt eige namn",
           "er eit svarskjema frå ein leverandør, ikkje ei evalueringsarbeidsbok",
           "Lag evalueringsarbeidsboka først: anskaffelse evaluate SPEC.json ANSWERS.xlsx... -o evaluering.xlsx; "
           "fyll inn poenga der.",
           "evalueringsarbeidsboka {empty} er ei tom fil",
           "Be evalueringskomiteen fylle ut og sende evalueringsarbeidsboka som `anskaffelse evaluate` skreiv.",
           "ingen poeng for God Journal AS på {item}",
           "Gi alle krav og leveransar poeng frå 0 til 10 før rapporten blir skriven."],
    "en": ["--evaluators names 'Kari' twice; each evaluator needs a name of their own",
           "is a supplier's answer workbook, not an evaluation workbook",
           "Make the evaluation workbook first: anskaffelse evaluate SPEC.json ANSWERS.xlsx... -o evaluering.xlsx; "
           "fill in the scores there.",
           "evaluation workbook {empty} is empty",
           "Ask the evaluation committee for the evaluation workbook that `anskaffelse evaluate` wrote, filled in.",
           "no score for God Journal AS on {item}",
           "Give every requirement and deliverable a score from 0 to 10 before writing the report."],
}


def evaluation_output(env: dict[str, str], tender: Tender, out: Path) -> str:
    """Four evaluation commands that fail: two evaluators of one name, a report from an answer workbook,
    from an empty file and from the evaluation workbook without scores."""
    outputs = []
    code, said_ = run(env, "evaluate", tender.spec, tender.good, "-o", out / "x.xlsx", "--evaluators", "Kari,Kari")
    assert code == 2
    outputs.append(said_)
    for workbook in (tender.good, tender.empty, tender.evaluation):
        code, said_ = run(env, "evaluate", "report", workbook, "-o", out / "rapport", "--format", "docx")
        assert code == 1
        outputs.append(said_)
    assert not (out / "x.xlsx").exists() and not (out / "rapport").exists()
    return "\n".join(outputs)


def evaluation_texts(lang: str, tender: Tender) -> list[str]:
    return [text.format(empty=_shown(tender.empty), item=tender.edited) for text in EVALUATION[lang]]


@pytest.mark.parametrize(("env", "lang"), [(NB, "nb"), (NN, "nn")])
def test_the_evaluation_speaks_norwegian(tender: Tender, tmp_path: Path, env: dict[str, str], lang: str) -> None:
    output = evaluation_output(env, tender, tmp_path)
    assert_speaks(output, evaluation_texts(lang, tender), evaluation_texts("en", tender))


# ---------------------------------------------------------------- diff, addendum, award criteria, upgrade


PROFILES = {
    "nb": ["ingenting er endret fra {v1}, så det er ingenting å rette",
           "Endre profilen først (eller gi de to versjonene i riktig rekkefølge); en rettelse viser det som er "
           "endret, og ingenting annet.",
           "{folder} er en mappe; gi en profil (.yaml) eller en kravspesifikasjon som 'anskaffelse build' har "
           "skrevet (…-spesifikasjon.json)",
           "vektene for tildelingskriteriene blir til sammen 90, ikke 100",
           "Juster vektene slik at de blir 100 til sammen.",
           "library_version '>=1.0, <2' omfatter ikke versjon",
           "av kravbiblioteket; sett verdien til '>=2.0, <3'",
           "Settes av 'anskaffelse upgrade --write'."],
    "nn": ["ingenting er endra frå {v1}, så det er ingenting å rette",
           "Endre profilen først (eller gi dei to versjonane i rett rekkjefølgje); ei retting viser det som er "
           "endra, og ingenting anna.",
           "{folder} er ei mappe; gi ein profil (.yaml) eller ein kravspesifikasjon som 'anskaffelse build' har "
           "skrive (…-spesifikasjon.json)",
           "vektene for tildelingskriteria blir til saman 90, ikkje 100",
           "Juster vektene slik at dei blir 100 til saman.",
           "library_version '>=1.0, <2' omfattar ikkje versjon",
           "av kravbiblioteket; set verdien til '>=2.0, <3'",
           "Blir sett av 'anskaffelse upgrade --write'."],
    "en": ["nothing changed from {v1}, so there is nothing to correct",
           "Change the profile first (or give the two versions in the right order); an addendum lists what "
           "changed and nothing else.",
           "{folder} is a folder; give a profile (.yaml) or a specification that 'anskaffelse build' wrote "
           "(…-spesifikasjon.json)",
           "the award criteria weights sum to 90, not 100",
           "Adjust the weights so that they add up to 100.",
           "library_version '>=1.0, <2' does not include library",
           "; set it to '>=2.0, <3'",
           "Set by 'anskaffelse upgrade --write'."],
}


def profile_output(env: dict[str, str], tmp_path: Path) -> str:
    """An addendum with nothing to correct, a diff given a folder, weights that do not add up to 100,
    and a profile written for library 1.0."""
    v1 = EXAMPLES / "rettelse" / "v1.yaml"
    weights = tmp_path / "vekter.yaml"
    weights.write_text(MINIMAL_PROFILE.replace("weight: 70", "weight: 60"), encoding="utf-8")
    runs = [(("addendum", v1, v1, "-o", tmp_path / "ut"), 1), (("diff", tmp_path, v1), 2),
            (("validate", weights), 1), (("upgrade", PROFILE_1_0), 1)]
    outputs = []
    for args, expected in runs:
        code, said_ = run(env, *args)
        assert code == expected, said_
        outputs.append(said_)
    assert not (tmp_path / "ut").exists()
    return "\n".join(outputs)


def profile_texts(lang: str, tmp_path: Path) -> list[str]:
    return [text.format(v1=_shown(EXAMPLES / "rettelse" / "v1.yaml"), folder=_shown(tmp_path))
            for text in PROFILES[lang]]


@pytest.mark.parametrize(("env", "lang"), [(NB, "nb"), (NN, "nn")])
def test_diff_addendum_award_and_upgrade_speak_norwegian(tmp_path: Path, env: dict[str, str], lang: str) -> None:
    output = profile_output(env, tmp_path)
    assert_speaks(output, profile_texts(lang, tmp_path), profile_texts("en", tmp_path))


# ---------------------------------------------------------------- the workbook door names its source


def test_a_member_s_workbook_is_named_as_a_priority_workbook(tmp_path: Path) -> None:
    empty = tmp_path / "tom.xlsx"
    empty.write_bytes(b"")
    joint = EXAMPLES / "prioritering" / "felles.yaml"
    outputs = {lang: run(env, "prioritize", "merge", joint, empty, "-o", tmp_path / "samlet.yaml")[1]
               for lang, env in (("nb", NB), ("nn", NN), ("en", EN))}
    shown = _shown(empty)
    assert f"prioriteringsarbeidsboken {shown} er en tom fil" in outputs["nb"]
    assert "Be deltakeren fylle ut og sende prioriteringsarbeidsboken som ble sendt ut." in outputs["nb"]
    assert f"prioriteringsarbeidsboka {shown} er ei tom fil" in outputs["nn"]
    assert "Be deltakaren fylle ut og sende prioriteringsarbeidsboka som vart send ut." in outputs["nn"]
    assert f"priority workbook {shown} is empty" in outputs["en"]
    assert "Ask the member for the priority workbook that was sent out, filled in." in outputs["en"]
    assert "priority workbook" not in outputs["nb"] + outputs["nn"]


# ---------------------------------------------------------------- English as before


def test_the_english_messages_are_unchanged(tender: Tender, tmp_path: Path) -> None:
    code, answers = run(EN, "answers", "check", tender.spec, tender.good, tender.faulty, tender.empty)
    assert code == 1
    output = "\n".join([answers, evaluation_output(EN, tender, tmp_path), profile_output(EN, tmp_path)])
    english = answer_check_texts("en", tender) + evaluation_texts("en", tender) + profile_texts("en", tmp_path)
    norwegian = (answer_check_texts("nb", tender) + evaluation_texts("nb", tender) + profile_texts("nb", tmp_path)
                 + answer_check_texts("nn", tender) + evaluation_texts("nn", tender) + profile_texts("nn", tmp_path))
    assert_speaks(output, english, norwegian)
