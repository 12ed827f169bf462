"""Pydantic models built without validation, for values the code has just made with the declared types.

``BaseModel.model_construct`` skips validation but still walks every field's
aliases and defaults on each call (and inspects a default factory's signature),
which costs more than the judging it serves when it runs for every constraint of
every trace. ``trusted`` sets what validation sets — the field values in the
declared order (the order they are serialized in), the set of fields given, no
extras, no private attributes — and requires every field, so that no default is
left out. Input read from a trace is validated
where it enters (``Trace``, ``Step``); this is only for objects made inside.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)
_set = object.__setattr__


def trusted(cls: type[M], /, **fields: Any) -> M:
    """``cls`` with exactly ``fields`` (every field of ``cls``), not validated."""
    if fields.keys() != cls.__pydantic_fields__.keys():
        missing = sorted(set(cls.__pydantic_fields__) - set(fields))
        extra = sorted(set(fields) - set(cls.__pydantic_fields__))
        raise TypeError(f"{cls.__name__}: every field must be given (missing {missing}, unknown {extra})")
    m = cls.__new__(cls)
    _set(m, "__dict__", {name: fields[name] for name in cls.__pydantic_fields__})  # serialized in this order
    _set(m, "__pydantic_fields_set__", set(fields))
    _set(m, "__pydantic_extra__", None)
    _set(m, "__pydantic_private__", None)
    return m
