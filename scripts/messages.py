"""Extract the command line's messages and keep the nb and nn catalogs in step.

    python scripts/messages.py          # update the .po files from the code, compile the .mo files
    python scripts/messages.py --check  # exit 1 when a catalog is stale or a message lacks a translation

Messages are found with Babel in calls of `_()` and `ngettext()`. Each source
file belongs to one domain (a catalog per group of modules, so that work on
one part of the program touches one catalog); at run time all domains of a
language are chained (`anskaffelse.locale.messages`). Output is deterministic:
no line numbers, fixed dates, sorted messages.
"""

from __future__ import annotations

import argparse
import datetime
import io
import re
import sys
from fnmatch import fnmatch
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "anskaffelse"
CATALOGS = PACKAGE / "locale"
LANGUAGES = ("nb", "nn")
KEYWORDS = {"_": None, "ngettext": (1, 2)}
FIXED_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)

# The first domain whose pattern matches a file (path relative to the package) owns it.
DOMAINS: dict[str, tuple[str, ...]] = {
    "cli": ("cli.py", "__init__.py", "__main__.py", "api/*", "commands/*", "diagnostics.py", "write.py",
            "infile.py", "limits.py", "office_zip.py", "locale/*"),
    "tender": ("answers/*", "evaluation/*", "changes/*", "award/*", "migration/*"),
    "joint": ("collaboration/*", "survey/*", "site/*", "exchange/*", "export/*"),
    "input": ("*",),
}
LANGUAGE_NAMES = {"nb": "norsk bokmål", "nn": "norsk nynorsk"}
HEADER = (
    "# The anskaffelse command line's messages in {language}.\n# Kept in step with the code by scripts/messages.py.\n#"
)
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)?[^{}]*\}")


def domain_of(relative: str) -> str:
    return next(name for name, patterns in DOMAINS.items() if any(fnmatch(relative, p) for p in patterns))


def sources() -> dict[str, list[Path]]:
    grouped: dict[str, list[Path]] = {name: [] for name in DOMAINS}
    for path in sorted(PACKAGE.rglob("*.py")):
        grouped[domain_of(path.relative_to(PACKAGE).as_posix())].append(path)
    return grouped


def template(domain: str, files: list[Path]) -> Catalog:
    """All messages of the domain's files, as a catalog without translations."""
    catalog = Catalog(domain=domain, project="anskaffelse", creation_date=FIXED_DATE, fuzzy=False)
    for path in files:
        relative = path.relative_to(ROOT).as_posix()
        for lineno, message, comments, _context in extract_from_file("python", path, keywords=KEYWORDS):
            catalog.add(message, locations=[(relative, lineno)], auto_comments=comments)
    return catalog


def po_path(lang: str, domain: str) -> Path:
    return CATALOGS / lang / "LC_MESSAGES" / f"{domain}.po"


def updated(lang: str, domain: str, pot: Catalog) -> Catalog:
    """The language's catalog for the domain with the template's messages, translations kept."""
    path = po_path(lang, domain)
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang, domain=domain)
    else:
        catalog = Catalog(locale=lang, domain=domain, fuzzy=False)
    catalog.project, catalog.version = "anskaffelse", "catalog"
    catalog.header_comment = HEADER.format(language=LANGUAGE_NAMES[lang])
    catalog.msgid_bugs_address = catalog.last_translator = "anskaffelse"
    catalog.language_team = LANGUAGE_NAMES[lang]
    catalog.update(pot, no_fuzzy_matching=True, update_creation_date=False)
    catalog.creation_date = catalog.revision_date = FIXED_DATE
    catalog.fuzzy = False
    return catalog


def rendered(catalog: Catalog) -> tuple[bytes, bytes]:
    po, mo = io.BytesIO(), io.BytesIO()
    write_po(po, catalog, width=100, include_lineno=False, sort_output=True, ignore_obsolete=True)
    write_mo(mo, catalog, use_fuzzy=False)
    # The Babel version is no part of the catalog: leaving it out keeps the files the same with any release.
    po_bytes = b"".join(line for line in po.getvalue().splitlines(keepends=True) if b"Generated-By" not in line)
    return po_bytes, mo.getvalue()


def same_mo(path: Path, data: bytes) -> bool:
    """Whether the compiled file on disk holds the same translations (its header may name another Babel)."""
    import gettext

    def entries(raw: bytes) -> dict[object, str]:
        table = dict(gettext.GNUTranslations(io.BytesIO(raw))._catalog)  # type: ignore[attr-defined]
        table.pop("", None)
        return table

    return path.exists() and entries(path.read_bytes()) == entries(data)


def placeholders(text: str) -> set[str]:
    return {m.group(0) for m in PLACEHOLDER.finditer(text)}


def problems(catalog: Catalog, lang: str, domain: str) -> list[str]:
    """Messages without a translation, fuzzy ones, and translations whose placeholders differ."""
    found = []
    where = f"{lang}/{domain}.po"
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        shown = ids[0]
        if message.fuzzy:
            found.append(f"{where}: fuzzy: {shown!r}")
        if not all(strings):
            found.append(f"{where}: not translated: {shown!r}")
            continue
        for translated in strings:
            if placeholders(translated) != placeholders(ids[-1]) and placeholders(translated) != placeholders(ids[0]):
                found.append(f"{where}: placeholders differ: {shown!r} -> {translated!r}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when anything is out of step")
    args = parser.parse_args(argv)
    stale: list[str] = []
    missing: list[str] = []
    for domain, files in sources().items():
        pot = template(domain, files)
        for lang in LANGUAGES:
            catalog = updated(lang, domain, pot)
            missing += problems(catalog, lang, domain)
            po_bytes, mo_bytes = rendered(catalog)
            for path, data in ((po_path(lang, domain), po_bytes), (po_path(lang, domain).with_suffix(".mo"), mo_bytes)):
                if (path.suffix == ".mo" and same_mo(path, data)) or (path.exists() and path.read_bytes() == data):
                    continue
                stale.append(str(path.relative_to(ROOT)))
                if not args.check:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(data)
    for line in missing:
        print(line)
    if args.check and stale:
        print("out of step with the code (run python scripts/messages.py):", *stale, sep="\n  ")
    return 1 if missing or (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
