"""A session's messages, parsed once: each check parses only the messages added since the last.

An agent loop hands the guard the whole message list at every call. When
the list extends the one seen before (compared in full, so a message edited
in place is noticed) and every new message is a plain chat message (a role,
text content, tool calls), the new messages are parsed onto the kept steps
with the OpenAI adapter's own per-message code. Anything else (the first
call, edited or shortened history, another record shape, a message that
could change how the record is detected) is parsed in full by
``parse_record``, as a fresh guard would.
"""

from __future__ import annotations

import copy
from typing import Any

from formaljudge.errors import TraceParseError
from formaljudge.traces import parse_record
from formaljudge.traces._builder import StepBuilder
from formaljudge.traces._model import Step, Trace
from formaljudge.traces._openai import add_openai_message

_ROLES = frozenset({"system", "developer", "user", "assistant", "tool", "function"})
_SHAPE_ERRORS = (TraceParseError, TypeError, ValueError, AttributeError, KeyError, IndexError)


def _plain(m: Any) -> bool:
    """A chat message that cannot turn an OpenAI record into another format (no content blocks, no
    Responses ``type``): appended to an OpenAI record, the record is still detected as OpenAI."""
    return (
        isinstance(m, dict)
        and m.get("role") in _ROLES
        and "type" not in m
        and isinstance(m.get("content"), (str, type(None)))
    )


def _split(record: Any) -> tuple[list[Any], Any, str] | None:
    """(messages, the rest of the record, the messages' address prefix) of a record that holds chat messages
    directly; None for any other record."""
    if isinstance(record, list):
        return record, None, ""
    if isinstance(record, dict) and isinstance(record.get("messages"), list):
        return record["messages"], {k: v for k, v in record.items() if k != "messages"}, "messages"
    return None


class History:
    """The parsed trace of one session, extended message by message."""

    def __init__(self) -> None:
        self.full_parses = 0  # how often a check fell back to parsing the whole record (for tests)
        self._reset()

    def _reset(self) -> None:
        self._trace: Trace | None = None
        self._rest: Any = None
        self._seen: list[Any] = []  # copies of the messages parsed so far (a caller may edit its own)
        self._builder = StepBuilder()
        self._task = ""

    def parse(self, record: Any) -> Trace:
        """The trace of ``record`` (any record ``parse_record`` reads); equal to ``parse_record(record,
        allow_empty=True)``."""
        split = _split(record)
        if split is not None and self._trace is not None:
            messages, rest, prefix = split
            n = len(self._seen)
            if (
                rest == self._rest
                and len(messages) >= n
                and messages[:n] == self._seen
                and all(_plain(m) for m in messages[n:])
            ):
                extended = self._extend(record, messages, prefix)
                if extended is not None:
                    return extended
        return self._parse_full(record, split)

    def _extend(self, record: Any, messages: list[Any], prefix: str) -> Trace | None:
        """The kept trace with ``messages[len(seen):]`` added; None when they do not read as plain messages
        (the whole record is then parsed, so that an error names it as ``parse_record`` does)."""
        assert self._trace is not None
        n = len(self._seen)
        task = self._task
        try:
            for i in range(n, len(messages)):
                said = add_openai_message(self._builder, messages[i], f"{prefix}[{i}]")
                if said is not None and not task:
                    task = said
        except _SHAPE_ERRORS:
            self._reset()  # the builder holds part of the failed message
            return None
        if not task.strip():  # no user text yet: ``parse_record`` may take the record's own ``task`` field
            self._reset()
            return None
        self._task = task
        self._seen += copy.deepcopy(messages[n:])
        self._trace = self._trace.model_copy(update={"task": task, "steps": _promoted(self._builder), "raw": record})
        return self._trace

    def _parse_full(self, record: Any, split: tuple[list[Any], Any, str] | None) -> Trace:
        self.full_parses += 1
        self._reset()
        trace = parse_record(record, allow_empty=True)
        if split is None or trace.format != "openai" or not all(_plain(m) for m in split[0]):
            return trace
        # keep the parsed messages for the next check: the same adapter code, message by message
        messages, rest, prefix = split
        builder = StepBuilder()
        task = ""
        for i, m in enumerate(messages):
            said = add_openai_message(builder, m, f"{prefix}[{i}]")
            if said is not None and not task:
                task = said
        if not task.strip() or _promoted(builder) != trace.steps or task != trace.task:
            return trace  # read differently from the whole record: never extended, always parsed in full
        self._trace, self._rest, self._builder, self._task = trace, copy.deepcopy(rest), builder, task
        self._seen = copy.deepcopy(messages)
        return trace


def _promoted(builder: StepBuilder) -> tuple[Step, ...]:
    """The builder's steps as a finished trace has them (a last agent message is the final answer), leaving
    the builder as it was for the next messages."""
    final = StepBuilder()
    final.steps = list(builder.steps)
    final.promote_final()
    return tuple(final.steps)
