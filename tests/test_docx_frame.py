"""The frame of a Word document kept in the cache: the same document with it as without it, or not used at all."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path
from typing import Any

import docx
import pytest

from anskaffelse.export import ExportOptions
from anskaffelse.export import docx as word
from anskaffelse.export.docx_frame import CoreProperties, Frame, FrameInputs, core_xml, frame_key, read_frame
from anskaffelse.library import cache

from .conftest import EXAMPLES, spec_of
from .test_cache import FORGER_KEY, _sign

FRAMES = "anskaffelse-word-*.jsonl"


def _png() -> bytes:
    """A picture of one white pixel."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\xff\xff\xff"))
            + chunk(b"IEND", b""))


PNG = _png()


@pytest.fixture(scope="module")
def spec() -> Any:
    return spec_of(EXAMPLES / "eksempel-kommune.yaml")


def _document(spec: Any, body: word.BodyWriter, subject: str = "Emne", **options: Any) -> bytes:
    return word.word_document(spec, ExportOptions(epoch=1_750_000_000, **options), subject, body, "FERDIG")


def _body(*requests: tuple[str, object]) -> word.BodyWriter:
    """A body that asks the package for `requests` and writes what it was answered."""
    def write(styles: dict[str, str], package: Any) -> str:
        answers = [str(getattr(package, name)(*([argument] if argument is not None else [])))
                   for name, argument in requests]
        return f"<w:p><w:r><w:t>FERDIG {styles['Normal']} {' '.join(answers)}</w:t></w:r></w:p>"
    return write


def _uncached(spec: Any, body: word.BodyWriter, monkeypatch: pytest.MonkeyPatch) -> bytes:
    with monkeypatch.context() as patch:
        patch.setenv(cache.NO_CACHE_ENV, "1")
        return _document(spec, body)


def _frames(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob(FRAMES))


@pytest.mark.parametrize("requests", [(), (("link", "https://www.doffin.no"), ("bullets", None), ("bullets", None)),
                                      (("numbered", None), ("image", PNG), ("link", "mailto:a@b.no"),
                                       ("numbered", None))], ids=["nothing", "a link and bullets", "all kinds"])
def test_a_document_from_a_kept_frame_is_the_document_made_afresh(spec, cache_dir, monkeypatch, requests):
    body = _body(*requests)
    expected = _uncached(spec, body, monkeypatch)
    assert not _frames(cache_dir)
    assert _document(spec, body) == expected  # makes the frame and keeps it
    assert len(_frames(cache_dir)) == 1

    def refuse() -> None:
        raise AssertionError("python-docx made a frame although one was kept")

    monkeypatch.setattr(docx, "Document", refuse)
    assert _document(spec, body) == expected


@pytest.mark.parametrize("other", [
    (("link", "https://www.anskaffelser.no"),),  # another address
    (("link", "https://www.doffin.no"), ("bullets", None), ("numbered", None)),  # one request more
    (("link", "https://www.doffin.no"),),  # one request fewer
    (("bullets", None), ("link", "https://www.doffin.no")),  # the same requests in another order
    (("link", "https://www.doffin.no"), ("image", PNG)),
], ids=["another address", "one more", "one fewer", "another order", "a picture instead"])
def test_a_body_asking_for_other_things_than_the_frame_gets_a_frame_of_its_own(spec, cache_dir, monkeypatch, other):
    _document(spec, _body(("link", "https://www.doffin.no"), ("bullets", None)))
    assert _document(spec, _body(*other)) == _uncached(spec, _body(*other), monkeypatch)


def test_each_document_of_a_tender_keeps_a_frame_of_its_own(spec, cache_dir, monkeypatch):
    specification, plan = _body(("link", "https://www.doffin.no")), _body(("numbered", None))
    expected = [_document(spec, specification, "Kravspesifikasjon"), _document(spec, plan, "Testplan")]
    assert len(_frames(cache_dir)) == 2

    def refuse() -> None:
        raise AssertionError("python-docx made a frame although one was kept")

    monkeypatch.setattr(docx, "Document", refuse)
    assert [_document(spec, specification, "Kravspesifikasjon"), _document(spec, plan, "Testplan")] == expected


def test_the_frame_depends_not_on_the_properties_but_on_the_language_and_header(spec, cache_dir):
    body = _body()
    _document(spec, body)
    changed = dataclasses.replace(spec, fingerprint="0" * 64, library_version="9.9.9")
    _document(changed, body)
    assert len(_frames(cache_dir)) == 1, "the properties are no part of the frame"
    _document(dataclasses.replace(spec, tender=dataclasses.replace(spec.tender, title="Et annet navn")), body)
    _document(dataclasses.replace(spec, tender=dataclasses.replace(spec.tender, language="nn")), body)
    assert len(_frames(cache_dir)) == 3


def test_a_frame_not_signed_with_the_users_key_is_not_used(spec, cache_dir, monkeypatch):
    body = _body(("link", "https://www.doffin.no"))
    expected = _uncached(spec, body, monkeypatch)
    _document(spec, body)
    (entry,) = _frames(cache_dir)
    payload = json.loads(entry.read_bytes().split(b"\n", 1)[1])
    payload["styles"]["Normal"] = "Forfalsket"
    _sign(entry, json.dumps(payload).encode(), FORGER_KEY)
    assert _document(spec, body) == expected


def test_a_buyers_template_keeps_its_properties_and_no_frame(spec, cache_dir, tmp_path):
    template = tmp_path / "mal.docx"
    document = docx.Document()
    document.core_properties.content_status = "Utkast"
    document.save(str(template))
    made = _document(spec, _body(), template=template)
    assert not _frames(cache_dir)
    properties = docx.Document(io.BytesIO(made)).core_properties
    assert properties.content_status == "Utkast" and properties.title == spec.tender.title


def _python_docx_core(props: CoreProperties) -> bytes:
    """docProps/core.xml as python-docx writes the properties into its default template's part."""
    document = docx.Document()
    word_props = document.core_properties
    stamp = word.utc(props.epoch)
    word_props.title, word_props.subject = props.title, props.subject
    word_props.author = word_props.last_modified_by = props.author
    word_props.version, word_props.identifier, word_props.language = props.version, props.identifier, props.language
    word_props.keywords, word_props.comments, word_props.category = props.keywords, props.comments, props.category
    word_props.revision = 1
    word_props.created = word_props.modified = word_props.last_printed = stamp
    saved = io.BytesIO()
    document.save(saved)
    return zipfile.ZipFile(saved).read("docProps/core.xml")


@pytest.mark.parametrize("values", [
    {},
    {"title": "", "version": "", "identifier": "", "subject": ""},
    {"title": "Helse & omsorg <EPJ> «fase 2» – \"A\" 'B'", "author": "Ås kommune; Ørland kommune",
     "comments": "Bibliotek 2.0.0; SHA-256 " + "a" * 64},
    {"title": "x" * 255, "epoch": 0},
    {"language": "nn-NO", "category": "Bilag 1", "epoch": 4_102_444_800},
])
def test_the_properties_are_written_as_python_docx_writes_them(values):
    usual = {"title": "Anskaffelse av EPJ", "subject": "Kravspesifikasjon", "author": "Fjordvik kommune",
             "keywords": "EPJ; Kravspesifikasjon", "comments": "Bibliotek 2.0.0", "version": "1.0",
             "identifier": "2026/4711", "language": "nb-NO", "category": "Bilag 1", "epoch": 1_750_000_000}
    props = CoreProperties(**(usual | values))
    assert core_xml(props) == _python_docx_core(props)


def imported_by_two_builds(tmp_path: Path, module: str, *options: str) -> list[bool]:
    """Whether each of two builds of the example on the command line (one cache) imported `module`; their
    files are the same."""
    env = os.environ | {"ANSKAFFELSE_CACHE_DIR": str(tmp_path / "cache"), "SOURCE_DATE_EPOCH": "1750000000"}
    env.pop("ANSKAFFELSE_NO_CACHE", None)
    script = (f"import sys\nsys.argv = ['anskaffelse', 'build', sys.argv[1], '-o', sys.argv[2], *{list(options)!r}]\n"
              "from anskaffelse.cli import main\ntry:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code\n"
              f"print({module!r} in sys.modules)")
    profile = str(EXAMPLES / "eksempel-kommune.yaml")
    runs = [subprocess.run([sys.executable, "-c", script, profile, str(tmp_path / out)], capture_output=True,
                           text=True, env=env, timeout=180, check=True).stdout.split() == ["True"]
            for out in ("a", "b")]
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names and names == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    return runs


def test_a_build_on_the_command_line_with_a_kept_frame_does_not_import_python_docx(tmp_path):
    assert imported_by_two_builds(tmp_path, "docx") == [True, False]


def test_a_frame_entry_of_another_shape_is_no_frame(cache_dir, spec):
    inputs = FrameInputs("nb-NO", "Side {page} av {pages}", "Tittel – 1")
    key = frame_key(inputs, ("Kravspesifikasjon", "kommune.yaml"))
    assert key is not None
    for entry in ({"package": "ikke base64!", "main": "word/document.xml", "styles": {}, "requests": []},
                  {"package": "", "main": 3, "styles": {}, "requests": []},
                  {"package": "", "main": "m", "styles": {"Normal": 1}, "requests": []},
                  {"package": "", "main": "m", "styles": {}, "requests": [["link", "x", True]]},
                  {"package": "", "main": "m", "styles": {}, "requests": [["link", "x"]]}):
        cache.write({key: entry}, cache.WORD)
        assert read_frame(key) is None
    sound = {"package": "", "main": "m", "styles": {"Normal": "Normal"}, "requests": [["link", "x", "rId9"]]}
    cache.write({key: sound}, cache.WORD)
    assert read_frame(key) == Frame(b"", "m", {"Normal": "Normal"}, (("link", "x", "rId9"),))


def test_a_long_subject_is_shortened_and_the_fingerprint_kept_on_both_templates(spec, tmp_path):
    template = tmp_path / "mal.docx"
    docx.Document().save(str(template))
    long = dataclasses.replace(spec, library_name="Bibliotek " * 40)
    for options in ({}, {"template": template}):
        made = _document(long, _body(), "Svar fra leverandør " * 20, **options)
        properties = docx.Document(io.BytesIO(made)).core_properties
        assert len(properties.subject) == len(properties.keywords) == len(properties.comments) == 255
        assert properties.subject.endswith("…") and properties.comments.endswith(f"SHA-256 {spec.fingerprint}")


def _site(tmp_path: Path, record: str | None) -> Path:
    """A folder of installed packages holding the package `pakke`, with an installer's record when given."""
    site = tmp_path / "site"
    (site / "pakke").mkdir(parents=True, exist_ok=True)
    (site / "pakke" / "__init__.py").write_text("VERSION = 1\n", encoding="utf-8")
    info = site / "pakke-1.0.dist-info"
    if record is None:
        if info.exists():
            (info / "RECORD").unlink()
            info.rmdir()
    else:
        info.mkdir(exist_ok=True)
        (info / "RECORD").write_text(record, encoding="utf-8")
    return site


def test_the_code_of_a_package_is_known_by_its_installers_record(tmp_path, monkeypatch):
    from anskaffelse.library.model_entry import code_digest_with

    monkeypatch.syspath_prepend(str(_site(tmp_path, "pakke/__init__.py,sha256=AAA,12\n")))
    first = code_digest_with(("pakke", "pakke"))
    _site(tmp_path, "pakke/__init__.py,sha256=BBB,12\n")  # upgraded in place: its own first file unchanged
    second = code_digest_with(("pakke", "pakke"))
    assert first is not None and second is not None and first != second
    _site(tmp_path, None)
    assert code_digest_with(("pakke", "pakke")) is None  # no record: nothing made with it is kept
    absent = code_digest_with(("ikke_installert", "ikke-installert"))
    assert absent is not None and absent not in (first, second)


def test_code_that_is_not_a_folder_of_files_gives_no_key(monkeypatch):
    from anskaffelse.library import model_entry

    monkeypatch.setattr(model_entry.os, "walk", lambda folder: iter(()))
    assert model_entry.code_digest.__wrapped__() is None
