"""Command-line interface."""

from formaljudge.cli import _gateway  # noqa: F401  (registers the `gateway` command)
from formaljudge.cli._app import app, main

__all__ = ["app", "main"]
