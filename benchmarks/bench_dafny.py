"""Dafny backend throughput: one verifier process per batch vs one per trace.

    python benchmarks/bench_dafny.py [BATCH] [SINGLES] [POLICY]

Uses the ASSEBench records when the shared data is present, else the bundled
examples, with POLICY (a shipped name or a spec file; default: the
ten-constraint benchmark spec). Prints traces/second for one process per
batch (certificates: Z3 predicts, Dafny proves), for the same batch with
independent lemmas only, and for one process per trace; the ratios are the
figures to compare (absolute times vary).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from formaljudge.backends._dafny import solve_dafny
from formaljudge.judge import ground_trace
from formaljudge.policies import load_policy
from formaljudge.traces import Trace, load_traces

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data" / "assebench-security.json"


def main() -> None:
    batch_n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    singles_n = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    spec = load_policy(sys.argv[3] if len(sys.argv) > 3 else HERE / "ten_constraints.json")
    source = DATA if DATA.exists() else HERE.parent / "agents_traces"
    files = [source] if source.is_file() else sorted(source.iterdir())
    traces = [t for f in files for t in load_traces(f) if isinstance(t, Trace)]
    grounded = [(t.id, ground_trace(t, spec)[0]) for t in traces]
    batch = grounded[:batch_n]
    t0 = time.perf_counter()
    solve_dafny(batch, spec)
    t_batch = time.perf_counter() - t0
    singles = grounded[:singles_n]
    t1 = time.perf_counter()
    for item in singles:
        solve_dafny([item], spec)
    t_single = time.perf_counter() - t1
    t2 = time.perf_counter()
    solve_dafny(singles, spec, certify=False)
    t_indep = time.perf_counter() - t2
    print(f"policy {spec.name} ({len(spec.constraints)} constraints), data {source.name}")
    print(f"one process per batch of {len(batch)}: {len(batch) / t_batch:6.2f} traces/s ({t_batch:.1f} s)")
    print(
        f"one process, independent lemmas only ({len(singles)} traces): "
        f"{len(singles) / t_indep:6.2f} traces/s ({t_indep:.1f} s)"
    )
    print(f"one process per trace ({len(singles)} traces): {len(singles) / t_single:6.2f} traces/s ({t_single:.1f} s)")
    print(f"batching speed-up: {(len(batch) / t_batch) / (len(singles) / t_single):.1f}x")


if __name__ == "__main__":
    main()
