"""Inside agent loops: a guard before each tool call, and adapters for common loops."""

from formaljudge.guard._agents_sdk import formaljudge_guardrail
from formaljudge.guard._guard import Decision, Guard, ToolCall
from formaljudge.guard._openai_loop import guarded, refusal

__all__ = ["Decision", "Guard", "ToolCall", "formaljudge_guardrail", "guarded", "refusal"]
