"""Stage 1: read the data folder into validated models, collecting every problem.

Layout of the data folder (`positions/` by default):

    positions/<id>.yaml                           one file per position
    positions/catalogues/units.yaml               organisational units
    positions/catalogues/competencies.yaml        shared competency catalogue
    positions/catalogues/referenced-positions.yaml  positions named but without a file
"""

from __future__ import annotations

import contextlib
import gc
import time
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from .errors import Problem, Severity
from .messages import Msg
from .models import (
    Competency,
    CompetencyCatalogue,
    Position,
    ReferencedPosition,
    ReferencedPositionCatalogue,
    Unit,
    UnitCatalogue,
)
from .schema import header_line
from .validate import check_failed_position, check_position, parse
from .yamlio import SourceDoc, load_yaml

CATALOGUE_DIR = "catalogues"
UNITS_FILE = "units.yaml"
COMPETENCIES_FILE = "competencies.yaml"
REFERENCED_FILE = "referenced-positions.yaml"

LINKED_PATHS: tuple[tuple[str, ...], ...] = (
    ("id",), ("unit",), ("manager",), ("aliases", "*"), ("substituted_by", "*"), ("substitutes_for", "*"),
    ("competencies", "*", "*", "competency"),
)
"""Keys of a position file that messages name after its own checks (`link`, duplicate ids): their
positions are kept when the file's node tree is let go (`SourceDoc.settle`)."""


@dataclass
class Dataset:
    """All data of one site, before references are resolved."""

    root: Path
    positions: list[Position] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    competencies: list[Competency] = field(default_factory=list)
    referenced: list[ReferencedPosition] = field(default_factory=list)
    docs: dict[str, SourceDoc] = field(default_factory=dict)
    """Source document of every position (by id) and catalogue (by file name), for messages."""
    problems: list[Problem] = field(default_factory=list)
    failed: list[tuple[SourceDoc, frozenset[str]]] = field(default_factory=list)
    """Position files whose model failed, with their plain mapping and the keys their schema problems name:
    `link` checks their other references."""
    catalogue_rows: dict[str, list[int]] = field(default_factory=dict)
    """Catalogue file → the row in the file of each entry kept, when invalid entries were left out."""
    invalid: set[str] = field(default_factory=set)
    """Ids of position files that did not validate (file name and stated id), and names of catalogue
    files that did not load. Their own problems are reported; references to them are not reported again."""

    def row(self, catalogue: str, index: int) -> int:
        """The row in catalogue file `catalogue` of its `index`-th entry kept."""
        rows = self.catalogue_rows.get(catalogue)
        return rows[index] if rows is not None else index


def _display(path: Path, root: Path) -> str:
    """The path as shown in messages: as the person named the folder (relative paths stay
    relative to where they work, so editors can open `file:line`), else from the folder's parent."""
    if not root.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _unread(path: Path, root: Path, what: Msg, hint: Msg) -> Problem:
    return Problem(_display(path, root), None, None, "", Msg("load.not_read", what=what), hint=hint,
                   severity=Severity.WARNING)


def _link_problem(path: Path, root: Path) -> Problem | None:
    """Why a symbolic link in the data folder is not read, or None for a plain file or a link within it.

    A link out of the folder is refused without reading it: its target's text must not reach a message.
    An entry of the folder itself that is not a link is in it: no path is resolved for it, which was a tenth of
    the load time at 1,000 files (`realpath` checks every folder above the file). A file in a subfolder
    (`catalogues/`) is resolved, since the subfolder may be a link.
    """
    if path.parent == root and not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # dangling, or a loop (RuntimeError before Python 3.13)
        if not path.is_symlink():
            return None  # not there at all: the caller says what is missing
        return _unread(path, root, Msg("load.dangling_link"), Msg("load.dangling_link.fix"))
    if not target.is_relative_to(root.resolve()):
        return Problem(_display(path, root), None, None, "", Msg("load.outside_link"),
                       expected=Msg("load.outside_link.expected"), hint=Msg("load.outside_link.fix"))
    return None


def survey(root: Path) -> tuple[list[Path], list[Problem]]:
    """The position files of `root`, and a problem for every entry that is not read (hidden ones aside)."""
    paths: list[Path] = []
    problems: list[Problem] = []
    for path in sorted(root.iterdir()):
        name = path.name
        if name.startswith("."):
            continue
        link = _link_problem(path, root)
        if link:
            problems.append(link)
        elif path.is_dir():
            if name == CATALOGUE_DIR:
                files = tuple(f"`{c}`" for c in _CATALOGUE_SCHEMAS)
                problems += [_unread(p, root, Msg("load.not_catalogue"), Msg("load.not_catalogue.fix", files=files))
                             for p in sorted(path.iterdir()) if not p.name.startswith(".")
                             and p.name not in _CATALOGUE_SCHEMAS]
            else:
                problems.append(_unread(path, root, Msg("load.folder"), Msg("load.folder.fix")))
        elif name.endswith(".yaml"):
            paths.append(path)
        elif path.suffix == ".yml":
            problems.append(Problem(_display(path, root), None, None, "", Msg("load.yml"),
                                    hint=Msg("load.rename", name=f"{path.stem}.yaml")))
        else:
            fix = Msg("load.rename", name=f"{path.stem}.yaml") if path.suffix.lower() in (".yaml", ".yml") \
                else Msg("load.not_position.fix")
            problems.append(_unread(path, root, Msg("load.not_position"), fix))
    return paths, problems


@contextlib.contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (restoring its state after).

    Loading allocates hundreds of thousands of short-lived objects without reference cycles (YAML
    nodes, plain values), which reference counting frees at once. The cyclic collector would still
    traverse them and every model built so far, again and again: about half of the load time at
    1,000 positions, for nothing to collect. The few cycles made meanwhile wait for the next collection.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_dataset(root: Path, cache: LoadCache | None = None) -> Dataset:
    """Load and validate every file under `root`; never raises for bad data.

    With a `cache` (`mkdocs serve`), a position file whose size, modification time and inode are those of
    the previous load is not read again: its models and problems are the previous ones."""
    with without_cycle_collection():  # also here: `load_dataset` is used on its own (benchmarks, tests)
        return _load_dataset(Path(root), cache)


def _load_dataset(root: Path, cache: LoadCache | None = None) -> Dataset:
    data = Dataset(root=root)
    if not root.is_dir():
        data.problems.append(Problem(str(root), None, None, "", Msg("load.no_folder"),
                                     expected=Msg("load.no_folder.expected"), hint=Msg("load.no_folder.fix")))
        return data
    cat = root / CATALOGUE_DIR
    units = _load_catalogue(cat / UNITS_FILE, root, UnitCatalogue, data)
    data.units = units.units if units else []
    comps = _load_catalogue(cat / COMPETENCIES_FILE, root, CompetencyCatalogue, data)
    data.competencies = comps.competencies if comps else []
    refs = _load_catalogue(cat / REFERENCED_FILE, root, ReferencedPositionCatalogue, data, optional=True)
    data.referenced = refs.positions if refs else []
    loaded: list[tuple[Position, SourceDoc]] = []
    paths, unread = survey(root)
    data.problems += unread
    if cache is not None:
        cache.begin(root)
    for path in paths:
        result = cache.position_file(path, root) if cache is not None else _load_position_file(path, root)
        data.problems += result.problems
        data.invalid |= result.invalid
        if result.failed is not None:
            data.failed.append(result.failed)
        if result.loaded is not None:
            loaded.append(result.loaded)
    if cache is not None:
        cache.end(paths)
    # Of files sharing an id, the one named after it keeps it (otherwise the first); the others are reported.
    owners: dict[str, SourceDoc] = {}
    for position, doc in sorted(loaded, key=lambda item: item[1].path.stem != item[0].id):
        owners.setdefault(position.id, doc)
    for position, doc in loaded:
        owner = owners[position.id]
        if owner is not doc:
            data.problems.append(doc.problem(("id",), Msg("load.duplicate_id", id=position.id, other=owner.display),
                                             expected=Msg("load.duplicate_id.expected"),
                                             hint=Msg("load.duplicate_id.fix")))
            data.invalid.add(doc.path.stem)
            continue
        data.positions.append(position)
        data.docs[position.id] = doc
    return data


@dataclass
class PositionFile:
    """What one position file contributes to a `Dataset` (see `_load_dataset`)."""

    problems: list[Problem] = field(default_factory=list)
    invalid: set[str] = field(default_factory=set)
    failed: tuple[SourceDoc, frozenset[str]] | None = None
    loaded: tuple[Position, SourceDoc] | None = None


def _load_position_file(path: Path, root: Path) -> PositionFile:
    """Load and check one position file on its own (its references are checked by `link`)."""
    out = PositionFile()
    doc, yaml_problems = load_yaml(path, _display(path, root))
    out.problems += yaml_problems
    if doc.data is None and yaml_problems:
        out.invalid.add(path.stem)
        return out
    out.problems += _check_header(doc, "position", catalogue=False)
    position, problems = parse(doc, Position)
    out.problems += _without_echoes(problems, yaml_problems)
    if position is None:
        out.invalid.add(path.stem)
        if isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
            out.invalid.add(doc.data["id"])
        # the rest of the file is still checked: its own rules now, its references in `link`
        out.problems += _without_echoes(check_failed_position(doc, problems), yaml_problems)
        if isinstance(doc.data, dict):
            out.failed = (doc, frozenset(p.key for p in problems))
        doc.settle(LINKED_PATHS)
        return out
    doc.data = None  # the model holds it now
    out.problems += _without_echoes(check_position(position, doc), yaml_problems)
    doc.settle(LINKED_PATHS)
    out.loaded = (position, doc)
    return out


class LoadCache:
    """The position files of the previous loads of one folder, by path (`mkdocs serve` reloads after each save).

    An entry is used while the file's size, modification time and inode are unchanged. A file modified less
    than `RACY_NS` before it was read is not kept: a second save within the file system's clock tick would
    leave its modification time as it was (git's "racy clean" problem), so it is read again next time.
    The results are shared between loads; nothing downstream changes them.
    """

    RACY_NS = 2_000_000_000

    def __init__(self) -> None:
        self._root: Path | None = None
        self._entries: dict[Path, tuple[tuple[int, int, int], PositionFile]] = {}

    def begin(self, root: Path) -> None:
        """A new load of `root` starts (another folder: the entries are dropped)."""
        if root != self._root:
            self._entries.clear()
            self._root = root

    def position_file(self, path: Path, root: Path) -> PositionFile:
        try:
            stat = path.stat()
        except OSError:
            return _load_position_file(path, root)  # reports why it cannot be read
        key = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        entry = self._entries.get(path)
        if entry is not None and entry[0] == key:
            return entry[1]
        started = time.time_ns()
        result = _load_position_file(path, root)
        if started - stat.st_mtime_ns > self.RACY_NS:
            self._entries[path] = (key, result)
        else:
            self._entries.pop(path, None)
        return result

    def end(self, paths: list[Path]) -> None:
        """The load has seen `paths`: forget the files that are gone."""
        wanted = set(paths)
        for path in [p for p in self._entries if p not in wanted]:
            del self._entries[path]


def _without_echoes(problems: list[Problem], yaml_problems: list[Problem]) -> list[Problem]:
    """Drop problems about values the YAML loader already rejected (a `!!tag` value arrives as null)."""
    reported = {p.key for p in yaml_problems if p.key}
    return [p for p in problems if p.key not in reported]


def _check_header(doc: SourceDoc, schema: str, *, catalogue: bool) -> list[Problem]:
    """Warn when a file does not link its editor schema (editors then cannot help)."""
    expected = header_line(schema, catalogue=catalogue)
    if doc.schema_ref == expected.split("$schema=", 1)[1]:
        return []
    found = f"`$schema={doc.schema_ref}`" if doc.schema_ref else Msg("load.no_schema_link.found")
    return [Problem(doc.display, 1, 1, "", Msg("load.no_schema_link"), found=found,
                    expected=Msg("load.no_schema_link.expected", line=expected),
                    hint=Msg("load.no_schema_link.fix"), severity=Severity.WARNING)]


_CATALOGUE_SCHEMAS = {UNITS_FILE: "units", COMPETENCIES_FILE: "competencies", REFERENCED_FILE: "referenced-positions"}


def _load_catalogue(path: Path, root: Path, model: type, data: Dataset, optional: bool = False):  # type: ignore[no-untyped-def]
    link = _link_problem(path, root)
    if link:
        data.problems.append(link)
        if link.severity is Severity.ERROR:  # outside the folder: not read
            data.invalid.add(path.name)
            return None
    if not path.exists():  # also a dangling link
        if not optional:
            data.invalid.add(path.name)
            data.problems.append(Problem(_display(path, root), None, None, "", Msg("load.no_catalogue"),
                                         hint=Msg("load.no_catalogue.fix")))
        return None
    doc, yaml_problems = load_yaml(path, _display(path, root))
    data.problems += yaml_problems
    if doc.data is None:
        data.invalid.add(path.name)
        return None
    data.problems += _check_header(doc, _CATALOGUE_SCHEMAS[path.name], catalogue=True)
    catalogue, problems = parse(doc, model)
    if catalogue is None and problems:
        catalogue = _salvage(doc, model, path.name, data)
    doc.data = None  # the model holds it now
    data.problems += _without_echoes(problems, yaml_problems)
    doc.settle()  # catalogues are few: keep every position
    data.docs[path.name] = doc
    if catalogue is None:
        data.invalid.add(path.name)
    return catalogue


def _salvage(doc: SourceDoc, model: type[BaseModel], name: str, data: Dataset) -> BaseModel | None:
    """The valid entries of a catalogue that failed (its problems are reported), so that references to
    them are still checked; references to the ids of the invalid entries are not reported again."""
    [(key, info)] = model.model_fields.items()
    entries = doc.data.get(key) if isinstance(doc.data, dict) else None
    if not isinstance(entries, list):
        return None
    [item_model] = typing.get_args(info.annotation)
    kept: list[BaseModel] = []
    rows: list[int] = []
    for row, entry in enumerate(entries):
        try:
            kept.append(item_model.model_validate(entry))
            rows.append(row)
        except ValidationError:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                data.invalid.add(entry["id"])
    data.catalogue_rows[name] = rows
    return model.model_validate({key: kept})  # entries validated above
