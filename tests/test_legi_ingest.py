"""`lextrack ingest` of LEGI dumps built from real files (tests/legi_dump_build.py, tests/fixtures/legi-dump),
then `history`, `at`, `diff`, the graph and the web view on the store it gives.

Expected values are read by hand from the files:
- D215-16 of the Code de la consommation (real, LEGIARTI000006291810): MODIFIE from 2007-10-18 to 2012-11-11,
  VERSIONS LEGIARTI000006291810 (2007-10-18), LEGIARTI000026617830 (2012-11-11), LEGIARTI000029026379
  (2014-05-30, ABROGE to 2014-10-03); text "Le remboursement des frais exposés …"; LIENS: CITATION of
  Décret 62-1587 art. 80 à 95, CODIFICATION Décret 97-298, CREATION Décret n°2007-1480 art. 1, CITATION
  L215-1; CONTEXTE from "Partie réglementaire" to "Section 2 : Recherche et constatation.".
- tests/fixtures/legi: L227-1 (five versions out of order, one stillborn, VIGUEUR from 2021-01-01), L633-12
  (ABROGE 1997-01-01 to 2005-12-09), R133-19 (TRANSFERE 2013-07-08 to 2017-05-09) of the Code de la
  sécurité sociale (real texts, placeholder ids: see their headers).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from legi_dump_build import DUMP, MTIME, fixtures, global_members, write_folder, write_tar

from lextrack.cli import cli
from lextrack.store import Store
from lextrack.store.dumps import code_names
from lextrack.store.legi_articles import section_hierarchy

D215 = "code-de-la-consommation/D215-16"
L227 = "code-de-la-securite-sociale/L227-1"
L633 = "code-de-la-securite-sociale/L633-12"
R133 = "code-de-la-securite-sociale/R133-19"
GLOBAL = "Freemium_legi_global_20240102-120000.tar.gz"
D215_ID = "LEGIARTI000006291810"
SECTION = DUMP / "section_ta_LEGISCTA000006161932_rebuilt.xml"
SECTION_NAME = (
    "legi/global/code_et_TNC_en_vigueur/code_en_vigueur/LEGI/TEXT/00/00/06/06/95/LEGITEXT000006069565/"
    "section_ta/LEGI/SCTA/00/00/06/16/19/LEGISCTA000006161932.xml"
)
D215_CHAIN = [
    "Partie réglementaire",
    "Livre II : Qualité des produits et des services",
    "Titre Ier : Conformité",
    "Chapitre V : Pouvoirs d'enquête",
    "Section 2 : Recherche et constatation.",
]


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def members() -> list[tuple[str, bytes]]:
    return [*global_members(), (SECTION_NAME, SECTION.read_bytes())]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The global archive and a store ingested from it through the CLI."""
    root = tmp_path_factory.mktemp("legi-ingest")
    write_tar(root / GLOBAL, members())
    r = run("ingest", str(root / GLOBAL), "--json", "--store", str(root / "store"))
    assert r.exit_code == 0, r.output
    (root / "result.json").write_text(r.output)
    return root


def history(store: Path, aid: str) -> list[dict]:
    r = run("history", aid, "--json", "--store", str(store))
    assert r.exit_code == 0, r.output
    return json.loads(r.output)["versions"]


def test_the_global_archive_gives_every_article_with_legi_dates_and_states(built: Path) -> None:
    (result,) = json.loads((built / "result.json").read_text())
    assert (result["stamp"], result["kind"]) == ("20240102-120000", "global")
    assert result["files"] == 10 and result["problems"] == []  # the TNC arrêté is skipped
    assert result["new_articles"] == 4
    store = built / "store"
    d215 = history(store, D215)
    assert [(v["start"], v["end"], v["state"], v["kind"]) for v in d215] == [
        ("2007-10-18", "2012-11-11", "modified", "text"),
        ("2012-11-11", "2014-05-30", "modified", "text"),
        ("2014-05-30", "2014-10-03", "modified", "text"),
        ("2014-10-03", None, "abrogated", "abrogation"),
    ]
    assert d215[0]["text"].startswith("Le remboursement des frais exposés pour la recherche")
    assert d215[0]["source"].startswith("Décret n°2007-1480 du 16 octobre 2007 - art. 1")
    assert d215[1]["text"] is None and d215[1]["origin"] == "legi-dump"  # known by its dates only
    l227 = history(store, L227)
    assert [(v["start"], v["state"]) for v in l227] == [
        ("1996-03-28", "modified"), ("2008-12-17", "stillborn"), ("2009-05-12", "modified"),
        ("2011-12-21", "modified"), ("2021-01-01", "in_force"),
    ]  # fmt: skip
    assert l227[0]["end"] == "1999-12-29"  # DATE_FIN before the next version: a gap, as LEGI says
    assert [(v["start"], v["kind"]) for v in history(store, L633)] == [
        ("1997-01-01", "text"), ("2005-12-09", "abrogation"),
    ]  # fmt: skip
    r133 = history(store, R133)
    # its LIENS name the transferring decree (its article LEGIARTI000034640245), not the new article
    assert [(v["start"], v["kind"], v["successor"]) for v in r133] == [
        ("2013-07-08", "text", None), ("2017-05-09", "transfer", None),
    ]  # fmt: skip
    assert r133[1]["source"].startswith("Décret n°2017-864 du 9 mai 2017")


def test_at_and_diff_answer_from_the_dump(built: Path) -> None:
    store = str(built / "store")
    at = json.loads(run("at", "2010-06-01", D215, "--json", "--store", store).output)
    assert at["status"] == "in_force" and at["version"]["start"] == "2007-10-18"
    assert "220 Euros TTC" in at["version"]["text"]
    gone = json.loads(run("at", "2015-01-01", D215, "--json", "--store", store).output)
    assert gone["status"] == "abrogated"
    l227 = json.loads(run("at", "2022-01-01", L227, "--json", "--store", store).output)
    assert "Caisse nationale de solidarité pour l'autonomie" in l227["version"]["text"]
    diff = json.loads(run("diff", D215, "--from", "2010-01-01", "--to", "2015-01-01", "--json",
                          "--store", store).output)  # fmt: skip
    assert diff["changed"] and diff["to"]["text"] is None


def test_links_become_typed_edges_and_the_graph_reads_them(built: Path) -> None:
    store = str(built / "store")
    refs = json.loads(run("cites", D215, "--json", "--store", store).output)["references"]
    by_target = {(r["target"], r["type"]) for r in refs}
    assert ("code-de-la-consommation/L215-1", "cites") in by_target
    assert ("decret/62-1587", "cites_text") in by_target
    assert ("decret/2007-1480", "created_by") in by_target
    # L227-1's NOTA ("Conformément au V de l'article 32 de la loi n° 2020-1576 …") is read and cited from
    l227 = json.loads(run("cites", L227, "--json", "--store", store).output)["references"]
    edges = {(r.get("clause"), r["type"], r["target"]) for r in l227}
    assert ("nota", "cites_text", "loi/2020-1576") in edges
    cited_by = json.loads(run("cited-by", "decret/2007-1480", "--json", "--store", store).output)
    assert D215 in {r["source"] for r in cited_by["references"]}
    check = run("check", "--json", "--store", store)
    assert check.exit_code == 1  # it found something: R133-19's file names no successor
    found = json.loads(check.output)
    outside = {(x["citing"], x["cited"]) for x in found["outside_corpus"]}
    assert (R133, "code-de-la-securite-sociale/L133-6") in outside
    assert found["broken"] == []


def test_the_hierarchy_is_the_sections(built: Path) -> None:
    repo = str(built / "store" / "repo.git")
    commit = history(built / "store", D215)[1]["commit"]  # the 2012 version, known by its dates only
    git = ["git", "--git-dir", repo, "show", f"{commit}:code-de-la-consommation/D215/D215-16.md"]
    shown = subprocess.run(git, capture_output=True, text=True, check=True).stdout
    front = shown.split("---")[1]
    assert [line.split(": ", 1)[1].rstrip('"') for line in front.splitlines() if line.startswith("  - ")] == [
        title for title in D215_CHAIN
    ]
    # a section whose articles the dump does not hold still places them (real section, R423-1 … R423-5)
    with Store.open(built / "store", create=False) as store:
        placed = section_hierarchy(store.index.conn, "LEGIARTI000029500450", "2014-10-01")
    assert placed is not None and [t for _, t in json.loads(placed)] == [
        "Partie réglementaire",
        "Livre IV : Les associations de consommateurs",
        "Titre II : Action en justice des associations.",
        "Chapitre III : Action de groupe",
        "Section 1 : Dispositions préliminaires",
    ]


def test_an_archive_a_folder_and_a_single_file_give_the_same_versions(built: Path, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "extracted", members())
    single = tmp_path / "alone" / "LEGIARTI000006291810.xml"  # named by its id, as in a dump
    single.parent.mkdir()
    single.write_bytes((DUMP / "article_LEGIARTI000006291810.xml").read_bytes())
    got = []
    for source in (built / GLOBAL, folder, single):
        store = tmp_path / f"store-{source.name}"
        assert run("ingest", str(source), "--store", str(store)).exit_code == 0
        got.append([{k: v for k, v in x.items() if k != "commit"} for x in history(store, D215)])
    assert got[0] == got[1] == got[2]
    assert len(got[0]) == 4


def test_a_folder_of_legi_files_under_their_own_names_is_read_as_a_dump(built: Path, tmp_path: Path) -> None:
    """corpus-real/legi-xml as it is: an article beside section and text files, named after their kind and
    id. Read as article files, the six that are not articles were rejected (exit 1)."""
    loose = tmp_path / "legi-xml"
    loose.mkdir()
    for f in DUMP.glob("*.xml"):
        if f.stem.rsplit("_", 1)[-1].startswith(("LEGIARTI", "LEGISCTA", "LEGITEXT")):  # not the rebuilt ones
            (loose / f.name).write_bytes(f.read_bytes())
    assert len(list(loose.iterdir())) == 7
    r = run("ingest", str(loose), "--json", "--store", str(tmp_path / "store"))
    assert r.exit_code == 0, r.output
    (result,) = json.loads(r.output)
    assert result["files"] == 7 and result["problems"] == [] and result["new_articles"] == 1
    got = [{k: v for k, v in x.items() if k != "commit"} for x in history(tmp_path / "store", D215)]
    assert got == [{k: v for k, v in x.items() if k != "commit"} for x in history(built / "store", D215)]
    # `parse` reads the article and leaves the section and text files, which are not articles
    parsed = run("parse", str(loose), "--json")
    assert parsed.exit_code == 0, parsed.output
    assert [json.loads(line)["id"] for line in parsed.output.splitlines()] == [D215]
    # articles alone stay article files, as `parse` reads them
    only = tmp_path / "articles"
    only.mkdir()
    (only / f"article_{D215_ID}.xml").write_bytes((loose / f"article_{D215_ID}.xml").read_bytes())
    r = run("ingest", str(only), "--json", "--store", str(tmp_path / "store2"))
    assert r.exit_code == 0 and "stamp" not in json.loads(r.output)[0]


def test_code_filter_and_tnc(built: Path, tmp_path: Path) -> None:
    r = run("ingest", str(built / GLOBAL), "--code", "code-de-la-consommation", "--json", "--store",
            str(tmp_path / "one"))  # fmt: skip
    (result,) = json.loads(r.output)
    assert result["new_articles"] == 1 and result["files"] == 4  # D215-16 and three sections
    with_tnc = json.loads(run("ingest", str(built / GLOBAL), "--tnc", "--json", "--store",
                              str(tmp_path / "all")).output)  # fmt: skip
    assert with_tnc[0]["files"] == 11
    with Store.open(tmp_path / "all", create=False) as store:  # names from texte/version (TITRE)
        assert code_names(store.index.conn) == {
            "code-des-marches-publics": "Code des marchés publics",
            "arrete-du-28-mai-1982": "Arrêté du 28 mai 1982",
        }
    bad = run("ingest", str(built / GLOBAL), "--code", "code-imaginaire", "--store", str(tmp_path / "x"))
    assert bad.exit_code == 2 and "not a code lextrack knows" in bad.output
    assert run("ingest", "--code", "code-civil", "--store", str(tmp_path / "y")).exit_code == 2


def test_a_member_that_cannot_be_read_is_reported_and_the_rest_ingested(tmp_path: Path) -> None:
    cut = DUMP.parent / "damaged" / "rejected" / "code-de-la-consommation" / f"article_{D215_ID}.cut.xml"
    fx = fixtures()
    name = fx["LEGIARTI000006291810"].name()
    rest = [(n, d) for n, d in global_members() if n != name]
    archive = write_tar(tmp_path / "LEGI_20240103-120000.tar.gz", [(name, cut.read_bytes()), *rest])
    r = run("ingest", str(archive), "--json", "--store", str(tmp_path / "store"))
    (result,) = json.loads(r.output)
    assert len(result["problems"]) == 1 and "LEGIARTI000006291810" in result["problems"][0]
    assert result["new_articles"] == 3


def test_a_hostile_archive_is_refused_and_the_store_untouched(built: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run("ingest", str(built / GLOBAL), "--store", str(store)).exit_code == 0
    before = history(store, D215)
    path = tmp_path / "LEGI_20240103-120000.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name, data in [*global_members("20240103-120000/"), ("../../etc/x.xml", b"<ARTICLE/>")]:
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(data), MTIME
            tar.addfile(info, io.BytesIO(data))
    r = run("ingest", str(path), "--store", str(store))
    assert r.exit_code == 2 and "archive refused" in r.output and "'..'" in r.output
    assert history(store, D215) == before
    assert "already applied" not in run("ingest", str(path), "--store", str(store)).output


def test_worker_processes_give_what_one_process_gives(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import lextrack.store.legi_stream as stream

    started = []

    class Pool(stream.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs) -> None:
            started.append(kwargs)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(stream, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(stream, "BATCH", 2)
    monkeypatch.setenv("LEXTRACK_PARALLEL_MIN", "0")
    monkeypatch.setenv("LEXTRACK_WORKERS", "2")
    store = tmp_path / "store"
    assert run("ingest", str(built / GLOBAL), "--store", str(store)).exit_code == 0
    assert started == [{"max_workers": 2}]
    for aid in (D215, L227, L633, R133):
        assert history(store, aid) == history(built / "store", aid)
    refs = json.loads(run("cites", D215, "--json", "--store", str(store)).output)
    assert refs == json.loads(run("cites", D215, "--json", "--store", str(built / "store")).output)


def test_the_web_view_shows_the_dump(built: Path) -> None:
    pytest.importorskip("fastapi", reason="the web extra (fastapi) is not installed")
    from fastapi.testclient import TestClient

    from lextrack.web import create_app

    client = TestClient(create_app(built / "store"))
    page = client.get("/articles/code-de-la-consommation/D215-16", params={"date": "2010-01-01"})
    assert page.status_code == 200 and "220 Euros TTC" in page.text
    toc = client.get("/api/codes/code-de-la-consommation", params={"date": "2010-01-01"}).json()["toc"]
    assert [(s["path"], [a["num"] for a in s["articles"]]) for s in toc] == [(D215_CHAIN, ["D215-16"])]
    history_api = client.get("/api/articles/code-de-la-consommation/D215-16/history").json()
    assert len(history_api["versions"]) == 4


def test_the_bench_measures_the_ingest_beside_the_reader(tmp_path: Path) -> None:
    """scripts/bench_legi.py, short run: the ingest of its archive gives every article its versions."""
    out = tmp_path / "legi.json"
    script = Path(__file__).resolve().parents[1] / "scripts" / "bench_legi.py"
    args = [sys.executable, str(script), "--files", "330", "--sample", "20", "--out", str(out)]
    proc = subprocess.run(args, capture_output=True, text=True, check=True)
    (size,) = json.loads(out.read_text())["sizes"].values()
    ingest = size["ingest"]
    assert ingest["article_files"] == size["archive"]["kinds"]["article"] == 240
    # each copy is its own article: D215-16 as published before 2012-11-11 gives 1 version, L227-1 5, L633-12
    # 2, R133-19 2 (see above); the daily archive republishes the 60 D215-16 copies: 4 versions each
    assert ingest["versions"] == 240 // 4 * 10 and ingest["problems"] == 0
    assert (ingest["daily"]["files"], ingest["daily"]["added"], ingest["daily"]["removed"]) == (60, 240, 60)
    assert ingest["versions_per_s"] > 0 and ingest["peak_rss_mb"] > 0
    assert "ingest" in proc.stdout and "versions/s" in proc.stdout
