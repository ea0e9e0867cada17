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
    members: tuple[str, ...] = ()
    """In a joint tender, the ids of the members the requirement applies to; empty: all members."""
    option: bool = False
    """An option (opsjon) that members may call off later; priced separately."""
    subcriterion: str = ""
    """The id of the sub-criterion it counts under ('' when the library gives none)."""
    fulfilment: str = ""
    """'tilbud', 'levering' or 'frist' ('' when the library gives none)."""
    fulfilment_by: str = ""
    """The deadline of a 'frist' requirement, in words or as a date."""
    contract_annex: str = ""
    """The contract annex a contract term belongs in; '' for a need of Bilag 1."""
    verification: Verification | None = None
    scoring: tuple[ScoreBand, ...] = ()
    """What earns 10, 5 and 0 points for an evaluated requirement (empty when the library gives none)."""
    parameters: tuple[SpecParameter, ...] = ()
    """The parameters the text is rendered with, in the order of the library (empty for a text without any)."""


@dataclass(frozen=True, slots=True)
class SpecParameter:
    """A parameter of a requirement text with the value the text shows, so a change of value can be named."""

    name: str
    label: str
    """What the parameter is, in the specification's language (its name when the library gives no description)."""
    value: str
    """The value as the text writes it, with its unit: '99,8 %'."""


@dataclass(frozen=True, slots=True)
class Verification:
    """How the acceptance test verifies a requirement, in the specification's language."""

    method: str
    """'demonstrasjon', 'test', 'dokumentasjon' or 'analyse'."""
    steps: tuple[str, ...]
    expected: str


@dataclass(frozen=True, slots=True)
class MemberFacts:
    """What a member tells suppliers about itself, in the specification's language ('' or 0: not given)."""

    current_system: str = ""
    """Today's EPJ system(s) and supplier."""
    users: int = 0
    go_live: str = ""
    """When the member wants to start, in words ('mars 2028')."""
    integrations: str = ""
    volumes: str = ""


@dataclass(frozen=True, slots=True)
class Member:
    """A member of a joint tender: a municipality that takes part in the one contract."""

    id: str
    name: str
    org_number: str
    language: str = "nb"
    areas: tuple[str, ...] = ()
    population: int = 0
    """0 when the profile does not say."""
    role: str = ""
    """'vertskommune' for the host; 'deltakerkommune' or '' for the others."""
    short_name: str = ""
    """The name in tables and 'Gjelder:' lines; the name when the profile gives none."""
    facts: MemberFacts = MemberFacts()
    priorities: tuple[tuple[str, str], ...] = ()
    """(requirement ID, priority) as the profile records them: 'må', 'bør', 'kan' or 'ikke-aktuelt'."""

    @property
    def label(self) -> str:
        return self.short_name or self.name


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
    mandatory_for: tuple[str, ...] = ()  # service areas the regulation binds; empty: every area
    binding: str = ""  # how it binds besides regulation, in the specification's language


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
    demo: DemoScript | None = None


@dataclass(frozen=True, slots=True)
class DemoScript:
    """A scripted demonstration of a user story, in the specification's language."""

    data: str
    steps: tuple[str, ...]
    look_for: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ScoreBand:
    """One band of the 0-10 scale and what a tender must show to score in it."""

    scores: str
    """'10', '7-9', '4-6', '1-3' or '0'."""
    text: str


@dataclass(frozen=True, slots=True)
class Deliverable:
    """Something the supplier hands in for a criterion, scored 0-10 like a requirement."""

    name: str
    description: str
    weight: int


@dataclass(frozen=True, slots=True)
class PriceModel:
    model: str
    """'lineær' or 'proporsjonal'."""
    years: int
    """The evaluated price is the total cost over this many years; 0 when the profile does not say."""
    includes: str


@dataclass(frozen=True, slots=True)
class CriterionScope:
    """How the profile named the requirements of a criterion (empty for the catch-all criterion)."""

    modules: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    catch_all: bool = False
    """Takes every evaluated requirement that no other criterion names."""
    subcriteria: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AwardCriterion:
    name: str
    weight: float
    description: str
    price_formula: str = ""
    """'lineær' or 'proporsjonal' for a price criterion, else ''."""
    price: PriceModel | None = None
    scope: CriterionScope = CriterionScope()
    requirements: tuple[str, ...] = ()
    """The evaluated requirements that count under this criterion, in document order."""
    modules: tuple[str, ...] = ()
    """The modules those requirements come from, in document order."""
    deliverables: tuple[Deliverable, ...] = ()
    bands: tuple[ScoreBand, ...] = ()
    """The 0-10 scale with a description per band (empty for the price criterion)."""


@dataclass(frozen=True, slots=True)
class PriceElement:
    """One line of the price form: the supplier gives a unit price, the workbook works out the sum."""

    name: str
    unit: str
    quantity: float
    per_year: bool
    option: bool


@dataclass(frozen=True, slots=True)
class PriceForm:
    years: int
    """Yearly elements are multiplied by this (the price criterion's years, else 1)."""
    elements: tuple[PriceElement, ...]


@dataclass(frozen=True, slots=True)
class SpecChapter:
    """A chapter the buyer wrote in the profile, in the document's language."""

    key: str
    title: str
    place: str
    """'opening' (after the introduction), 'evaluation' (after the evaluation model) or 'end'."""
    text: str
    """Markdown (a small subset: headings, paragraphs, lists, bold, italic, tables, links)."""


@dataclass(frozen=True, slots=True)
class Deviation:
    requirement: str
    """The requirement's ID; '' for a change of the award criteria."""
    change: str
    """One of: added, removed, obligation, weight, text, parameter, award_criteria."""
    before: str
    after: str
    module: str = ""
    """The title of the requirement's chapter, so long lists of removals can be summed up per chapter."""


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
    chapters: tuple[SpecChapter, ...] = ()
    parent_title: str = ""
    """The tender title of the profile this one extends (the documents name no files)."""
    publish_justifications: bool = False
    """Whether the Word document prints why requirement texts were changed; the JSON always holds it."""
    award_basis: str = "pris-og-kvalitet"
    """'pris-og-kvalitet', or 'fast-pris' when suppliers compete on quality alone at a fixed price."""
    price_form: PriceForm | None = None
    members: tuple[Member, ...] = ()
    """The members of a joint tender; empty for a tender with one buyer (or buyers without members)."""
    subcriterion_names: tuple[tuple[str, str], ...] = ()
    """(id, name) of the library's sub-criteria, in the specification's language."""

    @property
    def language(self) -> str:
        return self.tender.language

    def requirements(self) -> Iterator[SpecRequirement]:
        for module in self.modules:
            yield from module.requirements

    @property
    def requirement_count(self) -> int:
        return sum(len(m.requirements) for m in self.modules)
