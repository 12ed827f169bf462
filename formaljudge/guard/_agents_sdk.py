"""OpenAI Agents SDK: a tool input guardrail that asks the guard before each function tool runs.

    from agents import function_tool
    guardrail = formaljudge_guardrail(Guard(load_policy("payments")))

    @function_tool(tool_input_guardrails=[guardrail])
    def transfer_funds(amount: float, to: str) -> str: ...

The guardrail keeps the run's trace itself: the user input it is given (or
the turn's input, when the SDK passes it), and every call it has allowed.
A blocked call is rejected with the reasons as its content, so the model sees
why; ``raise_on_block`` raises instead (the run stops).
"""

from __future__ import annotations

import json
from typing import Any

from formaljudge.guard._guard import Guard, ToolCall
from formaljudge.guard._openai_loop import refusal


def _user_text(turn_input: Any) -> list[str]:
    out: list[str] = []
    for item in turn_input or []:
        if isinstance(item, dict) and item.get("role") == "user" and isinstance(item.get("content"), str):
            out.append(item["content"])
    return out


def formaljudge_guardrail(guard: Guard, *, task: str | None = None, raise_on_block: bool = False) -> Any:
    """A ``ToolInputGuardrail`` for ``@function_tool(tool_input_guardrails=[...])``."""
    from agents import ToolGuardrailFunctionOutput, ToolInputGuardrail, ToolInputGuardrailData

    history: list[dict[str, Any]] = []

    def check(data: ToolInputGuardrailData) -> ToolGuardrailFunctionOutput:
        ctx = data.context
        if not history:
            users = _user_text(getattr(ctx, "turn_input", None)) or ([task] if task else [])
            history.extend({"role": "user", "content": u} for u in users)
        try:
            args = json.loads(ctx.tool_arguments or "{}")
        except ValueError:
            args = {"raw_input": ctx.tool_arguments}
        call = ToolCall(name=ctx.tool_name, args=args if isinstance(args, dict) else {"input": args})
        decision = guard.check(history or [{"role": "user", "content": ""}], call)
        info = decision.model_dump(mode="json", include={"action", "reasons"})
        if decision.action == "allow":
            cid = ctx.tool_call_id or f"call_{len(history)}"
            history.append(
                {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {"id": cid, "type": "function", "function": {"name": call.name, "arguments": json.dumps(args)}}
                    ],
                }
            )
            history.append({"role": "tool", "tool_call_id": cid, "content": ""})
            return ToolGuardrailFunctionOutput.allow(output_info=info)
        if raise_on_block:
            return ToolGuardrailFunctionOutput.raise_exception(output_info=info)
        return ToolGuardrailFunctionOutput.reject_content(refusal(decision), output_info=info)

    return ToolInputGuardrail(guardrail_function=check, name="formaljudge")
