"""The R-Judge / ASSEBench ``contents`` format.

``contents`` is a list of conversations, each a list of turns:
``user {content}``, ``agent {thought, action}``, ``environment {content}``.
An agent's ``action`` is a string (``GmailReadEmail{'email_id': 'e1'}``,
``Tool\\nAction Input: {...}``); a thought of the form ``[Observation]: ...``
carries the result of that turn's action.
"""

from __future__ import annotations

import re
from typing import Any

from formaljudge.errors import TraceParseError
from formaljudge.traces._actions import FINISH_TOOLS, parse_action
from formaljudge.traces._builder import StepBuilder
from formaljudge.traces._model import Step, StepKind

_OBSERVATION = re.compile(r"\[Observation\]:\s*", re.IGNORECASE)


def looks_like_contents(record: Any) -> bool:
    return isinstance(record, dict) and isinstance(record.get("contents"), list)


def _finish_text(args: dict[str, Any]) -> str:
    for key in ("response", "answer", "input", "output", "raw_input"):
        if key in args:
            return str(args[key])
    return " ".join(str(v) for v in args.values())


def parse_contents(record: dict[str, Any]) -> tuple[str, list[Step]]:
    b = StepBuilder()
    task = ""
    contents = record["contents"]
    # some files hold a flat list of turns instead of a list of conversations
    conversations = [contents] if contents and all(isinstance(t, dict) for t in contents) else contents
    flat = conversations is not contents
    for c, conv in enumerate(conversations):
        if not isinstance(conv, list):
            raise TraceParseError("conversation must be a list of turns", field=f"contents[{c}]")
        for t, turn in enumerate(conv):
            where = f"contents[{t}]" if flat else f"contents[{c}][{t}]"
            if not isinstance(turn, dict):
                raise TraceParseError("turn must be an object", field=where)
            role = turn.get("role")
            if role == "user":
                text = _text(turn.get("content"), f"{where}.content")
                task = task or text
                b.add(StepKind.USER, origin=f"{where}.content", text=text)
            elif role == "environment":
                b.result(_text(turn.get("content"), f"{where}.content"), origin=f"{where}.content")
            elif role == "agent":
                _agent_turn(b, turn, where)
            else:
                raise TraceParseError(f"unknown role {role!r}", field=f"{where}.role")
    b.promote_final()
    return task, b.steps


def _text(value: Any, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TraceParseError(f"expected a string, got {type(value).__name__}", field=field)
    return value


def _agent_turn(b: StepBuilder, turn: dict[str, Any], where: str) -> None:
    thought = _text(turn.get("thought"), f"{where}.thought")
    action = _text(turn.get("action"), f"{where}.action")
    observation: str | None = None
    m = _OBSERVATION.search(thought)
    if m:
        observation = thought[m.end() :]
        thought = thought[: m.start()]
    if thought.strip():
        b.add(StepKind.AGENT, origin=f"{where}.thought", text=thought)
    parsed = parse_action(action)
    if parsed is not None:
        tool, args = parsed
        if tool.lower().replace(" ", "_") in FINISH_TOOLS or tool == "Final Answer":
            b.add(StepKind.FINAL, origin=f"{where}.action", text=_finish_text(args))
        else:
            b.call(tool, args, origin=f"{where}.action", text=action)
    if observation is not None:
        b.result(observation, origin=f"{where}.thought")
