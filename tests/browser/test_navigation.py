"""What a member of staff does on the real site in Chromium: browse, filter, follow links, print.

The site is the real build of the five seed positions, served under a sub-path.
"""

from __future__ import annotations

import re
import time

import pytest

pytestmark = pytest.mark.browser

P000 = "teenuse-juht-asendushoolduse-arendusteenus"
P002 = "nounik-perelepitus"
P003 = "teenuste-konsultant"
P004 = "nimetu-ametikoht-kvaliteet-ja-jarelevalve"


def visible_positions(page) -> list[str]:  # type: ignore[no-untyped-def]
    rows = page.locator("table[data-aj-rows] tbody tr:visible td:first-child a")
    return [href.rstrip("/").rsplit("/", 1)[-1] for href in rows.evaluate_all("els => els.map(e => e.href)")]


def shown(page, expected: list[str], timeout: float = 5.0) -> list[str]:  # type: ignore[no-untyped-def]
    """The visible positions, once they are `expected` (sorted), or whatever they are after `timeout` s.

    The filters apply after the event that changes them (a form reset only after it has reset
    the fields), so a test reads the rows when the page has settled, as a person would.
    """
    deadline = time.monotonic() + timeout
    while True:
        found = sorted(visible_positions(page))
        if found == sorted(expected) or time.monotonic() > deadline:
            return found
        page.wait_for_timeout(50)


def test_home_leads_to_the_index_of_all_positions(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url)
    page.get_by_role("link", name="Ametikohad").first.click()
    page.wait_for_url(re.compile(r"/ametikohad/$"))
    everyone = [P000, "peaspetsialist-ennetusteenus", P002, P003, P004]
    assert shown(page, everyone) == sorted(everyone)


def test_index_filters_combine_and_live_in_the_address(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "ametikohad/")
    page.select_option("select[name=yksus]", "laste-heaolu-osakond")
    in_unit = [P000, "peaspetsialist-ennetusteenus", P002]
    assert shown(page, in_unit) == sorted(in_unit)
    page.select_option("select[name=kompetents]", "eestvedamine")
    assert shown(page, [P000, "peaspetsialist-ennetusteenus"]) == sorted([P000, "peaspetsialist-ennetusteenus"])
    page.select_option("select[name=staatus]", "kehtiv")
    assert "yksus=laste-heaolu-osakond" in page.url and "kompetents=eestvedamine" in page.url
    shared = page.url
    page.goto("about:blank")
    page.goto(shared)  # a colleague opens the link
    assert page.locator("select[name=yksus]").input_value() == "laste-heaolu-osakond"
    assert shown(page, [P000, "peaspetsialist-ennetusteenus"]) == sorted([P000, "peaspetsialist-ennetusteenus"])
    page.locator("form.aj-filters").get_by_role("button", name="Tühjenda").click()
    everyone = [P000, "peaspetsialist-ennetusteenus", P002, P003, P004]
    assert shown(page, everyone) == sorted(everyone)
    assert "yksus=" not in page.url


def test_language_filter_finds_positions_by_required_level(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "ametikohad/")
    page.select_option("select[name=keel]", "vene")
    page.select_option("select[name=tase]", "B1")
    found = visible_positions(page)
    assert P002 in found and found, found


def test_position_page_links_to_unit_and_competency_and_back(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + f"ametikohad/{P000}/")
    assert page.locator("h1").inner_text().startswith("Teenuse juht")
    page.locator("nav.aj-breadcrumb").get_by_role("link", name="Asendushoolduse talitus").click()
    page.wait_for_url(re.compile(r"/yksused/asendushoolduse-talitus/$"))
    content = page.locator("article.md-content__inner")
    content.get_by_role("link", name=re.compile("Asendushoolduse arendustiim")).first.click()
    page.wait_for_url(re.compile(r"/yksused/asendushoolduse-arendustiim/$"))
    page.locator("article.md-content__inner").get_by_role("link", name=re.compile(r"^Teenuse juht")).first.click()
    page.wait_for_url(re.compile(rf"/ametikohad/{P000}/$"))
    page.locator("header.aj-head").get_by_role("link", name="Pingetaluvus").click()
    page.wait_for_url(re.compile(r"/kompetentsid/pingetaluvus/$"))
    content = page.locator("article.md-content__inner").inner_text()
    for title in ("Teenuse juht", "Peaspetsialist", "Nõunik", "Teenuste konsultant"):
        assert title in content
    # 002 words the competency differently: its row refers to its wording, listed once below
    assert "Pingetaluvus (tasakaalukus)" in content
    page.locator("article.md-content__inner").get_by_role("link", name="oma sõnastus 1").first.click()
    page.wait_for_url(re.compile(r"/kompetentsid/pingetaluvus/#sonastus-1$"))
    wording = page.locator("#sonastus-1")
    assert "Pingetaluvus (tasakaalukus)" in wording.inner_text()
    assert wording.evaluate("el => el.matches(':target')")


def test_a_link_to_a_duty_opens_at_that_duty(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + f"ametikohad/{P002}/#ulesanne-3-4")
    duty = page.locator("#ulesanne-3-4")
    assert duty.is_visible()
    assert duty.evaluate("el => el.getBoundingClientRect().top") < 300, "the page did not scroll to duty 3.4"
    assert duty.inner_text().lstrip().startswith("3.4")


def test_self_substitution_and_missing_fields_are_shown_not_invented(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + f"ametikohad/{P004}/")
    text = page.locator("article.md-content__inner").inner_text()
    assert "Lähtedokument on puudulik" in text and "Mustand" not in text  # an incomplete copy, not a draft
    assert "puudub" in text  # title, unit, manager … are missing in the source and the page says so
    page.goto(base_url + f"ametikohad/{P003}/")
    general = page.locator(".aj-screen table.aj-general").inner_text()
    assert general.count("Teenuste konsultant") >= 3  # title, Kes asendab, Keda asendab (as printed)


def test_printing_a_position_hides_navigation_and_search(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + f"ametikohad/{P000}/")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        locator = page.locator(selector).first
        assert locator.count() == 0 or not locator.is_visible(), f"{selector} is printed"
    assert page.locator(".aj-print .aj-duties").is_visible()  # print = the document made from the data
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_edit_link_points_at_the_yaml_file(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + f"ametikohad/{P002}/")
    href = page.locator("a[rel=edit]").get_attribute("href")
    assert href and href.endswith(f"positions/{P002}.yaml")


def test_data_quality_page_lists_the_draft_and_its_missing_fields(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "andmekvaliteet/")
    text = page.locator("article.md-content__inner").inner_text()
    assert P004 in text or "Ametinimetus puudub" in text
    assert "Talitusejuhataja" in text  # referenced position without a page


def test_json_export_is_published(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    response = page.request.get(base_url + "andmed/ametikohad.json")
    assert response.ok
    data = response.json()
    positions = data["positions"] if isinstance(data, dict) else data
    assert {p["id"] for p in positions} >= {P000, P002, P003, P004}
    assert page.request.get(base_url + "andmed/schema/position.schema.json").ok


FOCUSED = """() => { const e = document.activeElement;
  return { inDrawer: !!e.closest('.md-sidebar--primary'), menu: e.matches(".md-header label[for='__drawer']"),
           tag: e.tagName, text: (e.textContent || '').trim().slice(0, 40) }; }"""


def test_the_navigation_drawer_on_a_phone_works_by_keyboard(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """On a phone the navigation is an off-screen drawer: Tab does not walk through its hidden links, the menu
    button is reached by Tab and opens it with Enter (the focus goes into it), Escape closes it again."""
    from playwright.sync_api import expect

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(base_url + f"ametikohad/{P002}/")
    expect(page.locator(".md-sidebar--primary")).to_have_attribute("inert", "")
    stops = []
    for _ in range(15):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
    assert not [s for s in stops if s["inDrawer"]], stops
    assert [s for s in stops if s["menu"]], stops
    menu = page.locator(".md-header label[for='__drawer']")
    menu.focus()
    page.keyboard.press("Enter")
    assert page.locator("#__drawer").is_checked()
    assert page.evaluate(FOCUSED)["inDrawer"]
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["inDrawer"]
    page.keyboard.press("Escape")
    assert not page.locator("#__drawer").is_checked()
    assert page.evaluate(FOCUSED)["menu"]
    expect(page.locator(".md-sidebar--primary")).to_have_attribute("inert", "")


def test_the_navigation_sidebar_on_a_wide_screen_stays_in_the_tab_order(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 1400, "height": 800})
    page.goto(base_url + f"ametikohad/{P002}/")
    page.wait_for_function("document.querySelector('.md-header label[for=\"__drawer\"]').hasAttribute('tabindex')")
    assert page.locator(".md-sidebar--primary").get_attribute("inert") is None
