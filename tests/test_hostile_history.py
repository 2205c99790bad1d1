"""Hostile git histories of the data folder: what the versions' pages, files and feed may never show.

Commit messages are text of people, not of HR: no trailer naming a person, no e-mail address, no control
character, no megabyte line. A draft (while drafts are not published) leaves no trace, also when it is a
version of a position published now or a file deleted since. A file that never validated, or a deleted
position, has no page to link to.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BASE_FILES
from test_history import JUHT, NOUNIK, Repo, signature

from ametijuhend.history import _message, load_history, text_is_draft
from ametijuhend.project import load_project
from ametijuhend.render import RenderOptions, render_site
from ametijuhend.render.site import RenderedSite
from ametijuhend.yamlio import MAX_FILE_BYTES


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    (tmp_path / "repo").mkdir()
    return Repo(tmp_path / "repo")


def rendered(repo: Repo, *, publish_drafts: bool = False) -> RenderedSite:
    project = load_project(repo.data)
    assert not project.errors, project.problems
    return render_site(project, RenderOptions(publish_drafts=publish_drafts,
                                              history=load_history(repo.data, project)))


def outputs(site: RenderedSite) -> dict[str, str]:
    """Every page and file of the site, by address."""
    out = {page.url: page.html() for page in site.pages}
    out.update({path: site.content(path).decode("utf-8", "replace") for path in site.files})
    return out


def traces(site: RenderedSite, *needles: str) -> dict[str, list[str]]:
    return {url: found for url, text in outputs(site).items() if (found := [n for n in needles if n in text])}


def test_commit_messages_never_show_people_control_characters_or_a_megabyte(repo: Repo) -> None:
    repo.edit(JUHT, "Teenuse arendamine.", "Teenuse arendamine 1.")
    repo.commit("Kirjaviga\x01\x07\x1b[31m parandatud {{ config }} <script>x</script>\u202e")
    repo.edit(JUHT, "Teenuse arendamine 1.", "Teenuse arendamine 2.")
    repo.commit(("P" * 1_000_000).encode("latin-1"))
    repo.edit(JUHT, "Teenuse arendamine 2.", "Teenuse arendamine 3.")
    repo.commit("Parandus mari.maasikas@posti.test palvel")
    repo.edit(JUHT, "Teenuse arendamine 3.", "Teenuse arendamine 4.")
    repo.commit("Signed-off-by: Mari Maasikas <mari.maasikas@posti.test>", "--cleanup=verbatim")
    repo.git("checkout", "-q", "-b", "haru")
    repo.edit(NOUNIK, "status: kehtiv", "status: kehtiv\nlast_review: 2024-05-05")
    repo.commit("Harul")
    repo.git("checkout", "-q", "main")
    repo.day += 1
    repo.git("merge", "-q", "--no-ff", "haru", "-m", "Merge branch 'haru' into 'main'\n\n"
             "Signed-off-by: Mari Maasikas <mari.maasikas@posti.test>\nReviewed-by: Jaan Tamm <jaan.tamm@posti.test>\n"
             "Approved-by: Jaan Tamm <jaan.tamm@posti.test>")
    repo.git("checkout", "-q", "-b", "mmaasikas-main-patch-12")
    repo.edit(NOUNIK, "last_review: 2024-05-05", "last_review: 2024-05-06")
    repo.commit("Harul 2")
    repo.git("checkout", "-q", "main")
    repo.day += 1
    repo.git("merge", "-q", "--no-ff", "mmaasikas-main-patch-12", "-m",
             "Merge branch 'mmaasikas-main-patch-12' into 'main'\n\nSee merge request ametijuhendid!12")
    history = load_history(repo.data, load_project(repo.data))
    messages = [v.commit.message for chain in history.positions.values() for v in chain.versions if v.commit]
    assert "" in messages  # a merge without a description of its own: no message, not git's line naming the branch
    assert all(len(m) <= 300 for m in messages), [len(m) for m in messages]
    assert all(c >= " " and c != "\x7f" and c != "\u202e" for m in messages for c in m), messages
    assert "Kirjaviga [31m parandatud {{ config }} <script>x</script>" in messages
    site = rendered(repo)
    assert traces(site, "Maasikas", "maasikas", "Tamm", "posti.test", "\x01", "\x1b", "P" * 301) == {}
    page = outputs(site)["ametikohad/teenuse-juht-perelepitus/ajalugu/"]
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "{{ config }}" in page
    assert "Parandus (e-posti aadress eemaldatud) palvel" in page


FORGE_AND_PEOPLE = [  # (message, what the history shows)
    ("Merge branch 'tmets-patch-2' into 'main'", ""),  # a rebased or cherry-picked merge: one parent
    ("Revert \"Merge branch 'mmaasikas-patch-1'\"\n\nThis reverts commit 0123abc.", "This reverts commit 0123abc."),
    ("Merged in feature/kkuusk-parandus (pull request #7)\n\nKuuse töö", "Kuuse töö"),  # Bitbucket's merge
    ("Co-authored-by : Olev Ots <olev.ots@posti.test>", ""),
    ("Signed-off-by Peeter Pihlakas", ""),
    ("Author: Anu Angerjas <anu@posti.test>\n\nSisu täpsustatud", "Sisu täpsustatud"),
    ("Reviewed by: Rein Rebane", ""),
    ("\u200bSigned-off-by: Vello Vaher <vello@posti.test>", ""),  # a zero-width space before the trailer
    ("Parandus peeter@localhost, mari.maasikas@example ja helle\uff20posti.test palvel; cc @kkuusk",
     "Parandus (e-posti aadress eemaldatud) (e-posti aadress eemaldatud) ja (e-posti aadress eemaldatud) palvel; "
     "cc (kasutajanimi eemaldatud)"),
    ("Rename positions/mari-maasikas.yaml to positions/spetsialist-a.yaml",
     "Rename (failinimi eemaldatud) to (failinimi eemaldatud)"),  # a forge's own message names the files
    ("a" + " " * 1180 + "mari.maasikas@posti.test", "a (e-posti aadress eemaldatud)"),  # cut after the check
]


def test_commit_messages_without_forge_lines_trailers_addresses_mentions_or_file_names(repo: Repo) -> None:
    before = "Teenuse arendamine."
    for k, (message, _) in enumerate(FORGE_AND_PEOPLE):
        repo.edit(JUHT, before, f"Teenuse arendamine {k}.")
        before = f"Teenuse arendamine {k}."
        repo.commit(message, "--cleanup=verbatim")
    history = load_history(repo.data, load_project(repo.data))
    chain = history.positions["teenuse-juht-perelepitus"]
    shown = [v.commit.message for v in chain.versions[-len(FORGE_AND_PEOPLE):] if v.commit]
    assert shown == [want for _, want in FORGE_AND_PEOPLE]
    site = rendered(repo)
    assert traces(site, "tmets", "mmaasikas", "kkuusk", "Olev Ots", "olev.ots", "Pihlakas", "Angerjas", "Rebane",
                  "Vaher", "peeter@", "maasikas", "helle", "posti.test", "localhost") == {}


@pytest.mark.parametrize(("message", "shown"), [  # (a review of the filters above)
    ("Merge branch 'mmaasikas-patch-1'\n\n* mmaasikas-patch-1:\n  Lisatud B2 nõue", "Lisatud B2 nõue"),  # --log
    ("Revert \"Revert \"Merge branch 'mmaasikas-patch-1'\"\"", ""),
    ("Reapply \"Merge branch 'mmaasikas-patch-1'\"", ""),
    ("\u3164Signed-off-by: Mari Maasikas", ""),  # a Hangul filler, a combining mark, a blank Braille
    ("\u034fSigned-off-by: Mari Maasikas", ""),  # pattern, a variation selector, a tag space before it
    ("\u2800Signed-off-by: Mari Maasikas", ""),
    ("\ufe0fSigned-off-by: Mari Maasikas", ""),
    ("\U000e0020Signed-off-by: Mari Maasikas", ""),
    ("Signed\u2011off\u2011by: Mari Maasikas", ""),  # non-breaking hyphens
    ("\uff33\uff29\uff27\uff2e\uff25\uff24-\uff2f\uff26\uff26-\uff22\uff39: Mari Maasikas", ""),  # full width
    ("Reviewed by Mari Maasikas", ""),
    ("Signed off by Mari Maasikas", ""),
    ("> Signed-off-by: Mari Maasikas", ""),
    ("\u2800\nLisatud B2 nõue", "Lisatud B2 nõue"),  # a line that shows nothing is no message
    ("Signed-off-by: Mari\x0bMaasikas", ""),  # git ends a line at a line feed only
    ("Co-authored-by\x1c: Mari Maasikas", ""),
    ("Stand-by valmisolek lisatud nõuetesse", "Stand-by valmisolek lisatud nõuetesse"),  # a word, no trailer
    ("Uus käskkiri nr 1-2/45", "Uus käskkiri nr 1-2/45"),
    ("Parandatud punkt 3.4", "Parandatud punkt 3.4"),
])
def test_a_message_line_that_names_a_person_or_a_branch_is_never_shown(message: str, shown: str) -> None:
    assert _message(message) == shown


@pytest.mark.parametrize(("text", "draft"), [
    ("status: kehtiv\nstatus: mustand\n", True),  # a repeated key: the file says both
    ('status: "must\\x61nd"\nid: x\n', True),  # an escape spells it
    ("status: kehtiv\nid: x\n", False),
    ("status: kehtiv\nkoostamine: [\n", False),  # YAML cannot read it and it says nothing of a draft
    ("koostamine: [ mustand\n", True),  # YAML cannot read it: the word anywhere is enough
])
def test_an_invalid_versions_draft_status_is_read_however_written(text: str, draft: bool) -> None:
    assert text_is_draft(text) is draft


@pytest.mark.parametrize("status", ['"status": mustand', "status: !!str mustand", "status: >-\n  mustand",
                                    "status: Mustand", "status: MUSTAND  # töös"])
def test_a_draft_that_does_not_validate_is_a_draft_however_its_status_is_written(repo: Repo, status: str) -> None:
    """A draft version that does not validate (here: a key no position has) is still a draft: its commits are not
    listed and the position was first published when it was published, not when the draft began."""
    text = (repo.data / NOUNIK).read_text(encoding="utf-8")  # a new position: a copy under another id
    draft = text.replace("status: kehtiv", f"{status}\nvigane_voti: 1").replace("id: nounik-perelepitus",
                                                                               "id: krunk-nounik")
    (repo.data / "krunk-nounik.yaml").write_text(draft, encoding="utf-8")
    repo.commit("Krunkmustand algas")
    repo.edit("krunk-nounik.yaml", "vigane_voti: 1", "vigane_voti: 2")
    repo.commit("Krunkmustand jätkus")
    (repo.data / "krunk-nounik.yaml").write_text(text.replace("id: nounik-perelepitus", "id: krunk-nounik"),
                                                 encoding="utf-8")
    repo.commit("Avaldatud")
    site = rendered(repo)
    assert traces(site, "Krunkmustand") == {}
    project = load_project(repo.data)
    full = load_history(repo.data, project).positions["krunk-nounik"]
    light = load_history(repo.data, project, light=True, drafts_published=False).positions["krunk-nounik"]
    published = full.versions[-1].date  # the day it was published, not the day its draft began
    assert published is not None and full.first_public() == published and light.first_public() == published


def _draft_then_published(repo: Repo) -> None:
    """The position in force was a draft between two approved versions, with a sentence of its own."""
    repo.edit(JUHT, "status: kehtiv", "status: mustand")
    repo.edit(JUHT, "Teenuse arendamine.", "Kvarkide loendamine.")
    repo.commit("Töös")
    repo.edit(JUHT, "status: mustand", "status: kehtiv")
    repo.edit(JUHT, "Kvarkide loendamine.", "Teenuse arendamine.")
    repo.edit(JUHT, 'order_number: "12"', 'order_number: "15"')
    repo.commit("Uus käskkiri")


def test_draft_version_between_approved_versions_leaves_no_trace(repo: Repo) -> None:
    _draft_then_published(repo)
    site = rendered(repo)
    assert traces(site, "Kvarkide") == {}
    # the first approved version still has its page, as it was in force (not as the draft after it)
    old = [url for url in outputs(site) if url.startswith("ametikohad/teenuse-juht-perelepitus/ajalugu/")
           and url.count("/") == 4]
    assert len(old) == 1 and "Teenuse arendamine." in outputs(site)[old[0]]
    assert "Kvarkide" in "".join(outputs(rendered(repo, publish_drafts=True)).values())


def test_draft_approval_does_not_make_the_published_version_a_correction(repo: Repo) -> None:
    """v1 in force (order 12), v2 a draft of order 15, v3 in force with order 15: with drafts hidden, v3 is
    the new approved version and v1 an earlier one with its page."""
    repo.edit(JUHT, "status: kehtiv", "status: mustand")
    repo.edit(JUHT, 'order_number: "12"', 'order_number: "15"')
    repo.commit("Töös")
    repo.edit(JUHT, "status: mustand", "status: kehtiv")
    repo.commit("Kinnitatud")
    site = rendered(repo)
    page = outputs(site)["ametikohad/teenuse-juht-perelepitus/ajalugu/"]
    assert "Kinnitatud versioon: käskkiri nr 15" in page
    assert any(url.startswith("ametikohad/teenuse-juht-perelepitus/ajalugu/") and url.count("/") == 4
               for url in outputs(site))


def _deleted_draft(repo: Repo) -> None:
    """A draft, then a version of it that does not validate, then the file deleted."""
    draft = BASE_FILES[NOUNIK].replace("nounik-perelepitus\n", "salajane-mustand\n", 1) \
        .replace("status: kehtiv", "status: mustand").replace("title: Nõunik", "title: Salajane Mustandijuht")
    (repo.data / "salajane-mustand.yaml").write_text(draft, encoding="utf-8")
    repo.commit("Lisatud")
    repo.edit("salajane-mustand.yaml", "document_type: ametnik", "document_type: vale")
    repo.commit("Katki")
    (repo.data / "salajane-mustand.yaml").unlink()
    repo.commit("Eemaldatud")


def test_deleted_draft_with_an_invalid_version_leaves_no_trace(repo: Repo) -> None:
    _deleted_draft(repo)
    assert traces(rendered(repo), "Salajane", "salajane-mustand", "Mustandijuht") == {}


def test_deleted_position_is_listed_by_name_without_links_and_never_valid_files_not_at_all(repo: Repo) -> None:
    names = ["uus\nrida.yaml", 'jutt"mark\'.yaml', "-rf.yaml", "...yaml", ".yaml", "2.yaml", "<b>x.yaml"]
    for name in names:
        (repo.data / name).write_text("just: [text\n", encoding="utf-8")
    with open(bytes(repo.data) + b"/\xff\xfe.yaml", "wb") as f:
        f.write(b"status: katki\n")
    kept = BASE_FILES[NOUNIK].replace("nounik-perelepitus\n", "kaotatud-amet\n", 1) \
        .replace("title: Nõunik", "title: Kaotatud amet")
    (repo.data / "-kaotatud\n.yaml").write_text(kept, encoding="utf-8")
    repo.commit("Kummalised failid")
    repo.edit("-kaotatud\n.yaml", "Perelepitusteenuse osutamine.", "Perelepitusteenuse osutamine ja muu.")
    repo.commit("Parandatud")
    for path in repo.data.glob("*.yaml"):
        if path.name not in (JUHT, NOUNIK):
            path.unlink()
    repo.commit("Eemaldatud")
    site = rendered(repo)
    page, feed = outputs(site)["muudatused/"], outputs(site)["muudatused.xml"]
    named = set(re.findall(r'<td data-label="Ametikoht">(.*?)</td>', page))
    expected = {"Kaotatud amet (perelepitus)", "Teenuse juht (perelepitus)", "Nõunik (perelepitus)"}
    assert {re.sub(r"<[^>]+>", "", cell) for cell in named} == expected
    assert '<span class="aj-nopage" title="Sellel ametikohal pole saidil lehte">Kaotatud amet (perelepitus)</span>' \
        in named
    titles = {title.split(":")[0] for title in re.findall(r"<entry><title>(.*?)</title>", feed, re.S)}
    assert titles == expected, titles
    assert "kaotatud-amet" not in page + feed  # the name, never the id, and no link to a page it does not have
    assert "ametikoht eemaldatud" in page


def test_named_pipe_and_huge_file_in_the_data_folder_are_reported_not_read(make_data: Callable[..., Path],
                                                                            tmp_path: Path) -> None:
    """A named pipe called `*.yaml` blocked the whole run forever (nothing ever writes into it); a file of
    gigabytes was read and parsed whole. Both are reported by name, the run goes on."""
    data = make_data()
    os.mkfifo(data / "toru.yaml")
    os.mkfifo(data / "catalogues" / "units.yaml.tmp")
    with open(data / "suur.yaml", "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # (sparse: nothing written)
    exe = Path(sys.executable).parent / "ametijuhend"
    result = subprocess.run([str(exe), "validate", "--data", str(data)], capture_output=True, text=True,
                            cwd=tmp_path, timeout=60)
    assert result.returncode == 1 and result.stderr == "", result.stderr
    assert "positions/toru.yaml: viga: see ei ole tavaline fail" in result.stdout, result.stdout
    assert "positions/suur.yaml: viga: fail on liiga suur" in result.stdout, result.stdout
    assert "Traceback" not in result.stdout


def test_the_operator_s_git_configuration_does_not_change_the_history(repo: Repo, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """`log.showRoot = false` in the user's configuration hid the first commit's files: every position lost its
    first version (Avaldatud moved to its first change). Colours and signatures are asked off too."""
    repo.edit(JUHT, "Teenuse arendamine.", "Teenuse arendamine 1.")
    repo.commit("Muudetud")
    plain = signature(load_history(repo.data, load_project(repo.data)))
    config = tmp_path / "gitconfig"
    config.write_text("[log]\n\tshowRoot = false\n\tshowSignature = true\n[color]\n\tui = always\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    assert signature(load_history(repo.data, load_project(repo.data))) == plain


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give the clone away")
def test_clone_of_another_user_says_so_not_that_there_is_no_repository(repo: Repo) -> None:
    """CI builds often run as another user than the clone's owner: git refuses it (dubious ownership). The
    reason said "not in a git repository … build from a clone", sending the operator the wrong way."""
    for path in [repo.root, *repo.root.rglob("*")]:
        os.lchown(path, 65534, 65534)
    reason = load_history(repo.data, load_project(repo.data)).reason
    assert reason is not None and "dubious ownership" in reason and "safe.directory" in reason, reason
    assert "ei ole git'i hoidlas" not in reason


def test_record_separator_in_a_message_and_a_repository_path_that_is_not_utf8(tmp_path: Path) -> None:
    """A message holding U+001E (the log's record mark) stopped every build with a traceback; so did a clone in
    a folder whose name is not UTF-8 (`git rev-parse` read as UTF-8)."""
    root = Path(os.fsdecode(bytes(tmp_path) + b"/kaust-\xff\xfe"))
    root.mkdir()
    repo = Repo(root)
    repo.edit(JUHT, "Teenuse arendamine.", "Teenuse arendamine 1.")
    repo.commit(b"Eraldaja \x1e siin\n\nja \x1e\x1e seal")
    history = load_history(repo.data, load_project(repo.data))
    assert history.available, history.reason
    juht = history.positions["teenuse-juht-perelepitus"]
    assert [v.commit.message for v in juht.versions if v.commit] == ["Esimene versioon", "Eraldaja siin"]


@pytest.mark.slow
def test_build_of_a_data_folder_whose_name_is_not_utf8(tmp_path: Path) -> None:
    """Pagefind panicked at the environment variable `AMETIJUHENDID_DATA` that is not UTF-8."""
    from test_build import built, mkdocs_build

    root = Path(os.fsdecode(bytes(tmp_path) + b"/kaust-\xff\xfe"))
    root.mkdir()
    repo = Repo(root)
    out = tmp_path / "site"
    built(mkdocs_build(out, repo.data))
    assert (out / "ametikohad/teenuse-juht-perelepitus/ajalugu/index.html").exists()


@pytest.mark.parametrize("where", ["positions", "positions/catalogues", ".", ".."])
def test_pages_never_replace_the_data_folder(where: str, make_data: Callable[..., Path], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """`ametijuhend pages --out positions` replaced the data folder whole with the pages (so would `--out .`)."""
    from ametijuhend.cli import main as cli_main

    data = make_data()
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    before = sorted(p.relative_to(data).as_posix() for p in data.rglob("*"))
    out = Path("..") / where if where != ".." else Path("..")
    assert cli_main(["pages", "--data", str(data), "--out", str(out if where != "." else tmp_path)]) == 2
    assert "andmekaust" in capsys.readouterr().err
    assert sorted(p.relative_to(data).as_posix() for p in data.rglob("*")) == before


def test_pages_never_replace_a_folder_of_something_else(make_data: Callable[..., Path], tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from ametijuhend.cli import main as cli_main

    data = make_data()
    other = tmp_path / "dokumendid"
    other.mkdir()
    (other / "tähtis.txt").write_text("alles", encoding="utf-8")
    assert cli_main(["pages", "--data", str(data), "--out", str(other)]) == 2
    assert "ei ole varasem `ametijuhend pages` väljund" in capsys.readouterr().err
    assert (other / "tähtis.txt").read_text(encoding="utf-8") == "alles"
    out = tmp_path / "lehed"
    assert cli_main(["pages", "--data", str(data), "--out", str(out)]) == 0
    assert cli_main(["pages", "--data", str(data), "--out", str(out)]) == 0  # its own earlier output: replaced


def test_pages_never_move_a_file_or_a_link_aside(make_data: Callable[..., Path], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """`--out` naming a file, or a release link (`current` → `releases/…`), was renamed to a hidden name and
    replaced by a folder, while the message said the earlier content was kept. Now it is refused, untouched; the
    pages written elsewhere can be read by a web server of another user (the folder is not the owner's only)."""
    import os
    import stat

    from ametijuhend.cli import main as cli_main

    data = make_data()
    file = tmp_path / "tähtis.txt"
    file.write_text("alles", encoding="utf-8")
    release = tmp_path / "releases" / "1"
    release.mkdir(parents=True)
    link = tmp_path / "current"
    link.symlink_to(release)
    for out, word in ((file, "on fail, mitte kaust"), (link, "on viit (symlink), mitte kaust")):
        assert cli_main(["pages", "--data", str(data), "--out", str(out)]) == 2
        assert word in capsys.readouterr().err
    assert file.read_text(encoding="utf-8") == "alles" and link.is_symlink() and link.resolve() == release
    assert sorted(p.name for p in tmp_path.iterdir()) == ["current", "positions", "releases", "tähtis.txt"]
    mask = os.umask(0o022)
    try:
        assert cli_main(["pages", "--data", str(data), "--out", str(tmp_path / "lehed")]) == 0
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "lehed").stat().st_mode) == 0o755


@pytest.mark.slow
def test_build_never_replaces_the_data_folder(make_data: Callable[..., Path]) -> None:
    """`mkdocs build -d positions` swapped the data folder for the site."""
    from test_build import mkdocs_build

    data = make_data()
    before = sorted(p.relative_to(data).as_posix() for p in data.rglob("*"))
    result = mkdocs_build(data, data)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "on andmekaust" in result.stderr
    assert sorted(p.relative_to(data).as_posix() for p in data.rglob("*")) == before


def test_a_copy_with_the_same_id_beside_the_file_is_not_its_history(repo: Repo) -> None:
    """Two files of one id in an old commit (the build then refused it), the copy deleted: its versions were
    joined to the position's history, so the copy read as the newest version, the one in force."""
    (repo.data / "koopia.yaml").write_text(BASE_FILES[NOUNIK].replace("Perelepitusteenuse osutamine.",
                                                                      "Koopia tekst."), encoding="utf-8")
    repo.commit("Koopia")
    (repo.data / "koopia.yaml").unlink()
    repo.commit("Koopia kustutatud")
    history = load_history(repo.data, load_project(repo.data))
    assert [v.path for v in history.positions["nounik-perelepitus"].versions] == [f"positions/{NOUNIK}"]
    assert traces(rendered(repo), "Koopia") == {}


@pytest.mark.parametrize("stamp", ["99999999999999 +0000", "1700000000 +9999", "1700000000 xx", "-5 +0000",
                                   "253402336800 -1400"])
def test_a_forged_commit_date_git_cannot_write_as_a_date(repo: Repo, stamp: str) -> None:
    """A commit object with a date of year 3170843, a zone of +99:99 or no date at all (made with
    `git hash-object --literally`, accepted by many servers) stopped every build with a traceback."""
    repo.edit(JUHT, "Teenuse arendamine.", "Teenuse arendamine 1.")
    repo.git("add", "-A")
    tree = repo.git("write-tree").strip()
    head = repo.git("rev-parse", "HEAD").strip()
    body = f"tree {tree}\nparent {head}\nauthor a <a@b> {stamp}\ncommitter a <a@b> {stamp}\n\nVõltsitud kuupäev\n"
    commit = repo.git("hash-object", "-t", "commit", "-w", "--stdin", "--literally", message=body.encode()).strip()
    repo.git("update-ref", "refs/heads/main", commit)
    history = load_history(repo.data, load_project(repo.data))
    juht = history.positions["teenuse-juht-perelepitus"]
    assert [v.commit.message for v in juht.versions if v.commit] == ["Esimene versioon", "Võltsitud kuupäev"]
    assert all(v.date is not None and v.date.tzinfo is not None for v in juht.versions)
    rendered(repo)


@pytest.mark.slow
def test_drafts_of_old_commits_leave_no_trace_in_the_built_site(repo: Repo, tmp_path: Path) -> None:
    """The same through `mkdocs build` with drafts off: no file of the site — pages, per-position JSON, the feed,
    the sitemap, the search index — holds a trace. (The process beside the build writes what the build would:
    `test_history_build.test_versions_written_beside_the_build_equal_the_build_s_own`.)"""
    from test_build import built, mkdocs_build
    from test_draft_leaks import texts

    _draft_then_published(repo)
    _deleted_draft(repo)
    out = tmp_path / "site"
    result = mkdocs_build(out, repo.data, AMETIJUHENDID_PUBLISH_DRAFTS="0",
                          AMETIJUHENDID_SITE_URL="https://intra.example.test/ametijuhendid/")
    built(result)
    found = {name: [t for t in ("Kvarkide", "Salajane", "salajane-mustand", "Mustandijuht") if t in text]
             for name, text in texts(out).items()}
    assert {name: hits for name, hits in found.items() if hits} == {}
    assert (out / "sitemap.xml").read_text(encoding="utf-8").count("/ajalugu/") >= 3


def test_a_corrupt_object_gives_one_line_of_reason(repo: Repo) -> None:
    """An old commit's object damaged on disk: no history, and the reason is one line (git said three)."""
    repo.edit(JUHT, "Teenuse arendamine.", "Teenuse arendamine 1.")
    repo.commit("Muudetud")
    blob = repo.git("rev-parse", "HEAD~1:positions").strip()  # (the data folder's tree of the first commit)
    stored = repo.root / ".git/objects" / blob[:2] / blob[2:]
    stored.chmod(0o644)
    stored.write_bytes(b"rikutud")
    reason = load_history(repo.data, load_project(repo.data)).reason
    assert reason is not None and "\n" not in reason and "ebaõnnestus" in reason, reason


def test_a_hidden_file_of_the_data_folder_has_no_history(repo: Repo) -> None:
    """The build never reads `.varukoopia.yaml` (hidden); its history named it as a deleted position."""
    hidden = BASE_FILES[NOUNIK].replace("nounik-perelepitus\n", "varjatud-amet\n", 1) \
        .replace("title: Nõunik", "title: Varjatud amet")
    (repo.data / ".varjatud-amet.yaml").write_text(hidden, encoding="utf-8")
    repo.commit("Varukoopia")
    (repo.data / ".varjatud-amet.yaml").unlink()
    repo.commit("Varukoopia kustutatud")
    assert "varjatud-amet" not in load_history(repo.data, load_project(repo.data)).positions
    assert traces(rendered(repo), "Varjatud", "varjatud") == {}


@pytest.mark.parametrize("name, value", [("site_url", 'https://x.test/"><script>alert(1)</script>/'),
                                         ("site_url", "https://x.test/{{ 7*7 }}/"),
                                         ("edit_uri", "https://git.test/-/edit/main/' onmouseover='x")])
def test_an_address_setting_that_would_write_markup_into_every_page_is_refused(name: str, value: str,
                                                                               tmp_path: Path) -> None:
    """The theme writes `site_url` (canonical links, the 404 page's assets) and `edit_uri` into every page as
    they are: `"><script>` in AMETIJUHENDID_SITE_URL became a script of every page."""
    from types import SimpleNamespace

    from ametijuhend.settings import Settings, SettingsError

    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"), extra={}, **{name: value})
    with pytest.raises(SettingsError) as raised:
        Settings.from_config(config, {})
    assert name in raised.value.text() and "aadressis" in raised.value.text()
    fine = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"), extra={},
                           site_url="https://intra.example/ametijuhendid/", edit_uri="https://git.test/-/edit/main/")
    Settings.from_config(fine, {})


def test_import_names_a_named_pipe_or_a_folder_for_what_it_is(tmp_path: Path) -> None:
    """`ametijuhend import` said "faili ei leitud" (file not found) of a named pipe, a device and a folder."""
    os.mkfifo(tmp_path / "toru.txt")
    (tmp_path / "kaust.docx").mkdir()
    (tmp_path / "null.txt").symlink_to("/dev/null")
    exe = Path(sys.executable).parent / "ametijuhend"
    result = subprocess.run([str(exe), "import", "--out", str(tmp_path / "valja"), "--", "toru.txt", "kaust.docx",
                             "null.txt", "puudub.txt"], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert result.stdout.count("see ei ole tavaline fail") == 3 and result.stdout.count("faili ei leitud") == 1, \
        result.stdout


def _begun_as_draft(repo: Repo) -> None:
    """A new position committed as a draft (03.01.2024), edited (04.01), published (05.01.2024)."""
    draft = BASE_FILES[NOUNIK].replace("nounik-perelepitus\n", "uus-noustaja\n", 1) \
        .replace("status: kehtiv", "status: mustand").replace("title: Nõunik", "title: Uus nõustaja")
    assert "uus-noustaja" in draft and "status: mustand" in draft
    (repo.data / "uus-noustaja.yaml").write_text(draft, encoding="utf-8")
    repo.commit("Mustand")
    repo.edit("uus-noustaja.yaml", "title: Uus nõustaja", "title: Uus nõustaja-analüütik")
    repo.commit("Mustandi parandus")
    repo.edit("uus-noustaja.yaml", "status: mustand", "status: kehtiv")
    repo.commit("Avaldatud")


def _avaldatud(page: str) -> str:
    found = re.search(r"<dt>Avaldatud</dt><dd>([^<]*)</dd>", page)
    assert found, "no Avaldatud on the page"
    return found.group(1)


def test_published_date_of_a_position_begun_as_a_draft_is_when_it_was_published(repo: Repo) -> None:
    """Avaldatud (AvTS § 32) is the day the position stopped being a draft, not the draft's first commit (a
    trace of the draft), while drafts are not published; with drafts published, the first commit."""
    _begun_as_draft(repo)
    project = load_project(repo.data)
    for light in (False, True):  # read whole (`mkdocs serve`) or light, as `mkdocs build` reads it
        history = load_history(repo.data, project, light=light, drafts_published=False)
        site = render_site(project, RenderOptions(publish_drafts=False, history=history))
        out = outputs(site)
        assert _avaldatud(out["ametikohad/uus-noustaja/"]) == "05.01.2024"
        assert '"published":"2024-01-05' in out["andmed/ametikohad/uus-noustaja.json"]
        assert _avaldatud(out["ametikohad/teenuse-juht-perelepitus/"]) == "02.01.2024"
    out = outputs(rendered(repo, publish_drafts=True))
    assert _avaldatud(out["ametikohad/uus-noustaja/"]) == "03.01.2024"


@pytest.mark.slow
def test_published_date_of_a_draft_begun_position_in_the_built_site(repo: Repo, tmp_path: Path) -> None:
    """The same through `mkdocs build` (the build reads the history light, the process beside it reads it whole):
    the page, the export and the per-position JSON agree."""
    from test_build import built, mkdocs_build

    _begun_as_draft(repo)
    out = tmp_path / "site"
    built(mkdocs_build(out, repo.data, AMETIJUHENDID_PUBLISH_DRAFTS="0"))
    page = (out / "ametikohad" / "uus-noustaja" / "index.html").read_text(encoding="utf-8")
    assert _avaldatud(page) == "05.01.2024"
    assert '"published":"2024-01-05' in (out / "andmed" / "ametikohad" / "uus-noustaja.json").read_text("utf-8")
    export = json.loads((out / "andmed" / "ametikohad.json").read_text(encoding="utf-8"))
    assert export["versions"]["uus-noustaja"]["published"].startswith("2024-01-05")
