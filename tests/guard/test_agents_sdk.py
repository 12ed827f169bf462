"""The OpenAI Agents SDK guardrail: the SDK's own guardrail objects, called as the SDK calls them."""

from __future__ import annotations

import asyncio

import pytest

agents = pytest.importorskip("agents")

from agents.tool_context import ToolContext  # noqa: E402

from formaljudge.guard import Guard, formaljudge_guardrail  # noqa: E402
from formaljudge.policies import load_policy  # noqa: E402


def _data(name: str, arguments: str, call_id: str) -> agents.ToolInputGuardrailData:
    ctx = ToolContext(context=None, tool_name=name, tool_call_id=call_id, tool_arguments=arguments)
    return agents.ToolInputGuardrailData(context=ctx, agent=agents.Agent(name="payer"))


def test_guardrail_allows_then_rejects_with_reasons() -> None:
    rail = formaljudge_guardrail(Guard(load_policy("payments")), task="Pay the two invoices.")
    assert rail.get_name() == "formaljudge"
    ok = asyncio.run(rail.run(_data("transfer_funds", '{"amount": 40, "to": "a"}', "c1")))
    assert ok.behavior["type"] == "allow"
    big = asyncio.run(rail.run(_data("transfer_funds", '{"amount": 9000, "to": "b"}', "c2")))
    assert big.behavior["type"] == "reject_content"
    assert "confirm_large_transfers" in big.behavior["message"]
    assert big.output_info["action"] == "block"


def test_guardrail_attaches_to_a_function_tool() -> None:
    rail = formaljudge_guardrail(Guard(load_policy("payments")))

    @agents.function_tool(tool_input_guardrails=[rail])
    def transfer_funds(amount: float, to: str) -> str:
        """Move money."""
        return "sent"

    assert transfer_funds.tool_input_guardrails == [rail]
