"""The one per-batch judging function that every engine calls.

``judge_batch(items, judging)`` takes records as read from the files (not
yet decoded for JSONL lines), normalizes them, judges them against every
policy and returns one ``Outcome`` per record, in order: the JSON lines to
write and the tallies the driver needs. Its result for a record depends on
that record alone, never on the rest of the batch, so every engine and every
batch size gives the same lines.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from formaljudge.errors import FormalJudgeError, TraceParseError
from formaljudge.extract import Reader
from formaljudge.ir._spec import PolicySpec
from formaljudge.judge import JudgeReport, TraceLimits, judge_traces
from formaljudge.judge._limits import unjudged
from formaljudge.llm._errors import ProviderError
from formaljudge.run._config import RunConfig
from formaljudge.run._heap import finish_setup
from formaljudge.traces import RawRecord, Trace, parse_raw

Item = RawRecord | TraceParseError
GROUP_FIELDS = ("risk_type", "application_scenario", "pattern")
_log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What judging one record gave: the lines to write and what the driver counts."""

    source: str | None
    position: int | None
    lines: list[str] = field(default_factory=list)  # one report per policy, or one error
    verdicts: list[str] = field(default_factory=list)  # per policy; empty for a bad record
    error: str | None = None
    trace_id: str | None = None
    label: str | None = None
    groups: dict[str, str] = field(default_factory=dict)
    violated: list[str] = field(default_factory=list)  # constraint ids, over every policy
    asked: int = 0  # reader questions asked
    not_asked: int = 0  # reader questions no verdict needed
    provider_error: str | None = None  # a verdict left UNKNOWN only because a model call failed (rerun)
    skipped: bool = False  # already judged (bench --resume): nothing to write

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Outcome:
        return cls(**json.loads(text))


def error_doc(err: TraceParseError, position: int | None = None) -> dict[str, Any]:
    return {"error": err.message, "file": err.file, "record": err.record, "field": err.field, "position": position}


def report_line(report: JudgeReport, position: int | None, *, timings: bool) -> str:
    doc = report.model_dump(mode="json")
    if not timings:
        doc.pop("timings_ms", None)
    doc["position"] = position
    return json.dumps(doc, ensure_ascii=False, default=str)


class Judging:
    """What a worker loads once and keeps: the compiled policies and the reader."""

    def __init__(self, config: RunConfig, reader: Reader | None = None) -> None:
        from formaljudge.readers import make_reader

        if config.threads is not None:
            _limit_threads(config.threads)
        if config.vector_store is not None:
            from formaljudge.readers._embedder import share_vectors

            share_vectors(config.vector_store)
        self.config = config
        self.specs = [_policy(p) for p in config.policies]
        self.reader = (
            reader
            if reader is not None
            else make_reader(
                config.reader, use_cache=config.use_cache, device=config.device, timeout_s=config.llm_timeout_s
            )
        )
        finish_setup(self.specs, config.backend)  # imports judging needs, and the loaded objects out of the GC's way


def _policy(ref: str) -> PolicySpec:
    """A shipped name, a spec file, or a spec's JSON text (how ``bench`` hands an in-memory spec to workers)."""
    from formaljudge.policies import load_policy, parse_policy

    return parse_policy(ref, source="spec") if ref.lstrip().startswith("{") else load_policy(ref)


def _limit_threads(n: int) -> None:
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = str(n)
    import sys

    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(n)


def groups_of(trace: Trace) -> dict[str, str]:
    """The record's annotation groups that bench reports figures by (``pattern``, ``risk_type``, ...)."""
    ann = trace.metadata.get("annotations", {}) if isinstance(trace.metadata, dict) else {}
    return {g: str(ann[g]) for g in GROUP_FIELDS if ann.get(g) is not None}


def judge_batch(items: Sequence[Item], judging: Judging) -> list[Outcome]:
    """Judge a batch of records against every policy; one outcome per record, in order."""
    cfg = judging.config
    outcomes: list[Outcome] = []
    traces: list[tuple[int, Trace]] = []
    for item in items:
        if isinstance(item, TraceParseError):
            outcomes.append(_bad(item, None))
            continue
        try:
            trace = parse_raw(item)
        except TraceParseError as exc:
            outcomes.append(_bad(exc, item.index, item.source))
            continue
        out = Outcome(item.source, item.index, trace_id=trace.id, label=trace.label, groups=groups_of(trace))
        if trace.id in cfg.skip_ids:
            out.skipped = True
        else:
            traces.append((len(outcomes), trace))
        outcomes.append(out)
    if not traces:
        return outcomes
    batch = [t for _, t in traces]
    limits = TraceLimits.of(cfg.max_trace_bytes, cfg.trace_timeout_s)
    for spec in judging.specs:
        reports = _judge_each(batch, spec, judging, limits)
        for (slot, _), report in zip(traces, reports, strict=True):
            out = outcomes[slot]
            out.lines.append(report_line(report, out.position, timings=cfg.timings))
            out.verdicts.append(report.verdict.value)
            out.violated.extend(c.id for c in report.violated)
            out.asked += report.reader_questions.get("asked", 0)
            out.not_asked += report.reader_questions.get("not_asked", 0)
            if out.provider_error is None and report.provider_error is not None:
                out.provider_error = f"{report.policy}: {report.provider_error}"
    return outcomes


def _judge_each(batch: list[Trace], spec: PolicySpec, judging: Judging, limits: TraceLimits) -> list[JudgeReport]:
    """``judge_traces`` on the batch; when it fails (a bug, a broken cache: not a user error, not a model
    outage, which the run handles), each trajectory again on its own, and one that fails alone is reported
    UNKNOWN with ``failed`` set: an error to rerun, never a verdict, and the rest of the batch is kept."""
    cfg = judging.config

    def run(traces: list[Trace]) -> list[JudgeReport]:
        return judge_traces(
            traces,
            spec,
            backend=cfg.backend,
            reader=judging.reader,
            timeout_ms=cfg.timeout_ms,
            lazy=cfg.lazy,
            limits=limits,
        )

    try:
        return run(batch)
    except (FormalJudgeError, ProviderError):
        raise
    except Exception:
        _log.warning("judging a batch of %d failed; judging its trajectories one by one", len(batch), exc_info=True)
    reports = []
    for trace in batch:
        try:
            reports += run([trace])
        except (FormalJudgeError, ProviderError):
            raise
        except Exception as exc:
            _log.warning("judging %s failed", trace.id, exc_info=True)
            why = f"the judge failed: {type(exc).__name__}: {exc}"
            report = unjudged(trace, spec, why, backend=cfg.backend, reader=judging.reader.name)
            reports.append(report.model_copy(update={"failed": why}))
    return reports


def _bad(err: TraceParseError, position: int | None, source: str | None = None) -> Outcome:
    source = err.file if err.file is not None else source
    return Outcome(
        source,
        position,
        lines=[json.dumps(error_doc(err, position), ensure_ascii=False)],
        error=str(err),
    )
