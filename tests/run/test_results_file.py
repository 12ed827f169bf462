"""The results file resumes what was decided and judges again what a failed model call left open."""

import json
from pathlib import Path

from formaljudge.policies import load_policy
from formaljudge.run import ResultsFile, Tally


def _line(spec_name: str, spec_hash: str, position: int, verdict: str, provider_error: str | None) -> str:
    doc = {
        "trace_id": f"t{position}",
        "source_file": "data.jsonl",
        "position": position,
        "policy": spec_name,
        "policy_hash": spec_hash,
        "verdict": verdict,
        "provider_error": provider_error,
    }
    return json.dumps(doc) + "\n"


def test_records_left_unknown_by_a_provider_error_are_cut_and_judged_again(tmp_path: Path) -> None:
    spec = load_policy("payments")
    path = tmp_path / "out.jsonl"
    good, failed, after = (
        _line(spec.name, spec.hash, 0, "VIOLATED", None),
        _line(spec.name, spec.hash, 1, "UNKNOWN", "fact x: HTTP 503"),
        _line(spec.name, spec.hash, 2, "SATISFIED", None),
    )
    path.write_text(good + failed + after + '{"trace_id": "torn', encoding="utf-8")
    tally = Tally()
    done = ResultsFile(path, [spec]).resume(tally)
    assert done == {("data.jsonl", 0), ("data.jsonl", 2)}
    assert (tally.violated, tally.satisfied, tally.unknown, tally.resumed) == (1, 1, 0, 2)
    assert path.read_text(encoding="utf-8") == good + after  # the failed record and the torn tail are cut
