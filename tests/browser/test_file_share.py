"""The site opened from a file share (file://): links open pages, never folder listings; the
filters work; the search says clearly that it needs a web server (README: "For operators")."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

pytestmark = pytest.mark.browser

PAGES = ["index.html", "ametikohad/index.html", "ametikohad/nounik-perelepitus/index.html",
         "yksused/laste-heaolu-osakond/index.html", "kompetentsid/pingetaluvus/index.html"]


@pytest.fixture
def file_page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="et-EE")
    page = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"
    assert not outside, f"requests outside the folder: {outside}"


def test_every_link_opens_a_page_not_a_folder(file_page, site_dir: Path) -> None:  # type: ignore[no-untyped-def]
    page = file_page
    for name in PAGES:
        page.goto((site_dir / name).as_uri())
        targets = page.locator("a[href]").evaluate_all("els => els.map(e => e.href)")
        assert targets
        for target in targets:
            if not target.startswith("file:"):
                continue
            path = Path(unquote(urlsplit(target).path))
            assert path.is_file(), f"{name}: the link to {target} opens a folder or nothing"


def test_browsing_and_filtering_from_files(file_page, site_dir: Path) -> None:  # type: ignore[no-untyped-def]
    page = file_page
    page.goto((site_dir / "index.html").as_uri())
    page.locator(".md-nav--primary").get_by_role("link", name="Ametikohad").first.click()
    assert page.url.endswith("/ametikohad/index.html")
    page.select_option("select[name=yksus]", "laste-heaolu-osakond")
    visible = page.locator("table[data-aj-rows] tbody tr:visible").count()
    assert visible == 3
    page.locator("table[data-aj-rows]").get_by_role("link", name="Nõunik (perelepitus)").click()
    assert page.url.endswith("/ametikohad/nounik-perelepitus/index.html")
    page.locator("nav.aj-breadcrumb").get_by_role("link", name="Laste heaolu osakond").click()
    assert page.url.endswith("/yksused/laste-heaolu-osakond/index.html")
    assert page.locator("h1").inner_text() == "Laste heaolu osakond"


def test_search_says_it_needs_a_web_server(file_page, site_dir: Path) -> None:  # type: ignore[no-untyped-def]
    page = file_page
    page.goto((site_dir / "ametikohad" / "index.html").as_uri())
    page.locator("[data-ajs-query]").click()
    status = page.locator("[data-ajs-status]")
    assert status.is_visible()
    assert "veebiserver" in status.inner_text()


def test_compare_says_it_needs_a_web_server(file_page, site_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """From a file share the browser reads no data file: the compare page says so, not that the position is
    unknown (a review found "Ametikohta … ei leitud")."""
    from playwright.sync_api import expect

    page = file_page
    page.goto((site_dir / "vordle" / "index.html").as_uri() + "?a=nounik-perelepitus&b=teenuste-konsultant")
    expect(page.locator(".aj-compare__status")).to_contain_text("veebiserveri kaudu")
    assert "ei leitud" not in page.locator(".aj-compare__status").inner_text()
