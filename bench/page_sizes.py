#!/usr/bin/env python3
"""HTML size of the generated pages at scale, without a build (issue 18: every page ≤ 1 MB at 10,000).

    .venv/bin/ametijuhend generate -n 10000 /tmp/d10k
    .venv/bin/python bench/page_sizes.py /tmp/d10k

Loads the data folder, plans the site (`render_site`) and renders every page's body (`RenderedPage.html`,
what the hook writes into the theme's page), then prints the largest page of each kind and the size
of the other generated files. The theme's own part of a written page (header, navigation, footer) adds
about 25 KB to every page and does not grow with the data.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

LIMIT_KB = 1024.0


def main(argv: list[str] | None = None) -> int:
    from ametijuhend.project import load_project
    from ametijuhend.render import render_site, urls

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="data folder (e.g. written by `ametijuhend generate`)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    project = load_project(args.data)
    if project.errors:
        print(f"{len(project.errors)} errors in {args.data}", file=sys.stderr)
        return 1
    site = render_site(project)
    largest: dict[str, tuple[int, str]] = {}
    counts: dict[str, int] = defaultdict(int)
    for page in site.pages:
        size = len(page.html().encode())
        counts[page.template] += 1
        if size > largest.get(page.template, (0, ""))[0]:
            largest[page.template] = (size, page.url)
    print(f"{len(project.links.positions)} positions, {len(site.pages)} pages, "
          f"{time.perf_counter() - start:.0f} s\n")
    print("| page kind | pages | largest page body KB | at |\n|---|---:|---:|---|")
    for template, (size, url) in sorted(largest.items(), key=lambda item: -item[1][0]):
        print(f"| `{template}` | {counts[template]} | {size / 1024:.1f} | `{url}` |")
    print("\n| file | KB |\n|---|---:|")
    per_position = []  # `andmed/ametikohad/<id>.json` and their versions: one line for all
    for name in site.files:
        if name.startswith(urls.POSITION_JSON_DIR) and name != urls.POSITION_JSON_DIR + "index.json":
            per_position.append(len(site.content(name)))
        elif not name.startswith("andmed/schema/") and not name.endswith("index.html"):
            print(f"| `{name}` | {len(site.content(name)) / 1024:.0f} |")
    if per_position:
        print(f"| `{urls.POSITION_JSON_DIR}<id>.json` ({len(per_position):,} files) | largest "
              f"{max(per_position) / 1024:.0f} |")
    over = [t for t, (size, _) in largest.items() if size / 1024 > LIMIT_KB]
    print(f"\nlargest page body: {max(s for s, _ in largest.values()) / 1024:.1f} KB; over {LIMIT_KB:.0f} KB: "
          f"{', '.join(over) or 'none'}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
