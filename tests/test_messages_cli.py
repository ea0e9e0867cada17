"""The command line's own words (the "cli" catalog) in bokmål and nynorsk, and unchanged in English.

Each case runs the real command line with a Norwegian locale and looks for the
Norwegian text, written here by hand, and for the absence of the English one.
Help texts are translated when the command line is defined, so they are tested
in a fresh process (tests/test_cli_languages.py); everything here is decided
when a command runs.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path

import pytest

from .conftest import MINIMAL_PROFILE, Cli

NB = {"LANG": "nb_NO.UTF-8", "COLUMNS": "200"}
NN = {"LANG": "nn_NO.UTF-8", "COLUMNS": "200"}
EN = {"LANG": "C.UTF-8", "COLUMNS": "200"}


@pytest.fixture
def profiles(tmp_path: Path) -> dict[str, Path]:
    files = {"good": MINIMAL_PROFILE,
             "heavier": MINIMAL_PROFILE + "tailor:\n  EPJ-DR-001:\n    weight: 5\n",
             "bad": MINIMAL_PROFILE + "exclude: [EPJ-XX-999]\n"}
    for name, text in files.items():
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    return {name: tmp_path / f"{name}.yaml" for name in files}


def said(result) -> str:  # type: ignore[no-untyped-def]
    """Everything the command printed, with runs of spaces as one (tables pad their cells)."""
    return re.sub(r"[ \t]+", " ", result.output)


# ---------------------------------------------------------------- typer's and click's words


@pytest.mark.parametrize(("env", "expected", "english"), [
    (NB, ["Bruk: anskaffelse build [VALG]", "Prøv 'anskaffelse build --help' for å få hjelp.",
          "Feil: Ukjent valg: --bogus (mulige valg: --out)"], ["Usage:", "Try '", "Error:", "No such option"]),
    (NN, ["Bruk: anskaffelse build [VAL]", "Prøv 'anskaffelse build --help' for å få hjelp.",
          "Feil: Ukjent val: --bogus (moglege val: --out)"], ["Usage:", "Try '", "Error:", "No such option"]),
])
def test_an_unknown_option_is_refused_in_norwegian_with_exit_code_2(cli: Cli, env, expected, english) -> None:
    result = cli("build", "--bogus", env=env)
    assert result.exit_code == 2
    for text in expected:
        assert text in result.stderr
    for text in english:
        assert text not in result.output


@pytest.mark.parametrize(("env", "expected"), [
    (NB, "Feil: Kommandoen 'buld' finnes ikke. Mente du 'build'?"),
    (NN, "Feil: Kommandoen 'buld' finst ikkje. Meinte du 'build'?"),
    (EN, "Error: No such command 'buld'. Did you mean 'build'?"),
])
def test_a_mistyped_command_is_named_with_a_suggestion(cli: Cli, env, expected) -> None:
    result = cli("buld", env=env)
    assert result.exit_code == 2
    assert expected in result.stderr


@pytest.mark.parametrize(("args", "env", "expected"), [
    (["build", "x.yaml", "--json-indent", "9"], NB,
     "Feil: Ugyldig verdi for '--json-indent': Verdien kan ikke være større enn 8"),
    (["build", "x.yaml", "--json-indent", "9"], NN,
     "Feil: Ugyldig verdi for '--json-indent': Verdien kan ikkje vere større enn 8"),
    (["build", "x.yaml", "--json-indent", "to"], NB,
     "Feil: Ugyldig verdi for '--json-indent': Verdien må være et heltall; dette kan ikke leses som et tall"),
    (["build", "x.yaml", "--json-indent", "-1"], NN,
     "Feil: Ugyldig verdi for '--json-indent': Verdien kan ikkje vere mindre enn 0"),
    (["build"], NB, "Feil: Argumentet 'profiles' mangler."),
    (["build"], NN, "Feil: Argumentet 'profiles' manglar."),
    (["prioritize", "merge", "a.yaml", "b.xlsx"], NB, "Feil: Valget '-o' / '--out' mangler."),
    (["build", "x.yaml", "-o"], NB, "Feil: Valget '-o' må ha en verdi."),
    (["build", "x.yaml", "--json=3"], NN, "Feil: Valet '--json' tek ingen verdi."),
    (["show", "A", "B"], NB, "Feil: Fikk uventede ekstra argumenter (B)"),
    (["validate", "--library", "finnes-ikke"], NB,
     "Feil: Ugyldig verdi for '--library' (miljøvariabel: 'ANSKAFFELSE_LIBRARY'): mappen 'finnes-ikke' finnes ikke."),
    (["validate", "--library", "README.md"], NN,
     "Feil: Ugyldig verdi for '--library' (miljøvariabel: 'ANSKAFFELSE_LIBRARY'): 'README.md' er ei fil, "
     "ikkje ei mappe."),
])
def test_usage_errors_of_typer_keep_exit_code_2_and_speak_norwegian(cli: Cli, args, env, expected) -> None:
    result = cli(*args, env=env)
    assert result.exit_code == 2
    assert expected in result.stderr


def test_english_usage_errors_are_click_s_own_words(cli: Cli) -> None:
    cases = [(["build", "--bogus"], "Usage: anskaffelse build [OPTIONS] {profiles}...\n"
                                    "Try 'anskaffelse build --help' for help.\n\n"
                                    "Error: No such option: --bogus (Possible options: --out)\n"),
             (["build"], "Error: Missing argument 'profiles'.\n"),
             (["build", "x.yaml", "--json-indent", "9"],
              "Error: Invalid value for '--json-indent': Input should be less than or equal to 8\n"),
             (["build", "x.yaml", "-o"], "Error: Option '-o' requires an argument.\n"),
             (["show", "A", "B"], "Error: Got unexpected extra argument(s) (B)\n"),
             (["validate", "--library", "finnes-ikke"],
              "Error: Invalid value for '--library' (env var: 'ANSKAFFELSE_LIBRARY'): dir 'finnes-ikke' does not "
              "exist.\n")]
    for args, expected in cases:
        result = cli(*args, env=EN)
        assert result.exit_code == 2
        assert result.stderr.endswith(expected), result.stderr


def test_a_group_without_a_command_shows_its_help_in_norwegian(cli: Cli) -> None:
    result = cli("evaluate", env=NN)
    assert result.exit_code == 2
    assert "Bruk: anskaffelse evaluate [VAL] KOMMANDO [ARGUMENT]..." in result.output
    assert "Val:" in result.output and "Kommandoar:" in result.output
    assert "--help Vis denne hjelpeteksten og avslutt." in said(result)


def test_typer_looks_up_only_words_that_our_catalog_translates() -> None:
    """typer's own gettext words (typer/core.py) are in the cli catalog, so an upgrade that adds one shows here."""
    import typer.core

    from anskaffelse.locale.messages import catalog

    source = Path(typer.core.__file__).read_text(encoding="utf-8")
    words = set(re.findall(r'\b_\(\s*"((?:[^"\\]|\\.)*)"\s*\)', source))
    assert {"Options", "Arguments", "Commands", "default: {default}", "required"} <= words
    for lang in ("nb", "nn"):
        untranslated = [w for w in words if catalog(lang).gettext(w) == w]
        assert untranslated == [], lang


# ---------------------------------------------------------------- findings and counts


@pytest.mark.parametrize(("env", "counts", "severity", "hint"), [
    (NB, "1 feil, 0 advarsler", ": feil ", "\n    tips: "),
    (NN, "1 feil, 0 åtvaringar", ": feil ", "\n    tips: "),
])
def test_findings_are_rendered_with_norwegian_words(cli: Cli, profiles, env, counts, severity, hint) -> None:
    result = cli("validate", profiles["bad"], env=env)
    assert result.exit_code == 1
    line = next(line for line in result.stderr.splitlines() if line.endswith("(P001)"))
    assert line.startswith(f"{profiles['bad'].name}:") or line.startswith(str(profiles["bad"]))
    assert severity in line and ": error " not in line
    assert hint in result.stderr and "hint:" not in result.stderr
    assert counts in result.stderr and "error(s)" not in result.stderr


@pytest.mark.parametrize(("env", "expected"), [(NB, "OK: ingen feil (0 advarsler)"),
                                               (NN, "OK: ingen feil (0 åtvaringar)"),
                                               (EN, "OK: no errors (0 warning(s))")])
def test_a_clean_profile_says_so(cli: Cli, profiles, env, expected) -> None:
    result = cli("validate", profiles["good"], env=env)
    assert result.exit_code == 0
    assert expected in result.stderr


def test_english_findings_are_unchanged(cli: Cli, profiles) -> None:
    result = cli("validate", profiles["bad"], env=EN)
    assert result.exit_code == 1
    assert re.search(r":\d+:\d+: error exclude names unknown requirement EPJ-XX-999, .*\(P001\)\n    hint: ",
                     result.stderr)
    assert result.stderr.rstrip().endswith("1 error(s), 0 warning(s)")


# ---------------------------------------------------------------- the commands' own lines


@pytest.mark.parametrize(("env", "expected", "english"), [
    (NB, ["Modul: drift Kategori: drift Kravtype: minstekrav Vekt: 0 Svarform: ja-nei", "Tjenesteområder: alle",
          "Veiledning:", "Begrunnelse:", "Parametere:\n {oppetid} = 99.5 % [99–100]", "Standarder: ",
          "Brukerhistorier: HIST-004", "Merkelapper: kjerne"],
     ["Module:", "Guidance:", "Rationale:", "Parameters:", "Standards:", "User stories:", "Tags:"]),
    (NN, ["Modul: drift Kategori: drift Kravtype: minstekrav Vekt: 0 Svarform: ja-nei", "Tenesteområde: alle",
          "Rettleiing:", "Grunngiving:", "Parametrar:\n {oppetid} = 99.5 % [99–100]", "Standardar: ",
          "Brukarhistorier: HIST-004", "Merkelappar: kjerne"],
     ["Module:", "Guidance:", "Rationale:", "Parameters:", "Standards:", "User stories:", "Tags:"]),
    (EN, ["Module: drift Kind: drift Obligation: minstekrav Weight: 0 Response: ja-nei", "Areas: alle",
          "Guidance:", "Rationale:", "Parameters:\n {oppetid} = 99.5 % [99–100]", "Standards: ",
          "User stories: HIST-004", "Tags: kjerne"], ["Veiledning:", "Rettleiing:"]),
])
def test_show_labels_follow_the_locale_and_the_text_stays_in_its_language(cli: Cli, env, expected, english) -> None:
    result = cli("show", "EPJ-DR-020", env=env)
    assert result.exit_code == 0
    text = said(result)
    for label in expected:
        assert label in text
    for label in english:
        assert label not in text
    assert "Leverandøren skal levere løsningen" in text  # --lang, not the locale, chooses the text's language


@pytest.mark.parametrize(("env", "expected"), [
    (NB, ["Slik det bygges fra heavier.yaml; profilen endrer: vekt", "Vekt: 5 (satt av profilen)",
          "Kravtype: evaluert"]),
    (NN, ["Slik det blir bygd frå heavier.yaml; profilen endrar: vekt", "Vekt: 5 (sett av profilen)"]),
    (EN, ["As built from heavier.yaml; the profile changes: weight", "Weight: 5 (set by the profile)"]),
])
def test_show_with_a_profile(cli: Cli, profiles, env, expected, monkeypatch) -> None:
    monkeypatch.chdir(profiles["heavier"].parent)
    result = cli("show", "EPJ-DR-001", "--profile", "heavier.yaml", env=env)
    assert result.exit_code == 0
    for text in expected:
        assert text in result.output


@pytest.mark.parametrize(("env", "expected"), [
    (NB, ["Krav", "Endring", "Hva som er endret", "vekt: 9 → 5", "endret", "0 lagt til, 0 fjernet, 1 endret krav"]),
    (NN, ["Krav", "Endring", "Kva som er endra", "vekt: 9 → 5", "endra", "0 lagde til, 0 fjerna, 1 endra krav"]),
    (EN, ["Requirements", "Change", "What changed", "weight: 9 → 5", "changed",
          "0 added, 0 removed, 1 changed requirement(s)"]),
])
def test_diff_tables_and_summary(cli: Cli, profiles, env, expected) -> None:
    result = cli("diff", profiles["good"], profiles["heavier"], env=env)
    assert result.exit_code == 0
    for text in expected:
        assert text in result.stdout


@pytest.mark.parametrize(("env", "title", "column", "caption"), [
    (NB, "Tjenesteområder: ", "Navn", "Bruk ID-ene i profilen under 'select: areas'."),
    (NN, "Tenesteområde: ", "Namn", "Bruk ID-ane i profilen under 'select: areas'."),
    (EN, "Service areas: ", "Name", "Use the IDs in the profile under 'select: areas'."),
])
def test_list_headings(cli: Cli, env, title, column, caption) -> None:
    result = cli("list", "areas", env=env)
    assert result.exit_code == 0
    assert title in result.stdout and column in result.stdout and caption in said(result)


@pytest.mark.parametrize(("args", "env", "expected"), [
    (["list", "--module", "finnes-ikke"], NB, "feil: ukjent modul 'finnes-ikke'. Se alle med: anskaffelse list "
                                              "modules"),
    (["list", "--module", "finnes-ikke"], NN, "feil: ukjend modul 'finnes-ikke'. Sjå alle med: anskaffelse list "
                                              "modules"),
    (["list", "--module", "finnes-ikke"], EN, "error: unknown module 'finnes-ikke'. See them all with: anskaffelse "
                                              "list modules"),
    (["show", "EPJ-XX-999"], NB, "feil: ingen krav har ID-en 'EPJ-XX-999'"),
    (["schema", "finnes-ikke"], NN, "feil: ukjent skjema 'finnes-ikke'; vel mellom manifest, module,"),
    (["lint", "--explain", "Q999"], NB, "feil: ingen regel heter 'Q999'; se 'anskaffelse lint --rules'"),
    (["build", "finnes-ikke.yaml"], NB, "feil: fant ikke profilen: finnes-ikke.yaml"),
    (["build", "finnes-ikke.yaml"], EN, "error: profile not found: finnes-ikke.yaml"),
    (["build", "examples/eksempel-kommune.yaml", "--lang", "de"], NN,
     "feil: --lang må vere nb, nn eller en, ikkje 'de'"),
    (["build", "examples/eksempel-kommune.yaml", "--format", "odt"], NB,
     "feil: ukjent format 'odt'; velg blant docx,"),
])
def test_usage_errors_of_our_own(cli: Cli, args, env, expected) -> None:
    result = cli(*args, env=env)
    assert result.exit_code == 2
    assert expected in said(result)


def test_init_in_three_languages(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "kommune.yaml"
    assert f"Skrev {path}. Bygg den med: anskaffelse build {path}" in cli("init", path, env=NB).stdout
    result = cli("init", path, env=NN)
    assert result.exit_code == 2
    assert f"feil: {path} finst frå før; vel eit anna namn eller legg til --force" in said(result)
    result = cli("init", path, env=EN)
    assert f"error: {path} already exists; choose another name or add --force" in said(result)


@pytest.mark.parametrize(("env", "expected"), [
    (NB, "feil: kan ikke skrive til {out}: Ikke en mappe; velg en mappe du kan skrive til, med -o"),
    (NN, "feil: kan ikkje skrive til {out}: Ikkje ei mappe; vel ei mappe du kan skrive til, med -o"),
    (EN, "error: cannot write to {out}: Not a directory; choose a folder you can write to with -o"),
])
def test_the_system_s_reason_is_translated_too(cli: Cli, profiles, tmp_path, env, expected) -> None:
    out = profiles["good"] / "ut"  # a file on the way to the output folder
    result = cli("build", profiles["good"], "-o", out, "--format", "json", env=env)
    assert result.exit_code == 2
    assert expected.format(out=out) in said(result)


@pytest.mark.parametrize(("env", "expected"), [(NB, r"good\.yaml: \d+ krav\n  ut/good-spesifikasjon\.json"),
                                               (NN, r"good\.yaml: \d+ krav\n"),
                                               (EN, r"good\.yaml: \d+ requirements\n")])
def test_build_summary(cli: Cli, profiles, tmp_path, env, expected, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("build", "good.yaml", "-o", "ut", "--format", "json", env=env)
    assert result.exit_code == 0
    assert re.search(expected, result.stderr), result.stderr


@pytest.mark.parametrize(("env", "expected"), [
    (NB, "good.yaml: ingenting å endre for bibliotek 2.0.0"),
    (NN, "good.yaml: ingenting å endre for bibliotek 2.0.0"),
    (EN, "good.yaml: nothing to change for library 2.0.0"),
])
def test_upgrade_summary(cli: Cli, profiles, env, expected, monkeypatch) -> None:
    monkeypatch.chdir(profiles["good"].parent)
    result = cli("upgrade", "good.yaml", env=env)
    assert result.exit_code == 0
    assert expected in result.stderr


def test_machine_output_keeps_its_keys_and_translates_the_human_text(cli: Cli) -> None:
    import json

    result = cli("build", "finnes-ikke.yaml", "--json", env=NB)
    assert result.exit_code == 2
    assert json.loads(result.stdout) == {"ok": False, "usage_error": "fant ikke profilen: finnes-ikke.yaml"}


# ---------------------------------------------------------------- the helpers


@pytest.mark.parametrize(("lang", "expected"), [("nb_NO.UTF-8", ("12 500 000", "1,5", "1,5 GB", "12 MB", "500 byte")),
                                                ("nn_NO.UTF-8", ("12 500 000", "1,5", "1,5 GB", "12 MB", "500 byte")),
                                                ("C.UTF-8", ("12,500,000", "1.5", "1.5 GB", "12 MB", "500 bytes"))])
def test_numbers_and_sizes_are_written_as_the_language_writes_them(monkeypatch, lang, expected) -> None:
    from anskaffelse.locale.messages import number
    from anskaffelse.office_zip import megabytes

    monkeypatch.setenv("LANG", lang)
    assert (number(12_500_000), number(1.5, 1), megabytes(1_500_000_000), megabytes(12_000_000),
            megabytes(500)) == expected


@pytest.mark.parametrize(("lang", "expected"), [("nb_NO.UTF-8", "xxxxxxxxx… (1 000 000 tegn)"),
                                                ("nn_NO.UTF-8", "xxxxxxxxx… (1 000 000 teikn)"),
                                                ("C.UTF-8", "xxxxxxxxx… (1,000,000 characters)")])
def test_a_long_value_is_cut_with_its_length(monkeypatch, lang, expected) -> None:
    from anskaffelse.diagnostics import abbreviate

    monkeypatch.setenv("LANG", lang)
    assert abbreviate("x" * 1_000_000, 10) == expected


def test_the_system_s_reasons_are_translated_but_our_own_are_kept(monkeypatch) -> None:
    import os

    from anskaffelse.diagnostics import os_reason

    denied = PermissionError(errno.EACCES, os.strerror(errno.EACCES), "ut")
    ours = IsADirectoryError(errno.EISDIR, "a folder has the name of an output file", "ut")
    monkeypatch.setenv("LANG", "nn_NO.UTF-8")
    assert os_reason(denied) == "Inga tilgang"
    assert os_reason(ours) == "a folder has the name of an output file"
    monkeypatch.setenv("LANG", "nb_NO.UTF-8")
    assert os_reason(denied) == "Ingen tilgang"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert os_reason(denied) == os.strerror(errno.EACCES)


def test_a_zip_bomb_is_described_in_norwegian(monkeypatch) -> None:
    import io
    import zipfile

    from anskaffelse.office_zip import ZipLimits, ZipRefused, open_archive

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * 3_000_000)
    limits = ZipLimits(max_parts=10, max_part_bytes=100_000_000, max_total_bytes=100_000_000)
    monkeypatch.setenv("LANG", "nb_NO.UTF-8")
    with pytest.raises(ZipRefused) as refused:
        open_archive(buffer.getvalue(), limits)
    assert refused.value.problem.startswith("har en del xl/worksheets/sheet1.xml som er pakket tettere enn 100 til 1 "
                                            "(3 MB fra ")
    assert refused.value.problem.endswith(", slik zip-bomber er")


def test_no_function_that_translates_uses_the_underscore_for_something_else() -> None:
    """`spec, _ = ...` in a function that also calls `_()` makes `_` a local name there: the call then fails
    (UnboundLocalError) or calls whatever was unpacked. Checked in every module of the package."""
    import ast

    package = Path(__file__).resolve().parent.parent / "src" / "anskaffelse"
    clashes = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
            own = [n for n in ast.walk(function) if not isinstance(n, ast.comprehension)]
            calls = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_" for n in own)
            stores = [n.lineno for n in own if isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store)
                      and not _in_comprehension(function, n)]
            if calls and stores:
                clashes.append(f"{path.relative_to(package)}:{stores[0]} ({function.name})")
    assert clashes == []


def _in_comprehension(function: object, name: object) -> bool:
    import ast

    return any(isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp))
               and any(name is target for gen in node.generators for target in ast.walk(gen.target))
               for node in ast.walk(function))  # type: ignore[arg-type]
