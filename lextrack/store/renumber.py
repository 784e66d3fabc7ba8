"""Migration 3: article numbers written by older lextracks ("19-quater", "Annexe-II-Tableau-10-bis",
"L245-5-1-A") rewritten in LEGI's spelling ("19 quater", "Annexe II Tableau 10 bis", "L245-5-1 A"), the one
citations resolve to, in every table (the git view, whose paths are the ids, is then written again)."""

from __future__ import annotations

import sqlite3

from lextrack.errors import ParseError
from lextrack.nums import normalise_num
from lextrack.vocab import LATIN_SUFFIXES, is_text_id

_LATIN = frozenset(LATIN_SUFFIXES)


def legacy_num(num: str) -> str:
    """An old hyphen-joined number in LEGI's spelling: a hyphen stays between two groups that hold digits
    ("L227-1", "10-10") and after a Latin suffix before digits ("quater-0"); elsewhere it joined words."""
    parts = [p.lower() if p.lower() in _LATIN else p for p in num.split("-")]
    out = parts[0]
    for left, right in zip(parts, parts[1:], strict=False):
        keep = (_has_digit(left) and _has_digit(right)) or (left in _LATIN and right.isdigit())
        out += ("-" if keep else " ") + right
    return out


def _has_digit(word: str) -> bool:
    return any(c.isdigit() for c in word)


def _from_title(title: str | None, old: str) -> str | None:
    """The number read again from the title a source gave, when it is the same number as `old`."""
    if not title:
        return None
    try:
        num = normalise_num(title)
    except ParseError:
        return None
    return num if num.replace(" ", "-").lower() == old.replace(" ", "-").lower() else None


def _new_id(article_id: str, title: str | None = None) -> str:
    if "/" not in article_id or is_text_id(article_id):
        return article_id
    code, _, num = article_id.rpartition("/")
    return f"{code}/{_from_title(title, num) or legacy_num(num)}"


def _has(conn: sqlite3.Connection, table: str) -> bool:
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (table,)).fetchone()
    return found is not None


def renumber_articles(conn: sqlite3.Connection) -> str | None:
    titles: dict[str, str] = {}
    if _has(conn, "ref_versions"):
        titles = dict(conn.execute("SELECT article_id, title FROM ref_versions WHERE title IS NOT NULL"))
    ids = [r[0] for r in conn.execute("SELECT id FROM articles")] if _has(conn, "articles") else []
    taken = set(ids)
    moves: dict[str, str] = {}
    for aid in ids:
        new = _new_id(aid, titles.get(aid))
        if new != aid and new not in taken:  # a clash would merge two articles: left as it was
            moves[aid] = new
            taken.add(new)
    for old, new in moves.items():
        num = new.rpartition("/")[2]
        conn.execute("UPDATE articles SET id=?, num=? WHERE id=?", (new, num, old))
        conn.execute("UPDATE versions SET article_id=? WHERE article_id=?", (new, old))
        conn.execute("UPDATE versions SET successor=? WHERE successor=?", (new, old))
        if _has(conn, "ref_versions"):
            conn.execute("UPDATE ref_versions SET article_id=?, num=? WHERE article_id=?", (new, num, old))
    edges = 0
    if _has(conn, "refs"):
        ends = {e for (e,) in conn.execute("SELECT source FROM refs UNION SELECT target FROM refs")}
        for end in ends:
            new = moves.get(end) or _new_id(end)
            if new != end:
                edges += conn.execute("UPDATE refs SET source=? WHERE source=?", (new, end)).rowcount
                edges += conn.execute("UPDATE refs SET target=? WHERE target=?", (new, end)).rowcount
        for old, new in moves.items():
            conn.execute("UPDATE refs SET article_id=? WHERE article_id=?", (new, old))
    return f"{len(moves)} article ids and {edges} edge ends respelled" if moves or edges else None
