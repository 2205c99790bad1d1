"""The site deployed as the README documents it: Debian's nginx with the README's own `location` block
(sub-path, caching, security headers with the Content-Security-Policy), driven in Chromium.

The nginx configuration is read from the README, so the documented configuration is the tested one. Any
CSP violation the browser reports fails the test (the `page` fixture also fails on requests outside the
site and on JavaScript errors).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ROOT, SUBPATH, build_site
from .test_search_browser import result_ids, type_query

pytestmark = pytest.mark.browser

CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def readme_location_block() -> str:
    """The `location /ametijuhendid/ { … }` block of the README's nginx example."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    fence = re.search(r"```nginx\n(.*?)```", readme, flags=re.S)
    assert fence, "the README has no nginx example"
    return fence.group(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def nginx_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = os.environ.get("AMETIJUHENDID_NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        pytest.fail("Debian's nginx is needed for the deployment test (python3 tasks.py test installs it)")
    work = tmp_path_factory.mktemp("nginx")
    # `site_url` as the README asks for a sub-path: the 404 page, served at any depth, finds its styles.
    site_dir = build_site(work / "site", extra_env={"AMETIJUHENDID_SITE_URL": f"https://intra.example/{SUBPATH}/"})
    location = readme_location_block()
    location, count = re.subn(r"alias\s+[^;]+;", f"alias {site_dir}/;", location)
    assert count == 1, "the README's location block should have one `alias` line"
    port = free_port()
    temp = "\n".join(f"  {kind}_temp_path {work}/{kind};" for kind in
                     ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = work / "nginx.conf"
    conf.write_text(f"""
{"user root;" if os.geteuid() == 0 else ""}
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ worker_connections 64; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
{temp}
  server {{
    listen 127.0.0.1:{port};
{location}
  }}
}}
""", encoding="utf-8")
    process = subprocess.Popen([binary, "-c", str(conf), "-p", str(work)], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/{SUBPATH}/"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"nginx did not start: {process.stderr.read().decode() if process.stderr else ''}")
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def deployed(browser, nginx_url: str):  # type: ignore[no-untyped-def]
    """A fresh page on the nginx site that fails the test on any CSP violation, any request outside
    the site and any JavaScript error."""
    context = browser.new_context(locale="et-EE")
    page = context.new_page()
    page.add_init_script(CSP_LISTENER)
    origin = nginx_url.split(f"/{SUBPATH}/")[0]
    outside: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: None if request.url.startswith((origin, "data:", "blob:", "about:"))
            else outside.append(request.url))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    violations = page.evaluate("window.__cspViolations || []")
    context.close()
    assert not violations, f"Content-Security-Policy violations: {violations}"
    assert not outside, f"requests outside the site: {outside}"
    assert not errors, f"JavaScript errors: {errors}"


def styled(page) -> bool:  # type: ignore[no-untyped-def]
    """Material's stylesheet is applied (the header is a fixed bar of the theme's colour)."""
    return bool(page.evaluate(
        "getComputedStyle(document.querySelector('.md-header')).position === 'sticky' || "
        "getComputedStyle(document.querySelector('.md-header')).position === 'fixed'"))


def test_security_headers_are_sent(nginx_url: str) -> None:
    with urllib.request.urlopen(nginx_url) as response:
        headers = response.headers
    assert "script-src 'self' 'unsafe-inline';" in headers["Content-Security-Policy"], "no WebAssembly, no eval"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-cache"
    with urllib.request.urlopen(nginx_url + "assets/ametijuhendid/site.css") as response:
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]  # nested locations keep it
        assert response.headers["Cache-Control"] == "max-age=604800"


def test_pages_filters_and_search_work_under_the_csp(deployed, nginx_url: str) -> None:  # type: ignore[no-untyped-def]
    page = deployed
    page.goto(nginx_url)
    assert styled(page)
    page.goto(nginx_url + "ametikohad/nounik-perelepitus/")
    assert page.locator("h1").first.inner_text().strip() == "Nõunik (perelepitus)"
    page.goto(nginx_url + "ametikohad/?yksus=laste-heaolu-osakond")
    page.wait_for_function("document.querySelectorAll('tbody tr:not([hidden])').length > 0")
    page.goto(nginx_url)
    type_query(page, "perelepitus")
    assert "nounik-perelepitus" in result_ids(page)


def test_unknown_address_gets_the_styled_404(deployed, nginx_url: str) -> None:  # type: ignore[no-untyped-def]
    page = deployed
    response = page.goto(nginx_url + "ametikohad/pole-olemas/alam/")
    assert response is not None and response.status == 404
    assert styled(page)
    assert "ei leitud" in page.locator("body").inner_text().lower()
