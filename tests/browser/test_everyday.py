"""Everyday use (issue 17) in Chromium: redirects that keep the anchor, the "vaata skeemil" links,
and the error banner of `mkdocs serve` on invalid data (a real `mkdocs serve` in a subprocess)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ametijuhend.project import load_project
from ametijuhend.render import render_site, urls

from .conftest import SUBPATH, serve

pytestmark = pytest.mark.browser

SMALL = Path(__file__).resolve().parents[1] / "data" / "site-small"
OLD, NEW = "teenuse-juht-vana", "teenuse-juht-arendus"


@pytest.fixture(scope="module")
def redirect_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The alias redirect of the small data set beside a stand-in of its target page (long, so it scrolls)."""
    site = render_site(load_project(SMALL))
    root = tmp_path_factory.mktemp("redirect")
    old = root / SUBPATH / urls.position(OLD) / "index.html"
    old.parent.mkdir(parents=True)
    old.write_bytes(site.content(urls.position(OLD) + "index.html"))
    new = root / SUBPATH / urls.position(NEW) / "index.html"
    new.parent.mkdir(parents=True)
    body = next(p.html() for p in site.pages if p.url == urls.position(NEW))
    new.write_text(f'<!doctype html><html lang="et"><head><meta charset="utf-8"><title>t</title></head>'
                   f'<body><div style="height:3000px"></div>{body}<div style="height:3000px"></div></body></html>',
                   encoding="utf-8")
    return root


@pytest.mark.parametrize("javascript", [True, False])
def test_an_alias_address_lands_on_the_new_page_at_the_same_anchor(browser, redirect_root: Path,  # type: ignore[no-untyped-def]
                                                                     javascript: bool) -> None:
    context = browser.new_context(java_script_enabled=javascript)
    try:
        page = context.new_page()
        with serve(redirect_root) as base:
            page.goto(f"{base}{urls.position(OLD)}#ulesanne-3-2")
            page.wait_for_url(f"**/{urls.position(NEW)}*")
            if javascript:  # the anchor is kept and the page scrolls to the duty
                assert page.url == f"{base}{urls.position(NEW)}#ulesanne-3-2"
                page.wait_for_function("document.getElementById('ulesanne-3-2').getBoundingClientRect().top < 300")
            else:  # without JavaScript the meta refresh still leads to the page (a meta refresh drops anchors)
                assert page.url.split("#")[0] == f"{base}{urls.position(NEW)}"
    finally:
        context.close()


@pytest.mark.parametrize(("row", "anchor", "table"), [("Vahetu juht", "alluvus", "aj-reporting"),
                                                    ("Kes asendab", "asendamine", "aj-substitutions")])
def test_vaata_skeemil_opens_the_units_chart_that_shows_the_position(page, base_url: str,  # type: ignore[no-untyped-def]
                                                                    row: str, anchor: str, table: str) -> None:
    position = "teenuse-juht-asendushoolduse-arendusteenus"
    page.goto(base_url + urls.position(position))
    page.locator("table.aj-general tr", has_text=row).get_by_role("link", name="vaata skeemil").click()
    page.wait_for_url(f"**/{urls.unit('asendushoolduse-arendustiim')}#{anchor}")
    assert page.locator(f"#{anchor}").evaluate(  # scrolled into view
        "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
    assert page.locator(f"table.{table} a[href$='{urls.position(position)}']").count() > 0
    page.goto(base_url + urls.position("nimetu-ametikoht-kvaliteet-ja-jarelevalve"))  # no unit: no chart to show
    assert page.get_by_role("link", name="vaata skeemil").count() == 0
