"""Load a requirement library folder, check it, and build the typed `Library`.

Checks run in two passes: the JSON Schema of each file, then the meaning
across files (duplicate IDs, references to unknown areas, standards, user
stories, parameters that do not fit their placeholders). All findings from
one run are returned together so an author can fix them in one go.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, InputError, abbreviate, error, has_errors
from ..locale.messages import _
from ..migration.releases import MIGRATIONS, check_migrations, releases_from_data
from ..model import (
    ALL_AREAS,
    DemoScript,
    Fulfilment,
    Library,
    Module,
    Parameter,
    Requirement,
    Response,
    Standard,
    Term,
    Text,
    UserStory,
    Verification,
    well_typed,
)
from ..reading.collector import collection_paused
from ..reading.load import Document, KeyPath
from .files import read_parts

LIBRARY_ENV = "ANSKAFFELSE_LIBRARY"
REGISTER = "id-register.yaml"
"""Optional: every ID ever issued, so that none is removed and later reused."""
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def default_library_path() -> Path:
    """The library to use when none is given: the environment, else the built-in one."""
    from_env = os.environ.get(LIBRARY_ENV)
    if from_env:
        return Path(from_env)
    package_dir = Path(__file__).resolve().parent.parent
    shipped = package_dir / "_library"
    if shipped.is_dir():
        return shipped
    # Running from a source checkout (editable install): the folder at the root is the source.
    return package_dir.parent.parent / "requirements-library"


@dataclass(frozen=True)
class LoadedLibrary:
    """A library together with where each of its parts was written."""

    library: Library
    sources: dict[str, tuple[Document, KeyPath]]
    file_keys: dict[Path, str] = field(default_factory=dict)
    """The library cache's key of each file (its bytes and the code that reads it), when the cache is in use."""

    def where(self, key: str, *sub: str | int) -> dict[str, Any]:
        doc, path = self.sources[key]
        return doc.where((*path, *sub))


def load_library(root: Path | None = None, use_cache: bool = True) -> tuple[LoadedLibrary | None, list[Diagnostic]]:
    """Load and check a library; the library is None when it has errors.

    `use_cache=False` always reads the YAML files, neither the library cache nor the
    checked copy of the built-in library; findings and positions are the same either way.
    """
    root = Path(root) if root is not None else default_library_path()
    if not (root / "library.yaml").is_file():
        return None, [
            error(
                "L000",
                _("{folder} is not a requirement library (no library.yaml)").format(folder=root),
                _("Point --library at the folder that holds library.yaml."),
                file=str(root),
            )
        ]
    parts = library_parts(root)
    with collection_paused():
        result = _load(root, parts, use_cache)
        if result is None:
            # Something taken from an entry did not hold up; every file is read again from YAML.
            result = _load(root, parts, False)
    assert result is not None
    return result


def library_parts(root: Path) -> list[tuple[str, Path]]:
    """The files of the library at `root`, each with the part it is (the name of its schema)."""
    parts = [("manifest", root / "library.yaml"), ("standards", root / "standards.yaml"),
             ("user-stories", root / "user-stories.yaml")]
    parts += [("module", p) for p in sorted((root / "modules").glob("*.yaml"))]
    if (root / REGISTER).is_file():
        parts.append(("id-register", root / REGISTER))
    if (root / MIGRATIONS).is_file():
        parts.append(("migrations", root / MIGRATIONS))
    return parts


def _load(root: Path, parts: list[tuple[str, Path]],
          use_entries: bool) -> tuple[LoadedLibrary | None, list[Diagnostic]] | None:
    """The library and its findings; None when a document taken from an entry gives it any finding.

    Whoever can write to the cache folder can write an entry, so a library built
    partly from entries must pass every check: every value must have the type the
    model declares, and the meaning checks must find nothing (`cache.read` has
    refused characters a document cannot hold). When it does not, the caller reads
    every file again, so findings are always those of the YAML files themselves.
    The schemas are not run again on entries; on a large library they would cost
    more than the rest of reading the entries.
    """
    read = read_parts(root, parts, use_entries)
    found = read.found
    if has_errors(found) or len({"manifest", "standards", "user-stories"} - set(read.docs)):
        return None, found
    try:
        loaded, duplicates = _build(root, read.docs, read.modules)
        loaded = dataclasses.replace(loaded, file_keys=read.keys)
        found.extend(duplicates)
        found.extend(check_library(loaded))
        if read.from_entries and (found or not well_typed(loaded.library)):
            return None
    except Exception:  # damage comes in any shape: a wrong type, a missing key, a list for a mapping
        if read.from_entries:
            return None
        raise
    if has_errors(found):
        return None, found
    return loaded, found


def require_library(root: Path | None = None) -> LoadedLibrary:
    """Load a library or raise `InputError` with its findings."""
    loaded, found = load_library(root)
    if loaded is None:
        raise InputError(found)
    return loaded


def _build(root: Path, docs: dict[str, Document],
           module_docs: list[Document]) -> tuple[LoadedLibrary, list[Diagnostic]]:
    manifest = docs["manifest"].data
    sources: dict[str, tuple[Document, KeyPath]] = {"@manifest": (docs["manifest"], ())}
    duplicates: list[Diagnostic] = []
    modules = []
    for full in module_docs:
        data = full.data
        # Once built, a module is read through the model; its parsed YAML (a large share of the
        # memory of a large library) is not kept, only where each value was written.
        doc = dataclasses.replace(full, data=None) if full.source is not None else full
        sources[f"@module:{data['id']}"] = (doc, ())
        reqs = []
        for i, item in enumerate(data["requirements"]):
            reqs.append(requirement_from_data(item, data["id"]))
            if item["id"] in sources:
                first = loaded_where(sources[item["id"]])
                duplicates.append(error(
                    "L001", _("duplicate requirement ID {id} (first defined at {place})").format(
                        id=item["id"], place=f"{first['file']}:{first['line']}"),
                    _("Give the new requirement the next free ID; IDs are never reused."),
                    **doc.where(("requirements", i, "id"))))
                continue
            sources[item["id"]] = (doc, ("requirements", i))
        modules.append(Module(data["id"], Text.from_data(data["title"]),
                              Text.from_data(data.get("description")), tuple(reqs)))
    for name in ("id-register", "migrations"):
        if name in docs:
            sources[f"@{name.removeprefix('id-')}"] = (docs[name], ())
    duplicates += _duplicate_ids(docs["standards"], "standards")
    duplicates += _duplicate_ids(docs["user-stories"], "user_stories")
    for kind in ("areas", "professions", "kinds"):
        duplicates += _duplicate_ids(docs["manifest"], "taxonomy", kind)
    standards = []
    for i, item in enumerate(docs["standards"].data["standards"]):
        sources.setdefault(f"@standard:{item['id']}", (docs["standards"], ("standards", i)))
        standards.append(Standard(item["id"], item["kind"], Text.from_data(item["name"]),
                                  item["owner"], item["url"], item["mandatory"], tuple(item.get("aliases", ())),
                                  tuple(item.get("mandatory_for", ())), Text.from_data(item.get("binding"))))
    stories = []
    for i, item in enumerate(docs["user-stories"].data["user_stories"]):
        sources.setdefault(f"@story:{item['id']}", (docs["user-stories"], ("user_stories", i)))
        stories.append(UserStory(
            id=item["id"], title=Text.from_data(item["title"]), problem=Text.from_data(item["problem"]),
            desired=Text.from_data(item["desired"]), systems=Text.from_data(item["systems"]),
            areas=tuple(item["areas"]), professions=tuple(item["professions"]),
            demo=_demo(item.get("demo"))))
    order = {module_id: i for i, module_id in enumerate(manifest.get("module_order", []))}
    modules.sort(key=lambda m: order.get(m.id, len(order)))
    taxonomy = manifest["taxonomy"]
    library = Library(
        id=manifest["id"], name=Text.from_data(manifest["name"]), version=manifest["version"],
        languages=tuple(manifest["languages"]), id_prefix=manifest["id_prefix"],
        areas=_terms(taxonomy["areas"]), professions=_terms(taxonomy["professions"]),
        kinds=_terms(taxonomy["kinds"]), modules=tuple(modules), standards=tuple(standards),
        user_stories=tuple(stories), root=root,
        releases=releases_from_data(docs["migrations"].data) if "migrations" in docs else (),
        subcriteria=_terms(taxonomy.get("subcriteria", [])),
    )
    return LoadedLibrary(library, sources), duplicates


def _duplicate_ids(doc: Document, *path: str) -> list[Diagnostic]:
    items: Any = doc.data
    for key in path:
        items = items[key]
    seen: set[str] = set()
    found = []
    for i, item in enumerate(items):
        if item["id"] in seen:
            found.append(error("L001", _("'{id}' is defined twice in {where}").format(id=item["id"],
                                                                                       where="/".join(path)),
                               _("Remove or rename one of them."), **doc.where((*path, i, "id"))))
        seen.add(item["id"])
    return found


def loaded_where(source: tuple[Document, KeyPath]) -> dict[str, Any]:
    return source[0].where(source[1])


def _terms(items: list[dict[str, Any]]) -> tuple[Term, ...]:
    return tuple(Term(t["id"], Text.from_data(t["name"])) for t in items)


def requirement_from_data(item: dict[str, Any], module: str) -> Requirement:
    """A `Requirement` from schema-valid data (library modules and local requirements)."""
    response = item["response"]
    return Requirement(
        id=item["id"],
        module=module,
        title=Text.from_data(item["title"]),
        text=Text.from_data(item["text"]),
        guidance=Text.from_data(item.get("guidance")),
        rationale=Text.from_data(item.get("rationale")),
        kind=item.get("kind", "funksjonell"),
        obligation=item["obligation"],
        weight=item.get("weight"),
        response=Response(response["type"], Text.from_data(response.get("unit")),
                          tuple(Text.from_data(o) for o in response.get("options", ()))),
        areas=tuple(item.get("areas", (ALL_AREAS,))),
        standards=tuple(item.get("standards", ())),
        user_stories=tuple(item.get("user_stories", ())),
        tags=tuple(item.get("tags", ())),
        parameters=tuple(
            Parameter(name, p["type"], p["default"], p.get("min"), p.get("max"),
                      Text.from_data(p.get("unit")).nb, tuple(p.get("choices", ())),
                      Text.from_data(p.get("description")), Text.from_data(p.get("unit")))
            for name, p in item.get("parameters", {}).items()
        ),
        since=item.get("since", ""),
        deprecated=bool(item.get("deprecated", False)),
        replaced_by=item.get("replaced_by"),
        lint_ignore=tuple(item.get("lint_ignore", {}).items()),
        subcriterion=item.get("subcriterion", ""),
        fulfilment=Fulfilment(item["fulfilment"], Text.from_data(item.get("fulfilment_by")))
        if "fulfilment" in item else None,
        contract_annex=item.get("contract_annex", ""),
        verification=_verification(item.get("verification")),
        scoring=tuple((points, Text.from_data(text)) for points, text in item.get("scoring", {}).items()),
    )


def _verification(data: dict[str, Any] | None) -> Verification | None:
    if not data:
        return None
    return Verification(data["method"], tuple(Text.from_data(s) for s in data["steps"]),
                        Text.from_data(data["expected"]))


def _demo(data: dict[str, Any] | None) -> DemoScript | None:
    if not data:
        return None
    return DemoScript(Text.from_data(data["data"]), tuple(Text.from_data(s) for s in data["steps"]),
                      tuple(Text.from_data(s) for s in data["look_for"]))


def check_library(loaded: LoadedLibrary) -> list[Diagnostic]:
    lib = loaded.library
    found: list[Diagnostic] = []
    module_ids = [m.id for m in lib.modules]
    manifest_doc = loaded.sources["@manifest"][0]
    for i, module_id in enumerate(manifest_doc.data.get("module_order", [])):
        if module_id not in module_ids:
            found.append(error("L015", _("module_order names unknown module '{module}'").format(module=module_id),
                               _("Use the id of a file in modules/, or remove the entry."),
                               **manifest_doc.where(("module_order", i))))
    for module_id in {m for m in module_ids if module_ids.count(m) > 1}:
        found.append(error("L002", _("module id '{module}' is used by more than one file").format(module=module_id),
                           **loaded.where(f"@module:{module_id}", "id")))
    prefix = f"{lib.id_prefix}-"
    for req in lib.requirements():
        found.extend(check_requirement(req, lib, lambda *sub, r=req: loaded.where(r.id, *sub)))
        if not req.id.startswith(prefix):
            found.append(error("L014", _("{id}: library requirement IDs must start with {prefix}").format(
                                   id=req.id, prefix=prefix),
                               **loaded.where(req.id, "id")))
    if "@register" in loaded.sources:
        found.extend(_check_register(loaded))
    if "@migrations" in loaded.sources:
        register = loaded.sources.get("@register")
        issued = set(register[0].data["issued"]) if register else None
        found.extend(check_migrations(loaded.sources["@migrations"][0], lib, issued))
    found.extend(_check_standards(loaded))
    for story in lib.user_stories:
        where = loaded.sources[f"@story:{story.id}"]
        found.extend(_check_terms(story.areas, lib.areas, _("unknown service area '{value}'"), where, "areas"))
        found.extend(_check_terms(story.professions, lib.professions, _("unknown profession '{value}'"), where,
                                  "professions"))
        for lang in lib.languages:
            for name in ("title", "problem", "desired", "systems"):
                if not getattr(story, name).has(lang):
                    found.append(_missing_language(
                        lang, _("user story {id} {field} has no '{lang}' text").format(id=story.id, field=name,
                                                                                      lang=lang),
                        where[0].where((*where[1], name))))
    return found


def _check_standards(loaded: LoadedLibrary) -> list[Diagnostic]:
    """A mandatory scope names service areas of the taxonomy and only narrows a mandatory standard."""
    lib = loaded.library
    known = {a.id for a in lib.areas}
    found: list[Diagnostic] = []
    for std in lib.standards:
        source = loaded.sources[f"@standard:{std.id}"]
        def where(*sub: str | int, s: tuple[Document, KeyPath] = source) -> dict[str, Any]:
            return s[0].where((*s[1], *sub))
        if std.mandatory_for and not std.mandatory:
            found.append(error("L019", _("standard '{id}': mandatory_for is set but mandatory is false").format(
                                   id=std.id),
                               _("Set 'mandatory: true' (regulation binds these areas) or remove mandatory_for; "
                                 "describe other ties in 'binding'."), **where("mandatory_for")))
        for i, area in enumerate(std.mandatory_for):
            if area not in known:
                found.append(error("L020", _("standard '{id}': unknown service area '{area}' in mandatory_for").format(
                                       id=std.id, area=area),
                                   _use_one_of(sorted(known)), **where("mandatory_for", i)))
        for lang in lib.languages:
            if std.binding and not std.binding.has(lang):
                found.append(_missing_language(
                    lang, _("standard {id} binding has no '{lang}' text").format(id=std.id, lang=lang),
                    where("binding")))
    return found


def _check_register(loaded: LoadedLibrary) -> list[Diagnostic]:
    """IDs are never reused: an issued ID may not disappear, and a new one must be registered."""
    doc = loaded.sources["@register"][0]
    issued: dict[str, str] = doc.data["issued"]
    found = [
        error("L016", _("{id} was issued in {version} and cannot be removed").format(id=req_id, version=version),
              _("Keep the requirement and mark it 'deprecated: true' (with 'replaced_by' when it has a "
                "successor)."),
              **doc.where_key(("issued", req_id)))
        for req_id, version in issued.items() if loaded.library.requirement(req_id) is None
    ]
    found += [
        error("L017", _("{id} is not in {register}").format(id=req.id, register=REGISTER),
              _("Add '{entry}' under 'issued:' in {register}; check first that the ID was never used "
                "before.").format(entry=f"{req.id}: {loaded.library.version}", register=REGISTER),
              **loaded.where(req.id, "id"))
        for req in loaded.library.requirements() if req.id not in issued
    ]
    return found


def check_requirement(req: Requirement, lib: Library, where: Any,
                      languages: tuple[str, ...] | None = None) -> list[Diagnostic]:
    """Meaning checks for one requirement; `where(*sub)` places a finding in the source."""
    found: list[Diagnostic] = []
    languages = lib.languages if languages is None else languages
    if req.kind not in {k.id for k in lib.kinds}:
        found.append(error("L003", _("{id}: unknown requirement kind '{kind}'").format(id=req.id, kind=req.kind),
                           _use_one_of(k.id for k in lib.kinds), **where("kind")))
    if req.subcriterion and req.subcriterion not in {c.id for c in lib.subcriteria}:
        hint = (_use_one_of(c.id for c in lib.subcriteria) if lib.subcriteria
                else _("Use one of: (none: add taxonomy.subcriteria)."))
        found.append(error("L024", _("{id}: unknown sub-criterion '{subcriterion}'").format(
                               id=req.id, subcriterion=req.subcriterion), hint, **where("subcriterion")))
    if req.fulfilment and req.fulfilment.when == "frist" and not req.fulfilment.by:
        found.append(error("L025", _("{id}: fulfilment is 'frist' but fulfilment_by does not say when").format(
                               id=req.id),
                           _("Add 'fulfilment_by:' with the deadline in words, e.g. 12 months after acceptance."),
                           **where("fulfilment")))
    known_areas = {a.id for a in lib.areas} | {ALL_AREAS}
    for i, area in enumerate(req.areas):
        if area not in known_areas:
            found.append(error("L004", _("{id}: unknown service area '{area}'").format(id=req.id, area=area),
                               _use_one_of(sorted(known_areas)), **where("areas", i)))
    for i, std in enumerate(req.standards):
        if lib.standard(std) is None:
            found.append(error("L005", _("{id}: standard '{standard}' is not in the standards catalogue").format(
                                   id=req.id, standard=std),
                               _("Add it to standards.yaml or correct the id."), **where("standards", i)))
    story_ids = {s.id for s in lib.user_stories}
    for i, story in enumerate(req.user_stories):
        if story not in story_ids:
            found.append(error("L006", _("{id}: unknown user story '{story}'").format(id=req.id, story=story),
                               _("Use an id from user-stories.yaml."), **where("user_stories", i)))
    found.extend(_check_weight(req, where))
    found.extend(check_parameters(req, where, languages))
    for lang in languages:
        for name in ("title", "text"):
            if not getattr(req, name).has(lang):
                found.append(_missing_language(
                    lang, _("{id} {field} has no '{lang}' text").format(id=req.id, field=name, lang=lang),
                    where(name)))
    if req.replaced_by and lib.requirement(req.replaced_by) is None:
        found.append(error("L007", _("{id}: replaced_by names unknown requirement {replacement}").format(
                               id=req.id, replacement=req.replaced_by),
                           **where("replaced_by")))
    if req.replaced_by and not req.deprecated:
        found.append(error("L008", _("{id}: replaced_by is set but the requirement is not deprecated").format(
                               id=req.id),
                           _("Add 'deprecated: true' or remove replaced_by."), **where("replaced_by")))
    return found


def _use_one_of(names: Iterable[str]) -> str:
    return _("Use one of: {names}.").format(names=", ".join(names))


def _check_weight(req: Requirement, where: Any) -> list[Diagnostic]:
    if req.obligation == "informasjon" and req.weight:
        return [error("L018", _("{id}: an informasjon requirement cannot carry a weight").format(id=req.id),
                      _("Remove the weight, or make the requirement evaluert."), **where("weight"))]
    if req.obligation == "evaluert" and not req.weight:
        return [error("L009", _("{id}: an evaluert requirement needs a weight above 0").format(id=req.id),
                      _("Add 'weight:' with a value from 1 to 10."), **where("obligation"))]
    return []


def check_parameters(req: Requirement, where: Any, languages: tuple[str, ...]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for param in req.parameters:
        problem = parameter_value_problem(param, param.default)
        if problem:
            found.append(error("L010", _("{id}: default of parameter '{name}' {problem}").format(
                                   id=req.id, name=param.name, problem=problem),
                               **where("parameters", param.name, "default")))
    declared = {p.name for p in req.parameters}
    used: dict[str, set[str]] = {}
    for lang in languages:
        if req.text.has(lang):
            used[lang] = set(PLACEHOLDER.findall(req.text.get(lang)))
    for lang, names in used.items():
        for name in sorted(names - declared):
            found.append(error("L011", _("{id}: placeholder {placeholder} in the {lang} text has no parameter").format(
                                   id=req.id, placeholder=f"{{{name}}}", lang=lang),
                               _("Declare '{name}' under parameters, or correct the placeholder.").format(name=name),
                               **where("text", lang)))
    if len({frozenset(v) for v in used.values()}) > 1:
        found.append(error("L012", _("{id}: the language versions use different placeholders").format(id=req.id),
                           _("Use the same {placeholders} in every language.").format(placeholders="{placeholders}"),
                           **where("text")))
    return found


def parameter_value_problem(param: Parameter, value: Any) -> str:
    """Why `value` does not fit `param`, or '' when it does: the rest of a sentence about the parameter."""
    return parameter_value_check(param, value)[0]


def parameter_value_check(param: Parameter, value: Any) -> tuple[str, bool]:
    """Why `value` does not fit `param` ('' when it does), and whether it is of the right kind but outside
    the values the parameter allows (below its minimum, above its maximum, not one of its choices)."""
    if param.type in ("number", "integer"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return _("must be a number, not '{value}'").format(value=abbreviate(str(value))), False
        if isinstance(value, float) and not math.isfinite(value):
            # The loader refuses these; NaN would pass every comparison below.
            return _("must be a finite number, not {value}").format(value=value), False
        if param.type == "integer" and isinstance(value, float) and not value.is_integer():
            return _("must be a whole number, not {value}").format(value=value), False
        if param.min is not None and value < param.min:
            return _("is {value}, below the minimum {minimum}").format(value=value, minimum=param.min), True
        if param.max is not None and value > param.max:
            return _("is {value}, above the maximum {maximum}").format(value=value, maximum=param.max), True
        return "", False
    if param.type == "choice":
        if value not in param.choices:
            return _("is '{value}'; allowed values: {choices}").format(
                value=abbreviate(str(value)), choices=", ".join(map(str, param.choices))), True
        return "", False
    if not isinstance(value, str) or not value.strip():
        return _("must be a non-empty text"), False
    return "", False


def _check_terms(values: tuple[str, ...], terms: tuple[Term, ...], message: str,
                 where: tuple[Document, KeyPath], key: str) -> list[Diagnostic]:
    """L004 for each value not among `terms`; `message` names the kind of term, with a `value` placeholder."""
    known = {t.id for t in terms}
    doc, path = where
    return [
        error("L004", message.format(value=v), _use_one_of(sorted(known)), **doc.where((*path, key, i)))
        for i, v in enumerate(values) if v not in known
    ]


def _missing_language(lang: str, message: str, at: dict[str, Any]) -> Diagnostic:
    """L013: `message` says which text lacks the language; the hint says which language to write."""
    if lang == "nn":
        hint = _("Add '{lang}:' with the text in nynorsk.")
    elif lang == "nb":
        hint = _("Add '{lang}:' with the text in nb.")
    else:
        hint = _("Add '{lang}:' with the text in {lang}.")
    return error("L013", message, hint.format(lang=lang), **at)
