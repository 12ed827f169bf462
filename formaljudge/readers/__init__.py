"""Readers: who answers the fact questions that code cannot read."""

from formaljudge.readers._embedded import EmbeddedReader
from formaljudge.readers._llm_reader import LLMReader
from formaljudge.readers._resolve import READERS_HELP, make_reader
from formaljudge.readers._slices import Slice, cut

__all__ = ["READERS_HELP", "EmbeddedReader", "LLMReader", "Slice", "cut", "make_reader"]
