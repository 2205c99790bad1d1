"""Stage 3: resolve references across files — a pure step.

Everything is indexed by id first, then every reference is resolved. What
cannot be resolved is returned as problems (with file and line), never logged
from here. The result, `Links`, is the graph the renderer walks: positions,
their units, managers, substitutes in both directions (including those that
only the other side states), and the users of each competency.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import Problem, Severity, did_you_mean
from .load import COMPETENCIES_FILE, REFERENCED_FILE, UNITS_FILE, Dataset
from .models import Competency, Position, ReferencedPosition, Unit


@dataclass
class Links:
    """The resolved data of a site."""

    positions: dict[str, Position] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    competencies: dict[str, Competency] = field(default_factory=dict)
    referenced: dict[str, ReferencedPosition] = field(default_factory=dict)
    """Positions named by others that have no file (shown as text, listed for maintainers)."""
    aliases: dict[str, str] = field(default_factory=dict)
    """Former id → current id."""
    reports: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Manager id → ids of the positions whose direct manager it is."""
    substituted_by: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Position id → who substitutes it: its own list plus positions that say they substitute it."""
    substitutes_for: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Position id → whom it substitutes: its own list plus positions that say it substitutes them."""
    one_sided: list[tuple[str, str]] = field(default_factory=list)
    """(substitute, substituted) pairs stated by one side only."""
    competency_users: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    """Competency id → (position id, `core` | `additional`)."""
    unit_positions: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Unit id → ids of the positions placed directly in it."""
    subunits: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    referenced_by: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Id of a position without a file → ids of the positions that name it."""

    def has_page(self, position_id: str) -> bool:
        return position_id in self.positions

    def name(self, position_id: str) -> str:
        """Display name of any position id: with a page, referenced only, or unknown."""
        if position_id in self.positions:
            return position_label(self.positions[position_id])
        if position_id in self.referenced:
            return self.referenced[position_id].name
        return position_id

    def unit_path(self, unit_id: str | None) -> list[Unit]:
        """Department › division › team, top first."""
        path: list[Unit] = []
        seen: set[str] = set()
        while unit_id and unit_id in self.units and unit_id not in seen:
            seen.add(unit_id)
            path.insert(0, self.units[unit_id])
            unit_id = self.units[unit_id].parent
        return path

    def positions_under(self, unit_id: str) -> list[str]:
        """Positions in the unit and all its sub-units."""
        out = list(self.unit_positions.get(unit_id, []))
        for sub in self.subunits.get(unit_id, []):
            out += self.positions_under(sub)
        return out


UNTITLED = "Ametinimetus puudub"
"""The name shown for a position whose source lacks its title."""


def position_label(position: Position) -> str:
    """`Title (specialisation)`; a position without a title is "Ametinimetus puudub" (its id is internal)."""
    if not position.title:
        return UNTITLED
    if position.specialisation:
        return f"{position.title} ({position.specialisation})"
    return position.title


def link(data: Dataset) -> tuple[Links, list[Problem]]:
    """Resolve all references of `data`. Returns the graph and the problems found."""
    links = Links()
    problems: list[Problem] = []

    def doc_problem(pid: str, loc: tuple, message: str, **kw) -> None:  # type: ignore[no-untyped-def,type-arg]
        problems.append(data.docs[pid].problem(loc, message, **kw))

    _index_catalogues(data, links, problems)
    links.positions = {p.id: p for p in data.positions}  # unique: `load` reports duplicates
    for position in links.positions.values():
        for i, alias in enumerate(position.aliases):
            if alias in links.positions or alias in links.aliases:
                owner = alias if alias in links.positions else links.aliases[alias]
                doc_problem(position.id, ("aliases", i), f"alias `{alias}` is already used by `{owner}`",
                            hint="remove the alias: an address can lead to one position only")
            else:
                links.aliases[alias] = position.id
    for rid in list(links.referenced):
        if rid in links.positions:
            ref_doc = data.docs.get("referenced-positions.yaml")
            index = next(i for i, r in enumerate(data.referenced) if r.id == rid)
            where = ("positions", index, "id")
            problems.append(ref_doc.problem(where, f"`{rid}` has its own file now", severity=Severity.WARNING,
                                            hint="remove the entry from referenced-positions.yaml")
                            if ref_doc else Problem("referenced-positions.yaml", None, None, rid,
                                                    f"`{rid}` has its own file now", severity=Severity.WARNING))
            del links.referenced[rid]

    known = set(links.positions) | set(links.referenced) | data.invalid  # invalid ones: for did-you-mean only

    def resolve(pid: str, target: str, loc: tuple) -> str | None:  # type: ignore[type-arg]
        if target in links.positions or target in links.referenced:
            return target
        if target in data.invalid or REFERENCED_FILE in data.invalid:
            return None  # its file (or the catalogue) did not validate: reported there already
        if target in links.aliases:
            doc_problem(pid, loc, f"`{target}` is a former id of `{links.aliases[target]}`",
                        severity=Severity.WARNING, hint=f"write `{links.aliases[target]}`")
            return links.aliases[target]
        doc_problem(pid, loc, f"unknown position `{target}`", found=f"`{target}`",
                    expected="the id of a position file or of an entry in catalogues/referenced-positions.yaml",
                    hint=did_you_mean(target, known)
                    or "add the position to catalogues/referenced-positions.yaml if it has no file yet")
        return None

    for position in links.positions.values():
        pid = position.id
        if position.unit:
            if position.unit in links.units:
                links.unit_positions[position.unit].append(pid)
            elif UNITS_FILE not in data.invalid:
                doc_problem(pid, ("unit",), f"unknown unit `{position.unit}`", found=f"`{position.unit}`",
                            expected="an id from catalogues/units.yaml",
                            hint=did_you_mean(position.unit, links.units) or "add the unit to catalogues/units.yaml")
        if position.manager:
            manager = resolve(pid, position.manager, ("manager",))
            if manager:
                links.reports[manager].append(pid)
        for i, target in enumerate(position.substituted_by):
            resolved = resolve(pid, target, ("substituted_by", i))
            if resolved:
                _add(links.substituted_by[pid], resolved)
                _add(links.substitutes_for[resolved], pid)
        for i, target in enumerate(position.substitutes_for):
            resolved = resolve(pid, target, ("substitutes_for", i))
            if resolved:
                _add(links.substitutes_for[pid], resolved)
                _add(links.substituted_by[resolved], pid)
        for group in ("core", "additional"):
            for i, use in enumerate(getattr(position.competencies, group)):
                if use.competency in links.competencies:
                    links.competency_users[use.competency].append((pid, group))
                elif COMPETENCIES_FILE not in data.invalid:
                    doc_problem(pid, ("competencies", group, i, "competency"),
                                f"unknown competency `{use.competency}`", found=f"`{use.competency}`",
                                expected="an id from catalogues/competencies.yaml",
                                hint=did_you_mean(use.competency, links.competencies)
                                or "add it to catalogues/competencies.yaml")
        for named in {position.manager, *position.substituted_by, *position.substitutes_for}:
            if named and named in links.referenced:
                _add(links.referenced_by[named], pid)

    _check_substitution_pairs(links, data, problems)
    _check_reporting_cycles(links, data, problems)
    return links, problems


def _add(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def _index_catalogues(data: Dataset, links: Links, problems: list[Problem]) -> None:
    catalogues: tuple[tuple[str, Sequence[Unit | Competency | ReferencedPosition], dict[str, Any], str], ...] = (
        ("unit", data.units, links.units, "units.yaml"),
        ("competency", data.competencies, links.competencies, "competencies.yaml"),
        ("position", data.referenced, links.referenced, "referenced-positions.yaml"),
    )
    for kind, items, target, file in catalogues:
        doc = data.docs.get(file)
        for i, item in enumerate(items):
            if item.id in target:
                where = {"unit": "units", "competency": "competencies", "position": "positions"}[kind]
                if doc:
                    problems.append(doc.problem((where, i, "id"), f"duplicate {kind} id `{item.id}`",
                                                hint="keep one entry"))
                continue
            target[item.id] = item
    doc = data.docs.get("units.yaml")
    for i, unit in enumerate(data.units):
        if unit.parent is None:
            continue
        if unit.parent not in links.units:
            if doc:
                problems.append(doc.problem(("units", i, "parent"), f"unknown parent unit `{unit.parent}`",
                                            hint=did_you_mean(unit.parent, links.units)))
            continue
        links.subunits[unit.parent].append(unit.id)
    for unit in data.units:  # a cycle would make the breadcrumb endless
        seen, current = set(), unit.id
        while current and current in links.units:
            if current in seen:
                if doc:
                    problems.append(doc.problem(("units",), f"units form a cycle through `{unit.id}`",
                                                hint="a unit's parent must be a larger unit"))
                links.subunits.clear()
                return
            seen.add(current)
            current = links.units[current].parent  # type: ignore[assignment]


def _check_substitution_pairs(links: Links, data: Dataset, problems: list[Problem]) -> None:
    for pid, position in links.positions.items():
        for i, target in enumerate(position.substituted_by):
            other = links.positions.get(target)
            if other and target != pid and pid not in other.substitutes_for:
                links.one_sided.append((target, pid))
                problems.append(data.docs[pid].problem(
                    ("substituted_by", i),
                    f"one-sided substitution: `{target}` does not list `{pid}` in `substitutes_for`",
                    severity=Severity.WARNING, hint=f"add `{pid}` to `substitutes_for` in {target}.yaml"))
        for i, target in enumerate(position.substitutes_for):
            other = links.positions.get(target)
            if other and target != pid and pid not in other.substituted_by:
                links.one_sided.append((pid, target))
                problems.append(data.docs[pid].problem(
                    ("substitutes_for", i),
                    f"one-sided substitution: `{target}` does not list `{pid}` in `substituted_by`",
                    severity=Severity.WARNING, hint=f"add `{pid}` to `substituted_by` in {target}.yaml"))


def _check_reporting_cycles(links: Links, data: Dataset, problems: list[Problem]) -> None:
    reported: set[frozenset[str]] = set()
    for start in links.positions:
        chain: list[str] = []
        current: str | None = start
        while current in links.positions and current not in chain:
            chain.append(current)
            current = links.positions[current].manager
        if current is None or current not in chain:
            continue
        cycle = chain[chain.index(current):]
        key = frozenset(cycle)
        if key in reported:
            continue
        reported.add(key)
        path = " → ".join([*cycle, current])
        problems.append(data.docs[cycle[0]].problem(
            ("manager",), f"reporting lines form a cycle: {path}",
            expected="a chain of direct managers that ends at the top of the organisation",
            hint="correct the `manager` of one of these positions"))
