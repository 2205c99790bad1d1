"""Problems found in the data, and how they are shown to the person who edits it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


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
    message: str
    found: str | None = None
    expected: str | None = None
    hint: str | None = None
    severity: Severity = Severity.ERROR

    @property
    def location(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (`ametijuhend validate --format json`)."""
        return {
            "file": self.file, "line": self.line, "column": self.column, "key": self.key,
            "severity": self.severity.value, "message": self.message,
            "found": self.found, "expected": self.expected, "fix": self.hint,
        }

    def format(self) -> str:
        """Multi-line, human-readable form used by the CLI and the build."""
        head = f"{self.location}: {self.severity.value}: "
        head += f"{self.key}: {self.message}" if self.key else self.message
        lines = [head]
        if self.found is not None:
            lines.append(f"    found:    {self.found}")
        if self.expected is not None:
            lines.append(f"    expected: {self.expected}")
        if self.hint is not None:
            lines.append(f"    fix:      {self.hint}")
        return "\n".join(lines)


class DataError(Exception):
    """The data is invalid: raised with every problem of the run, never just the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sort_problems(problems)
        super().__init__(format_report(self.problems))


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or 0, p.key, p.message))


def errors_of(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def summary(problems: Iterable[Problem]) -> str:
    """The last line of a report: `2 error(s), 1 warning(s)`."""
    problems = list(problems)
    n_warn = sum(p.severity is Severity.WARNING for p in problems)
    return f"{len(errors_of(problems))} error(s), {n_warn} warning(s)"


def format_report(problems: Iterable[Problem]) -> str:
    problems = list(problems)
    body = "\n".join(p.format() for p in problems)
    return f"{body}\n{summary(problems)}" if body else summary(problems)


def did_you_mean(value: str, candidates: Iterable[str]) -> str | None:
    """`did you mean `x`?` for the closest candidate, or None."""
    match = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return f"did you mean `{match[0]}`?" if match else None


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
