"""The pipeline in one call: load → validate → link. Used by the CLI and the MkDocs hook."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, Severity, errors_of, sort_problems
from .link import Links, link
from .load import Dataset, LoadCache, load_dataset, without_cycle_collection


@dataclass
class Project:
    data: Dataset
    links: Links
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return errors_of(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


def load_project(root: Path, cache: LoadCache | None = None) -> Project:
    """Load, validate and link the data folder `root`. Never raises for bad data.

    `cache` (`mkdocs serve`): reuse what earlier loads read from files that have not changed since."""
    with without_cycle_collection():  # see there: no cycles to find, only time to lose
        data = load_dataset(Path(root), cache)
        links, problems = link(data)
    return Project(data=data, links=links, problems=sort_problems([*data.problems, *problems]))
