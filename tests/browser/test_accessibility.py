"""axe-core in Chromium: no serious or critical WCAG 2.1 AA violations on the main kinds of page."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "index": "ametikohad/",
    "position": "ametikohad/teenuse-juht-asendushoolduse-arendusteenus/",
    "incomplete source": "ametikohad/nimetu-ametikoht-kvaliteet-ja-jarelevalve/",
    "competency": "kompetentsid/pingetaluvus/",
    "unit": "yksused/laste-heaolu-osakond/",
    "matrix": "kompetentsid/maatriks/",
}


def _axe_script() -> Path:
    """axe-core's script: the one the package `axe-playwright-python` (the test extra, from PyPI) carries, or the
    file `AMETIJUHENDID_AXE` names."""
    given = os.environ.get("AMETIJUHENDID_AXE")
    if given:
        path = Path(given)
    else:
        try:
            path = Path(str(resources.files("axe_playwright_python") / "axe.min.js"))
        except ModuleNotFoundError:
            pytest.fail("axe-core not found: install the test extra (python3 tasks.py test does)")
    if not path.exists():
        pytest.fail(f"axe-core not found at {path}")
    return path


def serious_violations(page) -> str:  # type: ignore[no-untyped-def]
    """axe-core's serious and critical WCAG 2.1 AA violations on the open page, one a line ("" when none)."""
    page.add_script_tag(path=str(_axe_script()))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', "
        "values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    assert result["passes"], "axe ran no checks"
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    return "\n".join(
        f"{v['impact']}: {v['id']} — {v['help']} ({len(v['nodes'])}×, e.g. {v['nodes'][0]['target']})" for v in serious
    )


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violations(page, base_url: str, name: str) -> None:  # type: ignore[no-untyped-def]
    response = page.goto(base_url + PAGES[name])
    assert response is not None and response.ok, f"{PAGES[name]} did not load"
    report = serious_violations(page)
    assert not report, f"{name} page ({PAGES[name]}):\n{report}"
