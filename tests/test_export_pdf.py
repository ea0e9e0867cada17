"""`--format pdf`: the specification through LibreOffice, with page numbers in the table of contents.

The conversion tests need LibreOffice with its Python bridge (python3-uno) and
pdftotext; they are skipped without them unless ANSKAFFELSE_REQUIRE_LIBREOFFICE is
set (as in CI). The tests of a missing LibreOffice run everywhere.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .conftest import EXAMPLES, words
from .test_libreoffice import pdf_text, require_tool

KOMMUNE = EXAMPLES / "eksempel-kommune.yaml"
TOC_LINE = re.compile(r"^\s*(\d+)\s+(\S.*?)\s*\.{3,}\s*(\d+)\s*$")


def require_uno() -> None:
    require_tool("soffice", "libreoffice")
    from anskaffelse.export.libreoffice import _find_soffice, _find_uno_python

    soffice = _find_soffice()
    if soffice is None or _find_uno_python(str(soffice)) is None:
        message = "LibreOffice's Python bridge is missing (install python3-uno)"
        if os.environ.get("ANSKAFFELSE_REQUIRE_LIBREOFFICE"):
            pytest.fail(f"ANSKAFFELSE_REQUIRE_LIBREOFFICE is set but {message}")
        pytest.skip(message)


def run_cli(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "anskaffelse", *map(str, args)], capture_output=True,
                          text=True, timeout=600, env=env, check=False)


def pages_of(pdf: Path) -> list[str]:
    result = subprocess.run([require_tool("pdftotext"), "-layout", "-enc", "UTF-8", str(pdf), "-"],
                            capture_output=True, text=True, timeout=120, check=True)
    return result.stdout.split("\f")


def page_number(page: str) -> int:
    found = re.search(r"Side (\d+) av \d+", page)
    assert found, page[-300:]
    return int(found.group(1))


@pytest.fixture(scope="module")
def pdf_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_uno()
    out = tmp_path_factory.mktemp("pdf-build")
    result = run_cli("build", KOMMUNE, "-o", out, "--format", "docx,xlsx,json,pdf")
    assert result.returncode == 0, result.stderr
    return out / "eksempel-kommune-kravspesifikasjon.pdf"


@pytest.mark.libreoffice
def test_toc_entries_carry_the_page_of_their_heading(pdf_build: Path) -> None:
    pages = pages_of(pdf_build)
    entries = [m.groups() for page in pages[:6] for line in page.splitlines() if (m := TOC_LINE.match(line))]
    chapters = [(n, title, int(p)) for n, title, p in entries]
    assert len(chapters) >= 20, entries
    last_toc_page = max(i for i, page in enumerate(pages) if any(TOC_LINE.match(x) for x in page.splitlines()))
    for number, title, shown in chapters:
        heading = re.compile(rf"^\s*{number}\s+{re.escape(title)}\s*$", re.MULTILINE)
        where = [page_number(p) for p in pages[last_toc_page + 1:] if heading.search(p)]
        assert where, f"heading {number} {title} not found"
        assert shown == where[0], f"the TOC says page {shown} for {title}, the heading is on page {where[0]}"


@pytest.mark.libreoffice
def test_pdf_has_no_update_note_and_numbered_footers(pdf_build: Path) -> None:
    text = pdf_text(pdf_build)
    note = words("nb")["document"]["toc_placeholder"]
    assert note[:30] not in text.replace("\n", " ")
    totals = {int(n) for n in re.findall(r"Side \d+ av (\d+)", text)}
    assert len(totals) == 1 and (total := totals.pop()) > 10
    assert "Side 1 av" in text and f"Side {total} av {total}" in text


@pytest.mark.libreoffice
def test_the_docx_of_the_same_build_keeps_its_note(pdf_build: Path) -> None:
    import zipfile

    docx = pdf_build.with_suffix(".docx")
    with zipfile.ZipFile(docx) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert words("nb")["document"]["toc_placeholder"] in xml
    assert pdf_build.read_bytes().startswith(b"%PDF")


@pytest.mark.libreoffice
def test_two_parallel_pdf_builds_do_not_clash(tmp_path: Path) -> None:
    require_uno()
    outs = [tmp_path / "a", tmp_path / "b"]
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda o: run_cli("build", KOMMUNE, "-o", o, "--format", "pdf"), outs))
    for out, result in zip(outs, results, strict=True):
        assert result.returncode == 0, result.stderr
        pages = pages_of(out / "eksempel-kommune-kravspesifikasjon.pdf")
        assert any(TOC_LINE.match(line) for line in pages[1].splitlines())


def test_profile_formats_ask_for_pdf(write_profile, tmp_path: Path) -> None:
    """A profile's `formats:` is what a build writes when --format is not given; pdf is never a default."""
    profile = write_profile(extra="formats: [json, pdf]\n")
    env = dict(os.environ, PATH=str(tmp_path / "empty"))
    result = run_cli("build", profile, "-o", tmp_path / "out", env=env)
    assert result.returncode == 2
    assert "needs LibreOffice" in result.stderr
    assert not (tmp_path / "out").exists()
    result = run_cli("build", profile, "-o", tmp_path / "out", "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["profil-spesifikasjon.json"]


def test_default_build_writes_no_pdf(write_profile, tmp_path: Path) -> None:
    import anskaffelse

    results = anskaffelse.build([write_profile()], tmp_path / "out")
    assert sorted(p.suffix for p in results[0].outputs) == [".docx", ".json", ".xlsx"]


def test_missing_libreoffice_is_a_clear_message_and_writes_nothing(tmp_path: Path) -> None:
    env = dict(os.environ, PATH=str(tmp_path / "empty"))
    out = tmp_path / "out"
    result = run_cli("build", KOMMUNE, "-o", out, "--format", "docx,pdf", env=env)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    message = " ".join(result.stderr.split())
    assert "PDF output needs LibreOffice" in message
    assert "apt install libreoffice-writer python3-uno" in message
    assert "leave pdf out" in message
    assert not out.exists()


def test_missing_libreoffice_in_the_api_raises_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import anskaffelse

    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(anskaffelse.UsageError, match="needs LibreOffice"):
        anskaffelse.build([KOMMUNE], tmp_path / "out", formats=["docx", "pdf"])
    assert not (tmp_path / "out").exists()


@pytest.mark.libreoffice
def test_a_conversion_that_hangs_is_stopped_by_the_time_limit(tmp_path: Path) -> None:
    """A LibreOffice that never answers: the build stops at the limit, says so and writes nothing."""
    require_uno()
    fake = tmp_path / "bin"
    fake.mkdir()
    soffice = fake / "soffice"
    soffice.write_text("#!/bin/sh\nsleep 120\n")
    soffice.chmod(0o755)
    env = dict(os.environ, PATH=f"{fake}{os.pathsep}{os.environ['PATH']}", ANSKAFFELSE_PDF_TIMEOUT="3")
    out = tmp_path / "out"
    result = run_cli("build", KOMMUNE, "-o", out, "--format", "docx,pdf", env=env)
    assert result.returncode == 2, result.stderr
    assert "did not finish the PDF within 3 seconds" in " ".join(result.stderr.split())
    assert not out.exists()


def test_a_bad_time_limit_is_a_usage_error(tmp_path: Path) -> None:
    env = dict(os.environ, ANSKAFFELSE_PDF_TIMEOUT="soon")
    result = run_cli("build", KOMMUNE, "-o", tmp_path, "--format", "pdf", env=env)
    assert result.returncode == 2
    assert "ANSKAFFELSE_PDF_TIMEOUT" in result.stderr


def test_libreoffice_is_looked_for_where_its_windows_installers_put_it() -> None:
    from anskaffelse.export.libreoffice import _soffice_places

    places = _soffice_places({"ProgramFiles": r"D:\Programmer", "ProgramFiles(x86)": r"C:\Program Files (x86)",
                              "ProgramW6432": r"D:\Programmer"})
    assert Path(r"C:\Program Files\LibreOffice\program\soffice.exe") in places
    assert Path(r"D:\Programmer") / "LibreOffice" / "program" / "soffice.exe" in places
    assert Path(r"C:\Program Files (x86)") / "LibreOffice" / "program" / "soffice.exe" in places
    assert len(places) == len(set(places))


def test_a_conversion_stopped_on_windows_stops_the_whole_process_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    from anskaffelse.export import libreoffice

    ran: list[list[str]] = []
    monkeypatch.setattr(libreoffice.sys, "platform", "win32")
    monkeypatch.setattr(libreoffice.subprocess, "run", lambda command, **kwargs: ran.append(command))
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], text=True)
    libreoffice._kill(process)
    assert ran == [[libreoffice.taskkill(), "/F", "/T", "/PID", str(process.pid)]]
    assert libreoffice.taskkill().endswith("taskkill.exe")
    assert process.returncode is not None  # and the process itself was stopped


def test_a_conversion_is_stopped_on_windows_even_when_taskkill_cannot_run(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from anskaffelse.export import libreoffice

    def missing(command, **kwargs):
        raise FileNotFoundError(2, "No such file or directory", command[0])

    monkeypatch.setattr(libreoffice.sys, "platform", "win32")
    monkeypatch.setattr(libreoffice.subprocess, "run", missing)
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], text=True)
    start = time.monotonic()
    libreoffice._kill(process)
    assert process.returncode is not None and process.returncode != 0  # killed, not ended by itself
    assert time.monotonic() - start < 30
