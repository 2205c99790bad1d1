"""MkDocs hook: a thin adapter between MkDocs and the `ametijuhend` library.

- `on_config` loads and validates the data folder *before* MkDocs cleans
  `site/`, so invalid data stops the build with the validator's messages and
  leaves the previous site untouched; it also plans every generated page
  (`render_site`) and fails on problems of the plan (reserved ids).
- `on_files` adds the generated pages to MkDocs as virtual files (nothing is
  written into `docs/`). It also starts the search index in a background
  thread, into a temporary folder (MkDocs cleans `site/` after `on_config`).
- `on_page_read_source` renders a generated page when MkDocs reads it, so the
  Markdown of all pages never exists at once, and hands it over with its raw
  HTML blocks replaced by short markers (`ametijuhend.render.blocks`):
  Python-Markdown never has to parse the blocks. `on_page_content` packs the
  blocks (compressed) and `on_post_page` puts them back into the written page.
- `on_serve` makes `mkdocs serve` rebuild when a YAML file changes.
- `on_post_build` waits for the search index and moves it into `site/pagefind/`;
  an error of the indexing fails the build there.

Data folder: `extra.ametijuhendid.data` in mkdocs.yml (relative to it), or the
environment variable `AMETIJUHENDID_DATA`. Drafts: `extra.ametijuhendid.publish_drafts`
or `AMETIJUHENDID_PUBLISH_DRAFTS=0`.
"""

from __future__ import annotations

import gc
import importlib.util
import logging
import os
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

import ametijuhend.render
from ametijuhend.errors import format_report
from ametijuhend.project import Project, load_project
from ametijuhend.render import RenderedPage, RenderedSite, RenderOptions, blocks, render_site

log = logging.getLogger("mkdocs.hooks.ametijuhendid")
TEMPLATES = Path(ametijuhend.render.__file__).parent / "templates"


@dataclass
class _Build:
    data_dir: Path
    project: Project
    site: RenderedSite
    publish_drafts: bool
    pages: dict[str, RenderedPage] = field(default_factory=dict)
    """Generated pages by `src_uri`, rendered when MkDocs reads them."""
    splits: dict[str, blocks.Split] = field(default_factory=dict)
    """Per generated page between reading and `on_page_content`: the HTML blocks left out of its Markdown."""
    packed: dict[str, blocks.Packed] = field(default_factory=dict)
    """Per generated page between `on_page_content` and `on_post_page`: its blocks, compressed.

    MkDocs holds the HTML of every page until it writes them all; keeping ours with the
    markers in and the blocks packed saves most of that memory (about 0.6 GB at 10,000)."""
    search: _SearchJob | None = None
    scratch: Path | None = None
    """Temporary folder of the large generated files (`RenderedSite.files` given as functions)."""

    def discard_scratch(self) -> None:
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None


class _SearchJob:
    """`search.build_index` in a thread, into a temporary folder, while MkDocs renders the pages.

    The index is built from the data, not from the built pages, so it need not wait for them.
    """

    def __init__(self, project: Project, base_url: str, include_drafts: bool) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="ametijuhend-index-"))
        self.error: BaseException | None = None
        self.stats: Any = None
        self._thread = threading.Thread(target=self._run, args=(project, base_url, include_drafts),
                                        name="ametijuhend-search", daemon=True)
        self._thread.start()

    def _run(self, project: Project, base_url: str, include_drafts: bool) -> None:
        from ametijuhend.search import build_index

        try:
            self.stats = build_index(project, self.folder, base_url, include_drafts=include_drafts)
        except BaseException as error:  # re-raised in the main thread by `finish`
            self.error = error

    def finish(self, site_dir: Path) -> Any:
        """Wait for the index and move it into `site_dir`; the indexing's error, if any, is raised here."""
        self._thread.join()
        try:
            if self.error is not None:
                raise PluginError(f"the search index could not be built: {self.error}") from self.error
            from ametijuhend.search import OUTPUT_DIR

            target = site_dir / OUTPUT_DIR
            if target.exists():
                shutil.rmtree(target)
            if (self.folder / OUTPUT_DIR).exists():
                shutil.move(self.folder / OUTPUT_DIR, target)
            return self.stats
        finally:
            self.discard()

    def discard(self) -> None:
        """Wait for the thread and remove its folder (a failed build, or after `finish`)."""
        self._thread.join()
        shutil.rmtree(self.folder, ignore_errors=True)


_build: _Build | None = None


def settings(config: MkDocsConfig) -> tuple[Path, bool]:
    """The data folder and whether drafts are published, from the environment or mkdocs.yml."""
    ours: dict[str, Any] = dict(config.extra or {}).get("ametijuhendid") or {}
    root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    env_data = os.environ.get("AMETIJUHENDID_DATA")
    data_dir = Path(env_data).resolve() if env_data else (root / ours.get("data", "positions")).resolve()
    env_drafts = os.environ.get("AMETIJUHENDID_PUBLISH_DRAFTS")
    if env_drafts is not None:
        publish_drafts = env_drafts.strip().lower() not in ("0", "false", "no", "ei")
    else:
        publish_drafts = bool(ours.get("publish_drafts", True))
    return data_dir, publish_drafts


def _repo_path(path: Path, config: MkDocsConfig) -> str:
    """`path` relative to the folder of mkdocs.yml (the repository root), for edit links."""
    root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    if _build is not None:  # left over by a failed build
        if _build.search is not None:
            _build.search.discard()
        _build.discard_scratch()
    gc.unfreeze()  # `mkdocs serve`: let the previous build's data be collected (frozen below)
    data_dir, publish_drafts = settings(config)
    # The data lives for the whole build: keep the cyclic collector from walking it again and
    # again. It is off while the data is made and frozen out of its reach after: re-enabled
    # before, it would first walk everything once (1.2 s at 10,000 positions). No collection
    # before freezing: loading leaves almost no cyclic garbage (581 objects at 1,000 positions).
    gc.disable()
    try:
        return _configure(config, data_dir, publish_drafts)
    finally:
        gc.freeze()
        gc.enable()


def _configure(config: MkDocsConfig, data_dir: Path, publish_drafts: bool) -> MkDocsConfig:
    global _build
    started = time.perf_counter()
    project = load_project(data_dir)
    if project.errors:
        raise PluginError(f"invalid data in {data_dir}; the site was not built:\n{format_report(project.problems)}")
    log.info("%d positions in %s loaded, validated and linked in %.1f s",
             len(project.links.positions), data_dir, time.perf_counter() - started)
    if project.warnings:
        log.info("%d data warning(s) in %s; they are listed on the page andmekvaliteet/ "
                 "and by `ametijuhend validate`", len(project.warnings), data_dir)
    site = render_site(project, RenderOptions(publish_drafts=publish_drafts, data_path=_repo_path(data_dir, config)))
    if site.problems:
        raise PluginError(f"the site cannot be built from {data_dir}:\n{format_report(site.problems)}")
    _build = _Build(data_dir, project, site, publish_drafts)
    # Read by the macros of the hand-written pages (hooks/macros.py).
    config.extra.setdefault("ametijuhendid", {})["_site"] = site.model
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _build is not None, "on_config did not run"
    docs_prefix = _repo_path(Path(config.docs_dir).resolve(), config)
    for file in files.documentation_pages():
        file.edit_uri = f"{docs_prefix}/{file.src_uri}"
    _build.pages.clear()
    _build.splits.clear()
    _build.packed.clear()
    for page in _build.site.pages:
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        # The content is rendered in `on_page_read_source`; the file itself only carries the title.
        file = File.generated(config, page.src_uri, content=page.head, inclusion=inclusion)
        file.edit_uri = page.edit_path
        files.append(file)
        _build.pages[page.src_uri] = page
    _build.discard_scratch()
    for path, content in _build.site.files.items():
        if isinstance(content, bytes):
            files.append(File.generated(config, path, content=content))
        else:  # a large file (the export): written out now, so that the build does not hold it
            _build.scratch = _build.scratch or Path(tempfile.mkdtemp(prefix="ametijuhend-files-"))
            target = _build.scratch / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content())
            files.append(File.generated(config, path, abs_src_path=str(target)))
    if importlib.util.find_spec("ametijuhend.search") is not None:
        base_url = urlsplit(config.site_url or "").path or "/"
        _build.search = _SearchJob(_build.project, base_url, _build.publish_drafts)
    else:
        log.debug("ametijuhend.search not available: no search index built")
    return files


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    """A generated page's Markdown, rendered now (not in `on_config`), with its HTML blocks set aside."""
    build = _build
    rendered = build.pages.get(page.file.src_uri) if build is not None and page.file.generated_by else None
    if build is None or rendered is None:
        return None
    split = blocks.split(rendered.markdown)
    if split.blocks:
        build.splits[page.file.src_uri] = split
    return split.markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Keep the page's HTML with its markers; the blocks wait packed until the page is written."""
    build = _build
    split = build.splits.pop(page.file.src_uri, None) if build is not None and page.file.generated_by else None
    if build is None or split is None:
        return html
    # MkDocs validates links to anchors against the ids it saw in the page, blocks included.
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= split.anchor_ids()
    html, build.packed[page.file.src_uri] = split.pack(html)
    return html


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """The written page, with the blocks back in place of the markers."""
    packed = _build.packed.pop(page.file.src_uri, None) if _build is not None and page.file.generated_by else None
    return output if packed is None else packed.restore(output)


def on_serve(server, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
    if _build is not None:
        server.watch(str(_build.data_dir))
    server.watch(str(TEMPLATES))
    return server


def on_post_build(config: MkDocsConfig) -> None:
    if _build is None:
        return
    _build.discard_scratch()
    if _build.search is None:
        return
    job, _build.search = _build.search, None
    stats = job.finish(Path(config.site_dir))
    log.info("search index: %d records, %.0f KB in %.1f s", stats.records, stats.bytes / 1024, stats.seconds)


def on_build_error(error: Exception) -> None:
    if _build is None:
        return
    _build.discard_scratch()
    if _build.search is not None:
        job, _build.search = _build.search, None
        job.discard()
