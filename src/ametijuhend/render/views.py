"""View models: what one generated page shows, built once, read by every output of it.

A position's page template, the table of contents and anchor list that MkDocs
needs, the search record and the printed document all read `PositionView`; the
sections of a job description (order, numbers, headings, anchors) come from
`ametijuhend.structure`, the one place that lists them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from ..document.model import SIGNATURE_RULE, Document, document, number_dot
from ..history import (
    ENDED,
    IN_FORCE,
    LAPSED,
    PENDING,
    UNAVAILABLE,
    UNCOMMITTED,
    PositionHistory,
    Term,
    Version,
    pending,
    takes_effect,
    terms,
)
from ..link import position_label
from ..models import Duty, Position, Status
from ..structure import Heading, Section, position_sections
from . import urls
from .changes import approval_text, status_text, version_pages, visible
from .model import CompetencyView, Ref, SiteModel

__all__ = ["DutyView", "Heading", "PositionView", "Section", "position_sections", "position_view"]


@dataclass(frozen=True)
class DutyView:
    number: str
    """As the document prints it: `3.1`, or `3.1.` when the source ends numbers with a dot (`printed.number_dot`)."""
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
class Notice:
    """The banner of a text that is not simply the one in force: an earlier version, a version not yet in force."""

    kind: str
    """`old-version` or `pending` (the banner's class)."""
    title: str
    text: str
    links: list[Ref] = field(default_factory=list)


def _day(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


@dataclass(frozen=True)
class VersionFacts:
    """When the position's text took effect, was published and last changed (AvTS § 32), from its history."""

    in_force_from: dt.date | None = None
    """Kehtib alates / Jõustub: the day the text shown takes effect (`history.takes_effect`: the date its order
    states, else the order's date)."""
    state: str = IN_FORCE
    """The text shown on the build's day (`history.terms`): `IN_FORCE`, `PENDING`, `ENDED` or `LAPSED`."""
    in_force_until: dt.date | None = None
    """Kehtib kuni / Kehtis kuni: its last day in force, when a later version took or takes effect."""
    in_force: Ref | None = None
    """Of a text not yet in force: the version in force until then (its page; without one, its name only);
    None when no earlier version is in force or the history is not known (`in_force_known`)."""
    in_force_known: bool = False
    between: list[Ref] = field(default_factory=list)
    """Of a text not yet in force: the approved versions that take effect before it (several orders pending)."""
    """Whether the site knows the versions before a text not yet in force (its history)."""
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
    old_approval: str = ""
    """On the page of an earlier version: its approval as its last correction gives it (the text shown: a correction
    may have changed the day it takes effect)."""
    old_id: str | None = None
    """On the page of an earlier version: the id of the position now."""
    unavailable: str = UNAVAILABLE
    uncommitted_label: str = UNCOMMITTED
    current: Trail | None = None
    """On the page of an earlier version: the position in force (its unit path and link), for the breadcrumb."""
    status_then: Status | None = None
    """The status the text's own file gives (`kehtiv`, …), for the status of an earlier version."""
    newest_pending: bool = False
    """The position's newest approved version (its current file) is not yet in force."""

    @property
    def from_label(self) -> str:
        if self.state in (PENDING, LAPSED):
            return "Jõustub"
        return "Kehtis alates" if self.state == ENDED else "Kehtib alates"

    @property
    def until_label(self) -> str | None:
        """`Kehtib kuni` / `Kehtis kuni` when the last day in force is known, else None (no row)."""
        if self.in_force_until is None or self.state not in (IN_FORCE, ENDED):
            return None
        return "Kehtis kuni" if self.state == ENDED else "Kehtib kuni"

    @property
    def status_text(self) -> str | None:
        """Staatus when the file's own status is not the whole truth (None: the file's status, as a badge)."""
        if self.state == ENDED and (self.old is None or self.status_then is None):
            return None
        return status_text(self.state, self.status_then or Status.KEHTIV, self.in_force_from)

    @property
    def status_class(self) -> str:
        """The status badge's look of `status_text`: not yet in force as a draft's, no longer as a repealed one's."""
        return "mustand" if self.state == PENDING else "kehtetu"

    @property
    def notice(self) -> Notice | None:
        """The banner of an earlier version's page and of a page whose text is not yet in force."""
        history = Ref(HISTORY_LABEL, self.history_url) if self.history_url else None
        if self.old is not None:
            approval = self.old_approval or approval_text(self.old)
            newest = Ref("Uusim versioon" if self.newest_pending else "Kehtiv versioon",
                         urls.position(self.old_id or ""))
            links = [newest, *([history] if history else [])]
            if self.state == IN_FORCE:
                until = f", kehtib kuni {_day(self.in_force_until)}" if self.in_force_until else ""
                return Notice("old-version", "Kehtiv versioon.",
                              f"See on ametijuhendi kehtiv versioon ({approval}){until}; uuem versioon on kinnitatud, "
                              "kuid pole veel jõustunud.", links)
            if self.state == PENDING:
                return Notice("pending", f"Jõustub {_day(self.in_force_from)}.",
                              f"See on ametijuhendi kinnitatud versioon ({approval}), mis pole veel jõustunud.", links)
            if self.state == LAPSED:
                return Notice("old-version", "Varasem versioon.",
                              f"See on ametijuhendi varasem kinnitatud versioon ({approval}), mis asendati enne "
                              "jõustumist ega jõustunud.", links)
            return Notice("old-version", "Varasem versioon.",
                          f"See on ametijuhendi varasem kinnitatud versioon ({approval}), mitte kehtiv versioon.",
                          links)
        if self.state != PENDING:
            return None
        title = f"Jõustub {_day(self.in_force_from)}."
        text = "See ametijuhendi versioon on kinnitatud, kuid pole veel jõustunud."
        if self.between:  # (the version in force now, then each order that takes effect before this one)
            return Notice("pending", title, f"{text} Kuni selle kuupäevani kehtivad varasemad versioonid:",
                          [*([self.in_force] if self.in_force else []), *self.between])
        if self.in_force is not None:
            return Notice("pending", title, f"{text} Kuni selle kuupäevani kehtib varasem versioon:",
                          [self.in_force])
        if self.in_force_known:
            return Notice("pending", title, f"{text} Varasemat kehtivat versiooni pole.")
        return Notice("pending", title, f"{text} Kuni selle kuupäevani kehtivat versiooni saidil pole.")


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
        mark is the document's own, `document.html.page_style`); of the version in force until a later one
        takes effect, until when."""
        facts = self.facts
        if facts.state == PENDING:
            return f"JÕUSTUB {_day(facts.in_force_from)} — veel ei kehti"
        if facts.state == IN_FORCE and facts.old is not None and facts.in_force_until is not None:
            return f"KEHTIB KUNI {_day(facts.in_force_until)}"
        if facts.old is not None and facts.state != IN_FORCE:
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
    def signatures(self) -> list[tuple[str, ...]]:
        """Each signing party's lines as the document prints them (`Tööandja:`, `(allkirjastatud digitaalselt)`,
        the title), without the space or the rule left for the signature on paper."""
        if self.document is None:
            return []
        columns = [tuple(line for line in column.lines if line and line != SIGNATURE_RULE)
                   for column in self.document.signatures]
        return [column for column in columns if column]

    @property
    def competency_refs(self) -> list[Ref]:
        """The competencies the position requires, each once, core first."""
        seen: dict[str, Ref] = {}
        for view in [*self.core, *self.additional]:
            seen.setdefault(view.ref.label, view.ref)
        return list(seen.values())


def _day_of(moment: dt.datetime | None) -> dt.date | None:
    return moment.date() if moment else None


def version_facts(site: SiteModel, position: Position, old: Version | None = None,
                  current_id: str | None = None) -> VersionFacts:
    history = site.history.of(current_id or position.id) if site.history else None
    begins = takes_effect(position)
    if history is None:
        untracked = site.history.positions.get(position.id) if site.history else None
        return VersionFacts(in_force_from=begins, state=_state(position, site.today),
                            uncommitted=bool(untracked and untracked.uncommitted))
    facts = VersionFacts(
        in_force_from=begins,
        state=_state(position, site.today),
        published=_day_of(old.date if old else history.published if site.publish_drafts
                          else history.first_public()),
        modified=_day_of(visible(site, history).in_force(old).date if old else history.modified),
        uncommitted=history.uncommitted and old is None,
        history_url=urls.history(history.id),
        old=old,
        old_approval=approval_text(visible(site, history).in_force(old)) if old else "",
        old_id=history.id if old else None,
        current=trail(site, history.id) if old else None,
        status_then=position.status if old else None,
    )
    if not history.read:  # (the versions not read: what the current file alone says; `site._plan_history`
        return facts      # reads the chains of the positions whose current file is not yet in force)
    found = terms(visible(site, history), site.today)
    shown = next((t for t in found if t.start.name == old.name), None) if old else (found[-1] if found else None)
    in_force = next((t for t in found if t.state == IN_FORCE), None)
    return dataclasses.replace(
        facts,
        state=shown.state if shown else facts.state,
        in_force_until=shown.ends if shown else None,
        in_force=_in_force_ref(site, history, in_force) if old is None and facts.state == PENDING else None,
        between=[_term_ref(site, history, t) for t in found[:-1] if t.state == PENDING]
        if old is None and facts.state == PENDING else [],
        in_force_known=True,
        newest_pending=bool(found) and found[-1].state == PENDING,
    )


def _state(position: Position, today: dt.date) -> str:
    """The state of the current file's version on `today` (the latest order: in force once its day has come)."""
    return PENDING if pending(position, today) else IN_FORCE


def _in_force_ref(site: SiteModel, history: PositionHistory, term: Term | None) -> Ref | None:
    """The version in force (`term`) as a link to its page, or by its approval only when it has none."""
    return _term_ref(site, history, term) if term is not None else None


def _term_ref(site: SiteModel, history: PositionHistory, term: Term) -> Ref:
    """An approved version (`term`) as a link to its page, or by its approval only when it has none."""
    pages = {start.name for start, _ in version_pages(site, history)}
    label = f"{approval_text(term.last)}, kehtib kuni {_day(term.ends)}" if term.ends else approval_text(term.last)
    return Ref(label, urls.history(history.id, term.start.name) if term.start.name in pages else None)


def position_view(site: SiteModel, position: Position, old: Version | None = None,
                  current_id: str | None = None) -> PositionView:
    """The page of `position`; of an earlier version of it when `old` is given (`current_id`: its id now)."""
    dot = number_dot(position)
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
        duties=[DutyView(f"{d.number}{dot}", urls.duty_anchor(d.number), d) for d in position.duties],
        document=document(position, site.links, lambda pid: site.position_ref(pid).label),
        # (the documents are of the current file: an earlier version's page, even of the version in force while a
        # newer one is pending, would hand out a text other than the one it shows)
        downloads=[(kind.upper(), urls.document(position.id, kind)) for kind in ("docx", "pdf")]
        if site.documents and old is None else [],
        facts=version_facts(site, position, old, current_id),
    )
