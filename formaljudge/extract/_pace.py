"""The pace of judging one trajectory: a deadline and progress, checked at checkpoints.

``deadline`` raises ``TraceTimeout`` in its block once the time is up: in
the main thread through a timer signal (which also interrupts a long
regular-expression match), and everywhere at each ``checkpoint`` — between
facts and between constraints. ``checkpoint`` also reports progress within
a long trajectory to a listener set with ``progress_to``.
"""

from __future__ import annotations

import contextvars
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

Progress = Callable[[str, int, int], None]  # (stage, done, total)

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("formaljudge_deadline", default=None)
_progress: contextvars.ContextVar[Progress | None] = contextvars.ContextVar("formaljudge_progress", default=None)


class TraceTimeout(Exception):
    """The trajectory's time is up."""


def checkpoint(stage: str = "", done: int = 0, total: int = 0) -> None:
    """Raise ``TraceTimeout`` past the deadline; report progress to a listener, if any."""
    limit = _deadline.get()
    if limit is not None and time.monotonic() > limit:
        raise TraceTimeout
    listener = _progress.get()
    if listener is not None and stage:
        listener(stage, done, total)


@contextmanager
def progress_to(listener: Progress | None) -> Iterator[None]:
    """Send ``checkpoint`` progress within each trajectory to ``listener`` while the block runs."""
    token = _progress.set(listener)
    try:
        yield
    finally:
        _progress.reset(token)


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise ``TraceTimeout`` in the block after ``seconds`` (None: no limit)."""
    if seconds is None:
        yield
        return
    token = _deadline.set(time.monotonic() + seconds)
    use_signal = (
        threading.current_thread() is threading.main_thread()
        and hasattr(signal, "setitimer")
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0  # someone else's timer is running: checkpoints only
    )
    previous: Any = None
    if use_signal:

        def alarm(signum: int, frame: Any) -> None:
            raise TraceTimeout

        previous = signal.signal(signal.SIGALRM, alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        if use_signal:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        _deadline.reset(token)
