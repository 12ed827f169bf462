"""Agent trajectories, normalized from every supported input format."""

from formaljudge.traces._actions import parse_action
from formaljudge.traces._load import ANNOTATION_FIELDS, load_traces, parse_json, parse_record
from formaljudge.traces._model import Step, StepKind, Trace

__all__ = [
    "ANNOTATION_FIELDS",
    "Step",
    "StepKind",
    "Trace",
    "load_traces",
    "parse_action",
    "parse_json",
    "parse_record",
]
