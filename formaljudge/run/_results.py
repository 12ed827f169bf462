"""The results file of a run: JSONL written as records are judged, and read back to resume."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

from formaljudge.errors import FormalJudgeError
from formaljudge.ir._spec import PolicySpec
from formaljudge.run._batch import Outcome
from formaljudge.run._driver import Key, Tally


class ResultsFile:
    """One line per report (a record judged against one policy) or per bad record, in input order.

    Each line carries ``source_file`` (``file`` for a bad record) and ``position``
    (the record's place in its file), the key a rerun uses to skip what is done.
    A record is done when all its lines are there; a run killed halfway leaves
    at most one record half written, and the rerun cuts it off and judges it again.
    """

    def __init__(self, path: Path, specs: list[PolicySpec]) -> None:
        self.path = path
        self.expected = {(s.name, s.hash) for s in specs}
        self._out: IO[str] | None = None

    def resume(self, tally: Tally) -> frozenset[Key]:
        """Keys of the records already in the file (their verdicts added to ``tally``); cuts a torn tail.

        A record whose verdict was left UNKNOWN only because a model call failed is not done: its lines
        are cut from the file, so the rerun judges it again and writes it once.
        """
        if not self.path.exists():
            return frozenset()
        done: set[Key] = set()
        cut: list[tuple[int, int]] = []  # byte ranges to remove: records to judge again, a torn tail
        group: list[dict[str, Any]] = []
        group_key: Key | None = None
        group_start = 0
        offset = 0
        good_end = 0  # end of the last line that parsed
        torn_at: int | None = None

        def settle(end: int, last: bool = False) -> None:
            if not group:
                return
            if not self._complete(group):
                if last:  # the last record, half written: cut it
                    cut.append((group_start, end))
                return
            if any(d.get("provider_error") for d in group):
                cut.append((group_start, end))
                return
            self._count(group, tally)
            done.add(group_key)  # type: ignore[arg-type]

        with self.path.open("rb") as f:
            for n, raw in enumerate(f, start=1):
                start, offset = offset, offset + len(raw)
                try:
                    if not raw.endswith(b"\n"):
                        raise ValueError("torn")
                    doc = json.loads(raw)
                    key = _key(doc)
                except (ValueError, KeyError, TypeError):
                    torn_at = start
                    if raw.endswith(b"\n") and f.read(1):
                        raise FormalJudgeError(
                            f"{self.path}: line {n} is not a FormalJudge result; give --out a new file"
                        ) from None
                    break
                self._check(doc, n)
                if key != group_key:
                    settle(start)
                    group, group_key, group_start = [], key, start
                group.append(doc)
                good_end = offset
        settle(good_end, last=True)
        if torn_at is not None:
            cut.append((torn_at, offset))
        if cut:
            self._remove(cut)
        tally.resumed = len(done)
        return frozenset(done)

    def _remove(self, cut: list[tuple[int, int]]) -> None:
        """Rewrite the file without the byte ranges in ``cut`` (through a temporary file: never half done)."""
        data = self.path.read_bytes()
        kept, at = [], 0
        for start, end in sorted(cut):
            kept.append(data[at:start])
            at = max(at, end)
        kept.append(data[at:])
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_bytes(b"".join(kept))
        os.replace(tmp, self.path)

    def _check(self, doc: dict[str, Any], n: int) -> None:
        if "error" in doc:
            return
        if (doc.get("policy"), doc.get("policy_hash")) not in self.expected:
            raise FormalJudgeError(
                f"{self.path}: line {n} holds verdicts of policy {doc.get('policy')!r} "
                f"(hash {doc.get('policy_hash')}), not one of this run's policies; give --out a new file"
            )

    def _complete(self, group: list[dict[str, Any]]) -> bool:
        if "error" in group[0]:
            return len(group) == 1
        return {(d["policy"], d["policy_hash"]) for d in group} == self.expected

    @staticmethod
    def _count(group: list[dict[str, Any]], tally: Tally) -> None:
        tally.add(
            Outcome(
                None,
                None,
                verdicts=[d["verdict"] for d in group if "verdict" in d],
                error=group[0].get("error"),
            )
        )

    def write(self, outcome: Outcome) -> None:
        if outcome.skipped:
            return
        if self._out is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._out = self.path.open("a", encoding="utf-8")
        self._out.write("".join(line + "\n" for line in outcome.lines))
        self._out.flush()

    def close(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None


def _key(doc: dict[str, Any]) -> Key:
    source = doc["file"] if "error" in doc else doc["source_file"]
    return (source, doc["position"])
