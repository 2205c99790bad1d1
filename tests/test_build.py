"""Real `mkdocs build --strict` runs of the site (hook, templates, theme overrides) into temporary folders.

The small test data set (tests/data/site-small) is built through the
repository's own mkdocs.yml, with AMETIJUHENDID_DATA pointing at it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SMALL = Path(__file__).parent / "data" / "site-small"
HOSTILE = Path(__file__).parent / "hostile"

pytestmark = pytest.mark.slow


def mkdocs_build(out: Path, data: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "AMETIJUHENDID_DATA": str(data), "NO_MKDOCS_2_WARNING": "1", **env},
    )


def built(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, f"mkdocs build failed:\n{result.stdout}\n{result.stderr}"
    assert "WARNING" not in result.stderr, result.stderr


class Page(HTMLParser):
    """What the tests need of a built HTML page: ids, links, resources, scripts and text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.resources: list[str] = []
        self.scripts: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.text_parts: list[str] = []
        self._in: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.attributes += [(tag, k, v) for k, v in values.items()]
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        for attr in ("src", "href"):
            if attr in values and tag in ("script", "img", "iframe", "link", "source", "video", "audio", "embed"):
                self.resources.append(values[attr])
        if tag not in ("br", "img", "meta", "link", "input", "hr"):
            self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self._in and self._in.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "script":
            self.scripts.append(data)
        elif not (self._in and self._in[-1] in ("style", "title")):
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.text_parts).split())


def read(site: Path, url: str) -> Page:
    path = site / url / "index.html" if url.endswith("/") or url == "" else site / url
    return Page(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site-small") / "site"
    built(mkdocs_build(out, SMALL))
    return out


def test_generated_pages_exist(small_site: Path) -> None:
    for url in ("", "ametikohad/", "ametikohad/teenuse-juht-arendus/", "ametikohad/spetsialist-ennetus/",
                "ametikohad/nimetu-kvaliteet/", "yksused/", "yksused/asendushoolduse-arendustiim/", "kompetentsid/",
                "kompetentsid/pingetaluvus/", "kompetentsid/maatriks/", "andmekvaliteet/", "muutmine/", "teave/"):
        assert (small_site / url / "index.html").is_file(), url
    # virtual pages: nothing was written into docs/
    assert sorted(p.name for p in (ROOT / "docs").iterdir()) == ["index.md", "muutmine.md", "otsing.md", "teave.md"]


def test_position_page_sections_duties_and_edit_link(small_site: Path) -> None:
    page = read(small_site, "ametikohad/teenuse-juht-arendus/")
    assert {"uldosa", "eesmark", "ulesanded", "oigused", "vastutus", "toovahendid", "nouded", "kompetentsid",
            "muutmine", "ulesanne-3-1", "ulesanne-3-2"} <= page.ids
    edit = [href for href in page.links if "/edit/" in href]
    assert edit and edit[0].endswith("/tests/data/site-small/teenuse-juht-arendus.yaml"), edit
    assert "Teenuse juht (asendushoolduse arendusteenus)" in page.text


def test_alias_redirects_to_the_new_address(small_site: Path) -> None:
    html = (small_site / "ametikohad/teenuse-juht-vana/index.html").read_text(encoding="utf-8")
    target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', html)
    assert target and (small_site / "ametikohad/teenuse-juht-vana" / target.group(1) / "index.html").resolve() == (
        small_site / "ametikohad/teenuse-juht-arendus/index.html").resolve()


def test_export_and_schemas_are_published(small_site: Path) -> None:
    export = json.loads((small_site / "andmed/ametikohad.json").read_text(encoding="utf-8"))
    assert len(export["positions"]) == 3
    for name in ("position", "units", "competencies", "referenced-positions"):
        assert json.loads((small_site / f"andmed/schema/{name}.schema.json").read_text(encoding="utf-8"))


def local_links(site: Path) -> tuple[set[tuple[str, str]], list[str]]:
    """Every local link of every page as (page, href), and the broken ones (missing file or anchor)."""
    pages = {p: Page(p.read_text(encoding="utf-8")) for p in site.rglob("*.html")}
    links, broken = set(), []
    for path, page in pages.items():
        if path.name == "404.html":  # MkDocs writes it with root-absolute links, by design
            continue
        name = path.relative_to(site).as_posix()
        for href in page.links + page.resources:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            links.add((name, href))
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{name}: {href}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in pages[target].ids:
                broken.append(f"{name}: {href} (no such anchor)")
    return links, broken


def test_every_local_link_and_anchor_resolves(small_site: Path) -> None:
    """Links in the generated HTML blocks are not checked by MkDocs: check them all here."""
    broken = local_links(small_site)[1]
    assert not broken, "\n".join(broken)


def test_nothing_is_loaded_from_outside_the_site(small_site: Path) -> None:
    for path in small_site.rglob("*.html"):
        page = Page(path.read_text(encoding="utf-8"))
        external = [r for r in page.resources if urlsplit(r).scheme or r.startswith("//")]
        assert not external, f"{path}: {external}"
    css = "".join(p.read_text(encoding="utf-8") for p in (small_site / "assets/ametijuhendid").glob("*.css"))
    assert "http" not in css and "@import" not in css


def test_position_pages_stay_out_of_the_nav(small_site: Path) -> None:
    home = (small_site / "index.html").read_text(encoding="utf-8")
    assert "ametikohad/teenuse-juht-arendus/" not in home
    page = (small_site / "ametikohad/teenuse-juht-arendus/index.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', page, flags=re.S)
    assert nav and "spetsialist-ennetus" not in nav.group(0)


def test_hostile_text_shows_literally(tmp_path: Path) -> None:
    """Every `renders` case of tests/hostile/cases.yaml: the text shows as text on the built page."""
    data = tmp_path / "data"
    shutil.copytree(SMALL, data)
    cases = [c for c in yaml.safe_load((HOSTILE / "cases.yaml").read_text(encoding="utf-8"))["cases"]
             if c["expect"] == "renders"]
    for case in cases:
        shutil.copy(HOSTILE / case["file"], data / case["file"])
    out = tmp_path / "site"
    built(mkdocs_build(out, data))
    for case in cases:
        position_id = yaml.safe_load((data / case["file"]).read_text(encoding="utf-8-sig"))["id"]
        html = (out / "ametikohad" / position_id / "index.html").read_text(encoding="utf-8")
        page = Page(html)
        text = unicodedata.normalize("NFC", page.text)
        for literal in case.get("literal", []):
            expected = " ".join(unicodedata.normalize("NFC", literal).split())
            assert expected in text, f"{case['file']}: {literal!r} not shown literally"
        assert not any("alert" in s or "häkitud" in s for s in page.scripts), case["file"]
        assert not [a for a in page.attributes if a[1].startswith("on")], case["file"]
        assert not [a for a in page.attributes if a[1] in ("href", "src") and "javascript:" in a[2]], case["file"]
        assert "<h1>Pealkiri" not in html and "<iframe" not in html and "<style>body" not in html
    markup = [lit for case in cases for lit in case.get("literal", []) if "<" in lit]
    for path in out.rglob("*.html"):  # titles reach the theme's <title>, header, index and quality pages too
        html = path.read_text(encoding="utf-8")
        assert not [lit for lit in markup if lit in html], path


def test_invalid_data_stops_the_build_and_keeps_the_previous_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    built(mkdocs_build(out, SMALL))
    before = (out / "ametikohad/teenuse-juht-arendus/index.html").read_bytes()
    broken = tmp_path / "broken"
    shutil.copytree(SMALL, broken)
    path = broken / "spetsialist-ennetus.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: kehtiv", "status: kehtib"), encoding="utf-8")
    result = mkdocs_build(out, broken)
    assert result.returncode != 0
    assert f"andmetes kaustas {broken} on vigu; saiti ei ehitatud:" in result.stderr
    assert "spetsialist-ennetus.yaml:4:9: viga: status: lubamatu väärtus" in result.stderr
    assert "    parandus: kas mõtlesid `kehtiv`?" in result.stderr
    assert "vigu 1, hoiatusi 0" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    english = mkdocs_build(out, broken, LANG="en_GB.UTF-8")  # an English locale: the report in English
    assert f"invalid data in {broken}; the site was not built:" in english.stderr
    assert "spetsialist-ennetus.yaml:4:9: error: status: value not allowed" in english.stderr
    assert "did you mean `kehtiv`?" in english.stderr
    assert (out / "ametikohad/teenuse-juht-arendus/index.html").read_bytes() == before
    assert (out / "index.html").is_file()


def test_unpublished_drafts_have_no_page(tmp_path: Path) -> None:
    out = tmp_path / "site"
    built(mkdocs_build(out, SMALL, AMETIJUHENDID_PUBLISH_DRAFTS="0"))
    assert not (out / "ametikohad/nimetu-kvaliteet").exists()
    assert (out / "ametikohad/teenuse-juht-arendus/index.html").is_file()


def test_real_site_builds_strict(tmp_path: Path) -> None:
    out = tmp_path / "site"
    built(mkdocs_build(out, ROOT / "positions"))
    for position_id in ("teenuse-juht-asendushoolduse-arendusteenus", "peaspetsialist-ennetusteenus",
                        "nounik-perelepitus", "teenuste-konsultant", "nimetu-ametikoht-kvaliteet-ja-jarelevalve"):
        assert (out / "ametikohad" / position_id / "index.html").is_file(), position_id
    incomplete = read(out, "ametikohad/nimetu-ametikoht-kvaliteet-ja-jarelevalve/")
    assert "Lähtedokument on puudulik." in incomplete.text and "puudub lähtedokumendis" in incomplete.text
    assert "Mustand." not in incomplete.text  # an incomplete copy of a signed description, not a draft


def test_docs_pages_edit_their_markdown_and_use_macros(small_site: Path) -> None:
    html = (small_site / "index.html").read_text(encoding="utf-8")
    home = Page(html)
    assert [href for href in home.links if href.endswith("/edit/main/docs/index.md")]
    assert "Ametijuhendeid saidil: 3 (kehtivaid: 2, mustandeid: 1)." in home.text
    # the unit table drawn from the data, with a link relative to the home page
    assert '<a href="yksused/laste-heaolu-osakond/">Laste heaolu osakond</a></td><td>2</td>' in html


def test_serve_watches_the_data_folder_and_templates(monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    from mkdocs.config import load_config

    from ametijuhend.hook import SiteHook

    monkeypatch.setenv("AMETIJUHENDID_DATA", str(SMALL))
    watched: list[str] = []
    SiteHook().on_serve(SimpleNamespace(watch=watched.append), load_config(str(ROOT / "mkdocs.yml")), None)
    assert str(SMALL) in watched
    assert any(w.endswith("render/templates") for w in watched)


def test_the_placeholder_edit_address_is_told_and_a_real_one_is_used(tmp_path: Path) -> None:
    """Until AMETIJUHENDID_EDIT_URI is set, every page's "Muuda" leads to git.example.invalid: the build says so
    (information, so `--strict` passes), once; set, the button leads to the repository."""
    default = mkdocs_build(tmp_path / "a", SMALL)
    built(default)
    assert default.stderr.count("AMETIJUHENDID_EDIT_URI") == 1, default.stderr
    edit = "https://git.sotsiaalkindlustusamet.test/ametijuhendid/-/edit/main/"
    configured = mkdocs_build(tmp_path / "b", SMALL, AMETIJUHENDID_EDIT_URI=edit)
    built(configured)
    assert "AMETIJUHENDID_EDIT_URI" not in configured.stderr
    page = read(tmp_path / "b", "ametikohad/teenuse-juht-arendus/")
    assert any(href.startswith(edit) and href.endswith("/teenuse-juht-arendus.yaml") for href in page.links)
