"""Chapters in the profile: reading, merging, checking and resolving them, and every finding end to end."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

import anskaffelse
from anskaffelse.reading.schema import load_schema

from .conftest import EXAMPLES, MINIMAL_PROFILE
from .test_hostile_values import assert_clean_failure, finding, position, shown

NEGOTIATED = MINIMAL_PROFILE.replace("apen-anbudskonkurranse", "konkurranse-med-forhandling")
NEGOTIATION = "chapters:\n  negotiation:\n    text: Oppdragsgiver forhandler i to runder.\n"


def write(folder: Path, text: str, name: str = "profil.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def chapters_of(path: Path) -> dict[str, tuple[str, str, str]]:
    spec, _ = anskaffelse.specification(path)
    return {c.key: (c.title, c.place, c.text) for c in spec.chapters}


# ---------------------------------------------------------------- findings, end to end


def test_a_negotiated_procedure_without_a_negotiation_plan_is_an_error_at_the_procedure(cli, tmp_path):
    path = write(tmp_path, NEGOTIATED)
    result = cli("validate", path)
    assert_clean_failure(result)
    row, hint = finding(result, path, *position(NEGOTIATED, "konkurranse-med-forhandling"), "P040")
    assert "konkurranse-med-forhandling needs a negotiation plan" in row
    assert "hint: Add 'negotiation:' under 'chapters:'" in hint
    assert "never the minstekrav or the award criteria" in hint
    assert cli("build", path, "-o", tmp_path / "ut").exit_code == 1
    assert not (tmp_path / "ut").exists() or not any((tmp_path / "ut").iterdir())


def test_a_negotiation_plan_satisfies_the_negotiated_procedure(cli, tmp_path):
    result = cli("validate", write(tmp_path, NEGOTIATED + NEGOTIATION))
    assert result.exit_code == 0, result.stderr


def test_a_member_names_itself_when_the_base_procedure_needs_a_plan(cli, tmp_path):
    write(tmp_path, NEGOTIATED, "felles.yaml")
    member = write(tmp_path, "extends: felles.yaml\n", "medlem.yaml")
    result = cli("validate", member)
    assert_clean_failure(result)
    row, _ = finding(result, tmp_path / "felles.yaml", *position(NEGOTIATED, "konkurranse-med-forhandling"), "P040")
    assert f"(building {shown(member)})" in row


def test_a_negotiation_plan_in_an_open_tender_is_a_warning(cli, tmp_path):
    text = MINIMAL_PROFILE + NEGOTIATION
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert result.exit_code == 0, result.stderr
    row, hint = finding(result, path, *position(text, "negotiation:"), "P044")
    assert "warning" in row and "apen-anbudskonkurranse does not allow negotiation" in row
    assert "Remove the chapter 'negotiation'" in hint


def test_a_missing_chapter_file_is_an_error_at_its_file_key(cli, tmp_path):
    text = MINIMAL_PROFILE + "chapters:\n  background:\n    file: bakgrunn.md\n"
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert_clean_failure(result)
    row, hint = finding(result, path, *position(text, "bakgrunn.md"), "P041")
    assert "chapter 'background': chapter file not found" in row and "bakgrunn.md" in row
    assert "relative to the profile" in hint


def test_a_chapter_file_that_is_a_folder_or_too_large_is_an_error(cli, tmp_path):
    (tmp_path / "mappe.md").mkdir()
    (tmp_path / "stor.md").write_bytes(b"a" * 200_001)
    text = MINIMAL_PROFILE + "chapters:\n  background:\n    file: mappe.md\n  timeline:\n    file: {nb: stor.md}\n"
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert_clean_failure(result)
    folder, _ = finding(result, path, *position(text, "mappe.md"), "P041")
    assert "is a folder" in folder
    large, _ = finding(result, path, *position(text, "stor.md"), "P041")
    assert "larger than the limit" in large and "stor.md" in large


def test_a_chapter_file_that_is_not_utf8_or_holds_a_control_character_is_shown_at_its_line(cli, tmp_path):
    (tmp_path / "latin1.md").write_bytes("Første linje\nBakgrunn for anskaffelsen\n".encode("latin-1"))
    (tmp_path / "kontroll.md").write_text("Linje en\nto \x1b[31m\n", encoding="utf-8")
    text = MINIMAL_PROFILE + "chapters:\n  background:\n    file: latin1.md\n  timeline:\n    file: kontroll.md\n"
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert_clean_failure(result)
    row, hint = finding(result, tmp_path / "latin1.md", 1, 1, "P041")
    assert "not valid UTF-8" in row and "UTF-8" in hint
    row, _ = finding(result, tmp_path / "kontroll.md", 2, 4, "P041")
    assert "control character U+001B" in row


def test_a_chapter_with_both_text_and_file_or_neither_is_an_error(cli, tmp_path):
    text = MINIMAL_PROFILE + ("chapters:\n  background:\n    text: Tekst\n    file: b.md\n"
                              "  timeline:\n    title: Tidsplan\n")
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert_clean_failure(result)
    both, hint = finding(result, path, *position(text, "background:"), "P045")
    assert "has both 'text:' and 'file:'" in both and "not both" in hint
    neither, _ = finding(result, path, *position(text, "timeline:"), "P045")
    assert "has neither" in neither


def test_a_chapter_of_ones_own_needs_a_title(cli, tmp_path):
    text = MINIMAL_PROFILE + "chapters:\n  opsjoner:\n    text: Opsjoner på helsestasjon.\n"
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert_clean_failure(result)
    row, hint = finding(result, path, *position(text, "opsjoner:"), "S003")
    assert "chapters/opsjoner is missing the required field 'title'" in row and "title:" in hint


def test_a_nynorsk_document_with_only_a_bokmal_chapter_is_a_warning_naming_the_field(cli, tmp_path):
    text = MINIMAL_PROFILE.replace("language: nb", "language: nn") + (
        "chapters:\n  background:\n    title: {nb: Bakgrunn, nn: Bakgrunn}\n"
        "    text: {nb: Kommunen har ikke nok kapasitet.}\n")
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert result.exit_code == 0, result.stderr
    row, hint = finding(result, path, *position(text, "{nb: Kommunen"), "P042")
    assert "chapters/background/text has no 'nn' text, so the nynorsk document shows the 'nb' text" in row
    assert "Add 'nn:' next to 'nb:'" in hint
    assert "chapters/background/title" not in result.stderr


def test_a_bokmal_justification_in_the_base_warns_the_nynorsk_member_at_the_base_line(cli, tmp_path):
    base = MINIMAL_PROFILE + ("tailor:\n  EPJ-DR-008:\n    text: {nb: Leverandøren skal varsle på SMS., "
                              "nn: Leverandøren skal varsle på SMS.}\n"
                              "    justification: {nb: Samarbeidet har ikke en felles driftssentral.}\n")
    write(tmp_path, base, "felles.yaml")
    member = write(tmp_path, "extends: felles.yaml\ntender:\n  language: nn\n", "medlem.yaml")
    result = cli("validate", member)
    assert result.exit_code == 0, result.stderr
    row, _ = finding(result, tmp_path / "felles.yaml", *position(base, "{nb: Samarbeidet"), "P042")
    assert "tailor/EPJ-DR-008/justification has no 'nn' text" in row and f"building {shown(member)}" in row


def test_a_changed_text_without_the_document_language_is_a_warning_not_an_error(cli, tmp_path):
    text = MINIMAL_PROFILE.replace("language: nb", "language: nn") + (
        "tailor:\n  EPJ-DR-008:\n    text: {nb: Leverandøren skal varsle på SMS.}\n    justification: Lokalt.\n")
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert result.exit_code == 0, result.stderr
    row, _ = finding(result, path, *position(text, "{nb: Leverandøren"), "P042")
    assert "tailor/EPJ-DR-008/text has no 'nn' text" in row


def test_an_unknown_story_under_exclude_stories_is_an_error(cli, tmp_path):
    text = MINIMAL_PROFILE + "exclude_stories: [HIST-001, HIST-999]\n"
    path = write(tmp_path, text)
    result = cli("validate", path)
    assert_clean_failure(result)
    row, hint = finding(result, path, *position(text, "HIST-999"), "P043")
    assert "unknown user story HIST-999" in row and "HIST-001" in hint


# ---------------------------------------------------------------- merging and resolving


def test_chapters_are_read_from_a_file_next_to_the_profile_that_names_it(tmp_path):
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "kontakt.md").write_text("Skriv til **oss**.\r\n", encoding="utf-8")
    write(tmp_path / "base", MINIMAL_PROFILE + "chapters:\n  contact:\n    file: kontakt.md\n", "felles.yaml")
    member = write(tmp_path, "extends: base/felles.yaml\n", "medlem.yaml")
    assert chapters_of(member)["contact"] == ("Kontaktperson og gjennomføring av konkurransen", "opening",
                                              "Skriv til **oss**.\n")


def test_a_member_overrides_a_chapter_by_key_and_keeps_the_others(tmp_path):
    base = MINIMAL_PROFILE + ("chapters:\n  background:\n    text: Felles bakgrunn.\n"
                              "  opsjoner:\n    title: Opsjoner\n    text: Felles opsjoner.\n"
                              "  timeline:\n    text: Felles tidsplan.\n")
    write(tmp_path, base, "felles.yaml")
    member = write(tmp_path, "extends: felles.yaml\nchapters:\n  background:\n    text: Egen bakgrunn.\n"
                   "  prisskjema:\n    title: Prisskjema\n    place: evaluation\n    text: Se vedlegg.\n",
                   "medlem.yaml")
    chapters = chapters_of(member)
    assert chapters["background"][2] == "Egen bakgrunn."
    assert chapters["timeline"][2] == "Felles tidsplan."
    assert list(chapters) == ["background", "timeline", "opsjoner", "prisskjema"]
    assert chapters["prisskjema"][1] == "evaluation"


def test_chapters_are_ordered_introduction_first_and_negotiation_by_the_evaluation_model(tmp_path):
    text = NEGOTIATED + ("chapters:\n  egen:\n    title: Eget kapittel\n    text: a\n"
                         "  negotiation:\n    text: b\n  contact:\n    text: c\n  background:\n    text: d\n"
                         "  slutt:\n    title: Til slutt\n    place: end\n    text: e\n")
    spec, _ = anskaffelse.specification(write(tmp_path, text))
    assert [(c.key, c.place) for c in spec.chapters] == [
        ("background", "opening"), ("contact", "opening"), ("egen", "opening"),
        ("negotiation", "evaluation"), ("slutt", "end")]
    assert [c.title for c in spec.chapters][:2] == ["Bakgrunn og mål", "Kontaktperson og gjennomføring av konkurransen"]


def test_a_chapter_per_language_picks_the_document_language(tmp_path):
    (tmp_path / "nn.md").write_text("Bakgrunnen for innkjøpet.", encoding="utf-8")
    text = MINIMAL_PROFILE.replace("language: nb", "language: nn") + (
        "chapters:\n  background:\n    title: {nb: Bakgrunn, nn: Kvifor vi kjøper inn}\n"
        "    file: {nb: nb.md, nn: nn.md}\n")
    (tmp_path / "nb.md").write_text("Bakgrunnen for anskaffelsen.", encoding="utf-8")
    assert chapters_of(write(tmp_path, text))["background"] == ("Kvifor vi kjøper inn", "opening",
                                                                "Bakgrunnen for innkjøpet.")


def test_chapters_and_justifications_are_in_the_json_and_valid_against_its_schema(tmp_path):
    [result] = anskaffelse.build([EXAMPLES / "samarbeid" / "medlem-nynorsk.yaml"], tmp_path, formats=["json"])
    data = json.loads(result.outputs[0].read_text(encoding="utf-8"))
    jsonschema.validate(data, load_schema("specification"))
    chapters = {c["key"]: c for c in data["chapters"]}
    assert (EXAMPLES / "samarbeid" / "nordstrand-bakgrunn.md").read_text(encoding="utf-8").startswith(
        chapters["background"]["text"][:60])
    assert chapters["contact"]["text"].startswith("Konkurransen blir gjennomført")
    override = next(r for m in data["modules"] for r in m["requirements"] if r["id"] == "EPJ-DR-008")
    assert override["justification"] == "Samarbeidet har ingen felles driftssentral som følgjer med på ei statusside."
    assert data["publish_justifications"] is False
    assert data["parent_title"] == "Felles anskaffelse av EPJ i Vestfjord innkjøpssamarbeid"


def test_the_examples_validate_without_findings(cli):
    for path in (EXAMPLES / "eksempel-kommune.yaml", EXAMPLES / "samarbeid" / "medlem-nynorsk.yaml",
                 EXAMPLES / "alle-tjenesteomrader.yaml"):
        result = cli("validate", path)
        assert result.exit_code == 0, result.stderr
        assert f"{shown(path)}:" not in result.stderr
