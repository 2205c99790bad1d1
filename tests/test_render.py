"""The page renderer (ametijuhend.render): golden HTML, view models, safety of data text.

Golden files: tests/golden/pages/; rewrite them with `pytest --update-golden`
(or UPDATE_GOLDEN=1) and review the diff.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import get_args

import jinja2
import pytest
from markupsafe import Markup, escape

from ametijuhend.document.html import _escape_replacing, escape_text
from ametijuhend.models import MissingField, Status
from ametijuhend.project import Project, load_project
from ametijuhend.render import RenderedSite, RenderOptions, labels, render_site, urls
from ametijuhend.render.environment import _BLANK_LINES, environment, output
from ametijuhend.render.links import PageLinks
from ametijuhend.render.site import front_matter

ROOT = Path(__file__).resolve().parents[1]
SMALL = Path(__file__).parent / "data" / "site-small"
SEED_DATA = Path(__file__).parent / "data" / "seeds"
"""A copy of the seed data: an HR edit of positions/ does not change what these tests expect."""
TODAY = dt.date(2025, 6, 1)
SEEDS = (
    "teenuse-juht-asendushoolduse-arendusteenus",
    "peaspetsialist-ennetusteenus",
    "nounik-perelepitus",
    "teenuste-konsultant",
    "nimetu-ametikoht-kvaliteet-ja-jarelevalve",
)


def render(root: Path, **options: object) -> tuple[Project, RenderedSite]:
    project = load_project(root)
    assert not project.errors, [p.format() for p in project.errors]
    return project, render_site(project, RenderOptions(today=TODAY, **options))  # type: ignore[arg-type]


def page(site: RenderedSite, url: str) -> str:
    matches = [p.html() for p in site.pages if p.url == url]
    assert matches, f"no page {url}"
    return matches[0]


@pytest.fixture(scope="module")
def small() -> RenderedSite:
    return render(SMALL)[1]


# --- golden HTML ---------------------------------------------------------------------------------

SMALL_PAGES = [p.url for p in render_site(load_project(SMALL), RenderOptions(today=TODAY)).pages]


@pytest.mark.parametrize("url", SMALL_PAGES)
def test_small_site_pages_match_golden(small: RenderedSite, url: str, golden: Callable[[str, str], None]) -> None:
    rendered = next(p for p in small.pages if p.url == url)
    golden(f"pages/site-small/{rendered.src_uri.removesuffix('.md').replace('/', '__')}.html",
           rendered.head + rendered.html())


@pytest.mark.parametrize("position_id", SEEDS)
def test_seed_position_pages_match_golden(position_id: str, golden: Callable[[str, str], None]) -> None:
    _, site = render(SEED_DATA)
    golden(f"pages/seeds/{position_id}.html", page(site, urls.position(position_id)))


@pytest.mark.parametrize("url", SMALL_PAGES)
def test_table_of_contents_and_anchors_come_from_the_model(small: RenderedSite, url: str) -> None:
    """Every heading the model lists is on the page, in order, and no other; every anchor exists."""
    rendered = next(p for p in small.pages if p.url == url)
    html = rendered.html()
    written = re.findall(r'<h([23]) id="([^"]+)">', html)
    assert written == [(str(h.level), h.anchor) for h in rendered.toc]
    ids = set(re.findall(r' id="([^"]+)"', html))
    assert rendered.anchors <= ids


def test_seed_pages_carry_every_sentence_of_their_data() -> None:
    """Every text value of every seed file shows on its page (HTML-escaped), and no signer name does."""
    project, site = render(SEED_DATA)
    for position_id in SEEDS:
        markdown = page(site, urls.position(position_id))
        position = project.links.positions[position_id]
        for text in _texts(position.model_dump(mode="json", exclude={"id", "aliases", "source", "missing"})):
            assert _escape(text) in markdown, f"{position_id}: {text!r} is not on the page"
    assert "Maret Maripuu" not in "".join(p.html() for p in site.pages)


def _texts(value: object) -> list[str]:
    """Text values worth finding on a page (ids, enums and dates are shown by their labels)."""
    if isinstance(value, dict):
        skip = {"competency", "language", "level", "advantage", "digital", "document_type", "status",
                "last_review", "date", "manager", "unit", "substituted_by", "substitutes_for", "number"}
        return [t for k, v in value.items() if k not in skip for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return [value] if isinstance(value, str) else []


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;").replace(
        "'", "&#39;")


# --- structure of a position page ----------------------------------------------------------------


def test_position_page_has_stable_anchors_in_official_order(small: RenderedSite) -> None:
    markdown = page(small, urls.position("teenuse-juht-arendus"))
    headings = re.findall(r'<h2 id="([a-z-]+)">(\d+)\. ([^<]+)<', markdown)
    headings = [(number, title, anchor) for anchor, number, title in headings]
    assert headings == [
        ("1", "Üldosa", "uldosa"), ("2", "Ametikoha eesmärk", "eesmark"), ("3", "Teenistusülesanded", "ulesanded"),
        ("4", "Õigused", "oigused"), ("5", "Vastutus", "vastutus"), ("6", "Töövahendid", "toovahendid"),
        ("7", "Ametikohale esitatavad nõuded", "nouded"), ("8", "Ametijuhendi muutmine", "muutmine"),
    ]
    assert '<tr id="ulesanne-3-1">' in markdown and '<tr id="ulesanne-3-2">' in markdown
    assert '<h3 id="kompetentsid">' in markdown


def test_employee_headings_and_numbering_without_tools(small: RenderedSite) -> None:
    """A töötaja description has tööülesanded / töökoht; without Töövahendid the later sections move up."""
    markdown = page(small, urls.position("spetsialist-ennetus"))
    assert '<h2 id="eesmark">2. Töökoha eesmärk<' in markdown
    assert '<h2 id="ulesanded">3. Tööülesanded<' in markdown
    assert '<h2 id="nouded">6. Töökohale esitatavad nõuded<' in markdown
    assert '<h2 id="muutmine">7. Ametijuhendi muutmine<' in markdown
    assert "#toovahendid" not in markdown
    assert ">Ülesanne</th>" in markdown and ">Tulemus</th>" in markdown
    assert "Töölepingu juurde kuuluv lisa" in markdown


def test_links_back_links_and_text_for_positions_without_page(small: RenderedSite) -> None:
    manager = page(small, urls.position("teenuse-juht-arendus"))
    # derived: spetsialist-ennetus reports to this position
    assert re.search(r"Alluvad ametikohad</dt><dd><a href=\"../spetsialist-ennetus/\">Peaspetsialist", manager)
    # a referenced position without a file is text, not a link
    assert '<span class="aj-nopage" title="Sellel ametikohal pole saidil lehte">Talitusejuhataja</span>' in manager
    employee = page(small, urls.position("spetsialist-ennetus"))
    # "Keda asendab" known only from the other description: shown, and marked as derived
    row = re.search(r"1\.5 Keda asendab</th><td>(.*?)</td>", employee)
    assert row and 'href="../teenuse-juht-arendus/"' in row.group(1) and "teise ametijuhendi järgi" in row.group(1)
    assert 'href="../../yksused/ennetustalitus/"' in employee
    assert 'href="../../kompetentsid/koostoovoime/"' in employee


def test_missing_fields_are_marked_never_invented(small: RenderedSite) -> None:
    draft = page(small, urls.position("nimetu-kvaliteet"))
    assert "aj-banner--draft" in draft
    general = re.search(r"<table class=\"aj-general\">(.*?)</table>", draft, flags=re.S)
    assert general and general.group(1).count("puudub lähtedokumendis") == 5
    assert "Kinnitamise andmed: <span class=\"aj-missing\">puudub lähtedokumendis</span>" in draft
    assert "<h1>Ametinimetus puudub</h1>" in draft and "(nimetu-kvaliteet)" not in draft  # the id is internal


def test_competency_page_groups_by_unit_and_shows_own_wording(small: RenderedSite) -> None:
    markdown = page(small, urls.competency("pingetaluvus"))
    assert markdown.index("Asendushoolduse arendustiim") < markdown.index("Ennetustalitus")
    assert ('<p class="aj-wording__title">Sõnastus 1 (1 ametijuhend): <strong>Pingetaluvus (tasakaalukus)</strong>'
            in markdown)
    # spetsialist-ennetus refers to its wording; teenuse-juht-arendus words it as the catalogue does
    assert markdown.count('href="#sonastus-1"') == 1
    row = re.search(r'<li><a href="../../ametikohad/spetsialist-ennetus/">.*</li>', markdown)
    assert row and 'href="#sonastus-1">oma sõnastus 1</a>' in row.group(0)
    assert markdown.index('<h2 id="ametikohad">') < markdown.index('<h2 id="sonastused">')


def test_competency_page_lists_a_shared_wording_once() -> None:
    from ametijuhend.models import CompetencyUse

    project = load_project(SMALL)
    shared = CompetencyUse(competency="pingetaluvus", name="Pingetaluvus (tasakaalukus)",
                           definition="Säilitab tasakaalu ka keerulistes olukordades.")
    for position in project.links.positions.values():  # every position now words it the same way
        position.competencies.additional = [shared]
    markdown = page(render_site(project, RenderOptions()), urls.competency("pingetaluvus"))
    assert markdown.count("<strong>Pingetaluvus (tasakaalukus)</strong>") == 1
    assert f"Sõnastus 1 ({len(project.links.positions)} ametijuhendit)" in markdown
    assert 'id="sonastus-2"' not in markdown


def test_index_rows_carry_filter_tokens(small: RenderedSite) -> None:
    markdown = page(small, urls.POSITIONS)
    row = re.search(r'<tr data-yksus="([^"]*)" data-kompetents="([^"]*)" data-staatus="kehtiv" '
                    r'data-keeled="([^"]*)"[^>]*>\n<td><a href="teenuse-juht-arendus/"', markdown)
    assert row, markdown
    assert row.groups() == (
        "laste-heaolu-osakond asendushoolduse-talitus asendushoolduse-arendustiim",
        "kliendikesksus eestvedamine pingetaluvus loovus",
        "eesti:C1:n inglise:B2:n vene:B2:n",
    )


def test_quality_page_lists_gaps(small: RenderedSite) -> None:
    markdown = page(small, urls.QUALITY)
    assert "Seisuga 01.06.2025" in markdown
    for expected in ("Koolitusspetsialist <code>koolitusspetsialist</code>",  # referenced, no page
                     "kinnitamise andmed, ametinimetus, struktuuriüksus",      # missing fields of the draft
                     "Ühepoolsed asendused"):
        assert expected in markdown
    one_sided = re.search(r"uhepoolsed-asendused.*?<tbody>(.*?)</tbody>", markdown, flags=re.S)
    assert one_sided and one_sided.group(1).count("<tr>") == 1
    overdue = re.search(r"#ulevaatamata.*?<tbody>(.*?)</tbody>", markdown, flags=re.S)
    assert overdue and overdue.group(1).count("<tr>") == 3  # reviewed 2024-01-04 (> 12 months) or never


def test_unpublished_drafts_become_text(tmp_path: Path) -> None:
    _, site = render(SMALL, publish_drafts=False)
    assert urls.position("nimetu-kvaliteet") not in [p.url for p in site.pages]
    assert "nimetu-kvaliteet/" not in page(site, urls.POSITIONS)
    quality = page(site, urls.QUALITY)
    for trace in ("nimetu-kvaliteet", "Ametinimetus puudub", "(ei avaldata)"):
        assert trace not in quality


def test_in_force_date_of_a_source_without_approval_says_the_source_lacks_it() -> None:
    """'Kehtib alates' comes from the approval: where the source lacks it (004's lost first page, 001), the page
    says so as its 'Kinnitatud' row does, not "märkimata" (not filled in)."""
    _, site = render(SEED_DATA)
    for pid in ("nimetu-ametikoht-kvaliteet-ja-jarelevalve", "peaspetsialist-ennetusteenus"):
        html = page(site, urls.position(pid))
        assert '<dt>Kehtib alates</dt><dd><span class="aj-missing">puudub lähtedokumendis</span></dd>' in html
    html = page(site, urls.position("nounik-perelepitus"))
    assert "<dt>Kehtib alates</dt><dd>19.01.2024</dd>" in html


def test_screen_prints_duty_numbers_and_signatures_as_the_document_does() -> None:
    """The screen part says what the signed document says: 002 numbers its duties `3.1.`, and 001's signature
    block reads `Poolte allkirjad:`, then each party with its colon before the note (a walk-through found the
    note first, no colons and no heading)."""
    _, site = render(SEED_DATA)
    screen = page(site, urls.position("nounik-perelepitus")).split('<div class="aj-print"')[0]
    assert 'title="Püsiviide sellele ülesandele">3.1.</a>' in screen and 'href="#ulesanne-3-1"' in screen
    screen = page(site, urls.position("peaspetsialist-ennetusteenus")).split('<div class="aj-print"')[0]
    assert ('<p>Poolte allkirjad:</p>\n<p class="aj-signature">Tööandja:<br>(allkirjastatud digitaalselt)</p>\n'
            '<p class="aj-signature">Töötaja:<br>(allkirjastatud digitaalselt)</p>') in screen


def test_a_drafts_banner_promises_marks_only_where_its_document_prints_them(tmp_path: Path) -> None:
    """A draft without missing data says it is a draft, not that missing data are marked (its print has no such
    mark); 004 as a draft says both, as its print does. A signature that is not digital and names no party or title
    leaves no empty paragraph on the screen."""
    shutil.copytree(SEED_DATA, tmp_path / "data")
    for name in ("nounik-perelepitus.yaml", "nimetu-ametikoht-kvaliteet-ja-jarelevalve.yaml"):
        path = tmp_path / "data" / name
        path.write_text(path.read_text(encoding="utf-8").replace("status: kehtiv", "status: mustand"), encoding="utf-8")
    path = tmp_path / "data" / "nounik-perelepitus.yaml"
    text = path.read_text(encoding="utf-8")
    assert "signatures:\n" in text
    path.write_text(text.replace("signatures:\n", "signatures:\n  - digital: false\n", 1), encoding="utf-8")
    _, site = render(tmp_path / "data")
    plain = page(site, urls.position("nounik-perelepitus"))
    assert "ega kehti.</p>" in plain and "puuduvad andmed on märgitud" not in plain
    assert '<p class="aj-signature"></p>' not in plain
    incomplete = page(site, urls.position("nimetu-ametikoht-kvaliteet-ja-jarelevalve"))
    assert "ega kehti. Lähtedokumendis puuduvad andmed on märgitud.</p>" in incomplete


def test_lists_say_a_lost_approval_is_missing_in_the_source() -> None:
    """The positions list's "Kinnitatud" column says "puudub lähtedokumendis" where the source lacks the approval
    (004, 001), as the page's "Kinnitatud" row does, instead of a bare dash (a review found two marks for one
    thing in one table)."""
    _, site = render(SEED_DATA)
    rows = page(site, urls.POSITIONS).split("<tbody>", 1)[1]
    cells = re.findall(r'<td data-label="Kinnitatud">(.*?)</td>', rows)
    assert cells.count('<span class="aj-missing">puudub lähtedokumendis</span>') == 2 and len(cells) == 5


def test_print_marks_every_page_of_a_text_not_in_force(small: RenderedSite, tmp_path: Path) -> None:
    """A printed repealed description says so on every page (the screen's banner is not printed), as a draft's
    does; one in force has no mark."""
    in_force = page(small, urls.position("spetsialist-ennetus"))
    assert "ei kehti" not in in_force.split("<style>@media print")[1]
    # a draft that lacks data in its source carries both marks, worded as in its DOCX and PDF
    assert '@top-center { content: "MUSTAND — ei kehti · Lähtedokumendis puuduvad andmed on märgitud";' in page(
        small, urls.position("nimetu-kvaliteet"))
    shutil.copytree(SMALL, tmp_path / "data")
    path = tmp_path / "data" / "spetsialist-ennetus.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: kehtiv", "status: kehtetu"), encoding="utf-8")
    _, site = render(tmp_path / "data")
    repealed = page(site, urls.position("spetsialist-ennetus"))
    assert "<strong>Kehtetu.</strong>" in repealed
    assert '@top-center { content: "KEHTETU — ei kehti · Lähtedokumendis puuduvad andmed on märgitud"' in repealed


# --- other files ---------------------------------------------------------------------------------


def test_alias_redirect_page(small: RenderedSite) -> None:
    html = small.content("ametikohad/teenuse-juht-vana/index.html").decode()
    assert '<meta http-equiv="refresh" content="0; url=../teenuse-juht-arendus/">' in html
    assert '<link rel="canonical" href="../teenuse-juht-arendus/">' in html
    assert "ametikohad/teenuse-juht-vana/ajalugu/index.html" not in small.files  # no history: no history page


def test_export_and_schemas(small: RenderedSite) -> None:
    export = json.loads(small.content(urls.EXPORT))
    assert [p["id"] for p in export["positions"]] == ["nimetu-kvaliteet", "spetsialist-ennetus", "teenuse-juht-arendus"]
    assert {u["id"] for u in export["units"]} >= {"laste-heaolu-osakond", "ennetustalitus"}
    schema = json.loads(small.content("andmed/schema/position.schema.json"))
    assert schema["title"] == "Position"


def test_reserved_ids_stop_the_build(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "catalogues").mkdir(parents=True)
    for path in SMALL.rglob("*.yaml"):
        target = data / path.relative_to(SMALL)
        target.write_text(path.read_text(encoding="utf-8").replace("id: loovus", "id: maatriks")
                          .replace("competency: loovus", "competency: maatriks"), encoding="utf-8")
    project = load_project(data)
    assert not project.errors
    site = render_site(project)
    assert site.pages == []
    assert str(site.problems[0].message) == "kompetentsi id `maatriks` on reserveeritud saidi lehele"


# --- safety --------------------------------------------------------------------------------------

HOSTILE = ["{{ 7*7 }} {% raw %}x{% endraw %}", "<script>alert(1)</script>", "# x", "| a | b |",
           "[x](javascript:alert(1))", "\n\n</div>\n\n# pealkiri\n\n<div>"]


def test_hostile_text_stays_text(small: RenderedSite) -> None:
    project = load_project(SMALL)
    position = project.links.positions["teenuse-juht-arendus"]
    hostile = position.model_copy(update={
        "title": HOSTILE[1],
        "purpose": "\n".join(HOSTILE),
        "duties": [position.duties[0].model_copy(update={"task": HOSTILE[0], "results": HOSTILE})],
    })
    project.links.positions["teenuse-juht-arendus"] = hostile
    site = render_site(project, RenderOptions(today=TODAY))
    markdown = page(site, urls.position("teenuse-juht-arendus"))
    assert "<script>" not in markdown and "&lt;script&gt;alert(1)&lt;/script&gt;" in markdown
    assert "{{ 7*7 }} {% raw %}x{% endraw %}" in markdown
    assert 'href="javascript' not in markdown
    assert "<h1>pealkiri" not in markdown.lower() and "\n# pealkiri" in markdown  # stays text, not a heading
    # Markdown never sees the body; the only Markdown is the front matter. The theme prints the title
    # unescaped: the front matter carries it escaped, as one JSON string.
    rendered = next(p for p in site.pages if p.url == urls.position("teenuse-juht-arendus"))
    title = "&lt;script&gt;alert(1)&lt;/script&gt; (asendushoolduse arendusteenus)"
    assert rendered.head == front_matter(title=title)


def test_output_escapes_as_jinja_would() -> None:
    """`{{ … }}` compiles to `output` alone (`environment._CodeGenerator`): the same HTML as jinja2's
    `escape(finalize(…))`, data text escaped, template output (`Markup`) kept."""
    for value in [*HOSTILE, "a & b 'c' \"d\" <e>", "", "ümbrus\u00a0", "\U0001f600 <", 7, 1.5, None,
                  dt.date(2025, 1, 2), Markup("<b>x</b>"), labels.Status.KEHTIV]:
        expected = str(escape(_BLANK_LINES.sub("\n", value) if type(value) is str else value))
        assert output(value) == expected, value
        if type(value) is str:
            assert escape_text(value) == _escape_replacing(value) == str(escape(value))
    source, values = "{{ a }}{{ b }}{{ a ~ b }}{{ c }}{{ '<x>' }}", {"a": "<i>", "b": Markup("<b>"), "c": 3}
    expected = jinja2.Environment(autoescape=True).from_string(source).render(values)
    assert environment().from_string(source).render(values) == expected == "&lt;i&gt;<b>&lt;i&gt;<b>3&lt;x&gt;"


def test_template_calls_as_jinja_has_them() -> None:
    """`_Context.call` calls plain functions at once; a `pass_context` function still gets the context."""
    @jinja2.pass_context
    def name(context: jinja2.runtime.Context, suffix: str) -> str:
        return context["who"] + suffix

    def stop() -> None:
        raise StopIteration

    source = "{{ name('!') }} {% for i in [1, 2] %}{{ add(i, k=i) }}{{ name(i | string) }} {% endfor %}{{ o.m(2) }}"
    values = {"name": name, "add": lambda i, k: i + k, "who": "x", "o": jinja2.utils.Namespace(m=abs)}
    assert environment().from_string(source).render(values) == "x! 2x1 4x2 2"
    assert environment().from_string("{{ f() is undefined }}").render(f=stop) == "True"
    macros = ("{% macro box(x) %}[{{ x }}{{ caller() }}]{% endmacro %}"
              "{% macro two(a, b=2) %}{{ a }}{{ b }}{% endmacro %}{% call box(1) %}<c>{% endcall %}"
              "{% for i in [1] %}{{ two(i) }}{{ two(b=i, a='<') }}{% endfor %}")
    assert environment().from_string(macros).render() == jinja2.Environment(autoescape=True).from_string(
        macros).render() == "[1<c>]12&lt;1"


def test_a_build_compiles_an_edited_template_again(small: RenderedSite) -> None:
    """Templates are checked for edits once per build (`mkdocs serve`), not on every page."""
    env = environment()
    kept, edited = env.get_template("unit.html.j2"), env.get_template("units.html.j2")
    edited._uptodate = lambda: False  # as when its file has changed since it was compiled
    render(SMALL)
    assert env.get_template("unit.html.j2") is kept
    assert env.get_template("units.html.j2") is not edited


def test_compiled_templates_are_kept_in_the_cache_folder(tmp_path: Path) -> None:
    """A build keeps the compiled templates in the cache folder (`AMETIJUHENDID_CACHE`), the next one renders
    the same pages from them; a folder removed meanwhile is no error."""
    script = ("import datetime as dt, hashlib, sys; from ametijuhend.project import load_project; "
              "from ametijuhend.render import RenderOptions, render_site; "
              f"site = render_site(load_project({str(SMALL)!r}), RenderOptions(today=dt.date(2025, 6, 1))); "
              "print(hashlib.sha1(''.join(p.html() for p in site.pages).encode()).hexdigest())")
    cache = tmp_path / "cache"

    def build(folder: str) -> str:
        env = {**os.environ, "AMETIJUHENDID_CACHE": folder, "PYTHONPATH": str(ROOT / "src")}
        return subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True,
                              text=True).stdout

    uncached = build("off")
    assert build(str(cache)) == uncached
    compiled = {p.name: p.stat().st_mtime_ns for p in cache.glob("templates-*/*.cache")}
    assert len(compiled) > 10  # the templates of the pages and fragments the site has
    assert build(str(cache)) == uncached  # from the cache: not compiled (written) again
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("templates-*/*.cache")} == compiled
    shutil.rmtree(cache)
    cache.write_text("not a folder")
    assert build(str(cache)) == uncached


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [v for k, v in attrs if k == "id" and v]


def test_duty_anchors_are_unique(small: RenderedSite) -> None:
    parser = _Ids()
    parser.feed(page(small, urls.position("teenuse-juht-arendus")))
    assert len(parser.ids) == len(set(parser.ids))


def test_relative_urls() -> None:
    assert urls.relative("ametikohad/x/", "kompetentsid/y/") == "../../kompetentsid/y/"
    assert urls.relative("ametikohad/", "ametikohad/x/") == "x/"
    assert urls.relative("", "ametikohad/") == "ametikohad/"
    assert urls.relative("ametikohad/x/", "ametikohad/x/#ulesanne-3-4") == "#ulesanne-3-4"
    assert urls.relative("kompetentsid/maatriks/", "andmed/ametikohad.json") == "../../andmed/ametikohad.json"
    assert urls.duty_anchor("3.10") == "ulesanne-3-10"
    assert urls.src_uri("ametikohad/") == "ametikohad/index.md"
    assert urls.src_uri("ametikohad/x/") == "ametikohad/x.md"
    pages = ["", "ametikohad/", "ametikohad/x/", "ametikohad/x/ajalugu/abc/", "kompetentsid/maatriks/", "yksused/2/"]
    targets = [*pages, "#a", "ametikohad/x/#a", "ametikohad/y/", "andmed/ametikohad.json", "kompetentsid/", "yksused"]
    for page_url in pages:
        for target in targets:
            assert PageLinks(page_url).href(target) == urls.relative(page_url, target), (page_url, target)


def test_labels_cover_every_status_and_missing_field() -> None:
    assert set(labels.STATUS) == set(Status)
    assert set(labels.FIELD) == set(get_args(MissingField))
