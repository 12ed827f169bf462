"""Guard latency as a session grows: per-check time at 25, 50, 100 and 200 steps.

    python benchmarks/bench_guard.py [STEPS] [READER] [REPEATS]

A synthetic session (user turns, tool calls of several kinds, results, some
errors) is replayed call by call through one ``Guard`` with the ten-constraint
policy, as an agent loop would; each proposed call is checked before it is
appended. The session is replayed REPEATS times (default 5), each through a
new guard, and the checks near each size are pooled. Prints the median check
time near each size and its ratio to the first (flat means the work per check
does not grow with the trace), wall clock and this thread's CPU time (the
latter less moved by other processes on a shared machine), then the same for a guard that reuses nothing
(``reuse=False``: every check parses, reads, grounds and solves in full), and
checks that both decided every call alike.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Any

from synthetic import call  # benchmarks/synthetic.py: the same calls as bench_scale

from formaljudge.extract import Reader
from formaljudge.guard import Guard
from formaljudge.ir._spec import PolicySpec
from formaljudge.policies import load_policy
from formaljudge.readers import make_reader

MARKS = (25, 50, 100, 200, 400)


Timing = tuple[int, float, float]  # history length, wall ms, CPU ms of this thread


def replay(spec: PolicySpec, reader: Reader, steps: int, *, reuse: bool) -> tuple[list[Timing], list[str]]:
    """(history length, wall ms, CPU ms) of each check of one session, and the actions decided."""
    guard = Guard(spec, reader, on_unknown="allow", reuse=reuse)
    messages: list[dict[str, Any]] = [
        {"role": "user", "content": "Tidy up the data folder and pay the small invoices."}
    ]
    times: list[Timing] = []
    actions: list[str] = []
    i = 0
    while len(messages) < steps:
        proposed = call(i)
        t0, c0 = time.perf_counter(), time.thread_time()
        decision = guard.check(messages, proposed)
        times.append((len(messages), (time.perf_counter() - t0) * 1e3, (time.thread_time() - c0) * 1e3))
        actions.append(decision.action)
        cid = f"c{i}"
        messages.append(
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [{"id": cid, "type": "function", "function": proposed}],
            }
        )
        result = "Error: timeout" if i % 11 == 5 else f"ok {i}"
        messages.append({"role": "tool", "tool_call_id": cid, "content": result})
        if i % 9 == 8:
            messages.append({"role": "user", "content": "yes, go ahead"})
        i += 1
    return times, actions


def report(label: str, times: list[Timing], steps: int) -> dict[int, float]:
    """Prints the median wall and CPU time near each size; gives the wall medians."""
    print(label)
    medians: dict[int, float] = {}
    cpu: dict[int, float] = {}
    for m in (m for m in MARKS if m <= steps):
        medians[m] = statistics.median(t for n, t, _ in times if m - 10 <= n <= m)
        cpu[m] = statistics.median(c for n, _, c in times if m - 10 <= n <= m)
        first, cpu_first = medians[min(medians)], cpu[min(cpu)]
        print(
            f"  ~{m:4} steps: median {medians[m]:7.2f} ms per check ({medians[m] / first:.2f}x the first);"
            f" CPU {cpu[m]:6.2f} ms ({cpu[m] / cpu_first:.2f}x)"
        )
    return medians


def main() -> None:
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    reader = make_reader(sys.argv[2] if len(sys.argv) > 2 else "embedded")
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    spec = load_policy(Path(__file__).with_name("ten_constraints.json"))
    reused: list[Timing] = []
    full: list[Timing] = []
    same = True
    for _ in range(repeats):
        t, a = replay(spec, reader, steps, reuse=True)
        t_full, a_full = replay(spec, reader, steps, reuse=False)
        reused += t
        full += t_full
        same = same and a == a_full
    print(
        f"guard: {spec.name} ({len(spec.constraints)} constraints), reader {reader.name}, "
        f"{len(reused) // repeats} checks per session, {repeats} sessions"
    )
    med = report("reusing guard (Guard):", reused, steps)
    ref = report("guard that reuses nothing (Guard(reuse=False)):", full, steps)
    last = max(med)
    print(f"at ~{last} steps: {med[last]:.2f} ms per check, {med[last] / med[min(med)]:.2f}x the check at ~{min(med)};")
    print(f"  {ref[last] / med[last]:.1f}x faster than reusing nothing; same decisions on every call: {same}")


if __name__ == "__main__":
    main()
