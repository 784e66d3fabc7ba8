"""`lextrack serve`: the read-only web view of a store, on loopback unless another host is asked for."""

from __future__ import annotations

from pathlib import Path

import click

from lextrack.cli.common import cli, err_console, handle_errors, store_option
from lextrack.store import default_store_dir

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@cli.command("serve")
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@handle_errors
def serve_command(store_dir: Path | None, host: str, port: int) -> None:
    """Browse the store in a web browser: timelines, diffs, citations, codes as of a date (read-only)."""
    import uvicorn

    from lextrack.web import create_app

    app = create_app(store_dir or default_store_dir())
    if host not in LOOPBACK:
        err_console.print(
            f"warning: listening on {host}: anyone who can reach this address can read the store",
            markup=False,
        )
    err_console.print(f"lextrack: serving {store_dir or default_store_dir()} on http://{host}:{port}/",
                      markup=False, highlight=False)  # fmt: skip
    uvicorn.run(app, host=host, port=port, log_level="warning")
