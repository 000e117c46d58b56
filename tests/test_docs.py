"""Every command and every setting a user can reach is documented."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import typer.main

from matchgraph.cli import app
from matchgraph.settings import Settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    group = typer.main.get_group(app)
    names = []
    for name, cmd in group.commands.items():
        subs = getattr(cmd, "commands", None)
        names += [f"{name} {sub}" for sub in subs] if subs else [name]
    return names


def test_every_command_is_in_the_readme() -> None:
    missing = [c for c in _commands() if f"matchgraph {c}" not in README]
    assert not missing, f"commands missing from README.md: {missing}"


def test_every_command_has_help() -> None:
    group = typer.main.get_group(app)
    for name, cmd in group.commands.items():
        assert cmd.help or cmd.short_help, f"{name} has no help text"


def test_every_setting_is_documented() -> None:
    docs = README + (Path(__file__).resolve().parent.parent / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = [f.name for f in dataclasses.fields(Settings) if f"`{f.name}`" not in docs]
    assert not missing, f"settings missing from docs/settings.md: {missing}"


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    readme_test = next(line for line in README.splitlines() if "pytest" in line and line.startswith("python3 -m venv"))
    assert readme_test in ci.splitlines()
    assert "-c constraints.txt" in readme_test  # the locked versions, not whatever is newest
