"""Every version starts the day it took effect, whatever the source writes it as (issue 13).

Expectations are read from the sources here with tests/legal_dates.py, not from lextrack's own reading.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tarfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from click.testing import CliRunner
from legal_dates import committer_day, in_force_date

from lextrack.cli import cli
from lextrack.store import Store
from lextrack.store.observation import Observation
from lextrack.store.placeholders import Placeholders

ROOT = Path(__file__).resolve().parents[1]
STEEVE = ROOT / "corpus" / "git" / "steeve-code-de-la-securite-sociale.bundle"
SEEDS = ROOT / "corpus" / "seeds"
OLD_STORE = Path(__file__).parent / "fixtures" / "old-store" / "store-0.1.tar.gz"
TITRE_2 = "Code De La Sécurité Sociale/Partie Législative/Livre 2/Titre 2"
CSS = "code-de-la-securite-sociale"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_every_en_vigueur_of_the_bundled_history_starts_its_versions(bundles_store, tmp_path: Path) -> None:
    """Each subject of steeve's history that names an entry into force dates the versions of its commit, but
    where the commit's committer date, LEGI's start of its versions, says another day (a subject names the
    text that created the article, LEGI dates the version: "Décret 84-459 … En Vigueur Le 1er Avril 1984" on
    a version of L241-11 LEGI starts 1990-01-01)."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(STEEVE), str(clone)], check=True)
    log = subprocess.run(
        ["git", "-C", str(clone), "log", "--format=%ad|%ct|%cd|%s", "--date=short"],
        capture_output=True,
        text=True,
    )
    subjects = {}
    for day, ct, cd, s in (line.split("|", 3) for line in log.stdout.splitlines()):
        committed = committer_day(ct, cd)
        if in_force_date(s):
            subjects[s] = committed if committed and committed != day else in_force_date(s)
    en_vigueur = {s for s in subjects if "vigueur" in s.lower()}
    assert len(en_vigueur) >= 30 and len(subjects) > len(en_vigueur)  # and "Modification du … inconnue"
    seen = 0
    with Store.open(bundles_store.root) as store:
        for aid in store.index.article_ids(CSS):
            for v in store.history(aid):
                if v.source_text in subjects and v.extra["origin"] == "git":
                    assert v.start == subjects[v.source_text], (aid, v.source_text, v.start)
                    seen += 1
    assert seen >= len(subjects)


def test_l227_1_took_effect_in_1997_and_says_what_was_to_come(bundles_store) -> None:
    with Store.open(bundles_store.root) as store:
        first = store.history(f"{CSS}/L227-1")[0]
        assert (first.start, first.text_date, first.jorf_date) == ("1997-01-01", "1996-03-28", "1996-04-30")
        assert store.at(f"{CSS}/L227-1", "1996-06-01")["status"] == "not_yet_in_force"
    text = run("history", f"{CSS}/L227-1", "--store", str(bundles_store.root)).output
    assert "1997-01-01" in text and "1996-03-28" in text


def test_every_en_vigueur_of_the_seeds_link_labels_is_honoured(tmp_path: Path) -> None:
    labels = []
    for seed in sorted(SEEDS.rglob("*.txt")):
        for line in seed.read_text(encoding="utf-8").splitlines():
            m = re.match(r"\s+- (.+ en vigueur le .+)$", line)
            if m:
                day = in_force_date(m.group(1).replace("en vigueur le", "En Vigueur Le"))
                labels.append((seed, day))
    assert labels  # L633-12 "Créé par: Rapport - art. 4 () JORF 25 avril 1996 en vigueur le 1er janvier…"
    with Store.open(tmp_path / "store") as store:
        store.ingest_paths([SEEDS])
        for seed, day in labels:
            aid = f"{CSS}/{seed.name.split('.')[0].removeprefix('article-')}"
            assert day in [v.start for v in store.history(aid)], (aid, day)
            assert store.at(aid, "1996-12-31")["status"] == "not_yet_in_force"


def test_a_store_dated_by_commits_is_redated_by_reingesting_its_history(tmp_path: Path) -> None:
    with tarfile.open(OLD_STORE) as tar:
        tar.extractall(tmp_path, filter="data")
    old = tmp_path / "store"
    r = run("ingest", "--git", str(STEEVE), "--under", TITRE_2, "--store", str(old))
    assert r.exit_code == 0, r.output
    redated = int(re.search(r"(\d+) re-dated", r.output).group(1))  # type: ignore[union-attr]
    assert redated > 10, r.output
    fresh = tmp_path / "fresh"
    assert run("ingest", "--git", str(STEEVE), "--under", TITRE_2, "--store", str(fresh)).exit_code == 0

    def histories(root: Path) -> dict:
        with Store.open(root) as s:
            return {a: [(v.start, v.end, v.state, v.text, v.text_date) for v in s.history(a)]
                    for a in s.index.article_ids()}  # fmt: skip

    assert histories(old) == histories(fresh)
    assert histories(old)[f"{CSS}/L227-1"][0][0] == "1997-01-01"
    assert run("verify", "--store", str(old)).exit_code == 0
    again = run("ingest", "--git", str(STEEVE), "--under", TITRE_2, "--store", str(old)).output
    assert "nothing new" in again


def test_an_index_rebuilt_from_the_git_view_keeps_the_text_dates(bundles_store, tmp_path: Path) -> None:
    root = tmp_path / "store"
    shutil.copytree(bundles_store.root, root)
    (root / "index.sqlite").unlink()
    for extra in ("index.sqlite-wal", "index.sqlite-shm"):
        (root / extra).unlink(missing_ok=True)
    assert run("verify", "--repair", "--store", str(root)).exit_code == 0
    with Store.open(root) as rebuilt, Store.open(bundles_store.root) as original:
        for aid in (f"{CSS}/L227-1", f"{CSS}/L212-4"):
            assert [(v.start, v.end, v.text_date) for v in rebuilt.history(aid)] == [
                (v.start, v.end, v.text_date) for v in original.history(aid)
            ]


def test_a_placeholder_version_happened_before_the_next_change_of_its_article() -> None:
    """etalab's Code civil 1763: added at the placeholder "1970-01-31 07:09:14" by a commit that names no
    date, deleted at "1970-01-31 21:34:06" by "Loi 46-682 1946-04-13 JORF 14 avril 1946"."""
    base = {"article_id": "code-civil/1763", "code": "code-civil", "num": "1763", "origin": "git"}
    added = Observation(**base, kind="text", start="1970-01-31", uncertain=True, seq=1,
                        source="Modifications d'origine indéterminée")  # fmt: skip
    deleted = Observation(**base, kind="abrogation", start="1946-04-14", seq=2,
                          source="Loi 46-682 1946-04-13 JORF 14 avril 1946")  # fmt: skip
    reader = Placeholders()  # as the history reader takes each change, in commit order
    first, second = [*reader.take(added), *reader.take(deleted)]
    assert first.start <= second.start == "1946-04-14" and first.uncertain


def test_a_text_learns_its_publication_from_its_own_number_never_from_a_date() -> None:
    """Subjects of steeve's 64-code history (../shared/corpus-real/git): a subject without its JORF date takes
    the one another subject gives for the same text number; the digits of an ISO date are not a number."""
    from lextrack.store.subject_dates import commit_dates, publications

    subjects = [
        "Conseil D'Etat N° 286711 2006-07-13",  # a decision: no text number, no JORF date
        "Arrêté 2006-07-17 Art. 1 Jorf 18 Juillet 2006",  # an arrêté known by its date only
        "Loi 77-574 1977-06-07 Art. 18 Jorf 8 Juin",  # the JORF date without its year
        "Loi 77-574 1977-06-07 Art. 17 Jorf 8 Juin 1977",
    ]
    published = publications(subjects)
    assert published == {"77-574": "1977-06-08"}
    assert commit_dates(subjects[0], "2006-07-13", False, published).jorf_date is None
    assert commit_dates(subjects[2], "1977-06-07", False, published).jorf_date == "1977-06-08"


def test_a_history_dated_before_1970_by_git_itself_goes_in(tmp_path: Path) -> None:
    """git stores an author date before 1970 as negative seconds, which `git log` prints as nothing: steeve's
    history with its 1803 commits dated so (1803-03-18, what their subject says) instead of 1970-01-01 +
    seconds gives the versions the original gives."""
    from history_builder import clone, replay, write_history

    source = clone(STEEVE, tmp_path / "steeve.git")
    subject, day = "Loi 1803-03-08 Promulguée Le 18 Mars 1803", "1803-03-18"  # (promulgated that day)
    # (their committer dates dropped: LEGI's 1994 starts would date them; this is about the author dates)
    real = replay(source, tmp_path / "r")
    commits = [c if c.subject != subject else replace(c, committed=None) for c in real]
    write_history(tmp_path / "placeholders.git", commits)
    seconds = (datetime.fromisoformat(day) - datetime(1970, 1, 1)).days * 86400
    redated = [replace(c, when=f"{seconds} +0000") if c.subject == subject else c for c in commits]
    assert sum(c.subject == subject for c in commits) >= 1
    write_history(tmp_path / "negative.git", redated)
    log = ["git", "--git-dir", str(tmp_path / "negative.git"), "log", "--format=%at|%s", "main"]
    shown = subprocess.run(log, capture_output=True, text=True, check=True).stdout.splitlines()
    assert f"|{subject}" in shown  # git prints no seconds for it

    answers = {}
    for name in ("placeholders", "negative"):
        store = tmp_path / f"store-{name}"
        r = run("ingest", "--git", str(tmp_path / f"{name}.git"), "--store", str(store))
        assert r.exit_code == 0, r.output
        with Store.open(store) as s:
            rows = s.index.conn.execute(
                "SELECT article_id, start, end, kind, source FROM versions ORDER BY article_id, start, seq"
            ).fetchall()
        answers[name] = rows
        assert run("verify", "--store", str(store)).exit_code == 0
    assert answers["negative"] == answers["placeholders"]
    assert any(start == "1803-03-18" for _, start, *_ in answers["negative"])


def test_a_history_file_that_says_its_article_ended_ends_it(tmp_path: Path) -> None:
    """A LEGI file in a history carries its own dates and state: L633-12 (ETAT ABROGE, DATE_DEBUT, DATE_FIN)
    is in force between those days and abrogated after, whatever day it was committed, as the same file on
    disk is read."""
    from history_builder import Commit, write_history

    xml = (Path(__file__).parent / "fixtures" / "legi" / "article_L633-12_abroge.xml").read_bytes()
    debut = re.search(rb"<DATE_DEBUT>(.+?)</DATE_DEBUT>", xml).group(1).decode()
    fin = re.search(rb"<DATE_FIN>(.+?)</DATE_FIN>", xml).group(1).decode()
    assert b"<ETAT>ABROGE</ETAT>" in xml and debut < fin
    files = {f"{CSS}/article-L633-12.xml": xml}
    repo = write_history(tmp_path / "legi.git", [Commit("2006-01-01T00:00:00+01:00", "LEGI", files)])
    store = tmp_path / "store"
    assert run("ingest", "--git", str(repo), "--store", str(store)).exit_code == 0
    article = f"{CSS}/L633-12"
    inside = json.loads(run("at", debut, article, "--json", "--store", str(store)).output)
    after = json.loads(run("at", fin, article, "--json", "--store", str(store)).output)
    assert inside["status"] == "in_force" and inside["version"]["start"] == debut
    assert after["status"] == "abrogated" and after["version"]["start"] == fin
    on_disk = tmp_path / "disk" / CSS
    on_disk.mkdir(parents=True)
    (on_disk / "article-L633-12.xml").write_bytes(xml)
    store2 = tmp_path / "store-disk"
    assert run("ingest", str(on_disk), "--store", str(store2)).exit_code == 0
    for day in (debut, fin):
        a = json.loads(run("at", day, article, "--json", "--store", str(store)).output)
        b = json.loads(run("at", day, article, "--json", "--store", str(store2)).output)
        assert (a["status"], a["version"]["start"]) == (b["status"], b["version"]["start"])


def test_date_d_entree_en_vigueur_in_a_subject_starts_the_version(tmp_path: Path) -> None:
    """steeve writes 64 subjects "… Date D'Entrée En Vigueur 20 Mars 1977": the Code des communes' R233-17
    took effect that day, not on the decree's signature (1977-01-27) nor its publication (1977-02-03). The
    file and the subject are its last commit's (tests/fixtures/section-named-after-a-code/README.md)."""
    subject = "Décret 77-91 1977-01-27 Jorf Et Jonc 3 Fevrier 1977 Date D'Entrée En Vigueur 20 Mars 1977"
    section = "Taxes, Redevances Ou Versements Autres Que Ceux Prévus Par Le Code Général Des Impôts"
    path = f"Code Des Communes/Partie Réglementaire/Finances Communales/Recettes/{section}/Article R233-17.md"
    data = (ROOT / "tests" / "fixtures" / "section-named-after-a-code" / "R233-17-communes.md").read_bytes()
    r233_17 = "code-des-communes/R233-17"
    store = _one_commit(tmp_path, "1977-01-27T00:00:00+01:00", subject, path, data)
    out = json.loads(run("history", r233_17, "--json", "--store", str(store)).output)
    assert [v["start"] for v in out["versions"]] == ["1977-03-20"]
    before = json.loads(run("at", "1977-03-01", r233_17, "--json", "--store", str(store)).output)
    assert before["status"] != "in_force", before


def _one_commit(tmp_path: Path, when: str, subject: str, path: str, data: bytes) -> Path:
    """The store of a history of one real commit (its date, subject and file)."""
    from history_builder import Commit, write_history

    repo = write_history(tmp_path / "h.git", [Commit(when, subject, {path: data})])
    store = tmp_path / "store"
    assert run("ingest", "--git", str(repo), "--store", str(store)).exit_code == 0
    return store


def test_an_entry_into_force_naming_the_article_that_sets_it(tmp_path: Path) -> None:
    """ "… Date D'Entrée En Vigueur Art. 13 1er Juin 1983": the decree's article 13 set the day (4 subjects of
    steeve's history write it so). tests/fixtures/entry-into-force-article/README.md: the file's origin."""
    subject = "Décret 83-221 1983-03-22 Art. 1 Jorf 24 Mars 1983 Date D'Entrée En Vigueur Art. 13 1er Juin"
    subject += " 1983"
    path = (
        "Code De La Construction Et De L'Habitation/Partie Réglementaire/Livre IV/Titre II/Chapitre Ier/"
        "Article R*421-51.md"
    )
    data = (ROOT / "tests" / "fixtures" / "entry-into-force-article" / "R*421-51.1983-03-22.md").read_bytes()
    store = _one_commit(tmp_path, "1983-03-22T00:00:00+01:00", subject, path, data)
    article = "code-de-la-construction-et-de-l-habitation/R*421-51"
    out = json.loads(run("history", article, "--json", "--store", str(store)).output)
    assert [v["start"] for v in out["versions"]] == ["1983-06-01"]


def test_a_commits_committer_date_is_legis_start_of_its_versions(tmp_path: Path) -> None:
    """steeve's history of the Code de la consommation's D215-16: each commit's author date is its text's
    signature, its committer date LEGI's start of the version. The real LEGI file of the article says which
    (its LIEN_ART list of versions, read here). tests/fixtures/committer-dates/README.md: the files."""
    from history_builder import Commit, write_history

    folder = ROOT / "tests" / "fixtures" / "committer-dates"
    path = "Code De La Consommation/Partie Réglementaire/Livre II/Titre Ier/Chapitre V/Article D215-16.md"
    commits = [
        Commit("2007-10-16T00:00:00+02:00", "Modification du 2007-10-18 de source inconnue",
               {path: (folder / "D215-16.d7d9dcadf9.md").read_bytes()}, "2007-10-18T00:00:00+02:00"),
        Commit("2012-11-07T00:00:00+01:00", "Décret N°2012-1247 Du 7 Novembre 2012 - Art. 4",
               {path: (folder / "D215-16.b6170daa38.md").read_bytes()}, "2012-11-11T00:00:00+01:00"),
        Commit("2014-05-27T00:00:00+02:00", "Décret N°2014-552 Du 27 Mai 2014 - Art. 3",
               {path: (folder / "D215-16.d4ac95699c.md").read_bytes()}, "2014-05-30T00:00:00+02:00"),
        Commit("2014-09-30T00:00:00+02:00", "Décret N°2014-1109 Du 30 Septembre 2014 - Art. 33",
               {path: None}, "2014-10-03T00:00:00+02:00"),
    ]  # fmt: skip
    legi = (ROOT / "corpus" / "legi-xml" / "article_LEGIARTI000006291810.xml").read_text(encoding="utf-8")
    spans = sorted(re.findall(r'<LIEN_ART [^>]*debut="([\d-]+)"[^>]*fin="([\d-]+)"', legi))
    assert len(spans) == 3
    store = tmp_path / "store"
    repo = write_history(tmp_path / "h.git", commits)
    assert run("ingest", "--git", str(repo), "--store", str(store)).exit_code == 0
    d215_16 = "code-de-la-consommation/D215-16"
    out = json.loads(run("history", d215_16, "--json", "--store", str(store)).output)
    texts = [v for v in out["versions"] if v["state"] != "abrogated"]
    assert [(v["start"], v["end"]) for v in texts] == spans
    assert [v["text_date"] for v in texts[1:]] == ["2012-11-07", "2014-05-27"]  # the signatures, kept
    assert out["versions"][-1]["state"] == "abrogated" and out["versions"][-1]["start"] == spans[-1][1]


def test_a_history_rewritten_in_one_go_keeps_its_subjects_dates(tmp_path: Path) -> None:
    """Committer dates a rewrite gave (`git rebase` commits every commit again, the same minute), or a tool
    writing the history over a few days, are not LEGI's: steeve's history so committed is dated by its
    subjects, as before."""
    from history_builder import clone, replay, write_history

    source = clone(STEEVE, tmp_path / "steeve.git")
    real = replay(source, tmp_path / "real.git")
    rewritten = [replace(c, committed="2026-12-07T23:59:00+01:00") for c in real]
    write_history(tmp_path / "rewritten.git", rewritten)
    days = [f"2026-12-0{1 + i * 3 // len(real)}T12:00:00+01:00" for i in range(len(real))]  # three days
    write_history(tmp_path / "slow.git", [replace(c, committed=d) for c, d in zip(real, days, strict=True)])
    starts = {}
    for name in ("real", "rewritten", "slow"):
        store = tmp_path / f"store-{name}"
        assert run("ingest", "--git", str(tmp_path / f"{name}.git"), "--store", str(store)).exit_code == 0
        out = json.loads(run("history", f"{CSS}/L227-1", "--json", "--store", str(store)).output)
        starts[name] = [v["start"] for v in out["versions"]]
    # "Loi N°2011-1906 Du 21 Décembre 2011 - Art. 116": committed 2011-12-23 (LEGI's), signed 2011-12-21
    assert starts["real"][-1] == "2011-12-23" and starts["rewritten"][-1] == "2011-12-21"
    assert "2026-12-07" not in starts["rewritten"] and starts["slow"] == starts["rewritten"]


def test_a_text_given_again_the_same_day_after_a_deletion_stands(tmp_path: Path) -> None:
    """The CGI's 262 quater: changed, deleted, then added again with the changed text, three commits LEGI
    starts on 1995-10-27 (their committer dates). The last stands: in force, as steeve's last tree has it.
    tests/fixtures/committer-dates/README.md: the files."""
    from history_builder import Commit, write_history

    folder = ROOT / "tests" / "fixtures" / "committer-dates"
    path = "Code Général Des Impôts, Cgi/Livre Premier/Première Partie/Titre II/Chapitre Premier/"
    path += "Article 262 quater.md"
    first = (folder / "262 quater.793adde322.md").read_bytes()
    changed = (folder / "262 quater.3043922a44.md").read_bytes()
    day = "1995-10-27T00:00:00+01:00"
    subjects = [
        "Loi N°92-677 Du 17 Juillet 1992 - Art. 111 () Jorf 19 Juillet 1992 En Vigueur Le 1er Janvier 1993",
        "Loi N°94-1163 Du 29 Décembre 1994 - Art. 25 (V) Jorf 30 Décembre 1994",
        "Article Créé Directement Et Incorporé Dans L'Édition Du 4 Juillet 1992",
        "Loi N°93-1420 Du 31 Décembre 1993 - Art. 11 () Jorf 1er Janvier 1994",
    ]
    commits = [
        Commit("1992-07-17T00:00:00+02:00", subjects[0], {path: first}, "1993-01-01T00:00:00+01:00"),
        Commit("1994-12-29T00:00:00+01:00", subjects[1], {path: changed}, day),
        Commit("1995-08-04T00:00:00+02:00", subjects[2], {path: None}, day),
        Commit("1993-12-31T00:00:00+01:00", subjects[3], {path: changed}, day),
    ]
    store = tmp_path / "store"
    repo = write_history(tmp_path / "h.git", commits)
    assert run("ingest", "--git", str(repo), "--store", str(store)).exit_code == 0
    art = "code-general-des-impots/262 quater"
    now = json.loads(run("at", "2026-12-07", art, "--json", "--store", str(store)).output)
    assert now["status"] == "in_force" and now["version"]["start"] == "1995-10-27"


def test_a_version_dated_by_its_texts_signature_takes_the_day_a_history_gives_it(tmp_path: Path) -> None:
    """R133-19's seed says only "Créé par: Décret n°2013-597 du 8 juillet 2013", which dates its text by the
    decree's signature; steeve's commit of that decree gives the same text on LEGI's start of the version (its
    committer date). Both in one store: the version took effect on the history's day, and the day between
    answers with the text before it."""
    seed = SEEDS / CSS / "article-R133-19.wrapped-liens.txt"
    assert "Décret n°2013-597 du 8 juillet 2013 - art. 1" in seed.read_text(encoding="utf-8")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(STEEVE), str(clone)], check=True)
    log = subprocess.run(
        ["git", "-C", str(clone), "log", "--format=%ad|%ct|%cd|%s", "--date=short", "--",
         "*/Article R133-19.md"],
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    days = {s: (day, committer_day(ct, cd)) for day, ct, cd, s in (line.split("|", 3) for line in log)}
    signed, took_effect = days["Décret N°2013-597 Du 8 Juillet 2013 - Art. 1"]
    assert signed == "2013-07-08" and took_effect is not None and took_effect > signed
    sources = [["--git", str(STEEVE)], [str(seed)]]
    for n, order in enumerate((sources, sources[::-1])):  # whichever comes first
        store = str(tmp_path / f"store{n}")
        for source in order:
            assert run("ingest", *source, "--store", store).exit_code == 0
        versions = json.loads(run("history", f"{CSS}/R133-19", "--json", "--store", store).output)["versions"]
        texts = [v for v in versions if v["kind"] == "text"]
        first = days["Modification du 2005-08-12 de source inconnue"][1]
        assert [v["start"] for v in texts] == [first, took_effect]
        assert texts[1]["text_date"] == signed
        between = json.loads(run("at", signed, f"{CSS}/R133-19", "--json", "--store", store).output)
        assert between["version"]["start"] == first
        assert run("verify", "--store", store).exit_code == 0
