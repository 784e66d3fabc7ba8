"""The rules that make an archive hostile, and the error that refuses it.

An archive is refused whole, never repaired: a member that would land outside the folder it is read into
(`..`, an absolute path), a link (symbolic or hard), a device or a fifo, a member or a tar header far larger
than any real LEGI file, more bytes out of the gzip stream than any real archive gives for its size (a gzip
bomb), an XML member declaring a DTD or entities (an XML bomb: LEGI files never declare any). A member that is
merely malformed (bad XML, an article without a number) is not hostile: the reader reports it and goes on.
"""

from __future__ import annotations

import tarfile
from dataclasses import dataclass

from lextrack.errors import ParseError
from lextrack.parser.safe_xml import _DECLARATION


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds far above anything a real LEGI archive holds, far below what would hurt the machine."""

    # Real LEGI files are kilobytes (large annex tables reach hundreds of kB). Above the 5 MB the XML reader
    # accepts, a file is a ProblemRecord; far above it, an attack: refused with the archive.
    max_member_bytes: int = 32 * 1024 * 1024
    # GNU long names and pax headers: a real member's path is under 200 characters.
    max_header_bytes: int = 64 * 1024
    # Bytes out of the decompressor per byte into it. Real LEGI archives give 5 to 20 (XML, tar padding);
    # a gzip bomb gives up to 1 032.
    max_ratio: float = 200.0
    # The ratio is only judged beyond this many bytes out: a tiny archive's tar padding is all zeros.
    ratio_floor_bytes: int = 64 * 1024 * 1024


DEFAULT_LIMITS = Limits()


class ArchiveRefused(ParseError):
    """A hostile archive: nothing of it may be used. Names the archive and the member."""

    def __init__(self, archive: str, member: str | None, problem: str) -> None:
        self.archive = archive
        self.member = member
        what = f"member {member!r}: {problem}" if member is not None else problem
        super().__init__(f"archive refused: {what}", archive)


def check_name(name: str, archive: str) -> None:
    """Refuse a member path that could leave the folder it is read into."""
    if not name or "\x00" in name:
        raise ArchiveRefused(archive, name, "empty name or NUL byte in the name")
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        raise ArchiveRefused(archive, name, "absolute path")
    if "\\" in name:
        raise ArchiveRefused(archive, name, "backslash in the path")
    if ".." in name.split("/"):
        raise ArchiveRefused(archive, name, "path with '..'")


def check_member(info: tarfile.TarInfo, archive: str, limits: Limits) -> bool:
    """True for a regular file to read, False for a folder; refuses everything else and oversized files."""
    check_name(info.name, archive)
    if info.issym() or info.islnk():
        raise ArchiveRefused(archive, info.name, f"link to {info.linkname!r} (links are refused)")
    if info.ischr() or info.isblk() or info.isfifo():
        raise ArchiveRefused(archive, info.name, "device file or fifo")
    if info.isdir():
        return False
    if not info.isreg() or info.issparse():
        raise ArchiveRefused(archive, info.name, f"unsupported member type {info.type!r}")
    check_size(info.size, info.name, archive, limits)
    return True


def check_size(size: int, name: str, archive: str, limits: Limits) -> None:
    if size > limits.max_member_bytes:
        raise ArchiveRefused(
            archive, name, f"{size} bytes, more than any real LEGI file ({limits.max_member_bytes} at most)"
        )


def check_content(data: bytes, name: str, archive: str) -> None:
    """Refuse an XML bomb before any parser sees it: LEGI files are UTF-8 and declare no DTD or entity."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise ArchiveRefused(archive, name, "UTF-16 file (LEGI files are UTF-8)")
    m = _DECLARATION.search(data) if b"<!" in data else None  # a find is ten times cheaper than the regex
    if m:
        line = data.count(b"\n", 0, m.start()) + 1
        kind = m.group(1).decode("ascii").upper()
        raise ArchiveRefused(archive, name, f"line {line}: XML <!{kind}> declaration (an XML bomb?)")


class Budget:
    """Counts bytes out of the decompressor against bytes into it (the gzip-bomb rule)."""

    __slots__ = ("archive", "limits", "compressed")

    def __init__(self, archive: str, limits: Limits) -> None:
        self.archive = archive
        self.limits = limits
        self.compressed = 0

    def check(self, decompressed: int, member: str | None) -> None:
        if decompressed <= self.limits.ratio_floor_bytes:
            return
        if decompressed > self.limits.max_ratio * max(self.compressed, 1):
            raise ArchiveRefused(
                self.archive,
                member,
                f"{decompressed} bytes out of {self.compressed} compressed: more than "
                f"{self.limits.max_ratio:g} to 1 (a gzip bomb)",
            )


class CountingReader:
    """The archive file, counting the compressed bytes read from it into a Budget."""

    __slots__ = ("_raw", "_budget")

    def __init__(self, raw, budget: Budget) -> None:
        self._raw = raw
        self._budget = budget

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self._budget.compressed += len(data)
        return data


def guarded_tarinfo(archive: str, limits: Limits) -> type[tarfile.TarInfo]:
    """A TarInfo that refuses a GNU long name or pax header larger than any real one *before* tarfile reads
    it into memory (tarfile reads such a header whole, whatever size it claims)."""
    extended = {
        tarfile.GNUTYPE_LONGNAME,
        tarfile.GNUTYPE_LONGLINK,
        tarfile.XHDTYPE,
        tarfile.XGLTYPE,
        tarfile.SOLARIS_XHDTYPE,
        tarfile.GNUTYPE_SPARSE,
    }

    class GuardedTarInfo(tarfile.TarInfo):
        def _proc_member(self, tarfile_):  # noqa: ANN001 - tarfile's own hook
            if self.type in extended and self.size > limits.max_header_bytes:
                raise ArchiveRefused(
                    archive,
                    self.name,
                    f"extended tar header of {self.size} bytes (at most {limits.max_header_bytes})",
                )
            return super()._proc_member(tarfile_)

    return GuardedTarInfo
