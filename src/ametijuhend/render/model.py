"""The page model: what the templates show, computed from a `Project` once per build.

Python holds the data decisions (what is published, what links where, what is
derived from the other side of a relation); the templates only lay it out.
Every lookup is by id in the dictionaries of `Links`, so the work per page
depends on that page's own relations, never on the number of positions.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..history import History
from ..ids import fold
from ..link import Links
from ..load import COMPETENCIES_FILE, REFERENCED_FILE, UNITS_FILE
from ..models import Competency, CompetencyUse, Position, Status, Unit
from ..project import Project
from ..wording import wording
from . import labels, urls


@dataclass(frozen=True)
class Ref:
    """A named link target; `url` is None when the target has no page (shown as plain text)."""

    label: str
    url: str | None = None
    derived: bool = False
    """Known only from the other position's description (e.g. a substitution stated by one side)."""
    here: bool = False
    """The page's own position (another holder of it substitutes): named, not linked (`url` None)."""


@dataclass(frozen=True)
class CompetencyView:
    """A competency as one position words it: its own wording where given, else the catalogue's."""

    ref: Ref
    name: str
    definition: str | None
    indicators: list[str]


@dataclass
class WordingVariant:
    """A position's own wording of a competency, as shown on the competency page (numbered there)."""

    number: int
    name: str
    definition: str | None
    indicators: list[str]
    users: int = 0
    """Published positions that word the competency so."""


@dataclass(frozen=True)
class CompetencyUsers:
    groups: list[tuple[list[Ref], list[tuple[Ref, str, int | None]]]]
    """[(unit path, [(position, `core` | `additional`, number of its own wording or None)])], by unit."""
    wordings: list[WordingVariant]
    """The distinct own wordings, numbered from 1 in order of first use."""


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    ref: Ref
    depth: int
    direct: int
    """Published positions placed directly in the unit."""
    total: int
    """Published positions in the unit and its sub-units."""


_T = TypeVar("_T")


def _once(method: Callable[[SiteModel], _T]) -> Callable[[SiteModel], _T]:
    """A list over all published positions, computed once per build (`SiteModel.memo`): every page of a
    paged list asks for the whole list (82 data-quality pages at 10,000 positions)."""
    @functools.wraps(method)
    def once(self: SiteModel) -> _T:
        if method.__name__ not in self.memo:
            self.memo[method.__name__] = method(self)
        return self.memo[method.__name__]  # type: ignore[no-any-return]

    return once


@dataclass
class SiteModel:
    """The published view of a project: which positions get pages, and how everything is named and linked."""

    project: Project = field(repr=False)
    publish_drafts: bool = True
    today: dt.date = field(default_factory=dt.date.today)
    history: History | None = None
    """The versions of the positions (`ametijuhend.history`); None when the build reads none."""
    documents: bool = False
    """Each published position's .docx and .pdf are written beside its page (`RenderOptions.documents`)."""
    published: dict[str, Position] = field(init=False, repr=False)
    memo: dict[str, Any] = field(init=False, repr=False, default_factory=dict)
    """Results computed once per build by the page helpers (e.g. `overview.substitution_rings`)."""

    def __post_init__(self) -> None:
        positions = self.links.positions.values()
        self.published = {p.id: p for p in positions if self.publish_drafts or p.status is not Status.MUSTAND}
        self._unit_totals: dict[str, int] = {}
        self._sort_keys: dict[str, tuple[str, str]] = {}
        self._published_sorted: list[Position] | None = None
        self._uses: dict[str, list[tuple[Position, str, CompetencyUse]]] | None = None
        self._unit_keys: dict[str, list[str]] = {}
        self._competency_users: dict[str, CompetencyUsers] = {}
        self._refs: dict[str, Ref] = {}
        self._unit_refs: dict[str, Ref] = {}
        self._competency_refs: dict[str, Ref] = {}
        self._unit_paths: dict[str | None, tuple[Ref, ...]] = {}

    @property
    def links(self) -> Links:
        return self.project.links

    # --- names and links -------------------------------------------------

    def position_ref(self, position_id: str, *, derived: bool = False) -> Ref:
        """A link to a position's page; a position without a page by its name, an unpublished one
        (a draft while drafts are not published) only as "avaldamata ametikoht": nothing of it is shown.

        Made once per position (a `Ref` is immutable): a build asks for some 30,000 at 1,000 positions."""
        ref = self._refs.get(position_id)
        if ref is None:
            target = self._current_id(position_id)  # (a former id: linked, or "avaldamata ametikoht")
            if target in self.published:
                ref = Ref(self.links.name(target), urls.position(target))
            elif target in self.links.positions:
                ref = Ref(labels.UNPUBLISHED, None)
            else:
                ref = Ref(self.links.name(position_id), None)
            self._refs[position_id] = ref
        return Ref(ref.label, ref.url, True) if derived else ref

    def position_refs(self, position_ids: list[str]) -> list[Ref]:
        """Links to the published positions among `position_ids`, ordered by name.

        For lists the other side states (subordinates, users): an unpublished position is left out."""
        return [self.position_ref(pid) for pid in self.sorted_positions(position_ids) if self.is_shown(pid)]

    def is_shown(self, position_id: str) -> bool:
        """A published position, or a referenced one without a file (never an unpublished draft, nor one by a former
        id of a draft)."""
        target = self._current_id(position_id)
        return target in self.published or target not in self.links.positions

    def _current_id(self, position_id: str) -> str:
        """The id a position has now: a former id (`aliases:`) is the position that lists it."""
        if position_id in self.links.positions:
            return position_id
        return self.links.aliases.get(position_id, position_id)

    @property
    def competencies_root(self) -> Ref:
        """The competencies index, the first step of a competency page's trail."""
        return Ref("Kompetentsid", urls.COMPETENCIES)

    def unit_ref(self, unit_id: str) -> Ref:
        ref = self._unit_refs.get(unit_id)
        if ref is None:  # once per unit: every unit path of every page is made of them
            unit = self.links.units.get(unit_id)
            ref = self._unit_refs[unit_id] = Ref(unit.name if unit else unit_id, urls.unit(unit_id) if unit else None)
        return ref

    def competency_ref(self, competency_id: str) -> Ref:
        ref = self._competency_refs.get(competency_id)
        if ref is None:  # once per competency: every position page has some ten
            competency = self.links.competencies.get(competency_id)
            ref = self._competency_refs[competency_id] = Ref(competency.name if competency else competency_id,
                                                             urls.competency(competency_id) if competency else None)
        return ref

    def unit_path(self, unit_id: str | None) -> list[Ref]:
        """Department › division › team of a unit, top first, as links (worked out once per unit)."""
        path = self._unit_paths.get(unit_id)
        if path is None:
            path = self._unit_paths[unit_id] = tuple(self.unit_ref(u.id) for u in self.links.unit_path(unit_id))
        return list(path)

    def unit_path_ids(self, unit_id: str | None) -> list[str]:
        return [u.id for u in self.links.unit_path(unit_id)]

    def sort_key(self, position_id: str) -> tuple[str, str]:
        """Order of positions in every list: by name, ignoring case and diacritics (memoised)."""
        key = self._sort_keys.get(position_id)
        if key is None:
            key = self._sort_keys[position_id] = (fold(self.links.name(position_id)), position_id)
        return key

    def sorted_positions(self, ids: list[str]) -> list[str]:
        return sorted(ids, key=self.sort_key)

    def published_positions(self) -> list[Position]:
        """All published positions, ordered by name (computed once: several pages list them all)."""
        if self._published_sorted is None:
            self._published_sorted = [self.published[pid] for pid in self.sorted_positions(list(self.published))]
        return self._published_sorted

    # --- position page ---------------------------------------------------

    def substitutes(self, position: Position, direction: str) -> list[Ref]:
        """`substituted_by` or `substitutes_for`: the position's own list, then those only the other side states.
        The position itself (another holder of the same position substitutes) is named, not linked: the link
        would only open the page again."""
        own: list[str] = getattr(position, direction)
        both: list[str] = getattr(self.links, direction).get(position.id, [])

        def ref(pid: str, derived: bool = False) -> Ref:
            if pid == position.id:
                return Ref(self.position_ref(pid).label, None, derived, here=True)
            return self.position_ref(pid, derived=derived)

        return [ref(pid) for pid in own] + [ref(pid, True) for pid in both if pid not in own and self.is_shown(pid)]

    def reports(self, position_id: str) -> list[Ref]:
        """Positions whose direct manager this position is."""
        return self.position_refs(self.links.reports.get(position_id, []))

    def competency_view(self, use: CompetencyUse, group: str) -> CompetencyView:
        """The wording shown: the position's own, else the catalogue's for the part its group uses."""
        catalogue = self.links.competencies.get(use.competency)
        shown = wording(use, catalogue, group)
        return CompetencyView(self.competency_ref(use.competency), shown.name, shown.definition,
                              list(shown.indicators))

    def competency_views(self, position: Position, group: str) -> list[CompetencyView]:
        """`core` or `additional` competencies of a position, in its order and wording."""
        return [self.competency_view(use, group) for use in getattr(position.competencies, group)]

    def language_keys(self, position: Position) -> list[str]:
        """Filter tokens of the language requirements, `language:level:n` (needed) or `…:k` (kasuks,
        an advantage), `-` for no level: what the positions list's language filter compares."""
        return [f"{level.language.value}:{level.level or '-'}:{'k' if level.advantage else 'n'}"
                for requirement in (position.requirements.languages if position.requirements else [])
                for level in requirement.levels]

    def languages(self) -> set[str]:
        """The languages some published position names in its language requirements (the filter offers these)."""
        return {level.language.value for position in self.published_positions() if position.requirements
                for requirement in position.requirements.languages for level in requirement.levels}

    def competency_ids(self, position: Position) -> list[str]:
        return [use.competency for use in [*position.competencies.core, *position.competencies.additional]]

    # --- units -----------------------------------------------------------

    def unit_positions(self, unit_id: str) -> list[str]:
        """Published positions placed directly in the unit, by name."""
        ids = self.links.unit_positions.get(unit_id, [])
        return self.sorted_positions([pid for pid in ids if pid in self.published])

    def unit_total(self, unit_id: str) -> int:
        """Published positions in the unit and all its sub-units (memoised: each unit is counted once)."""
        if unit_id not in self._unit_totals:
            self._unit_totals[unit_id] = len(self.unit_positions(unit_id)) + sum(
                self.unit_total(sub) for sub in self.links.subunits.get(unit_id, []))
        return self._unit_totals[unit_id]

    def unit_tree(self, root: str | None = None) -> list[UnitRow]:
        """Units depth first, in catalogue order; all top-level units when `root` is None."""
        rows: list[UnitRow] = []

        def walk(unit_id: str, depth: int) -> None:
            unit = self.links.units[unit_id]
            rows.append(UnitRow(unit, self.unit_ref(unit_id), depth, len(self.unit_positions(unit_id)),
                                self.unit_total(unit_id)))
            for sub in self.links.subunits.get(unit_id, []):
                walk(sub, depth + 1)

        tops = [root] if root else [u.id for u in self.links.units.values() if u.parent is None]
        for unit_id in tops:
            walk(unit_id, 0)
        return rows

    @staticmethod
    def tree_context(rows: Sequence[UnitRow], start: int) -> list[UnitRow]:
        """The ancestors of `rows[start]` (outermost first): the context a further page of the tree repeats."""
        context: list[UnitRow] = []
        if 0 < start < len(rows):
            depth = rows[start].depth
            for row in reversed(rows[:start]):
                if row.depth < depth:
                    context.insert(0, row)
                    depth = row.depth
                    if depth == 0:
                        break
        return context

    # --- competencies ----------------------------------------------------

    def competency_users(self, competency_id: str) -> CompetencyUsers:
        """Published positions that require a competency, grouped by unit path, and their own wordings.

        A wording that several positions share is listed once (`CompetencyUsers.wordings`) and each
        of those positions refers to it by number: at scale, positions copy their wording from a
        few templates (779 distinct wordings for 5,334 own ones at 1,000 synthetic positions).
        """
        if competency_id in self._competency_users:
            return self._competency_users[competency_id]
        if self._uses is None:  # every use of every competency, found in one pass over the positions
            self._uses = defaultdict(list)
            for position in self.published_positions():
                for group in ("core", "additional"):
                    for use in getattr(position.competencies, group):
                        self._uses[use.competency].append((position, group, use))
        groups: dict[str, list[tuple[Ref, str, int | None]]] = defaultdict(list)
        numbers: dict[tuple[str, str | None, tuple[str, ...]], int] = {}
        wordings: list[WordingVariant] = []
        catalogue = self.links.competencies.get(competency_id)
        for position, group, use in self._uses.get(competency_id, []):
            number = None
            if catalogue is not None and _differs(use, catalogue):  # the position words it its own way
                shown = wording(use, catalogue, group)
                key = (shown.name, shown.definition, tuple(shown.indicators))
                number = numbers.get(key)
                if number is None:
                    number = numbers[key] = len(wordings) + 1
                    wordings.append(WordingVariant(number, shown.name, shown.definition, list(shown.indicators)))
                wordings[number - 1].users += 1
            groups[position.unit or ""].append((self.position_ref(position.id), group, number))
        ordered = sorted(groups, key=self._unit_order)
        users = CompetencyUsers([(self.unit_path(uid), groups[uid]) for uid in ordered], wordings)
        self._competency_users[competency_id] = users
        return users

    def _unit_order(self, unit_id: str) -> list[str]:
        """Units by the names of their path, ignoring case and diacritics; no unit last (memoised)."""
        key = self._unit_keys.get(unit_id)
        if key is None:
            key = self._unit_keys[unit_id] = [fold(r.label) for r in self.unit_path(unit_id)] or ["~"]
        return key

    def competency_groups(self, position: Position, competency_ids: list[str]) -> list[str | None]:
        """For each of `competency_ids`: `core`, `additional` or None (not required), for the matrix.

        A competency listed in both groups of a position counts as `core`.
        """
        groups = {use.competency: "additional" for use in position.competencies.additional}
        groups.update((use.competency, "core") for use in position.competencies.core)
        return [groups.get(cid) for cid in competency_ids]

    def unused_competencies(self) -> list[str]:
        """Catalogue competencies that no published position requires."""
        counts = self.competency_counts()
        return [cid for cid, count in counts.items() if not count["core"] and not count["additional"]]

    @_once
    def competency_counts(self) -> dict[str, dict[str, int]]:
        """Competency id → {"core": n, "additional": n} over published positions."""
        counts: dict[str, dict[str, int]] = {cid: {"core": 0, "additional": 0} for cid in self.links.competencies}
        for cid, users in self.links.competency_users.items():
            for pid, group in users:
                if pid in self.published and cid in counts:
                    counts[cid][group] += 1
        return counts

    # --- data quality ----------------------------------------------------

    @_once
    def one_sided(self) -> list[tuple[Ref, Ref, Ref]]:
        """(substitute, substituted, the position whose description states it)."""
        rows = []
        for substitute, substituted in self.links.one_sided:
            if not (self.is_shown(substitute) and self.is_shown(substituted)):
                continue
            stated_by = substitute if substituted in self.links.positions[substitute].substitutes_for else substituted
            rows.append((self.position_ref(substitute), self.position_ref(substituted), self.position_ref(stated_by)))
        return rows

    @_once
    def unchecked_substitutions(self) -> int:
        """Substitutions of published positions with a position that has no file here (a referenced one): whether
        its description names them too cannot be checked (`one_sided` lists those it can)."""
        pairs: set[tuple[str, str]] = set()
        known = self.links.positions.keys() | self.links.aliases.keys()  # (a former id is a position with a file)
        for position in self.published_positions():
            pairs.update((other, position.id) for other in position.substituted_by if other not in known)
            pairs.update((position.id, other) for other in position.substitutes_for if other not in known)
        return len(pairs)

    @_once
    def incomplete(self) -> list[tuple[Position, Ref, list[str]]]:
        """Drafts and positions with declared missing fields, with the Estonian names of those fields."""
        return [(p, self.position_ref(p.id), [labels.FIELD[name] for name in p.missing])
                for p in self.published_positions() if p.status is Status.MUSTAND or p.missing]

    @_once
    def overdue(self) -> list[tuple[Position, Ref]]:
        """Positions in force whose last review is older than 12 months, or not recorded."""
        limit = _year_before(self.today)
        return [(p, self.position_ref(p.id)) for p in self.published_positions()
                if p.status is not Status.KEHTETU and (p.last_review is None or p.last_review < limit)]

    def without_unpublished(self, position: Position) -> Position:
        """`position` with its references to unpublished positions (drafts left out) removed, for the export."""
        if len(self.published) == len(self.links.positions):
            return position
        update: dict[str, object] = {}
        if position.manager and not self.is_shown(position.manager):
            update["manager"] = None
        for direction in ("substituted_by", "substitutes_for"):
            ids: list[str] = getattr(position, direction)
            if any(not self.is_shown(pid) for pid in ids):
                update[direction] = [pid for pid in ids if self.is_shown(pid)]
        return position.model_copy(update=update) if update else position

    @_once
    def warnings(self) -> list[str]:
        """The data warnings a reader may see, as `ametijuhend validate` prints them: those of the catalogues and of
        published positions' files. Not those of unpublished positions' files, nor of other files in the data folder,
        whose names may be anyone's (`other_warnings` counts them); an unpublished position a warning names is
        "avaldamata ametikoht"."""
        shown = self._warning_files()
        hidden = self._unpublished_files()
        hidden |= {alias for alias, target in self.links.aliases.items() if target in hidden}  # (former ids)
        unpublished = sorted(hidden, key=len, reverse=True)
        texts = [w.format() for w in self.project.warnings if w.file in shown]
        if unpublished:
            alternatives = "|".join(map(re.escape, unpublished))
            file = re.compile(rf"\bfaili (?:{alternatives})\.yaml(?![a-z0-9-])")  # (a fix naming its file)
            named = re.compile(rf"(?<![a-z0-9-])(?:{alternatives})(?:\.yaml)?(?![a-z0-9-])")
            texts = [named.sub(labels.UNPUBLISHED, file.sub("avaldamata ametikoha faili", t)) for t in texts]
        return texts

    def other_warnings(self) -> int:
        """The data warnings of files that are neither a published position's nor a catalogue (`warnings`)."""
        docs = self.project.data.docs
        shown = self._warning_files() | {docs[pid].display for pid in self._unpublished_files()}
        return sum(1 for w in self.project.warnings if w.file not in shown)

    def _unpublished_files(self) -> set[str]:
        """Ids of the positions whose files are not published (drafts while drafts are not)."""
        return {pid for pid in self.project.data.docs if pid in self.links.positions and pid not in self.published}

    def _warning_files(self) -> set[str]:
        return {doc.display for key, doc in self.project.data.docs.items()
                if key in self.published or key in CATALOGUE_FILES}


def _differs(use: CompetencyUse, catalogue: Competency) -> bool:
    return bool((use.name and use.name != catalogue.name)
                or (use.definition and use.definition != catalogue.definition)
                or (use.indicators and use.indicators != catalogue.indicators))


CATALOGUE_FILES = frozenset((UNITS_FILE, COMPETENCIES_FILE, REFERENCED_FILE))
"""The catalogues' files (`Dataset.docs` keys): their warnings are shown (`SiteModel.warnings`)."""


def _year_before(day: dt.date) -> dt.date:
    if day.year == dt.MINYEAR:  # (AMETIJUHENDID_TODAY=0001-…: no year before it)
        return dt.date.min
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)
