"""Pinpoints as written ("au b du 1°", "des deux premiers alinéas") in one spelling: "1°.b", "al.1 à al.2".

Normalising them is part of reading a citation, not of resolving it: nothing here depends on context
except relative_pinpoint, which places "au présent 2°" under the citing clause.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lextrack.citations import patterns as P

_SPACES = re.compile(r"\s+")

# "7e al.": the abbreviation of a list in parentheses (CCH R443-34: "L. 421-1 (7e al.), L. 422-2 (5e al.)")
_ORD_LIST = re.compile(rf"^(?P<ords>(?:{P.ORD_ALT})(?:.*?))\s+(?P<what>alinéa|phrase|al\.)s?$")
_ORD_ONE = re.compile(rf"(?<![\w-])({P.ORD_ALT})(?![\w-])")
_COUNT = re.compile(r"^(?P<n>deux|trois|quatre|cinq|six)\s+premi(?:ers\s+(?P<al>alinéas)|ères\s+phrases)$")
_ALINEA_FIRST = re.compile(r"^alinéa\s+(?:premier|1er)$")  # "l'alinéa premier"
_ALINEAS_N = re.compile(r"^(?P<what>alinéa|paragraphe)s?\s+(?P<nums>\d.*)$")


def _ord_label(word: str) -> str:
    n = P.ORDINALS[word]
    return {-1: "dernier", -2: "avant-dernier"}.get(n, str(n))


def _join_like(source: str, labels: list[str]) -> str:
    """Rebuild "2, 3 et 4" with normalised labels, keeping the words between them."""
    seps = re.findall(r"\s*(?:,|\bet\b|\bà\b|\bou\b)\s*", source)
    out = labels[0]
    for sep, label in zip(seps, labels[1:], strict=False):
        word = sep.strip()
        out += ", " + label if word == "," else f" {word} {label}"
    return out


def _pin_elem(raw: str) -> str:
    raw = _SPACES.sub(" ", raw.strip())
    if raw.startswith("deux derni"):
        word = "al" if "alinéa" in raw else "ph"
        return f"{word}.avant-dernier et {word}.dernier"
    m = _COUNT.match(raw)
    if m:
        word = "al" if m.group("al") else "ph"
        return f"{word}.1 à {word}.{P.COUNTS[m.group('n')]}"
    m = _ORD_LIST.match(raw)
    if m:
        word = "ph" if m.group("what") == "phrase" else "al"
        ords = _ORD_ONE.findall(m.group("ords"))
        between = _ORD_ONE.sub("#", m.group("ords"))
        return _join_like(
            between.replace("le ", "").replace("la ", ""), [f"{word}.{_ord_label(o)}" for o in ords]
        )
    if _ALINEA_FIRST.match(raw):
        return "al.1"
    m = _ALINEAS_N.match(raw)
    if m:
        nums = re.findall(r"\d+", m.group("nums"))
        word = "al." if m.group("what") == "alinéa" else "§"
        return _join_like(m.group("nums"), [f"{word}{n}" for n in nums])
    if re.match(r"^\d+o\b", raw):
        raw = raw.replace("o", "°", 1)
    return raw.rstrip(").").strip()  # "au 7. de l'article L. 123-1": the paragraphe 7


@lru_cache(maxsize=4096)
def pinpoint(chain: str) -> str:
    """ "b du 1°" → "1°.b"; "1° du deuxième alinéa" → "al.2.1°"; "2° à 5°" stays a range.

    "au a du 3° et au 6°" names two paths ("3°.a et 6°"); "au 1 ou au 2 du II" one list under II.
    """
    chain = chain.strip().rstrip(",")
    paths = P.PIN_PATH_SPLIT_RE.split(chain)
    if len(paths) < 2:
        return _path(chain)
    words = [_list_word(m.group(0)) for m in P.PIN_PATH_SPLIT_RE.finditer(chain)]
    first = P.PIN_JOIN_RE.split(paths[0])
    last = P.PIN_JOIN_RE.split(paths[-1])
    # "du I, du II et du III": paths of one level each, listed as written.
    listed = "," in words and all(len(P.PIN_JOIN_RE.split(p)) == 1 for p in paths)
    if not listed and len(first) == 1 and len(last) > 1:
        # "du g ou du premier alinéa du j du 1° du I": g is a sibling of j, so it shares j's parents;
        # "au 1 ou au 2 du II": siblings at the first level stay one list under II.
        kind = _pin_type(_path(first[0]).split(", ")[0])
        level = next((i for i, lv in enumerate(last) if _pin_type(_path(lv).split(", ")[0]) == kind), None)
        if level is None:
            return _path(chain)
        if level == 0:  # siblings of last[0]: one list under its parents ("du 3 et du 19 du paragraphe 1")
            siblings = paths[0]
            for word, path in zip(words, [*paths[1:-1], last[0]], strict=False):
                siblings += f" {word} {path}"
            return _path(" du ".join([siblings, *last[1:]]))
        parents = " du ".join(last[level + 1 :])
        paths = [f"{p} du {parents}" if parents else p for p in paths[:-1]] + [paths[-1]]
    elif not listed and len(first) == 1:
        return _path(chain)
    out = _path(paths[0])
    for word, path in zip(words, paths[1:], strict=False):
        out += f", {_path(path)}" if word == "," else f" {word} {_path(path)}"
    return out


def _list_word(sep: str) -> str:
    """ "et", "ou", or "," for a comma alone, from the words between two paths."""
    m = re.search(r"\bet\b|\bou\b", sep)
    return m.group(0) if m else ","


def _path(chain: str) -> str:
    levels = P.PIN_JOIN_RE.split(chain)
    out = []
    for level in reversed(levels):
        elems = list(P.PIN_ELEM_RE.finditer(level))
        labels = [_pin_elem(e.group(0)) for e in elems]
        seps = [level[a.end() : b.start()] for a, b in zip(elems, elems[1:], strict=False)]
        # "au 6, a, de l'article": a number then a letter, comma-separated, is a path, not a list.
        if (
            len(labels) > 1
            and all(s.strip() == "," for s in seps)
            and len({_pin_type(x) for x in labels}) == len(labels)
        ):
            out.append(".".join(labels))
            continue
        text = labels[0] if labels else ""
        for sep, label in zip(seps, labels[1:], strict=False):
            words = re.findall(r"\bet\b|\bà\b|\bou\b", sep)
            text += f" {words[0]} {label}" if words else ", " + label
        out.append(text)
    return ".".join(x for x in out if x)


def _pin_type(label: str) -> str:
    label = label.rstrip(")")
    if label.startswith("al."):
        return "al"
    if "°" in label:
        return "item"
    if re.match(r"^[IVX]+\b", label):
        return "roman"
    if re.match(r"^[A-Z]\b", label):
        return "capital"
    if label[:1].isdigit():
        return "number"
    return "letter"


@lru_cache(maxsize=1024)
def relative_pinpoint(label: str, clause: str | None) -> str:
    """ "au présent 2°" written inside clause "II.2°.a)" means "II.2°": keep the path down to it."""
    label = _pin_elem(label)
    if not clause:
        return label
    comps = [c.rstrip(")") for c in clause.split(".")]
    # "al.3" is one component in the clause path, not two.
    merged: list[str] = []
    for c in comps:
        if merged and merged[-1] == "al":
            merged[-1] = f"al.{c}"
        else:
            merged.append(c)
    want = _pin_type(label)
    for i in range(len(merged) - 1, -1, -1):
        if _pin_type(merged[i]) == want:
            return ".".join([*merged[:i], label])
    return label
