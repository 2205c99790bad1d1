"""`mkdocs serve` in Chromium (issue 18): it starts on invalid data and shows the site once the file is
fixed; after an edit the open page reloads by itself and every page that shows the position is right."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from ametijuhend.render import urls

from .conftest import ROOT
from .test_everyday import NEW, SMALL, _free_port, _wait_for

pytestmark = pytest.mark.browser

EDITED = "spetsialist-ennetus"
"""Its manager is `NEW`, its unit `ennetustalitus`."""


def _status_and_text(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def _stop(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_serve_starts_on_invalid_data_and_reloads_an_edit(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "positions"
    shutil.copytree(SMALL, data)
    edited = data / f"{EDITED}.yaml"
    good = edited.read_text(encoding="utf-8")
    edited.write_text(good.replace("status: kehtiv", "status: kehtib"), encoding="utf-8")
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "-f", str(ROOT / "mkdocs.yml"),
         "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT, env={**os.environ, "AMETIJUHENDID_DATA": str(data)}, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        # The first build finds errors and no valid data before: the hand-written pages, with the banner.
        home = _wait_for(base, lambda html: "aj-data-errors" in html, "the first build", process)
        assert "Ametijuhendeid ei saa enne vigade parandamist näidata." in home
        assert f"{EDITED}.yaml:4:9: viga: status" in home
        status, missing = _status_and_text(base + "olematu-leht/")
        assert status == 404 and "aj-data-errors" in missing, "the 404 page carries the banner too"

        edited.write_text(good, encoding="utf-8")
        position_url = base + urls.position(NEW)
        html = _wait_for(position_url, lambda html: "<h1>Teenuse juht" in html, "the site after the fix", process)
        assert "aj-data-errors" not in html and "Peaspetsialist (ennetusteenus)" in html

        page = browser.new_page()
        try:
            page.goto(position_url)
            page.evaluate("window.ajBeforeReload = true")
            with page.expect_navigation(timeout=120_000):  # MkDocs' live reload, after the rebuild
                edited.write_text(good.replace("title: Peaspetsialist", "title: Vanemspetsialist"), encoding="utf-8")
            assert page.evaluate("window.ajBeforeReload === undefined"), "the page was loaded again"
            assert "Vanemspetsialist (ennetusteenus)" in page.locator("article.md-content__inner").inner_text()
        finally:
            page.close()
        for url in (urls.position(EDITED), urls.unit("ennetustalitus"), urls.POSITIONS, urls.MATRIX):
            status, html = _status_and_text(base + url)
            assert status == 200 and "Vanemspetsialist" in html, url
            assert "Peaspetsialist (ennetusteenus)" not in html, url
    finally:
        _stop(process)


@pytest.mark.parametrize("flags", [["--clean"], ["--clean", "--no-livereload"]])
def test_serve_clean_shows_each_build_at_once(tmp_path: Path, flags: list[str]) -> None:
    """`mkdocs serve --clean` tells the hook the command `build` and ends with one `on_shutdown` when the
    server stops: the site is still served as soon as each build is done (it was empty until then)."""
    data = tmp_path / "positions"
    shutil.copytree(SMALL, data)
    edited = data / f"{EDITED}.yaml"
    good = edited.read_text(encoding="utf-8")
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", *flags, "-f", str(ROOT / "mkdocs.yml"),
         "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT, env={**os.environ, "AMETIJUHENDID_DATA": str(data)}, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(base + urls.position(EDITED), lambda html: "Peaspetsialist (ennetusteenus)" in html,
                  "the first build", process)
        if "--no-livereload" in flags:
            return  # (no rebuilds without the server's watch)
        edited.write_text(good.replace("title: Peaspetsialist", "title: Vanemspetsialist"), encoding="utf-8")
        for url in (urls.position(EDITED), urls.unit("ennetustalitus")):
            _wait_for(base + url, lambda html: "Vanemspetsialist (ennetusteenus)" in html, f"the rebuilt {url}",
                      process)
    finally:
        _stop(process)
