"""Bounded concurrency for many calls."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def map_bounded(fn: Callable[[T], R], items: Iterable[T], *, concurrency: int = 4) -> Iterator[R]:
    """``map(fn, items)`` with at most ``concurrency`` calls in flight, results in order."""
    if concurrency <= 1:
        yield from map(fn, items)
        return
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        yield from pool.map(fn, items)
