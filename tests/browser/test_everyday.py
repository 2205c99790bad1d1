"""Everyday use (issue 17) in Chromium: redirects that keep the anchor, the "vaata skeemil" links,
and the error banner of `mkdocs serve` on invalid data (a real `mkdocs serve` in a subprocess)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from ametijuhend.project import load_project
from ametijuhend.render import render_site, urls

from .conftest import ROOT, SUBPATH, serve

pytestmark = pytest.mark.browser

SMALL = Path(__file__).resolve().parents[1] / "data" / "site-small"
OLD, NEW = "teenuse-juht-vana", "teenuse-juht-arendus"


@pytest.fixture(scope="module")
def redirect_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The alias redirect of the small data set beside a stand-in of its target page (long, so it scrolls)."""
    site = render_site(load_project(SMALL))
    root = tmp_path_factory.mktemp("redirect")
    old = root / SUBPATH / urls.position(OLD) / "index.html"
    old.parent.mkdir(parents=True)
    old.write_bytes(site.content(urls.position(OLD) + "index.html"))
    new = root / SUBPATH / urls.position(NEW) / "index.html"
    new.parent.mkdir(parents=True)
    body = next(p.html() for p in site.pages if p.url == urls.position(NEW))
    new.write_text(f'<!doctype html><html lang="et"><head><meta charset="utf-8"><title>t</title></head>'
                   f'<body><div style="height:3000px"></div>{body}<div style="height:3000px"></div></body></html>',
                   encoding="utf-8")
    return root


@pytest.mark.parametrize("javascript", [True, False])
def test_an_alias_address_lands_on_the_new_page_at_the_same_anchor(browser, redirect_root: Path,  # type: ignore[no-untyped-def]
                                                                     javascript: bool) -> None:
    context = browser.new_context(java_script_enabled=javascript)
    try:
        page = context.new_page()
        with serve(redirect_root) as base:
            page.goto(f"{base}{urls.position(OLD)}#ulesanne-3-2")
            page.wait_for_url(f"**/{urls.position(NEW)}*")
            if javascript:  # the anchor is kept and the page scrolls to the duty
                assert page.url == f"{base}{urls.position(NEW)}#ulesanne-3-2"
                page.wait_for_function("document.getElementById('ulesanne-3-2').getBoundingClientRect().top < 300")
            else:  # without JavaScript the meta refresh still leads to the page (a meta refresh drops anchors)
                assert page.url.split("#")[0] == f"{base}{urls.position(NEW)}"
    finally:
        context.close()


@pytest.mark.parametrize(("row", "anchor", "table"), [("Vahetu juht", "alluvus", "aj-reporting"),
                                                    ("Kes asendab", "asendamine", "aj-substitutions")])
def test_vaata_skeemil_opens_the_units_chart_that_shows_the_position(page, base_url: str,  # type: ignore[no-untyped-def]
                                                                    row: str, anchor: str, table: str) -> None:
    position = "teenuse-juht-asendushoolduse-arendusteenus"
    page.goto(base_url + urls.position(position))
    page.locator(".aj-screen table.aj-general tr", has_text=row).get_by_role("link", name="vaata skeemil").click()
    page.wait_for_url(f"**/{urls.unit('asendushoolduse-arendustiim')}#{anchor}")
    assert page.locator(f"#{anchor}").evaluate(  # scrolled into view
        "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
    assert page.locator(f"table.{table} a[href$='{urls.position(position)}']").count() > 0
    page.goto(base_url + urls.position("nimetu-ametikoht-kvaliteet-ja-jarelevalve"))  # no unit: no chart to show
    assert page.get_by_role("link", name="vaata skeemil").count() == 0


# --- mkdocs serve shows invalid data in the browser ---------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return None


def _wait_for(url: str, condition: Callable[[str], bool], what: str, process: subprocess.Popen[str]) -> str:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, f"mkdocs serve ended:\n{process.stderr.read() if process.stderr else ''}"
        html = _fetch(url)
        if html is not None and condition(html):
            return html
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def test_serve_shows_invalid_data_in_the_browser_until_it_is_fixed(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "positions"
    shutil.copytree(SMALL, data)
    port = _free_port()
    env = {**os.environ, "AMETIJUHENDID_DATA": str(data)}
    process = subprocess.Popen(  # as `python3 tasks.py serve` runs it: strict
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "-f", str(ROOT / "mkdocs.yml"),
         "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/{urls.position(NEW)}"
    try:
        _wait_for(url, lambda html: "<h1>Teenuse juht" in html, "the first build", process)
        broken = data / "spetsialist-ennetus.yaml"
        good = broken.read_text(encoding="utf-8")
        broken.write_text(good.replace("status: kehtiv", 'status: "<b>kehtib</b>"'), encoding="utf-8")
        html = _wait_for(url, lambda html: "aj-data-errors" in html, "the error banner", process)
        assert "<h1>Teenuse juht" in html, "the last valid page is still served"
        assert "spetsialist-ennetus.yaml:4:9: viga: status: lubamatu väärtus" in html
        assert "&lt;b&gt;kehtib&lt;/b&gt;" in html and "<b>kehtib</b>" not in html, "the messages are escaped"
        page = browser.new_page()
        try:
            page.goto(url)
            banner = page.get_by_role("alert")
            assert banner.is_visible() and "Andmetes on vigu." in banner.inner_text()
        finally:
            page.close()
        broken.write_text(good, encoding="utf-8")
        _wait_for(url, lambda html: "aj-data-errors" not in html and "<h1>Teenuse juht" in html,
                  "the banner to go", process)
    finally:
        process.send_signal(signal.SIGINT)  # mkdocs serve removes its temporary site folder on Ctrl+C
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
