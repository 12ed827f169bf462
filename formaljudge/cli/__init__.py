"""Command-line interface."""

from formaljudge.cli._app import app, main

__all__ = ["app", "main"]
