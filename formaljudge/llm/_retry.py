"""Retries with exponential backoff for transient provider errors."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def with_retries(
    call: Callable[[], T],
    *,
    transient: tuple[type[BaseException], ...],
    attempts: int = 4,
    base_delay_s: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Run ``call``; on a transient error wait 1, 2, 4... seconds and try again, up to ``attempts`` times."""
    for attempt in range(attempts):
        try:
            return call()
        except transient:
            if attempt == attempts - 1:
                raise
            sleep(base_delay_s * 2**attempt)
    raise AssertionError("unreachable")
