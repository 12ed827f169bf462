from pathlib import Path

import pytest

from tests.conftest import ROOT

EXAMPLES = ROOT / "agents_traces"


@pytest.fixture(scope="session")
def mixed_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Records in every format, honest and violating, with a bad JSON line and a bad UTF-8 line among them."""
    lines = (EXAMPLES / "records_mixed.jsonl").read_bytes().splitlines()
    lines += (EXAMPLES / "deception" / "heldout.jsonl").read_bytes().splitlines()
    lines.insert(3, b"{not json")
    lines.insert(7, lines[8].replace(b"a", b"\xff", 1))
    p = tmp_path_factory.mktemp("mixed") / "mixed.jsonl"
    p.write_bytes(b"\n".join(lines) + b"\n")
    return p


POLICIES = ["payments", "confidential", "deception", "safety"]
