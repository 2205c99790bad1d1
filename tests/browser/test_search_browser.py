"""The header search box of the real site, as a person uses it: typing, reading, arrow keys, facets.

The site is built with `mkdocs build --strict` (which builds the search index in its
post-build hook) and served under a sub-path by tests/browser/conftest.py. The `page`
fixture fails a test on any request outside the site and on any JavaScript error.
The query set lives in tests/search_queries.yaml.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT, SUBPATH, build_site, serve

pytestmark = pytest.mark.browser

QUERY_FILE = Path(__file__).resolve().parents[1] / "search_queries.yaml"
QUERIES: list[dict[str, Any]] = yaml.safe_load(QUERY_FILE.read_text(encoding="utf-8"))["queries"]
TOP = 10
A = "teenuse-juht-asendushoolduse-arendusteenus"
B = "peaspetsialist-ennetusteenus"
C = "nounik-perelepitus"
D = "teenuste-konsultant"
E = "nimetu-ametikoht-kvaliteet-ja-jarelevalve"
RESULTS = "[data-ajs-results]"


def type_query(page, query: str) -> None:  # type: ignore[no-untyped-def]
    """Type `query` into the header box like a person and wait until its results are on screen."""
    page.locator("#ajs-query").click()
    page.keyboard.type(query, delay=15)
    page.wait_for_function(
        "q => document.querySelector('[data-ajs-results]').dataset.query === q", arg=query.strip(), timeout=10_000
    )


def result_ids(page) -> list[str]:  # type: ignore[no-untyped-def]
    hrefs = page.eval_on_selector_all(f"{RESULTS} a", "links => links.map(a => a.getAttribute('href'))")
    return [re.search(r"ametikohad/([^/]+)/", href).group(1) for href in hrefs]  # type: ignore[union-attr]


def wait_for_new_results(page, action) -> None:  # type: ignore[no-untyped-def]
    before = page.eval_on_selector(RESULTS, "el => el.dataset.ready || ''")
    action()
    page.wait_for_function(
        "before => (document.querySelector('[data-ajs-results]').dataset.ready || '') !== before",
        arg=before,
        timeout=10_000,
    )


def test_query_set_is_big_enough() -> None:
    kinds = {q["kind"] for q in QUERIES}
    assert len(QUERIES) >= 200
    assert {"inflected", "no-diacritics", "compound", "competency", "unit", "language", "acronym"} <= kinds
    assert {"gradation", "typo", "multi-word", "negative", "case-sg", "case-pl"} <= kinds
    assert sum(1 for q in QUERIES if q.get("not")) >= 20, "negative queries (precision)"
    for number in ("case-sg", "case-pl"):
        assert sum(1 for q in QUERIES if q["kind"] == number) >= 3 * 14, "14 cases for a title, a unit, a competency"


@pytest.fixture(scope="module")
def query_page(browser, base_url: str) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """One page for the whole query set (each query is typed into an emptied box, as a person does)."""
    context = browser.new_context(locale="et-EE")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(base_url)
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.mark.parametrize("case", QUERIES, ids=[q["query"] for q in QUERIES])
def test_query(query_page, case: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    page = query_page
    page.locator("#ajs-query").fill("")
    type_query(page, case["query"])
    ids = result_ids(page)
    top = ids[:TOP]
    missing = [pid for pid in case["finds"] if pid not in top]
    assert not missing, f"{case['query']!r} ({case['kind']}) did not find {missing} in the top {TOP}: {top}"
    if case.get("first"):
        assert ids[0] == case["first"], f"{case['query']!r}: first result {ids[0]}"
    unwanted = [pid for pid in case.get("not", []) if pid in ids]
    assert not unwanted, f"{case['query']!r} should not find {unwanted}"


def test_result_names_position_and_unit_and_highlights_the_match(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url)
    type_query(page, "asendushoolduses")
    first = page.locator(f"{RESULTS} li").first
    assert first.locator("h1").inner_text() == "Teenuse juht (asendushoolduse arendusteenus)"
    assert first.locator(".ajs-result__unit").inner_text() == (
        "Laste heaolu osakond › Asendushoolduse talitus › Asendushoolduse arendustiim · Ametnik · Kehtiv"
    )
    marks = first.locator("mark").all_inner_texts()
    assert marks and all(m.lower().startswith("asendushoolduse") for m in marks), marks
    assert page.locator("[data-ajs-status]").inner_text() == "1 ametikoht"
    assert "|" not in page.locator(RESULTS).inner_text(), "compound marks never reach the reader"


def test_match_in_a_duty_opens_the_duty(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "ametikohad/teenuste-konsultant/")  # search from a page deeper in the site
    type_query(page, "broneerimissüsteem")
    link = page.locator(f"{RESULTS} li a").first
    assert link.locator(".ajs-result__where").inner_text().strip() == "Ülesanne 3.1:"
    assert link.locator("mark").first.inner_text().lower().startswith("broneerimissüsteem")
    link.click()
    page.wait_for_url(base_url + f"ametikohad/{C}/#ulesanne-3-1")
    assert page.locator("#ulesanne-3-1").count() == 1


def test_keyboard_selects_and_opens_a_result(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url)
    page.locator("body").press("/")  # like Material: "/" jumps to the search box
    assert page.evaluate("document.activeElement.id") == "ajs-query"
    type_query(page, "pingetaluvus")
    box = page.locator("#ajs-query")
    assert len(result_ids(page)) == 5
    for key in ("ArrowDown", "ArrowDown", "ArrowDown", "ArrowUp"):
        box.press(key)
    assert box.get_attribute("aria-activedescendant") == "ajs-result-1"
    assert page.locator(f"{RESULTS} li.ajs-active").count() == 1
    target = result_ids(page)[1]
    box.press("Enter")
    page.wait_for_url(re.compile(re.escape(base_url + f"ametikohad/{target}/")))
    assert page.title().startswith(page.locator("h1").first.inner_text().split(" (")[0])


def test_lemma_not_stem_precision_and_place(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url)
    type_query(page, "lepitus")
    assert result_ids(page) == [C], "no 'kokku lepitud' (E), no 'lepingu' (A, B)"
    page.locator("#ajs-query").fill("")
    type_query(page, "aastavestlusi")
    for link in page.locator(f"{RESULTS} li a").all():
        where = link.locator(".ajs-result__where").inner_text()
        assert where.startswith("Ülesanne 3."), "opens at the duty where the word is"
        assert link.get_attribute("href").split("#")[1].startswith("ulesanne-3-")
        excerpt = link.locator(".ajs-result__excerpt").inner_text()
        assert not excerpt[len(where) :].lstrip().startswith(where.rstrip(":")), "the duty number is not repeated"


def test_an_excerpt_says_where_it_begins(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """A result's excerpt is a quote from a legal text: it does not repeat the duty number when it begins inside
    the section's heading ("Ülesanne 3.4: 3.4. Perelepitajate …"), and one that begins inside the text says so
    with "…" (not "Ülesanne 3.4: koolituste ja …" as if the duty began so)."""
    def excerpt(where: str) -> str:
        link = page.locator(f"{RESULTS} li a", has=page.locator(".ajs-result__where", has_text=where)).first
        return link.locator(".ajs-result__excerpt").inner_text()

    page.goto(base_url)
    type_query(page, "perelepitajate")
    assert excerpt("Ülesanne 3.4").startswith("Ülesanne 3.4: Perelepitajate koolituste ja täiendõppe")
    page.locator("#ajs-query").fill("")
    type_query(page, "koolitusel")
    assert excerpt("Ülesanne 3.4").startswith("Ülesanne 3.4: … koolituste ja täiendõppe")


def test_typo_is_corrected_with_a_link_to_the_word_as_typed(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url)
    type_query(page, "magistrikaad")
    assert result_ids(page) == [E]
    note = page.locator("[data-ajs-note]")
    assert note.inner_text() == "Näitan tulemusi sõnale magistrikraad. Otsi hoopis magistrikaad"
    wait_for_new_results(page, lambda: note.locator("a").click())
    assert result_ids(page) == []
    assert page.locator("[data-ajs-status]").inner_text() == "Ühtegi ametikohta ei leitud"
    assert "tapselt=1" in page.url
    assert note.is_hidden()


def test_short_words_are_not_corrected(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url)
    type_query(page, "tugu")  # 4 letters: no guessing
    assert result_ids(page) == []
    assert page.locator("[data-ajs-note]").is_hidden()


def test_query_and_facets_live_in_the_address(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "?q=pingetaluvusega&tyyp=T%C3%B6%C3%B6taja")
    page.wait_for_function(
        "() => document.querySelector('[data-ajs-results]').dataset.query === 'pingetaluvusega'", timeout=10_000
    )
    assert page.locator("#ajs-query").input_value() == "pingetaluvusega"
    assert result_ids(page) == [B], "the facet from the address applies"
    page.locator("#ajs-query").fill("")
    type_query(page, "lapse")
    assert "q=lapse" in page.url and "tyyp=T%C3%B6%C3%B6taja" in page.url


def test_enter_opens_the_results_page_with_all_results(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url)
    type_query(page, "koolitustel")
    page.locator("#ajs-query").press("Enter")  # no result selected with the arrow keys
    page.wait_for_url(re.compile(re.escape(base_url + "otsing/") + r"\?q=koolitustel$"))
    page.wait_for_function(
        "() => document.querySelector('[data-ajs-page] [data-ajs-results]').dataset.query === 'koolitustel'",
        timeout=10_000,
    )
    assert page.locator("[data-ajs-page] #ajs-page-query").input_value() == "koolitustel"
    links = page.eval_on_selector_all("[data-ajs-page] [data-ajs-results] a", "ls => ls.map(a => a.href)")
    assert len(links) == 5
    page.wait_for_selector("[data-ajs-page] .ajs-facet legend")
    assert page.locator("[data-ajs-page] .ajs-facet legend").all_inner_texts()[0] == "Struktuuriüksus"
    assert page.locator("[data-ajs-page] .ajs-facet__n").first.inner_text().isdigit(), "counts shown"


def test_the_results_page_shows_every_value_of_a_facet(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """A walk-through saw 7 of 14 competencies in a box that scrolled on its own, with no sign of the rest."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url + "otsing/?q=lapse")
    page.wait_for_selector("[data-ajs-page] .ajs-facet legend")
    groups = page.locator("[data-ajs-page] .ajs-facet")
    assert groups.count() >= 3
    for group in groups.all():
        assert group.evaluate("f => f.scrollHeight <= f.clientHeight + 1 && f.scrollWidth <= f.clientWidth + 1")


def test_tabbing_past_the_search_closes_it(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """The header's search opens when the keyboard reaches it; a walk-through found it open (the page dimmed)
    while the focus went on through the menu and the content, and Escape closing it only from its box."""
    page.goto(base_url + "ametikohad/nounik-perelepitus/")
    page.locator("#ajs-query").focus()
    assert page.locator("#__search").is_checked()
    for _ in range(20):  # on past the search box and what the open search holds (its facets)
        page.keyboard.press("Tab")
        if not page.evaluate("!!document.activeElement.closest('.md-search')"):
            break
    assert not page.evaluate("!!document.activeElement.closest('.md-search')")
    assert not page.locator("#__search").is_checked()
    assert page.locator("#ajs-query").get_attribute("aria-expanded") == "false"
    # Escape closes it also when the focus is in it but not in its box (its facets panel)
    type_query(page, "lepitus")
    page.locator("[data-ajs-facets] summary").focus()
    assert page.locator("#__search").is_checked()
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()


def test_escape_closes_the_search(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url)
    type_query(page, "lepitus")
    assert page.locator(".md-search__output").is_visible()
    page.locator("#ajs-query").press("Escape")
    assert not page.locator("#__search").is_checked()
    assert not page.locator(".md-search__output").is_visible()
    # Tab goes on to what is on screen, not into the closed (invisible) results and their facets
    seen = "document.activeElement.checkVisibility({opacityProperty: true, visibilityProperty: true})"
    for _ in range(3):
        page.keyboard.press("Tab")
        assert page.evaluate(seen), page.evaluate("document.activeElement.outerHTML.slice(0, 80)")
        assert not page.evaluate("!!document.activeElement.closest('.md-search__output')")


def test_facets_narrow_results_and_combine(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url)
    type_query(page, "pingetaluvus")
    assert sorted(result_ids(page)) == sorted([A, B, C, D, E])
    wait_for_new_results(page, lambda: page.locator(".ajs-facets summary").click())  # loads the filter data

    def tick(value: str) -> None:
        box = page.locator(".ajs-facet__value", has_text=re.compile(rf"^{re.escape(value)}\s*\d+$")).locator("input")
        wait_for_new_results(page, box.click)

    legends = page.locator(".ajs-facet legend").all_inner_texts()
    assert legends == ["Struktuuriüksus", "Kompetents", "Dokumendi tüüp", "Staatus"]
    tick("Töötaja")
    assert result_ids(page) == [B]
    tick("Töötaja")  # untick
    tick("Eestvedamine")
    assert sorted(result_ids(page)) == sorted([A, B, E])
    tick("Kehtiv")  # competency AND status (every seed is in force; 004's source is only incomplete)
    assert sorted(result_ids(page)) == sorted([A, B, E])
    tick("Töötaja")  # AND type
    assert result_ids(page) == [B]
    assert page.locator(".ajs-facets summary").inner_text().endswith("(3)")
    # Facets alone, without a word: every position that has them.
    wait_for_new_results(page, lambda: page.locator("#ajs-query").fill(""))
    assert result_ids(page) == [B]


def test_units_facet_includes_parent_units(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url)
    type_query(page, "kliendikesksus")
    wait_for_new_results(page, lambda: page.locator(".ajs-facets summary").click())
    box = page.locator(".ajs-facet__value", has_text="Laste heaolu osakond").locator("input")
    wait_for_new_results(page, box.click)
    assert sorted(result_ids(page)) == sorted([A, B, C])


def test_facet_counts_are_those_of_the_results_shown(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """A form of two lemmas is two searches (*kohast*: `kohane` finds 4 seeds, `koht` 4 others
    among them; 5 together): the counts are of the merged results, not of one search or the larger one."""
    page.goto(base_url)
    type_query(page, "kohast")
    wait_for_new_results(page, lambda: page.locator(".ajs-facets summary").click())
    shown = page.locator(f"{RESULTS} .ajs-result__unit").all_inner_texts()
    assert len(shown) == 5
    # "unit › unit · type · status"; a position without a unit has no unit path
    details = [text.split(" · ") for text in shown]
    units = [[unit for part in d[:-2] for unit in part.split(" › ")] for d in details]
    counts = {}
    for label in page.locator(".ajs-facet").all():
        legend = label.locator("legend").inner_text()
        for value in label.locator(".ajs-facet__value").all():
            name = value.locator("span").first.inner_text()
            counts[(legend, name)] = int(value.locator(".ajs-facet__n").inner_text())
    for (legend, value), n in counts.items():
        if legend == "Struktuuriüksus":
            assert n == sum(value in path for path in units), value
        elif legend in ("Dokumendi tüüp", "Staatus"):
            assert n == sum(value in d[-2:] for d in details), value
    assert counts[("Staatus", "Kehtiv")] == 5
    assert sum(n for (legend, _), n in counts.items() if legend == "Dokumendi tüüp") == 5


@pytest.fixture(scope="module")
def sharded_url(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same site with its index rebuilt in postings shards of at most 200 bytes (most words in shards of
    their own, long prefixes cut letter by letter, as the common words of a large site are)."""
    from ametijuhend.project import load_project
    from ametijuhend.search import build_index

    root = tmp_path_factory.mktemp("sharded")
    shutil.copytree(site_dir, root / SUBPATH)
    build_index(load_project(ROOT / "positions"), root / SUBPATH, shard_bytes=200)
    with serve(root) as url:
        yield url


def test_small_shards_are_found_in_the_browser(browser, sharded_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(sharded_url)
    type_query(page, "hooldus")
    assert sorted(result_ids(page)) == sorted([A, D])
    page.locator("#ajs-query").fill("")
    type_query(page, "vene keel B1")
    assert sorted(result_ids(page)) == sorted([B, C, D, E])
    wait_for_new_results(page, lambda: page.locator(".ajs-facets summary").click())
    box = page.locator(".ajs-facet__value", has_text=re.compile(r"^Töötaja\s*\d+$")).locator("input")
    wait_for_new_results(page, box.click)
    assert sorted(result_ids(page)) == sorted([B])
    context.close()
    assert not errors


@pytest.fixture(scope="module")
def larger_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real site built on 25 synthetic positions: more results than one page of the search box."""
    from ametijuhend.synthetic import generate

    work = tmp_path_factory.mktemp("larger")
    generate(work / "data", 25, 0)
    build_site(work / "www" / SUBPATH, work / "data")
    with serve(work / "www") as url:
        yield url


def test_more_results_come_a_page_at_a_time(browser, larger_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(larger_url)
    type_query(page, "sünteetiline")  # every synthetic position's specialisation says so
    more = page.get_by_role("button", name="Näita rohkem")
    assert page.locator("[data-ajs-status]").inner_text() == "25 ametikohta"
    assert len(result_ids(page)) == TOP and more.is_visible()
    for expected in (20, 25):
        more.click()
        page.wait_for_function("n => document.querySelectorAll('[data-ajs-results] > li').length === n",
                               arg=expected, timeout=10_000)
    ids = result_ids(page)
    assert len(set(ids)) == 25 and all(i.startswith("sunt-") for i in ids)
    assert more.is_hidden()
    context.close()
    assert not errors


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seeds and tests/hostile/html-tekstis.yaml (HTML, scripts and entities in its texts)."""
    work = tmp_path_factory.mktemp("hostile-search")
    shutil.copytree(ROOT / "positions", work / "data")
    shutil.copy(ROOT / "tests" / "hostile" / "html-tekstis.yaml", work / "data" / "html-tekstis.yaml")
    build_site(work / "www" / SUBPATH, work / "data")
    with serve(work / "www") as url:
        yield url


def test_markup_in_the_data_is_shown_as_text_in_results(browser, hostile_url: str) -> None:  # type: ignore[no-untyped-def]
    """Titles and excerpts come from the index's fragments: HTML there stays text, no script runs, no element
    of the data reaches the page (the engine escapes the excerpt, the box inserts it as text nodes)."""
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(hostile_url)
    type_query(page, "onerror")
    first = page.locator(f"{RESULTS} li").first
    assert '<script>alert("pealkiri")</script>' in first.locator("h1").inner_text()
    excerpt = first.locator(".ajs-result__excerpt").inner_text()
    assert 'onerror=alert(1)> ja <a href="javascript:alert(2)">link</a>; olem &amp; ja &lt;b&gt;' in excerpt
    assert first.locator("mark").count() >= 1, "the hit is still highlighted"
    results = page.locator(RESULTS)
    assert results.locator("img, script, iframe, style, b, i, a[href^='javascript']").count() == 0
    assert dialogs == []
    context.close()


def test_facets_that_fail_to_load_are_tried_again(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """The facet data fails once (a server hiccup): the panel says so, the search goes on working without
    facets, and opening the panel again loads them."""
    context = browser.new_context()
    page = context.new_page()
    failures = []

    def fail_once(route) -> None:  # type: ignore[no-untyped-def]
        if not failures:
            failures.append(route.request.url)
            route.fulfill(status=503, body="")
        else:
            route.continue_()

    page.route("**/indeks/filters.ajs?v=*", fail_once)
    page.goto(base_url)
    type_query(page, "pingetaluvus")
    summary = page.locator(".ajs-facets summary")
    summary.click()
    page.wait_for_function("() => document.querySelector('[data-ajs-facet-groups]').innerText.includes('ei ole')")
    assert failures
    page.locator("#ajs-query").fill("")
    type_query(page, "lepitus")
    assert result_ids(page) == [C], "a search without facets still works"
    summary.click()  # closed
    wait_for_new_results(page, summary.click)  # opened again: loaded now
    assert page.locator(".ajs-facet legend").all_inner_texts()[0] == "Struktuuriüksus"
    context.close()


def test_index_files_are_asked_for_with_the_build_version(page, base_url: str, site_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """File names stay from build to build; the version in every address keeps a cache from mixing builds."""
    import json

    version = json.loads((site_dir / "indeks" / "manifest.json").read_text(encoding="utf-8"))["version"]
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(base_url)
    type_query(page, "perelepitus")
    wait_for_new_results(page, lambda: page.locator(".ajs-facets summary").click())
    files = [url for url in asked if re.search(r"/indeks/(t|f)/|/indeks/filters\.ajs", url)]
    assert any("/indeks/t/" in url for url in files) and any("/indeks/f/" in url for url in files)
    assert any("filters.ajs" in url for url in files)
    assert all(url.endswith(f"?v={version}") for url in files), files


def test_one_letter_asks_for_a_second(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """One letter does not search (it would match nearly everything): the box says what is missing, not to enter
    a word the person has begun to enter."""
    from playwright.sync_api import expect

    page.goto(base_url)
    page.locator("#ajs-query").click()
    expect(page.locator("[data-ajs-status]")).to_have_text("Sisesta otsingusõna")
    page.keyboard.type("k", delay=15)
    expect(page.locator("[data-ajs-status]")).to_have_text("Sisesta vähemalt kaks tähte")
