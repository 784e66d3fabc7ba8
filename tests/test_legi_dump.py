"""Reading LEGI dumps through lextrack.legi, on archives built from real LEGI files in DILA's layout.

Expected values were read by hand in the files (tests/fixtures/legi-dump/, copied from corpus-real/legi-xml:
D215-16 of the Code de la consommation, three sections, the Code des marchés publics' structure and version,
an arrêté of 1982) and in the three LEGI fixtures of tests/fixtures/legi/.
"""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest
from legi_dump_build import DUMP, fixtures, global_members, write_folder, write_tar

from lextrack.errors import ParseError, UsageError
from lextrack.legi import (
    ArticleRecord,
    DumpKind,
    LegiDump,
    MemberKind,
    ProblemRecord,
    SectionRecord,
    TextStructRecord,
    TextVersionRecord,
    VersionRef,
    classify,
    daily_archives,
    dump_stamp,
    member_path,
    read_dump,
)
from lextrack.legi.identity import latest_version
from lextrack.parser import parse_file
from lextrack.store.files import file_observations

D215_16 = "LEGIARTI000006291810"
CONSO = "LEGITEXT000006069565"
D215_16_PATH = (
    "legi/global/code_et_TNC_en_vigueur/code_en_vigueur/LEGI/TEXT/00/00/06/06/95/LEGITEXT000006069565/"
    "article/LEGI/ARTI/00/00/06/29/18/LEGIARTI000006291810.xml"
)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tar(tmp_path_factory.mktemp("dump") / "Freemium_legi_global_20160115-090000.tar.gz",
                     global_members())  # fmt: skip


def _by_id(records) -> dict[str, object]:
    return {r.legi_id + ("" if not isinstance(r, TextStructRecord) else ":struct"): r for r in records}


# --- layout -------------------------------------------------------------------------------------------------


def test_member_path_is_dilas_layout() -> None:
    assert member_path(MemberKind.ARTICLE, "code_en_vigueur", CONSO, D215_16) == D215_16_PATH
    # the file's own META_COMMUN/URL is the tail of that path
    assert D215_16_PATH.endswith("article/LEGI/ARTI/00/00/06/29/18/LEGIARTI000006291810.xml")
    assert "<URL>article/LEGI/ARTI/00/00/06/29/18/LEGIARTI000006291810.xml</URL>" in (
        DUMP / "article_LEGIARTI000006291810.xml"
    ).read_text(encoding="utf-8")


def test_classify_reads_kind_dossier_text_and_id() -> None:
    where = classify(D215_16_PATH)
    assert where.kind == MemberKind.ARTICLE
    assert (where.dossier, where.text_cid, where.file_id) == ("code_en_vigueur", CONSO, D215_16)
    assert where.is_code and where.in_force_folder
    assert where.key == D215_16_PATH.removesuffix(".xml")
    # a daily archive's members start with its stamp: same key
    assert classify("20141006-213000/" + D215_16_PATH).key == where.key
    # a deletion list's line names the file without extension
    assert classify(D215_16_PATH.removesuffix(".xml"), strip_extension=False).key == where.key
    # the path of issue 17 (its text folder 07/32 where the id gives 07/31): the reader does not check buckets
    issue = (
        "legi/global/code_et_TNC_en_vigueur/code_en_vigueur/LEGI/TEXT/00/00/06/07/32/LEGITEXT000006073189/"
        "article/LEGI/ARTI/00/00/06/29/18/LEGIARTI000006291810.xml"
    )
    assert classify(issue).text_cid == "LEGITEXT000006073189"
    struct = classify(member_path(MemberKind.TEXT_STRUCT, "code_non_vigueur", "LEGITEXT000005627819",
                                  "LEGITEXT000005627819"))  # fmt: skip
    assert (struct.kind, struct.is_code, struct.in_force_folder) == (MemberKind.TEXT_STRUCT, True, False)
    tnc = classify(member_path(MemberKind.TEXT_VERSION, "TNC_en_vigueur", "LEGITEXT000006069747",
                               "LEGITEXT000006069747"))  # fmt: skip
    assert tnc.kind == MemberKind.TEXT_VERSION and not tnc.is_code


@pytest.mark.parametrize(
    "name",
    [
        "legi/global/README.txt",
        D215_16_PATH.replace(".xml", ".txt"),
        D215_16_PATH.replace("/article/", "/articles/"),
        D215_16_PATH.replace(
            "LEGIARTI000006291810.xml", "LEGISCTA000006291810.xml"
        ),  # a section under article/
        D215_16_PATH.replace("code_en_vigueur/", "code_abroge/"),
    ],
)
def test_other_members_are_other(name: str) -> None:
    assert classify(name).kind == MemberKind.OTHER


# --- records ------------------------------------------------------------------------------------------------


def test_global_archive_gives_every_code_file_and_skips_tnc(archive: Path) -> None:
    dump = LegiDump(archive)
    records = list(dump)
    assert [type(r).__name__ for r in records].count("ArticleRecord") == 4
    assert dict(dump.stats.records) == {"article": 4, "section_ta": 3, "texte_struct": 1, "texte_version": 1}
    assert dump.stats.skipped_tnc == 1  # the arrêté du 28 mai 1982
    assert dump.stats.source.members == 10 and dump.stats.source.kind == "tar.gz"
    assert (
        dump.stamp is not None
        and dump.stamp.kind == DumpKind.GLOBAL
        and dump.stamp.stamp == "20160115-090000"
    )
    # archive order is kept
    codes = [name for name, _ in global_members() if "/TNC_en_vigueur/" not in name]
    assert [r.member.name for r in records] == codes


def test_article_record_of_d215_16(archive: Path) -> None:
    (rec,) = [r for r in read_dump(archive) if isinstance(r, ArticleRecord) and r.legi_id == D215_16]
    assert (rec.num, rec.state, rec.start, rec.end) == ("D215-16", "MODIFIE", "2007-10-18", "2012-11-11")
    assert rec.code.slug == "code-de-la-consommation" and rec.code.text_cid == CONSO
    assert rec.versions == (
        VersionRef("LEGIARTI000006291810", "D215-16", "MODIFIE", "2007-10-18", "2012-11-11"),
        VersionRef("LEGIARTI000026617830", "D215-16", "MODIFIE", "2012-11-11", "2014-05-30"),
        VersionRef("LEGIARTI000029026379", "D215-16", "ABROGE", "2014-05-30", "2014-10-03"),
    )
    assert rec.article_key == D215_16 and rec.canonical_id == "code-de-la-consommation/D215-16"
    assert rec.old_id == "AZAXXXXXXXX3X215D16AXXAA"
    assert [c.title for c in rec.context] == [
        "Partie réglementaire",
        "Livre II : Qualité des produits et des services",
        "Titre Ier : Conformité",
        "Chapitre V : Pouvoirs d'enquête",
        "Section 2 : Recherche et constatation.",
    ]
    assert rec.context[-1].legi_id == "LEGISCTA000006161932"
    assert rec.member.key == D215_16_PATH.removesuffix(".xml")
    article = rec.article()
    assert article.id == rec.canonical_id and article.title == "Article D215-16"
    assert article.state == "MODIFIE" and article.start == "2007-10-18" and article.end == "2012-11-11"
    assert [lk.legi_type for lk in article.links] == ["CITATION", "CODIFICATION", "CREATION", "CITATION"]
    assert "titre de perception unique émis par le préfet" in article.text
    assert article.source == f"{archive}/{D215_16_PATH}"


def test_one_article_across_its_legiarti_ids_l227_1(archive: Path) -> None:
    """The L227-1 fixture's VERSIONS block lists five ids out of date order, one stillborn: one article,
    keyed by its first id, named by its latest living version's number."""
    (rec,) = [r for r in read_dump(archive) if isinstance(r, ArticleRecord) and r.num == "L227-1"]
    assert [v.start for v in rec.versions] == ["1996-03-28", "2008-12-17", "2009-05-12", "2011-12-21",
                                               "2021-01-01"]  # fmt: skip
    assert rec.article_key == "LEGIARTI000006741207"  # the 1996 version: the smallest id of the block
    assert rec.canonical_id == "code-de-la-securite-sociale/L227-1" and not rec.renumbered
    assert latest_version(rec.versions).legi_id == "LEGIARTI000042683718"
    # the stillborn version never names the article, even when it is the latest
    stillborn = next(v for v in rec.versions if v.state == "MODIFIE_MORT_NE")
    assert latest_version([rec.versions[0], stillborn]) == rec.versions[0]
    assert latest_version([stillborn]) == stillborn


def test_section_records(archive: Path) -> None:
    sections = {r.legi_id: r for r in read_dump(archive) if isinstance(r, SectionRecord)}
    s92 = sections["LEGISCTA000029502492"]
    assert s92.title == "Section 1 : Dispositions préliminaires"
    assert [(c.kind, c.num, c.state, c.start, c.end) for c in s92.children] == [
        ("article", f"R423-{i}", "ABROGE", "2014-10-01", "2016-07-01") for i in range(1, 6)
    ]
    assert s92.children[0].legi_id == "LEGIARTI000029500450"
    assert s92.context[-1].title == "Chapitre III : Action de groupe"  # "&#13;" and line breaks folded
    s87 = sections["LEGISCTA000029502487"]
    assert s87.children == () and s87.comment == "Néant"
    cpi = sections["LEGISCTA000006083673"]
    assert cpi.code.slug == "code-de-la-propriete-intellectuelle" and cpi.context == ()
    assert [(c.legi_id, c.cid, c.level, c.end) for c in cpi.children[2:4]] == [
        ("LEGISCTA000006114035", "LEGISCTA000006114035", 2, "2014-03-13"),
        ("LEGISCTA000028717135", "LEGISCTA000006114035", 2, None),  # a new version of the same section
    ]


def test_text_records(archive: Path) -> None:
    records = list(read_dump(archive))
    (struct,) = [r for r in records if isinstance(r, TextStructRecord)]
    assert struct.legi_id == struct.cid == "LEGITEXT000005627819" and struct.nature == "CODE"
    assert struct.versions == (
        VersionRef("LEGITEXT000005627819", None, "ABROGE_DIFF", "2006-09-01", "2016-04-01"),
    )
    assert len(struct.sections) == 7 and struct.sections[0].title.startswith("PREMIÈRE PARTIE")
    assert struct.future_versions == ("2016-04-01",) and struct.last_modified == "2016-01-01"
    (version,) = [r for r in records if isinstance(r, TextVersionRecord)]
    assert (version.title, version.full_title) == (
        "Code des marchés publics",
        "Code des marchés publics (édition 2006)",
    )
    assert (version.state, version.start, version.end) == ("ABROGE_DIFF", "2006-09-01", "2016-04-01")
    assert version.code is not None and version.code.slug == "code-des-marches-publics"
    assert version.date_publi is None  # 2999-01-01: LEGI's "none"


def test_tnc_on_request(archive: Path) -> None:
    tnc = [r for r in read_dump(archive, include_tnc=True) if isinstance(r, TextVersionRecord)]
    arrete = next(r for r in tnc if r.legi_id == "LEGITEXT000006069747")
    assert arrete.nature == "ARRETE" and arrete.title == "Arrêté du 28 mai 1982"
    assert arrete.date_texte == "1982-05-28" and arrete.end is None
    (link,) = arrete.links
    assert (link.type, link.text_cid, link.number, link.article) == (
        "TXT_SOURCE", "JORFTEXT000000879675", "82-454", "16",
    )  # fmt: skip


def test_code_filter(archive: Path) -> None:
    dump = LegiDump(archive, codes=["C. consom."])  # any name lextrack knows for the code
    ids = sorted(r.legi_id for r in dump)
    assert ids == [D215_16, "LEGISCTA000029502487", "LEGISCTA000029502492"]
    assert dump.stats.skipped_codes == 6 and dump.stats.skipped_tnc == 1
    assert sorted(r.legi_id for r in read_dump(archive, codes=["code-de-la-securite-sociale", "CPI"])) == [
        "LEGIARTI000006743250", "LEGIARTI000027682421", "LEGIARTI000042683718", "LEGISCTA000006083673",
    ]  # fmt: skip
    with pytest.raises(UsageError, match="not a code lextrack knows"):
        LegiDump(archive, codes=["code-des-impots-imaginaires"])
    with pytest.raises(UsageError, match="no LEGITEXT id"):  # the table knows no LEGITEXT for it
        LegiDump(archive, codes=["Code des impositions sur les biens et services"])


# --- one article, three ways in -----------------------------------------------------------------------------


def test_archive_folder_and_single_file_give_the_same_versions(archive: Path, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "extracted", global_members())
    single = tmp_path / "alone" / f"{D215_16}.xml"  # a file named by its id, as in a dump
    single.parent.mkdir()
    single.write_bytes((DUMP / "article_LEGIARTI000006291810.xml").read_bytes())

    def d215(path: Path) -> ArticleRecord:
        (rec,) = [r for r in read_dump(path) if isinstance(r, ArticleRecord) and r.legi_id == D215_16]
        return rec

    recs = [d215(archive), d215(folder), d215(single)]
    assert recs[1].member.key == recs[0].member.key and recs[2].member.key == ""
    fields = [
        (r.num, r.state, r.start, r.end, r.versions, r.article_key, r.canonical_id, r.context) for r in recs
    ]
    assert fields[0] == fields[1] == fields[2]
    articles = [r.article().to_dict() for r in recs]
    for a in articles:
        a.pop("source")
    assert articles[0] == articles[1] == articles[2]

    def versions(rec: ArticleRecord) -> list[tuple]:
        obs = file_observations(rec.article(), today="2024-01-02")
        return [(o.article_id, o.kind, o.start, o.end, o.state, o.text, o.source) for o in obs]

    got = versions(recs[0])
    assert got == versions(recs[1]) == versions(recs[2])
    assert [(kind, start) for _, kind, start, *_ in got] == [
        ("text", "2007-10-18"), ("text", "2012-11-11"), ("text", "2014-05-30"), ("abrogation", "2014-10-03"),
    ]  # fmt: skip
    # and lextrack's own reader of a single file agrees on the text
    assert parse_file(single, format="legi-xml").text == recs[0].article().text


@pytest.mark.parametrize("fmt", [tarfile.GNU_FORMAT, tarfile.PAX_FORMAT, tarfile.USTAR_FORMAT])
def test_every_tar_format_and_plain_tar(fmt: int, tmp_path: Path) -> None:
    members = global_members()
    for gz in (True, False):
        path = write_tar(tmp_path / f"a{fmt}{gz}.tar{'.gz' if gz else ''}", members, gz=gz, fmt=fmt)
        assert sum(isinstance(r, ArticleRecord) for r in read_dump(path)) == 4


# --- problems that are not attacks --------------------------------------------------------------------------


def test_malformed_member_is_a_problem_record_or_an_error_when_strict(tmp_path: Path) -> None:
    fx = fixtures()
    cut = fx[D215_16].data[:1500]  # the real file, cut short in its CONTEXTE
    members = [
        (fx["LEGIARTI000006743250"].name(), fx["LEGIARTI000006743250"].data),
        (fx[D215_16].name(), cut),
    ]
    path = write_tar(tmp_path / "cut.tar.gz", members)
    records = list(read_dump(path))
    assert isinstance(records[0], ArticleRecord)
    problem = records[1]
    assert isinstance(problem, ProblemRecord) and problem.member.location.file_id == D215_16
    assert "malformed XML" in str(problem.error) and str(path) in str(problem.error)
    with pytest.raises(ParseError, match="malformed XML"):
        list(read_dump(path, strict=True))


def test_not_an_archive(tmp_path: Path) -> None:
    bad = tmp_path / "LEGI_20240102-212418.tar.gz"
    bad.write_bytes(b"\x1f\x8b" + bytes(range(200)))
    with pytest.raises(ParseError, match="tar archive"):
        list(read_dump(bad))
    good = write_tar(tmp_path / "good.tar.gz", global_members())
    truncated = tmp_path / "LEGI_20240103-212418.tar.gz"
    truncated.write_bytes(good.read_bytes()[:3000])
    with pytest.raises(ParseError):
        list(read_dump(truncated))
    with pytest.raises(UsageError, match="no such file"):
        read_dump(tmp_path / "missing.tar.gz")
    xz = tmp_path / "LEGI_20240104-212418.tar.xz"
    with tarfile.open(xz, "w:xz"):
        pass
    with pytest.raises(ParseError, match="DILA's LEGI archives are tar.gz"):
        list(read_dump(xz))


def test_records_stream_one_at_a_time(archive: Path) -> None:
    """The reader hands a record over as soon as its member is read, not after the whole archive."""
    dump = LegiDump(archive, precheck=False)
    it = iter(dump)
    next(it)
    assert dump.stats.source.members == 1
    next(it)
    assert dump.stats.source.members == 2


# --- archive names ------------------------------------------------------------------------------------------


def test_dump_stamps_and_daily_order(tmp_path: Path) -> None:
    g = dump_stamp("Freemium_legi_global_20240102-140000.tar.gz")
    d1 = dump_stamp("/x/LEGI_20240102-212418.tar.gz")
    d0 = dump_stamp("20240101-212418")  # an extracted daily archive's folder
    assert g.kind == DumpKind.GLOBAL and d1.is_daily and d0.is_daily
    assert sorted([d1, g, d0]) == [d0, g, d1]
    for bad in ("legi.tar.gz", "LEGI_2024-01-02.tar.gz", "LEGI_20241302-212418.tar.gz"):
        with pytest.raises(UsageError):
            dump_stamp(bad)
    for name in ("LEGI_20240103-212000.tar.gz", "LEGI_20240102-212418.tar.gz", "notes.txt",
                 "Freemium_legi_global_20240101-000000.tar.gz"):  # fmt: skip
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "20240104-211500").mkdir()
    assert [p.name for p in daily_archives(tmp_path)] == [
        "LEGI_20240102-212418.tar.gz", "LEGI_20240103-212000.tar.gz", "20240104-211500",
    ]  # fmt: skip
