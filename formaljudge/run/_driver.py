"""Stream records from the files, judge them in bounded batches on an engine, hand back outcomes in order."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path

from formaljudge.errors import FormalJudgeError, TraceParseError
from formaljudge.extract import Reader
from formaljudge.run._batch import Item, Outcome
from formaljudge.run._config import RunConfig
from formaljudge.run._engines import Engine, InlineEngine, PoolEngine, Stopped, cores
from formaljudge.traces import iter_files, iter_records

Key = tuple[str | None, int | None]
ENGINES = ("local", "ray")


@dataclass
class Tally:
    """What a run found, over every policy (reports) and record (bad records)."""

    records: int = 0
    reports: int = 0
    violated: int = 0
    unknown: int = 0
    satisfied: int = 0
    bad: int = 0
    asked: int = 0
    not_asked: int = 0
    resumed: int = 0  # records whose results were already in the output file
    provider_errors: list[str] = field(default_factory=list)  # records left UNKNOWN because a model call failed

    def add(self, o: Outcome) -> None:
        if o.skipped:
            return
        self.records += 1
        if o.error is not None:
            self.bad += 1
        for v in o.verdicts:
            self.reports += 1
            self.violated += v == "VIOLATED"
            self.unknown += v == "UNKNOWN"
            self.satisfied += v == "SATISFIED"
        self.asked += o.asked
        self.not_asked += o.not_asked
        if o.provider_error is not None:
            self.provider_errors.append(f"{o.trace_id}: {o.provider_error}")


def items(paths: list[Path], done: frozenset[Key] = frozenset()) -> Iterator[Item]:
    """Every record under ``paths``, lazily, leaving out those whose key is in ``done``."""
    for f in iter_files(paths):
        if isinstance(f, TraceParseError):
            if (f.file, None) not in done:
                yield f
            continue
        for item in iter_records(f):
            key = (item.file, None) if isinstance(item, TraceParseError) else (item.source, item.index)
            if key not in done:
                yield item


def batched(stream: Iterator[Item], size: int) -> Iterator[list[Item]]:
    while batch := list(islice(stream, size)):
        yield batch


def default_workers() -> int:
    return cores()


def run_records(
    paths: list[Path],
    config: RunConfig,
    on_outcome: Callable[[Outcome], None],
    *,
    engine: str = "local",
    workers: int = 1,
    batch_size: int = 32,
    ray_address: str | None = None,
    done: frozenset[Key] = frozenset(),
    deadline: float | None = None,
    reader: Reader | None = None,
) -> str | None:
    """Judge every record under ``paths``; ``on_outcome`` gets each outcome in input order.

    Returns None when every record was judged, or why the run stopped early
    (deadline, Ctrl-C); every outcome reached before that was handed over.
    ``reader`` (an object rather than ``config.reader``) keeps the run in this process.
    """
    if engine not in ENGINES:
        raise FormalJudgeError(f"unknown engine {engine!r}: choose local or ray")
    if engine == "ray":
        from formaljudge.run._ray import run_ray

        return run_ray(
            paths,
            config,
            on_outcome,
            workers=workers,
            batch_size=batch_size,
            address=ray_address,
            done=done,
            deadline=deadline,
        )
    batches = batched(items(paths, done), batch_size)
    runner: Engine
    if workers > 1 and reader is None:
        head = list(islice(batches, 2))
        batches = chain(head, batches)
        # one batch or less: starting workers would cost more than it saves
        runner = PoolEngine(config, workers) if len(head) > 1 else InlineEngine(config)
    else:
        runner = InlineEngine(config, reader)
    finished = False
    try:
        for batch in runner.map(batches, deadline):
            for o in batch:
                on_outcome(o)
        finished = True
    except Stopped as stop:
        for batch in stop.outcomes:
            for o in batch:
                on_outcome(o)
        return stop.why
    except KeyboardInterrupt:  # Ctrl-C while an outcome was being written, between batches
        return "interrupted"
    finally:
        runner.close(abort=not finished)
    return None
