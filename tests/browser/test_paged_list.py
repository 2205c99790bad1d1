"""A positions list longer than one page (issue 18): the first page shows its rows, the page links lead
on without JavaScript, and the filters and sorting load every row and work across all of them,
also from a file share (file://).

The seed data is written with `ametijuhend pages --page-rows 2` (three pages of the list) and built
with plain MkDocs from the written mkdocs.yml, which also proves the written pages usable in a browser.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ametijuhend.cli import main as cli_main

from .conftest import SUBPATH, serve
from .test_positions_list import P000, P001, P002, P003, P004, heading, rows

pytestmark = pytest.mark.browser
SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("paged")
    assert cli_main(["pages", "--data", str(SEEDS), "--out", str(work / "out"), "--page-rows", "2",
                     "--no-search"]) == 0
    site = work / "www" / SUBPATH
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f",
                             str(work / "out" / "mkdocs.yml"), "-d", str(site)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def paged_url(paged_site: Path) -> Iterator[str]:
    with serve(paged_site.parent) as url:
        yield url


@pytest.fixture
def tab(browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="et-EE")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def test_first_page_then_every_row_once_a_column_is_sorted(tab, paged_url: str) -> None:  # type: ignore[no-untyped-def]
    tab.goto(paged_url + "ametikohad/")
    assert rows(tab) == [P004, P002]
    assert tab.locator("nav[data-aj-pager]").first.is_visible()
    assert "kõik 5 ametikohta" in tab.locator("[data-aj-count]").inner_text()
    heading(tab, "Kinnitatud").get_by_role("button").click()
    assert rows(tab) == [P003, P000, P002, P004, P001]  # all five, by approval date
    assert not tab.locator("nav[data-aj-pager]").first.is_visible()
    assert "Näidatud 5 ametikohta 5-st" in tab.locator("[data-aj-count]").inner_text()
    tab.goto(paged_url + "ametikohad/2/")
    assert rows(tab) == [P001, P000]  # the second page without filters


def test_filters_in_the_address_apply_to_every_row(tab, paged_url: str) -> None:  # type: ignore[no-untyped-def]
    tab.goto(paged_url + "ametikohad/?staatus=kehtiv")
    assert rows(tab) == [P002, P001, P000, P003]


def test_every_row_loads_from_a_file_share(tab, paged_site: Path) -> None:  # type: ignore[no-untyped-def]
    tab.goto((paged_site / "ametikohad" / "index.html").as_uri() + "?staatus=kehtiv&sort=-nimi")
    assert rows(tab) == [P003, P000, P001, P002]
