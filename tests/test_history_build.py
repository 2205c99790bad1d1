"""Real `mkdocs build --strict` runs of sites whose data folder has a scripted git history (issue 16)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_build import ROOT, built, mkdocs_build, read
from test_history import JUHT, NOUNIK, Repo, pending_order

from ametijuhend.history import UNAVAILABLE

pytestmark = pytest.mark.slow
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def history_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Repo, Path, str]:
    root = tmp_path_factory.mktemp("history")
    (root / "repo").mkdir()
    repo = Repo(root / "repo")
    repo.edit(JUHT, "Teenuse arendamine.", "Teenuse arendamine ja juhtimine.")
    repo.commit("Kirjaviga parandatud")
    repo.edit(JUHT, 'order_number: "12"\n  date: 2024-01-04', 'order_number: "15"\n  date: 2024-03-01')
    repo.edit(JUHT, "tasemel C1.\n      levels:\n        - language: eesti\n          level: C1",
              "tasemel C1.\n      levels:\n        - language: eesti\n          level: C2")
    repo.commit("Uus käskkiri <b>nr 15</b>")
    repo.edit(NOUNIK, "status: kehtiv", "status: katki")
    repo.commit("Vigane fail")
    repo.edit(NOUNIK, "status: katki", "status: kehtiv")
    repo.commit("Viga parandatud")
    repo.edit(JUHT, "Perelepitusteenuse korraldamine.", "Perelepitusteenuse korraldamine ja arendamine.")
    out = root / "site"
    result = mkdocs_build(out, repo.data)
    built(result)
    return repo, out, result.stderr


def test_position_page_shows_dates_and_links_to_history(history_site: tuple[Repo, Path, str]) -> None:
    _, site, _ = history_site
    page = read(site, "ametikohad/teenuse-juht-perelepitus/")
    assert re.search(r"Kehtib alates\s*01\.03\.2024", page.text)
    assert re.search(r"Avaldatud\s*02\.01\.2024", page.text)
    assert re.search(r"Viimati muudetud\s*salvestamata muudatus", page.text)  # an uncommitted edit
    assert "ajalugu/" in page.links


def test_history_page_lists_versions_newest_first_with_changes(history_site: tuple[Repo, Path, str]) -> None:
    _, site, _ = history_site
    page = read(site, "ametikohad/teenuse-juht-perelepitus/ajalugu/")
    text = page.text
    assert text.index("Salvestamata muudatus") < text.index("Kinnitatud versioon: käskkiri nr 15, 01.03.2024") \
        < text.index("Parandus") < text.index("Kinnitatud versioon: käskkiri nr 12")
    assert "Uus käskkiri <b>nr 15</b>" in text  # a message is text, never HTML
    # the order's date and the day the version was published are told apart
    assert "Kinnitatud versioon: käskkiri nr 15, 01.03.2024 · kehtiv · avaldatud 04.01.2024 · Uus käskkiri" in text
    assert "6.3 keelenõue (eesti keel): C1 → C2" in text
    assert "3.1 muudetud" in text
    html = (site / "ametikohad/teenuse-juht-perelepitus/ajalugu/index.html").read_text(encoding="utf-8")
    assert "<ins>arendamine ja juhtimine.</ins>" in html and "<b>nr 15</b>" not in html


def test_earlier_approved_version_has_a_page_with_a_banner(history_site: tuple[Repo, Path, str]) -> None:
    repo, site, _ = history_site
    first = repo.git("rev-list", "--max-parents=0", "HEAD").strip()[:12]
    page = read(site, f"ametikohad/teenuse-juht-perelepitus/ajalugu/{first}/")
    assert "Varasem versioon" in page.text and "mitte kehtiv versioon" in page.text
    assert "käskkiri nr 12" in page.text
    # its facts and its print say that it is not in force (the print has no banner: the mark of every page)
    assert re.search(r"Staatus\s*ei kehti \(varasem versioon\)", page.text)
    assert re.search(r"Kehtis alates\s*04\.01\.2024", page.text) and "Kehtib alates" not in page.text
    html = (site / f"ametikohad/teenuse-juht-perelepitus/ajalugu/{first}/index.html").read_text(encoding="utf-8")
    assert '@top-center { content: "VARASEM VERSIOON — ei kehti";' in html
    current = (site / "ametikohad/teenuse-juht-perelepitus/index.html").read_text(encoding="utf-8")
    assert "VARASEM VERSIOON" not in current and "ei kehti (varasem versioon)" not in current
    # the version as last corrected before the next order
    assert "Teenuse arendamine ja juhtimine." in page.text
    old = json.loads((site / f"andmed/ametikohad/teenuse-juht-perelepitus@{first}.json").read_bytes())
    assert old["version"] == first
    # its status row on the compare page: not in force (the file said `kehtiv` then)
    status = next(row for section in old["sections"] for row in section["rows"] if row[0] == "staatus")
    assert status[2] == "ei kehti (varasem versioon)"
    now = json.loads((site / "andmed/ametikohad/teenuse-juht-perelepitus.json").read_bytes())
    assert next(row for section in now["sections"] for row in section["rows"] if row[0] == "staatus")[2] == "kehtiv"


def test_history_pages_lead_back_to_the_position_and_cannot_be_edited(history_site: tuple[Repo, Path, str]) -> None:
    """The history page's breadcrumb ends with the position, an earlier version's with the position and its
    history; neither has the edit button (it opened the current file), the position's own page has it."""
    repo, site, _ = history_site
    first = repo.git("rev-list", "--max-parents=0", "HEAD").strip()[:12]
    def raw(url: str) -> str:
        return (site / url / "index.html").read_text(encoding="utf-8")

    position = raw("ametikohad/teenuse-juht-perelepitus/")
    crumbs = re.compile(r'<nav class="aj-breadcrumb" aria-label="([^"]*)">(.*?)</nav>', re.S)
    own = crumbs.search(position)
    assert own is not None and own.group(1) == "Struktuuriüksus"
    history = raw("ametikohad/teenuse-juht-perelepitus/ajalugu/")
    trail = crumbs.search(history)
    assert trail is not None and trail.group(1) == "Asukoht"
    def words(html: str) -> str:
        return re.sub(r"<[^>]+>", "", html).strip()

    # the position's own trail (its units), then the position
    assert words(trail.group(2)) == words(own.group(2)) + " › Teenuse juht (perelepitus)"
    assert re.findall(r'href="([^"]*)"', trail.group(2))[-1] == "../"
    old = raw(f"ametikohad/teenuse-juht-perelepitus/ajalugu/{first}/")
    old_trail = crumbs.search(old)
    assert old_trail is not None and old_trail.group(1) == "Asukoht"
    assert re.findall(r'href="([^"]*)"', old_trail.group(2))[-2:] == ["../../", "../"]
    assert words(old_trail.group(2)) == words(trail.group(2)) + " › Muudatuste ajalugu"
    assert 'rel="edit"' in position
    assert 'rel="edit"' not in history and 'rel="edit"' not in old


def test_invalid_old_version_is_listed_and_never_blocks(history_site: tuple[Repo, Path, str]) -> None:
    _, site, _ = history_site
    text = read(site, "ametikohad/nounik-perelepitus/ajalugu/").text
    assert "Vigane fail" in text and "Fail ei vastanud tollal andmeskeemile" in text


def test_changes_page_feed_and_json(history_site: tuple[Repo, Path, str]) -> None:
    repo, site, stderr = history_site
    assert UNAVAILABLE not in stderr and "history of" in stderr
    text = read(site, "muudatused/").text
    assert "uus kinnitatud versioon (käskkiri nr 15, 01.03.2024)" in text
    feed = ET.parse(site / "muudatused.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert entries and all(e.find(f"{ATOM}id") is not None and e.find(f"{ATOM}updated") is not None
                           for e in entries)
    export = json.loads((site / "andmed/ametikohad.json").read_bytes())
    head = repo.git("rev-parse", "HEAD").strip()
    assert export["versions"]["nounik-perelepitus"]["version"] == head
    one = json.loads((site / "andmed/ametikohad/teenuse-juht-perelepitus.json").read_bytes())
    assert one["in_force_from"] == "2024-03-01" and one["published"].startswith("2024-01-02")
    assert [v["approved"] for v in one["versions"]] == [True, False, True]
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml"):
            data = path.read_bytes()
            assert b"Maasikas" not in data and b"posti.test" not in data, path


def test_build_without_git_says_why_once(tmp_path: Path, history_site: tuple[Repo, Path, str]) -> None:
    repo, _, _ = history_site
    export = tmp_path / "export"
    shutil.copytree(repo.data, export / "positions")
    result = mkdocs_build(tmp_path / "site", export / "positions")
    built(result)
    assert result.stderr.count(UNAVAILABLE) == 1
    page = read(tmp_path / "site", "ametikohad/teenuse-juht-perelepitus/")
    assert UNAVAILABLE in page.text
    assert not (tmp_path / "site/ametikohad/teenuse-juht-perelepitus/ajalugu").exists()


@pytest.fixture(scope="module")
def pending_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, tuple[Path, str]]]:
    """A new order of 20.11.2026 that takes effect on 01.01.2027, built on the day before (`AMETIJUHENDID_TODAY`)
    and on that day: (the first version's name, {day: (site, build log)})."""
    root = tmp_path_factory.mktemp("pending")
    repo, first = pending_order(root)
    sites = {}
    for day in ("2026-12-31", "2027-01-01"):
        result = mkdocs_build(root / day, repo.data, AMETIJUHENDID_TODAY=day)
        built(result)  # (no warning: the line of pending versions is information, `--strict` stays clean)
        sites[day] = (root / day, result.stderr)
    return first, sites


PENDING_POSITION = "ametikohad/teenuse-juht-perelepitus/"


def test_pending_version_says_jõustub_and_the_earlier_one_stays_in_force(
        pending_sites: tuple[str, dict[str, tuple[Path, str]]]) -> None:
    first, sites = pending_sites
    site, log = sites["2026-12-31"]
    page = read(site, PENDING_POSITION)
    assert re.search(r"Jõustub 01\.01\.2027\.\s*See ametijuhendi versioon on kinnitatud, kuid pole veel jõustunud",
                     page.text)
    assert re.search(r"Staatus\s*jõustub 01\.01\.2027, veel ei kehti", page.text) and "Kehtib alates" not in page.text
    assert f"ajalugu/{first}/" in page.links
    html = (site / PENDING_POSITION / "index.html").read_text(encoding="utf-8")
    assert '@top-center { content: "JÕUSTUB 01.01.2027 — veel ei kehti";' in html
    assert "Jõustub 01.01.2027</p>" in html  # the print's approval block (the document), as the page's own
    # the earlier version is the one in force: its page, its print and its compare JSON do not say otherwise
    old_html = (site / f"{PENDING_POSITION}ajalugu/{first}/index.html").read_text(encoding="utf-8")
    for wrong in ("VARASEM VERSIOON", "ei kehti", "Varasem versioon", "Kehtis alates"):
        assert wrong not in old_html, wrong
    old = read(site, f"{PENDING_POSITION}ajalugu/{first}/")
    assert re.search(r"Kehtib alates\s*04\.01\.2024\s*Kehtib kuni\s*31\.12\.2026", old.text)
    assert '@top-center { content: "KEHTIB KUNI 31.12.2026";' in old_html
    old_json = json.loads((site / f"andmed/ametikohad/teenuse-juht-perelepitus@{first}.json").read_bytes())
    assert next(row for s in old_json["sections"] for row in s["rows"] if row[0] == "staatus")[2] == "kehtiv"
    history = read(site, f"{PENDING_POSITION}ajalugu/").text
    assert "käskkiri nr 20, 20.11.2026, jõustub 01.01.2027 · veel ei kehti" in history
    assert "käskkiri nr 12, 04.01.2024 · kehtiv, kehtib kuni 31.12.2026" in history
    assert "(käskkiri nr 20, 20.11.2026, jõustub 01.01.2027)" in read(site, "muudatused/").text
    assert "jõustub 01.01.2027" in (site / "muudatused.xml").read_text(encoding="utf-8")
    export = json.loads((site / "andmed/ametikohad.json").read_bytes())["versions"]["teenuse-juht-perelepitus"]
    assert export["in_force"] is False and export["approval"]["effective_from"] == "2027-01-01"
    assert export["in_force_version"] == first
    assert log.count("jõustumata versioonid: teenuse-juht-perelepitus jõustub 01.01.2027; "
                     "ehita sait uuesti 01.01.2027") == 1
    assert "INFO" in log.split("jõustumata versioonid")[0].rsplit("\n", 1)[-1]


def test_on_the_effective_date_the_new_version_is_in_force(
        pending_sites: tuple[str, dict[str, tuple[Path, str]]]) -> None:
    first, sites = pending_sites
    site, log = sites["2027-01-01"]
    page = read(site, PENDING_POSITION)
    assert re.search(r"Kehtib alates\s*01\.01\.2027", page.text) and "pole veel jõustunud" not in page.text
    old = read(site, f"{PENDING_POSITION}ajalugu/{first}/")
    assert re.search(r"Staatus\s*ei kehti \(varasem versioon\)", old.text)
    assert re.search(r"Kehtis alates\s*04\.01\.2024\s*Kehtis kuni\s*31\.12\.2026", old.text)
    old_html = (site / f"{PENDING_POSITION}ajalugu/{first}/index.html").read_text(encoding="utf-8")
    assert '@top-center { content: "VARASEM VERSIOON — ei kehti";' in old_html
    export = json.loads((site / "andmed/ametikohad.json").read_bytes())["versions"]["teenuse-juht-perelepitus"]
    assert export["in_force"] is True and export["in_force_from"] == "2027-01-01"
    assert "jõustumata" not in log


def _build_in_process(out: Path, data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("AMETIJUHENDID_DATA", str(data))
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    build(load_config("mkdocs.yml", site_dir=str(out), strict=True))


def test_pages_written_into_the_theme_shell_equal_mkdocs_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """History pages and earlier versions beyond the first two of a URL depth are written by the hook into the
    theme's page made once (`ametijuhend.shell`): byte for byte what MkDocs writes for them page by page."""
    import re as re_

    from ametijuhend import shell
    from ametijuhend.synthetic import generate

    (tmp_path / "repo").mkdir()
    repo = Repo(tmp_path / "repo")
    shutil.rmtree(repo.data)
    generate(repo.data, 6)
    repo.commit("Sünteetilised")
    for step in (1, 2):
        for path in sorted(repo.data.glob("*.yaml")):
            text = re_.sub(r"^(purpose: .*)$", rf"\1 Muudatus {step}.", path.read_text(encoding="utf-8"), count=1,
                           flags=re_.M)
            if step == 1:  # a title the theme escapes (in <title> too)
                text = re_.sub(r"^title: (.*)$", r'title: \1 & <b> "q"', text, count=1, flags=re_.M)
            if step == 2:
                text = re_.sub(r"^  order_number: .*$", "  order_number: uus-2", text, count=1, flags=re_.M)
            path.write_text(text, encoding="utf-8")
        repo.commit(f"Muudatus {step}")
    through_mkdocs: list[str] = []
    group = shell.group

    def counted(pages):  # type: ignore[no-untyped-def]
        groups = group(pages)
        through_mkdocs.extend(page.url for g in groups for page in (g.model, g.witness) if page)
        return groups

    monkeypatch.setenv("AMETIJUHENDID_SITE_URL", "https://intra.example.test/ametijuhendid/")  # canonical addresses
    monkeypatch.setattr(shell, "group", counted)
    _build_in_process(tmp_path / "shell", repo.data, monkeypatch)
    monkeypatch.setattr(shell, "group", lambda pages: [])
    _build_in_process(tmp_path / "mkdocs", repo.data, monkeypatch)
    # (the others are written into the shell: by the hook, or by the process beside it that reads the versions)
    written = [p.parent.relative_to(tmp_path / "shell").as_posix() + "/"
               for p in (tmp_path / "shell").rglob("ajalugu/**/index.html")]
    written = [url for url in written if url not in through_mkdocs]
    assert through_mkdocs and len(written) >= 6 and any(url.count("/") == 4 for url in written), written
    pages = sorted(p.relative_to(tmp_path / "mkdocs") for p in (tmp_path / "mkdocs").rglob("ajalugu/**/index.html"))
    assert len(pages) >= 8
    for page in pages:
        assert (tmp_path / "shell" / page).read_bytes() == (tmp_path / "mkdocs" / page).read_bytes(), page
    for url in written:
        text = (tmp_path / "shell" / url / "index.html").read_text(encoding="utf-8")
        assert 'class="md-header' in text and "assets/ametijuhendid/site.css" in text and "<h1>" in text
    # The sitemap lists the pages written into a shell too.
    locs = {out: sorted(re_.findall(r"<loc>(.*?)</loc>", (tmp_path / out / "sitemap.xml").read_text(encoding="utf-8")))
            for out in ("shell", "mkdocs")}
    assert locs["shell"] == locs["mkdocs"]
    assert any(loc.endswith(f"/{url}") for loc in locs["shell"] for url in written)


NO_FORK = ("import sys; import ametijuhend.fork as fork; fork.available = lambda: False; "
           "from mkdocs.__main__ import cli; sys.argv[0] = 'mkdocs'; cli()")
"""`mkdocs` whose hook reads the versions in its own process (no process beside it)."""


def test_versions_written_beside_the_build_equal_the_build_s_own(tmp_path: Path) -> None:
    """`mkdocs build` reads the versions, writes their pages, JSON and the feed in a process beside it
    (`fork.Child`) and lists them in the sitemap after it: every file is what the build writes when it does
    all of that itself (an invalid old version, an uncommitted edit, more positions than `SAMPLE`), and with
    drafts off no file of it holds a trace of a draft that has versions of its own."""
    import re as re_

    from ametijuhend.render.site import SAMPLE
    from ametijuhend.synthetic import generate

    (tmp_path / "repo").mkdir()
    repo = Repo(tmp_path / "repo")
    shutil.rmtree(repo.data)
    generate(repo.data, SAMPLE + 10)
    files = sorted(repo.data.glob("*.yaml"))
    # A draft with versions of its own: with drafts off, the process beside must leave no trace of it either.
    draft = files[2].read_text(encoding="utf-8")
    draft_id = re_.search(r"^id: (.*)$", draft, flags=re_.M).group(1)  # type: ignore[union-attr]
    draft = re_.sub(r"^status: .*$", "status: mustand", draft, count=1, flags=re_.M)
    files[2].write_text(re_.sub(r"^title: .*$", "title: Salajane mustand", draft, count=1, flags=re_.M),
                        encoding="utf-8")
    repo.commit("Sünteetilised")
    for step in (1, 2, 3):
        for path in files:
            text = re_.sub(r"^(purpose: .*)$", rf"\1 Muudatus {step}.", path.read_text(encoding="utf-8"), count=1,
                           flags=re_.M)
            if step == 2:
                text = re_.sub(r"^  order_number: .*$", "  order_number: uus-2", text, count=1, flags=re_.M)
            path.write_text(text, encoding="utf-8")
        if step == 3:  # one file does not validate in this commit
            text = files[1].read_text(encoding="utf-8")
            files[1].write_text(re_.sub(r"^status: .*$", "status: katki", text, count=1, flags=re_.M),
                                encoding="utf-8")
        repo.commit(f"Muudatus {step}")
    files[1].write_text(files[1].read_text(encoding="utf-8").replace("status: katki", "status: kehtiv"),
                        encoding="utf-8")
    repo.commit("Parandatud")
    repo.edit(files[0].name, "Muudatus 3.", "Muudatus 4.")  # uncommitted
    env = {"AMETIJUHENDID_SITE_URL": "https://intra.example.test/ametijuhendid/", "AMETIJUHENDID_PUBLISH_DRAFTS": "0"}
    beside = mkdocs_build(tmp_path / "beside", repo.data, **env)
    built(beside)
    assert "written beside the build" in beside.stderr
    own = subprocess.run(
        [sys.executable, "-c", NO_FORK, "build", "--strict", "-f", str(ROOT / "mkdocs.yml"),
         "-d", str(tmp_path / "own")],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "AMETIJUHENDID_DATA": str(repo.data), "NO_MKDOCS_2_WARNING": "1", **env})
    built(own)
    assert "written beside the build" not in own.stderr

    def listed(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
                if p.is_file() and "indeks" not in p.parts}

    a, b = listed(tmp_path / "beside"), listed(tmp_path / "own")
    assert sorted(a) == sorted(b)
    assert sum("/ajalugu/" in path for path in a) > SAMPLE + 20  # history pages and earlier versions
    assert [path for path in a if a[path] != b[path]] == []
    assert [path for path, content in a.items() if draft_id in path or draft_id.encode() in content
            or b"Salajane" in content] == []


def _history_repo(root: Path, positions: int, commits: int) -> Repo:
    """`positions` synthetic positions, each changed by each of `commits` commits (a new order in the second)."""
    import re as re_

    from ametijuhend.synthetic import generate

    (root / "repo").mkdir()
    repo = Repo(root / "repo")
    shutil.rmtree(repo.data)
    generate(repo.data, positions)
    repo.commit("Sünteetilised")
    for step in range(1, commits):
        for path in sorted(repo.data.glob("*.yaml")):
            text = re_.sub(r"^(purpose: .*)$", rf"\1 Muudatus {step}.", path.read_text(encoding="utf-8"), count=1,
                           flags=re_.M)
            if step == 1:
                text = re_.sub(r"^  order_number: .*$", "  order_number: uus-1", text, count=1, flags=re_.M)
            path.write_text(text, encoding="utf-8")
        repo.commit(f"Muudatus {step}")
    return repo


FAILING = ("import sys; import ametijuhend.hook as hook\n"
           "def failing(*args, **kwargs):\n    raise OSError('seade on täis')\n"
           "hook.history_plan = failing\n"
           "from mkdocs.__main__ import cli; sys.argv[0] = 'mkdocs'; cli()")
"""`mkdocs` whose process beside it (the versions' pages) fails."""
KILLED = ("import os, signal, sys; import ametijuhend.hook as hook\n"
          "def killed(*args, **kwargs):\n    os.kill(os.getpid(), signal.SIGKILL)\n"
          "hook.history_plan = killed\n"
          "from mkdocs.__main__ import cli; sys.argv[0] = 'mkdocs'; cli()")
"""`mkdocs` whose process beside it is killed while it works (the out-of-memory killer)."""


@pytest.mark.parametrize("script, said", [(FAILING, "OSError: seade on täis"),
                                          (KILLED, "stopped without a result (exit code -9)")])
def test_failing_history_process_stops_the_build_and_keeps_the_site(tmp_path: Path, script: str, said: str) -> None:
    from test_atomic_build import leftovers, tree_digest

    repo = _history_repo(tmp_path, 6, 2)
    out = tmp_path / "site"
    built(mkdocs_build(out, repo.data))
    digest = tree_digest(out)
    result = subprocess.run(
        [sys.executable, "-c", script, "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "AMETIJUHENDID_DATA": str(repo.data), "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode != 0
    assert said in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert tree_digest(out) == digest and not leftovers(out)


def _children(pid: int) -> list[int]:
    """Processes whose parent is `pid` and that run the same command (the build's forked children)."""
    found = []
    own = Path(f"/proc/{pid}/cmdline").read_bytes()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid and (entry / "cmdline").read_bytes() == own:
                found.append(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_stopped_build_leaves_no_history_process(tmp_path: Path, signum: int) -> None:
    """A build killed (or interrupted) while its process beside reads the versions: that process goes too."""
    import time

    from test_atomic_build import start_build

    repo = _history_repo(tmp_path, 300, 4)
    out = tmp_path / "site"
    process = start_build(out, repo.data)
    deadline = time.monotonic() + 300
    beside: list[int] = []
    while not beside and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.01)
        found = _children(process.pid)
        if found:  # (not a process of git between its fork and its exec, which runs the same command for a moment)
            time.sleep(0.2)
            beside = [pid for pid in _children(process.pid) if pid in found]
    assert beside, "the build started no process beside it"
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode != 0
    assert b"Traceback" not in stderr, stderr.decode()
    deadline = time.monotonic() + 30
    while any(_running(pid) for pid in beside) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_running(pid) for pid in beside)


SLOW_CLEAN = ("import sys, time; import mkdocs.utils as utils, mkdocs.commands.build as b\n"
              "clean = utils.clean_directory\n"
              "def slow(folder):\n    time.sleep(4)\n    clean(folder)\n"
              "b.utils.clean_directory = slow\n"
              "from mkdocs.__main__ import cli; sys.argv[0] = 'mkdocs'; cli()")
"""`mkdocs` that takes its time before it cleans the site folder (after `on_config` has forked the process beside)."""


def test_versions_written_beside_are_not_cleaned_away_by_mkdocs(tmp_path: Path) -> None:
    """MkDocs cleans the site folder after `on_config`; the process beside, forked in `on_config`, wrote its files
    before that when it was quick: they were deleted with the folder (a site without them), or the next file's
    folder was gone (the build failed now and then)."""
    repo = _history_repo(tmp_path, 6, 3)
    out = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-c", SLOW_CLEAN, "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "AMETIJUHENDID_DATA": str(repo.data), "NO_MKDOCS_2_WARNING": "1"})
    built(result)
    assert "written beside the build" in result.stderr
    positions = sorted(path.stem for path in repo.data.glob("*.yaml"))
    assert all((out / f"andmed/ametikohad/{pid}.json").is_file() for pid in positions)
    assert (out / "muudatused.xml").is_file()
    assert len(list((out / "andmed/ametikohad").glob("*@*.json"))) >= len(positions)


def test_a_signal_wrapped_by_a_library_still_stops_the_build_as_interrupted() -> None:
    """SIGTERM's exception raised inside pydantic's JSON writer (the export) comes out as pydantic's own error:
    `on_build_error` turns it back into the one-line interruption (MkDocs would print a traceback)."""
    from typing import Annotated

    from pydantic import PlainSerializer, TypeAdapter

    from ametijuhend.hook import BuildInterrupted, SiteHook

    def serialize(value: int) -> int:
        os.kill(os.getpid(), signal.SIGTERM)  # (delivered here: the handler runs in this callback of pydantic's)
        return value

    hook = SiteHook()
    hook._catch_signals()
    try:
        with pytest.raises(Exception) as wrapped:
            TypeAdapter(Annotated[int, PlainSerializer(serialize)]).dump_json(1)
        assert not isinstance(wrapped.value, BuildInterrupted)
        with pytest.raises(BuildInterrupted, match="SIGTERM"):
            hook.on_build_error(wrapped.value)
        hook._interrupted = None
        hook.on_build_error(RuntimeError("an ordinary failure"))  # (no signal: MkDocs reports the error itself)
    finally:
        hook._restore_signals()
