"""Each kind of LEGI file -> its record: article versions, sections, text structures and versions, deletions.

Each reader gets the bytes of one member (already checked by lextrack.legi.guard) and parses them with the
hardened XML reader (lextrack.parser.safe_xml); malformed content is a ParseError naming the member.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from lextrack.errors import ParseError
from lextrack.legi.identity import article_key, by_date, latest_version
from lextrack.legi.layout import Location, MemberKind, classify
from lextrack.legi.records import (
    ArticleRecord,
    DeletionRecord,
    LegiLink,
    Member,
    SectionRecord,
    TextStructRecord,
    TextVersionRecord,
)
from lextrack.legi.xmlbits import (
    child_text,
    code_ref,
    code_ref_from_id,
    context,
    iso_or_none,
    structure_child,
    text,
    version_ref,
)
from lextrack.nums import normalise_num
from lextrack.parser.safe_xml import parse_xml

ROOTS: dict[MemberKind, str] = {
    MemberKind.ARTICLE: "ARTICLE",
    MemberKind.SECTION: "SECTION_TA",
    MemberKind.TEXT_STRUCT: "TEXTELR",
    MemberKind.TEXT_VERSION: "TEXTE_VERSION",
}
KIND_OF_ROOT: dict[str, MemberKind] = {root: kind for kind, root in ROOTS.items()}


def _root(data: bytes, member: Member, kind: MemberKind) -> etree._Element:
    root = parse_xml(data, member.path)
    if root.tag != ROOTS[kind]:
        raise ParseError(
            f"<{root.tag}> where a {kind} file holds <{ROOTS[kind]}>", member.path, root.sourceline
        )
    return root


def read_article(data: bytes, member: Member) -> ArticleRecord:
    root = _root(data, member, MemberKind.ARTICLE)
    meta = root.find("META/META_SPEC/META_ARTICLE")
    commun = root.find("META/META_COMMUN")
    legi_id = child_text(commun, "ID") or member.location.file_id
    if not legi_id:
        raise ParseError("no article id (META_COMMUN/ID)", member.path)
    label = child_text(meta, "NUM")
    if not label:
        raise ParseError("no article number (META_ARTICLE/NUM is missing or empty)", member.path)
    num = normalise_num(label, member.path)
    versions = by_date(version_ref(v) for v in root.iterfind("VERSIONS/VERSION/LIEN_ART"))
    latest = latest_version(versions)
    canonical = num
    if latest is not None and latest.legi_id != legi_id and latest.num:
        try:
            canonical = normalise_num(latest.num, member.path)
        except ParseError:
            canonical = num
    return ArticleRecord(
        member=member,
        legi_id=legi_id,
        num=num,
        state=child_text(meta, "ETAT"),
        start=iso_or_none(child_text(meta, "DATE_DEBUT")),
        end=iso_or_none(child_text(meta, "DATE_FIN")),
        code=code_ref(root, member.location.text_cid),
        versions=versions,
        article_key=article_key(versions, legi_id),
        canonical_num=canonical,
        context=context(root),
        old_id=child_text(commun, "ANCIEN_ID"),
        data=data,
    )


def read_section(data: bytes, member: Member) -> SectionRecord:
    root = _root(data, member, MemberKind.SECTION)
    legi_id = child_text(root, "ID") or member.location.file_id
    if not legi_id:
        raise ParseError("no section id (SECTION_TA/ID)", member.path)
    structure = root.find("STRUCTURE_TA")
    children = tuple(
        c for c in (structure_child(el) for el in (structure if structure is not None else ())) if c
    )
    return SectionRecord(
        member=member,
        legi_id=legi_id,
        title=child_text(root, "TITRE_TA"),
        comment=child_text(root, "COMMENTAIRE"),
        children=children,
        code=code_ref(root, member.location.text_cid),
        context=context(root),
    )


def _chronicle(root: etree._Element) -> tuple[etree._Element | None, etree._Element | None]:
    return root.find("META/META_COMMUN"), root.find("META/META_SPEC/META_TEXTE_CHRONICLE")


def _future(chronicle: etree._Element | None) -> tuple[str, ...]:
    if chronicle is None:
        return ()
    return tuple(d for d in (iso_or_none(text(v)) for v in chronicle.iterfind("VERSIONS_A_VENIR/*")) if d)


def read_text_struct(data: bytes, member: Member) -> TextStructRecord:
    root = _root(data, member, MemberKind.TEXT_STRUCT)
    commun, chronicle = _chronicle(root)
    legi_id = child_text(commun, "ID") or member.location.file_id
    if not legi_id:
        raise ParseError("no text id (META_COMMUN/ID)", member.path)
    cid = child_text(chronicle, "CID") or member.location.text_cid
    struct = root.find("STRUCT")
    return TextStructRecord(
        member=member,
        legi_id=legi_id,
        cid=cid,
        nature=child_text(commun, "NATURE"),
        code=code_ref_from_id(cid),
        versions=by_date(version_ref(v) for v in root.iterfind("VERSIONS/VERSION/LIEN_TXT")),
        sections=tuple(
            c for c in (structure_child(el) for el in (struct if struct is not None else ())) if c
        ),
        last_modified=iso_or_none(child_text(chronicle, "DERNIERE_MODIFICATION")),
        future_versions=_future(chronicle),
    )


def _link(lien: etree._Element) -> LegiLink:
    return LegiLink(
        type=lien.get("typelien") or None,
        direction=lien.get("sens") or None,
        legi_id=lien.get("id") or None,
        text_cid=lien.get("cidtexte") or None,
        nature=lien.get("naturetexte") or None,
        number=lien.get("numtexte") or None,
        date=iso_or_none(lien.get("datesignatexte")),
        article=lien.get("num") or None,
        label=text(lien),
    )


def read_text_version(data: bytes, member: Member) -> TextVersionRecord:
    root = _root(data, member, MemberKind.TEXT_VERSION)
    commun, chronicle = _chronicle(root)
    legi_id = child_text(commun, "ID") or member.location.file_id
    if not legi_id:
        raise ParseError("no text id (META_COMMUN/ID)", member.path)
    version = root.find("META/META_SPEC/META_TEXTE_VERSION")
    cid = child_text(chronicle, "CID") or member.location.text_cid
    title = child_text(version, "TITRE")
    return TextVersionRecord(
        member=member,
        legi_id=legi_id,
        cid=cid,
        nature=child_text(commun, "NATURE"),
        code=code_ref_from_id(cid, title),
        title=title,
        full_title=child_text(version, "TITREFULL"),
        state=child_text(version, "ETAT"),
        start=iso_or_none(child_text(version, "DATE_DEBUT")),
        end=iso_or_none(child_text(version, "DATE_FIN")),
        num=child_text(chronicle, "NUM"),
        nor=child_text(chronicle, "NOR"),
        date_publi=iso_or_none(child_text(chronicle, "DATE_PUBLI")),
        date_texte=iso_or_none(child_text(chronicle, "DATE_TEXTE")),
        last_modified=iso_or_none(child_text(chronicle, "DERNIERE_MODIFICATION")),
        future_versions=_future(chronicle),
        links=tuple(_link(lien) for lien in (version.iterfind("LIENS/LIEN") if version is not None else ())),
    )


READERS = {
    MemberKind.ARTICLE: read_article,
    MemberKind.SECTION: read_section,
    MemberKind.TEXT_STRUCT: read_text_struct,
    MemberKind.TEXT_VERSION: read_text_version,
}


def read_deletions(data: bytes, member: Member) -> Iterator[DeletionRecord | tuple[int, str]]:
    """Each line of a liste_suppression_legi.dat: a DeletionRecord, or (line, problem) for a line that names
    no file of a dump. The format (one path per line, relative to the archive's root, without `.xml`, as
    legi.py's tar2sqlite reads it) is DILA's; blank lines are skipped, `.xml` and `\\r` tolerated."""
    try:
        body = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseError(f"deletion list not UTF-8 (byte offset {exc.start})", member.path) from None
    for number, raw in enumerate(body.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        where: Location = classify(line, strip_extension=False)
        if where.kind in (MemberKind.OTHER, MemberKind.DELETIONS) or ".." in line.split("/"):
            yield number, f"line {number}: {line[:120]!r} names no file of a LEGI dump"
            continue
        yield DeletionRecord(member=member, line=number, location=where)
