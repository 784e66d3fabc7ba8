"""`lextrack parse`: article files in any format -> a rich summary for people, JSON lines for programs.

A damaged file (cut short, read up to the cut) is an article all the same: it is printed, flagged, and the
exit code stays 0; only rejected files (with --keep-going) make it 1. Warnings (a code guessed from a folder
the table does not know, or no code at all) go to stderr, once per distinct message.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import click
from rich.table import Table
from rich.tree import Tree

from lextrack.cli.common import EXIT_REJECTED, cli, console, default_corpus, err_console, handle_errors
from lextrack.model import Article, Clause
from lextrack.parser import FORMATS, parse_paths


@cli.command("parse")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Force a format instead of detecting it.")
@click.option(
    "--code", metavar="SLUG_OR_NAME", help="The code of files that name none (their folders neither)."
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article, one a line.")
@click.option(
    "--keep-going", is_flag=True, help="Report every rejected file at the end (exit 1) instead of stopping."
)
@handle_errors
def parse_command(
    paths: tuple[Path, ...], fmt: str | None, code: str | None, as_json: bool, keep_going: bool
) -> None:
    """Parse article files or directories (default: the bundled corpus) into articles, clauses and links."""
    inputs = list(paths) or [default_corpus()]
    started = time.perf_counter()
    report = parse_paths(inputs, format=fmt, code=code, keep_going=keep_going)
    elapsed = time.perf_counter() - started
    single = len(report.articles) == 1 and not report.rejected
    if as_json:
        for article in report.articles:
            click.echo(json.dumps(article.to_dict(), ensure_ascii=False))
    elif single:
        _show_article(report.articles[0])
    else:
        _show_summary(report, elapsed)
    if not single or as_json:
        _show_damage_and_warnings(report.articles)
    if report.rejected:
        for path, message in report.rejected:
            err_console.print(f"[bold red]rejected:[/] {_esc(path)}: {_esc(message)}", markup=True)
        err_console.print(f"{len(report.rejected)} file(s) rejected", markup=False)
        raise SystemExit(EXIT_REJECTED)


def _show_summary(report, elapsed: float) -> None:
    from lextrack.citations import extract_article

    per_code: dict[str, Counter[str]] = {}
    formats: Counter[str] = Counter()
    for a in report.articles:
        c = per_code.setdefault(a.code, Counter())
        c["articles"] += 1
        c["clauses"] += sum(1 for top in a.clauses for _ in top.walk())
        c["links"] += sum(1 for lk in a.links if lk.span is None)
        c["anchors"] += sum(1 for lk in a.links if lk.span is not None)
        c["citations"] += len(extract_article(a))
        c["nota"] += 1 if a.nota else 0
        formats[a.format or "?"] += 1
    table = Table(title="Parsed articles", title_justify="left")
    cols = ("articles", "clauses", "links", "anchors", "citations", "nota")
    table.add_column("code", no_wrap=True, min_width=max((len(s) for s in per_code), default=4))
    for col in (*cols[:-1], "NOTA"):
        table.add_column(col, justify="right")
    totals: Counter[str] = Counter()
    for slug in sorted(per_code):
        c = per_code[slug]
        totals.update(c)
        table.add_row(slug, *(str(c[k]) for k in cols))
    table.add_row("[bold]total[/]", *(f"[bold]{totals[k]}[/]" for k in cols))
    console.print(table)
    fmt_text = ", ".join(f"{name} {n}" for name, n in formats.most_common())
    files = len(report.articles) + len(report.rejected)
    damaged = sum(1 for a in report.articles if a.damaged)
    legi = f", {report.legi_structure} LEGI section or text file(s)" if report.legi_structure else ""
    console.print(
        f"{files} file(s) read in {elapsed:.1f}s: {len(report.articles)} article(s), "
        f"{len(report.rejected)} rejected, {damaged} damaged, {report.sections} section README(s){legi}."
    )
    if fmt_text:
        console.print(f"formats: {fmt_text}")


def _show_damage_and_warnings(articles: list[Article]) -> None:
    """Each damaged file with what it lost; each distinct warning once, with how many files it was given."""
    warnings: Counter[str] = Counter()
    for a in articles:
        if a.damaged:
            err_console.print(
                f"[bold yellow]damaged:[/] {_esc(a.source or a.id)}: {_esc(a.damaged)}", markup=True
            )
        warnings.update(a.warnings)
    for message, n in warnings.items():
        times = f" ({n} files)" if n > 1 else ""
        err_console.print(f"[yellow]warning:[/] {_esc(message)}{times}", markup=True)


def _clause_label(c: Clause) -> str:
    text = c.text if len(c.text) <= 70 else c.text[:67] + "…"
    flag = " [red](abrogé)[/]" if c.abrogated else ""
    rows = f" [dim]({len(c.rows)} rows)[/]" if c.rows else ""
    where = "" if c.pinpoint.endswith(f"al.{c.alinea}") else f" [dim](al.{c.alinea})[/]"
    return f"[bold]{_esc(c.pinpoint)}[/]{where} {_esc(text)}{flag}{rows}"


def _esc(text: str) -> str:
    return text.replace("[", r"\[")


def _show_article(a: Article) -> None:
    console.print(
        f"[bold]{_esc(a.id)}[/]  {_esc(a.title or '')}  [dim]({a.format}, {_esc(a.source or '')})[/]"
    )
    if a.damaged:
        console.print(f"[bold yellow]damaged:[/] {_esc(a.damaged)}")
    for warning in a.warnings:
        console.print(f"[yellow]warning:[/] {_esc(warning)}")
    if a.code_name:
        console.print(f"code: {_esc(a.code_name)}")
    for level, title in a.hierarchy:
        console.print(f"  {level}: {_esc(title)}")
    if a.state or a.start or a.end:
        console.print(f"state: {a.state or '?'}  from {a.start or '?'} to {a.end or 'open'}")
    tree = Tree(f"{sum(1 for top in a.clauses for _ in top.walk())} clauses")

    def add(node: Tree, clause: Clause) -> None:
        child = node.add(_clause_label(clause))
        for sub in clause.children:
            add(child, sub)

    for top in a.clauses:
        add(tree, top)
    console.print(tree)
    if a.links:
        table = Table("kind", "target", "label", title=f"{len(a.links)} links", title_justify="left")
        for lk in a.links:
            target = lk.target_article or (lk.target_text.canonical_id if lk.target_text else "")
            table.add_row(str(lk.kind), _esc(target), _esc(lk.label))
        console.print(table)
    if a.nota:
        console.print(f"NOTA: {_esc(a.nota)}")
        if a.nota_in_force:
            console.print(f"NOTA entry into force: {a.nota_in_force}")
