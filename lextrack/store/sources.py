"""Where versions come from: git histories (repos or bundles), LEGI XML, article files, snapshots.

Each source yields observations ("this article had this text from this date, by this text") keyed by article
id, never by path; ingest.py merges them into the index. Blobs are parsed once each (cache by blob sha).
"""

from __future__ import annotations

import csv
import json
import multiprocessing as mp
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from datetime import date
from functools import cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from lextrack.dates import UNFIXED, iso_or_none
from lextrack.errors import ParseError, StoreError
from lextrack.model import Article, LinkKind
from lextrack.store.articles import is_article_path, read_article
from lextrack.store.gitrepo import DATE_TRAILER, NO_TEXT, TRANSFER_TRAILER, UNCERTAIN_TRAILER, git_env
from lextrack.store.refs import LEGI_STATES
from lextrack.store.refs import link_date as _link_date
from lextrack.store.subject_dates import date_from_subject, is_placeholder

if TYPE_CHECKING:  # GitPython costs ~0.1 s to import: only the commands that read git pay it
    import git


@dataclass(frozen=True, slots=True)
class Observation:
    article_id: str
    code: str
    num: str
    kind: str  # text, abrogation, transfer
    start: str
    text: str | None = None
    source: str | None = None
    uncertain: bool = False
    origin: str = "file"
    seq: int = 0
    end: str | None = None  # explicit end (LEGI DATE_FIN) when no successor is known
    state: str | None = None  # "stillborn" for MODIFIE_MORT_NE
    successor: str | None = None
    hierarchy: str = "[]"
    article: Article | None = field(default=None, compare=False, repr=False)  # the parsed file, for refs
    refs: list | None = field(default=None, compare=False, repr=False)  # refs.ref_row tuples, by a worker


def hierarchy_json(article: Article) -> str:
    return json.dumps([list(h) for h in article.hierarchy], ensure_ascii=False)


def check_size(size: int, path: str) -> None:
    """Refuse a file the parser would refuse, before its bytes are read."""
    try:
        from lextrack.parser import MAX_BYTES
    except ImportError:  # pragma: no cover
        MAX_BYTES = 5 * 1024 * 1024  # noqa: N806
    if size > MAX_BYTES:
        raise ParseError(f"file larger than {MAX_BYTES // (1024 * 1024)} MB ({size} bytes)", path)


# --- git histories ----------------------------------------------------------------------------------


@contextmanager
def opened_history(repo_or_bundle: Path) -> Iterator[git.Repo]:
    """A GitPython repo for a repository path or a bundle (cloned bare into a temporary folder)."""
    import git

    if not repo_or_bundle.exists():
        raise StoreError(f"{repo_or_bundle}: no such repository or bundle")
    if repo_or_bundle.is_file():
        tmp = Path(tempfile.mkdtemp(prefix="lextrack-bundle-"))
        try:
            proc = subprocess.run(
                ["git", "clone", "--bare", "-q", "--", str(repo_or_bundle.resolve()), str(tmp / "repo.git")],
                capture_output=True,
                env=git_env(),
            )
            if proc.returncode != 0:
                raise StoreError(f"{repo_or_bundle}: not a git bundle ({proc.stderr.decode().strip()})")
            repo = git.Repo(str(tmp / "repo.git"))
            try:
                yield repo
            finally:
                repo.close()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    else:
        try:
            repo = git.Repo(str(repo_or_bundle))
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise StoreError(f"{repo_or_bundle}: not a git repository") from None
        try:
            yield repo
        finally:
            repo.close()


_SEP = "\x1e"


def git_history(
    repo_or_bundle: Path, branch: str | None = None, under: str | None = None
) -> list[Observation]:
    """Every article change of a history, dated by author date (or the subject/trailer date before 1970)."""
    import git

    with opened_history(repo_or_bundle) as repo:
        rev = branch or "HEAD"
        try:
            repo.git.rev_parse("--verify", "-q", rev + "^{commit}")
        except git.GitCommandError:
            raise StoreError(f"{repo_or_bundle}: no branch {rev!r}") from None
        fmt = (
            f"{_SEP}%H%x1f%at%x1f%ad%x1f%s%x1f%(trailers:key={DATE_TRAILER},valueonly,separator=%x2c)"
            f"%x1f%(trailers:key={UNCERTAIN_TRAILER},valueonly,separator=%x2c)"
            f"%x1f%(trailers:key={TRANSFER_TRAILER},valueonly,separator=%x2c)"
        )
        args = [
            "-c",
            "core.quotePath=false",
            "log",
            rev,
            "--reverse",
            "--topo-order",
            "--first-parent",
            "--diff-merges=first-parent",
            "--no-renames",
            "--raw",
            "--no-abbrev",
            "--date=format:%Y-%m-%d",
            f"--format={fmt}",
        ]
        if under:
            args += ["--", under.strip("/")]
        proc = subprocess.run(["git", "--git-dir", repo.git_dir, *args], capture_output=True, env=git_env())
        if proc.returncode != 0:
            raise StoreError(f"{repo_or_bundle}: git log failed: {proc.stderr.decode().strip()}")
        return list(_observations(repo, proc.stdout.decode("utf-8", errors="replace")))


def _observations(repo: git.Repo, log: str) -> Iterator[Observation]:
    cache: dict[tuple[str, str], Article] = {}
    live: dict[str, tuple[Article, list | None]] = {}  # path -> article shown there now, and its edges
    id_paths: dict[str, set[str]] = {}  # one article may sit at two paths (steeve: two folders)
    odb = repo.odb
    added = _added_blobs(log)
    computed: dict[tuple[str, str], list] = {}
    failed: dict[tuple[str, str], ParseError] = {}
    blobs: dict[str, bytes] = {}
    if len(added) >= parallel_threshold() and workers() > 1:
        cache, computed, failed = parse_in_parallel(repo.git_dir, added)
    else:
        blobs = _read_blobs(repo.git_dir, [b for b, _ in added])  # one git process, not one per blob

    def parse(blob: str, path: str) -> Article:
        key = (blob, path.rsplit("/", 1)[0])
        art = cache.get(key)
        if art is None:
            if key in failed:
                raise failed[key]
            data = blobs.get(blob)
            if data is None:  # an old blob only a deletion names
                stream = odb.stream(bytes.fromhex(blob))
                check_size(stream.size, path)
                data = stream.read()
            else:
                check_size(len(data), path)
            art = read_article(data, path)
            cache[key] = art
        return art

    for seq, chunk in enumerate(log.split(_SEP)[1:]):
        head, _, raw = chunk.partition("\n")
        sha, ts, day, subject, trailer_date, trailer_uncertain, trailer_transfers = head.split("\x1f")
        successors = {
            old.strip(): None if new.strip() in ("", "?") else new.strip()
            for old, sep, new in (t.partition("->") for t in trailer_transfers.split(","))
            if sep
        }
        uncertain = False
        if trailer_date.strip():
            day = trailer_date.strip().split(",")[0]
            uncertain = bool(trailer_uncertain.strip())
        elif is_placeholder(int(ts)):
            found = date_from_subject(subject)
            if found:
                day = found
            else:
                uncertain = True
        present: dict[str, Observation] = {}
        gone: dict[str, Observation] = {}
        for line in raw.splitlines():
            if not line.startswith(":"):
                continue
            meta, _, path = line.partition("\t")
            path = unquote_git_path(path)
            if not is_article_path(path):
                continue
            _m1, _m2, old, new, status = meta[1:].split()
            try:
                if status[0] == "D":
                    held = live.pop(path, None)
                    dead = held[0] if held else parse(old, path)
                    art_id = dead.id
                    id_paths.get(art_id, set()).discard(path)
                    gone[art_id] = Observation(
                        art_id,
                        dead.code,
                        dead.num,
                        "transfer" if art_id in successors else "abrogation",
                        day,
                        source=subject,
                        uncertain=uncertain,
                        origin="git",
                        seq=seq,
                        successor=successors.get(art_id),
                    )
                    continue
                art = parse(new, path)
            except ParseError as exc:
                raise ParseError(f"{exc.problem} (commit {sha[:10]})", path, exc.line) from None
            edges = computed.get((new, path.rsplit("/", 1)[0]))
            live[path] = (art, edges)
            id_paths.setdefault(art.id, set()).add(path)
            own = art.format == "lextrack-store"  # a file this store wrote: its front matter is exact
            present[art.id] = Observation(
                art.id,
                art.code,
                art.num,
                "text",
                day,
                # a store's own file keeps the end its source gave (a LEGI DATE_FIN before a gap)
                end=art.end if own else None,
                text=None if own and art.text == NO_TEXT else art.text,
                source=subject,
                uncertain=uncertain,
                origin="git",
                seq=seq,
                hierarchy=hierarchy_json(art),
                article=art,
                refs=edges,
            )
        # A file moved to another folder is a delete and an add of the same id: not an abrogation; nor
        # is deleting one of two copies: the article is then what the remaining copy says.
        for art_id, obs in gone.items():
            if art_id in present:
                continue
            others = sorted(id_paths.get(art_id, ()))
            if not others:
                yield obs
                continue
            art, edges = live[others[0]]
            yield replace(
                obs, kind="text", text=art.text, hierarchy=hierarchy_json(art), article=art, refs=edges
            )
        yield from present.values()


def _added_blobs(log: str) -> list[tuple[str, str]]:
    """(blob, path) of each distinct (blob, folder) an article addition or change of `git log --raw` shows:
    what the parser is given (the folder names the code and the sections)."""
    seen: dict[tuple[str, str], str] = {}
    for line in log.splitlines():
        if line.startswith(":") and "\t" in line:
            meta, _, path = line.partition("\t")
            fields = meta.split()
            path = unquote_git_path(path)
            if fields[4][0] != "D" and is_article_path(path):
                seen.setdefault((fields[3], path.rsplit("/", 1)[0]), path)
    return [(blob, path) for (blob, _), path in seen.items()]


# --- parsing on every core ------------------------------------------------------------------------------


def workers() -> int:
    """Processes for parsing: LEXTRACK_WORKERS, else one per core."""
    env = os.environ.get("LEXTRACK_WORKERS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    return os.cpu_count() or 1


def parallel_threshold() -> int:
    """Below this many distinct files, starting processes costs more than it saves."""
    env = os.environ.get("LEXTRACK_PARALLEL_MIN", "").strip()
    return int(env) if env.isdigit() else 2000


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


_Parsed = tuple[tuple | None, list | None, tuple | None]  # (article fields, edge fields, error)


def _parse_chunk(git_dir: str, chunk: list[tuple[str, str]]) -> list[_Parsed]:
    """Worker: read its files from git itself (decompression is parallel too) and parse each."""
    blobs = _read_blobs(git_dir, [b for b, _ in chunk])
    return [_parse_one(blobs[b], p) if b in blobs else (None, None, None) for b, p in chunk]


def _parse_one(data: bytes, path: str) -> _Parsed:
    """Parse one file and extract its edges; it computes only, the parent writes everything.

    What goes back is what the parent uses, as plain tuples (a tenth of the pickling cost of the objects):
    the article without its clause tree and markup (the edges, computed here, were all the parent needed
    them for) and each edge as the row the parent inserts.
    """
    try:
        art = read_article(data, path)
    except ParseError as exc:
        return None, None, (exc.problem, exc.path, exc.line)
    dropped = {"clauses": (), "html": None}
    slim = tuple(dropped[f] if f in dropped else getattr(art, f) for f in _field_names(Article))
    try:
        from lextrack.store import refs
    except ImportError:  # pragma: no cover - the graph is optional
        return slim, None, None
    edges = [refs.ref_row(r) for r in refs.refs_of(art, None, None)]
    return slim, edges, None


def parse_in_parallel(
    git_dir: str, added: list[tuple[str, str]]
) -> tuple[dict[tuple[str, str], Article], dict[tuple[str, str], list], dict[tuple[str, str], ParseError]]:
    """Every (blob, folder) parsed, and its edges extracted, by a pool of processes; results come back in
    input order, so the history built from them is the same as a serial run's. A file the parser refuses
    is kept as its error, raised when the history reaches it (so the message names the commit); one git
    does not give (too large) is left to the caller, which refuses it by its size."""
    articles: dict[tuple[str, str], Article] = {}
    computed: dict[tuple[str, str], list] = {}
    failed: dict[tuple[str, str], ParseError] = {}
    n = workers()
    size = max(16, len(added) // (n * 8))
    chunks = [added[i : i + size] for i in range(0, len(added), size)]
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=n, mp_context=ctx) as pool:
        done = pool.map(_parse_chunk, [git_dir] * len(chunks), chunks)
        for (blob, path), (slim, edges, err) in zip(added, (r for rs in done for r in rs), strict=True):
            key = (blob, path.rsplit("/", 1)[0])
            if err is not None:
                failed[key] = ParseError(*err)
            elif slim is not None:
                articles[key] = Article(*slim)
                if edges is not None:
                    computed[key] = edges
    return articles, computed, failed


def _read_blobs(git_dir: str, shas: list[str]) -> dict[str, bytes]:
    """Blobs by sha with one `git cat-file --batch`: a blob larger than the parser takes is left out (the
    caller's check_size then refuses it by its size, from the object store)."""
    try:
        from lextrack.parser import MAX_BYTES
    except ImportError:  # pragma: no cover
        MAX_BYTES = 5 * 1024 * 1024  # noqa: N806
    sizes = _cat_file(git_dir, "--batch-check", shas)
    shas = [s for s, line in zip(shas, sizes.splitlines(), strict=True) if _small(line, MAX_BYTES)]
    if not shas:
        return {}
    out = _cat_file(git_dir, "--batch", shas)
    blobs: dict[str, bytes] = {}
    pos = 0
    for sha in shas:
        nl = out.index(b"\n", pos)
        head = out[pos:nl].split()
        if len(head) < 3 or head[1] != b"blob":  # "<sha> missing"
            pos = nl + 1
            continue
        size = int(head[2])
        blobs[sha] = out[nl + 1 : nl + 1 + size]
        pos = nl + 1 + size + 1
    return blobs


def _small(check_line: bytes, limit: int) -> bool:
    head = check_line.split()
    return len(head) == 3 and head[1] == b"blob" and int(head[2]) <= limit


def _cat_file(git_dir: str, mode: str, shas: list[str]) -> bytes:
    proc = subprocess.run(
        ["git", "--git-dir", git_dir, "cat-file", mode, "--buffer"],
        input="".join(s + "\n" for s in shas).encode(),
        capture_output=True,
        env=git_env(),
    )
    if proc.returncode != 0:
        raise StoreError(f"{git_dir}: git cat-file failed: {proc.stderr.decode().strip()}")
    return proc.stdout


def unquote_git_path(path: str) -> str:
    """A path as `git log --raw` prints it, C-quoted when it holds bytes it does not print as is."""
    if len(path) >= 2 and path[0] == '"' and path[-1] == '"':
        raw = path[1:-1].encode("latin-1", errors="backslashreplace").decode("unicode_escape")
        return raw.encode("latin-1").decode("utf-8", errors="replace")
    return path


# --- article files (any format the parser reads, LEGI XML included) ---------------------------------


def _source_label(link) -> str:  # noqa: ANN001
    label = link.label
    for prefix in ("TRANSFERE:", "TRANSFERE :"):
        if label.startswith(prefix):
            label = label[len(prefix) :].strip()
    return label


# LEGI states that end an article: the observation kind each makes (from the store's reading of the states).
_LEGI_END_KIND = {
    etat: "transfer" if state == "transferred" else "abrogation"
    for etat, state in LEGI_STATES.items()
    if state in ("abrogated", "transferred")
}


_NAME_DATE = re.compile(r"@(\d{4}-\d{2}-\d{2})(?:_([0-9a-f]{7,40}))?")


def _version_subject(path: str) -> str | None:
    """The amending text of an exported version file, from the `index.tsv` its export folder keeps.

    corpus/*/versions/ name each file ID@DATE_commit and list the commit subject (the amending text) in
    index.tsv; without it the version would only say "Version du DATE".
    """
    here = Path(path).resolve()
    for folder in here.parents:
        table = _version_index(folder)
        if table is not None:
            return table.get(here.relative_to(folder).as_posix())
    return None


@cache
def _version_index(folder: Path) -> dict[str, str] | None:
    tsv = folder / "index.tsv"
    if not tsv.is_file():
        return None
    try:
        rows = csv.DictReader(tsv.read_text(encoding="utf-8").splitlines(), delimiter="\t")
        return {r["version_file"]: r["subject"] for r in rows if r.get("version_file") and r.get("subject")}
    except (OSError, UnicodeDecodeError, csv.Error, KeyError):
        return None


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
    modified = [lk for lk in links if lk.kind == LinkKind.MODIFIED_BY and _link_date(lk)]

    if article.versions and article.start:
        return _legi_observations(article, base, successor)

    start = iso_or_none(article.start)
    source = None
    uncertain = False
    if start is None and modified:
        last = max(modified, key=lambda lk: _link_date(lk) or "")
        start, source = _link_date(last), last.label
    if start is None and created is not None and _link_date(created):
        start, source = _link_date(created), created.label
    named = _NAME_DATE.search(PurePosixPath(path).name) if path else None
    if start is None and named and iso_or_none(named.group(1)):
        start = named.group(1)
        subject = _version_subject(path) if path else None
        source = subject or f"Version du {start}" + (f" (commit {named.group(2)})" if named.group(2) else "")
        uncertain = start < "1970-02-15"  # a pre-1970 placeholder (see subject_dates)
        if uncertain and subject and (recovered := date_from_subject(subject)):
            start, uncertain = recovered, False
    if start is None and article.nota_in_force:
        start, source = article.nota_in_force, _nota_label(article.nota)
    if start is None:
        start, source, uncertain = (
            today,
            f"Date de l'ingestion ({today}) : le fichier ne donne pas de date",
            True,
        )
    if source is None:  # dated by the file itself (front matter): name the text that acted last by then
        candidates = (*modified, *([created] if created else []))
        acted = [lk for lk in candidates if (_link_date(lk) or "9") <= start]
        source = _amending_label(article, start) or (
            max(acted, key=lambda lk: _link_date(lk) or "").label if acted else None
        )
    origin = "legi" if article.format and "legi" in article.format else "file"
    if start == today and uncertain:
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
        )
    )
    if origin != "undated":
        out += _earlier_life(article, base, start, origin)
    end = iso_or_none(article.end)
    if transferred is not None and _link_date(transferred):
        out.append(
            Observation(
                **base,
                kind="transfer",
                start=_link_date(transferred),
                source=_source_label(transferred),
                origin=origin,
                successor=successor,
            )
        )
    elif abrogated is not None and _link_date(abrogated):
        out.append(
            Observation(
                **base, kind="abrogation", start=_link_date(abrogated), source=abrogated.label, origin=origin
            )
        )
    elif end and end != UNFIXED and article.state in _LEGI_END_KIND:
        out.append(
            Observation(
                **base,
                kind=_LEGI_END_KIND[article.state],
                start=end,
                source=article.state,
                origin=origin,
                successor=successor,
            )
        )
    return out


def _earlier_life(article: Article, base: dict, start: str, origin: str) -> list[Observation]:
    """A version before the file's own, known by its date only, when the file's links date one.

    Code civil 1101 (Tricoteuses) starts on 2016-10-01 yet says it was codified by the Loi du 7 février
    1804: on 2010-01-01 it was in force with a text this file does not give, not "not yet in force". A
    creation (Créé par) outranks the code-wide codification link Légifrance puts on every article
    (L633-12: codified 1985, created by the ordonnance in force 1997-01-01: not in force in 1996).
    """
    created = [lk for lk in article.links if lk.kind == LinkKind.CREATED_BY and _link_date(lk)]
    births = created or [lk for lk in article.links if lk.kind == LinkKind.CODIFIED_BY and _link_date(lk)]
    if not births:
        return []
    first = min(births, key=lambda lk: _link_date(lk) or "")
    born = _link_date(first) or start
    if born >= start:
        return []
    return [
        Observation(**base, kind="text", start=born, text=None, source=first.label, origin=origin)
    ]


def _legi_observations(article: Article, base: dict, successor: str | None) -> list[Observation]:
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
        src = _amending_label(article, start) or (f"LEGI {legi_id}" if legi_id else "LEGI")
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
        if end and end != UNFIXED and state in _LEGI_END_KIND:
            out.append(
                Observation(
                    **base,
                    kind=_LEGI_END_KIND[state],
                    start=end,
                    source=_ending_label(article, state) or state,
                    origin="legi",
                    successor=successor if state == "TRANSFERE" else None,
                )
            )
    return out


def _nota_label(nota: str | None) -> str:
    """The amending text a NOTA names ("Loi n° 2020-1576 … - art. 32 (NOTA)"), else the NOTA cut short.

    A NOTA that sets an entry into force says which text decided it; that text, not the NOTA's wording, is
    what a reader of `history` or `log` wants to see as the version's source.
    """
    from lextrack.citations import extract

    text = " ".join((nota or "").split())
    for citation in extract(text):
        if citation.kind == "text" and citation.text is not None:
            named = citation.matched
            start = named.find(citation.text.nature) if citation.text.nature else -1
            label = named[start:] if start > 0 else named
            label = label[:1].upper() + label[1:]
            if citation.text.article:
                label += f" - art. {citation.text.article}"
            return label + " (NOTA)"
    return "NOTA : " + (text[:117] + "…" if len(text) > 118 else text) if text else "NOTA"


def _amending_label(article: Article, start: str) -> str | None:
    """The Créé par / Modifié par line whose text came into force (or was published) on `start`."""
    for link in article.links:
        if link.kind not in (LinkKind.CREATED_BY, LinkKind.MODIFIED_BY):
            continue
        t = link.target_text
        dates = {link.date, t.in_force_date if t else None, t.jorf_date if t else None}
        if start in dates:
            return link.label
    return None


def _ending_label(article: Article, state: str) -> str | None:
    """The Abrogé par / TRANSFERE line that ended the article, for LEGI's ABROGE / TRANSFERE versions."""
    kind = LinkKind.TRANSFERRED_BY if state == "TRANSFERE" else LinkKind.ABROGATED_BY
    link = next((lk for lk in article.links if lk.kind == kind), None)
    return _source_label(link) if link else None


def today_iso() -> str:
    return date.today().isoformat()
