"""One guarded tool session: the trace so far, the guard's decisions, and the audit log.

Free of MCP, so the gateway, the tests and the latency benchmark share it.
The trace holds the calls that ran and their results (a blocked call never
ran: it is not in the trace the next decision sees). It grows step by step,
so each check reuses the guard's work on the steps already seen; nothing is
parsed again.

Audit log: one JSON line per decision, an OpenAI-messages record that
``formaljudge audit`` reads back: ``messages`` is the trace the guard judged
(the calls that ran, their results, and the proposed call last) and
``gateway`` holds the decision (kept in the trace's metadata, never shown to
the judge). A last line, ``{session}-end``, holds the whole session.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any, TextIO

from formaljudge.guard import Decision, Guard, ToolCall
from formaljudge.ir._spec import PolicySpec
from formaljudge.traces._model import Step, StepKind, Trace


def blocked_text(decision: Decision, policy: str) -> str:
    """What the agent is told when a call is blocked: which constraint, why, and the steps that show it."""
    lines = [f"Blocked by FormalJudge (policy {policy}) before it ran:"]
    lines += [f"- {r}" for r in decision.reasons or ["not allowed"]]
    for e in decision.evidence[:5]:
        quote = f': "{e.quote}"' if e.quote else ""
        lines.append(f"  at {e.address}{' (' + e.note + ')' if e.note else ''}{quote}")
    return "\n".join(lines)


class GuardedSession:
    """Decides each proposed call with the guard, keeps the trace of what ran, and logs every decision."""

    def __init__(
        self,
        spec: PolicySpec,
        guard: Guard,
        *,
        audit_log: Path | None = None,
        session_id: str | None = None,
        tools: list[dict[str, str]] | None = None,
    ) -> None:
        self.spec = spec
        self.guard = guard
        self.session_id = session_id or uuid.uuid4().hex[:12]
        self.messages: list[dict[str, Any]] = []
        self._dumped: list[str] = []  # each of ``messages`` as JSON, written once: a log line joins them
        self.steps: list[Step] = []
        self.tools = tools or []
        self.seq = 0
        self._log: TextIO | None = audit_log.open("a", encoding="utf-8") if audit_log is not None else None
        # decisions not logged yet: (record id, how many of ``messages`` its trace holds, the proposed call's
        # message as JSON, the rest of the line: the decision and the tools known then)
        self._pending: list[tuple[str, int, str, str]] = []
        self._policy_hash = spec.hash  # derived from the whole spec: computed once

    def _tools_field(self) -> list[dict[str, Any]]:
        return [{"type": "function", "function": t} for t in self.tools]

    def trace(self) -> Trace:
        return Trace(
            id=self.session_id,
            steps=tuple(self.steps),
            format="openai",
            metadata={"tools": self._tools_field()} if self.tools else {},
        )

    def decide(self, name: str, args: dict[str, Any]) -> tuple[Decision, str]:
        """The guard's decision on a proposed call, and the call id it gets. Its log line is written by
        ``write_log`` (the gateway calls it once the call is forwarded or answered), else before the next
        decision or at ``close``: lines stay in the order of the decisions."""
        self.write_log()
        self.seq += 1
        call_id = f"call_{self.seq}"
        decision = self.guard.check(self.trace(), ToolCall(name=name, args=args, id=call_id))
        gateway = {
            "session": self.session_id,
            "seq": self.seq,
            "tool": name,
            "arguments": args,
            "action": decision.action,
            "forwarded": decision.allowed,
            "reasons": decision.reasons,
            "latency_ms": round(decision.latency_ms, 3),
            "policy": self.spec.name,
            "policy_hash": self._policy_hash,
            "time": time.time(),
        }
        if self._log is not None:
            proposed = _dumps(_assistant_call(call_id, name, args))
            self._pending.append((f"{self.session_id}-{self.seq}", len(self._dumped), proposed, self._tail(gateway)))
        return decision, call_id

    def write_log(self) -> None:
        """Write the log lines of the decisions made so far (each one's trace as it was when it was decided)."""
        pending, self._pending = self._pending, []
        for rid, n, proposed, tail in pending:
            self._write(rid, [*self._dumped[:n], proposed], tail)

    def ran(self, call_id: str, name: str, args: dict[str, Any], result: str, is_error: bool) -> None:
        """A call that ran, and its result: both join the trace."""
        i = len(self.messages)
        self._append(_assistant_call(call_id, name, args))
        call = Step(
            index=len(self.steps),
            kind=StepKind.TOOL_CALL,
            tool=name,
            args=args,
            call_id=call_id,
            origin=f"messages[{i}].tool_calls[0]",
        )
        self.steps.append(call)
        tool_msg: dict[str, Any] = {"role": "tool", "tool_call_id": call_id, "content": result}
        if is_error:
            tool_msg["is_error"] = True
        self._append(tool_msg)
        self.steps.append(
            Step(
                index=len(self.steps),
                kind=StepKind.TOOL_RESULT,
                text=result,
                tool=name,
                call_id=call_id,
                result_of=call.index,
                error=True if is_error else None,
                origin=f"messages[{i + 1}].content",
            )
        )

    def close(self) -> None:
        """Log the whole session (every call that ran, with its result) and close the log."""
        if self._log is None:
            return
        self.write_log()
        if self.messages:
            end = self._tail({"session": self.session_id, "event": "end"})
            self._write(f"{self.session_id}-end", self._dumped, end)
        self._log.close()
        self._log = None

    def _append(self, message: dict[str, Any]) -> None:
        self.messages.append(message)
        if self._log is not None:
            self._dumped.append(_dumps(message))

    def _tail(self, gateway: dict[str, Any]) -> str:
        """A log line's end: the ``gateway`` field and the tools known now."""
        tail = f'], "gateway": {_dumps(gateway)}'
        if self.tools:
            tail += f', "tools": {_dumps(self._tools_field())}'
        return tail + "}\n"

    def _write(self, rid: str, messages: list[str], tail: str) -> None:
        """One log line: the record ``{"id", "format", "messages", "gateway", "tools"?}`` as ``json.dumps`` writes
        it, its messages joined from their JSON (each serialized once per session, not once per decision).
        Flushed at once."""
        if self._log is None:
            return
        head = f'{{"id": {_dumps(rid)}, "format": "openai", "messages": ['
        self._log.write(head + ", ".join(messages) + tail)
        self._log.flush()


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _assistant_call(call_id: str, name: str, args: dict[str, Any]) -> dict[str, Any]:
    return {
        "role": "assistant",
        "content": None,
        "tool_calls": [{"id": call_id, "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}],
    }
