"""Compile a natural-language policy into a checked ``PolicySpec`` with an LLM, repairing within a bound."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from formaljudge.compile._semantic import semantic_problems
from formaljudge.errors import FormalJudgeError, SpecError
from formaljudge.ir._spec import PolicySpec, Provenance
from formaljudge.llm import LLM, CachedLLM, Completion, Message, ask
from formaljudge.policies import load_policy, parse_policy
from formaljudge.prompts import template

TEMPLATE = "compile_spec.v1"
REPAIR = "repair_spec.v1"


class CompileError(FormalJudgeError):
    """Every attempt failed; ``attempts`` holds each one's problems."""

    def __init__(self, attempts: list[list[str]]) -> None:
        self.attempts = attempts
        lines = [f"the policy did not compile in {len(attempts)} attempts:"]
        for i, problems in enumerate(attempts, 1):
            lines.append(f"  attempt {i}:")
            lines += [f"    - {p}" for p in problems]
        super().__init__("\n".join(lines))


def validate(text: str, *, use_z3: bool = True) -> tuple[PolicySpec | None, list[str]]:
    """A spec from a model's reply, or the problems that stop it (JSON, shape, names, types, semantics)."""
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        return None, ["the reply holds no JSON object"]
    try:
        spec = parse_policy(text[start : end + 1], source="reply")
    except SpecError as exc:
        return None, [str(exc)]
    problems = semantic_problems(spec) if use_z3 else []
    return (None, problems) if problems else (spec, [])


def compile_prompt(policy_text: str, name: str) -> str:
    schema = json.dumps(PolicySpec.model_json_schema(), separators=(",", ":"))
    example = load_policy("payments").model_dump_json(exclude={"provenance"}, exclude_defaults=True)
    return template(TEMPLATE).render(schema=schema, example=example, name=name, policy=policy_text)


def compile_policy(
    policy_text: str,
    llm: LLM | CachedLLM,
    *,
    name: str = "policy",
    attempts: int = 3,
    use_z3: bool = True,
    extra_check: Any = None,
) -> PolicySpec:
    """Ask for a spec; send each failure back with its error text; give up after ``attempts``.

    ``extra_check(spec) -> list[str]`` adds problems of its own (for example
    a backend that rejects the spec), repaired the same way. A reply is
    cached only when it passes every check; a model call that fails raises
    its ``ProviderError`` (the policy did not fail to compile: the model was
    not reached).
    """
    first = compile_prompt(policy_text, name)
    tpl, repair = template(TEMPLATE), template(REPAIR)
    messages = [Message(role="user", content=first)]
    history: list[list[str]] = []
    checked: dict[str, tuple[PolicySpec | None, list[str]]] = {}

    def check(c: Completion) -> tuple[PolicySpec | None, list[str]]:
        if c.text not in checked:
            spec, problems = validate(c.text, use_z3=use_z3)
            if spec is not None and extra_check is not None:
                problems = list(extra_check(spec))
            checked[c.text] = (spec, problems)
        return checked[c.text]

    for _ in range(attempts):
        reply = ask(
            llm,
            messages,
            max_tokens=4096,
            template=f"{tpl.version}+{repair.version}",
            accept=lambda c: not check(c)[1] and check(c)[0] is not None,
        )
        spec, problems = check(reply)
        if spec is not None and not problems:
            prov = Provenance(
                author="compiled",
                model=f"{llm.provider}:{llm.model}",
                prompt_hash=hashlib.sha256(first.encode()).hexdigest()[:16],
                policy_text=policy_text,
            )
            return spec.model_copy(update={"provenance": prov, "name": spec.name or name})
        history.append(problems)
        messages += [
            Message(role="assistant", content=reply.text),
            Message(role="user", content=repair.render(errors="\n".join(f"- {p}" for p in problems))),
        ]
    raise CompileError(history)
