"""What reading a dump yields: one typed record per file, in archive order.

Dates are ISO strings as LEGI gives them, except the open end 2999-01-01, which is None (as everywhere in
lextrack); 2222-02-22 ("date not fixed yet") is kept. States are LEGI's ETAT words (VIGUEUR, MODIFIE…);
lextrack.vocab.LEGI_STATES maps them to the store's.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from lextrack.errors import ParseError
from lextrack.legi.layout import Location

if TYPE_CHECKING:
    from lextrack.model import Article


@dataclass(frozen=True, slots=True)
class Member:
    """Where a record comes from: the archive (or folder, or file) and the member's path in it."""

    source: str  # the archive, folder or file given to the reader
    name: str  # the member's path as the archive writes it
    location: Location
    mtime: int | None = None

    @property
    def key(self) -> str:
        """The file's identity in the dump ("legi/global/<fond>/<dossier>/…/<id>"): what a later archive
        replaces and a deletion list removes. Empty for a file read alone, outside any dump layout."""
        return self.location.key

    @property
    def path(self) -> str:
        """A path naming the member in messages and as an Article's source: `<archive>/<member>`."""
        return self.name if self.name == self.source else f"{self.source}/{self.name}"


@dataclass(frozen=True, slots=True)
class CodeRef:
    """The code (or TNC) a file belongs to."""

    slug: str  # "code-de-la-consommation"; for a TNC, the slug of its title
    name: str | None  # "Code de la consommation"
    text_cid: str | None  # LEGITEXT…, JORFTEXT…


@dataclass(frozen=True, slots=True)
class VersionRef:
    """One LIEN_ART of an article's VERSIONS block, or one LIEN_TXT of a text's."""

    legi_id: str
    num: str | None
    state: str | None
    start: str | None
    end: str | None


@dataclass(frozen=True, slots=True)
class ContextLevel:
    """One TITRE_TM of a CONTEXTE: a section above the file, outermost first."""

    legi_id: str | None
    title: str
    start: str | None
    end: str | None


@dataclass(frozen=True, slots=True)
class SectionChild:
    """A LIEN_SECTION_TA (kind "section") or LIEN_ART (kind "article") of a section or a text's STRUCT."""

    kind: str  # "section" or "article"
    legi_id: str
    cid: str | None  # sections: the id shared by every version of that section
    num: str | None  # articles: the number as LEGI writes it
    title: str | None  # sections: the title
    state: str | None
    start: str | None
    end: str | None
    level: int | None  # sections: niv


@dataclass(frozen=True, slots=True)
class LegiLink:
    """A LIEN of a text's metadata (TXT_SOURCE…), attributes as LEGI gives them."""

    type: str | None
    direction: str | None  # sens: source / cible
    legi_id: str | None
    text_cid: str | None
    nature: str | None
    number: str | None  # numtexte
    date: str | None  # datesignatexte
    article: str | None  # num
    label: str | None


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """One version of one article (one LEGIARTI file).

    `article_key` and `canonical_id` are the article's identity across the LEGIARTI ids of its VERSIONS
    block (see lextrack.legi.identity); `num`, `state`, `start`, `end` and `context` are this version's own.
    """

    member: Member
    legi_id: str
    num: str  # this version's number, normalised (lextrack.nums.normalise_num)
    state: str | None
    start: str | None
    end: str | None
    code: CodeRef
    versions: tuple[VersionRef, ...]  # the VERSIONS block, by start date
    article_key: str  # the LEGIARTI id of the article's first version: the same in every file of the block
    canonical_num: str  # the number of the article's latest version (identity rule)
    context: tuple[ContextLevel, ...]  # the sections above this version, outermost first
    old_id: str | None = None
    data: bytes = field(default=b"", repr=False, compare=False)

    @property
    def canonical_id(self) -> str:
        return f"{self.code.slug}/{self.canonical_num}"

    @property
    def renumbered(self) -> bool:
        return self.num != self.canonical_num

    def article(self) -> Article:
        """The full article (clause tree, links, NOTA) through lextrack's LEGI reader, under the canonical id:
        `article().id == canonical_id`, while `article().title` keeps this version's own number."""
        return full_article(self.data, self.member.path, self.code, self.canonical_num)


def full_article(data: bytes, path: str, code: CodeRef, canonical_num: str) -> Article:
    """ArticleRecord.article() from plain values, for a worker process that gets a record's fields (pickling
    a record costs more than parsing its metadata again)."""
    from lextrack.codes import find_code
    from lextrack.parser import parse_text

    # a code of lextrack's table by its slug; any other text by its title, which slugs to code.slug
    known = find_code(code.slug) is not None
    parsed = parse_text(
        data, path=path, format="legi-xml", code=code.slug if known else (code.name or code.slug)
    )
    if parsed.num != canonical_num:
        parsed = replace(parsed, num=canonical_num)
    return parsed


@dataclass(frozen=True, slots=True)
class SectionRecord:
    """One version of one section (a LEGISCTA file): its title and its dated children."""

    member: Member
    legi_id: str
    title: str | None
    comment: str | None
    children: tuple[SectionChild, ...]  # in the file's order (sections and articles)
    code: CodeRef
    context: tuple[ContextLevel, ...]  # the sections above it, outermost first


@dataclass(frozen=True, slots=True)
class TextStructRecord:
    """A text's structure (texte/struct, TEXTELR): its versions and top-level sections."""

    member: Member
    legi_id: str
    cid: str | None
    nature: str | None  # CODE, LOI, DECRET…
    code: CodeRef | None  # by the text id (a code of lextrack's table); None otherwise
    versions: tuple[VersionRef, ...]
    sections: tuple[SectionChild, ...]  # the STRUCT's LIEN_SECTION_TA / LIEN_ART
    last_modified: str | None  # DERNIERE_MODIFICATION
    future_versions: tuple[str, ...]  # VERSIONS_A_VENIR


@dataclass(frozen=True, slots=True)
class TextVersionRecord:
    """A text's metadata (texte/version, TEXTE_VERSION): titles, nature, dates, state."""

    member: Member
    legi_id: str
    cid: str | None
    nature: str | None
    code: CodeRef | None  # by the text id (a code of lextrack's table), else the slug of its title
    title: str | None  # TITRE: "Code des marchés publics"
    full_title: str | None  # TITREFULL: "Code des marchés publics (édition 2006)"
    state: str | None
    start: str | None
    end: str | None
    num: str | None
    nor: str | None
    date_publi: str | None
    date_texte: str | None
    last_modified: str | None
    future_versions: tuple[str, ...]
    links: tuple[LegiLink, ...]


@dataclass(frozen=True, slots=True)
class DeletionRecord:
    """One line of a daily archive's liste_suppression_legi.dat: the file at `location.key` is gone."""

    member: Member  # the list itself
    line: int
    location: Location  # the file removed: its kind, dossier, text cid, id and key

    @property
    def key(self) -> str:
        return self.location.key


@dataclass(frozen=True, slots=True)
class ProblemRecord:
    """A member that is not hostile but cannot be read (malformed XML, no article number…)."""

    member: Member
    error: ParseError


DumpRecord = (
    ArticleRecord | SectionRecord | TextStructRecord | TextVersionRecord | DeletionRecord | ProblemRecord
)
