"""The judge pipeline: one trace or many against one policy."""

from formaljudge.judge._judge import ground_trace, judge, judge_many, judge_traces
from formaljudge.judge._limits import TraceLimits, judge_limited, trace_bytes
from formaljudge.judge._report import JudgeReport

__all__ = [
    "JudgeReport",
    "TraceLimits",
    "ground_trace",
    "judge",
    "judge_limited",
    "judge_many",
    "judge_traces",
    "trace_bytes",
]
