"""Small readers shared by the LEGI file kinds: element text, dated links, CONTEXTE, the code a file names."""

from __future__ import annotations

from functools import lru_cache

from lxml import etree

from lextrack.codes import find_code, slugify
from lextrack.dates import iso_or_none as _iso_or_none
from lextrack.legi.records import CodeRef, ContextLevel, SectionChild, VersionRef

# The same few thousand dates recur in every file of a dump: checking each once is a tenth of read time.
iso_or_none = lru_cache(maxsize=65536)(_iso_or_none)


def text(el: etree._Element | None) -> str | None:
    """The element's text, whitespace runs made one space (titles carry `&#13;` and line breaks)."""
    if el is None:
        return None
    raw = el.text if len(el) == 0 else "".join(el.itertext())
    value = " ".join(raw.split()) if raw else ""
    return value or None


def child_text(el: etree._Element | None, path: str) -> str | None:
    return text(el.find(path)) if el is not None else None


def version_ref(lien: etree._Element) -> VersionRef:
    """A LIEN_ART or LIEN_TXT of a VERSION; a LIEN_TXT has no etat of its own, its VERSION has."""
    parent = lien.getparent()
    return VersionRef(
        legi_id=lien.get("id") or "",
        num=" ".join((lien.get("num") or "").split()) or None,
        state=lien.get("etat") or (parent.get("etat") if parent is not None else None) or None,
        start=iso_or_none(lien.get("debut")),
        end=iso_or_none(lien.get("fin")),
    )


def structure_child(el: etree._Element) -> SectionChild | None:
    """A LIEN_SECTION_TA or LIEN_ART of a STRUCTURE_TA / STRUCT; None for anything else."""
    if el.tag == "LIEN_SECTION_TA":
        kind = "section"
    elif el.tag == "LIEN_ART":
        kind = "article"
    else:
        return None
    niv = el.get("niv")
    return SectionChild(
        kind=kind,
        legi_id=el.get("id") or "",
        cid=el.get("cid") or None,
        num=" ".join((el.get("num") or "").split()) or None,
        title=text(el),
        state=el.get("etat") or None,
        start=iso_or_none(el.get("debut")),
        end=iso_or_none(el.get("fin")),
        level=int(niv) if niv and niv.isdigit() else None,
    )


def context(root: etree._Element) -> tuple[ContextLevel, ...]:
    """The TITRE_TM chain of CONTEXTE/TEXTE, outermost first (document order: each TM nests the next)."""
    texte = root.find("CONTEXTE/TEXTE")
    if texte is None:
        return ()
    out: list[ContextLevel] = []
    for titre in texte.iter("TITRE_TM"):
        title = text(titre)
        if title:
            get = titre.get
            start, end = iso_or_none(get("debut")), iso_or_none(get("fin"))
            out.append(ContextLevel(get("id") or None, title, start, end))
    return tuple(out)


def code_ref(root: etree._Element, path_cid: str | None) -> CodeRef:
    """The code a file belongs to: by the text id of its path, else what its CONTEXTE names.

    A code of lextrack's table (lextrack/data/codes.tsv) gets the table's slug and name; any other text (a
    TNC, a code missing from the table) the slug of its title, as lextrack's LEGI article reader gives it.
    """
    texte = root.find("CONTEXTE/TEXTE")
    cid = path_cid
    names: tuple[str, ...] = ()
    if texte is not None:
        cid = cid or texte.get("cid") or None
        for titre in texte.iterfind("TITRE_TXT"):
            names += tuple(n for n in (titre.get("c_titre_court"), text(titre), titre.get("id_txt")) if n)
    return _code_ref(cid, names)


@lru_cache(maxsize=4096)
def _code_ref(cid: str | None, names: tuple[str, ...]) -> CodeRef:
    """Cached: every file of a code names it the same way, and a name lookup slugs the name."""
    for candidate in (cid, *names):
        code = find_code(candidate) if candidate else None
        if code:
            return CodeRef(slug=code.slug, name=code.name, text_cid=cid or code.legitext)
    title = next(
        (n for n in names if slugify(n) and not n.upper().startswith(("LEGITEXT", "JORFTEXT"))), None
    )
    if title:
        return CodeRef(slug=slugify(title), name=title, text_cid=cid)
    return CodeRef(slug=slugify(cid or "") or "unknown", name=None, text_cid=cid)


def code_ref_from_id(cid: str | None, title: str | None = None) -> CodeRef | None:
    """The code of a text known by its id (and title): texte/struct and texte/version files. None for a
    texte/struct of a text lextrack's table lacks: only its texte/version names it (same cid)."""
    code = (find_code(cid) if cid else None) or (find_code(title) if title else None)
    if code:
        return CodeRef(slug=code.slug, name=code.name, text_cid=cid or code.legitext)
    if title and slugify(title):
        return CodeRef(slug=slugify(title), name=title, text_cid=cid)
    return None
