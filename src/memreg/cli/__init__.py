"""The `memreg` command line."""

from memreg.cli.commands import app, main

__all__ = ["app", "main"]
