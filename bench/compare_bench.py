#!/usr/bin/env python3
"""The compare page in headless Chromium (issue 16: first paint ≤ 300 ms, ≤ 100 KB for one pair at 10,000).

    .venv/bin/python bench/compare_bench.py SITE_DIR [--runs 5]

Serves a built site on localhost (`search_bench.serve`, under the intranet's sub-path) and opens the compare
page `vordle/?a=…&b=…` in Debian's headless Chromium (`AMETIJUHENDID_CHROMIUM`, else `chromium` on the PATH)
through Playwright, for two pairs taken from the site's own per-position JSON:

- two positions: the two largest per-position files (the most rows to align and mark);
- a position against an earlier version of its own (`<id>@<version>.json`, the largest such file), when the site
  was built with a history.

Each pair is opened `--runs` times, each time in a fresh browser context, twice: with nothing cached (a first visit:
the theme's styles and scripts come too) and with the site's styles and scripts cached (a reader who has opened any
page of the site before: the page, and the two positions' files). Reported, the fastest of the runs:

- first contentful paint (the browser has painted the page's first text);
- "comparison shown": the moment the table of the two positions is in the page (a `MutationObserver` notes
  `performance.now()` when `table.aj-compare-table` appears), which is the first paint of the comparison itself;
- the bytes the page received (bodies and headers, as the local server sends them: uncompressed), and what the
  same files weigh gzip'd (as nginx with `gzip on` would send them; the README's configuration).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).parent))

from first_screen import _serve, chromium  # (this folder)

SHOWN = """(() => {
  window.__compareShown = null;
  new MutationObserver((_, observer) => {
    if (document.querySelector("table.aj-compare-table")) {
      window.__compareShown = performance.now();
      observer.disconnect();
    }
  }).observe(document, {childList: true, subtree: true});
})();"""

_TIMES = """() => {
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  const nav = performance.getEntriesByType("navigation")[0];
  const json = performance.getEntriesByType("resource").filter(r => r.name.split("?")[0].endsWith(".json"));
  return {fcp: fcp ? fcp.startTime : null, shown: window.__compareShown, dom: nav.domContentLoadedEventEnd,
          jsonStart: json.length ? Math.min(...json.map(r => r.startTime)) : null,
          jsonEnd: json.length ? Math.max(...json.map(r => r.responseEnd)) : null};
}"""


@dataclass
class Visit:
    pair: str
    url: str
    cached: bool
    fcp_ms: float | None
    shown_ms: float
    bytes: int
    """Bodies and headers received, uncompressed."""
    gzip_bytes: int
    """The same bodies gzip'd (level 6, as nginx), headers as received."""
    requests: int
    """Requests that reached the server (not answered from the browser's cache)."""
    dom_ms: float
    """`DOMContentLoaded` ended."""
    json_ms: tuple[float, float] | None
    """When the first of the two positions' files was asked for, and when the last had arrived."""
    data_bytes: int
    """Of `bytes`: the page's HTML and the two positions' JSON (what the pair itself costs)."""


def pairs(site: Path) -> dict[str, str]:
    """Compare addresses (relative to the site) of the two pairs."""
    folder = site / "andmed" / "ametikohad"
    files = [p for p in folder.glob("*.json") if p.name != "index.json"]
    current = sorted((p for p in files if "@" not in p.stem), key=lambda p: p.stat().st_size, reverse=True)
    if len(current) < 2:
        raise SystemExit(f"{folder}: fewer than two positions")
    out = {"two positions": f"vordle/?a={current[0].stem}&b={current[1].stem}"}
    earlier = sorted((p for p in files if "@" in p.stem), key=lambda p: p.stat().st_size, reverse=True)
    if earlier:
        pid = earlier[0].stem.split("@", 1)[0]
        out["a position and its earlier version"] = f"vordle/?a={earlier[0].stem}&b={pid}"
    return out


def _gzip_size(site: Path, base: str, url: str, body: int) -> int:
    """The gzip'd size of the file `url` serves (its body size when it is no file of the site)."""
    path = unquote(urlsplit(url).path)
    prefix = urlsplit(base).path
    if not path.startswith(prefix):
        return body
    local = site / path[len(prefix):]
    if path.endswith("/"):
        local = local / "index.html"
    try:
        return len(gzip.compress(local.read_bytes(), compresslevel=6))
    except OSError:
        return body


def visit(browser: Any, base: str, site: Path, name: str, url: str, cached: bool) -> Visit:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        if cached:  # a reader who has opened a page of the site before: the theme's files are in the cache
            page.goto(base, wait_until="load")
        received: list[tuple[str, int, int]] = []

        def finished(request: Any) -> None:
            sizes = request.sizes()
            received.append((request.url, sizes["responseBodySize"], sizes["responseHeadersSize"]))

        context.on("requestfinished", finished)
        page.add_init_script(SHOWN)
        page.goto(base + url, wait_until="load")
        page.wait_for_function("typeof window.__compareShown === 'number'", timeout=60_000)
        times = page.evaluate(_TIMES)
    finally:
        context.close()
    data = sum(body + head for u, body, head in received
               if urlsplit(u).path.endswith(("/vordle/", ".json")))
    received = [r for r in received if r[1] + r[2] > 0]  # (not those the cache answered)
    json_ms = (times["jsonStart"], times["jsonEnd"]) if times["jsonStart"] is not None else None
    return Visit(name, url, cached, times["fcp"], times["shown"], sum(b + h for _, b, h in received),
                 sum(_gzip_size(site, base, u, b) + h for u, b, h in received), len(received), times["dom"],
                 json_ms, data)


def measure(site: Path, runs: int) -> list[Visit]:
    from playwright.sync_api import sync_playwright

    path = chromium()
    if path is None:
        raise SystemExit("no Chromium (set AMETIJUHENDID_CHROMIUM)")
    best: list[Visit] = []
    with _serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=["--no-sandbox"])
        try:
            for name, url in pairs(site).items():
                for cached in (False, True):
                    visits = [visit(browser, base, site, name, url, cached) for _ in range(runs)]
                    best.append(min(visits, key=lambda v: v.shown_ms))
        finally:
            browser.close()
    return best


def table(visits: list[Visit]) -> list[str]:
    lines = ["| pair | cache | first contentful paint ms | DOMContentLoaded ms | the two files asked → in, ms "
             "| comparison shown ms | requests | received KB (gzip'd) | of it the page and the pair's JSON KB |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for v in visits:
        fcp = "n/a" if v.fcp_ms is None else f"{v.fcp_ms:.0f}"
        json_ms = "n/a" if v.json_ms is None else f"{v.json_ms[0]:.0f} → {v.json_ms[1]:.0f}"
        lines.append(f"| {v.pair} | {'theme cached' if v.cached else 'empty'} | {fcp} | {v.dom_ms:.0f} | {json_ms} | "
                     f"{v.shown_ms:.0f} | {v.requests} | {v.bytes / 1024:.0f} ({v.gzip_bytes / 1024:.0f}) | "
                     f"{v.data_bytes / 1024:.0f} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site (e.g. one of 10,000 positions with a history)")
    parser.add_argument("--runs", type=int, default=5, help="openings of each pair and cache state (the fastest)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a Markdown table")
    args = parser.parse_args(argv)
    positions = sum(1 for p in (args.site / "andmed" / "ametikohad").glob("*.json") if "@" not in p.name) - 1
    visits = measure(args.site, args.runs)
    if args.json:
        print(json.dumps([v.__dict__ for v in visits]))
    else:
        print(f"{positions} positions; the fastest of {args.runs} openings each\n")
        print("\n".join(table(visits)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
