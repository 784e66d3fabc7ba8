#!/usr/bin/env python3
"""Score lextrack's citation extractor against a hand-checked gold file, and against HTML anchors.

    python scripts/eval_citations.py tests/data/citations_dev.jsonl [--catalogue TSV | --no-catalogue |
                                     --no-hook] [--misses] [--no-metslesliens]
    python scripts/eval_citations.py --anchors [CORPUS_DIR]

Gold lines: {"text", "context_code", "context_article", "family", "source", "citations": [...]} with
citations in the `lextrack extract --jsonl` format. Lines are read as `extract --jsonl` reads them:
consecutive lines with the same context_code and context_article are the alinéas of one article, and the
context carries from one to the next. Which articles exist comes from tests/data/citations_catalogue.tsv
(the article numbers of the 64-code bundle that the gold sentences mention), as a store would give it.

A predicted citation counts as correct only when every key is equal (kind, code, num / from / to,
pinpoint, nature, number, date, article, unresolved). Scores are micro-averaged, per family (the line's
"family") and overall.

metslesliens 1.3.0 (the French peer, `pip install metslesliens==1.3.0`; skipped when absent) is scored on
the same sentences through its Python API (`donnelescandidats(text, 'structuré')`; 1.3.0 has no command
line). It has no notion of a citing code, so the adapter gives it the line's context code for bare
numbers and "du présent code", the code it named last for "du même code", and our code table for code
names. It does not normalise pinpoints, so both tools are also scored on identity alone (pinpoints left
out of gold and predictions): the "ident" columns.

--anchors: every `<a href … title='Code … - art. X (V)'>` of corpus/ is a citation Légifrance
resolved by hand; extraction from the text with the anchors removed (inner text kept) must find a
citation with that id overlapping the anchor's text.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lextrack.citations import Alineas, Catalogue, extract, to_json  # noqa: E402
from lextrack.citations.codes import numbering  # noqa: E402
from lextrack.codes import code_slug  # noqa: E402

CATALOGUE = ROOT / "tests" / "data" / "citations_catalogue.tsv"

Predict = Callable[[list[dict]], list[list[dict]]]


@dataclass
class Score:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def prf(self, key: str | None = None) -> tuple[float, float, float]:
        tp = self.tp[key] if key else sum(self.tp.values())
        fp = self.fp[key] if key else sum(self.fp.values())
        fn = self.fn[key] if key else sum(self.fn.values())
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def _key(d: dict, pinpoints: bool = True) -> str:
    if not pinpoints:
        d = {k: v for k, v in d.items() if k != "pinpoint"}
    return json.dumps(d, sort_keys=True, ensure_ascii=False)


def read_gold(gold_path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(gold_path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            row["_line"] = n
            rows.append(row)
    return rows


def lextrack_predict(exists: Callable[[str, str], bool | None] | None) -> Predict:
    def predict(rows: list[dict]) -> list[list[dict]]:
        alineas = Alineas(exists)
        return [
            [to_json(c) for c in alineas.extract(r["text"], r.get("context_code"), r.get("context_article"))]
            for r in rows
        ]

    return predict


def score(rows: list[dict], predicted: list[list[dict]], *, pinpoints: bool = True) -> Score:
    """Per family (and overall); the misses name the gold line."""
    s = Score()
    for row, pred in zip(rows, predicted, strict=True):
        fam = row.get("family", "general")
        want = Counter(_key(c, pinpoints) for c in row["citations"])
        got = Counter(_key(c, pinpoints) for c in pred)
        s.tp[fam] += sum((want & got).values())
        for k, cnt in (got - want).items():
            s.fp[fam] += cnt
            s.misses.append(f"line {row['_line']} [{fam}]: FALSE POSITIVE {k}\n    {row['text'][:300]}")
        for k, cnt in (want - got).items():
            s.fn[fam] += cnt
            s.misses.append(f"line {row['_line']} [{fam}]: MISSED {k}\n    {row['text'][:300]}")
    return s


def evaluate(gold_path: Path, catalogue: Path | None = CATALOGUE) -> Score:
    """lextrack's strict score on a gold file (the test suite's entry point)."""
    rows = read_gold(gold_path)
    exists = Catalogue.from_tsv(catalogue) if catalogue is not None and catalogue.exists() else None
    return score(rows, lextrack_predict(exists)(rows))


def report(columns: dict[str, Score], rows: list[dict]) -> None:
    families = sorted({r.get("family", "general") for r in rows})
    lines = Counter(r.get("family", "general") for r in rows)
    names = list(columns)
    print(f"{'family':22} {'lines':>5}  " + "  ".join(f"{n:>21}" for n in names))
    print(f"{'':22} {'':>5}  " + "  ".join(f"{'P':>6} {'R':>6} {'F1':>7}" for _ in names))
    for fam in [*families, None]:
        cells = []
        for n in names:
            p, r, f = columns[n].prf(fam)
            cells.append(f"{p:6.3f} {r:6.3f} {f:7.3f}")
        label = fam or "overall"
        count = lines[fam] if fam else len(rows)
        print(f"{label:22} {count:5}  " + "  ".join(cells))


# --- metslesliens ----------------------------------------------------------------------------------------


def metslesliens_predict() -> Predict | None:
    try:
        from metslesliens import donnelescandidats
    except ImportError:
        return None
    from lextrack.citations.codes import resolve_code
    from lextrack.citations.named import NAMED_TEXTS
    from lextrack.citations.texts import nature_name
    from lextrack.dates import parse_french_date
    from lextrack.nums import canonical_num

    constitution = next(n for n in NAMED_TEXTS if n.nature == "constitution")

    def num(written: str) -> str:
        return canonical_num(re.sub(r"^(\d+)er\b", r"\1", written.strip()))

    def predict(rows: list[dict]) -> list[list[dict]]:
        out: list[list[dict]] = []
        last_code: str | None = None
        key = None
        for r in rows:
            context = resolve_code(r["context_code"]) if r.get("context_code") else None
            if (r.get("context_code"), r.get("context_article")) != key or r.get("context_article") is None:
                last_code = None
                key = (r.get("context_code"), r.get("context_article"))
            cits: list[dict] = []
            for cand in donnelescandidats(r["text"], "structuré"):
                texte = cand.get("texte") or {}
                name = texte.get("nom", "")
                articles = cand.get("article")
                items = [] if articles is None else articles if isinstance(articles, list) else [articles]
                low = name.lower()
                base: dict[str, str | None]
                if low == "constitution":
                    base = {"kind": "text", "nature": "constitution", "date": constitution.date}
                elif low.startswith(("code", "livre des procédures fiscales")) or not name:
                    if low == "code" and texte.get("relatif", "").startswith("même"):
                        code = last_code or context
                    elif low and low != "code":
                        code = last_code = resolve_code(name)
                    else:
                        code = context
                    for item in items:
                        unresolved = None if code else True
                        if isinstance(item, tuple):
                            rng = {"from": num(item[0]), "to": num(item[1])}
                            cits.append(
                                _clean({"kind": "range", "code": code, **rng, "unresolved": unresolved})
                            )
                        else:
                            one = {
                                "kind": "article",
                                "code": code,
                                "num": num(item),
                                "unresolved": unresolved,
                            }
                            cits.append(_clean(one))
                    continue
                else:
                    date = parse_french_date(texte["date"]) if texte.get("date") else None
                    number = texte.get("numero")
                    base = {"kind": "text", "nature": nature_name(name), "number": number, "date": date}
                if not items:
                    cits.append(_clean(base))
                for item in items:
                    art = f"{num(item[0])} à {num(item[1])}" if isinstance(item, tuple) else num(item)
                    cits.append(_clean({**base, "article": art}))
            out.append(cits)
        return out

    return predict


def _clean(d: dict) -> dict:
    return {k: v for k, v in d.items() if v not in (None, "")}


# --- HTML anchors ----------------------------------------------------------------------------------

_ANCHOR = re.compile(r"<a\s[^>]*?title=(['\"])(?P<title>.*?)\1[^>]*>(?P<inner>.*?)</a>", re.S | re.I)
_TITLE = re.compile(r"^(?P<code>.+?)\.?\s+-\s+art\.\s+(?P<num>\S+)")
_BLOCK = re.compile(r"<br\s*/?>|</p>|</div>|</tr>", re.I)
_TAG = re.compile(r"<[^>]+>")


def strip_with_anchors(markup: str) -> tuple[str, list[tuple[str, int, int]]]:
    """Plain text of an HTML body, and each anchor as (expected id, start, end) in that text."""
    parts: list[str] = []
    anchors: list[tuple[str, int, int]] = []
    pos = 0
    length = 0

    def plain(chunk: str) -> str:
        return html.unescape(_TAG.sub("", _BLOCK.sub("\n\n", chunk)))

    for m in _ANCHOR.finditer(markup):
        before = plain(markup[pos : m.start()])
        parts.append(before)
        length += len(before)
        inner = plain(m.group("inner"))
        t = _TITLE.match(html.unescape(m.group("title")))
        if t:
            anchors.append((f"{code_slug(t.group('code'))}/{t.group('num')}", length, length + len(inner)))
        parts.append(inner)
        length += len(inner)
        pos = m.end()
    parts.append(plain(markup[pos:]))
    return "".join(parts), anchors


def _anchored_files(corpus: Path) -> Iterator[tuple[Path, str]]:
    for path in sorted(corpus.rglob("*")):
        if not path.is_file() or path.suffix not in (".txt", ".md", ".html"):
            continue
        raw = path.read_text(encoding="utf-8", errors="replace")
        if "<a " in raw and "art." in raw:
            yield path, raw


def anchor_recall(corpus: Path, verbose: bool = True) -> tuple[int, int]:
    found = total = 0
    for path, raw in _anchored_files(corpus):
        body = raw.split("\n", 1)[1] if raw.startswith("# Article") else raw
        text, anchors = strip_with_anchors(body)
        if not anchors:
            continue
        code = path.parent.name if path.parent.name.startswith("code") else None
        m = re.match(r"# Article (\S+)", raw)
        cits = extract(text, code=code, article=m.group(1) if m else None)
        for want, start, end in anchors:
            total += 1
            ok = any(want in c.ids and c.span[0] < end + 25 and c.span[1] > start - 25 for c in cits)
            found += ok
            if verbose and not ok:
                print(f"{path}: MISSED anchor {want} at {start}-{end}: {text[start:end]!r}")
    return found, total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="?", type=Path, help="gold JSONL (tests/data/citations_dev.jsonl)")
    ap.add_argument("--anchors", nargs="?", const="corpus", metavar="CORPUS_DIR", help="anchor recall")
    ap.add_argument("--catalogue", type=Path, default=CATALOGUE, help="known articles, code<TAB>num lines")
    ap.add_argument(
        "--no-catalogue",
        action="store_true",
        help="resolve with the code table's knowledge only (the default of the API and the CLI)",
    )
    ap.add_argument("--no-hook", action="store_true", help="resolve without knowing which articles exist")
    ap.add_argument("--misses", action="store_true", help="print every false positive and miss")
    ap.add_argument("--no-metslesliens", action="store_true", help="do not score metslesliens")
    args = ap.parse_args()
    if args.gold is None and args.anchors is None:
        ap.error("give a gold file, --anchors, or both")
    if args.gold is not None:
        rows = read_gold(args.gold)
        hook: Callable[[str, str], bool | None] | None = None
        if not args.no_hook:
            use = not args.no_catalogue and args.catalogue.exists()
            hook = Catalogue.from_tsv(args.catalogue) if use else numbering
        ours = lextrack_predict(hook)(rows)
        strict = score(rows, ours)
        if args.misses:
            print("\n".join(strict.misses), end="\n\n")
        columns = {"lextrack": strict, "lextrack ident": score(rows, ours, pinpoints=False)}
        mll = None if args.no_metslesliens else metslesliens_predict()
        if mll is not None:
            columns["metslesliens ident"] = score(rows, mll(rows), pinpoints=False)
        elif not args.no_metslesliens:
            print("metslesliens is not installed (pip install metslesliens==1.3.0): not scored\n")
        named = "none" if hook is None else "the code table's" if hook is numbering else args.catalogue.name
        print(f"catalogue: {named}")
        report(columns, rows)
    if args.anchors is not None:
        found, total = anchor_recall(Path(args.anchors))
        print(f"anchors: {found}/{total} recovered, recall {found / total if total else 1.0:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
