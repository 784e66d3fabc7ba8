"""LEGI XML article files as DILA publishes them (ARTICLE / META / CONTEXTE / VERSIONS / BLOC_TEXTUEL / NOTA /
LIENS), read with the hardened parser of lextrack.parser.safe_xml."""

from __future__ import annotations

from lxml import etree

from lextrack.dates import iso_or_none
from lextrack.errors import ParseError
from lextrack.parser.draft import Draft
from lextrack.parser.hierarchy import level_of
from lextrack.parser.htmlbody import read_body
from lextrack.parser.links import legi_link_kind, make_link
from lextrack.parser.safe_xml import parse_xml
from lextrack.vocab import nature_from_legi

NAME = "legi-xml"


def _text(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    value = " ".join("".join(el.itertext()).split())
    return value or None


def _inner(el: etree._Element | None) -> str:
    """The markup inside an element (CONTENU holds HTML: <br/>, <p>, <table>…)."""
    if el is None:
        return ""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            parts.append(etree.tostring(child, encoding="unicode", with_tail=True))
        else:
            parts.append(child.tail or "")
    return "".join(parts)


def _link_label(lien: etree._Element) -> str:
    label = _text(lien)
    if label:
        return label
    # An empty LIEN: rebuild a Légifrance-like label from its attributes.
    known = nature_from_legi(lien.get("naturetexte"))
    nature = known.title if known else (lien.get("naturetexte") or "").title()
    bits = [nature]
    if lien.get("numtexte"):
        bits.append(f"n°{lien.get('numtexte')}")
    if iso_or_none(lien.get("datesignatexte")):
        bits.append(lien.get("datesignatexte") or "")
    label = " ".join(b for b in bits if b)
    if lien.get("num"):
        label += f" - art. {lien.get('num')}"
    return label


def read(data: str | bytes, path: str) -> Draft:
    root = parse_xml(data, path)
    if root.tag != "ARTICLE":
        raise ParseError(
            f"not a LEGI article: root element <{root.tag}>, expected <ARTICLE>", path, root.sourceline
        )
    meta = root.find("META/META_SPEC/META_ARTICLE")
    num = _text(meta.find("NUM")) if meta is not None else None
    if not num:
        raise ParseError("no article number (META_ARTICLE/NUM is missing or empty)", path, root.sourceline)
    commun = root.find("META/META_COMMUN")
    code_names: list[str] = []
    hierarchy: list[tuple[str, str]] = []
    texte = root.find("CONTEXTE/TEXTE")
    if texte is not None:
        for titre in texte.findall("TITRE_TXT"):
            for value in (titre.get("c_titre_court"), _text(titre), titre.get("id_txt")):
                if value:
                    code_names.append(value)
        if texte.get("cid"):
            code_names.append(texte.get("cid") or "")
        tm = texte.find("TM")
        while tm is not None:
            title = _text(tm.find("TITRE_TM"))
            if title:
                hierarchy.append((level_of(title) or "division", title))
            tm = tm.find("TM")
    versions = []
    for lien_art in root.findall("VERSIONS/VERSION/LIEN_ART"):
        versions.append(
            {
                k: v
                for k, v in (
                    ("id", lien_art.get("id")),
                    ("num", lien_art.get("num")),
                    ("etat", lien_art.get("etat")),
                    ("debut", lien_art.get("debut")),
                    ("fin", lien_art.get("fin")),
                )
                if v
            }
        )
    versions.sort(key=lambda v: (v.get("debut", ""), v.get("fin", "")))
    contenu = root.find("BLOC_TEXTUEL/CONTENU")
    body = _inner(contenu)
    line = contenu.sourceline if contenu is not None else 1
    blocks, anchors, inline_nota, _ = read_body(body, path=path, first_line=line or 1, markdown=False)
    nota_el = root.find("NOTA/CONTENU")
    nota = None
    if nota_el is not None:
        nota_blocks, _, nota_in_nota, _ = read_body(_inner(nota_el), path=path, markdown=False)
        parts = [b if isinstance(b, str) else "\n".join("\t".join(r) for r in b) for b in nota_blocks]
        if nota_in_nota:
            parts.append(nota_in_nota)
        nota = "\n\n".join(p for p in parts if p) or None
    if inline_nota:
        nota = f"{nota}\n\n{inline_nota}" if nota else inline_nota
    links = []
    for lien in root.findall("LIENS/LIEN"):
        typelien, sens = lien.get("typelien"), lien.get("sens")
        link = make_link(
            legi_link_kind(typelien, sens),
            _link_label(lien),
            legi_type=typelien,
            direction=sens,
            target_legi_id=lien.get("id") or lien.get("cidtexte") or None,
        )
        links.append(_with_attributes(link, lien))
    return Draft(
        num_label=num,
        title=f"Article {num}",
        title_line=meta.find("NUM").sourceline if meta is not None else None,
        blocks=blocks,
        anchors=anchors,
        links=links,
        nota=nota,
        code_names=code_names,
        hierarchy=hierarchy,
        state=_text(meta.find("ETAT")) if meta is not None else None,
        start=iso_or_none(_text(meta.find("DATE_DEBUT")) if meta is not None else None),
        end=iso_or_none(_text(meta.find("DATE_FIN")) if meta is not None else None),
        legi_id=_text(commun.find("ID")) if commun is not None else None,
        old_id=_text(commun.find("ANCIEN_ID")) if commun is not None else None,
        versions=versions,
        html=body.strip() or None,
    )


def _with_attributes(link, lien: etree._Element):
    """The LIEN's attributes are more reliable than its label: they win where they are given."""
    from dataclasses import replace

    from lextrack.codes import find_code
    from lextrack.model import LegalText
    from lextrack.nums import normalise_num

    known = nature_from_legi(lien.get("naturetexte"))
    nature = known.name if known else (link.target_text.nature if link.target_text else None)
    if not nature:
        return link
    old = link.target_text or LegalText(nature=nature)
    article = lien.get("num") or old.article
    target_article = link.target_article
    title = old.title
    legi_text = lien.get("cidtexte") or old.legi_id
    if nature == "code":
        code = find_code(lien.get("cidtexte") or "") or (find_code(old.title) if old.title else None)
        if code:
            title = code.name
            legi_text = code.legitext or legi_text
            if article:
                try:
                    target_article = f"{code.slug}/{normalise_num(article)}"
                except ParseError:
                    target_article = None
    text = replace(
        old,
        nature=nature,
        number=lien.get("numtexte") or old.number,
        date=iso_or_none(lien.get("datesignatexte")) or old.date,
        article=article,
        title=title,
        legi_id=legi_text,
    )
    return replace(link, target_text=text, target_article=target_article)
