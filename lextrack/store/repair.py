"""Repairing a store: the index rebuilt from the git view (the store's own files)."""

from __future__ import annotations

from pathlib import Path

from lextrack.errors import StoreError
from lextrack.store.entries import INDEX, INDEX_COMPANIONS, VIEW
from lextrack.store.gc_pause import gc_paused
from lextrack.store.gitrepo import BRANCH, GitRepo
from lextrack.store.index import Index
from lextrack.store.lock import store_lock

BEFORE_REBUILD = "refs/lextrack/before-rebuild"


def can_rebuild_index(root: Path) -> bool:
    return (root / VIEW / "HEAD").exists() and GitRepo(root / VIEW).ref(BRANCH) is not None


@gc_paused()
def rebuild_index(root: Path) -> list[str]:
    """A damaged, missing or older index: read every version back from the git view (the store's own files).

    Nothing is deleted: the old index is renamed index.sqlite.damaged-TIME; if the rebuilt branch differs
    from the old one, the old one stays at refs/lextrack/before-rebuild.
    """
    from datetime import UTC, datetime

    repo = GitRepo(root / VIEW)
    old_tip = repo.ref(BRANCH)
    if old_tip is None:
        raise StoreError(f"{root}: no git view to rebuild the index from")
    done = []
    with store_lock(root):
        kept = f"{INDEX}.damaged-{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%f')}"
        for suffix in ("", *INDEX_COMPANIONS):
            if (root / f"{INDEX}{suffix}").exists():
                (root / f"{INDEX}{suffix}").rename(root / f"{kept}{suffix}")
                if not suffix:
                    done.append(f"kept the old index as {root / kept}")
        repo.update_ref(BEFORE_REBUILD, old_tip)
        from lextrack.store.history import git_history
        from lextrack.store.ingest import apply

        observations = git_history(repo.path, branch="main")
        index = Index(root / INDEX)
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
