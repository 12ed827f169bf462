"""``formaljudge verify``: one verifier run over a spec and a batch of traces."""

from __future__ import annotations

import sys
from pathlib import Path

from formaljudge.backends import Verdict
from formaljudge.cli._audit import EXIT_BAD_INPUT, exit_code
from formaljudge.cli._inputs import load_all
from formaljudge.errors import FormalJudgeError
from formaljudge.judge import JudgeReport, ground_trace, judge


def run_verify(spec_ref: str, paths: list[Path], *, backend: str, emit: Path | None, timeout_s: int) -> int:
    from formaljudge.policies import load_policy

    try:
        spec = load_policy(spec_ref)
        traces, errors = load_all(paths)
        for e in errors:
            print(f"bad input: {e}", file=sys.stderr)
        print(f"spec {spec.name}: {len(spec.facts)} facts, {len(spec.constraints)} constraints, hash {spec.hash}")
        if not traces:
            return EXIT_BAD_INPUT if errors else 0
        reports: list[JudgeReport] = []
        if backend == "dafny":
            from formaljudge.backends._dafny import solve_dafny
            from formaljudge.extract import NoReader
            from formaljudge.judge._judge import _report

            grounded = [ground_trace(t, spec) for t in traces]
            rows = solve_dafny(
                [(t.id, g[0]) for t, g in zip(traces, grounded, strict=True)], spec, timeout_s=timeout_s, keep=emit
            )
            reports = [
                _report(t, spec, "dafny", NoReader(), row, g[1], g[2])
                for t, g, row in zip(traces, grounded, rows, strict=True)
            ]
            if emit is not None:
                print(f"wrote {emit}")
        else:
            reports = [judge(t, spec, timeout_ms=timeout_s * 1000) for t in traces]
    except FormalJudgeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for r in reports:
        bad = [f"{c.id}={c.verdict.value}" for c in r.constraints if c.verdict is not Verdict.SATISFIED]
        print(f"{r.trace_id}: {r.verdict.value}" + (f" ({', '.join(bad)})" if bad else ""))
    return exit_code(reports, errors)
