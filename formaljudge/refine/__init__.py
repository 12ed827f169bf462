"""Refinement: violations go back to the agent as feedback, until the policy holds."""

from formaljudge.refine._feedback import STYLES, feedback
from formaljudge.refine._loop import Agent, RefineResult, Round, refine

__all__ = ["STYLES", "Agent", "RefineResult", "Round", "feedback", "refine"]
