"""Thin adapters to the frameworks agents already run in, each behind its own extra.

``formaljudge.integrations.inspect`` (extra ``inspect``): an Inspect AI scorer.
``formaljudge.integrations.otel`` (extra ``otel``): verdicts exported as OpenTelemetry spans.
``formaljudge.integrations.mcp`` (extra ``mcp``): an MCP gateway that guards every tool call.
"""
