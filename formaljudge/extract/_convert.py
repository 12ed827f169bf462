"""Raw values from a trace converted to a fact type (None when they do not convert)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, assert_never

from formaljudge.ir._facts import FactType

# no two adjacent optional runs of spaces: linear on a long run of spaces
_NUMBER = re.compile(r"^\s*(?:[-+]?[$€£]\s*|[-+]\s*)?[-+]?\d[\d,_]*(?:\.\d+)?(?:\s*%)?\s*$")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def to_number(value: Any) -> float | int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str) and _NUMBER.match(value):
        s = re.sub(r"[$€£,_%\s+]", "", value)
        try:
            return int(s) if re.fullmatch(r"-?\d+", s) else float(s)
        except ValueError:
            return None
    return None


def to_date(value: Any) -> int | None:
    """A date as its day number (``date.toordinal``)."""
    if isinstance(value, (date, datetime)):
        return value.toordinal()
    if isinstance(value, str):
        m = _ISO_DATE.search(value)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).toordinal()
            except ValueError:
                return None
    return None


def convert(value: Any, t: FactType) -> Any:
    match t:
        case FactType.BOOL:
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.strip().lower() in ("true", "yes", "false", "no"):
                return value.strip().lower() in ("true", "yes")
            return None
        case FactType.INT:
            n = to_number(value)
            return int(n) if n is not None and float(n).is_integer() else None
        case FactType.REAL:
            return to_number(value)
        case FactType.STRING:
            if value is None or isinstance(value, (dict, list)):
                return None
            return str(value)
        case FactType.DATE:
            return to_date(value)
        case _:
            assert_never(t)
