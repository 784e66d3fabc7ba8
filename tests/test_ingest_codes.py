"""Codes in an ingest (issue 14): a code folder the table does not know names the code, with one warning per
folder in the summary; `ingest --code SLUG` for files that name no code.

The files are real (tests/fixtures/codes/steeve: files of steeve's 64-code history); each commit below is the
one that added its file in that history (author date and subject read with `git log --find-object`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner
from history_builder import Commit, write_history

from lextrack.cli import cli
from lextrack.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "codes" / "steeve"
MAYOTTE_96 = "Code Des Douanes De Mayotte/Partie Législative/Titre IV/Chapitre IV/Article 96.md"
LEGION = "Code De La Légion D'Honneur Et De La Médaille Militaire"
LEGION_R88 = f"{LEGION}/Partie Réglementaire - Décrets En Conseil D'Etat/Article R88.md"
LEGION_SLUG = "code-de-la-legion-d-honneur-de-la-medaille-militaire-et-de-l-ordre-national-du-merite"
CGI = "Code Général Des Impôts, Cgi"
CGI_1043_A = f"{CGI}/Livre Premier/Première Partie/Titre IV/Chapitre IV/Article 1043 A.md"
LPF = "Livre Des Procédures Fiscales"
LPF_L186 = f"{LPF}/Partie Législative/Première Partie/Titre II/Chapitre IV/Article L186.md"

COMMITS = [  # (author date, subject, file)
    ("1999-12-30T00:00:00+01:00", "Loi - Art. 3 () Jorf 31 Décembre 1999", CGI_1043_A),
    ("2001-07-11T00:00:00+02:00", "Loi N°2001-616 Du 11 Juillet 2001 - Art. 75 (V) Jorf 13 Juillet 2001",
     MAYOTTE_96),  # fmt: skip
    ("2008-12-30T00:00:00+01:00", "Loi N°2008-1443 Du 30 Décembre 2008 - Art. 121", LPF_L186),
    ("2010-05-27T00:00:00+02:00", "Décret N°2010-547 Du 27 Mai 2010 - Art. 4", LEGION_R88),
]


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def at(store: Path, day: str, article: str) -> dict:
    return json.loads(run("at", day, article, "--json", "--store", str(store)).output)


def history(dest: Path, place=lambda path: path) -> Path:
    commits = [Commit(when, s, {place(path): (FIXTURES / path).read_bytes()}) for when, s, path in COMMITS]
    return write_history(dest, commits)




def test_unknown_code_folders_go_in_with_one_warning_each(tmp_path: Path, table_without) -> None:
    table_without("code-des-douanes-de-mayotte", LEGION_SLUG)
    repo = history(tmp_path / "h.git")
    store = tmp_path / "store"
    r = run("ingest", "--git", str(repo), "--store", str(store))
    assert r.exit_code == 0, r.output
    assert "4 versions read from 4 commits: 4 added" in r.output
    warnings = [line for line in r.output.splitlines() if line.startswith("warning:")]
    assert warnings == [
        "warning: folder 'Code Des Douanes De Mayotte' is not in the code table: code "
        "'code-des-douanes-de-mayotte' taken from its name (1 files)",
        f"warning: folder {LEGION!r} is not in the code table: "
        "code 'code-de-la-legion-d-honneur-et-de-la-medaille-militaire' taken from its name (1 files)",
    ]
    found = at(store, "2005-01-01", "code-des-douanes-de-mayotte/96")
    # dated by its text's signature, the commit takes effect on its publication, "Jorf 13 Juillet 2001"
    assert found["status"] == "in_force" and found["version"]["start"] == "2001-07-13"
    # the CGI's folder is in the table: 1043 A is the article `lextrack at 2010-06-01` answers for (issue 14)
    found = at(store, "2010-06-01", "code-general-des-impots/1043 A")
    assert found["status"] == "in_force"
    assert found["version"]["source"] == "Loi - Art. 3 () Jorf 31 Décembre 1999"


def test_json_lists_each_warning_once_with_its_files(tmp_path: Path, table_without) -> None:
    table_without("code-des-douanes-de-mayotte")
    repo = history(tmp_path / "h.git")
    r = run("ingest", "--git", str(repo), "--store", str(tmp_path / "s"), "--json")
    (summary,) = json.loads(r.output)
    assert summary["warnings"] == [
        {
            "warning": "folder 'Code Des Douanes De Mayotte' is not in the code table: code "
            "'code-des-douanes-de-mayotte' taken from its name",
            "files": 1,
        }
    ]


def test_code_names_the_code_of_files_that_name_none(tmp_path: Path) -> None:
    # every file at the top of the history, no folder: nothing names the code
    repo = history(tmp_path / "h.git", place=lambda path: path.rsplit("/", 1)[1])
    r = run("ingest", "--git", str(repo), "--store", str(tmp_path / "guessed"), "--json")
    (summary,) = json.loads(r.output)
    assert r.exit_code == 0 and summary["added"] == 4
    assert any("unknown-code" in w["warning"] and "--code" in w["warning"] for w in summary["warnings"])
    store = tmp_path / "named"
    r = run("ingest", "--git", str(repo), "--code", "LPF", "--store", str(store), "--json")
    (summary,) = json.loads(r.output)
    assert r.exit_code == 0 and summary["warnings"] == []
    found = at(store, "2010-01-01", "livre-des-procedures-fiscales/L186")
    assert found["status"] == "in_force" and found["version"]["start"] == "2008-12-30"
    # the same history under another --code is another source: read again, not taken as read
    r = run("ingest", "--git", str(repo), "--code", "CGI", "--store", str(store), "--json")
    assert json.loads(r.output)[0]["unchanged"] is False
    assert run("ingest", "--code", "../..", "--git", str(repo), "--store", str(store)).exit_code == 2


def test_code_for_files_on_disk(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "Article L186.md").write_bytes((FIXTURES / LPF_L186).read_bytes())
    store = tmp_path / "store"
    r = run("ingest", str(folder), "--code", "livre-des-procedures-fiscales", "--store", str(store), "--json")
    assert r.exit_code == 0, r.output
    r = run("history", "livre-des-procedures-fiscales/L186", "--json", "--store", str(store))
    assert r.exit_code == 0, r.output


def test_a_history_named_after_its_code_with_files_dated_by_legi(tmp_path: Path) -> None:
    """Tricoteuses keeps one code per repository ("code_civil"), its files at the top, each with LEGI's
    dates in its front matter: the repository's name gives the code, the front matter the day each version
    took effect, whatever the commit's date (here the day the snapshot was taken)."""
    data = Path(__file__).resolve().parents[1] / "corpus" / "tricoteuses-code-civil" / "snapshot" / "api"
    data = data / "data"
    files = {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*.md"))}
    repo = write_history(tmp_path / "code_civil", [Commit("2025-01-31T00:00:00+01:00", "Code civil", files)])
    expected = {}  # article number -> "Date de début", as each file says
    for content in files.values():
        text = content.decode()
        num = re.search(r"<h1>Article (.+?)</h1>", text)
        if num:
            expected[num.group(1)] = re.search(r"^Date de début: (\S+)$", text, re.M).group(1)
    assert len(expected) == 198
    store = tmp_path / "store"
    r = run("ingest", "--git", str(repo), "--store", str(store), "--json")
    (summary,) = json.loads(r.output)
    assert r.exit_code == 0 and summary["added"] == 198 and summary["warnings"] == [], r.output
    with Store.open(store) as s:
        starts = dict(s.index.conn.execute("SELECT article_id, start FROM versions"))
    assert starts == {f"code-civil/{num}": day for num, day in expected.items()}
    assert at(store, "2020-01-01", "code-civil/1101")["version"]["start"] == "2016-10-01"


def test_code_is_for_files_that_name_none_never_over_their_folders(tmp_path: Path) -> None:
    """`--code` gives the code of files that name none: the four files in their real folders keep their
    codes under `--code LPF`, and the same files at the top of a history take it."""
    in_folders = history(tmp_path / "folders.git")
    store = tmp_path / "store"
    r = run("ingest", "--git", str(in_folders), "--code", "LPF", "--store", str(store), "--json")
    assert r.exit_code == 0, r.output
    assert at(store, "2010-01-01", "code-general-des-impots/1043 A")["status"] == "in_force"
    assert at(store, "2010-01-01", "livre-des-procedures-fiscales/L186")["status"] == "in_force"
    at_top = history(tmp_path / "top.git", place=lambda path: path.rsplit("/", 1)[1])
    r = run("ingest", "--git", str(at_top), "--code", "LPF", "--store", str(tmp_path / "top"), "--json")
    assert r.exit_code == 0, r.output
    assert at(tmp_path / "top", "2010-01-01", "livre-des-procedures-fiscales/1043 A")["status"] == "in_force"
