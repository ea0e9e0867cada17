"""The resolved specification: what every exporter reads, and nothing else.

All texts are already rendered in the tender's language and parameters are
filled in, so an exporter only lays out what it is given.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Buyer:
    name: str
    org_number: str


@dataclass(frozen=True, slots=True)
class Contact:
    """The buyer's contact person for the tender; empty strings when the profile gives none."""

    name: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True, slots=True)
class Tender:
    title: str
    reference: str
    buyers: tuple[Buyer, ...]
    procedure: str
    contract_standard: str
    deadline: str
    date: str
    version: str
    language: str
    contact: Contact = Contact()


@dataclass(frozen=True, slots=True)
class SpecRequirement:
    id: str
    module: str
    title: str
    text: str
    obligation: str
    weight: int
    response_type: str
    unit: str
    options: tuple[str, ...]
    kind: str
    areas: tuple[str, ...]
    standards: tuple[str, ...]
    user_stories: tuple[str, ...]
    local: bool
    justification: str
    fingerprint: str


@dataclass(frozen=True, slots=True)
class SpecModule:
    id: str
    title: str
    description: str
    requirements: tuple[SpecRequirement, ...]


@dataclass(frozen=True, slots=True)
class SpecStandard:
    id: str
    name: str
    owner: str
    url: str
    mandatory: bool
    requirements: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SpecUserStory:
    id: str
    title: str
    problem: str
    desired: str
    systems: str
    areas: tuple[str, ...]
    professions: tuple[str, ...]
    requirements: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AwardCriterion:
    name: str
    weight: float
    description: str
    price_formula: str = ""
    """'lineær' or 'proporsjonal' for a price criterion, else ''."""


@dataclass(frozen=True, slots=True)
class Deviation:
    requirement: str
    change: str
    """One of: added, removed, obligation, weight, text."""
    before: str
    after: str


@dataclass(frozen=True)
class Specification:
    tender: Tender
    profile: str
    parent_profile: str
    library_id: str
    library_name: str
    library_version: str
    modules: tuple[SpecModule, ...]
    standards: tuple[SpecStandard, ...]
    user_stories: tuple[SpecUserStory, ...]
    award_criteria: tuple[AwardCriterion, ...]
    deviations: tuple[Deviation, ...]
    area_names: tuple[tuple[str, str], ...]
    fingerprint: str

    @property
    def language(self) -> str:
        return self.tender.language

    def requirements(self) -> Iterator[SpecRequirement]:
        for module in self.modules:
            yield from module.requirements

    @property
    def requirement_count(self) -> int:
        return sum(len(m.requirements) for m in self.modules)
