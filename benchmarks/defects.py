"""The differential check at scale: a large synthetic package with injected defects, both engines.

Usage: python benchmarks/defects.py [--rows 1000000] [--defects 100] [--seed 13]

The package is the bundled one with ``corridor_tonnage`` grown to ``--rows`` rows (as in
``benchmarks/run.py``); ``--defects`` cells are then replaced, at random rows, by values of each
kind frictionless rejects or accepts though they look wrong. kzfacts' engine and frictionless
must give the same report (every problem, in order); the script exits 1 when they do not, and
prints both engines' times (of one run each: a check, not a benchmark).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from run import synthetic  # the benchmarks folder is not a package: imported by path

DEFECTS = {
    "value": ["-1", " 2.5", "1e3", "x", "", "٣"],
    "status": ["actuals", "", "Actual"],
    "period_end": ["2023-02-30", "2023-1-5", "2024-02-29"],
    "source_id": ["nowhere"],
    "id": [],  # filled with the first row's id: a repeat
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--defects", type=int, default=100)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    import kzfacts
    from kzfacts.reading import build

    with tempfile.TemporaryDirectory() as tmp:
        package = synthetic(args.rows, Path(tmp))
        path = package.parent / "data" / "corridor_tonnage.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        header = rows[0]
        rng = random.Random(args.seed)
        choices = {**DEFECTS, "id": [rows[1][0]]}
        for _ in range(args.defects):
            field = rng.choice(list(choices))
            rows[rng.randrange(2, len(rows))][header.index(field)] = rng.choice(choices[field])
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
        del rows
        build.write(package)
        started = time.perf_counter()
        ours = kzfacts.validate(package, timeout=None, max_memory=None)
        middle = time.perf_counter()
        reference = kzfacts.validate(package, engine="frictionless", timeout=None, max_memory=None)
        ended = time.perf_counter()
    kinds = Counter(p.rule for p in reference.problems)
    same = ours.problems == reference.problems
    print(
        f"{args.rows:,} rows, {args.defects} defects: {len(reference.problems)} problems "
        f"({', '.join(f'{rule} {count}' for rule, count in kinds.most_common())}); "
        f"kzfacts engine {middle - started:.1f} s, frictionless engine {ended - middle:.1f} s; "
        f"identical: {same}"
    )
    raise SystemExit(0 if same else 1)


if __name__ == "__main__":
    main()
