"""Every internal link and anchor of the built site resolves (LinkChecker with its AnchorCheck plugin)."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CONFIG = """\
[checking]
threads=4
[filtering]
checkextern=0
[AnchorCheck]
"""


def test_all_internal_links_and_anchors_resolve(base_url: str, tmp_path: Path) -> None:
    config = tmp_path / "linkcheckerrc"
    config.write_text(CONFIG)
    linkchecker = Path(sys.executable).with_name("linkchecker")
    result = subprocess.run(
        [str(linkchecker), "-f", str(config), "--no-status", "-o", "csv", base_url],
        capture_output=True, text=True, timeout=600,
    )
    rows = [r for r in csv.DictReader(line for line in io.StringIO(result.stdout) if not line.startswith("#"))]
    assert rows, f"linkchecker checked nothing:\n{result.stdout}\n{result.stderr}"
    bad = [f"{r['urlname']} (on {r['parentname']}): {r['result']} {r['warningstring']}".strip()
           for r in rows if r.get("valid") != "True" or r.get("warningstring")]
    assert not bad, "broken links or anchors:\n" + "\n".join(bad)
    assert len(rows) > 50, f"only {len(rows)} URLs checked: the crawl did not reach the whole site"
