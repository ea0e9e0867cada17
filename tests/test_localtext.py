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
