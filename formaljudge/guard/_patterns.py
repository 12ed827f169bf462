"""A session's patterns, each search remembered by the text searched.

Every check of a growing session runs a policy's patterns over the same
earlier texts again (the first step that mentions a secret, a confidential
marker). A search is a function of the pattern and the text, so its match
is kept for the session: a check searches only the texts it has not seen.
"""

from __future__ import annotations

from typing import Any


class _Remembered:
    """A compiled pattern (``re`` or RE2) whose ``search`` results are kept by text."""

    def __init__(self, compiled: Any) -> None:
        self.compiled = compiled
        self.found: dict[str, Any] = {}

    def search(self, text: str) -> Any:
        try:
            return self.found[text]
        except KeyError:
            m = self.found[text] = self.compiled.search(text)
            return m

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled, name)


class SessionPatterns(dict[str, Any]):
    """What ``TraceContext`` keeps its compiled patterns in (``regex=``): each one stored is wrapped so that its
    searches are remembered for as long as this session lasts."""

    def __setitem__(self, pattern: str, compiled: Any) -> None:
        super().__setitem__(pattern, _Remembered(compiled))
