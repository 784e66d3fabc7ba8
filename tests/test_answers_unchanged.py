"""Every answer on the bundled corpus is what lextrack 0.1 answered, except where a fix says otherwise.

tests/data/answers-0.1.jsonl.gz holds, for every article of the demo store (`lextrack ingest` of corpus/),
its history, `at` on four days, what it cites and what cites it, and `check` on two days, as lextrack 0.1
(commit 633c8e6) answered them (scripts/answers_snapshot.py, run with that version). The same script runs
on a store this lextrack builds; the two must agree once the differences fixes made on purpose are taken out:
- ids respelled in LEGI's spelling (issue 12): "Annexe-II-Tableau-1" is now "Annexe II Tableau 1";
- commit ids: the git view's paths are the ids, so every commit of the view changed with them;
- the day of the ingest, which dates files that give no date ("Date de l'ingestion (…)").
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BASELINE = Path(__file__).parent / "data" / "answers-0.1.jsonl.gz"
_INGEST_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def load(path: Path) -> tuple[dict[str, dict], dict[str, dict]]:
    articles, checks = {}, {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if "check" in d:
                checks[d["check"]] = d["result"]
            else:
                articles[d["id"]] = d
    return articles, checks


def ingest_day(articles: dict[str, dict]) -> str | None:
    for a in articles.values():
        for v in a["history"]:
            if (v["source"] or "").startswith("Date de l'ingestion"):
                return v["start"]
    return None


def normalised(value: object, ids: dict[str, str], day: str | None) -> object:
    """`value` with old ids mapped to new ones, commit ids dropped and the ingest day replaced."""
    if isinstance(value, dict):
        return {k: normalised(v, ids, day) for k, v in value.items() if k != "commit"}
    if isinstance(value, list):
        return [normalised(v, ids, day) for v in value]
    if isinstance(value, str):
        value = ids.get(value, value)
        return value.replace(day, "INGEST-DAY") if day else value
    return value


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    store = tmp_path_factory.mktemp("demo") / "store"
    out = store.parent / "answers.jsonl.gz"
    for args in (
        ["-m", "lextrack", "ingest", "--store", str(store)],
        ["scripts/answers_snapshot.py", str(store), str(out)],
    ):
        subprocess.run([sys.executable, *args], cwd=ROOT, check=True, capture_output=True)
    return BASELINE, out


def test_every_answer_on_the_bundled_corpus_is_unchanged_but_for_the_fixes(answers) -> None:
    old_articles, old_checks = load(answers[0])
    new_articles, new_checks = load(answers[1])
    respelled = {new.replace(" ", "-"): new for new in new_articles}
    ids = {old: respelled.get(old.replace(" ", "-"), old) for old in old_articles}
    assert sorted(ids.values()) == sorted(new_articles), "an article appeared or went"
    old_day, new_day = ingest_day(old_articles), ingest_day(new_articles)
    differ = []
    for old_id, old in old_articles.items():
        new = new_articles[ids[old_id]]
        for field in ("history", "at", "cites", "cited_by"):
            if normalised(old[field], ids, old_day) != normalised(new[field], {}, new_day):
                differ.append((old_id, field))
    assert not differ, differ[:20]
    for day, old in old_checks.items():
        assert normalised(old, ids, old_day) == normalised(new_checks[day], {}, new_day), day
