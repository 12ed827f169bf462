"""The Dafny backend: write the program, run the verifier, read back the verdicts.

One verifier process per batch of traces (starting Dafny costs about a
second). A proof that verifies decides its constraint; a verifier timeout,
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

from formaljudge.backends._dafny_emit import Claim, Grounded, Program, emit_program
from formaljudge.backends._verdict import ConstraintResult, ForcingFact, Verdict
from formaljudge.backends._z3 import forcing_fact, solve_with_witnesses
from formaljudge.errors import BackendUnavailable
from formaljudge.extract._ground import GExpr, atoms_of
from formaljudge.ir._spec import PolicySpec

INSTALL_HINT = "dafny not found: install it with `apt-get install -y dafny` (Dafny 2.3) or from https://dafny.org"
_LINE = re.compile(r"\((\d+),\d+\): Error")
_SUMMARY = re.compile(r"Dafny program verifier finished with (\d+) verified, (\d+) errors?(?:, (\d+) time outs?)?")
_RELATED = re.compile(r"\((\d+),\d+\): Related location")
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
    """Which independent lemmas verified, from the verifier's output; ``{}`` and a reason when it did not run."""
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


def read_certificates(program: Program, output: str) -> set[int]:
    """The traces whose certificate lemma verified (every claim in it proved)."""
    if _SUMMARY.search(output) is None:
        return set()
    bad = {int(m.group(1)) for m in _LINE.finditer(output)} | {int(m.group(1)) for m in _TIMEOUT.finditer(output)}
    bad |= {int(m.group(1)) for m in _RELATED.finditer(output)}
    proved: set[int] = set()
    for cert in program.certificates:
        if not any(cert.first_line <= line <= cert.last_line for line in bad):
            proved.update(cert.trace_indices)
    return proved


def _run(tool: DafnyTool, program: Program, timeout_s: int, keep: Path | None) -> tuple[str, int, str]:
    """Verify one program: (cleaned output, exit status, why it did not run through or "")."""
    with tempfile.TemporaryDirectory(prefix="formaljudge-") as tmp:
        file = Path(tmp) / "policy.dfy"
        file.write_text(program.text, encoding="utf-8")
        if keep is not None:
            keep.write_text(program.text, encoding="utf-8")
        budget = timeout_s * max(1, len(program.lemmas) + len(program.certificates)) + 60
        try:
            proc = subprocess.run(tool.command(file, timeout_s), capture_output=True, text=True, timeout=budget)
        except subprocess.TimeoutExpired:
            return "", -1, f"Dafny ran past {budget} s"
    return clean_output(proc.stdout + proc.stderr), proc.returncode, ""


def _facts(g: GExpr) -> list[ForcingFact]:
    return [forcing_fact(a) for a in atoms_of(g) if a.value is not None]


def _independent(
    batch: list[tuple[str, Grounded]], proved: dict[tuple[int, str, str], bool], failure: str
) -> list[list[ConstraintResult]]:
    """Each trace's verdicts from its ``_holds``/``_fails`` lemmas."""
    out: list[list[ConstraintResult]] = []
    for ti, (_, grounded) in enumerate(batch):
        row = []
        for c, g in grounded:
            base = {"id": c.id, "sentence": c.sentence, "category": c.category}
            if proved.get((ti, c.id, "fails")):
                row.append(
                    ConstraintResult(
                        **base, verdict=Verdict.VIOLATED, reason="Dafny proved the negation", forcing=_facts(g)
                    )
                )
            elif proved.get((ti, c.id, "holds")):
                row.append(
                    ConstraintResult(**base, verdict=Verdict.SATISFIED, reason="Dafny proved it", forcing=_facts(g))
                )
            else:
                reason = failure or (
                    "verifier timed out"
                    if (ti, c.id, "holds") not in proved
                    else "depends on facts that could not be read"
                )
                unknown = [a.label for a in atoms_of(g) if a.value is None]
                row.append(ConstraintResult(**base, verdict=Verdict.UNKNOWN, reason=reason, depends_on=unknown))
        out.append(row)
    return out


_CERTIFIED = {
    Verdict.VIOLATED: "Dafny proved the negation for every value of the unknown facts",
    Verdict.SATISFIED: "Dafny proved it for every value of the unknown facts",
    Verdict.UNKNOWN: "Dafny proved it holds for some values of the unknown facts and fails for others",
}


def solve_dafny(
    batch: list[tuple[str, Grounded]],
    spec: PolicySpec,
    *,
    timeout_s: int = 20,
    keep: Path | None = None,
    certify: bool = True,
) -> list[list[ConstraintResult]]:
    """Verdicts for a batch of grounded traces, proved by Dafny.

    With ``certify`` (the default) Z3 predicts each verdict and Dafny proves
    the prediction (a certificate lemma per 50 traces); the traces of a
    certificate that does not verify are decided again by independent
    lemmas in a second run. Without it, every constraint is decided by
    independent lemmas. Either way a verdict is one that Dafny proved.
    ``keep`` receives the program verified (and ``<stem>.recheck.dfy`` the
    second one, when there was one).
    """
    tool = find_dafny()
    results: dict[int, list[ConstraintResult]] = {}
    todo = list(range(len(batch)))
    if certify:
        solved = [solve_with_witnesses(g, timeout_ms=timeout_s * 1000) for _, g in batch]
        claims = [[Claim(s.result.verdict, s.holds_with, s.fails_with) for s in row] for row in solved]
        program = emit_program(spec, batch, claims)
        output, code, failure = _run(tool, program, timeout_s, keep)
        proved, lemma_failure = read_verdicts(program, output, code)
        certified = read_certificates(program, output)
        indep = _independent(batch, proved, failure or lemma_failure)
        for ti, row in enumerate(solved):
            if ti not in certified:
                continue
            results[ti] = [
                r.result.model_copy(update={"reason": _CERTIFIED[r.result.verdict]})
                if claims[ti][ci].certifiable
                else indep[ti][ci]
                for ci, r in enumerate(row)
            ]
        todo = [ti for ti in todo if ti not in certified]
    if todo:
        sub = [batch[ti] for ti in todo]
        program = emit_program(spec, sub)
        recheck = keep.with_name(keep.stem + ".recheck.dfy") if keep is not None and certify else keep
        output, code, failure = _run(tool, program, timeout_s, recheck)
        proved, lemma_failure = read_verdicts(program, output, code)
        for ti, decided in zip(todo, _independent(sub, proved, failure or lemma_failure), strict=True):
            results[ti] = decided
    return [results[ti] for ti in range(len(batch))]
