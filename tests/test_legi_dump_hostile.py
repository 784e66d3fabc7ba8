"""Hostile archives, each built in tmp_path: refused whole with ArchiveRefused naming archive and member,
before a single record is handed over, and nothing written to disk.

Every hostile archive starts with a real, harmless member (L633-12's file at its place) so that a reader
which yielded records before meeting the attack would be caught.
"""

from __future__ import annotations

import io
import os
import tarfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from legi_dump_build import MTIME, fixtures, write_folder

from lextrack.errors import ParseError
from lextrack.legi import ArchiveRefused, ArticleRecord, Limits, ProblemRecord, check_dump, read_dump

D215_16 = "LEGIARTI000006291810"


def _first() -> tuple[str, bytes]:
    fx = fixtures()["LEGIARTI000006743250"]
    return fx.name(), fx.data


def _info(name: str, size: int = 0, kind: bytes = tarfile.REGTYPE, linkname: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.type, info.linkname, info.mtime = size, kind, linkname, MTIME
    return info


def _archive(path: Path, hostile: Callable[[tarfile.TarFile], None], fmt: int = tarfile.GNU_FORMAT) -> Path:
    name, data = _first()
    with tarfile.open(path, "w:gz", format=fmt) as tar:
        tar.addfile(_info(name, len(data)), io.BytesIO(data))
        hostile(tar)
    return path


def _assert_refused(path: Path, member_part: str, problem: str) -> None:
    with pytest.raises(ArchiveRefused, match=problem) as caught:
        check_dump(path)
    assert caught.value.archive == str(path) and member_part in (caught.value.member or "")
    assert str(path) in str(caught.value)
    it = iter(read_dump(path))
    with pytest.raises(ArchiveRefused, match=problem):
        next(it)  # not one record before the refusal: nothing to write


def _regular(name: str, data: bytes) -> Callable[[tarfile.TarFile], None]:
    return lambda tar: tar.addfile(_info(name, len(data)), io.BytesIO(data))


def _d215_path() -> str:
    return fixtures()[D215_16].name()


XML_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE ARTICLE [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<ARTICLE><META><META_SPEC><META_ARTICLE><NUM>&d;</NUM></META_ARTICLE></META_SPEC></META></ARTICLE>
"""


@pytest.mark.parametrize(
    ("label", "hostile", "member_part", "problem"),
    [
        ("dotdot", _regular("legi/global/../../etc/cron.d/x.xml", b"<ARTICLE/>"), "../", r"'\.\.'"),
        ("absolute", _regular("/tmp/legi-absolute.xml", b"<ARTICLE/>"), "/tmp/legi-absolute.xml", "absolute"),
        (
            "symlink",
            lambda t: t.addfile(_info("legi/global/x.xml", kind=tarfile.SYMTYPE, linkname="/etc/passwd")),
            "legi/global/x.xml",
            "link",
        ),
        (
            "hardlink",
            lambda t: t.addfile(_info("legi/global/y.xml", kind=tarfile.LNKTYPE, linkname="/etc/shadow")),
            "legi/global/y.xml",
            "link",
        ),
        ("chardev", lambda t: t.addfile(_info("legi/global/null", kind=tarfile.CHRTYPE)), "null", "device"),
        ("blockdev", lambda t: t.addfile(_info("legi/global/sda", kind=tarfile.BLKTYPE)), "sda", "device"),
        ("fifo", lambda t: t.addfile(_info("legi/global/pipe", kind=tarfile.FIFOTYPE)), "pipe", "fifo"),
        ("xml-bomb", lambda t: _regular(_d215_path(), XML_BOMB)(t), D215_16, "DOCTYPE"),
        (
            "utf16",
            lambda t: _regular(_d215_path(), "<?xml version='1.0'?><ARTICLE/>".encode("utf-16"))(t),
            D215_16,
            "UTF-16",
        ),
    ],  # fmt: skip
)
def test_hostile_member_refused(label: str, hostile, member_part: str, problem: str, tmp_path: Path) -> None:
    path = _archive(tmp_path / f"{label}.tar.gz", hostile)
    _assert_refused(path, member_part, problem)
    assert not (tmp_path / "etc").exists() and not Path("/tmp/legi-absolute.xml").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # nothing extracted anywhere


class _Zeros(io.RawIOBase):
    """`size` zero bytes, made as they are read: a bomb is never held in memory, not even to build it."""

    def __init__(self, size: int) -> None:
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:  # noqa: ANN001
        n = min(len(buf), self.left)
        buf[:n] = bytes(n)
        self.left -= n
        return n


def test_member_far_larger_than_any_legi_file(tmp_path: Path) -> None:
    size = 33 * 1024 * 1024  # real LEGI files are kilobytes; the XML reader stops at 5 MB
    path = _archive(tmp_path / "big.tar.gz", lambda t: t.addfile(_info(_d215_path(), size), _Zeros(size)))
    assert path.stat().st_size < 128 * 1024
    _assert_refused(path, D215_16, "more than any real LEGI file")


def test_member_above_the_xml_limit_is_a_problem_not_an_attack(tmp_path: Path) -> None:
    """6 MB of text: larger than the XML reader takes (5 MB), not so large that it must be an attack."""
    size = 6 * 1024 * 1024
    path = _archive(tmp_path / "large.tar.gz", lambda t: t.addfile(_info(_d215_path(), size), _Zeros(size)))
    records = list(read_dump(path))
    assert isinstance(records[0], ArticleRecord)
    assert isinstance(records[1], ProblemRecord) and "larger than 5 MB" in str(records[1].error)


def test_gzip_bomb_with_the_default_limits(tmp_path: Path) -> None:
    """17 members of 4 MB of zeros (each under the member limit): 68 MB from ~70 kB, a ratio near 1 000."""
    each = 4 * 1024 * 1024

    def bomb(tar: tarfile.TarFile) -> None:
        for i in range(17):
            tar.addfile(_info(f"legi/global/filler-{i:02d}.bin", each), _Zeros(each))

    path = _archive(tmp_path / "bomb.tar.gz", bomb)
    assert path.stat().st_size < 200 * 1024
    _assert_refused(path, "filler-", "gzip bomb")


def test_gzip_bomb_of_a_single_gzip_stream_under_smaller_limits(tmp_path: Path) -> None:
    """Ratio bound relative to what was read so far: tripped early, with a low floor."""
    path = tmp_path / "bomb2.tar.gz"
    name, data = _first()
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as tar:
        tar.addfile(_info(name, len(data)), io.BytesIO(data))
        for i in range(8):
            tar.addfile(_info(f"legi/global/z{i}", 1024 * 1024), _Zeros(1024 * 1024))
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    path.write_bytes(comp.compress(raw.getvalue()) + comp.flush())
    limits = Limits(ratio_floor_bytes=1024 * 1024)
    with pytest.raises(ArchiveRefused, match="gzip bomb"):
        check_dump(path, limits)
    with pytest.raises(ArchiveRefused, match="gzip bomb"):
        list(read_dump(path, limits=limits))


@pytest.mark.parametrize("fmt", [tarfile.GNU_FORMAT, tarfile.PAX_FORMAT])
def test_huge_long_name_header_refused_before_it_is_read(fmt: int, tmp_path: Path) -> None:
    """GNU long names and pax headers are read whole by tarfile: one claiming 100 kB is refused unread."""
    long_name = "legi/global/" + "x" * 100_000 + ".xml"
    path = _archive(tmp_path / "longname.tar.gz", _regular(long_name, b"<ARTICLE/>"), fmt=fmt)
    _assert_refused(path, "", "extended tar header")


def test_a_real_archive_passes_the_same_checks(tmp_path: Path) -> None:
    path = _archive(tmp_path / "fine.tar.gz", _regular(_d215_path(), fixtures()[D215_16].data))
    stats = check_dump(path)
    assert stats.members == 2 and stats.read == 2
    assert [r.legi_id for r in read_dump(path) if isinstance(r, ArticleRecord)] == [
        "LEGIARTI000006743250",
        D215_16,
    ]


def test_without_the_first_pass_records_come_before_the_refusal(tmp_path: Path) -> None:
    """Why the first pass is the default: streaming alone hands over what precedes the attack."""
    path = _archive(tmp_path / "late.tar.gz", _regular(_d215_path(), XML_BOMB))
    it = iter(read_dump(path, precheck=False))
    assert isinstance(next(it), ArticleRecord)
    with pytest.raises(ArchiveRefused, match="DOCTYPE"):
        next(it)


# --- folders ------------------------------------------------------------------------------------------------


def _folder(tmp_path: Path) -> Path:
    return write_folder(tmp_path / "dump", [_first()])


def test_folder_with_a_symlink_refused(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    target = root / Path(_d215_path())
    target.parent.mkdir(parents=True, exist_ok=True)
    os.symlink("/etc/passwd", target)
    _assert_refused(root, D215_16, "link")


def test_folder_with_a_symlinked_folder_refused(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    os.symlink("/etc", root / "legi" / "etc")
    _assert_refused(root, "legi/etc", "link")


def test_folder_with_a_fifo_refused(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    os.mkfifo(root / "legi" / "pipe")
    _assert_refused(root, "pipe", "fifo")


def test_folder_with_a_hard_link_refused(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    outside = tmp_path / "secret.xml"
    outside.write_bytes(fixtures()[D215_16].data)
    target = root / Path(_d215_path())
    target.parent.mkdir(parents=True, exist_ok=True)
    os.link(outside, target)
    _assert_refused(root, D215_16, "hard link")


def test_folder_with_an_xml_bomb_refused(tmp_path: Path) -> None:
    root = write_folder(tmp_path / "dump", [_first(), (_d215_path(), XML_BOMB)])
    _assert_refused(root, D215_16, "DOCTYPE")


def test_refusal_is_a_parse_error_for_the_cli(tmp_path: Path) -> None:
    path = _archive(tmp_path / "abs.tar.gz", _regular("/etc/x.xml", b"<ARTICLE/>"))
    with pytest.raises(ParseError, match=r"archive refused: member '/etc/x.xml': absolute path"):
        check_dump(path)
