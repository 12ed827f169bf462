"""The Dafny backend: write the program, run the verifier, read back the verdicts.

One verifier process per batch of traces (starting Dafny costs about a
second). A lemma that verifies decides its constraint; a verifier timeout,
crash, resource limit or parse error leaves the constraint UNKNOWN with the
reason, never a pass.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from formaljudge.backends._dafny_emit import Program, emit_program
from formaljudge.backends._verdict import ConstraintResult, ForcingFact, Verdict
from formaljudge.errors import BackendUnavailable
from formaljudge.extract._ground import GExpr, atoms_of
from formaljudge.ir._spec import Constraint, PolicySpec

INSTALL_HINT = "dafny not found: install it with `apt-get install -y dafny` (Dafny 2.3) or from https://dafny.org"
_LINE = re.compile(r"\((\d+),\d+\): Error")
_SUMMARY = re.compile(r"Dafny program verifier finished with (\d+) verified, (\d+) errors?(?:, (\d+) time outs?)?")
_TIMEOUT = re.compile(r"\((\d+),\d+\):.*timed out", re.IGNORECASE)


@dataclass(frozen=True)
class DafnyTool:
    path: str
    major: int

    def command(self, file: Path, timeout_s: int) -> list[str]:
        if self.major >= 4:
            return [self.path, "verify", "--verification-time-limit", str(timeout_s), str(file)]
        return [self.path, "/compile:0", "/nologo", "/vcsCores:2", f"/timeLimit:{timeout_s}", str(file)]


@lru_cache(maxsize=1)
def find_dafny() -> DafnyTool:
    path = shutil.which("dafny")
    if path is None:
        raise BackendUnavailable(INSTALL_HINT)
    out = ""
    for args in (["--version"], ["/version"]):
        try:
            proc = subprocess.run([path, *args], capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise BackendUnavailable(f"dafny did not start: {exc}") from None
        out += proc.stdout + proc.stderr
        m = re.search(r"(\d+)\.(\d+)\.\d+", out)
        if m:
            return DafnyTool(path, int(m.group(1)))
    raise BackendUnavailable(f"cannot tell which Dafny {path} is: {out[:200]!r}")


def clean_output(text: str) -> str:
    """Drop Dafny 2.3's harmless prover noise about 'model_compress'."""
    out: list[str] = []
    skipping = False
    for line in text.splitlines():
        if "unknown parameter 'model_compress'" in line:
            skipping = True
            continue
        if skipping and (line.startswith("Legal parameters") or line.startswith("  ")):
            continue
        skipping = False
        out.append(line)
    return "\n".join(out)


def read_verdicts(program: Program, output: str, returncode: int) -> tuple[dict[tuple[int, str, str], bool], str]:
    """Which lemmas verified, from the verifier's output; ``{}`` and a reason when it did not run through."""
    summary = _SUMMARY.search(output)
    if summary is None:
        first = next((line for line in output.splitlines() if line.strip()), f"exit status {returncode}")
        return {}, f"Dafny did not verify the program: {first[:300]}"
    failed_lines = {int(m.group(1)) for m in _LINE.finditer(output)}
    timed_out = {int(m.group(1)) for m in _TIMEOUT.finditer(output)}
    result: dict[tuple[int, str, str], bool] = {}
    for lemma in program.lemmas:
        span = range(lemma.first_line, lemma.last_line + 1)
        if any(line in span for line in timed_out):
            continue  # undecided
        result[(lemma.trace_index, lemma.constraint, lemma.polarity)] = not any(line in span for line in failed_lines)
    return result, ""


def solve_dafny(
    batch: list[tuple[str, list[tuple[Constraint, GExpr]]]],
    spec: PolicySpec,
    *,
    timeout_s: int = 20,
    keep: Path | None = None,
) -> list[list[ConstraintResult]]:
    """Verdicts for a batch of grounded traces, from one Dafny run."""
    tool = find_dafny()
    program = emit_program(spec, batch)
    with tempfile.TemporaryDirectory(prefix="formaljudge-") as tmp:
        file = Path(tmp) / "policy.dfy"
        file.write_text(program.text, encoding="utf-8")
        if keep is not None:
            keep.write_text(program.text, encoding="utf-8")
        budget = timeout_s * max(1, len(program.lemmas)) + 60
        try:
            proc = subprocess.run(tool.command(file, timeout_s), capture_output=True, text=True, timeout=budget)
            output, code = clean_output(proc.stdout + proc.stderr), proc.returncode
        except subprocess.TimeoutExpired:
            output, code = "", -1
    proved, failure = read_verdicts(program, output, code)
    if code == -1:
        failure = f"Dafny ran past {budget} s"
    results: list[list[ConstraintResult]] = []
    for ti, (_, grounded) in enumerate(batch):
        row = []
        for c, g in grounded:
            known = [a for a in atoms_of(g) if a.value is not None]
            forcing = [
                ForcingFact(key=a.key, label=a.label, value=a.value, source=a.source, evidence=list(a.evidence))
                for a in known
            ]
            base = {"id": c.id, "sentence": c.sentence, "category": c.category}
            if proved.get((ti, c.id, "fails")):
                row.append(
                    ConstraintResult(
                        **base, verdict=Verdict.VIOLATED, reason="Dafny proved the negation", forcing=forcing
                    )
                )
            elif proved.get((ti, c.id, "holds")):
                row.append(
                    ConstraintResult(**base, verdict=Verdict.SATISFIED, reason="Dafny proved it", forcing=forcing)
                )
            else:
                reason = failure or (
                    "verifier timed out"
                    if (ti, c.id, "holds") not in proved
                    else "depends on facts that could not be read"
                )
                unknown = [a.label for a in atoms_of(g) if a.value is None]
                row.append(ConstraintResult(**base, verdict=Verdict.UNKNOWN, reason=reason, depends_on=unknown))
        results.append(row)
    return results
