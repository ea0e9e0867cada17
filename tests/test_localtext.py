"""Profile texts in one language or several."""

from __future__ import annotations

from anskaffelse.localtext import lacks_language, languages_of, pick


def test_a_plain_string_serves_every_language() -> None:
    assert pick("Bakgrunn", "nn") == "Bakgrunn"
    assert not lacks_language("Bakgrunn", "nn")
    assert languages_of("Bakgrunn") == ()


def test_the_document_language_is_chosen_when_present() -> None:
    text = {"nb": "Bakgrunn for anskaffelsen", "nn": "Bakgrunn for anskaffinga"}
    assert pick(text, "nn") == "Bakgrunn for anskaffinga"
    assert pick(text, "nb") == "Bakgrunn for anskaffelsen"
    assert languages_of(text) == ("nb", "nn")


def test_a_missing_language_falls_back_and_is_reported() -> None:
    text = {"nb": "Bakgrunn for anskaffelsen"}
    assert pick(text, "nn") == "Bakgrunn for anskaffelsen"
    assert lacks_language(text, "nn")
    assert not lacks_language(text, "nb")
    assert pick({"en": "Background"}, "nn") == "Background"


def test_nothing_gives_an_empty_text() -> None:
    assert pick(None, "nb") == ""
    assert pick({}, "nb") == ""


LOCAL_PLAIN = """\
local_requirements:
  - id: TEST-001
    title: Opplæring i kommunen sine lokale
    text: Leverandøren skal gjennomføre opplæringa av superbrukarar i kommunen sine lokale.
    obligation: informasjon
    response: {type: beskrivelse}
"""


def test_a_local_requirement_may_be_written_as_plain_text(cli, write_profile, tmp_path) -> None:
    import json

    path = write_profile(extra=LOCAL_PLAIN)
    path.write_text(path.read_text(encoding="utf-8").replace("language: nb", "language: nn"), encoding="utf-8")
    result = cli("build", path, "-o", tmp_path / "ut", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "P042" not in result.stderr and "L013" not in result.stderr
    data = json.loads((tmp_path / "ut" / "profil-spesifikasjon.json").read_text(encoding="utf-8"))
    texts = [r["text"] for m in data["modules"] for r in m["requirements"] if r["id"] == "TEST-001"]
    assert texts == ["Leverandøren skal gjennomføre opplæringa av superbrukarar i kommunen sine lokale."]
