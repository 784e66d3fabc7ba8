"""The scanner: trigger words found by one regex, citations read forward from each trigger.

Grammar, informally:
    [pinpoint chain (de l'|du)] article(s) GROUP [(,|et) GROUP]*
    GROUP = ITEM ((,|et|ou) ITEM)* [qualifier]      qualifier = code | présent/même code | legal text
    ITEM  = NUM [à NUM | et suivants]
A qualifier binds to the numbers of its own group only, so "L. 200-2 du présent code et L. 721-1 du
code rural" gives each number its own code.

The scanner resolves nothing: it says what is written (lextrack.citations.found). Which code "du même
code" means, or whether a bare number is the citing code's, is the resolver's to decide, walking the
citations of a whole article in order.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from lextrack.citations import patterns as P
from lextrack.citations.codes import (
    ANNEX_NOTE,
    ANNEX_SAME,
    annex_code,
    resolve_code,
    unlisted_code,
)
from lextrack.citations.found import Found, Kind, Qual
from lextrack.citations.numbers import item_prefix, normalise_num
from lextrack.citations.pinpoints import pinpoint
from lextrack.citations.texts import legal_text, named_text, nature_name, with_article
from lextrack.dates import parse_french_date
from lextrack.model import LegalText

_PIN_WINDOW = 160
_HYPHENS = re.compile(P.HYPHEN)
_NEW_WINDOW = 100
_CODE_BEFORE_WINDOW = 90
# Groups read ahead for the code of a list: Code de procédure civile 1213 has eight before "du code civil".
_SHARED_HOPS = 12


@dataclass(slots=True)
class _Item:
    start: int
    end: int
    num: str
    to: str | None = None
    suivants: bool = False
    pin: str | None = None  # "D. 241-21-2°": the item carries its own pinpoint
    sep: str = ""  # the words before it in the list (", ", " et ", " ou ")


@dataclass(slots=True)
class _Qual:
    end: int
    qual: Qual
    code: str | None = None
    text: LegalText | None = None
    nature: str | None = None
    drop: bool = False  # articles of a text we cannot identify ("de la loi de finances", "du statut")
    explicit: bool = False  # a code was written: a further group may follow ("… et L. 721-1 du code rural")
    resume: int | None = None  # read past an editorial note: the scan goes on inside it


class _Scan:
    """One text's scan: where it sits in the article (offset, clause) and what it found so far."""

    __slots__ = ("text", "offset", "clause", "out", "floor")

    def __init__(self, text: str, offset: int, clause: str | None) -> None:
        self.text = text
        self.offset = offset
        self.clause = clause
        self.out: list[Found] = []
        self.floor = 0  # where the last citation ended: no pinpoint reaches back into it

    def add(self, kind: Kind, start: int, end: int, **fields: object) -> None:
        off = self.offset
        self.out.append(
            Found(kind, start + off, end + off, self.text[start:end], clause=self.clause, **fields)
        )


def scan(
    text: str, candidates: list[int] | None = None, *, offset: int = 0, clause: str | None = None
) -> list[Found]:
    """Citations written in text, in order; candidates: where triggers may start, when the caller found
    them already. offset: where text starts in the text spans refer to (a clause in its article)."""
    s = _Scan(text, offset, clause)
    consumed = 0
    for start in _candidates(text) if candidates is None else candidates:
        if start < consumed:
            continue
        m = P.TRIGGER_RE.match(text, start)
        if m is None:
            continue
        s.floor = consumed
        if m.group("art"):
            end = _article(s, m)
        elif m.group("txt"):
            end = _text(s, m)
        elif m.group("pres"):
            end = _present(s, m)
        elif m.group("meme"):
            end = _same_article(s, m)
        elif m.group("code"):
            end = _code_named(s, m)
        else:
            end = _named(s, m)
        if end:
            consumed = end
    return s.out


def _candidates(text: str) -> list[int]:
    """Where a trigger word may start, from fast literal searches; sorted, without repeats.

    Articles are short, so a regex iterator per literal costs more than the search itself: str.find
    walks the text once per literal (see literal_hits).
    """
    return clause_candidates(literal_hits(text), 0, len(text))


def literal_hits(text: str) -> tuple[list[int], list[int]]:
    """Every trigger literal in text as (start of the trigger word, end of the literal), sorted by start.

    An article's clauses are slices of its text: searching the whole text once and handing each clause
    the hits inside it (clause_candidates) replaces one search per literal per clause.
    """
    hits: list[tuple[int, int]] = []
    find = text.find
    for lit, back, size, rare in P.TRIGGER_SEARCHES:
        if rare is not None and rare not in text:
            continue
        i = find(lit)
        while i >= 0:
            hits.append((i - back, i + size))
            i = find(lit, i + 1)
    hits.sort()
    return [h[0] for h in hits], [h[1] for h in hits]


def clause_candidates(hits: tuple[list[int], list[int]], start: int, end: int) -> list[int]:
    """What _candidates gives for text[start:end], from literal_hits(text): the literals wholly inside
    the slice whose trigger word starts inside it, relative to start."""
    starts, ends = hits
    lo = bisect_left(starts, start)
    hi = bisect_left(starts, end, lo)
    if lo == hi:  # most clauses: no trigger inside
        return []
    found = {starts[k] - start for k in range(lo, hi) if ends[k] <= end}
    return sorted(found)


def _chain_before(text: str, pos: int, floor: int = 0) -> re.Match[str] | None:
    """The pinpoint chain written just before "article" at pos ("au 2° du I de l'"), not reaching back
    before floor (the end of the citation before: "l'article 19, paragraphe 1 ou 2, de l'article 20")."""
    if pos <= floor:
        return None
    lo = max(floor, pos - 24)
    # Most windows ("à l'", "les ", "aux ") end no chain: the reversed test turns them away in one try.
    if P.PIN_END_REVERSED_RE.match(text[lo:pos][::-1]) is None or P.PIN_END_RE.search(text, lo, pos) is None:
        return None
    return P.PIN_BEFORE_RE.search(text, max(floor, pos - _PIN_WINDOW), pos)


def _is_new(text: str, pos: int) -> bool:
    """Do the words before "article" at pos create or renumber it ("il est inséré un article")?"""
    w = text[max(0, pos - _NEW_WINDOW) : pos]
    # The word before "article" is a determiner (or "nouvel"), and not the usual "de l'"/"à l'": most
    # triggers stop here, before the hints are looked for.
    if not w.endswith(P.NEW_LAST_WORDS) or w.endswith(P.NOT_NEW_LAST_WORDS):
        return False
    # One `in` per hint (see P.NEW_HINTS), spelt out: a generator over them would cost more than the scan.
    if not (
        "insér" in w or "ajout" in w or "rétabli" in w or "créé" in w or "introdui" in w or "complét" in w
        or "devien" in w or "devenu" in w or "renumérot" in w or "nouve" in w
    ):  # fmt: skip
        return False
    return P.NEW_BEFORE_RE.search(w) is not None


def _sentence_start(text: str, pos: int, offset: int) -> int:
    last = 0
    for m in P.SENTENCE_END_RE.finditer(text, 0, pos):
        last = m.end()
    return last + offset


def _skip_ws(text: str, pos: int) -> int:
    n = len(text)
    while pos < n and text[pos].isspace():
        pos += 1
    return pos


def _read_item(text: str, pos: int, need_prefix: bool | None) -> tuple[_Item, bool] | None:
    """One number (or range) at pos; need_prefix: the list's first item had a letter prefix."""
    pos = _skip_ws(text, pos)
    m = P.ITEM_RE.match(text, pos)
    if m is None:
        w = P.WORD_NUM_RE.match(text, pos)
        if w is None or need_prefix:
            return None
        return _Item(w.start(), w.end(), "1"), False
    has_prefix = m.group("pfx") is not None
    if need_prefix is not None and has_prefix != need_prefix:
        return None
    num = normalise_num(m)
    item = _Item(m.start(), m.end(), num, pin=m.group("dashpin") or _dash_pin(m))
    r = P.RANGE_RE.match(text, m.end())
    if r:
        m2 = P.ITEM_RE.match(text, r.end())
        if m2 and (m2.group("pfx") is not None) == has_prefix or (m2 and not m2.group("pfx")):
            item.to = normalise_num(m2, item_prefix(num) if not m2.group("pfx") else "")
            item.end = m2.end()
    if item.to is None:
        s = P.SUIVANTS_RE.match(text, item.end)
        if s:
            item.suivants = True
            item.end = s.end()
    return item, has_prefix


def _read_group(text: str, pos: int, first_needs: bool | None) -> tuple[list[_Item], int, bool]:
    items: list[_Item] = []
    got = _read_item(text, pos, first_needs)
    if got is None:
        return items, pos, False
    item, has_prefix = got
    items.append(item)
    pos = item.end
    while True:
        mid = _mid_pin(text, pos)
        sep = P.SEP_RE.match(text, mid[1] if mid else pos)
        if not sep:
            break
        nxt = _read_item(text, sep.end(), has_prefix)
        if nxt is None:
            break
        if mid:  # the last number's pinpoint is the caller's to read (it may precede the list's code)
            last = items[-1]
            last.pin = f"{last.pin}.{mid[0]}" if last.pin else mid[0]
        nxt[0].sep = sep.group(0)
        items.append(nxt[0])
        pos = nxt[0].end
    return items, pos, has_prefix


def _mid_pin(text: str, pos: int) -> tuple[str, int] | None:
    """A pinpoint after a number inside a list, and where it ends: "222-12 (1° à 14°), 222-13", "433-3,
    premier et deuxième alinéas, 433-5" (Code de procédure pénale 398-1)."""
    if text.startswith(" (", pos) or text.startswith("(", pos):
        paren = P.PAREN_PIN_RE.match(text, pos)
        return (pinpoint(paren.group("par")), paren.end()) if paren else None
    post = _post_pin(text, pos)
    if post is None or post.group("point"):
        return None
    return pinpoint(post.group("par")), post.end()


_ROMAN_ANNEX = {"1": "I", "2": "II", "3": "III", "4": "IV"}  # "l'annexe 2 au code général des impôts"


def _qualifier(text: str, pos: int) -> _Qual | None:
    if P.QUAL_START_RE.match(text, pos) is None:
        return None
    q = P.PRESENT_CODE_RE.match(text, pos)
    if q:
        said = q.group(0)
        if "présent" in said.lower():
            return _Qual(q.end(), Qual.PRESENT, explicit=True)
        if said.endswith(("code", "Code")):  # "dudit code civil" (CCH R*261-8): the code it names
            named = P.code_alone_re().match(text, q.end() - 4)
            if named is not None and named.group("name") and named.end() > q.end():
                return _Qual(named.end(), Qual.CODE, code=resolve_code(named.group("name")), explicit=True)
        return _Qual(q.end(), Qual.PRECITED if q.group("precite") else Qual.SAME, explicit=True)
    q = P.CGI_ANNEX_RE.match(text, pos)
    if q:
        annex = _ROMAN_ANNEX.get(q.group("annex"), q.group("annex"))
        which = (q.group("which") or q.group("said") or q.group("precited") or "").lower()
        if q.group("bare") is None and not which:
            code = annex_code("code-general-des-impots", annex)
        else:  # whose annex: the resolver knows the citing code and the code named before
            code = (ANNEX_NOTE if which == "présent" else ANNEX_SAME) + annex.lower()
        return _Qual(q.end(), Qual.CODE, code=code, explicit=True)
    q = P.code_name_re().match(text, pos)
    if q is None:
        div = P.DIVISIONS_RE.match(text, pos)
        if div:
            q = P.code_name_re().match(text, div.end())
    if q:
        return _Qual(q.end(), Qual.CODE, code=_named_code(q), explicit=True)
    q = P.SAME_TEXT_RE.match(text, pos)
    if q:
        if q.group("n9"):  # "de la présente loi": no text we can name
            return _Qual(q.end(), Qual.SAME_TEXT, drop=True)
        word = next(g for g in q.groups() if g)
        return _Qual(q.end(), Qual.SAME_TEXT, nature=nature_name(word))
    q = P.FOREIGN_RE.match(text, pos)
    if q:
        named = P.NAMED_TEXT_RE.match(text, pos)  # the Constitution, a treaty, a dated convention
        lt = named_text(named) if named else None
        if named and lt is not None:
            return _Qual(named.end(), Qual.TEXT, text=lt)
        return _Qual(q.end(), Qual.NONE, drop=True)
    q = P.OF_TEXT_RE.match(text, pos)
    if q is None:
        div = P.DIVISIONS_RE.match(text, pos)
        if div:
            q = P.OF_TEXT_RE.match(text, div.end())
    if q:
        t = P.TEXT_RE.match(text, q.end())
        if t:
            lt = legal_text(t)
            if lt is None and text.startswith("s", t.end("nature")):
                return None  # "de l'article L. 242-5, des décrets fixent …": no text, the sentence goes on
            return _Qual(t.end(), Qual.TEXT, text=lt, drop=lt is None)
    return None


def _qualifier_after(text: str, pos: int) -> _Qual | None:
    """The qualifier at pos, or after annexes named between the numbers and it ("… 44 et les annexes I à
    XV du règlement …")."""
    q = _qualifier(text, pos)
    if q is not None:
        return q
    if text.startswith(" modifi", pos):  # "l'article 192 modifié de la loi du 24 juillet 1966"
        skip = P.AMENDED_RE.match(text, pos)
        if skip:
            return _qualifier(text, skip.end())
    if "annexe" in text[pos : pos + 24]:
        skip = P.ANNEXES_RE.match(text, pos)
        if skip:
            return _qualifier(text, skip.end())
    if "*]" in text[pos : pos + 124]:
        note = P.NOTE_RE.match(text, pos) or P.NOTE_END_RE.match(text, pos)
        if note:
            q = _qualifier(text, note.end())
            if q is not None:
                q.resume = pos
    return q


def _article(s: _Scan, m: re.Match[str]) -> int:
    text = s.text
    chain = _chain_before(text, m.start(), s.floor)
    pin = pinpoint(chain.group("chain")) if chain else None
    # "du premier alinéa des articles L. 225-129 et L. 225-129-1": the pinpoint is each one's.
    pin_all = bool(chain and (chain.group("link") or "").strip().lower() == "des")
    start = m.end()
    items, pos, has_prefix = _read_group(text, start, None)
    if not items:
        pre = P.PRECITE_RE.match(text, start)
        if pre and m.group("art").lower() == "article":
            s.add(Kind.PRECITED, chain.start("chain") if chain else m.start(), pre.end(), pin=pin)
            return pre.end()
        return 0
    new = m.start()  # where "article" starts: the words before it may create the numbers
    head = m.start() < 4 and P.HEAD_BEFORE_RE.match(text, 0, m.start()) is not None
    first = True
    while True:
        # "l'article L. 24, premier alinéa, du présent code"; in a list, the last number's ("aux articles
        # 1090 A-II-b et 1090 B, premier alinéa")
        # (not after a chain: "au deuxième alinéa du 1 de l'article 7, deuxième alinéa," says it twice)
        may_pin = items[-1].pin is None and not (first and chain)
        post = _post_pin(text, pos) if may_pin else None
        if post:
            items[-1].pin = pinpoint(post.group("par")) + (
                f".{post.group('point')}" if post.group("point") else ""
            )
            pos = post.end()
        elif may_pin and text.startswith(" (", pos):
            paren = P.PAREN_PIN_RE.match(text, pos)  # "l'article R. 421-22 (1er alinéa)"
            if paren:
                items[-1].pin = pinpoint(paren.group("par"))
                pos = paren.end()
        elif not (first and chain) and text.startswith(" ", pos):
            # "l'article R. 331-63 1°, 3° et 5°" (CCH R331-76), "l'article 235 quinquies-III 2°"
            after = P.ITEM_PIN_RE.match(text, pos)
            if after:
                last, pin_after = items[-1], pinpoint(after.group("par"))
                last.pin = f"{last.pin}.{pin_after}" if last.pin else pin_after
                pos = after.end()
        qual = _qualifier_after(text, pos)
        if qual is None and first:
            qual = _code_before(text, m, pos, s.floor)
        hint = None
        if qual is None and not has_prefix:
            qual = _shared_text(text, pos)
        elif qual is None and text.startswith((",", " et ", " ou ", " ainsi"), pos):
            # "les articles L. 223-11, L. 227-2, et le premier alinéa des articles L. 228-39 et L. 252-10 du
            # code de commerce": maybe the code of the next group, maybe the citing code's. A hint for the
            # resolver, which takes it when the citing code has no such article.
            shared = _shared_text(text, pos, True)
            hint = shared.code if shared is not None and shared.qual == Qual.CODE else None
        if (
            qual is None
            and ("devien" in text[pos : pos + 12] or "renum" in text[pos : pos + 16])
            and P.RENUMBERED_AFTER_RE.match(text, pos)
        ):
            new = (
                -1
            )  # "les articles R. 241-4 à R. 241-6 deviennent …": the old numbers, in the sentence's code
        if qual is not None:
            pos = qual.end
        if qual is not None and qual.qual in (Qual.CODE, Qual.PRESENT, Qual.SAME, Qual.PRECITED):
            # "R. 243-29 et R. 243-30 ou R. 741-80 du code rural": the code binds to the numbers
            # after an "ou" that changes number family, the ones before stay in the citing code.
            cut = _family_cut(items)
            if cut:
                _emit(s, items[:cut], None, pin if first else None, chain, first, pin_all, new)
                items = items[cut:]
                first = False
        if not (qual and qual.drop):
            _emit(s, items, qual, pin if first else None, chain, first, pin_all, new, hint)
            if head and first:
                s.out[-len(items)].head = True
        first = False
        if qual is not None and qual.resume is not None:
            return qual.resume  # the note may hold a citation of its own ("[*nouvel article 1817*]")
        if qual is None or not qual.explicit and qual.qual not in (Qual.TEXT, Qual.SAME_TEXT):
            break
        # "… du présent code et L. 721-1 du code rural": a further group with its own qualifier.
        sep = P.SEP_RE.match(text, pos)
        if not sep:
            break
        more, end, _ = _read_group(text, sep.end(), True)
        if not more:
            break
        items, pos = more, end
    return pos


def _code_before(text: str, m: re.Match[str], end: int, floor: int) -> _Qual | None:
    """The code a note names before "art." ("(1) Annexe III, art. 41 sexdecies A à 41 sexdecies F",
    "(1) Voir également livre des procédures fiscales, art. L 9 et L 54"); end: where the numbers end."""
    at = m.start()
    # Prose writes "de l'article"; only "…, article" and the abbreviation "art." can follow a code's name,
    # which ends in a letter ("- art. 3" of a link label, "2007, art. 3" of a text do not).
    if m.group("art")[-1] != "." and text[at - 2 : at] != ", ":
        return None
    before = text[max(floor, at - _CODE_BEFORE_WINDOW) : at].rstrip().rstrip(",").rstrip()
    if not before or not before[-1].isalpha():
        return None
    # The name starts the note, or follows a parenthesis, a comma, "voir", "et"…: try each such start.
    cut = max(before.rfind("("), before.rfind(")"), before.rfind(","), before.rfind(";")) + 1
    name = before[cut:].lstrip()
    starts = [0, *(lead.end() for lead in P.NOTE_LEAD_RE.finditer(name))]
    alone = P.code_alone_re()
    for i in starts:
        q = alone.fullmatch(name, i)
        if q is None:
            continue
        if q.group("annex"):  # whose annex depends on the citing code: the resolver settles it
            code = ANNEX_NOTE + q.group("annex").lower()
        else:
            code = resolve_code(q.group("name") or q.group("abbr"))
        return _Qual(end, Qual.CODE, code=code)
    return None


def _dash_pin(m: re.Match[str]) -> str | None:
    """The CGI's paragraph written after the number's dash: "156-I", "812 A-II-2°" give "I", "II.2°"."""
    dash = m.group("dashroman")
    return _HYPHENS.sub(".", dash) if dash else None


def _post_pin(text: str, pos: int) -> re.Match[str] | None:
    if not text.startswith(",", pos) or not (
        "paragraphe" in text[pos : pos + 16] or "alinéa" in text[pos : pos + 48]
    ):
        return None
    return P.POST_PIN_RE.match(text, pos)


def _shared_text(text: str, pos: int, prefixed: bool = False) -> _Qual | None:
    """The qualifier (code or text) of a following group of bare numbers, a few hops ahead at most."""
    here = pos
    for _ in range(_SHARED_HOPS):
        nxt = P.NEXT_ARTICLE_RE.match(text, pos)
        if nxt is None:
            return None
        items, end, _ = _read_group(text, nxt.end(), prefixed)
        if not items:
            return None
        post = _post_pin(text, end) if len(items) == 1 else None
        q = _qualifier_after(text, post.end() if post else end)
        if q is not None:
            if q.drop or q.qual not in (Qual.CODE, Qual.TEXT, Qual.SAME, Qual.PRECITED, Qual.SAME_TEXT):
                return None
            return _Qual(here, q.qual, code=q.code, text=q.text, nature=q.nature)
        pos = post.end() if post else end
    return None


def _family(num: str) -> str:
    """A number's letters and first digit, its livre in a code numbered by livre: R. 243-30 and R. 741-80 are
    not one code's, "L. 141-1, L. 611-1, L. 621-1 ou L. 631-1 du code de l'environnement" are."""
    m = re.match(r"[A-Z*]*\d", num)
    return m.group(0) if m else num


def _family_cut(items: list[_Item]) -> int:
    # Numbers with a letter only: the CGI's "aux articles 50-0 ou 102 ter du code général des impôts" are one
    # code's, whatever their first digits.
    for i in range(len(items) - 1, 0, -1):
        a, b = items[i - 1].num, items[i].num
        if items[i].sep.strip() == "ou" and a[:1].isalpha() and b[:1].isalpha() and _family(a) != _family(b):
            return i
    return 0


def _emit(
    s: _Scan,
    items: list[_Item],
    qual: _Qual | None,
    pin: str | None,
    chain: re.Match[str] | None,
    first: bool,
    pin_all: bool,
    new: int,
    hint: str | None = None,
) -> None:
    pin_start = chain.start("chain") if chain is not None and first else None
    q = qual.qual if qual is not None else (Qual.NEW if new < 0 or _is_new(s.text, new) else Qual.NONE)
    code, lt, nature = (qual.code, qual.text, qual.nature) if qual is not None else (hint, None, None)
    text, off, out = s.text, s.offset, s.out
    sentence = _sentence_start(s.text, items[0].start, s.offset) if q == Qual.NEW else 0
    for i, it in enumerate(items):
        start = pin_start if i == 0 and pin_start is not None else it.start
        p = pin if i == 0 or pin_all else None
        if it.pin:
            p = f"{p}.{it.pin}" if p else it.pin
        # A text's name ends the last item's span: "l'article 7 du règlement (CE) n° 2157/2001".
        end = (
            qual.end
            if qual is not None and q in (Qual.TEXT, Qual.SAME_TEXT) and i == len(items) - 1
            else it.end
        )
        kind = Kind.RANGE if it.to or it.suivants else Kind.ARTICLE
        out.append(
            Found(
                kind, start + off, end + off, text[start:end], it.num, it.to, it.suivants, p, q, code, lt,
                nature, s.clause, sentence,
            )
        )  # fmt: skip


def _text(s: _Scan, m: re.Match[str]) -> int:
    text = s.text
    t = P.TEXT_RE.match(text, m.start())
    if t is None:
        return 0
    lt = legal_text(t)
    if lt is None or lt.nature == "décision" and not _numbered_decision(lt.number):
        return 0  # "la décision du 3 mai 2010" may be anyone's; EU and constitutional ones are numbered
    start = m.start()
    end = t.end()
    if t.group("eu_tag2"):  # "(CEE n° 2092/91)": the parenthesis closes the citation
        close = re.match(r"\s*\)", text[end:])
        end += close.end() if close else 0
    pin = None
    # Légifrance's own style: "Décret n°2007-1480 du 16 octobre 2007 - art. 1", "…, art. 73, III".
    post = P.POSTFIX_ART_RE.match(text, end)
    if post:
        item = P.ITEM_RE.match(text, post.end())
        if item and item.group("pfx") is None:
            art = normalise_num(item)
            end = item.end()
            rng = P.RANGE_RE.match(text, end)
            to = P.ITEM_RE.match(text, rng.end()) if rng else None
            if to is not None and to.group("pfx") is None:
                art = f"{art} à {normalise_num(to)}"
                end = to.end()
            lt = with_article(lt, art)
            pin = _dash_pin(item)  # "art. 7-IX"
            p = None if pin else P.POSTFIX_PIN_RE.match(text, end)
            if p:
                pin = pinpoint(p.group("pin"))
                end = p.end()
    s.add(Kind.TEXT, start, end, text=lt, pin=pin)
    # "les règlements (CE) n° 1005/2009 et (UE) n° 517/2014": every text of the list.
    word = t.group("nature")
    if lt.number is None and text[t.start("nature") : t.end()].split(maxsplit=1)[0].lower().endswith("s"):
        # "les lois du 7 janvier 1983 et du 23 juillet 1987"
        while (nxt := P.TEXT_NEXT_DATE_RE.match(text, end)) is not None:
            day = parse_french_date(nxt.group("date"))
            if day is None:
                break
            s.add(Kind.TEXT, nxt.start("date"), nxt.end(), text=LegalText(nature=lt.nature, date=day))
            end = nxt.end()
    while True:
        nxt = P.TEXT_NEXT_RE.match(text, end)
        if nxt is None:
            break
        tail = P.TEXT_TAIL_RE.match(text, nxt.end())
        if tail is None or not (tail.group("eu") or tail.group("eu2") or tail.group("fr")):
            break
        more = legal_text(tail, word)
        if more is None:
            break
        s.add(Kind.TEXT, nxt.end(), tail.end(), text=more)
        end = tail.end()
    return end


def _named(s: _Scan, m: re.Match[str]) -> int:
    """ "la Constitution", "le traité sur le fonctionnement de l'Union européenne", "la convention signée à
    Schengen le 19 juin 1990": a text cited on its own, which "ladite convention" may refer to later."""
    t = P.NAMED_BARE_RE.match(s.text, m.start())
    lt = named_text(t) if t else None
    if t is None or lt is None:
        return 0
    s.add(Kind.TEXT, m.start(), t.end(), text=lt)
    return t.end()


def _code_named(s: _Scan, m: re.Match[str]) -> int:
    """ "prévus par le livre II de la deuxième partie du code du travail […] à l'article L. 2232-12 du même
    code", "prévue par le code général des impôts, est effectuée selon … l'annexe II de ce même code": no
    article is cited here, but "du même code" after it is that code. Codes of the table only ("du code postal"
    names none)."""
    at = m.start() - 3
    q = P.code_named_re().match(s.text, at)
    if q is None or s.text.startswith("le", at) and not P.PAR_LE_RE.search(s.text, max(0, at - 8), at):
        return 0
    s.add(Kind.CODE_NAMED, m.start(), q.end(), qual=Qual.CODE, code=_named_code(q))
    return q.end()


def _named_code(q: re.Match[str]) -> str:
    """The slug of the code a code_name_re or code_named_re match names: with what makes it a local code
    ("du code civil local", "du code des communes de Nouvelle-Calédonie"), which the table may know under that
    name."""
    g = q.groupdict()  # code_named_re has no abbreviation nor other name
    name = g["name"] or g.get("abbr") or g.get("other")
    if g["local"]:
        return resolve_code(name + g["local"])
    return unlisted_code(name) if g.get("other") else resolve_code(name)


def _numbered_decision(number: str | None) -> bool:
    """ "2012/21/UE" (EU), "2014-708 DC" (Conseil constitutionnel): a decision one can name."""
    return bool(number) and ("/" in number or number[-1].isupper())  # type: ignore[index]


def _present(s: _Scan, m: re.Match[str]) -> int:
    text = s.text
    chain = _chain_before(text, m.start(), s.floor)
    inner = pinpoint(chain.group("chain")) if chain else None
    start = chain.start("chain") if chain else m.start()
    a = P.PRESENT_ART_TRIG_RE.match(text, m.start())
    if a and inner is None:
        return a.end()  # the article naming itself as a whole: a self-loop tells nothing
    if a:
        s.add(Kind.SELF, start, a.end(), pin=inner)
        return a.end()
    p = P.PRESENT_PIN_RE.match(text, m.start())
    if p:
        s.add(Kind.SELF, start, p.end(), pin=inner)
        s.out[-1].relative = p.group("pin")
        return p.end()
    return 0


def _same_article(s: _Scan, m: re.Match[str]) -> int:
    text = s.text
    a = P.MEME_ARTICLE_RE.match(text, m.start())
    if a is None:
        return 0
    at = m.start()
    if text[max(0, at - 3) : at] in ("ce ", "Ce "):  # "par le IX de ce même article"
        at -= 3
    chain = _chain_before(text, at, s.floor)
    pin = pinpoint(chain.group("chain")) if chain else None
    start = chain.start("chain") if chain else m.start()
    end = a.end()
    num = None
    if P.MEME_ARTICLE_NUM_RE.match(text, end):  # "du même article L. 141-1": the number is written too
        item = P.ITEM_RE.match(text, _skip_ws(text, end))
        if item:
            num, end = normalise_num(item), item.end()
    s.add(Kind.SAME_ARTICLE, start, end, pin=pin)
    s.out[-1].num = num
    return end
