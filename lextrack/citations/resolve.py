"""The resolver: walks an article's citations in document order, carrying what was named so far.

The scanner says what is written; this decides what it means, with the context of the article: the citing
code and article, the code named last ("du même code", and a bare number the citing code never had), the
text named last of each nature ("de la même loi", "du traité"), the article cited last ("du même
article"), and the code of the current sentence (an article being created belongs to it).

A bare number is the citing code's, unless the caller can tell which articles exist (an `exists` hook)
and the citing code has no such article: then it is the latest code the article named that has it (failing
that, a named code the hook does not know), else it stays unresolved (a citation without a code). With a
hook, "R. 165-32" also takes the spelling the code has ("R*165-32").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

from lextrack.citations.codes import (
    ANNEX_NOTE,
    ANNEX_SAME,
    FISCAL_CODES,
    context_code,
    dash_paragraph,
    named_annex,
    note_annex,
    numbered_code,
    parent_code,
)
from lextrack.citations.found import Found, Kind, Qual
from lextrack.citations.pinpoints import relative_pinpoint
from lextrack.citations.texts import with_article
from lextrack.model import Citation, LegalText
from lextrack.nums import starred

_ARTICLE, _RANGE, _TEXT_KIND, _SELF = Kind.ARTICLE, Kind.RANGE, Kind.TEXT, Kind.SELF
_NONE, _TEXT, _SAME_TEXT, _NEW, _PRESENT = Qual.NONE, Qual.TEXT, Qual.SAME_TEXT, Qual.NEW, Qual.PRESENT

# (code slug, article number in LEGI's spelling) -> does the code have it? None: the hook does not know the
# code (a store without it), so the citing code is kept as without a hook.
Exists = Callable[[str, str], "bool | None"]


class Resolver:
    """One article's context: feed it the Found of each alinéa in order; it keeps the context in between."""

    __slots__ = (
        "code", "article", "exists", "last_code", "named", "sentence_code", "sentence_code_at",
        "last_article", "last_text_article", "last_texts", "quoted", "cited", "cited_texts",
    )  # fmt: skip

    def __init__(self, code: str | None, article: str | None, exists: Exists | None = None) -> None:
        self.code = context_code(code)  # slug of the citing code
        self.article = article or None  # number of the citing article
        self.exists = exists
        self.last_code: str | None = None  # the code named last: "du même code"
        self.named: list[str] = []  # every code named, in order, annexes as named ("annexe III au CGI")
        self.sentence_code: str | None = None  # the code a qualifier gave last, and where: a new article's
        self.sentence_code_at = -1
        self.last_article: tuple[str | None, str] | None = None  # (code, num) for "du même article"
        # or the article of a text, when cited after it ("l'article 1er-1 de la loi n° 85-695")
        self.last_text_article: LegalText | None = None
        self.last_texts: dict[str, LegalText] = {}  # by nature, and "*" for any
        # An article reproduced in the citing one ('" Art. L. 233-7-1.-…'): "présent article", "présent
        # code" inside the quote are its own.
        self.quoted: tuple[str | None, str] | None = None
        self.cited: dict[str, str | None] = {}  # number -> the code it was cited with last ("L. 17 précité")
        # number -> the text whose article it was, when no code's: "l'article 1er-1 précité" after "l'article
        # 1er-1 de la loi n° 85-695" (CGI 208)
        self.cited_texts: dict[str, LegalText] = {}

    def new_text(self) -> None:
        """The next Found come from another text (the next alinéa): positions start again."""
        self.sentence_code = None
        self.sentence_code_at = -1

    def resolve(self, found: Iterable[Found]) -> list[Citation]:
        out = []
        for f in found:
            cit = self.one(f)
            if cit is not None:
                out.append(cit)
        return out

    def one(self, f: Found, split: bool = True) -> Citation | None:
        """The citation f means here, or None (a self-reference with no citing article, "de la même loi"
        with no law named before…). Each Found gives one citation at most. split: a number of a code whose
        dash marks a paragraph ("206-5") cites that paragraph of its article; not in "du même article 1er-1",
        the number of an article cited before, as written there."""
        kind = f.kind
        if kind <= _RANGE:  # numbers: most citations, so the common path is spelt out
            q = f.qual
            num = f.num
            if q == _NONE:
                code = self.code
                if self.exists is not None and code is not None:
                    code, num = self._checked(code, num, f.code, f.to, split)
            elif q == _TEXT or q == _SAME_TEXT:
                return self._text_numbers(f)
            elif q == Qual.PRECITED and num in self.cited_texts and num not in self.cited:
                self.last_text_article = self.cited_texts[num]
                return _text_citation(f, self.cited_texts[num])
            elif q == _PRESENT and self.exists is not None and self.quoted is None and self.code is not None:
                # "du présent code" in an article the citing one reproduces ("ci-après reproduits")
                code, num = self._checked(self.code, num)
                code = code or self.code  # else it says so itself: a broken reference, not an unresolved one
                self.last_code = code  # "du présent code … du même code" (CSS L863-8): the same code
            else:
                code = self._code(f)
                if q == Qual.CODE:
                    code = numbered_code(code, num)  # "l'article 1142-8 du code rural": the former code
                if self.exists is not None and code is not None and q != _NEW:
                    num = self._spelt(code, num)
            pin = f.pin
            if split and kind == _ARTICLE and code is not None and "-" in num and num[0].isdigit():
                parts = dash_paragraph(code, num)
                if parts is not None and (self.exists is None or not self.exists(code, num)):
                    num, par = parts  # the CGI's "article 206-5": the 5 of article 206
                    pin = f"{par}.{pin}" if pin else par
            if f.head and (code, num) != (self.code, self.article):
                self.quoted = (code, num)
            self.cited[num] = code
            self.last_text_article = None
            if kind == _ARTICLE:
                self.last_article = (code, num)
                return Citation("article", (f.start, f.end), code, num, None, None, pin, None,
                                article_ids(code, num), f.matched)  # fmt: skip
            to = f.to
            if to is not None and self.exists is not None and code is not None and q != _NEW:
                to = self._spelt(code, to)
            self.last_article = (code, to or num)
            return Citation("range", (f.start, f.end), code, None, num, to, f.pin, None,
                            article_ids(code, num, to), f.matched)  # fmt: skip
        if kind == _TEXT_KIND:
            assert f.text is not None
            text = self._known(f.text)
            self._remember(text)
            return _text_citation(f, text)
        if kind == Kind.CODE_NAMED:
            self._code(f)  # a code named in passing: "du même code" after it is that code
            return None
        if kind == _SELF:
            code, article = self.quoted or (self.code, self.article)
            if article is None:
                return None
            pin = f.pin
            if f.relative is not None:
                base = relative_pinpoint(f.relative, f.clause)
                pin = f"{base}.{pin}" if pin else base
            return _article_citation(f, code, article, pin)
        text = self.last_text_article  # SAME_ARTICLE, PRECITED
        if text is not None and (f.num is None or f.num == text.article):
            return _text_citation(f, text)
        last = self.last_article
        if f.num is not None and (last is None or last[1] != f.num):
            # "du même article L. 141-1" after another article: the number as if bare
            f.kind, f.qual = Kind.ARTICLE, Qual.NONE
            return self.one(f, split=False)
        if last is None:
            return None
        return _article_citation(f, last[0], last[1], f.pin)

    def _text_numbers(self, f: Found) -> Citation | None:
        """Numbers of a legal text: "l'article 7 du règlement (CE) n° 2157/2001", "… de la même loi"."""
        text = (
            self._known(f.text)
            if f.qual == _TEXT and f.text is not None
            else self.last_texts.get(f.nature or "*")
        )
        if text is None and f.nature == "traité":
            text = _treaty_of(self.last_texts.get("*"))
        if text is None:  # "de la même loi" with no law named before: no text we can name
            return None
        art = f.num
        if f.to:
            art = f"{f.num} à {f.to}"
        elif f.suivants:
            art = f"{f.num} et suivants"
        self._remember(text)
        cited = with_article(text, art)
        self.last_text_article = cited  # "du même article 1er-1" after "l'article 1er-1 de la loi n° 85-695"
        if f.kind == _ARTICLE and f.num is not None:
            self.cited_texts[f.num] = cited
        return _text_citation(f, cited)

    def _code(self, f: Found) -> str | None:
        q = f.qual
        if q == Qual.CODE:
            code = f.code
            if code is not None and code.startswith(ANNEX_SAME):  # "de l'annexe III au même code"
                annex = code
                code = named_annex(annex, self.last_code or self.code)
                if code is None:  # an annex the code named before lacks: the citing code's, as in notes
                    code = note_annex(ANNEX_NOTE + annex.removeprefix(ANNEX_SAME), self.code)
            elif code is not None and code.startswith(ANNEX_NOTE):  # "(1) Annexe III, art. 41 W"
                code = note_annex(code, self.code)
                if code is None:  # not the CGI's notes: the numbers stay the citing code's
                    return self.code
            if code is not None and (not self.named or self.named[-1] != code):
                self.named.append(code)
                if code != parent_code(code):
                    self.named.append(parent_code(code))  # type: ignore[arg-type]
            # "l'article 75 de l'annexe II au code général des impôts … l'article 125 A du code précité": the
            # code named is the CGI, the annex a part of it.
            self.last_code = parent_code(code)
            self.sentence_code, self.sentence_code_at = code, f.start
            return code
        if q == Qual.PRESENT:
            code = self.quoted[0] if self.quoted is not None else self.code
            self.last_code = code  # "du présent code … du même code" (CSS L863-8): the same code
            return code
        if q == Qual.PRECITED and f.num in self.cited:
            code = self.cited[f.num]  # "de l'article L. 17 susmentionné": cited before, with its code
            self.sentence_code, self.sentence_code_at = code, f.start
            return code
        if q == Qual.SAME or q == Qual.PRECITED:
            code = self.last_code or self.code
            if code is not None and f.num is not None:
                code = numbered_code(code, f.num)  # "l'article 85 dudit code" after "du code forestier"
            exists = self.exists
            if exists is not None and code is not None and f.num is not None:
                if self.last_code is None:
                    # "du même code", "précité" with no code named before: the citing code, if it has it
                    code = self._checked(code, f.num, split=True)[0]
                elif exists(code, f.num) is False:
                    # the code named last cannot have it ("l'article 81 quater de ce même code" after "du
                    # présent code", CSS D542-10): a code named before that can, or the citing code
                    code = self._checked(code, f.num, split=True)[0]
                    if code is None and self.code is not None:
                        code = self._checked(self.code, f.num, split=True)[0]
            self.sentence_code, self.sentence_code_at = code, f.start
            return code
        if q == Qual.NEW:
            # Created or renumbered: the code its sentence named, which has no such article yet.
            if self.sentence_code is not None and self.sentence_code_at >= f.sentence:
                return self.sentence_code
            return self.code
        return self.code

    def _checked(
        self, code: str, num: str, hint: str | None = None, to: str | None = None, split: bool = False
    ) -> tuple[str | None, str]:
        """A bare number: the citing code's if it has it (or the hook does not know the code), else the code
        of the next group of its list (hint) or the code named last in the article that has it (an article
        reproducing another code's names the citing code too: "… du code monétaire et financier"), or the
        code an annex belongs to, else unresolved (None)."""
        exists = self.exists
        assert exists is not None
        if exists(code, num) is not False or to is not None and exists(code, to):
            return code, num  # a range: either end will do
        parts = dash_paragraph(code, num) if split else None
        if parts is not None and exists(code, parts[0]) is not False:
            return code, num  # the CGI's "206-5": its article 206 (one() splits it)
        star = starred(num)
        if star is not None and exists(code, star):
            return code, star
        # the code of the next group of its list, then the codes the article named, the last first; a code the
        # hook does not know (None) only when none it knows has the article
        # an annex of the CGI cites the CGI's articles bare ("au 1 de l'article 1912" in Annexe II, 396 B)
        parent = parent_code(code)
        candidates = [
            c for c in dict.fromkeys((hint, *reversed(self.named), parent)) if c is not None and c != code
        ]
        unknown = None
        fiscal = split and (self.code in FISCAL_CODES or parent_code(self.code) in FISCAL_CODES)
        for other in candidates:
            for n in (num, star) if star is not None else (num,):
                known = exists(other, n)
                if known:
                    return other, n
                if known is None and unknown is None:
                    unknown = other
            # "des articles 39-1-1° et 111-d du même code" in the LPF: the CGI's 39, its 1 (one() splits it).
            # Not elsewhere: the Code du cinéma's annexes number their own articles 122-30 and name the CGI.
            if fiscal and unknown is None and (parts := dash_paragraph(other, num)) is not None:
                if exists(other, parts[0]) is not False:
                    return other, num
        return unknown, num

    def _spelt(self, code: str, num: str) -> str:
        """ "R. 165-32" cites the article LEGI numbers R*165-32 (a décret en Conseil des ministres): texts
        leave the star out. When the code has no R165-32 but has R*165-32, that is the id."""
        assert self.exists is not None
        if self.exists(code, num) is not False:
            return num
        star = starred(num)
        return star if star is not None and self.exists(code, star) else num

    def _known(self, text: LegalText) -> LegalText:
        """ "la loi précitée du 10 septembre 1947" after "la loi n° 47-1775 du 10 septembre 1947": the same
        text, with the number it was named with (the last text of that nature, named on the same day)."""
        if text.number is not None or text.date is None:
            return text
        before = self.last_texts.get(text.nature)
        if before is None or before.date != text.date or before.number is None:
            return text
        return with_article(before, text.article)

    def _remember(self, text: LegalText) -> None:
        bare = with_article(text, None)
        self.last_texts[text.nature] = bare
        self.last_texts["*"] = bare


# "fondée sur l'article 54 du traité", in the title of an EU act: the treaty in force when it was adopted.
# Maastricht renamed the EEC treaty on 1993-11-01, Lisbon the EC treaty on 2009-12-01.
_TREATIES = (("1993-11-01", "TCEE"), ("2009-12-01", "TCE"), ("9999", "TFUE"))
_EU_ACTS = ("règlement", "directive", "décision")


def _treaty_of(act: LegalText | None) -> LegalText | None:
    """The treaty "du traité" means inside the title of the EU act named just before, by the act's date."""
    if act is None or act.nature not in _EU_ACTS or act.number is None or "/" not in act.number:
        return None
    day = act.date or _eu_year(act)
    if day is None:
        return None
    name = next(t for until, t in _TREATIES if day < until)
    return LegalText(nature="traité", number=name)


def _eu_year(act: LegalText) -> str | None:
    """The year an EU act number holds: "2016/679", "561/2006" (four digits), "83/349/CEE" (a directive's
    first two), "3821/85" (a regulation's last two)."""
    parts = (act.number or "").split("/")[:2]
    year = next((p for p in parts if len(p) == 4 and p[:2] in ("19", "20")), None)
    if year is None and len(parts) == 2:
        short = parts[0] if act.nature == "directive" else parts[1]
        if len(short) == 2 and short.isdigit():
            year = ("19" if short >= "50" else "20") + short
    return f"{year}-12-31" if year else None


def _article_citation(f: Found, code: str | None, num: str, pin: str | None) -> Citation:
    return Citation(
        kind="article", span=(f.start, f.end), code=code, num=num, pinpoint=pin, ids=article_ids(code, num),
        matched=f.matched,
    )  # fmt: skip


def _text_citation(f: Found, text: LegalText) -> Citation:
    return Citation(
        kind="text",
        span=(f.start, f.end),
        pinpoint=f.pin,
        text=text,
        ids=(text.canonical_id,),
        matched=f.matched,
    )


@lru_cache(maxsize=8192)
def article_ids(code: str | None, *nums: str | None) -> tuple[str, ...]:
    if not code:
        return ()
    return tuple(f"{code}/{n}" for n in nums if n)
