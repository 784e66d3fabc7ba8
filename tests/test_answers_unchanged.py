"""Every answer on the bundled corpus is what lextrack 0.1 answered, except where a fix says otherwise.

tests/data/answers-0.1.jsonl.gz holds, for every article of the demo store (`lextrack ingest` of corpus/),
its history, `at` on four days, what it cites and what cites it, and `check` on two days, as lextrack 0.1
(commit 633c8e6) answered them (scripts/answers_snapshot.py, run with that version). The same script runs
on a store this lextrack builds; the two must agree once the differences fixes made on purpose are taken out:
- ids respelled in LEGI's spelling (issue 12): "Annexe-II-Tableau-1" is now "Annexe II Tableau 1",
  "Annexe-II-Tableau-20-BIS" "Annexe II Tableau 20 bis";
- commit ids: the git view's paths are the ids, so every commit of the view changed with them;
- the day of the ingest, which dates files that give no date ("Date de l'ingestion (…)");
- keys added to the JSON answers (text_date, jorf_date, pending);
- entry into force (issue 13): a version whose amending text says "En Vigueur Le <date>" starts that day, and
  "Modification du <date> de source inconnue" starts on its own date; the articles with such a version see
  their ends, `at` answers, edges' dates and `check` findings move with them (compared apart, below);
- a closed text version is "modified" (the abrogation or transfer row says how the article ended), and one
  replaced the day it took effect is "superseded";
- one timeline (issue 12): `check` on a date no longer checks what a file without a date states before the day
  it was read (the version's status is unknown then, as `at` says);
- citations found in the texts (issue 16: finding apart from resolving, EU texts, the Constitution…): the
  edges they make, and the `check` findings of the pairs they changed, are judged by the citation dev set,
  not here; metadata and LEGI links are still compared edge by edge;
- the code table knows every code LEGI has (issue 14): a link to an article of a code it did not know is a
  citation of that article, no longer of the code as a text (also under a name LEGI gave it before: "Code
  rural (nouveau)"); a link's article number is read whole ("23 bis",
  "Annexe II-9 (art. A212-136)"), no longer cut at its first word;
- a text whose entry into force the subject does not say but which is known (issue 14): the Ordonnance
  2000-916 (amounts in euros) took effect on 2002-01-01, not on its publication;
- a commit's committer date, where it is not its author date, is LEGI's start of its versions (steeve's
  histories: the author date is the text's signature): versions move to it, some of them then repeat their
  neighbour's text or stop repeating it (compared as redated, below), and where a file's link label and a
  commit's subject give one version the same day, the earlier source's name of the text shows (its case).
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from legal_dates import in_force_date, published, signed

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


ADDED_KEYS = {"commit", "text_date", "jorf_date", "pending"}


def normalised(value: object, ids: dict[str, str], day: str | None) -> object:
    """`value` with old ids mapped to new ones, commit ids and added keys dropped, the ingest day replaced."""
    if isinstance(value, dict):  # (an amending text's name in any case: a subject's or a link label's)
        return {
            k: normalised(v.lower() if k == "source" and isinstance(v, str) else v, ids, day)
            for k, v in value.items()
            if k not in ADDED_KEYS
        }
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


def _key(edge: dict) -> str:
    return json.dumps(edge, sort_keys=True)


# codes 0.1 took for codes of their own, now known by the name LEGI gave them before: "Code rural (nouveau) -
# article L621-22" (a Tricoteuses link) is the Code rural et de la pêche maritime's, LEGITEXT000006071367
RENAMED = {"code-rural-nouveau": "code-rural-et-de-la-peche-maritime"}


def _longer(edge: dict, old: dict) -> bool:
    """`edge` is `old` with an endpoint read further: the same words, an endpoint that extends the old one (a
    code's slug by an article: "/…"; a number by more words: " …")."""
    ends = ((edge["source"], RENAMED.get(old["source"], old["source"])),
            (edge["target"], RENAMED.get(old["target"], old["target"])))  # fmt: skip
    if edge.get("label") != old.get("label") or all(new == was for new, was in ends):
        return False
    return all(new == was or new.startswith(was + (" " if "/" in was else "/")) for new, was in ends)


def known_codes(old: list[dict], new: list[dict]) -> list[dict]:
    """`old` with the links whose target is now read whole replaced by the new edge: a code 0.1's table did
    not know (a `cites_text` edge to the code, now a `cites` edge to its article: every code LEGI has is in
    the table, issue 14), a number it cut at its first word ("Code du sport - article Annexe II-9 (art.
    A212-136)" gave code-du-sport/Annexe)."""
    return [next((n for n in new if _longer(n, e)), e) for e in old]


def kept(edge: dict, moved: set[str]) -> bool:
    """An edge compared here: not one found in a text (the citation scanner changed on purpose, issue 16: its
    dev set judges it, tests/test_citations_ground_truth.py), not one stated by a re-dated article."""
    return "text" not in edge.get("provenance", "").split("+") and edge["source"] not in moved


def same_but_states(old: list[dict], new: list[dict]) -> bool:
    """Histories equal but for the states of closed text versions (modified, superseded), and for which of
    two sources giving a version the same day with the same text shows it (`origin`: a file's link label
    and a commit's subject name the text alike, in other cases)."""
    if len(old) != len(new):
        return False
    apart = ("state", "origin")
    for a, b in zip(old, new, strict=True):
        if {k: v for k, v in a.items() if k not in apart} != {k: v for k, v in b.items() if k not in apart}:
            return False
        if a["state"] != b["state"]:
            closed = (
                a["kind"] == "text"
                and a["state"] in ("abrogated", "transferred")
                and b["state"] == "modified"
            )
            superseded = b["state"] == "superseded" and b["start"] == b["end"]
            if not (closed or superseded):
                return False
    return True


# Texts whose entry into force their subjects in the corpus do not say: LEGI's date (etalab's history of the
# Code de commerce's Livre II dates every version of the Ordonnance 2000-916 on 2002-01-01; steeve's subjects
# of its articles 6, 7 and 15 say "En Vigueur Le 1er Janvier 2002")
IN_FORCE_ELSEWHERE = {"2000-916": "2002-01-01"}


def committer_dates() -> dict[tuple[str, str], set[str]]:
    """(subject, author date) -> the committer dates of the bundled histories' commits: LEGI's starts of their
    versions where they differ from the author date (steeve's, whose author date is the text's signature)."""
    out: dict[tuple[str, str], set[str]] = {}
    for bundle in sorted((ROOT / "corpus" / "git").glob("*.bundle")):
        clone = Path(tempfile.mkdtemp()) / "r"  # (git reads a bundle through a clone)
        subprocess.run(["git", "clone", "-q", "--bare", str(bundle), str(clone)], check=True)
        log = subprocess.run(
            ["git", "--git-dir", str(clone), "log", "--all", "--format=%ad|%ct|%cd|%s", "--date=short"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        shutil.rmtree(clone.parent)
        for line in log.splitlines():
            day, ct, cd, subject = line.split("|", 3)
            if int(ct) > 45 * 86400 and cd != day:
                out.setdefault((subject, day), set()).add(cd)
    for index in sorted((ROOT / "corpus").rglob("index.tsv")):  # exported versions: the same commits' dates
        with index.open(encoding="utf-8") as f:
            for r in csv.DictReader(f, delimiter="\t"):
                day, cd = r["author_date"][:10], r["committer_date"][:10]
                if cd > "1970-02-14" and cd != day:
                    out.setdefault((r["subject"], day), set()).add(cd)
    return out


def redated(
    old: list[dict], new: list[dict], journal: dict[str, str], committed: dict[tuple[str, str], set[str]]
) -> bool:
    """The same versions, some starting the day they took effect (ends follow the starts): the committer date
    of their commit where the history gives one apart from the author date (LEGI's start); else its text's
    "En Vigueur Le" date, its own "Modification du" date, the day LEGI gives a text whose subjects do not say
    it, or, for a version dated by its text's signature, the text's publication (in its subject, or in
    `journal`, from another subject). Versions redated so may become repeats of their neighbours or stop
    being ones (a repeat is not shown): none is lost, and each one shown anew starts on a committer date of
    its commit."""

    def key(v: dict) -> tuple:  # (a version two sources give: "Décret N°2013-597 Du 8 Juillet 2013" as a
        # commit's subject, "Décret n°2013-597 du 8 juillet 2013" as a file's link label)
        return (v["kind"], (v["source"] or "").lower(), v["text"] or "")

    if not {(v["kind"], v["text"]) for v in old} <= {(v["kind"], v["text"]) for v in new}:
        return False  # (no text is lost; a text given twice on one day shows under the name given first)
    by_subject: dict[str, set[str]] = {}
    for (subject, _), days in committed.items():
        by_subject.setdefault(subject.lower(), set()).update(days)
    moved = False
    olds: dict[tuple, set[str]] = {}
    for v in old:
        olds.setdefault(key(v), set()).add(v["start"])
    for v in new:
        if v["start"] in olds.get(key(v), ()):
            continue
        moved = True
        if key(v) not in olds:  # shown anew: a version that was a repeat of its neighbour, or the name of a
            # text given twice on one day
            if v["start"] not in by_subject.get((v["source"] or "").lower(), ()):
                return False
            continue
        legi = by_subject.get((v["source"] or "").lower(), set())  # (a placeholder author date: 0.1's)
        text = signed(v["source"] or "")
        by_signature = text is not None and text[1] in olds[key(v)]
        jorf = published(v["source"] or "") or (journal.get(text[0]) if text and text[0] else None)
        elsewhere = IN_FORCE_ELSEWHERE.get(text[0]) if text and text[0] else None
        if v["start"] not in (in_force_date(v["source"]), elsewhere, *legi) and not (
            by_signature and v["start"] == jorf
        ):
            return False
    return moved


def test_every_answer_on_the_bundled_corpus_is_unchanged_but_for_the_fixes(answers) -> None:
    old_articles, old_checks = load(answers[0])
    new_articles, new_checks = load(answers[1])
    respelled = {new.replace(" ", "-").lower(): new for new in new_articles}
    ids = {old: respelled.get(old.replace(" ", "-").lower(), old) for old in old_articles}
    assert sorted(ids.values()) == sorted(new_articles), "an article appeared or went"
    old_day, new_day = ingest_day(old_articles), ingest_day(new_articles)
    journal: dict[str, str] = {}  # text number -> JORF date, from every subject that gives both
    for a in old_articles.values():
        for v in a["history"]:
            text, jorf = signed(v["source"] or ""), published(v["source"] or "")
            if text and text[0] and jorf:
                journal.setdefault(text[0], jorf)
    differ, moved = [], set()
    committed = committer_dates()
    found_before: set[tuple[str, str]] = set()  # (citing, cited) of the citations found in the texts
    found_after: set[tuple[str, str]] = set()
    for old_id, old in old_articles.items():
        before = normalised(old["history"], ids, old_day)
        after = normalised(new_articles[ids[old_id]]["history"], {}, new_day)
        if redated(before, after, journal, committed):  # type: ignore[arg-type]
            moved.add(ids[old_id])  # its `at` answers and its edges' dates move with its versions
        elif before != after and not same_but_states(before, after):  # type: ignore[arg-type]
            differ.append((old_id, "history"))
    for old_id, old in old_articles.items():
        new = new_articles[ids[old_id]]
        if ids[old_id] in moved:
            continue
        if normalised(old["at"], ids, old_day) != normalised(new["at"], {}, new_day):
            differ.append((old_id, "at"))
        for field in ("cites", "cited_by"):
            before = [e for e in normalised(old[field] or [], ids, old_day) if kept(e, moved)]  # type: ignore[union-attr]
            after = [e for e in normalised(new[field] or [], {}, new_day) if kept(e, moved)]  # type: ignore[union-attr]
            if sorted(map(_key, known_codes(before, after))) != sorted(map(_key, after)):  # (ids resorted)
                differ.append((old_id, field))
        for answers, pairs in ((old, found_before), (new, found_after)):
            edges = [*(answers["cites"] or ()), *(answers["cited_by"] or ())]
            pairs.update((e["source"], e["target"]) for e in edges if not kept(e, set()))
    assert not differ, differ[:20]
    assert 300 < len(moved) < 600, len(moved)  # 427 articles on 2026-12-06: docs/dates.md counts them
    changed = {(ids.get(a, a), ids.get(b, b)) for a, b in found_before} ^ found_after
    for day, old in old_checks.items():

        def findings(result: dict, ids: dict[str, str], ingest: str | None) -> list:
            return [
                b
                for b in normalised(result["broken"], ids, ingest)  # type: ignore[union-attr]
                if b["citing"] not in moved
                and b["cited"] not in moved
                and b["citing_version"]["start"] not in (None, "INGEST-DAY")
                and (ids.get(b["citing"], b["citing"]), ids.get(b["cited"], b["cited"])) not in changed
            ]

        assert findings(old, ids, old_day) == findings(new_checks[day], {}, new_day), day
