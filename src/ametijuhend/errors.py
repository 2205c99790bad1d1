"""Problems found in the data, and how they are shown to the person who edits it."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .messages import DEFAULT_LANG, Either, Lang, Msg, render


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth knowing) in one file.

    Everything the editor needs to fix it: where (file, line, column, key path),
    what was found, what was expected, and the fix.
    """

    file: str
    line: int | None
    column: int | None
    key: str
    """Dotted key path inside the file, e.g. `duties[2].results[0]`; empty for the whole file."""
    message: Msg
    """What is wrong, as a key of the message table (`ametijuhend.messages`) and its values."""
    found: Msg | str | None = None
    """The value found: data (a quoted value, the same in every language) or a message."""
    expected: Msg | None = None
    hint: Msg | None = None
    """The fix."""
    severity: Severity = Severity.ERROR

    @property
    def location(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def to_dict(self, lang: Lang = DEFAULT_LANG) -> dict[str, object]:
        """JSON-ready form (`ametijuhend validate --format json`); `code` is the message's key."""
        return {
            "file": self.file, "line": self.line, "column": self.column, "key": self.key,
            "severity": self.severity.value, "code": self.message.key, "message": self.message.text(lang),
            "found": _text(self.found, lang), "expected": _text(self.expected, lang), "fix": _text(self.hint, lang),
        }

    def format(self, lang: Lang = DEFAULT_LANG) -> str:
        """Multi-line, human-readable form used by the CLI and the build.

        Control characters of a file name, a key or a value (a terminal's escape sequences, line breaks) are
        shown escaped: they can neither drive the terminal nor forge a line of the report."""
        labels = _labels(lang)
        message = printable(self.message.text(lang))
        head = f"{printable(self.location)}: {labels[self.severity.value]}: "
        head += f"{printable(self.key)}: {message}" if self.key else message
        lines = [head]
        for label, value in (("found", self.found), ("expected", self.expected), ("fix", self.hint)):
            if value is not None:
                lines.append(f"    {labels[label]}{printable(render(value, lang))}")
        return "\n".join(lines)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """`text` as one line for a terminal: control characters and line breaks as `\\x1b`-style escapes."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@functools.cache
def _labels(lang: Lang) -> dict[str, str]:
    """The words of a report in `lang`: severities and the labels of found, expected and fix."""
    names = [*(s.value for s in Severity), "found", "expected", "fix"]
    return {name: Msg(f"report.{name}").text(lang) for name in names}


def _text(value: Msg | str | None, lang: Lang) -> str | None:
    return None if value is None else render(value, lang)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """In file order; the same order in every language."""
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or 0, p.key, p.message.key,
                                           repr(p.message.params)))


def errors_of(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def summary(problems: Iterable[Problem], lang: Lang = DEFAULT_LANG) -> str:
    """The last line of a report: `vigu 2, hoiatusi 1` (`2 error(s), 1 warning(s)`)."""
    problems = list(problems)
    n_warn = sum(p.severity is Severity.WARNING for p in problems)
    return Msg("report.summary", errors=len(errors_of(problems)), warnings=n_warn).text(lang)


def format_report(problems: Iterable[Problem], lang: Lang = DEFAULT_LANG) -> str:
    problems = list(problems)
    body = "\n".join(p.format(lang) for p in problems)
    return f"{body}\n{summary(problems, lang)}" if body else summary(problems, lang)


def edit_distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
    neighbouring characters each count 1 (`titel` → `title` is one edit)."""
    if len(a) < len(b):
        a, b = b, a
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        before, previous = previous, current
    return previous[-1]


def _close_enough(value: str) -> int:
    """Most edits a suggestion may be away from `value`: one for short words, two from ten characters on
    (a typo, not another word: `erihoolekande-talitus` is not a typo of `asendushoolduse-talitus`)."""
    return 1 if len(value) < 10 else 2


def _variants(text: str) -> set[str]:
    """`text` and every text made by deleting one of its characters."""
    return {text, *(text[:i] + text[i + 1:] for i in range(len(text)))}


class Suggester:
    """"Did you mean" for values that should be one of `candidates`, offered only when genuinely close.

    Candidates are indexed by their one-character deletions, so a look-up costs the length of the value,
    not the number of candidates (thousands of unknown references among thousands of ids stay linear).
    Every candidate within one edit of the value is found, and those within two edits that share a
    one-deletion variant (two substitutions far apart are not: such a pair is rarely a typo).
    """

    def __init__(self, candidates: Iterable[str]):
        self._candidates = candidates
        self._index: dict[str, list[str]] | None = None
        self._memo: dict[str, list[tuple[int, str]]] = {}

    def _matches(self, value: str) -> list[tuple[int, str]]:
        """(distance, candidate) of every close candidate, closest first."""
        if value in self._memo:
            return self._memo[value]
        if self._index is None:
            self._index = {}
            for candidate in dict.fromkeys(self._candidates):
                for variant in _variants(candidate.casefold()):
                    self._index.setdefault(variant, []).append(candidate)
        folded = value.casefold()
        found: set[str] = set()
        for variant in _variants(folded):
            found.update(self._index.get(variant, ()))
        limit = _close_enough(value)
        matches = sorted((d, c) for c in found if c != value and (d := edit_distance(folded, c.casefold())) <= limit)
        self._memo[value] = matches
        return matches

    def closest(self, value: str, exclude: Iterable[str] = ()) -> list[str]:
        """The candidates closest to `value` (at most three, equally close), none when nothing is close."""
        excluded = set(exclude)
        matches = [(d, c) for d, c in self._matches(value) if c not in excluded]
        return [c for d, c in matches if d == matches[0][0]][:3]

    def hint(self, value: str, exclude: Iterable[str] = ()) -> Msg | None:
        """`did you mean `x`?` (or `x` or `y` when equally close), or None when nothing is close."""
        best = self.closest(value, exclude)
        return Msg("hint.did_you_mean", choices=Either(f"`{c}`" for c in best)) if best else None


def did_you_mean(value: str, candidates: Iterable[str], exclude: Iterable[str] = ()) -> Msg | None:
    """`did you mean `x`?` for the closest of `candidates` when genuinely close (see `Suggester`), or None."""
    return Suggester(candidates).hint(value, exclude)


def short(value: object, limit: int = 60) -> str:
    """A value as shown in a message: quoted, one line, cut to a readable length."""
    if isinstance(value, bool) or value is None:  # as written in YAML, not as Python prints it
        text = {True: "true", False: "false", None: "null"}[value]
    else:
        text = value if isinstance(value, str) else repr(value)
    text = text.replace("\n", "\\n")
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"`{text}`"
