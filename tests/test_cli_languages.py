"""Every command of the command line under bokmål, nynorsk and English: no translated message left in English.

"Untranslated" is decided mechanically: every message of every catalog
(`locale/<lang>/LC_MESSAGES/*.po`) that has a translation different from its
English text is looked for, as English, in what the command line prints in
that language; placeholders match anything, and messages of fewer than three
words are left out ("Name", "Wrote {path}"), since a file name or a Norwegian
word could look like them. A message with no translation yet is not looked
for, and the text it printed is taken out before the search (a translated
phrase such as "an Excel workbook" may stand inside it); `tests/test_messages.py`
requires that every message has a translation, and then nothing is taken out.

The commands are read from the typer app itself, so a new command without a
case here fails `test_every_command_has_a_case`. Help is read in one fresh
process per language, since help texts are translated when the command line
is defined; every command then runs in-process twice per language, once on
good input and once on bad.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from typer.main import get_command
from typer.testing import CliRunner

from anskaffelse.cli import app

from .conftest import EXAMPLES, LOCALE, MINIMAL_PROFILE

LANGUAGES = {"nb": "nb_NO.UTF-8", "nn": "nn_NO.UTF-8", "en": "C.UTF-8"}
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:![rsa])?(?::[^{}]*)?\}")
NORWEGIAN = {"nb": ["Bruk:", "Valg:", "Kommandoer:", "Vis denne hjelpeteksten og avslutt.", "feil"],
             "nn": ["Bruk:", "Val:", "Kommandoar:", "Vis denne hjelpeteksten og avslutt.", "feil"]}


def command_paths() -> list[tuple[str, ...]]:
    """Every command and group of the app, as the words a user types: ('build',), ('evaluate', 'report'), …"""
    def walk(group: object, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        for name, command in getattr(group, "commands", {}).items():
            yield (*path, name)
            yield from walk(command, (*path, name))

    return list(walk(get_command(app), ()))


def leaf_commands() -> list[tuple[str, ...]]:
    paths = command_paths()
    return [p for p in paths if not any(other[: len(p)] == p and other != p for other in paths)]


def normalized(text: str) -> str:
    """Text as it reads, whatever the line breaks: help is wrapped to the terminal, words broken at hyphens."""
    return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", text)).strip()


@cache
def message_patterns(lang: str, translated: bool) -> dict[str, re.Pattern[str]]:
    """For each English message of three words or more that `lang` translates (or does not translate yet):
    a pattern that finds it in output."""
    patterns: dict[str, re.Pattern[str]] = {}
    for po in sorted((LOCALE / lang / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        for message in catalog:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for english in ids:
                if not english or len(re.findall(r"[^\W\d_]+", PLACEHOLDER.sub(" ", english))) < 3:
                    continue
                if translated != (all(strings) and any(s != english for s in strings)):
                    continue
                parts = [re.escape(normalized(part)) for part in PLACEHOLDER.split(english)]
                patterns[english] = re.compile(r".{0,300}?".join(part for part in parts if part))
    return patterns


def english_left(lang: str, output: str) -> list[str]:
    text = normalized(output)
    for pending in message_patterns(lang, translated=False).values():
        text = pending.sub(" ", text)
    return sorted(english for english, pattern in message_patterns(lang, translated=True).items()
                  if pattern.search(text))


# ---------------------------------------------------------------- help, in a fresh process per language

_HELP_SCRIPT = """
import json, sys
from typer.testing import CliRunner
from anskaffelse.cli import app
runner = CliRunner()
shown = {}
for path in [[]] + json.loads(sys.argv[1]):
    result = runner.invoke(app, [*path, "--help"])
    shown[" ".join(path)] = [result.exit_code, result.output]
print(json.dumps(shown))
"""


@pytest.fixture(scope="module")
def help_texts() -> dict[str, dict[str, tuple[int, str]]]:
    import os

    shown = {}
    for lang, locale in LANGUAGES.items():
        env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
        env |= {"LANG": locale, "COLUMNS": "100"}
        run = subprocess.run([sys.executable, "-c", _HELP_SCRIPT, json.dumps([list(p) for p in command_paths()])],
                             capture_output=True, text=True, env=env, check=True, timeout=300)
        shown[lang] = {path: (code, text) for path, (code, text) in json.loads(run.stdout).items()}
    return shown


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_the_help_of_every_command_is_norwegian(help_texts, lang: str) -> None:
    assert set(help_texts[lang]) == {""} | {" ".join(p) for p in command_paths()}
    left = {path: english_left(lang, text) for path, (_, text) in help_texts[lang].items()}
    assert {path: found for path, found in left.items() if found} == {}
    for path, (code, text) in help_texts[lang].items():
        assert code == 0, (path, text)
        for word in ("Bruk: anskaffelse", "Vis denne hjelpeteksten og avslutt."):
            assert word in text, (path, text)
    everything = "\n".join(text for _, text in help_texts[lang].values())
    for word in NORWEGIAN[lang][:3]:
        assert word in everything


def test_the_english_help_is_found_by_the_same_check(help_texts) -> None:
    """The check has teeth: in the English help it finds the English texts that nb and nn translate."""
    for path, (code, text) in help_texts["en"].items():
        assert code == 0
        assert "Usage: anskaffelse" in text and "Show this message and exit." in text
        assert english_left("nb", text), path
    assert "--lang chooses the language of documents and texts" in normalized(help_texts["en"][""][1])
    assert "Messages on screen follow the locale (LANG, LANGUAGE)." in normalized(help_texts["en"]["build"][1])


# ---------------------------------------------------------------- every command, good input and bad


@dataclass(frozen=True)
class Case:
    good: list[str]
    bad: list[str]
    good_code: int = 0
    bad_code: int = 2
    more_bad: tuple[tuple[list[str], int], ...] = ()
    """Other bad input with its exit code: a workbook where a YAML or ReqIF file belongs, and the like."""

    def runs(self) -> list[tuple[str, list[str], int]]:
        return [("good", self.good, self.good_code), ("bad", self.bad, self.bad_code),
                *((f"bad {n}", args, code) for n, (args, code) in enumerate(self.more_bad, 2))]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Small inputs for every command, made once in English with the API and the tests' helpers."""
    import anskaffelse

    from .answer_workbooks import fill as answer
    from .evaluation_support import answered_workbook, fill_scores
    from .priority_workbooks import MEMBERS, PROFILE, workbook_of
    from .priority_workbooks import fill as prioritize
    from .survey_fill import fill as survey_fill
    from .survey_fill import requirement_ids

    root = tmp_path_factory.mktemp("languages")
    files = {"profile": root / "kommune.yaml", "changed": root / "kommune-v2.yaml", "bad": root / "broken.yaml",
             "joint": PROFILE}
    files["profile"].write_text(MINIMAL_PROFILE, encoding="utf-8")
    files["changed"].write_text(MINIMAL_PROFILE + "tailor:\n  EPJ-DR-001:\n    weight: 5\n", encoding="utf-8")
    files["bad"].write_text(MINIMAL_PROFILE + "exclude: [EPJ-XX-999]\n", encoding="utf-8")
    files["extends_workbook"] = root / "bygger-pa-arbeidsbok.yaml"
    files["extends_workbook"].write_text("extends: bygd/kommune-svarskjema.xlsx\n", encoding="utf-8")
    built = root / "bygd"
    anskaffelse.build([files["profile"]], built, ["docx", "xlsx", "json", "reqif"])
    files["spec"] = built / "kommune-spesifikasjon.json"
    files["workbook"] = built / "kommune-svarskjema.xlsx"
    files["reqif"] = next(built.glob("*.reqif"))
    spec = anskaffelse.specification(files["profile"])[0]
    files["answer"] = answer(built / "kommune-svarskjema.xlsx", root / "Leverandør AS.xlsx", spec)
    suppliers = {"Alfa AS": 1_000_000, "Beta AS": 1_200_000}
    answers = [answered_workbook(built / "kommune-svarskjema.xlsx", root / f"{name}.xlsx", spec) for name in suppliers]
    files["answers"], files["answers2"] = answers
    files["prices"] = root / "priser.yaml"
    files["prices"].write_text("prices:\n" + "".join(f"  {n}: {p}\n" for n, p in suppliers.items()), encoding="utf-8")
    anskaffelse.evaluate(files["spec"], answers, root / "evaluering.xlsx", prices=files["prices"])
    files["evaluation"] = root / "evaluering.xlsx"
    files["scored"] = fill_scores(files["evaluation"], root / "vurdert.xlsx", suppliers, lambda *_: 7,
                                  lambda sheet, item, supplier: f"{supplier} løser {item} godt.")
    rounds = root / "runde"
    anskaffelse.prioritize_export(PROFILE, rounds)
    files["priorities"] = root / "prioriteringer"
    for index, member in enumerate(MEMBERS):
        prioritize(workbook_of(rounds, member), files["priorities"] / f"{member}.xlsx",
                   {"EPJ-MO-001": ("må", "kan")[index % 2]})
    for kind, stem in (("survey", "kartlegging"), ("dialogue", "markedsdialog")):
        forms = root / stem
        (anskaffelse.survey_export if kind == "survey" else anskaffelse.dialogue_export)(files["profile"], forms)
        blank = forms / f"kommune-{stem}-nb.xlsx"
        files[f"{kind}_spec"] = forms / f"kommune-{stem}-spesifikasjon.json"
        files[f"{kind}_answers"] = forms / "svar"
        files[f"{kind}_answers"].mkdir()
        for n in range(3):
            if kind == "survey":
                facts: list[object] = [f"Kommune {n}", f"96410642{n}", "sykehjem", "Alfa EPJ", "Leverandør AS",
                                       "1.0", 100, "rådgiver"]
                answered = {i: ("Fullt", "Må", "") for i in requirement_ids(blank)}
            else:
                facts = [f"Leverandør {n} AS", f"98765432{n}", f"Produkt {n}", "3.1", "ola"]
                answered = {i: ("Leveres i dag", None, "") for i in requirement_ids(blank)}
            survey_fill(blank, files[f"{kind}_answers"] / f"svar-{n}.xlsx", facts, answered)
    return files


def cases(f: dict[str, Path], out: Path) -> dict[tuple[str, ...], Case]:
    """What each command gets in the test: good input and bad (missing files, wrong kinds, broken profiles)."""
    missing = str(out / "finnes-ikke.yaml")
    p, priorities = str(f["profile"]), sorted(map(str, f["priorities"].glob("*.xlsx")))
    return {
        ("build",): Case([p, "-o", str(out / "bygd"), "--format", "json"], [str(f["bad"]), "-o", str(out / "x")],
                         bad_code=1, more_bad=(([str(f["workbook"])], 2),)),
        ("validate",): Case([p], [str(f["bad"])], bad_code=1,
                            more_bad=(([str(f["extends_workbook"])], 1), ([str(f["workbook"])], 2))),
        ("list",): Case(["areas"], ["--module", "finnes-ikke"]),
        ("show",): Case(["EPJ-DR-001", "--profile", str(f["changed"])], ["EPJ-XX-999"]),
        ("lint",): Case([p], ["--explain", "Q999"], more_bad=(([str(f["workbook"])], 2),)),
        ("upgrade",): Case([p], [missing]),
        ("diff",): Case([p, str(f["changed"])], [p, str(f["bad"])], bad_code=1),
        ("addendum",): Case([p, str(f["changed"]), "-o", str(out / "rettelse"), "--formats", "docx,xlsx,json"],
                            [p, p, "-o", str(out / "ingen")], bad_code=1),
        ("init",): Case([str(out / "ny.yaml")], [p]),
        ("schema",): Case(["profile", "-o", str(out / "skjema")], ["finnes-ikke"]),
        ("site",): Case(["-o", str(out / "nettsted")], [missing, "-o", str(out / "nettsted-feil")]),
        ("prioritize",): Case([], []),
        ("prioritize", "export"): Case([str(f["joint"]), "-o", str(out / "runde")], [p, "-o", str(out / "r")],
                                       bad_code=1),
        ("prioritize", "merge"): Case([str(f["joint"]), *priorities, "-o", str(out / "samlet.yaml")],
                                      [str(f["joint"]), *priorities[:-1], "-o", str(out / "s.yaml")], bad_code=1),
        ("evaluate",): Case([], []),
        ("evaluate", "workbook"): Case([str(f["spec"]), str(f["answers"]), str(f["answers2"]), "-o",
                                        str(out / "evaluering.xlsx"), "--prices", str(f["prices"])],
                                       [str(f["spec"]), str(f["answers"]), "-o", str(f["evaluation"])]),
        ("evaluate", "report"): Case([str(f["scored"]), "-o", str(out / "begrunnelse"), "--format", "docx"],
                                     [str(f["evaluation"]), "-o", str(out / "b"), "--format", "docx"], bad_code=1),
        ("answers",): Case([], []),
        ("answers", "check"): Case([str(f["spec"]), str(f["answer"])], [str(f["spec"]), str(f["profile"])],
                                   bad_code=1),
        ("survey",): Case([], []),
        ("survey", "export"): Case([p, "-o", str(out / "kartlegging"), "--lang", "nb,nn"], [missing]),
        ("survey", "report"): Case([str(f["survey_spec"]), *map(str, sorted(f["survey_answers"].iterdir())), "-o",
                                    str(out / "kartleggingsrapport"), "--no-pdf", "--min-group", "1"],
                                   [str(f["survey_spec"]), missing]),
        ("dialogue",): Case([], []),
        ("dialogue", "export"): Case([p, "-o", str(out / "dialog")], [missing]),
        ("dialogue", "report"): Case([str(f["dialogue_spec"]), *map(str, sorted(f["dialogue_answers"].iterdir())),
                                      "-o", str(out / "dialograpport"), "--no-pdf"], [missing, missing]),
        ("import",): Case([], []),
        ("import", "reqif"): Case([str(f["reqif"]), "-o", str(out / "modul.yaml")],
                                  [p, "-o", str(out / "m.yaml")], bad_code=1,
                                  more_bad=(([str(f["workbook"]), "-o", str(out / "m.yaml")], 1),)),
    }


def test_every_command_has_a_case(tmp_path: Path) -> None:
    table = cases({k: tmp_path for k in ("profile", "changed", "bad", "joint", "priorities", "spec", "answers",
                                         "answers2", "prices", "evaluation", "scored", "answer", "survey_spec",
                                         "survey_answers", "dialogue_spec", "dialogue_answers", "reqif", "workbook",
                                         "extends_workbook")}, tmp_path)
    assert set(table) == set(command_paths())


@pytest.fixture(scope="module")
def runs(inputs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """What every command printed in each language, by command and input ("build (good)", "build (bad)")."""
    runner = CliRunner()
    printed: dict[str, dict[str, str]] = {}
    for lang, locale in LANGUAGES.items():
        out = tmp_path_factory.mktemp(f"ut-{lang}")
        printed[lang] = {}
        for path, case in cases(inputs, out).items():
            if path not in leaf_commands():
                continue
            for which, args, code in case.runs():
                result = runner.invoke(app, [*path, *args], env={"LANG": locale, "COLUMNS": "160"})
                assert result.exception is None or isinstance(result.exception, SystemExit), result.output
                assert result.exit_code == code, (lang, path, args, result.output)
                assert "Traceback" not in result.output and "internal error" not in result.output
                printed[lang][f"{' '.join(path)} ({which})"] = result.output
    return printed


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_every_command_speaks_norwegian(runs, lang: str) -> None:
    left = {command: english_left(lang, output) for command, output in runs[lang].items()}
    assert {command: found for command, found in left.items() if found} == {}
    everything = "\n".join(runs[lang].values())
    assert "feil: " in everything and "Feil: " not in everything.replace("Feil: Ukjent", "")
    expected = {"nb": ["OK: ingen feil (0 advarsler)", "Svarkontroll", "Leverandør", "Besvart",
                       "Der deltakerne er uenige", "Skrev ", "0 lagt til, 0 fjernet, 1 endret krav"],
                "nn": ["OK: ingen feil (0 åtvaringar)", "Svarkontroll", "Leverandør", "Svart på",
                       "Der deltakarane er usamde", "Skreiv ", "0 lagde til, 0 fjerna, 1 endra krav"]}[lang]
    for text in expected:
        assert text in normalized(everything), text


def test_every_command_still_speaks_english_under_the_c_locale(runs) -> None:
    everything = normalized("\n".join(runs["en"].values()))
    for text in ("OK: no errors (0 warning(s))", "Answer check", "Supplier", "Answered",
                 "Where the members disagree", "0 added, 0 removed, 1 changed requirement(s)"):
        assert text in everything, text
    assert english_left("nb", everything)  # the check finds the English texts where they are
    assert not re.search(r"\b(Bruk|Valg|feil|advarsler|Skrev)\b", everything)


def test_the_machine_output_keeps_its_keys_in_every_language(inputs: dict[str, Path]) -> None:
    runner = CliRunner()
    shapes = set()
    for locale in LANGUAGES.values():
        result = runner.invoke(app, ["validate", str(inputs["bad"]), "--json"], env={"LANG": locale})
        data = json.loads(result.stdout)
        shapes.add((tuple(data), tuple(data["diagnostics"][0]), data["diagnostics"][0]["severity"],
                    data["diagnostics"][0]["code"]))
    assert shapes == {(("errors", "warnings", "diagnostics"),
                       ("severity", "code", "message", "hint", "file", "line", "column"), "error", "P001")}


def test_the_examples_build_in_nynorsk_with_norwegian_messages(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", str(EXAMPLES / "samarbeid" / "medlem-nynorsk.yaml"), "-o",
                                      str(tmp_path), "--format", "json"], env={"LANG": "nn_NO.UTF-8"})
    assert result.exit_code == 0, result.output
    assert re.search(r"medlem-nynorsk\.yaml: \d+ krav", result.output)
