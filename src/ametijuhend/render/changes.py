"""The versions on the site: history pages, earlier versions, the change list, its Atom feed and the
per-position JSON the compare page reads. Everything here reads `SiteModel.history` (`ametijuhend.history`).

An unpublished draft leaves no trace: its versions, and the draft versions of a position while drafts are
not published, are left out; names come from `SiteModel` (an unpublished position is "avaldamata ametikoht").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..document.model import APPROVAL_MISSING
from ..history import (
    CORRECTION,
    ENDED,
    IN_FORCE,
    LAPSED,
    PENDING,
    UNAVAILABLE,
    UNCOMMITTED,
    Change,
    DocSection,
    Names,
    PositionHistory,
    Term,
    Version,
    changed_sections,
    diff_documents,
    document,
    is_draft,
    mark_approved,
    pending,
    takes_effect,
    terms,
)
from ..link import position_label
from ..models import MISSING_IN_SOURCE, Competency, Position, Status
from . import urls
from .model import Ref, SiteModel

__all__ = ["UNAVAILABLE", "atom_feed", "history_entries", "position_json", "recent_changes", "remember_recent"]

RECENT = 100
"""Changes on the page `muudatused/` and in the feed."""


def names(site: SiteModel) -> Names:
    def name(kind: str, ident: str) -> str:
        if kind == "unit":
            return site.unit_ref(ident).label
        if kind == "competency":
            return site.competency_ref(ident).label
        return site.position_ref(ident).label

    return name


def visible(site: SiteModel, history: PositionHistory) -> PositionHistory:
    """The versions a reader may see: while drafts are not published, no draft version (nor one that does not
    validate and whose file says `status: mustand`); the approved versions marked again among those left, so that
    an earlier version in force ends before a draft that followed it (`PositionHistory.in_force`).

    The same object for the same chain throughout a build (entries are matched by their versions)."""
    if site.publish_drafts or not history.read:
        return history
    memo: dict[int, tuple[PositionHistory, PositionHistory]] = site.memo.setdefault("visible", {})
    found = memo.get(id(history))
    if found is None or found[0] is not history:
        kept = [v for v in history.versions if not is_draft(v)]
        view = history
        if len(kept) < len(history.versions):
            view = PositionHistory(history.id, [dataclasses.replace(v) for v in kept], history.deleted, history.read)
            mark_approved(view.versions)
        found = memo[id(history)] = (history, view)
    return found[1]


def shown(site: SiteModel, history: PositionHistory) -> list[Version]:
    """The versions a reader may see (`visible`)."""
    return visible(site, history).versions


def approval_text(version: Version) -> str:
    """`käskkiri nr 15, 01.03.2024` as written in the version (even one that does not validate); what its file
    declares the source to lack (`missing:`) is said so, as on the position's page."""
    missing = set(version.position.missing) if version.position is not None else set()
    if version.approval_key is None:
        return APPROVAL_MISSING if "approval" in missing else "kinnitamise andmed märkimata"
    number, date = version.approval_key
    if not number and "approval.order_number" in missing:
        number = MISSING_IN_SOURCE
    approval = version.position.approval if version.position is not None else None
    effective = approval.effective_from if approval is not None else None
    parts = [f"käskkiri nr {number}" if number else "", _date_text(date),
             f"jõustub {effective.strftime('%d.%m.%Y')}" if effective else ""]
    return ", ".join(p for p in parts if p) or "kinnitamise andmed märkimata"


def terms_of(site: SiteModel, history: PositionHistory) -> list[Term]:
    """The approved versions a reader may see, each with its state on the build's day (`history.terms`)."""
    return terms(visible(site, history), site.today)


def term_of(site: SiteModel, history: PositionHistory, start: Version) -> Term | None:
    """The term (`history.Term`) the approved version `start` begins."""
    return next((t for t in terms_of(site, history) if t.start.name == start.name), None)


def upcoming(site: SiteModel, position_id: str) -> dt.date | None:
    """The day the current file of the position takes effect, when that is after the build's day; else None."""
    position = site.links.positions.get(position_id)
    return takes_effect(position) if position is not None and pending(position, site.today) else None


def status_text(state: str, then: Status, begins: dt.date | None) -> str | None:
    """Staatus of a version whose file's own status is not the whole truth on the build's day: not yet in force,
    replaced before it took effect, no longer in force (with the status its file gave then). None: in force."""
    if state == PENDING:
        return f"jõustub {begins.strftime('%d.%m.%Y')}, veel ei kehti" if begins else "veel ei kehti"
    if state == LAPSED:
        return LAPSED_TEXT
    if state == ENDED:
        return not_in_force(then)
    return None


LAPSED_TEXT = "ei jõustunud (asendati enne jõustumist)"
PENDING_FILTER, PENDING_LABEL = "joustumata", "Jõustumata"
"""The positions list's status filter of positions whose current file is not yet in force (`upcoming`): their row
says what their page's Staatus says, not the file's own `kehtiv`."""


def pending_versions(site: SiteModel) -> list[tuple[str, Position, dt.date]]:
    """Every approved version not yet in force on the build's day: (position id, the version's file, the day it takes
    effect), earliest first. Of a position whose current file takes effect later, each pending order of its
    history (`terms`; several may be), or the current file alone when its history is not known. Computed once per
    build (the data-quality page's tables and pages ask for it; their chains are read before, `_plan_history`)."""
    memo: list[tuple[str, Position, dt.date]] | None = site.memo.get("pending_versions")
    if memo is not None:
        return memo
    found = []
    for p in site.published_positions():
        day = upcoming(site, p.id)
        if day is None:
            continue
        chain = site.history.of(p.id) if site.history else None
        versions = [(t.last.position, t.begins) for t in terms_of(site, chain) if t.state == PENDING
                    and t.last.position is not None and t.begins is not None] if chain and chain.read else []
        found += [(p.id, position, begins) for position, begins in versions or [(p, day)]]
    site.memo["pending_versions"] = found = sorted(found, key=lambda item: (item[2], item[0]))
    return found


def pending_positions(site: SiteModel) -> list[tuple[str, dt.date]]:
    """The published positions with a version not yet in force (`pending_versions`), each with the first day one of
    them takes effect, earliest first: a static site does not change by itself on that day, it must be built again."""
    first: dict[str, dt.date] = {}
    for pid, _, day in pending_versions(site):
        first.setdefault(pid, day)
    return sorted(first.items(), key=lambda item: (item[1], item[0]))


REBUILD_LISTED = 10
"""Positions named in the build log's line of pending versions (`rebuild_note`); the others are counted."""


def rebuild_note(site: SiteModel) -> str | None:
    """The build log's one line (Estonian) of the positions with a version not yet in force and the day the site
    must be built again; None when there is none."""
    found = pending_positions(site)
    if not found:
        return None
    named = ", ".join(f"{pid} jõustub {day.strftime('%d.%m.%Y')}" for pid, day in found[:REBUILD_LISTED])
    more = f" ja veel {len(found) - REBUILD_LISTED}" if len(found) > REBUILD_LISTED else ""
    return (f"jõustumata versioonid: {named}{more}; ehita sait uuesti {found[0][1].strftime('%d.%m.%Y')} "
            "(sait ei muutu jõustumise päeval ise: ajasta igapäevane ehitus, nt cron)")


def effect_text(term: Term | None) -> str | None:
    """What a history page says of an approved version beside its approval: in force (until a day), not yet in
    force, never in force; None for one that ended (as before)."""
    if term is None:
        return None
    if term.state == PENDING:
        return "veel ei kehti"  # (the day it takes effect is in its approval, `approval_text`)
    if term.state == IN_FORCE:
        return f"kehtiv, kehtib kuni {term.ends.strftime('%d.%m.%Y')}" if term.ends is not None else "kehtiv"
    if term.state == LAPSED:
        return LAPSED_TEXT
    return None


def _date_text(iso: str) -> str:
    try:
        return dt.date.fromisoformat(iso).strftime("%d.%m.%Y")
    except ValueError:
        return iso


@dataclass(frozen=True)
class VersionEntry:
    """One version on a history page."""

    version: Version
    kind: str
    """`kinnitatud`, `parandus` or `salvestamata muudatus`."""
    approval: str
    changes: list[Change]
    page: str | None
    """The full page of this approved version (None: the version in force, a correction, or no valid file)."""
    first: bool
    effect: str | None = None
    """Of an approved version: not yet in force, in force until a day, or never in force (`effect_text`)."""

    @property
    def anchor(self) -> str:
        return f"v-{self.version.name}"


def version_pages(site: SiteModel, history: PositionHistory) -> list[tuple[Version, Version]]:
    """(approved version, its last correction) of every earlier approved version with a page of its own."""
    history = visible(site, history)
    approved = [v for v in history.versions if v.approved and v.commit is not None]
    current_start = approved[-1] if approved else None
    pages = []
    for start in approved:
        last = history.in_force(start)
        if start is not current_start and last.position is not None:
            pages.append((start, last))
    return pages


def history_entries(site: SiteModel, history: PositionHistory) -> list[VersionEntry]:
    """The versions of a position, newest first, each with its changes against the one before."""
    versions = shown(site, history)
    with_page = {start.name for start, _ in version_pages(site, history)}
    name = names(site)
    by_start = {term.start.name: term for term in terms_of(site, history)}
    entries = []
    previous: Version | None = None
    built: _Built | None = None
    for index, version in enumerate(versions):
        kind = UNCOMMITTED if version.commit is None else ("kinnitatud" if version.approved else CORRECTION)
        found, built = _changes(previous, version, name, built, site.links.competencies)
        term = by_start.get(version.name) if version.approved else None
        entries.append(VersionEntry(  # (an approved version's approval as its last correction has it: the term's)
            version, kind, approval_text(term.last if term is not None else version), found,
            urls.history(history.id, version.name) if version.name in with_page else None,
            index == 0, effect_text(term),
        ))
        previous = version
    return entries[::-1]


_Built = tuple[frozenset[str] | None, list[DocSection]]
"""A version's document as built for its changes: the sections asked for (None: all) and the sections."""


def _changes(old: Version | None, new: Version, name: Names, built: _Built | None,
             catalogue: Mapping[str, Competency]) -> tuple[list[Change], _Built | None]:
    """The changes from the version before; only in the sections whose keys changed (`changed_sections`).
    `built`: the older version's document as built for its own changes, used again when it has the sections
    asked for now (each version's document is then built once, not once as the newer and once as the older);
    returns the newer version's document for the next pair."""
    if old is None or old.position is None or new.position is None:
        return [], None
    only = changed_sections(old, new)
    before = _within(built, only) if built is not None else None
    if before is None:
        before = document(old.position, name, only, catalogue)
    after = document(new.position, name, only, catalogue)
    found = diff_documents(before, after)
    found += [Change(label, "muudetud") for key, label in OTHER_FIELDS.items()
              if getattr(old.position, key) != getattr(new.position, key)]
    if old.position.id != new.position.id:  # a rename: the document is the same, its page's address is not
        redirects = old.position.id in new.position.aliases
        found.insert(0, Change("lehe aadress", "muudetud (vana aadress suunab uuele)" if redirects else "muudetud"))
    return found, (only, after)


OTHER_FIELDS = {
    "document_type": "Dokumendi liik", "document_note": "Dokumendi märkus", "last_review": "Viimati üle vaadatud",
    "signatures": "Allkirjaread", "signed_original": "Allkirjastatud originaal", "printed": "Trükitud pealkirjad",
    "incomplete_source": "Lähtedokumendi puudulikkus", "missing": "Lähtedokumendist puuduvad andmed",
    "aliases": "Varasemad aadressid",
}
"""Fields a page shows that are no row of the compared document (`history.document`): a correction that changes
one of them says so by its name (not "Sisu ei muutunud"), and is in the change list."""


def _within(built: _Built, only: frozenset[str] | None) -> list[DocSection] | None:
    """`document(…, only)` taken from a document built with more sections; None when it lacks some."""
    asked, sections = built
    if only is None:
        return sections if asked is None else None
    if asked is not None and not only <= asked:
        return None
    return [s for s in sections if s.key in only]


@dataclass(frozen=True)
class RecentChange:
    date: dt.datetime
    position: Ref
    summary: str
    url: str | None
    version: str


def summary(entry: VersionEntry) -> str:
    """One line for the change list and the feed."""
    if entry.first:
        return f"avaldatud ({entry.approval})"
    if entry.kind == "kinnitatud":
        return f"uus kinnitatud versioon ({entry.approval})"
    if entry.version.position is None:
        return f"{CORRECTION}: fail ei vastanud andmeskeemile"
    parts = [c.summary for c in entry.changes]
    text = "; ".join(parts[:3]) + (f" ja veel {len(parts) - 3}" if len(parts) > 3 else "")
    return f"{CORRECTION}: {text}" if text else CORRECTION


def recent_changes(site: SiteModel, limit: int = RECENT) -> list[RecentChange]:
    """The latest committed changes across all positions, newest first (published positions and deleted ones).

    Computed once per build (the page `muudatused/` and the feed both show it)."""
    key = f"recent_changes:{limit}"
    if key not in site.memo:
        site.memo[key] = _recent_changes(site, limit)
    result: list[RecentChange] = site.memo[key]
    return result


def remember_recent(site: SiteModel, items: list[RecentChange], limit: int = RECENT) -> None:
    """Give `site` the change list made elsewhere (from the same data: in the process that read the versions)."""
    site.memo[f"recent_changes:{limit}"] = items


def _recent_changes(site: SiteModel, limit: int) -> list[RecentChange]:
    history = site.history
    if history is None or not history.available:
        return []
    candidates: list[tuple[dt.datetime, int, str, Version]] = []
    gone: dict[str, Ref] = {}
    """Positions no longer in the data, by the name of their last version a reader may see (no page to link)."""
    for pid, chain in history.positions.items():
        if pid in site.links.positions and pid not in site.published:
            continue
        versions = shown(site, chain)
        if pid not in site.links.positions:
            last = next((v.position for v in reversed(versions) if v.position), None)
            if last is None:  # never a valid file a reader could see (never published): nothing to list
                continue
            gone[pid] = Ref(position_label(last))
        for order, version in enumerate(versions):
            if version.commit is not None:
                candidates.append((version.commit.date, order, pid, version))
        if chain.deleted is not None and pid in gone:
            candidates.append((chain.deleted.date, len(versions), pid, Version(chain.deleted, "", None, "", None)))
    candidates.sort(key=lambda c: (c[0], c[1]), reverse=True)
    out: list[RecentChange] = []
    entries: dict[str, list[VersionEntry]] = {}
    for date, _, pid, version in candidates:
        if len(out) == limit:
            break
        chain = history.positions[pid]
        if version.path == "":  # the deletion
            out.append(RecentChange(date, gone[pid], "ametikoht eemaldatud", None, version.name))
            continue
        if pid not in entries:
            entries[pid] = history_entries(site, chain)
        at, entry = next((k, e) for k, e in enumerate(entries[pid]) if e.version is version)
        before = entries[pid][at + 1] if at + 1 < len(entries[pid]) else None
        if _unchanged(entry, before):
            continue  # (on the history page, not in the list and the feed: nothing a reader would see changed)
        url = None if pid in gone else urls.history(pid) + f"#{entry.anchor}"
        out.append(RecentChange(date, gone.get(pid) or site.position_ref(pid), summary(entry), url, version.name))
    return out


def _unchanged(entry: VersionEntry, before: VersionEntry | None) -> bool:
    """A correction that changed nothing but its file's layout or comments (`OTHER_FIELDS` are changes too)."""
    return (entry.kind == CORRECTION and not entry.first and not entry.changes and entry.version.position is not None
            and before is not None and before.version.position == entry.version.position)


def atom_feed(site: SiteModel, *, title: str, site_url: str | None) -> bytes:
    """`muudatused.xml`: the change list as an Atom 1.0 feed. No person: the author is the site itself."""
    base = (site_url or "").rstrip("/") + "/" if site_url else ""
    atom = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", atom)

    def el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        node = ET.SubElement(parent, f"{{{atom}}}{tag}", attrs)
        node.text = text
        return node

    feed = ET.Element(f"{{{atom}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "et"})
    items = recent_changes(site)
    el(feed, "title", f"{title}: muudatused")
    el(feed, "id", uuid.uuid5(uuid.NAMESPACE_URL, f"ametijuhendid:{base}{urls.FEED}").urn)
    newest = items[0].date if items else dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    el(feed, "updated", newest.isoformat())
    author = el(feed, "author")
    el(author, "name", title)
    el(feed, "link", rel="self", href=base + urls.FEED)
    el(feed, "link", rel="alternate", type="text/html", href=base + urls.CHANGES)
    for item in items:
        entry = el(feed, "entry")
        el(entry, "title", f"{item.position.label}: {item.summary}")
        el(entry, "id", uuid.uuid5(uuid.NAMESPACE_URL, f"ametijuhendid:{item.position.label}@{item.version}").urn)
        el(entry, "updated", item.date.isoformat())
        if item.url:
            el(entry, "link", rel="alternate", type="text/html", href=base + item.url)
        el(entry, "summary", item.summary)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8", xml_declaration=False) \
        + b"\n"


# --- per-position JSON (the compare page) ---------------------------------------------------------------


def _dump(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _sections(site: SiteModel, position: Position) -> list[dict[str, Any]]:
    return [{"key": s.key, "title": s.title, "rows": [[r.key, r.label, r.text] for r in s.rows]}
            for s in document(position, names(site), catalogue=site.links.competencies)]


def version_facts(site: SiteModel, position: Position) -> dict[str, Any]:
    """Version, approval and dates of a position (for the export and the per-position JSON). Published: while
    drafts are not published, when the position stopped being a draft (`PositionHistory.first_public`).

    `in_force`: whether the current file's version is in force on the build's day (false while the date its
    order takes effect is later); then `in_force_version` names the earlier approved version in force until
    that day (its name, None when no earlier version is in force or it is not known)."""
    history = site.history
    chain = history.of(position.id) if history else None
    published = (chain.published if site.publish_drafts else chain.first_public()) if chain else None
    approval = position.approval
    committed = chain.committed if chain else []
    begins = takes_effect(position)
    now_in_force = not pending(position, site.today)
    facts = {
        "version": committed[-1].commit.sha if committed and committed[-1].commit else None,
        "uncommitted": bool(chain and chain.uncommitted),
        "approval": {"order_number": approval.order_number,
                     "date": approval.date.isoformat() if approval.date else None,
                     "effective_from": approval.effective_from.isoformat() if approval.effective_from else None}
        if approval else None,
        "in_force_from": begins.isoformat() if begins else None,
        "in_force": now_in_force,
        "published": published.isoformat() if published else None,
        "modified": chain.modified.isoformat() if chain and chain.modified else None,
    }
    if not now_in_force:
        in_force = next((t for t in terms_of(site, chain) if t.state == IN_FORCE), None) \
            if chain is not None and chain.read else None
        facts["in_force_version"] = in_force.start.name if in_force is not None else None
    return facts


def position_json(site: SiteModel, position: Position) -> bytes:
    """`andmed/ametikohad/<id>.json`: the position as comparable sections, its version facts and versions."""
    history = site.history
    chain = history.of(position.id) if history else None
    versions = []
    if chain is not None:
        with_page = {start.name for start, _ in version_pages(site, chain)}
        seen = visible(site, chain)
        for version in seen.versions:
            if version.commit is None:
                continue
            # (an approved version as its page shows it: its last correction, which may have moved its day)
            approval = approval_text(seen.in_force(version) if version.approved else version)
            versions.append({"version": version.name, "date": version.commit.date.date().isoformat(),
                             "approved": version.approved, "approval": approval,
                             "message": version.commit.message, "page": version.name in with_page})
    sections = _sections(site, position)
    if pending(position, site.today):
        _set_status(sections, status_text(PENDING, position.status, takes_effect(position)) or "")
    return _dump({"id": position.id, "title": site.links.name(position.id), "url": urls.position(position.id),
                  **version_facts(site, position), "sections": sections, "versions": versions[::-1]})


def _set_status(sections: list[dict[str, Any]], status: str) -> None:
    """The status row of `_sections` says `status` (a version's state on the build's day, not its file's word)."""
    for section in sections:
        section["rows"] = [[key, label, status] if key == "staatus" else [key, label, text]
                           for key, label, text in section["rows"]]


NOT_IN_FORCE = "ei kehti (varasem versioon)"
"""The status of an earlier version (its page, the compare page): whatever its file said then, not in force now."""


def not_in_force(then: Status) -> str:
    """`NOT_IN_FORCE`, with the status the version's file had then in brackets when it was not `kehtiv`."""
    return NOT_IN_FORCE if then is Status.KEHTIV else f"{NOT_IN_FORCE[:-1]}; tollal {then.value})"


def old_version_json(site: SiteModel, pid: str, start: Version, last: Version) -> bytes:
    """`andmed/ametikohad/<id>@<version>.json`: an earlier approved version as it was, last corrected.

    Its status row says that it is not in force (`NOT_IN_FORCE`; the status the file had then in brackets
    when it was not `kehtiv`), or that it is not yet in force or never took effect; the version still in force
    until a newer one takes effect keeps its file's status (`status_text`)."""
    assert last.position is not None and last.commit is not None
    sections = _sections(site, last.position)
    chain = site.history.of(pid) if site.history else None
    term = term_of(site, chain, start) if chain is not None else None
    status = status_text(term.state if term is not None else ENDED, last.position.status, takes_effect(last.position))
    if status is not None:
        _set_status(sections, status)
    return _dump({"id": pid, "title": position_label(last.position), "url": urls.history(pid, start.name),
                  "version": start.name, "approval": approval_text(last),
                  "modified": last.commit.date.isoformat(), "sections": sections})


def compare_aliases(site: SiteModel) -> dict[str, str]:
    """Former id → id of every alias of a published position: the compare page reads a link sent before a
    rename (`vordle/?a=<former id>`) as the old page address does."""
    return {alias: target for alias, target in sorted(site.links.aliases.items()) if target in site.published}


def compare_index(site: SiteModel) -> bytes:
    """`andmed/ametikohad/index.json`: [id, title] of every published position, for the picker."""
    return _dump([[p.id, site.links.name(p.id)] for p in site.published_positions()])
