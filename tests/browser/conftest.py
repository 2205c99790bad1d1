"""Fixtures for browser tests: the real site, built once, served on localhost under a sub-path,
opened in Debian's headless Chromium through Playwright.

The site is served at http://127.0.0.1:<port>/ametijuhendid/ to prove that it works from
any static web server under a sub-path (as on the intranet).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUBPATH = "ametijuhendid"


def _chromium() -> str:
    path = os.environ.get("AMETIJUHENDID_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Debian chromium is needed for browser tests (python3 tasks.py test installs it)")
    return path


def build_site(out: Path, data: Path | None = None, extra_env: dict[str, str] | None = None) -> Path:
    """`mkdocs build --strict` of the repository's mkdocs.yml into `out` (optionally on other data)."""
    env = {**os.environ, **(extra_env or {})}
    if data is not None:
        env["AMETIJUHENDID_DATA"] = str(data)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, f"mkdocs build failed:\n{result.stdout}\n{result.stderr}"
    return out


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        # LinkChecker throttles to ~3 requests/s per host unless the server opts in with this header.
        self.send_header("LinkChecker", "local test server")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The web root; the built site lives in its `ametijuhendid/` folder."""
    root = tmp_path_factory.mktemp("www")
    build_site(root / SUBPATH)
    return root


@pytest.fixture(scope="session")
def site_dir(site_root: Path) -> Path:
    return site_root / SUBPATH


@contextlib.contextmanager
def serve(root: Path, handler_class: type[QuietHandler] = QuietHandler) -> Iterator[str]:
    """Serve the folder `root` on a free local port; yields the address of its `SUBPATH/` folder."""
    handler = functools.partial(handler_class, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{SUBPATH}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def base_url(site_root: Path) -> Iterator[str]:
    with serve(site_root) as url:
        yield url


@pytest.fixture(scope="session")
def pending_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A position whose new order (20.11.2026) takes effect on 01.01.2027, built on 02.12.2026: the site's
    address and the name of the earlier version, which is in force until then (`test_history.pending_order`)."""
    from test_history import pending_order

    root = tmp_path_factory.mktemp("pending")
    repo, first = pending_order(root)
    build_site(root / "www" / SUBPATH, repo.data, {"AMETIJUHENDID_TODAY": "2026-12-02"})
    with serve(root / "www") as url:
        yield url, first


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import expect, sync_playwright

    # `expect` waits 5 s by default; on a shared 2-core machine running the suite a page's script can take longer
    # (a flaky compare test failed CI once). A real failure still fails, only later.
    expect.set_options(timeout=15_000)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser, base_url: str) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A fresh page that fails the test on any request outside the site or any JS error."""
    context = browser.new_context(locale="et-EE")
    page = context.new_page()
    outside: list[str] = []
    errors: list[str] = []
    origin = base_url.split(f"/{SUBPATH}/")[0]

    def on_request(request) -> None:  # type: ignore[no-untyped-def]
        if not (request.url.startswith(origin) or request.url.startswith(("data:", "blob:", "about:"))):
            outside.append(request.url)

    page.on("request", on_request)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not outside, f"requests outside the site: {outside}"
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def synthetic_page(browser):  # type: ignore[no-untyped-def]
    """A page for a site of the test's own (served on its own port), failing on JavaScript errors."""
    context = browser.new_context(locale="et-EE")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"
