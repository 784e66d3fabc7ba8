"""Store commands: ingest, history, at, diff, log, verify (text for people, --json for programs)."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from lextrack.cli.common import (
    EXIT_REJECTED,
    cli,
    console,
    default_corpus,
    escape,
    handle_errors,
    print_json,
    safe_text,
    store_option,
)
from lextrack.codes import code_slug
from lextrack.dates import parse_user_date
from lextrack.errors import StoreError, UsageError
from lextrack.store import (
    IngestResult,
    Store,
    can_rebuild_index,
    default_store_dir,
    history_dict,
    rebuild_index,
)
from lextrack.store import diff as wdiff
from lextrack.store.entries import FRESH
from lextrack.vocab import Status


class _Progress:
    """How far a long ingest is, on stderr: one line rewritten in place on a terminal (cleared when the
    ingest ends), a line per step otherwise."""

    def __init__(self, wanted: bool | None) -> None:
        self.err = sys.stderr
        self.tty = self.err.isatty()
        self.on = self.tty if wanted is None else wanted

    def say(self, message: str) -> None:
        if self.on:
            self.err.write(f"\r\x1b[K{message}…" if self.tty else f"{message}…\n")
            self.err.flush()

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *_: object) -> None:
        if self.on and self.tty:
            self.err.write("\r\x1b[K")
            self.err.flush()


def _open(store_dir: Path | None, create: bool = False) -> Store:
    return _told(Store.open(store_dir or default_store_dir(), create=create))


def _told(store: Store) -> Store:
    """A store its opening upgraded says so, once, on stderr: what each migration did (articles renumbered,
    the git view written again…)."""
    for note in store.index.upgraded:
        click.echo(f"upgraded the store at {store.root}: {safe_text(note)}", err=True)
    return store


@cli.command("ingest")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--git", "git_source", type=click.Path(path_type=Path), help="A git repository or bundle.")
@click.option("--branch", help="Branch of --git to read (default: HEAD).")
@click.option("--under", help="Only files under this folder of --git.")
@click.option("--as-of", "as_of", metavar="DATE", help="PATHS are a snapshot of what was in force on DATE.")
@click.option("--strict", is_flag=True, help="Stop at the first file that cannot be read; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the ingest summary as JSON.")
@click.option("--legi-updates", "legi_updates", type=click.Path(path_type=Path), metavar="DIR",
              help="Apply every LEGI daily archive of DIR the store has not applied yet, in order.")
@click.option("--code", "codes", multiple=True, metavar="SLUG",
              help="Files and histories: the code of files that name none (their folders neither). "
              "LEGI dumps: only this code (repeatable).")
@click.option("--tnc", is_flag=True, help="LEGI dumps: texts that are not codes too.")
@click.option("--progress/--no-progress", default=None,
              help="Say on stderr how far a history's ingest is (default: when stderr is a terminal).")
@store_option
@handle_errors
def ingest_command(
    paths: tuple[Path, ...],
    git_source: Path | None,
    branch: str | None,
    under: str | None,
    as_of: str | None,
    strict: bool,
    as_json: bool,
    legi_updates: Path | None,
    codes: tuple[str, ...],
    tnc: bool,
    progress: bool | None,
    store_dir: Path | None,
) -> None:
    """Put article versions into the store: a git history, article files (LEGI XML too), a snapshot, or
    DILA's LEGI dumps (an archive, a folder it was extracted to, a LEGI file named by its id, a folder of
    such files with sections or texts among them).

    With no argument: the bundled corpus (its git histories, then its article files). A file that cannot
    be read is rejected (recorded in the store, listed, exit code 1) and the ingest goes on, unless
    --strict; a file cut short is read up to the cut and its version flagged damaged. A history ingested
    before is read from the commit it was read up to."""
    from lextrack.store.dumps import is_dump

    dumps = [p for p in paths if is_dump(p)]
    paths = tuple(p for p in paths if p not in dumps)
    if tnc and not (dumps or legi_updates):
        raise UsageError("--tnc goes with a LEGI dump or --legi-updates")
    if codes and not (paths or git_source or dumps or legi_updates):
        raise UsageError("--code goes with article files, --git, a LEGI dump or --legi-updates")
    code = _files_code(codes, bool(paths or git_source))
    bundles: list[Path] = []
    if not paths and git_source is None and not dumps and not legi_updates:  # the bundled corpus
        corpus = default_corpus()
        if not corpus.is_dir():
            raise UsageError(
                f"nothing to ingest: give --git REPO_OR_BUNDLE or article files ({corpus} is missing)"
            )
        bundles = sorted((corpus / "git").glob("*.bundle"))
        paths = (corpus,)
    if (branch or under) and git_source is None:
        raise UsageError("--branch and --under go with --git")
    if as_of:
        parse_user_date(as_of, "--as-of")
    report = _Progress(progress)
    results: list = []
    root = store_dir or default_store_dir()
    with _created_only_if_used(root, results), _open(root, create=True) as store:
        for bundle in bundles:
            with report:
                results.append(store.ingest_git(bundle, code=code, strict=strict, progress=report.say))
        if git_source is not None:
            with report:
                results.append(store.ingest_git(
                    git_source, branch=branch, under=under, code=code, strict=strict, progress=report.say
                ))  # fmt: skip
        if paths:
            results.append(store.ingest_paths(paths, as_of=as_of, code=code, strict=strict))
        for dump in dumps:
            results += store.ingest_legi(dump, list(codes) or None, tnc)
        if legi_updates is not None:
            results += store.ingest_legi(legi_updates, list(codes) or None, tnc, updates=True)
    if as_json:
        print_json([r.to_dict() for r in results])
    else:
        for r in results:
            if hasattr(r, "summary"):  # a LEGI dump
                console.print(escape(r.summary()))
            else:
                _print_ingest(r)
    if any(getattr(r, "rejected", ()) for r in results):
        sys.exit(EXIT_REJECTED)


@contextmanager
def _created_only_if_used(root: Path, results: list) -> Iterator[None]:
    """A store this command creates is removed again when it fails before any ingest went in: a mistyped
    --git or a Ctrl-C leaves no empty store behind."""
    made = next((p for p in reversed([root, *root.parents]) if not p.exists()), None)
    try:
        yield
    except BaseException:
        if made is not None and not results and (not root.is_dir() or set(os.listdir(root)) <= FRESH):
            shutil.rmtree(made, ignore_errors=True)
        raise


def _files_code(codes: tuple[str, ...], files: bool) -> str | None:
    """--code for article files and histories: the one code of files that name none."""
    if not files or not codes:
        return None
    if len(codes) > 1:
        raise UsageError("--code gives the code of files that name none: give one")
    if not code_slug(codes[0]):
        raise UsageError(f"--code {codes[0]!r} is not the name or slug of a code")
    return codes[0]


MAX_LISTED = 20  # rejected files and damaged versions listed one by one in the text summary


def _print_ingest(r: IngestResult) -> None:
    if r.unchanged:
        tip = (r.source_tip or "")[:12]
        console.print(f"nothing new: the store already has this history up to {tip} (not read again).")
        return
    read = f"{r.observed} versions read"
    if r.commits_read:
        read += f" from {r.commits_read} commits"
        read += f" after {r.resumed_from[:12]}" if r.resumed_from else ""
    if r.added == 0 and r.changed == 0:
        console.print(f"{read}, nothing new: the store already has them.")
    else:
        console.print(
            f"{read}: {r.added} added, {r.redated} re-dated, {r.articles} new articles; "
            f"{r.commits} commits written from {r.rewritten_from} (tip {(r.tip or '')[:12]})."
        )
    if r.rejected or r.damaged:
        console.print(f"{len(r.rejected)} versions rejected, {len(r.damaged)} damaged.")
    for x in r.rejected[:MAX_LISTED]:
        where = f" (commit {x.commit[:10]})" if x.commit else ""
        console.print(f"[red]rejected:[/] {escape(x.path)}{where}: {escape(x.reason)}")
    for d in r.damaged[:MAX_LISTED]:
        where = f" (commit {d.commit[:10]})" if d.commit else ""
        console.print(f"[yellow]damaged:[/] {escape(d.article_id)} from {d.start}{where}: {escape(d.reason)}")
    hidden = max(0, len(r.rejected) - MAX_LISTED) + max(0, len(r.damaged) - MAX_LISTED)
    if hidden:
        console.print(f"… and {hidden} more (`--json` lists them all)")
    for warning, files in r.warnings:
        console.print(f"[yellow]warning:[/] {escape(warning)} ({files} files)")


@cli.command("history")
@click.argument("article")
@click.option("--json", "as_json", is_flag=True)
@store_option
@handle_errors
def history_command(article: str, as_json: bool, store_dir: Path | None) -> None:
    """Every version of an article: in force from, until, state, its text's date, amending text, commit."""
    with _open(store_dir) as store:
        ref = store.resolve(article)
        versions = store.history(ref.id)
        if ref.date:
            current = store.version_at(ref.id, ref.date)
            versions = [
                v for v in versions if current and (v.start, v.commit) == (current.start, current.commit)
            ]
        preds = store.predecessors(ref.id)
    if as_json:
        print_json(
            {
                "id": ref.id,
                "predecessors": preds,
                "versions": [history_dict(v) for v in versions],
            }
        )
        return
    from rich.table import Table

    table = Table(title=f"{ref.id} — {len(versions)} versions", title_justify="left")
    for col in ("in force", "until", "state", "text of", "amending text", "commit"):
        table.add_column(col, overflow="fold")
    for v in versions:
        start = v.start + (" ?" if v.date_uncertain else "")
        text_date = v.text_date if v.text_date and v.text_date != v.start else ""
        state = v.state + (" !" if v.extra.get("damaged") else "")
        table.add_row(
            start, v.end or "", state, text_date, escape(v.source_text or ""), (v.commit or "")[:10]
        )
    console.print(table)
    if preds:
        console.print("transferred from: " + ", ".join(preds))
    if any(v.date_uncertain for v in versions):
        console.print("? = date uncertain (not given by the source; see the amending text)")
    for v in versions:
        if v.extra.get("damaged"):
            why = v.extra["damaged"]
            console.print(escape(f"! = damaged: the file of the version from {v.start} is cut short ({why})"))


@cli.command("at")
@click.argument("when")
@click.argument("article", required=False)
@click.option("--code", help="With --out: the whole code as in force on the date.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--follow", is_flag=True, help="For a transferred article, show its successor's text.")
@click.option("--json", "as_json", is_flag=True)
@store_option
@handle_errors
def at_command(
    when: str,
    article: str | None,
    code: str | None,
    out_dir: Path | None,
    follow: bool,
    as_json: bool,
    store_dir: Path | None,
) -> None:
    """What was in force on DATE: `at DATE ID`, `at ID@DATE`, or `at DATE --code SLUG --out DIR`."""
    with _open(store_dir) as store:
        if code or out_dir:
            if not (code and out_dir) or article:
                raise UsageError("the whole-code form is `at DATE --code SLUG --out DIR`")
            day = parse_user_date(when, "DATE")
            written = store.write_code_at(code, day, out_dir)
            if as_json:
                print_json({"code": code_slug(code), "date": day, "articles": written, "out": str(out_dir)})
            else:
                console.print(
                    f"{len(written)} articles of {code_slug(code)} in force on {day} written to {out_dir}"
                )
            return
        if article is None:
            if "@" not in when:
                raise UsageError("give DATE and ID (`at 2010-01-01 L227-1`) or ID@DATE")
            ref = store.resolve(when)
            day = ref.date
        else:
            day = parse_user_date(when, "DATE")
            ref = store.resolve(article)
            if ref.date and ref.date != day:
                raise UsageError(f"two dates: {when} and {article}; give one")
        answer = store.at(ref.id, day, follow=follow)  # type: ignore[arg-type]
        followed = follow and store.can_follow(answer)
    if as_json:
        print_json(answer)
    else:
        _print_at(answer, followed)
    if answer["status"] == Status.UNKNOWN and answer["version"] is None:
        sys.exit(EXIT_REJECTED)


def _print_at(a: dict, follow: bool = False) -> None:
    v = a["version"]
    status = a["status"]
    head = f"{a['id']} on {a['date']}: "
    if status == Status.IN_FORCE:
        head += f"in force since {v['start']}" + (f" until {v['end']}" if v["end"] else "")
        head += f" ({v['source']})"
    elif status == Status.NOT_YET_IN_FORCE:
        head += f"not yet in force; in force from {v['start']} ({v['source']})"
    elif status == Status.ABROGATED:
        head += f"abrogated since {v['start']} by {v['source']}"
    elif status == Status.TRANSFERRED:
        if follow and v:
            head += f"transferred to {a['successor']}, whose version in force since {v['start']} reads"
        else:
            head += f"transferred on {v['start']} to {a['successor'] or '?'} by {v['source']}"
    else:
        head += "unknown (the store has no version for that date)"
        if v:
            head += f"; the first known version starts {v['start']}"
    console.print(escape(head))
    if v and v.get("damaged"):
        why = v["damaged"]
        console.print(escape(f"damaged: the file of this version is cut short, its text stops there ({why})"))
    if a.get("pending"):
        p = a["pending"]
        console.print(escape(f"to come: a version in force from {p['start']} ({p['source']})"))
    if v and v.get("text") and status in (Status.IN_FORCE, Status.TRANSFERRED):
        if status == Status.TRANSFERRED and not follow:
            return
        console.print()
        console.print(escape(v["text"]))


@cli.command("diff")
@click.argument("article", required=False)
@click.option("--code", help="Which articles of a code changed between the dates, and by which texts.")
@click.option("--from", "d1", metavar="DATE")
@click.option("--to", "d2", metavar="DATE")
@click.option("--format", "fmt", type=click.Choice(["word", "unified", "json"]), default="word")
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@store_option
@handle_errors
def diff_command(
    article: str | None,
    code: str | None,
    d1: str | None,
    d2: str | None,
    fmt: str,
    as_json: bool,
    store_dir: Path | None,
) -> None:
    """Word diff of an article between two dates, or the changes of a whole code."""
    if as_json:
        fmt = "json"
    with _open(store_dir) as store:
        if code:
            if article:
                raise UsageError("give an article or --code, not both")
            if not d1 or not d2:
                raise UsageError("diff --code needs --from and --to")
            a, b = parse_user_date(d1, "--from"), parse_user_date(d2, "--to")
            entries = store.changes(code, a, b)
            _print_changes(entries, fmt == "json", code_slug(code), a, b)
            return
        if not article:
            raise UsageError("give an article id or --code SLUG")
        ref = store.resolve(article)
        d1 = d1 or ref.date
        if not d1 or not d2:
            raise UsageError("diff needs --from and --to (or ID@FROM --to DATE)")
        a, b = parse_user_date(d1, "--from"), parse_user_date(d2, "--to")
        result = store.diff(ref.id, a, b)
    if fmt == "json":
        print_json(result)
        return
    old, new = result["from"], result["to"]
    since_a, since_b = old.get("start") or "—", new.get("start") or "—"
    console.print(escape(f"{ref.id}: {a} (version of {since_a}) → {b} (version of {since_b})"))
    if not result["changed"]:
        console.print("same text on both dates")
        return
    if fmt == "unified":
        click.echo(  # safe_text: a text's control characters never reach the terminal raw
            safe_text(
                wdiff.unified(old.get("text") or "", new.get("text") or "", f"{ref.id}@{a}", f"{ref.id}@{b}")
            )
        )
        return
    ops = [wdiff.Op(o["op"], o["old"], o["new"]) for o in result["ops"]]
    if console.is_terminal:
        from rich.text import Text

        text = Text()
        for i, para in enumerate(wdiff.changed_paragraphs(ops)):
            if i:
                text.append("\n\n")
            if para is None:
                text.append("[…]", style="dim")
                continue
            for o in para:
                if o.op == "equal":
                    text.append(o.old)
                    continue
                if o.old:
                    text.append(o.old, style="red strike")
                if o.new:
                    text.append(o.new, style="green underline")
        console.print(text)
    else:
        click.echo(safe_text(wdiff.render_word(ops)))


def _print_changes(entries: list[dict], as_json: bool, code: str, a: str, b: str) -> None:
    if as_json:
        print_json({"code": code, "from": a, "to": b, "changes": entries})
        return
    if not entries:
        console.print(f"no change in {code} between {a} and {b}")
        return
    for e in entries:
        _print_entry(e)


def _print_entry(e: dict) -> None:
    date = e["date"] + (" ?" if e["date_uncertain"] else "")
    console.print(f"[bold]{date}[/]  {escape(e['source'] or 'source inconnue')}")
    for key, mark in (("created", "+"), ("modified", "~"), ("abrogated", "-"), ("transferred", ">")):
        if e[key]:
            console.print(f"    {mark} {key}: " + ", ".join(escape(x) for x in e[key]))


@cli.command("log")
@click.option("--code")
@click.option("--since", metavar="DATE")
@click.option("--json", "as_json", is_flag=True)
@store_option
@handle_errors
def log_command(code: str | None, since: str | None, as_json: bool, store_dir: Path | None) -> None:
    """Amending texts in date order with what each created, modified, abrogated or transferred."""
    since = parse_user_date(since, "--since") if since else None
    with _open(store_dir) as store:
        entries = store.log(code, since)
    if as_json:
        print_json(entries)
        return
    for e in entries:
        _print_entry(e)


@cli.command("verify")
@click.option(
    "--repair", is_flag=True, help="Finish an interrupted ingest / rebuild the git view from the index."
)
@click.option("--json", "as_json", is_flag=True)
@store_option
@handle_errors
def verify_command(repair: bool, as_json: bool, store_dir: Path | None) -> None:
    """Check that the index holds together and that the git view agrees with it (and git fsck)."""
    root = store_dir or default_store_dir()
    repaired: list[str] = []
    try:
        store = _told(Store.open(root, create=False))
    except StoreError as exc:  # unreadable, missing or older index: the git view can give it back
        if "locked" in str(exc) or not can_rebuild_index(root):
            raise
        if not repair:
            hint = (
                ""
                if "--repair" in str(exc)
                else " (`lextrack verify --repair` rebuilds it from the git view)"
            )
            _print_verify([], [f"{exc}{hint}"], 0, as_json)
            sys.exit(EXIT_REJECTED)
        repaired += rebuild_index(root)
        store = Store.open(root, create=False)
    try:
        problems = store.verify()
        if problems and repair:
            try:
                repaired += store.recover()
            except StoreError:  # the index cannot say where the branch goes: read it back from the view
                pass
            problems = store.verify()
        if problems and repair and any(p.startswith("index:") for p in problems):
            # the index lost something: never rewrite the view from it, read it back from the view
            store.close()
            repaired += rebuild_index(root)
            store = Store.open(root, create=False)
            problems = store.verify()
        if problems and repair:
            store.rebuild_view()
            repaired.append("rebuilt the git view from the index")
            problems = store.verify()
        versions = store.index.count_versions()
        damaged = store.index.damaged()
    finally:
        store.close()
    _print_verify(repaired, problems, versions, as_json, damaged)
    if problems:
        sys.exit(EXIT_REJECTED)


def _print_verify(
    repaired: list[str],
    problems: list[str],
    versions: int,
    as_json: bool,
    damaged: list[tuple[str, str, str]] | None = None,
) -> None:
    """The verdict; versions stored from files cut short are counted (and listed with --json): the store
    holds them as their sources gave them, which is not a problem of the store."""
    damaged = damaged or []
    if as_json:
        print_json(
            {
                "ok": not problems,
                "problems": problems,
                "repaired": repaired,
                "versions": versions,
                "damaged": [{"id": a, "start": s, "reason": why} for a, s, why in damaged],
            }
        )
        return
    for line in repaired:
        console.print(f"repaired: {escape(line)}")
    for p in problems:
        console.print(f"[red]problem:[/] {escape(p)}")
    if not problems:
        console.print(f"ok: {versions} versions, index and git view agree, git fsck clean")
    if damaged:
        console.print(
            f"{len(damaged)} versions are damaged (their files were cut short; stored up to the cut): "
            + ", ".join(escape(f"{a}@{s}") for a, s, _ in damaged[:5])
            + (" …" if len(damaged) > 5 else "")
        )
