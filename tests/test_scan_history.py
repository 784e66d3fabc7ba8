"""scripts/scan_history.py on a short run: a git history of the real cut files of tests/fixtures/damaged."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DAMAGED = ROOT / "tests" / "fixtures" / "damaged"


def _git(repo: Path, *args: str) -> None:
    identity = ["-c", "user.name=lextrack tests", "-c", "user.email=tests@lextrack.invalid"]
    subprocess.run(["git", "-C", str(repo), *identity, *args], check=True, capture_output=True)


def test_scan_lists_rejected_and_damaged_files_of_a_history(tmp_path):
    repo = tmp_path / "history"
    shutil.copytree(DAMAGED, repo)
    (repo / "README.md").unlink()  # not an article in a history either
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "cut files")
    out = tmp_path / "scan.jsonl"
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "scan_history.py"),
            str(repo),
            "--branch",
            "main",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "8 distinct article files read" in run.stdout
    assert "rejected: 2" in run.stdout and "damaged (read): 6" in run.stdout
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    kinds = sorted((r["kind"], Path(r["path"]).name) for r in rows)
    assert kinds[:2] == [
        ("damaged", "Article R133-19.cut-in-a-character.md"),
        ("damaged", "article-annexe-ii-tableau-no-91.cut-in-a-tag.md"),
    ]
    rejected = {Path(r["path"]).name: r["reason"] for r in rows if r["kind"] == "rejected"}
    assert rejected["article-l244-1.cut-in-the-title.md"].startswith("no article title")
    assert rejected["article_LEGIARTI000006291810.cut.xml"].startswith("malformed XML")
    assert all(len(r["commit"]) == 40 and len(r["blob"]) == 40 for r in rows)
