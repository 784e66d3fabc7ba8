"""scripts/make_scale_corpus.py and scripts/bench.py on short runs: well-formed outputs, not timings.

Expectations come from the real bundle (corpus/git/etalab-code-de-commerce-livre-ii.bundle): article L225-147
of the Code de commerce says "à l'article L. 822-11" (livre VIII, not in the bundle) and "Les dispositions
de l'article L. 225-10 sont applicables" (in the bundle), and came into force on 2000-09-21.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lextrack.cli import cli
from lextrack.store import Store

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"
L225_147 = "titre-ii/chapitre-v/section-4/sous-section-1/article-l225-147.md"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT, check=True)


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", str(repo), "-c", "core.quotePath=false", *args],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _article_changes(repo: Path) -> list[str]:
    """Paths of every article file added, changed or deleted on main, counted by git itself."""
    out = _git(repo, "log", "main", "--raw", "--no-renames", "--format=")
    paths = [line.split("\t", 1)[1] for line in out.splitlines() if line.startswith(":")]
    return [p for p in paths if Path(p).name.lower().startswith("article")]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scale") / "h300"
    _run(str(SCRIPTS / "make_scale_corpus.py"), "--versions", "300", "--out", str(out))
    return out


@pytest.fixture(scope="module")
def copied(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Large enough for the real histories (3 358 article changes) and a first copy of each."""
    out = tmp_path_factory.mktemp("scale") / "h4000"
    _run(str(SCRIPTS / "make_scale_corpus.py"), "--versions", "4000", "--out", str(out))
    return out


def test_exactly_n_versions(small: Path, copied: Path) -> None:
    assert len(_article_changes(small)) == 300
    assert len(_article_changes(copied)) == 4000


def test_copy_is_rerooted_and_renumbered_with_its_citations(copied: Path) -> None:
    roots = set(_git(copied, "ls-tree", "--name-only", "main").split("\n")) - {""}
    assert {"code-de-commerce", "Code De La Sécurité Sociale"} <= roots
    assert len(roots) > 2
    original = _git(copied, "show", f"main:code-de-commerce/partie-legislative/livre-ii/{L225_147}")
    assert original.startswith("# Article L225-147\n")
    copy_root = next(r for r in sorted(roots) if r.startswith("code-") and r != "code-de-commerce")
    copy = _git(
        copied, "show", f"main:{copy_root}/partie-legislative/livre-ii/" + L225_147.replace("l225", "l1225")
    )
    assert copy.startswith("# Article L1225-147\n")
    assert "l'article L. 1225-10 sont applicables" in copy  # inside the bundle: follows the copy
    assert "à l'article L. 822-11." in copy  # outside the bundle: unchanged
    # nothing else changed: with the 1 taken off L1xxx-, the copy is one of the real versions
    path = f"code-de-commerce/partie-legislative/livre-ii/{L225_147}"
    real = {
        _git(copied, "show", f"{c}:{path}")
        for c in _git(copied, "log", "--format=%H", "main", "--", path).split()
    }
    assert re.sub(r"\bL(\.? ?)1(\d{3}-)", r"L\1\2", copy) in real


def test_copy_dates_stay_in_the_real_range(copied: Path) -> None:
    days = _git(copied, "log", "main", "--format=%ad", "--date=format:%Y-%m-%d").split()
    real = [d for d in days if d > "1970-02-15"]
    assert min(real) >= "1970-02-15" and max(real) <= "2020-09-01"  # etalab's latest real entry into force


def test_copy_ingests_and_its_citations_point_inside_it(copied: Path, tmp_path: Path) -> None:
    roots = _git(copied, "ls-tree", "--name-only", "main").split()
    copy_root = next(r for r in sorted(roots) if r.startswith("code-") and r != "code-de-commerce")
    with Store.open(tmp_path / "store") as store:
        store.ingest_git(copied, under=copy_root)
        answer = store.at(f"{copy_root}/L1225-147", "2001-01-01")
        conn = store.index.conn
        targets = {
            t
            for (t,) in conn.execute(
                "SELECT target FROM refs WHERE article_id=?", (f"{copy_root}/L1225-147",)
            )
        }
    assert "l'article L. 1225-10 sont applicables" in answer["version"]["text"]
    assert f"{copy_root}/L1225-10" in targets


def test_parallel_ingest_writes_what_serial_ingest_writes(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def ingest(where: Path) -> tuple[str | None, list[tuple]]:
        with Store.open(where) as store:
            tip = store.ingest_git(small).tip
        conn = sqlite3.connect(where / "index.sqlite")
        rows = conn.execute("SELECT * FROM refs ORDER BY id").fetchall()
        conn.close()
        return tip, rows

    monkeypatch.setenv("LEXTRACK_WORKERS", "1")
    serial = ingest(tmp_path / "serial")
    monkeypatch.setenv("LEXTRACK_WORKERS", "2")
    monkeypatch.setenv("LEXTRACK_PARALLEL_MIN", "0")
    parallel = ingest(tmp_path / "parallel")
    assert serial[0] is not None and serial == parallel
    assert len(serial[1]) > 100  # livre II cites itself often: the comparison is not of two empty tables


def test_scale_history_is_what_lextrack_ingest_git_reads(small: Path, tmp_path: Path) -> None:
    store = tmp_path / "cli-store"
    result = CliRunner().invoke(cli, ["ingest", "--git", str(small), "--store", str(store), "--json"])
    assert result.exit_code == 0, result.output
    (summary,) = json.loads(result.output)
    assert summary["observed"] == 300


def test_bench_short_run_writes_well_formed_results(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    proc = _run(
        str(SCRIPTS / "bench.py"), "--versions", "300", "--small", "0", "--naive-sample", "20",
        "--parse-sample", "100", "--at-pairs", "200", "--cli-runs", "1", "--citation-repeat", "1",
        "--citation-corpus", "corpus/seeds", "--out", str(out),
    )  # fmt: skip
    res = json.loads(out.read_text(encoding="utf-8"))
    size = res["sizes"]["300"]
    assert size["ingest"]["observed"] == 300 and size["ingest"]["versions_per_s"] > 0
    assert size["naive"]["sample"] == 20
    assert size["ingest"]["vs_naive"] == pytest.approx(
        size["ingest"]["versions_per_s"] / size["naive"]["versions_per_s"], rel=0.01
    )
    assert 0 < size["parse"]["ratio_vs_lxml"] and size["parse"]["files"] <= 100
    assert size["at"]["pairs"] == 200 and 0 < size["at"]["p50_ms"] <= size["at"]["p99_ms"]
    assert size["at"]["cli_runs"] == 1
    assert size["diff"]["versions"] >= 1 and size["diff"]["diffs"] > 0
    assert size["graph"]["build"]["nodes"] > 0
    assert {e["format"] for e in size["graph"]["export"].values()} == {
        "graphml",
        "gexf",
        "json",
        "csv",
        "dot",
    }
    assert res["citations"]["files"] == 5  # the five seed files
    assert set(res["targets"]) >= {"ingest_versions_per_s", "ingest_vs_naive", "parse_vs_lxml", "at_p99_ms"}
    assert all(isinstance(v, bool) for v in res["targets"].values())
    assert "ingest / naive" in proc.stdout and str(out) in proc.stdout


def test_bench_history_short_run(tmp_path: Path) -> None:
    """scripts/bench_history.py on the first 60 commits of the real steeve bundle: its figures are well formed
    and consistent (not timings: the machine is shared)."""
    out = tmp_path / "history.json"
    bundle = ROOT / "corpus" / "git" / "steeve-code-de-la-securite-sociale.bundle"
    args = ("--commits", "60", "--half", "--repeat", "3", "--timeline", "--json", str(out))
    proc = _run(str(SCRIPTS / "bench_history.py"), str(bundle), *args)
    res = json.loads(out.read_text(encoding="utf-8"))
    ingest = res["ingest"]
    assert res["commits"] == 60 and ingest["summary"]["observed"] > 100
    assert ingest["summary"]["rejected"] == 0 and ingest["summary"]["damaged"] == 0
    rate = ingest["summary"]["observed"] / ingest["wall_s"]
    assert ingest["versions_per_s"] == pytest.approx(rate, rel=0.01)
    assert res["ratio_to_floor"]["cpu"] == pytest.approx(ingest["cpu_s"] / res["floor"]["cpu_s"], rel=0.01)
    assert 0 < ingest["max_process_rss_mb"] <= ingest["tree_rss_peak_mb"]
    assert 0 < ingest["tree_pss_peak_mb"] <= ingest["tree_rss_peak_mb"]  # shared pages counted once
    assert res["second_ingest"]["summary"]["unchanged"] is True
    assert 0 < res["half_ingest"]["summary"]["observed"] < ingest["summary"]["observed"]
    largest = ingest["max_process_rss_mb"] / res["half_ingest"]["max_process_rss_mb"]
    assert res["largest_whole_over_half"] == pytest.approx(largest, abs=0.01)
    pss = ingest["tree_pss_peak_mb"] / res["half_ingest"]["tree_pss_peak_mb"]
    assert res["pss_whole_over_half"] == pytest.approx(pss, abs=0.01)
    assert "versions/s" in proc.stdout and "ingest / floor" in proc.stdout
    walls = sorted(r["ingest_wall_s"] for r in res["repeats"])
    assert len(walls) == 3 and ingest["wall_s"] == walls[1]  # the median run's figures
    assert "3 runs, each beside its own floor" in proc.stdout
    # the CPU of each second, by kind of process (the ingest's own process, git by subcommand…)
    seconds = ingest["timeline"]
    assert int(ingest["wall_s"]) <= len(seconds) <= int(ingest["wall_s"]) + 1  # (sampled every 0.1 s)
    assert "main" in {k for sec in seconds for k in sec}
    assert all(v > 0 for sec in seconds for v in sec.values())
    assert sum(v for sec in seconds for v in sec.values()) <= ingest["cpu_s"] * 1.1 + 0.1  # a sample of it
    assert "ingest CPU by process (sampled): main" in proc.stdout
    assert proc.stdout.count(" s  ") >= len(seconds)  # one line a second


def test_bench_legi_short_run_reads_every_file(tmp_path: Path) -> None:
    """scripts/bench_legi.py on two small archives: every measure saw every file, figures are consistent."""
    out = tmp_path / "legi.json"
    proc = _run(str(SCRIPTS / "bench_legi.py"), "--files", "330", "--files", "660", "--sample", "40",
                "--out", str(out))  # fmt: skip
    res = json.loads(out.read_text(encoding="utf-8"))
    assert set(res["sizes"]) == {"330", "660"}
    for files, size in res["sizes"].items():
        n = int(files)
        assert sum(size["archive"]["kinds"].values()) == n
        # 16 articles in every 22 files: the four real articles four times, the six other files once
        assert size["archive"]["kinds"]["article"] == 16 * n // 22
        for measure in ("bare", "check", "read", "read+check"):
            assert size[measure]["files"] == n and size[measure]["per_s"] > 0
        assert size["article()"]["files"] == 40
        assert size["read_vs_bare"] == pytest.approx(size["read"]["per_s"] / size["bare"]["per_s"], abs=0.002)
        assert size["peak_rss_mb"] > 0
    assert isinstance(res["meets_target"], bool) and isinstance(res["meets_target_cpu"], bool)
    assert res["target_files_per_s"] == 5000
    assert "read / bare" in proc.stdout and str(out) in proc.stdout


def test_tip_fidelity_agrees_on_a_history_in_date_order_and_names_a_lost_article(tmp_path: Path) -> None:
    """scripts/tip_fidelity.py: etalab's history is dated in commit order, so the store built from it answers
    with the text of every file of its last tree; an article the store lost is named, and exits 1."""
    bundle = ROOT / "corpus" / "git" / "etalab-code-de-commerce-livre-ii.bundle"
    store = tmp_path / "st"
    assert CliRunner().invoke(cli, ["ingest", "--git", str(bundle), "--store", str(store)]).exit_code == 0
    script = str(SCRIPTS / "tip_fidelity.py")
    proc = _run(script, str(bundle), str(store), "--day", "2026-12-07")
    counts = re.findall(r"^\s+(\d+)  (.+)$", proc.stdout, re.MULTILINE)
    repo = tmp_path / "h.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(bundle), str(repo)], check=True)
    tip = [p for p in _git(str(repo), "ls-tree", "-r", "--name-only", "HEAD").split("\n") if "/article-" in p]
    assert [what for _, what in counts] == ["agrees"] and int(counts[0][0]) == len(tip)
    conn = sqlite3.connect(store / "index.sqlite")
    conn.execute("DELETE FROM versions WHERE article_id = 'code-de-commerce/L225-147'")
    conn.commit()
    conn.close()
    out = tmp_path / "cases.json"
    proc = subprocess.run(
        [sys.executable, script, str(bundle), str(store), "--day", "2026-12-07", "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["not in the store"] == [
        ["code-de-commerce/L225-147", [f"code-de-commerce/partie-legislative/livre-ii/{L225_147}"]]
    ]
    # no store there: said in one line, exit 2
    proc = subprocess.run([sys.executable, script, str(bundle), str(tmp_path / "none")], capture_output=True,
                          text=True, cwd=ROOT)  # fmt: skip
    assert proc.returncode == 2 and proc.stderr.startswith("error: ") and "no store here" in proc.stderr


def test_compare_stores_against_a_history_dated_by_legi(tmp_path: Path) -> None:
    """scripts/compare_stores.py: steeve's three files of Code de commerce L246-2 (added by a decision, then
    changed in 2003 and 2005) against etalab's history of Livre II, which LEGI dates."""
    from history_builder import fixture_commits, write_history

    path = "Code De Commerce/Partie Législative/Livre II/Titre IV/Chapitre VI/Article L246-2.md"
    commits = fixture_commits(ROOT / "tests" / "fixtures" / "steeve-ce-286711", path)
    repo = write_history(tmp_path / "h.git", commits)
    steeve, etalab = tmp_path / "steeve", tmp_path / "etalab"
    bundle = ROOT / "corpus" / "git" / "etalab-code-de-commerce-livre-ii.bundle"
    for store, source in ((steeve, repo), (etalab, bundle)):
        assert CliRunner().invoke(cli, ["ingest", "--git", str(source), "--store", str(store)]).exit_code == 0
    out = tmp_path / "cases.json"
    days = "2001-06-01,2004-01-01,2008-01-01"  # LEGI: the texts of 2000-09-21, 2003-08-05, 2005-07-27
    script = str(SCRIPTS / "compare_stores.py")
    proc = _run(script, str(steeve), str(etalab), "--days", days, "--out", str(out))
    cases = json.loads(out.read_text(encoding="utf-8"))
    # before 2003, the text the decision's commit adds, in force since the codification (2000-09-21)
    assert "code-de-commerce/L246-2" not in {aid for aid, _ in cases.pop("not in STORE")}
    assert cases == {} and "      3  same" in proc.stdout
    proc = subprocess.run([sys.executable, script, str(steeve), str(tmp_path / "none")], capture_output=True,
                          text=True, cwd=ROOT)  # fmt: skip
    assert proc.returncode == 2 and proc.stderr.startswith("error: ") and "no store here" in proc.stderr
