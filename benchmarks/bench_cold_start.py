"""Cold start: wall time of ``formaljudge audit`` on one trajectory with the embedded reader, in a fresh process.

    python benchmarks/bench_cold_start.py [RUNS] [POLICY]

Each run starts a new Python process (imports, loading the bundled MiniLM,
reading, solving, printing), as a user's first command would. Prints every
run, the median (target: 5 s on a 2-core machine) and, for reference, the
time of ``formaljudge --help`` and of importing the package alone. The
trajectory is the first record of the deception examples (the embedded
reader answers its questions, so the model is really loaded and used).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 5.0


def wall(cmd: list[str]) -> tuple[float, int, str]:
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, check=False)
    return time.perf_counter() - t0, p.returncode, p.stdout + p.stderr


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    policy = sys.argv[2] if len(sys.argv) > 2 else "deception"
    first = (ROOT / "agents_traces" / "deception" / "examples.jsonl").read_text().splitlines()[0]
    with tempfile.TemporaryDirectory() as tmp:
        trace = Path(tmp) / "one.jsonl"
        trace.write_text(first + "\n")
        audit = [sys.executable, "-m", "formaljudge", "audit", str(trace), "-p", policy, "-f", "json"]
        times = []
        for i in range(runs):
            t, code, out = wall(audit)
            if code not in (0, 1, 3):
                sys.exit(f"audit failed (exit {code}):\n{out[-2000:]}")
            doc = json.loads(out[out.index("{") :])
            reader = doc["reports"][0]["reader"]
            times.append(t)
            print(f"run {i + 1}: {t:.2f} s  (verdict {doc['reports'][0]['verdict']}, reader {reader})")
        help_t = statistics.median(wall([sys.executable, "-m", "formaljudge", "--help"])[0] for _ in range(3))
        imp = statistics.median(wall([sys.executable, "-c", "import formaljudge"])[0] for _ in range(3))
    med = statistics.median(times)
    verdict = "OK" if med <= TARGET_S else "OVER"
    print(f"median first verdict: {med:.2f} s over {runs} runs (target {TARGET_S:.0f} s): {verdict}")
    print(f"formaljudge --help: {help_t:.2f} s; import formaljudge: {imp:.2f} s (medians of 3)")
    if reader != "embedded":
        print(f"note: the reader was {reader!r}, not the embedded model: install the 'embedded' extra")


if __name__ == "__main__":
    main()
