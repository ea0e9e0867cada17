"""The library as typed, immutable objects.

These are built from validated YAML by `library.py`; resolution reads them and
produces a `Specification` (see `resolved.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

ALL_AREAS = "alle"
"""A requirement that applies to every service area lists this instead of each area."""

# The same values as the enums of schemas/module.json (a test keeps them in step).
Obligation = Literal["minstekrav", "evaluert", "informasjon"]
ResponseType = Literal["ja-nei", "ja-nei-delvis", "beskrivelse", "tall", "valg"]
ParameterType = Literal["number", "integer", "text", "choice"]


@dataclass(frozen=True, slots=True)
class Text:
    """One text in up to three languages; bokmål is always present."""

    nb: str
    nn: str | None = None
    en: str | None = None

    @classmethod
    def from_data(cls, data: Any) -> Text:
        # Positional arguments, and one empty text for every absent one: a large library makes
        # some 50,000 texts (a text cannot be changed, so sharing one is safe).
        if data is None:
            return _NO_TEXT if cls is Text else cls("")
        if isinstance(data, str):
            return cls(data)
        return cls(data.get("nb", ""), data.get("nn"), data.get("en"))

    def get(self, lang: str) -> str:
        """The text in `lang`; falls back to bokmål (validation reports missing languages)."""
        value = getattr(self, lang, None)
        return value if value else self.nb

    def has(self, lang: str) -> bool:
        return bool(getattr(self, lang, None))

    def __bool__(self) -> bool:
        return bool(self.nb)


_NO_TEXT = Text("")


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    type: ParameterType
    default: float | int | str
    min: float | None = None
    max: float | None = None
    unit: str = ""
    choices: tuple[str | float, ...] = ()
    description: Text = Text("")
    unit_text: Text = Text("")
    """The unit per language ("timer" / "timar"); `unit` is its bokmål form."""


@dataclass(frozen=True, slots=True)
class Response:
    type: ResponseType
    unit: Text = Text("")
    options: tuple[Text, ...] = ()


@dataclass(frozen=True, slots=True)
class Fulfilment:
    """When the supplier must meet a requirement."""

    when: Literal["tilbud", "levering", "frist"]
    """With the tender, at delivery and acceptance, or by a later deadline."""
    by: Text = Text("")
    """The deadline of a 'frist' requirement, in words."""


@dataclass(frozen=True, slots=True)
class Verification:
    """How the acceptance test (godkjenningsprøve) verifies a requirement."""

    method: Literal["demonstrasjon", "test", "dokumentasjon", "analyse"]
    steps: tuple[Text, ...]
    expected: Text


@dataclass(frozen=True, slots=True)
class Requirement:
    id: str
    module: str
    title: Text
    text: Text
    guidance: Text
    rationale: Text
    kind: str
    obligation: Obligation
    weight: int | None
    response: Response
    areas: tuple[str, ...]
    standards: tuple[str, ...] = ()
    user_stories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    since: str = ""
    deprecated: bool = False
    replaced_by: str | None = None
    lint_ignore: tuple[tuple[str, str], ...] = ()
    """Lint rules switched off for this requirement, as (code, reason)."""
    subcriterion: str = ""
    """The sub-criterion of the evaluation it counts under (an id of `Library.subcriteria`)."""
    fulfilment: Fulfilment | None = None
    contract_annex: str = ""
    """The contract annex a contract term belongs in; '' for a need of Bilag 1."""
    verification: Verification | None = None
    scoring: tuple[tuple[str, Text], ...] = ()
    """What earns 10, 5 and 0 points, as (points, text), for an evaluated requirement."""

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    def applies_to(self, areas: frozenset[str]) -> bool:
        return ALL_AREAS in self.areas or not areas.isdisjoint(self.areas)


@dataclass(frozen=True, slots=True)
class Module:
    id: str
    title: Text
    description: Text
    requirements: tuple[Requirement, ...]


@dataclass(frozen=True, slots=True)
class Standard:
    id: str
    kind: str
    name: Text
    owner: str
    url: str
    mandatory: bool
    aliases: tuple[str, ...] = ()
    # Service areas for which regulation makes it mandatory; empty: every area (when mandatory).
    mandatory_for: tuple[str, ...] = ()
    # How it binds other than (or besides) by regulation, e.g. through a membership agreement.
    binding: Text = field(default_factory=lambda: Text(""))


@dataclass(frozen=True, slots=True)
class UserStory:
    id: str
    title: Text
    problem: Text
    desired: Text
    systems: Text
    areas: tuple[str, ...]
    professions: tuple[str, ...]
    demo: DemoScript | None = None


@dataclass(frozen=True, slots=True)
class DemoScript:
    """A scripted demonstration of a user story for the evaluation panel."""

    data: Text
    """The test data the supplier prepares."""
    steps: tuple[Text, ...]
    look_for: tuple[Text, ...]
    """What the panel looks for."""


@dataclass(frozen=True, slots=True)
class Term:
    """An entry of the taxonomy: a service area, profession or requirement kind."""

    id: str
    name: Text


@dataclass(frozen=True, slots=True)
class MovedParameter:
    """A parameter that left one requirement for another (a floor split off into a minstekrav)."""

    requirement: str
    name: str
    to_requirement: str
    to_name: str


@dataclass(frozen=True, slots=True)
class ObligationChange:
    requirement: str
    before: Obligation
    after: Obligation


@dataclass(frozen=True, slots=True)
class Release:
    """What one library release changed that a profile written for an earlier release may name."""

    version: str
    replaced: tuple[tuple[str, str], ...] = ()
    """Withdrawn ID and its replacement."""
    parameters_moved: tuple[MovedParameter, ...] = ()
    parameters_removed: tuple[tuple[str, str], ...] = ()
    """Requirement ID and the name of a parameter it no longer has."""
    obligation_changed: tuple[ObligationChange, ...] = ()


@dataclass(frozen=True)
class Library:
    id: str
    name: Text
    version: str
    languages: tuple[str, ...]
    id_prefix: str
    areas: tuple[Term, ...]
    professions: tuple[Term, ...]
    kinds: tuple[Term, ...]
    modules: tuple[Module, ...]
    standards: tuple[Standard, ...]
    user_stories: tuple[UserStory, ...]
    root: Path
    releases: tuple[Release, ...] = ()
    """The changes per release that profiles may need to follow (migrations.yaml), oldest first."""
    subcriteria: tuple[Term, ...] = ()
    """The sub-criteria evaluated requirements are grouped under (taxonomy.subcriteria)."""
    _by_id: dict[str, Requirement] = field(init=False, repr=False, compare=False)
    _ids: dict[str, frozenset[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {r.id: r for m in self.modules for r in m.requirements}
        object.__setattr__(self, "_by_id", index)
        object.__setattr__(self, "_ids", {})

    def ids(self, kind: Literal["areas", "kinds", "subcriteria", "standards", "user_stories"]) -> frozenset[str]:
        """The ids of the service areas, requirement kinds, sub-criteria, standards or user stories."""
        known = self._ids.get(kind)
        if known is None:
            known = self._ids[kind] = frozenset(item.id for item in getattr(self, kind))
        return known

    def requirements(self) -> list[Requirement]:
        return [r for m in self.modules for r in m.requirements]

    def requirement(self, req_id: str) -> Requirement | None:
        return self._by_id.get(req_id)

    def moved_parameter(self, req_id: str, name: str) -> tuple[str, MovedParameter] | None:
        """The release that moved parameter `name` of `req_id`, and where it went."""
        for release in reversed(self.releases):
            for moved in release.parameters_moved:
                if (moved.requirement, moved.name) == (req_id, name):
                    return release.version, moved
        return None

    def removed_parameter(self, req_id: str, name: str) -> str | None:
        """The release that removed parameter `name` of `req_id` without a successor."""
        return next((r.version for r in reversed(self.releases) if (req_id, name) in r.parameters_removed), None)

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)

    def standard(self, standard_id: str) -> Standard | None:
        return next((s for s in self.standards if s.id == standard_id), None)

    def term_name(self, terms: tuple[Term, ...], term_id: str, lang: str) -> str:
        term = next((t for t in terms if t.id == term_id), None)
        return term.name.get(lang) if term else term_id

