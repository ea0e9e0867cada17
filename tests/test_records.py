"""`records.builder` makes the objects the classes make, for every record of the model and the specification."""

from __future__ import annotations

import dataclasses
import inspect
from dataclasses import dataclass, field

import pytest

from anskaffelse import model, resolved
from anskaffelse.records import builder

RECORDS = sorted({cls for module in (model, resolved) for cls in vars(module).values()
                  if inspect.isclass(cls) and dataclasses.is_dataclass(cls) and cls.__module__ == module.__name__},
                 key=lambda cls: cls.__qualname__)


def _values(cls: type) -> list[object]:
    """A distinct value for each field (the builder does not look at types, so any value will do)."""
    return [f"{cls.__name__}.{f.name}" for f in dataclasses.fields(cls)]


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__qualname__)
def test_a_record_built_is_the_record_the_class_makes(cls: type) -> None:
    build = builder(cls)
    # The library computes indexes in __post_init__, a standard has a default factory and the specification
    # no slots: each is built by its class.
    if cls in (model.Library, model.Standard, resolved.Specification):
        assert build is cls
        return
    assert build is not cls, "every other record of the model and the specification is a plain record"
    values = _values(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    by_position, by_name = build(*values), build(**dict(zip(names, values, strict=True)))
    expected = cls(*values)
    assert type(by_position) is cls and type(by_name) is cls
    assert by_position == expected and by_name == expected and hash(by_position) == hash(expected)
    assert repr(by_position) == repr(expected)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(by_position, names[0], "changed")


def test_defaults_are_the_class_defaults_and_missing_arguments_are_refused() -> None:
    build = builder(resolved.SpecRequirement)
    required = [f.name for f in dataclasses.fields(resolved.SpecRequirement) if f.default is dataclasses.MISSING]
    values = {name: name for name in required}
    assert build(**values) == resolved.SpecRequirement(**values)
    assert build(**values).members == () and build(**values).verification is None
    with pytest.raises(TypeError):
        build(**{name: name for name in required[1:]})
    with pytest.raises(TypeError):
        build(**values, colour="red")


def test_other_classes_are_built_by_themselves() -> None:
    @dataclass(frozen=True)
    class WithoutSlots:
        a: int

    @dataclass(slots=True)
    class NotFrozen:
        a: int

    @dataclass(frozen=True, slots=True)
    class WithFactory:
        a: list[int] = field(default_factory=list)

    @dataclass(frozen=True, slots=True)
    class KeywordOnly:
        a: int = 0
        b: int = field(default=1, kw_only=True)

    @dataclass(frozen=True, slots=True)
    class Checked:
        a: int

        def __post_init__(self) -> None:
            if self.a < 0:
                raise ValueError("negative")

    for cls in (WithoutSlots, NotFrozen, WithFactory, KeywordOnly, Checked, str):
        assert builder(cls) is cls
