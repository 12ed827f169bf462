"""Sentence vectors shared by the worker processes of one run, in an SQLite file.

Each worker keeps its own bounded cache; a text that another worker has
already encoded (a task repeated across the input, a tool description) is
read from here instead of being encoded again. A vector is the same bits
whichever worker computed it (``_embedder``: one text per forward pass, one
BLAS thread), so sharing changes no answer. The file is bounded: past
``limit`` vectors the oldest go.

It is a cache: when the file cannot be opened, read or written (locked past
the timeout, the disk full, removed under the run), the store says so once
and the worker goes on encoding by itself; a judgement never fails for it.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import sqlite3
from collections.abc import Iterable, Sequence

LIMIT = 100_000  # vectors kept (about 160 MB of file)
_CHUNK = 500  # keys per SELECT (SQLite's bound on host parameters is 999 in old builds)
_log = logging.getLogger(__name__)


def key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class VectorStore:
    """``get_many`` and ``put_many`` of raw float32 vectors by text; safe to use from several processes.

    ``create`` makes the file and puts it in WAL mode (the run's parent does, once, before its workers open
    it: two processes switching a new file to WAL at once may find it locked without waiting)."""

    def __init__(self, path: str, *, limit: int = LIMIT, create: bool = False, timeout: float = 60) -> None:
        self.path = path
        self.limit = limit
        self._db: sqlite3.Connection | None = None
        try:
            self._db = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
            if create:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("CREATE TABLE IF NOT EXISTS vectors (k BLOB PRIMARY KEY, v BLOB NOT NULL)")
            self._db.execute("PRAGMA synchronous=OFF")  # a scratch file: lost on a crash, nothing is lost
        except sqlite3.Error as e:
            self._fail(e)

    @property
    def usable(self) -> bool:
        return self._db is not None

    def _fail(self, e: sqlite3.Error) -> None:
        _log.warning("shared sentence vectors (%s) not used from here on: %s", self.path, e)
        self.close()

    def get_many(self, texts: Sequence[str]) -> dict[str, bytes]:
        by_key = {key(t): t for t in texts}
        keys = list(by_key)
        found: dict[str, bytes] = {}
        try:
            for i in range(0, len(keys), _CHUNK):
                if self._db is None:
                    break
                part = keys[i : i + _CHUNK]
                marks = ",".join("?" * len(part))
                for k, v in self._db.execute(f"SELECT k, v FROM vectors WHERE k IN ({marks})", part):
                    found[by_key[k]] = v
        except sqlite3.Error as e:
            self._fail(e)
        return found

    def put_many(self, items: Iterable[tuple[str, bytes]]) -> None:
        rows = [(key(t), v) for t, v in items]
        if not rows or self._db is None:
            return
        try:
            with self._db:  # one transaction
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany("INSERT OR IGNORE INTO vectors (k, v) VALUES (?, ?)", rows)
                self._db.execute(
                    "DELETE FROM vectors WHERE rowid <= (SELECT max(rowid) FROM vectors) - ?", (self.limit,)
                )
        except sqlite3.Error as e:
            self._fail(e)

    def close(self) -> None:
        if self._db is not None:
            db, self._db = self._db, None
            with contextlib.suppress(sqlite3.Error):
                db.close()
