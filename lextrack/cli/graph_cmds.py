"""`lextrack graph export`, `cites`, `cited-by`, `impact`, `check`, `stats`: the store's citation graph.

Questions about one article or text walk the index (lextrack.graph.local); only whole-graph exports build a
networkx graph, and networkx is imported only then.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import click

from lextrack.cli.common import EXIT_REJECTED, cli, console, handle_errors, print_json, store_option
from lextrack.dates import parse_user_date
from lextrack.errors import NotFoundError, StoreError, UsageError
from lextrack.graph import queries
from lextrack.graph.exporters.formats import FORMAT_NAMES
from lextrack.graph.local import IndexGraph
from lextrack.store.index import snapshot
from lextrack.vocab import Status


def _say(text: str) -> None:
    """Ids and labels hold brackets ("[V]", "III"): never read them as rich markup."""
    console.print(text, markup=False)


def open_index(store_dir: Path | str | None) -> sqlite3.Connection:
    """The store's index, read-only: the graph never writes."""
    from lextrack.store import default_store_dir
    from lextrack.store.entries import INDEX, no_store

    root = Path(store_dir) if store_dir else default_store_dir()
    path = root / INDEX if root.is_dir() or not root.suffix else root
    if not path.exists():
        raise no_store(root)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # a damaged file fails here, not later
        return conn
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the index: {exc} (see `lextrack verify`)") from None


def _date(value: str | None) -> str | None:
    return parse_user_date(value, "--date") if value else None


date_option = click.option("--date", "date", metavar="YYYY-MM-DD", help="The graph as it stood on this day.")
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for programs.")


@cli.group("graph")
def graph_group() -> None:
    """The citation graph of the store: articles, legal texts and codes, with dated, typed edges."""


@graph_group.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), required=True, help="Output format.")
@click.option("-o", "--output", "output", required=True, metavar="PATH", help="File (csv: a directory).")
@click.option("--code", "code", metavar="SLUG", help="Only this code's articles and what they link to.")
@click.option("--around", "around", metavar="ID", help="Only the neighbourhood of this article or text.")
@click.option("--depth", "depth", type=click.IntRange(0), default=1, show_default=True, help="With --around.")
@date_option
@store_option
@json_option
@handle_errors
def export_command(
    fmt: str, output: str, code: str | None, around: str | None, depth: int, date: str | None,
    store_dir: Path | None, as_json: bool,
) -> None:  # fmt: skip
    """Write the graph as GraphML, GEXF (dynamic), node-link JSON, Neo4j CSV or Graphviz DOT.

    The file is written as the index is read (no graph is held in memory); --code and --around read only
    around the nodes they keep."""
    from lextrack.codes import code_slug
    from lextrack.graph.exporters import export
    from lextrack.graph.exporters.source import IndexSource, SubgraphSource, around_subgraph, code_subgraph

    day = _date(date)
    with closing(open_index(store_dir)) as conn:
        source: IndexSource | SubgraphSource
        if code or around:
            graph = IndexGraph(conn, day, meta=True)
            with snapshot(conn):
                keep = code_subgraph(graph, code_slug(code)) if code else None
                if around:
                    node = queries.resolve_node(graph, around)
                    keep = around_subgraph(graph, node, depth, within=keep)
            source = SubgraphSource(graph, keep or set())
        else:
            source = IndexSource(conn, day)
        files = export(source, fmt, Path(output))
    summary = {
        "format": fmt,
        "files": [str(f) for f in files],
        "nodes": source.nodes,
        "edges": source.edges,
    }
    if as_json:
        print_json(summary)
    else:
        _say(f"wrote {', '.join(summary['files'])}: {summary['nodes']} nodes, {summary['edges']} edges")


def _refs_command(name: str, outgoing: bool):
    @cli.command(name)
    @click.argument("article_id")
    @click.option("--depth", "depth", type=click.IntRange(1), default=1, show_default=True)
    @date_option
    @store_option
    @json_option
    @handle_errors
    def command(article_id: str, depth: int, date: str | None, store_dir: Path | None, as_json: bool) -> None:
        day = _date(date)
        with closing(open_index(store_dir)) as conn, snapshot(conn):
            graph = IndexGraph(conn, day)
            try:
                node = queries.resolve_node(graph, article_id)
            except NotFoundError as exc:
                if day:
                    raise NotFoundError(f"{exc} on {day} (not in force that day, or unknown)") from None
                raise
            rows = (queries.cites if outgoing else queries.cited_by)(graph, node, depth)
        if as_json:
            print_json({"id": node, "date": date, "references": rows})
            return
        if not rows:
            _say(f"{node}: {'cites nothing' if outgoing else 'cited by nothing'} in the store")
            return
        verb = "cites" if outgoing else "is cited by"
        _say(f"{node} {verb}:")
        for r in rows:
            indent = "  " * r["depth"]
            clause = r.get("clause") or "-"
            pin = f" [{r['pinpoint']}]" if r.get("pinpoint") else ""
            if outgoing:
                line = f"{indent}{clause:<10} {r['type']:<14} {r['target']}{pin}"
            else:  # who cites, from which of its clauses, and which part of the cited article
                line = f"{indent}{r['source']} ({clause}) {r['type']} {r['target']}{pin}"
            interval = _interval(r)
            if interval:
                line += f"  ({interval})"
            _say(f"{line}  <{r.get('provenance', '')}>")

    return command


cites_command = _refs_command("cites", outgoing=True)
cites_command.help = "What an article cites (and what those cite, with --depth), with clause and pinpoint."
cited_by_command = _refs_command("cited-by", outgoing=False)
cited_by_command.help = (
    "What cites an article (and what cites those, with --depth), with clause and pinpoint."
)


def _interval(row: dict[str, Any]) -> str:
    lo, hi = row.get("valid_from"), row.get("valid_to")
    if not lo and not hi:
        return ""
    return f"{lo or '…'} → {hi or ''}"


@cli.command("impact")
@click.argument("text")
@date_option
@store_option
@json_option
@handle_errors
def impact_command(text: str, date: str | None, store_dir: Path | None, as_json: bool) -> None:
    """Every article a text created, modified, abrogated or transferred, and what cites them.

    TEXT is an id (decret/2017-864) or a name ("Décret n°2017-864 du 9 mai 2017").
    """
    with closing(open_index(store_dir)) as conn, snapshot(conn):
        result = queries.impact(IndexGraph(conn, _date(date)), text)
    if as_json:
        print_json(result)
        return
    _say(f"{result['label']} ({result['text']})")
    if not result["articles"]:
        _say("  no article of the store says this text acted on it")
    for r in result["articles"]:
        line = f"  {r['relation']:<15} {r['article']}"
        if r.get("valid_from"):
            line += f"  since {r['valid_from']}"
        if r.get("successors"):
            line += f"  -> {', '.join(r['successors'])}"
        _say(line)
    if result["cited_by"]:
        _say("cited by:")
        for r in result["cited_by"]:
            where = f" ({r['clause']})" if r.get("clause") else ""
            _say(f"  {r['source']}{where} -> {r['target']}")


@cli.command("check")
@click.argument("article_id", required=False)
@click.option("--code", "code", metavar="CODE", help="Only this code's articles.")
@click.option("--all", "show_all", is_flag=True, help="List every citation leaving the corpus.")
@date_option
@store_option
@json_option
@handle_errors
def check_command(
    article_id: str | None, code: str | None, date: str | None, store_dir: Path | None, as_json: bool,
    show_all: bool,
) -> None:  # fmt: skip
    """Broken references (cited article abrogated, transferred, not yet in force, or of unknown status),
    citations leaving the corpus, and anomalies (transfers without successor, overlapping versions): of the
    whole store, of one code (--code), or of one article (ARTICLE_ID).

    Exit 1 when something is broken."""
    from lextrack.codes import code_slug

    if article_id and code:
        raise UsageError("give an article or --code, not both")
    slug = code_slug(code) if code else None
    if code and not slug:
        raise UsageError(f"--code {code!r} is not the name or slug of a code")
    with closing(open_index(store_dir)) as conn, snapshot(conn):
        article = queries.resolve_node(IndexGraph(conn), article_id) if article_id else None
        result = queries.check(conn, date=_date(date), code=slug, article=article)
    if as_json:
        print_json(result)
    else:
        _print_check(result, None if show_all else 20)
    if result["broken"] or result["anomalies"]:
        raise SystemExit(EXIT_REJECTED)


def _print_check(result: dict[str, Any], limit: int | None) -> None:
    when = f" on {result['date']}" if result["date"] else ""
    _say(f"broken references{when}: {len(result['broken'])}")
    for b in result["broken"]:
        since = f" since {b['since']}" if b.get("since") else ""
        if b["problem"] == Status.TRANSFERRED:
            succ = ", ".join(b.get("successors", ())) or "successor unknown"
            what = f"transferred{since} -> {succ}"
        elif b["problem"] == Status.NOT_YET_IN_FORCE:
            first = b.get("in_force_from")
            what = "not in force yet" + (f" (earliest version the store holds: {first})" if first else "")
        else:
            what = f"{b['problem']}{since}"
        where = f" ({b['clause']})" if b.get("clause") else ""
        stretch = "" if result["date"] else f"  [from {b['on']}]"
        _say(f"  {b['citing']}{where} cites {b['cited']}: {what}{stretch}")
    outside = result["outside_corpus"]
    _say(f"citations of articles outside the corpus (not errors): {len(outside)}")
    for o in outside[:limit]:
        _say(f"  {o['citing']} -> {o['cited']}")
    if limit is not None and len(outside) > limit:
        _say(f"  … {len(outside) - limit} more (--all or --json to list them)")
    loose = result.get("unresolved", [])
    _say(f"citations of a number no code could be given: {len(loose)}")
    for u in loose[:limit]:
        where = f" ({u['clause']})" if u.get("clause") else ""
        _say(f"  {u['citing']}{where}: {u['label'] or u['num']}")
    if limit is not None and len(loose) > limit:
        _say(f"  … {len(loose) - limit} more (--all or --json to list them)")
    _say(f"anomalies: {len(result['anomalies'])}")
    for a in result["anomalies"]:
        extra = f" -> {a['successor']}" if a.get("successor") else ""
        if a.get("versions"):
            extra = " " + " / ".join(f"{v['start']}→{v['end'] or ''}" for v in a["versions"])
        _say(f"  {a['kind']}: {a['article']}{extra}")


@cli.command("stats")
@click.option("--top", "top", type=click.IntRange(1), default=10, show_default=True)
@date_option
@store_option
@json_option
@handle_errors
def stats_command(top: int, date: str | None, store_dir: Path | None, as_json: bool) -> None:
    """Counts by node and edge type, most cited, most amending texts, degrees, PageRank, components."""
    from lextrack.graph.stats import index_stats

    with closing(open_index(store_dir)) as conn:
        result = index_stats(conn, date=_date(date), top=top)
    if as_json:
        print_json(result)
        return
    _say("nodes: " + ", ".join(f"{k} {v}" for k, v in result["nodes"].items()))
    _say("edges: " + ", ".join(f"{k} {v}" for k, v in result["edges"].items()))
    _say("most cited (citing articles, citing clauses):")
    for r in result["most_cited"]:
        _say(f"  {r['count']:>5} {r['citations']:>5}  {r['id']}")
    _say("most amending texts (articles acted on):")
    for r in result["most_amending"]:
        _say(f"  {r['count']:>5}  {r['label']} ({r['id']})")
    _say("in-degree distribution:  " + _dist(result["in_degree"]))
    _say("out-degree distribution: " + _dist(result["out_degree"]))
    _say("PageRank top 20:")
    for r in result["pagerank"]:
        _say(f"  {r['score']:.4f}  {r['id']}")
    comp = result["components"]
    _say(f"weakly connected components: {comp['count']} (largest: {', '.join(map(str, comp['largest']))})")


def _dist(dist: dict[str, int]) -> str:
    return ", ".join(f"{k}:{v}" for k, v in dist.items())
