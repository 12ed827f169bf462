"""Where an evidence quote sits inside a step's text, in the page's (UTF-16) offsets.

Quotes in evidence have their whitespace collapsed and may be cut short with
a trailing "…" (``Evidence.of``); the search undoes both. It is linear in the
text: one regex pass over its words (``\\S+``), then ``str.find``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_WORD = re.compile(r"\S+")


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (what JavaScript's ``length`` counts)."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", errors="surrogatepass")) // 2


class Collapsed:
    """A text with each run of whitespace made one space, mapped back to the original's positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        self.collapsed = " ".join(text[a:b] for a, b in self.words)
        self.starts: list[int] = []  # where each word starts in ``collapsed``
        pos = 0
        for a, b in self.words:
            self.starts.append(pos)
            pos += b - a + 1

    def _original(self, k: int) -> int:
        """The original index of ``collapsed[k]``, a character inside a word."""
        i = bisect_right(self.starts, k) - 1
        return self.words[i][0] + (k - self.starts[i])

    def find(self, quote: str, start: int = 0) -> tuple[int, int] | None:
        """UTF-16 ``(begin, end)`` of ``quote``, searching from ``start`` (a Python index) first; else ``None``."""
        wanted = " ".join(quote.split())
        if not wanted or not self.words:
            return None
        candidates = [wanted]
        if wanted.endswith("…") and len(wanted) > 1:
            candidates.append(wanted[:-1].rstrip())
        first = bisect_left(self.words, (start, start))
        from_here = self.starts[first] if first < len(self.starts) else len(self.collapsed)
        for target in candidates:
            if not target:
                continue
            k = self.collapsed.find(target, from_here)
            if k < 0 and from_here:
                k = self.collapsed.find(target)
            if k >= 0:
                begin, end = self._original(k), self._original(k + len(target) - 1) + 1
                return utf16_len(self.text[:begin]), utf16_len(self.text[:end])
        return None


def find_quote(text: str, quote: str, start: int = 0) -> tuple[int, int] | None:
    """UTF-16 ``(begin, end)`` of ``quote`` in ``text`` (see ``Collapsed.find``)."""
    return Collapsed(text).find(quote, start)
