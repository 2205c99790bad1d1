#!/usr/bin/env python3
"""The first screen of the site's big pages in headless Chromium (issue 18: ≤ 1 s at 10,000 positions).

    .venv/bin/python bench/first_screen.py SITE_DIR [--runs 3]

Serves a built site on localhost and opens each big page (`big_pages`: the positions list, the units
page, the competency matrix, the data-quality page, and the largest position, unit and competency page)
in Debian's headless Chromium (`AMETIJUHENDID_CHROMIUM`, else `chromium` on the PATH) through
Playwright, each time in a fresh browser context (nothing cached). For every page it reports the
fastest of `--runs` openings of

- first contentful paint (FCP): the browser has painted the first text of the page, the "first screen";
- `DOMContentLoaded` and `load`: the whole HTML parsed, and everything it loads (scripts, styles) in.

`build_bench.py` runs it on the site it built at its largest N (unless `--no-browser`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

LIST_PAGES = ("ametikohad/", "yksused/", "kompetentsid/maatriks/", "andmekvaliteet/")
"""The long lists of the site (each paged: its first page is opened)."""
LARGEST_OF = {"position": "ametikohad/*/index.html", "unit": "yksused/*/index.html",
              "competency": "kompetentsid/*/index.html"}
"""Page kinds of which the largest page is opened."""


@dataclass
class Screen:
    url: str
    kb: float
    """Size of the page's HTML file."""
    fcp: float | None
    """Seconds to the first contentful paint (None: the browser reported none)."""
    dom: float
    """Seconds to `DOMContentLoaded`."""
    load: float
    """Seconds to the `load` event."""


def chromium() -> str | None:
    return os.environ.get("AMETIJUHENDID_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def big_pages(site: Path) -> list[str]:
    """Site addresses of the pages to open: the list pages and the largest page of each kind."""
    pages = [url for url in LIST_PAGES if (site / url / "index.html").is_file()]
    for pattern in LARGEST_OF.values():
        files = {p.parent.relative_to(site).as_posix() + "/": p for p in site.glob(pattern)
                 if not p.parent.name.isdigit()}  # not a further page of a list
        files = {url: p for url, p in files.items() if url not in LIST_PAGES}
        if files:
            pages.append(max(files, key=lambda url: files[url].stat().st_size))
    return pages


@contextlib.contextmanager
def _serve(site: Path) -> Iterator[str]:
    """The site on a free local port under the intranet's sub-path (`search_bench.serve`)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from search_bench import SUBPATH, serve

    with tempfile.TemporaryDirectory(prefix="first-screen-") as root:
        (Path(root) / SUBPATH).symlink_to(site.resolve(), target_is_directory=True)
        with serve(Path(root)) as base:
            yield base


_TIMES = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  return {fcp: fcp ? fcp.startTime / 1000 : null, dom: nav.domContentLoadedEventEnd / 1000,
          load: nav.loadEventEnd / 1000};
}"""


def measure(site: Path, runs: int = 3, browser_path: str | None = None) -> list[Screen]:
    """The first screen of every page of `big_pages`, the fastest of `runs` (each in a fresh context)."""
    from playwright.sync_api import sync_playwright

    path = browser_path or chromium()
    if path is None:
        raise RuntimeError("no Chromium (set AMETIJUHENDID_CHROMIUM)")
    screens = []
    with _serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=["--no-sandbox"])
        try:
            for url in big_pages(site):
                best: dict[str, float] | None = None
                for _ in range(runs):
                    context = browser.new_context(viewport={"width": 1280, "height": 800})
                    try:
                        page = context.new_page()
                        page.goto(base + url, wait_until="load", timeout=120_000)
                        page.wait_for_function("performance.getEntriesByType('navigation')[0].loadEventEnd > 0")
                        times = page.evaluate(_TIMES)
                    finally:
                        context.close()
                    if best is None or (times["fcp"] or times["load"]) < (best["fcp"] or best["load"]):
                        best = times
                assert best is not None
                kb = (site / url / "index.html").stat().st_size / 1024
                screens.append(Screen(url, kb, best["fcp"], best["dom"], best["load"]))
        finally:
            browser.close()
    return screens


def table(screens: list[Screen]) -> list[str]:
    lines = ["| page | HTML KB | first contentful paint s | DOMContentLoaded s | load s |",
             "|---|---:|---:|---:|---:|"]
    for s in screens:
        fcp = "n/a" if s.fcp is None else f"{s.fcp:.2f}"
        lines.append(f"| `{s.url}` | {s.kb:.0f} | {fcp} | {s.dom:.2f} | {s.load:.2f} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site (e.g. bench-out/10000/site)")
    parser.add_argument("--runs", type=int, default=3, help="openings of each page; the fastest counts (default 3)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a Markdown table")
    args = parser.parse_args(argv)
    screens = measure(args.site, args.runs)
    if args.json:
        import json

        print(json.dumps([asdict(s) for s in screens]))
    else:
        print("\n".join(table(screens)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
