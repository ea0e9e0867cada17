"""The command line's message catalogs: language from the locale, catalogs complete and in step with the code."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from anskaffelse.locale.messages import ui_language

ROOT = Path(__file__).resolve().parent.parent


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("messages_script", ROOT / "scripts" / "messages.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["messages_script"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "nb_NO.UTF-8"}, "nb"),
        ({"LANG": "no_NO.UTF-8"}, "nb"),
        ({"LANG": "nn_NO.UTF-8"}, "nn"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
        ({"LANG": "nb_NO.UTF-8", "LC_MESSAGES": "nn_NO.UTF-8"}, "nn"),
        ({"LANG": "nb_NO.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LANGUAGE": "de:nn:nb"}, "nn"),
        ({"LC_ALL": "nb_NO.UTF-8", "LANGUAGE": "sv"}, "nb"),
    ],
)
def test_the_language_comes_from_the_locale_variables_in_gettext_order(environ: dict[str, str], expected: str) -> None:
    assert ui_language(environ) == expected


@pytest.mark.parametrize(("environ", "system", "expected"), [
    ({}, "nb_NO", "nb"), ({}, "nn_NO", "nn"), ({}, "en_US", "en"), ({}, "sv_SE", "en"), ({}, None, "en"),
    ({"LANG": "en_GB.UTF-8"}, "nb_NO", "en"),  # a variable that is set still decides
    ({"LANGUAGE": "nn"}, "nb_NO", "nn"),
])
def test_without_locale_variables_the_windows_display_language_decides(environ: dict[str, str], system: str | None,
                                                                        expected: str) -> None:
    assert ui_language(environ, system) == expected


def test_a_system_language_given_is_used_when_no_variable_is_set(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    assert ui_language(system="nn_NO") == "nn"


def test_the_windows_display_language_is_read_on_windows_only(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import ctypes

    from anskaffelse.locale import messages

    class Kernel32:
        @staticmethod
        def GetUserDefaultUILanguage() -> int:
            return 0x0814  # Norwegian Nynorsk (Norway)

    monkeypatch.setattr(ctypes, "windll", type("WinDLL", (), {"kernel32": Kernel32}), raising=False)
    monkeypatch.setattr(messages.os, "name", "nt")
    messages.system_locale.cache_clear()
    try:
        assert messages.system_locale() == "nn_NO"
        for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
            monkeypatch.delenv(name, raising=False)
        assert messages.ui_language() == "nn"
    finally:
        messages.system_locale.cache_clear()
    monkeypatch.undo()
    assert messages.system_locale() is None  # not on this system
    messages.system_locale.cache_clear()


def test_every_message_is_translated_to_bokmal_and_nynorsk_and_the_catalogs_are_in_step(capsys) -> None:  # type: ignore[no-untyped-def]
    rc = _script().main(["--check"])
    assert rc == 0, capsys.readouterr().out


def test_a_thousands_separator_is_a_space_in_norwegian_and_a_comma_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    from anskaffelse.locale.messages import _

    message = "{where} is {length:,} characters long, more than the limit of {limit:,}"
    monkeypatch.setenv("LANG", "nb_NO.UTF-8")
    assert _(message).format(where="x", length=12345, limit=1000) == "x er 12 345 tegn lang, mer enn grensen på 1 000"
    monkeypatch.setenv("LANG", "nn_NO.UTF-8")
    assert "12 345" in _(message).format(where="x", length=12345, limit=1000)
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert _(message).format(where="x", length=12345, limit=1000) == (
        "x is 12,345 characters long, more than the limit of 1,000")


def test_a_count_of_one_takes_the_singular_in_every_language(monkeypatch: pytest.MonkeyPatch) -> None:
    from anskaffelse.locale.messages import ngettext

    def reported(count: int) -> str:
        return ngettext("{reported} workbook reported, {skipped} skipped",
                        "{reported} workbooks reported, {skipped} skipped", count).format(reported=count, skipped=0)

    monkeypatch.setenv("LANG", "nn_NO.UTF-8")
    assert reported(1) == "1 arbeidsbok med i rapporten, 0 hoppa over"
    assert reported(3) == "3 arbeidsbøker med i rapporten, 0 hoppa over"
    monkeypatch.setenv("LANG", "nb_NO.UTF-8")
    assert reported(1) == "1 arbeidsbok med i rapporten, 0 hoppet over"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert reported(1) == "1 workbook reported, 0 skipped"
    assert reported(2) == "2 workbooks reported, 0 skipped"
