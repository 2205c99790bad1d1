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
  starts the search index in a process of its own (`search.IndexJob`).
- A generated page never goes through Markdown: `on_page_read_source` gives MkDocs its front matter
  only, `on_page_content` sets its table of contents and anchors from the page's model and leaves a
  marker, and `on_post_page` renders the body into the written page in place of the marker.
- History pages and earlier versions (hundreds of pages outside the navigation) do not each go through
  the theme: per URL depth, one goes through MkDocs with markers and gives the theme's page as a shell,
  a second is checked against it, and `on_post_build` writes the others into it (`ametijuhend.shell`).
- `mkdocs build` reads only git's log itself (the dates on the position pages, the export) and the few
  versions of the pages that give the shells; a forked process beside it (`fork.Child`, started at the end
  of `on_config`) reads every version, writes the history pages, earlier versions, their JSON and the
  feed, and hands back the change list (`muudatused/`) and its page list (the sitemap, written in
  `on_post_build` after it): `_versions_beside`.
- `on_post_build` waits for the search index and publishes the staging folder atomically once
  MkDocs' strict-mode verdict is known (`strict_verdict`: its warning count; where it cannot be found,
  `mkdocs build` publishes in `on_shutdown`); `on_build_error` (and SIGTERM, SIGINT) discard it and
  leave the previous site as it was.
- Under `mkdocs serve`, invalid data does not stop the server: the site is built again from the
  last valid data of the same folder (before any valid data, from none: the hand-written pages), and
  every page, the 404 page included, carries a banner with the validator's messages (`banner_html`),
  so the person editing sees the error in the browser, not only in the terminal.
- Under `mkdocs serve`, a rebuild after an edit writes only the generated pages and files that the
  edit changed and copies the others from the site being served (`incremental.plan`); the search
  index is rebuilt after the browser has been reloaded (`incremental.ServeState.index_later`).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import os
import posixpath
import re
import resource
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from types import FrameType, SimpleNamespace
from typing import Any, cast
from urllib.parse import urljoin, urlsplit

import jinja2
import jinja2.bccache
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import CountHandler, get_build_date

from . import fork, incremental, search, shell
from .errors import format_report
from .history import GitRead, History, load_history
from .link import Links
from .load import Dataset
from .messages import text
from .project import Project, load_project
from .render import Heading, RenderedPage, RenderedSite, RenderOptions, SiteModel, render_site
from .render.changes import rebuild_note, recent_changes, remember_recent
from .render.site import compile_templates, front_matter, history_plan
from .render.urls import src_uri
from .settings import Settings, SettingsError, safe_message_language
from .staging import Staging, overlaps

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
    search: search.IndexJob | None = None
    """The search index, built in a process of its own (`search.IndexJob`) from `on_files` on."""
    data_errors: str | None = None
    """Under `mkdocs serve`: the report of the invalid data this build stands in for (it shows the last valid data)."""
    no_data: bool = False
    """Under `mkdocs serve`: the data has errors and no last valid data to show (generated pages have no data)."""
    serving: bool = False
    """A build of `mkdocs serve`: it records what it was made of for the next one (`incremental.Snapshot`)."""
    context: str = ""
    """`incremental` context of the build (under `mkdocs serve`)."""
    plan: incremental.Plan | None = None
    """Under `mkdocs serve` after an edit: what is copied from the served site instead of written anew."""
    digests: dict[str, str] = field(default_factory=dict)
    """Digests of the generated pages that `incremental.plan` compares (under `mkdocs serve`)."""
    shells: list[shell.Group] = field(default_factory=list)
    """Pages written into the theme's page made once per URL depth (`ametijuhend.shell`)."""
    shell_of: dict[str, shell.Group] = field(default_factory=dict)
    """The group of each model and witness page, by `src_uri`."""
    toc_item: Any = None
    """The theme's template of one item of the table of contents (`partials/toc-item.html`)."""
    toc_items: dict[tuple[Heading, ...], list[str]] = field(default_factory=dict)
    """Each table of contents written by `toc_item` (pages of one kind mostly have the same headings)."""
    versions: fork.Child | None = None
    """The process beside the build that reads the versions and writes their pages and files
    (`SiteHook._versions_beside`); None when the build does that itself."""
    shells_sent: bool = False
    """The shells went to `versions` (it writes the pages into them)."""
    sitemap: tuple[jinja2.Environment, Files] | None = None
    """`versions`: the sitemap waits for the list of the versions' pages (`on_post_build`); its environment, files."""
    nav: Navigation | None = None
    sitemap_urls: list[str] | None = None
    """The addresses of all generated pages, in order, once `versions` told its own (for the sitemap)."""

    @functools.cached_property
    def banner(self) -> str | None:
        """The data-error banner on every page of this build, None without errors (made once)."""
        return banner_html(self.data_errors, no_data=self.no_data) if self.data_errors else None

    @property
    def model(self) -> SiteModel:
        assert self.site.model is not None
        return self.site.model

    def close(self, *, publish: bool) -> None:
        """Wait for background work; publish the staging folder or throw it away."""
        try:
            if self.versions is not None:
                self.versions.cancel()  # (ended already when the build succeeded)
            if self.search is not None:
                self.search.cancel()
        finally:
            if publish:
                self.staging.publish()
            else:
                self.staging.discard()


def strict_verdict(config: MkDocsConfig) -> bool | None:
    """Whether MkDocs will keep the build once `on_post_build` is over: True when not strict or no warning
    was counted, False when strict mode will abort it, None when its count cannot be found.

    MkDocs 1.6 counts the warnings of a strict build with a `CountHandler` on its logger and aborts after
    `on_post_build` if there are any; nothing is logged in between."""
    if not config.strict:
        return True
    counters = [h for h in logging.getLogger("mkdocs").handlers if isinstance(h, CountHandler)]
    if not counters:
        return None
    return not any(counter.get_counts() for counter in counters)


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
        self.serve = incremental.ServeState()
        """Under `mkdocs serve`: the caches and the last published build, for the next rebuild."""
        self.serve_templates = CompiledTemplates()
        self._previous_handlers: dict[int, Any] = {}
        self._interrupted: str | None = None
        """What stopped the build, when a signal did (`_catch_signals`)."""
        self._collector_paused = False
        self._observer: Any = None
        """Under `mkdocs serve`: the file system notifications of the data folder (`_watch_at_once`)."""

    def on_startup(self, command: str, dirty: bool) -> None:
        self.command = command

    # --- one build --------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._abandon()
        gc.unfreeze()  # `mkdocs serve`: the previous build's data may be collected again (frozen below)
        if self.command == "serve":
            self.serve.stop_indexing()
            self._pause_collector()
        try:
            settings = Settings.from_config(config)
        except SettingsError as error:
            raise PluginError(error.text(safe_message_language())) from None
        if overlaps(Path(config.site_dir), settings.data_dir):
            raise PluginError(text("build.site_is_data", settings.lang, site=config.site_dir,
                                   folder=str(settings.data_dir)))
        started = time.perf_counter()
        serving = self.command == "serve"
        beside = self._beside_possible(config, serving)
        # git is read while the data loads (before the fork below: `GitRead` waits for its thread).
        git_read = GitRead(settings.data_dir) if beside else None
        project = load_project(settings.data_dir, self.serve.loads if serving else None)
        # The data lives for the whole build: frozen out of the cyclic collector's reach, which would walk
        # all of it at every full collection (hundreds of MB at 10,000 positions). Again after planning.
        gc.freeze()
        data_errors = None
        if project.errors:
            data_errors = format_report(project.problems, settings.lang)
            if not serving:
                raise PluginError(text("build.invalid", settings.lang, folder=str(settings.data_dir),
                                       report=data_errors))
            last_valid = self.last_valid.get(settings.data_dir)
            key = "build.invalid_serve" if last_valid is not None else "build.invalid_serve_empty"
            # Not through MkDocs' logger: `serve --strict` would count it and throw the whole build away.
            print("ERROR    -  " + text(key, settings.lang, folder=str(settings.data_dir), report=data_errors),
                  file=sys.stderr, flush=True)
            project = last_valid if last_valid is not None else Project(Dataset(settings.data_dir), Links(), [])
        elif serving:
            self.last_valid[settings.data_dir] = project
        edit_host = urlsplit(str(config.edit_uri or "")).hostname or ""
        if edit_host.endswith(".invalid") and not serving:  # (information: `--strict` stays clean)
            log.info("lehtede nupp „Muuda“ viitab näidisaadressile %s: määra AMETIJUHENDID_EDIT_URI (hoidla "
                     "põhiharu muutmise aadress), enne kui saidi avaldad", edit_host)
        log.info("%d positions in %s loaded, validated and linked in %.1f s",
                 len(project.links.positions), settings.data_dir, time.perf_counter() - started)
        if project.warnings:
            log.info("%d data warning(s) in %s; they are listed on the page andmekvaliteet/ "
                     "and by `ametijuhend validate`", len(project.warnings), settings.data_dir)
        started = time.perf_counter()
        history = load_history(settings.data_dir, project, self.serve.histories if serving else None, light=beside,
                               prefetched=git_read, drafts_published=settings.publish_drafts)
        if history.reason:
            log.info("ametijuhendite muudatuste ajalugu pole saadaval: %s", history.reason)
        else:
            log.info("history of %s: %d commits read in %.1f s", settings.data_dir, history.commits,
                     time.perf_counter() - started)
        options = RenderOptions(publish_drafts=settings.publish_drafts, data_path=settings.repo_path(settings.data_dir),
                                history=history, documents=settings.documents, today=settings.today,
                                site_name=config.site_name,
                                site_url=config.site_url or None)
        site = render_site(project, options)
        shells = shell.group(site.pages) if beside and not history.complete else []
        if not history.complete and not shells:  # no page to make the theme's page of: the versions are read here
            history.read()
            site = render_site(project, options)
        if site.problems:
            raise PluginError(text("build.cannot", settings.lang, folder=str(settings.data_dir),
                                   report=format_report(site.problems, settings.lang)))
        note = rebuild_note(site.model) if site.model is not None else None
        if note:  # (information, not a warning: `--strict` stays clean)
            log.info("%s", note)
        staging = Staging.begin(Path(config.site_dir))
        self.build = build = Build(settings, project, site, staging, data_errors=data_errors, serving=serving,
                                   no_data=bool(data_errors) and not project.links.positions)
        if serving:
            self._plan(build, config, history)
        config.site_dir = str(staging.site)
        setattr(config, SITE_MODEL_ATTRIBUTE, site.model)
        gc.freeze()
        if shells:
            build.shells = shells
            self._versions_beside(build, config, options)
        history.blobs = None  # (the process beside has them; the few chains the build itself still reads ask git)
        self._catch_signals()
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        build = self._current()
        if build.versions is not None:  # the site folder is as MkDocs left it after cleaning: the process beside
            try:                        # may write into it now
                build.versions.send("cleaned", None)
            except fork.ChildError as error:
                raise PluginError(f"the history's pages could not be written: {error}") from None
        if build.plan is None:  # (under `mkdocs serve` after an edit, the served index is kept: `_reuse_unchanged`)
            # First, so that the index is made while the rest of the build runs (the site folder is clean now).
            build.search = search.IndexJob.start(build.project, build.staging.site, scratch=build.staging.scratch,
                                                 include_drafts=build.settings.publish_drafts,
                                                 today=build.settings.today)
        docs_prefix = build.settings.repo_path(Path(config.docs_dir).resolve())
        for file in files.documentation_pages():
            file.edit_uri = f"{docs_prefix}/{file.src_uri}"
        taken = {file.dest_uri.split("/", 1)[0] for file in files}
        copied = build.plan.copy_pages if build.plan is not None else set()
        # Not under `mkdocs serve`, where a rebuild writes only what an edit changed (`incremental`).
        if build.versions is None:
            build.shells = shell.group(build.site.pages) if config.use_directory_urls and not build.serving else []
        later = {id(page) for group in build.shells for page in group.rest}
        for group in build.shells:
            build.shell_of.update({page.src_uri: group for page in (group.model, group.witness) if page})
        pages = build.site.pages
        if build.versions is not None:  # the theme's pages first, so that the process beside can fill them soon
            first = [page for group in build.shells for page in (group.model, group.witness) if page]
            pages = [*first, *(page for page in pages if page.src_uri not in build.shell_of)]
        for page in pages:
            if page.src_uri in copied or id(page) in later:  # `later`: written into its shell in `on_post_build`
                continue
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            model = self._model(page)
            # The content is rendered in `on_page_read_source`; the file itself only carries the title.
            file = File.generated(config, page.src_uri, content=SHELL_HEAD if model else page.head, inclusion=inclusion)
            file.edit_uri = shell.EDIT if model and page.edit_path else page.edit_path
            files.append(file)
            build.pages[page.src_uri] = page
        for path, content in build.site.files.items():
            if build.plan is not None and path in build.plan.copy_files:
                continue
            if isinstance(content, bytes):
                files.append(File.generated(config, path, content=content))
            else:  # a large file (the export): written now, so that the build does not hold it, straight into
                # the site: MkDocs leaves a file whose source is its destination as it is (no copy). Under
                # `mkdocs serve` after an edit the served site's folders are moved in below, so the scratch folder.
                target = (build.staging.site if build.plan is None else build.staging.scratch) / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content())
                files.append(File.generated(config, path, abs_src_path=str(target)))
        if build.plan is not None:
            self._reuse_unchanged(build, taken | set(config.theme.static_templates))
        return files

    def on_page_read_source(self, page: Page, config: MkDocsConfig) -> str | None:
        """A generated page's Markdown is its front matter only: its body never goes through Markdown."""
        rendered = self._generated(page)
        if rendered is None:
            return None
        page.render = functools.partial(render_without_markdown, page)  # type: ignore[method-assign]
        return SHELL_HEAD if self._model(rendered) else rendered.head

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A generated page's table of contents and anchors, from its model; its body waits for `on_post_page`."""
        rendered = self._generated(page)
        if rendered is None:
            return html
        page.toc = get_toc(cast(Any, toc_tokens(SHELL_TOC if self._model(rendered) else rendered.toc)))
        page.present_anchor_ids = rendered.anchors
        return BODY_MARKER

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """The generated page's body, rendered now: MkDocs never holds it between reading and writing."""
        rendered = self._generated(page)
        build = self.build
        if rendered is not None and build is not None:
            before, marker, after = output.partition(BODY_MARKER)
            if not marker:
                raise PluginError(f"the theme did not write the content of {page.file.src_uri}")
            group = build.shell_of.get(rendered.src_uri)
            if build.versions is not None and rendered.template == "changes.html.j2":
                self._receive_changes(build)
            if group is not None and group.model is rendered:
                output = self._make_shell(group, output, page, config)
            else:
                body = build.plan.bodies.pop(rendered.src_uri, None) if build.plan is not None else None
                if body is None:
                    body = rendered.html()
                    if build.serving:
                        build.digests[rendered.src_uri] = incremental.digest(rendered, body)
                output = before + body + after
                if group is not None:
                    group.witness_output = output
            if group is not None and build.versions is not None:
                self._send_shells(build, config)
        if build is not None and build.banner:
            output = with_banner(output, build.banner)
        return output

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """The data-error banner on the 404 page too (`mkdocs serve` with invalid data)."""
        build = self.build
        if build is not None and build.banner and template_name == "404.html":
            return with_banner(output_content, build.banner)
        return output_content

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """The theme's templates (a new environment for every build): the navigation of pages outside it
        is rendered once per folder (`cache_navigation`); under `mkdocs serve` they are compiled once,
        not on every rebuild."""
        cache_navigation(env)
        if self.command == "serve":
            env.bytecode_cache = self.serve_templates
        build = self.build
        if build is not None and build.versions is not None and SITEMAP in config.theme.static_templates:
            # It lists every page, also those of the versions, which the process beside names at its end.
            config.theme.static_templates.discard(SITEMAP)
            build.sitemap = (env, files)
        return env

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        if self.build is not None:
            self.build.nav = nav
        return nav

    def on_template_context(self, context: Any, template_name: str, config: MkDocsConfig) -> Any:
        """The sitemap lists the pages MkDocs did not render too: those written into a shell
        (`ametijuhend.shell`) and those copied from the served site (`mkdocs serve` after an edit)."""
        build = self.build
        if build is None or (build.plan is None and not build.shells) or template_name != "sitemap.xml":
            return context
        ours = {file.src_uri: file for file in context["pages"] if file.generated_by}
        pages = [file for file in context["pages"] if not file.generated_by]
        base = config.site_url or ""
        if base and not base.endswith("/"):
            base += "/"
        addresses = build.sitemap_urls if build.sitemap_urls is not None else [page.url for page in build.site.pages]
        for url in addresses:
            file = ours.get(src_uri(url))
            if file is None and base:  # in a shell or copied: what MkDocs' `Page` would give the template
                canonical = urljoin(base, url)
                file = SimpleNamespace(page=SimpleNamespace(is_link=False, canonical_url=canonical,
                                                            abs_url=urlsplit(canonical).path,
                                                            update_date=get_build_date()))
            if file is not None:
                pages.append(file)
        context["pages"] = pages
        return context

    def on_post_build(self, config: MkDocsConfig) -> None:
        build = self._current()
        if build.versions is not None:
            self._versions_written(build, config)
        else:
            self._write_shell_pages(build, config)
        if build.plan is None:
            assert build.search is not None, "on_files did not run"
            try:
                stats = build.search.result()
            except Exception as error:
                raise PluginError(f"the search index could not be built: {error}") from error
            log.info("search index: %d records, %.0f KB in %.1f s", stats.records, stats.bytes / 1024, stats.seconds)
        verdict = strict_verdict(config)
        if verdict is False:
            return  # MkDocs fails this build after this event (strict mode, warnings): `on_build_error` discards it
        if verdict is None and self.command in ("build", "gh-deploy"):
            # The strict-mode count is not to be found: published by `on_shutdown` if MkDocs does not fail it.
            self.ready = build
        else:
            # At once, also under `mkdocs serve --clean` (command `build`, one `on_shutdown` when the server stops).
            self._publish(build)

    def on_build_error(self, error: Exception) -> None:
        if self.build is not None and self.build.plan is not None:
            self.serve.previous = None  # the served site gave its output to the failed build: rebuild it whole
        self._abandon()
        if self._interrupted is not None and not isinstance(error, BuildInterrupted):
            # The signal's exception was raised inside a library that wrapped it in one of its own (pydantic's
            # JSON writer does): the build still stops as interrupted, with its one line and no traceback.
            raise BuildInterrupted(self._interrupted) from None

    def on_shutdown(self) -> None:
        if self.ready is not None and self.ready is self.build:
            self._publish(self.ready)
        self._abandon()
        self.serve.close()
        if self._observer is not None:
            self._observer.stop()
            self._observer = None

    def _publish(self, build: Build) -> None:
        self.build = self.ready = None
        try:
            if build.serving:
                with self.serve.lock:  # the background search index must not replace its folder meanwhile
                    build.close(publish=True)
                self._published(build)
            else:
                build.close(publish=True)
        finally:
            self._restore_signals()

    # --- mkdocs serve: rebuild what an edit changed -------------------------

    def _plan(self, build: Build, config: MkDocsConfig, history: History) -> None:
        """What this build can copy from the site being served (`incremental.plan`)."""
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        watched = [Path(config.docs_dir), build.settings.data_dir / "catalogues", TEMPLATES, root / "hooks",
                   *([Path(config.config_file_path)] if config.config_file_path else []),
                   *([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])]
        nav = [(page.src_uri, page.title) for page in build.site.pages if page.in_nav]
        build.context = incremental.signature(p for p in watched if p.exists()) + repr(
            (build.settings, config.site_url, nav, history.reason, str(build.staging.target)))
        previous = self.serve.previous
        if previous is None or not build.staging.target.is_dir():
            return
        started = time.perf_counter()
        build.plan = incremental.plan(previous, build.site, build.context)
        if build.plan is None:
            log.info("serve: the site is rebuilt whole (the configuration, templates, catalogues or aliases changed)")
            return
        build.digests = dict(build.plan.digests)
        log.info("serve: %d position(s) changed; %d of %d generated pages are written, the others copied "
                 "(decided in %.2f s)", len(build.plan.changed),
                 len(build.site.pages) - len(build.plan.copy_pages), len(build.site.pages),
                 time.perf_counter() - started)

    def _reuse_unchanged(self, build: Build, taken: set[str]) -> None:
        """Move the served site's generated output and search index into this build (`incremental.reuse`)."""
        previous = self.serve.previous
        assert build.plan is not None and previous is not None
        before, now = previous.banner, build.banner
        rewrite = None
        if before != now:
            def rewrite(html: str) -> str:
                html = html.replace(before, "", 1) if before else html
                return with_banner(html, now) if now else html
        source, site = build.staging.target, build.staging.site
        incremental.reuse(previous.site, build.site, build.plan, source, site, taken, rewrite)
        with self.serve.lock:
            if (source / search.OUTPUT_DIR).is_dir():
                os.rename(source / search.OUTPUT_DIR, site / search.OUTPUT_DIR)

    def _published(self, build: Build) -> None:
        """Remember what the served site is made of; after an edit, rebuild its search index in the background."""
        self.serve.published(incremental.Snapshot(build.project, build.site, build.context, build.digests,
                                                  build.banner))
        if build.plan is not None:
            self.serve.index_later(build.settings.data_dir, build.staging.target,
                                   include_drafts=build.settings.publish_drafts)

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        data = str(Settings.from_config(config).data_dir)
        if not self._watch_at_once(server, data):
            server.watch(data)
        server.watch(str(TEMPLATES))
        return server

    def _watch_at_once(self, server: Any, path: str) -> bool:
        """Start the rebuild as soon as a data file is saved (inotify), not at MkDocs' next poll.

        MkDocs' server polls what it watches every 0.5 s (the folder's 1,000 files each time); the
        system's file notifications arrive at once. They ask for a rebuild as MkDocs' own watch does
        (its rebuild condition, MkDocs 1.6). Where there are none (another server, no notifications),
        False: MkDocs polls the folder as before."""
        condition = getattr(server, "_rebuild_cond", None)
        if condition is None or not hasattr(server, "_want_rebuild"):
            return False
        try:
            from watchdog import events
            from watchdog.observers import Observer
        except ImportError:
            return False
        changes = {events.EVENT_TYPE_CREATED, events.EVENT_TYPE_DELETED, events.EVENT_TYPE_MODIFIED,
                   events.EVENT_TYPE_MOVED, events.EVENT_TYPE_CLOSED}  # not opened or read: the build reads them

        def changed(event: events.FileSystemEvent) -> None:
            if not event.is_directory and event.event_type in changes:
                with condition:
                    server._want_rebuild = True
                    condition.notify_all()

        handler = events.FileSystemEventHandler()
        handler.on_any_event = changed  # type: ignore[method-assign]
        observer = Observer()
        if "Polling" in type(observer).__name__:
            return False
        try:
            observer.schedule(handler, path, recursive=True)
            observer.start()
        except OSError:  # e.g. the system's limit of watches reached
            return False
        self._observer = observer
        log.info("watching %s for saved files (file system notifications)", path)
        return True

    # --- pages written into a shell of the theme (`ametijuhend.shell`) --------------------------

    def _model(self, page: RenderedPage) -> bool:
        group = self.build.shell_of.get(page.src_uri) if self.build is not None else None
        return group is not None and group.model is page

    def _make_shell(self, group: shell.Group, output: str, page: Page, config: MkDocsConfig) -> str:
        """The group's shell from its model page's output; returns the model page's own output."""
        build = self._current()
        build.toc_item = config.theme.get_env().get_template("partials/toc-item.html")
        markers = get_toc(cast(Any, toc_tokens(SHELL_TOC)))
        items = cast(tuple[str, str], tuple(build.toc_item.render(toc_item=item) for item in markers))
        try:
            group.shell = shell.make_shell(output, body_marker=BODY_MARKER, toc_items=items,
                                           canonical=page.canonical_url, url=page.url)
        except shell.ShellError as error:
            raise PluginError(f"history pages cannot be written into the theme's page: {error}") from None
        return group.shell.fill(self._shell_values(group.model, config))

    def _shell_values(self, page: RenderedPage, config: MkDocsConfig) -> shell.Values:
        build = self._current()
        headings = tuple(page.toc)
        toc = build.toc_items.get(headings)
        if toc is None:
            toc = build.toc_items[headings] = [build.toc_item.render(toc_item=item)
                                               for item in get_toc(cast(Any, toc_tokens(list(headings))))]
        base = config.site_url
        canonical = urljoin(base if base.endswith("/") else base + "/", page.url) if base else None
        return shell.Values(page.title, page.edit_path, canonical, toc, headings[0].anchor, page.html())

    def _write_shell_pages(self, build: Build, config: MkDocsConfig) -> None:
        """Check each shell against its witness page, then write the group's other pages, one at a time."""
        site = Path(config.site_dir)
        for group in build.shells:
            if group.shell is None:
                raise PluginError(f"the page {group.model.url} was not written, so its group has no shell")
            try:
                group.check(group.shell.fill(self._shell_values(group.witness, config)) if group.witness else None)
            except shell.ShellError as error:
                raise PluginError(f"history pages cannot be written into the theme's page: {error}") from None
            for rendered in group.rest:
                output = group.shell.fill(self._shell_values(rendered, config))
                if build.banner:
                    output = with_banner(output, build.banner)
                target = site / rendered.url / "index.html"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(output.encode("utf-8", errors="xmlcharrefreplace"))

    # --- the versions' pages and files, written beside the build (`fork.Child`) -----------------

    @staticmethod
    def _beside_possible(config: MkDocsConfig, serving: bool) -> bool:
        """Whether this build can read the versions in a process beside it (`_versions_beside`): `mkdocs build`
        (one thread, pages in a shell), and MkDocs' sitemap writer known (1.6)."""
        return (not serving and config.use_directory_urls and fork.available()
                and callable(getattr(mkdocs_build, "_build_theme_template", None)))

    def _versions_beside(self, build: Build, config: MkDocsConfig, options: RenderOptions) -> None:
        """Start the process that reads every version, plans their pages and files as the build would
        (`history_plan`), writes the files, tells the build the change list and the pages, and writes the
        pages into the shells the build sends it (from the theme's pages of the first of them).

        The build itself read only the log (the dates on the position pages, the export) and a few chains (the
        pages that go through MkDocs and give the shells): reading, comparing and rendering some 10,000
        versions is the history's cost, and runs on the other core (issue 16)."""
        site_files = set(build.site.files)

        def work(channel: fork.Channel) -> None:
            gc.freeze()
            model = build.model
            history = model.history
            assert history is not None
            history.seed(build.project)  # (the parser of the build's few chains: one numbering of the blocks)
            history.read()
            plan = history_plan(model, options)
            channel.send("pages", [page.url for page in plan.pages])
            channel.send("changes", recent_changes(model))
            root = build.staging.site
            folders: set[Path] = set()

            def write(target: Path, content: bytes) -> None:
                if target.parent not in folders:  # (each folder made once: a file system call costs here)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    folders.add(target.parent)
                target.write_bytes(content)

            channel.receive("cleaned")  # (MkDocs empties the site folder after `on_config`: write after that)
            for path in plan.files:
                if path not in site_files:
                    write(root / path, plan.content(path))
            shells, written = channel.receive("shells")
            build.toc_item = config.theme.get_env().get_template("partials/toc-item.html")
            count = 0
            for page in plan.pages:
                if not page.shell or page.url in written:
                    continue
                found = shells.get(shell.key(page))
                if found is None:
                    raise PluginError(f"no page of the theme for {page.url}")
                output = found.fill(self._shell_values(page, config))
                if build.banner:
                    output = with_banner(output, build.banner)
                write(root / page.url / "index.html", output.encode("utf-8", errors="xmlcharrefreplace"))
                count += 1
            used = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
            channel.send("done", (count, len(plan.files) - len(site_files & set(plan.files)),
                                  sum(u.ru_utime + u.ru_stime for u in used)))

        compile_templates()  # (the build compiles them anyway; the child then has them)
        build.versions = fork.Child.start(work, build.staging.scratch / "versions")

    def _receive_changes(self, build: Build) -> None:
        """The change list (the page `muudatused/`) from the process beside."""
        assert build.versions is not None
        try:
            remember_recent(build.model, build.versions.receive("changes"))
        except fork.ChildError as error:
            raise PluginError(f"the history's pages could not be written: {error}") from None

    def _send_shells(self, build: Build, config: MkDocsConfig) -> None:
        """Once every shell is made and checked against its witness, send them to the process beside."""
        if build.shells_sent or any(group.shell is None or (group.witness is not None and group.witness_output is None)
                                    for group in build.shells):
            return
        for group in build.shells:
            assert group.shell is not None
            try:
                group.check(group.shell.fill(self._shell_values(group.witness, config)) if group.witness else None)
            except shell.ShellError as error:
                raise PluginError(f"history pages cannot be written into the theme's page: {error}") from None
        assert build.versions is not None
        written = {page.url for group in build.shells for page in (group.model, group.witness) if page}
        try:
            build.versions.send("shells", ({shell.key(group.model): group.shell for group in build.shells}, written))
        except fork.ChildError as error:
            raise PluginError(f"the history's pages could not be written: {error}") from None
        build.shells_sent = True

    def _versions_written(self, build: Build, config: MkDocsConfig) -> None:
        """Wait for the process beside; then the sitemap, which lists its pages too."""
        job = build.versions
        assert job is not None
        if not build.shells_sent:
            raise PluginError("the history's pages were not written: the theme's page for them was not made")
        started = time.perf_counter()
        try:
            pages = job.receive("pages")
            written, files, cpu = job.receive("done")
        except fork.ChildError as error:
            raise PluginError(f"the history's pages could not be written: {error}") from None
        job.wait()
        log.info("history: %d pages and %d files written beside the build in %.1f s of CPU (waited %.1f s)",
                 written, files, cpu, time.perf_counter() - started)
        first, end = build.site.history_pages
        build.sitemap_urls = [*(page.url for page in build.site.pages[:first]), *pages,
                              *(page.url for page in build.site.pages[end:])]
        if build.sitemap is not None:
            env, files_ = build.sitemap
            assert build.nav is not None
            mkdocs_build._build_theme_template(SITEMAP, env, files_, config, build.nav)
            config.theme.static_templates.add(SITEMAP)

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

    def _pause_collector(self) -> None:
        """Under `mkdocs serve`, no cyclic garbage collection during a rebuild (`_resume_collector`).

        The process holds two builds' data then (the served one and the new one): each full collection
        walks all of it, about a tenth of a rebuild's time, for almost no cycles to find."""
        if gc.isenabled():
            gc.disable()
            self._collector_paused = True

    def _resume_collector(self) -> None:
        if self._collector_paused:
            self._collector_paused = False
            gc.enable()

    def _catch_signals(self) -> None:
        """SIGTERM and SIGINT become an exception in the build, so that `on_build_error` cleans up."""
        self._interrupted = None

        def interrupt(signum: int, frame: FrameType | None) -> None:
            self._interrupted = f"build interrupted by signal {signal.Signals(signum).name}"
            raise BuildInterrupted(self._interrupted)

        for signum in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(ValueError):  # not the main thread: no handler, no harm
                self._previous_handlers[signum] = signal.signal(signum, interrupt)

    def _restore_signals(self) -> None:
        """The end of a build (published or not): signals handled as before, the collector back on."""
        for signum, handler in self._previous_handlers.items():
            signal.signal(signum, handler)
        self._previous_handlers.clear()
        self._resume_collector()



class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled theme templates kept in memory: MkDocs makes a new Jinja environment for every build.

    Jinja checks each template's source against the checksum kept with its code, so an edited
    template is compiled again."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_CONTENT_START = (re.compile(r"<article\b[^>]*>"), re.compile(r"<body\b[^>]*>"))
"""Where the banner goes: the start of the page's content (Material's article), else of its body."""


def banner_html(report: str, *, no_data: bool = False) -> str:
    """The banner of the data errors `report` (HTML-escaped: it quotes the data, which is never code).

    `no_data`: there is no last valid data to show (the first build of `mkdocs serve` found errors)."""
    shown = ("Ametijuhendeid ei saa enne vigade parandamist näidata." if no_data
             else "Sait näitab viimaseid korras andmeid.")
    return ('<div class="aj-banner aj-banner--repealed aj-data-errors" role="alert">'
            f"<p><strong>Andmetes on vigu.</strong> {shown} "
            "Paranda vead ja salvesta fail: leht uueneb ise.</p>"
            f"<pre>{escape(report)}</pre></div>")


def with_banner(page_html: str, banner: str) -> str:
    """`page_html` with `banner` (`banner_html`) at the top of its content."""
    for pattern in _CONTENT_START:
        start = pattern.search(page_html)
        if start is not None:
            return page_html[:start.end()] + banner + page_html[start.end():]
    return banner + page_html


def render_without_markdown(page: Page, config: MkDocsConfig, files: Files) -> None:
    """`Page.render` of a generated page, whose Markdown is its front matter only: what converting the
    empty body gives, without making a Markdown converter with every extension for it (1 ms a page).
    `on_page_content` then sets the page's table of contents and anchors from its model."""
    page.content = ""
    page.toc = get_toc([])
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


NAVIGATION_TEMPLATE = "partials/nav.html"


def cache_navigation(env: jinja2.Environment) -> None:
    """Render the theme's navigation once for all pages outside it that sit in the same folder.

    The navigation lists the pages of `nav` only; a page outside it (a position, a unit, a further page
    of a list) marks none of them active, so its navigation differs from a sibling's only by the
    relative addresses, which are the same for pages of one folder. It was a third of the theme's time
    per page. A page in the navigation, or with a page of the navigation below its own address, is
    rendered as before."""
    template = env.get_template(NAVIGATION_TEMPLATE)  # the environment keeps it: `{% include %}` gets this one
    render = template.root_render_func
    rendered: dict[str, str] = {}
    nav_urls: list[str] = []

    def cached(context: Any) -> Iterator[str]:
        page, nav = context.get("page"), context.get("nav")
        key = None
        if isinstance(page, Page) and nav is not None:  # one build, one `nav`
            if not nav_urls:
                nav_urls.extend(p.url for p in nav.pages)
            if not any(url.startswith(page.url) for url in nav_urls):
                key = posixpath.dirname(page.url.rstrip("/"))
        if key is None:
            yield from render(context)
            return
        html = rendered.get(key)
        if html is None:
            html = rendered[key] = "".join(render(context))
        yield html

    template.root_render_func = cached  # what `{% include %}` runs


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


SITEMAP = "sitemap.xml"
SHELL_HEAD = front_matter(title=shell.TITLE)
SHELL_TOC = [Heading(2, anchor, title) for anchor, title in shell.TOC]

SITE_MODEL_ATTRIBUTE = "ametijuhend_site_model"


def site_model(config: MkDocsConfig) -> SiteModel:
    """The page model of the build of `config`, for the macros of the hand-written pages (hooks/macros.py)."""
    model = getattr(config, SITE_MODEL_ATTRIBUTE, None)
    if model is None:
        raise PluginError("the ametijuhendid hook did not load the data "
                          "(is hooks/ametijuhendid.py listed under `hooks:` in mkdocs.yml?)")
    return model
