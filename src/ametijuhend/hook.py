"""The MkDocs adapter: MkDocs events → the library's stages (load → validate → link → render).

`hooks/ametijuhendid.py` only registers the methods of one `SiteHook`; all state of a
build lives in one `Build` object made in `on_config` (`mkdocs serve` builds many times
in one process, each with a new `Build`).

- `on_config` reads the settings, checks the search indexer, loads and validates the data
  *before* MkDocs touches any output folder (invalid data stops the build with the
  validator's messages), plans every generated page, and points MkDocs at a staging folder
  beside the real `site/` (`staging.Staging`): the real folder is replaced only when the
  whole build, search index included, has succeeded.
- `on_files` adds the generated pages as virtual files (nothing is written into `docs/`) and
  starts the search index in the background (`concurrent.futures`).
- A generated page never goes through Markdown: `on_page_read_source` gives MkDocs its front matter
  only, `on_page_content` sets its table of contents and anchors from the page's model and leaves a
  marker, and `on_post_page` renders the body into the written page in place of the marker.
- `on_post_build` waits for the search index. `mkdocs build` publishes the staging folder
  atomically in `on_shutdown`, after MkDocs' strict-mode verdict (`mkdocs serve` at the end of each
  rebuild); `on_build_error` (and SIGTERM, SIGINT) discard it and leave the previous site as it was.
- Under `mkdocs serve`, invalid data does not stop the server: the site is built again from the
  last valid data of the same folder, and every page carries a banner with the validator's messages
  (`error_banner`), so the person editing sees the error in the browser, not only in the terminal.
"""

from __future__ import annotations

import contextlib
import logging
import re
import signal
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from types import FrameType
from typing import Any, cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import search
from .errors import format_report
from .history import load_history
from .messages import text
from .project import Project, load_project
from .render import Heading, RenderedPage, RenderedSite, RenderOptions, SiteModel, render_site
from .settings import Settings, SettingsError, safe_message_language
from .staging import Staging

log = logging.getLogger("mkdocs.hooks.ametijuhendid")
TEMPLATES = Path(__file__).parent / "render" / "templates"
BODY_MARKER = "<!--ametijuhend: the body of this page, its own <h1> included, is written by on_post_page-->"
"""A generated page's content while MkDocs holds it. It mentions `<h1>` because Material adds a title
heading to content without one; data text is HTML-escaped, so it can never contain the marker."""


class BuildInterrupted(Abort):
    """SIGTERM or SIGINT during a build: MkDocs runs `on_build_error`, which discards the staging folder."""


@dataclass
class Build:
    """Everything one build knows, from `on_config` to `on_post_build`."""

    settings: Settings
    project: Project
    site: RenderedSite
    staging: Staging
    pages: dict[str, RenderedPage] = field(default_factory=dict)
    """Generated pages by `src_uri`, rendered when MkDocs reads them."""
    executor: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(1, "ametijuhend-search"))
    search: Future[search.SearchStats] | None = None
    data_errors: str | None = None
    """Under `mkdocs serve`: the report of the invalid data this build stands in for (it shows the last valid data)."""

    @property
    def model(self) -> SiteModel:
        assert self.site.model is not None
        return self.site.model

    def close(self, *, publish: bool) -> None:
        """Wait for background work; publish the staging folder or throw it away."""
        try:
            self.executor.shutdown(wait=True, cancel_futures=True)
        finally:
            if publish:
                self.staging.publish()
            else:
                self.staging.discard()


class SiteHook:
    """The MkDocs events of the site; one instance per loaded `mkdocs.yml`."""

    def __init__(self) -> None:
        self.build: Build | None = None
        self.command: str | None = None
        """`build`, `serve` or `gh-deploy` (`on_startup`); None when MkDocs' build is called directly."""
        self.ready: Build | None = None
        """A build whose every step succeeded, waiting for MkDocs' strict-mode verdict (`on_shutdown`)."""
        self.last_valid: dict[Path, Project] = {}
        """Under `mkdocs serve`: the last valid data of each data folder, shown while the data has errors."""
        self._previous_handlers: dict[int, Any] = {}

    def on_startup(self, command: str, dirty: bool) -> None:
        self.command = command

    # --- one build --------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._abandon()
        try:
            settings = Settings.from_config(config)
        except SettingsError as error:
            raise PluginError(error.text(safe_message_language())) from None
        if search.pagefind_executable() is None:
            raise PluginError("otsinguindeksi tööriista Pagefind ei leitud: paigalda projekti sõltuvused uuesti "
                              "(`python3 tasks.py build` teeb seda ise) või määra PAGEFIND_BINARY_PATH")
        started = time.perf_counter()
        project = load_project(settings.data_dir)
        data_errors = None
        if project.errors:
            data_errors = format_report(project.problems, settings.lang)
            last_valid = self.last_valid.get(settings.data_dir) if self.command == "serve" else None
            if last_valid is None:
                raise PluginError(text("build.invalid", settings.lang, folder=str(settings.data_dir),
                                       report=data_errors))
            # Not through MkDocs' logger: `serve --strict` would count it and throw the whole build away.
            print("ERROR    -  " + text("build.invalid_serve", settings.lang, folder=str(settings.data_dir),
                                        report=data_errors), file=sys.stderr, flush=True)
            project = last_valid
        elif self.command == "serve":
            self.last_valid[settings.data_dir] = project
        log.info("%d positions in %s loaded, validated and linked in %.1f s",
                 len(project.links.positions), settings.data_dir, time.perf_counter() - started)
        if project.warnings:
            log.info("%d data warning(s) in %s; they are listed on the page andmekvaliteet/ "
                     "and by `ametijuhend validate`", len(project.warnings), settings.data_dir)
        started = time.perf_counter()
        history = load_history(settings.data_dir, project)
        if history.reason:
            log.info("ametijuhendite muudatuste ajalugu pole saadaval: %s", history.reason)
        else:
            log.info("history of %s: %d commits read in %.1f s", settings.data_dir, history.commits,
                     time.perf_counter() - started)
        site = render_site(project, RenderOptions(publish_drafts=settings.publish_drafts,
                                                  data_path=settings.repo_path(settings.data_dir),
                                                  history=history, documents=settings.documents,
                                                  site_name=config.site_name,
                                                  site_url=config.site_url or None))
        if site.problems:
            raise PluginError(text("build.cannot", settings.lang, folder=str(settings.data_dir),
                                   report=format_report(site.problems, settings.lang)))
        staging = Staging.begin(Path(config.site_dir))
        self.build = Build(settings, project, site, staging, data_errors=data_errors)
        config.site_dir = str(staging.site)
        setattr(config, SITE_MODEL_ATTRIBUTE, site.model)
        self._catch_signals()
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        build = self._current()
        docs_prefix = build.settings.repo_path(Path(config.docs_dir).resolve())
        for file in files.documentation_pages():
            file.edit_uri = f"{docs_prefix}/{file.src_uri}"
        for page in build.site.pages:
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            # The content is rendered in `on_page_read_source`; the file itself only carries the title.
            file = File.generated(config, page.src_uri, content=page.head, inclusion=inclusion)
            file.edit_uri = page.edit_path
            files.append(file)
            build.pages[page.src_uri] = page
        for path, content in build.site.files.items():
            if isinstance(content, bytes):
                files.append(File.generated(config, path, content=content))
            else:  # a large file (the export): written out now, so that the build does not hold it
                target = build.staging.scratch / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content())
                files.append(File.generated(config, path, abs_src_path=str(target)))
        build.search = build.executor.submit(
            search.build_index, build.project, build.staging.site, include_drafts=build.settings.publish_drafts,
            scratch=build.staging.scratch)
        return files

    def on_page_read_source(self, page: Page, config: MkDocsConfig) -> str | None:
        """A generated page's Markdown is its front matter only: its body never goes through Markdown."""
        rendered = self._generated(page)
        return None if rendered is None else rendered.head

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A generated page's table of contents and anchors, from its model; its body waits for `on_post_page`."""
        rendered = self._generated(page)
        if rendered is None:
            return html
        page.toc = get_toc(cast(Any, toc_tokens(rendered.toc)))
        page.present_anchor_ids = rendered.anchors
        return BODY_MARKER

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """The generated page's body, rendered now: MkDocs never holds it between reading and writing."""
        rendered = self._generated(page)
        if rendered is not None:
            before, marker, after = output.partition(BODY_MARKER)
            if not marker:
                raise PluginError(f"the theme did not write the content of {page.file.src_uri}")
            output = before + rendered.html() + after
        if self.build is not None and self.build.data_errors:
            output = error_banner(output, self.build.data_errors)
        return output

    def on_post_build(self, config: MkDocsConfig) -> None:
        build = self._current()
        assert build.search is not None, "on_files did not run"
        try:
            stats = build.search.result()
        except Exception as error:
            raise PluginError(f"the search index could not be built: {error}") from error
        log.info("search index: %d records, %.0f KB in %.1f s", stats.records, stats.bytes / 1024, stats.seconds)
        if self.command in ("build", "gh-deploy"):
            # MkDocs counts strict-mode warnings after this event and may still fail the build
            # (then `on_build_error` discards it); `mkdocs build` ends with `on_shutdown`, which publishes.
            self.ready = build
        else:  # `mkdocs serve` (its own private folder) or MkDocs' build called directly
            self._publish(build)

    def on_build_error(self, error: Exception) -> None:
        self._abandon()

    def on_shutdown(self) -> None:
        if self.ready is not None and self.ready is self.build:
            self._publish(self.ready)
        self._abandon()

    def _publish(self, build: Build) -> None:
        self.build = self.ready = None
        try:
            build.close(publish=True)
        finally:
            self._restore_signals()

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(Settings.from_config(config).data_dir))
        server.watch(str(TEMPLATES))
        return server

    # --- helpers ----------------------------------------------------------

    def _generated(self, page: Page) -> RenderedPage | None:
        build = self.build
        return build.pages.get(page.file.src_uri) if build is not None and page.file.generated_by else None

    def _current(self) -> Build:
        if self.build is None:
            raise PluginError("ametijuhendid: on_config did not run")
        return self.build

    def _abandon(self) -> None:
        """Discard a build that did not finish (an error, an interrupt, `mkdocs serve` starting over)."""
        build, self.build, self.ready = self.build, None, None
        self._restore_signals()
        if build is not None:
            build.close(publish=False)

    def _catch_signals(self) -> None:
        """SIGTERM and SIGINT become an exception in the build, so that `on_build_error` cleans up."""
        def interrupt(signum: int, frame: FrameType | None) -> None:
            raise BuildInterrupted(f"build interrupted by signal {signal.Signals(signum).name}")

        for signum in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(ValueError):  # not the main thread: no handler, no harm
                self._previous_handlers[signum] = signal.signal(signum, interrupt)

    def _restore_signals(self) -> None:
        for signum, handler in self._previous_handlers.items():
            signal.signal(signum, handler)
        self._previous_handlers.clear()



_CONTENT_START = (re.compile(r"<article\b[^>]*>"), re.compile(r"<body\b[^>]*>"))
"""Where the banner goes: the start of the page's content (Material's article), else of its body."""


def error_banner(page_html: str, report: str) -> str:
    """`page_html` with a banner of the data errors at the top of its content (`mkdocs serve` only).

    The report is HTML-escaped: it quotes the data, which is never code."""
    banner = ('<div class="aj-banner aj-banner--repealed aj-data-errors" role="alert">'
              "<p><strong>Andmetes on vigu.</strong> Sait näitab viimaseid korras andmeid. "
              "Paranda vead ja salvesta fail: leht uueneb ise.</p>"
              f"<pre>{escape(report)}</pre></div>")
    for pattern in _CONTENT_START:
        start = pattern.search(page_html)
        if start is not None:
            return page_html[:start.end()] + banner + page_html[start.end():]
    return banner + page_html


def toc_tokens(headings: list[Heading]) -> list[dict[str, Any]]:
    """Headings as the nested tokens of Python-Markdown's `toc` extension (what `get_toc` reads)."""
    root: list[dict[str, Any]] = []
    open_: list[dict[str, Any]] = []
    for h in headings:
        token = {"level": h.level, "id": h.anchor, "name": escape(h.title), "children": []}
        while open_ and open_[-1]["level"] >= h.level:
            open_.pop()
        (open_[-1]["children"] if open_ else root).append(token)
        open_.append(token)
    return root


SITE_MODEL_ATTRIBUTE = "ametijuhend_site_model"


def site_model(config: MkDocsConfig) -> SiteModel:
    """The page model of the build of `config`, for the macros of the hand-written pages (hooks/macros.py)."""
    model = getattr(config, SITE_MODEL_ATTRIBUTE, None)
    if model is None:
        raise PluginError("the ametijuhendid hook did not load the data "
                          "(is hooks/ametijuhendid.py listed under `hooks:` in mkdocs.yml?)")
    return model
