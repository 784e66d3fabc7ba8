"""Small LEGI dumps for the tests, built from real files laid out as DILA lays them out.

tests/fixtures/legi-dump/layout.tsv says where each fixture file sits in a dump (kind, dossier, text id, file
id); the bytes are the real files', never edited here.
"""

from __future__ import annotations

import csv
import io
import tarfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lextrack.legi import MemberKind, member_path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
DUMP = FIXTURES / "legi-dump"
MTIME = 1_700_000_000


@dataclass(frozen=True)
class Fixture:
    file: Path
    kind: MemberKind
    dossier: str
    text_cid: str
    file_id: str

    def name(self, dossier: str | None = None, prefix: str = "") -> str:
        return prefix + member_path(self.kind, dossier or self.dossier, self.text_cid, self.file_id)

    @property
    def data(self) -> bytes:
        return self.file.read_bytes()


def fixtures() -> dict[str, Fixture]:
    """By file id; the one file id that has two files (texte/struct and texte/version) by `id:kind`."""
    out: dict[str, Fixture] = {}
    with (DUMP / "layout.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            fx = Fixture(FIXTURES / row["file"], MemberKind(row["kind"]), row["dossier"], row["text_cid"],
                         row["file_id"])  # fmt: skip
            key = fx.file_id if fx.file_id not in out else f"{fx.file_id}:{fx.kind.value}"
            out[key] = fx
    return out


def write_tar(
    path: Path, members: Iterable[tuple[str, bytes]], *, gz: bool = True, fmt: int = tarfile.GNU_FORMAT
) -> Path:
    with tarfile.open(path, "w:gz" if gz else "w", format=fmt) as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = MTIME
            tar.addfile(info, io.BytesIO(data))
    return path


def write_folder(root: Path, members: Iterable[tuple[str, bytes]]) -> Path:
    for name, data in members:
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root


def global_members(prefix: str = "") -> list[tuple[str, bytes]]:
    """Every fixture at its place, as a global archive holds them."""
    return [(fx.name(prefix=prefix), fx.data) for fx in fixtures().values()]
