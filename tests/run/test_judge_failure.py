"""A judge that fails on one trajectory loses nothing else: that one is an error to rerun, never a verdict."""

import io
import json
from pathlib import Path

from formaljudge.cli._audit import run_audit
from formaljudge.extract import NoReader
from formaljudge.extract._evidence import FactValue
from formaljudge.ir._facts import Fact, Question
from formaljudge.traces._model import Trace
from tests.run.conftest import EXAMPLES


class _Breaks(NoReader):
    """Answers nothing, and raises (a bug, a broken cache) for one trajectory."""

    name = "breaks"

    def __init__(self, bad_id: str) -> None:
        self.bad_id = bad_id

    def read(self, fact: Fact, question: Question, trace: Trace) -> FactValue:
        if trace.id == self.bad_id:
            raise RuntimeError("the store went away")
        return super().read(fact, question, trace)


def test_one_failing_trajectory_is_an_error_and_the_batch_is_kept(tmp_path: Path) -> None:
    every = (EXAMPLES / "deception" / "heldout.jsonl").read_text().splitlines()
    by_id = {json.loads(x)["id"]: x for x in every}
    others = [x for i, x in by_id.items() if i not in ("ho-calendar-disclosed", "ho-no-flights-disclosed")][:4]
    # the two in the middle have facts that go to the reader; the second makes it raise
    lines = [others[0], by_id["ho-calendar-disclosed"], by_id["ho-no-flights-disclosed"], *others[1:]]
    ids = [json.loads(line)["id"] for line in lines]
    data = tmp_path / "six.jsonl"
    data.write_text("\n".join(lines) + "\n")
    good, broken = tmp_path / "good.jsonl", tmp_path / "broken.jsonl"
    run_audit([data], ["deception"], out=good, reader=NoReader(), stderr=io.StringIO())
    err = io.StringIO()
    code = run_audit([data], ["deception"], out=broken, reader=_Breaks("ho-no-flights-disclosed"), stderr=err)
    rows = {r["trace_id"]: r for r in map(json.loads, broken.read_text().splitlines())}
    assert list(rows) == ids  # every record has its line, in order
    assert ids[2] == "ho-no-flights-disclosed"
    assert rows[ids[2]]["verdict"] == "UNKNOWN" and "RuntimeError: the store went away" in rows[ids[2]]["failed"]
    assert code == 4 and "1 records are UNKNOWN only because a model call (or the judge) failed" in err.getvalue()
    expected = {r["trace_id"]: r["verdict"] for r in map(json.loads, good.read_text().splitlines())}
    assert all(rows[i]["verdict"] == expected[i] for i in ids if i != ids[2])  # the rest judged as without it
