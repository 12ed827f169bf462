"""A policy compiled to facts and constraints: the reviewable lockfile."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

from formaljudge.ir._facts import Fact
from formaljudge.ir._formula import Expr


class Constraint(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    sentence: str = Field(description="The policy sentence this constraint came from.")
    formula: Expr
    category: str | None = None


class Provenance(BaseModel):
    """Who made the spec: a person, or a compiler model with a prompt version."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    author: str = "hand-written"
    model: str | None = None
    prompt_hash: str | None = None
    policy_text: str | None = None


class PolicySpec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    description: str = ""
    facts: list[Fact] = Field(default_factory=list)
    constraints: list[Constraint]
    provenance: Provenance = Provenance()

    @model_validator(mode="before")
    @classmethod
    def _drop_hash(cls, data: Any) -> Any:
        # the hash is derived; a stored one is checked by ``from_json``
        if isinstance(data, dict) and "hash" in data:
            data = {k: v for k, v in data.items() if k != "hash"}
        return data

    @model_validator(mode="after")
    def _typecheck(self) -> PolicySpec:
        from formaljudge.ir._check import check_spec

        problems = check_spec(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def hash(self) -> str:
        body = self.model_dump(mode="json", exclude={"hash", "provenance"})
        canon = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canon.encode()).hexdigest()[:16]

    def fact(self, name: str) -> Fact:
        for f in self.facts:
            if f.name == name:
                return f
        raise KeyError(name)

    def to_json(self) -> str:
        return self.model_dump_json(indent=2, exclude_defaults=False)
