"""Does a compiled spec go through a backend? Its errors go back to the compiler for repair."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from formaljudge.ir._spec import PolicySpec
from formaljudge.traces._model import Step, StepKind, Trace

_PROBE = Trace(
    id="probe",
    task="probe",
    steps=(
        Step(index=0, kind=StepKind.USER, text="probe"),
        Step(index=1, kind=StepKind.TOOL_CALL, tool="probe", args={"amount": 1}),
        Step(index=2, kind=StepKind.TOOL_RESULT, text="ok", result_of=1),
        Step(index=3, kind=StepKind.FINAL, text="done"),
    ),
)


def dafny_problems(spec: PolicySpec, *, timeout_s: int = 60) -> list[str]:
    """The Dafny verifier's errors on the spec emitted as a Dafny library (none: it verifies)."""
    from formaljudge.backends._dafny import clean_output, find_dafny
    from formaljudge.backends._dafny_policy import emit_policy

    tool = find_dafny()
    with tempfile.TemporaryDirectory(prefix="formaljudge-") as tmp:
        file = Path(tmp) / f"{spec.name or 'policy'}.dfy"
        file.write_text(emit_policy(spec), encoding="utf-8")
        try:
            proc = subprocess.run(tool.command(file, timeout_s), capture_output=True, text=True, timeout=timeout_s + 60)
        except subprocess.TimeoutExpired:
            return [f"Dafny ran past {timeout_s + 60} s on the emitted spec"]
    out = clean_output(proc.stdout + proc.stderr).replace(str(file), "spec.dfy")
    if proc.returncode == 0:
        return []
    errors = [line.strip() for line in out.splitlines() if "rror" in line or "parse" in line.lower()]
    return [f"Dafny rejected the emitted spec: {e}" for e in (errors or [out.strip()[:400]])][:10]


def z3_problems(spec: PolicySpec, *, timeout_ms: int = 2000) -> list[str]:
    """Problems the Z3 backend has deciding the spec on a small probe trace (timeouts, solver failures)."""
    from formaljudge.backends._z3 import solve_z3
    from formaljudge.judge import ground_trace

    grounded, _, _ = ground_trace(_PROBE, spec)
    return [
        f"constraint {r.id}: the Z3 backend could not decide it ({r.reason})"
        for r in solve_z3(grounded, timeout_ms=timeout_ms)
        if r.reason.startswith("solver gave up")
    ]


def backend_problems(backend: str) -> Callable[[PolicySpec], list[str]]:
    """The ``extra_check`` for ``compile_policy`` that runs ``backend`` (dafny or z3) on each candidate spec."""
    if backend == "dafny":
        return lambda spec: dafny_problems(spec)
    return lambda spec: z3_problems(spec)
