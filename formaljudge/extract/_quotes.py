"""Quotations in a text, with their quote marks paired in order on each line.

A regex that looks for a quote mark, some text and a quote mark pairs the closing mark of a short quotation
with the opening mark of the next one when the first is too short for it (`"supposed to" fill out ..., and
they did "`). Here straight marks pair first with second, third with fourth, on one line; curly marks pair
an opening one with the next closing one.
"""

from __future__ import annotations

_MAX = 600  # characters between the marks of one quotation


def quotations(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation, marks included."""
    out: list[tuple[int, int]] = []
    straight: int | None = None
    curly: int | None = None
    for i, c in enumerate(text):
        if c == "\n":
            straight = curly = None
        elif c == '"':
            if straight is None:
                straight = i
            else:
                if i - straight - 1 <= _MAX:
                    out.append((straight, i + 1))
                straight = None
        elif c == "\u201c":
            curly = i
        elif c == "\u201d" and curly is not None:
            if i - curly - 1 <= _MAX:
                out.append((curly, i + 1))
            curly = None
    return out
