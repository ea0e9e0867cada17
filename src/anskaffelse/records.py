"""Quick construction of the frozen records the model and the specification are made of.

A frozen dataclass's `__init__` sets each field through `object.__setattr__`,
looking the field up by name on the class: for the tens of thousands of
requirements and texts of a large library this is a tenth of a warm build. The
function `builder` writes instead sets each slot through its own descriptor. It
takes the same arguments as the class, by position or by name, with the same
defaults, and gives an object equal to the one the class would give.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


@functools.cache
def builder(cls: type[T]) -> Callable[..., T]:
    """A function making an instance of `cls` as `cls(...)` does, for a frozen dataclass with slots whose
    fields are all set by `__init__`, by position or name, without a default factory, and which has no
    `__post_init__`; `cls` itself for any other class."""
    if not _plain_record(cls):
        return cls
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    names: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    parameters = []
    for i, f in enumerate(fields):
        names[f"_set{i}"] = getattr(cls, f.name).__set__
        if f.default is dataclasses.MISSING:
            parameters.append(f.name)
        else:
            names[f"_default{i}"] = f.default
            parameters.append(f"{f.name}=_default{i}")
    body = "".join(f"    _set{i}(o, {f.name})\n" for i, f in enumerate(fields))
    source = f"def build({', '.join(parameters)}):\n    o = _new(_cls)\n{body}    return o\n"
    exec(compile(source, f"<builder of {cls.__name__}>", "exec"), names)
    build: Callable[..., T] = names["build"]
    return build


def _plain_record(cls: type) -> bool:
    if not dataclasses.is_dataclass(cls) or "__slots__" not in cls.__dict__ or hasattr(cls, "__post_init__"):
        return False
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    if not params.frozen:
        return False
    return all(f.init and not f.kw_only and f.default_factory is dataclasses.MISSING
               for f in dataclasses.fields(cls))
