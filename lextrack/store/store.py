"""The Store: a directory with the SQLite index (truth for dates), the git view and a lock."""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from lextrack.codes import code_slug
from lextrack.dates import add_days, parse_user_date
from lextrack.errors import NotFoundError, StoreError, UsageError
from lextrack.model import Version
from lextrack.store import diff as _diff
from lextrack.store.answers import AtAnswer, version_dict, version_of_row
from lextrack.store.entries import INDEX, VIEW, no_store
from lextrack.store.files import article_files, date_successors
from lextrack.store.gc_pause import gc_paused
from lextrack.store.gitrepo import BRANCH, PENDING, GitRepo, render
from lextrack.store.ids import ArticleRef, default_store_dir, resolve_id
from lextrack.store.index import Index, snapshot
from lextrack.store.ingest_result import IngestResult
from lextrack.store.layout import file_name
from lextrack.store.lock import store_lock
from lextrack.store.observation import Observation
from lextrack.store.repair import can_rebuild_index
from lextrack.store.schema import VIEW_OUTDATED
from lextrack.timeline import status_on
from lextrack.vocab import END_KINDS, Status

if TYPE_CHECKING:
    from lextrack.store.dumps import DumpResult


T = TypeVar("T")


def _one_snapshot(method: Callable[..., T]) -> Callable[..., T]:
    """A reading method asks its several queries of one state of the index: an ingest committing meanwhile
    is seen whole or not at all."""

    @functools.wraps(method)
    def read(self: Store, *args: Any, **kwargs: Any) -> T:
        with snapshot(self.index.conn):
            return method(self, *args, **kwargs)

    return read


class Store:
    """A store directory: index.sqlite (truth), repo.git (view), lock."""

    def __init__(self, root: Path, index: Index, repo: GitRepo) -> None:
        self.root = root
        self.index = index
        self.repo = repo

    @classmethod
    def open(cls, root: str | Path | None = None, create: bool = True) -> Store:
        root = Path(root) if root is not None else default_store_dir()
        if not (root / INDEX).exists():
            # never start an empty index beside a git view: the first ingest would rewrite the branch
            # from that empty index and drop every version it held
            if can_rebuild_index(root):
                raise StoreError(
                    f"{root}: index.sqlite is missing but the git view is there "
                    "(`lextrack verify --repair` rebuilds the index from it)"
                )
            if not create:
                raise no_store(root)
            root.mkdir(parents=True, exist_ok=True)
        elif not root.is_dir():
            raise StoreError(f"{root}: not a directory")
        store = cls(root, Index(root / INDEX), GitRepo(root / VIEW))
        if store.index.meta(VIEW_OUTDATED):  # a migration changed what the view shows (paths are ids)
            store.rebuild_view()
        return store

    def close(self) -> None:
        self.index.close()
        self.repo.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing ------------------------------------------------------------------------------------
    @gc_paused()
    def ingest_git(
        self,
        source: str | Path,
        branch: str | None = None,
        under: str | None = None,
        *,
        code: str | None = None,
        strict: bool = False,
        progress: Callable[[str], None] | None = None,
    ) -> IngestResult:
        """A git history (repository or bundle): one version per commit touching an article.

        Read from the commit an earlier ingest of the same history stopped at (store/sources.py); not read
        at all when that is its tip. `code`: the code of files that name none. `strict`: a file the parser
        cannot read stops the ingest (nothing changed) instead of being rejected and recorded. `progress`
        is told how far the ingest is, after each window of commits and before the git view is written.
        """
        from lextrack.store import sources
        from lextrack.store.history import (
            HistoryReader,
            check_folder,
            code_of_source,
            first_parent_chain,
            history_tip,
            opened_git_dir,
            resolve_tip,
            root_commit,
            shallow_warning,
        )
        from lextrack.store.ingest import apply_windows

        source = Path(source)
        what = f"git {source}" + (f" {branch}" if branch else "") + (f" {under}" if under else "")
        folder, slug = _folder(under), code or ""
        with store_lock(self.root):
            self._recover_locked()
            tip = history_tip(source, branch)
            done = sources.unchanged(self.index.conn, tip, folder, slug) if tip else None
            if done is not None:
                return self._unchanged(tip)  # type: ignore[arg-type]
            with opened_git_dir(source) as git_dir:
                tip = resolve_tip(git_dir, branch, source)
                if sources.unchanged(self.index.conn, tip, folder, slug) is not None:
                    return self._unchanged(tip)
                root = root_commit(git_dir, tip)
                rec, state = None, None
                earlier = sources.candidates(self.index.conn, root, folder, slug)
                if earlier:
                    chain = first_parent_chain(git_dir, tip)
                    rec = next((r for r in earlier if r.tip in chain), None)
                    state = sources.load_state(self.index.conn, rec) if rec else None
                if folder and rec is None:
                    check_folder(git_dir, tip, folder, source)
                hint = code_of_source(source)  # (after --code and code folders: resolve_code)
                reader = HistoryReader(
                    git_dir, state, code=code, hint=hint, strict=strict, text_of=self.index.text
                )
                start = reader.state.commits

                def remember() -> bool:
                    sources.save(
                        self.index.conn, rec, root=root, under=folder, code=slug, tip=tip,
                        label=what, state=reader.state, text_sha={},
                    )  # fmt: skip
                    return True

                shallow = shallow_warning(git_dir, source) if rec is None else ()
                windows = reader.windows(tip, rec.tip if rec else None, folder or None)
                try:
                    result = apply_windows(
                        self.index, self.repo, windows, what, before_commit=remember, progress=progress
                    )
                finally:
                    windows.close()  # a failure half-way: the parse workers and git readers stop now
        return replace(
            result,
            source_tip=tip,
            resumed_from=rec.tip if rec else None,
            commits_read=reader.state.commits - start,
            warnings=result.warnings + shallow,
        )

    def _unchanged(self, tip: str) -> IngestResult:
        """A history read up to `tip` already: nothing to read."""
        return IngestResult(0, 0, 0, 0, 0, self.index.meta("tip"), None, source_tip=tip, unchanged=True)

    @gc_paused()
    def ingest_paths(
        self,
        paths: Iterable[str | Path],
        as_of: str | None = None,
        *,
        code: str | None = None,
        strict: bool = False,
    ) -> IngestResult:
        """Article files (any format the parser reads, LEGI XML too), or a snapshot as of a date.

        A file the parser cannot read is rejected (recorded in the index) and the others go in; `strict`
        stops at it instead, nothing changed. `code`: the code of files that name none.
        """
        from lextrack.store.files import read_files, today_iso
        from lextrack.store.ingest import apply_windows

        as_of = parse_user_date(as_of, "--as-of") if as_of else None
        files = list(article_files(paths))
        if not files:
            raise UsageError("no article file in " + ", ".join(str(p) for p in paths))
        window = read_files(files, today_iso(), as_of, code=code, strict=strict)
        obs = window.observations
        obs = date_successors(obs)
        if as_of:
            obs += self._disappeared(obs, as_of)
        window.observations = obs
        with store_lock(self.root):
            self._recover_locked()
            return apply_windows(
                self.index,
                self.repo,
                [window],
                ("snapshot " + as_of + " " if as_of else "files ") + " ".join(map(str, paths)),
            )

    @gc_paused()
    def ingest_legi(
        self,
        path: str | Path,
        codes: list[str] | None = None,
        include_tnc: bool = False,
        updates: bool = False,
    ) -> list[DumpResult]:
        """A LEGI dump (an archive, a folder it was extracted to, a LEGI file), or with `updates` every daily
        archive of a folder the store has not applied, in order: store/dumps.py's DumpResults."""
        from lextrack.store.dumps import ingest_dump, ingest_updates

        with store_lock(self.root):
            self._recover_locked()
            if updates:
                return ingest_updates(self.index, self.repo, Path(path), codes, include_tnc)
            return [ingest_dump(self.index, self.repo, Path(path), codes, include_tnc)]

    def _disappeared(self, obs: list[Observation], as_of: str) -> list[Observation]:
        """Articles an earlier snapshot of the same codes had and this one lacks: closed at `as_of`."""
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
        from lextrack.store.view import move_branch

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
        from lextrack.store.transaction import all_or_nothing
        from lextrack.store.view import move_branch, write_view

        conn = self.index.conn
        conn.execute("BEGIN IMMEDIATE")
        with all_or_nothing(self.index, self.repo, "rewrite of the git view"):
            self.index.set_branch_commits([])
            tip, _ = write_view(self.index, self.repo, None)
            self.index.set_meta(VIEW_OUTDATED, None)
            conn.execute("COMMIT")
        if tip is None and self.repo.ref(BRANCH):
            self.repo.update_ref(BRANCH, None)  # an empty index: an empty view
        move_branch(self.index, self.repo)
        return tip

    # --- reading ------------------------------------------------------------------------------------
    def resolve(self, text: str) -> ArticleRef:
        try:
            return resolve_id(self.index, text)
        except NotFoundError:
            from lextrack.store.dumps import alias_of  # a LEGI article's former id, renumbered since

            found = alias_of(self.index, text)
            if found is None:
                raise
            return found

    @_one_snapshot
    def history(self, article_id: str) -> list[Version]:
        rows = self.index.rows(article_id)
        if not rows:
            raise NotFoundError(f"{article_id}: no such article in the store")
        return [version_of_row(r, self.index.text(r.text_sha)) for r in rows if r.state != "repeat"]

    def version_at(self, article_id: str, day: str) -> Version | None:
        row = self.index.at(article_id, day)
        return version_of_row(row, self.index.text(row.text_sha)) if row else None

    @_one_snapshot
    def answer(
        self, article_id: str, day: str, follow: bool = False, _seen: frozenset[str] = frozenset()
    ) -> AtAnswer:
        """What was in force on `day` (timeline.py decides).

        follow: a transferred article answers with its successor's version (transfers chained, a cycle
        stopped where it closes).
        """
        if not self.index.has_article(article_id):
            raise NotFoundError(f"{article_id}: no such article in the store")
        found = status_on(self.index.rows(article_id), day)
        row = found.row
        version = version_of_row(row, self.index.text(row.text_sha)) if row is not None else None
        successor = row.successor if found.status == Status.TRANSFERRED and row is not None else None
        nxt = found.pending
        signed = (nxt.text_date or nxt.jorf_date) if nxt is not None else None
        pending = version_of_row(nxt, None) if nxt is not None and signed and signed <= day else None
        answer = AtAnswer(article_id, day, found.status, version, successor, pending)
        if follow and successor and self.can_follow(answer.to_dict(), _seen):
            followed = self.answer(successor, day, follow=True, _seen=_seen | {article_id})
            answer = replace(answer, version=followed.version)  # the successor's version, its text included
        return answer

    def at(self, article_id: str, day: str, follow: bool = False) -> dict[str, Any]:
        """The exact `at --json` object."""
        return self.answer(article_id, day, follow).to_dict()

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
            path = out_dir / file_name(aid.partition("/")[2])
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(
                render(row, self.index.text(row.text_sha)),
                encoding="utf-8",
            )
            written.append(aid)
        return written

    @_one_snapshot
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

    @_one_snapshot
    def changes(self, code: str | None, since: str | None = None, until: str | None = None) -> list[dict]:
        """Amending texts in date order with what each created, modified, abrogated, transferred: after
        `since` (diff --code --from), up to `until`."""
        return self._changes(code, add_days(since, 1) if since else "", until)

    def log(self, code: str | None = None, since: str | None = None) -> list[dict]:
        """`changes` from `since` on, that day included."""
        return self._changes(code, since or "", None)

    def _changes(self, code: str | None, first: str, until: str | None) -> list[dict]:
        slug = code_slug(code) if code else None
        if code and not slug:
            raise UsageError(f"--code {code!r} is not the name or slug of a code")
        if slug and not self.index.article_ids(slug):
            raise NotFoundError(f"{code}: no article of this code in the store")
        last = self.index.last_kinds(first)  # what each article was before: created or modified from then on
        entries: dict[tuple[str, str | None], dict] = {}
        for r in self.index.live_rows(first, slug):
            if until and r.start > until:
                break
            before = last.get(r.article_id)
            last[r.article_id] = r.kind
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

    def predecessors(self, article_id: str) -> list[str]:
        return self.index.predecessors(article_id)

    def verify(self) -> list[str]:
        from lextrack.store.verify import verify

        return verify(self)


def _folder(under: str | None) -> str:
    """One name per folder of a history ("./Code/" is "Code"): a history read is remembered by it."""
    folder = posixpath.normpath(under or ".").strip("/")
    return "" if folder == "." else folder
