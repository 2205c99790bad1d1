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

import contextlib
import datetime as dt
import difflib
import mmap
import os
import re
import subprocess
import tempfile
import threading
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Literal, overload

from pydantic import ValidationError

from .load import without_cycle_collection
from .models import LANGUAGE_NAMES, MISSING_IN_SOURCE, Competencies, Competency, LanguageRequirement, Position, Status
from .project import Project
from .wording import wording
from .yamlio import MAX_FILE_BYTES, load_yaml

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
    """The file as it was, kept only when it does not validate (`is_draft` reads it then); "" when `position`
    holds it: the texts of every version of every file would stay in the build's memory (issue 18)."""
    approval_key: tuple[str, str] | None
    """(order number, date) as written, read even from a file that does not validate."""
    approved: bool = False
    """Starts an approved version (the first version, or a changed approval)."""
    blocks: dict[str, int] | None = field(default=None, repr=False, compare=False)
    """Top-level key → number of its text (`VersionParser`): equal numbers, equal text. The changes against
    the version before are looked for only in the sections of the keys whose text changed."""
    blob: str | None = field(default=None, repr=False, compare=False)
    """The git blob of the file (None when uncommitted): what `History.read` reads."""

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
    read: bool = True
    """False while the files of its versions are not read (`load_history(light=True)`): its commits, dates and
    paths are known, not the versions' content (`position`, `text`, `approval_key`, `approved`)."""
    public_from: dt.datetime | None = None
    """Of a chain not read (`light_history(drafts_published=False)`): the date of its first commit that is not a
    draft (`first_public`); None when it has none."""

    @property
    def committed(self) -> list[Version]:
        return [v for v in self.versions if v.commit is not None]

    @property
    def published(self) -> dt.datetime | None:
        """The first commit of the position (Avaldatud)."""
        committed = self.committed
        return committed[0].date if committed else None

    def first_public(self) -> dt.datetime | None:
        """Avaldatud while drafts are not published: the first commit at which the file was not a draft
        (`is_draft`), not the commit that began it as a draft (no trace of a draft: issue 13)."""
        if not self.read:
            return self.public_from
        return next((v.date for v in self.committed if not is_draft(v)), None)

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


def stated_day(position: Position | None) -> dt.date | None:
    """The day the version's order states it takes effect (`approval.effective_from`); None without one, and of a
    draft (`status: mustand`): a draft is no approved version, the day it names counts only once it is approved."""
    approval = position.approval if position is not None else None
    if approval is None or position is None or position.status is Status.MUSTAND:
        return None
    return approval.effective_from


def takes_effect(position: Position | None) -> dt.date | None:
    """The day a version takes effect: the date its order states (`stated_day`), else the order's date; None when
    neither is known."""
    approval = position.approval if position is not None else None
    if approval is None:
        return None
    return stated_day(position) or approval.date


def pending(position: Position, today: dt.date) -> bool:
    """Whether the version `position` takes effect only after `today`: its order states a later day. (Without a
    stated day a version is in force from its order, whatever the order's date: as before such days were kept.)"""
    day = stated_day(position)
    return day is not None and day > today


IN_FORCE, PENDING, ENDED, LAPSED = "in_force", "pending", "ended", "lapsed"
"""The states of an approved version on a day (`Term.state`): in force; not yet in force (its day is later);
was in force and was replaced; replaced by a later order before its own day came (never in force)."""


@dataclass(frozen=True)
class Term:
    """When one approved version of a position is in force, judged on one day (`terms`)."""

    start: Version
    """The version that starts it (`Version.approved`)."""
    last: Version
    """Its last correction: the text that is, was or will be in force."""
    begins: dt.date | None
    """The day it takes effect (`takes_effect`); None when its file names neither date."""
    ends: dt.date | None
    """Its last day in force: the day before a later version took or takes effect; None when open or not known."""
    state: str
    """`IN_FORCE`, `PENDING`, `ENDED` or `LAPSED`."""


def terms(chain: PositionHistory, today: dt.date) -> list[Term]:
    """The approved versions of `chain`, oldest first, each with its state on `today`.

    The version in force is the one of the latest order that has taken effect: the last approved version that
    is not `pending` on `today` (a version whose order states no day is in force from the order). The approved
    versions after it are pending, those before it ended (or lapsed: replaced before their stated day came). A
    version in force ends the day before the earliest pending one takes effect; an ended one the day before the
    first later version, up to the one in force, took effect (`takes_effect`)."""
    versions = chain.versions
    indexes = [i for i, v in enumerate(versions) if v.approved]
    starts = [versions[i] for i in indexes]
    # (the last version before the next approved one: of the newest, an uncommitted edit too, the current file)
    lasts = [versions[end - 1] for end in [*indexes[1:], len(versions)]]
    begins = [_begins(last) for last in lasts]
    stated = [stated_day(last.position) for last in lasts]
    current = max((i for i, day in enumerate(stated) if day is None or day <= today), default=-1)
    out = []
    for i, (start, last, day, own) in enumerate(zip(starts, lasts, begins, stated, strict=True)):
        later = begins[i + 1:current + 1] if i < current else begins[i + 1:] if i == current else []
        known = [d for d in later if d is not None]
        ends = _day_before(min(known)) if known and len(known) == len(later) else None
        if i == current:
            state = IN_FORCE
        elif i > current:
            state, ends = PENDING, None
        else:
            state = LAPSED if own is not None and (own > today or (ends is not None and ends < own)) else ENDED
        out.append(Term(start, last, day, ends, state))
    return out


def _day_before(day: dt.date) -> dt.date:
    """The day before `day` (a file may name the first day there is, 0001-01-01: then that day)."""
    return day - dt.timedelta(days=1) if day > dt.date.min else day


def _begins(version: Version) -> dt.date | None:
    """`takes_effect` of a version; of one that does not validate, its order's date as written."""
    if version.position is not None:
        return takes_effect(version.position)
    try:
        return dt.date.fromisoformat(version.approval_key[1]) if version.approval_key else None
    except ValueError:
        return None


def is_draft(version: Version) -> bool:
    """Whether the version's file is a draft (`status: mustand`); a file that does not validate, as it reads
    (`text_is_draft`)."""
    if version.position is not None:
        return version.position.status is Status.MUSTAND
    return text_is_draft(version.text)


_DRAFT_LINE = re.compile(r"^\s*[\"']?status[\"']?\s*:.*mustand", re.MULTILINE | re.IGNORECASE)


def text_is_draft(text: str) -> bool:
    """Whether the text of a file that does not validate is a draft's. Its `status` as YAML reads it (quoted,
    tagged, a block, escaped, any case: `Mustand`), or any line `status: … mustand` (a repeated key: the file
    may say both); a text YAML cannot read as a mapping, or one of over a megabyte, is taken for a
    draft's when it holds the word anywhere. With drafts off, hiding an invalid version is the lesser harm than
    showing a draft."""
    if "mustand" not in text.casefold() and "\\" not in text:  # (an escape may spell it: "must\x61nd")
        return False
    if _DRAFT_LINE.search(text):
        return True
    raw = text.encode("utf-8", "replace")
    if len(raw) > MAX_FILE_BYTES // 10:  # (a position file is some 10 KB: one of a megabyte is not read again)
        return "mustand" in text.casefold()
    doc, _ = load_yaml(Path("version.yaml"), "version.yaml", raw=raw)
    if not isinstance(doc.data, dict):
        return "mustand" in text.casefold()
    status = doc.data.get("status")
    return isinstance(status, str) and status.strip().casefold() == Status.MUSTAND.value


@dataclass
class History:
    positions: dict[str, PositionHistory] = field(default_factory=dict)
    """By the current id of the position (deleted positions by their last id)."""
    reason: str | None = None
    """Why there is no history (one line, with the fix); None when the history was read."""
    commits: int = 0
    top: Path | None = field(default=None, repr=False, compare=False)
    """The repository's top folder (where `read` reads the files)."""
    parsed: dict[str, _Parsed] = field(default_factory=dict, repr=False, compare=False)
    """Each version read, by blob."""
    parser: VersionParser | None = field(default=None, repr=False, compare=False)
    """The parser of the versions still to read (`read`); a new one when None. One parser reads all versions
    of a history: `Version.blocks` numbers the blocks of its parser, and versions are compared by them."""
    blobs: Mapping[str, bytes] | None = field(default=None, repr=False, compare=False)
    """The versions' files already read from git (`GitRead`), for `read`; None: `read` asks git for them."""

    @property
    def available(self) -> bool:
        return self.reason is None

    @property
    def complete(self) -> bool:
        """Every version's content is read (see `PositionHistory.read`)."""
        return all(chain.read for chain in self.positions.values())

    def seed(self, project: Project) -> None:
        """Give the parser the blocks of the current files before reading many versions (`seed`)."""
        if self.parser is None:
            self.parser = VersionParser()
        seed(self.parser, project)

    def read(self, chains: Iterable[PositionHistory] | None = None) -> None:
        """Read the content of the versions of `chains` (all when None) that are not read yet: their files in one
        `git cat-file --batch`, each new blob parsed once. The result is what `load_history` gives at once."""
        pending = [c for c in (self.positions.values() if chains is None else chains) if not c.read]
        if not pending:
            return
        versions = [v for chain in pending for v in chain.versions if v.blob is not None]
        wanted = {v.blob: v.path for v in reversed(versions) if v.blob is not None and v.blob not in self.parsed}
        if wanted:
            if self.top is None:
                raise ValueError("the history was not read from a repository")
            known = self.blobs
            blobs = known if known is not None and all(b in known for b in wanted) else _read_blobs(self.top,
                                                                                                     set(wanted))
            if self.parser is None:
                self.parser = VersionParser()
            _parse_blobs(self.parser, self.parsed, wanted, blobs)
        for version in versions:
            _fill(version, self.parsed[version.blob or ""])
        for chain in pending:
            mark_approved(chain.versions)
            chain.read = True

    def of(self, position_id: str) -> PositionHistory | None:
        """The history of a position, None without one (no git, or the file is not committed yet)."""
        found = self.positions.get(position_id)
        return found if found is not None and found.committed else None


# --- reading git ----------------------------------------------------------------------------------


class _NoHistory(Exception):
    """No history can be read; the message says why and how to fix it (one line, Estonian)."""


_SETTINGS = ("-c", "log.showRoot=true", "-c", "log.showSignature=false", "-c", "color.ui=never",
             "-c", "core.quotePath=false")
"""Git settings of the user's or the system's configuration that would change what is read (`log.showRoot = false`
hides the first commit's files), set back for our commands."""


class _NoTemporaryFile(_NoHistory):
    """git's output could not be written to a temporary file (`_git`): not a question of the repository."""


@overload
def _git(cwd: Path, *args: str, input: bytes | None = None, mapped: Literal[False] = False) -> bytes: ...
@overload
def _git(cwd: Path, *args: str, input: bytes | None = None, mapped: Literal[True]) -> bytes | mmap.mmap: ...
def _git(cwd: Path, *args: str, input: bytes | None = None, mapped: bool = False) -> bytes | mmap.mmap:
    """What git writes for `args`. Its input and output go through unnamed temporary files, not pipes: the output
    of `cat-file --batch` is every version of every file (about 100 MB at 1,000 positions with ten versions), and
    read from a pipe in a thread (`GitRead`), each of its thousands of pieces would wait for the interpreter's lock
    and take it from the data's loading, which it slowed by a third (issue 16). Read from a file, it is one call.

    `mapped`: the output file is not read but mapped (read-only; the mapping keeps the unnamed file): its pages are
    the file's, which the system can drop and read again, not the build's memory, and a forked process shares them
    (the versions' files: 1 GB at 10,000 positions with ten versions)."""
    try:
        with tempfile.TemporaryFile() as given, tempfile.TemporaryFile() as out:
            if input is not None:
                given.write(input)
                given.seek(0)
            try:
                done = subprocess.run(["git", *_SETTINGS, *args], cwd=cwd, stdin=given if input is not None else
                                      subprocess.DEVNULL, stdout=out, stderr=subprocess.PIPE, check=False)
            except OSError as error:
                raise _NoHistory("git puudub (paigalda git, et ametijuhendite muudatuste ajalugu näidata)") from error
            if done.returncode != 0:
                said = " ".join(done.stderr.decode("utf-8", "replace").split())  # (one line: git may say several)
                raise _NoHistory(f"git {args[0]} ebaõnnestus: {said[:200]}")
            if mapped and os.name == "posix" and os.fstat(out.fileno()).st_size:  # (Windows: a mapped file stays)
                with contextlib.suppress(OSError, ValueError):  # (a file system that cannot map: read it)
                    return mmap.mmap(out.fileno(), 0, access=mmap.ACCESS_READ)
            out.seek(0)
            return out.read()
    except OSError as error:  # the temporary files (a full disk, a TMPDIR that cannot be written)
        reason = error.strerror or str(error)
        raise _NoTemporaryFile(f"git {args[0]} väljundit ei saanud ajutisse faili kirjutada ({reason}; "
                               "vabasta kettaruumi või määra TMPDIR)") from error


def _repository(root: Path) -> tuple[Path, str]:
    """The repository's top folder and the data folder's path in it."""
    try:
        top = os.fsdecode(_git(root, "rev-parse", "--show-toplevel").removesuffix(b"\n"))
    except _NoTemporaryFile:
        raise
    except _NoHistory as error:
        owner = re.search(r"dubious ownership in repository at '([^']*)'", str(error))
        if owner:  # (CI: the clone belongs to another user than the build's)
            raise _NoHistory(f"git ei loe hoidlat {owner.group(1)}, sest selle omanik on teine kasutaja (dubious "
                             "ownership): ehita hoidla omaniku kasutajana või käivita `git config --global --add "
                             f"safe.directory {owner.group(1)}`") from None
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


_FIELDS = "%H%x00%P%x00%cI%x00%B%x00"
"""A commit's fields, each ended by NUL (which no message or path holds)."""


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


MESSAGE_LENGTH = 300
"""The longest message shown (characters); a longer first line is cut with `…`."""
_TRAILER_WORDS = ("signed-off|signed off|co-authored|co authored|authored|reviewed|acked|tested|reported|suggested"
                  "|helped|approved|requested|written|edited|committed|merged")
_PERSON = re.compile(rf"^(?:[a-z0-9]+(?:-[a-z0-9]+)*-by\s*:|(?:{_TRAILER_WORDS})[- ]by\b"
                     r"|(?:author|autor|kaasautor|koostaja|from|to|cc|bcc|committer|date)\s*:)", re.IGNORECASE)
"""A line that names a person: a trailer (`Signed-off-by: …`, `Co-authored-by : …`, `Signed-off-by Mari`, `Reviewed by
Mari`) or a mail header (`From: …`, `Author: …`, as `git format-patch` writes them). Never the message shown. Matched
on the line's `_probe`."""
_FORGE_LINE = re.compile(r"^(?:(?:revert|reapply)\s+\"+)*merge[ds]?\b|^see merge request|^change-id:|^\S+:$",
                         re.IGNORECASE)
"""Lines git and the forges write: `Merge branch 'mmaasikas-patch-1'`, Bitbucket's `Merged in feature/…`, a revert
of a merge and its reapply, `git merge --log`'s `* mmaasikas-patch-1:` (a line of one word and a colon). They name
branches, which name people, not the change. Skipped in every commit, a merge or not (a cherry-picked or rebased
merge has one parent)."""
_HYPHENS = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d", "-"))
_HIDDEN = frozenset(("Cc", "Cf", "Cn", "Co", "Cs", "Me", "Mn"))
"""Unicode categories of characters that show nothing of their own (format, combining, private, unassigned)."""
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
"""Letters and symbols that show as blank (Hangul fillers, the blank Braille pattern)."""
_LEADING = re.compile(r"^[\W_]+")
_PROBE_LENGTH = 200


def _probe(line: str) -> str:
    """The start of a line as the filters read it: compatibility forms folded (full-width letters), every hyphen a
    `-`, characters that show nothing dropped, and whatever is not a letter or digit dropped from its start (quote
    marks, bullets: `> Signed-off-by: …`)."""
    folded = unicodedata.normalize("NFKC", line[:_PROBE_LENGTH]).translate(_HYPHENS)
    shown = "".join(ch for ch in folded if ch not in _FILLERS and unicodedata.category(ch) not in _HIDDEN)
    return _LEADING.sub("", shown)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]+")
"""Control characters, and the direction controls that would turn the rest of a page's line around."""
_AT = frozenset("@\uff20\ufe6b")
"""`@` and its full-width and small forms."""
_FILE_NAME = re.compile(r"\.(?:ya?ml|docx?|odt|rtf|pdf|txt|md)\b", re.IGNORECASE)
"""A word that names a file (`positions/mari-maasikas.yaml` in a forge's `Rename …` or `Update …` message)."""
EMAIL_REMOVED = "(e-posti aadress eemaldatud)"
USER_REMOVED = "(kasutajanimi eemaldatud)"
FILE_REMOVED = "(failinimi eemaldatud)"


def _message(body: str) -> str:
    """The first line of the message that is HR's own: not a line that names a person (`_PERSON`) nor one that git
    or a forge wrote (`_FORGE_LINE`, e.g. a merge commit's first line).

    A commit message is people's text, not HR's. Each word holding an `@` is replaced (`EMAIL_REMOVED` for an
    e-mail address, `USER_REMOVED` for a mention `@mmaasikas`), each word naming a file by `FILE_REMOVED` (file
    names may be people's names), control characters by a space; the line is cut at `MESSAGE_LENGTH` characters.
    Names written as plain words cannot be told from other words: the HR guide asks not to write them."""
    first = ""
    for line in body.split("\n"):  # (git's line breaks only: a form feed or U+2028 does not end a trailer's line)
        probe = _probe(line)
        if probe and not _PERSON.match(probe) and not _FORGE_LINE.match(probe):
            first = line
            break
    start = first[:8 * MESSAGE_LENGTH]  # (more than is shown: the words below are cut at half of it)
    start = "".join(ch for ch in start if ch not in _FILLERS and unicodedata.category(ch) != "Cf")
    found = _CONTROL.sub(" ", start).split()
    if len(first) > 8 * MESSAGE_LENGTH and len(found) > 1:
        found.pop()  # (the last word may be cut: half an address would not hold its `@`)
    words: list[str] = []
    size = 0
    for word in found:
        if size + len(word) > 4 * MESSAGE_LENGTH:
            if words:
                break
            word = word[:4 * MESSAGE_LENGTH]  # (one word of a megabyte: its start, checked as a word)
        size += len(word) + 1
        if not _AT.isdisjoint(word):
            word = USER_REMOVED if word[0] in _AT or word.lstrip("<([{'\"")[:1] in _AT else EMAIL_REMOVED
        elif _FILE_NAME.search(word):
            word = FILE_REMOVED
        words.append(word)
    shown = " ".join(words)
    return shown if len(shown) <= MESSAGE_LENGTH else shown[:MESSAGE_LENGTH - 1].rstrip() + "…"


def _is_position_file(path: str, data: str) -> bool:
    """A position file of the data folder as `load.survey` finds them (a hidden file, `.x.yaml`, is never read)."""
    pure = PurePosixPath(path)
    parent = pure.parent.as_posix()
    return (pure.suffix == ".yaml" and not pure.name.startswith(".")
            and (parent == data or (data == "" and parent == ".")))


def _read_log(top: Path, data: str) -> list[_LogEntry]:
    """One `git log` pass: every first-parent commit that changed a position file, oldest first."""
    # Each commit starts with a mark no message can hold by chance (a message may hold any character but NUL).
    mark = f"\x1e{uuid.uuid4().hex}\x1e"
    out = _git(top, "log", "--first-parent", "--diff-merges=first-parent", "-M", "--raw", "--no-abbrev", "-z",
               "--encoding=UTF-8", "--reverse", f"--format={mark}{_FIELDS}",
               "--", data or ".")
    entries: list[_LogEntry] = []
    # Paths as the file system names them (bytes that are not UTF-8 kept: `os.fsdecode`), messages as text.
    for record in out.decode("utf-8", "surrogateescape").split(mark)[1:]:
        sha, _parents, date, body, rest = record.split("\0", 4)
        body = body.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        commit = Commit(sha, _commit_date(date), _message(body))
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


def _commit_date(iso: str) -> dt.datetime:
    """The committer date as git writes it; a forged commit's date that is none (year 3170843, zone +99:99, none at
    all: git then writes `%cI` as it is) counts as 1 January 1970, the oldest date a commit can have."""
    try:
        date = dt.datetime.fromisoformat(iso)
        date.astimezone(dt.UTC)  # (9999-12-31T20:00-14:00 is past the last date Python can hold)
    except (ValueError, OverflowError):
        return _EPOCH
    return date


class Blobs(Mapping[str, bytes]):
    """The content of blobs as `git cat-file --batch` wrote them: its whole output and where each blob is in it.
    One map of the file git wrote (`_git(mapped=True)`), not a bytes object per blob: the build's process and
    the process beside it share its pages, which are the file's, not memory of theirs (`History.blobs`)."""

    def __init__(self, raw: bytes | mmap.mmap = b"", spans: dict[str, tuple[int, int]] | None = None) -> None:
        self.raw = raw
        self.spans = spans or {}

    def __getitem__(self, blob: str) -> bytes:
        start, end = self.spans[blob]
        return self.raw[start:end]

    def __contains__(self, blob: object) -> bool:
        return blob in self.spans

    def __iter__(self) -> Iterator[str]:
        return iter(self.spans)

    def __len__(self) -> int:
        return len(self.spans)


_TRUNCATED = "git cat-file andis poolikud failid (hoidla on katki?): käivita `git fsck`"


def _read_blobs(top: Path, blobs: set[str]) -> Blobs:
    """The content of every blob, in one `git cat-file --batch` process (a blob the repository lacks is left out)."""
    if not blobs:
        return Blobs()
    order = sorted(blobs)
    out = _git(top, "cat-file", "--batch", input="".join(f"{b}\n" for b in order).encode(), mapped=True)
    spans: dict[str, tuple[int, int]] = {}
    pos = 0
    for blob in order:
        end = out.find(b"\n", pos)
        if end < 0:
            raise _NoHistory(_TRUNCATED)
        header = out[pos:end].split()
        if len(header) < 3:  # "<sha> missing"
            pos = end + 1
            continue
        size = int(header[2])
        if end + 1 + size > len(out):
            raise _NoHistory(_TRUNCATED)
        spans[blob] = (end + 1, end + 1 + size)
        pos = end + 1 + size + 1
    return Blobs(out, spans)


def _present_blobs(top: Path, blobs: set[str]) -> set[str]:
    """The blobs the repository has (`git cat-file --batch-check`: not their content; a partial clone may lack some)."""
    if not blobs:
        return set()
    out = _git(top, "cat-file", "--batch-check", input="".join(f"{b}\n" for b in sorted(blobs)).encode())
    return {line.split()[0] for line in out.decode().splitlines() if line.split()[1:2] != ["missing"]}


def _uncommitted(top: Path, data: str) -> set[str]:
    """Position files of the working tree that differ from HEAD or are not committed (paths in the repository)."""
    out = _git(top, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", data or ".")
    paths: set[str] = set()
    fields = out.decode("utf-8", "surrogateescape").split("\0")
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


def parse_version(path: str, raw: bytes, parser: VersionParser | None = None
                  ) -> tuple[Position | None, str, tuple[str, str] | None]:
    """A file's content at a commit: the position (None if it does not validate), its text, its approval.

    With a `parser`, the file is read by its top-level blocks, each distinct block parsed and validated once
    (`VersionParser`); without one, whole, by the loader of the current data. Both give the same result."""
    if parser is not None:
        parsed = parser.parse(path, raw)
        return parsed.position, parsed.text or raw.decode("utf-8", "replace"), parsed.approval_key
    text = raw.decode("utf-8", "replace")
    doc, problems = load_yaml(Path(path), path, raw=raw)
    if doc.data is None or problems or not isinstance(doc.data, dict):
        return None, text, _approval_key(doc.data)
    return _validate(doc.data), text, _approval_key(doc.data)


def _validate(data: dict[str, Any]) -> Position | None:
    try:
        return Position.model_validate(data)
    except ValidationError:
        return None


@dataclass
class _Parsed:
    position: Position | None
    text: str
    """The file's text when it does not validate, else "" (`Version.text`)."""
    approval_key: tuple[str, str] | None
    blocks: dict[str, int] | None
    """Top-level key → number of its block's text (equal numbers: equal text); None when parsed whole."""


_PARTS = re.compile(r"\n(?=[^ \n#-])")
"""The line break before a line that is not inside a block (indented or `- `), a comment or empty: a top-level
key. (Patterns that start with a newline are searched fast; `^` with re.M is tried at every character.)"""
_KEYS = re.compile(r"\n([A-Za-z_][A-Za-z0-9_]*):(?=[ \t\n]|\Z)")
"""A top-level key after a line break (searched in the text with a line break put before it)."""
_DASH = re.compile(r"\n-(?! )")
"""`-` not followed by a space at the start of a line (`---`, `-x`): not a block item."""
_NOT_KEY = frozenset(" \n#-")
"""The first characters of a line that does not start a top-level block (`_PARTS`)."""


@dataclass
class VersionParser:
    """Reads the old versions of a build. Consecutive versions of a file share most of their top-level blocks
    (`duties:` and what follows it), so each distinct block is parsed once (the safe loader of the current
    data, over that block only) and validated once: the validated value of a block is handed to pydantic
    again as is (a model instance is not validated twice), so a version costs about what changed in it.
    A file this cannot split safely (anchors, flow style at the top, repeated keys, a BOM or CR) is parsed
    whole, as the current data is. (The loader NFC-normalises each block; texts that differ only in
    normalisation are merely looked at twice.)"""

    plain: dict[str, Any] = field(default_factory=dict)
    """Block text → its parsed value (`_UNREADABLE` when the block alone does not parse)."""
    valid: dict[str, Any] = field(default_factory=dict)
    """Block text → the field's validated value, from a version that validated."""
    numbers: dict[str, int] = field(default_factory=dict)
    """Block text → its number (`_Parsed.blocks`)."""
    last: dict[str, tuple[str, list[tuple[str, str]], int]] = field(default_factory=dict)
    """Path → the text, blocks and length of the leading comments of the version of that file read last
    (`_split_like`)."""

    def parse(self, path: str, raw: bytes) -> _Parsed:
        return self.parse_many([(path, raw)])[0]

    def parse_many(self, files: list[tuple[str, bytes]]) -> list[_Parsed]:
        """Several files (path, content); the blocks not seen before are parsed together, in one parser run:
        starting the parser costs more than a small block (the usual change between two versions)."""
        texts = [raw.decode("utf-8", "replace") for _, raw in files]
        splits = []
        for (path, _), text in zip(files, texts, strict=True):
            previous = self.last.get(path)
            blocks = self._split_like(text, *previous) if previous is not None else self._split(text)
            if blocks is not None:
                self.last[path] = (text, blocks, len(text) - sum(len(block) for _, block in blocks))
            splits.append(blocks)
        new = {block: key for blocks in splits for key, block in blocks or []
               if block not in self.plain and (block not in self.valid or key == "approval")}
        self._read_items(list(new.items()))
        return [self._parse(path, raw, text, blocks) for (path, raw), text, blocks in zip(files, texts, splits,
                                                                                          strict=True)]

    def _parse(self, path: str, raw: bytes, text: str, blocks: list[tuple[str, str]] | None) -> _Parsed:
        if blocks is None:
            return _whole(path, raw)
        # A block validated before needs no parsing; the approval is always read as written (`_approval_key`).
        needed = [(key, block) for key, block in blocks if block not in self.valid or key == "approval"]
        self._read_new([(key, block) for key, block in needed if block not in self.plain])
        data: dict[str, Any] = {}
        for key, block in needed:
            value = self.plain[block]
            if value is _UNREADABLE:
                return _whole(path, raw)
            data[key] = value
        approval = _approval_key(data)
        position = _validate({key: self.valid[block] if block in self.valid else data[key] for key, block in blocks})
        if position is not None:
            fields = position.__dict__
            for key, block in blocks:
                known = self.valid.get(block, _MISSING)
                if known is _MISSING:
                    self.valid[block] = fields[key]
                elif fields[key] is not known and fields[key] == known:
                    # pydantic gave a copy of each list and text it was handed (a version cost 2 KB more): the
                    # value validated before stands for it, one object for every version that has this block
                    fields[key] = known
        numbers = {key: self.numbers.setdefault(block, len(self.numbers)) for key, block in blocks}
        return _Parsed(position, text if position is None else "", approval, numbers)

    def seed(self, text: str, position: Position) -> None:
        """Take the validated values of a current file (`text`, validated as `position` by `load_project`): the
        blocks of old versions equal to its blocks are then neither parsed nor validated again."""
        for key, block in self._split(text) or []:
            if key in Position.model_fields:
                self.valid.setdefault(block, getattr(position, key))

    def _read_items(self, blocks: list[tuple[str, str]]) -> None:
        """Blocks (text, key) of many files in one document, each an item of one list (indented under `- `),
        in parts of about a megabyte. A part that does not parse is left to `_read_new`, file by file."""
        part: list[tuple[str, str]] = []
        size = 0
        for block, key in [*blocks, ("", "")]:
            if (not block or size > 1_000_000) and len(part) > 1:
                doc, problems = load_yaml(Path("blocks.yaml"), "blocks.yaml",
                                          raw="".join(_as_item(b) for b, _ in part).encode())
                items = doc.data if not problems and isinstance(doc.data, list) else []
                for (text, name), item in zip(part, items, strict=False):
                    if len(items) == len(part) and isinstance(item, dict) and list(item) == [name]:
                        self.plain[text] = item[name]
                part, size = [], 0
            if block and not _OTHER_BREAKS.search(block):
                part.append((block, key))
                size += len(block)

    def _read_new(self, blocks: list[tuple[str, str]]) -> None:
        """Parse blocks not seen before: together in one document (one parser run), else one by one."""
        if len(blocks) > 1:
            doc, problems = load_yaml(Path("blocks.yaml"), "blocks.yaml", raw="".join(b for _, b in blocks).encode())
            if not problems and isinstance(doc.data, dict) and len(doc.data) == len(blocks):
                for key, block in blocks:
                    self.plain[block] = doc.data[key]
                return
        for key, block in blocks:
            doc, problems = load_yaml(Path("block.yaml"), "block.yaml", raw=block.encode())
            self.plain[block] = doc.data[key] if isinstance(doc.data, dict) and not problems and key in doc.data \
                else _UNREADABLE

    @classmethod
    def _split_like(cls, text: str, before: str, blocks: list[tuple[str, str]], head: int
                    ) -> list[tuple[str, str]] | None:
        """`_split(text)`, knowing that `blocks` is `_split(before)` of another version of the file: the blocks
        at its start and end that are as they were (compared in place, the usual case between two versions:
        a change in the middle) are taken as they are, the same strings (hashed once), and only what lies
        between them is split. `head`: the length of the comments before the first key of `before`. Whatever
        this cannot decide in place is left to `_split`."""
        if not text.startswith(before[:head]):
            return cls._split(text)
        size, last = len(text), len(blocks) - 1
        front: list[tuple[str, str]] = []
        start = head
        for key, block in blocks[:last]:  # each block but the file's last ends with its line break
            end = start + len(block)
            if end >= size or text[end] in _NOT_KEY or not text.startswith(block, start):
                break
            front.append((key, block))
            start = end
        if not front:
            return cls._split(text)
        back: list[tuple[str, str]] = []
        end = size
        for key, block in reversed(blocks[len(front):]):
            begin = end - len(block)
            if begin < start or text[begin - 1] != "\n" or not text.endswith(block, begin, end):
                break
            back.append((key, block))
            end = begin
        middle = text[start:end]
        found: list[tuple[str, str]] = []
        if middle:
            cut = _cut(middle) if middle[-1] == "\n" or not back else None
            if cut is None or not cut.keyed or len(cut.parts) != len(cut.keys):
                return cls._split(text)
            found = cut.blocks()
        result = [*front, *found, *reversed(back)]
        if len({key for key, _ in result}) != len(result):
            return None
        return result

    @staticmethod
    def _split(text: str) -> list[tuple[str, str]] | None:
        """The file's top-level blocks (key, text), or None when it cannot be split safely."""
        cut = _cut(text)
        if cut is None or not cut.keys or len(set(cut.keys)) != len(cut.keys):
            return None
        if not cut.keyed:  # comments before the first key
            head = cut.parts.pop(0)
            if any(line.strip() and not line.startswith("#") for line in head.split("\n")):
                return None
        if len(cut.parts) != len(cut.keys):  # a line at the top that is not `key:` (a tab, a plain word)
            return None
        return cut.blocks()


@dataclass
class _Cut:
    keys: list[str]
    """The top-level keys, in order."""
    parts: list[str]
    """The text cut at every line that is not inside a block, a comment or empty (`_PARTS`)."""
    keyed: bool
    """Whether the text starts with a key (no comments before it)."""

    def blocks(self) -> list[tuple[str, str]]:
        """(key, its block's text), each block but the last with the line break that ends it."""
        return list(zip(self.keys, [part + "\n" for part in self.parts[:-1]] + self.parts[-1:], strict=True))


def _cut(text: str) -> _Cut | None:
    """The keys and parts of a text (`VersionParser._split`); None when it cannot be split safely: an anchor or
    alias (`&`), a BOM, a CR, a line starting with `-` not followed by a space (`---`, `-x`)."""
    if "&" in text or "\ufeff" in text or "\r" in text:
        return None
    lines = "\n" + text
    if _DASH.search(lines):
        return None
    return _Cut(_KEYS.findall(lines), _PARTS.split(text), _KEYS.match(lines) is not None)


def _whole(path: str, raw: bytes) -> _Parsed:
    """A file parsed whole (`parse_version`), its text kept only when it does not validate (`Version.text`)."""
    position, text, approval = parse_version(path, raw)
    return _Parsed(position, text if position is None else "", approval, None)


_UNREADABLE = object()
_MISSING = object()
_OTHER_BREAKS = re.compile("[\x0b\x0c\x85\u2028\u2029]")
"""Characters YAML may read as line breaks: a block holding one is not moved into a list (`_as_item`)."""


def _as_item(block: str) -> str:
    """A top-level block as an item of a top-level list: `- ` before its first line, two spaces before the others."""
    lines = block.split("\n")
    if lines[-1] == "":  # the block's own last line break
        lines.pop()
    return "- " + lines[0] + "\n" + "".join(f"  {line}\n" if line else "\n" for line in lines[1:])


def mark_approved(versions: list[Version]) -> None:
    previous: tuple[str, str] | bool | None = False
    for version in versions:
        version.approved = previous is False or version.approval_key != previous
        previous = version.approval_key


_PARSE_BATCH = 500
"""Versions parsed together (`VersionParser.parse_many`): their new blocks in one parser run, their texts in memory."""


def build_history(project: Project, entries: list[_LogEntry], blobs: Mapping[str, bytes], top: Path,
                  uncommitted: set[str], parser: VersionParser | None = None,
                  parsed: dict[str, _Parsed] | None = None) -> History:
    """The histories of all positions from the log entries (pure: no git here).

    `parser` and `parsed` (the versions by blob) may come from earlier builds (`HistoryCache`)."""
    parser = parser or VersionParser()
    parsed = {} if parsed is None else parsed
    first_path = {c.blob: c.path for e in reversed(entries) for c in e.changes if c.blob is not None
                  and c.blob in blobs and c.blob not in parsed}
    _parse_blobs(parser, parsed, first_path, blobs)
    history, ended = _assemble(project, entries, set(blobs), top, uncommitted)
    history.parser, history.parsed = parser, parsed
    for chain in [*history.positions.values(), *ended]:
        for version in chain.versions:
            if version.blob is not None:
                _fill(version, parsed[version.blob])
    _join_aliases(history, ended, project)
    for chain in history.positions.values():
        mark_approved(chain.versions)
    return history


def light_history(project: Project, entries: list[_LogEntry], present: set[str], top: Path,
                  uncommitted: set[str], blobs: Mapping[str, bytes] | None = None, *,
                  drafts_published: bool = True) -> History:
    """The histories of all positions without the content of their versions (`PositionHistory.read` False):
    commits, dates and paths, what a position's page shows. Only deleted files are read (an alias joins
    a deleted file's history to the position that names it by the id in the file). `History.read` reads the
    rest, giving what `build_history` gives. `blobs`: the versions' files, when git has given them already.
    `drafts_published` False: each chain's `public_from` is found (its first versions read as far as needed)."""
    history, ended = _assemble(project, entries, present, top, uncommitted)
    history.blobs = blobs
    for chain in [*history.positions.values(), *ended]:
        chain.read = False
    history.read(ended)
    _join_aliases(history, ended, project)
    history.read([chain for chain in history.positions.values()
                  if all(v.blob is None or v.blob in history.parsed for v in chain.versions)])
    if not drafts_published:
        _find_public(history)
    return history


def _find_public(history: History) -> None:
    """`PositionHistory.public_from` of the chains not read, as `first_public` finds it once they are read. A
    file that does not hold the word `mustand` is no draft: only the others are parsed (whole, as
    `parse_version` reads them: the same result as the parser of the versions)."""
    pending = {id(chain): chain for chain in history.positions.values() if not chain.read}
    start = dict.fromkeys(pending, 0)
    while pending:
        wanted = {}
        for key, chain in pending.items():
            versions = chain.committed
            wanted[key] = versions[start[key]] if start[key] < len(versions) else None
        known = history.blobs
        blobs_needed = {v.blob for v in wanted.values() if v is not None and v.blob is not None}
        blobs = known if known is not None and all(b in known for b in blobs_needed) else \
            _read_blobs(history.top, blobs_needed) if history.top is not None and blobs_needed else {}
        for key, version in wanted.items():
            chain = pending[key]
            if version is None:  # every version a draft
                chain.public_from = None
                del pending[key]
                continue
            raw = blobs.get(version.blob or "")
            if raw is not None and (b"mustand" in raw.lower() or b"\\" in raw):  # (an escape may spell it)
                position, text, _ = parse_version(version.path, raw)
                draft = position.status is Status.MUSTAND if position is not None else text_is_draft(text)
            else:
                draft = False
            if draft:
                start[key] += 1
            else:
                chain.public_from = version.date
                del pending[key]


def _parse_blobs(parser: VersionParser, parsed: dict[str, _Parsed], paths: dict[str, str],
                 blobs: Mapping[str, bytes]) -> None:
    """Parse the blobs `paths` (blob → a path it had), `_PARSE_BATCH` at a time, into `parsed`.

    Without cyclic collection meanwhile (`without_cycle_collection`): reading makes objects that are kept, and
    the collections walked them again and again (a fifth of the reading's CPU time at 1,000 × 10 versions)."""
    order = [b for b in paths if b in blobs]
    with without_cycle_collection():
        for start in range(0, len(order), _PARSE_BATCH):
            part = order[start:start + _PARSE_BATCH]
            parsed.update(zip(part, parser.parse_many([(paths[b], blobs[b]) for b in part]), strict=True))
    parser.last.clear()  # (the texts of the last versions read: 100 MB at 10,000 files; only faster splits)


def _fill(version: Version, parsed: _Parsed) -> None:
    version.position, version.text = parsed.position, parsed.text
    version.approval_key, version.blocks = parsed.approval_key, parsed.blocks


def _assemble(project: Project, entries: list[_LogEntry], present: set[str], top: Path,
              uncommitted: set[str]) -> tuple[History, list[PositionHistory]]:
    """The chains of versions (content not read: `Version.blob` only) of the current files, and the ended ones."""
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
            if change.blob not in present:
                continue
            chain.versions.append(Version(entry.commit, change.path, None, "", None, blob=change.blob))
    history = History(commits=len(entries), top=top)
    folders: dict[Path, Path] = {}
    by_path = {_repo_path(doc.path, top, folders): pid for pid, doc in project.data.docs.items()
               if pid in project.links.positions}
    for path, pid in by_path.items():
        chain = chains.pop(path, None) or PositionHistory(pid)
        chain.id = pid
        if path in uncommitted:
            current = project.links.positions[pid]
            chain.versions.append(Version(None, path, current, "", _key_of(current)))
        history.positions[pid] = chain
    return history, ended


def _join_aliases(history: History, ended: list[PositionHistory], project: Project) -> None:
    """A deleted file whose id a position now lists under `aliases:` is that position's earlier history
    (`ended` must be read). Only a file that ended before the position's own file began: a file beside it with
    the same id (a copy, two files of one id in an old commit) was never published and is left out, and a file
    merged into a position that lists its id stays a history of its own."""
    began = {pid: chain.versions[0].date for pid, chain in history.positions.items()
             if chain.versions and chain.versions[0].date is not None}
    for chain in ended:
        last = next((v.position for v in reversed(chain.versions) if v.position is not None), None)
        old_id = last.id if last else chain.id
        target = project.links.aliases.get(old_id, old_id if old_id in history.positions else None)
        end = chain.deleted.date if chain.deleted else (chain.versions[-1].date if chain.versions else None)
        beside = target in began and end is not None and end > began[target]
        if target in history.positions and not beside:
            joined = history.positions[target]
            joined.versions[:0] = chain.versions
            joined.versions.sort(key=_chronological)
        elif chain.versions and old_id not in project.links.positions:
            chain.id = old_id
            history.positions[old_id] = chain


def _chronological(version: Version) -> tuple[bool, dt.datetime]:
    """Committed versions by date, the uncommitted one last."""
    return (version.commit is None, version.commit.date if version.commit else _EPOCH)


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _key_of(position: Position) -> tuple[str, str] | None:
    if position.approval is None:
        return None
    return (position.approval.order_number or "", position.approval.date.isoformat() if position.approval.date else "")


def _repo_path(path: Path, top: Path, folders: dict[Path, Path] | None = None) -> str:
    """The path in the repository of the file `path` resolves to: its folder resolved once per folder (`folders`,
    a cache), the file itself only when it is a link (a link within the data folder reads its target)."""
    folder = folders.get(path.parent) if folders is not None else None
    if folder is None:
        folder = path.parent.resolve()
        if folders is not None:
            folders[path.parent] = folder
    try:
        resolved = path.resolve() if path.is_symlink() else folder / path.name
        return resolved.relative_to(top).as_posix()
    except ValueError:
        return path.as_posix()


@dataclass
class HistoryCache:
    """What `load_history` read from git, kept between the builds of `mkdocs serve`: the log and the blobs
    are read again only when HEAD moves, and each blob is parsed once (blobs are named by their content)."""

    key: tuple[Path, str, str] | None = None
    """(repository top, data folder in it, HEAD) of `entries` and `blobs`."""
    entries: list[_LogEntry] = field(default_factory=list)
    blobs: Mapping[str, bytes] = field(default_factory=Blobs)
    parsed: dict[str, _Parsed] = field(default_factory=dict)
    """Each version read, by blob."""
    parser: VersionParser = field(default_factory=VersionParser)
    """The blocks read and validated (`VersionParser`)."""


@dataclass
class _GitState:
    """What git says of the data folder: the log, the versions' files and the working tree's edits."""

    top: Path
    data: str
    entries: list[_LogEntry]
    blobs: Blobs
    uncommitted: set[str]


class GitRead:
    """The git part of `load_history` (the log, every version's file, the working tree's state) in a thread,
    started before the build loads the data: git's processes run on the other core meanwhile, where nothing
    else runs yet (issue 16). The thread only waits for git and cuts its output (the interpreter's lock is
    free while it waits). `load_history(prefetched=…)` waits for it: before the build forks (`fork`), as a
    fork copies no thread."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._outcome: _GitState | BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="ametijuhend-git", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            top, data = _repository(self._root)
            entries = _read_log(top, data)
            blobs = _read_blobs(top, {c.blob for e in entries for c in e.changes if c.blob})
            self._outcome = _GitState(top, data, entries, blobs, _uncommitted(top, data))
        except BaseException as error:  # (given to the build's thread in `result`, `_NoHistory` or not)
            self._outcome = error

    def result(self) -> _GitState:
        """Wait for git; raises what the thread raised (`_NoHistory`: no history, the reason)."""
        self._thread.join()
        outcome = self._outcome
        if isinstance(outcome, BaseException):
            raise outcome
        assert outcome is not None
        return outcome


def load_history(root: Path, project: Project, cache: HistoryCache | None = None, *, light: bool = False,
                 prefetched: GitRead | None = None, drafts_published: bool = True) -> History:
    """Read the git history of the data folder `root`; without one, `History.reason` says why.

    With a `cache` (`mkdocs serve`), git's log is read again only when HEAD has moved; the working tree's
    state (uncommitted edits) is read every time. `light`: the versions' content is not parsed
    (`light_history`; `History.read` parses it later, e.g. in a process beside the build). `prefetched`:
    git was read by a `GitRead` started earlier for the same folder (not with a `cache`). `drafts_published`
    False (with `light`): the date each position was first published is found too (`first_public`)."""
    try:
        if prefetched is not None:
            state = prefetched.result()
            if light:
                return light_history(project, state.entries, set(state.blobs), state.top, state.uncommitted,
                                     state.blobs, drafts_published=drafts_published)
            return build_history(project, state.entries, state.blobs, state.top, state.uncommitted,
                                 seeded_parser(project))
        top, data = _repository(Path(root))
        key = (top, data, _git(top, "rev-parse", "HEAD").strip().decode()) if cache is not None else None
        if cache is not None and cache.key == key:
            entries, blobs = cache.entries, cache.blobs
        else:
            entries = _read_log(top, data)
            named = {c.blob for e in entries for c in e.changes if c.blob}
            if light and cache is None:
                present = _present_blobs(top, named)
                uncommitted = _uncommitted(top, data)
                return light_history(project, entries, present, top, uncommitted,
                                     drafts_published=drafts_published)
            if cache is not None:  # (the versions' file of the HEAD before goes first: two would need twice the disk)
                cache.key, cache.blobs = None, Blobs()
            blobs = _read_blobs(top, named)
            if cache is not None:
                cache.key, cache.entries, cache.blobs = key, entries, blobs
        uncommitted = _uncommitted(top, data)
    except _NoHistory as error:
        return History(reason=str(error))
    if cache is None:
        return build_history(project, entries, blobs, top, uncommitted, seeded_parser(project))
    return build_history(project, entries, blobs, top, uncommitted, cache.parser, cache.parsed)


def seed(parser: VersionParser, project: Project) -> None:
    """Give `parser` the blocks of the current files (most blocks of old versions are theirs)."""
    for pid, doc in project.data.docs.items():
        position = project.links.positions.get(pid)
        if position is not None:
            with contextlib.suppress(OSError, UnicodeDecodeError):
                parser.seed(doc.path.read_bytes().decode("utf-8"), position)


def seeded_parser(project: Project) -> VersionParser:
    """A `VersionParser` that knows the blocks of the current files."""
    parser = VersionParser()
    seed(parser, project)
    return parser


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
    """Each language's levels, all of them (`B1, B2 (kasuks)`: B1 required, B2 an advantage)."""
    levels: dict[str, list[str]] = {}
    for requirement in requirements:
        for level in requirement.levels:
            shown = (level.level or "tase märkimata") + (" (kasuks)" if level.advantage else "")
            levels.setdefault(level.language.value, []).append(shown)
    return {language: ", ".join(dict.fromkeys(shown)) for language, shown in levels.items()}


def _competency_rows(competencies: Competencies, group: str, names: Names,
                     catalogue: Mapping[str, Competency] | None) -> list[Row]:
    """A row per competency, in the wording the page shows (`wording`: the catalogue's where the position says
    nothing of its own)."""
    rows = []
    for use in getattr(competencies, group):
        name = use.name or names("competency", use.competency)
        shown = wording(use, catalogue.get(use.competency) if catalogue is not None else None, group)
        text = " ".join([name, *([shown.definition] if shown.definition else []), *shown.indicators])
        rows.append(Row(f"{group}:{use.competency}", name, text))
    return rows


SECTIONS_OF_KEY: dict[str, tuple[str, ...]] = {
    "status": ("kinnitamine",), "approval": ("kinnitamine",),
    **dict.fromkeys(("title", "specialisation", "unit", "manager", "substituted_by", "substitutes_for"), ("uldosa",)),
    "purpose": ("eesmark",), "duties": ("ulesanded",), "rights": ("oigused",), "responsibilities": ("vastutus",),
    "requirements": ("nouded",), "competencies": ("kompetentsid", "taiendavad-kompetentsid"),
    "amendment": ("muutmine",),
    **dict.fromkeys(("id", "aliases", "last_review", "source", "document_note", "signatures", "signed_original",
                     "incomplete_source"), ()),
}
"""The sections of `document` whose rows read each top-level key of a position file. A key not listed here
(`document_type`, `tools`, `missing`, `printed`: headings and numbering) may change every section."""


def changed_sections(old: Version, new: Version) -> frozenset[str] | None:
    """The sections of `document` that can differ between two versions, from the keys whose text changed;
    None when that cannot be told (a file parsed whole, or a key that renumbers or renames sections)."""
    if old.blocks is None or new.blocks is None:
        return None
    sections: set[str] = set()
    for key in old.blocks.keys() | new.blocks.keys():
        if old.blocks.get(key) != new.blocks.get(key):
            if key not in SECTIONS_OF_KEY:
                return None
            sections.update(SECTIONS_OF_KEY[key])
    return frozenset(sections)


def document(position: Position, names: Names, only: frozenset[str] | None = None,
             catalogue: Mapping[str, Competency] | None = None) -> list[DocSection]:
    """A position as comparable sections and rows, numbered as its document numbers them.

    The same reading serves the changes between versions and the compare page (per-position JSON).
    `only`: just these sections (`changed_sections`), for the changes between two versions. `catalogue`: the
    competencies by id, for the wording the page shows where the position has none of its own. A field the
    source lacks (`missing:`) reads "puudub lähtedokumendis", as on the page."""
    from .structure import position_sections  # the one place that numbers a document's sections

    def wanted(key: str) -> bool:
        return only is None or key in only

    lacking = set(position.missing)

    def given(text: str, *fields: str) -> str:
        return MISSING_IN_SOURCE if not text and lacking.intersection(fields) else text

    listed = position_sections(position)
    numbers = {s.anchor: s.number for s in listed}
    titles = {s.anchor: (f"{s.number}. {s.title}" if s.number else s.title) for s in listed}
    p = position
    general = numbers["uldosa"]
    sections: list[DocSection] = []
    if wanted("kinnitamine"):
        head = [Row("staatus", "Staatus", p.status.value)]
        if p.approval is None and "approval" in lacking:
            head.append(Row("kinnitatud", "Kinnitatud", MISSING_IN_SOURCE))
        if p.approval:
            effective = p.approval.effective_from
            number = given(p.approval.order_number or "", "approval.order_number")
            approval = ", ".join(x for x in (f"käskkiri nr {number}" if number else "",
                                             p.approval.date.strftime("%d.%m.%Y") if p.approval.date else "",
                                             f"jõustub {effective.strftime('%d.%m.%Y')}" if effective else "")
                                 if x)
            head.append(Row("kinnitatud", "Kinnitatud", approval or "märkimata"))
        sections.append(DocSection("kinnitamine", "Kinnitamine", head))
    if wanted("uldosa"):
        sections.append(DocSection("uldosa", titles["uldosa"], [
            Row(f"{general}.1", f"{general}.1 Ametinimetus", given(
                " ".join(x for x in (p.title or "", f"({p.specialisation})" if p.specialisation else "") if x),
                "title")),
            Row(f"{general}.2", f"{general}.2 Struktuuriüksus", given(names("unit", p.unit) if p.unit else "", "unit")),
            Row(f"{general}.3", f"{general}.3 Vahetu juht",
                given(names("position", p.manager) if p.manager else "", "manager")),
            Row(f"{general}.4", f"{general}.4 Kes asendab",
                given(", ".join(names("position", i) for i in p.substituted_by), "substituted_by")),
            Row(f"{general}.5", f"{general}.5 Keda asendab",
                given(", ".join(names("position", i) for i in p.substitutes_for), "substitutes_for")),
        ]))
    if wanted("eesmark"):
        sections.append(DocSection("eesmark", titles["eesmark"],
                                   [Row("eesmark", titles["eesmark"], given(p.purpose or "", "purpose"))]))
    def lacks(key: str, name: str, rows: list[Row]) -> list[Row]:  # (a section the source lacks says so)
        return rows or ([Row(key, titles.get(key, ""), MISSING_IN_SOURCE)] if name in lacking else [])

    if wanted("ulesanded"):
        sections.append(DocSection("ulesanded", titles["ulesanded"], lacks(
            "ulesanded", "duties", [Row(d.number, d.number, _duty_text(d)) for d in p.duties])))
    for anchor, name, bullets in (("oigused", "rights", p.rights), ("vastutus", "responsibilities",
                                                                     p.responsibilities)):
        if wanted(anchor):
            sections.append(DocSection(anchor, titles[anchor], lacks(anchor, name, [
                Row(f"{anchor}:{i}", f"{numbers[anchor]}.{i}", item) for i, item in enumerate(_bullets(bullets),
                                                                                            start=1)])))
    if "toovahendid" in numbers and wanted("toovahendid"):
        sections.append(DocSection("toovahendid", titles["toovahendid"],
                                   [Row("toovahendid", "", given(p.tools or "", "tools"))]))
    if wanted("nouded"):
        sections.append(DocSection("nouded", titles["nouded"], lacks(
            "nouded", "requirements", _requirement_rows(p, numbers["nouded"], given))))
    if wanted("kompetentsid"):
        sections.append(DocSection("kompetentsid", titles["kompetentsid"], lacks(
            "kompetentsid", "competencies", _competency_rows(p.competencies, "core", names, catalogue))))
    if wanted("taiendavad-kompetentsid"):
        extra = _competency_rows(p.competencies, "additional", names, catalogue)
        extra += [Row(f"teadmised:{item}", item, item) for item in p.competencies.knowledge]
        sections.append(DocSection("taiendavad-kompetentsid", "Täiendavad kompetentsid, isikuomadused ja teadmised",
                                   extra))
    if wanted("muutmine"):
        sections.append(DocSection("muutmine", titles["muutmine"], lacks("muutmine", "amendment", [
            Row(f"muutmine:{i}", f"{numbers['muutmine']}.{i}", item) for i, item in enumerate(p.amendment, start=1)])))
    return sections


def _requirement_rows(p: Position, n: int | None, given: Callable[..., str]) -> list[Row]:
    r = p.requirements
    rows: list[Row] = []
    if r:
        standard: tuple[tuple[str, str, str | None, str], ...] = (
            ("haridus", "Haridus", r.education, "education"), ("tookogemus", "Töökogemus", r.experience, "experience"),
            ("keeleoskus", "Keeleoskus", " ".join(lang.text for lang in r.languages), "languages"),
            ("arvuti", "Arvutikasutamise oskus", r.computer_skills, "computer_skills"),
            ("lahetused", "Valmisolek lähetusteks", r.travel, "travel"))
        for i, (key, label, value, name) in enumerate(standard, start=1):
            if value or key != "lahetused":
                rows.append(Row(key, f"{n}.{i} {label}", given(value or "", "requirements", f"requirements.{name}")))
        for level_language, level in _languages(r.languages).items():
            language = LANGUAGE_NAMES.get(level_language, level_language)
            rows.append(Row(f"keel:{level_language}", f"{n}.3 keelenõue ({language})", level))
        rows += [Row(f"muu:{o.label}", o.label, o.text) for o in r.other]
    return rows


def word_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """`old` → `new` word by word: (`=` | `-` | `+`, words). The words both share at the start and at the end are
    set aside first (a change is usually a few words in a long text), and only what lies between is compared."""
    a, b = old.split(), new.split()
    size = min(len(a), len(b))
    start = 0
    while start < size and a[start] == b[start]:
        start += 1
    end = 0
    while end < size - start and a[-1 - end] == b[-1 - end]:
        end += 1
    out: list[tuple[str, str]] = [("=", " ".join(a[:start]))] if start else []
    middle_a, middle_b = a[start:len(a) - end], b[start:len(b) - end]
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, middle_a, middle_b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", " ".join(middle_a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", " ".join(middle_a[i1:i2])))
        if j2 > j1:
            out.append(("+", " ".join(middle_b[j1:j2])))
    if end:
        out.append(("=", " ".join(a[len(a) - end:])))
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
