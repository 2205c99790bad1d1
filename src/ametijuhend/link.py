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

from .errors import Problem, Severity, Suggester, did_you_mean
from .load import COMPETENCIES_FILE, REFERENCED_FILE, UNITS_FILE, Dataset
from .messages import Msg
from .models import Competency, Position, ReferencedPosition, Unit
from .validate import Checked, id_in, ids_in, value_at
from .yamlio import SourceDoc


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

    def doc_problem(pid: str, loc: tuple, message: Msg, **kw) -> None:  # type: ignore[no-untyped-def,type-arg]
        problems.append(data.docs[pid].problem(loc, message, **kw))

    _index_catalogues(data, links, problems)
    links.positions = {p.id: p for p in data.positions}  # unique: `load` reports duplicates
    for position in links.positions.values():
        for i, alias in enumerate(position.aliases):
            if alias in links.positions or alias in links.aliases:
                owner = alias if alias in links.positions else links.aliases[alias]
                doc_problem(position.id, ("aliases", i), Msg("link.alias_taken", alias=alias, owner=owner),
                            hint=Msg("link.alias_taken.fix"))
            else:
                links.aliases[alias] = position.id
    for rid in list(links.referenced):
        if rid in links.positions:
            ref_doc = data.docs.get("referenced-positions.yaml")
            index = next(i for i, r in enumerate(data.referenced) if r.id == rid)
            where = ("positions", data.row(REFERENCED_FILE, index), "id")
            problems.append(ref_doc.problem(where, Msg("link.has_file", id=rid), severity=Severity.WARNING,
                                            hint=Msg("link.has_file.fix"))
                            if ref_doc else Problem("referenced-positions.yaml", None, None, rid,
                                                    Msg("link.has_file", id=rid), severity=Severity.WARNING))
            del links.referenced[rid]

    # for did-you-mean only (invalid ones too); indexed once, looked up per unknown reference
    known = Suggester(set(links.positions) | set(links.referenced) | data.invalid)
    unit_ids, competency_ids = Suggester(links.units), Suggester(links.competencies)
    # ordered sets (dicts): a position named by thousands must not cost thousands of list scans per name
    substituted_by: dict[str, dict[str, None]] = defaultdict(dict)
    substitutes_for: dict[str, dict[str, None]] = defaultdict(dict)

    def resolve(doc: SourceDoc, pid: str, target: str, loc: tuple) -> str | None:  # type: ignore[type-arg]
        if target in links.positions or target in links.referenced:
            return target
        if target in data.invalid or REFERENCED_FILE in data.invalid:
            return None  # its file (or the catalogue) did not validate: reported there already
        if target in links.aliases:
            current = links.aliases[target]
            problems.append(doc.problem(loc, Msg("link.former_id", id=target, current=current),
                                        severity=Severity.WARNING, hint=Msg("link.former_id.fix", current=current)))
            return links.aliases[target]
        problems.append(doc.problem(
            loc, Msg("link.unknown_position", id=target), found=f"`{target}`",
            expected=Msg("link.unknown_position.expected"),
            hint=known.hint(target, exclude=(pid,)) or Msg("link.unknown_position.fix")))
        return None

    def follow(position: Checked, doc: SourceDoc, pid: str, covered: frozenset[str] = frozenset()) -> None:
        """Resolve the references of one position and link them; of a position whose model failed (whose
        schema problems name the keys `covered`), only check the references those problems leave out."""
        linked = position is links.positions.get(pid)
        if covered and isinstance(position, dict):
            position = {k: v for k, v in position.items() if k not in covered}
        unit = id_in(value_at(position, "unit"))
        if unit:
            if unit in links.units:
                if linked:
                    links.unit_positions[unit].append(pid)
            elif UNITS_FILE not in data.invalid and unit not in data.invalid:
                problems.append(doc.problem(("unit",), Msg("link.unknown_unit", id=unit), found=f"`{unit}`",
                                            expected=Msg("link.unknown_unit.expected"),
                                            hint=unit_ids.hint(unit) or Msg("link.unknown_unit.fix")))
        manager = id_in(value_at(position, "manager"))
        if manager:
            resolved = resolve(doc, pid, manager, ("manager",))
            if resolved and linked:
                links.reports[resolved].append(pid)
        for key, forward, backward in (("substituted_by", substituted_by, substitutes_for),
                                       ("substitutes_for", substitutes_for, substituted_by)):
            for i, target in enumerate(ids_in(value_at(position, key))):
                resolved = resolve(doc, pid, target, (key, i)) if target else None
                if resolved and linked:
                    forward[pid][resolved] = None
                    backward[resolved][pid] = None
        competencies = value_at(position, "competencies")
        for group in ("core", "additional"):
            uses = value_at(competencies, group) if competencies is not None else None
            for i, use in enumerate(uses if isinstance(uses, list) else []):
                cid = id_in(value_at(use, "competency"))
                if not cid:
                    continue
                if cid in links.competencies:
                    if linked:
                        links.competency_users[cid].append((pid, group))
                elif COMPETENCIES_FILE not in data.invalid and cid not in data.invalid:
                    problems.append(doc.problem(("competencies", group, i, "competency"),
                                                Msg("link.unknown_competency", id=cid), found=f"`{cid}`",
                                                expected=Msg("link.unknown_competency.expected"),
                                                hint=competency_ids.hint(cid)
                                                or Msg("link.unknown_competency.fix")))

    for position in links.positions.values():
        pid = position.id
        follow(position, data.docs[pid], pid)
        for named in {position.manager, *position.substituted_by, *position.substitutes_for}:
            if named and named in links.referenced:
                links.referenced_by[named].append(pid)  # once: `named` comes from a set
    for doc, covered in data.failed:  # their own problems are reported; the references are still checked
        follow(doc.data, doc, id_in(doc.data.get("id")) or doc.path.stem, covered)
    links.substituted_by.update((pid, list(ids)) for pid, ids in substituted_by.items())
    links.substitutes_for.update((pid, list(ids)) for pid, ids in substitutes_for.items())

    _check_substitution_pairs(links, data, problems)
    _check_reporting_cycles(links, data, problems)
    return links, problems


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
                    problems.append(doc.problem((where, data.row(file, i), "id"),
                                                Msg(f"link.duplicate.{kind}", id=item.id), hint=Msg("hint.keep_one")))
                continue
            target[item.id] = item
    doc = data.docs.get("units.yaml")
    for i, unit in enumerate(data.units):
        if unit.parent is None:
            continue
        if unit.parent not in links.units:
            if doc:
                problems.append(doc.problem(("units", data.row(UNITS_FILE, i), "parent"),
                                            Msg("link.unknown_parent", id=unit.parent),
                                            hint=did_you_mean(unit.parent, links.units)
                                            or Msg("link.unknown_parent.fix")))
            continue
        links.subunits[unit.parent].append(unit.id)
    # A cycle would make the breadcrumb and the unit tree endless: report each, and cut it out of the tree.
    index = {unit.id: data.row(UNITS_FILE, i) for i, unit in reversed(list(enumerate(data.units)))}  # first
    for cycle in _cycles({unit.id: unit.parent for unit in links.units.values()}):
        path = " → ".join([*cycle, cycle[0]])
        if doc:
            problems.append(doc.problem(("units", index[cycle[0]], "parent"), Msg("link.unit_cycle", path=path),
                                        expected=Msg("link.unit_cycle.expected"), hint=Msg("link.unit_cycle.fix")))
        for unit_id in cycle:
            parent = links.units[unit_id].parent
            if parent in links.subunits and unit_id in links.subunits[parent]:
                links.subunits[parent].remove(unit_id)


def _cycles(parent_of: dict[str, str | None]) -> list[list[str]]:
    """Every cycle of the graph `node → parent`, each once, starting at the node first met; linear time."""
    done: set[str] = set()  # nodes whose chain of parents has been followed to its end
    cycles: list[list[str]] = []
    for start in parent_of:
        chain: dict[str, int] = {}  # node → its place in the chain from `start`
        current: str | None = start
        while current in parent_of and current not in done and current not in chain:
            chain[current] = len(chain)
            current = parent_of[current]
        done.update(chain)
        if current in chain:  # else the chain ends at the top, or joins one followed before
            cycles.append(list(chain)[chain[current]:])
    return cycles


def _check_substitution_pairs(links: Links, data: Dataset, problems: list[Problem]) -> None:
    says_substitutes = {pid: set(p.substitutes_for) for pid, p in links.positions.items()}
    says_substituted_by = {pid: set(p.substituted_by) for pid, p in links.positions.items()}
    for pid, position in links.positions.items():
        for i, target in enumerate(position.substituted_by):
            if target in links.positions and target != pid and pid not in says_substitutes[target]:
                links.one_sided.append((target, pid))
                problems.append(data.docs[pid].problem(
                    ("substituted_by", i),
                    Msg("link.one_sided", other=target, id=pid, key="substitutes_for"), severity=Severity.WARNING,
                    hint=Msg("link.one_sided.fix", other=target, id=pid, key="substitutes_for")))
        for i, target in enumerate(position.substitutes_for):
            if target in links.positions and target != pid and pid not in says_substituted_by[target]:
                links.one_sided.append((pid, target))
                problems.append(data.docs[pid].problem(
                    ("substitutes_for", i),
                    Msg("link.one_sided", other=target, id=pid, key="substituted_by"), severity=Severity.WARNING,
                    hint=Msg("link.one_sided.fix", other=target, id=pid, key="substituted_by")))


def _check_reporting_cycles(links: Links, data: Dataset, problems: list[Problem]) -> None:
    managers = {pid: position.manager for pid, position in links.positions.items()}
    for cycle in _cycles(managers):
        path = " → ".join([*cycle, cycle[0]])
        problems.append(data.docs[cycle[0]].problem(
            ("manager",), Msg("link.reporting_cycle", path=path),
            expected=Msg("link.reporting_cycle.expected"), hint=Msg("link.reporting_cycle.fix")))
