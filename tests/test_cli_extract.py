"""`lextrack extract`: the table, --json and the --jsonl contract other tools depend on."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

from lextrack.cli import cli

SEEDS = Path(__file__).resolve().parents[1] / "corpus" / "seeds" / "code-de-la-securite-sociale"

# Seed L114-23 (Code de la sécurité sociale), III.
SEED = (
    "3° De présence territoriale des différents régimes et différentes branches mentionnés aux articles "
    "L. 200-2 et L. 611-1 du présent code et L. 721-1 du code rural et de la pêche maritime ;"
)


def run(args: list[str], stdin: str):
    return CliRunner().invoke(cli, ["extract", *args], input=stdin)


def test_json_list():
    res = run(["--code", "Code de la sécurité sociale", "--json"], SEED)
    assert res.exit_code == 0, res.output
    assert json.loads(res.output) == [
        {"kind": "article", "code": "code-de-la-securite-sociale", "num": "L200-2"},
        {"kind": "article", "code": "code-de-la-securite-sociale", "num": "L611-1"},
        {"kind": "article", "code": "code-rural-et-de-la-peche-maritime", "num": "L721-1"},
    ]


def test_json_with_spans():
    res = run(["--code", "code-de-la-securite-sociale", "--json", "--spans"], SEED)
    first = json.loads(res.output)[0]
    start, end = first["span"]
    assert SEED[start:end] == "L. 200-2" == first["matched"]
    assert first["ids"] == ["code-de-la-securite-sociale/L200-2"]


def test_table_for_people():
    res = run(["--code", "CSS"], SEED)
    assert res.exit_code == 0
    assert "L721-1" in res.output and "code-rural-et-de-la-peche-maritime" in res.output
    assert "3 citation(s)" in res.output


def test_jsonl_contract_in_order_with_errors():
    lines = [
        json.dumps(
            {
                "text": "au V de l'article 32 de la loi n° 2020-1576 du 14 décembre 2020",
                "context_code": "code-de-la-securite-sociale",
            },
            ensure_ascii=False,
        ),
        "{not json",
        json.dumps(
            {
                "text": "mentionné au II de l'article L. 133-1-1 et aux articles L. 133-1-1 à L. 133-1-6",
                "context_code": "Code de la sécurité sociale",
                "context_article": "R133-2-10",
            },
            ensure_ascii=False,
        ),
        json.dumps({"context_code": "code-civil"}),
        json.dumps(
            {"text": "Les modalités sont fixées par décret en Conseil d'Etat.", "context_code": "CSS"}
        ),
        json.dumps({"text": "au I du présent article", "context_code": "CSS", "context_article": "L114-23"}),
    ]
    res = run(["--jsonl"], "\n".join([*lines, ""]) + "\n")
    assert res.exit_code == 0, res.output
    out = [json.loads(x) for x in res.output.splitlines()]
    assert len(out) == 7
    assert out[6] == {"error": "empty line"}
    assert out[0] == {
        "citations": [
            {"kind": "text", "nature": "loi", "number": "2020-1576", "date": "2020-12-14", "article": "32",
             "pinpoint": "V"}
        ]
    }  # fmt: skip
    assert set(out[1]) == {"error"}
    assert out[2] == {
        "citations": [
            {"kind": "article", "code": "code-de-la-securite-sociale", "num": "L133-1-1", "pinpoint": "II"},
            {"kind": "range", "code": "code-de-la-securite-sociale", "from": "L133-1-1", "to": "L133-1-6"},
        ]
    }
    assert set(out[3]) == {"error"}
    assert out[4] == {"citations": []}
    assert out[5] == {
        "citations": [
            {"kind": "article", "code": "code-de-la-securite-sociale", "num": "L114-23", "pinpoint": "I"}
        ]
    }


def test_jsonl_uses_command_line_context_as_default():
    line = json.dumps({"text": "prévues à l'article 1352-4"})
    res = run(["--jsonl", "--code", "code-civil"], line + "\n")
    assert json.loads(res.output) == {
        "citations": [{"kind": "article", "code": "code-civil", "num": "1352-4"}]
    }


def test_json_and_jsonl_together_is_a_usage_error():
    res = run(["--json", "--jsonl"], "")
    assert res.exit_code == 2
    assert "cannot be used together" in res.output + (res.stderr if res.stderr_bytes else "")


def test_bytes_that_are_not_utf8_are_no_traceback():
    res = CliRunner().invoke(
        cli, ["extract", "--json", "--code", "CSS"], input=b"l'article L. 200-2 \xff\xfe"
    )
    assert res.exit_code == 0, res.output
    assert json.loads(res.output) == [
        {"kind": "article", "code": "code-de-la-securite-sociale", "num": "L200-2"}
    ]


def test_jsonl_lines_of_one_article_carry_context():
    # Code de la défense L2339-11-4, 1° then 2°: "du même code" is the code pénal named in the line before;
    # a line of another article starts afresh: the citing code's, which has no 131-39 (its articles all have
    # a letter), so unresolved rather than the code pénal.
    defense = "code-de-la-defense"
    lines = [
        {"text": "1° L'amende, suivant les modalités prévues par l'article 131-38 du code pénal ;",
         "context_code": defense, "context_article": "L2339-11-4"},
        {"text": "2° Les peines mentionnées aux 2°, 4°, 5°, 8° et 9° de l'article 131-39 du même code.",
         "context_code": defense, "context_article": "L2339-11-4"},
        {"text": "2° Les peines mentionnées aux 2°, 4°, 5°, 8° et 9° de l'article 131-39 du même code.",
         "context_code": defense, "context_article": "L2341-5-1"},
    ]  # fmt: skip
    res = run(["--jsonl"], "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines))
    assert res.exit_code == 0, res.output
    out = [json.loads(x)["citations"] for x in res.output.splitlines()]
    assert out[1] == [
        {"kind": "article", "code": "code-penal", "num": "131-39", "pinpoint": "2°, 4°, 5°, 8° et 9°"}
    ]
    assert out[2] == [
        {"kind": "article", "num": "131-39", "pinpoint": "2°, 4°, 5°, 8° et 9°", "unresolved": True}
    ]


def test_unresolved_without_a_citing_code():
    res = run(["--json"], "prévues à l'article L. 133-6 et dans le respect des compétences")
    assert json.loads(res.output) == [{"kind": "article", "num": "L133-6", "unresolved": True}]


def test_store_tells_which_articles_exist(tmp_path, monkeypatch):
    # A store holding the five seed articles of the CSS: R133-19 cites L. 133-6, which the store lacks; "du
    # présent code" in L114-23 says where L. 200-2 is, whatever the store holds.
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    store = tmp_path / "store"
    res = CliRunner().invoke(cli, ["ingest", "--store", str(store), str(SEEDS)])
    assert res.exit_code == 0, res.output
    text = "Pour l'exercice de la mission de l'interlocuteur social unique défini à l'article L. 133-6 et"
    res = run(["--json", "--code", "CSS", "--store", str(store)], text)
    assert json.loads(res.output) == [{"kind": "article", "num": "L133-6", "unresolved": True}]
    res = run(["--json", "--code", "CSS", "--store", str(store)], SEED)
    assert [c.get("code") for c in json.loads(res.output)] == [
        "code-de-la-securite-sociale", "code-de-la-securite-sociale", "code-rural-et-de-la-peche-maritime"
    ]  # fmt: skip
    # A code the store lacks keeps what the code table knows: the CSP's L1533-4 cites the code pénal's 226-27.
    reproduced = "Comme il est dit à l'article 713-5 du code pénal ci-après reproduit : \" L'article 226-27"
    res = run(["--json", "--code", "code-de-la-sante-publique", "--store", str(store)], reproduced)
    assert [(c.get("code"), c["num"]) for c in json.loads(res.output)] == [
        ("code-penal", "713-5"), ("code-penal", "226-27")
    ]  # fmt: skip
    res = run(["--json", "--code", "CSS", "--store", str(tmp_path / "none")], text)
    assert res.exit_code != 0 and "no store" in res.output


def test_bare_number_in_a_code_whose_articles_all_have_a_letter_is_the_code_named():
    # Code de la santé publique L1533-4 (steeve's last tree) reproduces an article of the code pénal that
    # rewrites the code pénal's 226-27. The CSP numbers every article with a letter: as the graph's edges
    # say (the code table's knowledge, no store needed), 226-27 is the code pénal's.
    text = (
        "Comme il est dit à l'article 713-5 du code pénal ci-après reproduit :\n"
        '" L\'article 226-27 est rédigé comme suit :\n'
    )
    res = run(["--json", "--code", "code-de-la-sante-publique", "--article", "L1533-4"], text)
    assert res.exit_code == 0, res.output
    assert json.loads(res.output) == [
        {"kind": "article", "code": "code-penal", "num": "713-5"},
        {"kind": "article", "code": "code-penal", "num": "226-27"},
    ]
