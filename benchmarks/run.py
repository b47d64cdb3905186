"""kzfacts benchmarks: medians and ratios against what a user would run instead.

Usage: python benchmarks/run.py [--repeat N] [--sizes 10000,100000,1000000] [--scale-repeat N] [--json FILE]

Every case runs several times, each time in a fresh process, and reports the
median wall time; ratios are computed from medians measured in the same run, so
they can be compared across machines. Needs only the project's dependencies.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

PY = sys.executable
BIN = Path(PY).parent


def _tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants (Linux /proc), in KiB."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, StopIteration, ValueError):
            continue
    return total


def wall(argv: Sequence[str], repeat: int, *, sample: bool = False) -> tuple[float, int]:
    """Median wall time (s) of running argv in fresh processes, and the peak memory (KiB).

    The peak is the process's own maximum RSS, or with ``sample`` the largest sum of
    RSS over the process and its children, sampled every 20 ms (for a process that forks).
    """
    times, peaks = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.Popen(list(argv), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak = 0
        if sample:
            while proc.poll() is None:
                peak = max(peak, _tree_rss_kib(proc.pid))
                time.sleep(0.02)
        _, status, usage = os.wait4(proc.pid, 0) if proc.returncode is None else (0, 0, None)
        times.append(time.perf_counter() - start)
        peaks.append(max(peak, usage.ru_maxrss if usage else 0))
        code = proc.returncode if proc.returncode is not None else os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            raise SystemExit(f"{' '.join(argv)} exited {code}")
    return statistics.median(times), max(peaks)


RULES_CODE = """
import sys, time
from pathlib import Path
from kzfacts.schema import load
from kzfacts.validation.run import _run_rules
package = load(Path(sys.argv[1]))
start = time.perf_counter()
_run_rules(package, None, frozenset())
print(time.perf_counter() - start)
"""


def inprocess(code: str, repeat: int) -> float:
    """Median over fresh processes of the best in-process time of ``code``'s timed block."""
    results = []
    for _ in range(repeat):
        out = subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True)
        results.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(results)


FRAME_CODE = """
import time, kzfacts
from kzfacts.schema import bundled
import pandas as pd
spec = bundled().resource("corridor_tonnage"); path = bundled().file("corridor_tonnage")
dtypes = {}
dates = []
for f in spec.fields:
    if f.enum is not None: dtypes[f.name] = pd.CategoricalDtype(list(f.enum))
    elif f.type == "date": dates.append(f.name)
    elif f.type == "number": dtypes[f.name] = "float64"
    elif f.type == "integer": dtypes[f.name] = "Int64"
    else: dtypes[f.name] = "string"
def ours(): kzfacts.Package().frame("corridor_tonnage")
def theirs(): pd.read_csv(path, dtype=dtypes, parse_dates=dates, keep_default_na=False, na_values=[""])
fn = WHICH
fn(); best = min((lambda t: (fn(), time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(30))
print(best)
"""


def synthetic(size: int, folder: Path) -> Path:
    """A copy of the bundled package whose corridor_tonnage has ``size`` rows (unique ids, valid keys)."""
    import kzfacts
    from kzfacts import build

    target = folder / f"pkg-{size}"
    shutil.copytree(kzfacts.package_path().parent, target)
    path = target / "data" / "corridor_tonnage.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for i in range(size):
            row = list(body[i % len(body)])
            row[0] = f"{row[0]}-x{i}"
            row[header.index("yoy_change_pct")] = ""  # synthetic copies relate to no base figure
            writer.writerow(row)
    build.write(target / "datapackage.json")
    return target / "datapackage.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--scale-repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = parser.parse_args()
    kz, fl = str(BIN / "kzfacts"), str(BIN / "frictionless")
    results: dict[str, object] = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
    }
    rows = []

    def report(case: str, ours: float, base: float, goal: float, unit: str = "s") -> None:
        ratio = ours / base
        rows.append((case, ours, base, ratio, goal))
        print(
            f"{case:<58} {ours * 1000:9.1f} ms {base * 1000:9.1f} ms {ratio:6.2f}x  goal <= {goal}x "
            f"{'met' if ratio <= goal else 'MISSED'}",
            flush=True,
        )

    print(f"{'case':<58} {'kzfacts':>12} {'baseline':>12} {'ratio':>7}")
    a, _ = wall([PY, "-c", "pass"], args.repeat)
    b, _ = wall([PY, "-c", "import kzfacts"], args.repeat)
    report("1 import kzfacts / python -c pass", b, a, 1.5)
    c, _ = wall([PY, "-c", "import pydantic"], args.repeat)
    d, _ = wall([PY, "-c", "import kzfacts; kzfacts.corridor_tonnage()"], args.repeat)
    report("2 import + corridor_tonnage() / import pydantic", d, c, 2.0)
    e = inprocess(FRAME_CODE.replace("WHICH", "ours"), args.repeat)
    f = inprocess(FRAME_CODE.replace("WHICH", "theirs"), args.repeat)
    report("3 frame('corridor_tonnage') / pandas.read_csv same dtypes", e, f, 1.2)
    descriptor = str(Path(__import__("kzfacts").package_path()))
    g, _ = wall([kz, "validate", descriptor], args.repeat)
    h, _ = wall([fl, "validate", descriptor], args.repeat)
    report("4 kzfacts validate / frictionless validate (bundled)", g, h, 1.0)
    keys = ("case", "kzfacts_s", "baseline_s", "ratio", "goal")
    results["cases"] = [dict(zip(keys, r, strict=True)) for r in rows]
    scale = []
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if sizes:
        print(
            f"\n{'rows':>9} {'kzfacts s':>10} {'frictionless s':>15} {'ratio':>6} {'kz MiB':>7} "
            f"{'fl MiB':>7} {'kz rows/s':>10} {'fl rows/s':>10} {'rules s':>8} {'rules r/s':>10}"
        )
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            package = synthetic(size, Path(tmp))
            repeat = 1 if size >= 1_000_000 else args.scale_repeat
            kt, km = wall([kz, "validate", str(package)], repeat, sample=True)
            ft, fm = wall([fl, "validate", str(package)], repeat, sample=True)
            rules = statistics.median(
                float(
                    subprocess.run(
                        [PY, "-c", RULES_CODE, str(package)], capture_output=True, text=True, check=True
                    ).stdout
                )
                for _ in range(repeat)
            )
            scale.append(
                {
                    "rows": size,
                    "kzfacts_s": kt,
                    "frictionless_s": ft,
                    "ratio": kt / ft,
                    "kzfacts_peak_mib": km / 1024,
                    "frictionless_peak_mib": fm / 1024,
                    "rules_only_s": rules,
                    "rules_share_of_frictionless": rules / ft,
                }
            )
            print(
                f"{size:>9} {kt:>10.2f} {ft:>15.2f} {kt / ft:>6.2f} {km / 1024:>7.0f} {fm / 1024:>7.0f} "
                f"{size / kt:>10.0f} {size / ft:>10.0f} {rules:>8.2f} {size / rules:>10.0f}",
                flush=True,
            )
    results["scaling"] = scale
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
