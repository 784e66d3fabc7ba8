"""How many citation edges of a store reach an article the store holds, by code; and how many miss one only
because the two ids are spelled differently (what one number normaliser everywhere must bring to zero).

    .venv/bin/lextrack graph export --format json -o graph.json --store STORE
    .venv/bin/python scripts/citation_reach.py graph.json [--markdown]

An edge `cites` from an article of the store to an article is counted by the citing article's code:
"reached" when its target is an article of the store, "missing" when not (a code the store does not hold, an
article it does not have), and among the missing ones "spelling" when an article of the store has the same id
once case aside and spaces and hyphens taken as one ("19-quater" against "19 quater").
"""

from __future__ import annotations

import argparse
import collections
import json
import re
from pathlib import Path


def loose(node_id: str) -> str:
    """The id with case aside and every run of spaces and hyphens one separator (not none: R822-7-1 and
    R822-71 are two articles)."""
    return re.sub(r"[\s\-‐‑–]+", "-", node_id).lower()


def reach(graph: dict) -> tuple[dict[str, collections.Counter[str]], list[tuple[str, str, str]]]:
    held = {n["id"] for n in graph["nodes"] if n.get("kind") == "article" and n.get("in_corpus")}
    by_loose = {loose(i): i for i in held}
    codes: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    misspelt = []
    for e in graph.get("edges", graph.get("links", [])):
        if e.get("type") != "cites" or e["source"] not in held:  # (a "Cité par" link from outside)
            continue
        code = e["source"].rpartition("/")[0]
        if e["target"] in held:
            codes[code]["reached"] += 1
            continue
        codes[code]["missing"] += 1
        twin = by_loose.get(loose(e["target"]))
        if twin is not None:
            codes[code]["spelling"] += 1
            misspelt.append((e["source"], e["target"], twin))
    return codes, misspelt


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("graph", type=Path, help="the JSON of `lextrack graph export --format json`")
    ap.add_argument("--markdown", action="store_true", help="a table for the README")
    args = ap.parse_args()
    codes, misspelt = reach(json.loads(args.graph.read_text(encoding="utf-8")))
    total = collections.Counter()
    for c in codes.values():
        total.update(c)
    n = total["reached"] + total["missing"]
    print(f"{n} citation edges between articles: {total['reached']} reach an article of the store "
          f"({100 * total['reached'] / max(n, 1):.1f} %), {total['missing']} do not, "
          f"{total['spelling']} of them only because of a spelling")  # fmt: skip
    for source, target, twin in misspelt[:20]:
        print(f"  {source} cites {target}: the store has {twin}")
    rows = sorted(codes.items(), key=lambda kv: -(kv[1]["reached"] + kv[1]["missing"]))
    if args.markdown:
        print("\n| citing code | citations | reach the store |\n| --- | ---: | ---: |")
    for code, c in rows:
        m = c["reached"] + c["missing"]
        share = f"{100 * c['reached'] / m:.1f} %"
        if args.markdown:
            print(f"| {code} | {m} | {share} |")
        else:
            print(f"  {m:8d}  {share:>7}  {code}")


if __name__ == "__main__":
    main()
