"""Where the page bodies' render time goes: by template, and the share of the print copy (issue 18).

Loads a data folder, plans the site, then renders every page body (`RenderedPage.html`, what the hook renders
page by page) several times, alternately with and without the print copy of the official document on the
position pages (`document()`, `to_html`, the page style), and reports the fastest CPU seconds of each. CPU
seconds, alternation and the minimum: this machine's speed wanders from one minute to the next.

    .venv/bin/python bench/render_split.py DATA [--repeat 7]

DATA: a data folder, e.g. one `bench/build_bench.py` generated (`bench-out/1000/data`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ametijuhend.project import load_project  # noqa: E402
from ametijuhend.render import RenderOptions, render_site, views  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    gc.disable()  # as the hook: the collector is off until the data is frozen
    project = load_project(args.data)
    site = render_site(project, RenderOptions(today=dt.date(2026, 1, 1)))
    gc.freeze()
    gc.enable()
    by_template: dict[str, float] = defaultdict(lambda: float("inf"))
    counts: dict[str, int] = defaultdict(int)
    for page in site.pages:
        counts[page.template] += 1
    positions = [page for page in site.pages if page.template == "position.html.j2"]
    with_print = without_print = float("inf")
    document = views.document
    for _ in range(args.repeat):
        spent: dict[str, float] = defaultdict(float)
        for page in site.pages:
            start = time.process_time()
            page.head + page.html()
            spent[page.template] += time.process_time() - start
        for template, seconds in spent.items():
            by_template[template] = min(by_template[template], seconds)
        start = time.process_time()
        for page in positions:
            page.html()
        with_print = min(with_print, time.process_time() - start)
        views.document = lambda *args, **kwargs: None  # type: ignore[assignment,misc]  # no print copy
        try:
            start = time.process_time()
            for page in positions:
                page.html()
            without_print = min(without_print, time.process_time() - start)
        finally:
            views.document = document
    total = sum(by_template.values())
    print(f"{len(site.pages):,} page bodies, {total:.3f} s of CPU (fastest of {args.repeat}, by template):")
    for template, seconds in sorted(by_template.items(), key=lambda item: -item[1]):
        print(f"  {template:24} {counts[template]:6,} pages {seconds:7.3f} s {seconds / total:6.1%}"
              f" {seconds / counts[template] * 1000:7.3f} ms a page")
    share = (with_print - without_print) / with_print if with_print else 0.0
    print(f"position pages: {with_print:.3f} s with the print copy, {without_print:.3f} s without: the print copy "
          f"is {share:.0%} of them and {(with_print - without_print) / total:.0%} of all page bodies")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
