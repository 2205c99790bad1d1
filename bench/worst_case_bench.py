#!/usr/bin/env python3
"""Worst-case validation benchmark: no data folder makes validation quadratic (issue 13, item 5).

    .venv/bin/python bench/worst_case_bench.py              # every scenario at N = 500 and 1000
    .venv/bin/python bench/worst_case_bench.py -n 200 --only manager-chain,unknown-references

Each scenario of `bench/worst_case.py` is written at size N/2 and N and loaded with `load_project`
(load, validate, link: what `ametijuhend validate` and the build do), in a fresh interpreter. Time is
the CPU time of that process (on a shared machine, wall time wanders with the others' load), taken per
megabyte of YAML, since some scenarios are large by nature (1,000 positions that each name
the 999 others are 40 MB). Budget: doubling N may raise the seconds per megabyte by at most `GROWTH`
(linear work keeps it flat; quadratic work doubles it). For context, each is also compared with the
yardstick taken in the same run: `load_project` over N ordinary generated positions (`ametijuhend
generate`, about 10 KB of YAML each); files full of problems cost more per megabyte (every problem is
located and reported), which is a constant factor, not growth. `many-duties` is written with 20,000 and
40,000 duties whatever N (the case of issue 13). Exit status 1 when a scenario is over budget.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from worst_case import SCENARIOS, write_scenario  # noqa: E402

GROWTH = 1.5
"""Most the seconds per megabyte may grow when the size doubles (1.0: linear; 2.0: quadratic)."""
DUTIES = 40_000
"""Duties in the `many-duties` file (issue 13 measured 38 s for them before the fix)."""

_MEASURE = """
import json, sys, time
from pathlib import Path
from ametijuhend.project import load_project
start = time.process_time()
project = load_project(Path(sys.argv[1]))
print(json.dumps({"seconds": time.process_time() - start, "errors": len(project.errors),
                  "warnings": len(project.warnings)}))
"""


def measure(root: Path, repeat: int) -> dict[str, float]:
    """The fastest of `repeat` runs of `load_project(root)`, each in a fresh interpreter, and the
    megabytes of YAML it read."""
    megabytes = sum(path.stat().st_size for path in root.rglob("*.yaml")) / 1e6
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", _MEASURE, str(root)], capture_output=True, text=True,
                             check=True, timeout=600)
        runs.append(json.loads(out.stdout))
    return {**min(runs, key=lambda run: run["seconds"]), "megabytes": megabytes}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=1000, help="largest size of every scenario (default 1000)")
    parser.add_argument("--only", default="", help="comma-separated scenario names (default: all)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each measurement; the fastest counts")
    args = parser.parse_args(argv)
    names = [name for name in args.only.split(",") if name] or list(SCENARIOS)
    unknown = sorted(set(names) - set(SCENARIOS))
    if unknown:
        parser.error(f"unknown scenario(s) {', '.join(unknown)}; known: {', '.join(SCENARIOS)}")

    from ametijuhend.synthetic import generate

    with tempfile.TemporaryDirectory(prefix="worst-case-") as tmp:
        reference_root = Path(tmp) / "reference"
        generate(reference_root, args.n)
        reference = measure(reference_root, args.repeat)
        per_mb = reference["seconds"] / reference["megabytes"]
        print(f"yardstick: {args.n} ordinary positions, {reference['megabytes']:.1f} MB in "
              f"{reference['seconds']:.2f} s ({per_mb:.3f} s/MB)\n")
        print("| scenario | size | MB | seconds | s/MB ÷ yardstick | errors | warnings "
              f"| s/MB growth from size/2 (≤ {GROWTH:g}) |")
        print("|---|---|---|---|---|---|---|---|")
        over = []
        for name in names:
            full = DUTIES if name == "many-duties" else args.n
            rates = []
            for size in (full // 2, full):
                result = measure(write_scenario(Path(tmp) / f"{name}-{size}", name, size), args.repeat)
                rates.append(result["seconds"] / result["megabytes"])
                print(f"| {name} | {size:,} | {result['megabytes']:.1f} | {result['seconds']:.2f} "
                      f"| {rates[-1] / per_mb:.2f} | {result['errors']:,} | {result['warnings']:,} "
                      + (f"| {rates[1] / rates[0]:.2f} {'yes' if rates[1] / rates[0] <= GROWTH else 'NO'} |"
                         if len(rates) == 2 else "| |"), flush=True)
            if rates[1] / rates[0] > GROWTH:
                over.append(name)
    if over:
        print(f"over budget: {', '.join(over)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
