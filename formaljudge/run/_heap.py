"""Finish a judging process's set-up: import what judging imports on first use, then keep the garbage
collector off everything loaded so far.

Judging imports two heavy modules lazily, on the first trace that needs them
(``networkx`` for the flow graph, ``z3`` for the solver), so that
``formaljudge --help`` stays instant; importing ``networkx`` alone takes more
CPU (0.6 s here) than judging a few hundred trajectories. A process that is
going to judge with a policy that has flow operators, or with Z3, imports
them once, with its set-up, instead of in the middle of its first batch.

Then it makes and drops small objects for every trace. Each full collection
walks every object alive, the set-up's tens of thousands included (about 40 ms
on this machine once ``formaljudge.judge`` is imported), for nothing: they live
as long as the process. ``finish_setup`` moves what exists when the set-up is
done into the collector's permanent generation (``gc.freeze``); later objects
are collected as before. What the set-up left as garbage in a cycle stays
allocated (once, a bounded amount).
"""

from __future__ import annotations

import gc
from typing import Any

from pydantic import BaseModel

from formaljudge.ir._facts import Flows
from formaljudge.ir._formula import FlowsInto
from formaljudge.ir._spec import PolicySpec


def finish_setup(specs: list[PolicySpec], backend: str = "z3") -> None:
    """Called once a judging process has loaded what it keeps (``specs``, the reader)."""
    if any(_uses_flows(s) for s in specs):
        import networkx  # noqa: F401 - now rather than in the first trace with a flow operator
    if backend == "z3":
        import z3  # noqa: F401
    gc.freeze()


def _uses_flows(value: Any) -> bool:
    """Does a spec (or a part of one) hold a flow operator or a flow extractor?"""
    if isinstance(value, (FlowsInto, Flows)):
        return True
    if isinstance(value, BaseModel):
        return any(_uses_flows(getattr(value, name)) for name in type(value).model_fields)
    if isinstance(value, (list, tuple)):
        return any(_uses_flows(v) for v in value)
    if isinstance(value, dict):
        return any(_uses_flows(v) for v in value.values())
    return False
