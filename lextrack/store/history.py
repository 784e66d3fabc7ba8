"""Git histories (repositories or bundles) -> observations: one per article a commit adds, changes or
deletes."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # GitPython costs ~0.1 s to import: only the commands that read git pay it
    import git

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from lextrack.errors import ParseError, StoreError
from lextrack.model import Article
from lextrack.store.articles import is_article_path, read_article
from lextrack.store.blobs import check_size, read_blobs
from lextrack.store.gitrepo import (
    DATE_TRAILER,
    JORF_DATE_TRAILER,
    NO_TEXT,
    TEXT_DATE_TRAILER,
    TRANSFER_TRAILER,
    UNCERTAIN_TRAILER,
    git_env,
)
from lextrack.store.observation import Observation, hierarchy_json
from lextrack.store.pool import parallel_threshold, parse_in_parallel, workers
from lextrack.store.subject_dates import (
    CommitDates,
    commit_dates,
    date_from_subject,
    is_placeholder,
    publications,
)


@contextmanager
def opened_history(repo_or_bundle: Path) -> Iterator[git.Repo]:
    """A GitPython repo for a repository path or a bundle (cloned bare into a temporary folder)."""
    import git

    if not repo_or_bundle.exists():
        raise StoreError(f"{repo_or_bundle}: no such repository or bundle")
    if repo_or_bundle.is_file():
        tmp = Path(tempfile.mkdtemp(prefix="lextrack-bundle-"))
        try:
            proc = subprocess.run(
                ["git", "clone", "--bare", "-q", "--", str(repo_or_bundle.resolve()), str(tmp / "repo.git")],
                capture_output=True,
                env=git_env(),
            )
            if proc.returncode != 0:
                raise StoreError(f"{repo_or_bundle}: not a git bundle ({proc.stderr.decode().strip()})")
            repo = git.Repo(str(tmp / "repo.git"))
            try:
                yield repo
            finally:
                repo.close()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    else:
        try:
            repo = git.Repo(str(repo_or_bundle))
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise StoreError(f"{repo_or_bundle}: not a git repository") from None
        try:
            yield repo
        finally:
            repo.close()


_SEP = "\x1e"


def git_history(
    repo_or_bundle: Path, branch: str | None = None, under: str | None = None
) -> list[Observation]:
    """Every article change of a history, dated by author date (or the subject/trailer date before 1970)."""
    import git

    with opened_history(repo_or_bundle) as repo:
        rev = branch or "HEAD"
        try:
            repo.git.rev_parse("--verify", "-q", rev + "^{commit}")
        except git.GitCommandError:
            raise StoreError(f"{repo_or_bundle}: no branch {rev!r}") from None
        fmt = (
            f"{_SEP}%H%x1f%at%x1f%ad%x1f%s%x1f%(trailers:key={DATE_TRAILER},valueonly,separator=%x2c)"
            f"%x1f%(trailers:key={UNCERTAIN_TRAILER},valueonly,separator=%x2c)"
            f"%x1f%(trailers:key={TRANSFER_TRAILER},valueonly,separator=%x2c)"
            f"%x1f%(trailers:key={TEXT_DATE_TRAILER},valueonly,separator=%x2c)"
            f"%x1f%(trailers:key={JORF_DATE_TRAILER},valueonly,separator=%x2c)"
        )
        args = [
            "-c",
            "core.quotePath=false",
            "log",
            rev,
            "--reverse",
            "--topo-order",
            "--first-parent",
            "--diff-merges=first-parent",
            "--no-renames",
            "--raw",
            "--no-abbrev",
            "--date=format:%Y-%m-%d",
            f"--format={fmt}",
        ]
        if under:
            args += ["--", under.strip("/")]
        proc = subprocess.run(["git", "--git-dir", repo.git_dir, *args], capture_output=True, env=git_env())
        if proc.returncode != 0:
            raise StoreError(f"{repo_or_bundle}: git log failed: {proc.stderr.decode().strip()}")
        return before_next_change(list(_observations(repo, proc.stdout.decode("utf-8", errors="replace"))))


def _observations(repo: git.Repo, log: str) -> Iterator[Observation]:
    cache: dict[tuple[str, str], Article] = {}
    live: dict[str, tuple[Article, list | None]] = {}  # path -> article shown there now, and its edges
    id_paths: dict[str, set[str]] = {}  # one article may sit at two paths (steeve: two folders)
    odb = repo.odb
    added = _added_blobs(log)
    computed: dict[tuple[str, str], list] = {}
    failed: dict[tuple[str, str], ParseError] = {}
    blobs: dict[str, bytes] = {}
    if len(added) >= parallel_threshold() and workers() > 1:
        cache, computed, failed = parse_in_parallel(repo.git_dir, added)
    else:
        blobs = read_blobs(repo.git_dir, [b for b, _ in added])  # one git process, not one per blob

    def parse(blob: str, path: str) -> Article:
        key = (blob, path.rsplit("/", 1)[0])
        art = cache.get(key)
        if art is None:
            if key in failed:
                raise failed[key]
            data = blobs.get(blob)
            if data is None:  # an old blob only a deletion names
                stream = odb.stream(bytes.fromhex(blob))
                check_size(stream.size, path)
                data = stream.read()
            else:
                check_size(len(data), path)
            art = read_article(data, path)
            cache[key] = art
        return art

    chunks = log.split(_SEP)[1:]
    published = publications(c.split("\x1f", 4)[3] for c in chunks)  # JORF dates the subjects give
    floor: str | None = None  # the date of the last commit, in commit order, whose date is known
    for seq, chunk in enumerate(chunks):
        head, _, raw = chunk.partition("\n")
        sha, ts, day, subject, trailer_date, trailer_uncertain, trailer_transfers, *more = head.split("\x1f")
        successors = {
            old.strip(): None if new.strip() in ("", "?") else new.strip()
            for old, sep, new in (t.partition("->") for t in trailer_transfers.split(","))
            if sep
        }
        placeholder = is_placeholder(int(ts))
        # lextrack 0.1 dated every version by its commit (by its subject before 1970): see merge.redate
        legacy = (date_from_subject(subject) or day) if placeholder else day
        if trailer_date.strip():  # a store's own history: its trailers are exact
            dates = CommitDates(
                trailer_date.strip().split(",")[0], _first(more, 0), _first(more, 1), "trailer",
                bool(trailer_uncertain.strip()),
            )  # fmt: skip
            legacy = None
        else:
            dates = commit_dates(subject, day, placeholder, published)
            if dates.uncertain and floor is not None and floor < dates.start:
                # before 1970 and undated: after the last dated change (commit order is date order there)
                dates = replace(dates, start=floor)
        if not dates.uncertain:
            floor = dates.start
        day, uncertain = dates.start, dates.uncertain
        when = {"text_date": dates.text_date, "jorf_date": dates.jorf_date, "legacy_start": legacy}
        present: dict[str, Observation] = {}
        gone: dict[str, Observation] = {}
        for line in raw.splitlines():
            if not line.startswith(":"):
                continue
            meta, _, path = line.partition("\t")
            path = unquote_git_path(path)
            if not is_article_path(path):
                continue
            _m1, _m2, old, new, status = meta[1:].split()
            try:
                if status[0] == "D":
                    held = live.pop(path, None)
                    dead = held[0] if held else parse(old, path)
                    art_id = dead.id
                    id_paths.get(art_id, set()).discard(path)
                    gone[art_id] = Observation(
                        art_id,
                        dead.code,
                        dead.num,
                        "transfer" if art_id in successors else "abrogation",
                        day,
                        source=subject,
                        uncertain=uncertain,
                        origin="git",
                        seq=seq,
                        successor=successors.get(art_id),
                        **when,
                    )
                    continue
                art = parse(new, path)
            except ParseError as exc:
                raise ParseError(f"{exc.problem} (commit {sha[:10]})", path, exc.line) from None
            edges = computed.get((new, path.rsplit("/", 1)[0]))
            live[path] = (art, edges)
            id_paths.setdefault(art.id, set()).add(path)
            own = art.format == "lextrack-store"  # a file this store wrote: its front matter is exact
            present[art.id] = Observation(
                art.id,
                art.code,
                art.num,
                "text",
                day,
                # a store's own file keeps the end its source gave (a LEGI DATE_FIN before a gap)
                end=art.end if own else None,
                text=None if own and art.text == NO_TEXT else art.text,
                source=subject,
                uncertain=uncertain,
                origin="git",
                seq=seq,
                hierarchy=hierarchy_json(art),
                article=art,
                refs=edges,
                **when,
            )
        # A file moved to another folder is a delete and an add of the same id: not an abrogation; nor
        # is deleting one of two copies: the article is then what the remaining copy says.
        for art_id, obs in gone.items():
            if art_id in present:
                continue
            others = sorted(id_paths.get(art_id, ()))
            if not others:
                yield obs
                continue
            art, edges = live[others[0]]
            yield replace(
                obs, kind="text", text=art.text, hierarchy=hierarchy_json(art), article=art, refs=edges
            )
        yield from present.values()


def _first(values: list[str], i: int) -> str | None:
    return values[i].strip().split(",")[0] or None if i < len(values) else None


def before_next_change(observations: list[Observation]) -> list[Observation]:
    """A version whose date is only a placeholder happened before the next change of its article in commit
    order, whatever date that change has: Code civil 1763, added at etalab's "1970-01-31 07:09:14" and
    deleted by the Loi 46-682 of 1946, was not in force in 1970."""
    nxt: dict[str, str] = {}
    out = []
    for o in reversed(observations):
        later = nxt.get(o.article_id)
        if o.uncertain and o.origin == "git" and later is not None and later < o.start:
            o = replace(o, start=later)
        nxt[o.article_id] = o.start
        out.append(o)
    out.reverse()
    return out


def _added_blobs(log: str) -> list[tuple[str, str]]:
    """(blob, path) of each distinct (blob, folder) an article addition or change of `git log --raw` shows:
    what the parser is given (the folder names the code and the sections)."""
    seen: dict[tuple[str, str], str] = {}
    for line in log.splitlines():
        if line.startswith(":") and "\t" in line:
            meta, _, path = line.partition("\t")
            fields = meta.split()
            path = unquote_git_path(path)
            if fields[4][0] != "D" and is_article_path(path):
                seen.setdefault((fields[3], path.rsplit("/", 1)[0]), path)
    return [(blob, path) for (blob, _), path in seen.items()]


def unquote_git_path(path: str) -> str:
    """A path as `git log --raw` prints it, C-quoted when it holds bytes it does not print as is."""
    if len(path) >= 2 and path[0] == '"' and path[-1] == '"':
        raw = path[1:-1].encode("latin-1", errors="backslashreplace").decode("unicode_escape")
        return raw.encode("latin-1").decode("utf-8", errors="replace")
    return path
