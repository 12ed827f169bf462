"""The judge pipeline: one trace or many against one policy."""

from formaljudge.judge._judge import ground_trace, judge, judge_many, judge_traces
from formaljudge.judge._report import JudgeReport

__all__ = ["JudgeReport", "ground_trace", "judge", "judge_many", "judge_traces"]
