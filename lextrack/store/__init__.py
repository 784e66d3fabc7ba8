"""The version store: article versions in a SQLite index (the truth for dates) and a git view of it.

store = Store.open(".lextrack")
store.ingest_git("corpus/git/steeve-code-de-la-securite-sociale.bundle")
store.at("code-de-la-securite-sociale/L227-1", "2010-01-01")
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lextrack.codes import code_slug
from lextrack.dates import UNFIXED, parse_user_date
from lextrack.errors import NotFoundError, ParseError, StoreError, UsageError
from lextrack.model import Version
from lextrack.store import diff as _diff
from lextrack.store.gitrepo import BRANCH, PENDING, GitRepo, article_path, render
from lextrack.store.index import END_KINDS, Index, Row, text_sha
from lextrack.store.lock import store_lock

if TYPE_CHECKING:
    from lextrack.store.ingest import IngestResult
    from lextrack.store.sources import Observation

# Ingest pulls in the parser, citations and the git-history reader: imported where an ingest runs, so that
# the reading commands (`at`, `show`, `history`) start without them.

__all__ = ["Store", "IngestResult", "resolve_id", "default_store_dir", "rebuild_index", "can_rebuild_index"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while an ingest runs (worker processes inherit it).

    An ingest holds hundreds of thousands of objects until it ends and makes almost no cycles (20 in 3 000
    parsed files): the collector's passes over them are pure cost, 5 % of a 10 000-version ingest.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def default_store_dir() -> Path:
    return Path(os.environ.get("LEXTRACK_STORE") or ".lextrack")


def _version(row: Row, text: str | None) -> Version:
    return Version(
        article_id=row.article_id,
        start=row.start,
        end=row.end,
        state=row.state,
        text=text or "",
        source_text=row.source,
        date_uncertain=row.date_uncertain,
        commit=row.commit_sha,
        successor=row.successor,
        extra={"kind": row.kind, "origin": row.origin, "has_text": text is not None},
    )


def version_dict(v: Version) -> dict[str, Any]:
    """The `version` object of `at --json` (exact contract)."""
    return {
        "start": v.start,
        "end": v.end,
        "source": v.source_text,
        "text": v.text if v.extra.get("has_text", True) else None,
        "commit": v.commit,
    }


def history_dict(v: Version) -> dict[str, Any]:
    d = version_dict(v)
    d.update(
        state=v.state,
        kind=v.extra.get("kind"),
        date_uncertain=v.date_uncertain,
        origin=v.extra.get("origin"),
        successor=v.successor,
    )
    return d


_NUM_SPACES = re.compile(r"^([A-Za-z]{1,3}\*?)\.?\s*(\d)")


def normalize_num(num: str) -> str:
    """ "L. 227-1", "l227-1" -> "L227-1": how article numbers are written in the index."""
    num = num.strip()
    m = _NUM_SPACES.match(num)
    if m:
        num = m.group(1).upper() + num[m.end(1) :].lstrip(". ")
    return num


def _spellings(num: str) -> list[str]:
    """Ways a user's number may be stored: "L. 227-1" -> L227-1; "art. 1101" and "1101 bis" as parsed."""
    from lextrack.nums import normalise_num

    out = [normalize_num(num)]
    try:
        out.append(normalise_num(num, "<argument>"))
    except ParseError:
        pass
    return list(dict.fromkeys(out))


@dataclass(frozen=True, slots=True)
class Ref:
    id: str
    date: str | None


def resolve_id(index: Index, text: str) -> Ref:
    """`code/NUM`, a unique bare `NUM`, either followed by `@YYYY-MM-DD`."""
    raw, at, day = text.strip().partition("@")
    date = parse_user_date(day, "date after @") if at else None
    if not raw:
        raise UsageError("empty article id")
    if "/" in raw:
        code, _, num = raw.rpartition("/")
        for aid in (*(f"{code_slug(code)}/{n}" for n in _spellings(num)), raw):
            if index.has_article(aid):
                return Ref(aid, date)
        raise NotFoundError(f"{raw}: no such article in the store")
    found = next((ids for n in _spellings(raw) if (ids := index.ids_with_num(n))), [])
    if not found:
        raise NotFoundError(f"{raw}: no such article in the store")
    if len(found) > 1:
        raise UsageError(f"{raw} is ambiguous: " + ", ".join(found) + " (give the code: CODE/NUM)")
    return Ref(found[0], date)


class Store:
    """A store directory: index.sqlite (truth), repo.git (view), lock."""

    def __init__(self, root: Path, index: Index, repo: GitRepo) -> None:
        self.root = root
        self.index = index
        self.repo = repo

    @classmethod
    def open(cls, root: str | Path | None = None, create: bool = True) -> Store:
        root = Path(root) if root is not None else default_store_dir()
        if not (root / "index.sqlite").exists():
            # never start an empty index beside a git view: the first ingest would rewrite the branch
            # from that empty index and drop every version it held
            if can_rebuild_index(root):
                raise StoreError(
                    f"{root}: index.sqlite is missing but the git view is there "
                    "(`lextrack verify --repair` rebuilds the index from it)"
                )
            if not create:
                raise StoreError(f"{root}: no store here (run `lextrack ingest` first, or give --store)")
            root.mkdir(parents=True, exist_ok=True)
        elif not root.is_dir():
            raise StoreError(f"{root}: not a directory")
        return cls(root, Index(root / "index.sqlite"), GitRepo(root / "repo.git"))

    def close(self) -> None:
        self.index.close()
        self.repo.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing ------------------------------------------------------------------------------------
    def _apply(self, observations: list[Observation], what: str) -> IngestResult:
        from lextrack.store.ingest import apply

        with store_lock(self.root):
            self._recover_locked()
            return apply(self.index, self.repo, observations, what)

    @gc_paused()
    def ingest_git(
        self, source: str | Path, branch: str | None = None, under: str | None = None
    ) -> IngestResult:
        """A git history (repository or bundle): one version per commit touching an article."""
        from lextrack.store.sources import git_history

        obs = git_history(Path(source), branch=branch, under=under)
        return self._apply(
            obs, f"git {source}" + (f" {branch}" if branch else "") + (f" {under}" if under else "")
        )

    @gc_paused()
    def ingest_paths(self, paths: Iterable[str | Path], as_of: str | None = None) -> IngestResult:
        """Article files (any format the parser reads, LEGI XML included), or a snapshot as of a date."""
        from lextrack.store.articles import read_file
        from lextrack.store.sources import check_size, file_observations, today_iso

        as_of = parse_user_date(as_of, "--as-of") if as_of else None
        files = list(_article_files(paths))
        if not files:
            raise UsageError("no article file in " + ", ".join(str(p) for p in paths))
        today = today_iso()
        obs: list[Observation] = []
        cache: dict[tuple[str, str], list[Observation]] = {}
        for f in files:
            try:
                check_size(f.stat().st_size, str(f))  # before reading: a huge file is never loaded
                data = f.read_bytes()
            except OSError as exc:
                raise ParseError(f"cannot read: {exc.strerror}", str(f)) from None
            key = (text_sha(data.decode("utf-8", errors="replace")), str(f))
            if key not in cache:
                cache[key] = file_observations(read_file(data, str(f)), today, as_of, str(f))
            obs += cache[key]
        obs = _date_successors(obs)
        if as_of:
            obs += self._disappeared(obs, as_of)
        return self._apply(
            obs, ("snapshot " + as_of + " " if as_of else "files ") + " ".join(map(str, paths))
        )

    def _disappeared(self, obs: list[Observation], as_of: str) -> list[Observation]:
        """Articles an earlier snapshot of the same codes had and this one lacks: closed at `as_of`."""
        from lextrack.store.sources import Observation

        present = {o.article_id for o in obs}
        out = []
        for code in sorted({o.code for o in obs}):
            for aid in self.index.article_ids(code):
                if aid in present:
                    continue
                row = self.index.at(aid, as_of)
                if row is not None and row.kind == "text" and row.origin == "snapshot" and row.start < as_of:
                    c, _, num = aid.partition("/")
                    out.append(
                        Observation(
                            aid,
                            c,
                            num,
                            "abrogation",
                            as_of,
                            origin="snapshot",
                            uncertain=True,
                            source=f"Absent de l'instantané au {as_of}",
                        )
                    )
        return out

    def recover(self) -> list[str]:
        """Finish an ingest interrupted between its index commit and its branch move."""
        with store_lock(self.root):
            return self._recover_locked()

    def _recover_locked(self) -> list[str]:
        from lextrack.store.ingest import move_branch

        done = self.repo.clear_stale_locks()
        tip = self.index.meta("tip")
        branch = self.repo.ref(BRANCH)
        if tip is None and branch is not None:
            raise StoreError(
                f"{self.root}: the index records no tip but the git view holds a branch: the index was lost "
                "or replaced (`lextrack verify --repair` rebuilds it from the git view)"
            )
        if tip == branch:
            if self.repo.ref(PENDING):
                self.repo.update_ref_quiet_pending()
            return done
        if tip and self.repo.has_commit(tip):
            move_branch(self.index, self.repo)
            done.append(f"moved the branch to the index's tip {tip[:12]}")
        else:
            self.rebuild_view_locked()
            done.append("rebuilt the git view from the index")
        return done

    def rebuild_view(self) -> str | None:
        with store_lock(self.root):
            return self.rebuild_view_locked()

    def rebuild_view_locked(self) -> str | None:
        """The git history is derived: write it again from the index alone."""
        from lextrack.store.ingest import move_branch, write_view

        conn = self.index.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            self.index.set_branch_commits([])
            tip, _ = write_view(self.index, self.repo, None)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        if tip is None and self.repo.ref(BRANCH):
            self.repo.update_ref(BRANCH, None)  # an empty index: an empty view
        move_branch(self.index, self.repo)
        return tip

    # --- reading ------------------------------------------------------------------------------------
    def resolve(self, text: str) -> Ref:
        return resolve_id(self.index, text)

    def history(self, article_id: str) -> list[Version]:
        rows = self.index.rows(article_id)
        if not rows:
            raise NotFoundError(f"{article_id}: no such article in the store")
        return [_version(r, self.index.text(r.text_sha)) for r in rows if r.state != "repeat"]

    def version_at(self, article_id: str, day: str) -> Version | None:
        row = self.index.at(article_id, day)
        return _version(row, self.index.text(row.text_sha)) if row else None

    def at(
        self, article_id: str, day: str, follow: bool = False, _seen: frozenset[str] = frozenset()
    ) -> dict[str, Any]:
        """What was in force: the exact `at --json` object.

        follow: a transferred article answers with its successor's version (transfers chained, a cycle
        stopped where it closes).
        """
        if not self.index.has_article(article_id):
            raise NotFoundError(f"{article_id}: no such article in the store")
        row = self.index.at(article_id, day)
        successor = None
        if row is None and self.index.known_before(article_id, day):
            status = "unknown"  # a gap: the source ended a version without naming the next one
        elif row is None:
            nxt = self.index.first_after(article_id, day)
            if (
                nxt is not None
                and nxt.origin != "snapshot"
                and (not nxt.date_uncertain or nxt.start == UNFIXED)
            ):
                status = "not_yet_in_force"
            else:
                status = "unknown"
            row = nxt
        elif row.kind == "text":
            status = "in_force"
        elif row.kind == "abrogation":
            status = "abrogated"
        else:
            status = "transferred"
            successor = row.successor
        version = None
        if row is not None:
            version = version_dict(_version(row, self.index.text(row.text_sha)))
        out: dict[str, Any] = {
            "id": article_id,
            "date": day,
            "status": status,
            "version": version,
            "successor": successor,
        }
        if follow and self.can_follow(out, _seen):
            followed = self.at(successor, day, follow=True, _seen=_seen | {article_id})  # type: ignore[arg-type]
            out["version"] = followed["version"]  # the successor's version, its text included
        return out

    def can_follow(self, answer: dict[str, Any], seen: frozenset[str] = frozenset()) -> bool:
        """Whether `at --follow` shows a successor's version rather than the transfer itself."""
        successor = answer.get("successor")
        return bool(
            successor
            and successor != answer["id"]
            and successor not in seen
            and self.index.has_article(successor)
            and self.index.at(successor, answer["date"]) is not None
        )

    def write_code_at(self, code: str, day: str, out_dir: Path) -> list[str]:
        """The whole code as in force on `day`, one file per article (the Archéo Lex use case)."""
        name, code = code, code_slug(code)
        if not code:  # "../..", "/": no slug; an empty one would select every code
            raise UsageError(f"--code {name!r} is not the name or slug of a code")
        ids = self.index.article_ids(code)
        if not ids:
            raise NotFoundError(f"{code}: no article of this code in the store")
        written = []
        for aid in ids:
            row = self.index.at(aid, day)
            if row is None or row.kind != "text":
                continue
            path = out_dir / article_path(aid).partition("/")[2]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(
                render(row, self.index.text(row.text_sha)),
                encoding="utf-8",
            )
            written.append(aid)
        return written

    def diff(self, article_id: str, d1: str, d2: str) -> dict[str, Any]:
        old = self.version_at(article_id, d1)
        new = self.version_at(article_id, d2)
        if old is None and new is None:
            raise NotFoundError(f"{article_id}: no version in force on {d1} nor on {d2}")
        a = old.text if old else ""
        b = new.text if new else ""
        return {
            "id": article_id,
            "from": {"date": d1, **(version_dict(old) if old else {"text": None})},
            "to": {"date": d2, **(version_dict(new) if new else {"text": None})},
            "ops": [o.to_dict() for o in _diff.word_diff(a, b)],
            "changed": a != b,
        }

    def changes(self, code: str | None, since: str | None = None, until: str | None = None) -> list[dict]:
        """Amending texts in date order with what each created, modified, abrogated, transferred."""
        slug = code_slug(code) if code else None
        if code and not slug:
            raise UsageError(f"--code {code!r} is not the name or slug of a code")
        if slug and not self.index.article_ids(slug):
            raise NotFoundError(f"{code}: no article of this code in the store")
        last: dict[str, str] = {}
        entries: dict[tuple[str, str | None], dict] = {}
        for r in self.index.all_rows(code=slug):
            if not r.live:
                continue
            before = last.get(r.article_id)
            last[r.article_id] = r.kind
            if (since and r.start <= since) or (until and r.start > until):
                continue
            e = entries.setdefault(
                (r.start, r.source),
                {
                    "date": r.start,
                    "source": r.source,
                    "date_uncertain": r.date_uncertain,
                    "created": [],
                    "modified": [],
                    "abrogated": [],
                    "transferred": [],
                    "commit": r.commit_sha,
                },
            )
            if r.kind == "text":
                e["created" if before in (None, *END_KINDS) else "modified"].append(r.article_id)
            else:
                e["abrogated" if r.kind == "abrogation" else "transferred"].append(r.article_id)
        return list(entries.values())

    def log(self, code: str | None = None, since: str | None = None) -> list[dict]:
        # `since` is inclusive for log, exclusive for diff --from
        if since:
            from datetime import date, timedelta

            since = (date.fromisoformat(since) - timedelta(days=1)).isoformat()
        return self.changes(code, since)

    def predecessors(self, article_id: str) -> list[str]:
        return self.index.predecessors(article_id)

    def verify(self) -> list[str]:
        from lextrack.store.verify import verify

        return verify(self)


BEFORE_REBUILD = "refs/lextrack/before-rebuild"


def can_rebuild_index(root: Path) -> bool:
    return (root / "repo.git" / "HEAD").exists() and GitRepo(root / "repo.git").ref(BRANCH) is not None


@gc_paused()
def rebuild_index(root: Path) -> list[str]:
    """A damaged, missing or older index: read every version back from the git view (the store's own files).

    Nothing is deleted: the old index is renamed index.sqlite.damaged-TIME; if the rebuilt branch differs
    from the old one, the old one stays at refs/lextrack/before-rebuild.
    """
    from datetime import UTC, datetime

    repo = GitRepo(root / "repo.git")
    old_tip = repo.ref(BRANCH)
    if old_tip is None:
        raise StoreError(f"{root}: no git view to rebuild the index from")
    done = []
    with store_lock(root):
        kept = f"index.sqlite.damaged-{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%f')}"
        for suffix in ("", "-wal", "-shm"):
            if (root / f"index.sqlite{suffix}").exists():
                (root / f"index.sqlite{suffix}").rename(root / f"{kept}{suffix}")
                if not suffix:
                    done.append(f"kept the old index as {root / kept}")
        repo.update_ref(BEFORE_REBUILD, old_tip)
        from lextrack.store.ingest import apply
        from lextrack.store.sources import git_history

        observations = git_history(repo.path, branch="main")
        index = Index(root / "index.sqlite")
        try:
            result = apply(index, repo, observations, f"rebuild from {BRANCH}")
        finally:
            index.close()
        if result.tip == old_tip:
            repo.update_ref(BEFORE_REBUILD, None)
        else:
            done.append(f"the branch differs once rebuilt; the old one is kept at {BEFORE_REBUILD}")
    repo.close()
    return [f"rebuilt the index from the git view ({result.added} versions)", *done]


def __getattr__(name: str) -> Any:
    if name == "IngestResult":  # public, but its module is loaded only by the commands that ingest
        from lextrack.store.ingest import IngestResult

        return IngestResult
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _date_successors(obs: list[Observation]) -> list[Observation]:
    """An undated article that a transfer names as its successor starts with that transfer."""
    transfers = {o.successor: o for o in obs if o.kind == "transfer" and o.successor}
    if not transfers:
        return obs
    out = []
    for o in obs:
        t = transfers.get(o.article_id)
        if t is not None and o.kind == "text" and o.origin == "undated":
            o = replace(o, start=t.start, source=t.source, uncertain=t.uncertain, origin="file")
        out.append(o)
    return out


def _article_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    from lextrack.parser import iter_article_files  # the files `lextrack parse` reads

    return iter_article_files(paths)
