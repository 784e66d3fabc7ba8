"""Where an article sits: the code and the (level, title) sections, from its path or its section READMEs.

The three real layouts name folders after sections ("livre-ii", "Livre 2", "livre_iii") below a folder
named after the code ("code-de-commerce", "Code De La Sécurité Sociale"); Tricoteuses has no code folder
in its data dir, but its repository is named after the code ("code_civil", here "tricoteuses-code-civil").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path, PurePosixPath

from lextrack.codes import Code, find_code_folder, slugify

# Longest first so "sous-section" wins over "section".
LEVELS = (
    "sous-paragraphe", "sous-section", "sous-titre", "partie", "livre", "titre", "chapitre", "section",
    "paragraphe", "annexes", "annexe", "tableau",
)  # fmt: skip
_ROMAN = re.compile(r"^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})(er)?$", re.I)


@lru_cache(maxsize=8192)  # folder names repeat across a history's thousands of files
def level_of(title: str) -> str | None:
    """ "Livre II : …" -> "livre"; "sous-titre_ier" -> "sous-titre"; None when not a section name."""
    slug = slugify(title)
    for level in LEVELS:
        if slug == level or slug.startswith(level + "-"):
            return "annexe" if level == "annexes" else level
    return None


@lru_cache(maxsize=8192)
def code_of_folder(name: str) -> Code | None:
    """A folder named after a code, or ending with one after a prefix: "tricoteuses-code-civil"."""
    slug = slugify(name)
    if not slug:
        return None
    hit = find_code_folder(slug)
    if hit:
        return hit
    tokens = slug.split("-")
    for i in range(1, len(tokens)):
        if tokens[i] == "code":
            hit = find_code_folder("-".join(tokens[i:]))
            if hit:
                return hit
    return None


def _parts(path: str) -> list[str]:
    return [p for p in PurePosixPath(path.replace("\\", "/")).parts if p not in ("/", "")]


def _folders(path: str) -> tuple[str, ...]:
    """The folder names above the file, cached by the folder's path: a history's files share a few hundred
    folders, and splitting each path again was a sixth of parse time. In NFC: a history committed from
    macOS may spell "Sécurité" decomposed (NFD), which must not make another section title."""
    folder, _, name = path.replace("\\", "/").rpartition("/")
    if name in ("", ".", ".."):
        return tuple(unicodedata.normalize("NFC", p) for p in _parts(path)[:-1])
    return _folder_parts(folder)


@lru_cache(maxsize=8192)
def _folder_parts(folder: str) -> tuple[str, ...]:
    return tuple(unicodedata.normalize("NFC", p) for p in _parts(folder))


def code_from_path(path: str) -> Code | None:
    """The code named by the folder closest to the file (see _code_folder)."""
    found = _code_folder(_folders(path))
    return found[1] if found is not None else None


@lru_cache(maxsize=8192)
def _code_folder(parts: tuple[str, ...]) -> tuple[int, Code] | None:
    """(index, code) of the folder that names the files' code: the closest named after it whole ("Code Des
    Communes"), else the farthest ending with its name ("tricoteuses-code-civil"). A section's title may end
    with another code's name: the Code des communes' "Taxes, Redevances Ou Versements Autres Que Ceux Prévus
    Par Le Code Général Des Impôts" holds Code des communes articles, not the CGI's."""
    for i in range(len(parts) - 1, -1, -1):
        hit = find_code_folder(slugify(parts[i]))
        if hit:
            return i, hit
    for i in range(len(parts)):
        hit = code_of_folder(parts[i])
        if hit:
            return i, hit
    return None


def unknown_code_folder(path: str) -> str | None:
    """The folder closest to the file named like a code the table does not know ("Code Des Douanes De
    Mayotte", "code-forestier-de-mayotte"), or None."""
    return _unknown_code_in(_folders(path))


@lru_cache(maxsize=8192)
def _unknown_code_in(parts: tuple[str, ...]) -> str | None:
    for part in reversed(parts):
        slug = slugify(part)
        if slug.startswith("code-") and level_of(part) is None and code_of_folder(part) is None:
            return part
    return None


def top_folder(path: str) -> str | None:
    """The top folder of a path in a history, where histories put one folder per code; None for an
    absolute path, a section folder or none. etalab's "codes-en-vigueur" holds code folders: the next."""
    if path.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", path):
        return None
    parts = [p for p in _folders(path) if p != "."]
    if parts and slugify(parts[0]).startswith("codes-"):
        parts = parts[1:]
    if not parts or parts[0] == ".." or not slugify(parts[0]) or _is_section(parts[0]):
        return None
    return parts[0]


def _is_section(folder: str) -> bool:
    """A section folder ("Livre 2", "livre_iii", "Titre Ier"), not a text named like one ("Livre Des
    Procédures Fiscales"): the level word is followed by its number, not by "des", "de la"…"""
    level = level_of(folder)
    if level is None:
        return False
    words = slugify(folder).split("-")
    after = words[len(level.split("-")) :]  # "sous-section-2" -> ["2"]
    return not after or after[0] not in ("de", "des", "du", "d", "la", "le", "les", "l")


@lru_cache(maxsize=8192)
def _title_from_folder(name: str) -> str:
    words = [w for w in re.split(r"[-_\s]+", name) if w]
    out = []
    for i, w in enumerate(words):
        if _ROMAN.match(w) and w.lower() not in ("di", "dl", "mi", "mil", "cd", "mm", "ml", "cl", "dc"):
            m = _ROMAN.match(w)
            base = w[: len(w) - 2] if m and m.group(4) else w
            out.append(base.upper() + ("er" if m and m.group(4) else ""))
        elif i == 0:
            out.append(w[:1].upper() + w[1:])
        else:
            out.append(w)
    title = " ".join(out)
    return re.sub(r"^Sous (\w)", r"Sous-\1", title)


def hierarchy_from_path(path: str) -> list[tuple[str, str]]:
    """(level, title) for each section folder between the code folder (if any) and the file."""
    return list(_hierarchy_of(_folders(path)))


@lru_cache(maxsize=8192)
def _hierarchy_of(parts: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    start = 0
    found = _code_folder(parts)
    if found is not None:
        start = found[0] + 1
    else:  # a code folder the table does not know: the same sections below it as below a known one
        unknown = _unknown_code_in(parts)
        if unknown is not None:
            start = len(parts) - parts[::-1].index(unknown)
    out: list[tuple[str, str]] = []
    for part in parts[start:]:
        level = level_of(part)
        if level is None:
            if start and out:  # a named division below the code folder ("Dispositions communes …")
                out.append(("division", part))
            continue
        title = part if any(c.isupper() for c in part) or " " in part else _title_from_folder(part)
        out.append((level, title))
    return tuple(out)


_H1 = re.compile(r"^\s*(?:#\s+(?P<md>.+?)\s*#*\s*$|<h1>(?P<html>.*?)</h1>)", re.M)


def readme_title(folder: str) -> str | None:
    """The title a section README gives its folder ("# LIVRE II : …" or "<h1>Titre III : …</h1>")."""
    readme = Path(folder) / "README.md"
    try:
        st = readme.stat()
    except OSError:
        return None
    if st.st_size > 1_000_000:
        return None
    return _readme_title(str(readme), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=4096)
def _readme_title(readme: str, mtime_ns: int, size: int) -> str | None:
    """Cached per file version: a corpus walk reads each README once, an edited README is read again."""
    try:
        text = Path(readme).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    m = _H1.search(text)
    if not m:
        return None
    title = " ".join((m.group("md") or m.group("html") or "").split())
    return title or None


def with_readme_titles(path: str, hierarchy: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Replace folder-derived titles by the titles of the section READMEs next to the file, if any."""
    if not hierarchy:
        return hierarchy
    folders = list(Path(path).parents)
    titles: list[tuple[str, str]] = []
    for folder in folders:
        title = readme_title(str(folder))
        if title is None or level_of(title) is None:
            if titles or folder.name == "":
                break
            continue
        titles.append((level_of(title) or "division", title))
    titles.reverse()
    if not titles:
        return hierarchy
    # The READMEs cover the deepest levels; keep folder-derived ones above them.
    keep = hierarchy[: max(0, len(hierarchy) - len(titles))]
    return keep + titles


def readme_code(path: str, depth: int = 12) -> Code | None:
    """A code named by the title of a README above the file ("<h1>Code civil</h1>" at a data root)."""
    for i, folder in enumerate(Path(path).parents):
        if i >= depth:
            break
        title = readme_title(str(folder))
        if title:
            code = code_of_folder(title)
            if code:
                return code
    return None
