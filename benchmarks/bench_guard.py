"""Guard latency as a session grows: per-check time at 25, 50, 100 and 200 steps.

    python benchmarks/bench_guard.py [STEPS] [READER]

A synthetic session (user turns, tool calls of several kinds, results, some
errors) is replayed call by call through one ``Guard`` with the ten-constraint
policy, as an agent loop would; each proposed call is checked before it is
appended. Prints the median check time near each size and the ratio of the
last to the first (flat means the work per check does not grow with the trace).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Any

from synthetic import call  # benchmarks/synthetic.py: the same calls as bench_scale

from formaljudge.guard import Guard
from formaljudge.policies import load_policy
from formaljudge.readers import make_reader


def main() -> None:
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    reader = make_reader(sys.argv[2] if len(sys.argv) > 2 else "embedded")
    spec = load_policy(Path(__file__).with_name("ten_constraints.json"))
    guard = Guard(spec, reader, on_unknown="allow")
    messages: list[dict[str, Any]] = [
        {"role": "user", "content": "Tidy up the data folder and pay the small invoices."}
    ]
    times: list[tuple[int, float]] = []
    i = 0
    while len(messages) < steps:
        proposed = call(i)
        t0 = time.perf_counter()
        decision = guard.check(messages, proposed)
        times.append((len(messages), (time.perf_counter() - t0) * 1e3))
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
        _ = decision
    print(f"guard: {spec.name} ({len(spec.constraints)} constraints), reader {reader.name}, {len(times)} checks")
    marks = [m for m in (25, 50, 100, 200, 400) if m <= steps]
    first = None
    for m in marks:
        near = [t for n, t in times if m - 10 <= n <= m]
        med = statistics.median(near)
        first = first or med
        print(f"  ~{m:4} steps: median {med:7.2f} ms per check  ({med / first:.2f}x the first)")


if __name__ == "__main__":
    main()
