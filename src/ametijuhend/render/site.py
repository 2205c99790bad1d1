"""Render a whole site: every generated page as Markdown, plus redirects and the data export."""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from pydantic import TypeAdapter

from ..errors import Problem
from ..models import Competency, Position, ReferencedPosition, Unit
from ..project import Project
from ..schema import schema_documents
from . import urls
from .environment import environment
from .links import PageLinks, clear_caches
from .model import SiteModel

RESERVED_IDS = {"index", "maatriks"}
"""Ids whose page address would collide with an index page (`kompetentsid/maatriks/`, `…/index.md`)."""


@dataclass(frozen=True)
class RenderOptions:
    publish_drafts: bool = True
    """Whether `mustand` positions get pages (they carry a draft banner)."""
    today: dt.date = field(default_factory=dt.date.today)
    """Reference date of the data-quality page (overdue reviews)."""
    data_path: str = "positions"
    """The data folder as a path in the repository, for edit links (`positions/<id>.yaml`)."""


@dataclass(frozen=True)
class RenderedPage:
    """A generated page, rendered when its Markdown is asked for.

    Rendering is deferred so that a build holds the Markdown of one page at a
    time, not of all (about 300 MB at 10,000 positions): the hook asks for it
    when MkDocs reads the page. Each access renders again; keep the result.
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

    @property
    def src_uri(self) -> str:
        return urls.src_uri(self.url)

    @property
    def head(self) -> str:
        """The page's front matter (its title)."""
        return front_matter(title=html.escape(self.title))

    @property
    def markdown(self) -> str:
        """The page's Markdown: front matter and the rendered template."""
        return self.head + render_fragment(self.site, self.template, self.url, **self.context)


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

    def content(self, path: str) -> bytes:
        """The content of `files[path]`."""
        value = self.files[path]
        return value if isinstance(value, bytes) else value()


def render_site(project: Project, options: RenderOptions | None = None) -> RenderedSite:
    """Everything the site generates from `project` (which must have no errors)."""
    options = options or RenderOptions()
    clear_caches()
    site = SiteModel(project, publish_drafts=options.publish_drafts, today=options.today)
    out = RenderedSite(problems=_reserved_id_problems(project), model=site)
    if out.problems:
        return out
    data = options.data_path.rstrip("/")
    for position in site.published_positions():
        out.pages.append(_page(site, "position.md.j2", urls.position(position.id), site.links.name(position.id),
                               edit_path=f"{data}/{position.id}.yaml", p=position))
    for unit in site.links.units.values():
        out.pages.append(_page(site, "unit.md.j2", urls.unit(unit.id), unit.name,
                               edit_path=f"{data}/catalogues/units.yaml", unit=unit))
    for competency in site.links.competencies.values():
        out.pages.append(_page(site, "competency.md.j2", urls.competency(competency.id), competency.name,
                               edit_path=f"{data}/catalogues/competencies.yaml", c=competency))
    out.pages += [
        _page(site, "positions.md.j2", urls.POSITIONS, "Ametikohad", in_nav=True),
        _page(site, "units.md.j2", urls.UNITS, "Struktuuriüksused", in_nav=True),
        _page(site, "competencies.md.j2", urls.COMPETENCIES, "Kompetentsid", in_nav=True),
        _page(site, "matrix.md.j2", urls.MATRIX, "Kompetentsimaatriks", in_nav=True),
        _page(site, "quality.md.j2", urls.QUALITY, "Andmekvaliteet", in_nav=True),
    ]
    redirect = environment().get_template("redirect.html.j2")
    for alias, target in sorted(site.links.aliases.items()):
        if target in site.published:
            page_url = urls.position(alias)
            out.files[page_url + "index.html"] = redirect.render(
                target=urls.relative(page_url, urls.position(target)), label=site.links.name(target)).encode()
    out.files[urls.EXPORT] = partial(export_json, site)
    for name, text in schema_documents().items():
        out.files[urls.SCHEMA_DIR + name] = text.encode()
    return out


def _page(site: SiteModel, template: str, url: str, title: str, *, edit_path: str | None = None,
          in_nav: bool = False, **context: Any) -> RenderedPage:
    return RenderedPage(url, title, template, context, site, edit_path, in_nav)


def render_fragment(site: SiteModel, template: str, page_url: str, **context: Any) -> str:
    """An HTML fragment for a hand-written page (via mkdocs-macros), rendered with the same autoescaping."""
    links = PageLinks(page_url)
    return environment().get_template(template).render(
        site=site, urls=urls, page_url=page_url, href=links.href, ref=links.ref, refs=links.refs, link=links.link,
        breadcrumb=links.breadcrumb, competency=links.competency, user_rows=links.user_rows, **context)


def front_matter(**meta: str) -> str:
    """YAML front matter; every value is a JSON string, which YAML reads as a plain double-quoted string."""
    lines = [f"{key}: {json.dumps(value)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def export_json(site: SiteModel) -> bytes:
    """`andmed/ametikohad.json`: the published positions and the catalogues, as in the YAML files.

    Compact UTF-8 JSON, serialised by pydantic's own (Rust) serialiser straight from the models:
    about the size of the data folder, so it is made only when asked for (`RenderedSite.files`).
    """
    links = site.links
    parts: list[tuple[str, TypeAdapter[Any], list[Any]]] = [
        ("positions", _POSITIONS, site.published_positions()),
        ("units", _UNITS, list(links.units.values())),
        ("competencies", _COMPETENCIES, list(links.competencies.values())),
        ("referenced_positions", _REFERENCED, list(links.referenced.values())),
    ]
    body = b",".join(json.dumps(key).encode() + b":" + adapter.dump_json(items, exclude_defaults=True)
                     for key, adapter, items in parts)
    return b"{" + body + b"}\n"


_POSITIONS = TypeAdapter(list[Position])
_UNITS = TypeAdapter(list[Unit])
_COMPETENCIES = TypeAdapter(list[Competency])
_REFERENCED = TypeAdapter(list[ReferencedPosition])


def _reserved_id_problems(project: Project) -> list[Problem]:
    problems = []
    docs = project.data.docs
    for kind, ids, file_of in (
        ("position", project.links.positions, lambda i: docs[i].display if i in docs else i),
        ("unit", project.links.units, lambda i: "catalogues/units.yaml"),
        ("competency", project.links.competencies, lambda i: "catalogues/competencies.yaml"),
    ):
        for reserved in sorted(RESERVED_IDS & set(ids)):
            problems.append(Problem(file_of(reserved), None, None, "id",
                                    f"the {kind} id `{reserved}` is reserved for a page of the site",
                                    hint=f"choose another id, e.g. `{reserved}-1`"))
    return problems
