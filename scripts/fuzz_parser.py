"""Fuzz the parser for a set number of inputs: every one must give an Article whose edges (links and
citations, as an ingest stores them) can be read, or a ParseError.

    .venv/bin/python scripts/fuzz_parser.py                    # 20 000 inputs, atheris if installed
    .venv/bin/python scripts/fuzz_parser.py -n 200000 --engine hypothesis
    .venv/bin/pip install -e ".[fuzz]"                         # atheris, the coverage-guided engine

Inputs start from real files of the five formats (the seeds of tests/test_reliability_fuzz.py) and are
damaged the same way as there (truncation, wrong encodings, unbalanced tags, huge lines, NUL bytes, random
Unicode, nested tables, cut and repeated slices, pieces of real citations strung together); atheris chooses
the damage from its coverage-guided byte stream, and also feeds a share of raw mutated bytes. Prints the
count of inputs, how many parsed and how many were refused, and every crash (any exception other than
ParseError, from the parser or the edges, or a non-Article result), whose input is written to --crash-dir for
replay. Exit status 1 if anything crashed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from test_reliability_fuzz import KINDS  # noqa: E402  (the damage kinds the suite draws from)

ENCODINGS = ["latin-1", "utf-16", "utf-16-be", "cp1252", "utf-32", "utf-7"]


class Tally:
    def __init__(self, crash_dir: Path) -> None:
        self.counts: Counter[str] = Counter()
        self.crashes: dict[tuple[str, str, int], int] = {}
        self.crash_dir = crash_dir

    def run(self, check_one, path: str, data: bytes) -> None:  # noqa: ANN001
        self.counts["inputs"] += 1
        try:
            self.counts[check_one(path, data)] += 1
        except Exception as exc:  # noqa: BLE001 - a crash is what we are looking for
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            key = (type(exc).__name__, frame.filename.rsplit("/lextrack/", 1)[-1], frame.lineno or 0)
            self.counts["crashes"] += 1
            if key not in self.crashes:
                self.crash_dir.mkdir(parents=True, exist_ok=True)
                out = self.crash_dir / f"crash-{len(self.crashes) + 1}-{Path(path).name}"
                out.write_bytes(data)
                print(f"CRASH {key[0]} at {key[1]}:{key[2]}: {str(exc)[:200]} (input: {out})", flush=True)
            self.crashes[key] = self.crashes.get(key, 0) + 1

    def summary(self, engine: str, seconds: float) -> str:
        c = self.counts
        return (
            f"{engine}: {c['inputs']} inputs in {seconds:.0f}s: {c['ok']} parsed, {c['rejected']} refused "
            f"with a ParseError, {c['crashes']} crashes ({len(self.crashes)} distinct)"
        )


def op_from(fdp, seeds_len: int) -> tuple[str, object]:  # noqa: ANN001 - atheris.FuzzedDataProvider
    kind = KINDS[fdp.ConsumeIntInRange(0, len(KINDS) - 1)]
    frac = fdp.ConsumeIntInRange(0, 1000) / 1000
    if kind == "encoding":
        return kind, (ENCODINGS[fdp.ConsumeIntInRange(0, len(ENCODINGS) - 1)], frac)
    if kind == "tag":
        from test_reliability_fuzz import TAGS

        return kind, (TAGS[fdp.ConsumeIntInRange(0, len(TAGS) - 1)], frac)
    if kind == "huge_line":
        return kind, (fdp.ConsumeIntInRange(10_000, 300_000), frac)
    if kind == "unicode":
        return kind, (fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(1, 40)) or "é", frac)
    if kind == "nested_tables":
        return kind, (fdp.ConsumeIntInRange(2, 400), frac)
    if kind in ("cut", "repeat"):
        return kind, (frac, fdp.ConsumeIntInRange(0, 1000) / 1000)
    if kind == "bytes":
        return kind, (fdp.ConsumeBytes(fdp.ConsumeIntInRange(1, 16)) or b"\xff", frac)
    return kind, frac


def run_atheris(n: int, tally: Tally) -> None:
    import atheris

    with atheris.instrument_imports(include=["lextrack"]):
        from test_reliability_fuzz import SEEDS, apply_damage, check_one

        import lextrack.parser  # noqa: F401

    started = time.perf_counter()

    def one(data: bytes) -> None:
        fdp = atheris.FuzzedDataProvider(data)
        path, seed = SEEDS[fdp.ConsumeIntInRange(0, len(SEEDS) - 1)]
        if fdp.ConsumeIntInRange(0, 9) == 0:  # one in ten: the raw mutated bytes, atheris's own game
            tally.run(check_one, path, fdp.ConsumeBytes(fdp.remaining_bytes()))
        else:
            for _ in range(fdp.ConsumeIntInRange(1, 4)):
                seed = apply_damage(seed, op_from(fdp, len(SEEDS)))
            tally.run(check_one, path, seed)
        if tally.counts["inputs"] >= n:
            print(tally.summary("atheris", time.perf_counter() - started), flush=True)
            os._exit(1 if tally.crashes else 0)  # libFuzzer would not return; our count is the contract

    atheris.Setup([sys.argv[0], "-rss_limit_mb=4096", "-max_len=65536", "-len_control=0"], one)
    atheris.Fuzz()


def run_hypothesis(n: int, tally: Tally) -> None:
    from hypothesis import HealthCheck, given, settings
    from test_reliability_fuzz import check_one, damaged_file

    started = time.perf_counter()

    @settings(max_examples=n, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(damaged_file())
    def one(case: tuple[str, bytes, list]) -> None:
        path, data, _ops = case
        tally.run(check_one, path, data)

    one()
    print(tally.summary("hypothesis", time.perf_counter() - started), flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", "--inputs", type=int, default=20_000, help="how many inputs (default 20 000)")
    ap.add_argument("--engine", choices=["auto", "atheris", "hypothesis"], default="auto")
    ap.add_argument("--crash-dir", type=Path, default=Path("fuzz-crashes"))
    args = ap.parse_args()
    tally = Tally(args.crash_dir)
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401

            engine = "atheris"
        except ImportError:
            engine = "hypothesis"
    if engine == "atheris":
        run_atheris(args.inputs, tally)  # exits by itself
    run_hypothesis(args.inputs, tally)
    return 1 if tally.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
