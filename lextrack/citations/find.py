"""The scanner: trigger words found by one regex, citations read forward from each trigger.

Grammar, informally:
    [pinpoint chain (de l'|du)] article(s) GROUP [(,|et) GROUP]*
    GROUP = ITEM ((,|et|ou) ITEM)* [qualifier]      qualifier = code | présent/même code | legal text
    ITEM  = NUM [à NUM | et suivants]
A qualifier binds to the numbers of its own group only, so "L. 200-2 du présent code et L. 721-1 du
code rural" gives each number its own code.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from lextrack.citations import patterns as P
from lextrack.citations import resolve as R
from lextrack.model import Citation, LegalText

_PIN_WINDOW = 160


@dataclass(slots=True)
class _Item:
    start: int
    end: int
    num: str
    to: str | None = None
    suivants: bool = False
    pin: str | None = None  # "D. 241-21-2°": the item carries its own pinpoint
    sep: str = ""  # the words before it in the list (", ", " et ", " ou ")


def scan(text: str, ctx: R.Context, candidates: list[int] | None = None) -> list[Citation]:
    """Citations in text; candidates: where triggers may start, when the caller found them already."""
    out: list[Citation] = []
    consumed = 0
    for start in _candidates(text) if candidates is None else candidates:
        if start < consumed:
            continue
        m = P.TRIGGER_RE.match(text, start)
        if m is None:
            continue
        if m.group("art"):
            end = _article(text, m, ctx, out)
        elif m.group("txt"):
            end = _text(text, m, ctx, out)
        elif m.group("pres"):
            end = _present(text, m, ctx, out)
        else:
            end = _same_article(text, m, ctx, out)
        if end:
            consumed = end
    return out


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


def _chain_before(text: str, pos: int) -> re.Match[str] | None:
    if pos == 0:
        return None
    lo = max(0, pos - 24)
    # Most windows ("à l'", "les ", "aux ") end no chain: the reversed test turns them away in one try.
    if P.PIN_END_REVERSED_RE.match(text[lo:pos][::-1]) is None or P.PIN_END_RE.search(text, lo, pos) is None:
        return None
    return P.PIN_BEFORE_RE.search(text, max(0, pos - _PIN_WINDOW), pos)


def _skip_ws(text: str, pos: int) -> int:
    n = len(text)
    while pos < n and text[pos].isspace():
        pos += 1
    return pos


def _read_item(text: str, pos: int, inherit: str, need_prefix: bool | None) -> tuple[_Item, bool] | None:
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
    num = R.normalise_num(m)
    item = _Item(m.start(), m.end(), num, pin=m.group("dashpin"))
    r = P.RANGE_RE.match(text, m.end())
    if r:
        m2 = P.ITEM_RE.match(text, r.end())
        if m2 and (m2.group("pfx") is not None) == has_prefix or (m2 and not m2.group("pfx")):
            item.to = R.normalise_num(m2, R.item_prefix(num) if not m2.group("pfx") else "")
            item.end = m2.end()
    if item.to is None:
        s = P.SUIVANTS_RE.match(text, item.end)
        if s:
            item.suivants = True
            item.end = s.end()
    return item, has_prefix


def _read_group(text: str, pos: int, first_needs: bool | None) -> tuple[list[_Item], int, bool]:
    items: list[_Item] = []
    got = _read_item(text, pos, "", first_needs)
    if got is None:
        return items, pos, False
    item, has_prefix = got
    items.append(item)
    pos = item.end
    while True:
        sep = P.SEP_RE.match(text, pos)
        if not sep:
            break
        nxt = _read_item(text, sep.end(), "", has_prefix)
        if nxt is None:
            break
        nxt[0].sep = sep.group(0)
        items.append(nxt[0])
        pos = nxt[0].end
    return items, pos, has_prefix


@dataclass(slots=True)
class _Qual:
    end: int
    code: str | None = None
    text: LegalText | None = None
    drop: bool = False  # articles of a text we cannot identify ("de la loi de finances")
    explicit: bool = False
    named: bool = True  # "du présent code" is no code named: "du même code" looks past it


def _qualifier(text: str, pos: int, ctx: R.Context) -> _Qual | None:
    if P.QUAL_START_RE.match(text, pos) is None:
        return None
    q = P.PRESENT_CODE_RE.match(text, pos)
    if q:
        word = q.group(0).lower()
        if "présent" in word:
            return _Qual(q.end(), ctx.code, explicit=True, named=False)
        return _Qual(q.end(), ctx.last_code or ctx.code, explicit=True)
    q = P.CGI_ANNEX_RE.match(text, pos)
    if q:
        return _Qual(
            q.end(),
            R.resolve_code(f"Code général des impôts, annexe {q.group('annex').upper()}"),
            explicit=True,
        )
    q = P.code_name_re().match(text, pos)
    if q is None:
        div = P.DIVISIONS_RE.match(text, pos)
        if div:
            q = P.code_name_re().match(text, div.end())
    if q:
        name = q.group("name") or q.group("abbr") or q.group("other")
        return _Qual(q.end(), R.resolve_code(name), explicit=True)
    q = P.FOREIGN_RE.match(text, pos)
    if q:
        return _Qual(q.end(), drop=True)
    q = P.SAME_TEXT_RE.match(text, pos)
    if q:
        nature = next(g for g in q.groups() if g).lower()
        nature = {"decret": "décret"}.get(nature, nature)
        last = None if q.group("n9") else ctx.last_texts.get(nature)
        return _Qual(q.end(), text=last, drop=last is None)
    q = P.OF_TEXT_RE.match(text, pos)
    if q is None:
        div = P.DIVISIONS_RE.match(text, pos)
        if div:
            q = P.OF_TEXT_RE.match(text, div.end())
    if q:
        t = P.TEXT_RE.match(text, q.end())
        if t:
            lt = R.legal_text(t)
            return _Qual(t.end(), text=lt, drop=lt is None)
    return None


def _article(text: str, m: re.Match[str], ctx: R.Context, out: list[Citation]) -> int:
    chain = _chain_before(text, m.start())
    pin = R.pinpoint(chain.group("chain")) if chain else None
    # "du premier alinéa des articles L. 225-129 et L. 225-129-1": the pinpoint is each one's.
    pin_all = bool(chain and (chain.group("link") or "").strip().lower() == "des")
    start = m.end()
    items, pos, has_prefix = _read_group(text, start, None)
    if not items:
        pre = P.PRECITE_RE.match(text, start)
        if pre and ctx.last_article and m.group("art").lower() == "article":
            code, num = ctx.last_article
            span = (chain.start("chain") if chain else m.start(), pre.end())
            out.append(_cite_article(text, span, code, num, ctx.offset, pin))
            return pre.end()
        return 0
    first = True
    while True:
        qual = _qualifier(text, pos, ctx)
        if qual is None and not has_prefix:
            qual = _shared_text(text, pos, ctx)
        if qual is not None:
            pos = qual.end
        if qual is not None and qual.code and not qual.text:
            # "R. 243-29 et R. 243-30 ou R. 741-80 du code rural": the code binds to the numbers
            # after an "ou" that changes number family, the ones before stay in the citing code.
            cut = _family_cut(items)
            if cut:
                _emit(
                    text,
                    items[:cut],
                    None,
                    ctx,
                    out,
                    pin if first else None,
                    chain.start("chain") if chain and first else None,
                    pin_all,
                )
                items = items[cut:]
                first = False
        if not (qual and qual.drop):
            _emit(
                text,
                items,
                qual,
                ctx,
                out,
                pin if first else None,
                chain.start("chain") if chain and first else None,
                pin_all,
            )
        first = False
        if qual is None or not qual.explicit and qual.text is None:
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


def _shared_text(text: str, pos: int, ctx: R.Context) -> _Qual | None:
    """The qualifier (code or text) of a following group of bare numbers, a few hops ahead at most."""
    here = pos
    for _ in range(6):
        nxt = P.NEXT_ARTICLE_RE.match(text, pos)
        if nxt is None:
            return None
        items, end, _ = _read_group(text, nxt.end(), False)
        if not items:
            return None
        q = _qualifier(text, end, ctx)
        if q is not None:
            if q.drop or (q.text is None and q.code is None):
                return None
            return _Qual(here, code=q.code, text=q.text)
        pos = end
    return None


def _family(num: str) -> str:
    m = re.match(r"[A-Z*]*\d+", num)
    return m.group(0) if m else num


def _family_cut(items: list[_Item]) -> int:
    for i in range(len(items) - 1, 0, -1):
        if items[i].sep.strip() == "ou" and _family(items[i].num) != _family(items[i - 1].num):
            return i
    return 0


def _emit(
    text: str,
    items: list[_Item],
    qual: _Qual | None,
    ctx: R.Context,
    out: list[Citation],
    pin: str | None,
    pin_start: int | None,
    pin_all: bool = False,
) -> None:
    for i, it in enumerate(items):
        start = pin_start if i == 0 and pin_start is not None else it.start
        p = pin if i == 0 or pin_all else None
        if it.pin:
            p = f"{p}.{it.pin}" if p else it.pin
        if qual is not None and qual.text is not None:
            art = it.num
            if it.to:
                art = f"{it.num} à {it.to}"
            elif it.suivants:
                art = f"{it.num} et suivants"
            lt = R.with_article(qual.text, art)
            end = qual.end if i == len(items) - 1 else it.end
            out.append(
                Citation(
                    kind="text",
                    span=(start + ctx.offset, end + ctx.offset),
                    pinpoint=p,
                    text=lt,
                    ids=(lt.canonical_id,),
                    matched=text[start:end],
                )
            )
            _remember_text(ctx, qual.text)
            continue
        code = qual.code if qual is not None else ctx.code
        if it.to or it.suivants:
            out.append(
                Citation(
                    kind="range",
                    span=(start + ctx.offset, it.end + ctx.offset),
                    code=code,
                    from_num=it.num,
                    to_num=it.to,
                    pinpoint=p,
                    ids=R.article_ids(code, it.num, it.to),
                    matched=text[start : it.end],
                )
            )
            ctx.last_article = (code, it.to or it.num)
        else:
            out.append(_cite_article(text, (start, it.end), code, it.num, ctx.offset, p))
            ctx.last_article = (code, it.num)
    if qual is not None and qual.explicit and qual.code and qual.named:
        ctx.last_code = qual.code


def _cite_article(
    text: str, span: tuple[int, int], code: str | None, num: str, shift: int, pin: str | None
) -> Citation:
    """span in text; the citation's span is shifted to the article text text was cut from."""
    start, end = span
    return Citation(
        kind="article",
        span=(start + shift, end + shift),
        code=code,
        num=num,
        pinpoint=pin,
        ids=R.article_ids(code, num),
        matched=text[start:end],
    )


def _remember_text(ctx: R.Context, lt: LegalText) -> None:
    bare = R.with_article(lt, None)
    ctx.last_texts[lt.nature] = bare
    ctx.last_texts["*"] = bare


def _text(text: str, m: re.Match[str], ctx: R.Context, out: list[Citation]) -> int:
    t = P.TEXT_RE.match(text, m.start())
    if t is None:
        return 0
    lt = R.legal_text(t)
    if lt is None:
        return 0
    start = m.start()
    end = t.end()
    pin = None
    # Légifrance's own style: "Décret n°2007-1480 du 16 octobre 2007 - art. 1", "…, art. 73, III".
    post = P.POSTFIX_ART_RE.match(text, end)
    if post:
        item = P.ITEM_RE.match(text, post.end())
        if item and item.group("pfx") is None:
            art = R.normalise_num(item)
            end = item.end()
            rng = P.RANGE_RE.match(text, end)
            to = P.ITEM_RE.match(text, rng.end()) if rng else None
            if to is not None and to.group("pfx") is None:
                art = f"{art} à {R.normalise_num(to)}"
                end = to.end()
            lt = R.with_article(lt, art)
            p = P.POSTFIX_PIN_RE.match(text, end)
            if p:
                pin = R.pinpoint(p.group("pin"))
                end = p.end()
    out.append(
        Citation(
            kind="text",
            span=(start + ctx.offset, end + ctx.offset),
            text=lt,
            pinpoint=pin,
            ids=(lt.canonical_id,),
            matched=text[start:end],
        )
    )
    _remember_text(ctx, lt)
    return end


def _present(text: str, m: re.Match[str], ctx: R.Context, out: list[Citation]) -> int:
    if ctx.article is None:
        return 0
    chain = _chain_before(text, m.start())
    inner = R.pinpoint(chain.group("chain")) if chain else None
    start = chain.start("chain") if chain else m.start()
    a = P.PRESENT_ART_TRIG_RE.match(text, m.start())
    if a and inner is None:
        return a.end()  # the article naming itself as a whole: a self-loop tells nothing
    if a:
        out.append(_cite_article(text, (start, a.end()), ctx.code, ctx.article, ctx.offset, inner))
        return a.end()
    p = P.PRESENT_PIN_RE.match(text, m.start())
    if p:
        base = R.relative_pinpoint(p.group("pin"), ctx.clause)
        pin = f"{base}.{inner}" if inner else base
        out.append(_cite_article(text, (start, p.end()), ctx.code, ctx.article, ctx.offset, pin))
        return p.end()
    return 0


def _same_article(text: str, m: re.Match[str], ctx: R.Context, out: list[Citation]) -> int:
    a = P.MEME_ARTICLE_RE.match(text, m.start())
    if a is None or ctx.last_article is None:
        return 0
    chain = _chain_before(text, m.start())
    pin = R.pinpoint(chain.group("chain")) if chain else None
    start = chain.start("chain") if chain else m.start()
    code, num = ctx.last_article
    out.append(_cite_article(text, (start, a.end()), code, num, ctx.offset, pin))
    return a.end()
