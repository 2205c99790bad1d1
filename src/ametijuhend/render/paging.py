"""Long lists split over static pages, so that no page grows with the data (issue 18: ≤ 1 MB of HTML).

A list's first page is the page itself (`ametikohad/`), its further pages live below it
(`ametikohad/2/`, `ametikohad/3/` …); a list that fits on one page gets no pager at all, so small
sites are written exactly as before. Every page is plain HTML: without JavaScript all rows are
reachable by the page links. The positions list also fills itself with all rows in the browser
(`POSITION_ROWS`, `filters.js`) so that its filters and sorting work across every row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from markupsafe import Markup, escape

T = TypeVar("T")

PAGE_ROWS = {"positions": 500, "matrix": 500, "competency": 1000, "quality": 200, "units": 500}
"""Rows per page of each long list. At 10,000 synthetic positions a row of the positions list is
about 0.9 KB of HTML, of the matrix 0.9 KB, of a competency page's positions 0.4 KB, of a data-quality
table up to 0.5 KB (its five tables are on one page), of the units page's tree and substitution table
0.3 KB each (both on its first page): each page stays well below 1 MB."""


@dataclass(frozen=True)
class Pager:
    """Page `number` of a list of `total` rows, `size` rows a page.

    `first` is the address of page 1 (possibly with an anchor: `andmekvaliteet/#ulevaatamata`),
    `rest` the folder of the others (`andmekvaliteet/ulevaatamata/` → `…/2/`).
    """

    first: str
    rest: str
    total: int
    size: int
    number: int = 1

    @property
    def count(self) -> int:
        """Number of pages (at least 1)."""
        return max(1, -(-self.total // self.size))

    @property
    def start(self) -> int:
        return (self.number - 1) * self.size

    @property
    def stop(self) -> int:
        return min(self.total, self.number * self.size)

    def url(self, number: int) -> str:
        return self.first if number == 1 else f"{self.rest}{number}/"

    def at(self, number: int) -> Pager:
        return Pager(self.first, self.rest, self.total, self.size, number)

    def pages(self) -> list[Pager]:
        """Every page of the list, the first one included."""
        return [self.at(number) for number in range(1, self.count + 1)]

    def slice(self, rows: Sequence[T]) -> Sequence[T]:
        """This page's rows of the whole list."""
        return rows[self.start:self.stop]

    def slice_groups(self, groups: Sequence[tuple[T, Sequence[object]]]) -> list[tuple[T, Sequence[object]]]:
        """This page's rows of a list in groups (`[(key, rows)]`): a group cut by the page keeps its key."""
        out: list[tuple[T, Sequence[object]]] = []
        offset = 0
        for key, rows in groups:
            begin, end = max(self.start - offset, 0), min(self.stop - offset, len(rows))
            if begin < end:
                out.append((key, rows[begin:end]))
            offset += len(rows)
        return out


def pages_of(first: str, total: int, size: int, rest: str | None = None) -> Pager:
    """The pager of a list whose first page is at `first` (the further ones below it unless `rest`)."""
    return Pager(first, rest if rest is not None else first, total, size)


def pager_html(pager: Pager | None, label: str = "Leheküljed", *, href: Callable[[str], str]) -> Markup:
    """Links to every page of the list, the current one marked; nothing when the list fits on one page.

    `href` turns a site address into one relative to the page (`PageLinks.href`).
    """
    if pager is None or pager.count == 1:
        return Markup("")
    items = []
    for number in range(1, pager.count + 1):
        if number == pager.number:
            items.append(f'<li><span aria-current="page">{number}</span></li>')
        else:
            rel = ' rel="prev"' if number == pager.number - 1 else ' rel="next"' if number == pager.number + 1 else ""
            items.append(f'<li><a href="{escape(href(pager.url(number)))}"{rel}>{number}</a></li>')
    shown = f"{pager.start + 1}–{pager.stop}" if pager.total else "0"
    return Markup(f'<nav class="aj-pager" aria-label="{escape(label)}" data-aj-pager>'
                  f'<p class="aj-pager__info">Read {shown} (kokku {pager.total}), lehekülg {pager.number}/'
                  f'{pager.count}:</p><ol class="aj-pager__pages">{"".join(items)}</ol></nav>\n')
