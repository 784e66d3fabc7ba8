"""Draft -> Article: the one place that settles the code, the canonical id, the clause tree and spans."""

from __future__ import annotations

from collections import Counter

from lextrack.codes import Code, find_code, slugify
from lextrack.errors import ParseError
from lextrack.model import Article, Link, LinkKind
from lextrack.nums import normalise_num
from lextrack.parser.clauses import article_text, build_clauses
from lextrack.parser.draft import Draft
from lextrack.parser.hierarchy import code_from_path, hierarchy_from_path
from lextrack.parser.links import anchor_target, make_link
from lextrack.parser.nota import nota_in_force


def resolve_code(
    draft: Draft, path: str, override: str | None, hint: Code | None = None
) -> tuple[str, str | None]:
    """(slug, name) of the article's code, from the most to the least direct evidence.

    --code, then what the file says of itself (XML CONTEXTE, front matter), then the folder named after
    the code closest to the file, then a README above it titled with a code's name (hint), then the
    code most of its link targets belong to.
    """
    if override is not None:
        code = find_code(override)
        if code:
            return code.slug, code.name
        slug = slugify(override)
        if not slug:
            raise ParseError(f"--code {override!r} is not a code name or slug", path)
        return slug, override
    for name in draft.code_names:
        code = find_code(name)
        if code:
            return code.slug, code.name
    code = code_from_path(path) or hint
    if code:
        return code.slug, code.name
    named = [n for n in draft.code_names if slugify(n) and not n.upper().startswith("LEGITEXT")]
    if named:
        return slugify(named[0]), named[0]
    votes: Counter[str] = Counter()
    for link in draft.links:
        if link.target_text is not None and link.target_text.nature == "code" and link.target_article:
            votes[link.target_article.split("/")[0]] += 1
    for anchor in draft.anchors:
        target = anchor_target(anchor.href, anchor.title)
        if target:
            votes[target.split("/")[0]] += 1
    if votes:
        slug = votes.most_common(1)[0][0]
        code = find_code(slug)
        return slug, code.name if code else None
    raise ParseError("no code: neither the file nor its folders name one; pass --code", path)


def _block_offsets(text: str, blocks) -> list[int]:
    offsets: list[int] = []
    cursor = 0
    for block in blocks:
        probe = block if isinstance(block, str) else (block[0][0] if block and block[0] else "")
        pos = text.find(probe, cursor) if probe else cursor
        if pos < 0:
            pos = cursor
        offsets.append(pos)
        cursor = pos + len(probe)
    return offsets


def assemble(
    draft: Draft, *, path: str, fmt: str, code: str | None = None, hint: Code | None = None
) -> Article:
    num = normalise_num(draft.num_label, path, draft.title_line)
    slug, name = resolve_code(draft, path, code, hint)
    blocks = tuple(draft.blocks)
    text = article_text(blocks)
    clauses = build_clauses(blocks)
    links: list[Link] = list(draft.links)
    if draft.anchors:
        offsets = _block_offsets(text, blocks)
        for anchor in draft.anchors:
            start = offsets[anchor.block] + anchor.start
            end = offsets[anchor.block] + anchor.end
            span = (start, end) if text[start:end] == anchor.text else None
            label = anchor.title or anchor.text
            links.append(
                make_link(
                    LinkKind.CITES, label, span=span, target_article=anchor_target(anchor.href, anchor.title)
                )
            )
    hierarchy = draft.hierarchy or hierarchy_from_path(path)
    return Article(
        code=slug,
        num=num,
        text=text,
        clauses=tuple(clauses),
        links=tuple(links),
        nota=draft.nota,
        nota_in_force=nota_in_force(draft.nota),
        code_name=name,
        title=draft.title,
        hierarchy=tuple(hierarchy),
        state=draft.state,
        start=draft.start,
        end=draft.end,
        legi_id=draft.legi_id,
        old_id=draft.old_id,
        versions=tuple(draft.versions),
        source=path,
        format=fmt,
        html=draft.html,
    )
