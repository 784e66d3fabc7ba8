"""The tables of knowledge lextrack ships (lextrack/data/*.tsv), read one way."""

from __future__ import annotations

import csv
from importlib import resources


def table_rows(name: str) -> list[dict[str, str]]:
    """The rows of lextrack/data/NAME, a tab-separated table whose first line names its columns."""
    text = resources.files("lextrack").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines(), delimiter="\t"))
