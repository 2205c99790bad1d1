"""The build benchmark still runs end to end on a tiny N (figures are not checked against targets here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "bench" / "build_bench.py"


@pytest.mark.slow  # builds four small sites (ours and the reference, twice): 10–20 s
def test_bench_runs_on_a_tiny_site(tmp_path: Path) -> None:
    report = tmp_path / "BUILD.md"
    stale = "<!-- bench:begin -->\nSTALE FIGURES\n<!-- bench:end -->"
    report.write_text(f"# Kept\n\nanalysis\n\n{stale}\n\ntail\n", encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "--sizes", "5,10", "--quick", "--repeat", "2", "--out", str(tmp_path / "work"),
         "--report", str(report), "--json", str(tmp_path / "result.json")],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    for heading in ("### Time (seconds)", "### Where the full build's time goes", "### Memory and size", "### Machine"):
        assert heading in out.stdout
    assert "| 5 |" in out.stdout and "| 10 |" in out.stdout

    text = report.read_text(encoding="utf-8")
    assert text.startswith("# Kept\n\nanalysis\n") and text.rstrip().endswith("tail")
    assert "STALE FIGURES" not in text and "| 10 |" in text

    rows = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))["rows"]
    assert [row["n"] for row in rows] == [5, 10]
    for row in rows:
        stages = row["stages"]
        assert stages["errors"] == 0
        assert stages["pages"] > row["n"]  # position pages plus units, competencies and index pages
        assert all(stages[k] > 0 for k in ("floor", "compose", "load", "validate", "render"))
        assert stages["runs"] == 2
        assert row["reference"]["ok"] and row["reference"]["peak_mb"] > 0
        assert row["ref_page_kb_mean"] > 0
        if (ROOT / "mkdocs.yml").exists():
            assert row["build"]["ok"], row["build"]["log_tail"]
            assert row["page_kb_max"] > 0 and row["site_mb"] > 0
            # the process tree's peak is at least its largest process's
            assert row["build"]["peak_mb"] >= row["build"]["process_mb"] > 0
            split = row["build"]["split"]  # the build's own time split by stage, measured inside it
            assert set(split) == {"startup", "load", "plan", "render", "hook_other", "search_wait", "mkdocs", "search"}
            assert split["load"] > 0 and split["render"] > 0 and split["mkdocs"] > 0


@pytest.mark.slow  # two builds of a tiny site with a git history: about 15 s
def test_history_bench_runs_on_a_tiny_site() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "history_bench.py"), "--n", "4", "--commits", "3",
                          "--approval-every", "2", "--repeat", "1"],
                         capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "extra pages: 8 (4 history pages, 4 earlier versions)" in out.stdout, out.stdout
    for figure in ("ratio: wall ", "MkDocs process alone", "split of the history's CPU cost: git read ",
                   "versions read 12"):
        assert figure in out.stdout, out.stdout


def test_render_split_runs_on_the_seeds() -> None:
    """`bench/render_split.py` (the print copy's share of the page bodies) runs and names both figures."""
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "render_split.py"), str(ROOT / "positions"),
                          "--repeat", "1"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "position.html.j2" in out.stdout and "the print copy is " in out.stdout, out.stdout
