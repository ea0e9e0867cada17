"""A tender from its profile: load, check and resolve the profile, and build its documents.

Also the pieces every other act shares: the document date (`build_date`, `source_date`,
`epoch_of`), resolving a profile (`resolve_profile`) and writing files all at once or not at all
(`write_files`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, InputError, UsageError, display_path, has_errors, os_reason
from ..epoch import utc
from ..library import LoadedLibrary, load_library, require_library
from ..locale.messages import _
from ..profile import MergedProfile, Origin, load_chain, merge
from ..resolved import Specification

DEFAULT_FORMATS = ("docx", "xlsx", "json")


_CHAIN_BROKEN = frozenset({"P000", "P010", "P015"})


@dataclass(frozen=True)
class BuildResult:
    profile: Path
    outputs: tuple[Path, ...]
    requirements: int
    fingerprint: str
    warnings: tuple[Diagnostic, ...]


def build_date(merged: MergedProfile | None = None) -> str:
    """The document date: the profile's, else SOURCE_DATE_EPOCH, else today."""
    if merged is not None and merged.tender_value("date"):
        return str(merged.tender_value("date"))
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return source_date(epoch).isoformat()
    return dt.date.today().isoformat()


_LAST_EPOCH = 253402300799
"""23:59:59 on 31 December 9999, the last moment a document date can show."""


def source_date(value: str) -> dt.date:
    """The date that `SOURCE_DATE_EPOCH` (seconds since 1970, UTC) stands for; `UsageError` if it is none."""
    text = value.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 12 or int(text) > _LAST_EPOCH:
        shown = text[:40].encode("ascii", "backslashreplace").decode("ascii")
        raise UsageError(_("SOURCE_DATE_EPOCH is '{value}', which is not a time from 1970 to 9999 in whole seconds; "
                           "set it to a number such as 1767225600 (1 January 2026), or unset it").format(value=shown))
    return utc(int(text)).date()


def epoch_of(date: str) -> int:
    """Midnight UTC of an ISO date, in seconds since 1970: the time stamp written inside documents."""
    day = dt.date.fromisoformat(date)
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def validate_profile(path: Path, library: LoadedLibrary | Path | None = None,
                     lang: str | None = None) -> tuple[MergedProfile | None, LoadedLibrary | None,
                                                       list[Diagnostic]]:
    """Load, merge and check one profile; the merged profile is None when it has errors."""
    from ..chapters import read_chapters
    from ..collaboration.members import is_member_file, member_file_given, read_member_files
    from ..profile.checks import check_profile

    chain, found = load_chain(Path(path))
    if len(chain) == 1 and is_member_file(chain[0]):
        return None, None, [member_file_given(chain[0])]
    loaded, lib_found = (library, []) if isinstance(library, LoadedLibrary) else load_library(library)
    found += [d for d in lib_found if d.severity == "error"]
    # Schema findings leave a pruned profile that can still be checked for meaning;
    # a file that could not be read or a broken chain cannot.
    unreadable = any(d.code.startswith("Y") or d.code in _CHAIN_BROKEN for d in found)
    if unreadable or loaded is None or not chain:
        return None, loaded, found
    if lang is not None and lang not in loaded.library.languages:
        raise UsageError(_("the library has no '{lang}' texts; --lang can be {languages}").format(
            lang=lang, languages=", ".join(loaded.library.languages)))
    merged = merge(chain)
    if lang is not None:
        merged.tender["language"] = (lang, Origin(chain[-1], ()))
    found += read_chapters(merged)
    found += read_member_files(merged)
    found += check_profile(merged, loaded)
    return (None if has_errors(found) else merged), loaded, found


def specification(path: Path | str, library: LoadedLibrary | Path | None = None,
                  lang: str | None = None) -> tuple[Specification, list[Diagnostic]]:
    """The resolved specification of a profile, and its warnings; raises `InputError`."""
    spec, found, _merged = resolve_profile(Path(path), library, lang)
    return spec, found


def resolve_profile(path: Path, library: LoadedLibrary | Path | None,
                    lang: str | None) -> tuple[Specification, list[Diagnostic], MergedProfile]:
    """The resolved specification, its warnings and the merged profile; raises `InputError`."""
    from ..resolve import resolve

    merged, loaded, found = validate_profile(path, library, lang)
    if merged is None or loaded is None:
        raise InputError(found)
    return resolve(loaded.library, merged, build_date(merged)), found, merged


def build(profiles: Sequence[Path | str], out_dir: Path | str = ".",
          formats: Iterable[str] | None = None, lang: str | None = None,
          library: LoadedLibrary | Path | str | None = None,
          on_step: Callable[[Path, str], None] | None = None,
          json_indent: int | None = None) -> list[BuildResult]:
    """Build each profile into `out_dir`; each profile's files appear together or not at all.

    `formats` None builds what each profile's `formats:` names, else docx, xlsx
    and json. Raises `InputError` for the first profile with errors (after
    writing the profiles before it) and `UsageError` for impossible requests,
    such as pdf without LibreOffice. The JSON is compact unless `json_indent`
    gives the spaces to indent it with.
    """
    from ..export import ALL_LANGUAGES, COMPANIONS, SUFFIXES, ExportOptions, exporter

    requested = check_request(profiles, DEFAULT_FORMATS if formats is None else formats)
    loaded = library if isinstance(library, LoadedLibrary) else require_library(
        Path(library) if library else None)
    results = []
    for path in (Path(p) for p in profiles):
        spec, warnings, merged = resolve_profile(path, loaded, lang)
        chosen = requested if formats is not None or not merged.formats else tuple(merged.formats[0])
        _require_tools(chosen)
        template = merged.template[0] if merged.template else None
        translations = _translations(path, loaded, spec) if ALL_LANGUAGES.intersection(chosen) else ()
        options = ExportOptions(template=template, epoch=epoch_of(spec.tender.date), translations=translations,
                                json_indent=json_indent)
        files: dict[Path, bytes] = {}
        for name in chosen:
            if on_step:
                on_step(path, name)
            files[Path(out_dir) / f"{path.stem}-{SUFFIXES[name]}"] = exporter(name)(spec, options)
            for extra, suffix in COMPANIONS.get(name, ()):
                files[Path(out_dir) / f"{path.stem}-{suffix}"] = exporter(extra)(spec, options)
        write_files(files, out_dir)
        results.append(BuildResult(path, tuple(files), spec.requirement_count, spec.fingerprint,
                                   tuple(w for w in warnings if w.severity == "warning")))
    return results


def _translations(path: Path, loaded: LoadedLibrary, spec: Specification) -> tuple[Specification, ...]:
    """The same tender in each other language of the library (ReqIF carries every language)."""
    return tuple(resolve_profile(path, loaded, lang)[0] for lang in loaded.library.languages if lang != spec.language)


def _require_tools(formats: Iterable[str]) -> None:
    """Fail before anything is built when a format needs LibreOffice and there is none."""
    from ..export import NEEDS_LIBREOFFICE

    if NEEDS_LIBREOFFICE.intersection(formats):
        from ..export.libreoffice import require_libreoffice, timeout_seconds

        timeout_seconds()
        require_libreoffice()


def write_files(files: dict[Path, bytes], out_dir: Path | str) -> None:
    """Write all `files` or none (`write.write_all`); `UsageError` naming `out_dir` when that fails."""
    from ..write import InUseError, write_all

    try:
        # The JSON is renamed into place last: a build killed during the renames leaves the old
        # JSON, whose fingerprint then differs from a docx or xlsx already renamed (see write.py).
        write_all(dict(sorted(files.items(), key=lambda item: item[0].suffix == ".json")))
    except InUseError as exc:
        raise UsageError(_("{file} could not be replaced: it is open in another program (Word, Excel) or "
                           "read-only; close it and run the command again").format(
                               file=display_path(Path(str(exc.filename))))) from None
    except OSError as exc:
        raise UsageError(_("cannot write to {folder}: {reason}; choose a folder you can write to with -o").format(
            folder=out_dir, reason=os_reason(exc))) from None


def check_request(profiles: Sequence[Path | str], formats: Iterable[str]) -> tuple[str, ...]:
    """The formats without repeats; `UsageError` for unknown formats, colliding output names, or
    a format that needs a tool this machine lacks (pdf needs LibreOffice)."""
    from ..export import SUFFIXES

    chosen = tuple(dict.fromkeys(formats))
    for name in chosen:
        if name not in SUFFIXES:
            raise UsageError(_("unknown format '{format}'; choose from {formats}").format(
                format=name, formats=", ".join(SUFFIXES)))
    if not chosen:
        raise UsageError(_("no format given; choose from {formats}").format(formats=", ".join(SUFFIXES)))
    # Case folded: on Windows and macOS `Oslo.yaml` and `oslo.yaml` would write the same files.
    stems = [Path(p).stem for p in profiles]
    folded = [s.casefold() for s in stems]
    clash = sorted({s for s, f in zip(stems, folded, strict=True) if folded.count(f) > 1})
    if clash:
        raise UsageError(_("two profiles share the name '{name}', so their outputs would collide; build them into "
                           "different folders").format(name=clash[0]))
    _require_tools(chosen)
    return chosen
