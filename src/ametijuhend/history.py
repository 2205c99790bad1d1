"""Stage `history`: the versions of every position, from the git history of the data folder.

Input: the data folder and the loaded `Project`; output: `History` (no MkDocs, no pages).

- Git is read once for the whole folder: one `git log --first-parent -M --raw` pass names every
  commit that changed a position file (with rename detection) and the blob of each new version;
  one `git cat-file --batch` process reads those blobs. Two processes per build, never one per file.
- The first-parent line is the history of the branch as published: a merged merge request is one
  change (its merge commit against the branch before it), as HR sees it.
- A **version** is the position's file at a commit. An **approved version** starts where the
  approval (order number or date) changes; the commits in between are corrections (parandus).
- A rename keeps one history: renames git detects, and a deleted file whose id a later file
  lists under `aliases:`.
- A version that does not validate is kept as it was (its text), never an error of the build.
- No author names or e-mail addresses are read: a commit is its hash, date and first message line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import subprocess
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import ValidationError

from .models import Competencies, LanguageRequirement, Position
from .project import Project
from .yamlio import load_yaml

UNAVAILABLE = "muudatuste ajalugu pole saadaval"
UNCOMMITTED = "salvestamata muudatus"
CORRECTION = "parandus"
SHORT = 12
"""Length of a version's name: the commit hash, abbreviated (`ajalugu/<version>/`)."""


# --- the result ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Commit:
    sha: str
    date: dt.datetime
    """Committer date: when the change reached the branch."""
    message: str
    """The first line of the commit message (of the merged work for a merge commit)."""

    @property
    def short(self) -> str:
        return self.sha[:SHORT]


@dataclass
class Version:
    """A position's file at one commit (or uncommitted in the working tree: `commit` None)."""

    commit: Commit | None
    path: str
    """The file's path in the repository at that commit."""
    position: Position | None
    """The validated position; None when the file did not validate then (see `text`)."""
    text: str
    """The file as it was (shown for a version that does not validate)."""
    approval_key: tuple[str, str] | None
    """(order number, date) as written, read even from a file that does not validate."""
    approved: bool = False
    """Starts an approved version (the first version, or a changed approval)."""

    @property
    def name(self) -> str:
        """The version's name in addresses: its abbreviated commit hash (`salvestamata` when uncommitted)."""
        return self.commit.short if self.commit else "salvestamata"

    @property
    def date(self) -> dt.datetime | None:
        return self.commit.date if self.commit else None


@dataclass
class PositionHistory:
    id: str
    versions: list[Version] = field(default_factory=list)
    """Oldest first; an uncommitted version of the working tree last."""
    deleted: Commit | None = None
    """The commit that deleted the position (a position no longer in the data)."""

    @property
    def committed(self) -> list[Version]:
        return [v for v in self.versions if v.commit is not None]

    @property
    def published(self) -> dt.datetime | None:
        """The first commit of the position (Avaldatud)."""
        committed = self.committed
        return committed[0].date if committed else None

    @property
    def modified(self) -> dt.datetime | None:
        """The last commit that changed the position (Viimati muudetud)."""
        committed = self.committed
        return committed[-1].date if committed else None

    @property
    def uncommitted(self) -> bool:
        return bool(self.versions) and self.versions[-1].commit is None

    @property
    def current(self) -> Version | None:
        return self.versions[-1] if self.versions else None

    def approved_versions(self) -> list[Version]:
        return [v for v in self.versions if v.approved and v.commit is not None]

    def in_force(self, version: Version) -> Version:
        """The last version (latest correction) of the approved version that `version` starts."""
        index = self.versions.index(version)
        last = version
        for later in self.versions[index + 1:]:
            if later.approved or later.commit is None:
                break
            last = later
        return last

    def find(self, name: str) -> Version | None:
        return next((v for v in self.versions if v.name == name), None)


@dataclass
class History:
    positions: dict[str, PositionHistory] = field(default_factory=dict)
    """By the current id of the position (deleted positions by their last id)."""
    reason: str | None = None
    """Why there is no history (one line, with the fix); None when the history was read."""
    commits: int = 0

    @property
    def available(self) -> bool:
        return self.reason is None

    def of(self, position_id: str) -> PositionHistory | None:
        """The history of a position, None without one (no git, or the file is not committed yet)."""
        found = self.positions.get(position_id)
        return found if found is not None and found.committed else None


# --- reading git ----------------------------------------------------------------------------------


class _NoHistory(Exception):
    """No history can be read; the message says why and how to fix it (one line, Estonian)."""


def _git(cwd: Path, *args: str, input: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=input, capture_output=True, check=False)
    except OSError as error:
        raise _NoHistory("git puudub (paigalda git, et ametijuhendite muudatuste ajalugu näidata)") from error
    if done.returncode != 0:
        raise _NoHistory(f"git {args[0]} ebaõnnestus: {done.stderr.decode('utf-8', 'replace').strip()[:200]}")
    return done.stdout


def _repository(root: Path) -> tuple[Path, str]:
    """The repository's top folder and the data folder's path in it."""
    try:
        top = _git(root, "rev-parse", "--show-toplevel").decode().strip()
    except _NoHistory:
        raise _NoHistory(f"andmekaust {root} ei ole git'i hoidlas (nt arhiivist eksport ilma .git kaustata): "
                         "ehita saidid hoidla kloonist, et muudatuste ajalugu näidata") from None
    top_path = Path(top).resolve()
    data = root.resolve().relative_to(top_path).as_posix()
    if _git(top_path, "rev-parse", "--is-shallow-repository").strip() == b"true":
        raise _NoHistory("hoidla on madal kloon (shallow clone), ajalugu on poolik: "
                         "käivita `git fetch --unshallow` (CI-s: fetch-depth 0)")
    if not _git(top_path, "rev-parse", "--verify", "-q", "HEAD^{commit}").strip():
        raise _NoHistory("hoidlas pole veel ühtki commit'i")
    return top_path, "" if data == "." else data


_RECORD = "\x1e"
_FORMAT = f"{_RECORD}%H%x00%P%x00%cI%x00%B%x00"


@dataclass
class _Change:
    status: str
    """A, M, D or R (copies count as additions)."""
    path: str
    old_path: str | None = None
    blob: str | None = None


@dataclass
class _LogEntry:
    commit: Commit
    changes: list[_Change]


def _message(parents: list[str], body: str) -> str:
    """The first line of the message; of a merge commit, the first line of the merged work's description."""
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    if not lines:
        return ""
    if len(parents) > 1:
        own = [line for line in lines[1:] if not line.startswith(("See merge request", "Merge ", "Co-authored-by:"))]
        if own:
            return own[0]
    return lines[0]


def _is_position_file(path: str, data: str) -> bool:
    pure = PurePosixPath(path)
    parent = pure.parent.as_posix()
    return pure.suffix == ".yaml" and (parent == data or (data == "" and parent == "."))


def _read_log(top: Path, data: str) -> list[_LogEntry]:
    """One `git log` pass: every first-parent commit that changed a position file, oldest first."""
    out = _git(top, "log", "--first-parent", "--diff-merges=first-parent", "-M", "--raw", "--no-abbrev", "-z",
               "--encoding=UTF-8", "--reverse", f"--format={_FORMAT}",
               "--", data or ".")
    entries: list[_LogEntry] = []
    for record in out.decode("utf-8", "replace").split(_RECORD)[1:]:
        sha, parents, date, body, rest = record.split("\0", 4)
        commit = Commit(sha, dt.datetime.fromisoformat(date), _message(parents.split(), body))
        changes: list[_Change] = []
        fields = rest.lstrip("\n").split("\0")
        i = 0
        while i < len(fields):
            head = fields[i].strip()
            if not head.startswith(":"):
                i += 1
                continue
            parts = head[1:].split()
            blob, status = parts[3], parts[4][0]
            if status in "RC":
                old, new = fields[i + 1], fields[i + 2]
                i += 3
                if status == "R":
                    changes.append(_Change("R", new, old, blob))
                else:
                    changes.append(_Change("A", new, None, blob))
            else:
                path = fields[i + 1]
                i += 2
                changes.append(_Change(status if status in "AMD" else "M", path, None,
                                       None if status == "D" else blob))
        relevant = []
        for change in changes:
            new_ok = _is_position_file(change.path, data)
            old_ok = change.old_path is not None and _is_position_file(change.old_path, data)
            if change.status == "R" and old_ok and not new_ok:  # moved out of the folder: deleted
                relevant.append(_Change("D", change.old_path or ""))
            elif change.status == "R" and new_ok and not old_ok:  # moved in: added
                relevant.append(_Change("A", change.path, None, change.blob))
            elif new_ok:
                relevant.append(change)
        if relevant:
            entries.append(_LogEntry(commit, relevant))
    return entries


def _read_blobs(top: Path, blobs: set[str]) -> dict[str, bytes]:
    """The content of every blob, in one `git cat-file --batch` process."""
    if not blobs:
        return {}
    order = sorted(blobs)
    out = _git(top, "cat-file", "--batch", input="".join(f"{b}\n" for b in order).encode())
    contents: dict[str, bytes] = {}
    pos = 0
    for blob in order:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        if len(header) < 3:  # "<sha> missing"
            pos = end + 1
            continue
        size = int(header[2])
        contents[blob] = out[end + 1:end + 1 + size]
        pos = end + 1 + size + 1
    return contents


def _uncommitted(top: Path, data: str) -> set[str]:
    """Position files of the working tree that differ from HEAD or are not committed (paths in the repository)."""
    out = _git(top, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", data or ".")
    paths: set[str] = set()
    fields = out.decode("utf-8", "replace").split("\0")
    i = 0
    while i < len(fields):
        entry = fields[i]
        i += 1
        if len(entry) < 4:
            continue
        if entry[0] in "RC":
            i += 1  # the original path follows
        path = entry[3:]
        if _is_position_file(path, data) and "D" not in entry[:2]:
            paths.add(path)
    return paths


# --- building the history -----------------------------------------------------------------------------


def _approval_key(raw: Any) -> tuple[str, str] | None:
    if not isinstance(raw, dict):
        return None
    approval = raw.get("approval")
    if not isinstance(approval, dict):
        return None
    return (str(approval.get("order_number") or ""), str(approval.get("date") or ""))


def parse_version(path: str, raw: bytes, blocks: dict[str, Any] | None = None
                  ) -> tuple[Position | None, str, tuple[str, str] | None]:
    """A file's content at a commit: the position (None if it does not validate), its text, its approval.

    `blocks` caches the parsed value of each top-level block (`duties:` and what follows) by its text:
    consecutive versions of a file share most blocks, so only the changed ones are parsed again. A file
    this cannot split safely (anchors, flow style at the top, repeated keys) is parsed whole."""
    text = raw.decode("utf-8", "replace")
    data = _by_blocks(text, blocks) if blocks is not None else None
    if data is None:
        doc, problems = load_yaml(Path(path), path, raw=raw)
        if doc.data is None or problems:
            return None, text, _approval_key(doc.data)
        data = doc.data
        if not isinstance(data, dict):
            return None, text, None
    try:
        position: Position | None = Position.model_validate(data)
    except ValidationError:
        position = None
    return position, text, _approval_key(data)


_TOP_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?:[ \t]|$)")


def _by_blocks(text: str, cache: dict[str, Any]) -> dict[str, Any] | None:
    """The file's mapping assembled from its top-level blocks, each parsed once per distinct text."""
    if "&" in text or "\ufeff" in text or "\r" in text:
        return None
    text = unicodedata.normalize("NFC", text)
    blocks: list[tuple[str, list[str]]] = []
    for line in text.splitlines(keepends=True):
        match = _TOP_KEY.match(line)
        if match:
            blocks.append((match.group(1), [line]))
        elif line.startswith((" ", "- ", "#")) or not line.strip():
            if blocks:
                blocks[-1][1].append(line)
            elif line.strip() and not line.startswith("#"):
                return None
        else:
            return None
    data: dict[str, Any] = {}
    for key, lines in blocks:
        if key in data:
            return None
        block = "".join(lines)
        if block not in cache:
            doc, problems = load_yaml(Path("block.yaml"), "block.yaml", raw=block.encode())
            cache[block] = doc.data[key] if isinstance(doc.data, dict) and not problems and key in doc.data \
                else _UNREADABLE
        value = cache[block]
        if value is _UNREADABLE:
            return None
        data[key] = value
    return data or None


_UNREADABLE = object()


def _mark_approved(versions: list[Version]) -> None:
    previous: tuple[str, str] | bool | None = False
    for version in versions:
        version.approved = previous is False or version.approval_key != previous
        previous = version.approval_key


def build_history(project: Project, entries: list[_LogEntry], blobs: dict[str, bytes], top: Path,
                  uncommitted: set[str], cache: HistoryCache | None = None) -> History:
    """The histories of all positions from the log entries (pure: no git here)."""
    parsed = cache.parsed if cache is not None else {}
    blocks = cache.blocks if cache is not None else {}
    chains: dict[str, PositionHistory] = {}
    """Live histories by the file's current path."""
    ended: list[PositionHistory] = []
    for entry in entries:
        for change in entry.changes:
            if change.status == "D":
                chain = chains.pop(change.path, None)
                if chain is not None:
                    chain.deleted = entry.commit
                    ended.append(chain)
                continue
            if change.status == "R":
                chain = chains.pop(change.old_path or "", None) or PositionHistory(PurePosixPath(change.path).stem)
            elif change.status == "A":
                if change.path in chains:
                    ended.append(chains.pop(change.path))
                chain = PositionHistory(PurePosixPath(change.path).stem)
            else:
                chain = chains.get(change.path) or PositionHistory(PurePosixPath(change.path).stem)
            chains[change.path] = chain
            raw = blobs.get(change.blob or "")
            if raw is None:
                continue
            if change.blob not in parsed:
                parsed[change.blob or ""] = parse_version(change.path, raw, blocks)
            position, text, key = parsed[change.blob or ""]
            chain.versions.append(Version(entry.commit, change.path, position, text, key))
    history = History(commits=len(entries))
    by_path = {_repo_path(doc.path, top): pid for pid, doc in project.data.docs.items()
               if pid in project.links.positions}
    for path, pid in by_path.items():
        chain = chains.pop(path, None) or PositionHistory(pid)
        chain.id = pid
        if path in uncommitted:
            current = project.links.positions[pid]
            chain.versions.append(Version(None, path, current, "", _key_of(current)))
        history.positions[pid] = chain
    # A deleted file whose id a position now lists under `aliases:` is that position's earlier history.
    for chain in ended:
        last = next((v.position for v in reversed(chain.versions) if v.position is not None), None)
        old_id = last.id if last else chain.id
        target = project.links.aliases.get(old_id, old_id if old_id in history.positions else None)
        if target in history.positions:
            joined = history.positions[target]
            joined.versions[:0] = chain.versions
            joined.versions.sort(key=_chronological)
        elif chain.versions and old_id not in project.links.positions:
            chain.id = old_id
            history.positions[old_id] = chain
    for chain in history.positions.values():
        _mark_approved(chain.versions)
    return history


def _chronological(version: Version) -> tuple[bool, dt.datetime]:
    """Committed versions by date, the uncommitted one last."""
    return (version.commit is None, version.commit.date if version.commit else _EPOCH)


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _key_of(position: Position) -> tuple[str, str] | None:
    if position.approval is None:
        return None
    return (position.approval.order_number or "", position.approval.date.isoformat() if position.approval.date else "")


def _repo_path(path: Path, top: Path) -> str:
    try:
        return path.resolve().relative_to(top).as_posix()
    except ValueError:
        return path.as_posix()


@dataclass
class HistoryCache:
    """What `load_history` read from git, kept between the builds of `mkdocs serve`: the log and the blobs
    are read again only when HEAD moves, and each blob is parsed once (blobs are named by their content)."""

    key: tuple[Path, str, str] | None = None
    """(repository top, data folder in it, HEAD) of `entries` and `blobs`."""
    entries: list[_LogEntry] = field(default_factory=list)
    blobs: dict[str, bytes] = field(default_factory=dict)
    parsed: dict[str, tuple[Position | None, str, tuple[str, str] | None]] = field(default_factory=dict)
    blocks: dict[str, Any] = field(default_factory=dict)


def load_history(root: Path, project: Project, cache: HistoryCache | None = None) -> History:
    """Read the git history of the data folder `root`; without one, `History.reason` says why.

    With a `cache` (`mkdocs serve`), git's log is read again only when HEAD has moved; the working tree's
    state (uncommitted edits) is read every time."""
    try:
        top, data = _repository(Path(root))
        key = (top, data, _git(top, "rev-parse", "HEAD").strip().decode()) if cache is not None else None
        if cache is not None and cache.key == key:
            entries, blobs = cache.entries, cache.blobs
        else:
            entries = _read_log(top, data)
            blobs = _read_blobs(top, {c.blob for e in entries for c in e.changes if c.blob})
            if cache is not None:
                cache.key, cache.entries, cache.blobs = key, entries, blobs
        uncommitted = _uncommitted(top, data)
    except _NoHistory as error:
        return History(reason=str(error))
    return build_history(project, entries, blobs, top, uncommitted, cache)


# --- the changes between two versions, in the document's own terms -----------------------------------------


@dataclass(frozen=True)
class Change:
    """One change between two versions: where (as the document numbers it), what happened, and the words."""

    where: str
    """`3.4`, `1.4 Kes asendab`, `7.3 keelenõue` …"""
    what: str
    """`lisatud`, `muudetud`, `eemaldatud`, `ümber nummerdatud`, or a short `B1 → B2`."""
    words: tuple[tuple[str, str], ...] = ()
    """The changed text word by word: (`=` | `+` | `-`, text)."""

    @property
    def summary(self) -> str:
        return f"{self.where}: {self.what}" if "→" in self.what or self.what.startswith("lisandus") \
            or self.what.startswith("eemaldus") else f"{self.where} {self.what}"


Names = Callable[[str, str], str]
"""`names(kind, id)` → the name shown: kind is `position`, `unit` or `competency`."""


@dataclass(frozen=True)
class Row:
    """One comparable row of a document: its key (stable across versions), its label and its text."""

    key: str
    label: str
    text: str


@dataclass(frozen=True)
class DocSection:
    key: str
    title: str
    rows: list[Row]


def _bullets(value: Any) -> list[str]:
    if value is None:
        return []
    return ([value.intro] if value.intro else []) + list(value.items)


def _duty_text(duty: Any) -> str:
    parts = [duty.task, *duty.subtasks]
    results = ([duty.results_intro] if duty.results_intro else []) + list(duty.results)
    if results:
        parts.append("Tulemus: " + " ".join(results))
    return " ".join(parts)


def _languages(requirements: list[LanguageRequirement]) -> dict[str, str]:
    levels: dict[str, str] = {}
    for requirement in requirements:
        for level in requirement.levels:
            shown = (level.level or "tase märkimata") + (" (kasuks)" if level.advantage else "")
            levels[level.language.value] = shown
    return levels


def _competency_rows(competencies: Competencies, group: str, names: Names) -> list[Row]:
    rows = []
    for use in getattr(competencies, group):
        name = use.name or names("competency", use.competency)
        text = " ".join([name, *([use.definition] if use.definition else []), *use.indicators])
        rows.append(Row(f"{group}:{use.competency}", name, text))
    return rows


def document(position: Position, names: Names) -> list[DocSection]:
    """A position as comparable sections and rows, numbered as its document numbers them.

    The same reading serves the changes between versions and the compare page (per-position JSON)."""
    from .structure import position_sections  # the one place that numbers a document's sections

    numbers = {s.anchor: s.number for s in position_sections(position)}
    titles = {s.anchor: (f"{s.number}. {s.title}" if s.number else s.title) for s in position_sections(position)}
    p = position
    general = numbers["uldosa"]
    sections: list[DocSection] = []
    head = [Row("staatus", "Staatus", p.status.value)]
    if p.approval:
        approval = ", ".join(x for x in (f"käskkiri nr {p.approval.order_number}" if p.approval.order_number else "",
                                         p.approval.date.strftime("%d.%m.%Y") if p.approval.date else "") if x)
        head.append(Row("kinnitatud", "Kinnitatud", approval or "märkimata"))
    sections.append(DocSection("kinnitamine", "Kinnitamine", head))
    sections.append(DocSection("uldosa", titles["uldosa"], [
        Row(f"{general}.1", f"{general}.1 Ametinimetus",
            " ".join(x for x in (p.title or "", f"({p.specialisation})" if p.specialisation else "") if x)),
        Row(f"{general}.2", f"{general}.2 Struktuuriüksus", names("unit", p.unit) if p.unit else ""),
        Row(f"{general}.3", f"{general}.3 Vahetu juht", names("position", p.manager) if p.manager else ""),
        Row(f"{general}.4", f"{general}.4 Kes asendab", ", ".join(names("position", i) for i in p.substituted_by)),
        Row(f"{general}.5", f"{general}.5 Keda asendab", ", ".join(names("position", i) for i in p.substitutes_for)),
    ]))
    sections.append(DocSection("eesmark", titles["eesmark"], [Row("eesmark", titles["eesmark"], p.purpose or "")]))
    sections.append(DocSection("ulesanded", titles["ulesanded"],
                               [Row(d.number, d.number, _duty_text(d)) for d in p.duties]))
    for anchor, bullets in (("oigused", p.rights), ("vastutus", p.responsibilities)):
        sections.append(DocSection(anchor, titles[anchor], [Row(f"{anchor}:{i}", f"{numbers[anchor]}.{i}", item)
                                                            for i, item in enumerate(_bullets(bullets), start=1)]))
    if "toovahendid" in numbers:
        sections.append(DocSection("toovahendid", titles["toovahendid"], [Row("toovahendid", "", p.tools or "")]))
    r = p.requirements
    n = numbers["nouded"]
    requirement_rows = []
    if r:
        standard: tuple[tuple[str, str, str | None], ...] = (
            ("haridus", "Haridus", r.education), ("tookogemus", "Töökogemus", r.experience),
            ("keeleoskus", "Keeleoskus", " ".join(lang.text for lang in r.languages)),
            ("arvuti", "Arvutikasutamise oskus", r.computer_skills),
            ("lahetused", "Valmisolek lähetusteks", r.travel))
        for i, (key, label, value) in enumerate(standard, start=1):
            if value or key != "lahetused":
                requirement_rows.append(Row(key, f"{n}.{i} {label}", value or ""))
        for level_language, level in _languages(r.languages).items():
            requirement_rows.append(Row(f"keel:{level_language}", f"{n}.3 keelenõue ({level_language})", level))
        requirement_rows += [Row(f"muu:{o.label}", o.label, o.text) for o in r.other]
    sections.append(DocSection("nouded", titles["nouded"], requirement_rows))
    sections.append(DocSection("kompetentsid", titles["kompetentsid"],
                               _competency_rows(p.competencies, "core", names)))
    extra = _competency_rows(p.competencies, "additional", names)
    extra += [Row(f"teadmised:{item}", item, item) for item in p.competencies.knowledge]
    sections.append(DocSection("taiendavad-kompetentsid", "Täiendavad kompetentsid, isikuomadused ja teadmised", extra))
    sections.append(DocSection("muutmine", titles["muutmine"],
                               [Row(f"muutmine:{i}", f"{numbers['muutmine']}.{i}", item)
                                for i, item in enumerate(p.amendment, start=1)]))
    return sections


def word_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """`old` → `new` word by word: (`=` | `-` | `+`, words)."""
    a, b = old.split(), new.split()
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", " ".join(b[j1:j2])))
    return tuple(out)


_LIST_ROWS = re.compile(r"^\d+\.[45]$")
"""Rows that are lists of names (Kes asendab, Keda asendab): their change is what was added or removed."""


def _row_change(old: Row | None, new: Row | None) -> Change | None:
    if old is None and new is not None:
        return Change(new.label, "lisatud", (("+", new.text),)) if new.text else None
    if new is None and old is not None:
        return Change(old.label, "eemaldatud", (("-", old.text),)) if old.text else None
    assert old is not None and new is not None
    if old.text == new.text:
        return None
    where = new.label
    if _LIST_ROWS.match(new.key):
        before = [x for x in old.text.split(", ") if x]
        after = [x for x in new.text.split(", ") if x]
        added = [x for x in after if x not in before]
        removed = [x for x in before if x not in after]
        parts = ([f"lisandus {', '.join(added)}"] if added else []) + ([f"eemaldus {', '.join(removed)}"]
                                                                      if removed else [])
        return Change(where, "; ".join(parts) or "järjekord muudetud")
    if new.key.startswith("keel:") or new.key in ("staatus", "kinnitatud"):
        return Change(where, f"{old.text} → {new.text}")
    if not old.text:
        return Change(where, "lisatud", (("+", new.text),))
    if not new.text:
        return Change(where, "eemaldatud", (("-", old.text),))
    return Change(where, "muudetud", word_diff(old.text, new.text))


def _duty_changes(old: list[Row], new: list[Row]) -> list[Change]:
    """Duties aligned by their text, so that a duty added in the middle shows as one addition and renumbering."""
    changes: list[Change] = []
    matcher = difflib.SequenceMatcher(None, [r.text for r in old], [r.text for r in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for a, b in zip(old[i1:i2], new[j1:j2], strict=True):
                if a.key != b.key:
                    changes.append(Change(b.label, f"ümber nummerdatud (oli {a.label})"))
            continue
        pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for a, b in zip(old[i1:i1 + pairs], new[j1:j1 + pairs], strict=True):
            change = _row_change(a, b)
            if change:
                what = change.what if a.key == b.key else f"muudetud (oli {a.label})"
                changes.append(Change(b.label, what, change.words))
        changes += [Change(b.label, "lisatud", (("+", b.text),)) for b in new[j1 + pairs:j2]]
        changes += [Change(a.label, "eemaldatud", (("-", a.text),)) for a in old[i1 + pairs:i2]]
    return changes


def changes(old: Position | None, new: Position | None, names: Names) -> list[Change]:
    """The field-level changes from `old` to `new`, in the order of the document."""
    if old is None or new is None:
        return []
    return diff_documents(document(old, names), document(new, names))


def diff_documents(old: list[DocSection], new: list[DocSection]) -> list[Change]:
    """The changes between two documents (`document`), in the order of the newer one."""
    before = {s.key: s for s in old}
    after = {s.key: s for s in new}
    out: list[Change] = []
    for key in [*after, *(k for k in before if k not in after)]:
        a = before.get(key)
        b = after.get(key)
        old_rows = a.rows if a else []
        new_rows = b.rows if b else []
        if old_rows == new_rows:
            continue
        if key == "ulesanded":
            out += _duty_changes(old_rows, new_rows)
            continue
        old_by_key = {r.key: r for r in old_rows}
        new_keys = {r.key for r in new_rows}
        for row in new_rows:
            change = _row_change(old_by_key.get(row.key), row)
            if change:
                out.append(change)
        for row in old_rows:
            if row.key not in new_keys:
                change = _row_change(row, None)
                if change:
                    out.append(change)
    return out
