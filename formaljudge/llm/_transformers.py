"""A local causal LM through ``transformers``: by name or path, CPU or GPU, greedy decoding."""

from __future__ import annotations

import threading
from typing import Any

from formaljudge.llm._port import Completion, LLMError, Message, Usage


class TransformersChat:
    """Uses the tokenizer's chat template when it has one, a plain transcript otherwise.

    ``model`` may also be a loaded model (with ``tokenizer``): tests build a
    tiny one from a config with random weights.
    """

    provider = "transformers"
    endpoint = "local"

    def __init__(self, model: str | Any, *, tokenizer: Any = None, device: str | None = None) -> None:
        try:
            import torch
            import transformers
        except ImportError:
            raise LLMError(
                'the transformers provider needs torch and transformers: pip install "formaljudge[local]"'
            ) from None
        self._torch = torch
        if isinstance(model, str):
            self.lm: Any
            self.tokenizer: Any
            try:
                self.tokenizer = tokenizer or transformers.AutoTokenizer.from_pretrained(model)
                self.lm = transformers.AutoModelForCausalLM.from_pretrained(model)
            except (OSError, ValueError) as exc:
                raise LLMError(f"cannot load model {model!r}: {exc}") from None
            self.model = model
        else:
            if tokenizer is None:
                raise LLMError("a loaded model needs its tokenizer")
            self.lm, self.tokenizer = model, tokenizer
            self.model = getattr(getattr(model, "config", None), "_name_or_path", "") or type(model).__name__
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        self.lm.to(self.device).eval()
        self.usage = Usage()
        self._lock = threading.Lock()  # one generation at a time per model

    def _prompt(self, messages: list[Message]) -> str:
        if getattr(self.tokenizer, "chat_template", None):
            text = self.tokenizer.apply_chat_template(
                [m.model_dump() for m in messages], tokenize=False, add_generation_prompt=True
            )
            return str(text)
        return "".join(f"{m.role}: {m.content}\n" for m in messages) + "assistant: "

    def complete(
        self,
        messages: list[Message],
        *,
        json_schema: dict[str, Any] | None = None,
        max_tokens: int = 512,
        template: str = "",
    ) -> Completion:
        torch = self._torch
        prompt = self._prompt(messages)
        enc = self.tokenizer(prompt, return_tensors="pt").to(self.device)
        with self._lock, torch.no_grad():
            out = self.lm.generate(
                **enc,
                max_new_tokens=max_tokens,
                do_sample=False,
                output_scores=True,
                return_dict_in_generate=True,
                pad_token_id=self.tokenizer.pad_token_id or self.tokenizer.eos_token_id or 0,
            )
        new = out.sequences[0, enc["input_ids"].shape[1] :]
        text = self.tokenizer.decode(new, skip_special_tokens=True)
        confidence = None
        if out.scores:
            probs = torch.softmax(out.scores[0][0].float(), dim=-1)
            confidence = float(probs[new[0]].item()) if len(new) else None
        c = Completion(
            text=text, prompt_tokens=int(enc["input_ids"].shape[1]), completion_tokens=len(new), confidence=confidence
        )
        self.usage.add(c)
        return c
