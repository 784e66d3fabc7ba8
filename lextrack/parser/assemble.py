"""Draft -> Article: the one place that settles the code, the canonical id, the clause tree and spans."""

from __future__ import annotations

from collections import Counter

from lextrack.codes import UNKNOWN_CODE, Code, find_code, slugify
from lextrack.errors import ParseError
from lextrack.model import Article, Link, LinkKind
from lextrack.nums import normalise_num
from lextrack.parser.clauses import article_text, build_clauses
from lextrack.parser.draft import Draft
from lextrack.parser.hierarchy import code_from_path, hierarchy_from_path, top_folder, unknown_code_folder
from lextrack.parser.links import anchor_target, make_link
from lextrack.parser.nota import nota_in_force

MAX_SLUG = 200  # bytes of a folder name (255 at most on most file systems), with room to spare


def resolve_code(
    draft: Draft, path: str, override: str | None, hint: Code | None = None, history: bool = False
) -> tuple[str, str | None, str | None]:
    """(slug, name, warning) of the article's code, from the most to the least direct evidence.

    What the file says of itself (XML CONTEXTE, front matter), then the folder named after a known code
    closest to the file; only then --code (`override`: the code of files that name none, as its help says:
    a history with code folders keeps them), then a README above it titled with a code's name or the
    repository's name (hint). Past those, every answer is a guess and says so (the warning): a code name the
    file gives that the table does not know, a folder named like a code ("Code …", "code-…"), the code most
    of its links point to, the top folder of a history path; at last UNKNOWN_CODE, never a refusal.
    """
    forced = _forced(override, path) if override is not None else None  # (a bad --code fails every file)
    for name in draft.code_names:
        code = find_code(name)
        if code:
            return code.slug, code.name, None
    code = code_from_path(path)
    if code:
        return code.slug, code.name, None
    if forced is not None:
        return forced
    if hint:
        return hint.slug, hint.name, None
    named = [n for n in draft.code_names if slugify(n) and not n.upper().startswith("LEGITEXT")]
    if named:
        slug = _guessed_slug(named[0])
        return (
            slug,
            named[0],
            f"code {named[0]!r} is not in the code table: code {slug!r} taken from its name",
        )
    folder = unknown_code_folder(path)
    if folder:
        return _from_folder(folder, "folder")
    votes: Counter[str] = Counter()
    for link in draft.links:
        # (what cites the article is mostly elsewhere: Tricoteuses' Code civil, 132 of 148 "faisant
        # référence" links from other codes; what it cites and its concordances, 175 of 176 in its own)
        if link.kind == LinkKind.CITED_BY:
            continue
        if link.target_text is not None and link.target_text.nature == "code" and link.target_article:
            votes[link.target_article.split("/")[0]] += 1
    for anchor in draft.anchors:
        target = anchor_target(anchor.href, anchor.title)
        if target:
            votes[target.split("/")[0]] += 1
    if votes:
        slug = votes.most_common(1)[0][0]
        code = find_code(slug)
        warning = f"no code named by the file or its folders: {slug!r} taken from its links to code articles"
        return slug, code.name if code else None, warning
    top = top_folder(path) if history else None
    if top:
        return _from_folder(top, "top folder")
    return (
        UNKNOWN_CODE,
        None,
        f"no code: neither the file nor its folders name one; id {UNKNOWN_CODE}/… (pass --code)",
    )


def _forced(override: str, path: str) -> tuple[str, str | None, None]:
    code = find_code(override)
    if code:
        return code.slug, code.name, None
    slug = slugify(override)
    if not slug:
        raise ParseError(f"--code {override!r} is not a code name or slug", path)
    return slug, override, None


def _guessed_slug(name: str) -> str:
    """The slug of a name the table does not know, short enough to be a folder of the git view."""
    return slugify(name)[:MAX_SLUG].rstrip("-")


def _from_folder(folder: str, what: str) -> tuple[str, str | None, str]:
    slug = _guessed_slug(folder)
    name = None if folder == slug else folder
    return slug, name, f"{what} {folder!r} is not in the code table: code {slug!r} taken from its name"


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
    draft: Draft,
    *,
    path: str,
    fmt: str,
    code: str | None = None,
    hint: Code | None = None,
    history: bool = False,
) -> Article:
    num = normalise_num(draft.num_label, path, draft.title_line)
    slug, name, warning = resolve_code(draft, path, code, hint, history)
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
        warnings=(warning,) if warning else (),
        damaged="; ".join(draft.damage) or None,
    )
