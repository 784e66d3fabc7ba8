"""Where each article's file lives in the git view: `<code>/<folder>/<num>.md`, one folder per chapter.

A flat `<code>/<num>.md` made git write a code's whole folder again at every commit touching it: the Code de
la santé publique's 12 000 files, 85 million tree entries for steeve's 64 codes, three quarters of git's
work. A folder per chapter cuts that ninefold, and keeps each folder under GitHub's 1 000-entry listing:
- a number with a chapter ("L1242-2", "R*125-7", "LO6251-18", "694-1") goes in its chapter's folder, the
  part before the first dash ("L1242", "R*125", "LO6251", "694"), as the codes number their chapters;
- a bare number ("1240", "268 ter", "L40", "1043 A") goes in its hundred ("1200-1299", "200-299",
  "L0-99", "1000-1099"), the Code civil's or the Code général des impôts' way;
- anything else ("Annexe II", "TABLEAU 77", "preliminaire") in a folder named for its first word, in lower
  case ("annexe", "tableau", "preliminaire").
"""

from __future__ import annotations

import re
from functools import lru_cache

_NUMBERED = re.compile(r"([A-Z]*\*?[A-Z]*)(\d+)(-?)")
_WORD = re.compile(r"[^\W\d_]+")
HUNDRED = 100


def file_name(num: str) -> str:
    """An article's file name, in the view's folders as in `at DATE --code SLUG --out DIR` (a "/" would open
    a folder)."""
    return num.replace("/", "-") + ".md"


@lru_cache(maxsize=65536)
def folder_of(num: str) -> str:
    m = _NUMBERED.match(num)
    if m:
        prefix, digits, dash = m.groups()
        if dash:
            return prefix + digits
        low = int(digits) // HUNDRED * HUNDRED
        return f"{prefix}{low}-{low + HUNDRED - 1}"
    word = _WORD.match(num)
    return word.group(0).lower() if word else "autres"


def article_path(article_id: str) -> str:
    code, _, num = article_id.partition("/")
    return f"{code}/{folder_of(num)}/{file_name(num)}"
