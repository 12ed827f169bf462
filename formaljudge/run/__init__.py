"""Running at scale: records stream in, are judged in bounded batches by an engine (this process, a
process pool, or Ray Data), and come back in input order, to be written as they go."""

from formaljudge.run._batch import Item, Judging, Outcome, error_doc, groups_of, judge_batch, report_line
from formaljudge.run._config import RunConfig
from formaljudge.run._driver import ENGINES, Key, Tally, batched, default_workers, items, run_records
from formaljudge.run._engines import InlineEngine, PoolEngine, Stopped, cores
from formaljudge.run._heap import finish_setup
from formaljudge.run._results import ResultsFile

__all__ = [
    "ENGINES",
    "InlineEngine",
    "Item",
    "Judging",
    "Key",
    "Outcome",
    "PoolEngine",
    "ResultsFile",
    "RunConfig",
    "Stopped",
    "Tally",
    "batched",
    "cores",
    "default_workers",
    "error_doc",
    "finish_setup",
    "groups_of",
    "items",
    "judge_batch",
    "report_line",
    "run_records",
]
