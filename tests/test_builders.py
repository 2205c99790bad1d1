"""Builders other than MkDocs with our hook (issue 18: a builder after Material's end of life).

- `ametijuhend pages --out DIR` writes every generated page; a plain `mkdocs build` of DIR (no hook,
  the mkdocs.yml written beside the pages) builds them, with the same generated pages as the site.
- ProperDocs (the MkDocs 1.6 fork) builds the site itself, hook included, and the written pages,
  with the same page set and the same links as MkDocs.

The test installs nothing: ProperDocs comes from the `test` extra (pyproject.toml).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_build import Page, built, local_links, mkdocs_build

from ametijuhend.cli import main as cli_main

ROOT = Path(__file__).resolve().parents[1]
SMALL = Path(__file__).parent / "data" / "site-small"
HAND_WRITTEN = {p.relative_to(ROOT / "docs").with_suffix("").as_posix() + "/"
                for p in (ROOT / "docs").glob("*.md") if p.name != "index.md"}
"""Pages of docs/ (besides the home page): hand-written with macros, not part of the written pages."""

pytestmark = pytest.mark.slow


def run_builder(builder: str, config: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """`<builder> build --strict` (`mkdocs` or `properdocs`) of `config` into `out`."""
    return subprocess.run(
        [sys.executable, "-m", builder, "build", "--strict", "-f", str(config), "-d", str(out)],
        cwd=config.parent, capture_output=True, text=True, timeout=600,
        env={**os.environ, "AMETIJUHENDID_DATA": str(SMALL), "NO_MKDOCS_2_WARNING": "1"},
    )


def page_set(site: Path) -> set[str]:
    """Directory URLs of the site's pages (`""` the home page)."""
    return {p.parent.relative_to(site).as_posix().removeprefix(".") + "/" if p.parent != site else ""
            for p in site.rglob("index.html")}


@pytest.fixture(scope="module")
def hook_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("mkdocs") / "site"
    built(mkdocs_build(out, SMALL))
    return out


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pages") / "out"
    assert cli_main(["pages", "--data", str(SMALL), "--out", str(out)]) == 0
    return out


def test_written_pages_build_with_plain_mkdocs(written: Path, hook_site: Path, tmp_path: Path) -> None:
    config = (written / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks" not in config and "plugins: []" in config
    result = run_builder("mkdocs", written / "mkdocs.yml", tmp_path / "site")
    built(result)
    plain = page_set(tmp_path / "site")
    assert plain == page_set(hook_site) - HAND_WRITTEN
    assert "ametikohad/teenuse-juht-arendus/" in plain and "kompetentsid/maatriks/" in plain
    assert (tmp_path / "site" / "andmed" / "ametikohad.json").is_file()
    assert local_links(tmp_path / "site")[1] == []
    position = Page((tmp_path / "site" / "ametikohad" / "teenuse-juht-arendus" / "index.html").read_text())
    assert "ulesanded" in position.ids and "ulesanne-3-1" in position.ids  # the body HTML, not re-parsed away


def test_written_pages_hold_nav_search_input_and_assets(written: Path) -> None:
    import json

    nav = json.loads((written / "nav.json").read_text(encoding="utf-8"))
    assert [next(iter(entry.values())) for entry in nav] == [
        "muudatused/index.md", "ametikohad/index.md", "yksused/index.md", "kompetentsid/index.md",
        "kompetentsid/maatriks/index.md", "andmekvaliteet/index.md"]
    records = [json.loads(line) for line in (written / "search.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["url"].split("#")[0] for r in records} == {
        "ametikohad/teenuse-juht-arendus/", "ametikohad/spetsialist-ennetus/", "ametikohad/nimetu-kvaliteet/"}
    assert (written / "docs" / "assets" / "ametijuhendid" / "filters.js").is_file()
    head = (written / "docs" / "ametikohad" / "teenuse-juht-arendus" / "index.md").read_text(encoding="utf-8")
    assert head.startswith('---\ntitle: "') and "<h1>" in head


def test_pages_command_leaves_the_previous_output_on_invalid_data(written: Path, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad"
    (bad / "catalogues").mkdir(parents=True)
    (bad / "x.yaml").write_text("id: x\nstatus: [\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("previous", encoding="utf-8")
    assert cli_main(["pages", "--data", str(bad), "--out", str(out)]) == 1
    assert (out / "keep.txt").read_text(encoding="utf-8") == "previous"
    assert "lehti ei kirjutatud" in capsys.readouterr().err


def _properdocs() -> None:
    try:
        import properdocs  # noqa: F401
    except ImportError:
        pytest.fail("ProperDocs is part of the `test` extra: pip install -e .[test]")


def test_properdocs_builds_the_site_with_the_same_pages_and_links(hook_site: Path, tmp_path: Path) -> None:
    _properdocs()
    result = run_builder("properdocs", ROOT / "mkdocs.yml", tmp_path / "site")
    built(result)
    assert page_set(tmp_path / "site") == page_set(hook_site)
    links, broken = local_links(tmp_path / "site")
    assert broken == []
    assert links == local_links(hook_site)[0]
    assert (tmp_path / "site" / "indeks" / "manifest.json").is_file()


def test_properdocs_builds_the_written_pages(written: Path, tmp_path: Path) -> None:
    _properdocs()
    built(run_builder("mkdocs", written / "mkdocs.yml", tmp_path / "mkdocs"))
    built(run_builder("properdocs", written / "mkdocs.yml", tmp_path / "properdocs"))
    assert page_set(tmp_path / "properdocs") == page_set(tmp_path / "mkdocs")
    assert local_links(tmp_path / "properdocs")[0] == local_links(tmp_path / "mkdocs")[0]
