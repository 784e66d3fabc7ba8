"""Round trip over every file of the bundled corpus: zero rejections, every structure consistent, fast."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from lextrack.parser import iter_article_files, parse_paths

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


def test_every_corpus_file_parses_with_zero_rejections():
    started = time.perf_counter()
    report = parse_paths([CORPUS], keep_going=True)
    elapsed = time.perf_counter() - started
    assert report.rejected == []
    files = list(iter_article_files([CORPUS]))
    assert len(report.articles) == len(files)
    # counts from the corpus README: 972 + 419 + 198 articles in the snapshots, 263 + 879 version files,
    # the LEGI file and the five seeds
    assert len(files) == 972 + 419 + 198 + 263 + 879 + 1 + 5
    formats = Counter(a.format for a in report.articles)
    assert formats["tricoteuses"] == 198 and formats["legi-xml"] == 1 and formats["setext"] == 419 + 879
    codes = Counter(a.code for a in report.articles)
    assert set(codes) == {
        "code-civil",
        "code-de-commerce",
        "code-de-la-securite-sociale",
        "code-de-la-consommation",
    }
    assert codes["code-civil"] == 198
    # every section README.md under the three layouts is counted, none is an article
    assert report.sections == sum(1 for p in CORPUS.rglob("README.md")) - 1  # corpus/README.md itself
    for a in report.articles:
        assert a.text, a.source
        assert "/" not in a.num and ".." not in a.num and a.num.strip() == a.num
        pins = [c.pinpoint for top in a.clauses for c in top.walk()]
        assert len(pins) == len(set(pins)), a.source
        for lk in a.links:
            if lk.span is not None:
                assert 0 <= lk.span[0] < lk.span[1] <= len(a.text)
    assert elapsed < 15, f"parsing the corpus took {elapsed:.1f}s"


def test_ids_are_unique_within_each_snapshot():
    for snapshot in ("etalab-codes/snapshot", "tricoteuses-code-civil/snapshot"):
        report = parse_paths([CORPUS / snapshot])
        ids = Counter(a.id for a in report.articles)
        assert [i for i, n in ids.items() if n > 1] == [], snapshot


def test_walk_skips_readmes_and_other_files_and_is_sorted():
    files = list(iter_article_files([CORPUS / "etalab-codes"]))
    for before, after in zip(files, files[1:], strict=False):
        if before.parent == after.parent:
            assert before.name < after.name
    assert all(p.name != "README.md" for p in files)
    assert all(p.suffix in {".md", ".txt", ".html", ".xml"} for p in files)
    assert not any(p.name == "index.tsv" for p in files)
