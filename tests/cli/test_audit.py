import json
from pathlib import Path

from typer.testing import CliRunner

from formaljudge.cli import app
from tests.conftest import ROOT

EXAMPLES = ROOT / "agents_traces"
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_bundled_examples_show_both_verdicts() -> None:
    r = run("audit", str(EXAMPLES), "-p", "payments", "-p", "confidential", "--format", "json")
    assert r.exit_code == 1, r.output
    doc = json.loads(r.stdout)
    verdicts = {rep["verdict"] for rep in doc["reports"]}
    assert {"VIOLATED", "SATISFIED"} <= verdicts
    assert doc["summary"]["bad_records"] == 0
    assert doc["summary"]["traces"] >= 12


def test_exit_codes(write_json) -> None:
    ok = EXAMPLES / "openai_transfer_confirmed.json"
    bad = EXAMPLES / "openai_transfer_unconfirmed.json"
    unknown = EXAMPLES / "openai_transfer_amount_missing.json"
    assert run("audit", str(ok), "-p", "payments").exit_code == 0
    assert run("audit", str(bad), "-p", "payments").exit_code == 1
    assert run("audit", str(unknown), "-p", "payments").exit_code == 3
    assert run("audit", str(ok), "-p", "no-such-policy").exit_code == 2
    assert run("audit", str(ok)).exit_code == 2  # --policy is required
    broken = write_json("broken.json", {"nothing": "here"})
    assert run("audit", str(broken), "-p", "payments").exit_code == 2
    # a violation outranks a bad record in the same batch
    assert run("audit", str(bad), str(broken), "-p", "payments").exit_code == 1


def test_bad_record_reported_others_audited(tmp_path: Path) -> None:
    lines = (EXAMPLES / "records_mixed.jsonl").read_text().splitlines()
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join([lines[0], '{"id": "oops", "messages": 5}', lines[1]]) + "\n")
    r = run("audit", str(batch), "-p", "payments", "--format", "jsonl")
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    reports = [x for x in rows if "trace_id" in x]
    errors = [x for x in rows if "error" in x]
    assert [x["trace_id"] for x in reports] == ["rec-openai-refund", "rec-anthropic-wire"]
    assert errors == [
        {
            "error": "must be a list of messages or a request body",
            "file": str(batch),
            "record": "oops",
            "field": "messages",
        }
    ]
    assert "record oops" in r.stderr


def test_table_shows_steps_and_quotes() -> None:
    r = run("audit", str(EXAMPLES / "openai_transfer_unconfirmed.json"), "-p", "payments")
    assert "VIOLATED" in r.stdout and "confirm_large_transfers" in r.stdout
    assert "steps[3].args.amount" in r.stdout and "5,400.00" in r.stdout


def test_output_file(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    r = run("audit", str(EXAMPLES / "anthropic_small_payment.json"), "-p", "payments", "-f", "json", "-o", str(out))
    assert r.exit_code == 0
    assert json.loads(out.read_text())["reports"][0]["verdict"] == "SATISFIED"


def test_help_documents_every_option() -> None:
    r = run("audit", "--help")
    assert r.exit_code == 0
    for opt in ("--policy", "--format", "--output", "--backend", "--timeout-ms", "--brief"):
        assert opt in r.stdout
    assert "Exit codes" in r.stdout


def test_policies_command() -> None:
    r = run("policies")
    assert "payments" in r.stdout and "confidential" in r.stdout
    shown = json.loads(run("policies", "payments").stdout)
    assert shown["name"] == "payments" and shown["hash"]
