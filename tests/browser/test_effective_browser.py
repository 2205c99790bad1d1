"""An order that takes effect later (`approval.effective_from`), as staff meet it in Chromium: the positions list,
its status filter and the header search say what the position's page says (not yet in force), at 1280 and 360 px;
the data-quality page lists it for HR. (The print of such a version: test_print.py.)"""

from __future__ import annotations

import re

import pytest

from .test_positions_list import rows
from .test_search_browser import RESULTS, type_query, wait_for_new_results

pytestmark = pytest.mark.browser

PENDING = "teenuse-juht-perelepitus"
IN_FORCE = "nounik-perelepitus"


@pytest.mark.parametrize("width", [1280, 360])
def test_positions_list_says_not_yet_in_force_and_filters_it(  # type: ignore[no-untyped-def]
        browser, pending_site: tuple[str, str], width: int) -> None:
    url, _ = pending_site
    context = browser.new_context(locale="et-EE", viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        page.goto(url + "ametikohad/")
        row = page.locator("table[data-aj-rows] tbody tr", has=page.locator(f'a[href$="{PENDING}/"]'))
        status = row.locator('td[data-label="Staatus"]')
        assert status.is_visible() and status.inner_text() == "jõustub 01.01.2027, veel ei kehti"
        assert "Kehtiv" not in row.inner_text()
        page.select_option("select[name=staatus]", "joustumata")
        assert rows(page) == [PENDING] and "staatus=joustumata" in page.url
        page.select_option("select[name=staatus]", "kehtiv")
        assert rows(page) == [IN_FORCE]
    finally:
        context.close()


def test_search_result_says_not_yet_in_force(synthetic_page, pending_site: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    page = synthetic_page
    url, _ = pending_site
    page.goto(url)
    type_query(page, "perelepitus")
    result = page.locator(f"{RESULTS} li", has=page.locator(f'a[href*="{PENDING}/"]'))
    assert "Jõustub 01.01.2027, veel ei kehti" in result.locator(".ajs-result__unit").inner_text()
    other = page.locator(f"{RESULTS} li", has=page.locator(f'a[href*="{IN_FORCE}/"]'))
    assert other.locator(".ajs-result__unit").inner_text().endswith("Kehtiv")
    wait_for_new_results(page, lambda: page.locator(".ajs-facets summary").click())
    box = page.locator(".ajs-facet__value", has_text=re.compile(r"^Jõustumata\s*1$")).locator("input")
    wait_for_new_results(page, box.click)
    hrefs = page.eval_on_selector_all(f"{RESULTS} a", "ls => ls.map(a => a.getAttribute('href'))")
    assert hrefs and all(PENDING in href for href in hrefs)


def test_data_quality_page_lists_it(synthetic_page, pending_site: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    page = synthetic_page
    url, _ = pending_site
    page.goto(url + "andmekvaliteet/")
    table = page.locator("h2#joustumata ~ table").first
    assert table.is_visible()
    assert "Teenuse juht (perelepitus)\tnr 20, 20.11.2026\t01.01.2027" in table.inner_text()
