"""The ``formaljudge`` command line."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from formaljudge.cli._audit import run_audit

app = typer.Typer(
    help="FormalJudge: audit what LLM agents did against a policy, with verdicts proved by a solver.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


class Backend(StrEnum):
    z3 = "z3"
    dafny = "dafny"


@app.command()
def audit(
    traces: Annotated[
        list[Path],
        typer.Argument(
            help="Trace files (.json or .jsonl; OpenAI, Anthropic, R-Judge/ASSEBench or labeled "
            "records, auto-detected) or directories to search for them."
        ),
    ],
    policy: Annotated[
        list[str],
        typer.Option(
            "--policy",
            "-p",
            help="A shipped policy name (see `formaljudge policies`) or a spec JSON "
            "file. Repeat to audit against several policies.",
        ),
    ],
    fmt: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="table: a readable report with the steps that prove each "
            "violation; json: one document; jsonl: one report per line.",
        ),
    ] = OutputFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file instead of stdout.")
    ] = None,
    backend: Annotated[
        Backend, typer.Option("--backend", "-b", help="Solver that proves the verdicts: z3 (embedded) or dafny.")
    ] = Backend.z3,
    timeout_ms: Annotated[
        int, typer.Option("--timeout-ms", min=1, help="Solver time limit per check; a timeout gives UNKNOWN.")
    ] = 2000,
    brief: Annotated[
        bool, typer.Option("--brief", help="Table format: list verdicts only, without the evidence for each.")
    ] = False,
) -> None:
    """Audit trajectories against policies.

    Exit codes: 0 all satisfied, 1 some violation, 2 bad input or usage,
    3 inconclusive (some verdict UNKNOWN, nothing violated).
    """
    code = run_audit(
        traces,
        policy,
        fmt=fmt.value,
        output=output,
        backend=backend.value,
        timeout_ms=timeout_ms,
        details=not brief,
    )
    raise typer.Exit(code)


@app.command()
def policies(
    name: Annotated[
        str | None, typer.Argument(help="Print this policy (a shipped name or a spec file) as JSON.")
    ] = None,
    dafny: Annotated[
        bool, typer.Option("--dafny", help="Print the policy as a readable Dafny library instead of JSON.")
    ] = False,
    write_dafny: Annotated[
        Path | None,
        typer.Option("--write-dafny", help="Write every shipped policy as DIR/<name>.dfy (how dafny_specs/ is made)."),
    ] = None,
) -> None:
    """List the shipped policies, or print one as JSON or Dafny."""
    from formaljudge.backends._dafny_policy import emit_policy
    from formaljudge.errors import FormalJudgeError
    from formaljudge.policies import load_policy, shipped, write_dafny_specs

    if write_dafny is not None:
        for path in write_dafny_specs(write_dafny):
            typer.echo(f"wrote {path}")
        return
    if name is None:
        for n in shipped():
            spec = load_policy(n)
            typer.echo(f"{n:16} {len(spec.constraints):2} constraints  {spec.description[:90]}")
        return
    try:
        spec = load_policy(name)
        typer.echo(emit_policy(spec) if dafny else spec.to_json())
    except FormalJudgeError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


def main() -> None:
    app()


@app.command()
def verify(
    spec_file: Annotated[str, typer.Argument(help="A shipped policy name or a spec JSON file.")],
    traces: Annotated[
        list[Path] | None, typer.Argument(help="Trace files or directories to verify against the spec.")
    ] = None,
    backend: Annotated[
        Backend, typer.Option("--backend", "-b", help="Solver: z3 (embedded) or dafny.")
    ] = Backend.dafny,
    emit: Annotated[
        Path | None,
        typer.Option("--emit", help="Dafny backend: write the program that was verified here, to re-check by hand."),
    ] = None,
    timeout_s: Annotated[int, typer.Option("--timeout-s", min=1, help="Verifier time limit per lemma.")] = 20,
) -> None:
    """Check a spec, and prove its verdicts on traces with one verifier run.

    Without traces, the spec is only type-checked. Exit codes as for audit.
    """
    from formaljudge.cli._verify import run_verify

    raise typer.Exit(run_verify(spec_file, traces or [], backend=backend.value, emit=emit, timeout_s=timeout_s))
