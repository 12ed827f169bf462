"""The ``formaljudge`` command line."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from formaljudge.cli._audit import run_audit
from formaljudge.readers._resolve import READERS_HELP

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
    html = "html"


class Backend(StrEnum):
    z3 = "z3"
    dafny = "dafny"


@app.command()
def audit(
    traces: Annotated[
        list[Path],
        typer.Argument(
            help="Trace files (.json or .jsonl; OpenAI, Anthropic, R-Judge/ASSEBench or labeled "
            "records, Inspect .eval logs, OTLP JSON spans; auto-detected) or directories to search for them."
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
            "violation; json: one document; jsonl: one report per line; html: one self-contained page "
            "(filters, each trajectory with its evidence highlighted; works offline) — give -o report.html.",
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
    reader: Annotated[
        str, typer.Option("--reader", "-r", help=f"Who answers the facts code cannot read: {READERS_HELP}.")
    ] = "embedded",
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Call the LLM reader even for answers already cached on disk.")
    ] = False,
    export_otel: Annotated[
        bool,
        typer.Option(
            "--export-otel",
            help="Also send each verdict as an OpenTelemetry span (inside the audited trace when it came from "
            "OTLP spans) with the OTLP exporter set by OTEL_EXPORTER_OTLP_* variables (extra otel).",
        ),
    ] = False,
) -> None:
    """Audit trajectories against policies.

    Exit codes: 0 all satisfied, 1 some violation, 2 bad input or usage,
    3 inconclusive (some verdict UNKNOWN, nothing violated).
    """
    from formaljudge.errors import FormalJudgeError
    from formaljudge.readers import make_reader

    try:
        the_reader = make_reader(reader, use_cache=not no_cache)
    except FormalJudgeError as exc:
        typer.echo(f"error: --reader {reader}: {exc}", err=True)
        raise typer.Exit(2) from None
    code = run_audit(
        traces,
        policy,
        fmt=fmt.value,
        output=output,
        backend=backend.value,
        reader=the_reader,
        timeout_ms=timeout_ms,
        details=not brief,
        export_otel=export_otel,
    )
    raise typer.Exit(code)


@app.command("compile")
def compile_cmd(
    policy_file: Annotated[Path, typer.Argument(help="The policy in plain language (a text file).")],
    out: Annotated[Path, typer.Option("--output", "-o", help="Where to write the compiled spec JSON.")],
    model: Annotated[
        str,
        typer.Option("--model", "-m", help="The compiler model: openai:MODEL or transformers:NAME_OR_PATH."),
    ] = "openai:",
    name: Annotated[str | None, typer.Option("--name", help="The policy's name (default: the file's stem).")] = None,
    attempts: Annotated[
        int, typer.Option("--attempts", min=1, help="Tries, each failure sent back to the model with its errors.")
    ] = 3,
    dafny_out: Annotated[
        Path | None, typer.Option("--dafny", help="Also write the spec as a readable Dafny file here.")
    ] = None,
    check: Annotated[
        Backend | None,
        typer.Option(
            "--check",
            help="Also run each candidate spec through this backend (dafny: verify the emitted Dafny; z3: decide "
            "a probe trace); its errors go back to the model for repair, within --attempts.",
        ),
    ] = None,
) -> None:
    """Compile a natural-language policy into a checked JSON spec (and Dafny), with an LLM.

    The spec is validated (shape, names, types) and checked with Z3 for
    constraints that can never hold, always hold or contradict each other;
    each failure goes back to the model. Replies are cached on disk.
    """
    from formaljudge.backends._dafny_policy import emit_policy
    from formaljudge.compile import backend_problems, compile_policy
    from formaljudge.errors import FormalJudgeError
    from formaljudge.llm import CachedLLM, make_llm

    try:
        text = policy_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        typer.echo(f"error: {policy_file}: cannot read: {exc}", err=True)
        raise typer.Exit(2) from None
    try:
        llm = CachedLLM(make_llm(model))
        extra = backend_problems(check.value) if check is not None else None
        spec = compile_policy(text, llm, name=name or policy_file.stem, attempts=attempts, extra_check=extra)
    except FormalJudgeError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    out.write_text(spec.to_json() + "\n", encoding="utf-8")
    if dafny_out is not None:
        dafny_out.write_text(emit_policy(spec), encoding="utf-8")
    u = llm.usage
    typer.echo(
        f"wrote {out}: {len(spec.facts)} facts, {len(spec.constraints)} constraints "
        f"({u.calls} calls, {u.cached_calls} cached, {u.prompt_tokens + u.completion_tokens} tokens)"
    )


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


@app.command()
def bench(
    dataset: Annotated[Path, typer.Argument(help="A labeled data set (JSON or JSONL; ASSEBench, deception-dev, ...).")],
    policy: Annotated[
        str,
        typer.Option(
            "--policy", "-p", help="A shipped policy (deception, safety, safety:injection, ...) or a spec file."
        ),
    ],
    reader: Annotated[
        str, typer.Option("--reader", "-r", help=f"Who answers the facts code cannot read: {READERS_HELP}.")
    ] = "embedded",
    judge: Annotated[
        list[str] | None,
        typer.Option(
            "--judge",
            "-j",
            help="Which judges to run, repeatable: formal (FormalJudge), llm, llm-cot, llm-fewshot, llm-structured "
            "(the LLM-as-a-judge baselines, on --model), or all. Default: formal, plus every baseline when --model "
            "is given.",
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option("--model", "-m", help="The model the baselines run on: openai:MODEL or transformers:PATH."),
    ] = None,
    backend: Annotated[Backend, typer.Option("--backend", "-b", help="Solver: z3 or dafny.")] = Backend.z3,
    concurrency: Annotated[
        int, typer.Option("--concurrency", "-c", min=1, help="Traces judged at once (LLM calls in flight).")
    ] = 4,
    persuasion: Annotated[
        bool,
        typer.Option(
            "--persuasion",
            help="Also judge every positive trace with self-assurances and notes to the evaluator appended to its "
            "final answer, and list each verdict that changes.",
        ),
    ] = False,
    resume: Annotated[
        Path | None,
        typer.Option("--resume", help="Keep per-trace results in this JSONL file; a rerun skips what it holds."),
    ] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write every figure as JSON here.")] = None,
    html_out: Annotated[
        Path | None,
        typer.Option(
            "--html",
            help="Also write a self-contained HTML report here: each judge's figures with 95% intervals, confusion "
            "matrices, recall per category, and every error linked to its trajectory and evidence.",
        ),
    ] = None,
    skip_bad: Annotated[
        bool,
        typer.Option(
            "--skip-bad",
            help="Exit 0 even when some records could not be read (they are listed and left out of the figures); "
            "without it such a run exits 2.",
        ),
    ] = False,
) -> None:
    """Measure detection on labeled trajectories: accuracy, precision, recall, F1, 95% CI, per group.

    A trace counts as flagged when any constraint is VIOLATED or UNKNOWN
    (UNKNOWN is never counted as compliant). Labels and annotations
    (risk_description, why, pattern, ...) are never shown to any reader or judge.
    """
    from formaljudge.cli._bench import run_bench_cmd

    raise typer.Exit(
        run_bench_cmd(
            dataset,
            policy,
            reader=reader,
            judges=judge,
            model=model,
            backend=backend.value,
            concurrency=concurrency,
            persuasion=persuasion,
            resume=resume,
            json_out=json_out,
            html_out=html_out,
            skip_bad=skip_bad,
        )
    )


@app.command("refine")
def refine_cmd(
    task_file: Annotated[
        Path, typer.Argument(help="A task file (JSON): task, tools (OpenAI function schemas), tool_results.")
    ],
    policy: Annotated[str, typer.Option("--policy", "-p", help="A shipped policy or a spec JSON file.")],
    model: Annotated[
        str,
        typer.Option("--model", "-m", help="The agent: a model on an OpenAI-compatible endpoint (OPENAI_BASE_URL)."),
    ],
    rounds: Annotated[int, typer.Option("--rounds", min=1, help="Most attempts, the first one included.")] = 3,
    feedback: Annotated[
        str,
        typer.Option("--feedback", help="What the agent is told: dafny (the predicate), z3 (the formula) or natural."),
    ] = "dafny",
    reader: Annotated[
        str, typer.Option("--reader", "-r", help=f"Who answers the facts code cannot read: {READERS_HELP}.")
    ] = "embedded",
    json_out: Annotated[Path | None, typer.Option("--json", help="Write every round as JSON here.")] = None,
) -> None:
    """Run an agent on a task, judge it, feed the violations back, and run it again until the policy holds.

    Exit codes: 0 the last round satisfies the policy, 1 it does not, 2 bad input.
    """
    from formaljudge.errors import FormalJudgeError
    from formaljudge.policies import load_policy
    from formaljudge.readers import make_reader
    from formaljudge.refine import STYLES, refine
    from formaljudge.refine._openai_agent import OpenAIToolAgent, TaskFile

    if feedback not in STYLES:
        typer.echo(f"error: --feedback must be one of {', '.join(STYLES)}", err=True)
        raise typer.Exit(2)
    try:
        spec = load_policy(policy)
        task = TaskFile.load(task_file)
        agent = OpenAIToolAgent(task, model.removeprefix("openai:"))
        the_reader = make_reader(reader)
    except FormalJudgeError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    result = refine(
        task.task,
        agent,
        spec,
        rounds=rounds,
        feedback=feedback,
        reader=the_reader,
        on_round=lambda r: typer.echo(
            f"round {r.n}: {r.verdict}"
            + (f"; violated {', '.join(r.violated)}" if r.violated else "")
            + (f"; fixed {', '.join(r.fixed)}" if r.fixed else "")
            + (f"; newly broken {', '.join(r.broke)}" if r.broke else "")
        ),
    )
    if json_out is not None:
        json_out.write_text(result.model_dump_json(indent=2) + "\n", encoding="utf-8")
    raise typer.Exit(0 if result.satisfied else 1)
