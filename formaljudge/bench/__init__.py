"""Benchmarks on labeled data: deception and safety detection."""

from formaljudge.bench._metrics import Row, metrics, wilson
from formaljudge.bench._runner import run_bench

__all__ = ["Row", "metrics", "run_bench", "wilson"]
