"""One dump read into the store, record after record: files into the legi tables, articles derived as they
complete.

Article files are parsed BATCH at a time, in worker processes once the archive proves large (one batch is
parsed while the next is read). The articles a change touches are derived again (store/legi_articles.py)
each time the stream leaves a text after DERIVE_AT of them have gathered: DILA's archives hold a text's files
together, so its articles are complete by then and what this ingest keeps of their files (temp.dump_work)
can go. An archive in another order is still right: an article met again is derived again. Deletions come
last (the reader holds them back), after every file.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor

from lextrack.legi import (
    ArticleRecord,
    DeletionRecord,
    DumpRecord,
    ProblemRecord,
    SectionRecord,
    TextStructRecord,
    TextVersionRecord,
)
from lextrack.store.files import today_iso
from lextrack.store.index import Index
from lextrack.store.legi_articles import ArticleDeriver
from lextrack.store.legi_files import ArticleJob, DumpFiles, ParsedArticle, file_key, parse_articles, sha_of
from lextrack.store.pool import parallel_threshold, workers

BATCH = 1000  # article files parsed together (one task per worker and batch)
DERIVE_AT = 2000  # touched articles gathered before they are derived, at the end of a text


class DumpStream:
    """Counts what it read (`files`, `unchanged`, `deletions`, `problems`); `deriver.result` says what the
    derived rows changed."""

    def __init__(self, index: Index, files: DumpFiles) -> None:
        self.index = index
        self.files = files
        self.deriver = ArticleDeriver(index)
        self.today = today_iso()
        self.files_read = self.unchanged = self.deletions = 0
        self.problems: list[str] = []
        self.touched: set[str] = set()
        self.batch: list[tuple[ArticleRecord, str]] = []
        self.pending: list[tuple[list[tuple[ArticleRecord, str]], Iterator[list[ParsedArticle]]]] = []
        self.pool: Executor | None = None
        self.seen = 0
        self.text: str | None = None

    def read(self, records: Iterator[DumpRecord]) -> None:
        try:
            for record in records:
                self._take(record)
            self._submit()
            self._drain()
            self._derive()
        finally:
            if self.pool is not None:
                self.pool.shutdown(cancel_futures=True)

    def _take(self, record: DumpRecord) -> None:
        if isinstance(record, ProblemRecord):
            self.problems.append(str(record.error))
            return
        if isinstance(record, DeletionRecord):
            self._submit()
            self._drain()
            self.touched |= self.files.delete(record.key)
            self.deletions += 1
            return
        text = record.member.location.text_cid
        if text != self.text:
            if len(self.touched) >= DERIVE_AT:
                self._submit()
                self._drain()
                self._derive()
            self.text = text
        self.files_read += 1
        if isinstance(record, ArticleRecord):
            self.seen += 1
            sha = sha_of(record.data)
            if self.files.held_sha(file_key(record)) == sha:
                self.unchanged += 1
                return
            self.batch.append((record, sha))
            if len(self.batch) >= BATCH:
                self._submit()
        elif isinstance(record, SectionRecord):
            got = self.files.put_section(record)
            self.unchanged += got is None
            self.touched |= got or set()
        elif isinstance(record, TextStructRecord | TextVersionRecord):
            self.unchanged += not self.files.put_text(record)

    def _submit(self) -> None:
        if not self.batch:
            return
        jobs = [ArticleJob.of(r, self.today) for r, _ in self.batch]
        if self.pool is None and workers() > 1 and self.seen >= max(parallel_threshold(), BATCH):
            self.pool = ProcessPoolExecutor(max_workers=workers())
        if self.pool is None:
            self.pending.append((self.batch, iter([parse_articles(jobs)])))
        else:
            size = max(16, len(jobs) // workers())
            chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
            self.pending.append((self.batch, self.pool.map(parse_articles, chunks)))
        self.batch = []
        self._drain(keep=1 if self.pool is not None else 0)  # one batch parsed while the next is read

    def _drain(self, keep: int = 0) -> None:
        while len(self.pending) > keep:
            records, parsed = self.pending.pop(0)
            answers = [p for chunk in parsed for p in chunk]
            for (record, sha), p in zip(records, answers, strict=True):
                if p.error is not None:
                    self.problems.append(p.error)
                    continue
                keys, texts = self.files.put_article(record, p, sha)
                self.index.add_texts(texts)
                self.touched |= keys

    def _derive(self) -> None:
        if self.touched:
            self.deriver.derive(self.touched)
            self.touched = set()
        self.files.forget_work()
