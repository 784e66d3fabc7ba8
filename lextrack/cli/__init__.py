"""The `lextrack` command: a click group; each family of commands lives in its own module."""

from __future__ import annotations

from lextrack.cli.common import cli

# Importing a command module registers its commands on `cli`.
from lextrack.cli import parse_cmd  # noqa: E402,F401  isort: skip
from lextrack.cli import extract_cmd  # noqa: E402,F401  isort: skip
from lextrack.cli import store_cmds  # noqa: E402,F401  isort: skip
from lextrack.cli import graph_cmds  # noqa: E402,F401  isort: skip
from lextrack.cli import web_cmd  # noqa: E402,F401  isort: skip


def main() -> None:
    cli(prog_name="lextrack")


__all__ = ["cli", "main"]
