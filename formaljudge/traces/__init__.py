"""Agent trajectories, normalized from every supported input format."""

from formaljudge.traces._actions import parse_action
from formaljudge.traces._load import ANNOTATION_FIELDS, load_traces, parse_json, parse_raw, parse_record
from formaljudge.traces._model import Step, StepKind, Trace
from formaljudge.traces._stream import TRACE_SUFFIXES, RawRecord, iter_files, iter_records

__all__ = [
    "ANNOTATION_FIELDS",
    "TRACE_SUFFIXES",
    "RawRecord",
    "Step",
    "StepKind",
    "Trace",
    "iter_files",
    "iter_records",
    "load_traces",
    "parse_action",
    "parse_json",
    "parse_raw",
    "parse_record",
]
