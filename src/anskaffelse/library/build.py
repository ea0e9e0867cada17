"""Build the typed `Library` from its checked documents, keeping where each part was written.

The documents have passed their schemas; building reads their data into the
frozen model and notes IDs defined twice. The meaning checks run afterwards
(`checks.py`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, error
from ..locale.messages import _
from ..migration.releases import releases_from_data
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
)
from ..reading.load import Document, KeyPath


@dataclass(frozen=True)
class LoadedLibrary:
    """A library together with where each of its parts was written."""

    library: Library
    sources: Mapping[str, tuple[Document, KeyPath]]
    """Where each part was written: read only when asked for, for a library taken whole from the cache."""
    file_keys: dict[Path, str] = field(default_factory=dict)
    """The library cache's key of each file (its bytes and the code that reads it), when the cache is in use."""

    def where(self, key: str, *sub: str | int) -> dict[str, Any]:
        doc, path = self.sources[key]
        return doc.where((*path, *sub))


def build_library(root: Path, docs: dict[str, Document],
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
    # A large library has tens of thousands: optional parts that are absent cost no call.
    get, text = item.get, Text.from_data
    response = item["response"]
    options = response.get("options")
    parameters = get("parameters")
    lint_ignore = get("lint_ignore")
    scoring = get("scoring")
    return Requirement(
        id=item["id"],
        module=module,
        title=text(item["title"]),
        text=text(item["text"]),
        guidance=text(get("guidance")),
        rationale=text(get("rationale")),
        kind=get("kind", "funksjonell"),
        obligation=item["obligation"],
        weight=get("weight"),
        response=Response(response["type"], text(response.get("unit")),
                          tuple(map(text, options)) if options else ()),
        areas=tuple(get("areas", (ALL_AREAS,))),
        standards=tuple(get("standards", ())),
        user_stories=tuple(get("user_stories", ())),
        tags=tuple(get("tags", ())),
        parameters=tuple(_parameter(name, p) for name, p in parameters.items()) if parameters else (),
        since=get("since", ""),
        deprecated=bool(get("deprecated", False)),
        replaced_by=get("replaced_by"),
        lint_ignore=tuple(lint_ignore.items()) if lint_ignore else (),
        subcriterion=get("subcriterion", ""),
        fulfilment=Fulfilment(item["fulfilment"], text(get("fulfilment_by"))) if "fulfilment" in item else None,
        contract_annex=get("contract_annex", ""),
        verification=_verification(get("verification")),
        scoring=tuple((points, text(band)) for points, band in scoring.items()) if scoring else (),
    )


def _parameter(name: str, data: dict[str, Any]) -> Parameter:
    unit = Text.from_data(data.get("unit"))
    return Parameter(name, data["type"], data["default"], data.get("min"), data.get("max"), unit.nb,
                     tuple(data.get("choices", ())), Text.from_data(data.get("description")), unit)


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
