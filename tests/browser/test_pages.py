"""Honest pages in Chromium: counts that add up, names without a page, the 404 page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import SUBPATH, QuietHandler, build_site, serve
from .test_accessibility import _axe_script
from .test_layout import WIDTHS, check

pytestmark = pytest.mark.browser


def test_home_counts_by_department_add_up_to_all_positions(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "ametikohad/")
    listed = page.locator("table[data-aj-rows] tbody tr").count()
    page.goto(base_url)
    table = page.locator("table.aj-unit-counts")
    counts = [int(n) for n in table.locator("tbody tr td:last-child").all_inner_texts()]
    assert sum(counts) == listed == 5, counts  # 004 has no unit: it is counted on its own row
    assert "Struktuuriüksuseta ametikohad" in table.inner_text()
    assert table.locator("tfoot td").inner_text() == str(listed)


def test_a_manager_without_a_published_description_is_plain_text_with_a_hint(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "ametikohad/teenuse-juht-asendushoolduse-arendusteenus/")
    manager = page.locator(".aj-screen table.aj-general tr", has_text="Vahetu juht").locator("td")
    assert manager.locator("a:not(.aj-chart-link a)").count() == 0, "a position without a page is shown as a link"
    name = manager.locator(".aj-nopage")
    assert name.inner_text() == "Talitusejuhataja"
    look = name.evaluate("""el => {
        const s = getComputedStyle(el), after = getComputedStyle(el, '::after');
        return {hint: after.content, underline: s.textDecorationLine, border: s.borderBottomStyle,
                cursor: s.cursor, color: s.color, text: getComputedStyle(el.parentElement).color};
    }""")
    assert "ametijuhend pole veel avaldatud" in look["hint"]
    assert look["underline"] == "none" and look["border"] == "none" and look["cursor"] == "default"
    assert look["color"] == look["text"], "the name is coloured like a link"
    page.emulate_media(media="print")  # the printed document names the position as the source does
    assert name.evaluate("el => getComputedStyle(el, '::after').content") in ("none", "normal")


def serious_violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    """axe-core's serious and critical WCAG 2.1 AA violations on the open page."""
    page.add_script_tag(path=str(_axe_script()))
    violations = page.evaluate("async () => (await axe.run(document, {runOnly: {type: 'tag', "
                               "values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations")
    return [f"{v['id']}: {v['nodes'][0]['target']}" for v in violations if v["impact"] in ("serious", "critical")]


def test_unit_page_shows_reporting_lines_and_substitutions(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "yksused/asendushoolduse-arendustiim/")
    chart = page.locator(".aj-orgchart")
    head = chart.locator(".aj-orgtree > li > .aj-orgtree__node")
    assert head.inner_text().startswith("Talitusejuhataja")  # the manager from outside the unit, as context
    assert chart.locator(".aj-orgtree > li > ul .aj-orgtree__node a").inner_text().startswith("Teenuse juht")
    assert "Talitusejuhataja" in page.locator("table.aj-reporting").inner_text()  # the same as a table
    substitutions = page.locator("table.aj-substitutions tbody tr")
    assert substitutions.count() == 1 and "Nõunik" in substitutions.inner_text()
    assert not serious_violations(page)
    page.emulate_media(media="print")  # print carries the table, not the drawing
    assert not chart.is_visible() and page.locator("table.aj-reporting").is_visible()


def test_units_page_summarises_substitution_per_unit(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "yksused/")
    rows = page.locator("table.aj-office tbody tr")
    assert rows.count() == 4  # the units with positions placed in them
    assert not serious_violations(page)
    rows.first.get_by_role("link", name="asendused").click()
    assert page.url.endswith("#asendamine")
    assert page.locator("#asendamine").is_visible()


class NotFoundHandler(QuietHandler):
    """Serves the site's 404.html for unknown addresses, as the README's nginx `error_page` does."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / SUBPATH / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def site_with_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed site built with `site_url` under a sub-path, served with its 404 page."""
    root = tmp_path_factory.mktemp("www-404")
    build_site(root / SUBPATH, extra_env={"AMETIJUHENDID_SITE_URL": f"https://intra.example/{SUBPATH}/"})
    with serve(root, NotFoundHandler) as url:
        yield url


def test_unknown_address_gets_the_estonian_404_page_with_search_and_links(browser, site_with_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="et-EE")
    page = context.new_page()
    errors: list[str] = []
    failed: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and "olematu" not in r.url else None)
    try:
        response = page.goto(site_with_url + "ametikohad/olematu/sugav/aadress/")
        assert response is not None and response.status == 404
        assert page.locator("h1").inner_text() == "Lehte ei leitud"
        assert page.title().startswith("Lehte ei leitud")
        assert page.locator("html").get_attribute("lang") == "et"
        # the styles are found from this depth (Material's header is coloured, not an unstyled list)
        assert page.locator(".md-header").evaluate("el => getComputedStyle(el).position") == "sticky"
        assert not serious_violations(page)
        for width in WIDTHS:
            assert not check(page, response.url, width), f"the 404 page at {width} px"
        page.set_viewport_size({"width": 1280, "height": 800})
        form = page.locator("form[data-aj-search-form]")
        form.get_by_label("Otsi ametijuhenditest").fill("perelepitus")
        form.get_by_role("button", name="Otsi").click()
        first = page.locator("[data-ajs-results] li a").first
        first.wait_for(timeout=10_000)
        assert "nounik-perelepitus" in first.get_attribute("href")
        page.keyboard.press("Escape")
        page.locator("article.md-content__inner").get_by_role("link", name="Struktuuriüksused").click()
        page.wait_for_url(site_with_url + "yksused/")
        assert page.locator("h1").inner_text() == "Struktuuriüksused"
        page.go_back()
        page.locator("article.md-content__inner").get_by_role("link", name="Kõik ametikohad").click()
        page.wait_for_url(site_with_url + "ametikohad/")
        assert not failed, f"not found from the 404 page: {failed}"
        assert not errors, f"JavaScript errors: {errors}"
    finally:
        context.close()


@pytest.mark.parametrize("path", ["andmekvaliteet/", "teave/"])
def test_other_changed_pages_have_no_serious_accessibility_violations(page, base_url: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + path)
    assert not serious_violations(page)


def test_matrix_cells_are_words_to_a_screen_reader_and_marks_to_the_eye(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """A walk-through: a screen reader read ● as "black circle" and the cell's title not at all."""
    page.goto(base_url + "kompetentsid/maatriks/")
    for kind, word, mark in (("core", "põhikompetents", "●"), ("additional", "täiendav", "○")):
        cell = page.locator(f"td.aj-cell--{kind}").first
        assert cell.text_content() == word
        assert mark in cell.evaluate("c => getComputedStyle(c, '::before').content")
        box = cell.locator(".aj-sr").bounding_box()
        assert box is not None and box["width"] <= 1 and box["height"] <= 1
