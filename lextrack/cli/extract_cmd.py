"""`lextrack extract`: citations of text read on stdin, as a table, a JSON list or JSON lines.

The --jsonl form is a contract other tools and evaluations depend on: one output line per input
line, in order, keys with no value left out, a bad line answered by {"error": ...} without stopping.
Consecutive lines with the same context_code and context_article are the alinéas of one article, in
order: "du même code" in one refers to what an earlier one named. A line with another article, or with
none, or a bad line, starts afresh.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.table import Table

from lextrack.citations import Alineas, Catalogue, Exists, extract, to_json
from lextrack.citations.codes import numbering
from lextrack.cli.common import cli, console, handle_errors, print_json
from lextrack.errors import UsageError


@cli.command("extract")
@click.option(
    "--code", "code", metavar="SLUG_OR_NAME", help="Code of the citing text (for 'du présent code')."
)
@click.option(
    "--article", "article", metavar="NUM", help="Number of the citing article (for 'du présent article')."
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of citations.")
@click.option(
    "--jsonl", "as_jsonl", is_flag=True, help="Read JSON objects, one a line; write one result a line."
)
@click.option("--spans", is_flag=True, help="Add span, matched text and resolved ids to the JSON.")
@click.option(
    "--store",
    "store_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Check bare numbers against the articles of this store (its codes are taken as whole).",
)
@handle_errors
def extract_command(
    code: str | None, article: str | None, as_json: bool, as_jsonl: bool, spans: bool, store_dir: Path | None
) -> None:
    """Find and resolve the citations in French legal text read on stdin."""
    if as_json and as_jsonl:
        raise UsageError("--json and --jsonl cannot be used together")
    exists = _store_catalogue(store_dir) if store_dir is not None else numbering
    if as_jsonl:
        alineas = Alineas(exists)
        for line in _lines():
            if not line.strip():
                # Still one answer per line, so callers can zip inputs and outputs.
                alineas.reset()
                click.echo(json.dumps({"error": "empty line"}))
                continue
            click.echo(json.dumps(_jsonl_answer(alineas, line, code, article, spans), ensure_ascii=False))
            sys.stdout.flush()
        return
    text = "".join(_lines())
    cits = extract(text, code=code, article=article, exists=exists)
    if as_json:
        print_json([to_json(c, spans=spans) for c in cits])
        return
    table = Table("span", "kind", "citation", "pinpoint", "text")
    table.columns[1].no_wrap = True
    table.columns[2].no_wrap = True
    for c in cits:
        d = to_json(c)
        if c.kind == "text" and c.text is not None:
            what = c.ids[0] if c.ids else c.text.nature
            if c.text.article:
                what += f" art. {c.text.article}"
        elif c.kind == "range":
            prefix = f"{c.code}/" if c.code else ""
            what = f"{prefix}{d.get('from')} à {d.get('to', '…')}"
        else:
            what = c.ids[0] if c.ids else str(c.num)
        table.add_row(f"{c.span[0]}-{c.span[1]}", c.kind, what, c.pinpoint or "", " ".join(c.matched.split()))
    console.print(table)
    console.print(f"{len(cits)} citation(s)")


def _store_catalogue(store_dir: Path) -> Exists:
    """Every article a store ever held, by code: a code of the store is taken as whole, so a bare number it
    lacks goes to the code the article named last, or stays unresolved; of other codes, what the code table
    knows (numbering)."""
    from lextrack.store import Store

    store = Store.open(store_dir, create=False)
    try:
        rows = store.index.conn.execute("SELECT code, num FROM articles").fetchall()
    finally:
        store.close()
    held = Catalogue(((code, num) for code, num in rows), (code for code, _ in rows))

    def exists(code: str, num: str) -> bool | None:
        known = held(code, num)
        return numbering(code, num) if known is None else known

    return exists


def _lines():
    """Input lines as text; bytes that are not UTF-8 become U+FFFD rather than a traceback."""
    raw = getattr(sys.stdin, "buffer", None)
    if raw is None:
        yield from sys.stdin
        return
    for line in raw:
        yield line.decode("utf-8", errors="replace")


def _jsonl_answer(
    alineas: Alineas, line: str, code: str | None, article: str | None, spans: bool
) -> dict[str, object]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        alineas.reset()
        return {"error": f"line is not JSON: {exc.msg} (column {exc.colno})"}
    error = None
    if not isinstance(obj, dict):
        error = "line is not a JSON object"
    elif not isinstance(obj.get("text"), str):
        error = "missing or non-string 'text'"
    elif obj.get("context_code", code) is not None and not isinstance(obj.get("context_code", code), str):
        error = "'context_code' must be a string"
    if error is not None:
        alineas.reset()
        return {"error": error}
    ctx_code = obj.get("context_code", code)
    ctx_article = obj.get("context_article", article)
    if ctx_article is not None and not isinstance(ctx_article, str):
        ctx_article = str(ctx_article)
    cits = alineas.extract(obj["text"], ctx_code, ctx_article)
    return {"citations": [to_json(c, spans=spans) for c in cits]}
