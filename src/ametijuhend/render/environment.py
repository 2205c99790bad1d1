"""The Jinja2 environment that renders data into pages.

Autoescaping is on for every template: text from the YAML files becomes HTML
text, never markup. The templates write Markdown whose data-bearing parts are
raw HTML blocks, which Python-Markdown passes through untouched, so data can
never become Markdown structure either. mkdocs-macros never sees these pages
(`render_by_default: false`), so `{{ … }}` in data stays literal text.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
from collections.abc import MutableMapping
from functools import cache, partial
from importlib.metadata import version
from pathlib import Path
from types import BuiltinFunctionType, FunctionType, MethodType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from markupsafe import Markup, escape

from ..document.html import escape_text, page_style, to_html
from ..history import Change
from ..settings import cache_folder
from . import changes, labels, overview
from .views import trail


def date_et(value: dt.date | None) -> str:
    """Dates as printed in Estonian documents: DD.MM.YYYY."""
    return value.strftime("%d.%m.%Y") if value else ""


_BLANK_LINES = re.compile(r"\n\s*\n")


def output(value: object) -> str:
    """Every `{{ … }}` output, escaped (`_CodeGenerator`): data text loses blank lines, so an HTML block can
    never end inside it, and is escaped; template output (`Markup`) is kept as it is.

    (Python-Markdown keeps blank lines inside a raw HTML block, but nothing should depend on
    that: a single line break means nothing in HTML anyway.)
    """
    if type(value) is str:  # exact types: `Markup` is a str subclass
        return escape_text(_BLANK_LINES.sub("\n", value) if "\n" in value else value)
    if type(value) is Markup:
        return value
    return escape(value)  # numbers, dates, undefined values: as markupsafe has it


class _CodeGenerator(CodeGenerator):
    """Compiles `{{ x }}` to `environment.finalize(x)` (`output`, which escapes), where jinja2 writes
    `escape(environment.finalize(x))`: that turned every piece of text into a `Markup` and copied every
    `Markup` once more, some 400 times a position page. The templates always autoescape."""

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            self.fail("the page templates always autoescape", node.lineno)
        self.write("environment.finalize(")

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        self.write(")")


_PLAIN_CALLABLES = {FunctionType, MethodType, BuiltinFunctionType, partial, jinja2.runtime.Macro}
"""Callables that take no context: a `Macro` neither (jinja2 finds no `pass_context` on it either)."""


class _Context(jinja2.runtime.Context):
    """Calls a plain function, method or macro of a template (`ref(…)`, `site.unit_path(…)`, `m.absent(…)`;
    filters excepted) at once; jinja2's `Context.call` first looks for `pass_context` and its kind on the
    callable and on its `__call__`, which cost more than most of the calls themselves (some 70 a position
    page, several a row of the lists)."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # jinja2's names: a keyword may be `self`
        if type(__obj) not in _PLAIN_CALLABLES or hasattr(__obj, "jinja_pass_arg"):
            return super().call(__obj, *args, **kwargs)  # classes, `pass_context` functions
        if kwargs:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:  # as jinja2 has it
            return __self.environment.undefined("value was undefined because a callable raised a StopIteration"
                                                " exception")


_MATRIX_CELL = {
    "core": Markup('<td class="aj-cell aj-cell--core"><span class="aj-sr">põhikompetents</span></td>'),
    "additional": Markup('<td class="aj-cell aj-cell--additional"><span class="aj-sr">täiendav</span></td>'),
    None: Markup("<td></td>"),
}


def matrix_cells(groups: list[str | None]) -> Markup:
    """The cells of a row of the competency matrix (`SiteModel.competency_groups`).

    In Python rather than a template loop: the matrix has a cell per position and competency
    (180,000 at 10,000 positions), and these cells hold no data, only fixed markup. A cell's word is read out
    (a screen reader read "black circle" for ●, and a `title` not at all); the mark is drawn by the stylesheet.
    """
    return Markup("".join(_MATRIX_CELL[group] for group in groups))


def text(value: object) -> Markup:
    """`{{ value }}` of an autoescaping template of this environment, for Python-side fragments."""
    return Markup(output(value))


def list_items(items: list[str]) -> Markup:
    """`<li>…</li>` for each text, each on its own line: the body of a `<ul>` of data.

    The same as a `{% for %}` loop writing `<li>{{ item }}</li>`, at a third of the cost
    (a position page has some 60 of them, a competency page thousands).
    """
    return Markup("".join(f"<li>{output(item)}</li>\n" for item in items))


_DIFF_TAG = {"+": "<ins>{}</ins>", "-": "<del>{}</del>", "=": "{}"}


def change_item(change: Change) -> Markup:
    """`<li>` of one change on a history page: where, what and, word by word, the text changed.

    In Python rather than a template loop: a history page lists the changes of every version, each
    with its words (some 300,000 pieces in 1,000 history pages)."""
    out = f'<li><span class="aj-change__where">{output(change.summary)}</span>'
    if change.words and "muudetud" in change.what:
        words = " ".join(_DIFF_TAG[op].format(output(part)) for op, part in change.words)
        out += f': <span class="aj-diff">{words}</span>'
    elif change.words:
        out += f': <span class="aj-diff">{"".join(output(part) for _, part in change.words)}</span>'
    return Markup(out + "</li>")


class _Environment(jinja2.Environment):
    code_generator_class = _CodeGenerator
    context_class = _Context

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as one dict, not jinja2's `ChainMap` over the environment's: every render copies
        them and every `import` compares them, which over a `ChainMap` cost some 30 µs a page. The environment's
        globals are all set before a template is loaded (`environment`) and never changed."""
        return {**self.globals, **(d or {})}


@cache
def environment() -> jinja2.Environment:
    env = _Environment(
        loader=jinja2.PackageLoader("ametijuhend.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=output,
        auto_reload=False,  # edited templates are found once per build (`forget_edited_templates`), not per page
        bytecode_cache=_bytecode_cache(),
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


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates on disk; one that cannot be written (the folder removed, a full disk) is compiled again
    by the next build, it never stops this one."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """The compiled templates kept between builds in the cache folder (`settings.CACHE_ENV`; None when it is
    off): compiling them is some 0.13 s of every build. A template is compiled again when its source changes
    (jinja2 compares a hash of it); the folder is named after jinja2's version and this module, whose code
    generator and settings decide what a template compiles to."""
    folder = cache_folder()
    if folder is None:
        return None
    key = hashlib.sha1(version("jinja2").encode() + b"\0" + Path(__file__).read_bytes()).hexdigest()[:16]
    try:
        (folder / f"templates-{key}").mkdir(parents=True, exist_ok=True)
    except OSError:  # a cache folder that cannot be made: compile every time
        return None
    return _TemplateCache(str(folder / f"templates-{key}"))


def forget_edited_templates() -> None:
    """Drop the compiled templates whose file changed since they were compiled (`mkdocs serve`), at the start of
    a build: with `auto_reload` every page's `get_template` (and `import`) read the file's time again."""
    cache = environment().cache
    if cache is not None:
        for key, template in cache.items():
            if not template.is_up_to_date:
                del cache[key]
