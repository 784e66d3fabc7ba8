"""What every command shares: the root group, exit codes, error reporting, JSON output."""

from __future__ import annotations

import functools
import json
import os
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from lextrack import __version__
from lextrack.errors import LextrackError, NotFoundError, ParseError, UsageError

# Exit codes, documented in the README.
EXIT_OK = 0
EXIT_REJECTED = 1  # some inputs were rejected (--keep-going), or a lookup found nothing
EXIT_FATAL = 2  # usage error or fatal error

F = TypeVar("F", bound=Callable[..., Any])

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe_text(text: str) -> str:
    """Control characters (an ESC sequence in a file name or a text) shown as \\xNN, never sent raw."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


@functools.cache
def _safe_console_class() -> type:
    from rich.console import Console
    from rich.segment import Segment

    class SafeConsole(Console):
        """A rich Console that escapes control characters in everything it prints (rich's own styles
        excepted)."""

        def _render_buffer(self, buffer: Iterable[Segment]) -> str:
            return super()._render_buffer(
                s if s.control else Segment(safe_text(s.text), s.style) for s in buffer
            )

    return SafeConsole


class LazyConsole:
    """The SafeConsole, made on first use: rich costs ~60 ms to import, and `at --json` (what programs
    call, often) never prints through it."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            self._console = _safe_console_class()(**self._options)
        return getattr(self._console, name)


console: Any = LazyConsole(highlight=False, soft_wrap=True)
err_console: Any = LazyConsole(stderr=True, highlight=False, soft_wrap=True)


def escape(text: str) -> str:
    """rich.markup.escape, imported only when text output is printed."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def default_corpus() -> Path:
    """The bundled corpus: next to the package in a checkout, or $LEXTRACK_CORPUS."""
    env = os.environ.get("LEXTRACK_CORPUS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "corpus"


store_option = click.option(
    "--store",
    "store_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    envvar="LEXTRACK_STORE",
    help="Store directory (default: $LEXTRACK_STORE or .lextrack/).",
)


def fail(message: str, code: int = EXIT_FATAL) -> None:
    err_console.print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
    sys.exit(code)


def handle_errors(func: F) -> F:
    """Turn lextrack's errors into one line on stderr and an exit code; never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NotFoundError as exc:
            fail(_escape(str(exc)), EXIT_REJECTED)
        except (ParseError, UsageError, LextrackError) as exc:
            fail(_escape(str(exc)), EXIT_FATAL)
        except KeyboardInterrupt:
            fail("interrupted", EXIT_FATAL)
        except BrokenPipeError:
            sys.exit(EXIT_OK)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            fail(_escape(f"{where}{exc.strerror or exc}"), EXIT_FATAL)
        except Exception as exc:
            # what the store's own checks did not foresee (a full disk…); sqlite3 is looked up, not imported:
            # `parse` and `extract` start without it, and an error of it means it was imported
            sqlite3 = sys.modules.get("sqlite3")
            if sqlite3 is None or not isinstance(exc, sqlite3.Error):
                raise
            fail(_escape(f"the store's index (SQLite): {exc}"), EXIT_FATAL)

    return wrapper  # type: ignore[return-value]


def _escape(text: str) -> str:
    return safe_text(text).replace("[", r"\[")


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


class LazyGroup(click.Group):
    """Imports a command module only when one of its commands runs (or help lists them all): `lextrack at`
    then does not pay for networkx, the citation patterns or the web view (start-up: scripts/bench.py).
    Modules imported otherwise register their commands as usual."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, str] = {}  # command name -> module that defines it

    def add_lazy(self, module: str, *names: str) -> None:
        for name in names:
            self.lazy[name] = module

    def load_all(self) -> None:
        import importlib

        for module in dict.fromkeys(self.lazy.values()):
            importlib.import_module(module)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            import importlib

            if cmd_name in self.lazy:
                importlib.import_module(self.lazy[cmd_name])
            if cmd_name not in self.commands:
                self.load_all()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self.load_all()
        return super().list_commands(ctx)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lextrack")
def cli() -> None:
    """Track French legal codes through time: parse, cite, store, ask what was in force."""
