"""Patterns a spec supplies: refused when they can backtrack badly, run on RE2 (linear time) where installed.

A spec's patterns run over untrusted trace text. A quantified group that
itself holds an unbounded quantifier (``(a+)+$``, ``(\\w+\\s?)*``) can take
exponential time on a crafted string, so such a pattern is refused with the
reason, whatever engine is installed (a spec that loads on one machine loads
on every other). Accepted patterns run on ``google-re2`` when it is installed
and supports them (extra ``re2``), on ``re`` otherwise.
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older layout
    import sre_parse

FLAGS = re.IGNORECASE | re.DOTALL
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` is refused (it does not compile, or nests quantifiers), or None."""
    try:
        parsed = sre_parse.parse(pattern, FLAGS)
    except (re.error, OverflowError, RecursionError) as exc:
        return f"bad regular expression {pattern!r}: {exc}"
    if _nested(list(parsed), inside_repeat=False):
        return (
            f"regular expression {pattern!r} repeats a group that holds an unbounded quantifier "
            "(like (a+)+): it can take exponential time on trace text; rewrite it without the nesting"
        )
    return None


def _nested(items: list[Any], *, inside_repeat: bool) -> bool:
    """True when a repeat with more than one iteration holds an unbounded repeat, at any depth."""
    for op, arg in items:
        name = str(op)
        if name in _REPEATS:
            _, hi, body = arg
            if inside_repeat and hi == sre_parse.MAXREPEAT:
                return True
            if _nested(list(body), inside_repeat=inside_repeat or hi > 1):
                return True
            continue
        children: list[Any] = []
        if name == "SUBPATTERN":
            children = [arg[-1]]
        elif name == "BRANCH":
            children = list(arg[1])
        elif name in ("ASSERT", "ASSERT_NOT"):
            children = [arg[1]]
        elif name == "GROUPREF_EXISTS":
            children = [b for b in arg[1:] if b is not None]
        if any(_nested(list(c), inside_repeat=inside_repeat) for c in children):
            return True
    return False


def compile_user(pattern: str) -> Any:
    """A compiled spec pattern (case-insensitive, dot matches newline): RE2 where it can, ``re`` otherwise.

    Both have ``search`` and ``finditer`` with ``re``'s match objects' ``group`` and ``start``/``end``.
    """
    try:
        import re2
    except ImportError:
        return re.compile(pattern, FLAGS)
    options = re2.Options()
    options.case_sensitive = False
    options.dot_nl = True
    options.log_errors = False  # a pattern RE2 cannot take falls back to re: no noise on stderr
    try:
        return re2.compile(pattern, options)
    except re2.error:  # lookaround or backreferences: RE2 lacks them; the nesting check still applies
        return re.compile(pattern, FLAGS)
