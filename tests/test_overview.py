"""Unit overviews (ametijuhend.render.overview): reporting lines and who stands in for whom."""

from __future__ import annotations

from pathlib import Path

from ametijuhend.project import load_project
from ametijuhend.render import overview
from ametijuhend.render.model import SiteModel

ROOT = Path(__file__).resolve().parents[1]
P000 = "teenuse-juht-asendushoolduse-arendusteenus"
P001 = "peaspetsialist-ennetusteenus"
P002 = "nounik-perelepitus"
P003 = "teenuste-konsultant"


def seeds() -> SiteModel:
    return SiteModel(load_project(ROOT / "positions"))


def test_a_units_chart_hangs_its_positions_under_their_manager_from_elsewhere() -> None:
    site = seeds()
    o = overview.unit_overview(site, "laste-heaolu-osakond")
    assert len(o.chart) == 1
    head = o.chart[0]
    assert head.ref.label == "Teenuse juht (perelepitus)" and head.ref.url is None  # no description yet
    assert head.outside is not None  # drawn as a context node, not one of the unit's own
    assert [child.ref.url for child in head.children] == [f"ametikohad/{P002}/"]
    assert [(p.label, m.label if m else None, r) for p, m, r in o.table] == [
        ("Nõunik (perelepitus)", "Teenuse juht (perelepitus)", [])]


def test_a_manager_inside_the_unit_has_its_subordinates_below_it() -> None:
    project = load_project(ROOT / "positions")
    p000 = project.links.positions[P000]
    project.links.positions[P001].unit = p000.unit  # two positions in one team, one the other's manager
    project.links.positions[P001].manager = P000
    project.links.unit_positions[p000.unit].append(P001)
    project.links.reports[P000].append(P001)
    o = overview.unit_overview(SiteModel(project), p000.unit)
    assert [n.ref.label for n in o.chart] == ["Talitusejuhataja"]
    (lead,) = o.chart[0].children
    assert lead.ref.url == f"ametikohad/{P000}/"
    assert [n.ref.url for n in lead.children] == [f"ametikohad/{P001}/"]


def test_missing_and_one_sided_substitutes_and_rings_are_found() -> None:
    project = load_project(ROOT / "positions")
    links = project.links
    # nobody stands in for 002 any more
    links.positions[P002].substituted_by = []
    links.substituted_by[P002] = []
    # 000 stands in for 001, 001 for 003, 003 for 000: a ring of three
    for a, b in ((P000, P001), (P001, P003), (P003, P000)):
        links.substitutes_for[a].append(b)
        links.substituted_by[b].append(a)
    site = SiteModel(project)
    (row,) = overview.unit_overview(site, "laste-heaolu-osakond").substitutions
    assert row.missing
    (row,) = overview.unit_overview(site, "ennetusteenuste-tiim").substitutions
    assert not row.missing
    assert [r.label for r in row.cycle] == ["Teenuse juht (asendushoolduse arendusteenus)", "Teenuste konsultant"]
    assert any(r.derived for r in row.substituted_by)  # 001's own description does not name 000
    summary = {s.ref.label: s for s in overview.office_summary(site)}
    assert summary["Laste heaolu osakond"].without_substitute == 1
    assert summary["Ennetusteenuste tiim"].in_ring == 1
    assert sum(s.in_ring for s in summary.values()) == 3


def test_two_positions_standing_in_for_each_other_are_no_ring() -> None:
    project = load_project(ROOT / "positions")
    for a, b in ((P000, P001), (P001, P000)):
        project.links.substitutes_for[a].append(b)
    assert overview.substitution_rings(SiteModel(project)) == {}
