"""`mkdocs serve` after an edit: which generated pages and files changed, so that the rest is copied.

MkDocs rebuilds the whole site on every change it sees. The hook keeps what the last published
build was made of (`Snapshot`) and decides, for the next build (`plan`), which of its generated
pages and files are written anew and which are copied unchanged from the site being served:

- **Pages of a position** (its page, its history page, its earlier versions) and its files (the
  position's JSON, its documents) show the position itself, its unit, competencies and history, and
  the *names* of the positions it is related to: its manager, those it substitutes and who substitute
  it (both sides), and its reports, in any version of it (`related`). They are copied unless one of
  those positions changed (`changed`: the model differs, it was added or removed, or its history
  changed), judged on the previous and on the new data, so that a relation made or broken counts.
- **A competency's pages** show the positions that require it and the position its catalogue wording
  comes from (`source`): copied unless one of those changed.
- A page that may have changed by these rules, and **every other generated page** (units, the lists,
  the matrix, data quality), is rendered and compared with the previous build by a digest of all
  MkDocs is given for it (title, table of contents, edit path, body): only a page whose digest
  differs goes through MkDocs (the theme costs more than our body). Comparing costs the rendering of
  the pages that are not ruled out (about 0.25 s at 1,000 positions, the units most of it), but needs
  no knowledge of what they show (a unit's charts follow reporting lines and substitution rings
  across units). Pages in the navigation are always written (the navigation and the hand-written
  pages' links need them as pages of the build).
- **Everything else** is decided whole: a change to mkdocs.yml, docs/, the theme overrides, the
  templates, a catalogue, an alias or the history's availability (`context`) rebuilds every page.
  The site-wide files (the export, the compare index, the feed, redirects) are always written.

The caches that make the data cheap to reload (`LoadCache`, `HistoryCache`) and the search index,
which is rebuilt after the browser has been reloaded (`ServeState.index_later`), live in `ServeState`.
`tests/test_serve.py` checks that a build planned this way writes the same site as a full build.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import search
from .history import History, HistoryCache
from .load import LoadCache
from .models import Position
from .project import Project
from .render import RenderedPage, RenderedSite, urls

log = logging.getLogger("mkdocs.hooks.ametijuhendid")

DATA_HAS_ERRORS = 3
"""Exit status of the background index (`_index_main`) when the data has errors by then."""
POSITION_TEMPLATES = {"position.html.j2", "history.html.j2"}
"""Pages that belong to one position (`page_owner`)."""
COMPETENCY_TEMPLATE = "competency.html.j2"
"""A competency's pages: written anew when a position that requires it changed. Other pages are compared by digest."""


@dataclass
class Snapshot:
    """What the last published build was made of."""

    project: Project
    site: RenderedSite
    context: str
    """`context_signature` of the build: when it differs, nothing is copied."""
    digests: dict[str, str]
    """src_uri → `digest` of each generated page."""
    banner: str | None
    """The data-error banner on every page of the build (`hook.banner_html`; None: no banner)."""

    @property
    def pages(self) -> set[str]:
        return {page.src_uri for page in self.site.pages}


@dataclass
class Plan:
    """What the next build copies from the served site (by src_uri and file path); the rest it writes."""

    copy_pages: set[str] = field(default_factory=set)
    copy_files: set[str] = field(default_factory=set)
    bodies: dict[str, str] = field(default_factory=dict)
    """Bodies rendered while planning (pages compared by digest that changed), so that they are not rendered twice."""
    digests: dict[str, str] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)
    """Ids of the positions that changed."""


def digest(page: RenderedPage, body: str) -> str:
    """Everything of a generated page that reaches MkDocs, as one digest."""
    h = hashlib.blake2b(digest_size=20)
    for part in (page.head, repr(page.toc), repr(page.edit_path), repr(page.in_nav), body):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def page_owner(page: RenderedPage) -> str | None:
    """The position a page belongs to (its page, history page, earlier versions); None for other pages."""
    if page.template not in POSITION_TEMPLATES:
        return None
    context = page.context
    if "chain" in context:
        return str(context["chain"].id)
    return str(context.get("current_id") or context["position"].id)


def file_owner(path: str) -> str | None:
    """The position a generated file belongs to (its JSON, its documents); None for site-wide files."""
    if path.startswith(urls.POSITION_JSON_DIR) and path.endswith(".json"):
        name = path[len(urls.POSITION_JSON_DIR):-len(".json")]
        return None if "/" in name or name == "index" else name.split("@", 1)[0]
    parts = path.split("/")
    if len(parts) == 3 and parts[0] + "/" == urls.POSITIONS and parts[2].startswith(parts[1] + "."):
        return parts[1]
    return None


def references(position: Position) -> set[str]:
    """Ids of the positions `position` names (itself included)."""
    ids = {position.id, *position.substituted_by, *position.substitutes_for}
    if position.manager:
        ids.add(position.manager)
    return ids


def related(site: RenderedSite, pid: str) -> set[str]:
    """Every position whose data a page or file of position `pid` may show, in the data of `site`."""
    assert site.model is not None
    links = site.model.links
    ids = {pid, *links.reports.get(pid, ()), *links.substituted_by.get(pid, ()), *links.substitutes_for.get(pid, ())}
    position = links.positions.get(pid)
    if position is not None:
        ids |= references(position)
    history = site.model.history
    chain = history.positions.get(pid) if history is not None else None
    for version in chain.versions if chain is not None else ():
        if version.position is not None:
            ids |= references(version.position)
    return ids


def competencies_of(site: RenderedSite, ids: set[str]) -> set[str]:
    """The competencies that the positions `ids` require, in the data of `site`."""
    assert site.model is not None
    positions = site.model.links.positions
    return {use.competency for pid in ids if (position := positions.get(pid)) is not None
            for use in [*position.competencies.core, *position.competencies.additional]}


def _history_signature(history: History | None, pid: str) -> tuple[object, ...] | None:
    chain = history.positions.get(pid) if history is not None else None
    if chain is None:
        return None
    return (chain.id, chain.deleted.sha if chain.deleted else None,
            tuple((v.commit.sha if v.commit else None, v.path, v.approved, v.approval_key, v.blob)
                  for v in chain.versions))


def changed(old: RenderedSite, new: RenderedSite) -> set[str] | None:
    """Ids of the positions whose data or history differ between two builds; None when an alias changed
    (an alias moves addresses and history between positions: the caller rebuilds everything)."""
    assert old.model is not None and new.model is not None
    before, after = old.model.links.positions, new.model.links.positions
    ids = {pid for pid in before.keys() | after.keys()
           if before.get(pid) is not after.get(pid) and before.get(pid) != after.get(pid)}
    for pid in ids:
        if (before[pid].aliases if pid in before else []) != (after[pid].aliases if pid in after else []):
            return None
    old_history, new_history = old.model.history, new.model.history
    for pid in (old_history.positions.keys() if old_history else set()) | (
            new_history.positions.keys() if new_history else set()):
        if _history_signature(old_history, pid) != _history_signature(new_history, pid):
            ids.add(pid)
    return ids


def plan(previous: Snapshot, site: RenderedSite, context: str) -> Plan | None:
    """What a build of `site` can copy from the build of `previous`; None: nothing (a full build)."""
    if previous.context != context:
        return None
    ids = changed(previous.site, site)
    if ids is None:
        return None
    out = Plan(changed=ids)
    owners = {owner for page in [*previous.site.pages, *site.pages] if (owner := page_owner(page))}
    owners |= {owner for path in [*previous.site.files, *site.files] if (owner := file_owner(path))}
    affected = {pid for pid in owners if ids & related(site, pid) or ids & related(previous.site, pid)}
    competencies = competencies_of(previous.site, ids) | competencies_of(site, ids)
    before = previous.pages
    for page in site.pages:
        if page.in_nav or page.src_uri not in before:  # in the nav: the hand-written pages' links need them
            continue
        owner = page_owner(page)
        if owner is not None:
            unchanged = owner not in affected
        elif page.template == COMPETENCY_TEMPLATE:  # its users and the position its catalogue wording is from
            competency = page.context["c"]
            unchanged = competency.id not in competencies and competency.source not in ids
        else:
            unchanged = False
        known = previous.digests.get(page.src_uri)
        if unchanged and known is not None:
            out.copy_pages.add(page.src_uri)
            out.digests[page.src_uri] = known
            continue
        body = page.html()  # perhaps changed: compared by what MkDocs would be given
        out.digests[page.src_uri] = found = digest(page, body)
        if found == known:
            out.copy_pages.add(page.src_uri)
        else:
            out.bodies[page.src_uri] = body
    out.copy_files = {path for path in site.files
                      if (owner := file_owner(path)) is not None and owner not in affected
                      and path in previous.site.files}
    return out


def outputs(site: RenderedSite) -> set[str]:
    """The paths of every generated page and file of a build in the site folder."""
    return {page.url + "index.html" for page in site.pages} | set(site.files)


def reuse(previous: RenderedSite, site: RenderedSite, plan: Plan, source: Path, target: Path, taken: set[str],
          rewrite: Callable[[str], str] | None = None) -> None:
    """Give the served site's generated output (in `source`) to the new build (in `target`).

    Folders are moved, not copied: the folders of the site root that hold only generated output (not
    those in `taken`: hand-written pages, theme assets) are renamed into the new build, the output the
    new build no longer has is removed from them, and MkDocs writes the changed pages and files over
    the old ones. A file system pays dearly for each file and folder made (about a millisecond each on
    the shared machine), a rename costs one. The served site is not read during a rebuild (MkDocs'
    server holds requests until the rebuild is done); if the build fails, the next one is a full build.
    `rewrite`: applied to every copied page (the data-error banner came or went).
    """
    before, after = outputs(previous), outputs(site)
    copied = {page.url + "index.html" for page in site.pages if page.src_uri in plan.copy_pages} | plan.copy_files
    moved = set()
    for top in sorted({path.split("/", 1)[0] for path in before} - taken):
        if os.path.lexists(source / top):
            target.joinpath(top).parent.mkdir(parents=True, exist_ok=True)
            os.rename(source / top, target / top)
            moved.add(top)
    for path in sorted(before - after):
        if path.split("/", 1)[0] in moved:
            gone = target / path
            gone.unlink(missing_ok=True)
            with contextlib.suppress(OSError):  # the folders it leaves empty (the first one not empty stops)
                for folder in gone.parents:
                    if folder == target:
                        break
                    folder.rmdir()
    for path in copied:
        if path.split("/", 1)[0] not in moved:  # beside MkDocs' own output: copied file by file
            (target / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / path, target / path)
        if rewrite is not None and path.endswith(".html"):
            page = target / path
            page.write_text(rewrite(page.read_text(encoding="utf-8")), encoding="utf-8")


def signature(paths: Iterable[Path]) -> str:
    """A digest of the names, sizes and modification times of every file under `paths` (cheap: no reading)."""
    h = hashlib.blake2b(digest_size=20)
    for root in paths:
        h.update(os.fsencode(root) + b"\0")
        if root.is_file():
            stat = root.stat()
            h.update(f"{stat.st_size} {stat.st_mtime_ns}\0".encode())
            continue
        for folder, dirs, files in os.walk(root):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                h.update(f"{path} {stat.st_size} {stat.st_mtime_ns}\0".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


@dataclass
class ServeState:
    """What `mkdocs serve` keeps from one build to the next (one per served site)."""

    loads: LoadCache = field(default_factory=LoadCache)
    histories: HistoryCache = field(default_factory=HistoryCache)
    previous: Snapshot | None = None
    """The last published build (its output is the site being served)."""
    generation: int = 0
    """Counts published builds: a search index finished for an older one is thrown away."""
    lock: threading.Lock = field(default_factory=threading.Lock)
    """Held while the served site's search index is read (to copy it) or replaced."""
    _indexer: ThreadPoolExecutor | None = None
    _pending: Future[None] | None = None
    _child: subprocess.Popen[str] | None = None

    def published(self, snapshot: Snapshot) -> None:
        self.previous = snapshot
        self.generation += 1

    def index_later(self, data: Path, target: Path, *, include_drafts: bool) -> None:
        """Rebuild the search index of the served site `target` in the background (after the reload).

        In a child process at low priority (`nice`), which loads the data folder `data` itself: the
        index would otherwise hold Python's lock and the CPU while the next edit is being rebuilt.
        Data that has errors by then gets no index; the served one stays."""
        if self._indexer is None:
            self._indexer = ThreadPoolExecutor(1, "ametijuhend-serve-search")
        if self._pending is not None:
            self._pending.cancel()  # not started yet: a newer build wants its own index
        self._pending = self._indexer.submit(self._index, data, target, self.generation, include_drafts)

    def _index(self, data: Path, target: Path, generation: int, include_drafts: bool) -> None:
        if generation != self.generation:
            return
        work = Path(tempfile.mkdtemp(prefix=".search-", dir=target.parent))
        try:
            nice = ["nice", "-n", "10"] if shutil.which("nice") else []
            with self.lock:
                if generation != self.generation:
                    return
                self._child = child = subprocess.Popen(
                    [*nice, sys.executable, "-m", __name__, str(data), str(work / "site"),
                     "1" if include_drafts else "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            out, err = child.communicate()
            with self.lock:
                self._child = None
            if generation != self.generation:  # stopped for a newer build (`stop_indexing`)
                return
            if child.returncode == DATA_HAS_ERRORS:
                log.info("the search index of the served site is kept as it was: the data has errors")
                return
            if child.returncode != 0:
                raise RuntimeError(err.strip().splitlines()[-1] if err.strip() else f"exit status {child.returncode}")
            stats = search.SearchStats(**json.loads(out.strip().splitlines()[-1]))
            built = work / "site" / search.OUTPUT_DIR
            with self.lock:
                if generation != self.generation or not target.is_dir():
                    return
                served = target / search.OUTPUT_DIR
                if served.exists():
                    os.rename(served, work / "old")
                if built.exists():
                    os.rename(built, served)
            log.info("search index of the served site rebuilt: %d records in %.1f s", stats.records, stats.seconds)
        except Exception as error:  # a background job: report, never raise into nothing
            # Not a warning through MkDocs' logger: `serve --strict` would count it against a build running now.
            print(f"ERROR    -  the search index of the served site was not rebuilt: {error}", file=sys.stderr,
                  flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def stop_indexing(self) -> None:
        """A rebuild starts: the search index of the served site is stale anyway, stop building it (the
        rebuild needs the CPU; its own index follows it)."""
        with self.lock:
            self.generation += 1
            if self._child is not None:
                self._child.kill()

    def close(self) -> None:
        self.stop_indexing()
        if self._indexer is not None:
            self._indexer.shutdown(wait=True, cancel_futures=True)
            self._indexer = None


def _index_main(argv: list[str]) -> int:
    """`python -m ametijuhend.incremental DATA SITE DRAFTS`: the search index of DATA (`ServeState`)."""
    from dataclasses import asdict

    from .project import load_project

    data, site, drafts = argv
    project = load_project(Path(data))
    if project.errors:
        return DATA_HAS_ERRORS
    stats = search.build_index(project, Path(site), include_drafts=drafts == "1")
    print(json.dumps(asdict(stats)))
    return 0


if __name__ == "__main__":
    sys.exit(_index_main(sys.argv[1:]))
