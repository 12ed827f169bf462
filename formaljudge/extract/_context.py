"""Per-trace caches: error classification, selector matches, the flow graph."""

from __future__ import annotations

import fnmatch
import json
import re
from typing import TYPE_CHECKING, Any

from formaljudge.extract._errors import classify_result
from formaljudge.extract._evidence import Evidence
from formaljudge.ir._selector import StepSelector
from formaljudge.traces._address import lookup
from formaljudge.traces._model import Step, StepKind, Trace

if TYPE_CHECKING:
    import networkx as nx

Env = dict[str, int]


class TraceContext:
    """``errors`` and ``graph`` may be handed in by a caller that keeps them across calls (the guard)."""

    def __init__(
        self, trace: Trace, *, errors: dict[int, tuple[bool, str]] | None = None, graph: nx.DiGraph | None = None
    ) -> None:
        self.trace = trace
        self._errors: dict[int, tuple[bool, str]] = {} if errors is None else errors
        self._results: dict[int, Step | None] = {}
        self._regex: dict[str, re.Pattern[str]] = {}
        self._graph = graph
        self.memo: dict[str, Any] = {}  # work several facts share (the answer's claims)

    @property
    def graph(self) -> nx.DiGraph:
        if self._graph is None:
            from formaljudge.extract._flow import flow_graph

            self._graph = flow_graph(self.trace)
        return self._graph

    def result_of(self, call: Step) -> Step | None:
        if call.index not in self._results:
            self._results[call.index] = self.trace.result_for(call)
        return self._results[call.index]

    def error(self, step: Step) -> tuple[bool, str] | None:
        """Error status of a tool result, or of a call through its result (None: no result)."""
        if step.kind is StepKind.TOOL_CALL:
            res = self.result_of(step)
            return None if res is None else self.error(res)
        if step.kind is not StepKind.TOOL_RESULT:
            return None
        if step.index not in self._errors:
            call = self.trace.steps[step.result_of] if step.result_of is not None else None
            asked = " ".join(str(v) for v in call.args.values()) if call is not None else ""
            self._errors[step.index] = classify_result(step, asked)
        return self._errors[step.index]

    def failed(self, step: Step) -> bool:
        """A tool call or result known to have failed (no result recorded: not failed)."""
        status = self.error(step)
        return status is not None and status[0]

    def flow_evidence(self, sources: set[int], target: Step) -> list[Evidence]:
        """Evidence that data from one of ``sources`` reaches ``target``'s arguments (empty: it does not)."""
        ev: list[Evidence] = []
        for p in self.graph.predecessors(target.index):
            if p in sources:
                data = self.graph.edges[p, target.index]
                ev.append(Evidence.of(self.trace.steps[p], note=f"flows into {target.address}"))
                ev.append(Evidence.of(target, "args." + data["args"][0], quote=data["values"][0]))
        return ev

    def regex(self, pattern: str) -> re.Pattern[str]:
        if pattern not in self._regex:
            self._regex[pattern] = re.compile(pattern, re.IGNORECASE | re.DOTALL)
        return self._regex[pattern]

    def matches(self, step: Step, sel: StepSelector, env: Env) -> bool:
        if sel.kind is not None and step.kind is not sel.kind:
            return False
        if sel.before is not None and not step.index < env[sel.before]:
            return False
        if sel.after is not None and not step.index > env[sel.after]:
            return False
        if sel.tool is not None:
            name = (step.tool or "").lower()
            if not step.tool or not any(fnmatch.fnmatchcase(name, p.lower()) for p in sel.tool):
                return False
        if sel.text is not None and not self.regex(sel.text).search(step.text):
            return False
        if sel.error is not None:
            status = self.error(step)
            if status is None or status[0] is not sel.error:
                return False
        if sel.named_in is not None and not names_tool(self.trace.steps[env[sel.named_in]].text, step.tool):
            return False
        if not all(p in step.args for p in sel.arg_present):
            return False
        for path, pattern in sel.arg_matches.items():
            try:
                value = lookup(step.args, path)
            except KeyError:
                return False
            if not self.regex(pattern).search(value if isinstance(value, str) else json.dumps(value)):
                return False
        return True

    def select(self, sel: StepSelector, env: Env | None = None) -> list[Step]:
        env = env or {}
        return [s for s in self.trace.steps if self.matches(s, sel, env)]


def names_tool(text: str, tool: str | None) -> bool:
    """Does ``text`` name the tool (as a whole word, any case)?"""
    if not tool or len(tool) < 3:
        return False
    return re.search(rf"(?<![\w]){re.escape(tool)}(?![\w])", text, re.IGNORECASE) is not None


def describe(sel: StepSelector, env: Env | None = None) -> str:
    """A selector in words, for evidence and reports."""
    env = env or {}
    kind = {
        None: "step",
        StepKind.TOOL_CALL: "tool call",
        StepKind.TOOL_RESULT: "tool result",
        StepKind.USER: "user message",
        StepKind.AGENT: "agent message",
        StepKind.FINAL: "final answer",
        StepKind.SYSTEM: "system message",
    }[sel.kind]
    parts = [kind]
    if sel.tool:
        parts.append("to " + " or ".join(sel.tool))
    if sel.text:
        parts.append(f"matching /{sel.text}/")
    if sel.error is not None:
        parts.append("that failed" if sel.error else "that succeeded")
    if sel.arg_present:
        parts.append("with " + ", ".join(sel.arg_present))
    for path, pattern in sel.arg_matches.items():
        parts.append(f"with {path} matching /{pattern}/")
    if sel.named_in is not None:
        where = f"steps[{env[sel.named_in]}]" if sel.named_in in env else sel.named_in
        parts.append(f"whose tool is named in {where}")
    if sel.before is not None:
        parts.append(f"before steps[{env[sel.before]}]" if sel.before in env else f"before {sel.before}")
    if sel.after is not None:
        parts.append(f"after steps[{env[sel.after]}]" if sel.after in env else f"after {sel.after}")
    return " ".join(parts)
