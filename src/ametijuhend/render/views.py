"""View models: what one generated page shows, built once, read by every output of it.

A position's page template, the table of contents and anchor list that MkDocs
needs, the search record and the printed document all read `PositionView`; the
sections of a job description (order, numbers, headings, anchors) come from
`ametijuhend.structure`, the one place that lists them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..document.model import Document, document
from ..history import UNAVAILABLE, UNCOMMITTED, Version
from ..link import position_label
from ..models import Duty, Position, Status
from ..structure import Heading, Section, position_sections
from . import urls
from .changes import visible
from .model import CompetencyView, Ref, SiteModel

__all__ = ["DutyView", "Heading", "PositionView", "Section", "position_sections", "position_view"]


@dataclass(frozen=True)
class DutyView:
    number: str
    anchor: str
    duty: Duty


HISTORY_LABEL = "Muudatuste ajalugu"


@dataclass(frozen=True)
class Trail:
    """A position in force as a breadcrumb shows it: the path of its unit and a link to its page."""

    unit_path: list[Ref]
    position: Ref


def trail(site: SiteModel, position_id: str) -> Trail:
    """The breadcrumb of the current position `position_id` (history page, earlier versions lead back to it)."""
    position = site.links.positions.get(position_id)
    return Trail(site.unit_path(position.unit if position else None), site.position_ref(position_id))


@dataclass(frozen=True)
class VersionFacts:
    """When the position's text took effect, was published and last changed (AvTS § 32), from its history."""

    in_force_from: dt.date | None = None
    """Kehtib alates: the approval date of the version in force."""
    published: dt.date | None = None
    """Avaldatud: the first commit of the position."""
    modified: dt.date | None = None
    """Viimati muudetud: the last commit that changed it."""
    uncommitted: bool = False
    """The page shows an edit not yet committed (`mkdocs serve`)."""
    history_url: str | None = None
    """The history page; None without history."""
    old: Version | None = None
    """Set on the page of an earlier version: the version shown (not the one in force)."""
    old_id: str | None = None
    """On the page of an earlier version: the id of the position now."""
    unavailable: str = UNAVAILABLE
    uncommitted_label: str = UNCOMMITTED
    current: Trail | None = None
    """On the page of an earlier version: the position in force (its unit path and link), for the breadcrumb."""


OLD_VERSION_MARK = "VARASEM VERSIOON — ei kehti"
"""Printed on every page of an earlier version's page."""
REPEALED_MARK = "KEHTETU — ei kehti"
"""Printed on every page of a repealed (`kehtetu`) description."""


@dataclass(frozen=True)
class PositionView:
    """Everything a position's page shows, in the order it shows it."""

    position: Position
    url: str
    title: str
    """The position's name as shown (title and specialisation, or a neutral name for an untitled one)."""
    unit_path: list[Ref]
    manager: Ref | None
    substituted_by: list[Ref]
    """Kes asendab: the position's own list, then those only the other side states (`derived`)."""
    substitutes_for: list[Ref]
    """Keda asendab, likewise."""
    reports: list[Ref]
    """Published positions whose direct manager this position is."""
    core: list[CompetencyView]
    additional: list[CompetencyView]
    sections: list[Section]
    duties: list[DutyView] = field(default_factory=list)
    document: Document | None = None
    """The official document made from the same data: what printing the page gives (`document/`)."""
    downloads: list[tuple[str, str]] = field(default_factory=list)
    """(label, site path) of the document's files, when the build writes them (`SiteModel.documents`)."""

    @property
    def trail(self) -> list[Ref]:
        """The breadcrumb after the units' root: the unit path; on an earlier version, the unit path of the
        position now, the position in force and its history page (the way back from an old text)."""
        facts = self.facts
        if facts.old is None or facts.old_id is None or facts.current is None:
            return self.unit_path
        return [*facts.current.unit_path, facts.current.position, Ref(HISTORY_LABEL, facts.history_url)]

    @property
    def print_notice(self) -> str | None:
        """What every printed page says above the document when the text shown is not in force (a draft's
        mark is the document's own, `document.html.page_style`)."""
        if self.facts.old is not None:
            return OLD_VERSION_MARK
        if self.position.status is Status.KEHTETU:
            return REPEALED_MARK
        return None

    @property
    def unit_url(self) -> str | None:
        """The page of the position's unit, whose charts (`#alluvus`, `#asendamine`) show the position."""
        return self.unit_path[-1].url if self.unit_path else None
    facts: VersionFacts = field(default_factory=VersionFacts)

    @property
    def section(self) -> dict[str, Section]:
        return {s.anchor: s for s in self.sections}

    @property
    def toc(self) -> list[Heading]:
        return [s.heading for s in self.sections]

    @property
    def anchors(self) -> set[str]:
        """Every anchor of the page: sections and duties."""
        return {s.anchor for s in self.sections} | {d.anchor for d in self.duties}

    @property
    def competency_refs(self) -> list[Ref]:
        """The competencies the position requires, each once, core first."""
        seen: dict[str, Ref] = {}
        for view in [*self.core, *self.additional]:
            seen.setdefault(view.ref.label, view.ref)
        return list(seen.values())


def _day(moment: dt.datetime | None) -> dt.date | None:
    return moment.date() if moment else None


def version_facts(site: SiteModel, position: Position, old: Version | None = None,
                  current_id: str | None = None) -> VersionFacts:
    history = site.history.of(current_id or position.id) if site.history else None
    in_force = position.approval.date if position.approval else None
    if history is None:
        untracked = site.history.positions.get(position.id) if site.history else None
        return VersionFacts(in_force_from=in_force, uncommitted=bool(untracked and untracked.uncommitted))
    return VersionFacts(
        in_force_from=in_force,
        published=_day(old.date if old else history.published if site.publish_drafts else history.first_public()),
        modified=_day(visible(site, history).in_force(old).date if old else history.modified),
        uncommitted=history.uncommitted and old is None,
        history_url=urls.history(history.id),
        old=old,
        old_id=history.id if old else None,
        current=trail(site, history.id) if old else None,
    )


def position_view(site: SiteModel, position: Position, old: Version | None = None,
                  current_id: str | None = None) -> PositionView:
    """The page of `position`; of an earlier version of it when `old` is given (`current_id`: its id now)."""
    return PositionView(
        position=position,
        url=urls.position(position.id),
        title=position_label(position) if old else site.links.name(position.id),
        unit_path=site.unit_path(position.unit),
        manager=site.position_ref(position.manager) if position.manager else None,
        substituted_by=site.substitutes(position, "substituted_by"),
        substitutes_for=site.substitutes(position, "substitutes_for"),
        reports=site.reports(position.id),
        core=site.competency_views(position, "core"),
        additional=site.competency_views(position, "additional"),
        sections=position_sections(position),
        duties=[DutyView(d.number, urls.duty_anchor(d.number), d) for d in position.duties],
        document=document(position, site.links, lambda pid: site.position_ref(pid).label),
        downloads=[(kind.upper(), urls.document(position.id, kind)) for kind in ("docx", "pdf")] if site.documents
        else [],
        facts=version_facts(site, position, old, current_id),
    )
