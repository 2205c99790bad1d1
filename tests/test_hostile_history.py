"""Hostile git histories of the data folder: what the versions' pages, files and feed may never show.

Commit messages are text of people, not of HR: no trailer naming a person, no e-mail address, no control
character, no megabyte line. A draft (while drafts are not published) leaves no trace, also when it is a
version of a position published now or a file deleted since. A file that never validated, or a deleted
position, has no page to link to.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_history import JUHT, NOUNIK, Repo

from ametijuhend.history import load_history
from ametijuhend.project import load_project
from ametijuhend.render import RenderOptions, render_site
from ametijuhend.render.site import RenderedSite


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
    repo.commit("Kirjaviga\x01\x07\x1b[31m parandatud {{ config }} <script>x</script>")
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
    history = load_history(repo.data, load_project(repo.data))
    messages = [v.commit.message for chain in history.positions.values() for v in chain.versions if v.commit]
    assert all(len(m) <= 300 for m in messages), [len(m) for m in messages]
    assert all(c >= " " and c != "\x7f" for m in messages for c in m), messages
    assert "Kirjaviga [31m parandatud {{ config }} <script>x</script>" in messages
    site = rendered(repo)
    assert traces(site, "Maasikas", "Tamm", "posti.test", "\x01", "\x1b", "P" * 301) == {}
    page = outputs(site)["ametikohad/teenuse-juht-perelepitus/ajalugu/"]
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "{{ config }}" in page
    assert "Parandus (e-posti aadress eemaldatud) palvel" in page
