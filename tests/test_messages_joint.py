"""The messages of joint tenders, the prioritisation round, surveys, ReqIF, the site and the exporters.

Each command runs under a bokmål, a nynorsk and an English locale; the
Norwegian sentences below are written out by hand, not taken from the
catalogs, and the English text must stay what it was before the messages
were translated.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

import anskaffelse

from .conftest import MINIMAL_PROFILE, Cli
from .priority_workbooks import MEMBERS, PROFILE, edit, fill, workbook_of
from .test_import_reqif import FOREIGN
from .test_joint_tender import BRATT, HOST

NB = {"LANG": "nb_NO.UTF-8"}
NN = {"LANG": "nn_NO.UTF-8"}
EN = {"LANG": "C.UTF-8"}


def flat(text: str) -> str:
    """The output with its line wrapping undone."""
    return " ".join(text.split())


def run(cli: Cli, env: dict[str, str], *args: str | Path, code: int = 1) -> str:
    result = cli(*args, env=env)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return flat(result.output)


def has(output: str, *expected: str) -> None:
    for sentence in expected:
        assert flat(sentence) in output, f"{sentence!r} not in {output!r}"


def lacks(output: str, *english: str) -> None:
    for sentence in english:
        assert sentence not in output, f"untranslated {sentence!r} in {output!r}"


# ------------------------------------------------------------------ joint tender (P070–P086)


@pytest.fixture
def joint_profile(tmp_path: Path) -> Path:
    """A joint profile with a member file that sets award criteria, an unknown member in a scope and
    a member without a valid organisation number."""
    (tmp_path / "bratt.yaml").write_text(BRATT + "award_criteria:\n  - {name: Kvalitet, weight: 100}\n",
                                         encoding="utf-8")
    host = HOST.replace('org_number: "944330178"', 'org_number: "944330179"')
    path = tmp_path / "felles.yaml"
    path.write_text(host + textwrap.dedent("""\
        scope:
          EPJ-LV-003: [nordvk]
        option_members:
          EPJ-DR-020: [nordvik]
        """), encoding="utf-8")
    return path


JOINT_ENGLISH = (
    "member file of bratt sets award criteria: the joint tender has one evaluation model for all members (P070)",
    "Remove it from the member file. The joint profile holds the terms of the tender; ask the vertskommune to "
    "change them there if they must change.",
    "scope of EPJ-LV-003 names unknown member 'nordvk' (P075)",
    "Members: nordvik, elvdal, bratt.",
    "'944330179' is not a valid organisation number (P013)",
    "option_members names EPJ-DR-020, which is not an option (P081)",
    "Add EPJ-DR-020 under 'options:', or move its members to 'scope:'.",
)


def test_joint_tender_findings_in_bokmal(cli: Cli, joint_profile: Path) -> None:
    output = run(cli, NB, "validate", joint_profile)
    has(output,
        "filen til deltakeren bratt angir tildelingskriterier: den felles konkurransen har én evalueringsmodell "
        "for alle deltakerne (P070)",
        "Fjern det fra deltakerfilen. Den felles profilen har vilkårene for konkurransen; be vertskommunen endre "
        "dem der hvis de må endres.",
        "scope for EPJ-LV-003 nevner den ukjente deltakeren 'nordvk' (P075)",
        "Deltakere: nordvik, elvdal, bratt.",
        "'944330179' er ikke et gyldig organisasjonsnummer (P013)",
        "option_members nevner EPJ-DR-020, som ikke er en opsjon (P081)",
        "Legg EPJ-DR-020 under 'options:', eller flytt deltakerne til 'scope:'.")
    lacks(output, *JOINT_ENGLISH)


def test_joint_tender_findings_in_nynorsk(cli: Cli, joint_profile: Path) -> None:
    output = run(cli, NN, "validate", joint_profile)
    has(output,
        "fila til deltakaren bratt set tildelingskriterium: den felles konkurransen har éin evalueringsmodell for "
        "alle deltakarane (P070)",
        "Fjern det frå deltakarfila. Den felles profilen har vilkåra for konkurransen; be vertskommunen endre dei "
        "der om dei må endrast.",
        "scope for EPJ-LV-003 nemner den ukjende deltakaren 'nordvk' (P075)",
        "Deltakarar: nordvik, elvdal, bratt.",
        "'944330179' er ikkje eit gyldig organisasjonsnummer (P013)",
        "option_members nemner EPJ-DR-020, som ikkje er ein opsjon (P081)")
    lacks(output, *JOINT_ENGLISH)


def test_joint_tender_findings_in_english_are_unchanged(cli: Cli, joint_profile: Path) -> None:
    output = run(cli, EN, "validate", joint_profile)
    has(output, *JOINT_ENGLISH)
    lacks(output, "deltakeren", "deltakaren")


def test_every_term_of_the_tender_in_a_member_file_is_one_whole_sentence(cli: Cli, tmp_path: Path) -> None:
    """P070 for each field under `tender:` is its own sentence in Norwegian, not an English word in a frame."""
    bratt = BRATT + "tender:\n  deadline: \"2027-05-01 12:00\"\n  buyers: []\n  ukjent: 1\n"
    (tmp_path / "bratt.yaml").write_text(bratt, encoding="utf-8")
    (tmp_path / "felles.yaml").write_text(HOST, encoding="utf-8")
    output = run(cli, NB, "validate", tmp_path / "felles.yaml")
    has(output,
        "filen til deltakeren bratt angir tilbudsfristen: den felles konkurransen har én tilbudsfrist for alle "
        "deltakerne (P070)",
        "filen til deltakeren bratt angir listen over oppdragsgivere: den felles konkurransen har én liste over "
        "oppdragsgivere for alle deltakerne (P070)",
        "filen til deltakeren bratt angir ukjent under tender: vilkårene for den felles konkurransen er de samme "
        "for alle deltakerne (P070)")
    lacks(output, "deadline for all members", "list of buyers")
    english = run(cli, EN, "validate", tmp_path / "felles.yaml")
    has(english,
        "member file of bratt sets the tender's deadline: the joint tender has one deadline for all members (P070)",
        "member file of bratt sets the tender's list of buyers: the joint tender has one list of buyers for all "
        "members (P070)",
        "member file of bratt sets the tender's ukjent: the joint tender has one ukjent for all members (P070)")


# ------------------------------------------------------------------ prioritisation round (M001–M017)


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    exported = tmp_path_factory.mktemp("runde")
    anskaffelse.prioritize_export(PROFILE, exported)
    target = tmp_path_factory.mktemp("utfylt")
    return {m: fill(workbook_of(exported, m), target / f"{m}.xlsx", {}) for m in MEMBERS}


def merged(cli: Cli, env: dict[str, str], filled: dict[str, Path], tmp_path: Path) -> str:
    """Merge with Elvdal's priority in F2 wrong and F3 empty, and no workbook from Bratt."""
    elvdal = edit(filled["elvdal"], tmp_path / "elvdal.xlsx", {"F2": "Kanskje", "F3": None})
    books = [filled["storfjord"], filled["nordvik"], elvdal]
    return run(cli, env, "prioritize", "merge", PROFILE, *books, "-o", tmp_path / "samlet.yaml")


ROUND_ENGLISH = ("which is not a priority", "have no priority in", "no workbook from", "a member of the joint tender")


def test_the_round_in_bokmal(cli: Cli, filled: dict[str, Path], tmp_path: Path) -> None:
    output = merged(cli, NB, filled, tmp_path)
    has(output,
        "Prioritering!F2 inneholder 'Kanskje', som ikke er en prioritet (M008)",
        # The levels are those of Elvdal's own workbook, in nynorsk.
        "Velg en av Må, Bør, Kan, Ikkje aktuelt fra listen i cellen.",
        "1 krav mangler prioritet i 'Prioritering' (F3) (M009)",
        "ingen arbeidsbok fra Bratt kommune ('bratt'), som er deltaker i den felles konkurransen (M005)")
    lacks(output, *ROUND_ENGLISH)


def test_the_round_in_nynorsk(cli: Cli, filled: dict[str, Path], tmp_path: Path) -> None:
    output = merged(cli, NN, filled, tmp_path)
    has(output,
        "Prioritering!F2 inneheld 'Kanskje', som ikkje er ein prioritet (M008)",
        "1 krav manglar prioritet i 'Prioritering' (F3) (M009)",
        "inga arbeidsbok frå Bratt kommune ('bratt'), som er deltakar i den felles konkurransen (M005)",
        "Ta med den utfylte arbeidsboka til deltakaren òg")
    lacks(output, *ROUND_ENGLISH)


def test_the_round_in_english_is_unchanged(cli: Cli, filled: dict[str, Path], tmp_path: Path) -> None:
    output = merged(cli, EN, filled, tmp_path)
    has(output,
        "Prioritering!F2 holds 'Kanskje', which is not a priority (M008)",
        "Choose one of Må, Bør, Kan, Ikkje aktuelt from the list in the cell.",
        "1 requirement(s) have no priority in 'Prioritering' (F3) (M009)",
        "no workbook from Bratt kommune ('bratt'), a member of the joint tender (M005)")


def test_a_usage_error_of_the_round(cli: Cli, filled: dict[str, Path], tmp_path: Path) -> None:
    books = list(filled.values())
    args = ("prioritize", "merge", PROFILE, *books, "-o", tmp_path / "s.yaml", "--rule", "enstemmig")
    has(run(cli, NB, *args, code=2), "ukjent regel 'enstemmig'; velg en av strictest, majority, weighted")
    has(run(cli, NN, *args, code=2), "ukjend regel 'enstemmig'; vel ein av strictest, majority, weighted")
    has(run(cli, EN, *args, code=2), "unknown rule 'enstemmig'; choose strictest, majority, weighted")


# ------------------------------------------------------------------ survey and dialogue (R001–R006)


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("skjema")
    profile = root / "kommune.yaml"
    profile.write_text(MINIMAL_PROFILE, encoding="utf-8")
    cli = Cli()
    assert cli("survey", "export", profile, "-o", root / "kartlegging").exit_code == 0
    assert cli("dialogue", "export", profile, "-o", root / "dialog").exit_code == 0
    note = root / "notat.xlsx"
    note.write_text("ikke en arbeidsbok", encoding="utf-8")
    return root


def survey_report(cli: Cli, env: dict[str, str], forms: Path, tmp_path: Path) -> str:
    """A survey report from a market dialogue form and a text file: nothing can be used."""
    spec = forms / "kartlegging" / "kommune-kartlegging-spesifikasjon.json"
    return run(cli, env, "survey", "report", spec, forms / "dialog" / "kommune-markedsdialog-nb.xlsx",
               forms / "notat.xlsx", "-o", tmp_path / "rapport", "--no-pdf")


SURVEY_ENGLISH = ("skipped:", "is not a survey workbook", "none of the 2 workbooks could be used")


def test_survey_findings_in_bokmal(cli: Cli, forms: Path, tmp_path: Path) -> None:
    output = survey_report(cli, NB, forms, tmp_path)
    has(output,
        "hoppet over:",
        "kommune-markedsdialog-nb.xlsx er ikke en kartleggingsarbeidsbok laget av anskaffelse (ingen kontrollark) "
        "(R002)",
        "Send respondenten arbeidsboken som 'anskaffelse survey export' skrev.",
        "ingen av arbeidsbøkene (2) kunne brukes, så det er ingenting å rapportere (R006)")
    lacks(output, *SURVEY_ENGLISH)
    assert not (tmp_path / "rapport").exists()


def test_survey_findings_in_nynorsk(cli: Cli, forms: Path, tmp_path: Path) -> None:
    output = survey_report(cli, NN, forms, tmp_path)
    has(output,
        "hoppa over:",
        "kommune-markedsdialog-nb.xlsx er ikkje ei kartleggingsarbeidsbok laga av anskaffelse (ingen kontrollark) "
        "(R002)",
        "Be respondenten om arbeidsboka slik Excel eller LibreOffice lagra ho.",
        "ingen av arbeidsbøkene (2) kunne brukast, så det er ingenting å rapportere (R006)")
    lacks(output, *SURVEY_ENGLISH)


def test_survey_findings_in_english_are_unchanged(cli: Cli, forms: Path, tmp_path: Path) -> None:
    output = survey_report(cli, EN, forms, tmp_path)
    has(output,
        "skipped:",
        "kommune-markedsdialog-nb.xlsx is not a survey workbook built by anskaffelse (no control sheet) (R002)",
        "Ask the respondent for the workbook as saved by Excel or LibreOffice.",
        "none of the 2 workbooks could be used, so there is nothing to report (R006)")


def test_a_skipped_workbook_is_counted_as_skipped_in_any_language(cli: Cli, forms: Path, tmp_path: Path) -> None:
    """The report's count of skipped workbooks goes by the finding's code, not by its English words."""
    import json

    blank = forms / "kartlegging" / "kommune-kartlegging-nb.xlsx"  # answered by nobody, but a response
    spec = forms / "kartlegging" / "kommune-kartlegging-spesifikasjon.json"
    for env in (NB, EN):
        out = tmp_path / env["LANG"]
        result = cli("survey", "report", spec, blank, forms / "notat.xlsx", "-o", out, "--no-pdf", env=env)
        assert result.exit_code == 0, result.output
        data = json.loads((out / "kartlegging-rapport.json").read_text(encoding="utf-8"))
        assert [Path(name).name for name in data["skipped"]] == ["notat.xlsx"], data["skipped"]


def test_a_broken_specification_json(cli: Cli, forms: Path, tmp_path: Path) -> None:
    broken = tmp_path / "spesifikasjon.json"
    broken.write_text("{", encoding="utf-8")
    args = ("survey", "report", broken, forms / "notat.xlsx", "-o", tmp_path / "ut", "--no-pdf")
    has(run(cli, NB, *args), "spesifikasjon.json er ikke gyldig JSON:",
        "Oppgi …-spesifikasjon.json-filen som `anskaffelse build` skrev.")
    has(run(cli, NN, *args), "spesifikasjon.json er ikkje gyldig JSON:")
    has(run(cli, EN, *args), "spesifikasjon.json is not valid JSON:",
        "Give the …-spesifikasjon.json file that `anskaffelse build` wrote.")


# ------------------------------------------------------------------ ReqIF import (X001–X021)


def test_reqif_import_in_bokmal_nynorsk_and_english(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "m.yaml"
    nb = run(cli, NB, "import", "reqif", FOREIGN, "-o", out, code=0)
    has(nb, "ID-en '123' har ikke formen ABC-DEF-001; den blir 'REQIF-123' (X021)",
        "2 krav uten obligation i filen (FJORD-HT-001, REQIF-123) fikk 'minstekrav' (X020)",
        "1 krav uten tittel i filen (REQIF-123) fikk begynnelsen av teksten som tittel (X020)")
    lacks(nb, "is not of the form", "requirement(s) without")
    nn = run(cli, NN, "import", "reqif", FOREIGN, "-o", out, "--force", code=0)
    has(nn, "ID-en '123' har ikkje forma ABC-DEF-001; han blir 'REQIF-123' (X021)",
        "2 krav utan obligation i fila (FJORD-HT-001, REQIF-123) fekk 'minstekrav' (X020)")
    en = run(cli, EN, "import", "reqif", FOREIGN, "-o", out, "--force", code=0)
    has(en, "the ID '123' is not of the form ABC-DEF-001; it becomes 'REQIF-123' (X021)",
        "2 requirement(s) without obligation in the file (FJORD-HT-001, REQIF-123) got 'minstekrav' (X020)",
        "1 requirement(s) without title in the file (REQIF-123) got the start of the text (X020)")


def test_a_file_that_is_not_reqif(cli: Cli, tmp_path: Path) -> None:
    table = tmp_path / "krav.reqif"
    table.write_text("Krav;Tekst\n", encoding="utf-8")
    args = ("import", "reqif", table, "-o", tmp_path / "m.yaml")
    has(run(cli, NB, *args), "filen er ikke XML: den begynner ikke med '<' (X001)",
        "Oppgi .reqif-filen som kravverktøyet eksporterte, ikke en tabell eller en tekstfil.")
    has(run(cli, NN, *args), "fila er ikkje XML: ho byrjar ikkje med '<' (X001)")
    has(run(cli, EN, *args), "the file is not XML: it does not begin with '<' (X001)")
    entities = tmp_path / "lol.reqif"
    entities.write_text('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n<REQ-IF>&a;</REQ-IF>\n',
                        encoding="utf-8")
    has(run(cli, NB, "import", "reqif", entities, "-o", tmp_path / "m.yaml"),
        "lol.reqif deklarerer en DTD eller entiteter, som en ReqIF-fil aldri trenger; filen blir ikke lest (X002)")


# ------------------------------------------------------------------ the site's folder


@pytest.mark.parametrize(("count", "nb", "nn", "en"), [
    (1, "inneholder 1 fil som 'anskaffelse site' ikke skrev, a.txt; flytt den ut av mappen",
     "inneheld 1 fil som 'anskaffelse site' ikkje skreiv, a.txt; flytt ho ut av mappa",
     "holds 1 file(s) that 'anskaffelse site' did not write, such as a.txt; move them out of the folder"),
    (2, "inneholder 2 filer som 'anskaffelse site' ikke skrev, blant annet a.txt; flytt dem ut av mappen",
     "inneheld 2 filer som 'anskaffelse site' ikkje skreiv, mellom anna a.txt; flytt dei ut av mappa",
     "holds 2 file(s) that 'anskaffelse site' did not write, such as a.txt; move them out of the folder"),
])
def test_a_site_folder_with_other_files(cli: Cli, tmp_path: Path, count: int, nb: str, nn: str, en: str) -> None:
    folder = tmp_path / "nettsted"
    folder.mkdir()
    (folder / ".anskaffelse-site").write_text("index.html\n", encoding="utf-8")
    for name in ("a.txt", "b.txt")[:count]:
        (folder / name).write_text("x", encoding="utf-8")
    has(run(cli, NB, "site", "-o", folder, code=2), nb)
    has(run(cli, NN, "site", "-o", folder, code=2), nn)
    has(run(cli, EN, "site", "-o", folder, code=2), en)
    assert sorted(p.name for p in folder.iterdir()) == sorted([".anskaffelse-site", *("a.txt", "b.txt")[:count]])


# ------------------------------------------------------------------ PDF by LibreOffice


def test_a_pdf_timeout_that_is_no_number(cli: Cli, tmp_path: Path) -> None:
    profile = tmp_path / "profil.yaml"
    profile.write_text(MINIMAL_PROFILE, encoding="utf-8")
    args = ("build", profile, "-o", tmp_path / "ut", "--format", "pdf")
    has(run(cli, {**NB, "ANSKAFFELSE_PDF_TIMEOUT": "snart"}, *args, code=2),
        "ANSKAFFELSE_PDF_TIMEOUT er 'snart', ikke et antall sekunder fra 1 til 86400")
    has(run(cli, {**NN, "ANSKAFFELSE_PDF_TIMEOUT": "snart"}, *args, code=2),
        "ANSKAFFELSE_PDF_TIMEOUT er 'snart', ikkje eit tal på sekund frå 1 til 86400")
    has(run(cli, {**EN, "ANSKAFFELSE_PDF_TIMEOUT": "snart"}, *args, code=2),
        "ANSKAFFELSE_PDF_TIMEOUT is 'snart', not a number of seconds from 1 to 86400; set it to e.g. 300, or "
        "unset it")


@pytest.mark.parametrize(("document", "env", "expected"), [
    ("specification", EN, "LibreOffice could not convert the specification to PDF ("),
    ("addendum", EN, "LibreOffice could not convert the addendum to PDF ("),
    ("survey report", EN, "LibreOffice could not convert the survey report to PDF ("),
    ("dialogue report", NB, "LibreOffice klarte ikke å gjøre om rapporten fra markedsdialogen til PDF ("),
    ("award justification", NB, "LibreOffice klarte ikke å gjøre om tildelingsbegrunnelsen til PDF ("),
    ("addendum", NN, "LibreOffice klarte ikkje å gjere om rettelsen til PDF ("),
])
def test_a_failed_conversion_names_the_document(monkeypatch: pytest.MonkeyPatch, document: str,
                                                 env: dict[str, str], expected: str) -> None:
    """A converter that writes no PDF: the message names the document it was converting."""
    from anskaffelse.diagnostics import UsageError
    from anskaffelse.export.libreoffice import LibreOffice, docx_to_pdf

    monkeypatch.setenv("LANG", env["LANG"])
    # `true` as LibreOffice and a Python without the uno bridge: the converter stops and writes nothing.
    office = LibreOffice(Path("/bin/true"), Path(sys.executable))
    with pytest.raises(UsageError) as refused:
        docx_to_pdf(b"PK", office, document=document)  # type: ignore[arg-type]
    message = str(refused.value)
    assert message.startswith(expected), message
    assert message[len(expected):].split(")")[0].strip()  # with the converter's own last word
