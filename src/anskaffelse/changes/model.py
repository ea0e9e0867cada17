"""The typed changes between two specifications (see `diff.py`).

Values are kept as the specification holds them (an obligation is
`minstekrav`, a weight an integer, a scope a tuple of member ids), so a script
reads them without parsing and a document words them in its own language.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..resolved import AwardCriterion, Deliverable, PriceElement, SpecChapter, SpecRequirement

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"

EQUAL = "equal"


@dataclass(frozen=True, slots=True)
class WordRun:
    """A stretch of words that both texts share (`equal`), or that only the old (`removed`) or the new
    (`added`) one has; the runs of a text change, read in order, give both texts in full."""

    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class AnswerForm:
    """How a supplier answers a requirement: the response type with its unit or options."""

    type: str
    unit: str = ""
    options: tuple[str, ...] = ()


Value = str | int | float | bool | tuple[str, ...] | AnswerForm | Deliverable | None


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field that differs: its old and new value, and for texts the words that changed."""

    field: str
    old: Value
    new: Value
    name: str = ""
    """What the field belongs to when there are several: the parameter, deliverable, band or price element."""
    words: tuple[WordRun, ...] = ()


@dataclass(frozen=True, slots=True)
class RequirementChange:
    kind: str
    """added, removed or changed."""
    id: str
    module: str
    """The title of the chapter the requirement stands in (in the old specification when it is removed)."""
    old: SpecRequirement | None
    new: SpecRequirement | None
    fields: tuple[FieldChange, ...] = ()
    """For a changed requirement, in this order: title, text, parameter, obligation, weight, answer_form,
    members, option."""

    @property
    def requirement(self) -> SpecRequirement:
        """The requirement as it is now, or as it was when it is removed."""
        shown = self.new or self.old
        assert shown is not None
        return shown


@dataclass(frozen=True, slots=True)
class CriterionChange:
    kind: str
    name: str
    old: AwardCriterion | None
    new: AwardCriterion | None
    fields: tuple[FieldChange, ...] = ()
    """weight, description, price_model, price_years, price_includes, deliverable, band, requirements."""


@dataclass(frozen=True, slots=True)
class PriceElementChange:
    kind: str
    name: str
    """The element's name; '' for the price form as a whole (its number of years)."""
    old: PriceElement | None
    new: PriceElement | None
    fields: tuple[FieldChange, ...] = ()
    """unit, quantity, per_year, option; years for the form as a whole."""


@dataclass(frozen=True, slots=True)
class ChapterChange:
    kind: str
    key: str
    old: SpecChapter | None
    new: SpecChapter | None
    fields: tuple[FieldChange, ...] = ()
    """title, place, text."""


TENDER_FIELDS = ("title", "reference", "procedure", "contract_standard", "deadline", "date", "version",
                 "award_basis")
"""The tender fields compared, in this order (`award_basis` is the specification's own)."""
EDITION_FIELDS = frozenset({"date", "version"})
"""Fields that name the edition of the documents rather than what a supplier offers against."""


@dataclass(frozen=True, slots=True)
class SpecificationDiff:
    """Everything that differs between two specifications; empty when they are the same."""

    requirements: tuple[RequirementChange, ...] = ()
    """In the document order of the new specification; a removed requirement where it stood in the old."""
    tender: tuple[FieldChange, ...] = ()
    award_criteria: tuple[CriterionChange, ...] = ()
    price_form: tuple[PriceElementChange, ...] = ()
    chapters: tuple[ChapterChange, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.requirements or self.tender or self.award_criteria or self.price_form or self.chapters)

    @property
    def substantive(self) -> bool:
        """Whether anything but the date and version differs: something a supplier must be told."""
        return bool(self.requirements or self.award_criteria or self.price_form or self.chapters
                    or any(c.field not in EDITION_FIELDS for c in self.tender))

    def count(self, kind: str) -> int:
        """How many requirements were added, removed or changed."""
        return sum(c.kind == kind for c in self.requirements)

    def tender_change(self, field: str) -> FieldChange | None:
        return next((c for c in self.tender if c.field == field), None)
