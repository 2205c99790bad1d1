"""An order that takes effect from a stated day (`approval.effective_from`, "Jõustub"): which approved version
is in force on the build's day (`history.terms`), and what the pages, the print, the JSON and the change list say
of it (rendered from a scripted git repository, without MkDocs; `test_history_build.py` builds the real site)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import BASE_FILES
from test_history import JUHT, NOUNIK, Repo, pending_order

from ametijuhend.history import (
    ENDED,
    IN_FORCE,
    LAPSED,
    PENDING,
    Commit,
    PositionHistory,
    Version,
    load_history,
    mark_approved,
    pending,
    terms,
)
from ametijuhend.models import Position, Status
from ametijuhend.project import load_project
from ametijuhend.render import RenderedSite, RenderOptions, render_site
from ametijuhend.render.changes import rebuild_note

D = dt.date


def _position(order: str, date: str | None, effective: str | None = None, purpose: str = "") -> Position:
    raw: dict[str, Any] = yaml.safe_load(BASE_FILES[JUHT])
    approval: dict[str, Any] = {"order_number": order}
    if date:
        approval["date"] = date
    if effective:
        approval["effective_from"] = effective
    raw["approval"] = approval
    if purpose:
        raw["purpose"] = purpose
    return Position.model_validate(raw)


def _chain(*positions: Position) -> PositionHistory:
    """Committed versions one day apart in December 2026 (the commit's day plays no part in the decision)."""
    versions = []
    for day, position in enumerate(positions, start=1):
        commit = Commit(f"{day:040x}", dt.datetime(2026, 1, day, tzinfo=dt.UTC), f"versioon {day}")
        approval = position.approval
        key = (approval.order_number or "", approval.date.isoformat() if approval and approval.date else "") \
            if approval else None
        versions.append(Version(commit, JUHT, position, "", key))
    mark_approved(versions)
    return PositionHistory("teenuse-juht-perelepitus", versions)


def _states(chain: PositionHistory, today: D) -> list[tuple[str, str, D | None, D | None]]:
    return [(t.start.commit.message if t.start.commit else "", t.state, t.begins, t.ends) for t in terms(chain, today)]


def test_without_an_effective_date_the_newest_order_is_in_force_from_its_date() -> None:
    chain = _chain(_position("12", "2024-01-04"), _position("15", "2024-03-01"))
    assert _states(chain, D(2026, 12, 2)) == [
        ("versioon 1", ENDED, D(2024, 1, 4), D(2024, 2, 29)),
        ("versioon 2", IN_FORCE, D(2024, 3, 1), None),
    ]


@pytest.mark.parametrize(("today", "states"), [
    (D(2026, 12, 31), [(ENDED, D(2024, 2, 29)), (IN_FORCE, D(2026, 12, 31)), (PENDING, None)]),  # the day before
    (D(2027, 1, 1), [(ENDED, D(2024, 2, 29)), (ENDED, D(2026, 12, 31)), (IN_FORCE, None)]),  # on the day
    (D(2027, 6, 1), [(ENDED, D(2024, 2, 29)), (ENDED, D(2026, 12, 31)), (IN_FORCE, None)]),  # after it
])
def test_a_version_is_in_force_from_its_effective_date(today: D, states: list[tuple[str, D | None]]) -> None:
    chain = _chain(_position("12", "2024-01-04"), _position("15", "2024-03-01"),
                   _position("20", "2026-11-20", "2027-01-01"))
    found = terms(chain, today)
    assert [(t.state, t.ends) for t in found] == states
    assert found[-1].begins == D(2027, 1, 1)  # the stated day, not the order's


def test_several_pending_versions() -> None:
    chain = _chain(_position("12", "2024-01-04"), _position("20", "2026-11-20", "2027-01-01"),
                   _position("21", "2026-11-25", "2027-03-01"))
    assert [(t.state, t.ends) for t in terms(chain, D(2026, 12, 2))] == [
        (IN_FORCE, D(2026, 12, 31)), (PENDING, None), (PENDING, None)]
    assert [(t.state, t.ends) for t in terms(chain, D(2027, 2, 1))] == [
        (ENDED, D(2026, 12, 31)), (IN_FORCE, D(2027, 2, 28)), (PENDING, None)]
    assert [t.state for t in terms(chain, D(2027, 3, 1))] == [ENDED, ENDED, IN_FORCE]


def test_a_later_order_taking_effect_first_replaces_a_pending_one() -> None:
    """The version in force is that of the latest order that has taken effect: an order given later that takes
    effect earlier leaves the pending one never in force (it lapsed), whatever day comes."""
    chain = _chain(_position("12", "2024-01-04"), _position("20", "2026-11-20", "2027-06-01"),
                   _position("21", "2026-11-25", "2027-01-01"))
    assert [(t.state, t.ends) for t in terms(chain, D(2027, 2, 1))] == [
        (ENDED, D(2026, 12, 31)), (LAPSED, D(2026, 12, 31)), (IN_FORCE, None)]
    assert [t.state for t in terms(chain, D(2027, 7, 1))] == [ENDED, LAPSED, IN_FORCE]


def test_a_correction_of_the_effective_date_counts_and_a_version_without_dates_is_in_effect() -> None:
    chain = _chain(_position("12", "2024-01-04"), _position("20", "2026-11-20", "2027-01-01"),
                   _position("20", "2026-11-20", "2027-02-01", purpose="Parandatud."))
    assert [(t.state, t.begins) for t in terms(chain, D(2027, 1, 15))] == [(IN_FORCE, D(2024, 1, 4)),
                                                                             (PENDING, D(2027, 2, 1))]
    undated = _chain(_position("12", "2024-01-04"), _position("20", None))
    assert [(t.state, t.ends) for t in terms(undated, D(2026, 12, 2))] == [(ENDED, None), (IN_FORCE, None)]


# --- pages, print, JSON and the change list from a scripted repository ----------------------------------------


@pytest.fixture(scope="module")
def pending_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Repo, str]:
    return pending_order(tmp_path_factory.mktemp("effective"))


def _site(repo: Repo, today: D, history: bool = True) -> RenderedSite:
    project = load_project(repo.data)
    assert not project.errors, project.problems
    return render_site(project, RenderOptions(today=today, history=load_history(repo.data, project)
                                              if history else None))


def _html(site: RenderedSite, url: str) -> str:
    return next(p for p in site.pages if p.url == url).html()


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


POSITION = "ametikohad/teenuse-juht-perelepitus/"


def test_pending_version_on_its_pages_and_files(pending_repo: tuple[Repo, str]) -> None:
    repo, first = pending_repo
    site = _site(repo, D(2026, 12, 2))
    page = _text(_html(site, POSITION))
    assert "Jõustub 01.01.2027. See ametijuhendi versioon on kinnitatud, kuid pole veel jõustunud." in page
    assert "Kuni selle kuupäevani kehtib varasem versioon: käskkiri nr 12, 04.01.2024, kehtib kuni 31.12.2026" in page
    assert f'href="ajalugu/{first}/"' in _html(site, POSITION)
    assert "Staatus jõustub 01.01.2027, veel ei kehti" in page and "Jõustub 01.01.2027 Avaldatud" in page
    assert "Kehtib alates" not in page
    assert "käskkiri nr 20, 20.11.2026 Jõustub 01.01.2027" in page  # the approval block, as the document prints it
    assert "JÕUSTUB 01.01.2027" in _html(site, POSITION)  # the print's mark on every page
    # the earlier version is the one in force: nothing says it is not
    old = _html(site, f"{POSITION}ajalugu/{first}/")
    for wrong in ("ei kehti", "VARASEM VERSIOON", "Varasem versioon", "Kehtis alates"):
        assert wrong not in old, wrong
    old_text = _text(old)
    assert "Kehtiv versioon. See on ametijuhendi kehtiv versioon (käskkiri nr 12, 04.01.2024), kehtib kuni " \
           "31.12.2026" in old_text
    assert "Staatus Kehtiv" in old_text and "Kehtib alates 04.01.2024 Kehtib kuni 31.12.2026" in old_text
    assert "KEHTIB KUNI 31.12.2026" in old
    assert next(p for p in site.pages if p.url == f"{POSITION}ajalugu/{first}/").title.endswith(
        "(kehtiv versioon, käskkiri nr 12, 04.01.2024)")
    old_json = json.loads(site.content(f"andmed/ametikohad/teenuse-juht-perelepitus@{first}.json"))
    status = [row for section in old_json["sections"] for row in section["rows"] if row[0] == "staatus"]
    assert status == [["staatus", "Staatus", "kehtiv"]]
    now = json.loads(site.content("andmed/ametikohad/teenuse-juht-perelepitus.json"))
    assert now["in_force"] is False and now["in_force_from"] == "2027-01-01"
    assert now["approval"]["effective_from"] == "2027-01-01" and now["in_force_version"] == first
    assert next(row for s in now["sections"] for row in s["rows"] if row[0] == "kinnitatud")[2] == \
        "käskkiri nr 20, 20.11.2026, jõustub 01.01.2027"
    export = json.loads(site.content("andmed/ametikohad.json"))
    assert export["versions"]["teenuse-juht-perelepitus"]["in_force"] is False
    assert export["versions"]["nounik-perelepitus"]["in_force"] is True
    history = _text(_html(site, f"{POSITION}ajalugu/"))
    assert "Uusim versioon (jõustub 01.01.2027)" in history
    assert "Kinnitatud versioon: käskkiri nr 20, 20.11.2026, jõustub 01.01.2027 · veel ei kehti" in history
    assert "Kinnitatud versioon: käskkiri nr 12, 04.01.2024 · kehtiv, kehtib kuni 31.12.2026" in history
    assert "uus kinnitatud versioon (käskkiri nr 20, 20.11.2026, jõustub 01.01.2027)" in _html(site, "muudatused/")
    assert "jõustub 01.01.2027" in site.content("muudatused.xml").decode()
    assert site.model is not None and rebuild_note(site.model) == (
        "jõustumata versioonid: teenuse-juht-perelepitus jõustub 01.01.2027; ehita sait uuesti 01.01.2027 "
        "(sait ei muutu jõustumise päeval ise: ajasta igapäevane ehitus, nt cron)")


def test_on_the_effective_date_the_labels_flip(pending_repo: tuple[Repo, str]) -> None:
    repo, first = pending_repo
    site = _site(repo, D(2027, 1, 1))
    page = _text(_html(site, POSITION))
    assert "Kehtib alates 01.01.2027" in page and "Staatus Kehtiv" in page
    assert "pole veel jõustunud" not in page and "JÕUSTUB" not in _html(site, POSITION)
    old = _html(site, f"{POSITION}ajalugu/{first}/")
    old_text = _text(old)
    assert "Varasem versioon." in old_text and "Staatus ei kehti (varasem versioon)" in old_text
    assert "Kehtis alates 04.01.2024 Kehtis kuni 31.12.2026" in old_text
    assert '"VARASEM VERSIOON — ei kehti"' in old
    now = json.loads(site.content("andmed/ametikohad/teenuse-juht-perelepitus.json"))
    assert now["in_force"] is True and "in_force_version" not in now
    assert site.model is not None and rebuild_note(site.model) is None


def test_pending_version_without_history_says_the_one_in_force_is_not_on_the_site(
        pending_repo: tuple[Repo, str]) -> None:
    repo, _ = pending_repo
    site = _site(repo, D(2026, 12, 2), history=False)
    page = _text(_html(site, POSITION))
    assert "Jõustub 01.01.2027. See ametijuhendi versioon on kinnitatud, kuid pole veel jõustunud. Kuni selle " \
           "kuupäevani kehtivat versiooni saidil pole." in page


def test_a_new_position_not_yet_in_force_has_no_earlier_version(tmp_path: Path) -> None:
    (tmp_path / "repo").mkdir()
    repo = Repo(tmp_path / "repo")
    text = (repo.data / NOUNIK).read_text(encoding="utf-8")
    new = text.replace("id: nounik-perelepitus", "id: uus-noustaja").replace(
        "  date: 2024-01-04", "  date: 2026-11-20\n  effective_from: 2027-01-01")
    (repo.data / "uus-noustaja.yaml").write_text(new, encoding="utf-8")
    repo.commit("Uus ametikoht, jõustub 1. jaanuaril")
    site = _site(repo, D(2026, 12, 2))
    page = _text(_html(site, "ametikohad/uus-noustaja/"))
    assert "Jõustub 01.01.2027. See ametijuhendi versioon on kinnitatud, kuid pole veel jõustunud. Varasemat " \
           "kehtivat versiooni pole." in page
    assert json.loads(site.content("andmed/ametikohad/uus-noustaja.json"))["in_force_version"] is None


def test_without_an_effective_date_nothing_is_pending_whatever_the_day() -> None:
    """A version is in force from its order unless the order states a later day: the seeds (none states one)
    are in force even on a day before their orders (their pages are pinned byte for byte by the golden pages)."""
    project = load_project(Path(__file__).resolve().parents[1] / "positions")
    site = render_site(project, RenderOptions(today=D(2000, 1, 1)))
    assert site.model is not None and rebuild_note(site.model) is None
    page = _text(_html(site, "ametikohad/teenuste-konsultant/"))
    assert "Kehtib alates 05.04.2023" in page and "Jõustub" not in page


def _draft(order: str, date: str, effective: str) -> Position:
    position = _position(order, date, effective)
    return position.model_copy(update={"status": Status.MUSTAND})


def test_a_draft_states_a_day_that_counts_only_once_it_is_approved() -> None:
    """A draft (`status: mustand`) is no approved version: the day its order would take effect is not a day the
    earlier version's term ends (the draft is what it was before `effective_from`: a draft, not pending)."""
    chain = _chain(_position("12", "2024-01-04"), _draft("20", "2026-11-20", "2027-01-01"))
    assert [(t.state, t.ends) for t in terms(chain, D(2026, 12, 2))] == [(ENDED, D(2026, 11, 19)), (IN_FORCE, None)]
    assert not pending(chain.versions[-1].position, D(2026, 12, 2))  # type: ignore[arg-type]


def test_a_draft_page_does_not_say_approved_and_not_yet_in_force(tmp_path: Path) -> None:
    (tmp_path / "repo").mkdir()
    repo = Repo(tmp_path / "repo")
    repo.edit(JUHT, 'order_number: "12"\n  date: 2024-01-04',
              'order_number: "20"\n  date: 2026-11-20\n  effective_from: 2027-01-01')
    repo.edit(JUHT, "status: kehtiv", "status: mustand")
    repo.commit("Uue ametijuhendi mustand")
    site = _site(repo, D(2026, 12, 2))
    page = _text(_html(site, POSITION))
    assert "Mustand." in page
    assert "kinnitatud, kuid pole veel jõustunud" not in page and "veel ei kehti" not in page
    assert site.model is not None and rebuild_note(site.model) is None


def test_positions_list_says_what_the_page_says_of_a_version_not_yet_in_force(
        pending_repo: tuple[Repo, str]) -> None:
    """The list showed the file's own status (Kehtiv) for a position whose page says its text is not yet in force;
    its row and the status filter say so now (and the position in force stays Kehtiv)."""
    repo, _ = pending_repo
    html = _html(_site(repo, D(2026, 12, 2)), "ametikohad/")
    row = next(r for r in html.split("<tr ")[1:] if "teenuse-juht-perelepitus" in r)
    assert 'data-staatus="joustumata"' in row and "jõustub 01.01.2027, veel ei kehti" in row
    assert ">Kehtiv<" not in row
    other = next(r for r in html.split("<tr ")[1:] if "nounik-perelepitus" in r)
    assert 'data-staatus="kehtiv"' in other and ">Kehtiv<" in other
    assert '<option value="joustumata">Jõustumata</option>' in html
    on_the_day = _html(_site(repo, D(2027, 1, 1)), "ametikohad/")
    assert "joustumata" not in on_the_day and "veel ei kehti" not in on_the_day


def test_a_correction_of_the_day_is_what_the_history_and_the_version_list_say(tmp_path: Path) -> None:
    """The day a pending order takes effect corrected (01.01.2027 → 01.02.2027): the history page said the
    approved version 'jõustub 01.01.2027 · veel ei kehti' (its first commit's day) while its page says 01.02.2027."""
    repo, _ = pending_order(tmp_path)
    repo.edit(JUHT, "effective_from: 2027-01-01", "effective_from: 2027-02-01")
    repo.commit("Jõustumise kuupäev parandatud")
    site = _site(repo, D(2026, 12, 2))
    history = _text(_html(site, f"{POSITION}ajalugu/"))
    assert "Kinnitatud versioon: käskkiri nr 20, 20.11.2026, jõustub 01.02.2027 · veel ei kehti" in history
    assert "Kinnitatud versioon: käskkiri nr 12, 04.01.2024 · kehtiv, kehtib kuni 31.01.2027" in history
    assert "jõustub 01.01.2027 · veel ei kehti" not in history
    now = json.loads(site.content("andmed/ametikohad/teenuse-juht-perelepitus.json"))
    approved = [v["approval"] for v in now["versions"] if v["approved"]]
    assert approved == ["käskkiri nr 20, 20.11.2026, jõustub 01.02.2027", "käskkiri nr 12, 04.01.2024"]
    assert "Kuni selle kuupäevani kehtib varasem versioon: käskkiri nr 12, 04.01.2024, kehtib kuni 31.01.2027" \
        in _text(_html(site, POSITION))


def test_several_pending_orders_the_newest_page_names_each_before_it(tmp_path: Path) -> None:
    """Two orders pending (01.01.2027, then 01.03.2027): the newest page said only 'kehtib varasem versioon: nr 12,
    kehtib kuni 31.12.2026', leaving out that order nr 20 is in force from 01.01.2027 until then."""
    repo, first = pending_order(tmp_path)
    second = repo.git("rev-parse", "HEAD").strip()[:12]
    repo.edit(JUHT, 'order_number: "20"\n  date: 2026-11-20\n  effective_from: 2027-01-01',
              'order_number: "21"\n  date: 2026-11-25\n  effective_from: 2027-03-01')
    repo.commit("Käskkiri nr 21, jõustub 1. märtsil")
    site = _site(repo, D(2026, 12, 2))
    page = _text(_html(site, POSITION))
    assert "Jõustub 01.03.2027. See ametijuhendi versioon on kinnitatud, kuid pole veel jõustunud. Kuni selle " \
           "kuupäevani kehtivad varasemad versioonid: käskkiri nr 12, 04.01.2024, kehtib kuni 31.12.2026 · " \
           "käskkiri nr 20, 20.11.2026, jõustub 01.01.2027" in page
    html = _html(site, POSITION)
    assert f'href="ajalugu/{first}/"' in html and f'href="ajalugu/{second}/"' in html
    later = _text(_html(_site(repo, D(2027, 1, 15)), POSITION))  # nr 20 in force now: the one before nr 21
    assert "Kuni selle kuupäevani kehtib varasem versioon: käskkiri nr 20, 20.11.2026, jõustub 01.01.2027, " \
           "kehtib kuni 28.02.2027" in later


def test_data_quality_page_lists_the_versions_not_yet_in_force(pending_repo: tuple[Repo, str]) -> None:
    """HR must build the site again on the day an order takes effect: the data-quality page lists what is
    pending (as the build log's line does), and has no such table when nothing is."""
    repo, _ = pending_repo
    site = _site(repo, D(2026, 12, 2))
    page = next(p for p in site.pages if p.url == "andmekvaliteet/")
    assert "joustumata" in [h.anchor for h in page.toc]
    text = _text(page.html())
    assert "Jõustumata versioonid" in text
    assert "Teenuse juht (perelepitus) nr 20, 20.11.2026 01.01.2027" in text
    on_the_day = next(p for p in _site(repo, D(2027, 1, 1)).pages if p.url == "andmekvaliteet/")
    assert "Jõustumata" not in on_the_day.html() and "joustumata" not in [h.anchor for h in on_the_day.toc]


def test_search_record_has_the_status_the_page_shows(pending_repo: tuple[Repo, str]) -> None:
    """A staff member searching saw 'Kehtiv' on a position whose text is not yet in force; the record says what
    the page says, and its status filter is Jõustumata (the day before, and Kehtiv from the day)."""
    from ametijuhend.search import FILTER_STATUS, build_records

    repo, _ = pending_repo
    project = load_project(repo.data)

    def record(today: D) -> Any:
        return next(r for r in build_records(project, today=today) if "teenuse-juht-perelepitus" in r.url)

    before = record(D(2026, 12, 31))
    assert (FILTER_STATUS, "Jõustub 01.01.2027, veel ei kehti") in before.meta
    assert (FILTER_STATUS, "Jõustumata") in before.filters and "Kehtiv" not in dict(before.filters).values()
    assert "jõustub 01.01.2027, veel ei kehti" in before.html()
    on_the_day = record(D(2027, 1, 1))
    assert (FILTER_STATUS, "Kehtiv") in on_the_day.meta and (FILTER_STATUS, "Kehtiv") in on_the_day.filters
    other = next(r for r in build_records(project, today=D(2026, 12, 31)) if "nounik-perelepitus" in r.url)
    assert (FILTER_STATUS, "Kehtiv") in other.meta


@pytest.mark.parametrize("today", [D.min, D.max])
def test_the_first_and_last_days_there_are_give_no_traceback(today: D) -> None:
    """A file may name 0001-01-01 (a valid date) and AMETIJUHENDID_TODAY may be 0001-01-01 or 9999-12-31: the term
    of the version before one of 0001-01-01 ended that day, and the site of such a day is rendered (the year before
    today, for the reviews overdue, did not exist: a ValueError)."""
    chain = _chain(_position("12", "2024-01-04"), _position("20", "0001-01-01"))
    assert [(t.state, t.ends) for t in terms(chain, today)] == [(ENDED, D.min), (IN_FORCE, None)]
    project = load_project(Path(__file__).resolve().parents[1] / "positions")
    site = render_site(project, RenderOptions(today=today))
    assert "Andmekvaliteet" in _html(site, "andmekvaliteet/")


def test_the_version_in_force_offers_no_document_of_the_pending_one(pending_repo: tuple[Repo, str]) -> None:
    """With documents built (AMETIJUHENDID_DOCUMENTS), the page of the version in force linked 'Ametijuhend
    allkirjastamiseks: DOCX · PDF' to the current file's document: the order not yet in force."""
    repo, first = pending_repo
    project = load_project(repo.data)
    site = render_site(project, RenderOptions(today=D(2026, 12, 2), documents=True,
                                              history=load_history(repo.data, project)))
    assert "teenuse-juht-perelepitus.docx" in _html(site, POSITION)
    old = _html(site, f"{POSITION}ajalugu/{first}/")
    assert ".docx" not in old and ".pdf" not in old and "allkirjastamiseks" not in old


def test_the_site_must_be_built_again_on_the_first_pending_day_not_the_newest(tmp_path: Path) -> None:
    """Orders of 01.01.2027 and 01.03.2027 pending: the build log said 'ehita sait uuesti 01.03.2027' (the current
    file's day), and the data-quality page listed only that order, though the page changes on 01.01.2027."""
    repo, _ = pending_order(tmp_path)
    repo.edit(JUHT, 'order_number: "20"\n  date: 2026-11-20\n  effective_from: 2027-01-01',
              'order_number: "21"\n  date: 2026-11-25\n  effective_from: 2027-03-01')
    repo.commit("Käskkiri nr 21, jõustub 1. märtsil")
    site = _site(repo, D(2026, 12, 2))
    assert site.model is not None
    note = rebuild_note(site.model)
    assert note is not None and "teenuse-juht-perelepitus jõustub 01.01.2027; ehita sait uuesti 01.01.2027" in note
    quality = _text(_html(site, "andmekvaliteet/"))
    assert "Teenuse juht (perelepitus) nr 20, 20.11.2026 01.01.2027 Teenuse juht (perelepitus) nr 21, 25.11.2026 " \
           "01.03.2027" in quality
