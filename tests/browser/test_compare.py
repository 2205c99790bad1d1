"""The compare page in Chromium (issue 16): two positions side by side, a position against its earlier
approved version, and the position picker used from the keyboard. The site is built from a scripted git
repository (tests/test_history.py) and served under a sub-path."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect
from test_history import JUHT, Repo

from .conftest import build_site, serve
from .test_accessibility import serious_violations

pytestmark = pytest.mark.browser
JUHT_ID = "teenuse-juht-perelepitus"
NOUNIK_ID = "nounik-perelepitus"


@pytest.fixture(scope="module")
def compare_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    root = tmp_path_factory.mktemp("compare")
    (root / "repo").mkdir()
    repo = Repo(root / "repo")
    first = repo.git("rev-parse", "HEAD").strip()[:12]
    repo.edit(JUHT, 'order_number: "12"\n  date: 2024-01-04', 'order_number: "15"\n  date: 2024-03-01')
    repo.edit(JUHT, "Teenuse arendamine.", "Teenuse arendamine ja juhtimine.")
    repo.commit("Uus käskkiri")
    repo.edit(JUHT, "id: teenuse-juht-perelepitus\n", "id: teenuse-juht-perelepitus\naliases: [teenuse-juht-vana]\n")
    repo.commit("Vana aadress suunab edasi")
    www = root / "www"
    build_site(www / "ametijuhendid", repo.data)
    with serve(www) as url:
        yield url, first


@pytest.fixture
def page(browser, compare_site: tuple[str, str]) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A fresh page of the compare site that fails the test on a request outside it or a JS error."""
    url, _ = compare_site
    origin = url.split("/ametijuhendid/")[0]
    context = browser.new_context(locale="et-EE")
    page = context.new_page()
    outside: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: None if r.url.startswith((origin, "data:", "about:")) else outside.append(r.url))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not outside and not errors, (outside, errors)


def cells(page, label: str) -> list[str]:  # type: ignore[no-untyped-def]
    row = page.locator(".aj-compare-table tbody tr", has=page.locator("th", has_text=label)).first
    return row.locator("td").all_inner_texts()


def test_two_positions_side_by_side(page, compare_site: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    url, _ = compare_site
    started = time.perf_counter()
    page.goto(f"{url}vordle/?a={JUHT_ID}&b={NOUNIK_ID}")
    page.wait_for_selector(".aj-compare-table")
    assert time.perf_counter() - started < 5
    assert cells(page, "1.1 Ametinimetus") == ["Teenuse juht (perelepitus)", "Nõunik (perelepitus)"]
    differing = page.locator(".aj-compare-table__differs", has=page.locator("th", has_text="1.1 Ametinimetus"))
    assert differing.locator("del").first.inner_text() == "Teenuse juht"
    assert differing.locator("ins").first.inner_text() == "Nõunik"
    # sections aligned: both sides have one row per duty number and requirement
    headings = page.locator(".aj-compare-table__section th").all_inner_texts()
    assert headings[:3] == ["Kinnitamine", "1. Üldosa", "2. Ametikoha eesmärk"]
    assert cells(page, "6.1 Haridus") == ["Kõrgharidus.", "Kõrgharidus."]


def test_position_against_its_earlier_version(page, compare_site: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    url, first = compare_site
    page.goto(f"{url}ametikohad/{JUHT_ID}/ajalugu/")
    page.get_by_role("link", name="Võrdle kehtivaga").click()
    page.wait_for_selector(".aj-compare-table")
    assert f"a={JUHT_ID}@{first}" in page.url
    row = page.locator(".aj-compare-table__differs", has=page.locator("th", has_text="3.1"))
    assert row.locator("ins").first.inner_text() == "arendamine ja juhtimine."
    assert "käskkiri nr 12" in page.locator(".aj-compare-table thead").inner_text()
    # An earlier version is not in force, whatever its file's status said then.
    assert cells(page, "Staatus") == ["ei kehti (varasem versioon)", "kehtiv"]


def test_compare_action_and_picker_by_keyboard(page, compare_site: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    url, _ = compare_site
    page.goto(f"{url}ametikohad/{JUHT_ID}/")
    page.get_by_role("link", name="Võrdle").first.click()
    # The compare page fills itself from JSON after loading (waited for: slow on a busy machine).
    expect(page.locator(".aj-compare__status")).to_have_text("Vali teine ametikoht, millega võrrelda.")
    picker = page.locator("#aj-pick-b")
    picker.focus()
    page.keyboard.type("nõun")
    # The list follows each key typed: wait for the one that matches the whole word.
    expect(page.locator("#aj-pick-b-list li")).to_have_text(["Nõunik (perelepitus)"])
    page.keyboard.press("ArrowDown")
    expect(picker).to_have_attribute("aria-activedescendant", "aj-pick-b-0")
    page.keyboard.press("Enter")
    page.wait_for_selector(".aj-compare-table")
    assert f"a={JUHT_ID}" in page.url and f"b={NOUNIK_ID}" in page.url
    assert cells(page, "1.1 Ametinimetus")[1] == "Nõunik (perelepitus)"


def test_printed_comparison_names_the_positions_in_full(page, compare_site: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    """Printed, the picker's boxes would show the names cut at their width ("… (käskkiri nr 12, 0"): the table's
    head names both in full, the boxes are left out."""
    url, first = compare_site
    page.goto(f"{url}vordle/?a={JUHT_ID}@{first}&b={JUHT_ID}")
    page.wait_for_selector(".aj-compare-table")
    page.emulate_media(media="print")
    assert not page.locator("#aj-pick-a").is_visible() and not page.locator("#aj-pick-b").is_visible()
    assert "käskkiri nr 12" in page.locator(".aj-compare-table thead").inner_text()


def test_unknown_position_says_so(page, compare_site: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    url, _ = compare_site
    page.goto(f"{url}vordle/?a={JUHT_ID}&b=puudub")
    page.wait_for_function("document.querySelector('.aj-compare__status').textContent.includes('ei leitud')")


def test_a_link_with_a_former_id_still_compares(page, compare_site: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    """A compare link sent before a rename names the old id (now under `aliases:`), as the old page address
    does: it compares the position under its new id, also an earlier version of it."""
    url, first = compare_site
    page.goto(f"{url}vordle/?a=teenuse-juht-vana&b={NOUNIK_ID}")
    page.wait_for_selector(".aj-compare-table")
    assert cells(page, "1.1 Ametinimetus") == ["Teenuse juht (perelepitus)", "Nõunik (perelepitus)"]
    page.goto(f"{url}vordle/?a=teenuse-juht-vana@{first}&b={JUHT_ID}")
    page.wait_for_selector(".aj-compare-table")
    assert "käskkiri nr 12" in page.locator(".aj-compare-table thead").inner_text()


@pytest.mark.parametrize("which", ["history", "earlier version"])
def test_history_pages_have_no_serious_accessibility_violations(page, compare_site: tuple[str, str],  # type: ignore[no-untyped-def]
                                                                which: str) -> None:
    """The history page and an earlier version (written into the theme's shell page, `ametijuhend.shell`)."""
    url, first = compare_site
    address = f"{url}ametikohad/{JUHT_ID}/ajalugu/" + (f"{first}/" if which == "earlier version" else "")
    response = page.goto(address)
    assert response is not None and response.ok, address
    assert page.locator(".md-header").count() == 1 and page.locator("nav.md-nav--secondary a").count() >= 1
    if which == "earlier version":
        assert "mitte kehtiv versioon" in page.locator(".aj-banner--old-version").inner_text()
    report = serious_violations(page)
    assert not report, f"{address}:\n{report}"


def test_keys_typed_while_the_picker_loads_are_kept(page, compare_site: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    """The picker's index arrives after the first keys (a slow line): the focus must not select what was typed
    meanwhile, or the next key replaces it (the list then followed "n" instead of "nõun")."""
    url, _ = compare_site
    held: list = []
    page.route("**/andmed/ametikohad/index.json", lambda route: held.append(route))
    page.goto(f"{url}vordle/")
    expect(page.locator(".aj-compare__status")).to_have_text("Vali võrreldavad ametikohad.")
    picker = page.locator("#aj-pick-b")
    picker.focus()
    page.keyboard.type("nõ")
    for route in held:
        route.continue_()
    expect(page.locator("#aj-pick-b-list li").first).to_be_visible()  # the index has come: "nõ" is listed
    page.keyboard.type("un")
    expect(picker).to_have_value("nõun")
    expect(page.locator("#aj-pick-b-list li")).to_have_text(["Nõunik (perelepitus)"])
