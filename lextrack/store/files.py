"""Article files and snapshots -> observations, each file dated by the first rule that finds a date."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path, PurePosixPath

from lextrack.dates import UNFIXED, iso_or_none
from lextrack.errors import ParseError
from lextrack.model import Article, Link, LinkKind
from lextrack.store.edges import link_date
from lextrack.store.ingest_result import Damage, Rejection
from lextrack.store.labels import amending_label, nota_label, source_label
from lextrack.store.legi_chain import legi_observations
from lextrack.store.observation import Observation, hierarchy_json
from lextrack.store.subject_dates import FIRST_REAL_DAY, commit_dates, date_from_subject, publications
from lextrack.store.window import Window
from lextrack.vocab import LEGI_END_KINDS

_NAME_DATE = re.compile(r"@(\d{4}-\d{2}-\d{2})(?:_([0-9a-f]{7,40}))?")


def _version_subject(path: str) -> tuple[str | None, dict[str, str], str | None]:
    """The amending text of an exported version file, from the `index.tsv` its export folder keeps, the JORF
    dates the export's subjects give (as a history's other subjects do: subject_dates.publications), and its
    commit's committer date (None before 1970: a placeholder).

    corpus/*/versions/ name each file ID@DATE_commit and list the commit subject (the amending text) in
    index.tsv; without it the version would only say "Version du DATE".
    """
    here = Path(path).resolve()
    for folder in here.parents:
        table = _version_index(folder)
        if table is not None:
            name = here.relative_to(folder).as_posix()
            return table[0].get(name), table[1], table[2].get(name)
    return None, {}, None


@cache
def _version_index(folder: Path) -> tuple[dict[str, str], dict[str, str], dict[str, str]] | None:
    tsv = folder / "index.tsv"
    if not tsv.is_file():
        return None
    try:
        rows = list(csv.DictReader(tsv.read_text(encoding="utf-8").splitlines(), delimiter="\t"))
        subjects = {r["version_file"]: r["subject"] for r in rows if r.get("version_file") and r["subject"]}
        committed = {
            r["version_file"]: r["committer_date"][:10]
            for r in rows
            if r.get("version_file") and (r.get("committer_date") or "")[:10] >= FIRST_REAL_DAY
        }
        return subjects, publications(subjects.values()), committed
    except (OSError, UnicodeDecodeError, csv.Error, KeyError):
        return None


@dataclass(frozen=True, slots=True)
class FileDate:
    start: str
    source: str | None  # None: named afterwards, from the links that acted by then
    uncertain: bool = False
    text_date: str | None = None
    jorf_date: str | None = None
    legacy_start: str | None = None  # the start lextrack 0.1 gave (merge.redate)
    rule: str = ""


def own_dates(article: Article, path: str | None, today: str) -> FileDate | None:
    """Front matter or LEGI dates: the file says when its version took effect."""
    start = iso_or_none(article.start)
    return FileDate(start, None) if start else None


def _by_link(link: Link | None) -> FileDate | None:
    when = link_date(link) if link is not None else None
    if link is None or when is None:
        return None
    text = link.target_text
    return FileDate(when, link.label, False, text.date if text else None, text.jorf_date if text else None)


def last_modification(article: Article, path: str | None, today: str) -> FileDate | None:
    """ "Modifié par … JORF … en vigueur le …": the latest modification, by the day it took effect."""
    modified = [lk for lk in article.links if lk.kind == LinkKind.MODIFIED_BY and link_date(lk)]
    return _by_link(max(modified, key=lambda lk: link_date(lk) or "")) if modified else None


def creation(article: Article, path: str | None, today: str) -> FileDate | None:
    """ "Créé par …": an article never modified is in force since its creation took effect."""
    return _by_link(next((lk for lk in article.links if lk.kind == LinkKind.CREATED_BY), None))


def version_file_name(article: Article, path: str | None, today: str) -> FileDate | None:
    """`Article L227-1@2009-05-12_9ebff653.md`: a version exported from a git history, with the commit's
    date in its name and its subject in the export's index.tsv; dated as the history's commit would be."""
    named = _NAME_DATE.search(PurePosixPath(path).name) if path else None
    if named is None or not iso_or_none(named.group(1)):
        return None
    day = named.group(1)
    subject, published, committed = _version_subject(path) if path else (None, {}, None)
    placeholder = day < FIRST_REAL_DAY  # a pre-1970 placeholder (see subject_dates)
    if subject is None:
        label = f"Version du {day}" + (f" (commit {named.group(2)})" if named.group(2) else "")
        return FileDate(day, label, placeholder, rule="version_file_name")
    dates = commit_dates(subject, day, placeholder, published, committed)
    legacy = (date_from_subject(subject) or day) if placeholder else day
    return FileDate(
        dates.start, subject, dates.uncertain, dates.text_date, dates.jorf_date, legacy, "version_file_name"
    )


def nota(article: Article, path: str | None, today: str) -> FileDate | None:
    """ "Conformément au V de l'article 32 de la loi n° 2020-1576 …, entrent en vigueur le 1er janvier …"."""
    return FileDate(article.nota_in_force, nota_label(article.nota)) if article.nota_in_force else None


def ingest_day(article: Article, path: str | None, today: str) -> FileDate | None:
    """Nothing says when: the day of the ingest, flagged uncertain (merge.canonical folds such a copy into a
    version the store has dated)."""
    return FileDate(today, f"Date de l'ingestion ({today}) : le fichier ne donne pas de date", True)


# Tried in order; the first that dates the file wins.
DATING_RULES: tuple[Callable[[Article, str | None, str], FileDate | None], ...] = (
    own_dates, last_modification, creation, version_file_name, nota, ingest_day,
)  # fmt: skip


def date_file(article: Article, path: str | None, today: str) -> FileDate:
    for rule in DATING_RULES:
        found = rule(article, path, today)
        if found is not None:
            return found if found.rule else replace(found, rule=rule.__name__)
    raise AssertionError("ingest_day always dates")  # pragma: no cover


def file_observations(
    article: Article, today: str, as_of: str | None = None, path: str | None = None
) -> list[Observation]:
    """Versions one parsed file gives: its own text and dates, its LEGI VERSIONS, its metadata links.

    A file named like `Article L227-1@2009-05-12_9ebff653.md` (the ID@DATE form corpus/*/versions use)
    is the version in force from that date.
    """
    aid, code, num, hier = article.id, article.code, article.num, hierarchy_json(article)
    base = {"article_id": aid, "code": code, "num": num, "hierarchy": hier, "article": article}
    if as_of:
        return [
            Observation(
                **base,
                kind="text",
                start=as_of,
                text=article.text,
                origin="snapshot",
                source=f"Instantané au {as_of}",
            )
        ]
    out: list[Observation] = []
    links = article.links
    created = next((lk for lk in links if lk.kind == LinkKind.CREATED_BY), None)
    abrogated = next((lk for lk in links if lk.kind == LinkKind.ABROGATED_BY), None)
    transferred = next((lk for lk in links if lk.kind == LinkKind.TRANSFERRED_BY), None)
    successor = next(
        (
            lk.target_article
            for lk in links
            if lk.kind in (LinkKind.NEXT_TEXT, LinkKind.TRANSFERRED_BY) and lk.target_article
        ),
        None,
    )
    modified = [lk for lk in links if lk.kind == LinkKind.MODIFIED_BY and link_date(lk)]

    if article.versions and article.start:
        return legi_observations(article, base, successor)

    dated = date_file(article, path, today)
    start, source, uncertain = dated.start, dated.source, dated.uncertain
    when = {"text_date": dated.text_date, "jorf_date": dated.jorf_date, "legacy_start": dated.legacy_start}
    if source is None:  # dated by the file itself (front matter): name the text that acted last by then
        candidates = (*modified, *([created] if created else []))
        acted = [lk for lk in candidates if (link_date(lk) or "9") <= start]
        source = amending_label(article, start) or (
            max(acted, key=lambda lk: link_date(lk) or "").label if acted else None
        )
    origin = "legi" if article.format and "legi" in article.format else "file"
    if dated.rule == ingest_day.__name__:
        origin = "undated"  # a copy of a version the store may know already: see ingest.canonical
    if article.state == "MODIFIE_MORT_NE":
        out.append(
            Observation(
                **base,
                kind="text",
                start=start,
                end=iso_or_none(article.end),
                text=article.text,
                source=source,
                origin=origin,
                state="stillborn",
            )
        )
        return out
    out.append(
        Observation(
            **base,
            kind="text",
            start=start,
            text=article.text,
            source=source,
            uncertain=uncertain,
            origin=origin,
            **when,
        )
    )
    if origin != "undated":
        out += _earlier_life(article, base, start, origin)
    if transferred is not None and link_date(transferred):
        out.append(
            Observation(
                **base,
                kind="transfer",
                start=link_date(transferred),
                source=source_label(transferred),
                origin=origin,
                successor=successor,
            )
        )
    elif abrogated is not None and link_date(abrogated):
        out.append(
            Observation(
                **base, kind="abrogation", start=link_date(abrogated), source=abrogated.label, origin=origin
            )
        )
    elif (ended := own_end(article)) is not None:
        kind, day = ended
        out.append(
            Observation(
                **base, kind=kind, start=day, source=article.state, origin=origin, successor=successor
            )
        )
    return out


def own_end(article: Article) -> tuple[str, str] | None:
    """(row kind, day) when the file says its article ended (LEGI state ABROGE or TRANSFERE, and its end)."""
    end = iso_or_none(article.end)
    if end and end != UNFIXED and article.state in LEGI_END_KINDS:
        return LEGI_END_KINDS[article.state], end
    return None


def _earlier_life(article: Article, base: dict, start: str, origin: str) -> list[Observation]:
    """A version before the file's own, known by its date only, when the file's links date one.

    Code civil 1101 (Tricoteuses) starts on 2016-10-01 yet says it was codified by the Loi du 7 février
    1804: on 2010-01-01 it was in force with a text this file does not give, not "not yet in force". A
    creation (Créé par) outranks the code-wide codification link Légifrance puts on every article
    (L633-12: codified 1985, created by the ordonnance in force 1997-01-01: not in force in 1996).
    """
    created = [lk for lk in article.links if lk.kind == LinkKind.CREATED_BY and link_date(lk)]
    births = created or [lk for lk in article.links if lk.kind == LinkKind.CODIFIED_BY and link_date(lk)]
    if not births:
        return []
    first = min(births, key=lambda lk: link_date(lk) or "")
    born = link_date(first) or start
    if born >= start:
        return []
    return [
        Observation(**base, kind="text", start=born, text=None, source=first.label, origin=origin)
    ]






def read_files(
    files: list[Path], today: str, as_of: str | None = None, *, code: str | None = None, strict: bool = False
) -> Window:
    """Every file read and dated; one the parser cannot read is rejected (strict: ParseError), one cut short
    gives a damaged version. The same file met twice (by two paths to it) is read once."""
    from lextrack.store.articles import read_file
    from lextrack.store.blobs import check_size
    from lextrack.store.index import text_sha

    window = Window([])
    cache: dict[tuple[str, str], list[Observation]] = {}
    for f in files:
        try:
            try:
                check_size(f.stat().st_size, str(f))  # before reading: a huge file is never loaded
                data = f.read_bytes()
            except OSError as exc:
                raise ParseError(f"cannot read: {exc.strerror}", str(f)) from None
            key = (text_sha(data.decode("utf-8", errors="replace")), str(f))
            if key not in cache:
                cache[key] = _file_versions(read_file(data, str(f), code), today, as_of, str(f), window)
        except ParseError as exc:
            if strict:
                raise
            where = f"line {exc.line}: " if exc.line is not None else ""
            window.rejected.append(Rejection(str(f), where + exc.problem))
            continue
        window.observations += cache[key]
    return window


def _file_versions(
    article: Article, today: str, as_of: str | None, path: str, window: Window
) -> list[Observation]:
    window.warnings.update(article.warnings)
    obs = file_observations(article, today, as_of, path)
    cut = article.damaged
    if not cut:
        return obs
    # the version of the file's own text is the one cut short
    obs = [replace(o, damaged=cut) if o.kind == "text" and o.text == article.text else o for o in obs]
    window.damaged += [Damage(o.article_id, o.start, path, cut) for o in obs if o.damaged]
    return obs


def today_iso() -> str:
    return date.today().isoformat()


def date_successors(obs: list[Observation]) -> list[Observation]:
    """An undated article that a transfer names as its successor starts with that transfer."""
    transfers = {o.successor: o for o in obs if o.kind == "transfer" and o.successor}
    if not transfers:
        return obs
    out = []
    for o in obs:
        t = transfers.get(o.article_id)
        if t is not None and o.kind == "text" and o.origin == "undated":
            o = replace(o, start=t.start, source=t.source, uncertain=t.uncertain, origin="file")
        out.append(o)
    return out


def article_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files `lextrack parse` reads: one walk of folders for both."""
    from lextrack.parser import iter_article_files

    return iter_article_files(paths)
