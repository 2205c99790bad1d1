"""Long lists split over static pages (ametijuhend.render.paging, issue 18: every page ≤ 1 MB at 10,000 positions).

The small test site gets one row a page, so that every long list of it has several pages.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from ametijuhend.project import load_project
from ametijuhend.render import RenderedSite, RenderOptions, render_site, urls
from ametijuhend.render.paging import PAGE_ROWS, Pager, pages_of

SMALL = Path(__file__).parent / "data" / "site-small"
TODAY = dt.date(2025, 6, 1)


@pytest.fixture(scope="module")
def paged() -> RenderedSite:
    project = load_project(SMALL)
    return render_site(project, RenderOptions(today=TODAY, page_rows=dict.fromkeys(PAGE_ROWS, 1)))


def _html(site: RenderedSite, url: str) -> str:
    pages = [p for p in site.pages if p.url == url]
    assert len(pages) == 1, f"{url}: {len(pages)} pages"
    return pages[0].html()


def _position_links(html: str, prefix: str) -> list[str]:
    return re.findall(rf'<td><a href="{re.escape(prefix)}([a-z0-9-]+)/">', html)


def test_pager_slices_rows_and_groups() -> None:
    pager = pages_of("a/", 5, 2)
    assert [p.number for p in pager.pages()] == [1, 2, 3] and pager.count == 3
    assert [list(p.slice("abcde")) for p in pager.pages()] == [["a", "b"], ["c", "d"], ["e"]]
    assert pager.url(1) == "a/" and pager.url(3) == "a/3/"
    groups = [("x", [1, 2, 3]), ("y", [4]), ("z", [5])]
    assert pager.at(2).slice_groups(groups) == [("x", [3]), ("y", [4])]  # the cut group keeps its key
    assert pager.at(3).slice_groups(groups) == [("z", [5])]
    assert pages_of("a/", 0, 2).count == 1  # an empty list still has its page
    assert Pager("q/#t", "q/t/", 3, 1).url(1) == "q/#t"


def test_positions_list_pages_hold_every_row_once(paged: RenderedSite) -> None:
    assert paged.model is not None
    ids = [p.id for p in paged.model.published_positions()]
    assert len(ids) == 3
    first = _html(paged, urls.POSITIONS)
    rows = _position_links(first, "")
    for further in ("ametikohad/2/", "ametikohad/3/"):
        rows += _position_links(_html(paged, further), "../")
    assert rows == ids  # name order kept across the pages
    # the first page has the filters and names the script with every row; the others link back to it
    assert "data-aj-filters" in first and 'data-aj-all="../andmed/ametikohad-read.js" data-aj-total="3"' in first
    assert 'aria-current="page">1</span>' in first and '<a href="3/">3</a>' in first
    second = _html(paged, "ametikohad/2/")
    assert "data-aj-filters" not in second and '<a href="../">Filtrid ja järjestamine</a>' in second
    assert '<a href="../" rel="prev">1</a>' in second and '<a href="../3/" rel="next">3</a>' in second
    titles = {p.url: (p.title, p.in_nav) for p in paged.pages}
    assert titles["ametikohad/"] == ("Ametikohad", True) and titles["ametikohad/2/"] == ("Ametikohad, lk 2", False)


def test_rows_script_holds_every_row_as_on_the_first_page(paged: RenderedSite) -> None:
    script = paged.content(urls.POSITION_ROWS).decode()
    prefix, payload = script.split(" = ", 1)
    assert prefix == "window.ametijuhendPositionRows" and payload.endswith(";\n")
    rows = json.loads(payload.removesuffix(";\n"))
    first = _html(paged, urls.POSITIONS)
    assert paged.model is not None
    assert _position_links(rows, "") == [p.id for p in paged.model.published_positions()]
    first_row = re.search(r"<tr data-yksus=.*?</tr>", first, re.S)
    assert first_row and rows.startswith(first_row.group(0))  # the same HTML, links relative to ametikohad/


def test_short_lists_have_no_pager_and_no_rows_script() -> None:
    site = render_site(load_project(SMALL), RenderOptions(today=TODAY))
    assert urls.POSITION_ROWS not in site.files
    html = _html(site, urls.POSITIONS)
    assert "data-aj-pager" not in html and "data-aj-all" not in html
    assert not any(re.search(r"/\d+/$", p.url) for p in site.pages)


def test_matrix_pages(paged: RenderedSite) -> None:
    urls_ = [p.url for p in paged.pages if p.url.startswith(urls.MATRIX)]
    assert urls_ == [urls.MATRIX, urls.MATRIX + "2/", urls.MATRIX + "3/"]
    second = _html(paged, urls.MATRIX + "2/")
    assert second.count('<th scope="row">') == 1
    assert 'href="../../../ametikohad/' in second  # links relative to the deeper page


def test_competency_pages_continue_the_list_and_link_wordings_on_the_first(paged: RenderedSite) -> None:
    base = urls.competency("pingetaluvus")
    pages = [p for p in paged.pages if p.url.startswith(base)]
    assert [p.url for p in pages] == [base, base + "2/"]
    first, second = (p.html() for p in pages)
    assert '<h2 id="sonastused">' in first and '<h2 id="sonastused">' not in second
    assert '<h2 id="kirjeldus">' not in second and [h.anchor for h in pages[1].toc] == ["ametikohad"]
    users = first + second
    assert users.count('class="aj-wording-ref"') == 1
    assert 'href="#sonastus-1">oma sõnastus 1</a>' in users or 'href="../#sonastus-1">oma sõnastus 1</a>' in users
    assert pages[1].anchors == {"ametikohad"}


def test_quality_tables_continue_on_pages_of_their_own(paged: RenderedSite) -> None:
    model = paged.model
    assert model is not None
    overdue = len(model.overdue())
    assert overdue >= 2
    pages = [p for p in paged.pages if p.url.startswith(urls.QUALITY + "ulevaatamata/")]
    assert [p.url for p in pages] == [f"{urls.QUALITY}ulevaatamata/{n}/" for n in range(2, overdue + 1)]
    html = pages[0].html()
    assert [h.anchor for h in pages[0].toc] == ["ulevaatamata"]
    assert '<h2 id="ulevaatamata">' in html and '<h2 id="viidatud">' not in html
    assert '<a href="../../#ulevaatamata" rel="prev">1</a>' in html and '<a href="../../">Kõik tabelid</a>' in html
    main = _html(paged, urls.QUALITY)
    assert main.count('<h2 id="') == 5 and 'href="ulevaatamata/2/"' in main
    labels = re.findall(r'<nav class="aj-pager" aria-label="([^"]+)"', main)
    assert len(labels) == len(set(labels))  # each list's page links are a landmark of its own name


def test_position_ids_of_digits_are_reserved(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for path in SMALL.rglob("*.yaml"):  # nimetu-kvaliteet is named nowhere else: only its own file changes
        text = path.read_text(encoding="utf-8").replace("id: nimetu-kvaliteet", "id: '2'")
        target = data / path.relative_to(SMALL).with_name("2.yaml" if path.stem == "nimetu-kvaliteet" else path.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    project = load_project(data)
    assert not project.errors, [p.format() for p in project.errors]
    site = render_site(project)
    assert site.pages == [] and str(site.problems[0].message) == "ametikoha id `2` on reserveeritud saidi lehele"


def test_units_page_lists_continue_on_pages_of_their_own(paged: RenderedSite) -> None:
    model = paged.model
    assert model is not None
    tree = [row.unit.id for row in model.unit_tree()]
    assert len(tree) == 4
    tree_pages = [p for p in paged.pages if re.fullmatch(rf"{urls.UNITS}\d+/", p.url)]
    assert [p.url for p in tree_pages] == [f"{urls.UNITS}{n}/" for n in range(2, 5)]
    main = _html(paged, urls.UNITS)
    listed = re.findall(r'<li class="aj-tree__item"[^>]*><a href="([a-z-]+)/">', main)
    for page in tree_pages:
        html = page.html()
        assert '<h2 id="asendamine">' not in html and page.toc == [] and '<a href="../">Kogu leht</a>' in html
        listed += re.findall(r'<li class="aj-tree__item"[^>]*><a href="\.\./([a-z-]+)/">', html)
    assert listed == tree  # every unit once, in tree order
    rows = model.unit_tree()
    for number, page in enumerate(tree_pages, start=2):  # a further page repeats the ancestors of its first unit
        context = re.findall(r'<li class="aj-tree__item aj-tree__item--context"[^>]*><a href="\.\./([a-z-]+)/">',
                             page.html())
        assert context == [row.unit.id for row in model.tree_context(rows, number - 1)]
    assert any(model.tree_context(rows, n) for n in range(1, len(rows))), "the test data has no nested units"
    office = [p for p in paged.pages if p.url.startswith(urls.UNITS + "asendamine/")]
    assert office and [h.anchor for h in office[0].toc] == ["asendamine"]
    first_office = office[0].html()
    assert '<h2 id="asendamine">' in first_office and 'class="aj-tree"' not in first_office
    assert '<a href="../../#asendamine" rel="prev">1</a>' in first_office
    assert main.count('<h2 id="') == 1 and 'href="2/"' in main and 'href="asendamine/2/"' in main
    titles = {p.url: (p.title, p.in_nav) for p in paged.pages}
    assert titles[urls.UNITS + "2/"] == ("Struktuuriüksused, lk 2", False)


@pytest.mark.parametrize("unit_id", ["2", "asendamine"])
def test_unit_ids_of_the_units_pages_are_reserved(tmp_path: Path, unit_id: str) -> None:
    data = tmp_path / "data"
    for path in SMALL.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8").replace("ennetustalitus", unit_id)
        target = data / path.relative_to(SMALL)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    project = load_project(data)
    assert not project.errors, [p.format() for p in project.errors]
    site = render_site(project)
    assert site.pages == [] and str(site.problems[0].message) == f"üksuse id `{unit_id}` on reserveeritud saidi lehele"
