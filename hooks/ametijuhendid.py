"""MkDocs hook: a thin adapter between MkDocs and the `ametijuhend` library.

- `on_config` loads and validates the data folder *before* MkDocs cleans
  `site/`, so invalid data stops the build with the validator's messages and
  leaves the previous site untouched; it also renders every generated page.
- `on_files` hands the rendered pages to MkDocs as virtual files (nothing is
  written into `docs/`).
- `on_serve` makes `mkdocs serve` rebuild when a YAML file changes.
- `on_post_build` builds the search index, when the search module exists.

Data folder: `extra.ametijuhendid.data` in mkdocs.yml (relative to it), or the
environment variable `AMETIJUHENDID_DATA`. Drafts: `extra.ametijuhendid.publish_drafts`
or `AMETIJUHENDID_PUBLISH_DRAFTS=0`.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

import ametijuhend.render
from ametijuhend.errors import format_report
from ametijuhend.project import Project, load_project
from ametijuhend.render import RenderedSite, RenderOptions, render_site

log = logging.getLogger("mkdocs.hooks.ametijuhendid")
TEMPLATES = Path(ametijuhend.render.__file__).parent / "templates"


@dataclass
class _Build:
    data_dir: Path
    project: Project
    site: RenderedSite
    publish_drafts: bool


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
    data_dir, publish_drafts = settings(config)
    project = load_project(data_dir)
    if project.errors:
        raise PluginError(f"invalid data in {data_dir}; the site was not built:\n{format_report(project.problems)}")
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
    for page in _build.site.pages:
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion)
        file.edit_uri = page.edit_path
        files.append(file)
    for path, content in _build.site.files.items():
        files.append(File.generated(config, path, content=content))
    return files


def on_serve(server, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
    if _build is not None:
        server.watch(str(_build.data_dir))
    server.watch(str(TEMPLATES))
    return server


def on_post_build(config: MkDocsConfig) -> None:
    if _build is None or importlib.util.find_spec("ametijuhend.search") is None:
        log.debug("ametijuhend.search not available: no search index built")
        return
    from ametijuhend.search import build_index  # the search part is optional until it exists

    base_url = urlsplit(config.site_url or "").path or "/"
    stats = build_index(_build.project, Path(config.site_dir), base_url, include_drafts=_build.publish_drafts)
    log.info("search index: %d records, %.0f KB in %.1f s", stats.records, stats.bytes / 1024, stats.seconds)
