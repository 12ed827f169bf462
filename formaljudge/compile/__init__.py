"""The specification compiler: natural-language policy → checked PolicySpec."""

from formaljudge.compile._compiler import CompileError, compile_policy, validate
from formaljudge.compile._semantic import semantic_problems

__all__ = ["CompileError", "compile_policy", "semantic_problems", "validate"]
