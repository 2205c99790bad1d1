"""Everyday use (issue 17): honest pages, no internals on staff pages, redirects that keep anchors.

Browser checks of the same points are in tests/browser/test_everyday.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ametijuhend.errors import Severity
from ametijuhend.project import load_project
from ametijuhend.render import RenderedSite, RenderOptions, render_site, urls
from ametijuhend.render.site import render_fragment
from ametijuhend.render.views import position_view

DATA = Path(__file__).parent / "data"
SEED_DATA = DATA / "seeds"
SMALL = DATA / "site-small"
P004 = "nimetu-ametikoht-kvaliteet-ja-jarelevalve"

NOUNIK = "nounik-perelepitus.yaml"
LOST_FIRST_PAGE = [("title: Nõunik\n", "incomplete_source: esimene lehekülg (1. Üldosa)\n"),
                   ("status: kehtiv\n", "status: kehtiv\nmissing: [title]\n")]


# --- an incomplete source is not a draft ------------------------------------------------------------


def test_a_position_in_force_may_lack_what_its_incomplete_source_lost(make_data: Callable[..., Path]) -> None:
    project = load_project(make_data(edits={NOUNIK: LOST_FIRST_PAGE}))
    assert project.problems == []


def test_without_the_incomplete_source_mark_the_gap_stays_an_error(make_data: Callable[..., Path]) -> None:
    undeclared = load_project(make_data(edits={NOUNIK: LOST_FIRST_PAGE[:1]}))
    assert [(p.key, p.severity) for p in undeclared.problems] == [("title", Severity.ERROR)]
    unmarked = load_project(make_data(edits={NOUNIK: [("title: Nõunik\n", ""), LOST_FIRST_PAGE[1]]}))
    assert [(p.key, p.severity) for p in unmarked.problems] == [("title", Severity.ERROR)]


def _render(root: Path, **options: object) -> RenderedSite:
    project = load_project(root)
    assert not project.errors, [p.format() for p in project.errors]
    return render_site(project, RenderOptions(**options))  # type: ignore[arg-type]


def _page(site: RenderedSite, url: str) -> str:
    return next(p.html() for p in site.pages if p.url == url)


@pytest.fixture(scope="module")
def seeds() -> RenderedSite:
    return _render(SEED_DATA)


def test_an_incomplete_source_says_what_is_lost_and_is_no_draft(seeds: RenderedSite) -> None:
    html = _page(seeds, urls.position(P004))
    assert "aj-banner--draft" not in html and "Mustand" not in html
    banner = re.search(r'<p class="aj-banner aj-banner--incomplete" role="note">(.*?)</p>', html, flags=re.S)
    assert banner, "the page does not say that its source is incomplete"
    assert "Ametijuhendi koopiast puudub esimene lehekülg (kinnitusmärge ja 1. Üldosa" in banner.group(1)
    assert "ülejäänud tekst on nagu lähtedokumendis" in banner.group(1)
    assert "<h1>Ametinimetus puudub</h1>" in html


def test_the_data_quality_page_names_the_lost_part_of_an_incomplete_source(seeds: RenderedSite) -> None:
    html = _page(seeds, urls.QUALITY)
    assert "Koopiast puudub esimene lehekülg (kinnitusmärge ja 1. Üldosa" in html


def test_a_real_draft_keeps_its_banner() -> None:
    html = _page(_render(SMALL), urls.position("nimetu-kvaliteet"))
    assert '<p class="aj-banner aj-banner--draft" role="note"><strong>Mustand.</strong>' in html
    assert "aj-banner--incomplete" not in html


def test_the_untitled_name_has_no_internal_id(seeds: RenderedSite) -> None:
    assert next(p.title for p in seeds.pages if p.url == urls.position(P004)) == "Ametinimetus puudub"
    listing = _page(seeds, urls.POSITIONS)
    assert ">Ametinimetus puudub</a>" in listing and f">{P004}<" not in listing


# --- staff see no internals -------------------------------------------------------------------------


class _Text(HTMLParser):
    """The text a reader sees (no tags, attributes, scripts or styles)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def test_staff_pages_show_no_ids_paths_or_code(seeds: RenderedSite) -> None:
    links = seeds.model.links  # type: ignore[union-attr]
    internal = {i for i in [*links.positions, *links.units, *links.competencies, *links.referenced] if "-" in i}
    staff_pages = [p for p in seeds.pages if p.url != urls.QUALITY]  # the data-quality page is the maintainers'
    assert len(staff_pages) > 20
    for page in staff_pages:
        html = page.html()
        text = visible_text(html)
        shown = sorted(i for i in internal if re.search(rf"(?<![\w/-]){re.escape(i)}(?![\w-])", text))
        assert not shown, f"{page.url} shows internal ids {shown}"
        assert "<code>" not in html and ".yaml" not in text and "seeds/" not in text, page.url


def test_catalogue_wording_source_is_a_link_to_that_position(seeds: RenderedSite) -> None:
    html = _page(seeds, urls.competency("kliendikesksus"))
    assert ('<p class="aj-source">Kataloogi sõnastuse allikas: <a href="../../ametikohad/'
            'teenuse-juht-asendushoolduse-arendusteenus/">Teenuse juht (asendushoolduse arendusteenus)</a></p>') in html


def test_competency_chips_name_each_competency_once(seeds: RenderedSite) -> None:
    site = seeds.model
    assert site is not None
    position = site.links.positions["nounik-perelepitus"]
    core = position.competencies.core
    twice = position.model_copy(update={"competencies": position.competencies.model_copy(
        update={"additional": [*position.competencies.additional, core[0], core[0]]})})
    refs = position_view(site, twice).competency_refs
    labels = [r.label for r in refs]
    assert len(labels) == len(set(labels)) == len({u.competency for u in [*core, *twice.competencies.additional]})
    html = render_fragment(site, "position.html.j2", urls.position(twice.id), toc=[], view=position_view(site, twice))
    chips = re.search(r'<dd class="aj-chips aj-noprint">(.*?)</dd>', html, flags=re.S)
    assert chips and visible_text(chips.group(1)).count(site.competency_ref(core[0].competency).label) == 1


# --- mkdocs serve: the error banner (the real server: tests/browser/test_everyday.py) ------------------


def test_error_banner_opens_the_content_and_escapes_the_report() -> None:
    from ametijuhend.hook import banner_html, with_banner

    def error_banner(page_html: str, report: str) -> str:
        return with_banner(page_html, banner_html(report))

    page = '<body class="x"><header>h</header><article class="md-content__inner">text</article></body>'
    html = error_banner(page, "a.yaml:1:1: error: found `<script>x</script>`")
    assert html.index('role="alert"') > html.index("<article") and html.index('role="alert"') < html.index("text")
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>" not in html
    assert error_banner("<body>b</body>", "r").startswith('<body><div class="aj-banner')


# --- the operators' section documents every setting ----------------------------------------------------


def test_readme_documents_every_setting() -> None:
    from ametijuhend import settings

    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    operators = readme[readme.index("## For operators"):readme.index("## Search")]
    names = {value for name, value in vars(settings).items() if name.endswith("_ENV")}
    names |= set(re.findall(r"!ENV \[(\w+)", (root / "mkdocs.yml").read_text(encoding="utf-8")))
    assert {"AMETIJUHENDID_DATA", "AMETIJUHENDID_EDIT_URI", "AMETIJUHENDID_SITE_URL"} <= names
    for name in names:
        assert f"| `{name}` |" in operators, f"README's operators section does not document {name}"
    for value in ("1", "true", "jah", "sees", "0", "false", "ei", "väljas"):
        assert f"`{value}`" in operators
    assert "git.example.invalid" in operators and ".site.building-" in operators and "mv -T" in operators
