"""The `history` stage on scripted temporary git repositories (no MkDocs)."""

from __future__ import annotations

import itertools
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BASE_FILES, write_data

from ametijuhend.history import GitRead, History, Version, changed_sections, changes, load_history
from ametijuhend.models import Position
from ametijuhend.project import load_project
from ametijuhend.render.changes import approval_text

JUHT = "teenuse-juht-perelepitus.yaml"
NOUNIK = "nounik-perelepitus.yaml"
ENV = {"GIT_AUTHOR_NAME": "Mari Maasikas", "GIT_AUTHOR_EMAIL": "mari.maasikas@posti.test",
       "GIT_COMMITTER_NAME": "Mari Maasikas", "GIT_COMMITTER_EMAIL": "mari.maasikas@posti.test"}


class Repo:
    """A git repository with the base data folder in `positions/`, committed step by step."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "positions"
        self.day = 0
        self.git("init", "-q", "-b", "main")
        write_data(self.data)
        self.commit("Esimene versioon")

    def git(self, *args: str, message: bytes | None = None) -> str:
        env = {**os.environ, **ENV, "GIT_AUTHOR_DATE": f"2024-01-{self.day + 1:02d}T10:00:00+02:00",
               "GIT_COMMITTER_DATE": f"2024-01-{self.day + 1:02d}T10:00:00+02:00"}
        done = subprocess.run(["git", *args], cwd=self.root, env=env, check=True, capture_output=True,
                              input=message)
        return done.stdout.decode()

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.data / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        path.write_text(text.replace(old, new), encoding="utf-8")

    def commit(self, message: str | bytes, *extra: str) -> None:
        self.day += 1
        self.git("add", "-A")
        if isinstance(message, bytes):
            self.git("-c", "i18n.commitEncoding=ISO-8859-1", "commit", "-q", *extra, "-F", "-", message=message)
        else:
            self.git("commit", "-q", *extra, "-m", message)

    def history(self) -> History:
        """The history as the build reads it; read later (`light`, the build's process beside) it is the same."""
        project = load_project(self.data)
        assert not project.errors, project.problems
        history = load_history(self.data, project)
        light = load_history(self.data, project, light=True)  # as `mkdocs build`: a chain first, then the rest
        light.read(list(light.positions.values())[-1:])
        light.seed(project)
        light.read()
        assert light.complete and signature(light) == signature(history)
        # git read in a thread while the data loads (`mkdocs build`), then the versions parsed from what it read
        early = load_history(self.data, project, light=True, prefetched=GitRead(self.data))
        assert early.blobs is not None
        early.seed(project)
        early.read()
        assert signature(early) == signature(history)
        assert signature(load_history(self.data, project, prefetched=GitRead(self.data))) == signature(history)
        return history


def signature(history: History) -> dict[str, object]:
    """Everything of a history that its pages and files show."""
    return {pid: (chain.id, chain.deleted, chain.read,
                  [(v.commit, v.path, v.position, v.text, v.approval_key, v.approved) for v in chain.versions],
                  [changed_sections(a, b) for a, b in zip(chain.versions, chain.versions[1:], strict=False)])
            for pid, chain in history.positions.items()} | {"": (history.reason, history.commits)}


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    (tmp_path / "repo").mkdir()
    return Repo(tmp_path / "repo")


def names(kind: str, ident: str) -> str:
    return ident


def summaries(history: History, pid: str, index: int = -1) -> list[str]:
    versions = history.positions[pid].versions
    return [c.summary for c in changes(versions[index - 1].position, versions[index].position, names)]


def test_approval_change_starts_an_approved_version_and_a_correction_does_not(repo: Repo) -> None:
    repo.edit(JUHT, "Teenuse arendamine.", "Teenuse arendamine ja juhtimine.")
    repo.commit("Kirjaviga parandatud")
    repo.edit(JUHT, 'order_number: "12"\n  date: 2024-01-04', 'order_number: "15"\n  date: 2024-03-01')
    repo.commit("Uus käskkiri")
    history = repo.history()
    assert history.available
    juht = history.positions["teenuse-juht-perelepitus"]
    assert [v.approved for v in juht.versions] == [True, False, True]
    assert [v.commit.message for v in juht.versions if v.commit] == ["Esimene versioon", "Kirjaviga parandatud",
                                                                     "Uus käskkiri"]
    assert juht.published is not None and juht.published.date().isoformat() == "2024-01-02"
    assert juht.modified is not None and juht.modified.date().isoformat() == "2024-01-04"
    correction = changes(juht.versions[0].position, juht.versions[1].position, names)
    assert [c.summary for c in correction] == ["3.1 muudetud"]
    assert correction[0].words[:3] == (("=", "Teenuse"), ("-", "arendamine."), ("+", "arendamine ja juhtimine."))
    assert summaries(history, "teenuse-juht-perelepitus") == [
        "Kinnitatud: käskkiri nr 12, 04.01.2024 → käskkiri nr 15, 01.03.2024"]
    # the other position was not touched after the first commit
    assert len(history.positions["nounik-perelepitus"].versions) == 1


def test_duty_added_removed_renumbered_language_level_and_substitutes(repo: Repo) -> None:
    repo.edit(JUHT, '  - number: "3.1"\n    task: Teenuse arendamine.',
              '  - number: "3.1"\n    task: Uus ülesanne.\n  - number: "3.2"\n    task: Teenuse arendamine.')
    repo.edit(JUHT, "tasemel C1.\n      levels:\n        - language: eesti\n          level: C1",
              "tasemel C1.\n      levels:\n        - language: eesti\n          level: C2")
    repo.edit(JUHT, "substituted_by:\n  - nounik-perelepitus", "substituted_by:\n  - nounik-perelepitus\n"
              "  - talitusejuhataja")
    repo.commit("Ülesanne lisatud")
    got = summaries(repo.history(), "teenuse-juht-perelepitus")
    assert "1.4 Kes asendab: lisandus talitusejuhataja" in got
    assert "3.1 lisatud" in got and "3.2 ümber nummerdatud (oli 3.1)" in got
    assert "6.3 keelenõue (eesti keel): C1 → C2" in got
    repo.edit(JUHT, '  - number: "3.1"\n    task: Uus ülesanne.\n  - number: "3.2"\n',
              '  - number: "3.1"\n')
    repo.commit("Ülesanne eemaldatud")
    got = summaries(repo.history(), "teenuse-juht-perelepitus")
    assert got[:2] == ["3.1 ümber nummerdatud (oli 3.2)", "3.1 eemaldatud"] or "3.1 eemaldatud" in got


def rename_nounik(repo: Repo) -> None:
    """Commit the rename of the nõunik to `noustaja-perelepitus`, the old id under `aliases:`."""
    repo.git("mv", f"positions/{NOUNIK}", "positions/noustaja-perelepitus.yaml")
    repo.edit("noustaja-perelepitus.yaml", "id: nounik-perelepitus\n",
              "id: noustaja-perelepitus\naliases:\n  - nounik-perelepitus\n")
    repo.edit(JUHT, "substituted_by:\n  - nounik-perelepitus", "substituted_by:\n  - noustaja-perelepitus")
    repo.edit(JUHT, "substitutes_for:\n  - nounik-perelepitus", "substitutes_for:\n  - noustaja-perelepitus")
    repo.commit("Nõunik nimetati ümber")


def pending_order(root: Path) -> tuple[Repo, str]:
    """A repository in `root/repo` whose teenuse juht has a new order of 20.11.2026 that takes effect on 01.01.2027
    (`approval.effective_from`, with a change of 3.1), and the name of its first version (order nr 12)."""
    (root / "repo").mkdir()
    repo = Repo(root / "repo")
    first = repo.git("rev-parse", "HEAD").strip()[:12]
    repo.edit(JUHT, 'order_number: "12"\n  date: 2024-01-04',
              'order_number: "20"\n  date: 2026-11-20\n  effective_from: 2027-01-01')
    repo.edit(JUHT, "Teenuse arendamine.", "Teenuse arendamine ja juhtimine.")
    repo.commit("Uus käskkiri nr 20, jõustub 1. jaanuaril")
    return repo, first


def test_rename_with_alias_keeps_one_history_and_deleted_position_is_kept(repo: Repo) -> None:
    rename_nounik(repo)
    history = repo.history()
    renamed = history.positions["noustaja-perelepitus"]
    assert len(renamed.versions) == 2 and "nounik-perelepitus" not in history.positions
    # deleted: the history stays, marked deleted
    (repo.data / "noustaja-perelepitus.yaml").unlink()
    repo.edit(JUHT, "substituted_by:\n  - noustaja-perelepitus\n", "")
    repo.edit(JUHT, "substitutes_for:\n  - noustaja-perelepitus\n", "")
    repo.commit("Nõuniku ametikoht kaotatud")
    history = repo.history()
    gone = history.positions["noustaja-perelepitus"]
    assert gone.deleted is not None and gone.deleted.message == "Nõuniku ametikoht kaotatud"
    assert len(gone.versions) == 2


def test_deleted_file_named_by_a_later_alias_joins_its_history(repo: Repo) -> None:
    """Deleted in one commit, added under a new name with an alias in the next (no rename git could see):
    one history, its changes compared across the two files (also when the history is read in two parts)."""
    text = (repo.data / NOUNIK).read_text(encoding="utf-8")
    (repo.data / NOUNIK).unlink()
    repo.commit("Nõunik kustutatud")
    text = text.replace("id: nounik-perelepitus\n", "id: noustaja-perelepitus\naliases:\n  - nounik-perelepitus\n")
    (repo.data / "noustaja-perelepitus.yaml").write_text(text.replace("Perelepitusteenuse", "Lepitusteenuse"),
                                                         encoding="utf-8")
    repo.edit(JUHT, "substituted_by:\n  - nounik-perelepitus", "substituted_by:\n  - noustaja-perelepitus")
    repo.edit(JUHT, "substitutes_for:\n  - nounik-perelepitus", "substitutes_for:\n  - noustaja-perelepitus")
    repo.commit("Nõustaja lisatud")
    history = repo.history()
    joined = history.positions["noustaja-perelepitus"]
    assert [v.path for v in joined.versions] == ["positions/nounik-perelepitus.yaml",
                                                 "positions/noustaja-perelepitus.yaml"]
    assert "nounik-perelepitus" not in history.positions
    assert summaries(history, "noustaja-perelepitus")


def test_merge_commit_many_files_non_utf8_message_and_invalid_old_version(repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "muudatus")
    repo.edit(JUHT, "Perelepitusteenuse korraldamine.", "Perelepitusteenuse korraldamine ja arendamine.")
    repo.edit(NOUNIK, "status: kehtiv", "status: katki")  # does not validate
    repo.commit("Töö haru peal")
    repo.edit(NOUNIK, "status: katki", "status: kehtiv")
    repo.commit("Parandus harul")
    repo.git("checkout", "-q", "main")
    repo.edit(JUHT, "Kõrgharidus.", "Magistrikraad.")
    repo.commit("Haridusnõue")
    repo.day += 1
    repo.git("merge", "-q", "--no-ff", "muudatus", "-m", "Merge branch 'muudatus' into 'main'\n\nEesmärk täpsustatud")
    for n in range(12):
        (repo.data / f"uus-{n}.yaml").write_text(BASE_FILES[NOUNIK].replace("nounik-perelepitus\n", f"uus-{n}\n", 1),
                                                encoding="utf-8")
    repo.commit("Palju uusi ametikohti korraga")
    repo.edit(JUHT, "Magistrikraad.", "Doktorikraad.")
    repo.commit("Hariduse n\xf5ue".encode("latin-1"))
    history = repo.history()
    juht = history.positions["teenuse-juht-perelepitus"]
    messages = [v.commit.message for v in juht.versions if v.commit]
    assert messages == ["Esimene versioon", "Haridusnõue", "Eesmärk täpsustatud", "Hariduse nõue"]
    assert len([pid for pid in history.positions if pid.startswith("uus-")]) == 12
    nounik = history.positions["nounik-perelepitus"]
    assert len(nounik.versions) == 1  # first parent: the merge brought a valid file back to what it was
    # an invalid version on the branch itself is kept as it was
    repo.git("checkout", "-q", "muudatus~1")
    project = load_project(repo.data)
    assert project.errors
    repo.git("checkout", "-q", "main")


def test_invalid_old_version_is_kept_as_text(repo: Repo) -> None:
    repo.edit(NOUNIK, "status: kehtiv", "status: katki")
    repo.commit("Katki")
    repo.edit(NOUNIK, "status: katki", "status: kehtiv")
    repo.commit("Parandatud")
    nounik = repo.history().positions["nounik-perelepitus"]
    assert [v.position is None for v in nounik.versions] == [False, True, False]
    assert "status: katki" in nounik.versions[1].text
    # A valid version's text is its `position`: not kept (the texts of every version would fill the memory).
    assert nounik.versions[0].text == nounik.versions[2].text == ""
    assert changes(nounik.versions[0].position, nounik.versions[1].position, names) == []


def test_serve_s_cache_follows_a_moved_head(repo: Repo) -> None:
    """`mkdocs serve` keeps the log and the versions' file between rebuilds (`HistoryCache`); a commit meanwhile
    moves HEAD: the log and the versions are read again (the file of the HEAD before dropped first), and the
    history is what a build without the cache reads."""
    from ametijuhend.history import HistoryCache
    from ametijuhend.project import load_project

    cache = HistoryCache()
    project = load_project(repo.data)
    first = load_history(repo.data, project, cache)
    assert cache.key is not None and len(cache.blobs) > 0
    before = cache.blobs
    repo.edit(NOUNIK, "status: kehtiv", "status: kehtiv\n# muudetud")
    repo.commit("Kommentaar")
    project = load_project(repo.data)
    second = load_history(repo.data, project, cache)
    assert cache.blobs is not before and len(cache.blobs) == len(before) + 1
    assert signature(second) == signature(load_history(repo.data, project))
    assert signature(second) != signature(first)


@pytest.mark.parametrize("output", [b"", b"x blob 100\nid: x\n", b"x blob 6\nid: x\n\ny blob 6"])
def test_cut_off_output_of_git_is_no_history_with_the_reason(monkeypatch: pytest.MonkeyPatch, output: bytes) -> None:
    """`git cat-file --batch` output that ends inside a header or a file (a broken repository, a full disk) is
    no history with the reason and the fix, not a short version read as it is."""
    from ametijuhend import history

    monkeypatch.setattr(history, "_git", lambda *args, **kwargs: output)
    with pytest.raises(history._NoHistory, match="git fsck"):
        history._read_blobs(Path("."), {"x", "y"})


@pytest.mark.parametrize("can_map", [True, False])
def test_versions_files_are_mapped_not_read_into_memory(repo: Repo, monkeypatch: pytest.MonkeyPatch,
                                                        can_map: bool) -> None:
    """`git cat-file --batch` writes every version of every file (1 GB at 10,000 positions × 10 versions): the
    build maps that file (its pages can be dropped and read again, and the process beside shares them); where
    the temporary folder's file system cannot map a file, it is read."""
    import mmap

    from ametijuhend import history

    if not can_map:
        def refuse(*args: object, **kwargs: object) -> None:
            raise OSError(19, "No such device")

        monkeypatch.setattr(history.mmap, "mmap", refuse)
    top, folder = history._repository(repo.data)
    entries = history._read_log(top, folder)
    named = {c.blob for e in entries for c in e.changes if c.blob}
    blobs = history._read_blobs(top, named | {"0" * 40})  # (a blob the repository lacks is left out)
    assert isinstance(blobs.raw, mmap.mmap if can_map and os.name == "posix" else bytes)
    assert set(blobs) == named
    for entry in entries:
        for change in entry.changes:
            if change.blob:
                shown = subprocess.run(["git", "cat-file", "blob", change.blob], cwd=top, capture_output=True,
                                       check=True)
                assert blobs[change.blob] == shown.stdout


def test_uncommitted_edit_and_new_file(repo: Repo) -> None:
    repo.edit(JUHT, "Teenuse arendamine.", "Teenuse arendamine kiiresti.")
    (repo.data / "uus.yaml").write_text(BASE_FILES[NOUNIK].replace("nounik-perelepitus\n", "uus\n", 1),
                                        encoding="utf-8")
    history = repo.history()
    juht = history.positions["teenuse-juht-perelepitus"]
    assert juht.uncommitted and juht.versions[-1].name == "salvestamata"
    assert history.of("uus") is None  # not committed: no history of its own yet


def test_no_git_and_shallow_clone_say_why(tmp_path: Path, make_data: Callable[..., Path], repo: Repo) -> None:
    plain = write_data(tmp_path / "plain" / "positions")
    history = load_history(plain, load_project(plain))
    assert not history.available and history.reason and "\n" not in history.reason
    assert load_history(plain, load_project(plain), light=True, prefetched=GitRead(plain)).reason == history.reason
    for n in range(2):
        repo.edit(JUHT, "Teenuse arendamine" + "." * (n + 1), "Teenuse arendamine" + "." * (n + 2))
        repo.commit(f"muudatus {n}")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True)
    shallow = load_history(clone / "positions", load_project(clone / "positions"))
    assert shallow.reason and "git fetch --unshallow" in shallow.reason
    folder = clone / "positions"
    assert load_history(folder, load_project(folder), prefetched=GitRead(folder)).reason == shallow.reason


def test_a_temporary_folder_that_cannot_be_written_says_why(repo: Repo, monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path: Path) -> None:
    """git's output goes through temporary files: where none can be made (TMPDIR missing or full), the history
    is not available, with the reason and the fix in one line, never a traceback."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "puudub"))
    folder = repo.root / "positions"
    for history in (load_history(folder, load_project(folder)),
                    load_history(folder, load_project(folder), light=True, prefetched=GitRead(folder))):
        assert not history.available and history.reason and "\n" not in history.reason
        assert "TMPDIR" in history.reason


def test_word_diff_gives_back_both_texts() -> None:
    """The marked words of a change read as the old text without the inserted words and as the new text without
    the deleted ones, over random word sequences (the shared start and end are set aside before comparing)."""
    import random

    from ametijuhend.history import word_diff

    rnd = random.Random(7)
    for _ in range(3000):
        old = [rnd.choice("abcde") for _ in range(rnd.randint(0, 10))]
        new = [rnd.choice("abcde") for _ in range(rnd.randint(0, 10))]
        marked = word_diff(" ".join(old), " ".join(new))
        assert " ".join(w for op, w in marked if op != "+").split() == old
        assert " ".join(w for op, w in marked if op != "-").split() == new
        assert all(w for _, w in marked) and all(x[0] != "=" or y[0] != "=" for x, y in itertools.pairwise(marked))
    assert word_diff("üks kaks kolm neli", "üks kaks viis neli") == (("=", "üks kaks"), ("-", "kolm"), ("+", "viis"),
                                                                       ("=", "neli"))


def test_no_author_is_read(repo: Repo) -> None:
    history = repo.history()
    text = repr(history.positions)
    assert "Maasikas" not in text and "posti.test" not in text


def test_approval_text_says_what_the_source_lacks() -> None:
    """History, changes list, feed and compare name a version by its approval: what the file declares its source
    to lack is said so, as on the position's page, not "märkimata" (not filled in) or left out."""
    project = load_project(Path(__file__).parent / "data" / "seeds")
    def text(pid: str, key: tuple[str, str] | None) -> str:
        return approval_text(Version(None, f"{pid}.yaml", project.links.positions[pid], "", key))

    assert text("nimetu-ametikoht-kvaliteet-ja-jarelevalve", None) == "kinnitamise andmed puuduvad lähtedokumendis"
    assert text("teenuste-konsultant", ("", "2023-04-05")) == "käskkiri nr puudub lähtedokumendis, 05.04.2023"
    assert text("nounik-perelepitus", ("10", "2024-01-19")) == "käskkiri nr 10, 19.01.2024"
    assert approval_text(Version(None, "x.yaml", None, "", None)) == "kinnitamise andmed märkimata"


def test_changes_of_identical_positions_are_empty() -> None:
    import yaml

    raw = yaml.safe_load(BASE_FILES[JUHT])
    raw["approval"]["date"] = str(raw["approval"]["date"])
    position = Position.model_validate(raw)
    assert changes(position, position, names) == []


def test_parsing_by_blocks_gives_the_same_position_as_the_whole_file() -> None:
    from ametijuhend.history import VersionParser, parse_version

    seeds = sorted((Path(__file__).parents[1] / "positions").glob("*.yaml"))
    assert seeds
    cache = VersionParser()
    for path in seeds:
        raw = path.read_bytes()
        whole = parse_version(path.name, raw)
        by_blocks = parse_version(path.name, raw, cache)
        assert whole[0] is not None and by_blocks == whole
    # later versions reuse the validated blocks of earlier ones, or of the current files (`seed`):
    # still the same as parsing them whole
    seeded = VersionParser()
    for path in seeds:
        position = parse_version(path.name, path.read_bytes())[0]
        assert position is not None
        seeded.seed(path.read_text(encoding="utf-8"), position)
    for path, parser in [(path, parser) for path in seeds for parser in (cache, seeded)]:
        text = path.read_text(encoding="utf-8")
        for changed in (text.replace("\nstatus: ", "\nlast_review: 2025-01-02\nstatus: ", 1),
                        text.replace("\nstatus: ", "\nlast_review: 02.01.2025\nstatus: ", 1),
                        text.replace("\nstatus: ", "\nunknown_key: 1\nstatus: ", 1),
                        # a literal block scalar with a blank line and a line of spaces only (kept as written)
                        text.replace("\nstatus: ", "\nsource: |\n  a\n\n     \n   b\nstatus: ", 1)):
            assert changed != text
            assert parse_version(path.name, changed.encode(), parser) == parse_version(path.name, changed.encode())
    # an anchor, a repeated key: parsed whole, same outcome as the loader
    anchored = BASE_FILES[JUHT].replace("purpose: Perelepitusteenuse", "purpose: &p Perelepitusteenuse")
    assert parse_version("a.yaml", anchored.encode(), cache) == parse_version("a.yaml", anchored.encode())
    repeated = BASE_FILES[JUHT] + "purpose: Teine.\n"
    assert parse_version("r.yaml", repeated.encode(), cache)[0] is None


def test_splitting_a_version_against_the_previous_one_gives_the_same_blocks() -> None:
    """`VersionParser._split_like` (blocks taken over from the previous version of the file) agrees with
    `_split` of the whole text, over random line edits of the seeds: inserted, deleted and changed lines,
    among them comments, list items, anchors, bare words, carriage returns and repeated keys."""
    import random

    from ametijuhend.history import VersionParser

    rnd = random.Random(16)
    lines_ = ["x: 1", "  - uus", "# märkus", "", "-", "---", "y:", "  a", "id: z", "purpose: &a b", "ankur: &a b",
              "b\r", "reavahe: a\rb", "plain", "status: kehtiv", "tools: >-", "\ufeffz: 1", "bom: \ufeff"]
    compared = 0
    for path in sorted((Path(__file__).parents[1] / "positions").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        blocks = VersionParser._split(text)
        assert blocks is not None
        head = len(text) - sum(len(block) for _, block in blocks)
        for _ in range(300):
            lines = text.split("\n")
            for _ in range(rnd.randint(1, 3)):
                i = rnd.randrange(len(lines))
                edit = rnd.random()
                if edit < 0.3:
                    lines.insert(i, rnd.choice(lines_))
                elif edit < 0.6:
                    del lines[i]
                elif edit < 0.8:
                    lines[i] += " muudetud"
                else:
                    lines[i] = rnd.choice(lines_)
            changed = "\n".join(lines)
            assert VersionParser._split_like(changed, text, blocks, head) == VersionParser._split(changed)
            compared += 1
    assert compared == 1500


def test_unpublished_draft_leaves_no_trace_in_history_outputs(repo: Repo) -> None:
    from ametijuhend.render import RenderOptions, render_site

    draft = BASE_FILES[NOUNIK].replace("nounik-perelepitus\n", "salajane-mustand\n", 1) \
        .replace("status: kehtiv", "status: mustand").replace("title: Nõunik", "title: Salajane")
    (repo.data / "salajane-mustand.yaml").write_text(draft, encoding="utf-8")
    repo.commit("Mustand lisatud")
    repo.edit(JUHT, "substituted_by:\n  - nounik-perelepitus", "substituted_by:\n  - nounik-perelepitus\n"
              "  - salajane-mustand")
    repo.commit("Asendaja lisatud")
    project = load_project(repo.data)
    site = render_site(project, RenderOptions(publish_drafts=False, history=load_history(repo.data, project)))
    outputs = [page.html() for page in site.pages] + [site.content(path).decode() for path in site.files]
    assert not [text for text in outputs if "Salajane" in text or "salajane-mustand" in text]
    history_page = next(p for p in site.pages if p.url == "ametikohad/teenuse-juht-perelepitus/ajalugu/")
    assert "Kes asendab: lisandus avaldamata ametikoht" in history_page.html()


def test_a_rename_is_a_change_of_address_not_of_formatting(repo: Repo) -> None:
    """A new id with the old one under `aliases:` changes the page's address (the old one redirects): the
    history and the change list say so, not "Sisu ei muutunud (muudeti vormistust)" or a bare "parandus"."""
    from ametijuhend.render import RenderOptions, render_site

    rename_nounik(repo)
    project = load_project(repo.data)
    site = render_site(project, RenderOptions(history=load_history(repo.data, project)))
    history_page = next(p for p in site.pages if p.url == "ametikohad/noustaja-perelepitus/ajalugu/").html()
    assert "lehe aadress muudetud (vana aadress suunab uuele)" in history_page
    assert "Sisu ei muutunud" not in history_page
    changes_page = next(p for p in site.pages if p.url == "muudatused/").html()
    assert "parandus: lehe aadress muudetud (vana aadress suunab uuele)" in changes_page
    # a link to the history under the old id (a mail, a feed reader's older entries) leads to it, anchor kept
    redirect = site.content("ametikohad/nounik-perelepitus/ajalugu/index.html").decode()
    assert 'location.replace("../../noustaja-perelepitus/ajalugu/" + location.hash)' in redirect


@pytest.mark.parametrize("old, new", [
    ("Perelepitusteenuse korraldamine.", "Perelepitusteenuse korraldamine ja arendamine."),  # purpose
    ('order_number: "12"', 'order_number: "15"'),  # approval
    ("status: kehtiv", "status: mustand"),
    ("title: Teenuse juht", "title: Peaspetsialist"),
    ("manager: talitusejuhataja\n", ""),
    ("    task: Teenuse arendamine.\n", "    task: Teenuse arendamine.\n  - number: \"3.2\"\n    task: Uus.\n"),
    ("level: C1", "level: C2"),
    ("    - competency: kliendikesksus\n", "    - competency: kliendikesksus\n  additional:\n"
                                         "    - competency: loovus\n"),
    ("  - Ametijuhendit muudetakse vajadusel.", "  - Ametijuhendit muudetakse igal aastal."),
    ("purpose: Perelepitusteenuse korraldamine.\n", "purpose: Perelepitusteenuse korraldamine.\ntools: Arvuti.\n"),
    ("document_type: ametnik", "document_type: tootaja"),
    ("title: Teenuse juht\n", "title: Teenuse juht\nlast_review: 2025-01-02\n"),
])
def test_changes_in_changed_sections_only_are_all_the_changes(old: str, new: str) -> None:
    """The history diffs only the sections whose keys changed (`changed_sections`): the same changes as a
    diff of the whole documents."""
    from ametijuhend.history import Version, VersionParser, changed_sections, diff_documents, document

    parser = VersionParser()
    text = BASE_FILES[JUHT]
    assert text.count(old) == 1
    versions = []
    for content in (text, text.replace(old, new)):
        parsed = parser.parse(JUHT, content.encode())
        assert parsed.position is not None
        versions.append(Version(None, JUHT, parsed.position, parsed.text, parsed.approval_key, blocks=parsed.blocks))
    a, b = versions
    only = changed_sections(a, b)
    assert a.position is not None and b.position is not None
    whole = diff_documents(document(a.position, names), document(b.position, names))
    assert diff_documents(document(a.position, names, only), document(b.position, names, only)) == whole
    if old.startswith(("Perelepitusteenuse", "status", "order")):  # one key, one section
        assert whole and only is not None and len(only) == 1


def test_change_list_leaves_out_corrections_that_changed_nothing_shown(repo: Repo) -> None:
    """A commit that changes only a file's layout or comments is on the history page ("Sisu ei muutunud"), not in
    the change list or the feed; a file readable again after an unreadable version says so, not "no change"."""
    from ametijuhend.render import RenderOptions, render_site
    from ametijuhend.render.changes import recent_changes

    repo.edit(JUHT, "status: kehtiv", "# Vormistus\nstatus: kehtiv")
    repo.commit("Kommentaar lisatud")
    repo.edit(NOUNIK, "status: kehtiv", "status: kehtiv\nlast_review: 2024-05-05")
    repo.commit("Ülevaatus märgitud")  # (no row of the document, but the page shows it: listed)
    repo.edit(NOUNIK, "status: kehtiv", "status: katki")
    repo.commit("Vigane fail")
    repo.edit(NOUNIK, "status: katki", "status: kehtiv")
    repo.commit("Viga parandatud")
    project = load_project(repo.data)
    site = render_site(project, RenderOptions(history=load_history(repo.data, project)))
    assert site.model is not None
    listed = [(item.position.label, item.summary) for item in recent_changes(site.model)]
    assert not any(label.startswith("Teenuse juht") and summary == "parandus" for label, summary in listed), listed
    nounik = [summary for label, summary in listed if label == "Nõunik (perelepitus)"]
    assert nounik[:3] == ["parandus", "parandus: fail ei vastanud andmeskeemile",
                          "parandus: Viimati üle vaadatud muudetud"]  # all three listed, the last by its field
    pages = {page.url: page.html() for page in site.pages if page.url.endswith("/ajalugu/")}
    assert "Sisu ei muutunud" in pages["ametikohad/teenuse-juht-perelepitus/ajalugu/"]
    nounik = pages["ametikohad/nounik-perelepitus/ajalugu/"]
    assert "Fail vastab taas andmeskeemile" in nounik and "Sisu ei muutunud" not in nounik
