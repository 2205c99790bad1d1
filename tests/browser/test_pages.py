"""Honest pages in Chromium: counts that add up, names without a page, the 404 page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_home_counts_by_department_add_up_to_all_positions(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "ametikohad/")
    listed = page.locator("table[data-aj-rows] tbody tr").count()
    page.goto(base_url)
    table = page.locator("table.aj-unit-counts")
    counts = [int(n) for n in table.locator("tbody tr td:last-child").all_inner_texts()]
    assert sum(counts) == listed == 5, counts  # 004 has no unit: it is counted on its own row
    assert "Struktuuriüksus puudub" in table.inner_text()
    assert table.locator("tfoot td").inner_text() == str(listed)
