"""Stable addresses into a normalized trace: ``steps[3].args.amount``."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from formaljudge.traces._model import Trace

_PART = re.compile(r"([A-Za-z_][\w-]*)|\[(\d+)\]")


def split_path(path: str) -> list[str | int]:
    """``args.items[0].price`` -> ``['args', 'items', 0, 'price']``."""
    parts: list[str | int] = []
    for chunk in path.split("."):
        if not chunk:
            raise KeyError(f"empty segment in path {path!r}")
        pos = 0
        for m in _PART.finditer(chunk):
            if m.start() != pos:
                raise KeyError(f"bad path segment {chunk!r}")
            parts.append(m.group(1) if m.group(1) is not None else int(m.group(2)))
            pos = m.end()
        if pos != len(chunk):
            # keys with odd characters are taken whole
            parts.append(chunk)
    return parts


@lru_cache(maxsize=4096)
def _parts(path: str) -> tuple[str | int, ...]:
    """``split_path``, once per path (a session looks up the same few paths in every step)."""
    return tuple(split_path(path))


def lookup(value: Any, path: str) -> Any:
    """Follow a dotted path through dicts and lists; KeyError when absent."""
    cur = value
    for part in _parts(path) if path else ():
        if isinstance(part, int):
            if not isinstance(cur, list) or part >= len(cur):
                raise KeyError(path)
            cur = cur[part]
        else:
            if not isinstance(cur, dict) or part not in cur:
                raise KeyError(path)
            cur = cur[part]
    return cur


def resolve(trace: Trace, address: str) -> Any:
    m = re.fullmatch(r"steps\[(\d+)\](?:\.(.+))?", address)
    if not m:
        raise KeyError(address)
    step = trace.steps[int(m.group(1))]
    if m.group(2) is None:
        return step
    return lookup(step.model_dump(), m.group(2))
