"""Article text and diffs -> HTML that is safe to put in a page.

Stored article text comes from outside (Légifrance dumps, git histories, anyone's files): it is escaped
piece by piece while the few tags we add (anchors, citation links, <ins>/<del>) are built around it, and
the whole fragment then goes through nh3 with a short allow-list, so a `<script>` or an `onerror=`
smuggled into a source file stays inert text even if an escaping step were ever missed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

import nh3
from markupsafe import Markup, escape

from lextrack.model import Citation, Clause
from lextrack.store.diff import Op

_TAGS = {"p", "a", "span", "ins", "del", "br", "mark"}
_ATTRS = {"a": {"href", "title", "class", "id"}, "span": {"class", "id", "title"}, "p": {"class", "id"}}


def sanitize(html: str) -> str:
    """The last gate before an article fragment reaches the page."""
    return nh3.clean(
        html,
        tags=_TAGS,
        clean_content_tags={"script", "style"},
        attributes=_ATTRS,
        url_schemes=set(),  # our links are relative; no javascript:, data: or outside URL survives
        link_rel=None,
        strip_comments=True,
    )


def anchor(pinpoint: str) -> str:
    """The fragment id of a clause: `I.2° bis` -> `I.2°-bis` (ids may not hold spaces)."""
    return "-".join(pinpoint.split())


def article_href(article_id: str) -> str:
    return "/articles/" + quote(article_id, safe="/*")


@dataclass(frozen=True, slots=True)
class LinkSpan:
    start: int
    end: int
    href: str | None
    title: str


def citation_links(citations: Iterable[Citation], known: Callable[[str], bool]) -> list[LinkSpan]:
    """Non-overlapping spans to turn into links; a citation outside the store keeps a title, no link."""
    out: list[LinkSpan] = []
    last = -1
    for c in sorted(citations, key=lambda c: c.span):
        start, end = c.span
        if start < last or end <= start:
            continue
        target = next((i for i in c.ids if known(i)), None)
        if target:
            out.append(LinkSpan(start, end, article_href(target), target))
        elif c.ids:
            out.append(LinkSpan(start, end, None, c.ids[0] + " (hors du corpus)"))
        else:
            continue
        last = end
    return out


def _clause_starts(clauses: Sequence[Clause]) -> dict[int, list[str]]:
    starts: dict[int, list[str]] = {}
    for top in clauses:
        for c in top.walk():
            if c.span is not None:
                starts.setdefault(c.span[0], []).append(c.pinpoint)
    return starts


def article_html(text: str, clauses: Sequence[Clause], links: Sequence[LinkSpan]) -> str:
    """Alinéas as <p>, each clause's start marked by a pinpoint anchor, citations as links."""
    starts = _clause_starts(clauses)
    cuts = sorted({0, len(text), *starts, *(p for lk in links for p in (lk.start, lk.end))})
    by_start = {lk.start: lk for lk in links}
    out = ["<p>"]
    open_link: LinkSpan | None = None
    for a, b in zip(cuts, cuts[1:], strict=False):
        if open_link is None or a >= open_link.end:
            if open_link is not None:
                out.append("</a>" if open_link.href else "</span>")
                open_link = None
            for pin in starts.get(a, ()):
                frag = escape(anchor(pin))
                label = escape(pin)
                out.append(f'<a class="pin" id="{frag}" href="#{frag}" title="{label}">{label}</a>')
            lk = by_start.get(a)
            if lk is not None:
                open_link = lk
                if lk.href:
                    out.append(f'<a class="cite" href="{escape(lk.href)}" title="{escape(lk.title)}">')
                else:
                    out.append(f'<span class="cite-out" title="{escape(lk.title)}">')
        out.append(_paragraphs(text[a:b], inside_link=open_link is not None))
    if open_link is not None:
        out.append("</a>" if open_link.href else "</span>")
    out.append("</p>")
    return sanitize("".join(out))


def _paragraphs(piece: str, inside_link: bool) -> str:
    parts = [str(escape(p)) for p in piece.split("\n\n")]
    if inside_link:  # a citation never spans alinéas; keep the markup balanced if one does
        return "<br>".join(parts)
    return "</p>\n<p>".join(p.replace("\n", "<br>") for p in parts)


def diff_html(ops: Iterable[Op]) -> str:
    """Word-level diff: deleted words in <del>, inserted words in <ins>, alinéa breaks kept."""
    out = []
    for o in ops:
        old, new = _breaks(o.old), _breaks(o.new)
        if o.op == "equal":
            out.append(old)
            continue
        if o.old:
            out.append(f"<del>{old}</del>")
        if o.new:
            out.append(f"<ins>{new}</ins>")
    return sanitize("<p>" + "".join(out) + "</p>")


def _breaks(text: str) -> str:
    return str(escape(text)).replace("\n\n", "<br><br>").replace("\n", "<br>")


def snippet_html(snippet: str) -> Markup:
    """An FTS5 snippet whose matches are marked \\x02…\\x03: escaped, then the marks become <mark>."""
    text = str(escape(snippet)).replace("\x02", "<mark>").replace("\x03", "</mark>")
    return Markup(sanitize(text))
