"""Links as seen from one page: relative addresses and the HTML of a reference.

These are the hottest pieces of the templates (a position page has dozens of
links, a competency page thousands), so they are plain Python returning
`Markup` instead of Jinja macros: a macro call costs about ten times as much.
Every piece of data in them passes through `output` (the environment's `finalize`, which escapes),
exactly as `{{ … }}` in the autoescaping templates does.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from markupsafe import Markup, escape

from . import urls
from .environment import environment, escape_text, forget_edited_templates, output, text
from .model import CompetencyView, Ref

_NO_PAGE = '<span class="aj-nopage" title="Sellel ametikohal pole saidil lehte">{}</span>'
_GROUP_TAG = {
    "core": '<span class="aj-tag aj-tag--core">põhikompetents</span>',
    "additional": '<span class="aj-tag aj-tag--additional">täiendav</span>',
}
_DERIVED = ' <small class="aj-derived" title="Nähtub teise ametikoha ametijuhendist">(teise ametijuhendi järgi)</small>'


@lru_cache(maxsize=16384)
def _competency_block(group: str, href: str | None, name: str, definition: str | None,
                      indicators: tuple[str, ...]) -> Markup:
    template = environment().get_template(f"fragments/competency_{group}.html.j2")
    return Markup(template.render(href=href, name=name, definition=definition, indicators=indicators))


def clear_caches() -> None:
    """Forget cached fragments and edited templates (a new build may come with changed templates: `mkdocs serve`)."""
    forget_edited_templates()
    _competency_block.cache_clear()


UNITS_ROOT = Ref("Struktuuriüksused", urls.UNITS)
"""The first step of a unit's or position's trail."""


class PageLinks:
    """Links and hot fragments (`href`, `ref`, `refs`, `link`, `breadcrumb`, `competency`, `user_rows`)
    for the page at directory URL `page_url`."""

    __slots__ = ("_folder", "_up", "page_url")

    def __init__(self, page_url: str) -> None:
        self.page_url = page_url
        folders = [part for part in page_url.split("/") if part]
        self._up = "../" * len(folders)  # from this page up to the site root
        self._folder = folders[0] + "/" if folders else ""

    def href(self, url: str) -> str:
        """Relative address of `url` (a page, a file or `page/#anchor`) from this page (`urls.relative`)."""
        if self._folder and url and url[0] != "#" and not url.startswith(self._folder):
            return self._up + url  # no folder in common: most links of a page (a competency page has thousands)
        return urls.relative(self.page_url, url)

    def _ref(self, r: Ref) -> str:
        if r.url is not None:
            html = f'<a href="{escape_text(self.href(r.url))}">{output(r.label)}</a>'
        elif r.here:
            html = output(r.label)
        else:
            html = _NO_PAGE.format(output(r.label))
        return html + _DERIVED if r.derived else html

    def ref(self, r: Ref) -> Markup:
        """A link to the target, or its name as plain text when it has no page; marked when derived."""
        return Markup(self._ref(r))

    def refs(self, items: Iterable[Ref], empty: str = "", sep: str = ", ") -> Markup:
        """References separated by `sep` (text), or `empty` (escaped unless it is `Markup`) when there are none."""
        html = output(sep).join(self._ref(r) for r in items)
        return Markup(html) if html else text(empty)

    def link(self, url: str | None, label: str) -> Markup:
        """A link when there is an address, else the label as text."""
        if not url:
            return text(label)
        return Markup(f'<a href="{escape_text(self.href(url))}">{output(label)}</a>')

    def breadcrumb(self, path: Iterable[Ref], label: str = "Struktuuriüksus", root: Ref = UNITS_ROOT) -> Markup:
        """The trail to a page: Struktuuriüksused › department › division › team (or another `root`)."""
        parts = [self._ref(root)]
        parts += [f' <span aria-hidden="true">›</span> {self._ref(r)}' for r in path]
        return Markup(f'<nav class="aj-breadcrumb" aria-label="{escape(label)}">\n{"".join(parts)}</nav>')

    def competency(self, view: CompetencyView, group: str) -> Markup:
        """A competency of a position page (`core`: a section, `additional`: a list item), as it words it.

        Rendered once per distinct wording and address: positions mostly share the catalogue's
        wording or copy one from another, so most of a position page's competency part is the
        same on many pages (at 1,000 synthetic positions, 10,920 blocks of 803 distinct ones).
        """
        href = self.href(view.ref.url) if view.ref.url else None
        return _competency_block(group, href, view.name, view.definition, tuple(view.indicators))

    def user_rows(self, rows: Iterable[tuple[Ref, str, int | None]], wordings_url: str) -> Markup:
        """The list items of a competency page's positions (`SiteModel.competency_users`).

        A position, its group (core or additional) and the number of its own wording, if any; the
        wordings are listed on the page at `wordings_url` (the competency page's first page).
        In Python because a competency page has a row per position that requires it (about
        6,000 on each of 18 pages at 10,000 positions).
        """
        html = []
        base = escape_text(self.href(wordings_url + "#sonastus-"))
        for user, group, number in rows:
            wording = (f' <a class="aj-wording-ref" href="{base}{number}">oma sõnastus {number}</a>'
                       if number else "")
            html.append(f"<li>{self._ref(user)} {_GROUP_TAG[group]}{wording}</li>\n")
        return Markup("".join(html))
