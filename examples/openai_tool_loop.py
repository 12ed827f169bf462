"""A plain OpenAI-style tool-calling loop with FormalJudge checking each call before it runs.

    python examples/openai_tool_loop.py            # offline: a scripted stand-in plays the model
    OPENAI_API_KEY=... python examples/openai_tool_loop.py --model gpt-4o-mini

The guard blocks a large transfer that the user never confirmed; the agent
gets the reasons as the tool's result and asks the user instead.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from formaljudge.guard import Guard, ToolCall, guarded
from formaljudge.policies import load_policy

TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "transfer_funds",
            "description": "Send money to a payee.",
            "parameters": {
                "type": "object",
                "properties": {"amount": {"type": "number"}, "to": {"type": "string"}},
                "required": ["amount", "to"],
            },
        },
    }
]


def execute(call: ToolCall) -> str:
    """The real tool would move money here."""
    return json.dumps({"ok": True, "sent": call.args.get("amount"), "to": call.args.get("to")})


class ScriptedModel:
    """Stands in for the model offline: proposes a transfer, then reacts to the tool's answer."""

    def next(self, messages: list[dict[str, Any]]) -> dict[str, Any]:
        last = messages[-1]
        if last["role"] == "user":
            args = json.dumps({"amount": 2500, "to": "ACME Ltd"})
            return {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {"id": "call_1", "type": "function", "function": {"name": "transfer_funds", "arguments": args}}
                ],
            }
        if last["content"].startswith("Blocked by policy"):
            return {"role": "assistant", "content": "This transfer of 2,500 needs your confirmation. Shall I go ahead?"}
        return {"role": "assistant", "content": "Done: 2,500 sent to ACME Ltd."}


class OpenAIModel:
    def __init__(self, model: str) -> None:
        import openai

        self.client, self.model = openai.OpenAI(), model

    def next(self, messages: list[dict[str, Any]]) -> dict[str, Any]:
        msg = self.client.chat.completions.create(model=self.model, messages=messages, tools=TOOLS).choices[0].message
        return msg.model_dump(exclude_none=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", help="an OpenAI model; without it a scripted stand-in plays the model")
    args = parser.parse_args()
    model = OpenAIModel(args.model) if args.model else ScriptedModel()
    run_tool = guarded(
        execute,
        Guard(load_policy("payments")),
        on_decision=lambda call, d: print(f"guard: {call.name}({call.args}) -> {d.action} {d.reasons}"),
    )
    messages: list[dict[str, Any]] = [{"role": "user", "content": "Pay ACME Ltd their 2,500 invoice."}]
    for _ in range(6):
        reply = model.next(messages)
        messages.append(reply)
        calls = reply.get("tool_calls") or []
        if not calls:
            print("agent:", reply.get("content"))
            break
        for call in calls:
            result = run_tool(messages[:-1], call)  # the trace so far, and the proposed call
            messages.append({"role": "tool", "tool_call_id": call["id"], "content": result})


if __name__ == "__main__":
    main()
