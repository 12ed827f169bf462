"""Parse a reader's answer strictly: anything doubtful is UNKNOWN, never false."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from formaljudge.ir._facts import FactType

ANSWER_HINT = {
    FactType.BOOL: "true or false",
    FactType.INT: "a whole number",
    FactType.REAL: "a number",
    FactType.DATE: "a date as YYYY-MM-DD",
    FactType.STRING: "a short string",
}


def answer_schema(t: FactType) -> dict[str, Any]:
    kind = {FactType.BOOL: "boolean", FactType.INT: "integer", FactType.REAL: "number"}.get(t, "string")
    return {
        "type": "object",
        "properties": {"answer": {"type": [kind, "null"]}, "evidence": {"type": "string"}},
        "required": ["answer", "evidence"],
        "additionalProperties": False,
    }


def parse_answer(text: str, t: FactType) -> tuple[Any, str, str]:
    """(value or None, evidence quote, why it is None)."""
    start, end = text.find("{"), text.rfind("}")  # the outermost braces (a regex here would backtrack)
    if start < 0 or end < start:
        return None, "", "no JSON object in the answer"
    try:
        obj = json.loads(text[start : end + 1])
    except ValueError:
        return None, "", "the answer is not valid JSON"
    if not isinstance(obj, dict) or "answer" not in obj:
        return None, "", "the answer has no 'answer' field"
    ev = obj.get("evidence")
    evidence = ev if isinstance(ev, str) else ""
    value = obj["answer"]
    if value is None:
        return None, evidence, "the reader could not tell"
    coerced = _coerce(value, t)
    if coerced is None:
        return None, evidence, f"answer {value!r} is not {ANSWER_HINT[t]}"
    return coerced, evidence, ""


def _coerce(v: Any, t: FactType) -> Any:
    match t:
        case FactType.BOOL:
            if isinstance(v, bool):
                return v
            if isinstance(v, str) and v.strip().lower() in ("true", "yes", "false", "no"):
                return v.strip().lower() in ("true", "yes")
            return None
        case FactType.INT:
            return v if isinstance(v, int) and not isinstance(v, bool) else None
        case FactType.REAL:
            return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None
        case FactType.DATE:
            try:
                return date.fromisoformat(str(v)[:10]).toordinal()
            except ValueError:
                return None
        case FactType.STRING:
            return v if isinstance(v, str) else None
