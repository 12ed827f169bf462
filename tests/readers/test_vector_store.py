"""The store where a pool's workers share encoded vectors: what one puts, another gets, within a bound."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from formaljudge.readers._vector_store import VectorStore

np = pytest.importorskip("numpy")


def test_a_second_connection_gets_the_same_bytes(tmp_path: Path) -> None:
    path = str(tmp_path / "v.sqlite")
    a, b = VectorStore(path, create=True), VectorStore(path)
    vec = np.arange(384, dtype=np.float32) / 7
    a.put_many([("a sentence", vec.tobytes()), ("\ud800 a lone surrogate", vec[::-1].tobytes())])
    got = b.get_many(["a sentence", "never stored", "\ud800 a lone surrogate"])
    assert set(got) == {"a sentence", "\ud800 a lone surrogate"}
    assert np.array_equal(np.frombuffer(got["a sentence"], dtype=np.float32), vec)
    a.put_many([("a sentence", b"other")])  # the first vector stays: every worker computes the same one
    assert b.get_many(["a sentence"])["a sentence"] == vec.tobytes()


def test_the_oldest_vectors_go_past_the_limit(tmp_path: Path) -> None:
    store = VectorStore(str(tmp_path / "v.sqlite"), limit=3, create=True)
    for i in range(5):
        store.put_many([(f"text {i}", bytes([i]))])
    assert sorted(store.get_many([f"text {i}" for i in range(5)])) == ["text 2", "text 3", "text 4"]


def test_many_keys_in_one_call(tmp_path: Path) -> None:
    store = VectorStore(str(tmp_path / "v.sqlite"), create=True)
    store.put_many((f"t{i}", bytes([i % 256])) for i in range(1200))
    got = store.get_many([f"t{i}" for i in range(1300)])
    assert len(got) == 1200 and got["t1199"] == bytes([1199 % 256])


def test_a_locked_or_missing_store_is_left_not_raised(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A cache: a file another connection holds locked, or one never made, costs the sharing, not the batch."""
    path = str(tmp_path / "v.sqlite")
    VectorStore(path, create=True).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    store = VectorStore(path, timeout=0.05)
    with caplog.at_level(logging.WARNING):
        store.put_many([("a sentence", b"\x00" * 8)])
    assert not store.usable and "not used from here on" in caplog.text
    assert store.get_many(["a sentence"]) == {}
    holder.execute("ROLLBACK")
    never_made = VectorStore(str(tmp_path / "other.sqlite"))  # a worker's store the parent did not create
    assert never_made.get_many(["a sentence"]) == {} and not never_made.usable
