"""Sentence vectors shared by the worker processes of one run, in an SQLite file.

Each worker keeps its own bounded cache; a text that another worker has
already encoded (a task repeated across the input, a tool description) is
read from here instead of being encoded again. A vector is the same bits
whichever worker computed it (``_embedder``: one text per forward pass, one
BLAS thread), so sharing changes no answer. The file is bounded: past
``limit`` vectors the oldest go.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence

LIMIT = 100_000  # vectors kept (about 160 MB of file)
_CHUNK = 500  # keys per SELECT (SQLite's bound on host parameters is 999 in old builds)


def key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class VectorStore:
    """``get_many`` and ``put_many`` of raw float32 vectors by text; safe to use from several processes."""

    def __init__(self, path: str, *, limit: int = LIMIT) -> None:
        self.path = path
        self.limit = limit
        self._db = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=OFF")  # a scratch file: lost on a crash, nothing is lost
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (k BLOB PRIMARY KEY, v BLOB NOT NULL)")

    def get_many(self, texts: Sequence[str]) -> dict[str, bytes]:
        by_key = {key(t): t for t in texts}
        keys = list(by_key)
        found: dict[str, bytes] = {}
        for i in range(0, len(keys), _CHUNK):
            part = keys[i : i + _CHUNK]
            marks = ",".join("?" * len(part))
            for k, v in self._db.execute(f"SELECT k, v FROM vectors WHERE k IN ({marks})", part):
                found[by_key[k]] = v
        return found

    def put_many(self, items: Iterable[tuple[str, bytes]]) -> None:
        rows = [(key(t), v) for t, v in items]
        if not rows:
            return
        with self._db:  # one transaction
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany("INSERT OR IGNORE INTO vectors (k, v) VALUES (?, ?)", rows)
            self._db.execute("DELETE FROM vectors WHERE rowid <= (SELECT max(rowid) FROM vectors) - ?", (self.limit,))

    def close(self) -> None:
        self._db.close()
