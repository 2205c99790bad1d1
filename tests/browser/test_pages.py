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


def test_a_manager_without_a_published_description_is_plain_text_with_a_hint(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "ametikohad/teenuse-juht-asendushoolduse-arendusteenus/")
    manager = page.locator("table.aj-general tr", has_text="Vahetu juht").locator("td")
    assert manager.locator("a").count() == 0, "a position without a page is shown as a link"
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
