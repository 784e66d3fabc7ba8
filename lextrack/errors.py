"""Typed errors; the CLI maps each to an exit code and a one-line message, never a traceback."""

from __future__ import annotations


class LextrackError(Exception):
    """Base of every error lextrack raises on purpose."""


class ParseError(LextrackError):
    """A file that cannot be read as an article: names the file, the line when known, and the problem."""

    def __init__(self, problem: str, path: str | None = None, line: int | None = None) -> None:
        self.problem = problem
        self.path = path
        self.line = line
        where = path or "<input>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {problem}")


class StoreError(LextrackError):
    """The version store refused an operation or found itself inconsistent."""


class NotFoundError(LextrackError):
    """An id, a date or a version that the store does not know."""


class UsageError(LextrackError):
    """A malformed argument (date, id) given by the user."""
