"""The specification compiler: natural-language policy → checked PolicySpec."""

from formaljudge.compile._backend_check import backend_problems, dafny_problems, z3_problems
from formaljudge.compile._compiler import CompileError, compile_policy, validate
from formaljudge.compile._semantic import semantic_problems

__all__ = [
    "CompileError",
    "backend_problems",
    "compile_policy",
    "dafny_problems",
    "semantic_problems",
    "validate",
    "z3_problems",
]
