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
from playwright.sync_api import expect

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


def test_first_page_then_every_row_once_a_column_is_sorted(synthetic_page, paged_url: str) -> None:  # type: ignore[no-untyped-def]
    synthetic_page.goto(paged_url + "ametikohad/")
    assert rows(synthetic_page) == [P004, P002]
    assert synthetic_page.locator("nav[data-aj-pager]").first.is_visible()
    assert "kõik 5 ametikohta" in synthetic_page.locator("[data-aj-count]").inner_text()
    heading(synthetic_page, "Kinnitatud").get_by_role("button").click()
    # The other rows arrive with a script fetched on this first use (waited for: slow on a busy machine).
    expect(synthetic_page.locator("table[data-aj-rows] tbody tr:visible")).to_have_count(5)
    assert rows(synthetic_page) == [P003, P000, P002, P004, P001]  # all five, by approval date
    assert not synthetic_page.locator("nav[data-aj-pager]").first.is_visible()
    assert "Näidatud 5 ametikohta 5-st" in synthetic_page.locator("[data-aj-count]").inner_text()
    synthetic_page.goto(paged_url + "ametikohad/2/")
    assert rows(synthetic_page) == [P001, P000]  # the second page without filters


def test_filters_in_the_address_apply_to_every_row(synthetic_page, paged_url: str) -> None:  # type: ignore[no-untyped-def]
    synthetic_page.goto(paged_url + "ametikohad/?staatus=kehtiv")  # 004 is in force: an incomplete copy
    assert rows(synthetic_page) == [P004, P002, P001, P000, P003]


def test_every_row_loads_from_a_file_share(synthetic_page, paged_site: Path) -> None:  # type: ignore[no-untyped-def]
    synthetic_page.goto((paged_site / "ametikohad" / "index.html").as_uri() + "?staatus=kehtiv&sort=-nimi")
    assert rows(synthetic_page) == [P003, P000, P001, P002, P004]
