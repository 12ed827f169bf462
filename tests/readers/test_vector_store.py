"""The store where a pool's workers share encoded vectors: what one puts, another gets, within a bound."""

from __future__ import annotations

from pathlib import Path

import pytest

from formaljudge.readers._vector_store import VectorStore

np = pytest.importorskip("numpy")


def test_a_second_connection_gets_the_same_bytes(tmp_path: Path) -> None:
    path = str(tmp_path / "v.sqlite")
    a, b = VectorStore(path), VectorStore(path)
    vec = np.arange(384, dtype=np.float32) / 7
    a.put_many([("a sentence", vec.tobytes()), ("\ud800 a lone surrogate", vec[::-1].tobytes())])
    got = b.get_many(["a sentence", "never stored", "\ud800 a lone surrogate"])
    assert set(got) == {"a sentence", "\ud800 a lone surrogate"}
    assert np.array_equal(np.frombuffer(got["a sentence"], dtype=np.float32), vec)
    a.put_many([("a sentence", b"other")])  # the first vector stays: every worker computes the same one
    assert b.get_many(["a sentence"])["a sentence"] == vec.tobytes()


def test_the_oldest_vectors_go_past_the_limit(tmp_path: Path) -> None:
    store = VectorStore(str(tmp_path / "v.sqlite"), limit=3)
    for i in range(5):
        store.put_many([(f"text {i}", bytes([i]))])
    assert sorted(store.get_many([f"text {i}" for i in range(5)])) == ["text 2", "text 3", "text 4"]


def test_many_keys_in_one_call(tmp_path: Path) -> None:
    store = VectorStore(str(tmp_path / "v.sqlite"))
    store.put_many((f"t{i}", bytes([i % 256])) for i in range(1200))
    got = store.get_many([f"t{i}" for i in range(1300)])
    assert len(got) == 1200 and got["t1199"] == bytes([1199 % 256])
