"""View models: what one generated page shows, built once, read by every output of it.

A position's page template, the table of contents and anchor list that MkDocs
needs, the search record and the printed document all read `PositionView`; the
sections of a job description (order, numbers, headings, anchors) come from
`ametijuhend.structure`, the one place that lists them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..document.model import Document, document
from ..models import Duty, Position
from ..structure import Heading, Section, position_sections

__all__ = ["DutyView", "Heading", "PositionView", "Section", "position_sections", "position_view"]
from . import urls
from .model import CompetencyView, Ref, SiteModel


@dataclass(frozen=True)
class DutyView:
    number: str
    anchor: str
    duty: Duty


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

    @property
    def unit_url(self) -> str | None:
        """The page of the position's unit, whose charts (`#alluvus`, `#asendamine`) show the position."""
        return self.unit_path[-1].url if self.unit_path else None

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


def position_view(site: SiteModel, position: Position) -> PositionView:
    return PositionView(
        position=position,
        url=urls.position(position.id),
        title=site.links.name(position.id),
        unit_path=site.unit_path(position.unit),
        manager=site.position_ref(position.manager) if position.manager else None,
        substituted_by=site.substitutes(position, "substituted_by"),
        substitutes_for=site.substitutes(position, "substitutes_for"),
        reports=site.reports(position.id),
        core=site.competency_views(position, "core"),
        additional=site.competency_views(position, "additional"),
        sections=position_sections(position),
        duties=[DutyView(d.number, urls.duty_anchor(d.number), d) for d in position.duties],
        document=document(position, site.links),
    )
