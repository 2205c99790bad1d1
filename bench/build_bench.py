#!/usr/bin/env python3
"""Build benchmark: how the site scales with the number of positions (issue 6).

One command, one run, figures as ratios against a reference taken in the same run:

    .venv/bin/python bench/build_bench.py                      # N = 100, 1000, 10000
    .venv/bin/python bench/build_bench.py --report bench/BUILD.md   # also update the report
    .venv/bin/python bench/build_bench.py --sizes 5,10 --quick      # smoke run (the test does this)

For every N it generates synthetic data (`ametijuhend.synthetic`) into `<out>/<N>/data` and measures

- the C-loader parse floor: `yaml.load` with libyaml's CSafeLoader over the same files (the target's
  yardstick), and `yaml.compose` with it (the node tree alone, which our loader starts from);
- the hook's own stages, in a fresh interpreter: load (our safe YAML loader), validate (pydantic and
  the file rules), link, render (`ametijuhend.render.render_site` and the Markdown of every generated
  page, which the hook renders page by page as MkDocs reads them);
- the full build: `mkdocs build` of the repository's mkdocs.yml with `AMETIJUHENDID_DATA` pointing at
  the data (wall time; peak memory as the largest summed RSS of the build's process tree, sampled every
  0.1 s, since the search indexer runs beside MkDocs, and the largest single process via `os.wait4`);
- the reference: a plain MkDocs + Material build of the same generated Markdown (written by the render
  stage), generated pages out of the nav (`not_in_nav`), no plugins (Material's search off, as on
  our site, where our own index is built instead);
- HTML bytes per position page (mean, max), total site size and the search index size.

Seconds on a shared machine wander by a third from one minute to the next, so the stages and the
builds run `--repeat` times (default 3) and the fastest run of each is reported.

Unless `--quick` or `--no-serve`, it also times `mkdocs serve --livereload` rebuilding after one YAML
file is edited, at N = `--serve-n` (1000). The result is printed as Markdown tables with the target
checks and the machine; `--report PATH` writes them into PATH between the `bench:begin`/`bench:end`
markers (the rest of the file, e.g. analysis, is kept).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import importlib.util
import json
import os
import platform
import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MKDOCS_YML = ROOT / "mkdocs.yml"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"

TARGET_BUILD_VS_REFERENCE = 0.75
"""Full build at most this many times the reference build, at 1,000 and at 10,000 positions (issue 18)."""
TARGET_HOOK_VS_FLOOR = 1.5
"""Hook's own work (load, validate, link, render) at most this many times the C-loader parse time (issue 18)."""
TARGET_LINEAR = 10.5
"""10,000 positions at most this many times the 1,000 build (issue 18)."""
TARGET_PAGE_KB = 40.0
TARGET_SERVE_SECONDS = 2.0
"""`mkdocs serve` at 1,000 positions: from saving one position's YAML to its page reloaded in the browser (issue 18)."""
TARGET_PEAK_MB = 1000.0
"""Peak memory of the build's process tree at 10,000 positions (issue 18)."""
TARGET_LARGEST_PAGE_KB = 1024.0
"""Every page of the built site at most this much HTML, at 10,000 positions (issue 18)."""
TARGET_FIRST_SCREEN = 1.0
"""Seconds to the first screen (first contentful paint) of each big page in headless Chromium (issue 18)."""


@dataclass
class Stages:
    """Seconds spent in each stage of the hook's work, measured in a fresh interpreter."""

    floor: float
    """`yaml.load(…, Loader=CSafeLoader)` of every file: the C loader parsing the files."""
    compose: float
    """`yaml.compose(…, Loader=CSafeLoader)` of every file: the node tree alone."""
    load: float
    validate: float
    link: float
    render: float
    pages: int
    errors: int
    search: float | None = None
    """Search index (`ametijuhend.search.build_index`, alone; the hook runs it in a process of its own beside
    MkDocs); not part of `hook`."""
    runs: int = 1
    """Fresh-interpreter runs the figures are the minimum of (`stages`)."""
    floor_cpu: float | None = None
    """CPU seconds of `floor` (`time.process_time`): what the parse costs, whatever else runs on the machine."""
    hook_cpu: float | None = None
    """CPU seconds of load + validate + link + render (one process, one thread, as `floor`)."""

    @property
    def hook(self) -> float:
        return self.load + self.validate + self.link + self.render


@dataclass
class Build:
    seconds: float | None = None
    peak_mb: float | None = None
    """Largest summed RSS of the process tree (sampled every 0.1 s)."""
    process_mb: float | None = None
    """Largest RSS of a single process of the tree (`os.wait4`)."""
    ok: bool = False
    log_tail: str = ""
    runs: int = 1
    """Runs the figures come from (`_fastest`)."""
    split: dict[str, float] = field(default_factory=dict)
    """Where the build's time went (`SPLIT`), measured inside the build (`timed_build`); empty for the reference."""


SPLIT = {
    "startup": "start-up (Python, imports)",
    "load": "load + validate + link",
    "plan": "plan (`render_site`)",
    "render": "render (page bodies)",
    "hook_other": "hook's other work (export, events)",
    "search_wait": "wait for search",
    "mkdocs": "MkDocs' own work",
    "search": "search index (own process)",
}
"""The stages of a full build, in the order of the report."""


@dataclass
class Row:
    n: int
    data_mb: float
    generate: float
    stages: Stages
    build: Build
    reference: Build
    page_kb_mean: float | None = None
    page_kb_max: float | None = None
    ref_page_kb_mean: float | None = None
    site_mb: float | None = None
    search_mb: float | None = None
    largest_pages: list[tuple[str, float]] = field(default_factory=list)
    """The largest HTML pages of the built site (address, KB), largest first."""
    screens: list[dict[str, object]] = field(default_factory=list)
    """First screen of the big pages in headless Chromium (`first_screen.Screen`), at the largest N only."""


@dataclass
class Serve:
    n: int
    seconds: float | None
    """The fastest edit: seconds from the save until the browser had loaded the page again (else the log line)."""
    note: str = ""
    browser: list[float] = field(default_factory=list)
    """Each edit: save → the open page reloaded by MkDocs' live reload and showing the edit (Chromium)."""
    log: list[float] = field(default_factory=list)
    """Each edit: save → the server logs `Reloading browsers`."""
    cpu: list[float] = field(default_factory=list)
    """Each edit: CPU seconds the server process used from the save to the reloaded page (Linux `/proc`):
    what the rebuild costs whatever else the machine is doing."""


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of process `pid` so far (Linux), None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Result:
    rows: list[Row] = field(default_factory=list)
    serve: Serve | None = None
    started: str = ""
    """UTC time the run started."""
    load_before: float = 0.0
    """1-minute load average when the run started (other work on the machine skews the figures)."""
    load_after: float = 0.0
    seconds: float = 0.0


def _timer(spent: dict[str, float]):  # type: ignore[no-untyped-def]
    """`timed(name, function)`: `function` wrapped so that its seconds add up in `spent[name]`."""
    def timed(name: str, function):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            begin = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - begin

        return wrapper

    return timed


# --- the hook's stages (run in a child interpreter: `build_bench.py --stages DATA [--docs DIR]`) -----


def measure_stages(data: Path, docs: Path | None) -> Stages:
    """Time the C-loader floor and load/validate/link/render; write the generated pages into `docs`."""
    from time import perf_counter

    import yaml

    from ametijuhend import load as load_module
    from ametijuhend import project as project_module
    from ametijuhend.render import RenderOptions, render_site

    files = [*sorted(data.glob("*.yaml")), *sorted((data / "catalogues").glob("*.yaml"))]
    start, cpu = perf_counter(), time.process_time()
    for path in files:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)  # the safe C loader
    floor, floor_cpu = perf_counter() - start, time.process_time() - cpu
    start = perf_counter()
    for path in files:
        yaml.compose(path.read_bytes(), Loader=yaml.CSafeLoader)
    compose = perf_counter() - start

    spent = {"yaml": 0.0, "link": 0.0}

    timed = _timer(spent)
    # Wrap the functions the pipeline calls, so that one ordinary `load_project` run is split into stages.
    load_module.load_yaml = timed("yaml", load_module.load_yaml)
    project_module.link = timed("link", project_module.link)
    gc.disable()  # as the hook's `on_config` does: the collector is off until the data is frozen
    start, cpu = perf_counter(), time.process_time()
    project = project_module.load_project(data)
    total = perf_counter() - start
    start = perf_counter()
    site = render_site(project, RenderOptions(today=dt.date(2026, 1, 1)))
    gc.freeze()
    gc.enable()
    pages = [page.head + page.html() for page in site.pages]  # what the hook renders page by page
    render, hook_cpu = perf_counter() - start, time.process_time() - cpu
    count = len(pages)
    search = None
    if importlib.util.find_spec("ametijuhend.search") is not None and docs is not None:
        from ametijuhend.search import build_index

        start = perf_counter()
        build_index(project, docs.parent / "search-only")
        search = perf_counter() - start
    if docs is not None:
        # The pages as Markdown files (front matter and the HTML body, as `ametijuhend pages` writes them), for a
        # plain MkDocs build of the same pages: Python-Markdown parses the body there, the hook never does.
        from ametijuhend.pages import nav_of, write_pages

        del pages
        write_pages(site, docs)
        (docs.parent / "nav.json").write_text(json.dumps(nav_of(site), ensure_ascii=False), encoding="utf-8")
    return Stages(floor=floor, compose=compose, load=spent["yaml"], validate=total - spent["yaml"] - spent["link"],
                  link=spent["link"], render=render, pages=count, errors=len(project.errors),
                  search=search, floor_cpu=floor_cpu, hook_cpu=hook_cpu)


def _stages_in_child(data: Path, docs: Path | None) -> Stages:
    cmd = [sys.executable, __file__, "--stages", str(data), *(["--docs", str(docs)] if docs else [])]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
    values = json.loads(out.stdout.strip().splitlines()[-1])
    return Stages(**values)


def stages(data: Path, docs: Path, repeat: int) -> Stages:
    """The stages `repeat` times, each in a fresh interpreter: the fastest hook run and the fastest floors.

    Seconds on a shared machine wander by a third from one minute to the next (measured here);
    the minimum of a few runs is the usual estimate of what the code itself costs, for the
    floor and for the hook alike. The first run also writes the reference's pages and times the
    search index (not repeated: it is not part of the hook's total).
    """
    runs = [_stages_in_child(data, docs)] + [_stages_in_child(data, None) for _ in range(repeat - 1)]
    best = min(runs, key=lambda run: run.hook)
    best.floor = min(run.floor for run in runs)
    best.compose = min(run.compose for run in runs)
    best.floor_cpu = min((run.floor_cpu for run in runs if run.floor_cpu is not None), default=None)
    best.hook_cpu = min((run.hook_cpu for run in runs if run.hook_cpu is not None), default=None)
    best.search = runs[0].search
    best.runs = len(runs)
    return best


# --- builds ------------------------------------------------------------------------------------


def tree_pids(root: int) -> list[int]:
    """Process `root` and all its descendants, from /proc (none elsewhere)."""
    children: dict[int, list[int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if entry.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                stat = Path("/proc", entry, "stat").read_text()
                children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack += children.get(pid, [])
    return found


def _tree_rss(root: int) -> int:
    """Summed resident memory (bytes) of process `root` and all its descendants, from /proc (0 elsewhere)."""
    total = 0
    for pid in tree_pids(root):
        with contextlib.suppress(OSError, ValueError, IndexError):
            total += int(Path("/proc", str(pid), "statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    return total


def _run_measured(cmd: list[str], env: dict[str, str], cwd: Path, log: Path) -> Build:
    """Run `cmd`; wall time, the peak summed RSS of its process tree (sampled) and of its largest process."""
    peak = 0
    with log.open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.1)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:])
    process = usage.ru_maxrss / 1024
    return Build(seconds=seconds, peak_mb=max(peak / 2**20, process), process_mb=process,
                 ok=proc.returncode == 0, log_tail=tail)


def _env(data: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("AMETIJUHENDID_PUBLISH_DRAFTS", None)
    env["NO_MKDOCS_2_WARNING"] = "1"  # keep the logs to the build's own messages
    if data is not None:
        env["AMETIJUHENDID_DATA"] = str(data)
    return env


def full_build(data: Path, site: Path, log: Path) -> Build:
    if not MKDOCS_YML.exists():
        return Build(log_tail=f"{MKDOCS_YML} not found: the site build is not measured")
    timings = log.with_suffix(".split.json")
    timings.unlink(missing_ok=True)
    cmd = [sys.executable, __file__, "--timed-build", str(MKDOCS_YML), str(site), str(timings)]
    build = _run_measured(cmd, _env(data), ROOT, log)
    if build.ok and timings.exists():
        split = json.loads(timings.read_text(encoding="utf-8"))
        split["startup"] = max(0.0, (build.seconds or 0.0) - split.pop("cli"))
        build.split = split
    return build


def timed_build(config: Path, site: Path, timings: Path) -> int:
    """`mkdocs build -q` in this interpreter, the hook's work timed by stage (the child of `full_build`).

    The hook's methods and the library calls it makes are wrapped before MkDocs loads the hook, so that
    one ordinary build is split into: load (+ validate + link), plan, render (the page bodies), the
    hook's other work, the wait for the search index (it runs in a process of its own beside MkDocs) and MkDocs'
    own work (everything else inside MkDocs: the theme, hand-written pages, macros, writing files).
    Writes the seconds as JSON to `timings`; `startup` is the wall time outside MkDocs (`full_build`).
    """
    from time import perf_counter

    from mkdocs.__main__ import cli

    from ametijuhend import hook, search
    from ametijuhend.render import site as render_site_module

    spent = dict.fromkeys(("load", "plan", "render", "events", "search_wait", "search"), 0.0)

    timed = _timer(spent)
    hook.load_project = timed("load", hook.load_project)  # type: ignore[attr-defined]
    hook.render_site = timed("plan", hook.render_site)  # type: ignore[attr-defined]
    render_site_module.RenderedPage.html = timed("render", render_site_module.RenderedPage.html)  # type: ignore[method-assign]
    job_result = search.IndexJob.result

    def result(job: search.IndexJob) -> search.SearchStats:  # the index's own time, in its own process
        stats = job_result(job)
        spent["search"] += stats.seconds
        return stats

    search.IndexJob.result = result  # type: ignore[method-assign, assignment]
    for name in ("on_startup", "on_config", "on_files", "on_page_read_source", "on_page_content", "on_post_page",
                 "on_build_error", "on_shutdown"):
        setattr(hook.SiteHook, name, timed("events", getattr(hook.SiteHook, name)))
    hook.SiteHook.on_post_build = timed("search_wait", hook.SiteHook.on_post_build)  # type: ignore[method-assign]
    start = perf_counter()
    code = cli.main(["build", "-q", "-f", str(config), "-d", str(site)], standalone_mode=False)
    total = perf_counter() - start
    ours = spent["events"] + spent["search_wait"]
    split = {"cli": total, "load": spent["load"], "plan": spent["plan"], "render": spent["render"],
             "hook_other": spent["events"] - spent["load"] - spent["plan"] - spent["render"],
             "search_wait": spent["search_wait"], "mkdocs": total - ours, "search": spent["search"]}
    timings.write_text(json.dumps(split), encoding="utf-8")
    return int(code or 0)


def reference_config(nav: list[dict[str, str]]) -> str:
    """mkdocs.yml of the reference: the site's theme settings and Markdown extensions, nothing of ours
    (the configuration `ametijuhend pages` writes: no hooks, no plugins, no theme overrides)."""
    from ametijuhend.pages import plain_config

    return plain_config(nav, site_name="Ametijuhendid (võrdlusehitus)", site_config=MKDOCS_YML)


def reference_build(ref: Path, log: Path) -> Build:
    """MkDocs + Material over the Markdown that the render stage wrote into `ref/docs`."""
    nav = json.loads((ref / "nav.json").read_text(encoding="utf-8"))
    (ref / "docs" / "index.md").write_text("# Ametijuhendid\n\nVõrdlusehitus.\n", encoding="utf-8")
    (ref / "mkdocs.yml").write_text(reference_config(nav), encoding="utf-8")
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ref / "mkdocs.yml"), "-d", str(ref / "site")]
    return _run_measured(cmd, _env(), ref, log)


def _fastest(runs: list[Build]) -> Build:
    """The fastest successful run (else the first), with the peak memory of all runs."""
    ok = [run for run in runs if run.ok and run.seconds is not None]
    best = min(ok, key=lambda run: run.seconds or 0.0) if ok else runs[0]
    best.peak_mb = max((run.peak_mb for run in runs if run.peak_mb is not None), default=None)
    best.process_mb = max((run.process_mb for run in runs if run.process_mb is not None), default=None)
    return best


def _tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0


def _largest_pages(site: Path, count: int = 6) -> list[tuple[str, float]]:
    """The `count` largest HTML pages of a built site (its address, KB), largest first."""
    sizes = sorted(((p.stat().st_size, p) for p in site.rglob("*.html") if "indeks" not in p.parts), reverse=True)
    return [(p.parent.relative_to(site).as_posix() + "/" if p.name == "index.html" else p.relative_to(site).as_posix(),
             size / 1024) for size, p in sizes[:count]]


def first_screens(site: Path) -> list[dict[str, object]]:
    """`first_screen.measure` of a built site; empty (with a note) without Chromium or Playwright."""
    sys.path.insert(0, str(Path(__file__).parent))
    import first_screen

    if first_screen.chromium() is None or importlib.util.find_spec("playwright") is None:
        print("first screen not measured: no Chromium or Playwright", file=sys.stderr)
        return []
    return [asdict(screen) for screen in first_screen.measure(site)]


def _page_kb(site: Path, ids: list[str]) -> tuple[float | None, float | None]:
    sizes = [page.stat().st_size for i in ids if (page := site / "ametikohad" / i / "index.html").is_file()]
    if not sizes:
        return None, None
    return sum(sizes) / len(sizes) / 1024, max(sizes) / 1024


# --- mkdocs serve ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


SERVE_EDITS = 3
"""Edits timed in one `mkdocs serve` session; the fastest is the figure (as for the builds), all are shown."""


def _chromium() -> Any:
    """A headless Chromium page opener (Playwright + Debian's chromium), or None where there is none."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    path = os.environ.get("AMETIJUHENDID_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        return None
    manager = sync_playwright().start()
    browser = manager.chromium.launch(executable_path=path, args=["--no-sandbox"])
    return manager, browser


def serve_rebuild(data: Path, n: int, timeout: float = 600.0, edits: int = SERVE_EDITS) -> Serve:
    """Seconds from editing one YAML file until the browser showing its page has reloaded it (`mkdocs serve`).

    The page of the edited position is open in headless Chromium; MkDocs' live-reload script in it waits
    for the server's "Reloading browsers" and loads the page again. Each edit is timed from the write to
    the load event of the reloaded page, which must show the edit; the server's log line is timed too.
    Between edits the run waits for the search index that the server rebuilds in the background (an
    editor reads the page before saving again). Without Chromium, only the log line is timed.
    """
    if not MKDOCS_YML.exists():
        return Serve(n, None, "mkdocs.yml not found")
    port = _free_port()
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-f", str(MKDOCS_YML), "-a", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=_env(data), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, encoding="utf-8", errors="replace")
    lines: queue.Queue[tuple[float, str]] = queue.Queue()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put((time.perf_counter(), line.rstrip()))

    threading.Thread(target=read, daemon=True).start()

    def wait_for(text: str, deadline: float) -> float | None:
        while time.perf_counter() < deadline:
            try:
                when, line = lines.get(timeout=0.5)
            except queue.Empty:
                if proc.poll() is not None:
                    return None
                continue
            if text in line:
                return when
        return None

    files = sorted(data.glob("*.yaml"))
    target = files[len(files) // 2]
    original = target.read_bytes()
    chromium = _chromium()
    result = Serve(n, None, f"edited {target.name}" + ("" if chromium else "; no Chromium: log line only"))
    try:
        if wait_for("Serving on", time.perf_counter() + timeout) is None:
            return Serve(n, None, "the server did not start")
        page = None
        if chromium:
            page = chromium[1].new_page()
            page.goto(f"http://127.0.0.1:{port}/ametikohad/{target.stem}/")
        time.sleep(2.0)  # let the watcher settle
        text = original.decode("utf-8")
        for number in range(1, edits + 1):
            marker = f"Muudetud {number}."
            edited = re.sub(r"^(purpose: .*?)(\"?)$", rf"\1 {marker}\2", text, count=1, flags=re.M)
            if edited == text:
                return Serve(n, None, f"{target.name} has no `purpose:` line to edit")
            cpu = _cpu_seconds(proc.pid)
            start = time.perf_counter()
            if page is not None:
                with page.expect_navigation(timeout=timeout * 1000):
                    target.write_text(edited, encoding="utf-8")
                reloaded = time.perf_counter()
                if marker not in page.content():
                    return Serve(n, None, "the reloaded page does not show the edit")
                result.browser.append(reloaded - start)
            else:
                target.write_text(edited, encoding="utf-8")
            done = wait_for("Reloading browsers", start + timeout)
            if done is None:
                return Serve(n, None, "no rebuild after the edit (is the data folder watched?)")
            result.log.append(done - start)
            cpu_after = _cpu_seconds(proc.pid)
            if cpu is not None and cpu_after is not None:
                result.cpu.append(cpu_after - cpu)
            wait_for("search index of the served site", time.perf_counter() + 120)
        result.seconds = min(result.browser or result.log)
        return result
    finally:
        target.write_bytes(original)
        if chromium:
            chromium[1].close()
            chromium[0].stop()
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- one run -----------------------------------------------------------------------------------


def bench_size(n: int, out: Path, seed: int, repeat: int = 3) -> Row:
    from ametijuhend.synthetic import generate

    base = out / str(n)
    shutil.rmtree(base, ignore_errors=True)
    data, site, ref = base / "data", base / "site", base / "ref"
    start = time.perf_counter()
    stats = generate(data, n, seed)
    generated = time.perf_counter() - start
    measured = stages(data, ref / "docs", repeat)
    # The builds alternate with the reference's, `repeat` times at every N (so that the 10,000 ÷ 1,000
    # ratio compares like with like); the fastest of each is reported, with the largest memory of any run.
    builds, references = [], []
    for _ in range(repeat):
        builds.append(full_build(data, site, base / "build.log"))
        references.append(reference_build(ref, base / "reference.log"))
    build, reference = _fastest(builds), _fastest(references)
    build.runs, reference.runs = len(builds), len(references)
    ids = sorted(p.stem for p in data.glob("*.yaml"))
    row = Row(n=n, data_mb=stats.bytes / 1e6, generate=generated, stages=measured, build=build, reference=reference)
    row.page_kb_mean, row.page_kb_max = _page_kb(site, ids)
    row.ref_page_kb_mean, _ = _page_kb(ref / "site", ids)
    if build.ok:
        row.site_mb = _tree_bytes(site) / 1e6
        row.search_mb = _tree_bytes(site / "indeks") / 1e6
        row.largest_pages = _largest_pages(site)
    return row


def run(sizes: list[int], out: Path, seed: int, serve_n: int | None, progress: bool = True,
        repeat: int = 3, browser: bool = True) -> Result:
    result = Result(started=f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M}", load_before=os.getloadavg()[0])
    started = time.perf_counter()
    for n in sizes:
        if progress:
            print(f"… N={n}", file=sys.stderr, flush=True)
        row = bench_size(n, out, seed, repeat)
        for label, build in (("build", row.build), ("reference build", row.reference)):
            if build.seconds is not None and not build.ok:
                print(f"{label} failed at N={n}:\n{build.log_tail}", file=sys.stderr)
        result.rows.append(row)
    largest = result.rows[-1] if result.rows else None
    if browser and largest is not None and largest.build.ok:
        if progress:
            print(f"… first screen in Chromium at N={largest.n}", file=sys.stderr, flush=True)
        largest.screens = first_screens(out / str(largest.n) / "site")
    if serve_n:
        data = out / str(serve_n) / "data"
        if not data.is_dir():
            from ametijuhend.synthetic import generate

            generate(data, serve_n, seed)
        if progress:
            print(f"… mkdocs serve at N={serve_n}", file=sys.stderr, flush=True)
        result.serve = serve_rebuild(data, serve_n)
    result.load_after = os.getloadavg()[0]
    result.seconds = time.perf_counter() - started
    return result


# --- report ------------------------------------------------------------------------------------


def _s(value: float | None, digits: int = 2, unit: str = "") -> str:
    return "n/a" if value is None else f"{value:.{digits}f}{unit}"


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def targets(result: Result) -> list[tuple[str, str, str, bool | None]]:
    """(target, limit, measured, holds) for every target of issue 18 that this run can check."""
    by_n = {row.n: row for row in result.rows}
    checks: list[tuple[str, str, str, bool | None]] = []
    for n in (1000, 10000):
        if n in by_n:
            row = by_n[n]
            ratio = _ratio(row.build.seconds if row.build.ok else None, row.reference.seconds)
            checks.append((f"full build {n:,} vs reference", f"≤ {TARGET_BUILD_VS_REFERENCE}×",
                           _s(ratio, unit="×"), None if ratio is None else ratio <= TARGET_BUILD_VS_REFERENCE))
    for row in result.rows:
        if row.n >= 1000:
            ratio = row.stages.hook / row.stages.floor
            cpu = (f"; CPU time {row.stages.hook_cpu / row.stages.floor_cpu:.2f}×"
                   if row.stages.hook_cpu and row.stages.floor_cpu else "")
            checks.append((f"hook work vs C-loader parse (`yaml.load`), N={row.n:,}", f"≤ {TARGET_HOOK_VS_FLOOR}×",
                           f"{ratio:.2f}× ({row.stages.hook / row.stages.compose:.2f}× `yaml.compose`{cpu})",
                           ratio <= TARGET_HOOK_VS_FLOOR))
    if 1000 in by_n and 10000 in by_n:
        ratio = _ratio(by_n[10000].build.seconds if by_n[10000].build.ok else None,
                       by_n[1000].build.seconds if by_n[1000].build.ok else None)
        ref_ratio = _ratio(by_n[10000].reference.seconds if by_n[10000].reference.ok else None,
                           by_n[1000].reference.seconds if by_n[1000].reference.ok else None)
        checks.append(("build 10,000 vs 1,000", f"≤ {TARGET_LINEAR}×",
                       _s(ratio, unit="×") + f" (reference: {_s(ref_ratio, unit='×')})",
                       None if ratio is None else ratio <= TARGET_LINEAR))
    pages = [row.page_kb_max for row in result.rows if row.page_kb_max is not None]
    if pages:
        checks.append(("HTML per position page (max over all N)", f"≤ {TARGET_PAGE_KB:.0f} KB",
                       f"{max(pages):.1f} KB", max(pages) <= TARGET_PAGE_KB))
    if 10000 in by_n:
        peak = by_n[10000].build.peak_mb if by_n[10000].build.ok else None
        checks.append(("peak memory of the build (process tree), N=10,000", f"≤ {TARGET_PEAK_MB:,.0f} MB",
                       _s(peak, 0, " MB"), None if peak is None else peak <= TARGET_PEAK_MB))
    for row in result.rows:
        if row.n >= 10000 and row.largest_pages:
            url, kb = row.largest_pages[0]
            checks.append((f"largest HTML page of the site, N={row.n:,}", f"≤ {TARGET_LARGEST_PAGE_KB:,.0f} KB",
                           f"{kb:,.0f} KB (`{url}`)", kb <= TARGET_LARGEST_PAGE_KB))
        if row.screens:
            slowest = max(row.screens, key=lambda screen: float(screen["fcp"] or screen["load"]))  # type: ignore[arg-type]
            seconds = float(slowest["fcp"] or slowest["load"])  # type: ignore[arg-type]
            checks.append((f"first screen of the big pages in Chromium, N={row.n:,}", f"≤ {TARGET_FIRST_SCREEN:.0f} s",
                           f"{seconds:.2f} s (slowest: `{slowest['url']}`)", seconds <= TARGET_FIRST_SCREEN))
    if result.serve:
        serve = result.serve
        each = ", ".join(f"{b:.2f}" for b in serve.browser) or "–"
        logged = ", ".join(f"{b:.2f}" for b in serve.log) or "–"
        cpu = ", ".join(f"{b:.2f}" for b in serve.cpu) or "–"
        runs = len(serve.browser or serve.log)
        checks.append((f"`mkdocs serve`: save → page reloaded in the browser, N={serve.n:,}",
                       f"≤ {TARGET_SERVE_SECONDS:.0f} s",
                       _s(serve.seconds, unit=" s") + f" (fastest of {runs}; browser: {each} s; server log "
                       f"`Reloading browsers`: {logged} s; server CPU: {cpu} s"
                       + (f"; {serve.note}" if serve.note else "") + ")",
                       None if serve.seconds is None else serve.seconds <= TARGET_SERVE_SECONDS))
    return checks


def machine() -> list[tuple[str, str]]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.1f} GB"
    except (OSError, ValueError, IndexError):
        pass
    import yaml

    versions = []
    for dist in ("mkdocs", "mkdocs-material", "pydantic", "PyYAML", "Jinja2", "Markdown"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions.append(f"{dist} {metadata.version(dist)}")
    return [
        ("CPU", f"{cpu}, {os.cpu_count()} cores"),
        ("memory", memory or "n/a"),
        ("OS", platform.platform()),
        ("Python", platform.python_version()),
        ("libyaml", str(getattr(yaml, "__with_libyaml__", False)) + (
            f" ({yaml._yaml.get_version_string()})" if getattr(yaml, "__with_libyaml__", False) else "")),
        ("packages", ", ".join(versions)),
    ]


def markdown(result: Result, argv: list[str]) -> str:
    lines = [f"Run started {result.started} UTC: "
             f"`.venv/bin/python bench/build_bench.py {' '.join(argv)}`.".replace("  ", " "), ""]
    runs = max((row.stages.runs for row in result.rows), default=1)
    lines += ["### Time (seconds)", "",
              f"C-loader and hook stages: the fastest of {runs} runs in fresh interpreters; full build and "
              f"reference: the fastest of {runs} alternating runs (peak memory: the largest of all runs).", "",
              "| N | data MB | C-loader `load` | C-loader `compose` | load | validate | link | render | hook total "
              "| hook ÷ `load` | search index | full build | reference | build ÷ reference |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in result.rows:
        st = row.stages
        build = row.build.seconds if row.build.ok else None
        ref = row.reference.seconds if row.reference.ok else None
        lines.append(f"| {row.n:,} | {row.data_mb:.1f} | {st.floor:.2f} | {st.compose:.2f} | {st.load:.2f} "
                     f"| {st.validate:.2f} "
                     f"| {st.link:.2f} | {st.render:.2f} | {st.hook:.2f} | {st.hook / st.floor:.2f}× "
                     f"| {_s(st.search)} | {_s(build)} | {_s(ref)} | {_s(_ratio(build, ref), unit='×')} |")
    lines += ["", "### Where the full build's time goes (seconds, the fastest build)", "",
              "Measured inside the build (`timed_build`): the hook's methods and the library calls it makes are "
              "timed; MkDocs' own work is the rest of the time inside MkDocs (theme, hand-written pages, "
              "macros, writing files). The search index runs in a process of its own beside MkDocs: only "
              "its wait counts in the total. The reference is a plain MkDocs build: all of it is MkDocs' own work.", "",
              "| N | full build | " + " | ".join(SPLIT.values()) + " | reference |",
              "|---:|---:|" + "---:|" * len(SPLIT) + "---:|"]
    for row in result.rows:
        split = row.build.split
        build = row.build.seconds if row.build.ok else None
        cells = " | ".join(_s(split.get(key)) for key in SPLIT)
        reference = row.reference.seconds if row.reference.ok else None
        lines.append(f"| {row.n:,} | {_s(build)} | {cells} | {_s(reference)} |")
    lines += ["", "### Memory and size", "",
              "| N | pages | peak RSS build MB (tree) | largest process MB | peak RSS reference MB "
              "| HTML/position page KB mean | max | reference page KB mean | site MB | search index MB |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in result.rows:
        lines.append(f"| {row.n:,} | {row.stages.pages:,} | {_s(row.build.peak_mb, 0)} "
                     f"| {_s(row.build.process_mb, 0)} "
                     f"| {_s(row.reference.peak_mb, 0)} | {_s(row.page_kb_mean, 1)} | {_s(row.page_kb_max, 1)} "
                     f"| {_s(row.ref_page_kb_mean, 1)} | {_s(row.site_mb, 1)} | {_s(row.search_mb, 1)} |")
    with_pages = [row for row in result.rows if row.largest_pages]
    if with_pages:
        lines += ["", "### Largest pages of the built site (HTML KB, theme included)", "",
                  "| N | " + " | ".join(f"{k}." for k in range(1, 7)) + " |", "|---:|" + "---|" * 6]
        for row in with_pages:
            largest = [f"`{url}` {kb:,.0f}" for url, kb in row.largest_pages] + [""] * (6 - len(row.largest_pages))
            lines.append(f"| {row.n:,} | " + " | ".join(largest) + " |")
    for row in result.rows:
        if row.screens:
            sys.path.insert(0, str(Path(__file__).parent))
            import first_screen

            lines += ["", f"### First screen in headless Chromium (N = {row.n:,})", "",
                      "`bench/first_screen.py` on the built site: each page opened in a fresh browser context, "
                      "the fastest of 3 openings; the first contentful paint is the first screen.", ""]
            lines += first_screen.table([first_screen.Screen(**screen) for screen in row.screens])  # type: ignore[arg-type]
    checks = targets(result)
    if checks:
        lines += ["", "### Targets", "", "| target | limit | measured | holds |", "|---|---|---:|:---:|"]
        for name, limit, measured, holds in checks:
            mark = "–" if holds is None else ("yes" if holds else "**no**")
            lines.append(f"| {name} | {limit} | {measured} | {mark} |")
    lines += ["", "### Machine", "", "| | |", "|---|---|"]
    lines += [f"| {key} | {value} |" for key, value in machine()]
    lines.append(f"| load average (1 min) | {result.load_before:.2f} at the start, {result.load_after:.2f} at the end "
                 f"of the {result.seconds / 60:.1f}-minute run |")
    return "\n".join(lines) + "\n"


def write_report(path: Path, text: str) -> None:
    """Replace the part between the markers (or create the file) and keep the rest."""
    block = f"{BEGIN}\n{text}{END}\n"
    if path.exists():
        old = path.read_text(encoding="utf-8")
        if BEGIN in old and END in old:
            head, _, rest = old.partition(BEGIN)
            _, _, tail = rest.partition(END)
            path.write_text(head + block + tail.lstrip("\n"), encoding="utf-8")
            return
        path.write_text(old.rstrip("\n") + "\n\n" + block, encoding="utf-8")
        return
    path.write_text("# Build benchmark\n\n" + block, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,10000", help="numbers of positions, comma-separated")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out", help="work folder (default bench-out/)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3,
                        help="fresh-interpreter runs of the floor and hook stages; the minimum is reported (default 3)")
    parser.add_argument("--quick", action="store_true", help="skip the `mkdocs serve` and Chromium measurements")
    parser.add_argument("--no-serve", action="store_true", help="skip the `mkdocs serve` measurement")
    parser.add_argument("--no-browser", action="store_true",
                        help="skip the first screen in Chromium of the big pages (at the largest N)")
    parser.add_argument("--serve-n", type=int, default=1000, help="N for the serve measurement (default 1000)")
    parser.add_argument("--serve-only", action="store_true", help="only the `mkdocs serve` measurement (no builds)")
    parser.add_argument("--report", type=Path, help="also write the tables into this Markdown file")
    parser.add_argument("--json", type=Path, help="also write the raw figures as JSON")
    parser.add_argument("--stages", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--docs", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--timed-build", nargs=3, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.timed_build:  # child mode: one full build with its stages timed (`full_build`)
        return timed_build(*args.timed_build)
    if args.stages:  # child mode: measure the stages of one data folder, print JSON
        stages = measure_stages(args.stages, args.docs)
        print(json.dumps(asdict(stages)))
        return 0
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes must be numbers separated by commas, not {args.sizes!r}")
    if not sizes or min(sizes) < 1:
        parser.error("--sizes needs at least one number ≥ 1")
    if args.serve_only:
        sizes = []
    serve_n = None if (args.quick or args.no_serve) else args.serve_n
    args.out.mkdir(parents=True, exist_ok=True)
    result = run(sizes, args.out.resolve(), args.seed, serve_n, repeat=args.repeat,
                 browser=not (args.quick or args.no_browser))
    text = markdown(result, argv)
    print(text)
    if args.report:
        write_report(args.report, text)
    if args.json:
        args.json.write_text(json.dumps(asdict(result), indent=1, default=str), encoding="utf-8")
    failed = [row.n for row in result.rows if not row.reference.ok or (row.build.seconds is not None
                                                                      and not row.build.ok)]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
