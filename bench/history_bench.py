#!/usr/bin/env python3
"""History benchmark (issue 16): what reading and showing the git history adds to a full build.

    .venv/bin/python bench/history_bench.py                 # 200 positions, 10 commits each
    .venv/bin/python bench/history_bench.py --n 1000        # the issue's figure (not on a shared 2-core box)

Generates N synthetic positions in a fresh git repository and commits them, then makes `--commits - 1`
more commits, each changing every position (a purpose sentence; every `--approval-every`-th commit a new approval
order, so that earlier approved versions get pages of their own). It then times, in the same run:

- `load_history` alone (one `git log` pass + one `git cat-file --batch`, parsing of every old version);
- `mkdocs build` of the repository (history read: history pages, earlier versions, changes, feed);
- `mkdocs build` of the same data copied out of the repository (no history: "pole saadaval").

Seconds on a shared machine wander, so each build runs `--repeat` times and the fastest is reported;
the figure is the ratio of the two builds.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ametijuhend.history import load_history  # noqa: E402
from ametijuhend.project import load_project  # noqa: E402
from ametijuhend.synthetic import generate  # noqa: E402

GIT_ENV = {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@bench.test",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@bench.test"}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env={**os.environ, **GIT_ENV})


def make_repo(repo: Path, n: int, commits: int, approval_every: int = 5) -> Path:
    data = repo / "positions"
    generate(data, n)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Algne")
    files = sorted(data.glob("*.yaml"))
    for k in range(1, commits):
        for path in files:
            text = path.read_text(encoding="utf-8")
            text = re.sub(r"^(purpose: .*?)( Muudatus \d+\.)?$", rf"\1 Muudatus {k}.", text, count=1, flags=re.M)
            if k % approval_every == 0:
                text = re.sub(r"^  order_number: .*$", f"  order_number: {100 + k}", text, count=1, flags=re.M)
            path.write_text(text, encoding="utf-8")
        git(repo, "commit", "-q", "-am", f"Muudatus {k}")
    return data


def build(data: Path, out: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "AMETIJUHENDID_DATA": str(data), "NO_MKDOCS_2_WARNING": "1"})
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stderr}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--commits", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--approval-every", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="history-bench-") as tmp:
        work = Path(tmp)
        (work / "repo").mkdir()
        data = make_repo(work / "repo", args.n, args.commits, args.approval_every)
        plain = work / "plain" / "positions"
        shutil.copytree(data, plain)
        project = load_project(data)
        started = time.perf_counter()
        history = load_history(data, project)
        stage = time.perf_counter() - started
        versions = sum(len(h.versions) for h in history.positions.values())
        with_history = min(build(data, work / "site-a") for _ in range(args.repeat))
        without = min(build(plain, work / "site-b") for _ in range(args.repeat))
        pages = sum(1 for _ in (work / "site-a" / "ametikohad").rglob("index.html"))
        pages_plain = sum(1 for _ in (work / "site-b" / "ametikohad").rglob("index.html"))
    print(f"positions {args.n}, commits {args.commits}, versions read {versions}, commits read {history.commits}")
    print(f"load_history: {stage:.2f} s")
    print(f"build with history: {with_history:.1f} s ({pages} pages under ametikohad/)")
    print(f"build without history: {without:.1f} s ({pages_plain} pages under ametikohad/)")
    print(f"ratio: {with_history / without:.2f} (history adds {100 * (with_history / without - 1):.0f} %)")


if __name__ == "__main__":
    main()
