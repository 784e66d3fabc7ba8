"""The graph commands through the CLI, on an index holding the seeds' references."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from lextrack.cli import cli
from lextrack.parser import parse_file
from lextrack.store.refs import record_article

SEEDS = Path(__file__).resolve().parents[1] / "corpus" / "seeds" / "code-de-la-securite-sociale"
CSS = "code-de-la-securite-sociale"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("store")
    conn = sqlite3.connect(root / "index.sqlite")
    for path in sorted(SEEDS.glob("*.txt")):
        record_article(conn, parse_file(path))
    conn.commit()
    conn.close()
    return root


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_export_graphml_and_summary(store, tmp_path):
    out = tmp_path / "g.graphml"
    result = run("graph", "export", "--format", "graphml", "-o", str(out), "--store", str(store), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    g = nx.read_graphml(out, force_multigraph=True)
    assert (summary["nodes"], summary["edges"]) == (g.number_of_nodes(), g.number_of_edges())
    assert g.has_edge(f"{CSS}/R133-19", f"{CSS}/R133-2-10")


def test_export_on_a_date_around_an_article(store, tmp_path):
    out = tmp_path / "csv"
    result = run("graph", "export", "--format", "csv", "-o", str(out), "--store", str(store),
                 "--date", "2015-01-01", "--around", "R133-19", "--depth", "1")  # fmt: skip
    assert result.exit_code == 0, result.output
    nodes = (out / "nodes.csv").read_text(encoding="utf-8")
    assert f"{CSS}/R133-19" in nodes and "decret/2013-597" in nodes
    assert "decret/2017-864" not in nodes  # the transfer came in 2017
    assert f"{CSS}/L227-1" not in nodes


def test_cites_text_and_json(store):
    result = run("cites", "L114-23", "--store", str(store))
    assert result.exit_code == 0, result.output
    assert f"{CSS}/L227-1" in result.output and "III" in result.output
    data = json.loads(run("cites", f"{CSS}/L114-23", "--store", str(store), "--json").output)
    assert data["id"] == f"{CSS}/L114-23"
    assert {
        "source": f"{CSS}/L114-23",
        "target": "code-rural-et-de-la-peche-maritime/L723-12",
    }.items() <= next(r for r in data["references"] if r["target"].endswith("L723-12")).items()


def test_cited_by_json(store):
    data = json.loads(run("cited-by", "LO111-9", "--store", str(store), "--json").output)
    assert sorted(r["source"] for r in data["references"]) == [f"{CSS}/L114-23", f"{CSS}/L227-1"]


def test_impact(store):
    result = run("impact", "Décret n°2017-864 du 9 mai 2017", "--store", str(store))
    assert result.exit_code == 0, result.output
    assert f"{CSS}/R133-19" in result.output and "transferred_by" in result.output
    assert f"{CSS}/R133-2-10" in result.output


def test_check_json_and_exit_code(store):
    result = run("check", "--store", str(store), "--json", "--date", "2015-01-01")
    data = json.loads(result.output)
    assert data["broken"] == [] and result.exit_code == 0
    assert any(o["cited"] == f"{CSS}/L133-6" for o in data["outside_corpus"])
    text = run("check", "--store", str(store))
    assert "outside the corpus (not errors)" in text.output


def test_stats(store):
    result = run("stats", "--store", str(store))
    assert result.exit_code == 0, result.output
    assert "PageRank top 20" in result.output
    data = json.loads(run("stats", "--store", str(store), "--json").output)
    assert data["edges"]["transferred_to"] == 1


def test_errors_are_one_line(store, tmp_path):
    missing = run("stats", "--store", str(tmp_path / "nothing"))
    assert missing.exit_code == 2 and "no store here" in missing.output
    bad_date = run("check", "--store", str(store), "--date", "2017-13-01")
    assert bad_date.exit_code == 2 and "--date" in bad_date.output
    unknown = run("cites", "L999-999", "--store", str(store))
    assert unknown.exit_code == 1 and "not in the graph" in unknown.output
    gone = run("cites", "R133-19", "--store", str(store), "--date", "2018-01-01")
    assert gone.exit_code == 1 and "not in force that day" in gone.output
    out = str(tmp_path / "g.json")
    no_code = run(
        "graph", "export", "--format", "json", "-o", out, "--store", str(store), "--code", "code-civil"
    )
    assert no_code.exit_code == 1 and "no article of this code" in no_code.output


def test_graph_of_a_store_made_by_ingest(tmp_path):
    # The real path: `lextrack ingest` records each version's references; the graph reads them back.
    store = tmp_path / "store"
    ingest = run("ingest", str(SEEDS), "--store", str(store))
    assert ingest.exit_code == 0, ingest.output
    data = json.loads(run("cites", "R133-19", "--store", str(store), "--json").output)
    transfer = [r for r in data["references"] if r["type"] == "transferred_to"]
    assert [(r["target"], r["valid_from"][:4]) for r in transfer] == [(f"{CSS}/R133-2-10", "2017")]

    # L114-23's file has no date: the store dates it the day it was read, and before that day its status is
    # unknown (lextrack.timeline) — for `at` and for the graph alike, so no graph of a past day shows it.
    at = json.loads(run("at", "L114-23@2022-01-01", "--store", str(store), "--json").output)
    assert at["status"] == "unknown"
    gone = run("cites", "L114-23", "--store", str(store), "--json", "--date", "2022-01-01")
    assert gone.exit_code == 1 and "not in force that day, or unknown" in gone.output
    # Over time, its citations start unknown, not on the day the file was read.
    data = json.loads(run("cites", "L114-23", "--store", str(store), "--json").output)
    to_l227 = [r for r in data["references"] if r["target"] == f"{CSS}/L227-1"]
    assert to_l227 and all("valid_from" not in r for r in to_l227)
    # L227-1's NOTA puts its version in force on 2021-01-01: not yet in force in 2018, in force in 2022.
    early = run("cited-by", "L227-1", "--store", str(store), "--json", "--date", "2018-01-01")
    assert early.exit_code == 1 and "not in force that day" in early.output
    later = run("cited-by", "L227-1", "--store", str(store), "--json", "--date", "2022-01-01")
    assert later.exit_code == 0, later.output


def test_export_takes_a_code_by_its_name_as_every_other_command_does(store, tmp_path):
    by_slug = run("graph", "export", "--format", "json", "-o", str(tmp_path / "a.json"),
                  "--code", "code-de-la-securite-sociale", "--store", str(store), "--json")  # fmt: skip
    by_name = run("graph", "export", "--format", "json", "-o", str(tmp_path / "b.json"),
                  "--code", "Code de la sécurité sociale", "--store", str(store), "--json")  # fmt: skip
    assert by_slug.exit_code == by_name.exit_code == 0, by_name.output
    assert json.loads(by_slug.output)["nodes"] == json.loads(by_name.output)["nodes"] > 0


def test_check_of_one_article_and_of_one_code(store):
    whole = json.loads(run("check", "--store", str(store), "--json").output)
    one = run("check", "R133-19", "--store", str(store), "--json")
    data = json.loads(one.output)
    # R133-19 cites L133-6, L133-6-1, L213-1, L752-4 (its "Cite" list): none of them is in the seeds.
    assert {o["cited"] for o in data["outside_corpus"]} >= {f"{CSS}/L133-6", f"{CSS}/L752-4"}
    assert data["outside_corpus"] == [o for o in whole["outside_corpus"] if o["citing"] == f"{CSS}/R133-19"]
    by_code = json.loads(run("check", "--code", "CSS", "--store", str(store), "--json").output)
    assert by_code["outside_corpus"] == [o for o in whole["outside_corpus"] if o["citing"].startswith(CSS)]
    assert run("check", "--code", "code-civil", "--store", str(store)).exit_code == 1
    both = run("check", "R133-19", "--code", "CSS", "--store", str(store))
    assert both.exit_code == 2 and "not both" in both.output
