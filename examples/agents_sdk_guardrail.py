"""OpenAI Agents SDK: FormalJudge as a tool input guardrail (pip install "formaljudge[agents]").

    python examples/agents_sdk_guardrail.py               # offline: calls the guardrail as the SDK would
    OPENAI_API_KEY=... python examples/agents_sdk_guardrail.py --run

Offline, the example hands the guardrail two proposed calls exactly as the
SDK does before running a function tool; with --run it runs a real agent.
"""

from __future__ import annotations

import argparse
import asyncio

from agents import Agent, Runner, ToolInputGuardrailData, function_tool
from agents.tool_context import ToolContext

from formaljudge.guard import Guard, formaljudge_guardrail
from formaljudge.policies import load_policy

TASK = "Pay ACME Ltd their 2,500 invoice and the 40 courier fee."
guardrail = formaljudge_guardrail(Guard(load_policy("payments")), task=TASK)


@function_tool(tool_input_guardrails=[guardrail])
def transfer_funds(amount: float, to: str) -> str:
    """Send money to a payee."""
    return f"sent {amount} to {to}"


agent = Agent(name="payer", instructions="Pay what the user asks.", tools=[transfer_funds])


async def offline() -> None:
    for i, args in enumerate(['{"amount": 40, "to": "Courier"}', '{"amount": 2500, "to": "ACME Ltd"}']):
        ctx = ToolContext(context=None, tool_name="transfer_funds", tool_call_id=f"c{i}", tool_arguments=args)
        out = await guardrail.run(ToolInputGuardrailData(context=ctx, agent=agent))
        print(f"transfer_funds {args}: {out.behavior['type']}", out.behavior.get("message", ""))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--run", action="store_true", help="run a real agent (needs OPENAI_API_KEY)")
    if parser.parse_args().run:
        print(Runner.run_sync(agent, TASK).final_output)
    else:
        asyncio.run(offline())


if __name__ == "__main__":
    main()
