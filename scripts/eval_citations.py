#!/usr/bin/env python3
"""Score lextrack's citation extractor against a hand-checked gold file, and against HTML anchors.

    python scripts/eval_citations.py tests/data/citations_dev.jsonl
    python scripts/eval_citations.py --anchors [CORPUS_DIR]

Gold lines: {"text", "context_code", "context_article", "citations": [...]} with citations in the
`lextrack extract --jsonl` format. A predicted citation counts as correct only when every key is
equal (kind, code, num / from / to, pinpoint, nature, number, date, article). Scores are
micro-averaged; per kind, precision uses the predicted kind and recall the gold kind.

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
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lextrack.citations import extract, to_json  # noqa: E402
from lextrack.codes import code_slug  # noqa: E402


@dataclass
class Score:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def prf(self, kind: str | None = None) -> tuple[float, float, float]:
        tp = self.tp[kind] if kind else sum(self.tp.values())
        fp = self.fp[kind] if kind else sum(self.fp.values())
        fn = self.fn[kind] if kind else sum(self.fn.values())
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def _key(d: dict) -> str:
    return json.dumps(d, sort_keys=True, ensure_ascii=False)


def evaluate(gold_path: Path) -> Score:
    score = Score()
    for n, line in enumerate(gold_path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        pred = [
            to_json(c)
            for c in extract(row["text"], code=row.get("context_code"), article=row.get("context_article"))
        ]
        want = Counter(_key(c) for c in row["citations"])
        got = Counter(_key(c) for c in pred)
        for k, cnt in (want & got).items():
            score.tp[json.loads(k)["kind"]] += cnt
        for k, cnt in (got - want).items():
            score.fp[json.loads(k)["kind"]] += cnt
            score.misses.append(f"line {n}: FALSE POSITIVE {k}\n    {row['text'][:300]}")
        for k, cnt in (want - got).items():
            score.fn[json.loads(k)["kind"]] += cnt
            score.misses.append(f"line {n}: MISSED {k}\n    {row['text'][:300]}")
    return score


def report(score: Score) -> float:
    for miss in score.misses:
        print(miss)
    print()
    kinds = sorted(set(score.tp) | set(score.fp) | set(score.fn))
    print(f"{'kind':8} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn")
    for kind in kinds:
        p, r, f = score.prf(kind)
        print(f"{kind:8} {p:6.3f} {r:6.3f} {f:6.3f} {score.tp[kind]:4} {score.fp[kind]:3} {score.fn[kind]:3}")
    p, r, f = score.prf()
    tp, fp, fn = (sum(c.values()) for c in (score.tp, score.fp, score.fn))
    print(f"{'overall':8} {p:6.3f} {r:6.3f} {f:6.3f} {tp:4} {fp:3} {fn:3}")
    return f


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


def anchor_recall(corpus: Path, verbose: bool = True) -> tuple[int, int]:
    found = total = 0
    for path in sorted(corpus.rglob("*")):
        if not path.is_file() or path.suffix not in (".txt", ".md", ".html"):
            continue
        raw = path.read_text(encoding="utf-8", errors="replace")
        if "<a " not in raw or "art." not in raw:
            continue
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
    args = ap.parse_args()
    if args.gold is None and args.anchors is None:
        ap.error("give a gold file, --anchors, or both")
    if args.gold is not None:
        report(evaluate(args.gold))
    if args.anchors is not None:
        found, total = anchor_recall(Path(args.anchors))
        print(f"anchors: {found}/{total} recovered, recall {found / total if total else 1.0:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
