"""`ametijuhend pages --out DIR`: every generated page on disk, for any site builder (issue 18).

The MkDocs hook hands the generated pages to MkDocs in memory. This writes the same pages as
files, so that a builder without our hook (plain MkDocs, ProperDocs, Zensical …) can take them:

    DIR/docs/<page>/index.md  front matter (the title) and the page's HTML body, one file per page
    DIR/docs/andmed/…         the JSON export, the schemas, the rows of the positions list
    DIR/docs/ametikohad/<alias>/index.html   redirects of old addresses
    DIR/docs/index.md         a home page linking the main pages (the site's own is hand-written)
    DIR/docs/assets/ametijuhendid/   the site's stylesheet and scripts (from overrides/, when found)
    DIR/nav.json              the navigation: [{title: page file}], in order
    DIR/search.jsonl          the search input: one record a line, {"url": …, "html": …} (Pagefind's records)
    DIR/mkdocs.yml            a plain MkDocs + Material configuration of the site's look, without the hook

DIR is replaced whole, and only when everything is written.

`mkdocs build -f DIR/mkdocs.yml` (or `properdocs build`) then builds them. The body is HTML that
Python-Markdown passes through; the table of contents of a page is not made there (it comes from
the page model in the hook's build).
"""

from __future__ import annotations

import argparse
import errno
import html
import json
import os
import secrets
import shutil
from pathlib import Path
from typing import Any

from .errors import format_report
from .messages import DEFAULT_LANG, Lang, text
from .render import RenderedSite, RenderOptions, render_site
from .render.paging import PAGE_ROWS
from .settings import DATA_ENV, DEFAULT_DATA, PUBLISH_DRAFTS_ENV, SettingsError, build_day, env_value, parse_bool
from .staging import overlaps

NAV_FILE = "nav.json"
SEARCH_FILE = "search.jsonl"
CONFIG_FILE = "mkdocs.yml"
HOME = "index.md"
ASSETS = Path("overrides") / "assets" / "ametijuhendid"
"""The site's own stylesheet and scripts (relative to the repository); copied when the folder exists."""
ASSET_DIR = "assets/ametijuhendid/"
SITE_CONFIG = Path("mkdocs.yml")
"""The site's configuration, whose theme settings and Markdown extensions the written one takes."""

FALLBACK: dict[str, Any] = {
    "theme": {"name": "material", "language": "et", "font": False},
    "markdown_extensions": ["attr_list", "admonition", "tables", {"toc": {"permalink": True}}],
}
GENERATED_FOLDERS = ("ametikohad", "yksused", "kompetentsid", "andmekvaliteet")
"""Folders of generated pages; their pages stay out of the navigation unless listed in it."""


def write_pages(site: RenderedSite, docs: Path) -> list[str]:
    """Every page of `site` as a Markdown file (front matter + HTML body) and every other file, into `docs`.

    Returns the written pages' files (relative to `docs`), in the order of `site.pages`.
    Pages are rendered and written one at a time, so that the HTML of all pages never exists at once.
    """
    written = []
    for page in site.pages:
        target = docs / page_file(page.url)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.head + page.html(), encoding="utf-8")
        written.append(page_file(page.url))
    for name in site.files:
        target = docs / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(site.content(name))
    return written


def page_file(url: str) -> str:
    """The file of the page at directory URL `url`: always `<url>index.md`.

    A folder of its own per page, so that a relative link in the body means the same from the file as
    from the page: Zensical resolves links in the HTML from the page's source file (MkDocs leaves them).
    """
    return f"{url}index.md"


def nav_of(site: RenderedSite) -> list[dict[str, str]]:
    """The navigation of the generated pages: `[{title: page file}]`, in the site's order."""
    return [{page.title: page_file(page.url)} for page in site.pages if page.in_nav]


def plain_config(nav: list[dict[str, str]], *, site_name: str = "Ametijuhendid", assets: bool = False,
                 site_config: Path = SITE_CONFIG) -> str:
    """mkdocs.yml of a plain MkDocs + Material build of the written pages: the site's theme settings and
    Markdown extensions (from `site_config`, when it exists), no hook, no plugins, no theme overrides.

    The pages below the generated folders stay out of the navigation (`not_in_nav`) unless `nav` lists them.
    """
    import yaml
    from mkdocs.utils.yaml import yaml_load

    site: dict[str, Any] = {}
    if site_config.is_file():
        with site_config.open(encoding="utf-8") as fh:
            site = yaml_load(fh) or {}
    theme = dict(site.get("theme") or FALLBACK["theme"])
    theme.pop("custom_dir", None)
    config: dict[str, Any] = {
        "site_name": site_name,
        "docs_dir": "docs",
        "use_directory_urls": site.get("use_directory_urls", True),
        "theme": theme,
        "plugins": [],  # Material's search is off, as on the site (its own index; search.jsonl is for Pagefind)
        "markdown_extensions": site.get("markdown_extensions") or FALLBACK["markdown_extensions"],
        "not_in_nav": "".join(f"/{folder}/\n" for folder in GENERATED_FOLDERS),
        "nav": [{"Avaleht": HOME}, *nav],
    }
    if assets:
        config["extra_css"] = [ASSET_DIR + "site.css"]
        config["extra_javascript"] = [{"path": ASSET_DIR + name, "defer": True} for name in ("filters.js", "layout.js")]
    head = "# Written by `ametijuhend pages`: plain MkDocs + Material over the generated pages, no hook.\n"
    return head + yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def home_page(nav: list[dict[str, str]]) -> str:
    """A plain home page that links the main pages (the site's own home page is hand-written, with macros)."""
    items = "".join(f'<li><a href="{html.escape(src.removesuffix("index.md"))}">{html.escape(title)}</a></li>\n'
                    for entry in nav for title, src in entry.items())
    return ('---\ntitle: "Ametijuhendid"\n---\n\n<h1>Ametijuhendid</h1>\n'
            f'<ul class="aj-home">\n{items}</ul>\n')


def write_search_input(site: RenderedSite, path: Path, *, include_drafts: bool) -> int:
    """The search records (`ametijuhend.search`) as JSON lines `{"url", "html"}`; returns how many."""
    from .morphology import Morphology, MorphologyUnavailable
    from .search import LemmaLayer, build_records

    assert site.model is not None
    project = site.model.project
    records = build_records(project, include_drafts=include_drafts, today=site.model.today)
    try:
        mark = LemmaLayer(Morphology.shared(), records).mark
    except MorphologyUnavailable:  # as the site's own index: words as written
        mark = None
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps({"url": record.url, "html": record.html(mark)}, ensure_ascii=False) + "\n")
    return len(records)


def write_all(site: RenderedSite, out: Path, *, include_drafts: bool, assets: Path | None = None,
              search: bool = True) -> dict[str, int]:
    """Everything `ametijuhend pages` writes (see the module's docstring) into `out`, replacing it whole.

    Written into a new folder beside `out` that takes its place only when complete: a failed run
    leaves the previous output as it was, never a half-written one.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    new = out.with_name(f".{out.name}.{secrets.token_hex(4)}")
    new.mkdir()  # with the umask's mode, as any folder (mkdtemp's is the owner's only): a web server reads it
    try:
        counts = _write_into(site, new, include_drafts=include_drafts, assets=assets, search=search)
        old = new.with_name(new.name + ".old")
        if not_a_folder(out):  # (appeared while the pages were made)
            raise NotADirectoryError(errno.ENOTDIR, "not a folder, left as it is", str(out))
        if out.exists():
            out.rename(old)
        new.rename(out)
        if old.exists():
            shutil.rmtree(old)
    finally:
        if new.exists():
            shutil.rmtree(new)
    return counts


def not_a_folder(out: Path) -> bool:
    """`out` is a file or a link: replacing it whole would move it aside under a hidden name."""
    return out.is_symlink() or (out.exists() and not out.is_dir())


def _write_into(site: RenderedSite, out: Path, *, include_drafts: bool, assets: Path | None,
                search: bool) -> dict[str, int]:
    docs = out / "docs"
    docs.mkdir()
    pages = write_pages(site, docs)
    nav = nav_of(site)
    (docs / HOME).write_text(home_page(nav), encoding="utf-8")
    copied = assets is not None and assets.is_dir()
    if copied:
        assert assets is not None
        shutil.copytree(assets, docs / ASSET_DIR)
    (out / NAV_FILE).write_text(json.dumps(nav, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / CONFIG_FILE).write_text(plain_config(nav, assets=copied), encoding="utf-8")
    records = write_search_input(site, out / SEARCH_FILE, include_drafts=include_drafts) if search else 0
    return {"pages": len(pages) + 1, "files": len(site.files), "records": records}


# --- the command ------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    lang: Lang = getattr(parser, "lang", DEFAULT_LANG)  # the CLI's parser knows the language of messages
    parser.description = text("pages.description", lang)
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help=text("pages.out", lang))
    parser.add_argument("--data", type=Path, default=Path(env_value(DATA_ENV) or DEFAULT_DATA), metavar="DIR",
                        help=text("cli.data", lang, env=DATA_ENV))
    parser.add_argument("--drafts", choices=("jah", "ei"), default=None,
                        help=text("pages.drafts", lang, env=PUBLISH_DRAFTS_ENV))
    parser.add_argument("--no-search", action="store_true", help=text("pages.no_search", lang))
    parser.add_argument("--page-rows", type=int, default=None, metavar="N", help=text("pages.page_rows", lang))


def run(args: argparse.Namespace) -> int:
    import sys

    from .history import load_history
    from .project import load_project

    try:
        drafts = parse_bool(args.drafts or env_value(PUBLISH_DRAFTS_ENV) or "jah", "--drafts")
        today = build_day()
    except SettingsError as error:
        print(f"ametijuhend pages: {error}", file=sys.stderr)
        return 2
    if args.page_rows is not None and args.page_rows < 1:
        print("ametijuhend pages: --page-rows peab olema positiivne täisarv", file=sys.stderr)
        return 2
    lang: Lang = getattr(args, "lang", DEFAULT_LANG)
    if not_a_folder(args.out):
        what = text("pages.a_link" if args.out.is_symlink() else "pages.a_file", lang)
        print(f"ametijuhend pages: {text('pages.out_not_folder', lang, out=str(args.out), what=what)}",
              file=sys.stderr)
        return 2
    if overlaps(args.out, Path(args.data)):
        print(f"ametijuhend pages: {text('pages.out_is_data', lang, out=str(args.out), folder=str(args.data))}",
              file=sys.stderr)
        return 2
    project = load_project(args.data)
    if project.errors:
        print(f"{args.data}: andmetes on vigu, lehti ei kirjutatud:\n{format_report(project.problems)}",
              file=sys.stderr)
        return 1
    rows = PAGE_ROWS if args.page_rows is None else dict.fromkeys(PAGE_ROWS, args.page_rows)
    history = load_history(Path(args.data).resolve(), project)  # as the site: history pages when git has it
    site = render_site(project, RenderOptions(publish_drafts=drafts, data_path=_repo_path(args.data),
                                              page_rows=dict(rows), history=history, today=today))
    if site.problems:
        print(f"{args.data}: sellest ei saa saiti teha:\n{format_report(site.problems)}", file=sys.stderr)
        return 1
    if args.out.is_dir() and any(args.out.iterdir()) and not (args.out / NAV_FILE).is_file():
        print(f"ametijuhend pages: {text('pages.out_not_ours', lang, out=str(args.out), mark=NAV_FILE)}",
              file=sys.stderr)
        return 2
    try:
        counts = write_all(site, args.out, include_drafts=drafts, assets=ASSETS, search=not args.no_search)
    except OSError as error:
        print(f"ametijuhend pages: kausta {args.out} ei saa kirjutada ({error}); varasem sisu jäi alles",
              file=sys.stderr)
        return 2
    print(f"{args.out}: {counts['pages']} lehte, {counts['files']} muud faili, {counts['records']} otsingukirjet; "
          f"ehita: mkdocs build -f {args.out / CONFIG_FILE}")
    return 0


def _repo_path(path: Path) -> str:
    """The data folder as the edit links name it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path(os.getcwd()).resolve()).as_posix()
    except ValueError:
        return path.name
