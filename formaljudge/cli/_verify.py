"""``formaljudge verify``: one verifier run over a spec and a batch of traces."""

from __future__ import annotations

import sys
from pathlib import Path

from formaljudge.backends import Verdict
from formaljudge.cli._exit import EXIT_BAD_INPUT, EXIT_PROVIDER_ERRORS, exit_code
from formaljudge.cli._inputs import load_all
from formaljudge.errors import FormalJudgeError
from formaljudge.extract import Reader
from formaljudge.ir._facts import Question
from formaljudge.judge import judge_many
from formaljudge.llm._errors import ProviderError


def run_verify(
    spec_ref: str,
    paths: list[Path],
    *,
    backend: str,
    emit: Path | None,
    timeout_s: int,
    reader: Reader | None = None,
) -> int:
    from formaljudge.policies import load_policy

    try:
        spec = load_policy(spec_ref)
        traces, errors = load_all(paths)
        for e in errors:
            print(f"bad input: {e}", file=sys.stderr)
        print(f"spec {spec.name}: {len(spec.facts)} facts, {len(spec.constraints)} constraints, hash {spec.hash}")
        asked = [f.name for f in spec.facts if isinstance(f.source, Question)]
        if traces and asked:
            name = reader.name if reader is not None else "none"
            note = " (they stay UNKNOWN)" if name == "none" else ""
            print(f"reader {name} answers {len(asked)} question facts{note}: {', '.join(asked)}")
        if not traces:
            return EXIT_BAD_INPUT if errors else 0
        reports = list(
            judge_many(
                traces,
                spec,
                backend=backend,
                reader=reader,
                timeout_ms=timeout_s * 1000,
                batch_size=len(traces),
                dafny_time_limit_s=timeout_s,
                dafny_program=emit if backend == "dafny" else None,
            )
        )
        if emit is not None and backend == "dafny":
            print(f"wrote {emit}")
    except ProviderError as exc:
        print(f"error: the reader's model failed: {exc}", file=sys.stderr)
        return EXIT_PROVIDER_ERRORS
    except FormalJudgeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for r in reports:
        bad = [f"{c.id}={c.verdict.value}" for c in r.constraints if c.verdict is not Verdict.SATISFIED]
        print(f"{r.trace_id}: {r.verdict.value}" + (f" ({', '.join(bad)})" if bad else ""))
    return exit_code(reports, errors)
