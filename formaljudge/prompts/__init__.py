"""Versioned prompt templates. A template's version is its file name and a hash of its text."""

from __future__ import annotations

import hashlib
import string
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Template:
    name: str
    text: str

    @property
    def version(self) -> str:
        return f"{self.name}@{hashlib.sha256(self.text.encode()).hexdigest()[:12]}"

    def render(self, **values: object) -> str:
        """Fill ``$name`` placeholders; every placeholder must be given (values are inserted as text)."""
        return string.Template(self.text).substitute({k: str(v) for k, v in values.items()})


@cache
def template(name: str) -> Template:
    """``read_fact.v1`` → the text of ``formaljudge/prompts/read_fact.v1.md``."""
    text = resources.files(__package__).joinpath(f"{name}.md").read_text(encoding="utf-8")
    return Template(name, text)
