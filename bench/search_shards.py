#!/usr/bin/env python3
"""Search shards (issue 14): what the size of a Pagefind shard costs at build time and buys in the browser.

    .venv/bin/python bench/search_shards.py --n 10000 --shards 1000 2500
    .venv/bin/python bench/search_shards.py --n 10000 --shards 1000 2500 10000   # one index: ~5 GB of memory

For N synthetic positions (`ametijuhend.synthetic`) the search index is built as the site builds it
(`search.index_records`, lemma layer on), once per shard size, each in a fresh process: its wall time
and the peak memory of its process tree (Pagefind's CLI is a child; `os.wait4` of that process gives
the largest one). Then each bundle is served by Python's http.server and opened in Debian's headless
Chromium (Playwright): per query a fresh context (empty cache) loads `pagefind.js`, merges the shards
as the search box does (`shards.json`), then times Pagefind's own `search()` (index chunks fetched,
the search in its worker) and the first ten results' fragments, and counts the bytes received.
No search box here: this isolates Pagefind from the box (`search_bench.py` measures the box).

Why: `search.SHARD_SIZE` trades the index's memory at build time (Pagefind holds every record of a
run in memory) against the requests and bytes of a query (every shard's metadata and index chunk).
Figures are from one run on one machine: compare the rows with each other, not with another run.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ("asendushooldus", "pingetaluvus", "kliendikesksus", "andmekaitse", "koolitus", "hooldus")

PROBE = """<!doctype html><meta charset=utf-8><title>probe</title><script type=module>
window.probe = async (word) => {
  const bundle = new URL("pagefind/", location.href);
  const m = await import(new URL("pagefind.js", bundle).href);
  await m.options({ excerptLength: 40 });
  await m.init();
  const shards = await fetch(new URL("shards.json", bundle)).then((r) => (r.ok ? r.json() : []));
  await Promise.all(shards.map((s) => m.mergeIndex(new URL(s, bundle).href)));
  const t0 = performance.now();
  const found = await m.search(word);
  const t1 = performance.now();
  await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
  return { results: found.results.length, search: t1 - t0, ten: performance.now() - t0 };
};
</script>"""

INDEX = """
import sys
from pathlib import Path
from ametijuhend import search
from ametijuhend.project import load_project
search.index_records(search.build_records(load_project(Path(sys.argv[1]))), Path(sys.argv[2]),
                     shard_size=int(sys.argv[3]), scratch=Path(sys.argv[2]))
"""


def build(data: Path, out: Path, shard: int) -> tuple[float, int]:
    """Seconds and peak memory (MB, largest process) of one index build in a fresh interpreter."""
    out.mkdir(parents=True)
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", INDEX, str(data), str(out), str(shard)],
                               env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    _, status, usage = os.wait4(process.pid, 0)
    if status:
        sys.exit(f"the index build failed ({status})")
    return time.perf_counter() - started, usage.ru_maxrss // 1024


def probe(site: Path, chromium: str, queries: tuple[str, ...]) -> list[dict[str, float]]:
    from playwright.sync_api import sync_playwright

    (site / "probe.html").write_text(PROBE, encoding="utf-8")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            for word in queries:
                context = browser.new_context()
                page = context.new_page()
                responses: list[Any] = []  # (also the requests of Pagefind's web worker)
                page.on("response", lambda response, got=responses: got.append(response))
                page.goto(f"http://127.0.0.1:{server.server_port}/probe.html")
                page.wait_for_function("typeof window.probe === 'function'")
                row = page.evaluate("word => window.probe(word)", word)
                received = [len(response.body()) for response in responses]
                row["kb"] = sum(received) / 1024
                row["requests"] = len(received)
                rows.append(row)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--shards", type=int, nargs="+", default=[1000, 2500])
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out" / "shards")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    import shutil

    from ametijuhend.synthetic import generate

    out: Path = args.out.resolve()
    shutil.rmtree(out, ignore_errors=True)
    generate(out / "data", args.n, 0)
    os.environ.setdefault("AMETIJUHENDID_CACHE", str(out / "cache"))
    build(out / "data", out / "warm-up", max(args.shards))  # fills the morphology cache: every row reads it
    print(f"N = {args.n:,} positions, load {os.getloadavg()[0]:.1f}; queries: {', '.join(QUERIES)}\n")
    print("| records per shard | shards | index build s | peak MB (largest process) | search ms median / max "
          "| … and 10 fragments ms median | first query KB median / max | requests |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for shard in args.shards:
        site = out / f"shard-{shard}"
        seconds, peak = build(out / "data", site, shard)
        rows = probe(site, args.chromium, QUERIES)
        search = [r["search"] for r in rows]
        kb = [r["kb"] for r in rows]
        print(f"| {shard:,} | {-(-args.n // shard)} | {seconds:.1f} | {peak:,} | {statistics.median(search):.0f} / "
              f"{max(search):.0f} | {statistics.median(r['ten'] for r in rows):.0f} | {statistics.median(kb):.0f} / "
              f"{max(kb):.0f} | {statistics.median(r['requests'] for r in rows):.0f} |", flush=True)
    print(f"\n(results per query: {json.dumps({q: r['results'] for q, r in zip(QUERIES, rows, strict=True)})}; "
          f"load after: {os.getloadavg()[0]:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
