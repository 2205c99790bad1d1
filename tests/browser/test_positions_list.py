"""The positions list in Chromium: sortable columns (click and keyboard) kept in the address,
and the language filter ("at least" a level; required and "kasuks" kept apart)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

P000 = "teenuse-juht-asendushoolduse-arendusteenus"
P001 = "peaspetsialist-ennetusteenus"
P002 = "nounik-perelepitus"
P003 = "teenuste-konsultant"
P004 = "nimetu-ametikoht-kvaliteet-ja-jarelevalve"


def rows(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Ids of the visible rows, in their order on screen."""
    return page.locator("table[data-aj-rows] tbody tr:visible td:first-child a").evaluate_all(
        "els => els.map(e => e.href.replace(/\\/$/, '').split('/').pop())")


def heading(page, name: str):  # type: ignore[no-untyped-def]
    return page.locator("table[data-aj-rows] thead th", has_text=name)


def test_columns_sort_by_click_and_the_order_lives_in_the_address(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "ametikohad/")
    by_name = rows(page)
    assert by_name == [P004, P002, P001, P000, P003]
    heading(page, "Kinnitatud").get_by_role("button").click()
    assert rows(page) == [P003, P000, P002, P004, P001]  # 05.04.2023, 04.01.2024, 19.01.2024, then no date
    assert heading(page, "Kinnitatud").get_attribute("aria-sort") == "ascending"
    assert "sort=kinnitatud" in page.url
    heading(page, "Kinnitatud").get_by_role("button").click()
    assert rows(page) == [P002, P000, P003, P004, P001]  # newest first; no date stays last
    assert heading(page, "Kinnitatud").get_attribute("aria-sort") == "descending"
    assert "sort=-kinnitatud" in page.url
    heading(page, "Ametikoht").get_by_role("button").click()
    assert rows(page) == by_name
    heading(page, "Ametikoht").get_by_role("button").click()
    assert rows(page) == by_name[::-1]
    page.select_option("select[name=kompetents]", "eestvedamine")  # filters and sort together in one address
    shared = page.url
    assert "sort=-nimi" in shared and "kompetents=eestvedamine" in shared
    page.goto("about:blank")
    page.goto(shared)
    assert rows(page) == [P000, P001, P004]
    assert heading(page, "Ametikoht").get_attribute("aria-sort") == "descending"


def test_columns_sort_from_the_keyboard(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "ametikohad/")
    page.locator("form[data-aj-filters] button[type=reset]").focus()
    for _ in range(10):  # Tab on to the "Struktuuriüksus" heading
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.ajSortKey") == "yksus":
            break
    else:
        pytest.fail("the unit column cannot be reached with Tab")
    page.keyboard.press("Enter")
    assert heading(page, "Struktuuriüksus").get_attribute("aria-sort") == "ascending"
    # Asendushoolduse arendustiim, Ennetusteenuste tiim, Erihoolekande … talitus, Laste heaolu osakond; none last
    assert rows(page) == [P000, P001, P003, P002, P004]
    page.keyboard.press("Space")
    assert rows(page) == [P002, P003, P001, P000, P004]
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.ajSortKey") == "liik"
    page.keyboard.press("Enter")
    assert rows(page)[0] == P004 and rows(page)[-1] == P001  # Ametnik … before Töötaja
    assert "sort=liik" in page.url


def choose(page, **values: str) -> list[str]:  # type: ignore[no-untyped-def]
    page.goto(page.url.split("?")[0])
    for name, value in values.items():
        page.select_option(f"select[name={name}]", value)
    return sorted(rows(page))


def test_language_filter_means_at_least_the_level_and_keeps_advantages_apart(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "ametikohad/")
    offered = page.locator("select[name=keel] option").all_inner_texts()
    assert offered == ["kõik", "eesti keel", "inglise keel", "vene keel", "võõrkeel"]  # only languages in use
    # required Russian at least B1: B2 (000) and B1 (001, 002) count; 003 and 004 only prefer Russian
    assert choose(page, keel="vene", tase="B1") == sorted([P000, P001, P002])
    # at least B2: 001 requires B1 (B2 is only an advantage there)
    assert choose(page, keel="vene", tase="B2") == [P000]
    assert choose(page, keel="vene", tase="B2", noue="kasuks") == [P001]
    assert choose(page, keel="vene", noue="kasuks") == sorted([P000, P001, P003, P004])
    assert choose(page, keel="vene", tase="B2", noue="koik") == sorted([P000, P001])
    # eesti C1 everywhere: "at least B2" lists C1
    assert choose(page, keel="eesti", tase="B2") == sorted([P000, P001, P002, P003, P004])
    assert choose(page, keel="eesti", tase="C2") == []
    assert page.locator("[data-aj-none]").is_visible()


def test_filter_controls_look_like_the_rest_of_the_site(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "ametikohad/")
    look = page.evaluate("""() => {
        const s = getComputedStyle(document.querySelector('select[name=keel]'));
        const body = getComputedStyle(document.querySelector('.md-typeset'));
        const reset = document.querySelector('form[data-aj-filters] button[type=reset]');
        return {font: s.fontFamily, body: body.fontFamily, radius: s.borderTopLeftRadius,
                button: reset.classList.contains('md-button')};
    }""")
    assert look["font"] == look["body"] and look["radius"] != "0px" and look["button"]


@pytest.mark.parametrize("width", [360, 1280])
def test_filtered_out_rows_are_gone_on_a_phone_too(page, base_url: str, width: int) -> None:  # type: ignore[no-untyped-def]
    """On a phone the list's rows are stacked blocks: a row the filters hide must not be shown as one (its
    `hidden` lost to the stacking `display: block`), so what is seen matches "Näidatud 3 ametikohta 5-st"."""
    page.set_viewport_size({"width": width, "height": 740})
    page.goto(base_url + "ametikohad/?kompetents=eestvedamine")
    assert rows(page) == [P004, P001, P000]
    expect(page.locator("[data-aj-count]")).to_have_text("Näidatud 3 ametikohta 5-st")
    page.goto(base_url + "ametikohad/?yksus=teenuste-osakond")  # one row: the singular
    expect(page.locator("[data-aj-count]")).to_have_text("Näidatud 1 ametikoht 5-st")
    page.goto(base_url + "ametikohad/?kompetents=eestvedamine")
    page.select_option("select[name=keel]", "eesti")
    page.select_option("select[name=tase]", "C2")
    assert rows(page) == []
    assert page.locator("[data-aj-none]").is_visible()
