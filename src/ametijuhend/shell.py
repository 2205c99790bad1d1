"""Pages written into the theme's page made once per URL depth (issue 16: history pages, earlier versions).

MkDocs renders the theme (Material's `main.html`: header, navigation, table of contents, footer) for
every page, about 4 ms a page, and a thousand positions have as many history pages and hundreds of
earlier versions. Those pages are all outside the navigation, and for pages of one URL depth the theme
writes the same HTML except for the page's title, its edit link, its canonical address, its table of
contents and its content (relative links are the same at one depth). So for each group of such pages
(`group`: one URL depth, with or without an edit link):

1. the first page (the *model*) goes through MkDocs with markers for its title, edit link and table
   of contents (`TITLE`, `EDIT`, `TOC`); its output, cut at the markers, is the group's `Shell`,
   and the model page itself is written as the shell filled with its own values;
2. the second page (the *witness*) goes through MkDocs as any page; the shell filled with its values
   must give exactly MkDocs' output for it, or the build stops (`ShellError`): a theme that writes
   something else of a page (its address, say) cannot make the other pages wrong unnoticed;
3. every other page is the shell filled with its values, written by the hook (`hook.py`).

The values are escaped as MkDocs has them: the title as in the front matter (HTML-escaped; Material's
`<title>` writes the front matter's title as it is), the edit link and the canonical address as MkDocs
makes them. This module knows no MkDocs: the hook renders the table of contents' items with the
theme's own template and hands the strings in.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .render import RenderedPage

TITLE = "AjShellTitle7e1c"
"""The model page's title: plain letters, unchanged by escaping."""
EDIT = "aj-shell-edit-7e1c"
"""The model page's edit path (what MkDocs appends to `edit_uri`)."""
TOC = (("aj-shell-toc-1", "AjShellToc7e1c1"), ("aj-shell-toc-2", "AjShellToc7e1c2"))
"""The model page's table of contents, (anchor, title): two items, so that the text between two items is known."""


class ShellError(Exception):
    """The theme's page cannot be used as a shell (a marker missing or repeated, or the witness differs)."""


@dataclass(frozen=True)
class Values:
    """What differs between two pages of one group, as the theme writes it."""

    title: str
    """Plain text (escaped here)."""
    edit: str | None
    """The page's edit path (`EDIT` on the model), None without an edit link."""
    canonical: str | None
    """The page's canonical address (MkDocs': `site_url` + its URL), None without `site_url`."""
    toc: Sequence[str]
    """The table of contents' items, each as the theme's `toc-item.html` writes it."""
    first_anchor: str
    """The anchor of the first heading of the table of contents (the theme's "skip to content" link)."""
    body: str


@dataclass(frozen=True)
class Shell:
    pieces: tuple[str, ...]
    """Literal text around the slots: one more than `slots`."""
    slots: tuple[str, ...]
    """`title`, `edit`, `canonical`, `toc`, `skip` (the first heading's
    anchor) or `body`."""
    toc_separator: str
    """The text between two items of the table of contents."""

    def fill(self, values: Values) -> str:
        title = html.escape(values.title)
        filled = {"title": title, "edit": values.edit or "",
                  "canonical": values.canonical or "", "toc": self.toc_separator.join(values.toc),
                  "body": values.body, "skip": f"#{values.first_anchor}"}
        out = [self.pieces[0]]
        for slot, piece in zip(self.slots, self.pieces[1:], strict=True):
            out += (filled[slot], piece)
        return "".join(out)


def make_shell(output: str, *, body_marker: str, toc_items: tuple[str, str], canonical: str | None,
               url: str) -> Shell:
    """The shell of the model page's `output` (the theme's page with `body_marker` for its content).

    `toc_items` are the two marker items as the theme's `toc-item.html` writes them; `canonical` is the
    model page's canonical address and `url` its address (which must then appear nowhere else)."""
    first, second = toc_items
    start = _once(output, first, "the first item of the table of contents")
    end = _once(output, second, "the second item of the table of contents")
    if end < start + len(first):
        raise ShellError("the theme writes the table of contents out of order")
    separator = output[start + len(first):end]
    text = output[:start] + "\0toc\0" + output[end + len(second):]
    _once(text, body_marker, "the page's content")
    text = text.replace(body_marker, "\0body\0").replace(f'"#{TOC[0][0]}"', '"\0skip\0"')
    text = text.replace(TITLE, "\0title\0")
    text = text.replace(EDIT, "\0edit\0")
    if canonical:
        text = text.replace(f'"{canonical}"', '"\0canonical\0"')
    if url in text:
        raise ShellError(f"the theme writes the page's address `{url}` where the shell cannot replace it")
    parts = text.split("\0")
    return Shell(tuple(parts[0::2]), tuple(parts[1::2]), separator)


def _once(text: str, marker: str, what: str) -> int:
    found = text.find(marker)
    if found < 0 or text.find(marker, found + 1) >= 0:
        raise ShellError(f"{what} is not written exactly once by the theme ({marker!r})")
    return found


@dataclass
class Group:
    """Pages of one URL depth (and edit link or none): the model, the witness and the rest (see the module)."""

    model: RenderedPage
    witness: RenderedPage | None = None
    rest: list[RenderedPage] = field(default_factory=list)
    shell: Shell | None = None
    witness_output: str | None = None
    """MkDocs' output for the witness, compared in `check` once the shell is known."""

    def check(self, fill_witness: str | None) -> None:
        """Stop unless the shell filled with the witness's values is MkDocs' own output for it."""
        if self.witness_output is None or fill_witness is None:
            return
        if fill_witness != self.witness_output:
            at = next((i for i, (a, b) in enumerate(zip(fill_witness, self.witness_output, strict=False)) if a != b),
                      min(len(fill_witness), len(self.witness_output)))
            witness = self.witness.url if self.witness else "?"
            raise ShellError(f"the shell of {self.model.url} does not give the theme's page of {witness}: they differ "
                             f"at character {at}: {fill_witness[at - 40:at + 40]!r} != "
                             f"{self.witness_output[at - 40:at + 40]!r}")


def key(page: RenderedPage) -> tuple[int, bool]:
    """The group of a page: its URL depth, and whether it has an edit link."""
    return (page.url.count("/"), page.edit_path is None)


def group(pages: Iterable[RenderedPage]) -> list[Group]:
    """The groups of the pages marked `shell` (with a table of contents), in the pages' order."""
    groups: dict[tuple[int, bool], Group] = {}
    for page in pages:
        if not page.shell or not page.toc:
            continue
        found = groups.get(key(page))
        if found is None:
            groups[key(page)] = Group(page)
        elif found.witness is None:
            found.witness = page
        else:
            found.rest.append(page)
    return list(groups.values())
