"""A build publishes a whole site or nothing (issue 13): failures, interrupts and kills leave the previous
`site/` byte-identical and no staging folders behind; settings fail closed."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from test_build import ROOT, SMALL, built, mkdocs_build

from ametijuhend.settings import Settings, SettingsError, parse_bool
from ametijuhend.staging import Staging, sweep

pytestmark = pytest.mark.slow


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(out: Path) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}.building-*"))


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A published site and the digest of every file in it."""
    out = tmp_path_factory.mktemp("atomic") / "site"
    built(mkdocs_build(out, SMALL))
    return out, tree_digest(out)


def test_failing_search_index_keeps_the_previous_site(previous: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """The indexer (a process of its own) fails while writing its postings: a full disk, injected through a
    `sitecustomize` module that the build's interpreters and the indexer's load at start."""
    (tmp_path / "sitecustomize.py").write_text(
        "import ametijuhend.postings as postings\n"
        "def finish(self):\n"
        "    raise OSError(28, 'No space left on device')\n"
        "postings.IndexWriter.finish = finish\n", encoding="utf-8")
    out, digest = previous
    result = mkdocs_build(out, SMALL, PYTHONPATH=str(tmp_path))
    assert result.returncode != 0
    assert "No space left on device" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert tree_digest(out) == digest and not leftovers(out)


def test_unknown_setting_value_is_refused(previous: tuple[Path, dict[str, str]]) -> None:
    out, digest = previous
    result = mkdocs_build(out, SMALL, AMETIJUHENDID_PUBLISH_DRAFTS="maybe")
    assert result.returncode != 0
    assert "AMETIJUHENDID_PUBLISH_DRAFTS" in result.stderr and "'maybe'" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert tree_digest(out) == digest and not leftovers(out)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """A few hundred generated positions, built once."""
    base = tmp_path_factory.mktemp("large")
    data = base / "data"
    subprocess.run([sys.executable, "-m", "ametijuhend.cli", "generate", "-n", "300", str(data)],
                   check=True, capture_output=True)
    out = base / "site"
    built(mkdocs_build(out, data))
    return data, out, tree_digest(out)


def start_build(out: Path, data: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "AMETIJUHENDID_DATA": str(data), "NO_MKDOCS_2_WARNING": "1"})


def wait_for_pages(out: Path, process: subprocess.Popen[bytes], count: int = 20) -> None:
    """Until the build has written `count` pages into its staging folder."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        staged = leftovers(out)
        if staged and sum(1 for _ in (staged[0] / "site").rglob("index.html")) >= count:
            return
        time.sleep(0.05)
    pytest.fail("the build never started writing pages")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_interrupted_build_keeps_the_previous_site_and_cleans_up(
        large: tuple[Path, Path, dict[str, str]], signum: int) -> None:
    data, out, digest = large
    process = start_build(out, data)
    wait_for_pages(out, process)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode != 0
    assert b"Traceback" not in stderr, stderr.decode()
    assert tree_digest(out) == digest
    assert not leftovers(out)


def test_killed_build_keeps_the_previous_site_and_the_next_build_sweeps(
        large: tuple[Path, Path, dict[str, str]]) -> None:
    data, out, digest = large
    process = start_build(out, data)
    wait_for_pages(out, process)
    process.kill()
    process.wait(timeout=60)
    assert tree_digest(out) == digest
    assert leftovers(out), "a SIGKILL cannot clean up; the next build must"
    built(mkdocs_build(out, data))
    assert not leftovers(out)
    assert tree_digest(out) == digest


def test_settings_fail_closed(tmp_path: Path) -> None:
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"),
                             extra={"ametijuhendid": {"publish_drafts": False}})
    assert Settings.from_config(config, {}).publish_drafts is False
    assert Settings.from_config(config, {"AMETIJUHENDID_PUBLISH_DRAFTS": ""}).publish_drafts is False  # empty = unset
    assert Settings.from_config(config, {"AMETIJUHENDID_PUBLISH_DRAFTS": " off "}).publish_drafts is False
    assert Settings.from_config(config, {"AMETIJUHENDID_PUBLISH_DRAFTS": "JAH"}).publish_drafts is True
    for bad in ("n", "2", "maybe", "tõsi"):
        with pytest.raises(SettingsError, match="AMETIJUHENDID_PUBLISH_DRAFTS"):
            Settings.from_config(config, {"AMETIJUHENDID_PUBLISH_DRAFTS": bad})
    with pytest.raises(SettingsError, match="publish_drafts"):
        parse_bool("vist", "extra.ametijuhendid.publish_drafts")
    typo = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"), extra={"ametijuhendid": {"publish": 1}})
    with pytest.raises(SettingsError, match="tundmatu seade"):
        Settings.from_config(typo, {})
    assert Settings.from_config(config, {"AMETIJUHENDID_DATA": "  "}).data_dir == (tmp_path / "positions").resolve()
    # the build's day (which version is in force): the local date unless set, a date as YYYY-MM-DD only
    assert Settings.from_config(config, {}).today == dt.date.today()
    assert Settings.from_config(config, {"AMETIJUHENDID_TODAY": " 2027-01-01 "}).today == dt.date(2027, 1, 1)
    for bad in ("01.01.2027", "2027-02-30", "homme", "20270101"):
        with pytest.raises(SettingsError, match=r"AMETIJUHENDID_TODAY.*AAAA-KK-PP"):
            Settings.from_config(config, {"AMETIJUHENDID_TODAY": bad})


def test_staging_swaps_and_sweeps(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.mkdir()
    (target / "old.txt").write_text("old", encoding="utf-8")
    staging = Staging.begin(target)
    (staging.site / "new.txt").write_text("new", encoding="utf-8")
    assert (target / "old.txt").is_file()  # untouched until published
    staging.publish()
    assert [p.name for p in target.iterdir()] == ["new.txt"]
    assert not leftovers(target)
    dead = tmp_path / ".site.building-999999999-x"
    dead.mkdir()
    assert sweep(target) == [dead] and not dead.exists()
