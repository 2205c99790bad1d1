#!/usr/bin/env python3
"""History benchmark (issue 16): what reading and showing the git history adds to a full build.

    .venv/bin/python bench/history_bench.py                 # 200 positions, 10 commits each
    .venv/bin/python bench/history_bench.py --n 1000        # the issue's figure (not on a shared 2-core box)

Generates N synthetic positions in a fresh git repository and commits them, then makes `--commits - 1`
more commits, each changing every position (a purpose sentence; every `--approval-every`-th commit a new approval
order, so that earlier approved versions get pages of their own). It then times, in the same run:

- the history stages in this process: git read (one `git log` pass + one `git cat-file --batch`),
  parse (`build_history`: every distinct old version), diff (the changes of every history page,
  `history_entries`) and render (the bodies of the history pages and earlier versions, their diff
  excluded, plus the earlier versions' JSON);
- `mkdocs build` of the repository (history read: history pages, earlier versions, changes, feed);
- `mkdocs build` of the same data copied out of the repository (no history: "pole saadaval").

Seconds on a shared machine wander, so each build runs `--repeat` times (alternating) and the fastest is
reported, as wall time, as CPU time of the build's process tree (MkDocs, git, the search indexer), as CPU time
of the MkDocs process alone and as that plus the process beside it that reads the versions and writes
their pages (`mkdocs build` forks it, `ametijuhend.fork`; the hook logs its CPU time): all of the
history's work, none of the search indexer's. The figure is the ratio of the two builds' wall times. Memory: the peak of
each build's process tree, sampled (`_memory`: proportional set sizes, anonymous and with files' pages). "The rest" is
what the history adds to the MkDocs process beyond the stages above (negative when the process beside
does the stages, and the per-position JSON too).
"""

from __future__ import annotations

import argparse
import contextlib
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

from build_bench import tree_pids  # noqa: E402  (this folder: the build benchmark's process tree)

from ametijuhend import history as hist  # noqa: E402
from ametijuhend.project import load_project  # noqa: E402
from ametijuhend.render import RenderOptions, render_site  # noqa: E402
from ametijuhend.render import changes as render_changes  # noqa: E402
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


def cpu() -> float:
    """CPU seconds of this process and of its waited-for children (git, MkDocs and what they ran)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


MKDOCS = """
import atexit, resource, sys
from mkdocs.__main__ import cli
atexit.register(lambda: print("MKDOCS_CPU", sum(resource.getrusage(resource.RUSAGE_SELF)[:2]), file=sys.stderr))
sys.argv[0] = "mkdocs"
cli()
"""
"""`mkdocs` that says, when it ends, the CPU seconds of its own process (its threads, not the indexer's process)."""


def _memory(root: int) -> tuple[int, int]:
    """Memory of a process tree in bytes: (anonymous, all), each the sum of the processes' proportional set size
    (`smaps_rollup`: a page two processes share counts half in each, so the build and its forked process beside
    it are not counted twice). Anonymous memory is what the system cannot drop; the rest is files' pages (the
    programs, the versions' files git wrote, mapped), which it can drop and read again."""
    anon = total = 0
    for pid in tree_pids(root):
        with contextlib.suppress(OSError, ValueError):
            for line in Path("/proc", str(pid), "smaps_rollup").read_text().splitlines():
                if line.startswith("Pss_Anon:"):
                    anon += int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
    return anon, total


def build(data: Path, out: Path) -> tuple[float, float, float, float, int, int]:
    """Wall seconds of one `mkdocs build`, the CPU seconds of its process tree (MkDocs, git and the search indexer,
    summed over both cores), of the MkDocs process alone and of the process beside it that reads the versions
    and writes their pages (the hook logs it; 0 when the build does that itself). The last two are all of
    the history's work, none of the search indexer's. Then the peak memory of the tree (`_memory`, sampled every 0.1 s):
    anonymous and all, in bytes."""
    started, started_cpu = time.perf_counter(), cpu()
    peak_anon = peak_all = 0
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            [sys.executable, "-c", MKDOCS, "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err,
            env={**os.environ, "AMETIJUHENDID_DATA": str(data), "NO_MKDOCS_2_WARNING": "1"})
        while process.poll() is None:
            anon, total = _memory(process.pid) if sys.platform == "linux" else (0, 0)
            peak_anon, peak_all = max(peak_anon, anon), max(peak_all, total)
            time.sleep(0.1)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise SystemExit(f"build failed:\n{stderr}")
    own = float(stderr.rsplit("MKDOCS_CPU", 1)[1].split()[0])
    beside = re.search(r"beside the build in ([0-9.]+) s of CPU", stderr)
    return (time.perf_counter() - started, cpu() - started_cpu, own, float(beside.group(1)) if beside else 0.0,
            peak_anon, peak_all)


def stages(data: Path) -> dict[str, float]:
    """The history's own stages in this process (CPU seconds, git's included), and the number of versions read."""
    project = load_project(data)
    started = cpu()
    hist.load_history(data, project, light=True)
    light = cpu() - started
    started = cpu()
    top, folder = hist._repository(data)
    entries = hist._read_log(top, folder)
    blobs = hist._read_blobs(top, {c.blob for e in entries for c in e.changes if c.blob})
    uncommitted = hist._uncommitted(top, folder)
    git_done = cpu()
    history = hist.build_history(project, entries, blobs, top, uncommitted, hist.seeded_parser(project))
    parsed = cpu()
    site = render_site(project, RenderOptions(history=history))
    model = site.model
    assert model is not None
    planned = cpu()
    for position in model.published_positions():
        chain = history.of(position.id)
        if chain is not None:
            render_changes.history_entries(model, chain)
    diffed = cpu()
    for page in site.pages:
        if "/ajalugu/" in page.url:
            page.html()
    for path in site.files:
        if "@" in path:
            site.content(path)
    rendered = cpu()
    return {"light": light, "git": git_done - started, "parse": parsed - git_done, "diff": diffed - planned,
            "render": (rendered - diffed) - (diffed - planned),
            "versions": sum(len(h.versions) for h in history.positions.values()), "commits": history.commits}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--commits", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--approval-every", type=int, default=5)
    parser.add_argument("--fresh", action="store_true",
                        help="build each time into a new, empty output folder (as CI on a clean checkout does) "
                             "instead of replacing the previous build's site")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="history-bench-") as tmp:
        work = Path(tmp)
        (work / "repo").mkdir()
        data = make_repo(work / "repo", args.n, args.commits, args.approval_every)
        plain = work / "plain" / "positions"
        shutil.copytree(data, plain)
        split = stages(data)
        with_history: list[tuple[float, float, float, float, int, int]] = []
        without: list[tuple[float, float, float, float, int, int]] = []
        for k in range(args.repeat):  # alternating, so that both see the same load of the machine
            with_history.append(build(data, work / (f"site-a-{k}" if args.fresh else "site-a")))
            without.append(build(plain, work / (f"site-b-{k}" if args.fresh else "site-b")))
        site_a = work / (f"site-a-{args.repeat - 1}" if args.fresh else "site-a")
        site_b = work / (f"site-b-{args.repeat - 1}" if args.fresh else "site-b")
        pages = sum(1 for _ in (site_a / "ametikohad").rglob("index.html"))
        pages_plain = sum(1 for _ in (site_b / "ametikohad").rglob("index.html"))
        history_pages = sum(1 for p in (site_a / "ametikohad").rglob("index.html") if p.parent.name == "ajalugu")
        old_pages = sum(1 for p in (site_a / "ametikohad").rglob("index.html") if p.parent.parent.name == "ajalugu")
    a, b = min(r[0] for r in with_history), min(r[0] for r in without)
    ca, cb = min(r[1] for r in with_history), min(r[1] for r in without)
    ma, mb = min(r[2] for r in with_history), min(r[2] for r in without)
    both = min(r[2] + r[3] for r in with_history)
    own = split["git"] + split["parse"] + split["diff"] + split["render"]
    print(f"positions {args.n}, commits {args.commits}, versions read {split['versions']}, "
          f"commits read {split['commits']}")
    print(f"extra pages: {pages - pages_plain} ({history_pages} history pages, {old_pages} earlier versions)")
    print(f"build with history: {a:.1f} s wall, {ca:.1f} s CPU ({pages} pages under ametikohad/)")
    print(f"build without history: {b:.1f} s wall, {cb:.1f} s CPU ({pages_plain} pages under ametikohad/)")
    print(f"ratio: wall {a / b:.2f} (history adds {100 * (a / b - 1):.0f} %, {a - b:.1f} s), "
          f"CPU {ca / cb:.2f} (adds {100 * (ca / cb - 1):.0f} %, {ca - cb:.1f} s)")
    print(f"MkDocs process alone (no search indexer): CPU {ma:.1f} s vs {mb:.1f} s, {ma / mb:.2f} "
          f"(adds {100 * (ma / mb - 1):.0f} %, {ma - mb:.1f} s)")
    print(f"MkDocs process and the history's process beside it: CPU {both:.1f} s vs {mb:.1f} s, {both / mb:.2f} "
          f"(adds {100 * (both / mb - 1):.0f} %, {both - mb:.1f} s)")
    print(f"the build's own reading of the history (git log, no versions' content): {split['light']:.2f} s CPU")
    print(f"split of the history's CPU cost: git read {split['git']:.2f} s, parse {split['parse']:.2f} s, "
          f"diff {split['diff']:.2f} s, render {split['render']:.2f} s, "
          f"writing the extra pages and the rest {ma - mb - own:.2f} s (of the MkDocs process)")
    print("builds (with / without), wall s (CPU s of the tree, of MkDocs, of the history's process): " + ", ".join(
        f"{x[0]:.1f} ({x[1]:.1f}, {x[2]:.1f}, {x[3]:.1f}) / {y[0]:.1f} ({y[1]:.1f}, {y[2]:.1f})"
        for x, y in zip(with_history, without, strict=True)))
    mib = 2**20
    print(f"peak memory of the build's processes (largest of the builds; proportional: a page shared by the build "
          f"and its process beside counts once): with history {max(r[4] for r in with_history) / mib:.0f} MB "
          f"anonymous, {max(r[5] for r in with_history) / mib:.0f} MB with files' pages; without "
          f"{max(r[4] for r in without) / mib:.0f} MB anonymous, {max(r[5] for r in without) / mib:.0f} MB")
    print("pairs (with / without): " + ", ".join(f"{x[0] / y[0]:.2f}"
                                                  for x, y in zip(with_history, without, strict=True)))

if __name__ == "__main__":
    main()
