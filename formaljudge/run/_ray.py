"""The distributed engine: the same ``judge_batch`` over Ray Data, on a cluster or a local Ray.

The pipeline is Ray's batch-inference pattern: ``read_binary_files`` reads
the trace files on the cluster, ``flat_map`` splits each into records with
the same streaming reader as the local engines, and ``map_batches`` runs a
stateful class that loads the policies and the reader once per actor
(``concurrency=`` workers). Ray schedules; we never do. Outcomes come back
in input order (``preserve_order``), as JSON, so the driver writes the same
lines as the local engines.

Ray's own ``read_json`` is not used: it turns records into Arrow tables, and
trace records (nested, with fields that change type from record to record)
do not survive that; a bad record would also cost its whole file.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from formaljudge.errors import FormalJudgeError, TraceParseError
from formaljudge.run._batch import Item, Judging, Outcome, judge_batch
from formaljudge.run._config import RunConfig
from formaljudge.run._driver import Key
from formaljudge.traces import RawRecord, iter_files
from formaljudge.traces._stream import records_of

_BLOCK_BYTES = 256 * 1024
_READ_CPUS = 0.25  # reading and splitting files is light; leave the CPUs to the judging actors


def _row(item: Item) -> dict[str, Any]:
    """A record as an Arrow-friendly row: its JSON (or its undecoded line) as bytes."""
    if isinstance(item, TraceParseError):
        payload = json.dumps({"message": item.message, "file": item.file, "record": item.record, "field": item.field})
        return {"source": item.file or "", "position": -1, "kind": "error", "payload": payload.encode()}
    if item.data is not None:
        return {"source": item.source, "position": item.index, "kind": "line", "payload": item.data}
    position = -1 if item.index is None else item.index
    return {"source": item.source, "position": position, "kind": "value", "payload": json.dumps(item.value).encode()}


def _item(source: str, position: int, kind: str, payload: bytes) -> Item:
    index = None if position < 0 else position
    if kind == "error":
        d = json.loads(payload)
        return TraceParseError(d["message"], file=d["file"], record=d["record"], field=d["field"])
    if kind == "line":
        return RawRecord(source, index, data=payload)
    return RawRecord(source, index, json.loads(payload))


class _Split:
    """flat_map: one file's bytes into its records (named by the path the user gave)."""

    def __init__(self, given: dict[str, str], done: frozenset[Key]) -> None:
        self.given = given
        self.done = done

    def __call__(self, row: dict[str, Any]) -> Iterator[dict[str, Any]]:
        path = str(row["path"])
        source = self.given.get(path, path)
        suffix = Path(source).suffix.lower()
        for item in records_of(io.BytesIO(row["bytes"]), source, suffix in (".jsonl", ".ndjson")):
            key = (item.file, None) if isinstance(item, TraceParseError) else (item.source, item.index)
            if key not in self.done:
                yield _row(item)


class _JudgeActor:
    """map_batches: loads the policies and the reader once, then judges batch after batch."""

    def __init__(self, config: str) -> None:
        self.judging = Judging(RunConfig.model_validate_json(config))

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        items = [
            _item(str(s), int(p), str(k), bytes(b))
            for s, p, k, b in zip(batch["source"], batch["position"], batch["kind"], batch["payload"], strict=True)
        ]
        return {"outcome": np.array([o.to_json() for o in judge_batch(items, self.judging)], dtype=object)}


def run_ray(
    paths: list[Path],
    config: RunConfig,
    on_outcome: Callable[[Outcome], None],
    *,
    workers: int,
    batch_size: int,
    address: str | None,
    done: frozenset[Key],
    deadline: float | None,
) -> str | None:
    """Judge every record under ``paths`` on Ray; see ``run_records``."""
    try:
        import ray
    except ImportError:
        raise FormalJudgeError("--engine ray needs Ray: pip install 'formaljudge[ray]'") from None
    import time

    if not ray.is_initialized():
        try:
            ray.init(address=address, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise FormalJudgeError(f"cannot reach the Ray cluster {address or '(local)'}: {exc}") from None
    cpus = float(ray.cluster_resources().get("CPU", 1.0))  # type: ignore[no-untyped-call]
    per_actor = max(0.1, min(1.0, (cpus - 2 * _READ_CPUS) / max(1, workers)))
    config = config.model_copy(update={"threads": config.threads or max(1, int(per_actor))})
    pending: list[tuple[str, str]] = []

    def flush() -> str | None:
        if not pending:
            return None
        given = {absolute: shown for shown, absolute in pending}
        try:
            for o in _pipeline(ray, [a for _, a in pending], given, config, workers, per_actor, batch_size, done):
                on_outcome(o)
                if deadline is not None and time.monotonic() >= deadline:
                    return "the run timed out"
        except KeyboardInterrupt:
            return "interrupted"
        finally:
            pending.clear()
        return None

    for f in iter_files(paths):
        if isinstance(f, TraceParseError):
            if (stopped := flush()) is not None:
                return stopped
            if (f.file, None) not in done:
                on_outcome(judge_batch([f], _NoJudging(config))[0])
            continue
        pending.append((str(f), str(Path(f).resolve())))
    return flush()


def _pipeline(
    ray: Any,
    files: list[str],
    given: dict[str, str],
    config: RunConfig,
    workers: int,
    per_actor: float,
    batch_size: int,
    done: frozenset[Key],
) -> Iterator[Outcome]:
    from ray.data import DataContext

    ctx = DataContext.get_current()
    ctx.execution_options.preserve_order = True
    ctx.enable_progress_bars = False
    # small blocks, so that the records of one big file spread over every actor
    ctx.target_max_block_size = _BLOCK_BYTES
    ds = ray.data.read_binary_files(files, include_paths=True, num_cpus=_READ_CPUS)
    ds = ds.flat_map(_Split(given, done), num_cpus=_READ_CPUS)
    ds = ds.map_batches(
        _JudgeActor,
        fn_constructor_kwargs={"config": config.model_dump_json()},
        batch_size=batch_size,
        batch_format="numpy",
        concurrency=workers,
        num_cpus=per_actor,
    )
    for row in ds.iter_rows():
        yield Outcome.from_json(str(row["outcome"]))


class _NoJudging(Judging):
    """Enough of a ``Judging`` to report a bad path (no policy or reader is needed)."""

    def __init__(self, config: RunConfig) -> None:
        self.config = config
        self.specs = []
        self.reader = None  # type: ignore[assignment]
