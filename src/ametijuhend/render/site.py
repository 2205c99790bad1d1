"""Plan a whole site: every generated page (rendered on demand), plus redirects and the data export."""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pydantic import TypeAdapter

from ..errors import Problem
from ..history import IN_FORCE, History, pending
from ..load import CATALOGUE_DIR, COMPETENCIES_FILE, UNITS_FILE
from ..messages import Msg
from ..models import Competency, Position, ReferencedPosition, Unit
from ..project import Project
from ..schema import schema_documents
from . import changes, overview, urls
from .environment import environment, escape_text, output
from .links import PageLinks, clear_caches
from .model import SiteModel
from .paging import PAGE_ROWS, Pager, pager_html, pages_of
from .views import Heading, position_sections, position_view

RESERVED_IDS = {"index", "maatriks"}
"""Ids whose page address would collide with an index page (`kompetentsid/maatriks/`, `…/index.md`).
Position and unit ids of digits only are reserved too: `ametikohad/2/` is the second page of the positions list,
`yksused/2/` of the units page's tree; so is the unit id `asendamine` (`yksused/asendamine/2/`)."""


@dataclass(frozen=True)
class RenderOptions:
    publish_drafts: bool = True
    """Whether `mustand` positions get pages (they carry a draft banner)."""
    today: dt.date = field(default_factory=dt.date.today)
    """The build's day: which approved version is in force (`history.terms`), which reviews are overdue."""
    data_path: str = "positions"
    """The data folder as a path in the repository, for edit links (`positions/<id>.yaml`)."""
    history: History | None = None
    """The versions of the positions (`ametijuhend.history.load_history`); None: no history pages."""
    documents: bool = False
    """Write each published position's official document (.docx, .pdf) beside its page, with links to them."""
    site_name: str = "Ametijuhendid"
    """The site's name: the author of the change feed (never a person)."""
    site_url: str | None = None
    """The site's final address, for absolute links in the change feed."""
    page_rows: dict[str, int] = field(default_factory=lambda: dict(PAGE_ROWS))
    """Rows per page of each long list (`paging.PAGE_ROWS`); tests make them small."""


@dataclass(frozen=True)
class RenderedPage:
    """A generated page: its address, title, table of contents and anchors, and its HTML on demand.

    The HTML is rendered only when asked for (`html`), so that a build holds the HTML of one page
    at a time, not of all (about 0.7 GB at 10,000 positions): the hook asks for it when MkDocs
    writes the page. The table of contents and anchors come from the page's model, never from
    its rendered HTML.
    """

    url: str
    """Directory URL relative to the site root, e.g. `ametikohad/<id>/`."""
    title: str
    """Plain text; the front matter carries it HTML-escaped because the theme prints it unescaped."""
    template: str
    context: dict[str, Any] = field(repr=False)
    site: SiteModel = field(repr=False)
    edit_path: str | None = None
    """Repository path of the file to edit for this page (the YAML, not the generated Markdown)."""
    in_nav: bool = False
    shell: bool = False
    """One of many pages of one kind outside the navigation (history pages, earlier versions): the hook may
    write it into the theme's page made once for its URL depth (`ametijuhend.shell`) instead of having
    MkDocs render the theme for it."""

    @property
    def src_uri(self) -> str:
        return urls.src_uri(self.url)

    @property
    def head(self) -> str:
        """The page's front matter (its title)."""
        return front_matter(title=html.escape(self.title))

    @property
    def toc(self) -> list[Heading]:
        """The page's headings below its title, in order (MkDocs' table of contents)."""
        return _TOC[self.template](self.site, self.context) if self.template in _TOC else []

    @property
    def anchors(self) -> set[str]:
        """Every anchor the page has (for MkDocs' check of links to `page/#anchor`)."""
        if "view" in self.context:
            return self.context["view"].anchors
        return {h.anchor for h in self.toc}

    def html(self) -> str:
        """The page's body (its own `<h1>` included), rendered now; each call renders again."""
        context = dict(self.context)
        if "position" in context:  # the view model is built when the page is rendered, then let go
            view = context["view"] = position_view(self.site, context.pop("position"), context.pop("old", None),
                                                   context.pop("current_id", None))
            return render_fragment(self.site, self.template, self.url, toc=view.toc, **context)  # = `self.toc`
        return render_fragment(self.site, self.template, self.url, toc=self.toc, **context)


@dataclass
class RenderedSite:
    pages: list[RenderedPage] = field(default_factory=list)
    files: dict[str, bytes | Callable[[], bytes]] = field(default_factory=dict)
    """Other files by site path: alias redirects, the JSON export, the schemas.

    Large files (the export: about the size of the data) are functions that make the content when
    called, so that the caller can write it out and let it go (`content` returns either kind)."""
    problems: list[Problem] = field(default_factory=list)
    """Ids that cannot get a page of their own address; the build stops on them."""
    model: SiteModel | None = None
    """The page model, for figures on the hand-written pages (mkdocs-macros)."""
    history_pages: tuple[int, int] = (0, 0)
    """`pages[first:end]` are the pages of the versions (history pages, earlier versions, changes, compare)."""

    def content(self, path: str) -> bytes:
        """The content of `files[path]`."""
        value = self.files[path]
        return value if isinstance(value, bytes) else value()


def render_site(project: Project, options: RenderOptions | None = None) -> RenderedSite:
    """Everything the site generates from `project` (which must have no errors)."""
    options = options or RenderOptions()
    clear_caches()
    site = SiteModel(project, publish_drafts=options.publish_drafts, today=options.today, history=options.history,
                     documents=options.documents)
    out = RenderedSite(problems=_reserved_id_problems(project), model=site)
    if out.problems:
        return out
    data = options.data_path.rstrip("/")
    for position in site.published_positions():
        out.pages.append(_page(site, "position.html.j2", urls.position(position.id), site.links.name(position.id),
                               edit_path=f"{data}/{position.id}.yaml", position=position))
    _plan_history(site, out, options)
    for unit in site.links.units.values():
        out.pages.append(_page(site, "unit.html.j2", urls.unit(unit.id), unit.name,
                               edit_path=f"{data}/{CATALOGUE_DIR}/{UNITS_FILE}", unit=unit))
    rows = options.page_rows
    for competency in site.links.competencies.values():
        total = sum(len(users) for _, users in site.competency_users(competency.id).groups)
        out.pages += _paged(site, "competency.html.j2", pages_of(urls.competency(competency.id), total,
                                                                 rows["competency"]),
                            competency.name, edit_path=f"{data}/{CATALOGUE_DIR}/{COMPETENCIES_FILE}", c=competency)
    positions = len(site.published_positions())
    out.pages += _paged(site, "positions.html.j2", pages_of(urls.POSITIONS, positions, rows["positions"]),
                        "Ametikohad", in_nav=True)
    out.pages += _units_pages(site, rows["units"])  # in the order of mkdocs.yml's nav (and `pages`' nav.json)
    out.pages.append(_page(site, "competencies.html.j2", urls.COMPETENCIES, "Kompetentsid", in_nav=True))
    out.pages += _paged(site, "matrix.html.j2", pages_of(urls.MATRIX, positions, rows["matrix"]),
                        "Kompetentsimaatriks", in_nav=True)
    out.pages += _quality_pages(site, rows["quality"])
    if positions > rows["positions"]:  # the whole list for the filters of its first page
        out.files[urls.POSITION_ROWS] = partial(position_rows_script, site)
    redirect = environment().get_template("redirect.html.j2")
    for alias, target in sorted(site.links.aliases.items()):
        if target in site.published:
            addresses = [(urls.position(alias), urls.position(target), site.links.name(target))]
            if site.history is not None and site.history.of(target) is not None:  # mails, the feed's older entries
                addresses.append((urls.history(alias), urls.history(target),
                                  f"{site.links.name(target)}: muudatuste ajalugu"))
            for old_url, new_url, label in addresses:
                out.files[old_url + "index.html"] = redirect.render(
                    target=urls.relative(old_url, new_url), label=label).encode()
    out.files[urls.EXPORT] = partial(export_json, site)
    if options.documents:
        for position in site.published_positions():
            for kind in DOCUMENT_KINDS:
                out.files[urls.document(position.id, kind)] = partial(document_file, site, position, kind)
    for name, schema in schema_documents().items():
        out.files[urls.SCHEMA_DIR + name] = schema.encode()
    return out


SAMPLE = 20
"""Of a history whose versions are not read yet (`History.complete` False), the chains read while planning:
enough for the first two history pages and two earlier versions (the pages that go through MkDocs and give
the theme's page for the others, `ametijuhend.shell`), at most this many."""


def _plan_history(site: SiteModel, out: RenderedSite, options: RenderOptions) -> None:
    """History pages, earlier approved versions, the change list and feed, per-position JSON, the compare page.

    Without a history only the history pages are missing: the change list says so, the compare page works.
    With a history not read yet (`History.complete` False; the build reads it in a process beside it): the
    history pages of every position, the earlier versions of the chains read here (`SAMPLE`) only, and none
    of the files that need every version (per-position JSON, earlier versions' JSON, the feed): that process
    plans them again from the whole history (`history_plan`)."""
    history = options.history
    if history is not None and not history.complete:
        # The position pages of the build say which earlier version is in force while the current file's is not
        # yet: those few chains are read here (the others beside the build).
        history.read([chain for position in site.published_positions() if pending(position, site.today)
                      and (chain := history.of(position.id)) is not None])
    if history is not None and not history.complete and not _sample(site, history):
        history.read()  # no earlier version among the first chains: no shell for them without reading all
    light = history is not None and not history.complete
    first = len(out.pages)
    for position in site.published_positions():
        if not light:
            out.files[urls.position_json(position.id)] = partial(changes.position_json, site, position)
        chain = history.of(position.id) if history else None
        if chain is None:
            continue
        name = site.links.name(position.id)
        # No edit button on the history page or an earlier version: they show records of the past, and the
        # button would open the current file (HR would change a text other than the one on the screen).
        # The position's own page, linked from their breadcrumb, has the button.
        out.pages.append(_page(site, "history.html.j2", urls.history(position.id), f"{name}: muudatuste ajalugu",
                               shell=True, chain=chain))
        if not chain.read:
            continue
        for start, last in changes.version_pages(site, chain):
            assert last.position is not None
            term = changes.term_of(site, chain, start)
            kind = "kehtiv versioon" if term is not None and term.state == IN_FORCE else "varasem versioon"
            out.pages.append(_page(site, "position.html.j2", urls.history(position.id, start.name),
                                   f"{name} ({kind}, {changes.approval_text(last)})",
                                   shell=True, position=last.position, old=start,
                                   current_id=position.id))
            if not light:
                out.files[urls.position_json(position.id, start.name)] = partial(
                    changes.old_version_json, site, position.id, start, last)
    out.files[urls.POSITION_JSON_DIR + "index.json"] = partial(changes.compare_index, site)
    if not light:
        out.files[urls.FEED] = partial(changes.atom_feed, site, title=options.site_name, site_url=options.site_url)
    out.pages.append(_page(site, "changes.html.j2", urls.CHANGES, "Muudatused", in_nav=True))
    out.pages.append(_page(site, "compare.html.j2", urls.COMPARE, "Võrdle ametijuhendeid"))
    out.history_pages = (first, len(out.pages))


def _sample(site: SiteModel, history: History) -> bool:
    """Read the chains of the first two history pages, then more until two earlier versions have a page (at
    most `SAMPLE` chains); False when none of them has an earlier version with a page."""
    chains = [chain for position in site.published_positions() if (chain := history.of(position.id)) is not None]
    versions = 0
    for index, chain in enumerate(chains[:SAMPLE]):
        if index >= 2 and versions >= 2:
            break
        history.read([chain])
        versions += len(changes.version_pages(site, chain))
    return versions > 0 or len(chains) <= SAMPLE


def compile_templates() -> None:
    """Compile every template of the pages now (each is compiled once per process, when first used): before
    the build forks the process that writes the versions' pages, so that it does not compile them again."""
    env = environment()
    for name in env.list_templates(extensions=["j2"]):
        env.get_template(name)


def history_plan(site: SiteModel, options: RenderOptions) -> RenderedSite:
    """What `_plan_history` plans from the whole history (`History.complete`): the pages and files of the
    versions, for the process that writes them beside the build."""
    out = RenderedSite(model=site)
    _plan_history(site, out, options)
    return out


def _page(site: SiteModel, template: str, url: str, title: str, *, edit_path: str | None = None,
          in_nav: bool = False, shell: bool = False, **context: Any) -> RenderedPage:
    return RenderedPage(url, title, template, context, site, edit_path, in_nav, shell)


def _paged(site: SiteModel, template: str, pager: Pager, title: str, *, edit_path: str | None = None,
           in_nav: bool = False, **context: Any) -> list[RenderedPage]:
    """A page with a long list: its first page at the list's address, the others below it (`paging`)."""
    return [_page(site, template, page.url(page.number), title if page.number == 1 else f"{title}, lk {page.number}",
                  edit_path=edit_path, in_nav=in_nav and page.number == 1, pager=page, **context)
            for page in pager.pages()]


def quality_sections(site: SiteModel) -> dict[str, int]:
    """The tables of the data-quality page by anchor, with their number of rows."""
    return {"viidatud": len(site.links.referenced), "uhepoolsed-asendused": len(site.one_sided()),
            "puuduvad-andmed": len(site.incomplete()), "ulevaatamata": len(site.overdue()),
            "joustumata": len(changes.pending_versions(site)), "hoiatused": len(site.warnings())}


def _quality_pages(site: SiteModel, size: int) -> list[RenderedPage]:
    """The data-quality page with the first rows of each table; a table's further rows on pages of its own
    (`andmekvaliteet/ulevaatamata/2/`), which show that table only."""
    pagers = {h.anchor: (pages_of(f"{urls.QUALITY}#{h.anchor}", quality_sections(site)[h.anchor], size,
                                  rest=f"{urls.QUALITY}{h.anchor}/"), f"Andmekvaliteet: {h.title}")
              for h in _quality_headings(site)}
    return _parted_pages(site, "quality.html.j2", urls.QUALITY, "Andmekvaliteet", pagers)


UNIT_TREE = "puu"
"""The part of the units page that lists every unit (its further pages: `yksused/2/`)."""


def units_sections(site: SiteModel) -> dict[str, int]:
    """The lists of the units page by part, with their number of rows."""
    return {UNIT_TREE: len(site.unit_tree()),
            "asendamine": sum(1 for row in overview.office_summary(site) if row.positions)}


def _units_pages(site: SiteModel, size: int) -> list[RenderedPage]:
    """The units page with the first rows of its two lists; further rows on pages of their own: the tree's at
    `yksused/2/` (unit ids of digits only are reserved), the substitution table's at `yksused/asendamine/2/`."""
    totals = units_sections(site)
    pagers = {UNIT_TREE: (pages_of(urls.UNITS, totals[UNIT_TREE], size), "Struktuuriüksused"),
              "asendamine": (pages_of(f"{urls.UNITS}#asendamine", totals["asendamine"], size,
                                      rest=f"{urls.UNITS}asendamine/"), "Struktuuriüksused: asendamine üksuseti")}
    return _parted_pages(site, "units.html.j2", urls.UNITS, "Struktuuriüksused", pagers)


def _parted_pages(site: SiteModel, template: str, url: str, title: str,
                  pagers: dict[str, tuple[Pager, str]]) -> list[RenderedPage]:
    """A page of several long lists (`part` None: the first page of each), and each list's further pages,
    which show that list only (`part`: its key; `pagers`: key → (pager, title of its further pages))."""
    first = {part: pager for part, (pager, _) in pagers.items()}
    pages = [_page(site, template, url, title, in_nav=True, pagers=first, part=None)]
    for part, (pager, part_title) in pagers.items():
        pages += [_page(site, template, page.url(page.number), f"{part_title}, lk {page.number}",
                        pagers={part: page}, part=part) for page in pager.pages()[1:]]
    return pages


def position_rows_script(site: SiteModel) -> bytes:
    """`POSITION_ROWS`: every row of the positions list as seen from its first page, for `filters.js`.

    A script, not JSON, so that it also loads when the site is opened from a file share (`file://`),
    where browsers refuse `fetch`. The rows are the same autoescaped HTML as on the pages.
    """
    rows = render_fragment(site, "fragments/position_rows.html.j2", urls.POSITIONS, rows=site.published_positions())
    return b"window.ametijuhendPositionRows = " + json.dumps(rows, ensure_ascii=False).encode() + b";\n"


def render_fragment(site: SiteModel, template: str, page_url: str, toc: list[Heading] | None = None,
                    **context: Any) -> str:
    """A page body or an HTML fragment of a hand-written page (via mkdocs-macros), autoescaped.

    `heading(anchor)` (or `heading(Heading)`) writes a heading of `toc` with its permanent link.
    """
    links = PageLinks(page_url)
    by_anchor = {h.anchor: h for h in toc or []}

    def heading(which: Heading | str) -> Markup:
        return heading_html(by_anchor[which] if isinstance(which, str) else which)

    return environment().get_template(template).render(
        site=site, urls=urls, page_url=page_url, href=links.href, ref=links.ref, refs=links.refs, link=links.link,
        breadcrumb=links.breadcrumb, competency=links.competency, user_rows=links.user_rows, heading=heading,
        pager_nav=partial(pager_html, href=links.href), **context)


def heading_html(h: Heading) -> Markup:
    """A heading with its permanent link, as Python-Markdown's `toc` extension writes one (mkdocs.yml)."""
    anchor = escape_text(h.anchor)
    return Markup(f'<h{h.level} id="{anchor}">{output(h.title)}<a class="headerlink" href="#{anchor}" '
                  f'title="{PERMALINK_TITLE}">&para;</a></h{h.level}>')


PERMALINK_TITLE = "Püsiviide sellele osale"


def _position_toc(site: SiteModel, context: dict[str, Any]) -> list[Heading]:
    return [s.heading for s in position_sections(context["position"])]


def _unit_toc(site: SiteModel, context: dict[str, Any]) -> list[Heading]:
    return [Heading(2, "ametikohad", "Ametikohad"), Heading(2, "alluksused", "Allüksused"),
            Heading(2, "alluvus", "Alluvus"), Heading(2, "asendamine", "Asendamine")]


def _units_toc(site: SiteModel, context: dict[str, Any]) -> list[Heading]:
    return [] if context.get("part") == UNIT_TREE else [Heading(2, "asendamine", "Asendamine üksuseti")]


def _competency_toc(site: SiteModel, context: dict[str, Any]) -> list[Heading]:
    if context["pager"].number > 1:
        return [Heading(2, "ametikohad", "Ametikohad")]
    toc = [Heading(2, "kirjeldus", "Kirjeldus"), Heading(2, "ametikohad", "Ametikohad")]
    if site.competency_users(context["c"].id).wordings:
        toc.append(Heading(2, "sonastused", "Ametijuhendite sõnastused"))
    return toc


def _competencies_toc(site: SiteModel, context: dict[str, Any]) -> list[Heading]:
    toc = [Heading(2, "pohikompetentsid", "Tööks vajalikud kompetentsid"),
           Heading(2, "taiendavad", "Täiendavad kompetentsid ja isikuomadused")]
    if site.unused_competencies():
        toc.append(Heading(2, "kasutamata", "Kataloogis, kuid ükski ametijuhend ei nõua"))
    return toc


def _quality_toc(site: SiteModel, context: dict[str, Any]) -> list[Heading]:
    part = context.get("part")
    return [h for h in _quality_headings(site) if part is None or h.anchor == part]


_QUALITY_HEADINGS = [
    Heading(2, "viidatud", "Viidatud ametikohad, millel pole lehte"),
    Heading(2, "uhepoolsed-asendused", "Ühepoolsed asendused"),
    Heading(2, "puuduvad-andmed", "Mustandid ja puuduvad andmed"),
    Heading(2, "ulevaatamata", "Üle vaatamata ametijuhendid"),
    Heading(2, "hoiatused", "Valideerimise hoiatused"),
]
"""The data-quality page's tables, in order; each can continue on pages of its own (`_quality_pages`)."""
_QUALITY_PENDING = Heading(2, "joustumata", "Jõustumata versioonid")
"""The table of the positions whose current file takes effect later, when there are any (before the warnings)."""


def _quality_headings(site: SiteModel) -> list[Heading]:
    if not changes.pending_positions(site):
        return _QUALITY_HEADINGS
    return [*_QUALITY_HEADINGS[:-1], _QUALITY_PENDING, _QUALITY_HEADINGS[-1]]


def _history_toc(site: SiteModel, context: dict[str, Any]) -> list[Heading]:
    return [Heading(2, "versioonid", "Versioonid")]


def _changes_toc(site: SiteModel, context: dict[str, Any]) -> list[Heading]:
    return [Heading(2, "viimased", "Viimased muudatused")]


_TOC: dict[str, Callable[[SiteModel, dict[str, Any]], list[Heading]]] = {
    "history.html.j2": _history_toc,
    "changes.html.j2": _changes_toc,
    "position.html.j2": _position_toc,
    "unit.html.j2": _unit_toc,
    "units.html.j2": _units_toc,
    "competency.html.j2": _competency_toc,
    "competencies.html.j2": _competencies_toc,
    "quality.html.j2": _quality_toc,
}
"""The headings of each page kind, from its model; the templates write them with `heading(anchor)`."""


DOCUMENT_KINDS = ("docx", "pdf")


def document_file(site: SiteModel, position: Position, kind: str) -> bytes:
    """A position's official document (`ametijuhend.document`) as a .docx or .pdf file's bytes."""
    import tempfile

    from ..document import document
    from ..document.docx import write_docx
    from ..document.pdf import write_pdf

    doc = document(position, site.links, lambda pid: site.position_ref(pid).label)
    with tempfile.TemporaryDirectory(prefix="ametijuhend-document-") as tmp:
        path = Path(tmp) / f"{position.id}.{kind}"
        (write_docx if kind == "docx" else write_pdf)(doc, path)
        return path.read_bytes()


def front_matter(**meta: str) -> str:
    """YAML front matter; every value is a JSON string, which YAML reads as a plain double-quoted string.

    Not ASCII-escaped: JSON writes a character outside the Basic Multilingual Plane as a surrogate pair,
    which YAML does not join (the front matter would not parse and become page text)."""
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def export_json(site: SiteModel) -> bytes:
    """`andmed/ametikohad.json`: the published positions and the catalogues, as in the YAML files.

    Compact UTF-8 JSON, serialised by pydantic's own (Rust) serialiser straight from the models:
    about the size of the data folder, so it is made only when asked for (`RenderedSite.files`).
    """
    links = site.links
    parts: list[tuple[str, TypeAdapter[Any], list[Any], Any]] = [
        ("positions", _POSITIONS, [site.without_unpublished(p) for p in site.published_positions()],
         {"__all__": MAINTAINER_ONLY}),
        ("units", _UNITS, list(links.units.values()), None),
        ("competencies", _COMPETENCIES, list(links.competencies.values()), None),
        ("referenced_positions", _REFERENCED, list(links.referenced.values()), None),
    ]
    # Pieces joined once: at 10,000 positions the export is about 95 MB, and each `+` of it held another copy.
    chunks = [b"{"]
    for key, adapter, items, exclude in parts:
        chunks += [json.dumps(key).encode(), b":", adapter.dump_json(items, exclude_defaults=True, exclude=exclude),
                   b","]
    versions = {p.id: changes.version_facts(site, p) for p in site.published_positions()}
    chunks += [b'"versions":', json.dumps(versions, ensure_ascii=False, separators=(",", ":")).encode(), b"}\n"]
    return b"".join(chunks)


MAINTAINER_ONLY = {"source"}
"""Position fields that are for the maintainers only: never on a page or in the export (file names can name people)."""
_POSITIONS = TypeAdapter(list[Position])
_UNITS = TypeAdapter(list[Unit])
_COMPETENCIES = TypeAdapter(list[Competency])
_REFERENCED = TypeAdapter(list[ReferencedPosition])


def _reserved_id_problems(project: Project) -> list[Problem]:
    problems = []
    docs = project.data.docs
    for kind, ids, file_of in (
        ("position", project.links.positions, lambda i: docs[i].display if i in docs else i),
        ("unit", project.links.units, lambda i: f"{CATALOGUE_DIR}/{UNITS_FILE}"),
        ("competency", project.links.competencies, lambda i: f"{CATALOGUE_DIR}/{COMPETENCIES_FILE}"),
    ):
        taken = RESERVED_IDS | ({i for i in ids if i.isdigit()} if kind in ("position", "unit") else set())
        taken |= {"asendamine"} if kind == "unit" else set()  # `yksused/asendamine/2/`
        for reserved in sorted(taken & set(ids)):
            problems.append(Problem(file_of(reserved), None, None, "id",
                                    Msg(f"site.reserved.{kind}", id=reserved),
                                    hint=Msg("site.reserved.fix", id=reserved) if not reserved.isdigit()
                                    else Msg("site.reserved.fix_digits", id=reserved)))
    return problems
