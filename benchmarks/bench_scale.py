"""Audit at scale, in one run: every figure issue 17 asks for.

    python benchmarks/bench_scale.py [--data ASSEBENCH.json] [--workers N] [--e2e-records N] [--baseline DIR]
        [--repeat N] [--skip-e2e] [--only symbolic]

Prints, measured in this run:
  1. symbolic stage (parse, extract, ground, solve; no reader) on ASSEBench with the
     ten-constraint policy: trajectories/s per core (records / CPU seconds) and wall, the median
     of --repeat passes (3), each in a fresh process set up as ``audit`` sets up its judging
     processes (``run.finish_setup`` after loading; imports, networkx included, are not timed),
     and once as a plain loop of ``judge`` calls; the top lines of its cProfile; with --baseline
     DIR (another checkout, e.g. main) the same measurement of that code, its passes interleaved
     with these, and the ratio;
  2. end to end with the embedded reader (``formaljudge audit -p safety``, model loading
     included) at 1 and N workers, and the parallel efficiency; the device the reader ran on;
  3. peak RSS of ``audit`` (one process) at 1x, 4x and 16x the input;
  4. time per trajectory at 25, 100, 400 and 1,600 steps (synthetic sessions);
  5. the guard's median check at 25 and 200 steps (5 sessions pooled, as ``bench_guard.py`` measures it).
``--only symbolic`` prints section 1 alone (to iterate on the symbolic stage).
On a shared machine, read the ratios; absolute figures move with the load.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "assebench-security.json"
TEN = HERE / "ten_constraints.json"

SYMBOLIC = """
import sys, time, json
from formaljudge.judge import judge
from formaljudge.policies import load_policy
from formaljudge.traces import Trace, load_traces
spec = load_policy(sys.argv[2])
first = next(t for t in load_traces(sys.argv[1]) if isinstance(t, Trace))
judge(first, spec)  # imports and solver set-up are not part of the rate:
import networkx  # the flow graph's, imported lazily (not by the first trace), 0.6 s: not part of it either
frozen = False
if sys.argv[3] == "as-audit":
    try:  # what ``audit`` does once its policies and reader are loaded (absent from older checkouts)
        from formaljudge.run import finish_setup
    except ImportError:
        pass
    else:
        finish_setup([spec])
        frozen = True
c0, w0 = time.process_time(), time.perf_counter()
n = 0
for t in load_traces(sys.argv[1]):
    if isinstance(t, Trace):
        judge(t, spec)
        n += 1
import formaljudge
cpu, wall = time.process_time() - c0, time.perf_counter() - w0
print(json.dumps({"src": formaljudge.__file__, "n": n, "cpu": cpu, "wall": wall, "frozen": frozen}))
"""

PEAK = """
import resource, sys
from pathlib import Path
from formaljudge.cli._audit import run_audit
code = run_audit([Path(sys.argv[1])], [sys.argv[2]], reader="none", workers=1, out=Path(sys.argv[3]))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def symbolic(data: Path, src: Path | None, mode: str = "as-audit") -> dict[str, float]:
    """One pass of the symbolic stage in a fresh process: ``as-audit`` sets the process up as ``audit`` does
    (``run.finish_setup`` after loading), ``library`` is a plain loop of ``judge`` calls."""
    # run from the checkout measured: ``python -c`` puts the working directory first on sys.path
    env = {**os.environ, "PYTHONPATH": str(src)} if src else None
    out = subprocess.run(
        [sys.executable, "-c", SYMBOLIC, str(data.resolve()), str(TEN), mode],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd=str(src or ROOT),
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    """The pass with the median CPU time."""
    return sorted(runs, key=lambda r: r["cpu"])[len(runs) // 2]


def profile_top(data: Path, lines: int = 12) -> str:
    from formaljudge.judge import judge
    from formaljudge.policies import load_policy
    from formaljudge.traces import Trace, load_traces

    spec = load_policy(TEN)
    traces = [t for t in load_traces(data) if isinstance(t, Trace)]
    judge(traces[0], spec)
    prof = cProfile.Profile()
    prof.enable()
    for t in traces:
        judge(t, spec)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(lines)
    body = buf.getvalue().splitlines()
    start = next(i for i, line in enumerate(body) if "ncalls" in line)
    return "\n".join("    " + line[:150] for line in body[start : start + lines + 1])


def end_to_end(data: Path, workers: int, tmp: Path) -> tuple[float, int, str]:
    out = tmp / f"e2e{workers}.jsonl"
    out.unlink(missing_ok=True)
    t0 = time.perf_counter()
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "formaljudge",
            "audit",
            str(data),
            "-p",
            "safety",
            "-w",
            str(workers),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - t0
    if r.returncode not in (0, 1, 3):
        raise SystemExit(f"audit failed ({r.returncode}): {r.stderr[-2000:]}")
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    return wall, len(rows), ",".join(sorted({r.get("reader", "?") for r in rows if "reader" in r}))


def replicate(data: Path, times: int, tmp: Path) -> Path:
    records = json.loads(data.read_text())
    p = tmp / f"x{times}.json"
    with p.open("w") as f:  # one pretty-printed JSON array: read element by element
        f.write("[\n")
        for k in range(times):
            for i, r in enumerate(records):
                r = {**r, "id": f"{r.get('id', i)}-{k}"}
                f.write(("" if k == 0 and i == 0 else ",\n") + json.dumps(r, indent=1))
        f.write("\n]\n")
    return p


def peak_rss(path: Path, tmp: Path) -> float:
    out = tmp / "peak.jsonl"
    out.unlink(missing_ok=True)
    r = subprocess.run([sys.executable, "-c", PEAK, str(path), str(TEN), str(out)], capture_output=True, text=True)
    return int(r.stdout.strip().splitlines()[-1]) / 1024


def per_length() -> list[tuple[int, int, float]]:
    sys.path.insert(0, str(HERE))
    from synthetic import session

    from formaljudge.judge import judge
    from formaljudge.policies import load_policy
    from formaljudge.traces import parse_record

    spec = load_policy(TEN)
    rows = []
    for n in (25, 100, 400, 1600):
        t = parse_record({"id": f"s{n}", "messages": session(n)})
        judge(t, spec)
        times = []
        for _ in range(max(3, 800 // n)):
            c0 = time.process_time()
            judge(t, spec)
            times.append(time.process_time() - c0)
        rows.append((n, len(t.steps), statistics.median(times) * 1e3))
    return rows


def guard_medians(repeats: int = 5) -> dict[int, float]:
    """The guard's median check near 25 and 200 steps, over ``repeats`` sessions pooled, measured as
    ``bench_guard.py`` measures it (ten-constraint policy, embedded reader, one reusing guard per session)."""
    sys.path.insert(0, str(HERE))
    from bench_guard import replay

    from formaljudge.policies import load_policy
    from formaljudge.readers import make_reader

    spec = load_policy(TEN)
    reader = make_reader("embedded")
    times: list[tuple[int, float, float]] = []
    for _ in range(repeats):
        times += replay(spec, reader, 200, reuse=True)[0]
    return {m: statistics.median(t for n, t, _ in times if m - 10 <= n <= m) for m in (25, 200)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="ASSEBench (or any R-Judge-format) JSON file.")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="N for the end-to-end run.")
    ap.add_argument("--e2e-records", type=int, default=0, help="End to end on the first N records (0: all).")
    ap.add_argument("--baseline", type=Path, help="Another checkout (its root) to measure the symbolic stage of.")
    ap.add_argument("--repeat", type=int, default=3, help="Passes of the symbolic stage (the median is shown).")
    ap.add_argument("--skip-e2e", action="store_true", help="Leave out the end-to-end runs (the slow part).")
    ap.add_argument("--only", choices=["symbolic"], help="Print one section alone: symbolic (section 1).")
    args = ap.parse_args()
    data: Path = args.data
    print(f"bench_scale · {time.strftime('%Y-%m-%d %H:%M')} · {os.cpu_count()} CPUs · load {os.getloadavg()[0]:.1f}")
    print(f"data: {data} · policy for the symbolic stage: {TEN.name}")

    runs: list[dict[str, float]] = []
    base_runs: list[dict[str, float]] = []
    for _ in range(args.repeat):  # interleaved with the baseline's, so that both see the same load
        runs.append(symbolic(data, None))
        if args.baseline:
            base_runs.append(symbolic(data, args.baseline))
    s = _median(runs)
    print(
        f"\n1. symbolic stage: {s['n']} trajectories, {s['n'] / s['cpu']:.0f} traj/s per core (CPU time), "
        f"{s['n'] / s['wall']:.0f} traj/s wall, one process set up as audit does"
        f"{' (heap frozen after loading)' if s.get('frozen') else ''}; median of {len(runs)} passes: "
        + ", ".join(f"{r['n'] / r['cpu']:.0f}" for r in runs)
    )
    lib = symbolic(data, None, "library")
    print(f"   plain loop of judge() calls (no set-up step): {lib['n'] / lib['cpu']:.0f} traj/s per core")
    if args.baseline:
        b = _median(base_runs)
        print(
            f"   baseline {args.baseline}: {b['n'] / b['cpu']:.0f} traj/s per core, {b['n'] / b['wall']:.0f} wall "
            f"(median of {len(base_runs)}, set up as its audit does"
            f"{', heap frozen' if b.get('frozen') else ''}); this code is {b['cpu'] / s['cpu']:.2f}x as fast per core"
        )
    print("   profile (cProfile, top by own time):")
    print(profile_top(data))
    if args.only == "symbolic":
        return

    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        if not args.skip_e2e:
            sub = data
            if args.e2e_records:
                sub = tmp / "sub.json"
                sub.write_text(json.dumps(json.loads(data.read_text())[: args.e2e_records]))
            w1, n1, dev1 = end_to_end(sub, 1, tmp)
            wn, nn, devn = end_to_end(sub, args.workers, tmp)
            r1, rn = n1 / w1, nn / wn
            print(f"\n2. end to end, embedded reader, policy safety, {n1} records (model loading included):")
            print(
                f"   1 worker: {r1:.1f} traj/s ({w1:.1f} s); {args.workers} workers: {rn:.1f} traj/s ({wn:.1f} s); "
                f"parallel efficiency {rn / (args.workers * r1):.2f}"
            )
            from formaljudge.readers._embedder import load_embedder

            emb = load_embedder()
            print(f"   reader: {dev1 or devn}; encoder device: {emb.device if emb else 'none (cues only)'}")
        rss = {}
        for times in (1, 4, 16):
            rss[times] = peak_rss(replicate(data, times, tmp), tmp)
        print("\n3. peak RSS of audit (one process, no reader, ten-constraint policy, JSON array input):")
        print("   " + ", ".join(f"{k}x: {v:.0f} MB" for k, v in rss.items()) + f"; 16x/1x = {rss[16] / rss[1]:.2f}")

    rows = per_length()
    print("\n4. time per trajectory by length (synthetic sessions, ten-constraint policy, CPU time, median):")
    base = rows[0][2] / rows[0][1]
    for n, steps, ms in rows:
        print(
            f"   {n:5} steps: {ms:8.2f} ms  ({ms / steps * 1e3:6.1f} us per step, {ms / steps / base:.2f}x the "
            "per-step time at 25)"
        )
    g = guard_medians()
    print(
        f"\n5. guard median check (5 sessions pooled, as bench_guard.py): {g[25]:.2f} ms at 25 steps,"
        f" {g[200]:.2f} ms at 200 steps ({g[200] / g[25]:.2f}x)"
    )


if __name__ == "__main__":
    main()
