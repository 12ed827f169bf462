"""The integration examples under examples/ run offline and do what the README says."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_mcp_gateway_client_example(tmp_path: Path) -> None:
    pytest.importorskip("mcp")
    log = tmp_path / "calls.jsonl"
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / "mcp_gateway_client.py"), str(log)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "tools: get_balance, transfer_money"
    assert "-> ok: main: 5000.00" in lines[1]
    assert "-> BLOCKED: Blocked by FormalJudge (policy payments)" in lines[2]
    assert "confirm_large_transfers" in proc.stdout and lines[-1].endswith("-> ok: sent 40.00 to Courier")
    actions = [json.loads(x)["gateway"].get("action") for x in log.read_text().splitlines()]
    assert actions == ["allow", "block", "allow", None]  # the last record is the whole session
