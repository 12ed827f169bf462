"""Inspect AI: chat messages of a sample (``TaskState.messages``) and ``.eval`` log files.

Messages are read as plain dicts (``ChatMessage.model_dump(mode="json")``), so
this module needs ``inspect_ai`` only to open a log file (``read_eval_log_samples``,
imported lazily; extra ``inspect``). One trajectory per sample and epoch; the
trace id is the sample id, with ``@epoch`` added when the log has several epochs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from formaljudge.errors import TraceParseError
from formaljudge.traces._builder import StepBuilder
from formaljudge.traces._model import Step, StepKind, Trace

# An Inspect log written as JSON (``--log-format json``) starts with its version and status.
_JSON_LOG_HEAD = re.compile(rb'^\s*\{\s*"version"\s*:\s*\d+\s*,\s*"status"\s*:')


def is_inspect_log(path: Path, head: bytes) -> bool:
    """An Inspect log: a ``.eval`` archive, or a JSON log (by its first bytes)."""
    return path.suffix == ".eval" or (path.suffix == ".json" and _JSON_LOG_HEAD.match(head) is not None)


def _text(content: Any) -> tuple[str, str]:
    """(text, reasoning) of a message's content: a string or a list of content parts."""
    if content is None:
        return "", ""
    if isinstance(content, str):
        return content, ""
    texts: list[str] = []
    thoughts: list[str] = []
    if isinstance(content, list):
        for part in content:
            if not isinstance(part, dict):
                continue
            if part.get("type") == "text" and isinstance(part.get("text"), str):
                texts.append(part["text"])
            elif (
                part.get("type") == "reasoning" and not part.get("redacted") and isinstance(part.get("reasoning"), str)
            ):
                thoughts.append(part["reasoning"])
    return "\n".join(texts), "\n".join(thoughts)


def _arguments(call: dict[str, Any], where: str) -> dict[str, Any]:
    args = call.get("arguments")
    if args is None:
        return {}
    if isinstance(args, dict):
        return args
    if isinstance(args, str):  # unparsed arguments (Inspect records a parse_error beside them)
        try:
            value = json.loads(args)
        except ValueError:
            return {"raw_input": args}
        return value if isinstance(value, dict) else {"input": value}
    raise TraceParseError(f"arguments must be an object, got {type(args).__name__}", field=f"{where}.arguments")


def parse_inspect_messages(messages: list[Any], prefix: str = "messages") -> tuple[str, list[Step]]:
    """(task, steps) of Inspect chat messages as dicts.

    Assistant ``tool_calls`` (``function``, ``arguments``, ``id``) become tool
    calls; ``role: tool`` messages become their results, with Inspect's ``error``
    (a ``ToolCallError``) as the error flag. Reasoning that is not redacted is an
    agent step; the last assistant text with nothing after it is the final answer.
    """
    b = StepBuilder()
    task = ""
    for i, m in enumerate(messages):
        where = f"{prefix}[{i}]"
        if not isinstance(m, dict):
            raise TraceParseError("message must be an object", field=where)
        role = m.get("role")
        text, thought = _text(m.get("content"))
        if role == "system":
            b.add(StepKind.SYSTEM, origin=f"{where}.content", text=text)
        elif role == "user":
            if not task:
                task = text
            b.add(StepKind.USER, origin=f"{where}.content", text=text)
        elif role == "assistant":
            if thought.strip():
                b.add(StepKind.AGENT, origin=f"{where}.content", text=thought)
            if text.strip():
                b.add(StepKind.AGENT, origin=f"{where}.content", text=text)
            calls = m.get("tool_calls") or []
            if not isinstance(calls, list):
                raise TraceParseError("tool_calls must be a list", field=f"{where}.tool_calls")
            for j, call in enumerate(calls):
                cw = f"{where}.tool_calls[{j}]"
                if not isinstance(call, dict) or not isinstance(call.get("function"), str):
                    raise TraceParseError("tool call needs a function name", field=f"{cw}.function")
                b.call(call["function"], _arguments(call, cw), origin=cw, call_id=call.get("id"))
        elif role == "tool":
            error = m.get("error")
            if error is not None and not isinstance(error, dict):
                raise TraceParseError("error must be an object or null", field=f"{where}.error")
            if error:
                text = text or str(error.get("message", ""))
            b.result(text, origin=f"{where}.content", call_id=m.get("tool_call_id"), error=True if error else None)
        else:
            raise TraceParseError(f"unknown role {role!r}", field=f"{where}.role")
    b.promote_final()
    return task, b.steps


def sample_trace(
    sample_id: str | int,
    epoch: int,
    messages: list[Any],
    *,
    source: str | None = None,
    several_epochs: bool = False,
    metadata: dict[str, Any] | None = None,
    tools: list[dict[str, str]] | None = None,
) -> Trace:
    """One sample's messages (dicts) as a trace."""
    rid = f"{sample_id}@{epoch}" if several_epochs else str(sample_id)
    try:
        task, steps = parse_inspect_messages(messages)
    except TraceParseError as exc:
        raise exc.at(file=source, record=rid) from None
    return Trace(
        id=rid,
        task=task,
        steps=tuple(steps),
        format="inspect",
        source_file=source,
        metadata={
            "inspect": {"sample_id": sample_id, "epoch": epoch, **(metadata or {})},
            **({"tools": tools} if tools else {}),
        },
        raw={"sample_id": sample_id, "epoch": epoch, "messages": messages},
    )


def load_inspect_log(path: Path) -> Iterator[Trace | TraceParseError]:
    """Every sample (and epoch) of an Inspect log file, read one sample at a time."""
    source = str(path)
    try:
        from inspect_ai.log import read_eval_log, read_eval_log_samples
    except ImportError:
        yield TraceParseError(
            "reading Inspect logs needs the inspect extra: pip install 'formaljudge[inspect]'", file=source
        )
        return
    try:
        header = read_eval_log(path, header_only=True)
        epochs = header.eval.config.epochs or 1
        info = {"task": header.eval.task, "eval_id": header.eval.eval_id, "model": header.eval.model}
        samples = read_eval_log_samples(
            path, all_samples_required=False, resolve_attachments=True, exclude_fields={"store"}
        )
        for index, sample in enumerate(samples):
            messages = [m.model_dump(mode="json", exclude_none=True) for m in sample.messages]
            try:
                yield sample_trace(
                    sample.id,
                    sample.epoch,
                    messages,
                    source=source,
                    several_epochs=epochs > 1,
                    metadata={**info, "scores": _scores(sample.scores)},
                    tools=_tools(sample.events),
                )
            except TraceParseError as exc:
                yield exc.at(file=source, record=index)
    except (OSError, ValueError, KeyError) as exc:  # a truncated archive, bad JSON, a schema Inspect rejects
        yield TraceParseError(f"cannot read Inspect log: {type(exc).__name__}: {exc}", file=source)


def _tools(events: list[Any]) -> list[dict[str, str]]:
    """The tools the model was offered, from the sample's first model call."""
    for event in events:
        if getattr(event, "event", None) == "model":
            return [{"name": t.name, "description": t.description or ""} for t in getattr(event, "tools", [])]
    return []


def _scores(scores: dict[str, Any] | None) -> dict[str, Any]:
    """The sample's own scores (kept in metadata, never shown to the judge)."""
    out: dict[str, Any] = {}
    for name, score in (scores or {}).items():
        value = getattr(score, "value", None)
        out[name] = value if isinstance(value, (str, int, float, bool)) else str(value)
    return out
