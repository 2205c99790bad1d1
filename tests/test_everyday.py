"""Everyday use (issue 17): honest pages, no internals on staff pages, redirects that keep anchors.

Browser checks of the same points are in tests/browser/test_everyday.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ametijuhend.errors import Severity
from ametijuhend.project import load_project

NOUNIK = "nounik-perelepitus.yaml"
LOST_FIRST_PAGE = [("title: Nõunik\n", "incomplete_source: esimene lehekülg (1. Üldosa)\n"),
                   ("status: kehtiv\n", "status: kehtiv\nmissing: [title]\n")]


# --- an incomplete source is not a draft ------------------------------------------------------------


def test_a_position_in_force_may_lack_what_its_incomplete_source_lost(make_data: Callable[..., Path]) -> None:
    project = load_project(make_data(edits={NOUNIK: LOST_FIRST_PAGE}))
    assert project.problems == []


def test_without_the_incomplete_source_mark_the_gap_stays_an_error(make_data: Callable[..., Path]) -> None:
    undeclared = load_project(make_data(edits={NOUNIK: LOST_FIRST_PAGE[:1]}))
    assert [(p.key, p.severity) for p in undeclared.problems] == [("title", Severity.ERROR)]
    unmarked = load_project(make_data(edits={NOUNIK: [("title: Nõunik\n", ""), LOST_FIRST_PAGE[1]]}))
    assert [(p.key, p.severity) for p in unmarked.problems] == [("title", Severity.ERROR)]
