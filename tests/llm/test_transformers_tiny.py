"""The transformers provider, for real, on a tiny model built from a config with random weights."""

from __future__ import annotations

from pathlib import Path

import pytest

from formaljudge.llm import CachedLLM, Message, ResponseCache
from formaljudge.llm._transformers import TransformersChat

torch = pytest.importorskip("torch", reason="the local extra (torch, transformers) is not installed")
transformers = pytest.importorskip("transformers")


def _tiny(tmp_path: Path) -> Path:
    from tokenizers import Tokenizer, models, pre_tokenizers

    words = ["<pad>", "<unk>", "<eos>", "user", "assistant", ":", "true", "false", "{", "}", '"answer"', "q", "?"]
    tok = Tokenizer(models.WordLevel({w: i for i, w in enumerate(words)}, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    fast = transformers.PreTrainedTokenizerFast(
        tokenizer_object=tok, unk_token="<unk>", pad_token="<pad>", eos_token="<eos>"
    )
    torch.manual_seed(0)
    config = transformers.LlamaConfig(
        vocab_size=len(words),
        hidden_size=16,
        intermediate_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        num_key_value_heads=2,
        max_position_embeddings=128,
        pad_token_id=0,
        eos_token_id=2,
    )
    model = transformers.LlamaForCausalLM(config)
    out = tmp_path / "tiny"
    model.save_pretrained(out)
    fast.save_pretrained(out)
    return out


def test_generates_greedily_with_confidence_and_accounting(tmp_path: Path) -> None:
    path = _tiny(tmp_path)
    chat = TransformersChat(str(path), device="cpu")
    msgs = [Message(role="user", content="q ?")]
    a = chat.complete(msgs, max_tokens=4)
    b = chat.complete(msgs, max_tokens=4)
    assert a.text == b.text  # greedy: deterministic
    assert 0 < a.completion_tokens <= 4 and a.prompt_tokens > 0
    assert a.confidence is not None and 0.0 < a.confidence <= 1.0
    assert chat.usage.calls == 2 and chat.usage.completion_tokens == a.completion_tokens * 2
    cached = CachedLLM(chat, ResponseCache(tmp_path / "cache"))
    cached.complete(msgs, max_tokens=4)
    cached.complete(msgs, max_tokens=4)
    assert chat.usage.calls == 3 and cached.usage.cached_calls == 1


def test_a_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    from formaljudge.llm import LLMError

    with pytest.raises(LLMError, match="cannot load model"):
        TransformersChat(str(tmp_path / "nope"))
