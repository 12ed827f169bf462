"""A reading missing from a regular series: hourly readings that jump from 01:00 to 06:00.

A list of records stamped with a date-time is a regular series when most
steps between consecutive stamps are one interval. A step of two intervals or
more is a gap, unless it is the series' own rhythm: a daily series that skips
only a weekend, or gaps that recur with the same length (business hours).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
_MIN_READINGS = 4
_REGULAR = 0.6  # share of steps that are one interval


def _stamp(v: Any) -> datetime | None:
    if not isinstance(v, str) or not _STAMP.match(v.strip()):
        return None
    try:
        t = datetime.fromisoformat(v.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return t.replace(tzinfo=None)


def _weekend_only(a: datetime, b: datetime) -> bool:
    day = a + timedelta(days=1)
    while day.date() < b.date():
        if day.weekday() < 5:
            return False
        day += timedelta(days=1)
    return True


def series_gap(records: list[dict[str, Any]]) -> tuple[str, str, str] | None:
    """(the stamp's field, why, context) of the first gap of a regular series, or None."""
    for key in records[0]:
        stamps = [_stamp(r.get(key)) for r in records]
        if len(stamps) < _MIN_READINGS or any(t is None for t in stamps):
            continue
        times = sorted(t for t in stamps if t is not None)
        steps = [b - a for a, b in itertools.pairwise(times)]
        if not steps:
            continue
        interval, n = Counter(steps).most_common(1)[0]
        if interval <= timedelta(0) or n < _REGULAR * len(steps):
            continue
        gaps = [(a, b) for a, b in itertools.pairwise(times) if b - a >= 2 * interval]
        if interval == timedelta(days=1):
            gaps = [(a, b) for a, b in gaps if not _weekend_only(a, b)]
        if not gaps or (len(gaps) >= 2 and len({b - a for a, b in gaps}) == 1):
            continue  # no gap, or the series' own off-hours
        a, b = gaps[0]
        why = f"readings of a series every {interval} jump from {a.isoformat()} to {b.isoformat()}"
        return key, why, f"{key} {a.isoformat()} {b.isoformat()}"
    return None
