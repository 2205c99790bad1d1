"""The Jinja2 environment that renders data into pages.

Autoescaping is on for every template: text from the YAML files becomes HTML
text, never markup. The templates write Markdown whose data-bearing parts are
raw HTML blocks, which Python-Markdown passes through untouched, so data can
never become Markdown structure either. mkdocs-macros never sees these pages
(`render_by_default: false`), so `{{ … }}` in data stays literal text.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, partial

import jinja2
from markupsafe import Markup, escape

from ..document.html import page_style, to_html
from ..history import Change
from . import changes, labels, overview
from .views import trail


def date_et(value: dt.date | None) -> str:
    """Dates as printed in Estonian documents: DD.MM.YYYY."""
    return value.strftime("%d.%m.%Y") if value else ""


_BLANK_LINES = re.compile(r"\n\s*\n")


def finalize(value: object) -> object:
    """Every `{{ … }}` output: data text loses blank lines, so an HTML block can never end inside it.

    (Python-Markdown keeps blank lines inside a raw HTML block, but nothing should depend on
    that: a single line break means nothing in HTML anyway.) Template output (`Markup`) is kept.
    """
    if type(value) is str and "\n" in value:  # exact type: `Markup` is a str subclass and stays as it is
        return _BLANK_LINES.sub("\n", value)
    return value


_MATRIX_CELL = {
    "core": Markup('<td class="aj-cell aj-cell--core" title="põhikompetents">●</td>'),
    "additional": Markup('<td class="aj-cell aj-cell--additional" title="täiendav">○</td>'),
    None: Markup("<td></td>"),
}


def matrix_cells(groups: list[str | None]) -> Markup:
    """The cells of a row of the competency matrix (`SiteModel.competency_groups`).

    In Python rather than a template loop: the matrix has a cell per position and competency
    (180,000 at 10,000 positions), and these cells hold no data, only fixed markup.
    """
    return Markup("".join(_MATRIX_CELL[group] for group in groups))


def text(value: object) -> Markup:
    """`{{ value }}` of an autoescaping template of this environment, for Python-side fragments."""
    return escape(finalize(value))


def list_items(items: list[str]) -> Markup:
    """`<li>…</li>` for each text, each on its own line: the body of a `<ul>` of data.

    The same as a `{% for %}` loop writing `<li>{{ item }}</li>`, at a third of the cost
    (a position page has some 60 of them, a competency page thousands).
    """
    return Markup("".join(f"<li>{text(item)}</li>\n" for item in items))


_DIFF_TAG = {"+": "<ins>{}</ins>", "-": "<del>{}</del>", "=": "{}"}


def change_item(change: Change) -> Markup:
    """`<li>` of one change on a history page: where, what and, word by word, the text changed.

    In Python rather than a template loop: a history page lists the changes of every version, each
    with its words (some 300,000 pieces in 1,000 history pages)."""
    out = f'<li><span class="aj-change__where">{text(change.summary)}</span>'
    if change.words and "muudetud" in change.what:
        words = " ".join(_DIFF_TAG[op].format(text(part)) for op, part in change.words)
        out += f': <span class="aj-diff">{words}</span>'
    elif change.words:
        out += f': <span class="aj-diff">{"".join(str(text(part)) for _, part in change.words)}</span>'
    return Markup(out + "</li>")


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("ametijuhend.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=finalize,
    )
    env.filters["date_et"] = date_et
    env.filters["matrix_cells"] = matrix_cells
    env.filters["li"] = list_items
    env.filters["change"] = change_item
    env.globals["labels"] = labels
    env.globals["print_document"] = partial(to_html, ids=False)
    env.globals["print_page_style"] = page_style
    env.globals["overview"] = overview
    env.globals["changes"] = changes
    env.globals["trail"] = trail
    return env
