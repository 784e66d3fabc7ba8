"""Metadata relations of an article -> Link, whatever the source writes them as.

Three spellings of the same facts: Légifrance's "Liens relatifs à cet article" headings, LEGI's
<LIEN typelien sens>, and Tricoteuses' "TYPELIEN sens <a>label</a>" lists. Each label is parsed into a
LegalText (nature, number, dates, article) or a code article's canonical id.

LEGI direction (checked on real files, see corpus/README.md): a LIEN sits in an article's own XML with
`sens` telling which side the article is on. Noun types (CREATION, MODIFICATION…) with sens=source and
participle types (CREE, MODIFIE…) with sens=cible both read "this article was <done> by the target";
the other direction reads "this article <does> the target". CITATION sens=source is "Cite" (D215-16's
text cites exactly its two CITATION source targets; Code civil 1174 cites 1366, 1367, 1369, listed as
CITATION source), CITATION sens=cible is "Cité par". This is legi.py's pairing of typelien names.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterable

from lextrack.codes import find_code, strip_accents
from lextrack.dates import FRENCH_DATE, iso_or_none, parse_french_date
from lextrack.errors import ParseError
from lextrack.model import LegalText, Link, LinkKind
from lextrack.nums import normalise_num, num_from_slug
from lextrack.vocab import LEGI_LINK_KINDS, LEGI_LINK_PAIRS, NATURES, nature_of

K = LinkKind

LEGI_PAIRS = LEGI_LINK_PAIRS
LEGI_KINDS = LEGI_LINK_KINDS


# LEGI's words after a link's number: its type and state ("AUTONOME MODIFIE, en vigueur du …")
_LEGI_WORD = re.compile(r"^[A-Z_]{4,}$")


def _number_words(raw: str) -> str:
    """The article number at the head of a label's tail, as the article's own title writes it: "23 bis",
    "1649 quater-0 B bis", "Annexe II-9 (art. A212-136)"; not what follows ("AUTONOME MODIFIE, en …")."""
    kept = []
    for word in raw.split():
        if _LEGI_WORD.match(word):
            break
        kept.append(word.rstrip(","))
        if word.endswith(","):
            break
    return " ".join(kept)


def legi_link_kind(typelien: str | None, sens: str | None) -> LinkKind:
    """The kind of a LEGI LIEN as seen from the article that holds it."""
    return LEGI_KINDS.get(((typelien or "").upper(), (sens or "source").lower()), K.ASSOCIATED)


def flip_sens(sens: str | None) -> str:
    return "cible" if (sens or "source").lower() == "source" else "source"


# Légifrance headings of "Liens relatifs à cet article", accents and case ignored.
HEADING_KINDS: dict[str, LinkKind | None] = {
    "cree par": K.CREATED_BY,
    "modifie par": K.MODIFIED_BY,
    "abroge par": K.ABROGATED_BY,
    "codifie par": K.CODIFIED_BY,
    "transfere par": K.TRANSFERRED_BY,
    "ratifie par": K.RATIFIED_BY,
    "annule par": K.ANNULLED_BY,
    "disjoint par": K.DISJOINED_BY,
    "perime par": K.LAPSED_BY,
    "deplace par": K.MOVED_BY,
    "cite": K.CITES,
    "cite par": K.CITED_BY,
    "anciens textes": K.PREVIOUS_TEXT,
    "nouveaux textes": K.NEXT_TEXT,
    "textes concordants": K.CONCORDANCE,
    "concordance": K.CONCORDANCE,
    "liens": None,  # each item says its own type: "TRANSFERE: …"
}
# "Liens" items are prefixed with the LEGI type as Légifrance prints it on the article's page.
PREFIX_KINDS: dict[str, LinkKind] = {
    "TRANSFERE": K.TRANSFERRED_BY,
    "TRANSFERT": K.TRANSFERRED_BY,
    "ABROGE": K.ABROGATED_BY,
    "MODIFIE": K.MODIFIED_BY,
    "CREE": K.CREATED_BY,
    "CODIFIE": K.CODIFIED_BY,
    "RATIFIE": K.RATIFIED_BY,
    "ANNULE": K.ANNULLED_BY,
    "DISJOINT": K.DISJOINED_BY,
    "PERIME": K.LAPSED_BY,
    "DEPLACE": K.MOVED_BY,
    "CITATION": K.CITES,
    "CONCORDANCE": K.CONCORDANCE,
}


def _key(text: str) -> str:
    return " ".join(strip_accents(text).lower().replace("’", "'").split())


# --- labels -> LegalText / article id -----------------------------------------------------------------

_LOOSE_LETTERS = {"e": "[eéèêë]", "a": "[aàâä]", "i": "[iîï]", "o": "[oôö]", "u": "[uùûü]", "c": "[cç]"}


def _nature_re() -> re.Pattern[str]:
    """A label opening with a nature of text (vocab.NATURES, accents optional): "Décret", "ARRETE", "Loi
    organique". Not "code" (a code article's label is _CODE_ART's) nor abbreviations ("L.")."""
    words = sorted(
        {s for n in NATURES if n.name != "code" for s in n.spellings if not s.endswith(".")},
        key=len,
        reverse=True,
    )
    loose = ("".join(_LOOSE_LETTERS.get(c, "[- ]" if c in "- " else re.escape(c)) for c in w) for w in words)
    return re.compile(rf"^(?P<n>{'|'.join(loose)})\b", re.IGNORECASE)


_NATURE = _nature_re()
_CODE_ART = re.compile(
    r"^(?P<code>(?:code|livre des proc[ée]dures fiscales)\b.*?)\.?\s+-\s+art(?:\.|icle)\s*(?P<num>\S.*?)?$",
    re.IGNORECASE,
)
_MARKER = re.compile(r"\(([A-Z]{1,3})\)")
_EMPTY_PARENS = re.compile(r"\(\s*\)")
_NUMBER = re.compile(r"^\s*n\s*[°º]\s*(?P<num>\d[\w./-]*\w|\d)", re.IGNORECASE)
_BARE_NUMBER = re.compile(r"^\s*(?P<num>\d{1,4}-\d+[\w-]*|\d{2,4}/\d+(?:/\w+)?)\b(?!-\d\d\b)")
_ISO = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_ART_SEP = re.compile(r"\s+-\s+(?=art(?:\.|icle)\b)", re.IGNORECASE)
_ART_ABBR = re.compile(r"(?<![\w'’])art\.\s*", re.IGNORECASE)
_ART_VALUE = re.compile(r"^art(?:\.|icle)\s*", re.IGNORECASE)
_ART_STOP = re.compile(r"\s*(?:\(|\bJORF\b|\ben vigueur\b|$)", re.IGNORECASE)
_JORF = re.compile(
    r"\bJORF\s+(?:du\s+)?(?:n°\s*\d+\s+du\s+)?(?P<d>\d{4}-\d{2}-\d{2}|[^()]*?\d{4})", re.IGNORECASE
)
_IN_FORCE = re.compile(r"\ben vigueur (?:le|au|à compter du)\s+(?P<d>[^()]*?\d{4})", re.IGNORECASE)
# Tricoteuses appends the target's LEGI type and state: "… - article 1366 AUTONOME MODIFIE, en vigueur du …"
_TRICO_STATE = re.compile(
    r"\s+(?:(?:AUTONOME|ENTIEREMENT_MODIF|PARTIELLEMENT_MODIF|[A-Z]+_[A-Z_]+)\s+)?"
    r"(?P<state>VIGUEUR(?:_DIFF|_ETEN)?|ABROGE(?:_DIFF)?|MODIFIE(?:_MORT_NE)?|TRANSFERE|PERIME|ANNULE|"
    r"DISJOINT|MORT_NE|ENTIEREMENT_MODIF|PARTIELLEMENT_MODIF|AUTONOME)"
    r"(?P<range>,\s*en vigueur\b.*)?\s*$"
)


def _date_in(text: str) -> str | None:
    m = _ISO.search(text)
    french = FRENCH_DATE.search(text)
    if m and (not french or m.start() < french.start()):
        return iso_or_none(m.group(1))
    return parse_french_date(text) if french else None


_HEADING_WORDS = re.compile(
    r"^(?:cr[ée]{2}|modifi[ée]|abrog[ée]|codifi[ée]|transf[ée]r[ée]|ratifi[ée]|annul[ée]|disjoint|p[ée]rim[ée]|"
    r"d[ée]plac[ée])\s+par\s*:?\s*",
    re.IGNORECASE,
)


def parse_legal_text(label: str) -> LegalText | None:
    """The legal text a label names ("Loi n°2011-1906 du 21 décembre 2011 - art. 116"), or None.

    Accepts Légifrance labels, LEGI LIEN texts and the Title-Cased commit subjects of steeve's history.
    """
    return parse_target(label)[1]


def parse_target(label: str) -> tuple[str | None, LegalText | None, tuple[str, ...]]:
    """(target article id, legal text, markers) of a link label; never raises, unknown stays None."""
    label = _HEADING_WORDS.sub("", " ".join(label.split()), count=1)
    markers = tuple(_MARKER.findall(label))
    clean = _EMPTY_PARENS.sub(" ", _MARKER.sub(" ", label))
    clean = " ".join(clean.split())
    m = _CODE_ART.match(clean)
    if m:
        name = m.group("code").strip()
        code = find_code(name)
        raw_num = (m.group("num") or "").strip()
        article = None
        if raw_num:
            try:
                article = normalise_num(_number_words(raw_num))
            except ParseError:
                article = None
        text = LegalText(
            nature="code",
            title=code.name if code else name,
            article=article,
            legi_id=code.legitext if code else None,
        )
        target = f"{code.slug}/{article}" if code and article else None
        return target, text, markers
    m = _NATURE.match(clean)
    if not m:
        return None, None, markers
    found = nature_of(m.group("n"))
    nature = found.name if found else _key(m.group("n"))
    rest = clean[m.end() :]
    parts = _ART_SEP.split(rest)
    head, art_part = (" - ".join(parts[:-1]), parts[-1]) if len(parts) > 1 else (rest, None)
    if art_part is None:
        a = _ART_ABBR.search(head)
        if a:
            head, art_part = head[: a.start()], head[a.start() :]
    # the signature date and number sit before JORF / "en vigueur"
    cut = re.search(r"\bJORF\b|\ben vigueur\b", head, re.IGNORECASE)
    ident = head[: cut.start()] if cut else head
    number = None
    n = _NUMBER.match(ident)
    if n:
        number = n.group("num").rstrip(".,")
    else:
        b = _BARE_NUMBER.match(ident)
        if b and not _ISO.match(ident.strip()):
            number = b.group("num")
    sig_date = _date_in(ident)
    article = None
    if art_part is not None:
        value = _ART_VALUE.sub("", art_part.strip())
        stop = _ART_STOP.search(value)
        article = value[: stop.start()].strip(" ,.;") if stop else value.strip()
        article = article or None
    title = _title_after_identifier(ident)
    jorf = _JORF.search(clean)
    in_force = _IN_FORCE.search(clean)
    text = LegalText(
        nature=nature,
        number=number,
        date=sig_date,
        article=article,
        jorf_date=_date_in(jorf.group("d")) if jorf else None,
        in_force_date=_date_in(in_force.group("d")) if in_force else None,
        title=title,
    )
    return None, text, markers


_IDENT_HEAD = re.compile(
    r"^\s*(?:n\s*[°º]\s*\S+\s*)?(?:\d[\w/-]*\s+)?(?:du\s+)?(?:(?:1er|\d{1,2})\s+\S+\s+\d{4}|\d{4}-\d{2}-\d{2})?\s*",
    re.IGNORECASE,
)


def _title_after_identifier(ident: str) -> str | None:
    """ "portant réforme du droit des contrats" in "n° 2016-131 du 10 février 2016 portant réforme …"."""
    rest = _IDENT_HEAD.sub("", ident, count=1).strip(" ,.-")
    return rest or None


def make_link(
    kind: LinkKind,
    label: str,
    *,
    legi_type: str | None = None,
    direction: str | None = None,
    target_legi_id: str | None = None,
    state: str | None = None,
    date: str | None = None,
    span: tuple[int, int] | None = None,
    target_article: str | None = None,
) -> Link:
    label = " ".join(label.split())
    target, text, markers = parse_target(label)
    return Link(
        kind=kind,
        label=label,
        target_article=target_article or target,
        target_text=text,
        markers=markers,
        legi_type=legi_type,
        direction=direction,
        target_legi_id=target_legi_id,
        state=state,
        date=date,
        span=span,
    )


# --- Légifrance "Liens relatifs à cet article" blocks --------------------------------------------------

LIENS_TITLE = re.compile(
    r"^\s*(?:\*\*|__)?\s*Liens relatifs (?:à|a) cet article\s*(?:\*\*|__)?\s*:?\s*$", re.I
)
_HEADING = re.compile(r"^\s*(?:\*\*|__|\*|_)(?P<h>[^*_]+?)(?:\*\*|__|\*|_)\s*:?\s*$")
_ITEM = re.compile(r"^\s*[-*•]\s+(?P<label>\S.*)$")
_PREFIXED = re.compile(r"^(?P<type>[A-Z][A-Z_]{3,})\s*:\s*(?P<label>.+)$")


def find_liens_block(lines: list[str]) -> int | None:
    for i, line in enumerate(lines):
        if LIENS_TITLE.match(line):
            return i
    return None


def split_liens(lines: list[str]) -> tuple[list[str], list[Link]]:
    """The article's own lines, and the links of the "Liens relatifs à cet article" block that may end it."""
    j = find_liens_block(lines)
    if j is None:
        return lines, []
    return lines[:j], parse_liens_block(lines[j + 1 :])


def parse_liens_block(lines: Iterable[str]) -> list[Link]:
    """The headings and "- label" items that follow "**Liens relatifs à cet article**"."""
    items: list[tuple[str, list[str]]] = []  # (heading, pieces of the label)
    heading = ""
    for raw in lines:
        if not raw.strip() or LIENS_TITLE.match(raw):
            continue
        h = _HEADING.match(raw)
        if h:
            heading = h.group("h").strip().rstrip(":").strip()
            continue
        it = _ITEM.match(raw)
        if it:
            items.append((heading, [it.group("label")]))
        elif items:  # a label wrapped onto the next line (pieces joined once: no quadratic concatenation)
            items[-1][1].append(raw.strip())
    links = []
    for heading, pieces in items:
        label = html.unescape(" ".join(pieces))
        legi_type = None
        kind = HEADING_KINDS.get(_key(heading), K.ASSOCIATED)
        p = _PREFIXED.match(label.strip())
        if p:
            legi_type = p.group("type")
            label = p.group("label")
            if kind is None or _key(heading) == "liens":
                kind = PREFIX_KINDS.get(legi_type, K.ASSOCIATED)
        if kind is None:
            kind = K.ASSOCIATED
        links.append(make_link(kind, label, legi_type=legi_type))
    return links


# --- Tricoteuses <details> lists -----------------------------------------------------------------------

_LI = re.compile(r"<li>(?P<li>.*?)</li>", re.DOTALL | re.IGNORECASE)
_H2 = re.compile(r"<h2>(?P<h>.*?)</h2>", re.DOTALL | re.IGNORECASE)
_PRE = re.compile(
    r"^(?:(?P<date>\d{4}-\d{2}-\d{2})\s+)?(?P<type>[A-Z][A-Z_]+)\s+(?P<sens>source|cible)\s+(?P<rest>.*)$",
    re.S,
)
_POST = re.compile(r"^(?P<rest><a\b.*</a>)\s*(?P<type>[A-Z][A-Z_]+)\s+(?P<sens>source|cible)\s*$", re.S)
_A = re.compile(r"<a\b(?P<attrs>[^>]*)>(?P<label>.*?)</a>", re.S | re.IGNORECASE)
_HREF = re.compile(r"""href\s*=\s*["'](?P<href>[^"']*)["']""", re.IGNORECASE)
LEGI_ID = re.compile(r"\b((?:LEGI|JORF|KALI|CNIL)(?:ARTI|TEXT|SCTA|CONT)\d{12})\b")
_TAGS = re.compile(r"<[^>]*>")


def parse_tricoteuses_refs(details: str) -> list[Link]:
    """Both lists of a Tricoteuses "Références" block, each item seen from this article.

    "Références faites par l'article" are the article's own LIENS (sens from its side);
    "Articles faisant référence à l'article" are other articles' LIENS pointing here, so their sens is
    flipped before mapping (an ordonnance's "MODIFIE source" there means this article was modified).
    """
    links: list[Link] = []
    seen: dict[tuple[str, str], int] = {}
    heads = [(m.start(), _key(_TAGS.sub("", m.group("h")))) for m in _H2.finditer(details)]
    starts = [pos for pos, _ in heads]
    for m in _LI.finditer(details):
        # the last <h2> before the item (bisect: a page of many headings must not cost headings x items)
        before = bisect.bisect_left(starts, m.start())
        section = heads[before - 1][1] if before else ""
        incoming = "faisant reference" in section
        item = " ".join(m.group("li").split())
        mm = _PRE.match(item) or _POST.match(item)
        if not mm:
            continue
        typelien, sens, rest = mm.group("type"), mm.group("sens"), mm.group("rest")
        date = iso_or_none(mm.groupdict().get("date"))
        a = _A.search(rest)
        legi_id = None
        if a:
            href = _HREF.search(a.group("attrs"))
            ids = LEGI_ID.findall(href.group("href")) if href else []
            legi_id = ids[0] if ids else None
            label = a.group("label")
        else:
            label = rest
        label = html.unescape(_TAGS.sub("", label)).strip()
        state = None
        st = _TRICO_STATE.search(label)
        if st:
            state = st.group("state")
            label = label[: st.start()].strip()
        kind = legi_link_kind(typelien, flip_sens(sens) if incoming else sens)
        link = make_link(
            kind,
            label,
            legi_type=typelien,
            direction=sens if not incoming else flip_sens(sens),
            target_legi_id=legi_id,
            state=state,
            date=date,
        )
        key = (str(kind), legi_id or link.label)
        if key in seen:
            old = links[seen[key]]
            if old.date is None and link.date is not None:
                links[seen[key]] = link
            continue
        seen[key] = len(links)
        links.append(link)
    return links


# --- HTML anchors of the body --------------------------------------------------------------------------


def anchor_target(href: str | None, title: str | None) -> str | None:
    """Canonical id of an etalab-style anchor: code from the href's first folder, number from the title."""
    code = None
    num = None
    if href:
        path = href.split("?")[0].split("#")[0]
        parts = [p for p in path.split("/") if p]
        if parts:
            for part in parts[:-1]:
                code = find_code(part)
                if code:
                    break
            stem = parts[-1].rsplit(".", 1)[0]
            try:
                num = normalise_num(num_from_slug(stem))
            except ParseError:
                num = None
    if title:
        target, text, _ = parse_target(title)
        if text is not None and text.nature == "code":
            if code is None and text.title:
                code = find_code(text.title)
            if text.article:
                num = text.article
    if code and num:
        return f"{code.slug}/{num}"
    return None
