"""Daily archives on top of a global one, as a store applies them: files replace files by key, deletion lists
remove them, archives apply once and in stamp order.

The scenario uses real files only. Global archive (2007-10-20): D215-16 of the Code de la consommation as
DILA published it before its second version (tests/fixtures/legi-dump/article_LEGIARTI000006291810_before_
2012-11-11.xml, rebuilt from the real file's own VERSIONS block: see its header), the Code des marchés publics
in code_en_vigueur, and the other real files. Daily 2014-10-06: the real D215-16 file, now with three versions
(the file changed, same path). Daily 2016-04-02: the Code des marchés publics, abrogated on 2016-04-01
(ABROGE_DIFF), moves to code_non_vigueur: its two files are listed in liste_suppression_legi.dat under
code_en_vigueur and come back under code_non_vigueur (how DILA moves a text between folders).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from legi_dump_build import DUMP, fixtures, write_folder, write_tar

from lextrack.errors import UsageError
from lextrack.legi import (
    ArticleRecord,
    DeletionRecord,
    MemberKind,
    ProblemRecord,
    check_order,
    daily_archives,
    dump_stamp,
    plan_updates,
    read_dump,
)
from lextrack.store.files import file_observations

D215_16 = "LEGIARTI000006291810"
CMP = "LEGITEXT000005627819"
GLOBAL = "Freemium_legi_global_20071020-120000.tar.gz"
DAILY_1 = "LEGI_20141006-213000.tar.gz"
DAILY_2 = "LEGI_20160402-213000.tar.gz"


def _cmp_files(dossier: str, prefix: str = "") -> list[tuple[str, bytes]]:
    fx = fixtures()
    return [(f.name(dossier, prefix), f.data) for f in (fx[CMP], fx[f"{CMP}:texte_version"])]


def _daily_2_members() -> list[tuple[str, bytes]]:
    stamp = "20160402-213000/"
    gone = [name.removesuffix(".xml") for name, _ in _cmp_files("code_en_vigueur")]
    listing = ("\n".join(gone) + "\n").encode("ascii")
    # the list first: its deletions still come after every file of the archive
    return [(stamp + "liste_suppression_legi.dat", listing), *_cmp_files("code_non_vigueur", stamp)]


@pytest.fixture(scope="module")
def dumps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("legi")
    fx = fixtures()
    before = (DUMP / "article_LEGIARTI000006291810_before_2012-11-11.xml").read_bytes()
    members = [(f.name(), before if f.file_id == D215_16 else f.data) for f in fx.values()]
    write_tar(root / GLOBAL, members)
    updates = root / "updates"
    updates.mkdir()
    write_tar(updates / DAILY_1, [(fx[D215_16].name(prefix="20141006-213000/"), fx[D215_16].data)])
    write_tar(updates / DAILY_2, _daily_2_members())
    return root


def _apply(state: dict[str, object], path: Path) -> list[DeletionRecord]:
    deleted = []
    for record in read_dump(path):
        assert not isinstance(record, ProblemRecord), record
        if isinstance(record, DeletionRecord):
            state.pop(record.key)
            deleted.append(record)
        else:
            state[record.member.key] = record
    return deleted


def _versions(record: ArticleRecord) -> list[tuple[str, str, str | None]]:
    return [(o.kind, o.start, o.end) for o in file_observations(record.article(), today="2024-01-02")]


def test_dailies_apply_in_order_on_top_of_the_global_archive(dumps: Path) -> None:
    state: dict[str, object] = {}
    _apply(state, dumps / GLOBAL)
    assert len(state) == 9  # the TNC arrêté is left out
    key = fixtures()[D215_16].name().removesuffix(".xml")
    d215 = state[key]
    assert isinstance(d215, ArticleRecord) and (d215.state, d215.end) == ("VIGUEUR", None)
    assert _versions(d215) == [("text", "2007-10-18", None)]

    plan = plan_updates(dumps / "updates", applied=[], base=dump_stamp(dumps / GLOBAL).stamp)
    assert [p.name for p in plan.to_apply] == [DAILY_1, DAILY_2]

    assert _apply(state, plan.to_apply[0]) == []
    changed = state[key]  # same key: the file was replaced
    assert isinstance(changed, ArticleRecord) and changed is not d215
    assert (changed.state, changed.end, len(changed.versions)) == ("MODIFIE", "2012-11-11", 3)
    assert changed.article_key == d215.article_key and changed.canonical_id == d215.canonical_id
    assert _versions(changed) == [
        ("text", "2007-10-18", "2012-11-11"),
        ("text", "2012-11-11", "2014-05-30"),
        ("text", "2014-05-30", None),
        ("abrogation", "2014-10-03", None),
    ]
    assert len(state) == 9

    deleted = _apply(state, plan.to_apply[1])
    assert [(d.location.kind, d.location.dossier, d.location.file_id) for d in deleted] == [
        (MemberKind.TEXT_STRUCT, "code_en_vigueur", CMP),
        (MemberKind.TEXT_VERSION, "code_en_vigueur", CMP),
    ]
    assert [d.line for d in deleted] == [1, 2]
    cmp_keys = sorted(k for k in state if CMP in k)
    assert len(cmp_keys) == 2 and all("/code_non_vigueur/" in k for k in cmp_keys)
    assert len(state) == 9


def test_deletions_come_after_the_files_of_their_archive(dumps: Path) -> None:
    records = list(read_dump(dumps / "updates" / DAILY_2))
    assert [type(r).__name__ for r in records] == [
        "TextStructRecord", "TextVersionRecord", "DeletionRecord", "DeletionRecord",
    ]  # fmt: skip
    assert records[2].member.name == "20160402-213000/liste_suppression_legi.dat"


def test_applied_archives_are_not_applied_again_and_order_is_enforced(dumps: Path) -> None:
    base = dump_stamp(dumps / GLOBAL).stamp
    updates = dumps / "updates"
    assert plan_updates(updates, applied=["20141006-213000", "20160402-213000"], base=base).to_apply == ()
    plan = plan_updates(updates, applied=["20141006-213000"], base=base)
    assert [p.name for p in plan.to_apply] == [DAILY_2] and [p.name for p in plan.already_applied] == [
        DAILY_1
    ]
    with pytest.raises(UsageError, match="older than 20160402-213000, already applied"):
        plan_updates(updates, applied=["20160402-213000"], base=base)
    with pytest.raises(UsageError, match="already applied"):
        check_order(updates / DAILY_1, applied=["20141006-213000"], base=base)
    with pytest.raises(UsageError, match="out of order"):
        check_order(updates / DAILY_1, applied=["20160402-213000"], base=base)
    with pytest.raises(UsageError, match="older than the global archive"):
        check_order(updates / DAILY_1, applied=[], base="20150101-000000")
    with pytest.raises(UsageError, match="global archive, not a daily"):
        check_order(dumps / GLOBAL, applied=[], base=None)
    assert check_order(updates / DAILY_2, applied=["20141006-213000"], base=base).stamp == "20160402-213000"


def test_a_daily_archive_extracted_to_a_folder_reads_the_same(dumps: Path, tmp_path: Path) -> None:
    folder = write_folder(
        tmp_path / "20160402-213000", [(n.split("/", 1)[1], d) for n, d in _daily_2_members()]
    )
    from_tar = [
        (type(r).__name__, getattr(r, "key", None) or r.member.key)
        for r in read_dump(dumps / "updates" / DAILY_2)
    ]
    from_folder = [(type(r).__name__, getattr(r, "key", None) or r.member.key) for r in read_dump(folder)]
    assert from_tar == from_folder
    (tmp_path / "LEGI_20160403-213000").mkdir()  # an extracted archive named like the archive
    assert [p.name for p in daily_archives(tmp_path)] == ["20160402-213000", "LEGI_20160403-213000"]


def test_deletion_list_lines_that_name_no_dump_file_are_problems(tmp_path: Path) -> None:
    fx = fixtures()
    good = fx[D215_16].name().removesuffix(".xml")
    listing = f"{good}\r\n\nlegi/global/README\n../../etc/passwd\n".encode("ascii")
    path = write_tar(tmp_path / "LEGI_20240102-212418.tar.gz", [("liste_suppression_legi.dat", listing)])
    records = list(read_dump(path))
    assert isinstance(records[0], DeletionRecord) and records[0].key == good and records[0].line == 1
    problems = [r for r in records if isinstance(r, ProblemRecord)]
    assert [p.error.line for p in problems] == [3, 4]
    with pytest.raises(Exception, match="names no file of a LEGI dump"):
        list(read_dump(path, strict=True))


def test_deletions_follow_the_code_filter(dumps: Path) -> None:
    assert list(read_dump(dumps / "updates" / DAILY_2, codes=["code-de-la-consommation"])) == []
