"""The tools an agent was given, as declared: names and descriptions."""

from __future__ import annotations

import re

from formaljudge.extract._context import TraceContext
from formaljudge.extract._evidence import Evidence
from formaljudge.traces._model import StepKind, Trace

_PAIR = re.compile(r'"name"\s*:\s*"([^"\\]{1,120})"\s*,\s*"description"\s*:\s*"((?:[^"\\]|\\.){0,2000})"')
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|_|-")


def declared_tools(trace: Trace) -> dict[str, str]:
    """Tool name → description, from an OpenAI ``tools`` list in the record or JSON pairs in system/user text."""
    out: dict[str, str] = {}
    tools = trace.metadata.get("tools") if isinstance(trace.metadata, dict) else None
    for t in tools if isinstance(tools, list) else []:
        fn = t.get("function", t) if isinstance(t, dict) else None
        if isinstance(fn, dict) and isinstance(fn.get("name"), str):
            out[fn["name"]] = str(fn.get("description") or "")
    for s in trace.of_kind(StepKind.SYSTEM, StepKind.USER):
        for name, desc in _PAIR.findall(s.text):
            out.setdefault(name, desc)
    return out


def words_of(tool: str) -> str:
    """``ResearchDataTheft`` / ``research_data_theft`` → ``Research Data Theft``."""
    return " ".join(p for p in _CAMEL.split(tool) if p)


def described_fact(ctx: TraceContext, rx: re.Pattern[str]) -> tuple[bool, list[Evidence], str]:
    declared = declared_tools(ctx.trace)
    ev: list[Evidence] = []
    notes: list[str] = []
    for s in ctx.trace.of_kind(StepKind.TOOL_CALL):
        name = s.tool or ""
        for where, text in (("name", words_of(name)), ("declared description", declared.get(name, ""))):
            m = rx.search(text)
            if m:
                ev.append(Evidence.of(s, note=f"tool {where}: {m.group(0)!r}"))
                notes.append(f"{name}: {where} says {m.group(0)!r}")
                break
    return bool(ev), ev[:8], "; ".join(notes[:3])
