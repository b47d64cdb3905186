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
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from run import inject, synthetic  # the benchmarks folder is not a package: imported by path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--defects", type=int, default=100)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    import kzfacts

    with tempfile.TemporaryDirectory() as tmp:
        package = synthetic(args.rows, Path(tmp))
        inject(package, args.defects, args.seed)
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
