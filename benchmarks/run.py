"""kzfacts benchmarks: each case against the fairest baseline, measured side by side.

Usage: python benchmarks/run.py [--pairs N] [--sizes 10000,100000,1000000] [--large-pairs N]
                                [--json benchmarks/results.json]

How it measures, and why:
- A and B run in fresh processes, interleaved (A B, B A, A B, ...) after a warm-up pair, so
  drift in the machine's speed falls on both; the figure is the median of the per-pair ratios
  A/B, with its interquartile range, never a ratio of separately taken medians.
- Every run's exit code and output are checked: a failing run is an error, never a timing.
- Baselines are what kzfacts competes with: frictionless' own API (``Package(p).validate()``,
  which kzfacts' reference engine calls), pydantic's cheapest construction of the same records,
  ``pandas.read_csv`` with the same dtypes, and ``python -c pass``.
- Peak memory is the largest maximum resident set of any one process a run starts (``wait4`` in a
  subreaper, so the rule pass's process counts too), never a sum over a tree.
- Large cases are repeated like small ones (``--large-pairs``), not timed once.
- kzfacts' modules are compiled to bytecode first, as pip does when it installs a wheel: run from a
  source checkout with PYTHONDONTWRITEBYTECODE set, every kzfacts process would compile them
  again, a cost the baselines' installed libraries never pay.

``python tools/generate.py`` renders docs/performance.md from the results file; no figure there
is typed by hand.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

PY = sys.executable
KZFACTS = [PY, "-m", "kzfacts"]


@dataclass
class Run:
    """One measured run."""

    seconds: float
    peak_mib: float


def measured(argv: Sequence[str], expect: Callable[[int, str], bool]) -> Run:
    """One run, with the largest peak RSS of any one process it started: a probe that reports its
    children's resource usage. The probe is a subreaper, so a process the command leaves behind
    (a worker outliving its parent, which kzfacts must never leave) is reparented to it and
    counted when it ends; the figure is the maximum over processes, never a sum."""
    probe = (
        "import ctypes, os, resource, subprocess, sys, time\n"
        "ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "t = time.perf_counter() - t\n"
        "while True:\n"
        "    try:\n"
        "        os.waitpid(-1, 0)\n"
        "    except ChildProcessError:\n"
        "        break\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "sys.stdout.write(f'{p.returncode}\\n{t}\\n{peak}\\n' + p.stdout)\n"
    )
    done = subprocess.run([PY, "-c", probe, *argv], capture_output=True, text=True, check=True)
    code, seconds, peak, output = done.stdout.split("\n", 3)
    if not expect(int(code), output):
        raise SystemExit(f"{' '.join(argv)} exited {code}: {output[-300:]}")
    return Run(float(seconds), int(peak) / 1024)


def pair(
    a: Sequence[str],
    b: Sequence[str],
    pairs: int,
    expect_a: Callable[[int, str], bool],
    expect_b: Callable[[int, str], bool],
    measure_a: Callable[[Sequence[str], Callable[[int, str], bool]], Run] = measured,
) -> dict[str, float]:
    """Interleaved runs of A and B after one warm-up pair: median of per-pair ratios A/B with
    its quartiles, the median times, and each side's largest peak memory (A run by ``measure_a``)."""
    measure_a(a, expect_a), measured(b, expect_b)  # warm-up: file cache, pyc files
    ratios, times_a, times_b, peaks_a, peaks_b = [], [], [], [], []
    for i in range(pairs):
        if i % 2 == 0:
            ra, rb = measure_a(a, expect_a), measured(b, expect_b)
        else:
            rb, ra = measured(b, expect_b), measure_a(a, expect_a)
        ratios.append(ra.seconds / rb.seconds)
        times_a.append(ra.seconds)
        times_b.append(rb.seconds)
        peaks_a.append(ra.peak_mib)
        peaks_b.append(rb.peak_mib)
    quartiles = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else [ratios[0]] * 3
    return {
        "ratio": statistics.median(ratios),
        "ratio_q1": quartiles[0],
        "ratio_q3": quartiles[2],
        "a_s": statistics.median(times_a),
        "b_s": statistics.median(times_b),
        "a_peak_mib": max(peaks_a),
        "b_peak_mib": max(peaks_b),
        "pairs": pairs,
    }


def trio(
    a: Sequence[str],
    b: Sequence[str],
    floor: Sequence[str],
    pairs: int,
    expect_a: Callable[[int, str], bool],
    expect_b: Callable[[int, str], bool],
) -> dict[str, float]:
    """:func:`pair` of A and B, with the floor run after each pair: A's ratio to the floor is the
    median of A's time over the floor's in the same pair."""
    runs: list[tuple[Run, Run]] = []

    def measured_a(argv: Sequence[str], expect: Callable[[int, str], bool]) -> Run:
        ran, bottom = measured(argv, expect), measured(floor, ok)
        runs.append((ran, bottom))
        return ran

    found = pair(a, b, pairs, expect_a, expect_b, measured_a)
    runs = runs[1:]  # the warm-up's
    ratios = [ran.seconds / bottom.seconds for ran, bottom in runs]
    found.update(
        floor_s=statistics.median(bottom.seconds for _, bottom in runs),
        floor_ratio=statistics.median(ratios),
        floor_peak_mib=max(bottom.peak_mib for _, bottom in runs),
    )
    return found


def ok(code: int, out: str) -> bool:
    return code == 0


def says(text: str) -> Callable[[int, str], bool]:
    """Exit 0 and a line of output that starts with ``text``."""
    return lambda code, out: code == 0 and any(line.strip().startswith(text) for line in out.splitlines())


# Baselines get everything precomputed on their command line: importing kzfacts to find a path or
# a dtype would slow them down and flatter kzfacts.
FLOOR = """
import csv, sys
from typing import Optional
import pydantic
with open(sys.argv[1], encoding="utf-8", newline="") as handle:
    rows = list(csv.DictReader(handle))
Model = pydantic.create_model("Figure", __config__=pydantic.ConfigDict(frozen=True),
                              **{name: (Optional[str], None) for name in rows[0]})
records = [Model.model_construct(**row) for row in rows]
print(len(records))
"""

OURS_TYPED = "import kzfacts; print(len(kzfacts.corridor_tonnage()))"

READ_CSV = """
import json, sys
import pandas as pd
plan = json.loads(sys.argv[2])
dtypes = {k: pd.CategoricalDtype(v) if isinstance(v, list) else v for k, v in plan["dtypes"].items()}
frame = pd.read_csv(
    sys.argv[1], dtype=dtypes, parse_dates=plan["dates"], keep_default_na=False, na_values=[""]
)
print(len(frame))
"""


def read_csv_plan() -> str:
    """The dtypes kzfacts' schema gives corridor_tonnage, for the read_csv baseline."""
    from kzfacts.contract.locate import bundled

    dtypes: dict[str, object] = {}
    dates = []
    for field in bundled().resource("corridor_tonnage").fields:
        if field.enum is not None:
            dtypes[field.name] = list(field.enum)
        elif field.type == "date":
            dates.append(field.name)
        else:
            dtypes[field.name] = {"number": "float64", "integer": "Int64"}.get(field.type, "string")
    return json.dumps({"dtypes": dtypes, "dates": dates})


OURS_FRAME = "import kzfacts; print(len(kzfacts.frame('corridor_tonnage')))"

FRICTIONLESS = "import sys, frictionless; print(frictionless.Package(sys.argv[1]).validate().valid)"

# The physical floor of validating a package: every data file read by pyarrow's CSV reader, each
# column as the strings written (multi-threaded, as pyarrow reads by default), and hashed with
# sha256. No check of any kind: nothing that validates can be faster.
READ_FLOOR = """
import csv, hashlib, sys
import pyarrow as pa, pyarrow.csv as pcsv
rows = 0
for path in sys.argv[1:]:
    with open(path, "rb") as handle:
        data = handle.read()
    hashlib.sha256(data).hexdigest()
    names = next(csv.reader([data.split(b"\\n", 1)[0].decode("utf-8-sig")]))
    table = pcsv.read_csv(
        pa.py_buffer(data),
        convert_options=pcsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string())),
    )
    rows += table.num_rows
print(rows)
"""


def data_files(package: Path) -> list[str]:
    """The data files of ``package`` (a datapackage.json), for the floor's command line."""
    raw = json.loads(package.read_text(encoding="utf-8"))
    return [str(package.parent / resource["path"]) for resource in raw["resources"]]


def synthetic(size: int, folder: Path) -> Path:
    """The bundled package with ``size`` corridor_tonnage rows (copies of the real ones with new ids)."""
    import kzfacts
    from kzfacts.reading import build

    target = folder / f"pkg-{size}"
    shutil.copytree(kzfacts.package_path().parent, target)
    path = target / "data" / "corridor_tonnage.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    change = header.index("yoy_change_pct")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for i in range(size):
            row = list(body[i % len(body)])
            if i >= len(body):  # the real rows first, as they are (claims and reviews point at them)
                row[0] = f"{row[0]}-x{i}"
                row[change] = ""  # synthetic copies relate to no base figure
            writer.writerow(row)
    build.write(target / "datapackage.json")
    return target / "datapackage.json"


DEFECTS = {
    "value": ["-1", " 2.5", "1e3", "x", "", "\u0663"],
    "status": ["actuals", "", "Actual"],
    "period_end": ["2023-02-30", "2023-1-5", "2024-02-29"],
    "source_id": ["nowhere"],
    "id": [],  # filled with the first row's id: a repeat
}
"""Values injected into a synthetic package: ones frictionless rejects, and ones it accepts though
they look wrong (the engine must hand those to frictionless' own cell readers)."""


def inject(package: Path, defects: int, seed: int) -> None:
    """Replace ``defects`` cells of corridor_tonnage, at random rows, by :data:`DEFECTS`; the hash is
    rebuilt, so the defects are the only problems."""
    import random

    from kzfacts.reading import build

    path = package.parent / "data" / "corridor_tonnage.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    rng = random.Random(seed)
    choices = {**DEFECTS, "id": [rows[1][0]]}
    for _ in range(defects):
        field = rng.choice(list(choices))
        rows[rng.randrange(2, len(rows))][header.index(field)] = rng.choice(choices[field])
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    build.write(package)


def stale_fork(folder: Path) -> Path:
    """A fork as a contributor leaves it after editing a CSV: one figure changed, the hash stale; the
    pre-commit hook then runs ``kzfacts validate --strict`` on the changed file."""
    import kzfacts

    target = folder / "fork"
    shutil.copytree(kzfacts.package_path().parent, target)
    path = target / "data" / "corridor_tonnage.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    cells = next(csv.reader([lines[1]]))
    cells[header.index("value")] = str(float(cells[header.index("value")]) + 1)
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    lines[1] = out.getvalue()
    path.write_text("\n".join(lines), encoding="utf-8", newline="")
    return path


PARTS = [
    ("/kzfacts/validation/columnar/scan.py", "reading: pyarrow's CSV parser, sha256, chunks (scan.py)"),
    ("/kzfacts/validation/columnar/tables.py", "frictionless' checks on whole columns (tables.py, forms.py)"),
    ("/kzfacts/validation/columnar/forms.py", "frictionless' checks on whole columns (tables.py, forms.py)"),
    ("/kzfacts/validation/columnar/prefilter.py", "kzfacts' rules as column expressions (prefilter.py)"),
    ("/kzfacts/validation/columnar/stateful.py", "cross-row rules on kept columns (stateful.py)"),
    ("/kzfacts/validation/rules/", "kzfacts' rules, row-wise on pre-filtered rows (rules/)"),
    ("/kzfacts/validation/columnar/run.py", "the engine's loop (run.py)"),
    ("/frictionless/", "frictionless' own cell readers"),
]
OTHER = "other: descriptor, reports, set-up"


def profile(package: Path) -> list[dict[str, object]]:
    """Where ``kzfacts validate`` spends its time on ``package``, by part, from one cProfile run of
    every thread (the engine parses and analyses chunks on two worker threads): shares of the
    threads' time together, so they add up to more than the wall time.

    A built-in's time (pyarrow's, a regex's) counts for the part that called it; a thread's time
    waiting for a lock counts for nothing. cProfile slows Python calls more than C code, so the
    shares are a guide to where the time goes, not timings.
    """
    import cProfile
    import pstats
    import threading

    from kzfacts.validation.pipeline import problems

    profilers: list[cProfile.Profile] = []

    def start(*_: object) -> None:  # each new thread's first event: a profiler of its own
        sys.setprofile(None)
        profilers.append(cProfile.Profile())
        profilers[-1].enable()

    os.environ["KZFACTS_COLUMNAR_BYTES"] = "0"
    threading.setprofile(start)
    main = cProfile.Profile()
    try:  # the pipeline in this process (kzfacts.validate would run it in a worker)
        main.runcall(lambda: list(problems(package, None, "kzfacts", None, None)))
    finally:
        threading.setprofile(None)  # type: ignore[arg-type]
        del os.environ["KZFACTS_COLUMNAR_BYTES"]
    merged = pstats.Stats(main)
    for each in profilers:
        merged.add(pstats.Stats(each))
    return shares(merged.stats)  # type: ignore[attr-defined]


def shares(stats: dict[tuple[str, int, str], Any]) -> list[dict[str, object]]:
    """The profile's own time per part (:data:`PARTS`), largest first."""

    def part(key: tuple[str, int, str]) -> str | None:
        """A function's part; None: its caller's (built-ins, the standard library, pyarrow's Python
        wrappers); "": waiting (an idle thread's lock or queue), left out."""
        file, _, function = key
        if file == "~":
            return "" if "acquire" in function or "SimpleQueue" in function else None
        path = file.replace(os.sep, "/")
        mine = next((name for marker, name in PARTS if marker in path), None)
        return mine or (OTHER if "/kzfacts/" in path else None)

    shares_of: dict[tuple[str, int, str], dict[str, float]] = {}
    open_keys: set[tuple[str, int, str]] = set()

    def parts_of(key: tuple[str, int, str]) -> dict[str, float]:
        """How ``key``'s own time divides among the parts: its own, or its callers' by their calls'
        time (memoised: a call graph's paths are too many to walk one by one)."""
        if key not in shares_of:
            name, callers = part(key), stats[key][4]
            if name is not None or not callers or key in open_keys:
                return {OTHER if name is None else name: 1.0}
            open_keys.add(key)
            through = sum(edge[2] for edge in callers.values()) or 1.0
            found: dict[str, float] = {}
            for caller, edge in callers.items():
                for name, share in parts_of(caller).items():
                    found[name] = found.get(name, 0.0) + share * edge[2] / through
            open_keys.discard(key)
            shares_of[key] = found
        return shares_of[key]

    totals: dict[str, float] = {}
    for key, (_, _, own, _, _) in stats.items():
        for name, share in parts_of(key).items():
            totals[name] = totals.get(name, 0.0) + own * share
    totals.pop("", None)  # waiting
    total = sum(totals.values())
    return [
        {"part": name, "seconds": seconds, "share": seconds / total}
        for name, seconds in sorted(totals.items(), key=lambda item: -item[1])
    ]


def small_cases(pairs: int, fork: Path) -> list[dict[str, Any]]:
    """The bundled package, the start-up costs and a fork's pre-commit run, each against its baseline."""
    import kzfacts

    descriptor = str(kzfacts.package_path())
    tonnage = str(kzfacts.package_path().parent / "data" / "corridor_tonnage.csv")
    invalid = refuses("invalid:")
    cases = [
        (
            "import",
            "`import kzfacts`",
            "`python -c pass`",
            1.5,
            [PY, "-c", "import kzfacts"],
            [PY, "-c", "pass"],
            ok,
            ok,
        ),
        (
            "help",
            "`kzfacts --help`",
            "`python -c pass`",
            4.0,
            [*KZFACTS, "--help"],
            [PY, "-c", "pass"],
            says("usage: kzfacts"),
            ok,
        ),
        (
            "typed",
            "import + `kzfacts.corridor_tonnage()`",
            "pydantic `model_construct` of the same rows",
            1.25,
            [PY, "-c", OURS_TYPED],
            [PY, "-c", FLOOR, tonnage],
            ok,
            ok,
        ),
        (
            "frame",
            "import + `kzfacts.frame('corridor_tonnage')`, cold",
            "`pandas.read_csv` with the same dtypes, cold",
            1.5,
            [PY, "-c", OURS_FRAME],
            [PY, "-c", READ_CSV, tonnage, read_csv_plan()],
            ok,
            ok,
        ),
        (
            "validate",
            "`kzfacts validate` (bundled package)",
            "`frictionless.Package(p).validate()`",
            0.25,
            [*KZFACTS, "validate", descriptor],
            [PY, "-c", FRICTIONLESS, descriptor],
            says("valid:"),
            says("True"),
        ),
        (
            "stale",
            "pre-commit in a fork with a stale hash: `kzfacts validate --strict data/corridor_tonnage.csv`",
            "`python -c pass`",
            15.0,
            [*KZFACTS, "validate", "--strict", str(fork)],
            [PY, "-c", "pass"],
            invalid,
            ok,
        ),
    ]
    print(f"{'case':<10} {'ratio':>7} {'IQR':>15} {'kzfacts':>10} {'baseline':>10}  goal", flush=True)
    rows = []
    for key, what, baseline, goal, a, b, expect_a, expect_b in cases:
        found: dict[str, Any] = pair(a, b, pairs, expect_a, expect_b)
        found.update(key=key, case=what, baseline=baseline, goal=goal, met=found["ratio"] <= goal)
        rows.append(found)
        print(
            f"{key:<10} {found['ratio']:6.2f}x {found['ratio_q1']:6.2f}-{found['ratio_q3']:.2f}x "
            f"{found['a_s'] * 1000:8.0f}ms {found['b_s'] * 1000:8.0f}ms  <= {goal}x "
            f"{'met' if found['met'] else 'MISSED'}",
            flush=True,
        )
    return rows


def refuses(text: str) -> Callable[[int, str], bool]:
    """Exit 1 and a line of output that starts with ``text``."""
    return lambda code, out: code == 1 and any(line.strip().startswith(text) for line in out.splitlines())


def large_cases(
    sizes: list[int], defect_sizes: list[int], defects: int, pairs: int, small_pairs: int
) -> list[dict[str, Any]]:
    """Synthetic packages, valid and with ``defects`` defects: kzfacts, frictionless and the floor."""
    scale = []
    plan = [(size, 0) for size in sizes] + [(size, defects) for size in defect_sizes]
    for size, injected in plan:
        with tempfile.TemporaryDirectory() as tmp:
            package = synthetic(size, Path(tmp))
            if injected:
                inject(package, injected, seed=13)
            found: dict[str, Any] = trio(
                [*KZFACTS, "validate", str(package), "--timeout", "3600", "--max-memory", "16000"],
                [PY, "-c", FRICTIONLESS, str(package)],
                [PY, "-c", READ_FLOOR, *data_files(package)],
                pairs if size >= 100_000 else small_pairs,
                refuses("invalid:") if injected else says("valid:"),
                says("False") if injected else says("True"),
            )
        found.update(
            rows=size,
            defects=injected,
            kzfacts_rows_per_s=size / found["a_s"],
            frictionless_rows_per_s=size / found["b_s"],
        )
        scale.append(found)
        print(
            f"{size:>9} rows {injected:>3} defects {found['ratio']:6.3f}x ({found['ratio_q1']:.3f}-"
            f"{found['ratio_q3']:.3f}) floor {found['floor_ratio']:.2f}x  {found['a_s']:7.2f}s "
            f"{found['b_s']:7.2f}s {found['floor_s']:6.2f}s  peak {found['a_peak_mib']:.0f} / "
            f"{found['b_peak_mib']:.0f} / {found['floor_peak_mib']:.0f} MiB",
            flush=True,
        )
    return scale


def goals(scale: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The issue's goals for large packages, each with its measured figure."""
    found = []
    for row in scale:
        what = f"{row['rows']:,} rows, " + (f"{row['defects']} defects" if row["defects"] else "valid")
        if row["rows"] >= 1_000_000:
            found += [
                {
                    "goal": f"{what}: ≤ 0.1x frictionless",
                    "figure": f"{row['ratio']:.3f}x",
                    "met": row["ratio"] <= 0.1,
                },
                {
                    "goal": f"{what}: ≤ 3x the floor",
                    "figure": f"{row['floor_ratio']:.2f}x",
                    "met": row["floor_ratio"] <= 3,
                },
                {
                    "goal": f"{what}: peak memory ≤ frictionless'",
                    "figure": f"{row['a_peak_mib']:.0f} MiB against {row['b_peak_mib']:.0f} MiB",
                    "met": row["a_peak_mib"] <= row["b_peak_mib"],
                },
            ]
        elif row["rows"] >= 100_000 and row["defects"]:
            found.append(
                {
                    "goal": f"{what}: ≤ 0.2x frictionless",
                    "figure": f"{row['ratio']:.3f}x",
                    "met": row["ratio"] <= 0.2,
                }
            )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=15)
    parser.add_argument(
        "--sizes", default="10000,100000,1000000", help="rows of the valid synthetic packages"
    )
    parser.add_argument("--defect-sizes", default="100000,1000000", help="rows of those with defects")
    parser.add_argument("--defects", type=int, default=40, help="defects injected into each")
    parser.add_argument("--large-pairs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="write the results to this JSON file")
    parser.add_argument("--profile-rows", type=int, default=1_000_000, help="rows of the profiled package")
    parser.add_argument("--skip-small", action="store_true", help="keep the small cases of the --json file")
    args = parser.parse_args()
    import compileall

    import kzfacts

    compileall.compile_dir(str(Path(kzfacts.__file__).parent), quiet=1)
    results: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}",
        "cpus": os.cpu_count(),
        "versions": {
            name: version(name) for name in ("kzfacts", "frictionless", "pyarrow", "pandas", "pydantic")
        },
    }
    if args.skip_small:
        results["cases"] = json.loads(args.json.read_text(encoding="utf-8"))["cases"]
    else:
        with tempfile.TemporaryDirectory() as tmp:
            results["cases"] = small_cases(args.pairs, stale_fork(Path(tmp)))
    numbers = [[int(s) for s in text.split(",") if s] for text in (args.sizes, args.defect_sizes)]
    results["scaling"] = large_cases(*numbers, args.defects, args.large_pairs, args.pairs)
    results["goals"] = goals(results["scaling"])
    with tempfile.TemporaryDirectory() as tmp:
        results["profile_rows"] = args.profile_rows
        results["profile"] = profile(synthetic(args.profile_rows, Path(tmp)))
    for item in results["profile"]:
        print(f"{item['share']:6.1%}  {item['part']}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
