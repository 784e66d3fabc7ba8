"""The `lextrack` command: a click group; each family of commands lives in its own module."""

from __future__ import annotations

from lextrack.cli.common import cli

# Importing a command module registers its commands on `cli`; these are imported when first asked for
# (LazyGroup), so that one command's start-up does not pay for every other's imports.
cli.add_lazy("lextrack.cli.parse_cmd", "parse")
cli.add_lazy("lextrack.cli.extract_cmd", "extract")
cli.add_lazy("lextrack.cli.store_cmds", "ingest", "history", "at", "diff", "log", "verify")
cli.add_lazy("lextrack.cli.graph_cmds", "graph", "cites", "cited-by", "impact", "check", "stats")
cli.add_lazy("lextrack.cli.web_cmd", "serve")


def main() -> None:
    cli(prog_name="lextrack")


__all__ = ["cli", "main"]
