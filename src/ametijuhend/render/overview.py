"""Overviews of a unit: who answers to whom (reporting lines) and who stands in for whom.

Computed at build time from the resolved links; the templates draw the reporting lines as a
nested list (a tree with connector lines in CSS) with an equivalent table beside it, and the
substitutions as a table. A unit's overview covers the positions placed directly in it, so the
work per unit page depends on that unit only; the office-wide view (`office_summary`) counts
per unit in one pass over the positions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Ref, SiteModel


@dataclass
class ChartNode:
    ref: Ref
    outside: str | None = None
    """The unit's name when the position is placed in another unit (shown for context, not expanded)."""
    children: list[ChartNode] = field(default_factory=list)


@dataclass(frozen=True)
class SubstitutionRow:
    ref: Ref
    substituted_by: list[Ref]
    substitutes_for: list[Ref]
    cycle: list[Ref]
    """The other positions of a substitution ring of three or more that this position is part of."""

    @property
    def missing(self) -> bool:
        """Nobody stands in for the position (by either side's description)."""
        return not self.substituted_by


@dataclass(frozen=True)
class UnitOverview:
    chart: list[ChartNode]
    table: list[tuple[Ref, Ref | None, list[Ref]]]
    """(position, its direct manager, its subordinates) for each position of the unit."""
    substitutions: list[SubstitutionRow]


@dataclass(frozen=True)
class UnitSummary:
    ref: Ref
    depth: int
    positions: int
    without_substitute: int
    one_sided: int
    in_ring: int


def unit_overview(site: SiteModel, unit_id: str) -> UnitOverview:
    links = site.links
    scope = site.unit_positions(unit_id)
    in_scope = set(scope)

    def unit_name(pid: str) -> str:
        """The name of the unit a position is placed in; empty when unknown (no file, no unit)."""
        position = site.published.get(pid)  # nothing of an unpublished position is shown
        unit = links.units.get(position.unit) if position and position.unit else None
        return unit.name if unit else ""

    def node(pid: str, seen: frozenset[str]) -> ChartNode:
        if pid not in in_scope:
            return ChartNode(site.position_ref(pid), unit_name(pid))
        children = [node(sub, seen | {pid}) for sub in site.sorted_positions(links.reports.get(pid, []))
                    if sub not in seen and sub != pid and sub in site.published]
        return ChartNode(site.position_ref(pid), None, children)

    chart: list[ChartNode] = []
    by_outside_manager: dict[str, list[str]] = {}
    for pid in scope:
        manager = site.published[pid].manager
        if manager is None or manager == pid:
            chart.append(node(pid, frozenset()))
        elif manager not in in_scope:
            by_outside_manager.setdefault(manager, []).append(pid)
    for manager in site.sorted_positions(list(by_outside_manager)):
        subordinates = [node(pid, frozenset()) for pid in by_outside_manager[manager]]
        chart.append(ChartNode(site.position_ref(manager), unit_name(manager), subordinates))

    managers = {pid: site.published[pid].manager for pid in scope}
    table = [(site.position_ref(pid), site.position_ref(m) if (m := managers[pid]) else None, site.reports(pid))
             for pid in scope]
    rings = substitution_rings(site)
    substitutions = [SubstitutionRow(site.position_ref(pid),
                                     site.substitutes(site.published[pid], "substituted_by"),
                                     site.substitutes(site.published[pid], "substitutes_for"),
                                     [site.position_ref(o) for o in rings.get(pid, []) if o != pid])
                     for pid in scope]
    return UnitOverview(chart, table, substitutions)


def substitution_rings(site: SiteModel) -> dict[str, list[str]]:
    """Position id → the positions of its substitution ring (A stands in for B, B for C, C for A).

    Rings are the strongly connected parts of three or more positions of the "substitutes for"
    relation (two positions standing in for each other is the usual pairing, not a ring).
    Computed once per build (Tarjan's algorithm, iterative) and kept for the site it was made for.
    """
    cached = site.memo.get("substitution_rings")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    graph = {pid: [o for o in site.links.substitutes_for.get(pid, []) if o in site.published and o != pid]
             for pid in site.published}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    rings: dict[str, list[str]] = {}
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            pid, i = work.pop()
            if i == 0:
                index[pid] = low[pid] = counter
                counter += 1
                stack.append(pid)
                on_stack.add(pid)
            successors = graph[pid]
            if i < len(successors):
                work.append((pid, i + 1))
                other = successors[i]
                if other not in index:
                    work.append((other, 0))
                elif other in on_stack:
                    low[pid] = min(low[pid], index[other])
                continue
            if work and low[pid] < low[work[-1][0]]:
                low[work[-1][0]] = low[pid]
            if low[pid] == index[pid]:
                part = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    part.append(member)
                    if member == pid:
                        break
                if len(part) >= 3:
                    ordered = site.sorted_positions(part)
                    for member in part:
                        rings[member] = ordered
    site.memo["substitution_rings"] = rings
    return rings


def office_summary(site: SiteModel) -> list[UnitSummary]:
    """Per unit (depth first): positions placed in it, and how many have no substitute,
    a one-sided substitution or are part of a substitution ring."""
    rings = substitution_rings(site)
    one_sided = {pid for pair in site.links.one_sided for pid in pair}
    rows = []
    for row in site.unit_tree():
        ids = site.unit_positions(row.unit.id)
        rows.append(UnitSummary(
            row.ref, row.depth, len(ids),
            sum(1 for pid in ids if not site.links.substituted_by.get(pid)),
            sum(1 for pid in ids if pid in one_sided),
            sum(1 for pid in ids if pid in rings),
        ))
    return rows
