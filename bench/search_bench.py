#!/usr/bin/env python3
"""Search benchmark (issues 4, 14): the search box over the site's own index on a synthetic site, in headless Chromium.

One command, one run:

    .venv/bin/python bench/search_bench.py                          # N = 1000, prints the report
    .venv/bin/python bench/search_bench.py --report bench/SEARCH.md # also writes it
    .venv/bin/python bench/search_bench.py --n 50 --no-reference    # quick smoke run
    .venv/bin/python bench/search_bench.py --recall --no-reference  # also the query set's recall

Every figure is taken twice: with the lemma layer (the site as built) and without it (the same
site with its index rebuilt by `build_index(..., lemmas=False)`: words as written, no dictionary).

Steps:
1. `ametijuhend.synthetic.generate` writes N positions into `<out>/data`;
2. `mkdocs build` of the repository's mkdocs.yml on that data (the hook builds `indeks/`);
3. the reference: the same pages written by `ametijuhend pages --out` (Markdown files with the pages'
   HTML) built by plain MkDocs + Material with Material's search plugin on, for the size of its
   `search/search_index.json` (the site's own build hands MkDocs the pages as HTML, which Material's
   search plugin does not see, so the site's mkdocs.yml with `search` added indexes next to nothing);
4. the built site is served by Python's http.server under `/ametijuhendid/` and opened in Debian's
   headless Chromium (Playwright). For every query: a fresh browser context (empty cache), the page
   is loaded and idle, then the search box is clicked and the query typed like a person (80 ms a
   key). Measured in the page: time from the last keydown to the results of the full query being
   in the DOM (and to the next animation frame, i.e. painted); counted over CDP: bytes received
   from the click until then (`Network.loadingFinished.encodedDataLength`), i.e. everything the
   first query costs: the engine's code, the index manifest, dictionary and postings shards and result fragments.
   Then the next query is typed into the same page (warm: code and metadata loaded).

The index build is timed in this process three times: with the lemma layer and an empty
morphology cache (a first build), with the cache the site's build has just written (a rebuild), and
without the lemma layer.

Figures are from one run on one machine; the report states the machine and its load. Targets (issue 14):
first results ≤ 150 ms (median) and ≤ 300 ms (max) after the last keystroke, ≤ 300 KB transferred for
the first query, index build ≤ 1.5× the build without the lemma layer.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SUBPATH = "ametijuhendid"
QUERIES = [
    "asendushoolduses",  # inflected
    "jarelevalve",  # no diacritics
    "lepitus",  # compound part
    "pingetaluvus",  # competency, in every position
    "vene keel B1",  # language requirement
    "meediapäringud",  # inflected, in many duties
    "andmekaitse",  # unit and duty words
    "kliendikesksus",  # competency
    "koolitustele",  # a form not written in the texts: looked up in the dictionary
    "hooldusele",  # the head of a compound, inflected
]
TARGET_MS = 300
TARGET_MEDIAN_MS = 150
TARGET_BYTES = 300 * 1024
TARGET_BUILD_RATIO = 1.5
QUERY_SET = ROOT / "tests" / "search_queries.yaml"
TOP = 10
KEY_DELAY_MS = 80
"""A fast typist; the slow run (SLOW_KEY_DELAY_MS) shows what search-as-you-type costs in bytes."""
SLOW_KEY_DELAY_MS = 250

# In-page probe: time of the last keydown, and of the moment the results of a query are in the DOM.
PROBE = """
window.__bench = { lastKey: 0, first: {}, painted: {}, complete: {} };
document.addEventListener('keydown', () => { window.__bench.lastKey = performance.now(); }, true);
addEventListener('DOMContentLoaded', () => {
  const list = document.querySelector('[data-ajs-results]');
  const b = window.__bench;
  new MutationObserver(() => {
    const now = performance.now();
    for (const [attr, store] of [['first', b.first], ['query', b.complete]]) {
      const q = list.dataset[attr];
      if (q && !(q in store)) store[q] = now;
    }
    for (const q of Object.keys(b.first)) {
      if (!(q in b.painted)) { b.painted[q] = -1; requestAnimationFrame(() => { b.painted[q] = performance.now(); }); }
    }
  }).observe(list, { attributes: true, attributeFilter: ['data-query', 'data-first'] });
});
"""


@dataclass
class QueryRun:
    query: str
    results: int
    cold_ms: float
    """Last keydown → first result in the DOM."""
    cold_paint_ms: float
    """… → the next animation frame after it."""
    cold_full_ms: float
    """… → all results of the first page (10) in the DOM."""
    cold_bytes: int
    cold_requests: int
    warm_ms: float


def run(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env={**os.environ, **(env or {})}, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stdout}\n{result.stderr}")
    return time.perf_counter() - started


def build(config: Path, out: Path, data: Path) -> float:
    if out.exists():
        shutil.rmtree(out)
    return run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(out)],
        env={"AMETIJUHENDID_DATA": str(data), "NO_MKDOCS_2_WARNING": "1"},
    )


def material_reference(data: Path, out: Path) -> float:
    """Build the pages of `ametijuhend pages` with Material's search plugin; returns the seconds of the build."""
    pages = out / "pages"
    run([sys.executable, "-m", "ametijuhend.cli", "pages", "--out", str(pages), "--data", str(data), "--no-search"])
    config = yaml.safe_load((pages / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = ["search"]
    (pages / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return build(pages / "mkdocs.yml", out / "site", data)


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(web_root: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(web_root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{SUBPATH}/"
    finally:
        server.shutdown()


def type_and_wait(page: Any, query: str, delay: int = KEY_DELAY_MS) -> None:
    page.keyboard.type(query, delay=delay)
    page.wait_for_function(
        # A query without results (possible without the lemma layer) has no first result: complete is enough.
        "q => { const b = window.__bench; "
        "return b.complete[q] !== undefined && (b.painted[q] > 0 || !(q in b.first)); }",
        arg=query,
        timeout=30_000,
    )


def measure(url: str, chromium: str, delay: int = KEY_DELAY_MS) -> list[QueryRun]:
    from playwright.sync_api import sync_playwright

    runs = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for i, query in enumerate(QUERIES):
            context = browser.new_context()
            page = context.new_page()
            page.add_init_script(PROBE)
            received: list[tuple[str, int]] = []
            counting = [False]

            def on_finished(
                request: Any, received: list[tuple[str, int]] = received, counting: list[bool] = counting
            ) -> None:
                if counting[0]:
                    sizes = request.sizes()
                    received.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))

            context.on("requestfinished", on_finished)
            page.goto(url, wait_until="networkidle")
            counting[0] = True
            page.locator("#ajs-query").click()
            type_and_wait(page, query, delay)
            bench = page.evaluate("window.__bench")
            page.wait_for_timeout(300)  # let the last responses be accounted
            counting[0] = False
            if os.environ.get("SEARCH_BENCH_DEBUG"):
                print(query, received, file=sys.stderr)
            results = len(page.eval_on_selector_all("[data-ajs-results] li", "items => items"))
            status = page.locator("[data-ajs-status]").inner_text()
            cold_ms = bench["first"].get(query, bench["complete"][query]) - bench["lastKey"]
            cold_paint_ms = bench["painted"].get(query, bench["complete"][query]) - bench["lastKey"]
            cold_full_ms = bench["complete"][query] - bench["lastKey"]
            # Warm: the next query typed into the same page.
            warm_query = QUERIES[(i + 1) % len(QUERIES)]
            page.locator("#ajs-query").fill("")
            page.locator("#ajs-query").click()
            type_and_wait(page, warm_query)
            bench = page.evaluate("window.__bench")
            warm_ms = bench["first"].get(warm_query, bench["complete"][warm_query]) - bench["lastKey"]
            runs.append(
                QueryRun(
                    query,
                    int(status.split()[0]) if status[0].isdigit() else results,
                    cold_ms,
                    cold_paint_ms,
                    cold_full_ms,
                    sum(n for _, n in received),
                    len(received),
                    warm_ms,
                )
            )
            context.close()
        browser.close()
    return runs


def machine() -> dict[str, str]:
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True).stdout.strip()
    from importlib.metadata import version

    return {
        "CPU": f"{cpu}, {os.cpu_count()} cores",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "Chromium": chromium or "unknown",
        "MkDocs / Material": f"{version('mkdocs')} / {version('mkdocs-material')}",
    }


def cpu_seconds() -> float:
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed_index(project: Any, out: Path, *, lemmas: bool, cache: Path | None = None) -> tuple[Any, float]:
    """`build_index` into `out` with the morphology cache in `cache` (a new process's state: nothing
    analysed in memory); returns its stats and the CPU seconds it took."""
    from ametijuhend.morphology import CACHE_ENV, Morphology
    from ametijuhend.search import build_index

    if cache is not None:
        os.environ[CACHE_ENV] = str(cache)
    Morphology._shared = None
    started = cpu_seconds()
    stats = build_index(project, out, lemmas=lemmas)
    return stats, cpu_seconds() - started


def without_lemmas(site: Path, web_root: Path, project: Any) -> None:
    """A copy of the built `site` in `web_root/SUBPATH` whose index has no lemma layer."""
    from ametijuhend.search import build_index

    if web_root.exists():
        shutil.rmtree(web_root)
    shutil.copytree(site, web_root / SUBPATH)
    build_index(project, web_root / SUBPATH, lemmas=False)


def recall(url: str, chromium: str) -> tuple[int, int]:
    """How many queries of tests/search_queries.yaml pass (the rule of tests/browser/test_search_browser.py)."""
    import re

    from playwright.sync_api import sync_playwright

    cases = yaml.safe_load(QUERY_SET.read_text(encoding="utf-8"))["queries"]
    passed = 0
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(url)
        for case in cases:
            page.locator("#ajs-query").fill("")
            page.locator("#ajs-query").click()
            page.keyboard.type(case["query"], delay=5)
            page.wait_for_function(
                "q => document.querySelector('[data-ajs-results]').dataset.query === q", arg=case["query"].strip()
            )
            hrefs = page.eval_on_selector_all("[data-ajs-results] a", "ls => ls.map(a => a.getAttribute('href'))")
            ids = [m.group(1) for h in hrefs if (m := re.search(r"ametikohad/([^/#]+)/", h))]
            ok = all(pid in ids[:TOP] for pid in case["finds"])
            ok = ok and (not case.get("first") or (ids[:1] == [case["first"]]))
            ok = ok and not any(pid in ids for pid in case.get("not", []))
            passed += ok
            if not ok and os.environ.get("SEARCH_BENCH_DEBUG"):
                print("fails:", case["query"], ids, file=sys.stderr)
        browser.close()
    return passed, len(cases)


def kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB" if n < 10 * 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


def report(
    n: int,
    figures: dict[str, Any],
    runs: list[QueryRun],
    slow: list[QueryRun],
    plain: list[QueryRun],
    info: dict[str, str],
) -> str:
    cold = [r.cold_ms for r in runs]
    full = [r.cold_full_ms for r in runs]
    warm = [r.warm_ms for r in runs]
    first_bytes = [r.cold_bytes for r in runs]
    worst_ms = [*cold, *(t.cold_ms for t in slow)]
    worst_bytes = [*first_bytes, *(t.cold_bytes for t in slow)]
    lines = [
        f"## Figures (one run, N = {n:,} synthetic positions, {time.strftime('%Y-%m-%d')})",
        "",
        f"Typed at {KEY_DELAY_MS} ms a key; the last two columns: the same first query typed at "
        f"{SLOW_KEY_DELAY_MS} ms a key, when results appear while typing.",
        "",
        "| query | results | first query: ms to first result (to paint) | … to all 10 | "
        "first query: bytes (requests) | next query: ms to first result | slow typist: ms | slow typist: bytes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r, t in zip(runs, slow, strict=True):
        lines.append(
            f"| `{r.query}` | {r.results} | {r.cold_ms:.0f} ({r.cold_paint_ms:.0f}) | {r.cold_full_ms:.0f} | "
            f"{kb(r.cold_bytes)} ({r.cold_requests}) | {r.warm_ms:.0f} | {t.cold_ms:.0f} | {kb(t.cold_bytes)} |"
        )
    lines += [
        f"| **median / max** | | **{statistics.median(cold):.0f} / {max(cold):.0f}** | "
        f"{statistics.median(full):.0f} / {max(full):.0f} | "
        f"**{kb(statistics.median(first_bytes))} / {kb(max(first_bytes))}** | "
        f"{statistics.median(warm):.0f} / {max(warm):.0f} | "
        f"{statistics.median(t.cold_ms for t in slow):.0f} / {max(t.cold_ms for t in slow):.0f} | "
        f"{kb(statistics.median(t.cold_bytes for t in slow))} / {kb(max(t.cold_bytes for t in slow))} |",
        "",
        "| target | measured | |",
        "|---|---|---|",
        f"| first results ≤ {TARGET_MEDIAN_MS} ms after the last keystroke (median) | "
        f"{statistics.median(cold):.0f} ms | {'met' if statistics.median(cold) <= TARGET_MEDIAN_MS else 'NOT met'} |",
        f"| first results ≤ {TARGET_MS} ms after the last keystroke | max {max(worst_ms):.0f} ms | "
        f"{'met' if max(worst_ms) <= TARGET_MS else 'NOT met'} |",
        f"| ≤ {TARGET_BYTES // 1024} KB transferred for the first query | max {kb(max(worst_bytes))} | "
        f"{'met' if max(worst_bytes) <= TARGET_BYTES else 'NOT met'} |",
        "",
        "| index | size | ratio |",
        "|---|---:|---:|",
        "| the index on disk (`indeks/`: postings, fragments, facets, dictionary) | "
        f"{kb(figures['index_bytes'])} | 1 |",
        f"| … of which the form → lemma dictionary (`indeks/lemmad/`, {figures['dictionary_forms']:,} forms; "
        f"largest shard {kb(figures['largest_shard'])}) | {kb(figures['dictionary_bytes'])} | "
        f"{figures['dictionary_bytes'] / figures['index_bytes']:.2f} |",
        f"| the same index without the lemma layer | {kb(figures['plain_bytes'])} | "
        f"{figures['plain_bytes'] / figures['index_bytes']:.2f} |",
    ]
    if figures.get("material_bytes"):
        ratio = figures["material_bytes"] / figures["index_bytes"]
        first = figures["material_bytes"] / statistics.median(first_bytes)
        lines += [
            f"| Material search index (`search/search_index.json` of the same pages, loaded whole) | "
            f"{kb(figures['material_bytes'])} | {ratio:.2f} |",
            "",
            "Material's search plugin over the same pages (written by `ametijuhend pages`, built by plain MkDocs + "
            "Material): its browser loads the whole index, the text of every page, before the first result: "
            f"{first:.0f}× the median bytes of our box's first query.",
        ]
    lines += [
        "",
        "With and without the lemma layer (same site, same queries, typed at "
        f"{KEY_DELAY_MS} ms a key; median / max):",
        "",
        "| | first query: ms to first result | first query: bytes | next query: ms | index build: s (CPU s) "
        "| query set: queries passed |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    variants = (("with lemmas", runs, "index", "recall"), ("without", plain, "plain", "plain_recall"))
    for label, rs, key, recall_key in variants:
        passed = figures.get(recall_key)
        lines.append(
            f"| {label} | {statistics.median(r.cold_ms for r in rs):.0f} / {max(r.cold_ms for r in rs):.0f} | "
            f"{kb(statistics.median(r.cold_bytes for r in rs))} / {kb(max(r.cold_bytes for r in rs))} | "
            f"{statistics.median(r.warm_ms for r in rs):.0f} / {max(r.warm_ms for r in rs):.0f} | "
            f"{figures[key + '_seconds']:.1f} ({figures[key + '_cpu']:.1f}) | "
            + (f"{passed[0]} of {passed[1]} |" if passed else "not run |")
        )
    plain_s = figures["plain_seconds"]
    builds = (
        ("with lemmas, empty morphology cache (a first build)", "cold"),
        ("with lemmas, the cache of the site's build (a rebuild)", "index"),
        ("without the lemma layer", "plain"),
    )
    lines += [
        "",
        f"Index build (`build_index`: records, lemma layer, postings and fragments, dictionary; "
        f"{figures['records']:,} records, "
        f"{figures['words']:,} distinct word forms, {figures['compounds']:,} compounds), one process, back to back:",
        "",
        "| index build | s | CPU s | × without (s) | × without (CPU s) |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, key in builds:
        lines.append(
            f"| {label} | {figures[key + '_seconds']:.1f} | {figures[key + '_cpu']:.1f} | "
            f"{figures[key + '_seconds'] / plain_s:.2f} | {figures[key + '_cpu'] / figures['plain_cpu']:.2f} |"
        )
    worst = max(figures["cold_seconds"], figures["index_seconds"]) / plain_s
    lines += [
        "",
        f"Target: index build ≤ {TARGET_BUILD_RATIO}× the build without the lemma layer: "
        f"{figures['cold_seconds'] / plain_s:.2f}× (first build), {figures['index_seconds'] / plain_s:.2f}× "
        f"(rebuild): {'met' if worst <= TARGET_BUILD_RATIO else 'NOT met'}. "
        f"`mkdocs build` with the index: {figures['build_seconds']:.1f} s"
        + (
            f"; the reference pages with Material's search plugin: {figures['material_build_seconds']:.1f} s."
            if figures.get("material_build_seconds")
            else "."
        ),
        "",
    ]
    if figures.get("load"):
        load = ", ".join(f"{x:.1f}" for x in figures["load"])
        lines += [f"Load average (1, 5, 15 min) before the browser runs: {load}.", ""]
    lines += [
        "Machine: " + "; ".join(f"{k}: {v}" for k, v in info.items()) + ".",
    ]
    return "\n".join(lines) + "\n"


BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def write_report(path: Path, body: str) -> None:
    """Replace the figures between the markers, keeping the rest of the file."""
    text = path.read_text(encoding="utf-8") if path.exists() else f"# Search benchmark\n\n{BEGIN}\n{END}\n"
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    path.write_text(f"{head}{BEGIN}\n{body}{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="number of synthetic positions (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out" / "search", help="work folder (replaced)")
    parser.add_argument("--report", type=Path, help="write the figures into this Markdown file (e.g. bench/SEARCH.md)")
    parser.add_argument("--no-reference", action="store_true", help="skip the build with Material's search")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument(
        "--recall", action="store_true", help="run the query set on the seed site, with and without lemmas"
    )
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT / "src"))
    from ametijuhend.morphology import CACHE_ENV
    from ametijuhend.project import load_project
    from ametijuhend.search import OUTPUT_DIR
    from ametijuhend.synthetic import generate

    out: Path = args.out.resolve()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    data = out / "data"
    generate(data, args.n, args.seed)
    print(f"generated {args.n} positions in {data}", file=sys.stderr)

    figures: dict[str, Any] = {}
    site = out / "www" / SUBPATH
    os.environ[CACHE_ENV] = str(out / "cache")  # the site's build writes it; a rebuild reads it
    figures["build_seconds"] = build(ROOT / "mkdocs.yml", site, data)
    figures["index_bytes"] = tree_size(site / OUTPUT_DIR)
    print(f"built the site in {figures['build_seconds']:.1f} s", file=sys.stderr)

    project = load_project(data)
    cold, cold_cpu = timed_index(project, out / "index-cold", lemmas=True, cache=out / "cache-empty")
    stats, cpu = timed_index(project, out / "index-only", lemmas=True, cache=out / "cache")
    figures.update(
        cold_seconds=cold.seconds,
        cold_cpu=cold_cpu,
        index_seconds=stats.seconds,
        index_cpu=cpu,
        records=stats.records,
        compounds=stats.compounds,
        words=stats.words,
        dictionary_forms=stats.dictionary_forms,
        dictionary_bytes=stats.dictionary_bytes,
        largest_shard=stats.largest_shard,
    )
    plain_stats, plain_cpu = timed_index(project, out / "index-only-plain", lemmas=False)
    figures.update(plain_seconds=plain_stats.seconds, plain_cpu=plain_cpu)
    without_lemmas(site, out / "www-plain", project)
    figures["plain_bytes"] = tree_size(out / "www-plain" / SUBPATH / OUTPUT_DIR)

    if not args.no_reference:
        reference = out / "material-search"
        figures["material_build_seconds"] = material_reference(data, reference)
        figures["material_bytes"] = (reference / "site" / "search" / "search_index.json").stat().st_size
        print(f"built the reference in {figures['material_build_seconds']:.1f} s", file=sys.stderr)

    figures["load"] = os.getloadavg()
    with serve(out / "www") as url:
        runs = measure(url, args.chromium)
        slow = measure(url, args.chromium, SLOW_KEY_DELAY_MS)
    with serve(out / "www-plain") as url:
        plain = measure(url, args.chromium)
    if args.recall:
        seeds = out / "seeds"
        build(ROOT / "mkdocs.yml", seeds / "www" / SUBPATH, ROOT / "positions")
        without_lemmas(seeds / "www" / SUBPATH, seeds / "www-plain", load_project(ROOT / "positions"))
        for key, folder in (("recall", "www"), ("plain_recall", "www-plain")):
            with serve(seeds / folder) as url:
                figures[key] = recall(url, args.chromium)
    body = report(args.n, figures, runs, slow, plain, machine())
    print(body)
    print(json.dumps(figures), file=sys.stderr)
    if args.report:
        write_report(args.report, body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
