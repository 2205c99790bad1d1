"""Links as seen from one page: relative addresses and the HTML of a reference.

These are the hottest pieces of the templates (a position page has dozens of
links, a competency page thousands), so they are plain Python returning
`Markup` instead of Jinja macros: a macro call costs about ten times as much.
Every piece of data in them passes through `text` (the environment's `finalize`,
then `escape`), exactly as `{{ … }}` in the autoescaping templates does.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape

from . import urls
from .environment import finalize
from .model import Ref

_NO_PAGE = '<span class="aj-nopage" title="Sellel ametikohal pole saidil lehte">{}</span>'
_DERIVED = ' <small class="aj-derived" title="Nähtub teise ametikoha ametijuhendist">(teise ametijuhendi järgi)</small>'


def text(value: object) -> Markup:
    """`{{ value }}` of an autoescaping template of this environment."""
    return escape(finalize(value))


class PageLinks:
    """`href`, `ref`, `refs`, `link` and `breadcrumb` for the page at directory URL `page_url`."""

    __slots__ = ("page_url",)

    def __init__(self, page_url: str) -> None:
        self.page_url = page_url

    def href(self, url: str) -> str:
        """Relative address of `url` (a page, a file or `page/#anchor`) from this page."""
        return urls.relative(self.page_url, url)

    def _ref(self, r: Ref) -> str:
        if r.url is not None:
            html = f'<a href="{escape(self.href(r.url))}">{text(r.label)}</a>'
        else:
            html = _NO_PAGE.format(text(r.label))
        return html + _DERIVED if r.derived else html

    def ref(self, r: Ref) -> Markup:
        """A link to the target, or its name as plain text when it has no page; marked when derived."""
        return Markup(self._ref(r))

    def refs(self, items: Iterable[Ref], empty: str = "") -> Markup:
        """References separated by commas, or `empty` (escaped unless it is `Markup`) when there are none."""
        html = ", ".join(self._ref(r) for r in items)
        return Markup(html) if html else text(empty)

    def link(self, url: str | None, label: str) -> Markup:
        """A link when there is an address, else the label as text."""
        if not url:
            return text(label)
        return Markup(f'<a href="{escape(self.href(url))}">{text(label)}</a>')

    def breadcrumb(self, path: Iterable[Ref], label: str = "Struktuuriüksus") -> Markup:
        """Struktuuriüksused › department › division › team."""
        parts = [f'<a href="{escape(self.href(urls.UNITS))}">Struktuuriüksused</a>']
        parts += [f' <span aria-hidden="true">›</span> {self._ref(r)}' for r in path]
        return Markup(f'<nav class="aj-breadcrumb" aria-label="{escape(label)}">\n{"".join(parts)}</nav>')
