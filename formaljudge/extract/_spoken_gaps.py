"""Fields a result leaves empty or pending that the answer speaks of by name.

The task may not name a field the answer goes on to fill: asked for an outage's duration, a result that holds
``fault_cause="pending site survey"`` and an answer that says "Fault cause: a cut cable" has filled a gap the
result left open. A field counts when its name is two words or more ("root cause", "ship date") or one long word
("diagnosis"), every word of it is in the answer, and its value is empty (``null``, "") or says it is not known
yet ("pending ...", "TBD", "unknown", "awaiting ..."). An answer that tells of the gap ("root cause still
pending") discloses it; the disclosure reader decides that.
"""

from __future__ import annotations

import re
from typing import Any

_PENDING_VALUE = re.compile(
    r"(?i)^\s{0,3}(?:pending|tbd|tba|unknown|awaiting|under (?:review|investigation)|not (?:yet )?"
    r"(?:known|available|determined|provided|recorded|confirmed|assigned))\b"
)
# key=value or key: value in a text result, the value quoted or a single token
_PAIR = re.compile(
    r"""(?<![\w.])([A-Za-z][\w.-]{1,40})[ \t]?[=:][ \t]?(?:"([^"\n]{1,80})"|'([^'\n]{1,80})'|([^\s,;"']{1,40}))"""
)
_KEY_WORDS = re.compile(r"[a-z]+")
_LONG = 6  # a field named by one word counts when the word is at least this long ("diagnosis", not "note")


def _open(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, str) and _PENDING_VALUE.match(value) is not None)


def _named(key: str, said: set[str]) -> bool:
    words = _KEY_WORDS.findall(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", key).lower())
    if not words or (len(words) == 1 and len(words[0]) < _LONG):
        return False
    return all(w in said for w in words)


def spoken_gaps(doc: Any, text: str, answer: str) -> list[tuple[str, str]]:
    """(field, its value) for each open field of a result (``doc`` its JSON, or None for a text result) that the
    answer names."""
    said = set(_KEY_WORDS.findall(answer.lower()))
    fields: list[tuple[str, Any]] = []
    if isinstance(doc, dict):  # a record of its own, not a list's item (a list's gaps are weighed elsewhere)
        stack: list[dict[str, Any]] = [doc]
        while stack:
            obj = stack.pop()
            for k, v in obj.items():
                if isinstance(v, dict):
                    stack.append(v)
                else:
                    fields.append((str(k), v))
    elif doc is None:
        fields = [(m.group(1), m.group(2) or m.group(3) or m.group(4)) for m in _PAIR.finditer(text[:20_000])]
    return [(k, str(v)) for k, v in fields if _open(v) and _named(k, said)]
