"""Parse agent action strings: ``Tool{'k': 1}``, ``Tool({...})``, ``Tool\\nAction Input: {...}``.

Arguments are JSON or Python literals; they are read with ``ast.literal_eval``
over a parsed AST (literals only), never executed.
"""

from __future__ import annotations

import ast
import json
import re
from typing import Any

_NAME = re.compile(r"(?<!\s)\s*(?:Action:\s*)?([A-Za-z_][\w.\-]*)\s*:?[ \t]*")  # (?<!\s): linear in a search
_FINAL_ANSWER = re.compile(r"(?<!\s)\s*Final Answer\s*:")  # used with ``match``; (?<!\s) as for _NAME
_ACTION_INPUT = re.compile(r"(?<!\s)\s*Action Input:")
_INPUT_PREFIX = re.compile(r"^\s*Action Input:\s*")
FINISH_TOOLS = frozenset({"complete", "finish", "final_answer", "finalanswer", "respond", "final"})


def parse_literal(text: str) -> Any:
    """A JSON or Python-literal value; ValueError when it is neither."""
    text = text.strip()
    if not text:
        return {}
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        pass
    try:
        return jsonable(ast.literal_eval(text))
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError) as exc:
        raise ValueError(f"not a JSON or Python literal: {text[:80]!r}") from exc


def jsonable(value: Any) -> Any:
    """Python literal values mapped onto JSON's: tuples and sets become lists."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((jsonable(v) for v in value), key=repr)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, complex):
        return str(value)
    return value


def parse_action(action: str) -> tuple[str, dict[str, Any]] | None:
    """``(tool, args)`` of an action string, or None when it names no tool.

    Arguments that are not a mapping are kept under ``input``; arguments
    that cannot be parsed are kept verbatim under ``raw_input``. Prose that
    merely starts with a word (``I will now ...``) is not a tool call.
    """
    if not action or not action.strip():
        return None
    if _FINAL_ANSWER.match(action):
        return "Final Answer", {"response": action.split(":", 1)[1].strip()}
    m = _NAME.match(action)
    if not m:
        return None
    tool = m.group(1)
    rest = action[m.end() :]
    marked = bool(_ACTION_INPUT.match(rest)) or ":" in action[m.start(1) + len(tool) : m.end()]
    rest = _INPUT_PREFIX.sub("", rest).strip()
    if rest.startswith("(") and rest.endswith(")"):
        rest = rest[1:-1].strip()
    elif rest and not marked and rest[0] not in "{[":
        return None
    if not rest:
        return tool, {}
    try:
        value = parse_literal(rest)
    except ValueError:
        kwargs = _keyword_args(rest)
        return tool, kwargs if kwargs is not None else {"raw_input": rest}
    if isinstance(value, dict):
        return tool, {str(k): v for k, v in value.items()}
    return tool, {"input": value}


def _keyword_args(text: str) -> dict[str, Any] | None:
    """``amount=5, to='bob'`` as a dict, reading only literal values."""
    try:
        tree = ast.parse(f"f({text})", mode="eval")
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None
    call = tree.body
    if not isinstance(call, ast.Call) or call.args or not call.keywords:
        return None
    out: dict[str, Any] = {}
    for kw in call.keywords:
        if kw.arg is None:
            return None
        try:
            out[kw.arg] = jsonable(ast.literal_eval(kw.value))
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            return None
    return out
