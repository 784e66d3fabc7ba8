"""Where a file sits in a LEGI dump, and what that says about it: its kind, its text, code or TNC.

A dump lays every text out under `<fond>/<dossier>/LEGI/TEXT/<5 folders of 2 digits>/<text cid>/`, then
`article/LEGI/ARTI/…/LEGIARTI….xml`, `section_ta/LEGI/SCTA/…/LEGISCTA….xml`,
`texte/struct/LEGI/TEXT/…/LEGITEXT….xml` or `texte/version/LEGI/TEXT/…/LEGITEXT….xml`. The fond is
`code_et_TNC_en_vigueur` or `code_et_TNC_non_vigueur`; the dossier `code_en_vigueur`, `code_non_vigueur`,
`TNC_en_vigueur` or `TNC_non_vigueur`. What comes before the fond (`legi/global/`, a daily archive's
`<yyyymmdd-hhmmss>/legi/global/`) differs between archives and is dropped from the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

FONDS: tuple[str, ...] = ("code_et_TNC_en_vigueur", "code_et_TNC_non_vigueur")
DOSSIERS: tuple[str, ...] = ("code_en_vigueur", "code_non_vigueur", "TNC_en_vigueur", "TNC_non_vigueur")
DELETION_LIST = "liste_suppression_legi.dat"
KEY_PREFIX = "legi/global"  # what the key is written under, as the deletion lists write it

_TEXT_ID = re.compile(r"^(LEGI|JORF)TEXT\d{12}$")
# A LEGI file outside a dump's layout, named by its id alone (`LEGIARTI000006291810.xml`, as DILA names it)
# or after its kind (`section_ta_LEGISCTA000006083673.xml`, `texte_version_LEGITEXT000006069747.xml`)
_LOOSE_FILE = re.compile(r"(?:^|[/_])((?:LEGI|JORF)(?:ARTI|SCTA|TEXT)\d{12})\.xml$")
_FILE_ID = re.compile(r"^(LEGI|JORF)(ARTI|SCTA|TEXT)\d{12}$")


class MemberKind(StrEnum):
    ARTICLE = "article"  # article/…/LEGIARTI….xml: one version of one article
    SECTION = "section_ta"  # section_ta/…/LEGISCTA….xml: a section, its title and dated children
    TEXT_STRUCT = "texte_struct"  # texte/struct/…/LEGITEXT….xml: a text's versions and top sections
    TEXT_VERSION = "texte_version"  # texte/version/…/LEGITEXT….xml: a text's titles, nature and dates
    DELETIONS = "deletions"  # liste_suppression_legi.dat of a daily archive
    OTHER = "other"  # anything else: skipped


# The folder after the text cid, and the one after it for texte/, per kind; and the id prefix each holds.
_KIND_DIRS: dict[tuple[str, str | None], MemberKind] = {
    ("article", None): MemberKind.ARTICLE,
    ("section_ta", None): MemberKind.SECTION,
    ("texte", "struct"): MemberKind.TEXT_STRUCT,
    ("texte", "version"): MemberKind.TEXT_VERSION,
}
_ID_KIND: dict[MemberKind, str] = {
    MemberKind.ARTICLE: "ARTI",
    MemberKind.SECTION: "SCTA",
    MemberKind.TEXT_STRUCT: "TEXT",
    MemberKind.TEXT_VERSION: "TEXT",
}


@dataclass(frozen=True, slots=True)
class Location:
    """A dump path read: `key` names the file the same way in an archive, a folder and a deletion list."""

    kind: MemberKind
    key: str = ""  # "legi/global/<fond>/<dossier>/…/<id>", no extension: what a deletion list names
    fond: str | None = None
    dossier: str | None = None  # code_en_vigueur, code_non_vigueur, TNC_en_vigueur, TNC_non_vigueur
    text_cid: str | None = None  # LEGITEXT… (codes) or JORFTEXT… (some TNC)
    file_id: str | None = None  # LEGIARTI…, LEGISCTA…, LEGITEXT…

    @property
    def is_code(self) -> bool:
        return bool(self.dossier and self.dossier.startswith("code_"))

    @property
    def in_force_folder(self) -> bool:
        """True under code_en_vigueur / TNC_en_vigueur (the folder, not the article's own ETAT)."""
        return bool(self.dossier and self.dossier.endswith("_en_vigueur"))


OTHER = Location(MemberKind.OTHER)


def loose_file_id(name: str) -> str | None:
    """The LEGI id a file outside a dump's layout is named by, if it is named by one."""
    m = _LOOSE_FILE.search(name)
    return m.group(1) if m else None


def is_loose_structure(name: str) -> bool:
    """A LEGI section or text file outside a dump's layout (named by a LEGISCTA or LEGITEXT id): not an
    article, though `parse` and an ingest of article files walk past it."""
    file_id = loose_file_id(name)
    return file_id is not None and file_id[4:8] != _ID_KIND[MemberKind.ARTICLE]


def classify(name: str, *, strip_extension: bool = True) -> Location:
    """The Location of a member name (or of a deletion-list line, `strip_extension=False`): OTHER when the
    path is not one of the four kinds of a LEGI dump. Called once per member: kept to string operations."""
    if name.endswith(DELETION_LIST):
        head = name[: -len(DELETION_LIST)]
        if not head or head.endswith("/"):
            return Location(MemberKind.DELETIONS, key=name)
    if name.endswith(".xml"):
        name = name[:-4]
    elif strip_extension:
        return OTHER
    at = name.find("code_et_TNC_")
    if at < 0 or (at and name[at - 1] != "/"):
        return OTHER
    rest = name[at:].split("/")
    if "" in rest:
        rest = [p for p in rest if p]
    # fond, dossier, LEGI|JORF, TEXT, 5 buckets, cid, kind dir [, struct|version], …, id
    if len(rest) < 12 or rest[0] not in FONDS or rest[1] not in DOSSIERS:
        return OTHER
    cid = rest[9]
    if not _TEXT_ID.match(cid):
        return OTHER
    kind = _KIND_DIRS.get((rest[10], rest[11] if rest[10] == "texte" else None))
    file_id = rest[-1]
    m = _FILE_ID.match(file_id)
    if kind is None or m is None or m.group(2) != _ID_KIND[kind]:
        return OTHER
    return Location(kind, f"{KEY_PREFIX}/{'/'.join(rest)}", rest[0], rest[1], cid, file_id)


def buckets(legi_id: str) -> str:
    """LEGIARTI000006291810 -> "00/00/06/29/18": the five folders DILA files an id under."""
    digits = legi_id[-12:]
    return "/".join(digits[i : i + 2] for i in range(0, 10, 2))


def member_path(kind: MemberKind, dossier: str, text_cid: str, file_id: str) -> str:
    """The path DILA gives a file in a global archive (`legi/global/…/<id>.xml`)."""
    fond = "code_et_TNC_en_vigueur" if dossier.endswith("_en_vigueur") else "code_et_TNC_non_vigueur"
    base = text_cid[:4]  # LEGI or JORF
    text_dir = f"{KEY_PREFIX}/{fond}/{dossier}/{base}/TEXT/{buckets(text_cid)}/{text_cid}"
    sub = {
        MemberKind.ARTICLE: "article",
        MemberKind.SECTION: "section_ta",
        MemberKind.TEXT_STRUCT: "texte/struct",
        MemberKind.TEXT_VERSION: "texte/version",
    }[kind]
    return f"{text_dir}/{sub}/{file_id[:4]}/{file_id[4:8]}/{buckets(file_id)}/{file_id}.xml"
