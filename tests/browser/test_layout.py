"""Phones and small windows: no page scrolls sideways, tables reflow, words stay whole.

Every page kind is opened at 320, 390 and 768 px (and on a desktop for the matrix), on the
seed site and on a synthetic site (`ametijuhend generate`) with the longest titles and unit
names the generator makes. The page may not be wider than the window
(`document.documentElement.scrollWidth`), no table may be wider than the text column
(except the competency matrix, which scrolls inside its own frame), and no word of the
content may be split across two lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ametijuhend.synthetic import generate

from .conftest import SUBPATH, build_site, serve

pytestmark = pytest.mark.browser

WIDTHS = (320, 390, 768)

SEED_PAGES = {
    "home": "",
    "positions": "ametikohad/",
    "position 000": "ametikohad/teenuse-juht-asendushoolduse-arendusteenus/",
    "position 001": "ametikohad/peaspetsialist-ennetusteenus/",
    "position 002": "ametikohad/nounik-perelepitus/",
    "position 003": "ametikohad/teenuste-konsultant/",
    "position 004": "ametikohad/nimetu-ametikoht-kvaliteet-ja-jarelevalve/",
    "units": "yksused/",
    "unit": "yksused/laste-heaolu-osakond/",
    "team": "yksused/asendushoolduse-arendustiim/",
    "competencies": "kompetentsid/",
    "competency": "kompetentsid/pingetaluvus/",
    "matrix": "kompetentsid/maatriks/",
    "quality": "andmekvaliteet/",
    "editing": "muutmine/",
    "about": "teave/",
    "history": "ametikohad/nounik-perelepitus/ajalugu/",
    "changes": "muudatused/",
    "compare": "vordle/?a=nounik-perelepitus&b=teenuse-juht-asendushoolduse-arendusteenus",
}  # the 404 page: test_pages.py (it needs a server that serves it)

# What the page reports: its width, tables wider than their column, words split over two lines.
MEASURE = """() => {
  const root = document.documentElement;
  const wideTables = [];
  for (const table of document.querySelectorAll('.md-content table')) {
    if (table.closest('.aj-matrix-wrap')) continue;
    const column = table.parentElement.getBoundingClientRect();
    const box = table.getBoundingClientRect();
    if (box.right > column.right + 1 || table.scrollWidth > table.clientWidth + 1)
      wideTables.push((table.className || 'table') + ' ' + Math.round(box.width) + '>' + Math.round(column.width));
  }
  const broken = [];
  const content = document.querySelector('.md-content') || document.body;
  const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('pre, code, .aj-matrix-wrap, script, style') || !parent.offsetParent) continue;
    const re = /[^\\s\\-\\u2010-\\u2015\\/]+/g;
    let m;
    while ((m = re.exec(node.data)) && broken.length < 5) {
      if (m[0].length < 4) continue;
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
  return {width: root.scrollWidth, wideTables, broken};
}"""


def check(page, url: str, width: int) -> list[str]:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(url)
    if "/vordle/" in url:  # the compare page fills itself from JSON after loading
        page.wait_for_selector(".aj-compare-table")
    found = page.evaluate(MEASURE)
    problems = []
    if found["width"] > width:
        problems.append(f"page is {found['width']} px wide")
    if found["wideTables"]:
        problems.append(f"tables wider than the text: {found['wideTables']}")
    if found["broken"]:
        problems.append(f"words broken inside: {found['broken']}")
    return problems


@pytest.mark.parametrize("width", WIDTHS)
def test_seed_pages_fit_the_window(page, base_url: str, width: int) -> None:  # type: ignore[no-untyped-def]
    problems = {name: found for name, path in SEED_PAGES.items() if (found := check(page, base_url + path, width))}
    assert not problems, f"at {width} px: {problems}"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A synthetic site of 40 positions (the generator's long titles and unit names), served under a sub-path."""
    data = tmp_path_factory.mktemp("synthetic-data")
    generate(data, 40, seed=1)
    root = tmp_path_factory.mktemp("synthetic-www")
    site = build_site(root / SUBPATH, data=data)
    with serve(root) as url:
        yield site, url


def longest(site: Path, folder: str) -> str:
    """The address of the page in `folder` with the longest title."""
    def title(page: Path) -> int:
        return len((page / "index.html").read_text().split("<title>", 1)[1].split("</title>", 1)[0])

    pages = [p for p in (site / folder).iterdir() if (p / "index.html").exists() and p.name != "maatriks"]
    return f"{folder}/{max(pages, key=title).name}/"


@pytest.mark.parametrize("width", WIDTHS)
def test_synthetic_pages_with_long_names_fit_the_window(synthetic_page, synthetic: tuple[Path, str],  # type: ignore[no-untyped-def]
                                                        width: int) -> None:
    page = synthetic_page
    site, url = synthetic
    paths = ["", "ametikohad/", "yksused/", "kompetentsid/", "kompetentsid/kliendikesksus/", "kompetentsid/maatriks/",
             "andmekvaliteet/", longest(site, "ametikohad"), longest(site, "yksused")]
    problems = {path: found for path in paths if (found := check(page, url + path, width))}
    assert not problems, f"at {width} px: {problems}"


@pytest.mark.parametrize("width", (390, 1280))
def test_matrix_keeps_position_column_and_header_row_in_view(synthetic_page, synthetic: tuple[Path, str],  # type: ignore[no-untyped-def]
                                                             width: int) -> None:
    page = synthetic_page
    page.set_viewport_size({"width": width, "height": 700})
    page.goto(synthetic[1] + "kompetentsid/maatriks/")
    frame = page.locator(".aj-matrix-wrap")
    # no empty table of contents or text-column limit beside it: the frame reaches the window's right edge
    edge = frame.evaluate("el => el.getBoundingClientRect().right")
    assert edge >= width - 40, f"the matrix ends at {edge} px of {width}"
    frame.evaluate("el => { el.scrollTop = 400; el.scrollLeft = 400; }")
    page.wait_for_timeout(100)
    box = frame.bounding_box()
    row_head = page.locator(".aj-matrix tbody tr:nth-child(12) th").bounding_box()
    col_head = page.locator(".aj-matrix thead th:nth-child(8)").bounding_box()
    corner = page.locator(".aj-matrix thead th:first-child").bounding_box()
    assert abs(row_head["x"] - box["x"]) <= 2, "the position column scrolled away"
    assert abs(col_head["y"] - box["y"]) <= 2, "the header row scrolled away"
    assert abs(corner["x"] - box["x"]) <= 2 and abs(corner["y"] - box["y"]) <= 2
    assert frame.evaluate("el => el.scrollTop") > 0 and frame.evaluate("el => el.scrollLeft") > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width
