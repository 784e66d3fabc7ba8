"""LEGI: one file's VERSIONS list -> the article's versions, chained by their dates."""

from __future__ import annotations

from lextrack.dates import UNFIXED, iso_or_none
from lextrack.model import Article
from lextrack.store.labels import amending_label, ending_label
from lextrack.store.observation import Observation
from lextrack.vocab import LEGI_END_KINDS


def legi_observations(article: Article, base: dict, successor: str | None) -> list[Observation]:
    """LEGI: the file's own version has text; its VERSIONS list dates the others (chained by dates)."""
    out: list[Observation] = []
    own_start = iso_or_none(article.start)
    seen_own = False
    versions = list(article.versions)
    entries = []
    for v in versions:
        start = iso_or_none(v.get("debut") or v.get("start"))
        if not start:
            continue
        end = iso_or_none(v.get("fin") or v.get("end"))
        state = (v.get("etat") or v.get("state") or "").upper()
        own = v.get("id") == article.legi_id if article.legi_id and v.get("id") else start == own_start
        entries.append((start, end, state, own, v.get("id")))
    if not any(e[3] for e in entries) and own_start:
        entries.append(
            (own_start, iso_or_none(article.end), (article.state or "").upper(), True, article.legi_id)
        )
    entries.sort()
    for start, end, state, own, legi_id in entries:
        seen_own = seen_own or own
        text = article.text if own else None
        src = amending_label(article, start) or (f"LEGI {legi_id}" if legi_id else "LEGI")
        if state == "MODIFIE_MORT_NE":
            out.append(
                Observation(
                    **base,
                    kind="text",
                    start=start,
                    end=end,
                    text=text,
                    source=src,
                    origin="legi",
                    state="stillborn",
                )
            )
            continue
        out.append(
            Observation(
                **base,
                kind="text",
                start=start,
                end=end if state == "MODIFIE" else None,
                text=text,
                source=src,
                origin="legi",
                uncertain=start == UNFIXED,
            )
        )
        if end and end != UNFIXED and state in LEGI_END_KINDS:
            out.append(
                Observation(
                    **base,
                    kind=LEGI_END_KINDS[state],
                    start=end,
                    source=ending_label(article, state) or state,
                    origin="legi",
                    successor=successor if state == "TRANSFERE" else None,
                )
            )
    return out


