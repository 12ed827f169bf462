"""Throughput of the core pipeline on ASSEBench (817 records).

Prints records parsed, parse failures, verdict counts, and traces/second for
each stage (parse, extract+ground, Z3 solve) on one core, for the
ten-constraint policy in benchmarks/ten_constraints.json.

    python benchmarks/bench_core.py [PATH_TO_assebench-security.json]
"""

from __future__ import annotations

import collections
import sys
import time
from pathlib import Path

from formaljudge.backends._z3 import solve_z3
from formaljudge.judge import ground_trace
from formaljudge.policies import load_policy
from formaljudge.traces import Trace, load_traces

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent.parent / "shared" / "data" / "assebench-security.json"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    spec = load_policy(HERE / "ten_constraints.json")
    t0 = time.perf_counter()
    items = list(load_traces(path))
    t_parse = time.perf_counter() - t0
    traces = [t for t in items if isinstance(t, Trace)]
    failures = len(items) - len(traces)
    t1 = time.perf_counter()
    grounded = [ground_trace(t, spec)[0] for t in traces]
    t_ground = time.perf_counter() - t1
    t2 = time.perf_counter()
    verdicts: collections.Counter[str] = collections.Counter()
    for g in grounded:
        for r in solve_z3(g):
            verdicts[r.verdict.value] += 1
    t_solve = time.perf_counter() - t2
    n = len(traces)
    print(f"data: {path.name}")
    print(f"policy: {spec.name} ({len(spec.constraints)} constraints)")
    print(f"records parsed: {n}, parse failures: {failures}")
    print(f"constraint verdicts: {dict(verdicts)}")
    print(f"parse:          {n / t_parse:9.0f} traces/s ({t_parse:.2f} s)")
    print(f"extract+ground: {n / t_ground:9.0f} traces/s ({t_ground:.2f} s)")
    print(f"z3 solve:       {n / t_solve:9.0f} traces/s ({t_solve:.2f} s)")
    print(f"end to end:     {n / (t_parse + t_ground + t_solve):9.0f} traces/s")


if __name__ == "__main__":
    main()
