"""The version store: article versions in a SQLite index (the truth for dates) and a git view of it.

store = Store.open(".lextrack")
store.ingest_git("corpus/git/steeve-code-de-la-securite-sociale.bundle")
store.at("code-de-la-securite-sociale/L227-1", "2010-01-01")
"""

from lextrack.store.answers import history_dict, version_dict
from lextrack.store.ids import ArticleRef, default_store_dir, resolve_id
from lextrack.store.ingest_result import IngestResult
from lextrack.store.repair import can_rebuild_index, rebuild_index
from lextrack.store.store import Store

__all__ = [
    "ArticleRef",
    "IngestResult",
    "Store",
    "can_rebuild_index",
    "default_store_dir",
    "history_dict",
    "rebuild_index",
    "resolve_id",
    "version_dict",
]
