"""FormalJudge: audit LLM agent trajectories against policies, with solver-proved verdicts."""

from formaljudge.backends import ConstraintResult, Verdict
from formaljudge.errors import FormalJudgeError, SpecError, TraceParseError
from formaljudge.extract import Evidence, FactValue
from formaljudge.ir import PolicySpec
from formaljudge.judge import JudgeReport, judge, judge_many
from formaljudge.policies import load_policy
from formaljudge.traces import Trace, load_traces, parse_record

__version__ = "0.1.0"

__all__ = [
    "ConstraintResult",
    "Evidence",
    "FactValue",
    "FormalJudgeError",
    "JudgeReport",
    "PolicySpec",
    "SpecError",
    "Trace",
    "TraceParseError",
    "Verdict",
    "judge",
    "judge_many",
    "load_policy",
    "load_traces",
    "parse_record",
]
