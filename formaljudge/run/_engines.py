"""Engines on one machine: in this process, or a pool of worker processes.

An engine only schedules: it maps ``judge_batch`` over batches and gives the
outcomes back in input order. The pool keeps a bounded number of batches in
flight, so memory stays flat however long the input is.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Protocol

from formaljudge.extract import Reader
from formaljudge.run._batch import Item, Judging, Outcome, judge_batch
from formaljudge.run._config import RunConfig


class Stopped(Exception):
    """The run was stopped (deadline or Ctrl-C); ``outcomes`` holds every batch that was finished."""

    def __init__(self, why: str, outcomes: list[list[Outcome]]) -> None:
        super().__init__(why)
        self.why = why
        self.outcomes = outcomes


class Engine(Protocol):
    def map(self, batches: Iterable[list[Item]], deadline: float | None = None) -> Iterator[list[Outcome]]: ...

    def close(self, abort: bool = False) -> None: ...


def cores() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _now() -> float:
    import time

    return time.monotonic()


class InlineEngine:
    """Judges in this process, one batch after the other."""

    def __init__(self, config: RunConfig, reader: Reader | None = None) -> None:
        self.judging = Judging(config, reader)

    def map(self, batches: Iterable[list[Item]], deadline: float | None = None) -> Iterator[list[Outcome]]:
        try:
            for batch in batches:
                if deadline is not None and _now() >= deadline:
                    raise Stopped("the run timed out", [])
                yield judge_batch(batch, self.judging)
        except KeyboardInterrupt:
            raise Stopped("interrupted", []) from None

    def close(self, abort: bool = False) -> None:
        pass


_judging: Judging | None = None


def _init_worker(config: RunConfig) -> None:
    global _judging
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the driver handles Ctrl-C and stops the pool
    _judging = Judging(config)


def _work(batch: list[Item]) -> list[Outcome]:
    assert _judging is not None, "worker not initialized"
    return judge_batch(batch, _judging)


class PoolEngine:
    """A pool of worker processes; each loads the policies and the reader once."""

    def __init__(self, config: RunConfig, workers: int) -> None:
        import multiprocessing

        self.workers = workers
        per_worker = max(1, cores() // workers)
        self._scratch: str | None = None
        update: dict[str, object] = {"threads": config.threads or per_worker}
        if config.reader == "embedded" and config.vector_store is None:
            # a text one worker encoded is not encoded again by another (ASSEBench: a fifth fewer encodings)
            self._scratch = tempfile.mkdtemp(prefix="formaljudge-vectors-")
            update["vector_store"] = os.path.join(self._scratch, "vectors.sqlite")
            from formaljudge.readers._vector_store import VectorStore

            VectorStore(str(update["vector_store"]), create=True).close()  # made once, before the workers open it
        config = config.model_copy(update=update)
        self.pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),  # no fork of a process that may hold threads
            initializer=_init_worker,
            initargs=(config,),
        )

    def map(self, batches: Iterable[list[Item]], deadline: float | None = None) -> Iterator[list[Outcome]]:
        window: deque[Future[list[Outcome]]] = deque()
        it = iter(batches)
        more = True
        try:
            while True:
                while more and len(window) < 2 * self.workers:
                    batch = next(it, None)
                    if batch is None:
                        more = False
                        break
                    window.append(self.pool.submit(_work, batch))
                if not window:
                    return
                head = window[0]
                while not head.done():
                    left = None if deadline is None else deadline - _now()
                    if left is not None and left <= 0:
                        raise Stopped("the run timed out", self._finished(window))
                    wait([head], timeout=None if left is None else min(left, 1.0), return_when=FIRST_COMPLETED)
                window.popleft()
                yield head.result()
        except KeyboardInterrupt:
            raise Stopped("interrupted", self._finished(window)) from None

    @staticmethod
    def _finished(window: deque[Future[list[Outcome]]]) -> list[list[Outcome]]:
        """Batches in flight that are finished anyway, in input order."""
        return [f.result() for f in window if f.done() and not f.cancelled() and f.exception() is None]

    def close(self, abort: bool = False) -> None:
        """Stop the workers; ``abort``: now, without finishing the batches in flight."""
        try:
            if not abort:
                self.pool.shutdown(wait=True)
                return
            # the executor has no public way to stop a running task: end its worker processes
            running = list((getattr(self.pool, "_processes", None) or {}).values())
            self.pool.shutdown(wait=False, cancel_futures=True)
            for proc in running:
                proc.terminate()
            for proc in running:
                proc.join(5)
        finally:
            if self._scratch is not None:
                shutil.rmtree(self._scratch, ignore_errors=True)
