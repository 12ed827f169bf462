"""Where an evidence quote sits inside a step's text, in the page's (UTF-16) offsets.

Quotes in evidence have their whitespace collapsed and may be cut short with
a trailing "…" (``Evidence.of``); the search undoes both. It is linear in the
text: one pass to collapse whitespace, then ``str.find``.
"""

from __future__ import annotations

from bisect import bisect_left


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (what JavaScript's ``length`` counts)."""
    return len(text.encode("utf-16-le", errors="surrogatepass")) // 2


def _collapse(text: str) -> tuple[str, list[int]]:
    """``text`` with each run of whitespace made one space, and each kept character's original index."""
    chars: list[str] = []
    where: list[int] = []
    in_space = True
    for i, ch in enumerate(text):
        if ch.isspace():
            if not in_space:
                chars.append(" ")
                where.append(i)
            in_space = True
        else:
            chars.append(ch)
            where.append(i)
            in_space = False
    return "".join(chars), where


def find_quote(text: str, quote: str, start: int = 0) -> tuple[int, int] | None:
    """UTF-16 ``(begin, end)`` of ``quote`` in ``text``, searching from ``start`` (a Python index) first.

    ``None`` when the quote is empty or not there.
    """
    wanted = " ".join(quote.split())
    if not wanted or not text:
        return None
    collapsed, where = _collapse(text)
    candidates = [wanted]
    if wanted.endswith("…") and len(wanted) > 1:
        candidates.append(wanted[:-1].rstrip())
    from_here = bisect_left(where, start)
    for target in candidates:
        if not target:
            continue
        k = collapsed.find(target, from_here)
        if k < 0 and from_here:
            k = collapsed.find(target)
        if k >= 0:
            begin, end = where[k], where[k + len(target) - 1] + 1
            return utf16_len(text[:begin]), utf16_len(text[:end])
    return None
