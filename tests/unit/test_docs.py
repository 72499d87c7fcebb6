"""Docs change with the code: every setting and every command is documented."""

from __future__ import annotations

from pathlib import Path

import typer.main

from memreg.cli import app
from memreg.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def _commands(group: typer.Typer, prefix: str = "") -> list[str]:
    click_group = typer.main.get_command(group)
    names = []
    for name, command in click_group.commands.items():  # type: ignore[attr-defined]
        if hasattr(command, "commands"):
            names += [f"{prefix}{name} {sub}" for sub in command.commands]
        else:
            names.append(prefix + name)
    return names


def test_every_setting_is_documented_in_operations():
    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"MEMREG_{name.upper()}" in text, f"MEMREG_{name.upper()} is not documented"


def test_every_command_is_in_the_readme():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in _commands(app):
        assert f"memreg {command}" in text, f"`memreg {command}` is not in README.md"


def test_every_setting_has_help_text():
    for name, field in Settings.model_fields.items():
        assert field.description, f"setting {name} has no description"
