"""Every internal link and anchor of the built site resolves (LinkChecker with its AnchorCheck plugin)."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SUBPATH, serve

pytestmark = pytest.mark.browser

CONFIG = """\
[checking]
threads=4
maxrequestspersecond=100
[filtering]
checkextern=0
[AnchorCheck]
"""


def broken_links(url: str, tmp_path: Path) -> tuple[list[str], int]:
    """Run LinkChecker from `url` over everything below it; return the problems and the URL count."""
    config = tmp_path / "linkcheckerrc"
    config.write_text(CONFIG)
    linkchecker = Path(sys.executable).with_name("linkchecker")
    result = subprocess.run(
        [str(linkchecker), "-f", str(config), "--no-status", "--no-robots", "--verbose", "-o", "csv", url],
        capture_output=True, text=True, timeout=600,
    )
    lines = [line for line in io.StringIO(result.stdout) if not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter=";"))
    assert rows, f"linkchecker checked nothing:\n{result.stdout}\n{result.stderr}"
    bad = [f"{r['urlname']} (on {r['parentname']}): {r['result']} {r['warningstring']}".strip()
           for r in rows if r.get("valid") != "True" or r.get("warningstring")]
    return bad, len(rows)


def test_all_internal_links_and_anchors_resolve(base_url: str, tmp_path: Path) -> None:
    bad, checked = broken_links(base_url, tmp_path)
    assert not bad, "broken links or anchors:\n" + "\n".join(bad)
    assert checked > 50, f"only {checked} URLs checked: the crawl did not reach the whole site"


def test_the_check_catches_a_broken_anchor_and_a_missing_page(tmp_path: Path) -> None:
    www = tmp_path / "www" / SUBPATH
    www.mkdir(parents=True)
    (www / "index.html").write_text(
        '<html><body><h2 id="olemas">x</h2><a href="#olemas">ok</a>'
        '<a href="b.html#puudub">bad anchor</a><a href="puudub.html">missing</a></body></html>')
    (www / "b.html").write_text("<html><body><p id='muu'>b</p></body></html>")
    with serve(tmp_path / "www") as url:
        bad, _ = broken_links(url, tmp_path)
    assert any("puudub.html" in b for b in bad), bad
    assert any("b.html" in b and "puudub" in b for b in bad), bad
