"""The compare page on the five real job descriptions: each side reads as its own page does (a user's walk-through
found the catalogue's wording shown as deleted, a second level of one language lost, sections out of order and the
picker showing an id)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def cells(page, label: str) -> list[str]:  # type: ignore[no-untyped-def]
    row = page.locator(".aj-compare-table tbody tr", has=page.locator("th", has_text=label)).first
    return row.locator("td").all_inner_texts()


def test_each_side_reads_as_its_page(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "vordle/?a=nounik-perelepitus&b=peaspetsialist-ennetusteenus")
    page.wait_for_selector(".aj-compare-table")
    expect(page.locator("#aj-pick-a")).to_have_value("Nõunik (perelepitus)")
    expect(page.locator("#aj-pick-b")).to_have_value("Peaspetsialist (ennetusteenus)")
    # An additional competency the second position words as the catalogue does (its page shows the definition).
    own, catalogue = cells(page, "Korrektsus")
    assert own.startswith("Korrektsus ") and catalogue.startswith("Korrektsus ") and len(catalogue) > 40
    page.goto(base_url + "ametikohad/peaspetsialist-ennetusteenus/")
    assert catalogue.removeprefix("Korrektsus ").split(".")[0] in page.locator("article.md-content__inner").inner_text()
    page.go_back()
    page.wait_for_selector(".aj-compare-table")
    # Russian at B1, B2 an advantage: the B1 requirement is the same on both sides.
    assert cells(page, "keelenõue (vene keel)") == ["B1", "B1, B2 (kasuks)"]
    # What the source lacks reads as on the page, not as an empty cell.
    assert cells(page, "Kinnitatud")[1] == "puudub lähtedokumendis"


def test_sections_in_the_documents_order_with_each_documents_numbers(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "vordle/?a=nounik-perelepitus&b=teenuste-konsultant")
    page.wait_for_selector(".aj-compare-table")
    headings = page.locator(".aj-compare-table__section th").all_inner_texts()
    assert headings.index("6. Töövahendid") == headings.index("5. Vastutus") + 1  # only the second has it
    labels = page.locator(".aj-compare-table tbody tr:not(.aj-compare-table__section) th").all_inner_texts()
    assert "6.1 Haridus / 7.1 Haridus" in labels
    assert all("voorkeel" not in label for label in labels)


def test_a_position_given_alone_is_named_in_its_picker(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "vordle/?a=nounik-perelepitus")
    expect(page.locator("#aj-pick-a")).to_have_value("Nõunik (perelepitus)")
    expect(page.locator(".aj-compare__status")).to_have_text("Vali teine ametikoht, millega võrrelda.")
    page.goto(base_url + "vordle/?a=olematu&b=teenuste-konsultant")
    expect(page.locator(".aj-compare__status")).to_have_text("Ametikohta „olematu“ ei leitud: kontrolli aadressi.")
    expect(page.locator("#aj-pick-b")).to_have_value("Teenuste konsultant")
    page.goto(base_url + "vordle/?a=olematu-a&b=olematu-b")  # both unknown: the first side is named
    expect(page.locator(".aj-compare__status")).to_contain_text("Ametikohta „olematu-a“ ei leitud")
